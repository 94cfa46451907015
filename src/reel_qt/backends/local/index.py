"""The file index the scan keeps between runs: what each file was when it was last read.

The backend holds no database; whoever builds it hands it a FileIndex (the sync layer's
store-backed one in the app, see sync/local_index.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import msgspec

#: The index entry (never a real path) whose facts are the digest of what the last scan's
#: records were built from besides the videos: sidecars, reachable folders, settings.
CONTEXT_PATH = ""


class IndexEntry(msgspec.Struct, frozen=True, gc=False):
    """A file's size and mtime when it was read, and the facts (FileFacts bytes) read then."""

    size: int
    mtime_ns: int
    facts: bytes


class FileIndex(Protocol):
    """Where a local source keeps its index and marks unreachable items."""

    async def load(self) -> dict[str, IndexEntry]:
        """Every indexed path with its entry."""
        ...

    async def save(self, changed: Mapping[str, IndexEntry], removed: Sequence[str]) -> None:
        """Store new and changed entries and forget removed paths, in one transaction."""
        ...

    async def available_ids(self) -> set[str]:
        """Remote ids of the source's items that are in the library and available."""
        ...

    async def set_unavailable(self, remote_ids: Sequence[str]) -> None:
        """Mark the items with these remote ids unavailable (kept, with their progress)."""
        ...
