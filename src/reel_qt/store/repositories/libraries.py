"""SQL for the libraries table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reel_qt.core.records import LibraryRecord
from reel_qt.store.repositories._sql import placeholders
from reel_qt.store.views import LibraryView

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_COLUMNS = "id, source_id, remote_id, name, kind, item_count"


@dataclass(frozen=True, slots=True)
class LibraryChanges:
    """Which libraries a sync of the library list created, updated and deleted."""

    created: list[int]
    updated: list[int]
    deleted: list[int]


def _view(row: Sequence[object]) -> LibraryView:
    id_, source_id, remote_id, name, kind, item_count = row
    return LibraryView(
        id=int(id_),  # type: ignore[call-overload]
        source_id=int(source_id),  # type: ignore[call-overload]
        remote_id=str(remote_id),
        name=str(name),
        kind=str(kind),
        item_count=int(item_count),  # type: ignore[call-overload]
    )


def list_libraries(conn: Connection, source_id: int | None = None) -> list[LibraryView]:
    """Return the libraries of one source, or of all sources."""
    if source_id is None:
        rows = conn.exec_driver_sql(
            f"SELECT {_COLUMNS} FROM libraries ORDER BY source_id, name"
        ).all()
    else:
        rows = conn.exec_driver_sql(
            f"SELECT {_COLUMNS} FROM libraries WHERE source_id = ? ORDER BY name", (source_id,)
        ).all()
    return [_view(row) for row in rows]


def get_library(conn: Connection, library_id: int) -> LibraryView | None:
    """Return one library, or None."""
    row = conn.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM libraries WHERE id = ?", (library_id,)
    ).first()
    return None if row is None else _view(row)


def replace_libraries(
    conn: Connection, source_id: int, records: Sequence[LibraryRecord], now: int
) -> LibraryChanges:
    """Make the source's libraries exactly these: upsert each, delete the ones not listed."""
    existing: dict[str, tuple[str, str]] = {
        remote_id: (name, kind)
        for remote_id, name, kind in conn.exec_driver_sql(
            "SELECT remote_id, name, kind FROM libraries WHERE source_id = ?", (source_id,)
        ).all()
    }
    conn.exec_driver_sql(
        "INSERT INTO libraries (source_id, remote_id, name, kind, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (source_id, remote_id) DO UPDATE SET "
        "name = excluded.name, kind = excluded.kind, updated_at = excluded.updated_at "
        "WHERE libraries.name IS NOT excluded.name OR libraries.kind IS NOT excluded.kind",
        [(source_id, r.remote_id, r.name, str(r.kind), now, now) for r in records],
    )
    current: dict[str, int] = dict(
        conn.exec_driver_sql(
            "SELECT remote_id, id FROM libraries WHERE source_id = ?", (source_id,)
        ).all()
    )
    wanted = {r.remote_id for r in records}
    deleted = [current[remote] for remote in current if remote not in wanted]
    if deleted:
        conn.exec_driver_sql(
            f"DELETE FROM libraries WHERE id IN ({placeholders(len(deleted))})", tuple(deleted)
        )
    created = [current[r] for r in wanted if r not in existing]
    updated = [
        current[r.remote_id]
        for r in records
        if r.remote_id in existing and existing[r.remote_id] != (r.name, str(r.kind))
    ]
    return LibraryChanges(created=sorted(created), updated=sorted(updated), deleted=sorted(deleted))


def count_items(conn: Connection, library_id: int) -> int:
    """How many items a library holds."""
    return int(
        conn.exec_driver_sql(
            "SELECT count(*) FROM media_items WHERE library_id = ?", (library_id,)
        ).scalar_one()
    )


def refresh_item_counts(conn: Connection, library_ids: Iterable[int]) -> dict[int, int]:
    """Recount the items of these libraries; return the counts that changed."""
    changed: dict[int, int] = {}
    for library_id in library_ids:
        count, stored = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM media_items WHERE library_id = ?), item_count "
            "FROM libraries WHERE id = ?",
            (library_id, library_id),
        ).one()
        if count != stored:
            conn.exec_driver_sql(
                "UPDATE libraries SET item_count = ? WHERE id = ?", (count, library_id)
            )
            changed[library_id] = int(count)
    return changed
