"""SQL for an item's markers: skippable spans and chapters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reel_qt.core.records import MarkerKind, MarkerRecord
from reel_qt.store.repositories._sql import chunked, placeholders

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection


def replace_markers(conn: Connection, item_id: int, markers: Sequence[MarkerRecord]) -> None:
    """Make the item's stored markers exactly these."""
    replace_markers_of(conn, {item_id: markers})


def replace_markers_of(conn: Connection, found: Mapping[int, Sequence[MarkerRecord]]) -> None:
    """Make each listed item's stored markers exactly those given for it."""
    for chunk in chunked(list(found)):
        conn.exec_driver_sql(
            f"DELETE FROM markers WHERE item_id IN ({placeholders(len(chunk))})", chunk
        )
    # Keyed by (item, kind, start): the table's key, so a repeated marker counts once.
    rows = {
        (item_id, m.kind.value, m.start_ms): (item_id, m.kind.value, m.start_ms, m.end_ms, m.title)
        for item_id, markers in found.items()
        for m in markers
    }
    if rows:
        conn.exec_driver_sql(
            "INSERT INTO markers (item_id, kind, start_ms, end_ms, title) VALUES (?, ?, ?, ?, ?)",
            list(rows.values()),
        )


def get_markers(conn: Connection, item_id: int) -> list[MarkerRecord]:
    """The item's markers in playback order."""
    rows = conn.exec_driver_sql(
        "SELECT kind, start_ms, end_ms, title FROM markers WHERE item_id = ? "
        "ORDER BY start_ms, kind",
        (item_id,),
    ).all()
    return [
        MarkerRecord(kind=MarkerKind(kind), start_ms=start, end_ms=end, title=title)
        for kind, start, end, title in rows
    ]
