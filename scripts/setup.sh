#!/usr/bin/env bash
# Sets up dpuforge on a fresh Debian 12 machine: installs the Debian packages that are missing (needs root),
# installs the npm dependencies (npm ci), compiles the TypeScript and builds the native oracle helper.
# Safe to run again: packages already present are not reinstalled.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(verilator iverilog libisal-dev isal lz4 liblz4-dev zstd zlib1g-dev g++ make golang-github-klauspost-compress-dev yosys z3 openssl clang-14 libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run this script as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -f /usr/include/node/node_api.h ]; then
  echo "setup: Node-API headers (/usr/include/node/node_api.h) are missing; they come with Debian's nodejs package" >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
node dist/src/cli/bin.js prepare
