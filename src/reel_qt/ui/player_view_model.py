"""The player page's view-model: what plays, the prompts around it, and every action.

Its parts each own one concept: `PlaybackState` mirrors mpv (position, tracks, volume),
`PlayerControls` sends the transport commands, `PlayerOpening` turns requests into
targets (resume, retry, quality, the fallback to a transcode), `PlayerProgress` reports
the position and `PlayerMoments` the skip button and the up-next card. This object owns
the one mpv player, binds the parts together, and is what QML sees.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.records import PlaybackTarget
from reel_qt.core.settings import Settings
from reel_qt.core.tasks import TaskRegistry
from reel_qt.playback.episodes import Neighbours, episode_place
from reel_qt.playback.mpv_options import core_options
from reel_qt.playback.mpv_player import MpvPlayer
from reel_qt.playback.opening import OpenedItem, PlayRequest
from reel_qt.playback.progress import ProgressReporter
from reel_qt.playback.render_host import MpvRenderHost
from reel_qt.playback.wording import describe_playback_error
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.playback_state import PlaybackState
from reel_qt.ui.player_controls import PlayerControls
from reel_qt.ui.player_moments import PlayerMoments
from reel_qt.ui.player_opening import PlayerOpening
from reel_qt.ui.player_progress import PlayerProgress
from reel_qt.ui.player_surface import PlayerSurface

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.backends.registry import BackendRegistry
    from reel_qt.store.service import DataService

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger("reel.ui.player")

FELL_BACK = "Direct play failed; playing a converted stream from the server."


@QmlElement
@QmlUncreatable("PlayerViewModel is created by the application.")
class PlayerViewModel(PlayerSurface):  # type: ignore[operator]
    """Opens items and files in the one mpv player and drives the player page."""

    def __init__(
        self,
        tasks: TaskRegistry,
        settings: Settings,
        parent: QObject | None = None,
        *,
        mpv_overrides: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.settings = settings
        self._overrides = mpv_overrides or {}
        self._state = PlaybackState(self)
        self._controls = PlayerControls(self._state, self)
        self._progress = PlayerProgress(tasks, self._state, settings, self)
        self._controls.seeked.connect(lambda: self._progress.report("seek"))
        self._moments = PlayerMoments(self._state, self._controls, settings, self)
        self._moments.skipChanged.connect(self.skipChanged)
        self._moments.upNextChanged.connect(self.upNextChanged)
        self._opening = PlayerOpening(tasks, settings, self)
        self._opening.resolved.connect(self._on_resolved)
        self._opening.ready.connect(self._start)
        self._opening.resumeOffered.connect(self._offer_resume)
        self._opening.failed.connect(self._fail)
        self._player: MpvPlayer | None = None
        self._host: MpvRenderHost | None = None
        self._service: DataService | None = None
        self._backends: BackendRegistry | None = None
        self._neighbours = Neighbours(None, None)
        self._shown = False  # the current target showed a frame (so it opened)
        self._load_start_ms = 0  # where the current target was asked to start
        self._values: dict[str, Any] = {
            "active": False,
            "title": "",
            "subtitle": "",
            "error": "",
            "notice": "",
            "loading": False,
            "resumeMs": 0,
            "fullscreen": False,
        }
        self._state.positionChanged.connect(self._on_position)
        self._state.pausedChanged.connect(self._on_paused)
        self._state.endedChanged.connect(self._on_ended)
        self._state.chaptersChanged.connect(self._on_position)
        self._state.chaptersChanged.connect(self.skipChanged)  # the seek bar's ticks

    # wiring

    def attach(self, service: DataService, backends: BackendRegistry) -> None:
        """Give the player the store (once it is open); a waiting request then starts."""
        self._service = service
        self._backends = backends
        self._opening.attach(service, backends)

    def _ensure_player(self) -> tuple[MpvPlayer, MpvRenderHost]:
        if self._player is None or self._host is None:
            options = core_options(self.settings) | self._overrides
            self._player = MpvPlayer(options, self)
            self._host = MpvRenderHost(self._player, self)
            self._controls.attach(self._player)
            self._player.propertyChanged.connect(self._state.apply)
            self._player.fileLoaded.connect(self._on_file_loaded)
            self._player.fileEnded.connect(self._on_file_ended)
            self._host.firstFrameRendered.connect(self._on_first_frame)
            self.videoHostChanged.emit()
        return self._player, self._host

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings: skips and thresholds at the next check, mpv's options at once."""
        self.settings = settings
        self._opening.settings = settings
        self._progress.settings = settings
        self._moments.use_settings(settings)
        if self._player is not None:
            # The overrides (tests, benchmarks) still win, as they did at start.
            options = core_options(settings) | self._overrides
            self._player.set("hwdec", options["hwdec"])
            for name in ("alang", "slang"):  # lists of languages; "" means no preference
                if options.get(name):
                    self._player.set(name, options[name])
                else:
                    self._player.clear_list(name)
        self.upNextChanged.emit()
        self._on_position()

    async def close(self) -> None:
        """Leave the player, wait for the last progress report, then free mpv."""
        self.leave()
        await self._progress.wait()
        self.shutdown()

    def shutdown(self) -> None:
        """Free mpv (its render context first); the window is closing."""
        self._progress.pause_timer()
        if self._host is not None:
            self._host.shutdown()

    # opening

    @Slot(str)
    def playFile(self, path: str) -> None:
        """Play a file (or URL) directly, with no library item behind it."""
        self._open(PlayRequest(path=path))

    @Slot(int)
    def playItem(self, item_id: int) -> None:
        """Play a library item, asking to resume when it has a saved position."""
        self._open(PlayRequest(item_id=item_id))

    @Slot(int, int)
    def playItemAt(self, item_id: int, start_ms: int) -> None:
        """Play a library item from start_ms, without asking (a page's Play or Resume)."""
        self._open(PlayRequest(item_id=item_id, start_ms=max(0, start_ms)))

    @Slot(int, int, str)
    def playItemVersion(self, item_id: int, start_ms: int, version: str) -> None:
        """Play one version of a library item from start_ms (a details page's choice)."""
        chosen = version or None
        self._open(PlayRequest(item_id=item_id, start_ms=max(0, start_ms), version=chosen))

    def _open(self, request: PlayRequest, *, notice: str = "") -> None:
        self._finish_session()
        self._controls.set_loaded(False)
        self._moments.begin()
        self._state.reset()
        self._value("error", "", self.errorMessageChanged)
        self._value("notice", notice, self.noticeChanged)
        self._value("resumeMs", 0, self.resumeChanged)
        self._value("loading", True, self.loadingChanged)
        self._value("active", True, self.activeChanged)
        self._ensure_player()
        if request.item_id is None:
            name = Path(request.path or "").name or str(request.path)
            self._set_title(name, "")
            self._neighbours = Neighbours(None, None)
            self.episodesChanged.emit()
        self._opening.open(request)
        self.qualityChanged.emit()
        self.playingChanged.emit()

    def _on_resolved(self, opened: OpenedItem) -> None:
        item = opened.item
        self._set_title(item.title, episode_place(item))
        self._neighbours = opened.neighbours
        self.episodesChanged.emit()
        assert self._service is not None and self._backends is not None
        reporter = ProgressReporter(
            self._service,
            self._backends,
            item.source_id,
            remote_id=item.remote_id,
            target=opened.target,
        )
        self._progress.begin(item.id, reporter)
        self._moments.begin(opened.markers, has_next=opened.neighbours.next is not None)
        self.qualityChanged.emit()

    def _offer_resume(self, resume_ms: int) -> None:
        self._value("loading", False, self.loadingChanged)
        self._value("resumeMs", resume_ms, self.resumeChanged)

    def _set_title(self, title: str, subtitle: str) -> None:
        self._values["title"] = title
        self._values["subtitle"] = subtitle
        self.titleChanged.emit()

    def _start(self, target: PlaybackTarget, start_ms: int) -> None:
        player, host = self._ensure_player()
        self._shown = False
        self._load_start_ms = start_ms
        self._controls.set_loaded(True)
        self._value("loading", True, self.loadingChanged)
        self.qualityChanged.emit()

        def load() -> None:
            player.set("pause", False)
            player.load(target.url, headers=target.headers, start_s=start_ms / 1000)

        host.when_ready(load)

    def _on_file_loaded(self) -> None:
        target = self._opening.target
        if target is None or self._player is None:
            return
        for subtitle in target.subtitles:
            self._player.add_subtitle(
                subtitle.url, title=subtitle.title, language=subtitle.language
            )
        self._progress.playing()
        self.playingChanged.emit()

    def _on_first_frame(self) -> None:
        self._shown = True
        self._value("loading", False, self.loadingChanged)
        log.info("playing %s", self._values["title"])
        self.firstFrame.emit()

    def _on_file_ended(self, reason: str, error: str) -> None:
        if reason != "error" or not self._values["active"]:
            return
        # A server's original file that never showed a frame (a codec mpv lacks, a
        # refused stream): the server's converted stream may still play, once.
        position = self._position_ms() or self._load_start_ms
        fallback = None if self._shown else self._opening.fallback(position)
        if fallback is not None:
            log.info("direct play failed (%s); trying a transcode", error)
            self._open(fallback, notice=FELL_BACK)
            return
        message = describe_playback_error(error)
        request = self._opening.request
        if request is not None and request.fallback:
            message += " Neither the original file nor a converted stream would play."
        self._fail(message)

    def _fail(self, message: str) -> None:
        self._progress.pause_timer()
        self._value("loading", False, self.loadingChanged)
        self._value("notice", "", self.noticeChanged)
        self._value("error", message, self.errorMessageChanged)
        self.playingChanged.emit()

    def _position_ms(self) -> int:
        return int(self._state.position * 1000)

    # prompts

    @Slot()
    def resume(self) -> None:
        """Play from the saved position."""
        self._answer_resume(int(self._values["resumeMs"]))

    @Slot()
    def startOver(self) -> None:
        """Play from the beginning, ignoring the saved position."""
        self._answer_resume(0)

    def _answer_resume(self, start_ms: int) -> None:
        target = self._opening.target
        if target is None or not self._get_resume_prompt():
            return
        self._value("resumeMs", 0, self.resumeChanged)
        self._opening.start(target, start_ms)

    @Slot()
    def retry(self) -> None:
        """Try the last request again from where it was."""
        request = self._opening.retry_request(self._position_ms())
        if request is not None:
            self._open(request)

    @Slot(int)
    def setQuality(self, index: int) -> None:
        """Reopen the item at another quality, from the current position."""
        request = self._opening.quality_request(index, self._position_ms())
        if request is not None:
            self._open(request)

    # window and leaving

    @Slot()
    def toggleFullscreen(self) -> None:
        """Enter or leave full screen."""
        self.setFullscreen(not self._values["fullscreen"])

    @Slot(bool)
    def setFullscreen(self, on: bool) -> None:
        """Enter (True) or leave full screen."""
        self._value("fullscreen", on, self.fullscreenChanged)

    @Slot()
    def escape(self) -> None:
        """Esc: dismiss the up-next card, leave full screen, or leave the player."""
        if self._get_up_next():
            self.dismissUpNext()
        elif self._values["fullscreen"]:
            self.setFullscreen(False)
        else:
            self.leave()

    @Slot()
    def leave(self) -> None:
        """Stop, save the position, and go back to the page before."""
        self._finish_session()
        self._opening.clear()
        self._controls.set_loaded(False)
        self._value("resumeMs", 0, self.resumeChanged)
        self._moments.clear()
        self._value("error", "", self.errorMessageChanged)
        self._value("notice", "", self.noticeChanged)
        self._value("loading", False, self.loadingChanged)
        self.setFullscreen(False)
        self._value("active", False, self.activeChanged)
        self.qualityChanged.emit()
        self.playingChanged.emit()

    def _finish_session(self) -> None:
        """Report the final position, release the source's connection and stop mpv."""
        self._progress.finish()
        if self._player is not None and self._opening.target is not None:
            self._player.stop()

    # skip markers, up next and progress

    def _on_position(self) -> None:
        self._moments.update()
        self._progress.check_watched()

    @Slot()
    def skip(self) -> None:
        """Skip the span the button offers."""
        self._moments.skip()

    @Slot()
    def dismissUpNext(self) -> None:
        """Hide the up-next card and let the episode end."""
        self._moments.dismiss_up_next()

    @Slot()
    def playNext(self) -> None:
        """Play the next episode."""
        if self._neighbours.next is not None:
            self._open(PlayRequest(item_id=self._neighbours.next.id, start_ms=0))

    @Slot()
    def playPrevious(self) -> None:
        """Play the previous episode."""
        if self._neighbours.previous is not None:
            self._open(PlayRequest(item_id=self._neighbours.previous.id, start_ms=0))

    def _on_paused(self) -> None:
        self.playingChanged.emit()
        if self._state.paused:
            self._progress.report("pause")

    def _on_ended(self) -> None:
        self.playingChanged.emit()
        if not self._state.ended or not self._values["active"]:
            return
        self._progress.report("end")
        if self._neighbours.next is None:
            self.leave()
        elif self._moments.up_next:  # the card counted down to zero
            self.playNext()
