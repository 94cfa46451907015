"""A start-up mark for `bench/startup.py`: the first frame that shows Home's rows.

Only when the environment sets `REEL_BENCH_FIRST_FRAME=1`: the app then prints
`reel-first-frame` on stdout at the first frame swapped once Home's rows and the
sidebar's sources were both filled (the window shows Home, not the loading page, only
when it knows of a source). Otherwise nothing is connected.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtQuick import QQuickWindow

from reel_qt.ui.home_view_model import HomeViewModel
from reel_qt.ui.shell_view_model import ShellViewModel

ENV = "REEL_BENCH_FIRST_FRAME"
MARK = "reel-first-frame"


def announce_first_frame(window: QQuickWindow, home: HomeViewModel, shell: ShellViewModel) -> None:
    """Print MARK at the first frame after Home's and the sidebar's first reads (ENV set)."""
    if os.environ.get(ENV) != "1":
        return
    waiting = {"home", "sources"}

    def swapped() -> None:
        sys.stdout.write(MARK + "\n")
        sys.stdout.flush()

    def ready(part: str) -> None:
        waiting.discard(part)
        if not waiting:
            window.frameSwapped.connect(swapped, Qt.ConnectionType.SingleShotConnection)
            window.update()  # the rows' delegates are in the scene: draw them

    home.refreshed.connect(lambda: ready("home"), Qt.ConnectionType.SingleShotConnection)
    shell.summaryChanged.connect(lambda: ready("sources"), Qt.ConnectionType.SingleShotConnection)
