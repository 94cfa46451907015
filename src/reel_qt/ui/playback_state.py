"""What mpv is doing now, as Qt properties QML binds to: position, tracks, volume..."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.playback.tracks import chapters as chapter_rows
from reel_qt.playback.tracks import menu_tracks
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


def _value(key: str, kind: type, notify: Signal) -> Any:
    """A read-only Qt property over self._values[key]."""

    def getter(self: PlaybackState) -> Any:
        return self._values[key]

    return Property(kind, getter, notify=notify)


def _track_id(value: object) -> int:
    # mpv says False (or "no") for no track selected.
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# mpv property -> (our key, conversion, notify signal name)
_MAP: dict[str, tuple[str, Any, str]] = {
    "time-pos": ("position", float, "positionChanged"),
    "duration": ("duration", float, "durationChanged"),
    "pause": ("paused", bool, "pausedChanged"),
    "volume": ("volume", float, "volumeChanged"),
    "mute": ("muted", bool, "mutedChanged"),
    "speed": ("speed", float, "speedChanged"),
    "sub-delay": ("subDelay", float, "subDelayChanged"),
    "sub-scale": ("subScale", float, "subScaleChanged"),
    "aid": ("audioId", _track_id, "tracksChanged"),
    "sid": ("subtitleId", _track_id, "tracksChanged"),
    "eof-reached": ("ended", bool, "endedChanged"),
}


@QmlElement
@QmlUncreatable("PlaybackState is provided by the player view-model.")
class PlaybackState(QObject):  # type: ignore[operator]
    """The mirror of mpv's observed properties; fed by `apply`, read by QML."""

    positionChanged = Signal()
    durationChanged = Signal()
    pausedChanged = Signal()
    bufferingChanged = Signal()
    volumeChanged = Signal()
    mutedChanged = Signal()
    speedChanged = Signal()
    subDelayChanged = Signal()
    subScaleChanged = Signal()
    tracksChanged = Signal()
    chaptersChanged = Signal()
    endedChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._values: dict[str, Any] = {}
        self._raw_tracks: list[dict[str, Any]] = []
        self._raw_chapters: list[dict[str, Any]] = []
        self._waiting = False
        self._seeking = False
        self.reset()

    def reset(self) -> None:
        """Forget the last file (a new one is opening)."""
        keep = {k: self._values[k] for k in ("volume", "muted") if k in self._values}
        self._values = {
            "position": 0.0,
            "duration": 0.0,
            "paused": False,
            "buffering": False,
            "volume": 100.0,
            "muted": False,
            "speed": 1.0,
            "subDelay": 0.0,
            "subScale": 1.0,
            "audioTracks": [],
            "subtitleTracks": [],
            "audioId": 0,
            "subtitleId": 0,
            "chapters": [],
            "ended": False,
        } | keep
        self._raw_tracks = []
        self._raw_chapters = []
        for signal in (
            self.positionChanged,
            self.durationChanged,
            self.pausedChanged,
            self.bufferingChanged,
            self.speedChanged,
            self.subDelayChanged,
            self.subScaleChanged,
            self.tracksChanged,
            self.chaptersChanged,
            self.endedChanged,
        ):
            signal.emit()

    def apply(self, name: str, value: object) -> None:
        """Take one observed mpv property change."""
        if name == "track-list":
            self._raw_tracks = list(value) if isinstance(value, list) else []
            self._set("audioTracks", menu_tracks(self._raw_tracks, "audio"), "tracksChanged")
            self._set("subtitleTracks", menu_tracks(self._raw_tracks, "sub"), "tracksChanged")
        elif name == "chapter-list":
            self._raw_chapters = list(value) if isinstance(value, list) else []
            self._set("chapters", chapter_rows(self._raw_chapters), "chaptersChanged")
        elif name == "paused-for-cache":
            self._waiting = bool(value)
            self._set("buffering", self._waiting or self._seeking, "bufferingChanged")
        elif name == "seeking":
            self._seeking = bool(value)
            self._set("buffering", self._waiting or self._seeking, "bufferingChanged")
        elif name in _MAP:
            key, convert, signal = _MAP[name]
            if value is None:
                return  # unavailable between files; keep the last value
            self._set(key, convert(value), signal)

    def _set(self, key: str, value: object, signal: str) -> None:
        if self._values.get(key) != value:
            self._values[key] = value
            getattr(self, signal).emit()

    def get(self, key: str) -> Any:
        """A value by its QML name (for Python callers)."""
        return self._values[key]

    @property
    def raw_chapters(self) -> list[dict[str, Any]]:
        """mpv's chapter-list as it came."""
        return self._raw_chapters

    position = _value("position", float, positionChanged)
    duration = _value("duration", float, durationChanged)
    paused = _value("paused", bool, pausedChanged)
    buffering = _value("buffering", bool, bufferingChanged)
    volume = _value("volume", float, volumeChanged)
    muted = _value("muted", bool, mutedChanged)
    speed = _value("speed", float, speedChanged)
    subDelay = _value("subDelay", float, subDelayChanged)
    subScale = _value("subScale", float, subScaleChanged)
    audioTracks = _value("audioTracks", list, tracksChanged)
    subtitleTracks = _value("subtitleTracks", list, tracksChanged)
    audioId = _value("audioId", int, tracksChanged)
    subtitleId = _value("subtitleId", int, tracksChanged)
    chapters = _value("chapters", list, chaptersChanged)
    ended = _value("ended", bool, endedChanged)
