"""SQL for the sources table."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, insert, update

# The reads are plain SQL in source_reads (the window's start-up reads them without
# loading the table classes); they stay importable from here.
from reel_qt.store.repositories.source_reads import get_source, list_sources
from reel_qt.store.tables import MediaItem, Source

_sources = Source.__table__  # type: ignore[attr-defined]
_items = MediaItem.__table__  # type: ignore[attr-defined]

__all__ = ["delete_source", "get_source", "insert_source", "list_sources", "update_source"]

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
