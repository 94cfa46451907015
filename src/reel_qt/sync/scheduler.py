"""Background sync: every source at start-up, then on a schedule, and whenever asked.

Syncs never overlap: a request made while one runs is remembered and served right
after it. All work runs as coroutines on the Qt loop (network) and the store's writer
thread (SQL), so the window stays responsive throughout.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from reel_qt.sync.manager import SourceSyncResult, SyncManager

log = logging.getLogger("reel.sync.scheduler")

STARTUP_DELAY_S = 2.0


class SyncScheduler:
    """Runs the sync manager periodically and on demand, one sync at a time."""

    def __init__(self, manager: SyncManager, *, interval_minutes: int) -> None:
        self.manager = manager
        self.interval_s = interval_minutes * 60.0
        self._wake = asyncio.Event()
        self._wanted: set[int] | None = set()  # None = every source
        self._full = False
        self._waiting_since: float | None = None  # loop time the current wait began
        self.last_results: list[SourceSyncResult] = []

    def set_interval(self, minutes: int) -> None:
        """Sync every minutes from now on; the current wait is measured again, from its start."""
        self.interval_s = minutes * 60.0
        self._wake.set()  # nothing requested: the loop only recomputes its timeout

    def request(self, source_ids: Sequence[int] | None = None, *, full: bool = False) -> None:
        """Ask for a sync of some sources (all when None) as soon as the current one ends."""
        if source_ids is None or self._wanted is None:
            self._wanted = None
        else:
            self._wanted.update(source_ids)
        self._full = self._full or full
        self._wake.set()

    async def run(self, *, startup_delay_s: float = STARTUP_DELAY_S) -> None:
        """Serve requests and the schedule until cancelled (owned by the app's task registry)."""
        await asyncio.sleep(startup_delay_s)
        self.request()
        loop = asyncio.get_running_loop()
        while True:
            if self._waiting_since is None:
                self._waiting_since = loop.time()
            timeout = max(0.0, self._waiting_since + self.interval_s - loop.time())
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=timeout)
            except TimeoutError:
                self.request()
            self._wake.clear()
            wanted, full = self._wanted, self._full
            self._wanted, self._full = set(), False
            if wanted is not None and not wanted:
                continue  # the interval changed: the same wait goes on, with the new length
            self._waiting_since = None
            ids = None if wanted is None else sorted(wanted)
            try:
                self.last_results = await self.manager.sync_sources(ids, full=full)
            except asyncio.CancelledError:
                raise
            except Exception:
                # A source removed between the request and the run, or a store failure:
                # logged, and the schedule goes on.
                log.exception("scheduled sync failed")
