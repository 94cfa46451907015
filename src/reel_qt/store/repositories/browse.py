"""Read queries for browsing: a library's ordered, filtered ids, poster rows, home rows.

A library grid never holds its items as objects: `library_ids` returns the matching ids
in display order as a compact array (8 bytes an item), and the grid asks `poster_rows`
for the few screens of rows it shows.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reel_qt.store import search
from reel_qt.store.repositories._sql import chunked, placeholders
from reel_qt.store.views import PosterRow

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

#: What a library grid lists: what people browse to (seasons and episodes live in shows).
TOP_LEVEL = ("movie", "show")

# Sort key -> ORDER BY expression; the title breaks ties so the order is stable.
SORTS = {
    "title": "m.sort_title",
    "year": "m.year",
    "added": "m.added_at",
    "rating": "m.rating",
    "watched": "p.last_played_at",
    "duration": "m.duration_ms",
}
STATES = ("all", "watched", "unwatched", "in-progress")


@dataclass(frozen=True, slots=True)
class LibraryQuery:
    """What a library page shows: its sort, filters and search text."""

    library_id: int
    sort: str = "title"
    descending: bool = False
    genre: str = ""
    year_from: int | None = None
    year_to: int | None = None
    state: str = "all"
    min_rating: float | None = None
    text: str = ""


def _where(query: LibraryQuery) -> tuple[list[str], list[Any]]:
    clauses = ["m.library_id = ?", f"m.type IN ({placeholders(len(TOP_LEVEL))})"]
    params: list[Any] = [query.library_id, *TOP_LEVEL]
    if query.genre:
        clauses.append("EXISTS (SELECT 1 FROM json_each(m.genres) g WHERE g.value = ?)")
        params.append(query.genre)
    if query.year_from is not None:
        clauses.append("m.year >= ?")
        params.append(query.year_from)
    if query.year_to is not None:
        clauses.append("m.year <= ?")
        params.append(query.year_to)
    if query.min_rating is not None:
        clauses.append("m.rating >= ?")
        params.append(query.min_rating)
    if query.state == "watched":
        clauses.append("p.watched = 1")
    elif query.state == "unwatched":
        clauses.append("coalesce(p.watched, 0) = 0")
    elif query.state == "in-progress":
        clauses.append("p.watched = 0 AND p.position_ms > 0")
    expression = search.to_match_expression(query.text) if query.text else None
    if expression is not None:
        clauses.append("m.id IN (SELECT rowid FROM media_fts WHERE media_fts MATCH ?)")
        params.append(expression)
    return clauses, params


def library_count(conn: Connection, query: LibraryQuery) -> int:
    """How many of the library's items match query."""
    clauses, params = _where(query)
    join = query.state != "all"
    sql = (
        "SELECT count(*) FROM media_items m "
        + ("LEFT JOIN playback_progress p ON p.item_id = m.id " if join else "")
        + f"WHERE {' AND '.join(clauses)}"
    )
    return int(conn.exec_driver_sql(sql, tuple(params)).scalar() or 0)


def library_ids(conn: Connection, query: LibraryQuery, limit: int | None = None) -> array[int]:
    """The ids of the library's items matching query, in display order (the first limit)."""
    clauses, params = _where(query)
    column = SORTS.get(query.sort, SORTS["title"])
    direction = "DESC" if query.descending else "ASC"
    # Items without the sorted value (no year, never watched) go last in either direction.
    order = f"m.sort_title {direction}, m.id"
    if column != SORTS["title"]:
        order = f"({column} IS NULL), {column} {direction}, m.sort_title, m.id"
    # The user's state is joined only when asked about: the join costs ~15% at 100k items.
    join = query.sort == "watched" or query.state != "all"
    sql = (
        "SELECT m.id FROM media_items m "
        + ("LEFT JOIN playback_progress p ON p.item_id = m.id " if join else "")
        + f"WHERE {' AND '.join(clauses)} ORDER BY {order}"
    )
    if limit is not None:
        # A first screen reads in well under a millisecond at 100k items; all of them,
        # sorted, take ~100 ms: the grid shows the head while the rest is read.
        sql += " LIMIT ?"
        params.append(limit)
    cursor = conn.exec_driver_sql(sql, tuple(params))
    return array("q", (row[0] for row in cursor))


