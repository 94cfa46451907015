"""Numbers in sort titles sort by value: "Chapter 2" before "Chapter 10".

Revision ID: 0008_natural_sort
Revises: 0007_prepared_rows
Create Date: 2026-11-25

- media_items.sort_title: every run of digits padded with zeros to ten digits, as
  `core.text.sort_title` now writes it. Written out here rather than imported, so this
  revision keeps doing what it did whatever the app's code becomes.
"""

import re
from collections.abc import Callable, Sequence

from alembic import op

revision: str = "0008_natural_sort"
down_revision: str | None = "0007_prepared_rows"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WIDTH = 10


def _pad(key: str | None) -> str | None:
    if key is None:
        return None
    return re.sub(r"\d+", lambda number: number.group().zfill(_WIDTH), key)


def _unpad(key: str | None) -> str | None:
    if key is None:
        return None
    return re.sub(rf"\d{{{_WIDTH},}}", lambda number: number.group().lstrip("0") or "0", key)


def _rewrite_sort_titles(rewrite: Callable[[str | None], str | None]) -> None:
    """Apply rewrite to every sort title, in SQL through a function on this connection."""
    driver = op.get_bind().connection.driver_connection
    driver.create_function("reel_sort_key", 1, rewrite, deterministic=True)
    op.execute("UPDATE media_items SET sort_title = reel_sort_key(sort_title)")


def upgrade() -> None:
    """Pad the numbers of every stored sort title."""
    _rewrite_sort_titles(_pad)


def downgrade() -> None:
    """Strip the padding again (a number written with leading zeros loses them)."""
    _rewrite_sort_titles(_unpad)
