"""The scheduler syncs at start-up, on request and on its interval, one sync at a time."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from reel_qt.sync.manager import SourceSyncResult
from reel_qt.sync.scheduler import SyncScheduler


class _RecordingManager:
    """Stands in for the sync manager: records each call, takes a little time."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[int] | None, bool]] = []
        self.running = 0
        self.overlapped = False

    async def sync_sources(
        self, source_ids: Sequence[int] | None = None, *, full: bool = False
    ) -> list[SourceSyncResult]:
        self.running += 1
        self.overlapped = self.overlapped or self.running > 1
        self.calls.append((None if source_ids is None else list(source_ids), full))
        await asyncio.sleep(0.05)
        self.running -= 1
        return []


async def test_startup_requests_and_interval() -> None:
    manager = _RecordingManager()
    scheduler = SyncScheduler(manager, interval_minutes=1)  # type: ignore[arg-type]
    scheduler.interval_s = 0.3
    task = asyncio.create_task(scheduler.run(startup_delay_s=0.01))
    await asyncio.sleep(0.03)  # the start-up sync is running
    scheduler.request([2])
    scheduler.request([1], full=True)  # merged with the previous request
    await asyncio.sleep(0.15)
    assert manager.calls[:2] == [(None, False), ([1, 2], True)]
    await asyncio.sleep(0.4)  # the interval passes with no request
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert manager.calls[2] == (None, False)
    assert not manager.overlapped
