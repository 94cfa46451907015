"""`reel play PATH` opens the window straight into the player; a missing target fails."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.clips import ClipMaker, ClipSpec

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    return env


def test_a_missing_file_is_one_line_and_no_window(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reel_qt", "--data-dir", str(tmp_path), "play", "/no/film.mkv"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
        check=False,
    )
    assert done.returncode == 1
    assert (
        done.stderr.strip() == "reel: No item with id '/no/film.mkv' and no file at /no/film.mkv."
    )


def test_reel_play_opens_the_player_and_quits_in_order(tmp_path: Path, clips: ClipMaker) -> None:
    # The test session's Xvfb (scripts/run-tests.sh): without it the window cannot open.
    assert os.environ.get("DISPLAY"), "run the tests via scripts/run-tests.sh (Xvfb)"
    clip = clips.make(ClipSpec(duration_s=20.0, width=160, height=120, fps=5))
    data = tmp_path / "data"
    process = subprocess.Popen(
        [sys.executable, "-m", "reel_qt", "--data-dir", str(data), "play", str(clip)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    log = data / "logs" / "reel.log"
    try:
        deadline = time.monotonic() + 90  # a cold start and a first frame, under load
        while not (log.exists() and f"playing {clip.name}" in log.read_text()):
            if process.poll() is not None:
                _out, err = process.communicate()
                # mpv's audio probing is noisy on a machine without sound: keep the end.
                raise AssertionError(f"reel play ended early ({process.returncode}): {err[-3000:]}")
            assert time.monotonic() < deadline, "the player never showed a frame"
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)  # as the desktop asks an app to quit
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in log.read_text()
