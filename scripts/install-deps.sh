#!/usr/bin/env bash
# Everything the whole test suite needs on a fresh Debian machine: Chromium (webview and VS Code
# tiers), redis-server (the fleet tests start their own on a free port; the service is not used),
# the build tools code-server's native addons need, the npm packages, and Node 24 +
# code-server for the real-VS-Code tier (into .tools/, see scripts/setup-e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for p in chromium libkrb5-dev build-essential pkg-config python3 redis-server; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
bash scripts/setup-e2e.sh
