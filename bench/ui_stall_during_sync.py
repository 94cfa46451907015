"""ui_stall_during_sync: the longest GUI-thread stall while scrolling a grid during a sync.

One process, as in real use: Reel's real window (AppShell, Main.qml) with a 20,000-film
library grid open, scrolled continuously (the grid's contentY moved every 16 ms, up and
down), while a full sync of the fake Jellyfin server's bench library (175,000 items;
`--scale` shrinks it) runs in the same app. The server runs in a child process, so its
page rendering does not count against the window.

A 1 ms precise QTimer on the GUI thread records how long the thread went without
serving it: a stall is an interval minus the 1 ms asked for. Figures: the longest stall
and the 99th percentile. The floor is the same scrolling, with no sync, in the same run.
`python -m bench ui_stall_during_sync [--scale S]`; needs a display or xvfb-run.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import emit

GRID_ITEMS = 20_000
FLOOR_SECONDS = 8.0
TICK_MS = 16
STEP_PX = 45
TARGET_MS = 50.0
_XVFB = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24 +extension GLX"]
_KEPT: list[object] = []

_SERVER = """
import asyncio, json, sys
from tests.fakes.jellyfin.generator import LibrarySize
from tests.fakes.jellyfin.server import FakeJellyfin
from tests.fakes.standalone import serve_until_interrupted

movies, series, seasons, episodes = (int(n) for n in sys.argv[1:5])
server = FakeJellyfin(LibrarySize(movies, series, seasons, episodes))

async def start():
    await server.start()
    return {"url": server.url, "username": server.username, "password": server.password,
            "counts": server.counts}

asyncio.run(serve_until_interrupted(start, server.stop))
"""


def _server(scale: float) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """The fake Jellyfin in a child process, scaled from the bench size."""
    from tests.fakes.jellyfin.generator import SIZES

    size = SIZES["bench"]
    counts = [max(1, int(n * scale)) for n in (size.movies, size.series, size.seasons)]
    counts.append(max(1, int(size.episodes * scale)))
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root / "src"), str(root)]))
    child = subprocess.Popen(
        [sys.executable, "-c", _SERVER, *map(str, counts)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    ready: dict[str, Any] = json.loads(child.stdout.readline())
    return child, ready


def _find_grid(item: Any) -> Any:
    """The first visible GridView under item (the library grid)."""
    if "GridView" in item.metaObject().className() and item.isVisible():
        return item
    for child in item.childItems():
        found = _find_grid(child)
        if found is not None:
            return found
    return None


class _Scroller:
    """Moves a grid's contentY every tick, bouncing between its ends."""

    def __init__(self, grid: Any) -> None:
        from PySide6.QtCore import QTimer

        self._grid = grid
        self._direction = 1
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._step)

    def _step(self) -> None:
        grid = self._grid
        top = grid.property("originY")
        bottom = top + grid.property("contentHeight") - grid.property("height")
        y = grid.property("contentY") + self._direction * STEP_PX
        if y >= bottom or y <= top:
            self._direction = -self._direction
            y = min(max(y, top), bottom)
        grid.setProperty("contentY", y)

    def start(self) -> None:
        """Scroll until stopped."""
        self._timer.start()

    def stop(self) -> None:
        """Stop scrolling."""
        self._timer.stop()


