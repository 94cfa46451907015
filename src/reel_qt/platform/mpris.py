"""Media keys and desktop media controls on Linux: MPRIS 2 on the session bus.

`org.mpris.MediaPlayer2` and `org.mpris.MediaPlayer2.Player` are exported (through
QtDBus adaptors, which also answer Get/GetAll and Introspect) at /org/mpris/MediaPlayer2
under the name org.mpris.MediaPlayer2.reel (or `.reel.instance<pid>` when a second Reel
runs). The desktop's media keys, its sound menu or `playerctl` then drive the player.
Changes are announced with `PropertiesChanged`, and jumps with `Seeked`.

Other systems need their own bridge to the same view-model: macOS's
`MPRemoteCommandCenter` (play, pause, togglePlayPause, next/previousTrack,
changePlaybackPosition handlers) with `MPNowPlayingInfoCenter` for the title, length and
position; Windows' `SystemMediaTransportControls` (ButtonPressed, PlaybackPositionChange
requests, and the DisplayUpdater / TimelineProperties), reached from a desktop app
through `ISystemMediaTransportControlsInterop::GetForWindow` on the window handle.
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import ClassInfo, Property, QMetaType, QObject, Signal, Slot

from reel_qt.ui.playback_state import PlaybackState
from reel_qt.ui.player_controls import PlayerControls
from reel_qt.ui.player_view_model import PlayerViewModel

try:  # QtDBus exists where D-Bus does (Linux); elsewhere the service stays off
    from PySide6.QtDBus import QDBusAbstractAdaptor as _Adaptor
    from PySide6.QtDBus import QDBusObjectPath as _ObjectPath
except ImportError:  # pragma: no cover (Windows, macOS)
    _Adaptor = QObject  # type: ignore[assignment,misc]
    _ObjectPath = str  # type: ignore[assignment,misc]

log = logging.getLogger("reel.platform.mpris")

SERVICE = "org.mpris.MediaPlayer2.reel"
PATH = "/org/mpris/MediaPlayer2"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
_PROPERTIES = "org.freedesktop.DBus.Properties"
_US = 1_000_000  # MPRIS speaks microseconds
_CONNECTIONS = itertools.count(1)  # each service has a bus connection of its own


def _dbus() -> Any:
    """PySide6.QtDBus, or None where there is no D-Bus (not Linux, or not in this build)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        from PySide6 import QtDBus
    except ImportError:
        return None
    return QtDBus


@ClassInfo({"D-Bus Interface": ROOT_INTERFACE})  # type: ignore[call-arg]
class _RootAdaptor(_Adaptor):  # type: ignore[operator]
    """org.mpris.MediaPlayer2: who we are, Raise and Quit."""

    def __init__(self, service: MprisService) -> None:
        super().__init__(service.exported)
        self._service = service

    @Slot()
    def Raise(self) -> None:
        """Bring the window to the front."""
        self._service.raise_window()

    @Slot()
    def Quit(self) -> None:
        """Close Reel."""
        self._service.quit()

    def _true(self) -> bool:
        return True

    def _false(self) -> bool:
        return False

    def _identity(self) -> str:
        return "Reel"

    def _desktop_entry(self) -> str:
        return "reel"

    def _schemes(self) -> list[str]:
        return ["file", "http", "https"]

    def _mime_types(self) -> list[str]:
        return ["video/mp4", "video/x-matroska", "video/webm", "video/x-msvideo"]

    CanQuit = Property(bool, _true, constant=True)
    CanRaise = Property(bool, _true, constant=True)
    HasTrackList = Property(bool, _false, constant=True)
    Identity = Property(str, _identity, constant=True)
    DesktopEntry = Property(str, _desktop_entry, constant=True)
    SupportedUriSchemes = Property("QStringList", _schemes, constant=True)  # type: ignore[arg-type]
    SupportedMimeTypes = Property("QStringList", _mime_types, constant=True)  # type: ignore[arg-type]


