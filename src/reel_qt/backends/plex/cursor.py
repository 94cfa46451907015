"""Where a Plex library's sync stands, as the opaque cursor the sync state stores.

Besides the resume position, a finished sync remembers which movies and episodes had
been viewed (had a `lastViewedAt`). Plex does not bump `updatedAt` on watch-state changes
and an item marked unwatched loses its `lastViewedAt`, so no filter finds it; comparing
the server's count of viewed items with this set (updated with what the run read) tells
Reel cheaply whether anything was un-viewed, and the set says which items to read again
when it was. It also keeps the section's `contentChangedAt`, which PMS bumps on every
addition, edit and deletion, so an unchanged section skips the pass over changed items.
"""

from __future__ import annotations

import base64
import logging
import zlib
from collections.abc import Iterable

from reel_qt.backends.decoding import StoredCursor

log = logging.getLogger("reel.plex")


class Cursor(StoredCursor):
    """Mid-listing (`phase`, `step`, `start`) or done up to `since` (epoch seconds)."""

    phase: str | None = None  # "all", "changed" or "viewed" while a listing runs
    step: int = 0  # which item type of the phase
    start: int = 0
    since: int | None = None  # changes at or after this server time are still to read
    next_since: int | None = None  # what `since` becomes once this run completes
    viewed: dict[str, str] | None = None  # item type -> encoded keys with a view, at `since`
    content: int | None = None  # the section's contentChangedAt when `since` was taken
    checked: int | None = None  # server time of the last pass over changed metadata


def encode_keys(keys: Iterable[str]) -> str | None:
    """A set of numeric rating keys as compact text (sorted deltas, varints, zlib, base64).

    None when a key is not a number (then Reel cannot keep the set and falls back to
    listing the viewed items when it needs them).
    """
    numbers = []
    for key in keys:
        if not key.isdigit():
            return None
        numbers.append(int(key))
    numbers.sort()
    raw = bytearray()
    previous = 0
    for number in numbers:
        delta, previous = number - previous, number
        while delta >= 0x80:
            raw.append((delta & 0x7F) | 0x80)
            delta >>= 7
        raw.append(delta)
    return base64.b64encode(zlib.compress(bytes(raw), 6)).decode("ascii")


def decode_keys(text: str | None) -> set[str] | None:
    """The set `encode_keys` wrote; None when absent or damaged."""
    if text is None:
        return None
    try:
        raw = zlib.decompress(base64.b64decode(text.encode("ascii"), validate=True))
    except (ValueError, zlib.error):
        return None
    keys: set[str] = set()
    value = shift = current = 0
    for byte in raw:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        current += value
        keys.add(str(current))
        value = shift = 0
    return keys if shift == 0 else None
