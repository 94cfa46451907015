"""startup: process start to the first frame of Home with a 175,000-item library synced.

The data dir is prepared untimed: one source with 175,000 films (bench/browse_setup.py),
a few started so Continue watching has a row, the newest in Recently added with their
posters in the image cache. Then `python -m reel_qt --data-dir DIR` runs as a child
process with `REEL_BENCH_FIRST_FRAME=1`, so it prints a mark at the first frame swapped
after Home's rows and the sidebar's sources were filled (reel_qt/ui/first_frame.py: with
no source known the window shows its loading page, not Home); the time is from spawning
the process to reading that line. The QML disk cache is left on, as in use: the warm-up
launch fills it and every timed launch reads it. The floor, in the same run and on the
same screen, is a bare PySide6 QML window (one Rectangle) spawned the same way, printing
at its first frame. Runs alternate floor and app; the figures are medians.

`python -m bench startup`; without a display it runs itself under xvfb-run (GLX).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import emit

ITEMS = 175_000
RUNS = 5
STARTED = 12  # films with progress: the Continue watching row
TARGET_MS = 1200.0
_XVFB = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24 +extension GLX"]
_MARK = "reel-first-frame"

_FLOOR_SCRIPT = """
import sys
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
import PySide6.QtQuick

app = QGuiApplication(sys.argv)
engine = QQmlApplicationEngine()
engine.loadData(b'''
import QtQuick
import QtQuick.Window
Window {
    width: 1280; height: 800; visible: true
    Rectangle { anchors.fill: parent; color: "#14161c" }
}''')
window = engine.rootObjects()[0]

def swapped():
    sys.stdout.write("%s\\n")
    sys.stdout.flush()

window.frameSwapped.connect(swapped)
app.exec()
"""
_FLOOR = _FLOOR_SCRIPT.replace("%s", _MARK)


async def _prepare(root: Path, items: int) -> None:
    """A data dir with items films, some started, the newest posters cached."""
    from bench.browse_setup import fill
    from reel_qt.core.paths import DataPaths
    from reel_qt.runtime import Runtime

    paths = DataPaths(root).ensure()
    source_id, _library = await fill(paths, items)
    runtime = await Runtime.create(paths)
    try:
        with sqlite3.connect(paths.database) as conn:
            newest = [
                r[0] for r in conn.execute("SELECT id FROM media_items ORDER BY added_at DESC")
            ]
        for n in range(STARTED):
            item_id = newest[100 + 7 * n]  # started films, not all among the newest
            await runtime.service.save_progress(
                item_id, position_ms=600_000 + n * 1000, duration_ms=5_400_000
            )
    finally:
        await asyncio.to_thread(runtime.close)
    _cache_newest(paths, source_id, items)


def _cache_newest(paths: object, source_id: int, items: int) -> None:
    """Posters of the newest films (Recently added) in the disk cache, as after a visit."""
    from PySide6.QtGui import QGuiApplication

    from bench.browse_setup import poster_png
    from reel_qt.core.paths import DataPaths
    from reel_qt.ui.images.artwork import WIDTH_BUCKETS
    from reel_qt.ui.images.disk_cache import ImageDiskCache, cache_key

    assert isinstance(paths, DataPaths)
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    cache = ImageDiskCache(paths.image_cache / "artwork", 500 * 1024 * 1024)
    data = poster_png()
    for n in range(items - 40, items):
        for width in WIDTH_BUCKETS[:4]:
            cache.put(cache_key(source_id, f"/Items/m{n}/Images/Primary?tag={n}", width), data)
    del app


def _time_child(command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from spawning command to its first-frame mark; then it is stopped."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() == _MARK:
                return (time.perf_counter() - started) * 1000
        raise RuntimeError(f"{command[:3]} exited ({child.wait()}) before its first frame")
    finally:
        child.send_signal(signal.SIGTERM)  # the app quits in order, as on Ctrl+C
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def measure(data: Path, runs: int = RUNS) -> tuple[list[float], list[float]]:
    """Floor and app times (ms) for runs alternating launches over the data dir."""
    env = dict(os.environ, REEL_BENCH_FIRST_FRAME="1")
    app = [sys.executable, "-m", "reel_qt", "--data-dir", str(data)]
    floor = [sys.executable, "-c", _FLOOR]
    _time_child(floor, env)  # warm the page cache for both
    _time_child(app, env)
    floors: list[float] = []
    reel: list[float] = []
    for _ in range(runs):
        floors.append(_time_child(floor, env))
        reel.append(_time_child(app, env))
        sys.stderr.write(f"startup: floor {floors[-1]:.0f} ms, reel {reel[-1]:.0f} ms\n")
    return floors, reel


def run(data: Path | None = None, items: int = ITEMS) -> None:
    """Prepare (or reuse) the data dir, measure, emit the figures."""
    with tempfile.TemporaryDirectory(prefix="reel-bench-startup-") as folder:
        root = data or Path(folder) / "data"
        if not root.exists():
            started = time.perf_counter()
            asyncio.run(_prepare(root, items))
            sys.stderr.write(
                f"startup: {items} items prepared in {time.perf_counter() - started:.0f} s\n"
            )
        floors, reel = measure(root)
    floor = statistics.median(floors)
    total = statistics.median(reel)
    emit("startup", "first_home_frame_ms", total, "ms", floor, lower_is_better=True)
    emit("startup", "over_floor_ms", total - floor, "ms", 400.0, lower_is_better=True)
    emit("startup", "vs_target_ms", total, "ms", TARGET_MS, lower_is_better=True)


def main(data: Path | None = None) -> None:
    """Run on this display, or under xvfb-run when there is none."""
    if os.environ.get("DISPLAY") or shutil.which("xvfb-run") is None:
        from bench.browse_setup import use_a_screen

        use_a_screen()
        run(data)
        return
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", LIBGL_ALWAYS_SOFTWARE="1")
    env.pop("WAYLAND_DISPLAY", None)
    extra = [str(data)] if data is not None else []
    subprocess.run(
        [*_XVFB, sys.executable, "-m", "bench.startup", "child", *extra],
        check=True,
        env=env,
        timeout=1800,
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        run(Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
