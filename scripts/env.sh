# Sourced by the scripts: puts the project's Node and Pulumi CLI first on PATH and makes
# every Pulumi run offline (local file backend, passphrase secrets, no update checks,
# no plugin downloads). Safe to source more than once.
PM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PM_ROOT
if [ -d "$PM_ROOT/.toolchain/node" ] || ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 22 ]; then
  PM_NODE_BIN="$("$PM_ROOT/scripts/ensure-node.sh")"
  case ":$PATH:" in *":$PM_NODE_BIN:"*) ;; *) export PATH="$PM_NODE_BIN:$PATH" ;; esac
fi
case ":$PATH:" in *":$PM_ROOT/.toolchain/bin:"*) ;; *) export PATH="$PM_ROOT/.toolchain/bin:$PATH" ;; esac
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK="${PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK:-}"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
