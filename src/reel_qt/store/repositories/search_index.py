"""SQL for the search index: items queue for indexing when written, the indexer catches up.

Writing an item's search row costs as much as writing the item itself (FTS5 tokenises
every word four times: once whole, and for the 2- and 3-letter prefix indexes), so a
batch only queues the ids it wrote, in the same transaction; `index_queued` turns queued
ids into search rows later, in bounded transactions of its own, reading the text back from
the items, their genres and their people. A crash loses nothing: the queue is durable and
resumed on the next start. Deleted items leave the index through the delete trigger.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reel_qt.store.repositories._sql import MAX_VARIABLES, chunked, placeholders

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

# Items per indexing transaction: big enough that FTS5 writes few, large segments; small
# enough that a write waiting behind an idle-time round waits a fraction of a second.
CHUNK = 5_000

_DELETE_ROWS_SQL = (
    "DELETE FROM media_fts WHERE rowid IN (SELECT item_id FROM search_queue WHERE item_id <= ?)"
)
#: The search rows of the queued items up to an id.
INSERT_ROWS_SQL = (
    "INSERT INTO media_fts (rowid, title, original_title, overview, genres, people) "
    "SELECT m.id, m.title, coalesce(m.original_title, ''), coalesce(m.overview, ''), "
    "coalesce((SELECT group_concat(g.value, ' ') FROM json_each(m.genres) g), ''), "
    # CROSS JOIN keeps this order: left to choose, SQLite scanned all the source's people
    # for each item and probed its credits with each, which took minutes for a library.
    "coalesce((SELECT group_concat(p.name, ' ') FROM credits c CROSS JOIN json_each(c.people) j "
    "CROSS JOIN people p "
    "ON p.source_id = m.source_id AND p.remote_id = json_extract(j.value, '$[0]') "
    "WHERE c.item_id = m.id), '') "
    "FROM search_queue q JOIN media_items m ON m.id = q.item_id WHERE q.item_id <= ?"
)


def queue(conn: Connection, item_ids: Sequence[int]) -> None:
    """Queue written items for (re)indexing."""
    if item_ids:
        conn.exec_driver_sql(
            "INSERT INTO search_queue (item_id) VALUES (?) ON CONFLICT DO NOTHING",
            [(item_id,) for item_id in item_ids],
        )


def queue_new(conn: Connection, after_id: int) -> None:
    """Queue every item with an id above after_id (what a batch has just inserted)."""
    conn.exec_driver_sql(
        "INSERT INTO search_queue (item_id) SELECT id FROM media_items WHERE id > ? "
        "ON CONFLICT DO NOTHING",
        (after_id,),
    )


def index_queued(conn: Connection, limit: int = CHUNK) -> bool:
    """Index up to limit queued items (lowest ids first); return whether more are queued."""
    last = conn.exec_driver_sql(
        "SELECT max(item_id) FROM (SELECT item_id FROM search_queue ORDER BY item_id LIMIT ?)",
        (limit,),
    ).scalar()
    if last is None:
        return False
    # Rows of changed items go first; for new items there is nothing to delete.
    conn.exec_driver_sql(_DELETE_ROWS_SQL, (last,))
    # Ids of items deleted since they were queued find no item and are simply dropped.
    conn.exec_driver_sql(INSERT_ROWS_SQL, (last,))
    conn.exec_driver_sql("DELETE FROM search_queue WHERE item_id <= ?", (last,))
    return (
        conn.exec_driver_sql(
            "SELECT 1 FROM search_queue WHERE item_id > ? LIMIT 1", (last,)
        ).first()
        is not None
    )


def has_queued(conn: Connection) -> bool:
    """Whether any item waits to be indexed."""
    return conn.exec_driver_sql("SELECT 1 FROM search_queue LIMIT 1").first() is not None


def queued_count(conn: Connection) -> int:
    """How many items wait to be indexed."""
    return int(conn.exec_driver_sql("SELECT count(*) FROM search_queue").scalar_one())


def queue_credited(conn: Connection, source_id: int, person_keys: Sequence[str]) -> None:
    """Queue every item of the source crediting these people (their names are in its row).

    Credits are stored per item, so this reads them all; people are renamed rarely.
    """
    for chunk in chunked(person_keys, MAX_VARIABLES - 1):
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO search_queue (item_id) SELECT DISTINCT c.item_id "
            "FROM media_items m JOIN credits c ON c.item_id = m.id, json_each(c.people) j "
            "WHERE m.source_id = ? AND json_extract(j.value, '$[0]') "
            f"IN ({placeholders(len(chunk))})",
            (source_id, *chunk),
        )
