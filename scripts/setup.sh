#!/usr/bin/env bash
# Idempotent set-up used by `npm test`, `npm run demo` and .ci/run:
#  1. Node version check, 2. system packages (installed when root on Debian/Ubuntu, else the exact
#  command is printed), 3. npm dependencies (npm ci when the lock file changed).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  say "Node.js 20 or newer is required (found $(node -v))."; exit 1
fi

mapfile -t wanted < <(grep -v '^\s*#' scripts/system-packages.txt | sed '/^\s*$/d')
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
  done
else
  say "This is not a Debian/Ubuntu system: install the equivalents of: ${wanted[*]}"
fi

if [ "${#missing[@]}" -gt 0 ]; then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages: ${missing[*]}"
    # Debian's packages start their own daemons; policy-rc.d keeps them stopped (the agent supervises its own).
    prc=/usr/sbin/policy-rc.d; made_prc=0
    if [ ! -e "$prc" ]; then printf '#!/bin/sh\nexit 101\n' > "$prc"; chmod +x "$prc"; made_prc=1; fi
    trap '[ "$made_prc" = 1 ] && rm -f "$prc"' EXIT
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ "$made_prc" = 1 ] && rm -f "$prc"; trap - EXIT
  else
    say "missing system packages: ${missing[*]}"
    say "run as root:  sudo sh -c '$cmd'"
    exit 1
  fi
fi

stamp=node_modules/.switchdeck-lock-hash
want_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_hash" ]; then
  say "installing npm dependencies (npm ci)"
  # The Electron binary is not needed for the browser shell or the tests, and cannot be downloaded everywhere.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$want_hash" > "$stamp"
fi
