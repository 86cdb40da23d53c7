#!/usr/bin/env bash
# Provides Pulumi's YAML language host `pulumi-language-yaml` in .toolchain/bin, next to `pulumi`
# (where the engine looks for it without a "from $PATH" warning), so YAML programs can use the
# provider plugin (docs/languages.md). It is built from the Go module proxy like the CLI
# (ensure-pulumi.sh), with the same caches outside the repo, and only when missing.
# pulumi-yaml v1.25.0 has no replace directives, so a plain `go install` of it works.
set -euo pipefail

CACHE="${PULUMI_MAILGUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mailgun}"
YAML_VERSION=v1.25.0
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"

build() {
  GOFLAGS="-modcacherw -buildvcs=false" GOBIN="$OUT" go install -trimpath -ldflags "-s -w" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION"
}
provide_go_tool pulumi-language-yaml "$CACHE/pulumi-language-yaml-$YAML_VERSION" yaml \
  "building pulumi-language-yaml $YAML_VERSION from the Go module proxy (cold: about 2 min on 2 cores; cached in $CACHE)" build
