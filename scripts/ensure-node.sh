#!/usr/bin/env bash
# Prints the directory of a Node.js >= 22 binary, installing Node 24 from the npm registry
# (package node-<platform>-<arch>) into .toolchain/node when the system's Node is older.
# Usage: PATH="$(scripts/ensure-node.sh):$PATH"
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="${PULUMI_MAILGUN_NODE_VERSION:-24.21.0}"
MIN_MAJOR=22
log() { printf '[setup:node] %s\n' "$*" >&2; }

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if sys="$(command -v node 2>/dev/null)" && [ "$(major_of "$sys")" -ge "$MIN_MAJOR" ]; then
  dirname "$sys"; exit 0
fi

DEST="$ROOT/.toolchain/node"
case "$(uname -s)" in Linux) plat=linux ;; Darwin) plat=darwin ;; *) log "unsupported OS $(uname -s)"; exit 1 ;; esac
case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) log "unsupported CPU $(uname -m)"; exit 1 ;; esac
PKG="node-$plat-$arch"
NODE_BIN="$DEST/node_modules/$PKG/bin"
if [ ! -x "$NODE_BIN/node" ] || [ "$("$NODE_BIN/node" --version)" != "v$NODE_VERSION" ]; then
  command -v npm >/dev/null || { log "npm is needed to install Node $NODE_VERSION and was not found"; exit 1; }
  log "system Node is $( [ -n "${sys:-}" ] && "$sys" --version || echo missing ) (need >= $MIN_MAJOR); installing Node $NODE_VERSION ($PKG) into .toolchain/node"
  mkdir -p "$DEST"
  npm install --prefix "$DEST" --no-save --no-audit --no-fund --loglevel=error "$PKG@$NODE_VERSION" >&2
fi
echo "$NODE_BIN"
