"""Markers are stored per item, replaced as a whole, announced, and go with their item."""

from __future__ import annotations

from reel_qt.core.events import EventBus
from reel_qt.core.records import MarkerKind, MarkerRecord
from reel_qt.store.service import DataService
from tests.event_recorder import EventRecorder
from tests.factories import MOVIES, movie


async def test_markers_round_trip_replace_and_cascade(service: DataService, bus: EventBus) -> None:
    source = await service.add_source(type="jellyfin", name="Home")
    changes = await service.replace_libraries(source.id, [MOVIES])
    result = await service.upsert_items(source.id, changes.created[0], [movie("m1", "Heat")])
    item_id = result.created[0]
    intro = MarkerRecord(kind=MarkerKind.INTRO, start_ms=5_000, end_ms=65_000)
    credits = MarkerRecord(kind=MarkerKind.CREDITS, start_ms=5_400_000, end_ms=5_700_000)
    chapter = MarkerRecord(kind=MarkerKind.CHAPTER, start_ms=0, title="Opening")
    recorder = EventRecorder(bus)

    await service.save_markers(item_id, [credits, intro, chapter, intro])  # a repeat is kept once
    assert await service.get_markers(item_id) == [chapter, intro, credits]
    assert ("mediaUpdated", (item_id,)) in recorder.events

    await service.save_markers(item_id, [])
    assert await service.get_markers(item_id) == []

    await service.save_markers(item_id, [intro])
    await service.delete_items([item_id])
    assert await service.get_markers(item_id) == []


async def test_markers_listed_with_items_are_stored_by_the_batch(service: DataService) -> None:
    source = await service.add_source(type="plex", name="Home")
    library_id = (await service.replace_libraries(source.id, [MOVIES])).created[0]
    intro = MarkerRecord(kind=MarkerKind.INTRO, start_ms=1_000, end_ms=30_000)
    chapter = MarkerRecord(kind=MarkerKind.CHAPTER, start_ms=0, end_ms=60_000, title="Start")
    first = await service.upsert_items(
        source.id,
        library_id,
        [movie("m1", "Heat", markers=(intro, chapter)), movie("m2", "Ran", markers=())],
    )
    heat, ran = first.created
    assert await service.get_markers(heat) == [chapter, intro]
    assert await service.get_markers(ran) == []

    # A record that does not list markers (None) keeps the stored ones; an empty tuple
    # clears them.
    await service.upsert_items(source.id, library_id, [movie("m1", "Heat", year=1995)])
    assert await service.get_markers(heat) == [chapter, intro]
    await service.upsert_items(source.id, library_id, [movie("m1", "Heat", markers=())])
    assert await service.get_markers(heat) == []
