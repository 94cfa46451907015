"""Credentials against a real gnome-keyring daemon in its own D-Bus session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SESSION = (
    "printf throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null "
    '&& exec "$0" -m tests.integration.keyring_probe'
)


def test_secrets_round_trip_through_gnome_keyring(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "GNOME_KEYRING"))}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    # A keyring file of its own: one left by another session was made with another password.
    env["XDG_DATA_HOME"] = str(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", _SESSION, sys.executable],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["backend"] == "keyring.backends.SecretService.Keyring"
    assert result["secure"] is True
    assert result["loaded"] == "probe-secret-42"
    assert result["in_secret_service"] == ["probe-secret-42"]
    assert result["after_delete"] == []
    assert result["loaded_after_delete"] is None
