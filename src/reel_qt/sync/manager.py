"""The sync manager: pulls pages from backends and writes them through the data service.

Each page is one transaction that also records the backend's cursor, so a sync that is
interrupted anywhere (network drop, crash, kill -9) leaves the database as it was after
the last whole page, and the next sync resumes from there. Fetching the next page
overlaps writing the current one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from reel_qt.backends.base import ItemPage, MediaBackend
from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.clock import now_ms
from reel_qt.core.errors import (
    AuthenticationError,
    BackendConnectionError,
    NotFoundError,
    ReelError,
)
from reel_qt.core.prepared import PreparedRows
from reel_qt.core.records import ItemType, LibraryKind, LibraryRecord, MediaRecord
from reel_qt.store.service import DataService, SyncCheckpoint
from reel_qt.store.views import LibraryView, SourceView, SyncStateView
from reel_qt.sync.progress_push import push_pending

log = logging.getLogger("reel.sync")

#: Items written in one transaction at most, when pages queue up behind the writer. The
#: store alone writes batches of 3,000 faster than three of 1,000, but in a full Jellyfin
#: sync (pages of 1,000) merging gained nothing measurable and held more pages in memory;
#: small pages (Plex detail batches, tiny test pages) are still merged up to this.
WRITE_BATCH = 1_000
_PARENT_TYPES = frozenset({ItemType.SHOW, ItemType.SEASON})


@dataclass(frozen=True, slots=True)
class SourceSyncResult:
    """How the sync of one source ended."""

    source_id: int
    source_name: str
    ok: bool
    items_written: int = 0
    items_deleted: int = 0
    error: str | None = None


@dataclass(slots=True)
class _LibraryRun:
    """Counters of one library's sync while it runs."""

    view: LibraryView
    record: LibraryRecord
    done: int = 0
    written: int = 0
    deleted: int = 0
    resumed: bool = False
    seen: set[str] = field(default_factory=set)
    # Parents (and shows) named by a record before this run had listed them: the store
    # links a child only to parents stored before it or in its own batch.
    awaited: set[str] = field(default_factory=set)
    created_parents: bool = False  # a show or season new to the store was written
    relink: bool = False  # whether a link written in this run may still dangle
    kept_any: bool = False  # whether a page vouched for items it did not send

    def note_page(self, records: Sequence[MediaRecord]) -> None:
        """Remember the page's ids and the parents its records name before they came."""
        ids = {r.remote_id for r in records}
        seen, awaited = self.seen, self.awaited
        for r in records:
            for link in (r.parent_remote_id, r.show_remote_id):
                if link is not None and link not in seen and link not in ids:
                    awaited.add(link)
        seen.update(ids)


