"""A library grid while a sync writes: other libraries' batches leave it as it is."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.ui.browser import LISTS_REFRESH_MS
from tests.factories import movie, show_tree
from tests.ui.driving import activate, click, has, item, quiet, settle, until
from tests.ui.library_data import Filled, fill

Runner = Callable[[Coroutine[Any, Any, Any]], Any]


def test_batches_elsewhere_keep_the_grid_and_new_films_appear(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    filled: Filled = event_loop_runner(fill(DataPaths(tmp_path / "data").ensure()))
    shell = make_shell()
    items = shell.browser.library.items
    resets: list[int] = []
    reloads: list[int] = []
    items.modelReset.connect(lambda: resets.append(1))
    shell.browser.library.loaded.connect(lambda: reloads.append(1))

    async def scenario() -> None:
        shell.start()
        await until(lambda: has(shell, "homePage"))
        await activate(shell)
        await click(shell, item(shell, f"library{filled.movies_library}"))
        await until(lambda: has(shell, "libraryGrid") and items.count == 18)  # the fixture
        await settle(shell)
        # The opening read goes on after the count is known (it loads the first screen
        # and the rest of the order); its own signals are not the sync's.
        await until(lambda: not shell.tasks.is_running("library.query"), what="opening read")
        runtime = shell.runtime
        assert runtime is not None
        service = runtime.service
        shown = [items.itemId(row) for row in range(18)]
        resets.clear()
        reloads.clear()

        # A sync of the shows library, batch after batch: the films' grid is re-read
        # (throttled) but it is the same list, so it is neither reset nor moved.
        for n in range(6):
            tree = show_tree(f"new{n}", f"New Show {n}", 1, 3)
            await service.upsert_items(filled.source_id, filled.shows_library, tree)
        await asyncio.sleep(2.5 * LISTS_REFRESH_MS / 1000)
        # Under load the throttled re-read can still be due or running: let it finish.
        await until(lambda: quiet(shell), what="the re-reads done")
        assert (resets, reloads) == ([], [])
        assert [items.itemId(row) for row in range(18)] == shown

        # Films arrive in the grid's own library: the grid shows them.
        films = [movie(f"late{n}", f"Late Film {n}", year=2025) for n in range(3)]
        await service.upsert_items(filled.source_id, filled.movies_library, films)
        await until(lambda: items.count == 21 and bool(reloads), what="the new films")
        assert len(resets) == 1
        await shell.stop()

    event_loop_runner(scenario())
