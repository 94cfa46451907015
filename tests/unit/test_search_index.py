"""The search index is written after the items: by the indexer, when the writer is idle."""

from __future__ import annotations

import asyncio

from sqlalchemy import Connection

from reel_qt.core.events import EventBus
from reel_qt.core.paths import DataPaths
from reel_qt.core.records import CreditKind, PersonCredit
from reel_qt.store.database import Database
from reel_qt.store.repositories import credits, libraries, media, search_index, sources
from reel_qt.store.search import search_items
from reel_qt.store.service import DataService
from tests.factories import MOVIES, movie


def _titles(database: Database, query: str) -> list[str]:
    """What a search finds right now, without waiting for the indexer."""
    return [hit.title for hit in database.read_sync(lambda c: search_items(c, query))]


def _library(conn: Connection) -> tuple[int, int]:
    source_id = sources.insert_source(
        conn, type="jellyfin", name="Home", url=None, config={}, credential_ref=None, now=0
    )
    return source_id, libraries.replace_libraries(conn, source_id, [MOVIES], 0).created[0]


def _index_all(database: Database) -> None:
    while database.write_sync(search_index.index_queued):
        pass


def test_written_items_are_findable_once_indexed_with_updates_and_deletes(
    database: Database,
) -> None:
    source_id, library_id = database.write_sync(_library)

    def write(title: str) -> media.UpsertResult:
        return database.write_sync(
            lambda c: media.upsert_batch(c, source_id, library_id, [movie("m1", title)], 0)
        )

    item_id = write("Heat").created[0]
    assert _titles(database, "heat") == []  # committed, browsable, not yet indexed
    _index_all(database)
    assert _titles(database, "heat") == ["Heat"]
    assert database.read_sync(search_index.queued_count) == 0

    assert write("Ronin").updated == [item_id]
    _index_all(database)
    assert _titles(database, "heat") == []
    assert _titles(database, "ronin") == ["Ronin"]

    database.write_sync(lambda c: media.delete_items(c, [item_id]))
    assert _titles(database, "ronin") == []
    _index_all(database)  # the queue may still name the deleted item: it is skipped
    assert _titles(database, "ronin") == []


async def test_the_indexer_catches_up_on_its_own_when_the_writer_is_idle(
    service: DataService, database: Database
) -> None:
    source = await service.add_source(type="jellyfin", name="Home")
    library_id = (await service.replace_libraries(source.id, [MOVIES])).created[0]
    records = [movie(f"m{i}", f"Film {i}") for i in range(search_index.CHUNK + 10)]
    await service.upsert_items(source.id, library_id, records)

    for _ in range(200):  # no search, no waiting caller: it gets there within seconds
        if not await database.read(search_index.queued_count):
            break
        await asyncio.sleep(0.05)
    assert await database.read(search_index.queued_count) == 0
    assert _titles(database, "film 5007") == ["Film 5007"]


async def test_search_sees_every_committed_item(service: DataService) -> None:
    source = await service.add_source(type="jellyfin", name="Home")
    library_id = (await service.replace_libraries(source.id, [MOVIES])).created[0]
    for page in ("alpha", "bravo", "charlie"):
        records = [movie(f"{page}{i}", f"{page} film {i}") for i in range(100)]
        await service.upsert_items(source.id, library_id, records)
        # No waiting: the search itself lets the indexer finish first.
        assert len(await service.search(f"{page} film", limit=500)) == 100


async def test_a_backlog_left_by_a_previous_run_is_indexed_at_the_next(
    data_paths: DataPaths, database: Database
) -> None:
    source_id, library_id = database.write_sync(_library)
    database.write_sync(
        lambda c: media.upsert_batch(c, source_id, library_id, [movie("m1", "Heat")], 0)
    )
    database.close()  # quit (or killed) before the indexer ran

    reopened = Database(data_paths.database)
    try:
        assert reopened.read_sync(search_index.queued_count) == 1
        service = DataService(reopened, EventBus())
        assert [hit.title for hit in await service.search("heat")] == ["Heat"]
    finally:
        reopened.close()


async def test_items_another_process_queued_are_found(
    service: DataService, data_paths: DataPaths
) -> None:
    assert await service.search("heat") == []  # this process has nothing left to index
    other = Database(data_paths.database)  # a `reel sync` running beside the app
    try:
        source_id, library_id = other.write_sync(_library)
        other.write_sync(
            lambda c: media.upsert_batch(c, source_id, library_id, [movie("m1", "Heat")], 0)
        )
    finally:
        other.close()
    assert [hit.title for hit in await service.search("heat")] == ["Heat"]


def test_people_are_looked_up_by_key_however_many_a_source_has(database: Database) -> None:
    # Left to choose, SQLite once scanned every person of the source for each item and
    # probed the item's credits with each: minutes for a library.
    def fill(conn: Connection) -> None:
        source_id, library_id = _library(conn)
        records = [
            movie(
                f"m{n}",
                f"Movie {n}",
                people=tuple(
                    PersonCredit(
                        name=f"Person {n}-{k}", kind=CreditKind.ACTOR, remote_id=f"{n}-{k}"
                    )
                    for k in range(10)
                ),
            )
            for n in range(300)
        ]
        media.upsert_batch(conn, source_id, library_id, records, now=0)

    database.write_sync(fill)
    for sql, bound in (
        (search_index.INSERT_ROWS_SQL, (10,)),
        (credits.CREDITS_OF_ITEM_SQL, (1,)),
    ):
        query = sql[sql.index("SELECT") :]  # the search rows' SELECT, without its INSERT
        plan = database.read_sync(
            lambda c, q=query, b=bound: c.exec_driver_sql(f"EXPLAIN QUERY PLAN {q}", b).all()
        )
        steps = [str(row[-1]) for row in plan]
        people = [s for s in steps if s.split()[1:2] == ["p"]]
        assert people == [
            "SEARCH p USING INDEX sqlite_autoindex_people_1 (source_id=? AND remote_id=?)"
        ], steps
    _index_all(database)
    assert "Movie 7" in _titles(database, "person 7-3")
