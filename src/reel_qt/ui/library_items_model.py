"""A library's items for a 100,000-poster grid: ids in order, rows loaded a window at a time.

The model knows every matching id (a compact array) but holds rows only for the pages
the view has asked for lately. A row not loaded yet reads as blank (`loaded` false); the
view's requests in one frame are gathered into one read, and the rows arrive with a
dataChanged over their page. Least recently used pages are dropped beyond a bound.
"""

from __future__ import annotations

import itertools
from array import array
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.views import PosterRow
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui import poster_roles

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

PAGE_SIZE = 96
#: Pages kept: ~15 screens of a large grid, a few MB of rows.
MAX_PAGES = 48

RowLoader = Callable[[Sequence[int]], Awaitable[list[PosterRow]]]


@QmlElement
@QmlUncreatable("LibraryItemsModel is provided by the library view-model.")
class LibraryItemsModel(QAbstractListModel):  # type: ignore[operator]
    """Every matching item as a row; rows read from the database in windows on demand."""

    countChanged = Signal()
    #: A window of rows arrived (tests and benches wait on it).
    rowsLoaded = Signal()

    def __init__(
        self, tasks: TaskRegistry, load_rows: RowLoader, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._load_rows = load_rows
        self._ids: array[int] = array("q")
        self._total = 0  # rows shown; more than len(_ids) until `complete`
        self._pages: OrderedDict[int, list[PosterRow | None]] = OrderedDict()
        self._wanted: set[int] = set()
        self._generation = 0
        self._numbers = itertools.count()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._load_wanted)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of matching items."""
        return 0 if parent.isValid() else self._total

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """One role of one row; blank (and asked for) while its window is not loaded."""
        row = index.row()
        if not index.isValid() or not 0 <= row < self._total:
            return None
        page_number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            self._want(page_number)
            return poster_roles.value(None, role)
        self._pages.move_to_end(page_number)
        return poster_roles.value(page[offset], role)

    def roleNames(self) -> dict[int, QByteArray]:
        """Role ids to the names delegates use."""
        return poster_roles.role_names()

    def _get_count(self) -> int:
        return self._total

    count = Property(int, _get_count, notify=countChanged)

    @Slot(int, result=int)
    def itemId(self, row: int) -> int:
        """The id of the item at row (0 when out of range)."""
        return self._ids[row] if 0 <= row < len(self._ids) else 0

    def loaded_pages(self) -> int:
        """How many windows of rows are held now."""
        return len(self._pages)

    def set_ids(self, ids: array[int], total: int | None = None) -> bool:
        """Show these items (a new query's result): the list starts afresh.

        With total, ids are only the head of total items: the rows past it read as
        blank until `complete` brings every id. Returns False when they are the list
        already shown, which is then kept as it is.
        """
        shown = self._total and max(len(ids), total or 0) == self._total
        if shown and self._ids[: len(ids)] == ids:
            # The same list as shown (a re-read after a change elsewhere): no reset, so the
            # view keeps its delegates and its place; `complete` checks the rest.
            return False
        self.beginResetModel()
        self._generation += 1
        self._ids = ids
        self._total = max(len(ids), total or 0)
        self._pages.clear()
        self._wanted.clear()
        self.endResetModel()
        self.countChanged.emit()
        return True

    def complete(self, ids: array[int]) -> None:
        """Every id of the list whose head `set_ids` showed; rows past the head load now."""
        if len(ids) != self._total or ids[: len(self._ids)] != self._ids:
            self.set_ids(ids)  # the library changed in between: start afresh
            return
        self._ids = ids
        if self._wanted:
            self._timer.start()

    async def prefetch(self, rows: int) -> None:
        """Load the first rows before the view asks (the first screen opens complete)."""
        pages = range(-(-min(len(self._ids), rows) // PAGE_SIZE))
        await self._load([p for p in pages if p * PAGE_SIZE < len(self._ids)], self._generation)

    def refresh_items(self, item_ids: Iterable[int]) -> None:
        """Re-read the loaded windows holding any of these items (their state changed)."""
        changed = set(item_ids)
        stale = [
            number
            for number, page in self._pages.items()
            if any(row is not None and row.id in changed for row in page)
        ]
        if stale:
            self._wanted.update(stale)
            self._timer.start()

    def _want(self, page_number: int) -> None:
        self._wanted.add(page_number)
        if not self._timer.isActive():
            self._timer.start()

    def _load_wanted(self) -> None:
        # Pages past the ids known so far wait for `complete`.
        known = (
            -(-len(self._ids) // PAGE_SIZE)
            if len(self._ids) == self._total
            else len(self._ids) // PAGE_SIZE
        )
        pages = sorted(p for p in self._wanted if p < known)
        self._wanted -= set(pages)
        if pages:
            name = f"library.rows.{next(self._numbers)}"
            self._tasks.start(name, self._load(pages, self._generation))

    async def _load(self, pages: list[int], generation: int) -> None:
        ids = [i for p in pages for i in self._ids[p * PAGE_SIZE : (p + 1) * PAGE_SIZE]]
        rows = {row.id: row for row in await self._load_rows(ids)}
        if generation != self._generation:
            return  # a newer query replaced the list meanwhile
        for number in pages:
            start = number * PAGE_SIZE
            window = self._ids[start : start + PAGE_SIZE]
            self._pages[number] = [rows.get(i) for i in window]
            self._pages.move_to_end(number)
            self.dataChanged.emit(self.index(start), self.index(start + len(window) - 1))
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        self.rowsLoaded.emit()
