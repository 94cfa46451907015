"""SQL for the sources table."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update

from reel_qt.store.tables import MediaItem, Source
from reel_qt.store.views import SourceView

_sources = Source.__table__  # type: ignore[attr-defined]
_items = MediaItem.__table__  # type: ignore[attr-defined]

# Columns a caller may change through update(); everything else is owned by the store.
UPDATABLE = frozenset(
    {
        "name",
        "url",
        "config",
        "credential_ref",
        "online",
        "needs_sign_in",
        "last_sync_at",
        "last_error",
    }
)


def _view(row: Row[Any], item_count: int) -> SourceView:
    return SourceView(
        id=row.id,
        type=row.type,
        name=row.name,
        url=row.url,
        config=json.loads(row.config or "{}"),
        credential_ref=row.credential_ref,
        online=bool(row.online),
        needs_sign_in=bool(row.needs_sign_in),
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
        item_count=item_count,
    )


def insert_source(
    conn: Connection,
    *,
    type: str,
    name: str,
    url: str | None,
    config: dict[str, Any],
    credential_ref: str | None,
    now: int,
) -> int:
    """Insert a source and return its id."""
    result = conn.execute(
        insert(_sources).values(
            type=type,
            name=name,
            url=url,
            config=json.dumps(config, sort_keys=True),
            credential_ref=credential_ref,
            created_at=now,
            updated_at=now,
        )
    )
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


def _counts(conn: Connection) -> dict[int, int]:
    rows = conn.exec_driver_sql(
        "SELECT source_id, count(*) FROM media_items GROUP BY source_id"
    ).all()
    return {int(source_id): int(count) for source_id, count in rows}


def get_source(conn: Connection, source_id: int) -> SourceView | None:
    """Return one source, or None."""
    row = conn.execute(select(_sources).where(_sources.c.id == source_id)).first()
    if row is None:
        return None
    count = conn.exec_driver_sql(
        "SELECT count(*) FROM media_items WHERE source_id = ?", (source_id,)
    ).scalar_one()
    return _view(row, int(count))


def list_sources(conn: Connection) -> list[SourceView]:
    """Return every source in the order they were added."""
    counts = _counts(conn)
    rows = conn.execute(select(_sources).order_by(_sources.c.id)).all()
    return [_view(row, counts.get(row.id, 0)) for row in rows]


def update_source(conn: Connection, source_id: int, changes: dict[str, Any], now: int) -> bool:
    """Apply changes to a source; return whether it exists."""
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise ValueError(f"cannot update source columns {sorted(unknown)}")
    values = dict(changes)
    if "config" in values:
        values["config"] = json.dumps(values["config"], sort_keys=True)
    result = conn.execute(
        update(_sources).where(_sources.c.id == source_id).values(**values, updated_at=now)
    )
    return result.rowcount > 0


def delete_source(conn: Connection, source_id: int) -> bool:
    """Delete a source; its libraries, items and everything under them cascade."""
    result = conn.execute(delete(_sources).where(_sources.c.id == source_id))
    return result.rowcount > 0
