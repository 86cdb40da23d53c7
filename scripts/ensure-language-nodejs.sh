#!/usr/bin/env bash
# Provides the Node.js language host `pulumi-language-nodejs` in .toolchain/bin, next to `pulumi`:
# the small Go program in scripts/language-host (Pulumi's own host is a Go module the module proxy
# here refuses; docs/toolchain.md). Built with the CLI's Go caches (ensure-pulumi.sh), whose
# modules it uses, and rebuilt only when its sources change (the build is keyed by their hash).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/language-host"
CACHE="${PULUMI_MAILGUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mailgun}"
HASH="$(cat "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -c1-16)"
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

build() {
  # Modules already fetched for the CLI come from the cache; anything else from the proxy.
  local proxy="file://$GOMODCACHE/cache/download,${GOPROXY:-$(go env GOPROXY)}"
  (cd "$SRC" && GOPROXY="$proxy" GOFLAGS="-modcacherw -buildvcs=false -mod=readonly" go build -trimpath -ldflags "-s -w" -o "$OUT/pulumi-language-nodejs" .)
}
provide_go_tool pulumi-language-nodejs "$CACHE/language-nodejs-$HASH" language-nodejs \
  "building the Node.js language host (about 15 s after the CLI build)" build
