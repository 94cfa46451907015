"""The Search page: one search over every source, results grouped by type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.load_state import LoadingViewModel
from reel_qt.ui.poster_list_model import PosterListModel

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

#: Result groups in the order shown; search's best-first order is kept inside each.
GROUP_ORDER = ("movie", "show", "season", "episode")
LIMIT = 120


@QmlElement
@QmlUncreatable("SearchViewModel is provided by the browser.")
class SearchViewModel(LoadingViewModel):  # type: ignore[operator]
    """The query and its results; each keystroke replaces the previous search."""

    queryChanged = Signal()
    #: Results for the current query are in the model (benches wait on it).
    resultsReady = Signal()

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service: DataService | None = None
        self._results = PosterListModel(self)
        self._query = ""

    def attach(self, service: DataService) -> None:
        """Search through service from now on."""
        self._service = service

    def detach(self) -> None:
        """Stop reading: the store is closing."""
        self._service = None

    def _get_results(self) -> PosterListModel:
        return self._results

    results = Property(QObject, _get_results, constant=True)

    def _get_query(self) -> str:
        return self._query

    query = Property(str, _get_query, notify=queryChanged)

    @Slot(str)
    def setQuery(self, text: str) -> None:
        """Search for text (as typed); an empty query clears the results."""
        if text == self._query:
            return
        self._query = text
        self.queryChanged.emit()
        if self._service is not None:
            self._tasks.start("search.query", self._search(self._service, text))

    async def _search(self, service: DataService, text: str) -> None:
        if not text.strip():
            self._results.set_rows([])
            self.resultsReady.emit()
            return
        self._set_loading(True)
        try:
            hits = await service.search(text, limit=LIMIT)
            rank = {kind: n for n, kind in enumerate(GROUP_ORDER)}
            ordered = sorted(hits, key=lambda h: rank.get(h.type, len(GROUP_ORDER)))
            rows = await service.poster_rows([h.id for h in ordered])
        except Exception as error:
            self._set_error(describe_failure("searching", error))
            raise
        finally:
            self._set_loading(False)
        self._set_error("")
        self._results.set_rows(rows)
        self.resultsReady.emit()

    def refresh(self) -> None:
        """Run the current query again (the library changed)."""
        if self._service is not None and self._query.strip():
            self._tasks.start("search.query", self._search(self._service, self._query))
