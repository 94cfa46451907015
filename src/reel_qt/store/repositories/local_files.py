"""SQL for the local sources' file index (see backends/local/index.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reel_qt.store.repositories._sql import chunked, insert_many, placeholders

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_COLUMNS = ("source_id", "path", "size", "mtime_ns", "facts")
_UPSERT = (
    " ON CONFLICT (source_id, path) DO UPDATE SET size = excluded.size, "
    "mtime_ns = excluded.mtime_ns, facts = excluded.facts"
)


def load(conn: Connection, source_id: int) -> dict[str, tuple[int, int, bytes]]:
    """Every indexed path of the source with its size, mtime and facts."""
    rows = conn.exec_driver_sql(
        "SELECT path, size, mtime_ns, facts FROM local_files WHERE source_id = ?", (source_id,)
    ).all()
    return {path: (size, mtime, bytes(facts)) for path, size, mtime, facts in rows}


def available_ids(conn: Connection, source_id: int) -> set[str]:
    """Remote ids of the source's available items."""
    rows = conn.exec_driver_sql(
        "SELECT remote_id FROM media_items WHERE source_id = ? AND available", (source_id,)
    ).all()
    return {remote_id for (remote_id,) in rows}


def save(
    conn: Connection,
    source_id: int,
    changed: Mapping[str, tuple[int, int, bytes]],
    removed: Sequence[str],
) -> None:
    """Store new and changed entries and forget removed paths."""
    insert_many(
        conn,
        "local_files",
        _COLUMNS,
        [(source_id, path, *entry) for path, entry in changed.items()],
        _UPSERT,
    )
    for chunk in chunked(removed):
        conn.exec_driver_sql(
            f"DELETE FROM local_files WHERE source_id = ? AND path IN ({placeholders(len(chunk))})",
            (source_id, *chunk),
        )


def frameless(
    conn: Connection, source_ids: Sequence[int] | None
) -> list[tuple[int, str, int | None]]:
    """Id, file and duration of available local movies and episodes without any picture."""
    where = "" if source_ids is None else f" AND m.source_id IN ({placeholders(len(source_ids))})"
    rows = conn.exec_driver_sql(
        "SELECT m.id, m.location, m.duration_ms FROM media_items m "
        "JOIN sources s ON s.id = m.source_id "
        "WHERE s.type = 'local' AND m.type IN ('movie', 'episode') AND m.available "
        "AND m.poster_ref IS NULL AND m.thumb_ref IS NULL AND m.location IS NOT NULL" + where,
        tuple(source_ids or ()),
    ).all()
    return [(item_id, location, duration) for item_id, location, duration in rows]


def set_thumbs(conn: Connection, thumbs: Mapping[int, str]) -> list[int]:
    """Set items' thumbnails; return the ids whose thumbnail changed."""
    changed: list[int] = []
    for item_id, ref in thumbs.items():
        row = conn.exec_driver_sql(
            "UPDATE media_items SET thumb_ref = ? WHERE id = ? AND thumb_ref IS NOT ? RETURNING id",
            (ref, item_id, ref),
        ).first()
        if row is not None:
            changed.append(row[0])
    return changed
