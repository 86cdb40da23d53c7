#!/usr/bin/env bash
# Provides the Node.js language host `pulumi-language-nodejs` in .toolchain/bin, next to `pulumi`:
# the small Go program in scripts/language-host (Pulumi's own host is a Go module the module proxy
# here refuses; docs/toolchain.md). Built with the CLI's Go caches (ensure-pulumi.sh), whose
# modules it uses, and rebuilt only when its sources change.
set -euo pipefail

CACHE="${PULUMI_MAILGUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-mailgun}"
# shellcheck source=go-tool.sh
source "$(dirname "${BASH_SOURCE[0]}")/go-tool.sh"
provide_repo_go_program pulumi-language-nodejs language-host language-nodejs \
  "building the Node.js language host (45 s with a cold Go build cache, about 15 s after the CLI build)"
