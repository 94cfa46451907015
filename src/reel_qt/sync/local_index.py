"""The store-backed file index of a local source (the port in backends/local/index.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reel_qt.backends.local.index import IndexEntry
from reel_qt.store.repositories import local_files, media
from reel_qt.store.service import DataService


class StoredFileIndex:
    """Keeps one local source's file index in the library database."""

    def __init__(self, service: DataService, source_id: int) -> None:
        self.service = service
        self.source_id = source_id

    async def load(self) -> dict[str, IndexEntry]:
        """Every indexed path of the source."""
        rows = await self.service.database.read(lambda c: local_files.load(c, self.source_id))
        return {path: IndexEntry(*row) for path, row in rows.items()}

    async def save(self, changed: Mapping[str, IndexEntry], removed: Sequence[str]) -> None:
        """Store changed entries and forget removed paths, in one transaction."""
        rows = {path: (e.size, e.mtime_ns, e.facts) for path, e in changed.items()}
        # The index is the scan's private cache, not library data: no events follow it.
        await self.service.database.write(
            lambda c: local_files.save(c, self.source_id, rows, removed)
        )

    async def available_ids(self) -> set[str]:
        """Remote ids of the source's available items."""
        return await self.service.database.read(
            lambda c: local_files.available_ids(c, self.source_id)
        )

    async def set_unavailable(self, remote_ids: Sequence[str]) -> None:
        """Mark the items unavailable through the data service (which announces them)."""
        found = await self.service.database.read(
            lambda c: media.ids_by_remote(c, self.source_id, remote_ids)
        )
        if found:
            await self.service.set_available(sorted(found.values()), False)
