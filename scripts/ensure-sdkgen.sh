#!/usr/bin/env bash
# Provides `pulumi-mailgun-sdkgen` in .toolchain/bin: the small Go program in scripts/sdkgen that
# writes the Go, Python and Node.js SDKs from schema.json with Pulumi's own code generators
# (github.com/pulumi/pulumi/pkg/v3 at the CLI's version; scripts/sdks.sh runs it). Built with the
# same Go caches as the CLI (ensure-pulumi.sh), so its modules are already there; rebuilt only
# when its sources change (the build is keyed by their hash).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sdkgen"
CACHE="${PULUMI_MAILGUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mailgun}"
HASH="$(cat "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" | sha256sum | cut -c1-16)"
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

build() {
  # Modules already fetched for the CLI come from the cache; anything else from the proxy.
  local proxy="file://$GOMODCACHE/cache/download,${GOPROXY:-$(go env GOPROXY)}"
  (cd "$SRC" && GOPROXY="$proxy" GOFLAGS="-modcacherw -buildvcs=false -mod=readonly" go build -trimpath -ldflags "-s -w" -o "$OUT/pulumi-mailgun-sdkgen" .)
}
provide_go_tool pulumi-mailgun-sdkgen "$CACHE/sdkgen-$HASH" sdkgen \
  "building the SDK generator (pulumi pkg/v3 codegen; about 30 s after the CLI build, cold about 2 min of CPU)" build
