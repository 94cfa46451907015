"""SQL for media items and everything written with them: credits, streams, search rows.

Bulk writes go through the DB-API's executemany on SQLAlchemy Core connections: one
statement compiled once per batch, the per-row cost left to SQLite's C code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from reel_qt.core.records import MediaRecord
from reel_qt.core.text import sort_title
from reel_qt.store.repositories import credits, streams
from reel_qt.store.repositories._sql import chunked, placeholders

_ITEM_COLUMNS = (
    "source_id",
    "library_id",
    "remote_id",
    "type",
    "parent_remote_id",
    "show_remote_id",
    "title",
    "sort_title",
    "original_title",
    "season_number",
    "episode_number",
    "year",
    "duration_ms",
    "rating",
    "content_rating",
    "overview",
    "genres",
    "studios",
    "premiere_date",
    "added_at",
    "updated_at",
    "poster_ref",
    "backdrop_ref",
    "thumb_ref",
    "poster_blurhash",
    "backdrop_blurhash",
    "location",
    "synced_at",
)
_KEY = ("source_id", "remote_id")
_LINKS = {"parent_id": "parent_remote_id", "show_id": "show_remote_id"}

_UPSERT_SQL = (
    f"INSERT INTO media_items ({', '.join(_ITEM_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_ITEM_COLUMNS))}) "
    "ON CONFLICT (source_id, remote_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _ITEM_COLUMNS if c not in _KEY)
    # A link survives an update unless the remote parent itself changed.
    + "".join(
        f", {link} = CASE WHEN excluded.{remote} IS media_items.{remote} "
        f"THEN media_items.{link} END"
        for link, remote in _LINKS.items()
    )
    + ", available = 1"
)

_FTS_INSERT_SQL = (
    "INSERT INTO media_fts (rowid, title, original_title, overview, genres, people) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """Ids of the items a batch created and of those it updated."""

    created: list[int]
    updated: list[int]


def ids_by_remote(conn: Connection, source_id: int, remote_ids: Sequence[str]) -> dict[str, int]:
    """Map remote ids of one source to local item ids (missing ones are left out)."""
    found: dict[str, int] = {}
    for chunk in chunked(remote_ids):
        found.update(
            conn.exec_driver_sql(
                f"SELECT remote_id, id FROM media_items "
                f"WHERE source_id = ? AND remote_id IN ({placeholders(len(chunk))})",
                (source_id, *chunk),
            ).all()
        )
    return found


def _row(source_id: int, library_id: int, record: MediaRecord, now: int) -> tuple[object, ...]:
    return (
        source_id,
        library_id,
        record.remote_id,
        record.type.value,
        record.parent_remote_id,
        record.show_remote_id,
        record.title,
        record.sort_title or sort_title(record.title),
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
        record.premiere_date,
        record.added_at,
        record.updated_at,
        record.poster_ref,
        record.backdrop_ref,
        record.thumb_ref,
        record.poster_blurhash,
        record.backdrop_blurhash,
        record.location,
        now,
    )


def upsert_batch(
    conn: Connection,
    source_id: int,
    library_id: int,
    records: Sequence[MediaRecord],
    now: int,
) -> UpsertResult:
    """Insert or update a batch of items with their credits, streams, user state and search rows.

    Records are keyed by (source, remote id); a record repeated in the batch counts once,
    the last one winning.
    """
    unique = list({r.remote_id: r for r in records}.values())
    if not unique:
        return UpsertResult(created=[], updated=[])
    remote_ids = [r.remote_id for r in unique]
    before = ids_by_remote(conn, source_id, remote_ids)
    conn.exec_driver_sql(_UPSERT_SQL, [_row(source_id, library_id, r, now) for r in unique])
    ids = ids_by_remote(conn, source_id, remote_ids)
    updated = [ids[r] for r in remote_ids if r in before]
    _resolve_links(conn, source_id, ids, unique)
    people_names = credits.replace_credits(conn, source_id, ids, unique, replace=updated)
    streams.replace_streams(conn, ids, unique, replace=updated)
    _write_user_state(conn, ids, unique, now)
    _write_search_rows(conn, ids, unique, people_names, replace=updated)
    return UpsertResult(
        created=[ids[r] for r in remote_ids if r not in before],
        updated=updated,
    )


def _parent_lookup(remote_column: str) -> str:
    """SQL selecting the local id of the item named by this row's remote link column."""
    return (
        "SELECT p.id FROM media_items p WHERE p.source_id = media_items.source_id "
        f"AND p.remote_id = media_items.{remote_column}"
    )


