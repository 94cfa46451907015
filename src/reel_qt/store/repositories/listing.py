"""Read queries over media items: listings with filters, and one item in full."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reel_qt.store.repositories import credits, streams, versions
from reel_qt.store.views import ItemDetail, ItemRow, ProgressView

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """What `list_items` narrows to; None means no constraint."""

    source_id: int | None = None
    library_id: int | None = None
    type: str | None = None
    parent_id: int | None = None
    limit: int | None = None
    offset: int = 0


_ROW_SQL = (
    "SELECT m.id, m.source_id, m.library_id, m.type, m.title, m.year, m.parent_id, "
    "m.season_number, m.episode_number, m.duration_ms, "
    "coalesce(p.watched, 0), coalesce(p.position_ms, 0) "
    "FROM media_items m LEFT JOIN playback_progress p ON p.item_id = m.id"
)


def _item_row(r: Sequence[Any]) -> ItemRow:
    return ItemRow(
        id=r[0],
        source_id=r[1],
        library_id=r[2],
        type=r[3],
        title=r[4],
        year=r[5],
        parent_id=r[6],
        season_number=r[7],
        episode_number=r[8],
        duration_ms=r[9],
        watched=bool(r[10]),
        position_ms=int(r[11]),
    )


def list_items(conn: Connection, where: ItemFilter) -> list[ItemRow]:
    """Items matching the filter, in title order (episodes in season/episode order)."""
    clauses: list[str] = []
    params: list[object] = []
    for column, value in (
        ("m.source_id", where.source_id),
        ("m.library_id", where.library_id),
        ("m.type", where.type),
        ("m.parent_id", where.parent_id),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    sql = _ROW_SQL
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY m.sort_title, m.season_number, m.episode_number, m.id"
    if where.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [where.limit, where.offset]
    rows = conn.exec_driver_sql(sql, tuple(params)).all()
    return [
        ItemRow(
            id=r[0],
            source_id=r[1],
            library_id=r[2],
            type=r[3],
            title=r[4],
            year=r[5],
            parent_id=r[6],
            season_number=r[7],
            episode_number=r[8],
            duration_ms=r[9],
            watched=bool(r[10]),
            position_ms=int(r[11]),
        )
        for r in rows
    ]


_DETAIL_COLUMNS = (
    "id, source_id, library_id, remote_id, type, parent_id, show_id, title, sort_title, "
    "original_title, season_number, episode_number, year, duration_ms, rating, content_rating, "
    "overview, genres, studios, premiere_date, added_at, updated_at, poster_ref, backdrop_ref, "
    "thumb_ref, poster_blurhash, backdrop_blurhash, location, available, synced_at"
)


def get_item(conn: Connection, item_id: int) -> ItemDetail | None:
    """Everything known about one item: fields, user state, people and streams."""
    row = (
        conn.exec_driver_sql(f"SELECT {_DETAIL_COLUMNS} FROM media_items WHERE id = ?", (item_id,))
        .mappings()
        .first()
    )
    if row is None:
        return None
    fields = dict(row)
    fields["genres"] = tuple(json.loads(fields["genres"] or "[]"))
    fields["studios"] = tuple(json.loads(fields["studios"] or "[]"))
    fields["available"] = bool(fields["available"])
    return ItemDetail(
        **fields,
        progress=get_progress(conn, item_id),
        credits=credits.get_credits(conn, item_id),
        streams=streams.get_streams(conn, item_id),
        versions=versions.get_versions(conn, item_id),
    )


def get_progress(conn: Connection, item_id: int) -> ProgressView | None:
    """The user's state of one item, or None when never played nor synced."""
    row = conn.exec_driver_sql(
        "SELECT position_ms, duration_ms, watched, play_count, favorite, last_played_at, "
        "updated_at, dirty FROM playback_progress WHERE item_id = ?",
        (item_id,),
    ).first()
    if row is None:
        return None
    return ProgressView(
        position_ms=row[0],
        duration_ms=row[1],
        watched=bool(row[2]),
        play_count=row[3],
        favorite=bool(row[4]),
        last_played_at=row[5],
        updated_at=row[6],
        dirty=bool(row[7]),
    )
