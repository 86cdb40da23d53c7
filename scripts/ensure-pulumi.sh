#!/usr/bin/env bash
# Provides the real Pulumi engine in .toolchain/bin: `pulumi`, a Node.js language host
# `pulumi-language-nodejs` and the `pulumi-resource-pulumi-nodejs` shim, at the version of
# the installed @pulumi/pulumi. The CLI cannot be downloaded here, so it is built from the
# Go module proxy; the build and the Go caches live outside the repo, so a second run is quick.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.toolchain/bin"
CACHE="${PULUMI_MAILGUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mailgun}"
log() { printf '[setup:pulumi] %s\n' "$*" >&2; }

sdk_pkg_json="$ROOT/node_modules/@pulumi/pulumi/package.json"
[ -f "$sdk_pkg_json" ] || { log "node_modules/@pulumi/pulumi is missing: run npm ci first"; exit 1; }
VERSION="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$sdk_pkg_json" | head -n1)"
[ -n "$VERSION" ] || { log "cannot read the @pulumi/pulumi version from $sdk_pkg_json"; exit 1; }

reported_version() { PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | tr -d 'v[:space:]'; }

install_plugins() { # $1: directory holding a Go-built pulumi-language-nodejs, or empty
  cp "$ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$BIN/"
  chmod +x "$BIN/pulumi-resource-pulumi-nodejs"
  if [ -n "${1:-}" ] && [ -x "$1/pulumi-language-nodejs" ]; then
    cp "$1/pulumi-language-nodejs" "$BIN/"
  else
    bash "$ROOT/scripts/ensure-language-nodejs.sh"
  fi
}

mkdir -p "$BIN"
BUILT="$CACHE/pulumi-v$VERSION"

# A matching pulumi already on PATH (outside this repo) is used as it is.
if ambient="$(PATH="${PATH//$BIN:/}" command -v pulumi 2>/dev/null)" && [ "$(reported_version "$ambient")" = "$VERSION" ]; then
  ambient_dir="$(dirname "$(readlink -f "$ambient")")"
  cp "$ambient_dir/pulumi" "$BIN/pulumi"
  install_plugins "$ambient_dir"
  log "using pulumi v$VERSION from $ambient_dir"
  exit 0
fi

if [ ! -x "$BUILT/pulumi" ]; then
  command -v go >/dev/null || { log "Go is needed to build the Pulumi CLI v$VERSION and was not found on PATH"; exit 1; }
  export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=mod
  export GOMODCACHE="$CACHE/go-mod" GOCACHE="$CACHE/go-build"
  WRAP="$CACHE/build-v$VERSION"
  log "building the Pulumi CLI v$VERSION from the Go module proxy (cold: about 5 min on 2 cores; cached in $CACHE)"
  rm -rf "$WRAP" && mkdir -p "$WRAP" && cd "$WRAP"
  go mod init local.invalid/pulumi-build >/dev/null 2>&1

  log "resolving modules (downloads a few hundred MB the first time)"
  # pkg and sdk carry replace directives that `go install` refuses; this wrapper module
  # carries the version-pinned ones itself (the relative-path ones point at sdk, required below).
  go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$VERSION" "github.com/pulumi/pulumi/sdk/v3@v$VERSION" >modules.json
  for mod in $(sed -n 's/^\t"GoMod": "\(.*\)",\{0,1\}$/\1/p' modules.json); do
    awk '/^replace \(/{inblock=1; next} inblock && /^\)/{inblock=0; next}
         /^replace /{sub(/^replace /,""); print; next} inblock{print}' "$mod"
  done | awk '$2=="=>" && NF==5 {print $1 "=" $4 "@" $5}' | sort -u | while read -r rep; do
    go mod edit -replace "$rep"
  done
  quiet() { "$@" 2>&1 | { grep -v -e '^go: downloading' -e 'retracted by module author' -e 'switch to the latest unretracted' -e 'go get .*@latest' >&2 || true; }; return "${PIPESTATUS[0]}"; }
  quiet go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION"
  quiet go get "github.com/pulumi/pulumi/pkg/v3@v$VERSION" "github.com/pulumi/pulumi/sdk/v3@v$VERSION"
  # The Go language host is a separate module published only as pseudo-versions of a
  # commit; a module proxy that serves tagged releases only refuses it (403). The
  # project's own Go host (scripts/language-host, ensure-language-nodejs.sh) then stands in for it.
  HOST_MOD=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
  HASH="$(go list -m -json "github.com/pulumi/pulumi/pkg/v3@v$VERSION" | sed -n 's/.*"Hash": "\([0-9a-f]*\)".*/\1/p' | head -n1)"
  build_host=0
  if [ -n "$HASH" ] && go get -tool "$HOST_MOD@$HASH" >/dev/null 2>&1; then
    quiet go get "github.com/pulumi/pulumi/pkg/v3@v$VERSION" "github.com/pulumi/pulumi/sdk/v3@v$VERSION"
    build_host=1
  else
    log "the module proxy does not serve $HOST_MOD; the project's own language host will be used"
  fi
  got="$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3 | sort -u)"
  [ "$got" = "v$VERSION" ] || { log "module resolution picked $got instead of v$VERSION"; exit 1; }

  flags=(-trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION")
  rm -rf "$BUILT.tmp" && mkdir -p "$BUILT.tmp"
  log "compiling pulumi (the long step)"
  go build "${flags[@]}" -o "$BUILT.tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  if [ "$build_host" = 1 ]; then
    log "compiling pulumi-language-nodejs"
    go build "${flags[@]}" -o "$BUILT.tmp/pulumi-language-nodejs" "$HOST_MOD"
  fi
  rm -rf "$BUILT" && mv "$BUILT.tmp" "$BUILT"
fi

# Copies, not links: the engine looks for plugins beside the real (link-resolved) executable.
if [ ! -x "$BIN/pulumi" ] || ! cmp -s "$BUILT/pulumi" "$BIN/pulumi"; then cp "$BUILT/pulumi" "$BIN/pulumi"; fi
install_plugins "$BUILT"
[ "$(reported_version "$BIN/pulumi")" = "$VERSION" ] || { log "the built pulumi does not report v$VERSION"; exit 1; }
log "pulumi v$VERSION ready in .toolchain/bin"
