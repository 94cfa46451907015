"""SQL for where each library's sync stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reel_qt.store.views import SyncStateView

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_COLUMNS = (
    "library_id, cursor, items_done, items_total, last_full_sync_at, "
    "last_incremental_sync_at, last_error, last_error_at"
)
_MUTABLE = frozenset(_COLUMNS.replace(" ", "").split(",")) - {"library_id"}


def get_sync_state(conn: Connection, library_id: int) -> SyncStateView:
    """The library's sync state; a library never synced gets an empty one."""
    row = conn.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM sync_state WHERE library_id = ?", (library_id,)
    ).first()
    if row is None:
        return SyncStateView(library_id, None, 0, None, None, None, None, None)
    return SyncStateView(*row)


def update_sync_state(conn: Connection, library_id: int, changes: dict[str, Any]) -> None:
    """Set some fields of the library's sync state, creating the row when needed."""
    if not changes:
        return
    unknown = set(changes) - _MUTABLE
    if unknown:
        raise ValueError(f"unknown sync state fields {sorted(unknown)}")
    columns = list(changes)
    conn.exec_driver_sql(
        f"INSERT INTO sync_state (library_id, {', '.join(columns)}) "
        f"VALUES (?, {', '.join('?' * len(columns))}) "
        f"ON CONFLICT (library_id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in columns),
        (library_id, *changes.values()),
    )
