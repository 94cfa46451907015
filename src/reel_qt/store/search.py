"""Full-text search over every source, safe for any text a user types.

User text never reaches FTS5's query language: it is split into words the way the
index's unicode61 tokenizer splits text (letters, digits and private-use characters
make words; everything else separates them), and each word becomes a quoted prefix
term. So quotes, parentheses, `*`, `^`, `:` column filters and the words AND, OR, NOT
and NEAR are just text, and every word must match the start of some indexed word.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from reel_qt.store.views import SearchHit

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

MAX_TERMS = 16
MAX_TERM_LENGTH = 64
MAX_LIMIT = 500
# Ranking is bounded: at most this many matches are scored. A query matching fewer
# (nearly every query past its first letters) is ranked exactly; a very broad prefix
# gets the best of the first matches, and the next keystroke narrows it. This keeps
# search-as-you-type within a frame on libraries of hundreds of thousands of items.
MAX_RANKED = 1_000

# bm25 weights per column: title, original_title, overview, genres, people.
_WEIGHTS = "10.0, 6.0, 1.0, 2.0, 3.0"


def _is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


def words(text: str) -> list[str]:
    """Split text into the words the index sees (case and accents are left to FTS5)."""
    found: list[str] = []
    current: list[str] = []
    for char in text:
        if _is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def to_match_expression(user_text: str) -> str | None:
    """A safe FTS5 MATCH expression for user_text, or None when it holds no words."""
    terms = [word[:MAX_TERM_LENGTH] for word in words(user_text)[:MAX_TERMS]]
    if not terms:
        return None
    # Words hold no double quotes (they are separators), so quoting cannot be escaped.
    return " ".join(f'"{term}"*' for term in terms)


def search_items(conn: Connection, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Items matching query across every source, best first."""
    expression = to_match_expression(query)
    if expression is None:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    # Score a bounded set of matches, keep the best few, and only then join their items.
    rows = conn.exec_driver_sql(
        "SELECT m.id, m.source_id, m.type, m.title, m.year, m.parent_id, hits.score "
        "FROM (SELECT * FROM ("
        f"SELECT rowid, bm25(media_fts, {_WEIGHTS}) AS score FROM media_fts "
        f"WHERE media_fts MATCH ? LIMIT {MAX_RANKED}"
        ") ORDER BY score LIMIT ?) AS hits "
        "JOIN media_items m ON m.id = hits.rowid ORDER BY hits.score",
        (expression, limit),
    ).all()
    return [
        SearchHit(
            id=r[0],
            source_id=r[1],
            type=r[2],
            title=r[3],
            year=r[4],
            parent_id=r[5],
            rank=float(r[6]),
        )
        for r in rows
    ]
