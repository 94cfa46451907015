"""Reading the sources table with plain SQL, so the start-up reads need no table classes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reel_qt.store.views import SourceView

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_COLUMNS = (
    "id, type, name, url, config, credential_ref, online, needs_sign_in, last_sync_at, last_error"
)


def _view(row: Sequence[Any], item_count: int) -> SourceView:
    return SourceView(
        id=row[0],
        type=row[1],
        name=row[2],
        url=row[3],
        config=json.loads(row[4] or "{}"),
        credential_ref=row[5],
        online=bool(row[6]),
        needs_sign_in=bool(row[7]),
        last_sync_at=row[8],
        last_error=row[9],
        item_count=item_count,
    )


def _counts(conn: Connection) -> dict[int, int]:
    rows = conn.exec_driver_sql(
        "SELECT source_id, count(*) FROM media_items GROUP BY source_id"
    ).all()
    return {int(source_id): int(count) for source_id, count in rows}


def get_source(conn: Connection, source_id: int) -> SourceView | None:
    """Return one source, or None."""
    row = conn.exec_driver_sql(f"SELECT {_COLUMNS} FROM sources WHERE id = ?", (source_id,)).first()
    if row is None:
        return None
    count = conn.exec_driver_sql(
        "SELECT count(*) FROM media_items WHERE source_id = ?", (source_id,)
    ).scalar_one()
    return _view(row, int(count))


def list_sources(conn: Connection) -> list[SourceView]:
    """Return every source in the order they were added."""
    counts = _counts(conn)
    rows = conn.exec_driver_sql(f"SELECT {_COLUMNS} FROM sources ORDER BY id").all()
    return [_view(row, counts.get(row[0], 0)) for row in rows]
