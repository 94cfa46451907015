"""A short list of poster rows (a home row, search results, a season's episodes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.store.views import PosterRow
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui import poster_roles

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("PosterListModel is provided by a view-model.")
class PosterListModel(QAbstractListModel):  # type: ignore[operator]
    """Rows kept in order and updated with the smallest row changes, never a reset."""

    countChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PosterRow] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """One role of one row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return poster_roles.value(self._rows[index.row()], role)

    def roleNames(self) -> dict[int, QByteArray]:
        """Role ids to the names delegates use."""
        return poster_roles.role_names()

    def _get_count(self) -> int:
        return len(self._rows)

    count = Property(int, _get_count, notify=countChanged)

    @Slot(int, result=int)
    def itemIdAt(self, row: int) -> int:
        """The id of the item at row (0 when out of range)."""
        return self._rows[row].id if 0 <= row < len(self._rows) else 0

    @Slot(int, result=str)
    def itemTypeAt(self, row: int) -> str:
        """The type of the item at row ("" when out of range)."""
        return self._rows[row].type if 0 <= row < len(self._rows) else ""

    def rows(self) -> list[PosterRow]:
        """The rows shown (a copy)."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[PosterRow]) -> None:
        """Show rows: removals, moves and inserts row by row, changed rows in place."""
        before = len(self._rows)
        wanted = {row.id for row in rows}
        for position in reversed(range(len(self._rows))):
            if self._rows[position].id not in wanted:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
        for position, row in enumerate(rows):
            current = self._rows[position] if position < len(self._rows) else None
            if current is not None and current.id == row.id:
                if current != row:
                    self._rows[position] = row
                    self.dataChanged.emit(self.index(position), self.index(position))
                continue
            existing = next(
                (i for i in range(position, len(self._rows)) if self._rows[i].id == row.id), None
            )
            if existing is None:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, row)
                self.endInsertRows()
                continue
            self.beginMoveRows(QModelIndex(), existing, existing, QModelIndex(), position)
            self._rows.insert(position, self._rows.pop(existing))
            self.endMoveRows()
            if self._rows[position] != row:
                self._rows[position] = row
                self.dataChanged.emit(self.index(position), self.index(position))
        if len(self._rows) != before:
            self.countChanged.emit()
