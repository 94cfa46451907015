"""SQL for media items and everything written with them: credits, streams, user state.

Bulk writes go through the DB-API's executemany on SQLAlchemy Core connections: one
statement compiled once per batch, the per-row cost left to SQLite's C code. Search rows
are not written here: written items are queued for the indexer (search_index.py).

A batch writes only what changed. Each item keeps a hash of the record it was written
from; a record whose hash, library and availability match its stored row is skipped with
its credits, streams, user state and search row, which makes resending an unchanged
library nearly free. New items get their ids here (writes are serialised by the writer
thread and BEGIN IMMEDIATE, so ids above max(id) are free), so parent links go into the
rows as they are inserted instead of being patched by a second pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from reel_qt.core.prepared import PreparedRows
from reel_qt.core.records import MediaRecord
from reel_qt.store.people_cache import PeopleCache
from reel_qt.store.repositories import credits, markers, search_index, streams, versions
from reel_qt.store.repositories._sql import chunked, insert_many, placeholders

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_ITEM_COLUMNS = (
    "id",
    "source_id",
    "library_id",
    "remote_id",
    "type",
    "parent_id",
    "show_id",
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
    "content_hash",
)
_LINKS = {"parent_id": "parent_remote_id", "show_id": "show_remote_id"}

# Changed items are rewritten whole by id (available again, since the server lists them).
_UPDATE_CLAUSE = (
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _ITEM_COLUMNS if c != "id")
    + ", available = 1"
)

_JSON = msgspec.json.Encoder()
# Part of every content hash: change it when records map to rows differently, so that the
# next sync rewrites every item once instead of skipping them as unchanged. (A field added
# to MediaRecord changes every hash as well, with the same effect.)
_ROW_FORMAT = 0x5EE1_0001


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """Ids of the items a batch created and of those it changed (unchanged ones are in neither)."""

    created: list[int]
    updated: list[int]


@dataclass(frozen=True, slots=True)
class _Stored:
    """What a batch needs to know about an item already stored."""

    id: int
    content_hash: int | None
    current: bool  # same library and available: an equal hash means nothing to write
    parent_remote_id: str | None
    parent_id: int | None
    show_remote_id: str | None
    show_id: int | None


def content_hash(digest: int) -> int:
    """The stored content hash of a record with this digest (see `record_digest`)."""
    return digest ^ _ROW_FORMAT


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


def _stored(
    conn: Connection, source_id: int, library_id: int, remote_ids: Sequence[str]
) -> dict[str, _Stored]:
    found: dict[str, _Stored] = {}
    for chunk in chunked(remote_ids):
        rows = conn.exec_driver_sql(
            "SELECT remote_id, id, content_hash, library_id = ? AND available, "
            "parent_remote_id, parent_id, show_remote_id, show_id FROM media_items "
            f"WHERE source_id = ? AND remote_id IN ({placeholders(len(chunk))})",
            (library_id, source_id, *chunk),
        ).all()
        for r in rows:
            found[r[0]] = _Stored(r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7])
    return found


def _parents_first(records: list[MediaRecord]) -> list[MediaRecord]:
    """The records reordered so a parent new in the batch comes before its children.

    Foreign keys are checked row by row, so a child may only point at a parent already
    inserted. Records in a cycle (bad server data) keep their order; their links to one
    another are left for resolve_dangling_links.
    """
    pending = {r.remote_id for r in records}
    ordered: list[MediaRecord] = []
    rest = records
    while rest:
        waiting = []
        for r in rest:
            if r.parent_remote_id in pending or r.show_remote_id in pending:
                waiting.append(r)
            else:
                ordered.append(r)
                pending.discard(r.remote_id)
        if len(waiting) == len(rest):
            ordered.extend(waiting)
            break
        rest = waiting
    return ordered


def upsert_batch(
    conn: Connection,
    source_id: int,
    library_id: int,
    records: Sequence[MediaRecord],
    now: int,
    *,
    prepared: PreparedRows | None = None,
    people: PeopleCache | None = None,
) -> UpsertResult:
    """Insert or update a batch of items with their credits, streams and user state.

    Records are keyed by (source, remote id); a record repeated in the batch counts once,
    the last one winning. `prepared`, when given, is `PreparedRows.of(records)` computed
    elsewhere (a page parsing process); the records' people, tracks, versions and markers
    are then read from it alone (the worker sends records without them). Written items
    are queued for the search indexer. The people cache, if given, must be committed by
    the caller once the transaction has committed.
    """
    if people is not None:
        people.open(int(conn.exec_driver_sql("PRAGMA data_version").scalar_one()))
    if prepared is None:
        prepared = PreparedRows.of(records)
    latest = {r.remote_id: (r, n) for n, r in enumerate(records)}
    if not latest:
        return UpsertResult(created=[], updated=[])
    stored = _stored(conn, source_id, library_id, list(latest))
    created: list[MediaRecord] = []
    changed: list[MediaRecord] = []
    hashes: dict[str, int] = {}
    sort_keys: dict[str, str] = {}
    digests, sort_titles = prepared.digests, prepared.sort_titles
    for r, n in latest.values():
        digest = hashes[r.remote_id] = content_hash(digests[n])
        sort_keys[r.remote_id] = sort_titles[n]
        old = stored.get(r.remote_id)
        if old is None:
            created.append(r)
        elif not old.current or old.content_hash != digest:
            changed.append(r)
    if not created and not changed:
        return UpsertResult(created=[], updated=[])

    ids = {remote_id: old.id for remote_id, old in stored.items()}
    last_id = int(conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM media_items").scalar_one())
    # In batch order, so created ids ascend with the records as SQLite's own would.
    for local_id, r in enumerate(created, start=last_id + 1):
        ids[r.remote_id] = local_id
    known = _known_parents(conn, source_id, ids, [*created, *changed])
    if created:
        pending = {r.remote_id for r in created}
        rows = []
        for r in _parents_first(created):
            # A new item links to parents stored before it or inserted earlier in this batch.
            parent, show = r.parent_remote_id, r.show_remote_id
            parent_id = None if parent is None or parent in pending else known.get(parent)
            show_id = None if show is None or show in pending else known.get(show)
            rows.append(
                _row(
                    r,
                    source_id,
                    library_id,
                    ids[r.remote_id],
                    parent_id,
                    show_id,
                    (hashes, sort_keys),
                    now,
                )
            )
            pending.discard(r.remote_id)
        insert_many(conn, "media_items", _ITEM_COLUMNS, rows)
    if changed:
        rows = []
        for r in changed:
            old = stored[r.remote_id]
            rows.append(
                _row(
                    r,
                    source_id,
                    library_id,
                    old.id,
                    _link(r.parent_remote_id, known, old.parent_remote_id, old.parent_id),
                    _link(r.show_remote_id, known, old.show_remote_id, old.show_id),
                    (hashes, sort_keys),
                    now,
                )
            )
        insert_many(conn, "media_items", _ITEM_COLUMNS, rows, _UPDATE_CLAUSE)
    written = [*created, *changed]
    changed_ids = [ids[r.remote_id] for r in changed]
    _write_packed(conn, source_id, ids, written, latest, prepared, changed_ids, people)
    _write_user_state(conn, ids, written, now)
    if created:
        search_index.queue_new(conn, last_id)
    search_index.queue(conn, changed_ids)
    return UpsertResult(
        created=list(range(last_id + 1, last_id + 1 + len(created))), updated=changed_ids
    )


def _write_packed(
    conn: Connection,
    source_id: int,
    ids: dict[str, int],
    written: Sequence[MediaRecord],
    latest: dict[str, tuple[MediaRecord, int]],
    prepared: PreparedRows,
    changed_ids: Sequence[int],
    people: PeopleCache | None,
) -> None:
    """Write the written records' credits, tracks, versions and markers (one row each)."""
    at = [(ids[r.remote_id], latest[r.remote_id][1]) for r in written]
    credit_rows = _rows(at, prepared.credits)
    # Every record of the batch is written (a full sync): the prepared people are exactly
    # theirs. Otherwise only the people the written records credit are stored.
    if len(written) == len(latest):
        credited = prepared.people
    else:
        credited = credits.credited_people(prepared.people, credit_rows)
    credits.replace_credits(
        conn, source_id, credited, credit_rows, replace=changed_ids, cache=people
    )
    streams.replace_streams(conn, _rows(at, prepared.streams), replace=changed_ids)
    versions.replace_versions(conn, _rows(at, prepared.versions), replace=changed_ids)
    # A record that does not list markers (None) keeps the stored ones.
    changed = set(changed_ids)
    markers.replace_markers_of(
        conn,
        _rows(at, prepared.markers),
        replace=[
            item_id
            for r in written
            if r.markers is not None and (item_id := ids[r.remote_id]) in changed
        ],
    )