def _resolve_links(
    conn: Connection, source_id: int, ids: dict[str, int], records: Sequence[MediaRecord]
) -> None:
    """Point parent_id/show_id at the local ids of parents stored so far."""
    linked = [r for r in records if r.parent_remote_id or r.show_remote_id]
    if not linked:
        return
    known = dict(ids)
    wanted = {
        remote
        for r in linked
        for remote in (r.parent_remote_id, r.show_remote_id)
        if remote and remote not in known
    }
    known.update(ids_by_remote(conn, source_id, sorted(wanted)))
    # A parent not stored yet leaves the link as it is; resolve_dangling_links fixes it later.
    conn.exec_driver_sql(
        "UPDATE media_items SET parent_id = coalesce(?, parent_id), "
        "show_id = coalesce(?, show_id) WHERE id = ?",
        [
            (
                known.get(r.parent_remote_id or ""),
                known.get(r.show_remote_id or ""),
                ids[r.remote_id],
            )
            for r in linked
        ],
    )


def resolve_dangling_links(conn: Connection, source_id: int) -> int:
    """Link children whose parents arrived in a later batch; return how many were linked."""
    linked = 0
    for link, remote in _LINKS.items():
        result = conn.exec_driver_sql(
            f"UPDATE media_items SET {link} = ({_parent_lookup(remote)}) "
            f"WHERE source_id = ? AND {link} IS NULL AND {remote} IS NOT NULL "
            f"AND EXISTS ({_parent_lookup(remote)})",
            (source_id,),
        )
        linked += result.rowcount
    return linked


def _write_user_state(
    conn: Connection, ids: dict[str, int], records: Sequence[MediaRecord], now: int
) -> None:
    """Store the server's user state, never overwriting a local change not yet pushed."""
    rows = [
        (
            ids[r.remote_id],
            r.user.position_ms,
            r.duration_ms,
            int(r.user.watched),
            r.user.play_count,
            int(r.user.favorite),
            r.user.last_played_at,
            now,
        )
        for r in records
        if r.user is not None
    ]
    if rows:
        conn.exec_driver_sql(
            "INSERT INTO playback_progress (item_id, position_ms, duration_ms, watched, "
            "play_count, favorite, last_played_at, updated_at, dirty) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) "
            "ON CONFLICT (item_id) DO UPDATE SET position_ms = excluded.position_ms, "
            "duration_ms = excluded.duration_ms, watched = excluded.watched, "
            "play_count = excluded.play_count, favorite = excluded.favorite, "
            "last_played_at = excluded.last_played_at, updated_at = excluded.updated_at "
            "WHERE playback_progress.dirty = 0",
            rows,
        )


def _write_search_rows(
    conn: Connection,
    ids: dict[str, int],
    records: Sequence[MediaRecord],
    people_names: dict[str, str],
    *,
    replace: Sequence[int],
) -> None:
    for chunk in chunked(replace):
        conn.exec_driver_sql(
            f"DELETE FROM media_fts WHERE rowid IN ({placeholders(len(chunk))})", chunk
        )
    conn.exec_driver_sql(
        _FTS_INSERT_SQL,
        [
            (
                ids[r.remote_id],
                r.title,
                r.original_title or "",
                r.overview or "",
                " ".join(r.genres),
                people_names.get(r.remote_id, ""),
            )
            for r in records
        ],
    )


def delete_items(conn: Connection, item_ids: Sequence[int]) -> list[int]:
    """Delete items (their children, credits, streams and progress cascade); return the ids."""
    deleted: list[int] = []
    for chunk in chunked(item_ids):
        rows = conn.exec_driver_sql(
            f"DELETE FROM media_items WHERE id IN ({placeholders(len(chunk))}) RETURNING id",
            chunk,
        ).all()
        deleted.extend(int(row[0]) for row in rows)
    return sorted(deleted)


def missing_item_ids(
    conn: Connection, library_id: int, present_remote_ids: Iterable[str]
) -> list[int]:
    """Ids of the library's items whose remote ids are not in present_remote_ids."""
    present = set(present_remote_ids)
    rows = conn.exec_driver_sql(
        "SELECT remote_id, id FROM media_items WHERE library_id = ?", (library_id,)
    ).all()
    return [int(item_id) for remote_id, item_id in rows if remote_id not in present]


def set_available(conn: Connection, item_ids: Sequence[int], available: bool) -> list[int]:
    """Mark items (un)available, keeping them and their progress; return those that changed."""
    changed: list[int] = []
    for chunk in chunked(item_ids):
        rows = conn.exec_driver_sql(
            f"UPDATE media_items SET available = ? WHERE id IN ({placeholders(len(chunk))}) "
            "AND available IS NOT ? RETURNING id",
            (int(available), *chunk, int(available)),
        ).all()
        changed.extend(int(row[0]) for row in rows)
    return sorted(changed)