def library_genres(conn: Connection, library_id: int) -> list[str]:
    """Every genre the library's items carry, sorted."""
    rows = conn.exec_driver_sql(
        "SELECT DISTINCT g.value FROM media_items m, json_each(m.genres) g "
        "WHERE m.library_id = ? AND m.genres != '[]' ORDER BY g.value",
        (library_id,),
    ).all()
    return [str(r[0]) for r in rows]


_POSTER_SQL = (
    "SELECT m.id, m.source_id, m.type, m.title, m.year, m.rating, m.duration_ms, "
    "coalesce(m.poster_ref, s.poster_ref), coalesce(m.poster_blurhash, s.poster_blurhash), "
    "m.thumb_ref, s.title, m.season_number, m.episode_number, "
    "coalesce(p.watched, 0), coalesce(p.position_ms, 0), {overview} "
    "FROM media_items m LEFT JOIN playback_progress p ON p.item_id = m.id "
    "LEFT JOIN media_items s ON s.id = m.show_id"
)


def _poster(r: Sequence[Any]) -> PosterRow:
    return PosterRow(
        id=r[0],
        source_id=r[1],
        type=r[2],
        title=r[3],
        year=r[4],
        rating=r[5],
        duration_ms=r[6],
        poster_ref=r[7],
        poster_blurhash=r[8],
        thumb_ref=r[9],
        show_title=r[10],
        season_number=r[11],
        episode_number=r[12],
        watched=bool(r[13]),
        position_ms=int(r[14]),
        overview=r[15],
    )


def poster_rows(conn: Connection, item_ids: Sequence[int]) -> list[PosterRow]:
    """Poster rows of these items, in the order asked (unknown ids are skipped)."""
    found: dict[int, PosterRow] = {}
    sql = _POSTER_SQL.format(overview="NULL")
    for chunk in chunked(item_ids):
        rows = conn.exec_driver_sql(f"{sql} WHERE m.id IN ({placeholders(len(chunk))})", chunk)
        for r in rows:
            found[r[0]] = _poster(r)
    return [found[i] for i in item_ids if i in found]


def children(conn: Connection, parent_id: int) -> list[PosterRow]:
    """A show's seasons or a season's episodes, in order, with their overviews."""
    sql = _POSTER_SQL.format(overview="m.overview")
    rows = conn.exec_driver_sql(
        f"{sql} WHERE m.parent_id = ? ORDER BY m.season_number, m.episode_number, m.sort_title",
        (parent_id,),
    )
    return [_poster(r) for r in rows]


# "? IS NULL OR column = ?" with the source id twice: one statement serves every source
# and one; SQLite short-circuits the first test when no source is chosen.
_OF_SOURCE = "(? IS NULL OR {column} = ?)"


def continue_watching(
    conn: Connection, limit: int, source_id: int | None = None
) -> list[PosterRow]:
    """Movies and episodes started and not finished, most recently played first."""
    ids = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT p.item_id FROM playback_progress p JOIN media_items m ON m.id = p.item_id "
            "WHERE p.watched = 0 AND p.position_ms > 0 AND m.type IN ('movie', 'episode') "
            f"AND {_OF_SOURCE.format(column='m.source_id')} "
            "ORDER BY coalesce(p.last_played_at, p.updated_at) DESC LIMIT ?",
            (source_id, source_id, limit),
        )
    ]
    return poster_rows(conn, ids)


