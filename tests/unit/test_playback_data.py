"""Preparing playback: target from the source, markers stored and used when offline."""

from __future__ import annotations

from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.errors import BackendConnectionError
from reel_qt.core.records import MarkerKind, MarkerRecord
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.service import DataService
from reel_qt.sync.manager import SyncManager
from reel_qt.sync.playback_data import PlaybackPreparer
from tests.factories import MOVIES, movie
from tests.fakes.memory_backend import MemoryBackend


async def test_prepare_stores_markers_and_falls_back_to_them_offline(
    service: DataService,
) -> None:
    intro = MarkerRecord(kind=MarkerKind.INTRO, start_ms=1_000, end_ms=30_000)
    backend = MemoryBackend(
        libraries_served=[MOVIES],
        records={MOVIES.remote_id: [movie("m1", "Heat")]},
        markers_by_item={"m1": [intro]},
    )
    registry = BackendRegistry({"jellyfin": lambda _s: backend})
    source = await service.add_source(type="jellyfin", name="Home")
    await SyncManager(service, registry).sync_sources()
    [row] = await service.list_items(ItemFilter(source_id=source.id))
    await service.save_progress(row.id, position_ms=90_000, duration_ms=600_000)
    preparer = PlaybackPreparer(service, registry)

    ready = await preparer.prepare(row.id)
    assert ready.target.url == "file:///media/m1.mkv" and not ready.target.transcoded
    assert ready.resume_ms == 90_000
    assert ready.markers == [intro]
    assert await service.get_markers(row.id) == [intro]

    backend.markers_by_item = {}
    backend.push_failure = BackendConnectionError("offline")
    offline = await preparer.prepare(row.id, max_bitrate=4_000_000)
    assert offline.target.transcoded
    assert offline.markers == [intro]
