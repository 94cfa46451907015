"""Where the player writes the user's position: the local database first, then the source.

Every report lands locally (flagged for the restart-proof queue of `sync.progress_push`),
then the queue of that source is pushed. A source that cannot be reached keeps the
change queued; the next report, the next play or the next sync sends it. Each report is
also told to the source live (Jellyfin's playing sessions, Plex's timeline), best effort:
a missed live report is superseded by the next, the position travels by the queue.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reel_qt.backends.base import MediaBackend, PlaybackState
from reel_qt.core.errors import BackendError, NotAvailableError
from reel_qt.core.records import PlaybackTarget
from reel_qt.sync.progress_push import push_pending

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.backends.registry import BackendRegistry
    from reel_qt.store.service import DataService

log = logging.getLogger("reel.playback.progress")

REPORT_INTERVAL_S = 10.0


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """One position of one item, and whether it now counts as watched."""

    item_id: int
    position_ms: int
    duration_ms: int | None
    watched: bool
    paused: bool = False


def is_watched(position_s: float, duration_s: float, threshold_percent: int) -> bool:
    """Whether position_s is past threshold_percent of duration_s."""
    return duration_s > 0 and position_s >= duration_s * threshold_percent / 100


class ProgressReporter:
    """Saves reports of one playback session and pushes them; one backend per session."""

    def __init__(
        self,
        service: DataService,
        backends: BackendRegistry,
        source_id: int,
        *,
        remote_id: str | None = None,
        target: PlaybackTarget | None = None,
    ) -> None:
        self._service = service
        self._backends = backends
        self._source_id = source_id
        self._remote_id = remote_id  # None: no live reports (nothing to name the item by)
        self._target = target
        self._backend: MediaBackend | None = None
        self._watched_saved = False
        self._closed = False
        # One report at a time: a push in flight must not race the next one, or `close`.
        self._lock = asyncio.Lock()

    async def report(self, report: ProgressReport, state: PlaybackState | None = None) -> None:
        """Save report locally, tell the source live, push its queue (failures stay queued).

        The live report goes before the queue: a server applies its own rules to a stop
        (Jellyfin drops a position under 5 % of the runtime), and the resume point pushed
        after it is the one the user sees here, so both sides agree.
        """
        async with self._lock:
            await self._save(report)
            if not await self._connect():
                return
            if state is None:
                state = PlaybackState.PAUSED if report.paused else PlaybackState.PLAYING
            await self._tell(report, state)
            await self._push()

    async def _tell(self, report: ProgressReport, state: PlaybackState) -> None:
        if self._backend is None or self._remote_id is None:
            return
        try:
            await self._backend.report_playback(
                self._remote_id,
                state,
                position_ms=report.position_ms,
                duration_ms=report.duration_ms,
                target=self._target,
            )
        except BackendError as error:
            log.info("source %s missed a live playback report: %s", self._source_id, error)

    async def _save(self, report: ProgressReport) -> None:
        if report.watched:
            if not self._watched_saved:
                await self._service.set_watched(report.item_id, True)
                self._watched_saved = True
        else:
            await self._service.save_progress(
                report.item_id, position_ms=report.position_ms, duration_ms=report.duration_ms
            )

    async def _connect(self) -> bool:
        """Whether the session has its source's backend (made on the first report)."""
        if self._backend is not None:
            return True
        if self._closed:
            return False  # the session ended; the next play or sync pushes what is queued
        source = await self._service.get_source(self._source_id)
        try:
            self._backend = await self._backends.create(source)
        except NotAvailableError:
            return False  # a source type without a server (local folders): nothing to push
        except BackendError as error:
            log.info("progress stays queued for source %s: %s", self._source_id, error)
            return False
        return True

    async def _push(self) -> None:
        if self._backend is None:
            return
        source = await self._service.get_source(self._source_id)
        try:
            await push_pending(self._service, source, self._backend)
        except NotAvailableError:
            return  # a backend that keeps no user state of its own: nothing to push
        except BackendError as error:
            log.info("progress stays queued for source %s: %s", self._source_id, error)

    async def finish(self, final: ProgressReport | None) -> None:
        """Save and push the last report of the session, then release the connection."""
        try:
            if final is not None:
                await self.report(final, PlaybackState.STOPPED)
        finally:
            await self.close()

    async def close(self) -> None:
        """Release the backend's connections (after a push in flight has ended)."""
        self._closed = True
        async with self._lock:
            backend, self._backend = self._backend, None
        if backend is not None:
            await backend.close()
