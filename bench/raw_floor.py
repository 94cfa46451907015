"""raw_floor: what SQLite alone needs to store the library, with no Python in the timed part.

Every row the store writes for the synthetic library is built before the clock starts;
then the rows go in with nothing but executemany, in batches of the same size as the store
bench, one transaction each, with the writer connection's pragmas, into a database made by
the migrations. So this is a lower bound for the store at that schema: whatever the
repositories cost on top of it is Python. Three schemas:

- `0003`: the schema before revision 0004 (one row per credit and per track, credits
  indexed by person, search rows written with the items);
- `0003_no_search`: the same without the search rows;
- `head`: today's (credits, naming people by key, and tracks one JSON row per item, search
  rows written later by the indexer, so none here).

`python -m bench raw_floor [--scale S]`; not part of the default run (it takes a while).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import msgspec

from bench.store_upsert import BATCH
from bench.synthetic import Library
from reel_qt.core.records import MediaRecord
from reel_qt.core.text import sort_title
from reel_qt.store.migrations import downgrade_database, upgrade_database

Row = tuple[object, ...]
# Table -> batch number -> rows, in the order the store writes them.
Plan = dict[str, dict[int, list[Row]]]

_ITEM_COLUMNS = (
    "id, source_id, library_id, remote_id, type, parent_id, show_id, parent_remote_id, "
    "show_remote_id, title, sort_title, original_title, season_number, episode_number, year, "
    "duration_ms, rating, content_rating, overview, genres, studios, premiere_date, added_at, "
    "updated_at, poster_ref, backdrop_ref, thumb_ref, poster_blurhash, backdrop_blurhash, "
    "location, synced_at"
)
_JSON = msgspec.json.Encoder()


def _item_row(item_id: int, library_id: int, r: MediaRecord, links: dict[str, int]) -> Row:
    return (
        item_id,
        1,
        library_id,
        r.remote_id,
        str(r.type),
        links.get(r.parent_remote_id or ""),
        links.get(r.show_remote_id or ""),
        r.parent_remote_id,
        r.show_remote_id,
        r.title,
        sort_title(r.title),
        r.original_title,
        r.season_number,
        r.episode_number,
        r.year,
        r.duration_ms,
        r.rating,
        r.content_rating,
        r.overview,
        json.dumps(r.genres),
        json.dumps(r.studios),
        r.premiere_date,
        r.added_at,
        r.updated_at,
        r.poster_ref,
        r.backdrop_ref,
        r.thumb_ref,
        r.poster_blurhash,
        r.backdrop_blurhash,
        r.location,
        0,
    )


def plan(library: Library, *, head: bool, search: bool) -> Plan:
    """Every row of every table, grouped by the batch that writes it."""
    rows: Plan = defaultdict(lambda: defaultdict(list))
    person_ids: dict[str, int] = {}
    item_id = 0
    for library_id, records in ((1, library.movies), (2, library.shows)):
        links: dict[str, int] = {}
        for start in range(0, len(records), BATCH):
            batch = start // BATCH + (0 if library_id == 1 else 10**6)
            for r in records[start : start + BATCH]:
                item_id += 1
                links[r.remote_id] = item_id
                item = _item_row(item_id, library_id, r, links)
                rows["media_items"][batch].append((*item, 0) if head else item)
                for c in r.people:
                    if c.key not in person_ids:
                        person_ids[c.key] = len(person_ids) + 1
                        rows["people"][batch].append((person_ids[c.key], 1, c.key, c.name))
                if head:
                    if r.people:
                        credits = [(c.key, str(c.kind), c.role) for c in r.people]
                        rows["credits"][batch].append((item_id, _JSON.encode(credits).decode()))
                    if r.streams:
                        tracks = [
                            (s.index, str(s.type), s.codec, s.language, s.title, s.is_default,
                             s.is_forced, s.is_external, s.channels, s.width, s.height,
                             s.location)
                            for s in r.streams
                        ]  # fmt: skip
                        rows["media_streams"][batch].append(
                            (item_id, _JSON.encode(tracks).decode())
                        )
                    rows["search_queue"][batch].append((item_id,))
                else:
                    rows["credits"][batch].extend(
                        (item_id, str(c.kind), person_ids[c.key], c.role, order)
                        for order, c in enumerate(r.people)
                    )
                    rows["media_streams"][batch].extend(
                        (item_id, s.index, str(s.type), s.codec, s.language, s.title,
                         int(s.is_default), int(s.is_forced), int(s.is_external), s.channels,
                         s.width, s.height, s.location)
                        for s in r.streams
                    )  # fmt: skip
                if r.user is not None:
                    u = r.user
                    rows["playback_progress"][batch].append(
                        (item_id, u.position_ms, r.duration_ms, int(u.watched), u.play_count,
                         int(u.favorite), u.last_played_at, 0, 0)
                    )  # fmt: skip
                if search:
                    names = " ".join(c.name for c in r.people)
                    rows["media_fts"][batch].append(
                        (item_id, r.title, r.original_title or "", r.overview or "",
                         " ".join(r.genres), names)
                    )  # fmt: skip
    return rows


def _sql(table: str, width: int, head: bool) -> str:
    columns = {
        "media_items": f"({_ITEM_COLUMNS}{', content_hash' if head else ''})",
        "people": "(id, source_id, remote_id, name)",
        "credits": "(item_id, people)" if head else "(item_id, kind, person_id, role, sort_order)",
        "media_fts": "(rowid, title, original_title, overview, genres, people)",
    }.get(table, "")
    return f"INSERT INTO {table} {columns} VALUES ({', '.join('?' * width)})"


def run(path: Path, rows: Plan, *, head: bool) -> tuple[float, dict[str, float]]:
    """Write the planned rows batch by batch; return the seconds, in all and per table."""
    order = ["people", "media_items", "credits", "media_streams", "playback_progress"]
    order += ["search_queue", "media_fts"]
    spent: dict[str, float] = defaultdict(float)
    batches = sorted({b for table in rows.values() for b in table})
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        # The writer connection's pragmas (reel_qt.store.database).
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "synchronous=NORMAL",
            "temp_store=MEMORY",
            "cache_size=-65536",
            "wal_autocheckpoint=10000",
        ):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute(
            "INSERT INTO sources (id, type, name, config, online, needs_sign_in, created_at, "
            "updated_at) VALUES (1, 'jellyfin', 'Raw', '{}', 1, 0, 0, 0)"
        )
        conn.executemany(
            "INSERT INTO libraries (id, source_id, remote_id, name, kind, item_count, "
            "created_at, updated_at) VALUES (?, 1, ?, ?, ?, 0, 0, 0)",
            [(1, "movies", "Movies", "movies"), (2, "shows", "Shows", "shows")],
        )
        started = time.perf_counter()
        for batch in batches:
            conn.execute("BEGIN IMMEDIATE")
            for table in order:
                batch_rows = rows.get(table, {}).get(batch)
                if batch_rows:
                    t = time.perf_counter()
                    conn.executemany(_sql(table, len(batch_rows[0]), head), batch_rows)
                    spent[table] += time.perf_counter() - t
            t = time.perf_counter()
            conn.execute("COMMIT")
            spent["commit"] += time.perf_counter() - t
        return time.perf_counter() - started, spent


def _schema(folder: Path, name: str, revision: str | None) -> Path:
    path = folder / f"raw-{name}.sqlite3"
    upgrade_database(path, folder / "raw-backups")
    if revision is not None:
        downgrade_database(path, revision)
    return path


def main(folder: Path, library: Library) -> None:
    """Print, per schema, the seconds and items/s of the raw writes."""
    variants: Sequence[tuple[str, str | None, bool, bool]] = (
        ("0003", "0003_markers", False, True),
        ("0003_no_search", "0003_markers", False, False),
        ("head", None, True, False),
    )
    for name, revision, head, search in variants:
        rows = plan(library, head=head, search=search)
        seconds, spent = run(_schema(folder, name, revision), rows, head=head)
        counts = {table: sum(map(len, batches.values())) for table, batches in rows.items()}
        sys.stdout.write(
            json.dumps(
                {
                    "bench": "raw_floor",
                    "schema": name,
                    "seconds": round(seconds, 3),
                    "items_per_s": round(library.size / seconds),
                    "rows": counts,
                    "seconds_per_table": {k: round(v, 3) for k, v in spent.items()},
                }
            )
            + "\n"
        )
        sys.stdout.flush()
