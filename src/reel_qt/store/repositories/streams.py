"""SQL for the audio, video and subtitle tracks of items.

An item's tracks are one row per item: a JSON array of `[index, type, codec, language,
title, is_default, is_forced, is_external, channels, width, height, location]`, packed by
`core.prepared`. Tracks are only ever written and read together, per item; one row per
item instead of one per track made writing them ten times cheaper (bench/raw_floor.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from reel_qt.store.repositories._sql import packed, replace_packed
from reel_qt.store.views import StreamView

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_Track = tuple[
    int, str, str | None, str | None, str | None, bool, bool, bool,
    int | None, int | None, int | None, str | None,
]  # fmt: skip
_DECODER = msgspec.json.Decoder(list[_Track])


def replace_streams(
    conn: Connection, rows: Sequence[tuple[int, str]], *, replace: Sequence[int]
) -> None:
    """Write (item id, packed tracks) rows, dropping the old tracks of the items in `replace`."""
    replace_packed(conn, "media_streams", "streams", replace, rows)


def get_streams(conn: Connection, item_id: int) -> tuple[StreamView, ...]:
    """An item's tracks by index (a server listing one index twice: the first wins)."""
    text = packed(conn, "media_streams", "streams", item_id)
    tracks: dict[int, StreamView] = {}
    for t in _DECODER.decode(text) if text else ():
        if t[0] not in tracks:
            tracks[t[0]] = StreamView(
                index=t[0],
                type=t[1],
                codec=t[2],
                language=t[3],
                title=t[4],
                is_default=t[5],
                is_forced=t[6],
                is_external=t[7],
                channels=t[8],
                width=t[9],
                height=t[10],
                location=t[11],
            )
    return tuple(tracks[index] for index in sorted(tracks))
