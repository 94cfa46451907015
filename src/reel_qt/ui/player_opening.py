"""The player's opening flow: a request becomes a target mpv loads, or a failure in words.

A file plays as it is. A library item is resolved through its source (`open_item`);
a saved position far enough in is offered for resuming first. Retry, a quality change
and the fallback from a failed direct play to the server's transcode are new requests
built from the last one, at the position reached.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reel_qt.core.records import PlaybackTarget
from reel_qt.core.settings import Settings
from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.playback.opening import (
    QUALITIES,
    PlayRequest,
    fallback_request,
    open_item,
    worth_resuming,
)

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.backends.registry import BackendRegistry
    from reel_qt.store.service import DataService


class PlayerOpening(QObject):
    """Resolves play requests into targets; remembers the last request and its target."""

    resolved = Signal(object)  # OpenedItem: a library item's details, markers, neighbours
    ready = Signal(object, int)  # PlaybackTarget and start (ms): load it now
    resumeOffered = Signal(int)  # a saved position (ms) worth asking about
    failed = Signal(str)  # the request cannot be opened, in words

    def __init__(self, tasks: TaskRegistry, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self._tasks = tasks
        self.settings = settings
        self._service: DataService | None = None
        self._backends: BackendRegistry | None = None
        self._waiting: PlayRequest | None = None
        self.request: PlayRequest | None = None
        self.target: PlaybackTarget | None = None

    def attach(self, service: DataService, backends: BackendRegistry) -> None:
        """Give the flow the store (once it is open); a waiting request then opens."""
        self._service = service
        self._backends = backends
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.open(waiting)

    def open(self, request: PlayRequest) -> None:
        """Start opening request (what opened before is forgotten)."""
        self._tasks.cancel("player.open")
        self.request = request
        self.target = None
        if request.item_id is None:
            self.start(PlaybackTarget(url=str(request.path)), 0)
        elif self._service is None or self._backends is None:
            self._waiting = request  # `reel play ID` before the store has opened
        else:
            self._tasks.start("player.open", self._prepare(request, self._service, self._backends))

    def clear(self) -> None:
        """Forget the request (the player left)."""
        self._tasks.cancel("player.open")
        self._waiting = None
        self.request = None
        self.target = None

    def start(self, target: PlaybackTarget, start_ms: int) -> None:
        """Load target from start_ms."""
        self.target = target
        self.ready.emit(target, start_ms)

    async def _prepare(
        self, request: PlayRequest, service: DataService, backends: BackendRegistry
    ) -> None:
        assert request.item_id is not None
        try:
            opened = await open_item(
                request.item_id, request.quality, service, backends, request.version
            )
        except Exception as error:
            self.failed.emit(describe_failure("opening the video", error))
            raise
        self.target = opened.target
        self.resolved.emit(opened)
        threshold = self.settings.resume_threshold_percent
        if request.start_ms is not None:
            self.start(opened.target, request.start_ms)
        elif worth_resuming(opened.resume_ms, opened.item.duration_ms, threshold):
            self.resumeOffered.emit(opened.resume_ms)
        else:
            self.start(opened.target, 0)

    # requests built from the last one

    def offers_qualities(self) -> bool:
        """Whether the quality menu applies: a library item streamed from its server."""
        request, target = self.request, self.target
        if request is None or request.item_id is None or target is None:
            return False
        return target.transcoded or target.url.startswith(("http://", "https://"))

    def retry_request(self, position_ms: int) -> PlayRequest | None:
        """The last request again, from position_ms if anything played."""
        if self.request is None:
            return None
        start = position_ms if position_ms > 0 else self.request.start_ms
        return replace(self.request, start_ms=start)

    def quality_request(self, index: int, position_ms: int) -> PlayRequest | None:
        """The item again at quality index, from position_ms; None if nothing changes."""
        request = self.request
        if request is None or request.item_id is None or not 0 <= index < len(QUALITIES):
            return None
        if index == request.quality:
            return None
        return replace(request, quality=index, start_ms=position_ms)

    def fallback(self, position_ms: int) -> PlayRequest | None:
        """After a direct play failed: the server's transcode from position_ms, once."""
        if self.request is None or self.target is None:
            return None
        return fallback_request(self.request, self.target, position_ms)