def _rows(at: Sequence[tuple[int, int]], packed: Sequence[str | None]) -> list[tuple[int, str]]:
    """(item id, packed JSON) of the written items that have a row."""
    return [(item_id, text) for item_id, n in at if (text := packed[n]) is not None]


def _known_parents(
    conn: Connection, source_id: int, ids: dict[str, int], records: Iterable[MediaRecord]
) -> dict[str, int]:
    """Local ids of the batch's items and of the stored parents its records name."""
    known = dict(ids)
    wanted = {
        remote
        for r in records
        for remote in (r.parent_remote_id, r.show_remote_id)
        if remote and remote not in known
    }
    if wanted:
        known.update(ids_by_remote(conn, source_id, sorted(wanted)))
    return known


def _link(
    remote: str | None, known: dict[str, int], old_remote: str | None, old_id: int | None
) -> int | None:
    """The local id a changed item's link column gets: its parent's if stored, else as it was."""
    if remote is None:
        return None
    local_id = known.get(remote)
    if local_id is not None:
        return local_id
    # A parent not stored yet keeps the link as it was (unless the remote parent changed);
    # resolve_dangling_links sets it once the parent arrives.
    return old_id if remote == old_remote else None


def _row(
    r: MediaRecord,
    source_id: int,
    library_id: int,
    local_id: int,
    parent_id: int | None,
    show_id: int | None,
    stamps: tuple[dict[str, int], dict[str, str]],
    now: int,
) -> tuple[object, ...]:
    """The media_items row of a record, in _ITEM_COLUMNS order.

    stamps: the content hash and the sort key of each record, by remote id.
    """
    genres, studios = r.genres, r.studios
    hashes, sort_keys = stamps
    return (
        local_id,
        source_id,
        library_id,
        r.remote_id,
        str(r.type),  # the enum's value: plain str binds without sqlite3's adapter lookup
        parent_id,
        show_id,
        r.parent_remote_id,
        r.show_remote_id,
        r.title,
        sort_keys[r.remote_id],
        r.original_title,
        r.season_number,
        r.episode_number,
        r.year,
        r.duration_ms,
        r.rating,
        r.content_rating,
        r.overview,
        _JSON.encode(genres).decode() if genres else "[]",
        _JSON.encode(studios).decode() if studios else "[]",
        r.premiere_date,
        r.added_at,
        r.updated_at,
        r.poster_ref,
        r.backdrop_ref,
        r.thumb_ref,
        r.poster_blurhash,
        r.backdrop_blurhash,
        r.location,
        now,
        hashes[r.remote_id],
    )


