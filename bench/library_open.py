"""library_open: choosing a 100,000-item library to its first screen of posters drawn.

Posters come from the image cache (filled beforehand for the first screen), as they do
once a library has been seen. The floor is the same open of a 100-item library in the
same run: what the window costs whatever the size. Memory is the resident memory the
opened model added.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from bench.browse_setup import data_dir, fill, rss_mb, until, use_a_screen
from bench.report import emit

ITEMS = 100_000
FLOOR_ITEMS = 100
RUNS = 5
_KEPT: list[object] = []
FIRST_SCREEN = 15  # posters a 1280x800 window shows at once (5 columns, 3 rows)


def _ready_posters(root: object) -> int:
    from PySide6.QtQuick import QQuickItem

    assert isinstance(root, QQuickItem)
    found = 1 if root.objectName() == "posterImage" and root.property("ready") else 0
    return found + sum(_ready_posters(child) for child in root.childItems())


def _cache_first_screen(paths: object, source_id: int, count: int) -> None:
    from PySide6.QtGui import QColor, QImage

    from reel_qt.core.paths import DataPaths
    from reel_qt.ui.images.artwork import WIDTH_BUCKETS
    from reel_qt.ui.images.disk_cache import ImageDiskCache, cache_key

    assert isinstance(paths, DataPaths)
    cache = ImageDiskCache(paths.image_cache / "artwork", 500 * 1024 * 1024)
    image = QImage(240, 360, QImage.Format.Format_RGB32)
    image.fill(QColor("#446688"))
    png = paths.root / "poster.png"
    image.save(str(png))
    data = png.read_bytes()
    # Title order is the library's default: the first screen is the first titles.
    from bench.browse_setup import titles

    names = titles(count)
    first = sorted(range(count), key=lambda n: names[n].lower())[: FIRST_SCREEN * 2]
    for n in first:
        for width in WIDTH_BUCKETS[:3]:
            cache.put(cache_key(source_id, f"/Items/m{n}/Images/Primary?tag={n}", width), data)


async def _measure(folder: Path, name: str, items: int) -> tuple[list[float], float]:
    from reel_qt.app import AppShell
    from reel_qt.ui.library_items_model import LibraryItemsModel
    from reel_qt.ui.poster_list_model import PosterListModel

    paths = data_dir(folder, name)
    source_id, library_id = await fill(paths, items)
    _cache_first_screen(paths, source_id, items)
    shell = AppShell(paths)
    shell.start()
    recent = cast(PosterListModel, shell.browser.home.recentlyAdded)
    grid = cast(LibraryItemsModel, shell.browser.library.items)
    await until(lambda: shell.runtime is not None and recent.rowCount() > 0)
    shell.tasks.cancel("sync.scheduler")
    await asyncio.sleep(0.3)
    times: list[float] = []
    memory = 0.0
    for _ in range(RUNS):
        shell.browser.navigator.jump("home", 0)
        await asyncio.sleep(0.2)
        shell.browser.library.open(0)  # forget the open library: every run opens afresh
        before = rss_mb()
        drawn: list[float] = []

        def swapped(frames: list[float] = drawn) -> None:
            frames.append(time.perf_counter())

        shell.window.frameSwapped.connect(swapped)
        started = time.perf_counter()
        shell.browser.navigator.jump("library", library_id)
        content = shell.window.contentItem()
        await until(lambda: _ready_posters(content) >= min(FIRST_SCREEN, items))  # noqa: B023
        mark = time.perf_counter()
        await until(lambda: bool(drawn) and drawn[-1] >= mark)  # noqa: B023
        times.append((drawn[-1] - started) * 1000)
        sys.stderr.write(f"{name}: {grid.rowCount()} items, {times[-1]:.0f} ms\n")
        shell.window.frameSwapped.disconnect()
        memory = max(memory, rss_mb() - before)
    await shell.stop()
    shell.window.close()
    _KEPT.append(shell)  # freed at exit on this thread, never by a collection elsewhere
    return times, memory


def main() -> None:
    """Emit library_open's figures."""
    use_a_screen()
    import qasync
    from PySide6.QtGui import QGuiApplication

    from reel_qt.app import configure_qt

    configure_qt()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    gc.disable()  # Qt objects must not be collected on the store's threads mid-run
    with tempfile.TemporaryDirectory(prefix="reel-bench-open-") as folder:
        floor, _ = qasync.run(_measure(Path(folder), "floor", FLOOR_ITEMS))
        big, memory = qasync.run(_measure(Path(folder), "big", ITEMS))
    del app
    emit("library_open", "first_screen_ms", statistics.median(big), "ms",
         statistics.median(floor), lower_is_better=True)  # fmt: skip
    emit("library_open", "model_memory_mb", memory, "MB", 50.0, lower_is_better=True)


if __name__ == "__main__":
    main()
