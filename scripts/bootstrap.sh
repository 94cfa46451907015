#!/usr/bin/env bash
# Install whatever is missing for Reel on Debian/Ubuntu: system packages, then a
# virtual environment (.venv) with Reel and its development tools. Safe to re-run:
# it skips apt when every package is present and pip when pyproject.toml is unchanged.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Qt's xcb platform plugin, libmpv, ffmpeg (test media), Xvfb + Mesa (headless OpenGL),
# gnome-keyring + dbus (the OS keyring), fonts so text renders; the mpv command-line player
# is the floor of the play_start benchmark.
SYSTEM_PACKAGES=(
  libmpv2 ffmpeg mpv
  xvfb xauth libgl1-mesa-dri libegl1 libglx-mesa0 libopengl0
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0
  libxcb-xkb1 libxcb-xfixes0 libxcb-sync1 libxcb-glx0 libx11-xcb1
  libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
  gnome-keyring dbus libsecret-1-0
)

say() { printf 'reel-setup: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    say "need root or sudo to install system packages: ${MISSING[*]}"
    exit 1
  fi
}

missing_packages() {
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s\n' "$pkg"
    fi
  done
}

install_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian/Ubuntu system: install libmpv, ffmpeg, Xvfb, Mesa and gnome-keyring yourself"
    return
  fi
  local wanted=("${SYSTEM_PACKAGES[@]}")
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    wanted+=(python3-venv)
  fi
  mapfile -t MISSING < <(missing_packages "${wanted[@]}")
  if [ "${#MISSING[@]}" -eq 0 ]; then
    return
  fi
  say "installing system packages: ${MISSING[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${MISSING[@]}"
}

check_python() {
  if ! command -v python3 >/dev/null 2>&1; then
    MISSING=(python3 python3-venv)
    say "installing python3"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv
  fi
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "Reel needs Python 3.11 or newer; python3 is $(python3 --version 2>&1)"
    exit 1
  fi
}

install_python_packages() {
  local stamp="$VENV/.reel-installed"
  local wanted
  wanted="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
  fi
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return
  fi
  say "installing Reel and its tools into $VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e "$ROOT[dev]"
  printf '%s' "$wanted" >"$stamp"
}

MISSING=()
check_python
install_system_packages
install_python_packages
