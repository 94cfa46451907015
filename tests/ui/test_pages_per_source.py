"""Every page of the real window, for a Jellyfin, a Plex and a local folders source.

Each source is added and synced the way the app's data layer does it (SourceSetup, then
a real sync); the window then visits Home, the library (grid and list), a movie, a show
and search results, checks that the source's own data is shown, and writes a screenshot
of each page to tests/artifacts/pages_<source>_<page>.png. Any QML warning fails the test
(tests/ui/conftest.py).
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtQuick import QQuickItem

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.core.settings import Settings
from tests.clips import ClipMaker
from tests.ui.conftest import save_screenshot
from tests.ui.driving import (
    activate,
    click,
    focused,
    has,
    idle,
    item,
    key,
    settle,
    type_text,
    until,
    wind_down,
)
from tests.ui.library_data import fill
from tests.ui.pages import card, images_ready, open_library, open_window, role_values
from tests.ui.source_setups import KINDS, Expected, prepared

Runner = Callable[[Coroutine[Any, Any, Any]], Any]


def initial(title: str) -> str:
    """The letter a title files under: after a leading article, without accents."""
    words = title.split()
    if len(words) > 1 and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    return unicodedata.normalize("NFKD", words[0][0].casefold())[0]


async def check_home(shell: AppShell, expected: Expected, sources: int) -> None:
    home = shell.browser.home
    await until(lambda: home.recentlyAdded.count > 0, what="recently added")
    summary = f"{sources} source{'s' if sources > 1 else ''} · {expected.total:,} items"
    await until(lambda: item(shell, "homeSummary").property("text") == summary, what=summary)
    every = {*expected.movies, *expected.shows} | {
        title for season in expected.seasons.values() for title in season
    }
    assert set(role_values(home.recentlyAdded, "itemTitle")) & every
    if expected.in_progress:
        await until(
            lambda: set(role_values(home.continueWatching, "itemTitle")) == expected.in_progress,
            what="continue watching",
        )
        assert has(shell, "continueWatching")
    else:
        # Nothing started yet: the row says how it fills instead of leaving a hole.
        assert home.continueWatching.count == 0 and has(shell, "homeNothingStarted")


async def check_library(shell: AppShell, expected: Expected) -> None:
    await open_library(shell, expected.movies_library)
    items = shell.browser.library.items
    assert item(shell, "libraryTitle").property("text") == expected.movies_library
    count = len(expected.movies)
    assert item(shell, "libraryCount").property("text") == f"{count} item{'s' * (count != 1)}"
    assert sorted(role_values(items, "itemTitle")) == sorted(expected.movies)
    # Sorted by title as a reader expects, whatever sort title the server sent:
    # leading articles aside, case and accents ignored.
    letters = [initial(title) for title in role_values(items, "itemTitle")]
    latin = [letter for letter in letters if letter.isascii() and letter.isalpha()]
    assert latin == sorted(latin)
    years = dict(zip(role_values(items, "itemTitle"), role_values(items, "year"), strict=True))
    assert years == {title: year or 0 for title, year in expected.movies.items()}


async def wait_for_art(shell: AppShell, expected: Expected, root: QQuickItem, least: int) -> None:
    # Local items have no artwork from a server: still frames come later, text until then.
    if expected.kind != "local":
        await until(lambda: images_ready(root) >= least, what="posters")
    await asyncio.sleep(0.35)  # the fade-in


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_shows_the_sources_data(
    kind: str,
    tmp_path: Path,
    make_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    async def scenario() -> None:
        async with prepared(kind, tmp_path, clips) as ready:
            expected = ready.expected
            shell = make_shell(credentials=ready.credentials)
            try:
                await visit_every_page(shell, expected, sources=2 if kind == "local" else 1)
            finally:
                await shell.stop()

    event_loop_runner(scenario())


async def visit_every_page(shell: AppShell, expected: Expected, sources: int) -> None:
    kind = expected.kind
    await open_window(shell)

    # Home: the summary, what was started, what came in.
    await check_home(shell, expected, sources)
    await wait_for_art(shell, expected, item(shell, "homePage"), 3)
    save_screenshot(shell.window, f"pages_{kind}_home")

    # The movies library: every movie of the source, with its year; grid, then list.
    await check_library(shell, expected)
    grid = item(shell, "libraryGrid")
    await wait_for_art(shell, expected, grid, min(8, len(expected.movies)))
    save_screenshot(shell.window, f"pages_{kind}_library_grid")
    await click(shell, item(shell, "viewList"))
    await until(lambda: has(shell, "libraryList"), what="list view")
    await wait_for_art(shell, expected, item(shell, "libraryList"), 4)
    save_screenshot(shell.window, f"pages_{kind}_library_list")

    # A movie, opened with a click on its row (the first one, in view).
    title = role_values(shell.browser.library.items, "itemTitle")[0]
    assert title in expected.movies
    await click(shell, card(item(shell, "libraryList"), title))
    movie = shell.browser.movie
    await until(lambda: has(shell, "moviePage") and movie.detail.get("title") == title, what=title)
    await settle(shell)
    assert item(shell, "movieTitle").property("text") == title
    year = expected.movies[title]
    facts = str(item(shell, "movieFacts").property("text"))
    assert (str(year) in facts) if year else facts == "" or not facts[:4].isdigit()
    await asyncio.sleep(0.4)
    save_screenshot(shell.window, f"pages_{kind}_movie")
    await key(shell, Qt.Key.Key_Backspace)
    await until(lambda: has(shell, "libraryList"), what="back to the list")
    await settle(shell)
    await click(shell, item(shell, "viewGrid"))

    # The shows library, and a show with its seasons and episodes.
    await open_library(shell, expected.shows_library)
    items = shell.browser.library.items
    assert set(role_values(items, "itemTitle")) == expected.shows
    await click(shell, card(item(shell, "libraryGrid"), expected.show))
    show = shell.browser.show
    await until(lambda: has(shell, "showPage") and show.episodes.count > 0, what="episodes")
    await settle(shell)
    assert item(shell, "showTitle").property("text") == expected.show
    seasons = {row.season_number: row.id for row in show.seasons.rows()}
    assert set(seasons) == set(expected.seasons)
    for number, episodes in expected.seasons.items():
        await click(shell, item(shell, f"season{seasons[number]}"))
        await until(
            lambda n=number: (
                show.seasonId == seasons[n]
                and {r.season_number for r in show.episodes.rows()} == {n}
            ),
            what=f"season {number}",
        )
        assert {row.title for row in show.episodes.rows()} == episodes
    first = min(n for n in expected.seasons if n > 0)
    await click(shell, item(shell, f"season{seasons[first]}"))
    await until(lambda: show.seasonId == seasons[first], what="first season")
    await asyncio.sleep(0.4)
    save_screenshot(shell.window, f"pages_{kind}_show")

    # Search, from the keyboard: the word finds the source's items that hold it.
    await key(shell, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: has(shell, "searchPage"), what="search page")
    await settle(shell)
    await until(lambda: focused(shell) == "searchField", what="search field focused")
    search = shell.browser.search
    await type_text(shell, expected.search)
    # The query's read starts with it, and only then says it is loading: wait for its end.
    await until(
        lambda: search.query.lower() == expected.search.lower() and idle(shell, "search.query"),
        what="search",
    )
    await until(
        lambda: expected.found <= set(role_values(search.results, "itemTitle")), what="found"
    )
    assert (
        item(shell, "searchSummary")
        .property("text")
        .endswith(f"{search.results.count} result{'s' * (search.results.count != 1)}")
    )
    await wait_for_art(shell, expected, item(shell, "searchResults"), 1)
    save_screenshot(shell.window, f"pages_{kind}_search")

    # A word no title holds: the page says so, and what to try instead.
    await type_text(shell, "qxq")
    await until(lambda: search.query.endswith("qxq") and search.results.count == 0, what="none")
    await until(lambda: idle(shell, "search.query") and not search.isLoading, what="search done")
    summary = str(item(shell, "searchSummary").property("text"))
    assert summary.startswith(f"Nothing found for “{search.query}”") and "spelling" in summary


def test_a_library_that_is_gone_says_so_and_leads_home(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    filled = event_loop_runner(fill(DataPaths(tmp_path / "data").ensure()))
    gone = filled.shows_library + 100  # no such library: the last run ended on a removed one
    shell = make_shell(settings=replace(Settings(), last_page=f"library:{gone}"))
    library = shell.browser.library

    async def scenario() -> None:
        shell.start()
        await until(lambda: has(shell, "libraryPage") and library.libraryMissing, what="missing")
        await activate(shell)
        await until(lambda: has(shell, "libraryEmpty"), what="the empty state")
        assert item(shell, "libraryTitle").property("text") == "Library not found"
        said = str(item(shell, "libraryEmptyText").property("text"))
        assert said == library.errorMessage and "Choose another library" in said
        assert not has(shell, "libraryCount")
        await asyncio.sleep(0.3)
        save_screenshot(shell.window, "pages_library_missing")
        action = item(shell, "libraryEmptyAction")
        assert action.property("text") == "Go to Home"
        await click(shell, action)
        await until(lambda: has(shell, "homePage") and shell.browser.navigator.page == "home")
        # A library that is there still opens (its own error gone).
        await open_library(shell, "Movies")
        assert library.errorMessage == "" and not library.libraryMissing
        assert library.items.count == 18  # the fixture's films
        await wind_down(shell)

    event_loop_runner(scenario())
    event_loop_runner(shell.stop())
