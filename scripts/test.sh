#!/usr/bin/env bash
# The README's test command: sets up everything (Node, npm packages, build, Pulumi CLI),
# type-checks, then runs every test (emulator over HTTP, the real Pulumi engine).
# Extra arguments go to jest, e.g. `scripts/test.sh test/engine`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PM_ROOT"
bash scripts/setup.sh
echo "[test] type-checking" >&2
npx tsc -p tsconfig.json --noEmit
mkdir -p .test-work
report=.test-work/jest-report.json
echo "[test] running tests with $(pulumi version) and node $(node --version)" >&2
status=0
npx jest --maxWorkers=2 --json --outputFile="$report" "$@" || status=$?
# One plain closing line that any CI can read.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$report" || true
exit "$status"
