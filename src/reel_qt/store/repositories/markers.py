"""SQL for an item's markers: skippable spans and chapters.

An item's markers are one row per item: a JSON array of `[kind, start_ms, end_ms, title]`
in playback order (`core.prepared.pack_markers`). Markers are only ever written and read
together, per item, as tracks are (see streams.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from reel_qt.core.prepared import pack_markers
from reel_qt.core.records import MarkerKind, MarkerRecord
from reel_qt.store.repositories._sql import packed, replace_packed

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_Marker = tuple[str, int, int | None, str | None]
_DECODER = msgspec.json.Decoder(list[_Marker])


def replace_markers(conn: Connection, item_id: int, markers: Sequence[MarkerRecord]) -> None:
    """Make the item's stored markers exactly these."""
    rows = [(item_id, pack_markers(markers))] if markers else []
    replace_markers_of(conn, rows, replace=[item_id])


def replace_markers_of(
    conn: Connection, rows: Sequence[tuple[int, str]], *, replace: Sequence[int]
) -> None:
    """Write (item id, packed markers) rows, dropping first the stored ones of `replace`.

    Items new to the store have none to drop, so only the items written before are named.
    """
    replace_packed(conn, "media_markers", "markers", replace, rows)


def get_markers(conn: Connection, item_id: int) -> list[MarkerRecord]:
    """The item's markers in playback order."""
    text = packed(conn, "media_markers", "markers", item_id)
    return [
        MarkerRecord(kind=MarkerKind(kind), start_ms=start, end_ms=end, title=title)
        for kind, start, end, title in (_DECODER.decode(text) if text else ())
    ]
