"""Browsing the real window: home rows, a library's grid, sort, filter, search, details, back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickItem

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.core.settings import SettingsStore
from tests.ui.conftest import save_screenshot
from tests.ui.driving import (
    activate,
    click,
    has,
    idle,
    item,
    key,
    open_popup,
    settle,
    type_text,
    until,
    wind_down,
)
from tests.ui.library_data import Filled, fill

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
ALT = Qt.KeyboardModifier.AltModifier


def _images_ready(root: QQuickItem, name: str = "posterImage") -> int:
    """How many images called name have loaded."""
    count = 1 if root.objectName() == name and root.property("ready") else 0
    return count + sum(_images_ready(child, name) for child in root.childItems())


def _record_plays(shell: AppShell) -> list[tuple[int, int]]:
    """Catch play requests instead of the player (these items have nothing to play)."""
    played: list[tuple[int, int]] = []
    shell.browser.playRequested.disconnect(shell.player.playItemAt)
    shell.browser.playRequested.connect(lambda item_id, start: played.append((item_id, start)))
    return played


def _focused(shell: AppShell) -> str:
    focused = shell.window.activeFocusItem()
    return "" if focused is None else focused.objectName() or type(focused).__name__


def _page(shell: AppShell) -> str:
    return shell.browser.navigator.page


async def _open_window(shell: AppShell) -> None:
    shell.start()
    await until(lambda: has(shell, "homePage") and shell.browser.home.continueWatching.count > 0)
    await activate(shell)


def test_browse_a_library_by_keyboard_and_mouse(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    filled: Filled = event_loop_runner(fill(DataPaths(tmp_path / "data").ensure()))
    shell = make_shell()
    library = shell.browser.library
    items = library.items
    played = _record_plays(shell)

    async def scenario() -> None:
        await _open_window(shell)
        await until(lambda: _images_ready(shell.window.contentItem()) >= 3, what="home posters")
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "browse_home")

        # The sidebar opens the library; its posters come from the image cache.
        await click(shell, item(shell, f"library{filled.movies_library}"))
        await until(lambda: has(shell, "libraryGrid") and items.count == 18)
        await settle(shell)
        await until(lambda: _images_ready(item(shell, "libraryGrid")) >= 12, what="grid posters")
        assert item(shell, "libraryTitle").property("text") == "Movies"
        assert item(shell, "libraryCount").property("text") == "18 items"
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "browse_library_grid")

        # Sort by year with the keyboard, through the drop-down: newest first.
        await open_popup(shell, item(shell, "sortBox"))
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        # The sort's read starts with the change: until it ends, the rows are by title.
        await until(lambda: library.sortKey == "year" and idle(shell, "library.query"))
        await until(lambda: items.loaded_pages() > 0)
        assert items.itemId(0) == max(items.itemId(i) for i in range(18))  # 2007 is the last id

        # Filter: only what is not watched yet.
        await open_popup(shell, item(shell, "stateBox"))
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: library.watchState == "unwatched" and items.count == 14)

        # Search as you type; Backspace in the field edits the text, it does not go back.
        await click(shell, item(shell, "librarySearch"))
        await type_text(shell, "dunx")
        await until(lambda: library.searchText == "dunx" and items.count == 0)
        await until(lambda: has(shell, "libraryEmpty"), what="the empty state")
        await key(shell, Qt.Key.Key_Backspace)
        await until(lambda: library.searchText == "dun" and items.count == 1)
        assert _page(shell) == "library"

        # Down into the grid, Enter opens the movie.
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: has(shell, "moviePage") and shell.browser.movie.detail.get("title"))
        await settle(shell)
        assert item(shell, "movieTitle").property("text") == "Dune"
        await until(lambda: has(shell, "backdropImage"))
        await asyncio.sleep(0.4)
        save_screenshot(shell.window, "browse_movie")
        await click(shell, item(shell, "playButton"))
        assert played[-1][0] == shell.browser.movie.itemId

        # Backspace goes back, to the library as it was left.
        await key(shell, Qt.Key.Key_Backspace)
        await until(lambda: _page(shell) == "library" and has(shell, "libraryGrid"))
        await settle(shell)
        assert (library.sortKey, library.watchState, library.searchText) == (
            "year",
            "unwatched",
            "dun",
        )
        await click(shell, item(shell, "clearFilters"))
        await until(lambda: items.count == 18, what="filters cleared")

        # A click opens a poster; Alt+Left and the mouse's back button return.
        await until(lambda: _images_ready(item(shell, "libraryGrid")) >= 12)
        posters = [p for p in _all(item(shell, "libraryGrid"), "posterImage")]
        await click(shell, posters[0])
        await until(lambda: _page(shell) == "movie" and has(shell, "moviePage"))
        await settle(shell)
        await key(shell, Qt.Key.Key_Left, ALT)
        await until(lambda: _page(shell) == "library")
        await settle(shell)
        await click(shell, posters[1])
        await until(lambda: _page(shell) == "movie")
        await settle(shell)
        await click(shell, item(shell, "movieTitle"), Qt.MouseButton.BackButton)
        await until(lambda: _page(shell) == "library")
        await settle(shell)

        # The list view.
        await click(shell, item(shell, "viewList"))
        await until(lambda: has(shell, "libraryList"))
        await asyncio.sleep(0.4)
        save_screenshot(shell.window, "browse_library_list")
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())
    assert (
        SettingsStore(shell.paths.settings).load().last_page == f"library:{filled.movies_library}"
    )


def _all(root: QQuickItem, name: str) -> list[QQuickItem]:
    found = [root] if root.objectName() == name else []
    for child in root.childItems():
        found += _all(child, name)
    return found


def test_open_a_show_mark_a_season_and_play_next(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    filled = event_loop_runner(fill(DataPaths(tmp_path / "data").ensure()))
    shell = make_shell()
    show = shell.browser.show
    played = _record_plays(shell)

    async def scenario() -> None:
        await _open_window(shell)
        await click(shell, item(shell, f"library{filled.shows_library}"))
        await until(lambda: shell.browser.library.items.count == 1)
        await until(lambda: _images_ready(item(shell, "libraryGrid")) == 1)
        await click(shell, _all(item(shell, "libraryGrid"), "posterImage")[0])
        await until(lambda: has(shell, "showPage") and show.episodes.count == 5)
        await settle(shell)
        assert item(shell, "showTitle").property("text") == "Breaking Bad"
        # Episode 1 of each season is watched: next up is S2 · E2 (after the last watched).
        assert show.nextEpisodeText == "S2 · E2 · Episode 2"
        await asyncio.sleep(0.4)
        save_screenshot(shell.window, "browse_show")

        await click(shell, item(shell, "playNextButton"))
        assert played and played[-1][1] == 2 * 60_000  # resumes where it was left

        seasons = show.seasons.rows()
        await click(shell, item(shell, f"season{seasons[0].id}"))
        await until(
            lambda: show.seasonId == seasons[0].id and show.episodes.rows()[0].season_number == 1
        )
        await click(shell, item(shell, "seasonWatchedButton"))
        await until(lambda: all(row.watched for row in show.episodes.rows()))
        assert shell.runtime is not None
        pending = await shell.runtime.service.pending_progress()
        assert len(pending) >= 6  # the season and its five episodes, queued for the server

        await key(shell, Qt.Key.Key_Backspace)
        await until(lambda: _page(shell) == "library")
        await settle(shell)
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_search_every_source_from_the_keyboard(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    event_loop_runner(fill(DataPaths(tmp_path / "data").ensure()))
    shell = make_shell()
    search = shell.browser.search

    async def scenario() -> None:
        await _open_window(shell)
        await key(shell, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: has(shell, "searchPage"))
        await settle(shell)
        await until(lambda: _focused(shell) == "searchField", what=f"focus on {_focused(shell)}")
        await type_text(shell, "b")
        await until(lambda: search.results.count >= 2)
        groups = [row.type for row in search.results.rows()]
        assert groups == sorted(groups, key=["movie", "show", "season", "episode"].index)
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "browse_search")
        await type_text(shell, "reaking")
        await until(lambda: [r.type for r in search.results.rows()] == ["show"])
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: _page(shell) == "show" and has(shell, "showPage"))
        await settle(shell)
        await key(shell, Qt.Key.Key_Left, ALT)
        await until(lambda: _page(shell) == "search" and has(shell, "searchPage"))
        await settle(shell)
        assert search.query == "breaking"
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())
    image = QImage(str(Path(__file__).parents[1] / "artifacts" / "browse_search.png"))
    assert not image.isNull()
