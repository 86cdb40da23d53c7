#!/usr/bin/env bash
# Generates the Go, Python and Node.js SDKs of the provider plugin from schema.json, at the package's
# version (docs/languages.md#generated-sdks-nodejs-run-here-go-and-python-compiled-not-run): `npm run sdks [-- <out-dir>]`, default sdks/
# (not committed: regenerate after `npm run schema`). Writes <out-dir>/go, <out-dir>/python and <out-dir>/nodejs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$ROOT/sdks}"
bash "$ROOT/scripts/ensure-sdkgen.sh"
"$ROOT/.toolchain/bin/pulumi-mailgun-sdkgen" "$ROOT/schema.json" "$out"
