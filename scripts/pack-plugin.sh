#!/usr/bin/env bash
# Builds the versioned provider-plugin tarball that `pulumi plugin install resource mailgun
# <version> --file <tarball>` takes (docs/languages.md#install):
#   build/plugin/pulumi-resource-mailgun-v<version>-<os>-<arch>.tar.gz
# It holds the npm package as published (npm pack: dist/, bin/, schema.json), its runtime
# dependencies at the versions package-lock.json pins, @pulumi/pulumi (a peer dependency of the
# SDK, but the plugin's own runtime), and at the top the executable `pulumi-resource-mailgun`, a
# launcher that runs the plugin with the `node` on PATH. Nothing outside the plugin folder is used,
# so it works wherever Pulumi unpacks it. The content is the same on every OS and CPU (no native
# modules); PLUGIN_OS / PLUGIN_ARCH name a tarball for another one (default: this machine's).
# PLUGIN_PACK_OUT: another output folder; PLUGIN_PACK_NO_BUILD=1: use dist/ as it is (tests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PM_ROOT"
log() { printf '[plugin:pack] %s\n' "$*" >&2; }

version="$(node -p 'require("./package.json").version')"
os="${PLUGIN_OS:-$(node -p 'process.platform === "win32" ? "windows" : process.platform')}"
arch="${PLUGIN_ARCH:-$(node -p '({ x64: "amd64", arm64: "arm64" })[process.arch] ?? process.arch')}"
out="${PLUGIN_PACK_OUT:-$PM_ROOT/build/plugin}"
tarball="$out/pulumi-resource-mailgun-v$version-$os-$arch.tar.gz"
stage="$(mktemp -d "${TMPDIR:-/tmp}/pm-plugin-pack.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

if [ "${PLUGIN_PACK_NO_BUILD:-}" != 1 ]; then
  log "compiling TypeScript"
  npm run --silent build >&2
fi
log "packing pulumi-mailgun $version"
npm pack --silent --pack-destination "$stage" >/dev/null
tar -xzf "$stage/pulumi-mailgun-$version.tgz" -C "$stage"
root="$stage/package"

# The published package.json, with @pulumi/pulumi promoted to a dependency at the version the
# project is tested with, and without devDependencies; the project's lock file keeps every other
# dependency at its locked version (npm install only resolves what the edit changed).
node - "$root/package.json" "$PM_ROOT/package.json" <<'JS'
const fs = require("node:fs");
const [file, projectFile] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
const pulumi = JSON.parse(fs.readFileSync(projectFile, "utf8")).devDependencies["@pulumi/pulumi"];
pkg.dependencies = { ...pkg.dependencies, "@pulumi/pulumi": pulumi };
delete pkg.devDependencies;
delete pkg.peerDependencies;
delete pkg.scripts;
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
JS
cp package-lock.json "$root/package-lock.json"
log "installing runtime dependencies (from the npm cache when it has them)"
(cd "$root" && npm install --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error >&2)
rm -f "$root/package-lock.json"

cat >"$root/pulumi-resource-mailgun" <<'SH'
#!/bin/sh
# pulumi-resource-mailgun: runs the Mailgun provider plugin in this folder with the node on PATH
# (Node.js >= 22; the plugin refuses older ones with a clear message).
here="$(cd "$(dirname "$0")" && pwd)"
exec node "$here/bin/pulumi-resource-mailgun" "$@"
SH
chmod +x "$root/pulumi-resource-mailgun" "$root/bin/pulumi-resource-mailgun"

mkdir -p "$out"
rm -f "$tarball"
tar -czf "$tarball" -C "$root" .
log "wrote $tarball ($(du -h "$tarball" | cut -f1))"
echo "$tarball"
