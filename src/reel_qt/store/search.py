"""Full-text search over the library (being written)."""

from __future__ import annotations

from sqlalchemy import Connection

from reel_qt.store.views import SearchHit


def search_items(conn: Connection, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Ranked items matching query."""
    raise RuntimeError("search is being written")
