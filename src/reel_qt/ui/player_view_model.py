"""The player page's view-model: what plays, the prompts around it, and every action.

mpv's own state (position, tracks, volume...) lives in `PlaybackState`; this object
decides what to open (a file, or a library item through the PlaybackPreparer), asks to
resume, offers skips and the next episode, reports progress, and turns failures into
words with Retry and Back.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, SignalInstance, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.records import PlaybackTarget
from reel_qt.core.settings import Settings
from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.playback.episodes import Neighbours, episode_label, episode_place
from reel_qt.playback.moments import Moment, MomentTracker
from reel_qt.playback.mpv_options import core_options
from reel_qt.playback.mpv_player import MpvPlayer
from reel_qt.playback.opening import QUALITIES, PlayRequest, open_item, worth_resuming
from reel_qt.playback.progress import (
    REPORT_INTERVAL_S,
    ProgressReport,
    ProgressReporter,
    is_watched,
)
from reel_qt.playback.render_host import MpvRenderHost
from reel_qt.playback.wording import clock, describe_playback_error
from reel_qt.store.service import DataService
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.playback_state import PlaybackState
from reel_qt.ui.player_controls import PlayerControls

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger("reel.ui.player")


@QmlElement
@QmlUncreatable("PlayerViewModel is created by the application.")
class PlayerViewModel(QObject):  # type: ignore[operator]
    """Opens items and files in the one mpv player and drives the player page."""

    activeChanged = Signal()
    titleChanged = Signal()
    errorMessageChanged = Signal()
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
        self._controls.seeked.connect(lambda: self._report("seek"))
        self._player: MpvPlayer | None = None
        self._host: MpvRenderHost | None = None
        self._service: DataService | None = None
        self._backends: BackendRegistry | None = None
        self._waiting_for_store: PlayRequest | None = None
        self._reporter: ProgressReporter | None = None
        self._finishing: set[asyncio.Task[None]] = set()
        self._request: PlayRequest | None = None
        self._target: PlaybackTarget | None = None
        self._neighbours = Neighbours(None, None)
        self._moments = MomentTracker(settings)
        self._moment = Moment()
        self._watched_reported = False
        self._values: dict[str, Any] = {
            "active": False,
            "title": "",
            "subtitle": "",
            "error": "",
            "loading": False,
            "resumeMs": 0,
            "fullscreen": False,
        }
        self._report_timer = QTimer(self)
        self._report_timer.setInterval(int(REPORT_INTERVAL_S * 1000))
        self._report_timer.timeout.connect(lambda: self._report("interval"))
        self._state.positionChanged.connect(self._on_position)
        self._state.pausedChanged.connect(self._on_paused)
        self._state.endedChanged.connect(self._on_ended)
        self._state.chaptersChanged.connect(self._on_position)

    # wiring

    def attach(self, service: DataService, backends: BackendRegistry) -> None:
        """Give the player the store (once it is open); a waiting request then starts."""
        self._service = service
        self._backends = backends
        waiting, self._waiting_for_store = self._waiting_for_store, None
        if waiting is not None:
            self._open(waiting)

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

    async def close(self) -> None:
        """Leave the player, wait for the last progress report, then free mpv."""
        self.leave()
        if self._finishing:
            await asyncio.wait(set(self._finishing), timeout=10)
        self.shutdown()

    def shutdown(self) -> None:
        """Free mpv (its render context first); the window is closing."""
        self._report_timer.stop()
        if self._host is not None:
            self._host.shutdown()

    # properties

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

    def _get_active(self) -> bool:
        return bool(self._values["active"])

    active = Property(bool, _get_active, notify=activeChanged)

    def _get_title(self) -> str:
        return str(self._values["title"])

    title = Property(str, _get_title, notify=titleChanged)

    def _get_subtitle(self) -> str:
        return str(self._values["subtitle"])

    subtitle = Property(str, _get_subtitle, notify=titleChanged)

    def _get_error(self) -> str:
        return str(self._values["error"])

    errorMessage = Property(str, _get_error, notify=errorMessageChanged)

    def _get_loading(self) -> bool:
        return bool(self._values["loading"])

    isLoading = Property(bool, _get_loading, notify=loadingChanged)

    def _get_resume_prompt(self) -> bool:
        return int(self._values["resumeMs"]) > 0

    resumePrompt = Property(bool, _get_resume_prompt, notify=resumeChanged)

    def _get_resume_text(self) -> str:
        return f"Resume from {clock(int(self._values['resumeMs']) / 1000)}"

    resumeText = Property(str, _get_resume_text, notify=resumeChanged)

    def _get_skip_label(self) -> str:
        offer = self._moment.offer
        return offer.label if offer is not None else ""

    skipLabel = Property(str, _get_skip_label, notify=skipChanged)

    def _get_up_next(self) -> bool:
        return self._moment.up_next and not self._values["error"]

    upNextVisible = Property(bool, _get_up_next, notify=upNextChanged)

    def _get_countdown(self) -> int:
        return self._moment.countdown

    upNextCountdown = Property(int, _get_countdown, notify=upNextChanged)

    def _get_up_next_seconds(self) -> int:
        return self.settings.up_next_seconds

    upNextSeconds = Property(int, _get_up_next_seconds, constant=True)

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
        if self._request is None or self._request.item_id is None or self._target is None:
            return []
        if self._target.url.startswith(("http://", "https://")) or self._target.transcoded:
            return [label for label, _ in QUALITIES]
        return []

    qualities = Property(list, _get_qualities, notify=qualityChanged)

    def _get_quality(self) -> int:
        return self._request.quality if self._request is not None else 0

    qualityIndex = Property(int, _get_quality, notify=qualityChanged)

    def _get_fullscreen(self) -> bool:
        return bool(self._values["fullscreen"])

    fullscreen = Property(bool, _get_fullscreen, notify=fullscreenChanged)

    def is_playing(self) -> bool:
        """Whether a video is playing now (not paused, ended or failed)."""
        return (
            bool(self._values["active"])
            and self._target is not None
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

    def _open(self, request: PlayRequest) -> None:
        self._finish_session()
        self._request = request
        self._target = None
        self._controls.set_loaded(False)
        self._moments = MomentTracker(self.settings)
        self._moment = Moment()
        self._watched_reported = False
        self._state.reset()
        self._value("error", "", self.errorMessageChanged)
        self._value("resumeMs", 0, self.resumeChanged)
        self.upNextChanged.emit()
        self._value("loading", True, self.loadingChanged)
        self._value("active", True, self.activeChanged)
        self.skipChanged.emit()
        self.qualityChanged.emit()
        self.playingChanged.emit()
        self._ensure_player()
        if request.item_id is None:
            name = Path(request.path or "").name or str(request.path)
            self._set_title(name, "")
            self._neighbours = Neighbours(None, None)
            self.episodesChanged.emit()
            self._start(PlaybackTarget(url=str(request.path)), 0)
        elif self._service is None or self._backends is None:
            self._waiting_for_store = request  # `reel play ID` before the store has opened
        else:
            self._tasks.start("player.open", self._prepare(request, self._service, self._backends))

    async def _prepare(
        self, request: PlayRequest, service: DataService, backends: BackendRegistry
    ) -> None:
        assert request.item_id is not None
        try:
            opened = await open_item(request.item_id, request.quality, service, backends)
        except Exception as error:
            self._fail(describe_failure("opening the video", error))
            raise
        item = opened.item
        self._set_title(item.title, episode_place(item))
        self._neighbours = opened.neighbours
        self.episodesChanged.emit()
        self._reporter = ProgressReporter(
            service, backends, item.source_id, remote_id=item.remote_id, target=opened.target
        )
        self._moments = MomentTracker(self.settings, opened.markers)
        self._target = opened.target
        self.qualityChanged.emit()
        threshold = self.settings.resume_threshold_percent
        if request.start_ms is not None:
            self._start(opened.target, request.start_ms)
        elif worth_resuming(opened.resume_ms, item.duration_ms, threshold):
            self._value("loading", False, self.loadingChanged)
            self._value("resumeMs", opened.resume_ms, self.resumeChanged)
        else:
            self._start(opened.target, 0)

    def _set_title(self, title: str, subtitle: str) -> None:
        self._values["title"] = title
        self._values["subtitle"] = subtitle
        self.titleChanged.emit()

    def _start(self, target: PlaybackTarget, start_ms: int) -> None:
        player, host = self._ensure_player()
        self._target = target
        self._controls.set_loaded(True)
        self._value("loading", True, self.loadingChanged)

        def load() -> None:
            player.set("pause", False)
            player.load(target.url, headers=target.headers, start_s=start_ms / 1000)

        host.when_ready(load)

    def _on_file_loaded(self) -> None:
        if self._target is None or self._player is None:
            return
        for subtitle in self._target.subtitles:
            self._player.add_subtitle(
                subtitle.url, title=subtitle.title, language=subtitle.language
            )
        if self._request is not None and self._request.item_id is not None:
            self._report_timer.start()
        self.playingChanged.emit()

    def _on_first_frame(self) -> None:
        self._value("loading", False, self.loadingChanged)
        log.info("playing %s", self._values["title"])
        self.firstFrame.emit()

    def _on_file_ended(self, reason: str, error: str) -> None:
        if reason == "error" and self._values["active"]:
            self._fail(describe_playback_error(error))

    def _fail(self, message: str) -> None:
        self._report_timer.stop()
        self._value("loading", False, self.loadingChanged)
        self._value("error", message, self.errorMessageChanged)
        self.playingChanged.emit()

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
        if self._target is None or not self._get_resume_prompt():
            return
        self._value("resumeMs", 0, self.resumeChanged)
        self._start(self._target, start_ms)

    @Slot()
    def retry(self) -> None:
        """Try the last request again from where it was."""
        if self._request is not None:
            position = int(self._state.position * 1000)
            start = position if position > 0 else self._request.start_ms
            self._open(replace(self._request, start_ms=start))

    @Slot(int)
    def setQuality(self, index: int) -> None:
        """Reopen the item at another quality, from the current position."""
        request = self._request
        if request is None or request.item_id is None or not 0 <= index < len(QUALITIES):
            return
        if index != request.quality:
            position = int(self._state.position * 1000)
            self._open(replace(request, quality=index, start_ms=position))

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
        self._request = None
        self._target = None
        self._controls.set_loaded(False)
        self._value("resumeMs", 0, self.resumeChanged)
        self._moment = Moment()
        self.upNextChanged.emit()
        self._value("error", "", self.errorMessageChanged)
        self._value("loading", False, self.loadingChanged)
        self.setFullscreen(False)
        self._value("active", False, self.activeChanged)
        self.playingChanged.emit()

    def _finish_session(self) -> None:
        """Report the final position, release the source's connection and stop mpv."""
        self._report_timer.stop()
        self._tasks.cancel("player.open")
        reporter, self._reporter = self._reporter, None
        if reporter is not None:
            final = self._make_report()
            task = self._tasks.start(f"player.finish.{id(reporter)}", reporter.finish(final))
            self._finishing.add(task)
            task.add_done_callback(self._finishing.discard)
        if self._player is not None and self._target is not None:
            self._player.stop()

    # skip markers, up next and progress

    def _on_position(self) -> None:
        position, duration = self._state.position, self._state.duration
        moment = self._moments.at(
            position, duration, self._state.raw_chapters, self._neighbours.next is not None
        )
        previous, self._moment = self._moment, moment
        if moment.skip_to is not None:
            self._controls.seekTo(moment.skip_to)
        if moment.offer != previous.offer:
            self.skipChanged.emit()
        if (moment.up_next, moment.countdown) != (previous.up_next, previous.countdown):
            self.upNextChanged.emit()
        if (
            not self._watched_reported
            and self._request is not None
            and self._request.item_id is not None
            and is_watched(position, duration, self.settings.watched_threshold_percent)
        ):
            self._report("watched")

    @Slot()
    def skip(self) -> None:
        """Skip the span the button offers."""
        if self._moment.offer is not None:
            self._controls.seekTo(self._moment.offer.end_s)

    @Slot()
    def dismissUpNext(self) -> None:
        """Hide the up-next card and let the episode end."""
        self._moments.dismiss_up_next()
        self._on_position()

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
            self._report("pause")

    def _on_ended(self) -> None:
        self.playingChanged.emit()
        if not self._state.ended or not self._values["active"]:
            return
        self._report("end")
        if self._neighbours.next is None:
            self.leave()
        elif self._moment.up_next:  # the card counted down to zero
            self.playNext()

    def _make_report(self) -> ProgressReport | None:
        request = self._request
        if request is None or request.item_id is None or self._target is None:
            return None
        position, duration = self._state.position, self._state.duration
        if position <= 0:  # nothing played yet: keep the saved position as it is
            return None
        watched = is_watched(position, duration, self.settings.watched_threshold_percent)
        return ProgressReport(
            item_id=request.item_id,
            position_ms=int(position * 1000),
            duration_ms=int(duration * 1000) if duration > 0 else None,
            watched=watched,
            paused=self._state.paused,
        )

    def _report(self, why: str) -> None:
        report, reporter = self._make_report(), self._reporter
        if report is None or reporter is None:
            return
        self._watched_reported = self._watched_reported or report.watched
        log.debug("progress %s: %s", why, report)
        self._tasks.start(f"player.progress.{why}", reporter.report(report))
