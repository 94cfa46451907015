"""The sync manager pages, resumes after interruption, deletes what vanished, reports."""

from __future__ import annotations

import pytest

from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.errors import AuthenticationError, BackendConnectionError
from reel_qt.core.events import EventBus
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.service import DataService
from reel_qt.sync.manager import SyncManager
from tests.event_recorder import EventRecorder
from tests.factories import MOVIES, SHOWS, movie, show_tree
from tests.fakes.memory_backend import MemoryBackend


def _backend(**overrides: object) -> MemoryBackend:
    records = {
        MOVIES.remote_id: [movie(f"m{i}", f"Film {i}") for i in range(5)],
        SHOWS.remote_id: list(reversed(show_tree("s", "Show", 1, 2))),  # children first
    }
    return MemoryBackend(libraries_served=[MOVIES, SHOWS], records=records, **overrides)  # type: ignore[arg-type]


async def _setup(service: DataService, backend: MemoryBackend) -> tuple[SyncManager, int]:
    source = await service.add_source(type="jellyfin", name="Home")
    manager = SyncManager(service, BackendRegistry({"jellyfin": lambda _s: backend}))
    return manager, source.id


async def test_full_sync_stores_everything_and_reports_progress(
    service: DataService, bus: EventBus
) -> None:
    backend = _backend()
    manager, source_id = await _setup(service, backend)
    rec = EventRecorder(bus)
    [result] = await manager.sync_sources()
    assert result.ok and result.items_written == 9
    rows = await service.list_items(ItemFilter(source_id=source_id))
    assert len(rows) == 9
    episodes = [r for r in rows if r.type == "episode"]
    assert all(r.parent_id is not None for r in episodes)  # linked although children came first
    progress = [args for name, args in rec.events if name == "syncProgress"]
    # One report per committed batch (pages that queued up behind the writer are written
    # together): counts rise at page boundaries (pages of 2) up to each library's total.
    by_library: dict[int, list[tuple[int, int]]] = {}
    for _, library_id, done, total in progress:
        by_library.setdefault(library_id, []).append((done, total))
    assert [steps[-1] for steps in by_library.values()] == [(5, 5), (4, 4)]
    for steps in by_library.values():
        done = [d for d, _ in steps]
        assert done == sorted(set(done))
        assert all(d % 2 == 0 or d == total for d, total in steps)
    assert rec.names()[0] == "syncStarted" and "syncCompleted" in rec.names()
    source = await service.get_source(source_id)
    assert source.last_sync_at is not None and source.last_error is None
    assert backend.closed == 1


@pytest.mark.expect_log_warnings
async def test_interrupted_sync_keeps_committed_pages_and_resumes(service: DataService) -> None:
    backend = _backend(fail_after_pages=2)
    manager, source_id = await _setup(service, backend)
    [result] = await manager.sync_sources()
    assert not result.ok and result.error == "Connection reset by peer"
    assert len(await service.list_items(ItemFilter(source_id=source_id))) == 4
    movies_id = next(
        lib.id
        for lib in await service.list_libraries(source_id)
        if lib.remote_id == MOVIES.remote_id
    )
    state = await service.get_sync_state(movies_id)
    assert (state.cursor, state.items_done, state.last_error) == (
        "4",
        4,
        "Connection reset by peer",
    )

    backend.fail_after_pages = None
    backend.requested_starts.clear()
    [result] = await manager.sync_sources()
    assert result.ok
    # The movies resumed after the last committed page instead of starting over.
    assert backend.requested_starts[0] == (MOVIES.remote_id, 4)
    assert len(await service.list_items(ItemFilter(source_id=source_id))) == 9
    assert (await service.get_sync_state(movies_id)).last_error is None


async def test_incremental_sync_of_an_unchanged_library_fetches_nothing(
    service: DataService,
) -> None:
    backend = _backend()
    manager, _ = await _setup(service, backend)
    await manager.sync_sources()
    backend.requested_starts.clear()
    [result] = await manager.sync_sources()
    assert result.ok and result.items_written == 0
    assert backend.requested_starts == []


async def test_items_gone_from_the_server_are_deleted(service: DataService) -> None:
    backend = _backend()
    manager, source_id = await _setup(service, backend)
    await manager.sync_sources()
    del backend.records[MOVIES.remote_id][1:3]
    [result] = await manager.sync_sources()  # incremental: the ids-only pass finds them
    assert result.items_deleted == 2
    titles = sorted(r.title for r in await service.list_items(ItemFilter(type="movie")))
    assert titles == ["Film 0", "Film 3", "Film 4"]
    [result] = await manager.sync_sources(full=True)
    assert result.items_deleted == 0 and result.ok
    assert len(await service.list_items(ItemFilter(source_id=source_id))) == 7


