"""The repositories through the data service, on a real migrated SQLite file."""

from __future__ import annotations

import sqlite3

import msgspec
import pytest

from reel_qt.core.errors import NotFoundError
from reel_qt.core.events import EventBus
from reel_qt.core.records import (
    CreditKind,
    ItemType,
    MediaRecord,
    PersonCredit,
    StreamRecord,
    StreamType,
    UserState,
)
from reel_qt.store.database import Database
from reel_qt.store.repositories.browse import LibraryQuery
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.service import DataService, SyncCheckpoint
from tests.event_recorder import EventRecorder
from tests.factories import MOVIES, SHOWS, movie, show_tree


async def _source_with_libraries(service: DataService) -> tuple[int, int, int]:
    source = await service.add_source(type="jellyfin", name="Home", url="http://127.0.0.1:8096")
    await service.replace_libraries(source.id, [MOVIES, SHOWS])
    libs = {lib.remote_id: lib.id for lib in await service.list_libraries(source.id)}
    return source.id, libs[MOVIES.remote_id], libs[SHOWS.remote_id]


def _raw(database: Database, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(database.path) as conn:
        return conn.execute(sql, params).fetchall()


async def test_pragmas_are_set(database: Database) -> None:
    pragmas = database.read_sync(
        lambda c: [
            c.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    )
    assert pragmas[0] == "wal"
    assert pragmas[1] == 1
    assert pragmas[2] >= 5000


async def test_movie_round_trip_with_people_and_streams(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    result = await service.upsert_items(source_id, movies_id, [movie("m1", "The Matrix")])
    assert len(result.created) == 1
    assert result.updated == []

    detail = await service.get_item(result.created[0])
    assert detail.title == "The Matrix"
    assert detail.sort_title == "matrix"
    assert detail.genres == ("Action", "Science Fiction")
    assert [(c.name, c.kind, c.role) for c in detail.credits] == [
        ("Keanu Reeves", "actor", "Neo"),
        ("Lana Wachowski", "director", None),
    ]
    assert [(s.type, s.language) for s in detail.streams] == [
        ("video", None),
        ("audio", "eng"),
        ("subtitle", "fra"),
    ]


async def test_upsert_updates_in_place_and_replaces_credits(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    first = await service.upsert_items(source_id, movies_id, [movie("m1", "The Matrix")])
    changed = movie(
        "m1",
        "The Matrix (Remastered)",
        people=(PersonCredit(name="Carrie-Anne Moss", kind=CreditKind.ACTOR, role="Trinity"),),
        streams=(),
    )
    second = await service.upsert_items(source_id, movies_id, [changed])
    assert second.created == []
    assert second.updated == first.created
    detail = await service.get_item(first.created[0])
    assert detail.title == "The Matrix (Remastered)"
    assert [c.name for c in detail.credits] == ["Carrie-Anne Moss"]
    assert detail.streams == ()


async def test_links_resolve_whatever_order_items_arrive_in(service: DataService) -> None:
    source_id, _, shows_id = await _source_with_libraries(service)
    tree = show_tree("bb", "Breaking Bad", seasons=2, episodes=3)
    # Children first, in separate batches, parents last.
    await service.upsert_items(source_id, shows_id, list(reversed(tree))[:3])
    await service.upsert_items(source_id, shows_id, list(reversed(tree))[3:])
    await service.finish_library_sync(source_id, [shows_id])

    rows = await service.list_items(ItemFilter(library_id=shows_id))
    by_title = {(r.type, r.season_number, r.episode_number): r for r in rows}
    show = by_title[("show", None, None)]
    season2 = by_title[("season", 2, None)]
    episode = by_title[("episode", 2, 3)]
    assert season2.parent_id == show.id
    assert episode.parent_id == season2.id
    detail = await service.get_item(episode.id)
    assert detail.show_id == show.id
    children = await service.list_items(ItemFilter(parent_id=season2.id))
    assert [c.episode_number for c in children] == [1, 2, 3]


async def test_item_counts_follow_writes(service: DataService) -> None:
    source_id, movies_id, shows_id = await _source_with_libraries(service)
    await service.upsert_items(
        source_id, movies_id, [movie(f"m{i}", f"Film {i}") for i in range(5)]
    )
    await service.upsert_items(source_id, shows_id, show_tree("s", "Show", 1, 2))
    await service.finish_library_sync(source_id, [movies_id, shows_id])
    counts = {lib.id: lib.item_count for lib in await service.list_libraries(source_id)}
    assert counts == {movies_id: 5, shows_id: 4}
    assert (await service.get_source(source_id)).item_count == 9


async def test_server_state_never_overwrites_unpushed_local_progress(
    service: DataService,
) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    record = movie("m1", "Heat", user=UserState(position_ms=1_000))
    item_id = (await service.upsert_items(source_id, movies_id, [record])).created[0]
    await service.save_progress(item_id, position_ms=600_000, duration_ms=10_000_000)

    # A sync brings the server's older state: the local change must survive.
    await service.upsert_items(source_id, movies_id, [record])
    progress = (await service.get_item(item_id)).progress
    assert progress is not None
    assert (progress.position_ms, progress.dirty) == (600_000, True)
    assert await service.pending_progress() == [item_id]

    await service.mark_progress_pushed([item_id], pushed_up_to=progress.updated_at)
    assert await service.pending_progress() == []
    pushed = (await service.get_item(item_id)).progress  # not a stale cached detail
    assert pushed is not None and (pushed.position_ms, pushed.dirty) == (600_000, False)
    await service.upsert_items(
        source_id, movies_id, [movie("m1", "Heat", user=UserState(position_ms=5, watched=True))]
    )
    progress = (await service.get_item(item_id)).progress
    assert progress is not None
    assert (progress.position_ms, progress.watched, progress.dirty) == (5, True, False)


async def test_set_watched_counts_a_play(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    item_id = (await service.upsert_items(source_id, movies_id, [movie("m1", "Heat")])).created[0]
    await service.set_watched(item_id, True)
    progress = (await service.get_item(item_id)).progress
    assert progress is not None
    assert (progress.watched, progress.play_count, progress.position_ms) == (True, 1, 0)
    with pytest.raises(NotFoundError):
        await service.set_watched(999_999, True)


async def test_removing_a_source_cascades_everywhere(
    service: DataService, database: Database
) -> None:
    source_id, movies_id, shows_id = await _source_with_libraries(service)
    await service.upsert_items(source_id, movies_id, [movie("m1", "Heat")])
    ids = (await service.upsert_items(source_id, shows_id, show_tree("s", "Show", 1, 2))).created
    await service.save_progress(ids[-1], position_ms=10)
    await service.update_sync_state(movies_id, cursor="x")

    await service.remove_source(source_id)
    for table in (
        "libraries",
        "media_items",
        "credits",
        "people",
        "media_streams",
        "playback_progress",
        "sync_state",
        "media_fts",
    ):
        assert _raw(database, f"SELECT count(*) FROM {table}") == [(0,)], table
    with pytest.raises(NotFoundError):
        await service.get_source(source_id)


async def test_deleting_a_show_removes_its_seasons_and_episodes(service: DataService) -> None:
    source_id, _, shows_id = await _source_with_libraries(service)
    await service.upsert_items(source_id, shows_id, show_tree("s", "Show", 2, 2))
    await service.upsert_items(source_id, shows_id, show_tree("t", "Other", 1, 1))
    await service.finish_library_sync(source_id, [shows_id])
    shows = await service.list_items(ItemFilter(type="show"))
    show = next(r for r in shows if r.title == "Show")
    assert await service.delete_items([show.id]) == [show.id]
    remaining = await service.list_items(ItemFilter(library_id=shows_id))
    assert sorted(r.title for r in remaining) == ["Episode 1", "Other", "Season 1"]


async def test_delete_missing_items_keeps_present_ones(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    created = (
        await service.upsert_items(
            source_id, movies_id, [movie(f"m{i}", f"F{i}") for i in range(4)]
        )
    ).created
    deleted = await service.delete_missing_items(movies_id, ["m0", "m2"])
    assert deleted == sorted([created[1], created[3]])
    assert [r.title for r in await service.list_items(ItemFilter())] == ["F0", "F2"]


async def test_unavailable_items_keep_their_progress(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    item_id = (await service.upsert_items(source_id, movies_id, [movie("m1", "Heat")])).created[0]
    await service.save_progress(item_id, position_ms=42_000)
    assert await service.set_available([item_id], False) == [item_id]
    assert await service.set_available([item_id], False) == []
    detail = await service.get_item(item_id)
    assert detail.available is False
    assert detail.progress is not None and detail.progress.position_ms == 42_000


async def test_checkpoint_is_written_with_the_page(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    await service.upsert_items(
        source_id,
        movies_id,
        [movie("m1", "Heat")],
        checkpoint=SyncCheckpoint(movies_id, cursor="page-2", items_done=1, items_total=10),
    )
    state = await service.get_sync_state(movies_id)
    assert (state.cursor, state.items_done, state.items_total) == ("page-2", 1, 10)


async def test_failed_batch_leaves_nothing_behind(service: DataService, database: Database) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    good = movie("ok", "Good")
    # A duplicate stream index is fine, but a missing library id violates the foreign key
    # only at insert time: the whole batch, with its checkpoint, must roll back.
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await service.upsert_items(
            source_id,
            424242,
            [good],
            checkpoint=SyncCheckpoint(movies_id, cursor="after-bad", items_done=1, items_total=1),
        )
    assert _raw(database, "SELECT count(*) FROM media_items") == [(0,)]
    assert _raw(database, "SELECT count(*) FROM media_fts") == [(0,)]
    assert (await service.get_sync_state(movies_id)).cursor is None


async def test_cache_serves_hot_items_and_drops_stale_ones(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    item_id = (await service.upsert_items(source_id, movies_id, [movie("m1", "Heat")])).created[0]
    await service.get_item(item_id)
    hits = service.cache.hits
    await service.get_item(item_id)
    assert service.cache.hits == hits + 1
    await service.upsert_items(source_id, movies_id, [movie("m1", "Heat 2")])
    assert (await service.get_item(item_id)).title == "Heat 2"
    await service.save_progress(item_id, position_ms=77)
    progress = (await service.get_item(item_id)).progress
    assert progress is not None and progress.position_ms == 77


async def test_episode_records_round_trip_their_numbers(service: DataService) -> None:
    source_id, _, shows_id = await _source_with_libraries(service)
    record = MediaRecord(
        remote_id="ep",
        type=ItemType.EPISODE,
        title="Ozymandias",
        season_number=5,
        episode_number=14,
        show_remote_id="nope",
        parent_remote_id="nope",
    )
    item_id = (await service.upsert_items(source_id, shows_id, [record])).created[0]
    detail = await service.get_item(item_id)
    assert (detail.season_number, detail.episode_number, detail.parent_id) == (5, 14, None)


async def test_resending_unchanged_items_writes_nothing(
    service: DataService, database: Database, bus: EventBus
) -> None:
    source_id, _, shows_id = await _source_with_libraries(service)
    tree = show_tree("s", "Show", 2, 3)
    created = (await service.upsert_items(source_id, shows_id, tree)).created
    synced = _raw(database, "SELECT id, synced_at FROM media_items ORDER BY id")
    rec = EventRecorder(bus)

    again = await service.upsert_items(source_id, shows_id, tree)
    assert (again.created, again.updated) == ([], [])
    assert rec.events == []
    assert _raw(database, "SELECT id, synced_at FROM media_items ORDER BY id") == synced

    # One changed field, or an item marked unavailable meanwhile, is written again.
    await service.set_available([created[1]], False)
    edited = [*tree[:2], msgspec.structs.replace(tree[2], title="Pilot"), *tree[3:]]
    again = await service.upsert_items(source_id, shows_id, edited)
    assert (again.created, again.updated) == ([], [created[1], created[2]])
    assert (await service.get_item(created[1])).available
    assert (await service.get_item(created[2])).title == "Pilot"


async def test_a_renamed_person_is_renamed_on_every_item(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    keanu = PersonCredit(name="Keanu Reeves", kind=CreditKind.ACTOR, remote_id="p1")
    speed = movie("m1", "Speed", people=(keanu,))
    first = await service.upsert_items(source_id, movies_id, [speed])
    renamed = msgspec.structs.replace(keanu, name="Keanu Charles Reeves")
    await service.upsert_items(source_id, movies_id, [movie("m2", "Heat", people=(renamed,))])

    detail = await service.get_item(first.created[0])
    assert [c.name for c in detail.credits] == ["Keanu Charles Reeves"]
    assert {hit.title for hit in await service.search("charles")} == {"Speed", "Heat"}


async def test_people_written_by_another_process_are_read_again(
    service: DataService, database: Database
) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    record = movie("m1", "Speed")
    item_id = (await service.upsert_items(source_id, movies_id, [record])).created[0]
    with sqlite3.connect(database.path) as conn:  # another Reel, or a tool
        conn.execute("UPDATE people SET name = 'Someone Else' WHERE remote_id = 'p1'")

    # The server still says Keanu: the writer must not trust what it remembered.
    await service.upsert_items(source_id, movies_id, [movie("m2", "Heat")])
    detail = await service.get_item(item_id)
    assert "Keanu Reeves" in [c.name for c in detail.credits]


async def test_a_failed_batch_leaves_no_people_behind_in_memory(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    newcomer = PersonCredit(name="Zoe Kazan", kind=CreditKind.ACTOR, remote_id="p9")
    other = PersonCredit(name="Paul Dano", kind=CreditKind.ACTOR, remote_id="p10")
    with pytest.raises(Exception, match="FOREIGN KEY"):
        # Fails at the very end (a checkpoint for no library), its people already written.
        await service.upsert_items(
            source_id,
            movies_id,
            [movie("bad", "Bad", people=(newcomer,))],
            checkpoint=SyncCheckpoint(424242, cursor="x", items_done=1, items_total=1),
        )
    # This batch's new person gets the id the failed batch had chosen for its own.
    await service.upsert_items(source_id, movies_id, [movie("m1", "Ok", people=(other,))])
    item_id = (
        await service.upsert_items(source_id, movies_id, [movie("m2", "Ok", people=(newcomer,))])
    ).created[0]
    assert [c.name for c in (await service.get_item(item_id)).credits] == ["Zoe Kazan"]


async def test_repeated_credits_and_tracks_show_once(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    keanu = PersonCredit(name="Keanu Reeves", kind=CreditKind.ACTOR, role="Neo", remote_id="p1")
    director = msgspec.structs.replace(keanu, kind=CreditKind.DIRECTOR, role=None)
    video = StreamRecord(index=0, type=StreamType.VIDEO, codec="h264")
    record = movie(
        "m1",
        "The Matrix",
        people=(keanu, director, keanu),
        streams=(video, msgspec.structs.replace(video, codec="hevc")),
    )
    item_id = (await service.upsert_items(source_id, movies_id, [record])).created[0]
    detail = await service.get_item(item_id)
    assert [(c.name, c.kind) for c in detail.credits] == [
        ("Keanu Reeves", "actor"),
        ("Keanu Reeves", "director"),
    ]
    assert [(s.index, s.codec) for s in detail.streams] == [(0, "h264")]


async def test_deleting_a_show_with_its_episodes_reports_every_listed_item(
    service: DataService,
) -> None:
    source_id, _, shows_id = await _source_with_libraries(service)
    ids = (await service.upsert_items(source_id, shows_id, show_tree("s", "Show", 1, 2))).created
    assert await service.delete_missing_items(shows_id, []) == sorted(ids)


async def test_titles_sort_with_their_numbers_by_value(service: DataService) -> None:
    source_id, movies_id, _ = await _source_with_libraries(service)
    titles = ["Chapter 10", "Chapter 2", "The Chapter 1", "Chapter 2: Part 11", "Chapter 2: Part 3"]
    records = [movie(f"m{n}", title) for n, title in enumerate(titles)]
    await service.upsert_items(source_id, movies_id, records)
    ids = await service.library_ids(LibraryQuery(library_id=movies_id))
    shown = [row.title for row in await service.poster_rows(list(ids))]
    assert shown == [
        "The Chapter 1",
        "Chapter 2",
        "Chapter 2: Part 3",
        "Chapter 2: Part 11",
        "Chapter 10",
    ]
