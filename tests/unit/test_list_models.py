"""Every list model in reel_qt.ui under Qt's model testers, filled from a real store and
then changed the ways the app changes it: rows inserted, removed, moved, data changed.

Two testers watch each model through all its changes: pytest-qt's Python tester (which
asserts) and Qt's own QAbstractItemModelTester (which warns; any Qt warning fails the
test, see `qt_messages`).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
from array import array
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.modeltest import ModelTester

import reel_qt.ui
from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.repositories.browse import LibraryQuery
from reel_qt.store.service import DataService
from reel_qt.store.views import PosterRow
from reel_qt.ui.browser import BrowserViewModel
from reel_qt.ui.library_items_model import PAGE_SIZE, LibraryItemsModel
from reel_qt.ui.poster_list_model import PosterListModel
from reel_qt.ui.source_rows import load_source_rows
from reel_qt.ui.sources_model import SourcesListModel
from tests.factories import MOVIES, SHOWS, movie, show_tree
from tests.ui.conftest import event_loop_runner, qt_configured, qt_messages
from tests.ui.library_data import TITLES, movie_records

__all__ = ["event_loop_runner", "qt_configured", "qt_messages"]  # fixtures
Runner = Callable[[Any], Any]
#: The models this file covers; a new model in reel_qt.ui must be added here.
COVERED = {"LibraryItemsModel", "PosterListModel", "SourcesListModel"}


def _role(model: QAbstractItemModel, name: str) -> int:
    return next(r for r, n in model.roleNames().items() if bytes(n.data()) == name.encode())


def _column(model: QAbstractItemModel, name: str) -> list[Any]:
    role = _role(model, name)
    return [model.data(model.index(row, 0), role) for row in range(model.rowCount())]


@pytest.fixture
def watched_by_testers(
    request: pytest.FixtureRequest, qt_messages: list[str]
) -> Iterator[Callable[[QAbstractItemModel], None]]:
    """Put a model under both testers for the rest of the test (Qt's warns: a failure)."""
    kept: list[object] = []

    def watch(model: QAbstractItemModel) -> None:
        # One pytest-qt tester per model: each one follows a single model's changes.
        tester = ModelTester(request.config)
        tester.check(model, force_py=True)
        kept.append(tester)
        kept.append(
            QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
        )

    yield watch
    kept.clear()


async def _fill(service: DataService) -> tuple[int, int, int]:
    source = await service.add_source(type="jellyfin", name="Den", url="http://127.0.0.1:9")
    movies, shows = (await service.replace_libraries(source.id, [MOVIES, SHOWS])).created
    await service.upsert_items(source.id, movies, movie_records())
    await service.upsert_items(source.id, shows, show_tree("bb", "Breaking Bad", 2, 5))
    await service.finish_library_sync(source.id, [movies, shows])
    return source.id, movies, shows


async def _until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def test_every_list_model_is_covered_here() -> None:
    found = set()
    for module_info in pkgutil.walk_packages(reel_qt.ui.__path__, "reel_qt.ui."):
        module = importlib.import_module(module_info.name)
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, QAbstractItemModel) and value.__module__ == module.__name__:
                found.add(name)
    assert found == COVERED


def test_poster_lists_through_inserts_removes_moves_and_changes(
    service: DataService,
    watched_by_testers: Callable[[QAbstractItemModel], None],
    event_loop_runner: Runner,
) -> None:
    async def scenario() -> None:
        _, movies, _ = await _fill(service)
        ids = await service.library_ids(LibraryQuery(library_id=movies))
        rows: list[PosterRow] = await service.poster_rows(list(ids))
        assert [r.title for r in rows] == sorted(TITLES)  # the fixture, by title
        model = PosterListModel()
        watched_by_testers(model)
        counts: list[int] = []
        model.countChanged.connect(lambda: counts.append(model.rowCount()))

        model.set_rows(rows[:6])  # inserts into an empty model
        assert _column(model, "title") == sorted(TITLES)[:6]
        model.set_rows(rows[2:10])  # two removed at the front, four inserted at the end
        assert _column(model, "title") == sorted(TITLES)[2:10]
        reordered = list(reversed(rows[2:10]))  # every row moves
        model.set_rows(reordered)
        assert _column(model, "itemId") == [r.id for r in reordered]
        changed = [
            replace(r, watched=not r.watched) if n % 2 else r for n, r in enumerate(reordered)
        ]
        model.set_rows(changed)  # data changed in place, no row moves
        assert _column(model, "watched") == [r.watched for r in changed]
        mixed = [rows[0], *changed[3:6], rows[15], changed[0]]  # all at once
        model.set_rows(mixed)
        assert _column(model, "itemId") == [r.id for r in mixed]
        model.set_rows([])
        assert model.rowCount() == 0 and counts == [6, 8, 6, 0]

    event_loop_runner(scenario())


