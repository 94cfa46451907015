"""Keeping local sources current while the app runs: a folder change asks for a sync.

One task (owned by the app's task registry) watches the folders of every local source;
a change under a folder asks the scheduler to sync its source, whose incremental rescan
reads only what changed. Adding or removing a source restarts the watch with the new set
of folders.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from reel_qt.backends.local.watch import DEBOUNCE_MS, PRESENCE_POLL_MS, watch_folders
from reel_qt.core.records import SourceType
from reel_qt.store.service import DataService

log = logging.getLogger("reel.sync.local_watch")


class LocalWatchService:
    """Watches every local source's folders and requests a sync of those that change."""

    def __init__(
        self,
        service: DataService,
        request: Callable[[Sequence[int]], None],
        *,
        debounce_ms: int = DEBOUNCE_MS,
        poll_ms: int = PRESENCE_POLL_MS,
    ) -> None:
        self.service = service
        self.request = request
        self.debounce_ms = debounce_ms
        self.poll_ms = poll_ms
        self._reload = asyncio.Event()
        self._closing = asyncio.Event()
        bus = service.bus
        for signal in (bus.sourceAdded, bus.sourceRemoved, bus.sourceUpdated):
            signal.connect(self._sources_changed)

    def _sources_changed(self, _source_id: int) -> None:
        self._reload.set()

    async def _roots(self) -> dict[str, int]:
        roots: dict[str, int] = {}
        for source in await self.service.list_sources():
            if source.type == SourceType.LOCAL.value:
                for path in source.config.get("paths", []):
                    roots[str(path)] = source.id
        return roots

    def close(self) -> None:
        """Stop watching: run() returns once the watch thread has seen its stop event.

        Cancelling run() instead would leave watchfiles' thread running (it is not
        interruptible) and reporting to the loop after the app stopped it.
        """
        self._closing.set()
        self._reload.set()

    async def run(self) -> None:
        """Watch until closed (the app's task registry owns this and reports failures)."""
        roots = await self._roots()
        while not self._closing.is_set():
            stop = asyncio.Event()
            monitor = asyncio.ensure_future(self._until_roots_change(roots, stop))
            try:
                if not roots:
                    await monitor
                else:
                    async for change in watch_folders(
                        sorted(roots), stop, debounce_ms=self.debounce_ms, poll_ms=self.poll_ms
                    ):
                        ids = sorted({roots[root] for root in change.roots if root in roots})
                        if change.presence_changed:
                            log.info("folders came or went: %s", ", ".join(sorted(change.roots)))
                        if ids:
                            self.request(ids)
            finally:
                monitor.cancel()
            if self._closing.is_set():
                return
            # Changes made while the watch restarts are caught by the new watch, which
            # reports every root once it is in place (see watch_folders).
            roots = await self._roots()

    async def _until_roots_change(self, roots: dict[str, int], stop: asyncio.Event) -> None:
        """Set stop once the set of watched folders differs from roots (sources edited)."""
        while True:
            await self._reload.wait()
            self._reload.clear()
            if self._closing.is_set() or await self._roots() != roots:
                stop.set()
                return