@ClassInfo({"D-Bus Interface": PLAYER_INTERFACE})  # type: ignore[call-arg]
class _PlayerAdaptor(_Adaptor):  # type: ignore[operator]
    """org.mpris.MediaPlayer2.Player: the transport, what plays, and where."""

    Seeked = Signal("qlonglong")  # type: ignore[arg-type]  # the position jumped (microseconds)

    def __init__(self, service: MprisService) -> None:
        super().__init__(service.exported)
        self._service = service
        self._player = service.player
        self._controls = service.controls
        self._state = service.state

    @Slot()
    def PlayPause(self) -> None:
        """Pause if playing, else play."""
        self._controls.togglePause()

    @Slot()
    def Play(self) -> None:
        """Play (from the start when at the end)."""
        self._controls.setPaused(False)

    @Slot()
    def Pause(self) -> None:
        """Pause."""
        self._controls.setPaused(True)

    @Slot()
    def Stop(self) -> None:
        """Stop and leave the player (the position is saved)."""
        self._player.leave()

    @Slot()
    def Next(self) -> None:
        """The next episode, if any."""
        self._player.playNext()

    @Slot()
    def Previous(self) -> None:
        """The previous episode, if any."""
        self._player.playPrevious()

    @Slot("qlonglong")
    def Seek(self, offset_us: int) -> None:
        """Move by offset_us microseconds (negative: back)."""
        self._controls.seekBy(offset_us / _US)

    @Slot(_ObjectPath, "qlonglong")
    def SetPosition(self, track: Any, position_us: int) -> None:
        """Go to position_us in track (ignored when track is no longer the one playing)."""
        if track.path() == self._service.track_id() and position_us >= 0:
            self._controls.seekTo(position_us / _US)

    @Slot(str)
    def OpenUri(self, uri: str) -> None:
        """Play a file or URL."""
        self._player.playFile(uri.removeprefix("file://"))

    def _status(self) -> str:
        return self._service.playback_status()

    def _metadata(self) -> dict[str, Any]:
        return self._service.metadata()

    def _position(self) -> int:
        return int(self._state.position * _US)

    def _rate(self) -> float:
        return float(self._state.speed)

    def _volume(self) -> float:
        return float(self._state.volume) / 100

    def _one(self) -> float:
        return 1.0

    def _true(self) -> bool:
        return True

    def _loaded(self) -> bool:
        return self._service.loaded()

    def _has_next(self) -> bool:
        return bool(self._player.hasNext)

    def _has_previous(self) -> bool:
        return bool(self._player.hasPrevious)

    PlaybackStatus = Property(str, _status)
    Metadata = Property("QVariantMap", _metadata)  # type: ignore[arg-type]
    Position = Property("qlonglong", _position)  # type: ignore[arg-type]
    Rate = Property(float, _rate)
    MinimumRate = Property(float, lambda _self: 0.5, constant=True)
    MaximumRate = Property(float, lambda _self: 2.0, constant=True)
    Volume = Property(float, _volume)
    CanGoNext = Property(bool, _has_next)
    CanGoPrevious = Property(bool, _has_previous)
    CanPlay = Property(bool, _loaded)
    CanPause = Property(bool, _loaded)
    CanSeek = Property(bool, _loaded)
    CanControl = Property(bool, _true, constant=True)


