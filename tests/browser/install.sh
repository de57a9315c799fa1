#!/usr/bin/env bash
# What the browser tests need beyond Python: Debian's Chromium and its driver (for
# Selenium, so nothing is downloaded at test time) and axe-core from npm, pinned by
# package-lock.json. Idempotent: does nothing when all of it is already there.
# Exit status: 0 when everything is in place, 1 when something could not be installed.
set -uo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser tests: apt-get is not available; install ${missing[*]} by hand" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO="sudo -n"
    else
      echo "browser tests: not root; install ${missing[*]} by hand (apt-get install -y ${missing[*]})" >&2
      exit 1
    fi
  fi
  echo "browser tests: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists only when a plain install does not find the packages.
  $SUDO apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q "${missing[@]}" >/dev/null; } \
    || { echo "browser tests: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi

if [ ! -f node_modules/axe-core/axe.min.js ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "browser tests: npm is not available; cannot install axe-core" >&2
    exit 1
  fi
  echo "browser tests: installing axe-core (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null \
    || { echo "browser tests: npm ci failed" >&2; exit 1; }
fi
exit 0
