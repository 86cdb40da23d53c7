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
# Node's compile cache for every Node process of the run (jest, programs, providers, plugins):
# each `pulumi` command starts fresh ones that compile @pulumi/pulumi again (this package turns
# the cache on for itself, after Pulumi's runtime is loaded). A no-change preview of a small stack
# took 3.82 s without, 3.40 s with (docs/testing.md).
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$PM_ROOT/.test-work/node-compile-cache}"
# @pulumi/pulumi loads npm's arborist in every program and dynamic-provider process for a function
# nothing here calls; this loads it on first use instead (2.5 s instead of 3.1 s for that preview).
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--require $PM_ROOT/testkit/lazy-arborist.js"
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
