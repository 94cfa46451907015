#!/usr/bin/env bash
# Install whatever is missing, then start Reel (arguments go to `reel`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "reel: no display found (DISPLAY and WAYLAND_DISPLAY are unset): run this from a desktop session, or use a headless command such as 'scripts/run-app.sh source list'." >&2
  exit 1
fi
exec "$ROOT/.venv/bin/reel" "$@"
