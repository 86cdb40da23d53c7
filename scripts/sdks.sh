#!/usr/bin/env bash
# Generates the Go and Python SDKs of the provider plugin from schema.json, at the package's
# version (docs/languages.md#go-and-python-sdks): `npm run sdks [-- <out-dir>]`, default sdks/
# (not committed: regenerate after `npm run schema`). Writes <out-dir>/go and <out-dir>/python.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$ROOT/sdks}"
bash "$ROOT/scripts/ensure-sdkgen.sh"
"$ROOT/.toolchain/bin/pulumi-mailgun-sdkgen" "$ROOT/schema.json" "$out"