def test_home_and_search_lists_follow_the_store(
    service: DataService,
    watched_by_testers: Callable[[QAbstractItemModel], None],
    event_loop_runner: Runner,
) -> None:
    async def scenario() -> None:
        _, movies, _ = await _fill(service)
        tasks = TaskRegistry()
        browser = BrowserViewModel(tasks)
        home, search = browser.home, browser.search
        for model in (home.continueWatching, home.nextUp, home.recentlyAdded, search.results):
            watched_by_testers(model)
        browser.attach(service)
        await _until(lambda: home.hasLoaded)
        # In progress, in the fixture: every fifth film from the third, and the episodes.
        started = {t for n, t in enumerate(TITLES) if n % 5 == 2}
        assert started <= set(_column(home.continueWatching, "itemTitle"))

        # Watching one to the end takes it off Continue watching (a row removed).
        ids = await service.library_ids(LibraryQuery(library_id=movies, state="in-progress"))
        first = (await service.poster_rows([ids[0]]))[0]
        await service.set_watched_all(first.id, True)
        await _until(lambda: first.title not in _column(home.continueWatching, "itemTitle"))

        # A new film comes in: Recently added gains it (a row inserted at the top).
        source = (await service.list_sources())[0]
        arrival = movie("new", "Zodiac", year=2007, added_at=1_900_000_000_000)
        await service.upsert_items(source.id, movies, [arrival])
        await _until(lambda: _column(home.recentlyAdded, "itemTitle")[:1] == ["Zodiac"])

        # Search as you type: the results narrow, widen and empty.
        search.setQuery("b")
        await _until(lambda: search.results.count == 2)
        search.setQuery("bla")
        await _until(lambda: _column(search.results, "itemTitle") == ["Blade Runner"])
        search.setQuery("z")
        await _until(lambda: _column(search.results, "itemTitle") == ["Zodiac"])
        search.setQuery("")
        await _until(lambda: search.results.count == 0)
        browser.detach()
        await tasks.shutdown()

    event_loop_runner(scenario())


def test_the_library_grid_model_through_queries_windows_and_updates(
    service: DataService,
    watched_by_testers: Callable[[QAbstractItemModel], None],
    event_loop_runner: Runner,
) -> None:
    async def scenario() -> None:
        _, movies, _ = await _fill(service)
        tasks = TaskRegistry()
        browser = BrowserViewModel(tasks)
        library = browser.library
        items = library.items
        watched_by_testers(items)
        browser.attach(service)
        browser.navigator.jump("library", movies)
        await _until(lambda: items.count == len(TITLES) and items.loaded_pages() == 1)
        assert _column(items, "itemTitle") == sorted(TITLES)

        library.setWatchState("watched")  # a new query: the list starts afresh
        await _until(lambda: items.count == 4 and not library.isLoading)
        library.setWatchState("all")
        library.setSearchText("runn")
        await _until(lambda: _column(items, "itemTitle") == ["Blade Runner"])
        library.clearFilters()
        await _until(lambda: items.count == len(TITLES) and not library.isLoading)

        # A film marked watched elsewhere: its loaded row is re-read (data changed).
        target = items.itemId(0)
        await service.set_watched_all(target, True)
        await _until(lambda: _column(items, "watched")[0] is True)

        # A long list loads in windows, each a dataChanged over its rows.
        big = LibraryItemsModel(tasks, service.poster_rows)
        watched_by_testers(big)
        every = array("q", list(await service.library_ids(LibraryQuery(library_id=movies))) * 30)
        big.set_ids(every[:PAGE_SIZE], total=len(every))
        await big.prefetch(PAGE_SIZE)
        big.data(big.index(PAGE_SIZE * 3), _role(big, "title"))  # a view asks far down
        big.complete(every)
        await _until(lambda: big.loaded_pages() == 2)
        assert big.data(big.index(PAGE_SIZE * 3), _role(big, "loaded")) is True
        browser.detach()
        await tasks.shutdown()

    event_loop_runner(scenario())


def test_the_sources_model_through_adds_syncs_and_removals(
    service: DataService,
    watched_by_testers: Callable[[QAbstractItemModel], None],
    event_loop_runner: Runner,
) -> None:
    async def scenario() -> None:
        first, _, _ = await _fill(service)
        model = SourcesListModel()
        watched_by_testers(model)
        model.set_rows(await load_source_rows(service, set()))
        assert _column(model, "name") == ["Den"]
        assert _column(model, "itemCount") == [len(TITLES) + 1 + 2 + 10]

        second = await service.add_source(type="local", name="Films", config={"paths": ["/x"]})
        model.set_rows(await load_source_rows(service, set()))  # a row inserted
        assert _column(model, "name") == ["Den", "Films"]

        model.sync_started(second.id)  # live roles of one row change
        model.sync_progress(second.id, 0, 3, 10)
        model.set_rows(await load_source_rows(service, {second.id}))
        model.sync_ended(second.id)
        await service.update_source(first, online=False)
        model.set_rows(await load_source_rows(service, set()))  # a row's data changed
        assert _column(model, "status")[0] == "offline"

        await service.remove_source(first)
        model.set_rows(await load_source_rows(service, set()))  # a row removed
        assert _column(model, "name") == ["Films"]
        model.set_rows([])
        assert model.rowCount() == 0

    event_loop_runner(scenario())
