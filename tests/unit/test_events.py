"""Every write path announces what it changed, only after its transaction committed."""

from __future__ import annotations

import pytest

from reel_qt.core.errors import NotFoundError
from reel_qt.core.events import EventBus
from reel_qt.core.records import LibraryKind, LibraryRecord
from reel_qt.store.service import DataService
from tests.event_recorder import EventRecorder, signal_names
from tests.factories import MOVIES, SHOWS, movie, show_tree


def test_bus_declares_every_event_group() -> None:
    expected = {
        "mediaCreated",
        "mediaUpdated",
        "mediaDeleted",
        "mediaBatchCreated",
        "mediaBatchUpdated",
        "syncStarted",
        "syncProgress",
        "syncCompleted",
        "syncFailed",
        "sourceAdded",
        "sourceUpdated",
        "sourceRemoved",
        "sourceOnlineChanged",
        "libraryCreated",
        "libraryUpdated",
        "libraryDeleted",
        "libraryItemCountChanged",
        "userSignedIn",
        "userSignedOut",
        "userChanged",
        "startup",
        "shutdown",
        "networkOnline",
        "networkOffline",
        "playbackStarted",
        "playbackPaused",
        "playbackResumed",
        "playbackProgress",
        "playbackStopped",
        "playbackCompleted",
        "cacheCleared",
        "cacheInvalidated",
        "cacheUpdated",
    }
    assert expected <= set(signal_names())


async def test_every_write_path_announces_its_event(service: DataService, bus: EventBus) -> None:
    rec = EventRecorder(bus)

    source = await service.add_source(type="plex", name="Den", url="http://127.0.0.1:32400")
    assert rec.events == [("sourceAdded", (source.id,))]

    rec.clear()
    await service.update_source(source.id, name="Den 2")
    assert rec.events == [("sourceUpdated", (source.id,))]
    rec.clear()
    await service.update_source(source.id, online=False)
    assert rec.events == [
        ("sourceUpdated", (source.id,)),
        ("sourceOnlineChanged", (source.id, False)),
    ]

    rec.clear()
    changes = await service.replace_libraries(source.id, [MOVIES, SHOWS])
    assert rec.events == [("libraryCreated", (i,)) for i in changes.created]
    movies_id, shows_id = sorted(changes.created)

    rec.clear()
    renamed = LibraryRecord(remote_id=MOVIES.remote_id, name="Films", kind=LibraryKind.MOVIES)
    changes = await service.replace_libraries(source.id, [renamed, SHOWS])
    assert rec.events == [("libraryUpdated", (movies_id,))]

    rec.clear()
    created = (
        await service.upsert_items(source.id, movies_id, [movie("a", "A"), movie("b", "B")])
    ).created
    assert rec.events == [("mediaBatchCreated", (created,))]

    rec.clear()
    await service.upsert_items(source.id, movies_id, [movie("a", "A2")])
    assert rec.events == [("mediaBatchUpdated", ([created[0]],))]

    rec.clear()
    await service.finish_library_sync(source.id, [movies_id])
    assert rec.events == [("libraryItemCountChanged", (movies_id, 2))]

    rec.clear()
    await service.save_progress(created[0], position_ms=1000)
    await service.set_watched(created[1], True)
    assert rec.events == [("mediaUpdated", (created[0],)), ("mediaUpdated", (created[1],))]

    rec.clear()
    await service.set_available(created, False)
    assert rec.events == [("mediaBatchUpdated", (created,))]

    rec.clear()
    await service.delete_items([created[0]])
    assert rec.events == [("mediaDeleted", (created[0],))]

    rec.clear()
    tree = (await service.upsert_items(source.id, shows_id, show_tree("s", "S", 1, 2))).created
    rec.clear()
    await service.delete_items(tree[2:])
    assert rec.events == [("mediaBatchDeleted", (tree[2:],))]

    rec.clear()
    await service.delete_missing_items(movies_id, [])
    assert rec.events == [("mediaBatchDeleted", ([created[1]],))]

    rec.clear()
    await service.replace_libraries(source.id, [SHOWS])
    assert rec.events == [("libraryDeleted", (movies_id,))]

    rec.clear()
    await service.remove_source(source.id)
    assert rec.events == [
        ("libraryDeleted", (shows_id,)),
        ("sourceRemoved", (source.id,)),
        ("cacheCleared", ("items",)),
    ]


async def test_a_rolled_back_write_announces_nothing(service: DataService, bus: EventBus) -> None:
    source = await service.add_source(type="jellyfin", name="Home")
    rec = EventRecorder(bus)

    with pytest.raises(Exception, match="FOREIGN KEY"):
        await service.upsert_items(source.id, 9999, [movie("a", "A")])
    with pytest.raises(NotFoundError):
        await service.update_source(9999, name="x")
    with pytest.raises(NotFoundError):
        await service.remove_source(9999)
    with pytest.raises(NotFoundError):
        await service.save_progress(9999, position_ms=1)
    with pytest.raises(ValueError, match="cannot update"):
        await service.update_source(source.id, created_at=0)
    assert rec.events == []
    assert [s.name for s in await service.list_sources()] == ["Home"]


async def test_events_arrive_after_the_data_is_readable(
    service: DataService, bus: EventBus
) -> None:
    source = await service.add_source(type="jellyfin", name="Home")
    changes = await service.replace_libraries(source.id, [MOVIES])
    seen: list[list[int]] = []

    def on_created(ids: list[int]) -> None:
        # A listener re-reads straight away, through a separate connection.
        rows = service.database.read_sync(
            lambda c: c.exec_driver_sql("SELECT id FROM media_items ORDER BY id").all()
        )
        seen.append([r[0] for r in rows])
        assert ids == seen[-1]

    bus.mediaBatchCreated.connect(on_created)
    await service.upsert_items(source.id, changes.created[0], [movie("a", "A"), movie("b", "B")])
    assert len(seen) == 1 and len(seen[0]) == 2
