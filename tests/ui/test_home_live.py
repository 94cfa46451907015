"""Home follows the database live: sync batches and playback progress, re-read once a burst."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.ui.poster_list_model import PosterListModel
from tests.factories import movie
from tests.ui.conftest import save_screenshot
from tests.ui.driving import activate, has, item, quiet, until
from tests.ui.library_data import Filled, fill

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
BATCHES = 8
PER_BATCH = 3
NEWEST = 1_900_000_000_000  # added after every film of the fixture


def _titles(model: object) -> list[str]:
    assert isinstance(model, PosterListModel)
    return [row.title for row in model.rows()]


def _films(model: object) -> list[str]:
    """The titles of the row's films (the fixture's show has episodes in progress too)."""
    assert isinstance(model, PosterListModel)
    return [row.title for row in model.rows() if row.type == "movie"]


def test_home_follows_sync_writes_and_playback(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    filled: Filled = event_loop_runner(fill(DataPaths(tmp_path / "data").ensure()))
    shell = make_shell()
    home = shell.browser.home
    refreshes: list[int] = []
    home.refreshed.connect(lambda: refreshes.append(1))

    async def scenario() -> None:
        shell.start()
        await until(lambda: has(shell, "homePage") and home.continueWatching.count > 0)
        await activate(shell)
        runtime = shell.runtime
        assert runtime is not None
        service = runtime.service
        # The fixture's films in progress, most recently played first.
        assert _films(home.continueWatching)[:4] == ["Rear Window", "Moon", "Her", "Casablanca"]

        # A sync writes batch after batch: Home shows the new films, re-read once a burst.
        await until(lambda: quiet(shell), what="the opening reads done")
        before = len(refreshes)
        new_titles = [f"Zodiac {n}" for n in range(BATCHES * PER_BATCH)]
        for batch in range(BATCHES):
            records = [
                movie(f"z{n}", new_titles[n], year=2024, added_at=NEWEST + n)
                for n in range(batch * PER_BATCH, (batch + 1) * PER_BATCH)
            ]
            await service.upsert_items(filled.source_id, filled.movies_library, records)
        newest_first = list(reversed(new_titles))
        await until(
            lambda: _titles(home.recentlyAdded)[: len(newest_first)] == newest_first,
            what="the synced films in Recently added",
        )
        await until(lambda: quiet(shell), what="every refresh due has run")
        assert 1 <= len(refreshes) - before <= BATCHES // 2, refreshes
        shelf = item(shell, "recentlyAdded")
        assert shelf.isVisible()
        save_screenshot(shell.window, "home_live_after_sync")

        # Playback progress lands locally first: Arrival moves to the front of the row.
        films = await service.list_items(ItemFilter(library_id=filled.movies_library))
        arrival = next(f.id for f in films if f.title == "Arrival")
        before = len(refreshes)
        for minute in range(1, 7):  # the player's periodic reports
            await service.save_progress(
                arrival, position_ms=minute * 60_000, duration_ms=90 * 60_000
            )
        await until(
            lambda: _titles(home.continueWatching)[:1] == ["Arrival"],
            what="Arrival in Continue watching",
        )
        await until(lambda: quiet(shell), what="every refresh due has run")
        assert 1 <= len(refreshes) - before <= 2, refreshes
        save_screenshot(shell.window, "home_live_progress")

        # Watched to the end: it leaves Continue watching.
        await service.save_progress(arrival, position_ms=0, watched=True, count_play=True)
        runtime.bus.playbackCompleted.emit(arrival)  # as the player announces it
        await until(
            lambda: "Arrival" not in _titles(home.continueWatching),
            what="Arrival gone from Continue watching",
        )
        assert _films(home.continueWatching)[:4] == ["Rear Window", "Moon", "Her", "Casablanca"]
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "home_live_after_playback")
        await shell.stop()

    event_loop_runner(scenario())
