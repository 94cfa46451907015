"""What the player page sees: the view-model's Qt properties and their change signals.

`PlayerViewModel` (the behaviour) derives from this; keeping the surface apart keeps
both readable. The parts the properties read are set up by the view-model.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, SignalInstance

from reel_qt.core.settings import Settings
from reel_qt.playback.episodes import Neighbours, episode_label
from reel_qt.playback.opening import QUALITIES
from reel_qt.playback.render_host import MpvRenderHost
from reel_qt.playback.wording import clock
from reel_qt.ui.playback_state import PlaybackState
from reel_qt.ui.player_controls import PlayerControls
from reel_qt.ui.player_moments import PlayerMoments
from reel_qt.ui.player_opening import PlayerOpening


def _stored(key: str, kind: type, notify: Signal) -> Any:
    """A read-only Qt property over self._values[key]."""

    def getter(self: PlayerSurface) -> Any:
        return self._values[key]

    return Property(kind, getter, notify=notify)


class PlayerSurface(QObject):
    """The player's properties for QML; the view-model fills in the parts they read."""

    activeChanged = Signal()
    titleChanged = Signal()
    errorMessageChanged = Signal()
    noticeChanged = Signal()
    loadingChanged = Signal()
    resumeChanged = Signal()
    skipChanged = Signal()
    upNextChanged = Signal()
    episodesChanged = Signal()
    qualityChanged = Signal()
    fullscreenChanged = Signal()
    videoHostChanged = Signal()
    playingChanged = Signal()
    firstFrame = Signal()  # the first frame of a play request is on screen

    settings: Settings
    _values: dict[str, Any]
    _state: PlaybackState
    _controls: PlayerControls
    _host: MpvRenderHost | None
    _moments: PlayerMoments
    _opening: PlayerOpening
    _neighbours: Neighbours

    def _value(self, key: str, value: object, signal: SignalInstance) -> None:
        if self._values[key] != value:
            self._values[key] = value
            signal.emit()

    def _get_state(self) -> PlaybackState:
        return self._state

    state = Property(QObject, _get_state, constant=True)

    def _get_controls(self) -> PlayerControls:
        return self._controls

    controls = Property(QObject, _get_controls, constant=True)

    def _get_host(self) -> QObject | None:
        return self._host

    videoHost = Property(QObject, _get_host, notify=videoHostChanged)

    active = _stored("active", bool, activeChanged)
    title = _stored("title", str, titleChanged)
    subtitle = _stored("subtitle", str, titleChanged)
    errorMessage = _stored("error", str, errorMessageChanged)
    notice = _stored("notice", str, noticeChanged)
    isLoading = _stored("loading", bool, loadingChanged)

    def _get_resume_prompt(self) -> bool:
        return int(self._values["resumeMs"]) > 0

    resumePrompt = Property(bool, _get_resume_prompt, notify=resumeChanged)

    def _get_resume_text(self) -> str:
        return f"Resume from {clock(int(self._values['resumeMs']) / 1000)}"

    resumeText = Property(str, _get_resume_text, notify=resumeChanged)

    def _get_skip_label(self) -> str:
        offer = self._moments.offer
        return offer.label if offer is not None else ""

    skipLabel = Property(str, _get_skip_label, notify=skipChanged)

    def _get_up_next(self) -> bool:
        return self._moments.up_next and not self._values["error"]

    upNextVisible = Property(bool, _get_up_next, notify=upNextChanged)

    def _get_countdown(self) -> int:
        return self._moments.countdown

    upNextCountdown = Property(int, _get_countdown, notify=upNextChanged)

    def _get_up_next_seconds(self) -> int:
        return self.settings.up_next_seconds

    upNextSeconds = Property(int, _get_up_next_seconds, notify=upNextChanged)

    def _get_next_title(self) -> str:
        following = self._neighbours.next
        return episode_label(following) if following is not None else ""

    nextTitle = Property(str, _get_next_title, notify=episodesChanged)

    def _get_has_next(self) -> bool:
        return self._neighbours.next is not None

    hasNext = Property(bool, _get_has_next, notify=episodesChanged)

    def _get_has_previous(self) -> bool:
        return self._neighbours.previous is not None

    hasPrevious = Property(bool, _get_has_previous, notify=episodesChanged)

    def _get_qualities(self) -> list[str]:
        return [label for label, _ in QUALITIES] if self._opening.offers_qualities() else []

    qualities = Property(list, _get_qualities, notify=qualityChanged)

    def _get_quality(self) -> int:
        request = self._opening.request
        return request.quality if request is not None else 0

    qualityIndex = Property(int, _get_quality, notify=qualityChanged)

    fullscreen = _stored("fullscreen", bool, fullscreenChanged)

    def is_playing(self) -> bool:
        """Whether a video is playing now (not paused, ended or failed)."""
        return (
            bool(self._values["active"])
            and self._opening.target is not None
            and not self._state.paused
            and not self._state.ended
            and not self._values["error"]
        )

    playing = Property(bool, is_playing, notify=playingChanged)

    def _get_chapter_ticks(self) -> list[float]:
        duration = self._state.duration
        if duration <= 0:
            return []
        times = [c["time"] for c in self._state.get("chapters")]
        return sorted({t / duration for t in times if 0 < t < duration})

    chapterTicks = Property(list, _get_chapter_ticks, notify=skipChanged)
