#!/usr/bin/env bash
# Everything a fresh machine needs before the quickstart or the tests: Node >= 22 (from the
# npm registry when the system's is older), npm dependencies, the TypeScript build, and the
# real Pulumi CLI (built from the Go module proxy on first use, cached outside the repo).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PM_ROOT"
log() { printf '[setup] %s\n' "$*" >&2; }
log "node $(node --version) at $(command -v node)"

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  log "installing npm dependencies"
  # npm 11 may write a lock without other platforms' optional packages and then refuse it in
  # `npm ci` ("Missing: ... from lock file"); `npm install` still installs exactly the locked versions.
  if ! npm ci --no-audit --no-fund --loglevel=error >&2 2>/dev/null; then
    log "npm ci refused the lock file; installing the locked versions with npm install"
    npm install --no-audit --no-fund --loglevel=error >&2
  fi
fi
log "compiling TypeScript"
npm run --silent build >&2
# npm links the package's own commands (pulumi-mailgun, mailgun-emulator) only if dist/ existed at
# install time; on a fresh clone it did not.
if [ ! -e node_modules/.bin/pulumi-mailgun ] || [ ! -e node_modules/.bin/mailgun-emulator ]; then
  npm rebuild pulumi-mailgun --ignore-scripts --loglevel=error >&2
fi
bash scripts/ensure-pulumi.sh
bash scripts/ensure-language-yaml.sh
bash scripts/ensure-sdkgen.sh
