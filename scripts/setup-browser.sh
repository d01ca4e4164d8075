#!/usr/bin/env bash
# Installs the browser the console's tests drive: Debian's chromium and chromium-driver (chromedriver), when they
# are missing. Never fails the build: where they cannot be installed (not Debian, no root, no network) it says so and
# the browser tests skip themselves (ConsoleBrowserIntegrationTests). Safe to run twice.
#
# Environment:
#   CHROMIUM_BIN, CHROMEDRIVER   use these executables instead (the tests read the same variables)
set -uo pipefail

log() { printf '[setup-browser] %s\n' "$*"; }

found() {
  local configured=$1; shift
  if [ -n "$configured" ]; then [ -x "$configured" ]; return; fi
  local candidate
  for candidate in "$@"; do [ -x "$candidate" ] && return 0; done
  return 1
}

if found "${CHROMIUM_BIN:-}" /usr/bin/chromium /usr/bin/chromium-browser \
   && found "${CHROMEDRIVER:-}" /usr/bin/chromedriver /usr/lib/chromium/chromedriver; then
  log "chromium and chromedriver present"
  exit 0
fi

skip() { log "$1: the console's browser tests will be skipped"; exit 0; }

[ -r /etc/os-release ] || skip "not a Debian system (no /etc/os-release)"
# shellcheck disable=SC1091
. /etc/os-release
case " ${ID:-} ${ID_LIKE:-} " in
  *" debian "*) ;;
  *) skip "'${PRETTY_NAME:-unknown}' is not Debian (install chromium and chromedriver, or set CHROMIUM_BIN and CHROMEDRIVER)" ;;
esac
command -v apt-get >/dev/null || skip "apt-get not found"

if [ "$(id -u)" -eq 0 ]; then as_root=(); elif command -v sudo >/dev/null; then as_root=(sudo); else skip "not root and no sudo"; fi

log "installing chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y -q chromium chromium-driver >/dev/null; then
  "${as_root[@]}" apt-get update -q >/dev/null || true
  "${as_root[@]}" apt-get install -y -q chromium chromium-driver >/dev/null || skip "apt-get could not install them"
fi
log "installed: $(chromium --version 2>/dev/null | head -n 1)"