class SyncManager:
    """Syncs sources one library at a time; progress and outcomes go out on the event bus."""

    def __init__(self, service: DataService, backends: BackendRegistry) -> None:
        self.service = service
        self.backends = backends
        self.bus = service.bus

    async def sync_sources(
        self, source_ids: Sequence[int] | None = None, *, full: bool = False
    ) -> list[SourceSyncResult]:
        """Sync the given sources (all when None); one failing source does not stop the rest.

        Raises:
            NotFoundError: one of the ids names no source (checked before anything runs).
        """
        if source_ids is None:
            targets = await self.service.list_sources()
        else:
            targets = [await self.service.get_source(source_id) for source_id in source_ids]
        with self.service.bulk_writes():
            return [await self.sync_source(source, full=full) for source in targets]

    async def sync_source(self, source: SourceView, *, full: bool = False) -> SourceSyncResult:
        """Sync one source; failures are recorded on it and reported, never raised."""
        self.bus.syncStarted.emit(source.id)
        written = deleted = 0
        resumed = relink = False
        backend: MediaBackend | None = None
        try:
            backend = await self.backends.create(source)
            # Push first: the server then holds the user's newest state before we read it.
            await push_pending(self.service, source, backend)
            records = await backend.libraries()
            await self.service.replace_libraries(source.id, records)
            views = {lib.remote_id: lib for lib in await self.service.list_libraries(source.id)}
            for record in records:
                if record.kind is LibraryKind.UNSUPPORTED:
                    continue  # listed for people to see; Reel cannot show its items yet
                run = _LibraryRun(view=views[record.remote_id], record=record)
                await self._sync_library(source, backend, run, full=full)
                written += run.written
                deleted += run.deleted
                resumed = resumed or run.resumed
                relink = relink or run.relink
            await self.service.finish_library_sync(
                source.id, [v.id for v in views.values()], relink=relink
            )
            await self.service.update_source(
                source.id,
                last_sync_at=now_ms(),
                last_error=None,
                online=True,
                needs_sign_in=False,
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:
            message = _describe(error)
            log.log(
                logging.WARNING if isinstance(error, ReelError) else logging.ERROR,
                "sync of source %s failed: %s",
                source.id,
                message,
                exc_info=not isinstance(error, ReelError),
            )
            await self._record_failure(source, error, message)
            self.bus.syncFailed.emit(source.id, message)
            return SourceSyncResult(
                source.id,
                source.name,
                ok=False,
                items_written=written,
                items_deleted=deleted,
                error=message,
            )
        finally:
            if backend is not None:
                await backend.close()
        self.bus.syncCompleted.emit(source.id, written)
        return SourceSyncResult(
            source.id, source.name, ok=True, items_written=written, items_deleted=deleted
        )

    async def _sync_library(
        self, source: SourceView, backend: MediaBackend, run: _LibraryRun, *, full: bool
    ) -> None:
        library_id = run.view.id
        state = await self.service.get_sync_state(library_id)
        cursor = None if full else state.cursor
        resuming = state.items_done > 0 and cursor is not None
        run.resumed = resuming
        run.done = state.items_done if resuming else 0
        total: int | None = state.items_total if resuming else None
        last_cursor = cursor
        started = now_ms()
        try:
            pages = backend.items(run.record, cursor=cursor, full=full)
            async for page in _coalesced(pages, max_records=WRITE_BATCH):
                total = page.total if page.total is not None else total
                run.done += len(page.records)
                run.note_page(page.records)
                if page.kept:
                    run.seen.update(page.kept)
                    run.kept_any = True
                last_cursor = page.cursor
                result = await self.service.upsert_items(
                    source.id,
                    library_id,
                    page.records,
                    prepared=page.prepared,
                    checkpoint=SyncCheckpoint(library_id, page.cursor, run.done, total),
                )
                run.written += len(result.created) + len(result.updated)
                if result.created and not run.created_parents:
                    run.created_parents = any(r.type in _PARENT_TYPES for r in page.records)
                self.bus.syncProgress.emit(
                    source.id, library_id, run.done, -1 if total is None else total
                )
        except asyncio.CancelledError:
            raise
        except Exception as error:
            await self.service.update_sync_state(
                library_id, last_error=_describe(error), last_error_at=now_ms()
            )
            raise
        run.deleted = len(await self._delete_missing(backend, run, complete=cursor is None))
        run.relink = _needs_relink(run, state, full=full)
        finished = now_ms()
        kind = "last_full_sync_at" if cursor is None else "last_incremental_sync_at"
        await self.service.update_sync_state(
            library_id,
            cursor=last_cursor,
            items_done=0,
            items_total=run.done,
            last_error=None,
            last_error_at=None,
            **{kind: finished},
        )
        log.info("library %s synced: %d items in %d ms", library_id, run.done, finished - started)

    async def _delete_missing(
        self, backend: MediaBackend, run: _LibraryRun, *, complete: bool
    ) -> list[int]:
        """Drop items the server no longer has, from a full listing or an ids-only pass."""
        if complete:
            # Every listed item was just stored, so when the library holds as many items
            # as were listed, it holds those alone: nothing to compare (the comparison
            # reads every stored id, ~1 s and ~40 MB at 175k items). Kept ids were not
            # stored by this run, so they prove nothing.
            if not run.kept_any:
                stored = await self.service.count_library_items(run.view.id)
                if stored == len(run.seen):
                    return []
            return await self.service.delete_missing_items(run.view.id, list(run.seen))
        known = await self.service.count_library_items(run.view.id)
        present = await backend.present_ids(run.record, known)
        if present is None:
            return []
        return await self.service.delete_missing_items(run.view.id, list(present))

    async def _record_failure(self, source: SourceView, error: Exception, message: str) -> None:
        changes: dict[str, object] = {"last_error": message}
        if isinstance(error, AuthenticationError):
            changes["needs_sign_in"] = True
        elif isinstance(error, BackendConnectionError):
            changes["online"] = False
        with suppress(NotFoundError):  # the source may have been removed meanwhile
            await self.service.update_source(source.id, **changes)


def _needs_relink(run: _LibraryRun, state: SyncStateView, *, full: bool) -> bool:
    """Whether the run may have left a child unlinked that its parent could now claim.

    Relinking scans every item of the source (~1 s at 175k items), so it runs only when a
    link can dangle: after an interrupted run, a forced full sync, a child written before
    its parent in this run, or, in a library synced before, a show or season new to the
    store (a child stored earlier may name it).
    """
    if run.resumed or (full and run.written > 0):
        return True
    if run.written == 0:
        return False
    if not run.awaited.isdisjoint(run.seen):
        return True
    synced_before = state.last_full_sync_at is not None or state.cursor is not None
    return run.created_parents and synced_before


def _describe(error: Exception) -> str:
    if isinstance(error, ReelError):
        return str(error)
    return f"Unexpected error while syncing ({type(error).__name__}). See the log for details."


async def _coalesced(
    pages: AsyncIterator[ItemPage], *, max_records: int, depth: int = 2
) -> AsyncIterator[ItemPage]:
    """Pages fetched ahead (up to `depth`) and merged while the writer was busy.

    The backend fetches and parses the next pages while the current one is written; the
    pages that arrived meanwhile are then written as one batch (up to `max_records`): each
    transaction rewrites the index pages it touched, so fewer, bigger ones write less. A
    merged page carries the last page's cursor, so an interrupted sync still resumes after
    the last commit.
    """
    queue: asyncio.Queue[ItemPage | Exception | None] = asyncio.Queue(maxsize=depth)

    async def produce() -> None:
        try:
            async for page in pages:
                await queue.put(page)
        except Exception as error:  # raised again by the consumer, in its own frame
            await queue.put(error)
            return
        await queue.put(None)

    producer = asyncio.create_task(produce(), name="sync.fetch-pages")
    try:
        while True:
            item = await queue.get()
            if not isinstance(item, ItemPage):
                if item is not None:
                    raise item
                return
            merged = [item]
            count = len(item.records)
            while count < max_records and not queue.empty():
                following = queue.get_nowait()
                if not isinstance(following, ItemPage):
                    # Write what came before the end (or the failure) first.
                    queue.put_nowait(following)
                    break
                merged.append(following)
                count += len(following.records)
            yield _merge(merged)
    finally:
        producer.cancel()
        with suppress(asyncio.CancelledError, Exception):
            await producer
        aclose = getattr(pages, "aclose", None)
        if aclose is not None:
            with suppress(Exception):
                await aclose()


def _merge(pages: list[ItemPage]) -> ItemPage:
    """One page holding these pages' records in order, with the last one's cursor."""
    if len(pages) == 1:
        return pages[0]
    last = pages[-1]
    prepared = (
        None
        if any(p.prepared is None for p in pages)
        else PreparedRows.joined([p.prepared for p in pages if p.prepared is not None])
    )
    return ItemPage(
        records=[r for p in pages for r in p.records],
        total=last.total
        if last.total is not None
        else next((p.total for p in reversed(pages) if p.total is not None), None),
        cursor=last.cursor,
        kept=[k for p in pages for k in p.kept],
        prepared=prepared,
    )
