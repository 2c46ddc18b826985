# Sourced by scripts/: installs Debian packages the tests and the demo stack need.
# shellcheck shell=bash

APT_UPDATED=""

# ensure_apt_packages COMMAND:PACKAGE... — installs PACKAGE when COMMAND is not on PATH.
ensure_apt_packages() {
  local missing=() pair cmd pkg
  for pair in "$@"; do
    cmd="${pair%%:*}" pkg="${pair##*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      die "missing Debian packages: ${missing[*]}. Install them with:
    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    fi
  fi
  log "Installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    $sudo apt-get update -qq >/dev/null || die "apt-get update failed."
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed."
}
