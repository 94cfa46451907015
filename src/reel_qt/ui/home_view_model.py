"""The Home page's rows: continue watching, next up, recently added, across every source."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.service import DataService
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.poster_list_model import PosterListModel

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

#: Changes come in bursts (a sync writes batch after batch): read once they settle.
REFRESH_DELAY_MS = 250


@QmlElement
@QmlUncreatable("HomeViewModel is provided by the browser.")
class HomeViewModel(QObject):  # type: ignore[operator]
    """Three rows read from the database, re-read shortly after anything changes."""

    refreshed = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service: DataService | None = None
        self._continue = PosterListModel(self)
        self._next = PosterListModel(self)
        self._recent = PosterListModel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

    def attach(self, service: DataService) -> None:
        """Read through service, now and after every change."""
        self._service = service
        self.refresh()

    def detach(self) -> None:
        """Stop reading: the store is closing."""
        self._timer.stop()
        self._service = None

    def _get_continue(self) -> PosterListModel:
        return self._continue

    continueWatching = Property(QObject, _get_continue, constant=True)

    def _get_next(self) -> PosterListModel:
        return self._next

    nextUp = Property(QObject, _get_next, constant=True)

    def _get_recent(self) -> PosterListModel:
        return self._recent

    recentlyAdded = Property(QObject, _get_recent, constant=True)

    def changed(self) -> None:
        """Something the rows may show changed: refresh once changes settle."""
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        """Read the rows again now."""
        if self._service is not None:
            self._tasks.start("home.refresh", self._refresh(self._service))

    async def _refresh(self, service: DataService) -> None:
        rows = await service.home_rows()
        self._continue.set_rows(rows["continue"])
        self._next.set_rows(rows["next"])
        self._recent.set_rows(rows["recent"])
        self.refreshed.emit()
