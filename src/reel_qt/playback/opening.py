"""What the player opens for a request: the item, its neighbours, target, markers, resume."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reel_qt.core.errors import NotAvailableError
from reel_qt.core.records import MarkerRecord, PlaybackTarget
from reel_qt.playback.episodes import Neighbours, neighbours
from reel_qt.store.views import ItemDetail
from reel_qt.sync.playback_data import PlaybackPreparer

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.backends.registry import BackendRegistry
    from reel_qt.store.service import DataService

#: Quality choices for server items: label and the bitrate cap (None: the original file).
QUALITIES: tuple[tuple[str, int | None], ...] = (
    ("Original", None),
    ("20 Mbps · 1080p", 20_000_000),
    ("8 Mbps · 1080p", 8_000_000),
    ("4 Mbps · 720p", 4_000_000),
    ("1.5 Mbps · 480p", 1_500_000),
)

#: The quality a failed direct play falls back to: a converted stream near the original.
FALLBACK_QUALITY = 1


@dataclass(frozen=True, slots=True)
class PlayRequest:
    """What the user asked to play; kept so Retry and quality changes can repeat it."""

    item_id: int | None = None
    path: str | None = None
    quality: int = 0
    start_ms: int | None = None  # None: ask when a saved position exists
    fallback: bool = False  # a transcode tried because direct play failed: never again
    version: str | None = None  # one of the item's versions (VersionRecord.id); None: default


@dataclass(frozen=True, slots=True)
class OpenedItem:
    """A library item resolved for playing."""

    item: ItemDetail
    neighbours: Neighbours
    target: PlaybackTarget
    markers: list[MarkerRecord]
    resume_ms: int


async def open_item(
    item_id: int,
    quality: int,
    service: DataService,
    backends: BackendRegistry,
    version: str | None = None,
) -> OpenedItem:
    """Resolve a library item through its source (or its file, for sources without a server).

    Raises:
        NotFoundError: no such item.
        BackendError: the source cannot play it now.
    """
    item = await service.get_item(item_id)
    around = await neighbours(service, item)
    try:
        prepared = await PlaybackPreparer(service, backends).prepare(
            item_id, max_bitrate=QUALITIES[quality][1], version=version
        )
    except NotAvailableError:
        if not item.location:
            raise
        # A source type without a server to ask (local folders): play the file itself.
        progress = item.progress
        resume = progress.position_ms if progress and not progress.watched else 0
        markers = await service.get_markers(item_id)
        return OpenedItem(item, around, PlaybackTarget(url=item.location), markers, resume)
    return OpenedItem(item, around, prepared.target, list(prepared.markers), prepared.resume_ms)


def worth_resuming(resume_ms: int, duration_ms: int | None, threshold_percent: int) -> bool:
    """Whether a saved position is far enough in to offer resuming from it."""
    if resume_ms <= 0:
        return False
    if not duration_ms:
        return True
    return resume_ms >= duration_ms * threshold_percent / 100


def fallback_request(
    request: PlayRequest, target: PlaybackTarget, position_ms: int
) -> PlayRequest | None:
    """What to try after a server's direct stream failed: its transcode, once; else None."""
    if request.item_id is None or request.fallback or target.transcoded:
        return None
    if not target.url.startswith(("http://", "https://")):
        return None  # a file on this machine: the server has nothing else to offer
    return replace(request, quality=FALLBACK_QUALITY, start_ms=position_ms, fallback=True)
