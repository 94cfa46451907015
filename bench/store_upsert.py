"""store_upsert: a whole synthetic library through the repositories vs raw executemany."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from bench.report import emit
from bench.synthetic import MOVIES, SHOWS, Library
from reel_qt.core.events import EventBus
from reel_qt.core.records import MediaRecord
from reel_qt.core.text import sort_title
from reel_qt.store.database import Database
from reel_qt.store.migrations import upgrade_database
from reel_qt.store.service import DataService

BATCH = 2_000


@dataclass(frozen=True)
class StoreTimes:
    """Seconds a run took, each from the start of the first write."""

    committed: float  # every item committed: browsable
    searchable: float  # and indexed by the search indexer
    resent: float  # the same library sent again, unchanged (as a full resync would)


async def _write_pages(service: DataService, library: Library, source_id: int) -> None:
    ids = {lib.remote_id: lib.id for lib in await service.list_libraries(source_id)}
    pages = ((ids[MOVIES.remote_id], library.movies), (ids[SHOWS.remote_id], library.shows))
    for library_id, records in pages:
        for start in range(0, len(records), BATCH):
            await service.upsert_items(source_id, library_id, records[start : start + BATCH])
    await service.finish_library_sync(source_id, list(ids.values()))


async def _upsert(service: DataService, library: Library) -> StoreTimes:
    """Write the library page by page, then once more unchanged."""
    started = time.perf_counter()
    source = await service.add_source(type="jellyfin", name="Bench")
    await service.replace_libraries(source.id, [MOVIES, SHOWS])
    await _write_pages(service, library, source.id)
    committed = time.perf_counter() - started
    # Search rows are written after the batches commit, by the indexer; a search waits
    # for it, so "searchable" is when the last queued item is indexed.
    await service.finish_indexing()
    searchable = time.perf_counter() - started
    started = time.perf_counter()
    await _write_pages(service, library, source.id)
    return StoreTimes(committed, searchable, time.perf_counter() - started)


def run_store(folder: Path, library: Library) -> tuple[Path, StoreTimes]:
    """Fill a fresh migrated database through the data service; return it and the times."""
    path = folder / "reel.sqlite3"
    upgrade_database(path, folder / "backups")
    database = Database(path)
    service = DataService(database, EventBus())
    times = asyncio.run(_upsert(service, library))
    database.close()
    return path, times


def _row(record: MediaRecord) -> tuple[object, ...]:
    return (
        record.remote_id,
        record.type.value,
        record.parent_remote_id,
        record.show_remote_id,
        record.title,
        sort_title(record.title),
        record.original_title,
        record.season_number,
        record.episode_number,
        record.year,
        record.duration_ms,
        record.rating,
        record.content_rating,
        record.overview,
        json.dumps(record.genres),
        json.dumps(record.studios),
        record.added_at,
        record.poster_ref,
        " ".join(p.name for p in record.people),
    )


def run_floor(folder: Path, library: Library) -> float:
    """The same item rows into one plain table, one executemany, one transaction."""
    path = folder / "floor.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"CREATE TABLE items ({', '.join(f'c{i}' for i in range(19))})")
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(
            f"INSERT INTO items VALUES ({', '.join('?' * 19)})",
            [_row(r) for r in (*library.movies, *library.shows)],
        )
        conn.execute("COMMIT")
        return time.perf_counter() - started


def main(folder: Path, library: Library) -> Path:
    """Print the figures; return the filled database for the search benchmark."""
    floor = run_floor(folder, library)
    path, times = run_store(folder, library)
    emit(
        "store_upsert",
        "items_per_s",
        library.size / times.committed,
        "items/s",
        library.size / floor,
        lower_is_better=False,
    )
    emit("store_upsert", "seconds", times.committed, "s", floor, lower_is_better=True)
    # The same run, counted until the search index has caught up as well.
    emit("store_upsert", "searchable_seconds", times.searchable, "s", floor, lower_is_better=True)
    # Resending the whole library unchanged, as a full resync does: nothing to write.
    emit("store_upsert", "unchanged_resend_seconds", times.resent, "s", floor, lower_is_better=True)
    return path
