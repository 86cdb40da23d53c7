# Sourced by the ensure-*.sh scripts that provide a Go program in .toolchain/bin (the YAML language
# host, the SDK generator): built once into a cache folder outside the repo with the same Go caches
# as the CLI (ensure-pulumi.sh), then copied next to `pulumi`.
#
#   provide_go_tool <binary name> <cache folder for this build> <log tag> <what to say while building> <build command...>
# The build command gets $OUT, the folder the binary must be written to.
provide_go_tool() {
  local name="$1" built="$2" tag="$3" building="$4"
  shift 4
  local bin
  bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.toolchain/bin"
  mkdir -p "$bin"
  if [ ! -x "$built/$name" ]; then
    command -v go >/dev/null || { printf '[setup:%s] Go is needed to build %s and was not found on PATH\n' "$tag" "$name" >&2; exit 1; }
    export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0
    export GOMODCACHE="$CACHE/go-mod" GOCACHE="$CACHE/go-build"
    printf '[setup:%s] %s\n' "$tag" "$building" >&2
    rm -rf "$built.tmp" && mkdir -p "$built.tmp"
    OUT="$built.tmp" "$@" 2>&1 | { grep -v -e '^go: downloading' >&2 || true; }
    [ "${PIPESTATUS[0]}" = 0 ] || { printf '[setup:%s] building %s failed\n' "$tag" "$name" >&2; exit 1; }
    rm -rf "$built" && mv "$built.tmp" "$built"
  fi
  if [ ! -x "$bin/$name" ] || ! cmp -s "$built/$name" "$bin/$name"; then
    cp "$built/$name" "$bin/$name"
  fi
  printf '[setup:%s] %s ready in .toolchain/bin\n' "$tag" "$name" >&2
}

# A Go program of this repository (scripts/<folder> with main.go, go.mod and go.sum), built with the
# CLI's module cache first and the proxy for anything else, and rebuilt only when those files
# change (the build folder is keyed by their hash).
#
#   provide_repo_go_program <binary name> <folder under scripts/> <log tag> <what to say while building>
provide_repo_go_program() {
  local name="$1" folder="$2" tag="$3" building="$4" src hash
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$folder"
  hash="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
  build_repo_program() {
    local proxy="file://$GOMODCACHE/cache/download,${GOPROXY:-$(go env GOPROXY)}"
    (cd "$src" && GOPROXY="$proxy" GOFLAGS="-modcacherw -buildvcs=false -mod=readonly" go build -trimpath -ldflags "-s -w" -o "$OUT/$name" .)
  }
  provide_go_tool "$name" "$CACHE/$folder-$hash" "$tag" "$building" build_repo_program
}