def _parent_lookup(remote_column: str) -> str:
    """SQL selecting the local id of the item named by this row's remote link column."""
    return (
        "SELECT p.id FROM media_items p WHERE p.source_id = media_items.source_id "
        f"AND p.remote_id = media_items.{remote_column}"
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


_PROGRESS_COLUMNS = (
    "item_id",
    "position_ms",
    "duration_ms",
    "watched",
    "play_count",
    "favorite",
    "last_played_at",
    "updated_at",
    "dirty",
)
_PROGRESS_CLAUSE = (
    " ON CONFLICT (item_id) DO UPDATE SET position_ms = excluded.position_ms, "
    "duration_ms = excluded.duration_ms, watched = excluded.watched, "
    "play_count = excluded.play_count, favorite = excluded.favorite, "
    "last_played_at = excluded.last_played_at, updated_at = excluded.updated_at "
    "WHERE playback_progress.dirty = 0"
)


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
            0,
        )
        for r in records
        if r.user is not None
    ]
    insert_many(conn, "playback_progress", _PROGRESS_COLUMNS, rows, _PROGRESS_CLAUSE)


def delete_items(conn: Connection, item_ids: Sequence[int]) -> list[int]:
    """Delete items (their children, credits, streams and progress cascade); return the ids."""
    deleted: list[int] = []
    for chunk in chunked(item_ids):
        # Not DELETE ... RETURNING: it leaves out the listed items that an earlier one in
        # the same statement took with it (a show and its episodes, all gone on the server).
        found = conn.exec_driver_sql(
            f"SELECT id FROM media_items WHERE id IN ({placeholders(len(chunk))})", chunk
        ).all()
        conn.exec_driver_sql(
            f"DELETE FROM media_items WHERE id IN ({placeholders(len(chunk))})", chunk
        )
        deleted.extend(int(row[0]) for row in found)
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
