#!/usr/bin/env bash
# The README's quickstart command: sets up everything, starts the local Mailgun emulator,
# then runs `pulumi up` on the root project (quickstart/index.ts) with a local file backend
# and passphrase secrets. Nothing leaves the machine.
#
#   scripts/quickstart.sh           deploy (again: a second run changes nothing)
#   scripts/quickstart.sh drift     report what differs between the program, the state and the emulator
#   scripts/quickstart.sh destroy   delete everything the stack made
#
# Settings (environment): QUICKSTART_STACK (dev), QUICKSTART_STATE_DIR (.pulumi),
# QUICKSTART_EMULATOR_DATA (.emulator-data), QUICKSTART_PORT_US / QUICKSTART_PORT_EU
# (18080 / 18081), PULUMI_CONFIG_PASSPHRASE (quickstart), QUICKSTART_SKIP_SETUP=1 when
# scripts/setup.sh already ran (the tests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PM_ROOT"
qs_log() { printf '[quickstart] %s\n' "$*" >&2; }

ACTION="${1:-up}"
case "$ACTION" in
  up | drift | destroy) ;;
  -h | --help | help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) qs_log "unknown action \"$ACTION\": use up (the default), drift or destroy"; exit 1 ;;
esac

[ "${QUICKSTART_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh

STACK="${QUICKSTART_STACK:-dev}"
STATE_DIR="${QUICKSTART_STATE_DIR:-$PM_ROOT/.pulumi}"
EMULATOR_DATA_DIR="${QUICKSTART_EMULATOR_DATA:-$PM_ROOT/.emulator-data}"
PORT_US="${QUICKSTART_PORT_US:-18080}"
PORT_EU="${QUICKSTART_PORT_EU:-18081}"

mkdir -p "$STATE_DIR/state" "$STATE_DIR/home"
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
export PULUMI_BACKEND_URL="file://$STATE_DIR/state"
export PULUMI_HOME="$STATE_DIR/home"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-quickstart}"
FLAGS=(--stack "$STACK" --non-interactive)

source scripts/quickstart/emulator.sh
trap emulator_stop EXIT
trap 'exit 130' INT TERM

pulumi stack select --create "${FLAGS[@]}" >/dev/null

# A stack pointed at a real account (no emulator URL) is never pointed back at the emulator.
if pulumi config get mailgun:apiKey "${FLAGS[@]}" >/dev/null 2>&1 && ! pulumi config get mailgun:apiUrlEu "${FLAGS[@]}" >/dev/null 2>&1; then
  qs_log "stack $STACK uses a real Mailgun account (mailgun:apiUrlEu is not set); the quickstart only runs against the emulator."
  qs_log "Run pulumi yourself on that stack, or use another one: QUICKSTART_STACK=demo $0 $ACTION"
  exit 1
fi

emulator_start
qs_log "Mailgun emulator: US $EMULATOR_URL_US, EU $EMULATOR_URL_EU (data in ${EMULATOR_DATA_DIR#"$PM_ROOT/"})"

# Written only when different, so a second run leaves the config file untouched.
set_config() { # key value [--secret]
  local current
  current="$(pulumi config get "$1" "${FLAGS[@]}" 2>/dev/null || true)"
  if [ "$current" != "$2" ]; then printf '%s' "$2" | pulumi config set "$1" ${3:-} "${FLAGS[@]}"; fi
}
set_config mailgun:apiKey "$EMULATOR_API_KEY" --secret
set_config mailgun:apiUrlUs "$EMULATOR_URL_US"
set_config mailgun:apiUrlEu "$EMULATOR_URL_EU"
set_config mailgun:region eu

case "$ACTION" in
  up)
    # --refresh: if the emulator's data was deleted, the resources are recreated rather than assumed.
    pulumi up --yes --refresh --suppress-progress --suppress-outputs "${FLAGS[@]}"
    if [ "$PULUMI_CONFIG_PASSPHRASE" = quickstart ]; then passphrase=quickstart; else passphrase='<your passphrase>'; fi
    pulumi stack output --json "${FLAGS[@]}" |
      QS_STACK="$STACK" \
      QS_ENV_LINE="source scripts/env.sh; export PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL PULUMI_HOME=$PULUMI_HOME PULUMI_CONFIG_PASSPHRASE=$passphrase" \
      node scripts/quickstart/next-steps.js
    ;;
  drift)
    status=0
    node dist/cli/index.js drift --cwd "$PM_ROOT" --stack "$STACK" || status=$?
    exit "$status"
    ;;
  destroy)
    pulumi destroy --yes --suppress-progress "${FLAGS[@]}"
    qs_log "stack $STACK is empty; remove ${STATE_DIR#"$PM_ROOT/"}/ and ${EMULATOR_DATA_DIR#"$PM_ROOT/"}/ to start from scratch"
    ;;
esac
