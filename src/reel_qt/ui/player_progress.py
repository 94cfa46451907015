"""The player's progress reports: on a timer, on pause, seek and end, once watched, and last.

Each playback session of a library item has one `ProgressReporter`; this object decides
when to report what mpv's state says, and keeps the final reports of sessions already
left until they are sent (so quitting waits for them).
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, QTimer

from reel_qt.core.settings import Settings
from reel_qt.core.tasks import TaskRegistry
from reel_qt.playback.progress import (
    REPORT_INTERVAL_S,
    ProgressReport,
    ProgressReporter,
    is_watched,
)
from reel_qt.ui.playback_state import PlaybackState

log = logging.getLogger("reel.ui.player")


class PlayerProgress(QObject):
    """Reports the position of the library item that plays; nothing for plain files."""

    def __init__(
        self,
        tasks: TaskRegistry,
        state: PlaybackState,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._state = state
        self.settings = settings
        self._item_id: int | None = None
        self._reporter: ProgressReporter | None = None
        self._watched_reported = False
        self._finishing: set[asyncio.Task[None]] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(int(REPORT_INTERVAL_S * 1000))
        self._timer.timeout.connect(lambda: self.report("interval"))

    def begin(self, item_id: int, reporter: ProgressReporter) -> None:
        """A session of item_id starts; reports go through reporter."""
        self._item_id = item_id
        self._reporter = reporter
        self._watched_reported = False

    def playing(self) -> None:
        """The file is loaded: report on the timer from now on."""
        if self._reporter is not None:
            self._timer.start()

    def pause_timer(self) -> None:
        """Stop the timed reports (playback failed); the final report still comes."""
        self._timer.stop()

    def check_watched(self) -> None:
        """Report once when the position passes the watched threshold."""
        position, duration = self._state.position, self._state.duration
        threshold = self.settings.watched_threshold_percent
        if (
            not self._watched_reported
            and self._reporter is not None
            and is_watched(position, duration, threshold)
        ):
            self.report("watched")

    def report(self, why: str) -> None:
        """Save and send the current position (why: pause, seek, end, interval...)."""
        report, reporter = self._make_report(), self._reporter
        if report is None or reporter is None:
            return
        self._watched_reported = self._watched_reported or report.watched
        log.debug("progress %s: %s", why, report)
        self._tasks.start(f"player.progress.{why}", reporter.report(report))

    def finish(self) -> None:
        """End the session: send its last position and release the source's connection."""
        self._timer.stop()
        reporter, self._reporter = self._reporter, None
        if reporter is not None:
            final = self._make_report()
            task = self._tasks.start(f"player.finish.{id(reporter)}", reporter.finish(final))
            self._finishing.add(task)
            task.add_done_callback(self._finishing.discard)
        self._item_id = None

    async def wait(self, timeout_s: float = 10.0) -> None:
        """Wait for the last reports of finished sessions (at quit)."""
        if self._finishing:
            await asyncio.wait(set(self._finishing), timeout=timeout_s)

    def _make_report(self) -> ProgressReport | None:
        if self._item_id is None:
            return None
        position, duration = self._state.position, self._state.duration
        if position <= 0:  # nothing played yet: keep the saved position as it is
            return None
        return ProgressReport(
            item_id=self._item_id,
            position_ms=int(position * 1000),
            duration_ms=int(duration * 1000) if duration > 0 else None,
            watched=is_watched(position, duration, self.settings.watched_threshold_percent),
            paused=self._state.paused,
        )
