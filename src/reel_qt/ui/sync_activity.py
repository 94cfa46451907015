"""Running syncs from the event bus onto the sources model, progress ticks throttled."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from reel_qt.core.events import EventBus
from reel_qt.ui.sources_model import SourcesListModel

#: At most one progress update per source this often: a sync of small pages can report
#: hundreds of ticks a second, and each update repaints the sidebar and the Sources page.
PROGRESS_INTERVAL_MS = 200


class SyncActivity(QObject):
    """Shows syncs starting, progressing and ending; re-reads the store only at the end."""

    def __init__(
        self,
        model: SourcesListModel,
        reread: Callable[[], None],
        parent: QObject | None = None,
        *,
        interval_ms: int = PROGRESS_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._reread = reread
        self._pending: dict[int, tuple[int, int, int]] = {}  # source -> library, done, total
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)

    def follow(self, bus: EventBus) -> None:
        """Listen to the bus's sync signals from now on."""
        bus.syncStarted.connect(self.started)
        bus.syncProgress.connect(self.progress)
        bus.syncCompleted.connect(lambda source_id, _written: self.ended(source_id))
        bus.syncFailed.connect(lambda source_id, _message: self.ended(source_id))

    def started(self, source_id: int) -> None:
        """A sync began: show it at once."""
        self._pending.pop(source_id, None)
        self._model.sync_started(source_id)

    def progress(self, source_id: int, library_id: int, done: int, total: int) -> None:
        """A progress tick: kept, and shown with the others at the next interval."""
        self._pending[source_id] = (library_id, done, total)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Show the newest progress of every source now."""
        pending, self._pending = self._pending, {}
        for source_id, (library_id, done, total) in pending.items():
            self._model.sync_progress(source_id, library_id, done, total)

    def ended(self, source_id: int) -> None:
        """A sync ended: show its last progress, then re-read how it ended."""
        if source_id in self._pending:
            library_id, done, total = self._pending.pop(source_id)
            self._model.sync_progress(source_id, library_id, done, total)
        self._model.sync_ended(source_id)
        self._reread()
