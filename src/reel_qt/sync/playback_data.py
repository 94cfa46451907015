"""What the player asks before it opens an item: where to play it from, and its markers.

Markers come fresh from the source when it answers and are stored, so the next play,
online or not, has them; offline, the stored ones serve.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reel_qt.core.errors import BackendConnectionError
from reel_qt.core.records import MarkerRecord, PlaybackTarget

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.backends.registry import BackendRegistry
    from reel_qt.store.service import DataService

log = logging.getLogger("reel.sync.playback")


@dataclass(frozen=True, slots=True)
class PreparedPlayback:
    """An item ready to play: the target, its markers, and where to resume."""

    item_id: int
    target: PlaybackTarget
    markers: list[MarkerRecord]
    resume_ms: int


class PlaybackPreparer:
    """Asks an item's source how to play it, keeping its markers current in the store."""

    def __init__(self, service: DataService, backends: BackendRegistry) -> None:
        self.service = service
        self.backends = backends

    async def prepare(
        self, item_id: int, *, max_bitrate: int | None = None, version: str | None = None
    ) -> PreparedPlayback:
        """Resolve an item (one of its versions, when given) into a playback target.

        Raises:
            NotFoundError: no such item.
            BackendError: the source cannot play it now (unreachable, refused...).
        """
        item = await self.service.get_item(item_id)
        source = await self.service.get_source(item.source_id)
        resume = item.progress.position_ms if item.progress and not item.progress.watched else 0
        backend = await self.backends.create(source)
        try:
            target = await backend.playback_target(
                item.remote_id, max_bitrate=max_bitrate, start_ms=resume, version=version
            )
            try:
                markers = await backend.markers(item.remote_id)
            except BackendConnectionError as error:
                log.info("markers of item %s unavailable (%s); using stored ones", item_id, error)
                markers = await self.service.get_markers(item_id)
            else:
                await self.service.save_markers(item_id, markers)
        finally:
            await backend.close()
        return PreparedPlayback(item_id=item_id, target=target, markers=markers, resume_ms=resume)
