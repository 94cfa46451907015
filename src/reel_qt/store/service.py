"""The data service: the one door to the store for sync, UI and CLI.

Each write method is one unit of work: it runs in a single transaction on the database's
writer thread, and the events it queued are emitted on the caller's (asyncio/Qt) thread only
after that transaction has committed; a failed write emits nothing. Reads run on reader
threads, so nothing here blocks the UI loop.

Search rows are not written with the items: a batch queues its items and the search
indexer runs whenever the writer is idle (see Database.set_idle_work). A search first lets
the indexer catch up, so it always sees every committed write.
"""

from __future__ import annotations

import contextlib
import dataclasses
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import SignalInstance
from sqlalchemy import Connection

from reel_qt.core.clock import now_ms
from reel_qt.core.errors import NotFoundError
from reel_qt.core.events import EventBus
from reel_qt.core.prepared import PreparedRows
from reel_qt.core.records import LibraryRecord, MarkerRecord, MediaRecord
from reel_qt.store import search
from reel_qt.store.database import Database
from reel_qt.store.item_cache import ItemCache
from reel_qt.store.people_cache import PeopleCache
from reel_qt.store.repositories import (
    browse,
    libraries,
    listing,
    local_files,
    markers,
    media,
    progress,
    search_index,
    sources,
    sync_state,
)
from reel_qt.store.repositories.browse import LibraryQuery
from reel_qt.store.repositories.libraries import LibraryChanges
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.repositories.media import UpsertResult
from reel_qt.store.unit_of_work import UnitOfWork
from reel_qt.store.views import (
    ItemDetail,
    ItemRow,
    LibraryView,
    PosterRow,
    ProgressView,
    SearchHit,
    SourceView,
    SyncStateView,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SyncCheckpoint:
    """Sync progress to record in the same transaction as the page it follows."""

    library_id: int
    cursor: str | None
    items_done: int
    items_total: int | None


class DataService:
    """Owns units of work, the hot-item cache and the events that follow commits."""

    def __init__(self, database: Database, bus: EventBus, *, cache_size: int = 4096) -> None:
        self.database = database
        self.bus = bus
        self.cache = ItemCache(cache_size)
        self._people = PeopleCache()  # touched on the writer thread only
        # Also picks up items a previous run queued but did not get to index.
        database.set_idle_work(search_index.index_queued)

    async def _write(self, work: Callable[[UnitOfWork], T]) -> T:
        def run(connection: Connection) -> tuple[T, UnitOfWork]:
            uow = UnitOfWork(connection)
            return work(uow), uow

        result, uow = await self.database.write(run, then=lambda done: done[1].run_commit_hooks())
        for signal, args in uow.events:
            signal.emit(*args)
        return result

    # sources

    @contextlib.contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Defer background upkeep (search indexing) while a sync writes batch after batch."""
        self.database.pause_idle_work()
        try:
            yield
        finally:
            self.database.resume_idle_work()

    async def add_source(
        self,
        *,
        type: str,
        name: str,
        url: str | None = None,
        config: dict[str, Any] | None = None,
        credential_ref: str | None = None,
    ) -> SourceView:
        """Store a new source and announce it."""

        def work(uow: UnitOfWork) -> SourceView:
            source_id = sources.insert_source(
                uow.connection,
                type=type,
                name=name,
                url=url,
                config=config or {},
                credential_ref=credential_ref,
                now=now_ms(),
            )
            uow.announce(self.bus.sourceAdded, source_id)
            view = sources.get_source(uow.connection, source_id)
            assert view is not None
            return view

        return await self._write(work)

    async def update_source(self, source_id: int, **changes: Any) -> SourceView:
        """Change stored fields of a source (see sources.UPDATABLE) and announce it."""

        def work(uow: UnitOfWork) -> SourceView:
            before = sources.get_source(uow.connection, source_id)
            if before is None or not sources.update_source(
                uow.connection, source_id, changes, now_ms()
            ):
                raise NotFoundError(f"No source with id {source_id}.")
            after = sources.get_source(uow.connection, source_id)
            assert after is not None
            uow.announce(self.bus.sourceUpdated, source_id)
            if after.online != before.online:
                uow.announce(self.bus.sourceOnlineChanged, source_id, after.online)
            return after

        return await self._write(work)

    async def remove_source(self, source_id: int) -> None:
        """Delete a source with everything under it; announce the source and its libraries."""

        def work(uow: UnitOfWork) -> None:
            library_ids = [lib.id for lib in libraries.list_libraries(uow.connection, source_id)]
            self._people.clear()  # the source's people go with it
            if not sources.delete_source(uow.connection, source_id):
                raise NotFoundError(f"No source with id {source_id}.")
            for library_id in library_ids:
                uow.announce(self.bus.libraryDeleted, library_id)
            uow.announce(self.bus.sourceRemoved, source_id)

        await self._write(work)
        # Cascaded items are gone; the cache cannot tell which, so start afresh.
        self.cache.clear()
        self.bus.cacheCleared.emit("items")

    async def get_source(self, source_id: int) -> SourceView:
        """One source; NotFoundError when the id is unknown."""
        view = await self.database.read(lambda c: sources.get_source(c, source_id))
        if view is None:
            raise NotFoundError(f"No source with id {source_id}.")
        return view

    async def list_sources(self) -> list[SourceView]:
        """Every source with its item count."""
        return await self.database.read(sources.list_sources)

    # libraries

    async def replace_libraries(
        self, source_id: int, records: Sequence[LibraryRecord]
    ) -> LibraryChanges:
        """Make the source's libraries exactly these; announce what changed."""

        def work(uow: UnitOfWork) -> LibraryChanges:
            changes = libraries.replace_libraries(uow.connection, source_id, records, now_ms())
            for library_id in changes.created:
                uow.announce(self.bus.libraryCreated, library_id)
            for library_id in changes.updated:
                uow.announce(self.bus.libraryUpdated, library_id)
            for library_id in changes.deleted:
                uow.announce(self.bus.libraryDeleted, library_id)
            return changes

        changes = await self._write(work)
        if changes.deleted:
            self.cache.clear()
        return changes

    async def list_libraries(self, source_id: int | None = None) -> list[LibraryView]:
        """The libraries of one source or of all."""
        return await self.database.read(lambda c: libraries.list_libraries(c, source_id))

    async def get_library(self, library_id: int) -> LibraryView:
        """One library; NotFoundError when the id is unknown."""
        view = await self.database.read(lambda c: libraries.get_library(c, library_id))
        if view is None:
            raise NotFoundError(f"No library with id {library_id}.")
        return view

    # media items

    async def upsert_items(
        self,
        source_id: int,
        library_id: int,
        records: Sequence[MediaRecord],
        *,
        prepared: PreparedRows | None = None,
        checkpoint: SyncCheckpoint | None = None,
    ) -> UpsertResult:
        """Write one batch of items (and the sync checkpoint) in one transaction; announce ids.

        `prepared` is `PreparedRows.of(records)` when already computed.
        """

        def work(uow: UnitOfWork) -> UpsertResult:
            result = media.upsert_batch(
                uow.connection,
                source_id,
                library_id,
                records,
                now_ms(),
                prepared=prepared,
                people=self._people,
            )
            uow.on_commit(self._people.commit)
            if checkpoint is not None:
                sync_state.update_sync_state(
                    uow.connection,
                    checkpoint.library_id,
                    {
                        "cursor": checkpoint.cursor,
                        "items_done": checkpoint.items_done,
                        "items_total": checkpoint.items_total,
                    },
                )
            if result.created:
                uow.announce(self.bus.mediaBatchCreated, result.created)
            if result.updated:
                uow.announce(self.bus.mediaBatchUpdated, result.updated)
            return result

        result = await self._write(work)
        self.cache.discard(result.updated)
        if result.created or result.updated:
            self.database.request_idle_work()
        return result

    async def finish_library_sync(
        self, source_id: int, library_ids: Sequence[int], *, relink: bool = True
    ) -> None:
        """Link children to parents that arrived later (when relink) and refresh item counts.

        Relinking scans the source's items; a sync that wrote nothing skips it.
        """

        def work(uow: UnitOfWork) -> None:
            if relink:
                media.resolve_dangling_links(uow.connection, source_id)
            counts = libraries.refresh_item_counts(uow.connection, library_ids)
            for library_id, count in counts.items():
                uow.announce(self.bus.libraryItemCountChanged, library_id, count)

        await self._write(work)

    async def delete_items(self, item_ids: Sequence[int]) -> list[int]:
        """Delete items (children cascade) and announce the ids that were deleted."""

        def work(uow: UnitOfWork) -> list[int]:
            deleted = media.delete_items(uow.connection, item_ids)
            if len(deleted) == 1:
                uow.announce(self.bus.mediaDeleted, deleted[0])
            elif deleted:
                uow.announce(self.bus.mediaBatchDeleted, deleted)
            return deleted

        deleted = await self._write(work)
        self.cache.discard(deleted)
        return deleted

    async def delete_missing_items(
        self, library_id: int, present_remote_ids: Sequence[str]
    ) -> list[int]:
        """Delete the library's items the server no longer lists; return their ids."""

        def delete(conn: Connection) -> list[int]:
            return media.delete_items(
                conn, media.missing_item_ids(conn, library_id, present_remote_ids)
            )

        return await self._change_items(delete, self.bus.mediaBatchDeleted)

    async def set_available(self, item_ids: Sequence[int], available: bool) -> list[int]:
        """Mark items (un)available without deleting them; announce those that changed."""

        return await self._change_items(
            lambda conn: media.set_available(conn, item_ids, available), self.bus.mediaBatchUpdated
        )

    async def set_thumbs(self, thumbs: Mapping[int, str]) -> list[int]:
        """Set items' thumbnails (still frames made after a sync); announce those that changed."""

        return await self._change_items(
            lambda conn: local_files.set_thumbs(conn, thumbs), self.bus.mediaBatchUpdated
        )

    async def _change_items(
        self, change: Callable[[Connection], list[int]], announced_as: SignalInstance
    ) -> list[int]:
        """Run change in one write; announce the item ids it returns, then uncache them."""

        def work(uow: UnitOfWork) -> list[int]:
            changed = change(uow.connection)
            if changed:
                uow.announce(announced_as, changed)
            return changed

        changed = await self._write(work)
        self.cache.discard(changed)
        return changed

    async def get_item(self, item_id: int) -> ItemDetail:
        """Everything about one item, from the cache when hot; NotFoundError if unknown."""
        cached = self.cache.get(item_id)
        if cached is not None:
            return cached
        detail = await self.database.read(lambda c: listing.get_item(c, item_id))
        if detail is None:
            raise NotFoundError(f"No item with id {item_id}.")
        self.cache.put(detail)
        return detail

    async def count_library_items(self, library_id: int) -> int:
        """How many items the library holds now (available or not)."""
        return await self.database.read(lambda c: libraries.count_items(c, library_id))

    async def list_items(self, where: ItemFilter) -> list[ItemRow]:
        """Listing rows matching the filter."""
        return await self.database.read(lambda c: listing.list_items(c, where))

    async def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Ranked full-text search over every source, once every committed item is indexed."""
        # Another process (a `reel sync` in a terminal) may have queued items as well.
        if await self.database.read(search_index.has_queued):
            self.database.request_idle_work()
        await self.database.finish_idle_work()
        return await self.database.read(lambda c: search.search_items(c, query, limit=limit))

    async def finish_indexing(self) -> None:
        """Index every item written so far (search does this itself; for tools and tests)."""
        await self.database.finish_idle_work()

    # playback progress

    async def save_progress(
        self,
        item_id: int,
        *,
        position_ms: int,
        duration_ms: int | None = None,
        watched: bool = False,
        count_play: bool = False,
    ) -> None:
        """Record the user's position or watched state locally (to be pushed later)."""

        def work(uow: UnitOfWork) -> ProgressView | None:
            exists = uow.connection.exec_driver_sql(
                "SELECT 1 FROM media_items WHERE id = ?", (item_id,)
            ).first()
            if exists is None:
                raise NotFoundError(f"No item with id {item_id}.")
            progress.save_local_progress(
                uow.connection,
                item_id,
                position_ms=position_ms,
                duration_ms=duration_ms,
                watched=watched,
                now=now_ms(),
                count_play=count_play,
            )
            uow.announce(self.bus.mediaUpdated, item_id)
            return listing.get_progress(uow.connection, item_id)

        fresh = await self._write(work)
        # Write-through: a cached detail must not show the old resume point.
        cached = self.cache.get(item_id)
        if cached is not None:
            self.cache.put(dataclasses.replace(cached, progress=fresh))

    async def set_watched(self, item_id: int, watched: bool) -> None:
        """Mark an item watched (position cleared) or unwatched."""
        await self.save_progress(item_id, position_ms=0, watched=watched, count_play=watched)

    async def pending_progress(self, source_id: int | None = None) -> list[int]:
        """Items whose local state has not reached the server yet."""
        return await self.database.read(lambda c: progress.dirty_item_ids(c, source_id))

    async def mark_progress_pushed(self, item_ids: Sequence[int], pushed_up_to: int) -> None:
        """Clear the pending flag of items not changed since pushed_up_to."""
        await self._write(lambda uow: progress.mark_pushed(uow.connection, item_ids, pushed_up_to))
        # A cached detail would still show its progress as waiting to be pushed.
        self.cache.discard(item_ids)

    # markers

    async def save_markers(self, item_id: int, found: Sequence[MarkerRecord]) -> None:
        """Store an item's markers (replacing what was there) and announce the item."""

        def work(uow: UnitOfWork) -> None:
            markers.replace_markers(uow.connection, item_id, found)
            uow.announce(self.bus.mediaUpdated, item_id)

        await self._write(work)

    async def get_markers(self, item_id: int) -> list[MarkerRecord]:
        """An item's stored markers, in playback order."""
        return await self.database.read(lambda c: markers.get_markers(c, item_id))

    # sync state

    async def get_sync_state(self, library_id: int) -> SyncStateView:
        """Where the library's sync stands."""
        return await self.database.read(lambda c: sync_state.get_sync_state(c, library_id))

    async def update_sync_state(self, library_id: int, **changes: Any) -> None:
        """Set fields of the library's sync state."""
        await self._write(
            lambda uow: sync_state.update_sync_state(uow.connection, library_id, changes)
        )

    # browsing (read-only; see repositories/browse.py)

    async def library_ids(self, query: LibraryQuery, limit: int | None = None) -> array[int]:
        """Ids of a library's items matching query, in display order (the first limit)."""
        if query.text:  # search text needs every committed item indexed
            await self.database.finish_idle_work()
        return await self.database.read(lambda c: browse.library_ids(c, query, limit))

    async def library_count(self, query: LibraryQuery) -> int:
        """How many of a library's items match query."""
        return await self.database.read(lambda c: browse.library_count(c, query))

    async def poster_rows(self, item_ids: Sequence[int]) -> list[PosterRow]:
        """Poster rows of these items, in the order asked."""
        return await self.database.read(lambda c: browse.poster_rows(c, item_ids))

    async def library_genres(self, library_id: int) -> list[str]:
        """Every genre of a library's items."""
        return await self.database.read(lambda c: browse.library_genres(c, library_id))

    async def children(self, parent_id: int) -> list[PosterRow]:
        """A show's seasons or a season's episodes, in order."""
        return await self.database.read(lambda c: browse.children(c, parent_id))

    async def next_episode(self, show_id: int) -> int | None:
        """The episode of a show to play next, or None when every one is watched."""
        return await self.database.read(lambda c: browse.next_episode(c, show_id))

    async def home_rows(
        self, limit: int = 24, source_id: int | None = None
    ) -> dict[str, list[PosterRow]]:
        """Continue watching, next up and recently added, across every source or of one."""
        return await self.database.read(lambda c: browse.home_rows(c, limit, source_id))

    async def set_watched_all(self, item_id: int, watched: bool) -> list[int]:
        """Mark an item and every episode under it (a show, a season) watched or unwatched."""

        def work(uow: UnitOfWork) -> list[int]:
            ids = sorted({item_id, *browse.episode_ids(uow.connection, item_id)})
            stamp = now_ms()
            for one in ids:
                progress.save_local_progress(
                    uow.connection,
                    one,
                    position_ms=0,
                    duration_ms=None,
                    watched=watched,
                    now=stamp,
                    count_play=watched,
                )
            uow.announce(self.bus.mediaBatchUpdated, ids)
            return ids

        changed = await self._write(work)
        self.cache.discard(changed)
        return changed
