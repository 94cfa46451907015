"""Browsing view-models over a real store: qtmodeltester on every list model, queries, stack."""

from __future__ import annotations

import asyncio
from array import array
from collections.abc import Callable
from typing import Any

import pytest

from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.repositories.browse import LibraryQuery
from reel_qt.store.service import DataService
from reel_qt.ui.browser import BrowserViewModel
from reel_qt.ui.library_items_model import PAGE_SIZE, LibraryItemsModel
from reel_qt.ui.navigator import Navigator
from reel_qt.ui.sources_model import LibraryRow, SourceRow, SourcesListModel
from tests.factories import MOVIES, SHOWS, show_tree
from tests.ui.conftest import event_loop_runner, qt_configured
from tests.ui.library_data import movie_records

__all__ = ["event_loop_runner", "qt_configured"]  # fixtures: Qt models need the qasync loop
Runner = Callable[[Any], Any]


def _role(model: Any, name: str) -> int:
    return next(r for r, n in model.roleNames().items() if bytes(n.data()) == name.encode())


async def _fill(service: DataService) -> tuple[int, int]:
    source = await service.add_source(type="jellyfin", name="Home", url="http://127.0.0.1:9")
    movies, shows = (await service.replace_libraries(source.id, [MOVIES, SHOWS])).created
    await service.upsert_items(source.id, movies, movie_records())
    await service.upsert_items(source.id, shows, show_tree("bb", "Breaking Bad", 2, 5))
    await service.finish_library_sync(source.id, [movies, shows])
    return movies, shows


async def _until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def _ids(service: DataService, library_id: int, **query: Any) -> list[str]:
    ids = await service.library_ids(LibraryQuery(library_id=library_id, **query))
    return [row.title for row in await service.poster_rows(list(ids))]


async def test_library_queries_sort_filter_and_search(service: DataService) -> None:
    movies, _ = await _fill(service)
    titles = await _ids(service, movies)
    assert titles[:3] == ["Arrival", "Blade Runner", "Casablanca"] and len(titles) == 18
    assert (await _ids(service, movies, sort="year", descending=True))[0] == "Rear Window"
    assert (await _ids(service, movies, sort="rating", descending=True))[0] == "Eternal Sunshine"
    assert (await _ids(service, movies, sort="added", descending=True))[0] == "Rear Window"
    assert (await _ids(service, movies, sort="watched", descending=True))[0] == "Rear Window"
    assert (await _ids(service, movies, sort="duration"))[0] == "Arrival"
    assert await _ids(service, movies, genre="Comedy") == [
        "Blade Runner",
        "Gravity",
        "Lost in Translation",
        "Quiz Show",
    ]
    assert await _ids(service, movies, year_from=2005, year_to=2006) == ["Parasite", "Quiz Show"]
    assert len(await _ids(service, movies, state="watched")) == 4
    assert len(await _ids(service, movies, state="unwatched")) == 14
    assert len(await _ids(service, movies, state="in-progress")) == 4
    assert len(await _ids(service, movies, min_rating=9.0)) == 3
    assert await _ids(service, movies, text="runn") == ["Blade Runner"]
    assert await _ids(service, movies, text='"(*') == titles  # no words: no constraint
    assert await service.library_genres(movies) == [
        "Animation",
        "Comedy",
        "Drama",
        "Science Fiction",
        "Thriller",
    ]


def test_every_list_model_passes_the_model_tester(
    service: DataService, qtmodeltester: Any, event_loop_runner: Runner
) -> None:
    async def scenario() -> None:
        movies, _ = await _fill(service)
        tasks = TaskRegistry()
        browser = BrowserViewModel(tasks)
        browser.attach(service)
        browser.navigator.jump("library", movies)
        items = browser.library.items
        await _until(lambda: items.count == 18 and items.loaded_pages() == 1)
        qtmodeltester.check(items)

        await _until(lambda: browser.home.recentlyAdded.count > 0)
        for model in (
            browser.home.continueWatching,
            browser.home.nextUp,
            browser.home.recentlyAdded,
        ):
            qtmodeltester.check(model)

        browser.search.setQuery("b")
        await _until(lambda: browser.search.results.count == 2)
        qtmodeltester.check(browser.search.results)

        sources = SourcesListModel()
        sources.set_rows([SourceRow(1, "plex", "Den", 3, "ok", "ok", (LibraryRow(1, "Films", 3),))])
        qtmodeltester.check(sources)
        browser.detach()
        await tasks.shutdown()

    event_loop_runner(scenario())