class MprisService(QObject):
    """Publishes the player over MPRIS while Reel runs; does nothing without D-Bus."""

    def __init__(
        self,
        player: PlayerViewModel,
        parent: QObject | None = None,
        *,
        raise_window: Callable[[], None] | None = None,
        quit_app: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.player = player
        self.state = cast(PlaybackState, player.state)
        self.controls = cast(PlayerControls, player.controls)
        self._raise = raise_window
        self._quit = quit_app
        self.exported = QObject(self)  # carries the two adaptors on the bus
        self._root = _RootAdaptor(self)
        self._player_adaptor = _PlayerAdaptor(self)
        self._connection: Any = None
        self._connection_name = f"reel-mpris-{next(_CONNECTIONS)}"
        self.service_name: str | None = None
        self._track = 0
        self._sent: dict[str, Any] = {}
        state = self.state
        for signal in (player.activeChanged, player.playingChanged, state.pausedChanged):
            signal.connect(lambda: self._announce("PlaybackStatus", "CanPlay"))
        for signal in (player.titleChanged, state.durationChanged):
            signal.connect(lambda: self._announce("Metadata"))
        player.episodesChanged.connect(lambda: self._announce("CanGoNext", "CanGoPrevious"))
        state.speedChanged.connect(lambda: self._announce("Rate"))
        state.volumeChanged.connect(lambda: self._announce("Volume"))
        self.controls.seeked.connect(self._seeked)
        player.firstFrame.connect(self._new_track)

    # bus

    def register(self) -> bool:
        """Take an MPRIS name on the session bus; False when there is no bus."""
        dbus = _dbus()
        if dbus is None:
            return False
        bus = dbus.QDBusConnection.connectToBus(
            dbus.QDBusConnection.BusType.SessionBus, self._connection_name
        )
        if not bus.isConnected():
            log.info("no D-Bus session bus: media keys work only in the window")
            return False
        options = dbus.QDBusConnection.RegisterOption.ExportAdaptors
        if not bus.registerObject(PATH, self.exported, options):
            log.info("MPRIS: could not export %s", PATH)
            return False
        for name in (SERVICE, f"{SERVICE}.instance{os.getpid()}"):
            if bus.registerService(name):
                self.service_name = name
                break
        self._connection = bus
        self._sent = self._snapshot()
        return self.service_name is not None

    def close(self) -> None:
        """Leave the bus (at quit)."""
        dbus = _dbus()
        if self._connection is None or dbus is None:
            return
        if self.service_name is not None:
            self._connection.unregisterService(self.service_name)
        self._connection.unregisterObject(PATH)
        dbus.QDBusConnection.disconnectFromBus(self._connection_name)
        self._connection = None
        self.service_name = None

    # what the adaptors read

    def loaded(self) -> bool:
        """Whether a file is open (so play, pause and seek mean something)."""
        return bool(self.player.active) and self.state.duration > 0

    def playback_status(self) -> str:
        """Playing, Paused or Stopped."""
        if self.player.is_playing():
            return "Playing"
        return "Paused" if self.loaded() else "Stopped"

    def track_id(self) -> str:
        """The object path naming the file that plays now."""
        return f"/org/reel/track/{self._track}" if self.loaded() else NO_TRACK

    def metadata(self) -> dict[str, Any]:
        """mpris:trackid, mpris:length (µs) and xesam:title of what plays."""
        found: dict[str, Any] = {"mpris:trackid": _ObjectPath(self.track_id())}
        if self.loaded():
            found["mpris:length"] = int(self.state.duration * _US)
            found["xesam:title"] = str(self.player.title)
        return found

    def raise_window(self) -> None:
        """Raise: the app's callback, if it gave one."""
        if self._raise is not None:
            self._raise()

    def quit(self) -> None:
        """Quit: the app's callback, if it gave one."""
        if self._quit is not None:
            self._quit()

    # announcements

    def _new_track(self) -> None:
        self._track += 1
        self._announce("Metadata", "PlaybackStatus", "CanPlay")

    def _seeked(self) -> None:
        if self._connection is not None:
            self._player_adaptor.Seeked.emit(int(self.state.position * _US))

    def _snapshot(self) -> dict[str, Any]:
        adaptor = self._player_adaptor
        return {
            "PlaybackStatus": self.playback_status(),
            "Metadata": _comparable(self.metadata()),
            "CanGoNext": bool(self.player.hasNext),
            "CanGoPrevious": bool(self.player.hasPrevious),
            "CanPlay": self.loaded(),
            "Rate": adaptor.property("Rate"),
            "Volume": adaptor.property("Volume"),
        }

    def _announce(self, *names: str) -> None:
        """Send PropertiesChanged for those of names whose value changed."""
        dbus = _dbus()
        if self._connection is None or dbus is None:
            return
        now = self._snapshot()
        changed: dict[str, Any] = {}
        for name in names:
            if now[name] != self._sent.get(name):
                self._sent[name] = now[name]
                changed[name] = self.metadata() if name == "Metadata" else now[name]
                if name == "CanPlay":  # the three follow whether a file is open
                    changed["CanPause"] = changed["CanSeek"] = now[name]
        if not changed:
            return
        message = dbus.QDBusMessage.createSignal(PATH, _PROPERTIES, "PropertiesChanged")
        # An empty Python list would go as `av`; the signature says `as`.
        invalidated = dbus.QDBusArgument()
        invalidated.beginArray(QMetaType(QMetaType.Type.QString))
        invalidated.endArray()
        message.setArguments([PLAYER_INTERFACE, changed, invalidated])
        self._connection.send(message)


def _comparable(metadata: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.path() if hasattr(v, "path") else v) for k, v in metadata.items()}
