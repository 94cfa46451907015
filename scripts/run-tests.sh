#!/usr/bin/env bash
# Install whatever is missing, then run every check: ruff, mypy and the whole test
# suite (under Xvfb, inside a D-Bus session with an unlocked gnome-keyring).
# Arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
BIN="$ROOT/.venv/bin"

echo "== ruff check"
"$BIN/ruff" check .
echo "== ruff format --check"
"$BIN/ruff" format --check .
echo "== mypy"
"$BIN/mypy"
echo "== pytest"
exec dbus-run-session -- "$ROOT/scripts/in-test-session.sh" "$@"