def test_a_huge_list_holds_only_the_windows_it_shows(
    service: DataService, event_loop_runner: Runner
) -> None:
    async def scenario() -> None:
        movies, _ = await _fill(service)
        tasks = TaskRegistry()
        model = LibraryItemsModel(tasks, service.poster_rows)
        ids = await service.library_ids(LibraryQuery(library_id=movies))
        model.set_ids(array("q", list(ids) * 2000))  # 36,000 rows of 18 items
        assert model.rowCount() == 36_000 and model.loaded_pages() == 0
        index = model.index(20_000)
        assert model.data(index, _role(model, "loaded")) is False
        await _until(lambda: model.loaded_pages() == 1)
        assert model.data(index, _role(model, "title")) != ""
        assert model.loaded_pages() == 1 and 20_000 // PAGE_SIZE in model._pages
        await tasks.shutdown()

    event_loop_runner(scenario())


def test_the_navigator_pushes_pops_jumps_and_restores() -> None:
    nav = Navigator()
    moves: list[str] = []
    nav.navigated.connect(moves.append)
    nav.push("library", 4)
    nav.push("movie", 9)
    nav.push("nowhere", 1)  # unknown pages are refused
    assert [r.encode() for r in nav.history()] == ["home", "library:4", "movie:9"]
    assert nav.last_page() == "library:4"  # a details page reopens its list
    nav.back()
    assert (nav.page, nav.itemId, nav.canGoBack) == ("library", 4, True)
    nav.jump("search", 0)
    assert [r.encode() for r in nav.history()] == ["home", "search"]
    nav.jump("home", 0)
    assert not nav.canGoBack
    assert moves == ["push", "push", "pop", "reset", "reset"]
    fresh = Navigator()
    fresh.restore("library:12")
    assert fresh.route.encode() == "library:12"
    for bad in ("movie:3", "library:x", ""):
        other = Navigator()
        other.restore(bad)
        assert other.page == "home"


@pytest.mark.parametrize("watched", [True, False])
async def test_marking_a_show_marks_every_episode_and_queues_the_push(
    service: DataService, watched: bool
) -> None:
    _, shows = await _fill(service)
    show = (
        await service.poster_rows(list(await service.library_ids(LibraryQuery(library_id=shows))))
    )[0]
    changed = await service.set_watched_all(show.id, watched)
    assert len(changed) == 1 + 10  # the show and its ten episodes
    pending = set(await service.pending_progress())
    assert set(changed) <= pending
    assert await service.next_episode(show.id) == (None if watched else changed[1])


def test_a_head_shows_first_and_the_rest_loads_once_complete(
    service: DataService, event_loop_runner: Runner
) -> None:
    async def scenario() -> None:
        movies, _ = await _fill(service)
        tasks = TaskRegistry()
        model = LibraryItemsModel(tasks, service.poster_rows)
        ids = array("q", list(await service.library_ids(LibraryQuery(library_id=movies))) * 20)
        model.set_ids(ids[:PAGE_SIZE], total=len(ids))
        assert model.rowCount() == len(ids)
        await model.prefetch(PAGE_SIZE)
        beyond = model.index(PAGE_SIZE + 5)
        assert model.data(beyond, _role(model, "loaded")) is False
        await asyncio.sleep(0.05)  # asked for, but past the head: it waits for the ids
        assert model.loaded_pages() == 1
        model.complete(ids)
        await _until(lambda: model.loaded_pages() == 2)
        assert model.data(beyond, _role(model, "loaded")) is True
        await tasks.shutdown()

    event_loop_runner(scenario())
