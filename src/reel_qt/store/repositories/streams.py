"""SQL for the audio, video and subtitle tracks of items."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from reel_qt.core.records import MediaRecord
from reel_qt.store.repositories._sql import chunked, placeholders


def replace_streams(
    conn: Connection,
    item_ids: dict[str, int],
    records: Sequence[MediaRecord],
    *,
    replace: Sequence[int],
) -> None:
    """Write each record's streams, dropping the old streams of the items in `replace`."""
    for chunk in chunked(replace):
        conn.exec_driver_sql(
            f"DELETE FROM media_streams WHERE item_id IN ({placeholders(len(chunk))})", chunk
        )
    rows = [
        (
            item_ids[r.remote_id],
            s.index,
            s.type.value,
            s.codec,
            s.language,
            s.title,
            int(s.is_default),
            int(s.is_forced),
            int(s.is_external),
            s.channels,
            s.width,
            s.height,
            s.location,
        )
        for r in records
        for s in r.streams
    ]
    if rows:
        conn.exec_driver_sql(
            "INSERT INTO media_streams (item_id, stream_index, type, codec, language, title, "
            "is_default, is_forced, is_external, channels, width, height, location) "
            # A server listing one index twice must not sink the batch: the first wins.
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            rows,
        )
