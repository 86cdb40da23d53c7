#!/usr/bin/env bash
# Provides `pulumi-mailgun-sdkgen` in .toolchain/bin: the small Go program in scripts/sdkgen that
# writes the Go and Python SDKs from schema.json with Pulumi's own code generators
# (github.com/pulumi/pulumi/pkg/v3 at the CLI's version; scripts/sdks.sh runs it). Built with the
# same Go caches as the CLI (ensure-pulumi.sh), so its modules are already there; rebuilt only
# when its sources change (the build is keyed by their hash).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.toolchain/bin"
SRC="$ROOT/scripts/sdkgen"
CACHE="${PULUMI_MAILGUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mailgun}"
HASH="$(cat "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -c1-16)"
BUILT="$CACHE/sdkgen-$HASH"
log() { printf '[setup:sdkgen] %s\n' "$*" >&2; }

mkdir -p "$BIN"
if [ ! -x "$BUILT/pulumi-mailgun-sdkgen" ]; then
  command -v go >/dev/null || { log "Go is needed to build the SDK generator and was not found on PATH"; exit 1; }
  export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false -mod=readonly"
  export GOMODCACHE="$CACHE/go-mod" GOCACHE="$CACHE/go-build"
  # Modules already fetched for the CLI come from the cache; anything else from the proxy.
  export GOPROXY="file://$GOMODCACHE/cache/download,${GOPROXY:-$(go env GOPROXY)}"
  log "building the SDK generator (pulumi pkg/v3 codegen; about 30 s after the CLI build, cold about 2 min of CPU)"
  rm -rf "$BUILT.tmp" && mkdir -p "$BUILT.tmp"
  (cd "$SRC" && go build -trimpath -ldflags "-s -w" -o "$BUILT.tmp/pulumi-mailgun-sdkgen" .) 2>&1 \
    | { grep -v -e '^go: downloading' >&2 || true; }
  [ "${PIPESTATUS[0]}" = 0 ] || { log "go build of the SDK generator failed"; exit 1; }
  rm -rf "$BUILT" && mv "$BUILT.tmp" "$BUILT"
fi
if [ ! -x "$BIN/pulumi-mailgun-sdkgen" ] || ! cmp -s "$BUILT/pulumi-mailgun-sdkgen" "$BIN/pulumi-mailgun-sdkgen"; then
  cp "$BUILT/pulumi-mailgun-sdkgen" "$BIN/pulumi-mailgun-sdkgen"
fi
log "pulumi-mailgun-sdkgen ready in .toolchain/bin"
