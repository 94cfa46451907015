#!/usr/bin/env bash
# Runs inside dbus-run-session: unlock a throwaway gnome-keyring, start Xvfb, run pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The keyring's secrets service, unlocked with a throwaway password, for this session only.
# Its files live in a throwaway folder, so a keyring left by an earlier run (made with
# another password) never makes the daemon prompt.
KEYRING_HOME="$(mktemp -d)"
eval "$(printf 'reel-test-keyring' | XDG_DATA_HOME="$KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true

export QT_QPA_PLATFORM=xcb
export LIBGL_ALWAYS_SOFTWARE=1
unset QT_QUICK_BACKEND WAYLAND_DISPLAY

set +e
xvfb-run -a -s "-screen 0 1920x1080x24 +extension GLX" "$ROOT/.venv/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
