"""Still frames for local items without artwork, made in the background after syncs.

A sync does not wait for ffmpeg: it stores local items without a picture. This service
(one task, owned by the app's task registry) then finds them in the store, takes a frame
of each with bounded concurrency, and writes the frames' paths through the store, whose
update events refresh the pages that show them. Working from the store rather than from
a hand-over by the scan also catches items a previous run (or the CLI) left without one.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from reel_qt.backends.local.artwork import FrameCache
from reel_qt.backends.local.walk import FoundVideo, disc_title
from reel_qt.core.tasks import in_thread
from reel_qt.store.repositories import local_files
from reel_qt.store.service import DataService

log = logging.getLogger("reel.sync.local_frames")

#: Frames written to the store per transaction (and event) while a long run goes on.
BATCH = 16


def frames_folder(image_cache: Path) -> str:
    """Where local still frames are cached, under the app's image cache."""
    return str(image_cache / "local")


def _video(location: str) -> FoundVideo | None:
    """The file (or disc folder) behind an item as the scan saw it; None when it is gone."""
    try:
        if os.path.isdir(location):
            main = disc_title(location)
            if main is None:
                return None
            return FoundVideo(
                path=location, root="", size=main[1], mtime_ns=main[2], disc=True, main=main[0]
            )
        info = os.stat(location)
    except OSError:
        return None
    return FoundVideo(path=location, root="", size=info.st_size, mtime_ns=info.st_mtime_ns)


def _videos(
    rows: Sequence[tuple[int, str, int | None]],
) -> list[tuple[int, FoundVideo, int | None]]:
    found = [(item_id, _video(location), duration) for item_id, location, duration in rows]
    return [(item_id, video, duration) for item_id, video, duration in found if video]


class LocalFrameService:
    """Makes the still frames local items are waiting for, after each sync of their source."""

    def __init__(self, service: DataService, cache: FrameCache) -> None:
        self.service = service
        self.cache = cache
        self._wanted: set[int] | None = None  # source ids to look at; None: every one
        self._wake = asyncio.Event()
        self._wake.set()  # at start: items an earlier run left without a frame
        self._failed: set[int] = set()  # item ids ffmpeg could not take a frame of
        service.bus.syncCompleted.connect(self._synced)

    @classmethod
    def in_cache(cls, service: DataService, image_cache: Path) -> LocalFrameService:
        """The service keeping its frames in the app's image cache."""
        return cls(service, FrameCache(frames_folder(image_cache)))

    def _synced(self, source_id: int, _written: int) -> None:
        if self._wanted is not None:
            self._wanted.add(source_id)
        self._wake.set()

    async def run(self) -> None:
        """Make frames whenever a sync ends, until cancelled (the task registry owns this)."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            wanted, self._wanted = self._wanted, set()
            made = await self.make(None if wanted is None else sorted(wanted))
            if made:
                log.info("%d still frames made for local items", made)

    async def make(self, source_ids: Sequence[int] | None = None) -> int:
        """Frames for local items of these sources (all: None) that have no picture; count set."""
        rows = await self.service.database.read(lambda c: local_files.frameless(c, source_ids))
        rows = [row for row in rows if row[0] not in self._failed]
        videos = await in_thread(_videos, rows)
        count = 0
        for start in range(0, len(videos), BATCH):
            chunk = videos[start : start + BATCH]
            made = {v.path for v in await self.cache.extract([(v, d) for _, v, d in chunk])}
            thumbs = {item_id: self.cache.path_for(v) for item_id, v, _ in chunk if v.path in made}
            self._failed.update(item_id for item_id, v, _ in chunk if v.path not in made)
            if thumbs:
                count += len(await self.service.set_thumbs(thumbs))
        return count
