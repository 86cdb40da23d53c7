#!/usr/bin/env bash
# Provides `pulumi-mailgun-sdkgen` in .toolchain/bin: the small Go program in scripts/sdkgen that
# writes the Go, Python and Node.js SDKs from schema.json with Pulumi's own code generators
# (github.com/pulumi/pulumi/pkg/v3 at the CLI's version; scripts/sdks.sh runs it). Built with the
# same Go caches as the CLI (ensure-pulumi.sh), so its modules are already there; rebuilt only
# when its sources change.
set -euo pipefail

CACHE="${PULUMI_MAILGUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mailgun}"
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"
provide_repo_go_program pulumi-mailgun-sdkgen sdkgen sdkgen \
  "building the SDK generator (pulumi pkg/v3 codegen; about 30 s after the CLI build, cold about 2 min of CPU)"
