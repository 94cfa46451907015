"""Small SQL-building helpers shared by the repositories."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

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
