#!/usr/bin/env bash
# The README's quickstart command: sets up everything, then runs `pulumi up` on the root
# project with a local file backend (.pulumi/) and passphrase secrets. Nothing leaves the machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PM_ROOT"
bash scripts/setup.sh

mkdir -p .pulumi/state
export PULUMI_BACKEND_URL="file://$PM_ROOT/.pulumi/state"
export PULUMI_HOME="$PM_ROOT/.pulumi/home"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-quickstart}"
STACK="${QUICKSTART_STACK:-dev}"

pulumi stack select --create "$STACK" --non-interactive >/dev/null
pulumi up --yes --non-interactive --suppress-progress --stack "$STACK"
