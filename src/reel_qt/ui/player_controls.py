"""The transport: play and pause, seeking, volume, speed, audio and subtitle tracks.

Each slot sends one command to mpv and, where a quick second press builds on the first
(volume, speed), shows the new value at once; mpv's own report confirms it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.playback.mpv_player import MpvPlayer
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.playback_state import PlaybackState

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)


@QmlElement
@QmlUncreatable("PlayerControls is provided by the player view-model.")
class PlayerControls(QObject):  # type: ignore[operator]
    """Commands for the one mpv player, acting only while a file is loaded."""

    seeked = Signal()  # the user moved the position (a progress report is due)

    def __init__(self, state: PlaybackState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._player: MpvPlayer | None = None
        self._loaded = False

    def attach(self, player: MpvPlayer) -> None:
        """Send commands to player from now on."""
        self._player = player

    def set_loaded(self, loaded: bool) -> None:
        """Whether a file is open (seeking and pausing mean nothing otherwise)."""
        self._loaded = loaded

    @Slot()
    def togglePause(self) -> None:
        """Pause or play."""
        if self._player is not None and self._loaded:
            if self._state.ended:
                self.seekTo(0.0)
            self._player.set("pause", not self._state.paused)

    @Slot(bool)
    def setPaused(self, paused: bool) -> None:
        """Pause (True) or play (False); pressing Play at the end starts over."""
        if self._player is None or not self._loaded:
            return
        if not paused and self._state.ended:
            self.seekTo(0.0)
        self._player.set("pause", paused)

    @Slot(float)
    def seekTo(self, seconds: float) -> None:
        """Jump to seconds from the start."""
        if self._player is None or not self._loaded:
            return
        duration = self._state.duration
        target = max(0.0, min(seconds, duration - 0.1) if duration > 0 else seconds)
        self._player.seek(target)
        self._state.apply("time-pos", target)  # the bar follows at once; mpv confirms
        self.seeked.emit()

    @Slot(float)
    def seekBy(self, seconds: float) -> None:
        """Jump seconds forward (negative: back)."""
        self.seekTo(self._state.position + seconds)

    @Slot(float)
    def setVolume(self, volume: float) -> None:
        """Set the volume, 0-100."""
        if self._player is not None:
            self._set_now("volume", max(0.0, min(100.0, volume)))
            if self._state.muted and volume > 0:
                self._set_now("mute", False)

    @Slot(float)
    def changeVolume(self, step: float) -> None:
        """Change the volume by step points."""
        self.setVolume(self._state.volume + step)

    @Slot()
    def toggleMute(self) -> None:
        """Mute or unmute."""
        if self._player is not None:
            self._set_now("mute", not self._state.muted)

    @Slot(float)
    def setSpeed(self, speed: float) -> None:
        """Play at speed (0.25-4)."""
        if self._player is not None:
            self._set_now("speed", max(0.25, min(4.0, speed)))

    def _set_now(self, name: str, value: float | bool) -> None:
        """Set an mpv property and show it at once (a quick second step builds on it)."""
        assert self._player is not None
        self._player.set(name, value)
        self._state.apply(name, value)

    @Slot(int)
    def stepSpeed(self, direction: int) -> None:
        """The next slower (-1) or faster (+1) of the usual speeds."""
        current = self._state.speed
        if direction > 0:
            choice = next((s for s in SPEEDS if s > current + 1e-6), SPEEDS[-1])
        else:
            choice = next((s for s in reversed(SPEEDS) if s < current - 1e-6), SPEEDS[0])
        self.setSpeed(choice)

    @Slot(int)
    def setAudioTrack(self, track_id: int) -> None:
        """Play audio track track_id (0: none)."""
        if self._player is not None:
            self._player.set("aid", track_id if track_id > 0 else "no")

    @Slot(int)
    def setSubtitleTrack(self, track_id: int) -> None:
        """Show subtitle track track_id (0: off)."""
        if self._player is not None:
            self._player.set("sid", track_id if track_id > 0 else "no")

    @Slot()
    def cycleAudio(self) -> None:
        """Switch to the next audio track (never to none, as mpv's own cycle would)."""
        ids = [track["trackId"] for track in self._state.get("audioTracks")]
        if self._player is not None and len(ids) > 1:
            current = self._state.audioId
            following = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
            self._player.set("aid", following)

    @Slot()
    def cycleSubtitles(self) -> None:
        """Switch to the next subtitle track (then off)."""
        if self._player is not None:
            self._player.cycle("sid")

    @Slot(float)
    def setSubtitleDelay(self, seconds: float) -> None:
        """Show subtitles seconds later (negative: earlier)."""
        if self._player is not None:
            self._set_now("sub-delay", round(seconds, 3))

    @Slot(float)
    def setSubtitleScale(self, scale: float) -> None:
        """Draw subtitles at scale times their size (0.5-3)."""
        if self._player is not None:
            self._set_now("sub-scale", round(max(0.5, min(3.0, scale)), 2))
