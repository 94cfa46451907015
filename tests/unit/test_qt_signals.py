"""Guards against a Qt for Python bug that would crash Reel at exit."""

from __future__ import annotations

import subprocess
import sys

_EMIT_BOOLS = """
from reel_qt.core.events import EventBus
bus = EventBus()
seen = []
bus.sourceOnlineChanged.connect(lambda source_id, online: seen.append(online))
for _ in range(500):
    bus.sourceOnlineChanged.emit(1, False)
    bus.sourceOnlineChanged.emit(1, True)
assert len(seen) == 1000
"""


def test_bool_signal_payloads_do_not_corrupt_the_interpreter() -> None:
    # PySide6 6.12.0 drops a reference to True/False per delivery and aborts at exit.
    done = subprocess.run(
        [sys.executable, "-c", _EMIT_BOOLS], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
