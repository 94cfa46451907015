"""SQL for an item's markers: skippable spans and chapters."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from reel_qt.core.records import MarkerKind, MarkerRecord


def replace_markers(conn: Connection, item_id: int, markers: Sequence[MarkerRecord]) -> None:
    """Make the item's stored markers exactly these."""
    conn.exec_driver_sql("DELETE FROM markers WHERE item_id = ?", (item_id,))
    rows = {
        (m.kind.value, m.start_ms): (item_id, m.kind.value, m.start_ms, m.end_ms, m.title)
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
