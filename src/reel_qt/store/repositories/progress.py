"""SQL for the user's watched state and resume points."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reel_qt.store.repositories._sql import chunked, placeholders

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection


def save_local_progress(
    conn: Connection,
    item_id: int,
    *,
    position_ms: int,
    duration_ms: int | None,
    watched: bool,
    now: int,
    count_play: bool = False,
) -> None:
    """Record a change the user made here; it stays dirty until pushed to the server."""
    conn.exec_driver_sql(
        "INSERT INTO playback_progress (item_id, position_ms, duration_ms, watched, play_count, "
        "last_played_at, updated_at, dirty) VALUES (?, ?, ?, ?, ?, ?, ?, 1) "
        "ON CONFLICT (item_id) DO UPDATE SET position_ms = excluded.position_ms, "
        "duration_ms = coalesce(excluded.duration_ms, playback_progress.duration_ms), "
        "watched = excluded.watched, "
        "play_count = playback_progress.play_count + excluded.play_count, "
        "last_played_at = coalesce(excluded.last_played_at, playback_progress.last_played_at), "
        "updated_at = excluded.updated_at, dirty = 1",
        (
            item_id,
            position_ms,
            duration_ms,
            int(watched),
            int(count_play),
            now if count_play or position_ms else None,
            now,
        ),
    )


def dirty_item_ids(conn: Connection, source_id: int | None = None) -> list[int]:
    """Items whose local state still has to reach their server, oldest change first."""
    sql = "SELECT p.item_id FROM playback_progress p"
    params: tuple[object, ...] = ()
    if source_id is not None:
        # CROSS JOIN keeps the few dirty rows (partial index) as the outer loop; a plain
        # join lets SQLite walk every item of the source first.
        sql += " CROSS JOIN media_items m ON m.id = p.item_id WHERE p.dirty = 1 AND m.source_id = ?"
        params = (source_id,)
    else:
        sql += " WHERE p.dirty = 1"
    sql += " ORDER BY p.updated_at"
    return [int(r[0]) for r in conn.exec_driver_sql(sql, params).all()]


def mark_pushed(conn: Connection, item_ids: Sequence[int], pushed_up_to: int) -> None:
    """Clear the dirty flag of items not changed again since pushed_up_to."""
    for chunk in chunked(item_ids):
        conn.exec_driver_sql(
            f"UPDATE playback_progress SET dirty = 0 WHERE item_id IN ({placeholders(len(chunk))})"
            " AND updated_at <= ?",
            (*chunk, pushed_up_to),
        )