class _StallMeter:
    """Intervals of a 1 ms precise timer on the GUI thread, less the 1 ms asked for."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.stalls: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.stalls.append(max(0.0, (now - self._last) * 1000 - 1))
        self._last = now

    def start(self) -> None:
        """Start measuring (forgets what came before)."""
        self.stalls = []
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> tuple[float, float]:
        """Stop; the longest stall and the 99th percentile, in ms."""
        self._timer.stop()
        ordered = sorted(self.stalls)
        return ordered[-1], ordered[int(len(ordered) * 0.99)]


async def _measure(folder: Path, scale: float) -> dict[str, Any]:
    from bench.browse_setup import data_dir, fill, until
    from reel_qt.app import AppShell
    from reel_qt.backends.jellyfin.signin import sign_in_with_password
    from reel_qt.sync.credentials import CredentialStore
    from reel_qt.ui.library_items_model import LibraryItemsModel

    paths = data_dir(folder, "data")
    _source_id, library_id = await fill(paths, GRID_ITEMS)
    keyrings = importlib.import_module("tests.fakes.keyrings")
    shell = AppShell(paths, credentials=CredentialStore(keyrings.InMemoryKeyring()))
    shell.window.show()
    shell.start()
    await until(lambda: shell.runtime is not None)
    shell.tasks.cancel("sync.scheduler")  # the bench decides when to sync
    runtime = shell.runtime
    assert runtime is not None
    grid_model = shell.browser.library.items
    assert isinstance(grid_model, LibraryItemsModel)
    shell.browser.navigator.jump("library", library_id)
    await until(lambda: grid_model.rowCount() >= GRID_ITEMS)
    await asyncio.sleep(0.5)
    grid = _find_grid(shell.window.contentItem())
    assert grid is not None, "no grid in the library page"
    scroller = _Scroller(grid)
    meter = _StallMeter()

    scroller.start()
    await asyncio.sleep(1.0)  # delegates and posters of a first pass exist
    meter.start()
    await asyncio.sleep(FLOOR_SECONDS)
    floor = meter.stop()
    sys.stderr.write(f"ui_stall: floor max {floor[0]:.1f} ms, p99 {floor[1]:.1f} ms\n")

    server, ready = _server(scale)
    try:
        signed_in = await sign_in_with_password(
            ready["url"], ready["username"], ready["password"], runtime.identity
        )
        source = await runtime.setup.add_jellyfin(signed_in)
        meter.start()
        started = time.perf_counter()
        results = await runtime.sync.sync_sources([source.id], full=True)
        seconds = time.perf_counter() - started
        during = meter.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)
    scroller.stop()
    written = sum(r.items_written for r in results)
    assert all(r.ok for r in results), [r.error for r in results]
    sys.stderr.write(
        f"ui_stall: sync of {written} items in {seconds:.1f} s; "
        f"max {during[0]:.1f} ms, p99 {during[1]:.1f} ms; "
        f"ticks {len(meter.stalls)}, median {statistics.median(meter.stalls):.2f} ms\n"
    )
    await shell.stop()
    shell.window.close()
    _KEPT.append(shell)  # freed at exit on this thread, never by a collection elsewhere
    return {"floor": floor, "during": during, "written": written, "seconds": seconds}


def run(scale: float) -> None:
    """Measure in this process (on its display) and emit the figures."""
    from bench.browse_setup import use_a_screen

    use_a_screen()
    import qasync
    from PySide6.QtGui import QGuiApplication

    from reel_qt.app import SWITCH_INTERVAL_S, configure_qt

    configure_qt()
    sys.setswitchinterval(SWITCH_INTERVAL_S)  # as run_app sets it for the window
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    gc.disable()  # Qt objects must not be collected on the store's threads mid-run
    with tempfile.TemporaryDirectory(prefix="reel-bench-stall-") as folder:
        figures = qasync.run(_measure(Path(folder), scale))
    del app
    (floor_max, floor_p99), (during_max, during_p99) = figures["floor"], figures["during"]
    emit("ui_stall_during_sync", "max_stall_ms", during_max, "ms", floor_max,
         lower_is_better=True)  # fmt: skip
    emit("ui_stall_during_sync", "p99_stall_ms", during_p99, "ms", floor_p99,
         lower_is_better=True)  # fmt: skip
    emit("ui_stall_during_sync", "max_stall_vs_target_ms", during_max, "ms", TARGET_MS,
         lower_is_better=True)  # fmt: skip


def main(scale: float = 1.0) -> None:
    """Run on this display, or under xvfb-run when there is none."""
    if os.environ.get("DISPLAY") or shutil.which("xvfb-run") is None:
        run(scale)
        return
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", LIBGL_ALWAYS_SOFTWARE="1")
    env.pop("WAYLAND_DISPLAY", None)
    subprocess.run(
        [*_XVFB, sys.executable, "-m", "bench.ui_stall_during_sync", "child", str(scale)],
        check=True,
        env=env,
        timeout=3600,
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        run(float(sys.argv[2]))
    else:
        main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
