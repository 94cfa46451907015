"""SQL for the versions of items that have several (qualities, cuts, editions).

Like tracks, an item's versions are one row per item, a JSON array of `[id, name, width,
height, codec, hdr, bitrate, size]` packed by `core.prepared`, written and read together.
Items with one version (nearly all of them) have no row, so a sync of a big library
writes nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from reel_qt.store.repositories._sql import packed, replace_packed
from reel_qt.store.views import VersionView

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_Version = tuple[
    str, str | None, int | None, int | None, str | None, bool, int | None, int | None
]  # fmt: skip
_DECODER = msgspec.json.Decoder(list[_Version])


def replace_versions(
    conn: Connection, rows: Sequence[tuple[int, str]], *, replace: Sequence[int]
) -> None:
    """Write (item id, packed versions) rows, dropping the old ones of the items in `replace`."""
    replace_packed(conn, "media_versions", "versions", replace, rows)


def get_versions(conn: Connection, item_id: int) -> tuple[VersionView, ...]:
    """An item's versions in the server's order (empty when it has only one)."""
    text = packed(conn, "media_versions", "versions", item_id)
    return tuple(VersionView(*v) for v in (_DECODER.decode(text) if text else ()))
