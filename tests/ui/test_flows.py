"""Whole flows through the real window, by keyboard and mouse.

- Each library keeps its own sort, filters, search text and scroll position.
- Open a library, sort, filter, search, open a movie, play it in the real player
  (libmpv under Xvfb) and come back: the library is as it was, the movie shows the
  new progress. The same from a local folder source (the watcher, the still-frame
  service and the player's progress all run together there).
- The Plex server goes away: the library, a movie and search still work, posters come
  from the cache, and the sidebar says the source is offline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from reel_qt.app import AppShell
from reel_qt.backends.jellyfin.signin import sign_in_with_password
from reel_qt.core.paths import DataPaths
from reel_qt.runtime import Runtime
from reel_qt.sync.credentials import CredentialStore
from tests.clips import ClipMaker
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.keyrings import InMemoryKeyring
from tests.local_tree import PLAIN
from tests.player.conftest import ServerThread, make_player_shell
from tests.ui.conftest import save_screenshot
from tests.ui.driving import (
    click,
    focused,
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
from tests.ui.library_data import fill
from tests.ui.pages import (
    card,
    images_ready,
    open_library,
    open_window,
    role_values,
    text_shown,
)
from tests.ui.source_setups import LONG, prepared

__all__ = ["make_player_shell"]  # a fixture: the window with the real player
Runner = Callable[[Coroutine[Any, Any, Any]], Any]


def top_row(shell: AppShell, name: str) -> int:
    """The first row in view of the grid or list called name."""
    view = item(shell, name)
    x, y = view.property("contentX") + 1, view.property("contentY") + 1
    row: int = view.indexAt(x, y)  # type: ignore[attr-defined]
    return row


async def choose(shell: AppShell, box: str, downs: int) -> None:
    """Open a drop-down with the mouse and pick an entry with the keyboard."""
    await open_popup(shell, item(shell, box))
    for _ in range(downs):
        await key(shell, Qt.Key.Key_Down)
    await key(shell, Qt.Key.Key_Return)


def test_each_library_keeps_its_sort_filters_search_and_place(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    filled = event_loop_runner(fill(DataPaths(tmp_path / "data").ensure()))
    shell = make_shell()
    library = shell.browser.library
    items = library.items

    async def scenario() -> None:
        await open_window(shell)
        await open_library(shell, "Movies")
        assert items.count == 18  # the fixture's eighteen films

        # Library A: newest first, unwatched only, as a list scrolled to the end by keyboard.
        await choose(shell, "sortBox", 1)
        await until(lambda: library.sortKey == "year" and idle(shell, "library.query"), what="sort")
        await choose(shell, "stateBox", 1)
        await until(lambda: library.watchState == "unwatched" and items.count == 14)
        await click(shell, item(shell, "viewList"))
        await until(lambda: has(shell, "libraryList"), what="list view")
        await click(shell, item(shell, "librarySearch"))
        for _ in range(14):  # from the search field into the list, then to its last row
            await key(shell, Qt.Key.Key_Down)
        # The list glides there; the page saves its place once scrolling stops.
        await until(
            lambda: library.scrollRow > 0 and library.scrollRow == top_row(shell, "libraryList"),
            what="scrolled and saved",
        )
        await asyncio.sleep(0.5)
        place = top_row(shell, "libraryList")
        assert library.scrollRow == place

        # Library B has its own state: the defaults.
        await open_library(shell, "TV Shows")
        assert (library.sortKey, library.watchState, library.searchText) == ("title", "all", "")
        assert library.viewMode == "grid" and items.count == 1
        assert has(shell, "libraryGrid")

        # Back to A: as it was left, scroll position included.
        await open_library(shell, "Movies")
        assert (library.sortKey, library.watchState, library.viewMode) == (
            "year",
            "unwatched",
            "list",
        )
        assert items.count == 14
        await until(lambda: top_row(shell, "libraryList") == place, what="place restored")
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "flow_library_state_kept")

        # A search typed in A stays with A, not B.
        await click(shell, item(shell, "librarySearch"))
        await type_text(shell, "in")
        await until(lambda: library.searchText == "in" and idle(shell, "library.query"))
        found = items.count
        await open_library(shell, "TV Shows")
        assert library.viewMode == "grid" and library.searchText == ""
        await open_library(shell, "Movies")
        assert library.searchText == "in" and items.count == found
        assert item(shell, "librarySearch").property("text") == "in"
        assert filled.movies_library == library.libraryId
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())


def test_sort_filter_search_play_a_movie_and_come_back(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    server = FakeJellyfin(size="small", seed=1)
    chosen = next(m for m in server.library.movies if m.name == "The Last Harbor")
    server.set_media(chosen.id, clips.make(LONG))
    credentials = CredentialStore(InMemoryKeyring())

    async def scenario() -> None:
        await synced_jellyfin(tmp_path, server, credentials)
        shell = make_player_shell(credentials=credentials)
        try:
            await play_and_come_back(shell, server)
        finally:
            await shell.stop()

    # The server on a thread of its own, as mpv streams from it (tests/player/conftest.py).
    with ServerThread(server):
        event_loop_runner(scenario())


async def synced_jellyfin(
    tmp_path: Path, server: FakeJellyfin, credentials: CredentialStore
) -> None:
    """Sign in to the fake server and sync it into the data dir the shell opens."""
    runtime = await Runtime.create(DataPaths(tmp_path / "data"), credentials=credentials)
    try:
        signed_in = await sign_in_with_password(
            server.url, server.username, server.password, runtime.identity
        )
        await runtime.setup.add_jellyfin(signed_in)
        await runtime.sync.sync_sources()
    finally:
        await asyncio.to_thread(runtime.close)


async def play_and_come_back(shell: AppShell, server: FakeJellyfin) -> None:
    library, movie, player = shell.browser.library, shell.browser.movie, shell.player
    items = library.items
    movies = server.library.movies
    await open_window(shell)
    await open_library(shell, "Movies")
    assert sorted(role_values(items, "itemTitle")) == sorted(m.name for m in movies)

    # Sort by year (newest first), unwatched only, then search.
    await choose(shell, "sortBox", 1)
    await until(lambda: library.sortKey == "year" and idle(shell, "library.query"), what="sort")
    newest = max(m.year or 0 for m in movies)
    assert role_values(items, "year")[0] == newest
    await choose(shell, "stateBox", 1)
    unwatched = sum(1 for m in movies if not m.played)
    await until(lambda: library.watchState == "unwatched" and items.count == unwatched)
    await click(shell, item(shell, "librarySearch"))
    await type_text(shell, "harbo")
    await until(lambda: library.searchText == "harbo" and items.count == 1, what="search")

    # Down into the grid, Enter opens the movie; Play starts the real player.
    await key(shell, Qt.Key.Key_Down)
    await key(shell, Qt.Key.Key_Return)
    await until(lambda: has(shell, "moviePage") and movie.detail.get("title") == "The Last Harbor")
    await settle(shell)
    assert item(shell, "playButton").property("text").endswith("Play")
    frames: list[bool] = []
    player.firstFrame.connect(lambda: frames.append(True))
    await click(shell, item(shell, "playButton"))
    await until(lambda: bool(frames), seconds=60, what="first frame")
    await until(lambda: player.state.position >= 3.0, what="three seconds played")

    # Esc leaves the player: the movie page again, with the new progress.
    await key(shell, Qt.Key.Key_Escape)
    await until(lambda: not player.active, what="player closed")
    await settle(shell)  # the page is back before any key goes to it
    await until(lambda: movie.detail.get("positionMs", 0) >= 3000, what="progress shown")
    assert has(shell, "moviePage") and shell.browser.navigator.page == "movie"
    position_ms = int(movie.detail["positionMs"])
    assert position_ms < 12_000  # stopped part-way through the twelve-second clip
    await until(lambda: has(shell, "startOverButton"), what="start over offered")
    resume = item(shell, "playButton").property("text")
    minutes, seconds = divmod(position_ms // 1000, 60)
    assert resume.endswith(f"Resume from {minutes}:{seconds:02d}")
    await asyncio.sleep(0.3)
    save_screenshot(shell.window, "flow_movie_progress")

    # Back: the library as it was left.
    await key(shell, Qt.Key.Key_Backspace)
    await until(lambda: shell.browser.navigator.page == "library" and has(shell, "libraryGrid"))
    await settle(shell)
    assert (library.sortKey, library.watchState, library.searchText) == (
        "year",
        "unwatched",
        "harbo",
    )
    assert items.count == 1 and item(shell, "librarySearch").property("text") == "harbo"
    # Its poster now shows the progress too.
    await until(lambda: 0 < role_values(items, "progress")[0] < 1, what="progress on the card")

    # And Home offers to continue it.
    await click(shell, item(shell, "navHome"))
    home = shell.browser.home
    await until(
        lambda: "The Last Harbor" in role_values(home.continueWatching, "itemTitle"),
        what="continue watching",
    )


#: The local films folder of the local flow: title -> year, from the folder names below.
LOCAL_FILMS = {"Harbor Lights": 2004, "Heat": 1995, "Amélie": 2001, "Inception": 2010}


async def local_films(tmp_path: Path, clips: ClipMaker, credentials: CredentialStore) -> Path:
    """A local "Films" folder (one twelve-second film, three short ones), added and scanned."""
    films = tmp_path / "media" / "Films"
    for title, year in LOCAL_FILMS.items():
        spec = LONG if title == "Harbor Lights" else PLAIN
        clips.place(spec, films / f"{title} ({year})" / f"{title} ({year}).mkv")
    runtime = await Runtime.create(DataPaths(tmp_path / "data"), credentials=credentials)
    try:
        await runtime.setup.add_local([str(films)], kind="movies")
        results = await runtime.sync.sync_sources()
        assert all(r.ok for r in results), results
    finally:
        await asyncio.to_thread(runtime.close)
    return films


def test_play_a_local_film_and_come_back(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())

    async def scenario() -> None:
        await local_films(tmp_path, clips, credentials)
        shell = make_player_shell(credentials=credentials)
        try:
            await play_local_and_come_back(shell)
        finally:
            await shell.stop()

    event_loop_runner(scenario())


async def play_local_and_come_back(shell: AppShell) -> None:
    """The play flow on a local folder: sort, search, play, Esc, and the progress shows."""
    library, movie, player = shell.browser.library, shell.browser.movie, shell.player
    items = library.items
    await open_window(shell)
    await open_library(shell, "Films")
    assert sorted(role_values(items, "itemTitle")) == sorted(LOCAL_FILMS)
    await choose(shell, "sortBox", 1)
    await until(lambda: library.sortKey == "year" and idle(shell, "library.query"), what="sort")
    assert role_values(items, "year") == sorted(LOCAL_FILMS.values(), reverse=True)
    await click(shell, item(shell, "librarySearch"))
    await type_text(shell, "harbo")
    await until(lambda: library.searchText == "harbo" and items.count == 1, what="search")
    await key(shell, Qt.Key.Key_Down)
    await key(shell, Qt.Key.Key_Return)
    await until(lambda: has(shell, "moviePage") and movie.detail.get("title") == "Harbor Lights")
    await settle(shell)
    frames: list[bool] = []
    player.firstFrame.connect(lambda: frames.append(True))
    await click(shell, item(shell, "playButton"))
    await until(lambda: bool(frames), seconds=60, what="first frame")
    await until(lambda: player.state.position >= 3.0, what="three seconds played")

    await key(shell, Qt.Key.Key_Escape)
    await until(lambda: not player.active, what="player closed")
    await settle(shell)  # the page is back before any key goes to it
    await until(lambda: movie.detail.get("positionMs", 0) >= 3000, what="progress shown")
    position_ms = int(movie.detail["positionMs"])
    assert position_ms < 12_000  # stopped part-way through the twelve-second clip
    await until(lambda: has(shell, "startOverButton"), what="start over offered")
    minutes, seconds = divmod(position_ms // 1000, 60)
    resume = item(shell, "playButton").property("text")
    assert resume.endswith(f"Resume from {minutes}:{seconds:02d}")
    await asyncio.sleep(0.3)
    save_screenshot(shell.window, "flow_local_movie_progress")

    await key(shell, Qt.Key.Key_Backspace)
    await until(lambda: shell.browser.navigator.page == "library" and has(shell, "libraryGrid"))
    await settle(shell)
    assert (library.sortKey, library.searchText, items.count) == ("year", "harbo", 1)
    await until(lambda: 0 < role_values(items, "progress")[0] < 1, what="progress on the card")
    await click(shell, item(shell, "navHome"))
    home = shell.browser.home
    await until(
        lambda: "Harbor Lights" in role_values(home.continueWatching, "itemTitle"),
        what="continue watching",
    )


@pytest.mark.expect_log_warnings  # the failed sync of the stopped server is logged
def test_plex_goes_offline_and_browsing_goes_on(
    tmp_path: Path,
    make_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    async def scenario() -> None:
        async with prepared("plex", tmp_path, clips) as ready:
            shell = make_shell(credentials=ready.credentials)
            try:
                await browse_offline(shell, ready)
            finally:
                await shell.stop()

    event_loop_runner(scenario())


async def browse_offline(shell: AppShell, ready: Any) -> None:
    expected = ready.expected
    library, movie, search = shell.browser.library, shell.browser.movie, shell.browser.search
    await open_window(shell)

    # Online: the grid's posters come from the server (and land in the cache).
    await open_library(shell, expected.movies_library)
    await until(lambda: images_ready(item(shell, "libraryGrid")) >= 8, what="posters")
    loader = shell.artwork_loader
    assert loader is not None and loader.downloads >= 8
    title = role_values(library.items, "itemTitle")[0]

    # The server goes away; the next sync finds out and says so in the sidebar.
    await ready.stop()
    scheduler = shell.scheduler
    assert scheduler is not None and shell.runtime is not None
    shell.tasks.start("sync.scheduler", scheduler.run(startup_delay_s=0))
    await until(
        lambda: [row.status for row in shell.shell.sources.rows()] == ["offline"],
        seconds=30,
        what="source offline",
    )
    status = shell.shell.sources.rows()[0].status_text
    assert "offline" in status.lower()
    assert text_shown(item(shell, "sidebar"), status)
    shell.tasks.cancel("sync.scheduler")
    downloads = loader.downloads

    # Browsing goes on from the database and the image cache.
    shell.browser.navigator.jump("home", 0)
    await until(lambda: has(shell, "homePage"))
    await open_library(shell, expected.movies_library)
    assert library.items.count == len(expected.movies)
    await until(lambda: images_ready(item(shell, "libraryGrid")) >= 8, what="cached posters")
    assert loader.downloads == downloads
    await asyncio.sleep(0.3)
    save_screenshot(shell.window, "flow_plex_offline_library")
    await click(shell, card(item(shell, "libraryGrid"), title))
    await until(lambda: has(shell, "moviePage") and movie.detail.get("title") == title)
    await settle(shell)
    assert movie.errorMessage == "" and item(shell, "movieTitle").property("text") == title

    await key(shell, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: has(shell, "searchPage"), what="search page")
    await settle(shell)
    await until(lambda: focused(shell) == "searchField", what="search field focused")
    await type_text(shell, expected.search)
    await until(
        lambda: expected.found <= set(role_values(search.results, "itemTitle")),
        what="found offline",
    )
    assert search.errorMessage == ""
    await asyncio.sleep(0.3)
    save_screenshot(shell.window, "flow_plex_offline_search")