_NEXT_UP_SQL = """
WITH last AS (
  SELECT e.show_id AS show_id,
         max(e.season_number * 100000 + e.episode_number) AS position,
         max(coalesce(p.last_played_at, p.updated_at)) AS at
  FROM playback_progress p JOIN media_items e ON e.id = p.item_id
  WHERE p.watched = 1 AND e.type = 'episode' AND e.show_id IS NOT NULL
    AND (? IS NULL OR e.source_id = ?)
  GROUP BY e.show_id
)
SELECT (SELECT n.id FROM media_items n LEFT JOIN playback_progress q ON q.item_id = n.id
        WHERE n.show_id = last.show_id AND n.type = 'episode' AND coalesce(q.watched, 0) = 0
          AND n.season_number * 100000 + n.episode_number > last.position
        ORDER BY n.season_number, n.episode_number LIMIT 1)
FROM last ORDER BY last.at DESC LIMIT ?
"""


def next_up(conn: Connection, limit: int, source_id: int | None = None) -> list[PosterRow]:
    """For each show in progress, the first unwatched episode after the last watched one."""
    rows = conn.exec_driver_sql(_NEXT_UP_SQL, (source_id, source_id, limit * 2)).all()
    ids = [r[0] for r in rows if r[0] is not None][:limit]
    return poster_rows(conn, ids)


def next_episode(conn: Connection, show_id: int) -> int | None:
    """The episode of a show to play next: in progress, else after the last watched one."""
    row = conn.exec_driver_sql(
        "SELECT n.id FROM media_items n LEFT JOIN playback_progress q ON q.item_id = n.id "
        "WHERE n.show_id = ? AND n.type = 'episode' AND coalesce(q.watched, 0) = 0 "
        "AND n.season_number * 100000 + n.episode_number > coalesce(("
        "  SELECT max(e.season_number * 100000 + e.episode_number) FROM media_items e "
        "  JOIN playback_progress w ON w.item_id = e.id "
        "  WHERE e.show_id = ? AND e.type = 'episode' AND w.watched = 1), -1) "
        "ORDER BY n.season_number, n.episode_number LIMIT 1",
        (show_id, show_id),
    ).first()
    return None if row is None else int(row[0])


def recently_added(conn: Connection, limit: int, source_id: int | None = None) -> list[PosterRow]:
    """Movies and shows, newest first, across every source or of one."""
    # Newest of each library through its (library_id, added_at) index, then merged: one
    # ORDER BY over the whole table sorts every row (~60 ms at 175,000 items, at start-up).
    newest: list[tuple[int, int]] = []
    libraries = conn.exec_driver_sql(
        f"SELECT id FROM libraries WHERE {_OF_SOURCE.format(column='source_id')}",
        (source_id, source_id),
    ).all()
    for (library_id,) in libraries:
        newest.extend(
            (r[1], r[0])
            for r in conn.exec_driver_sql(
                "SELECT id, added_at FROM media_items WHERE library_id = ? "
                "AND type IN ('movie', 'show') AND added_at IS NOT NULL "
                "ORDER BY added_at DESC LIMIT ?",
                (library_id, limit),
            )
        )
    newest.sort(key=lambda pair: (-pair[0], pair[1]))
    return poster_rows(conn, [item_id for _added, item_id in newest[:limit]])


def home_rows(
    conn: Connection, limit: int, source_id: int | None = None
) -> dict[str, list[PosterRow]]:
    """Home's rows: continue watching, next up and recently added (one read).

    With a source_id, each row holds only that source's items; without, every source's.
    """
    return {
        "continue": continue_watching(conn, limit, source_id),
        "next": next_up(conn, limit, source_id),
        "recent": recently_added(conn, limit, source_id),
    }


def episode_ids(conn: Connection, ancestor_id: int) -> list[int]:
    """Every episode under a show or a season (or the item itself when it is one)."""
    return [
        int(r[0])
        for r in conn.exec_driver_sql(
            "SELECT id FROM media_items WHERE type = 'episode' "
            "AND (show_id = ? OR parent_id = ? OR id = ?)",
            (ancestor_id, ancestor_id, ancestor_id),
        )
    ]
