"""Small SQL-building helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

T = TypeVar("T")

# SQLite's default limit on bound variables is 32766; stay well below it.
MAX_VARIABLES = 30_000


def placeholders(count: int) -> str:
    """`?, ?, ...` for count bound values."""
    return ",".join("?" * count)


def chunked(values: Sequence[T], size: int = MAX_VARIABLES) -> Iterator[tuple[T, ...]]:
    """Split values into tuples small enough to bind in one statement."""
    for start in range(0, len(values), size):
        yield tuple(values[start : start + size])


def insert_many(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[object, ...]],
    suffix: str = "",
) -> None:
    """INSERT rows with one executemany, writing NULL literally for columns empty in every row.

    Python's sqlite3 binds None through its adapter lookup, which costs more than binding a
    value (about 0.3 µs each): columns a whole batch leaves empty (a movie's season number,
    a server item's file path) are cheaper as a literal NULL. `suffix` may add an ON
    CONFLICT clause.
    """
    if not rows:
        return
    count = len(rows)
    empty = {i for i, values in enumerate(zip(*rows, strict=True)) if values.count(None) == count}
    if empty and len(empty) < len(columns) - 1:
        keep = itemgetter(*(i for i in range(len(columns)) if i not in empty))
        rows = [keep(row) for row in rows]
    else:
        empty = set()
    values = ", ".join("NULL" if i in empty else "?" for i in range(len(columns)))
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values}){suffix}", rows
    )


def replace_packed(
    conn: Connection,
    table: str,
    column: str,
    replace: Sequence[int],
    rows: Sequence[tuple[int, str]],
) -> None:
    """Drop the one-row-per-item JSON of the items in `replace`, then insert `rows`.

    For the tables that hold an item's list (tracks, versions) as one JSON row per item:
    `(item_id, column)`.
    """
    for chunk in chunked(replace):
        conn.exec_driver_sql(
            f"DELETE FROM {table} WHERE item_id IN ({placeholders(len(chunk))})", chunk
        )
    if rows:
        conn.exec_driver_sql(f"INSERT INTO {table} (item_id, {column}) VALUES (?, ?)", rows)


def packed(conn: Connection, table: str, column: str, item_id: int) -> str | None:
    """One item's JSON row of such a table, or None when it has none."""
    text = conn.exec_driver_sql(f"SELECT {column} FROM {table} WHERE item_id = ?", (item_id,))
    value = text.scalar()
    return None if value is None else str(value)
