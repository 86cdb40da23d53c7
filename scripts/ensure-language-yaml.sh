#!/usr/bin/env bash
# Provides Pulumi's YAML language host `pulumi-language-yaml` in .toolchain/bin, next to `pulumi`
# (where the engine looks for it without a "from $PATH" warning), so YAML programs can use the
# provider plugin (docs/languages.md). It is built from the Go module proxy like the CLI
# (ensure-pulumi.sh), with the same caches outside the repo, and only when missing.
# pulumi-yaml v1.25.0 has no replace directives, so a plain `go install` of it works.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.toolchain/bin"
CACHE="${PULUMI_MAILGUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mailgun}"
YAML_VERSION=v1.25.0
BUILT="$CACHE/pulumi-language-yaml-$YAML_VERSION"
log() { printf '[setup:yaml] %s\n' "$*" >&2; }

mkdir -p "$BIN"
if [ ! -x "$BUILT/pulumi-language-yaml" ]; then
  command -v go >/dev/null || { log "Go is needed to build pulumi-language-yaml $YAML_VERSION and was not found on PATH"; exit 1; }
  export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false"
  export GOMODCACHE="$CACHE/go-mod" GOCACHE="$CACHE/go-build"
  log "building pulumi-language-yaml $YAML_VERSION from the Go module proxy (cold: about 2 min on 2 cores; cached in $CACHE)"
  rm -rf "$BUILT.tmp" && mkdir -p "$BUILT.tmp"
  GOBIN="$BUILT.tmp" go install -trimpath -ldflags "-s -w" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION" 2>&1 \
    | { grep -v -e '^go: downloading' >&2 || true; }
  [ "${PIPESTATUS[0]}" = 0 ] || { log "go install of pulumi-language-yaml failed"; exit 1; }
  rm -rf "$BUILT" && mv "$BUILT.tmp" "$BUILT"
fi
if [ ! -x "$BIN/pulumi-language-yaml" ] || ! cmp -s "$BUILT/pulumi-language-yaml" "$BIN/pulumi-language-yaml"; then
  cp "$BUILT/pulumi-language-yaml" "$BIN/pulumi-language-yaml"
fi
log "pulumi-language-yaml $YAML_VERSION ready in .toolchain/bin"
