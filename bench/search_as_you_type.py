"""search_as_you_type: a keystroke in the Search page to its results drawn.

Words are typed letter by letter into the real Search page over a 100,000-item library;
each keystroke is timed from the key event to the first frame drawn after the results
arrived. The floor is the store's own search call for the same text in the same run.
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

from bench.browse_setup import data_dir, fill, until, use_a_screen
from bench.report import emit

ITEMS = 100_000
WORDS = ("summer", "golden", "shadow", "island", "winter", "garden", "ghost", "river")
_KEPT: list[object] = []


async def _measure(folder: Path) -> tuple[list[float], list[float]]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from reel_qt.app import AppShell
    from reel_qt.ui.poster_list_model import PosterListModel

    paths = data_dir(folder, "big")
    await fill(paths, ITEMS)
    shell = AppShell(paths)
    _KEPT.append(shell)
    shell.start()
    recent = cast(PosterListModel, shell.browser.home.recentlyAdded)
    await until(lambda: shell.runtime is not None and recent.rowCount() > 0)
    shell.tasks.cancel("sync.scheduler")
    shell.window.requestActivate()
    shell.browser.navigator.jump("search", 0)
    await until(lambda: shell.window.activeFocusItem() is not None
                and shell.window.activeFocusItem().objectName() == "searchField")  # fmt: skip
    assert shell.runtime is not None
    service = shell.runtime.service
    search = shell.browser.search
    keys: list[float] = []
    floor: list[float] = []
    drawn: list[float] = []
    shell.window.frameSwapped.connect(lambda: drawn.append(time.perf_counter()))
    results = cast(PosterListModel, search.results)
    changed: list[bool] = []
    for signal in (results.rowsInserted, results.rowsRemoved, results.rowsMoved):
        signal.connect(lambda *_: changed.append(True))
    results.dataChanged.connect(lambda *_: changed.append(True))
    for word in WORDS:
        for n in range(1, len(word) + 1):
            ready = asyncio.Event()
            search.resultsReady.connect(ready.set)
            changed.clear()
            started = time.perf_counter()
            # From a plain callback: QTest processes events, which would enter tasks.
            key = Qt.Key(ord(word[n - 1].upper()))
            asyncio.get_running_loop().call_soon(QTest.keyClick, shell.window, key)
            await asyncio.wait_for(ready.wait(), 10)
            search.resultsReady.disconnect(ready.set)
            arrived = time.perf_counter()
            if changed:  # shown once the next frame is drawn
                await until(lambda: bool(drawn) and drawn[-1] >= arrived)  # noqa: B023
                keys.append((drawn[-1] - started) * 1000)
            else:  # the same results: the frame drawn for the keystroke already shows them
                keys.append((arrived - started) * 1000)
            began = time.perf_counter()
            await service.search(word[:n], limit=120)
            floor.append((time.perf_counter() - began) * 1000)
        for _ in word:
            asyncio.get_running_loop().call_soon(QTest.keyClick, shell.window, Qt.Key.Key_Backspace)
            await asyncio.sleep(0.01)
        await until(lambda: search.property("query") == "")
    await shell.stop()
    shell.window.close()
    return keys, floor


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    """Emit search_as_you_type's figures."""
    use_a_screen()
    import qasync
    from PySide6.QtGui import QGuiApplication

    from reel_qt.app import configure_qt

    configure_qt()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    gc.disable()  # Qt objects must not be collected on the store's threads mid-run
    with tempfile.TemporaryDirectory(prefix="reel-bench-search-") as folder:
        keys, floor = qasync.run(_measure(Path(folder)))
    del app
    emit("search_as_you_type", "keystroke_to_results_p95_ms", _p95(keys), "ms", _p95(floor),
         lower_is_better=True)  # fmt: skip


if __name__ == "__main__":
    main()