def _spy_relinks(service: DataService) -> list[bool]:
    """The `relink` of each `finish_library_sync` call, in order."""
    relinks: list[bool] = []
    finish = service.finish_library_sync

    async def spy(source_id: int, library_ids: list[int], *, relink: bool = True) -> None:
        relinks.append(relink)
        await finish(source_id, library_ids, relink=relink)

    service.finish_library_sync = spy  # type: ignore[method-assign]
    return relinks


async def test_an_incremental_sync_of_changed_movies_skips_the_relinking_scan(
    service: DataService,
) -> None:
    backend = _backend()
    manager, _ = await _setup(service, backend)
    relinks = _spy_relinks(service)
    await manager.sync_sources()
    backend.changed = {MOVIES.remote_id: [movie("m1", "Film 1 (Director's Cut)")]}
    [result] = await manager.sync_sources()
    assert result.ok and result.items_written == 1
    # The second sync wrote one movie, which links to nothing.
    assert relinks[1:] == [False]
    titles = sorted(r.title for r in await service.list_items(ItemFilter(type="movie")))
    assert "Film 1 (Director's Cut)" in titles


async def test_a_show_new_to_the_store_claims_episodes_stored_before_it(
    service: DataService,
) -> None:
    tree = show_tree("s", "Show", 1, 2)
    parents = [r for r in tree if r.type in ("show", "season")]
    episodes = [r for r in tree if r.type == "episode"]
    backend = MemoryBackend(libraries_served=[SHOWS], records={SHOWS.remote_id: list(episodes)})
    manager, source_id = await _setup(service, backend)
    relinks = _spy_relinks(service)
    await manager.sync_sources()
    stored = await service.list_items(ItemFilter(source_id=source_id))
    assert [r.parent_id for r in stored] == [None, None]  # their season is not there yet
    # The server now lists the show and its season as changed since the last sync.
    backend.records[SHOWS.remote_id][:0] = parents
    backend.changed = {SHOWS.remote_id: parents}
    [result] = await manager.sync_sources()
    assert result.ok and result.items_written == 2
    assert relinks == [False, True]
    rows = await service.list_items(ItemFilter(source_id=source_id))
    [season_id] = [r.id for r in rows if r.type == "season"]
    assert [r.parent_id for r in rows if r.type == "episode"] == [season_id, season_id]


@pytest.mark.expect_log_warnings
async def test_auth_and_connection_failures_mark_the_source(service: DataService) -> None:
    backend = _backend(fail_after_pages=0, failure=AuthenticationError("Your session expired."))
    manager, source_id = await _setup(service, backend)
    await manager.sync_sources()
    source = await service.get_source(source_id)
    assert source.needs_sign_in and source.last_error == "Your session expired."

    backend.failure = BackendConnectionError("Server unreachable.")
    await manager.sync_sources()
    assert not (await service.get_source(source_id)).online


@pytest.mark.expect_log_warnings
async def test_a_source_type_without_a_backend_fails_in_words(
    service: DataService, bus: EventBus
) -> None:
    await service.add_source(type="plex", name="Den")
    manager = SyncManager(service, BackendRegistry())
    rec = EventRecorder(bus)
    [result] = await manager.sync_sources()
    assert not result.ok
    assert result.error == "Plex sources are not available yet in this version of Reel."
    assert ("syncFailed", (result.source_id, result.error)) in rec.events


@pytest.mark.expect_log_warnings
async def test_local_progress_is_pushed_before_pulling_and_survives_failures(
    service: DataService,
) -> None:
    backend = _backend()
    manager, source_id = await _setup(service, backend)
    await manager.sync_sources()
    rows = {r.title: r.id for r in await service.list_items(ItemFilter(source_id=source_id))}
    await service.save_progress(rows["Film 1"], position_ms=61_000, duration_ms=600_000)
    await service.set_watched(rows["Film 2"], True)
    assert len(await service.pending_progress(source_id)) == 2

    # Offline: the push fails, the changes stay queued and nothing is lost.
    backend.push_failure = BackendConnectionError("Cannot reach the server.")
    [failed] = await manager.sync_sources()
    assert not failed.ok and failed.error == "Cannot reach the server."
    assert len(await service.pending_progress(source_id)) == 2
    detail = await service.get_item(rows["Film 1"])
    assert detail.progress is not None and detail.progress.position_ms == 61_000

    backend.push_failure = None
    [result] = await manager.sync_sources()
    assert result.ok
    assert sorted(backend.pushed) == [("m1", 61_000, False), ("m2", 0, True)]
    assert await service.pending_progress(source_id) == []
