"""The sidebar's list of sources with their libraries, counts and sync state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Signal,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.ui import QML_IMPORT_NAME as _IMPORT

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """A library as the sidebar shows it."""

    id: int
    name: str
    item_count: int
    supported: bool = True  # False: listed, but Reel cannot show its kind of items yet


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source as the sidebar shows it."""

    id: int
    type: str
    name: str
    item_count: int
    status: str  # ok | offline | needs-sign-in | error | syncing
    status_text: str
    libraries: tuple[LibraryRow, ...] = ()


class SourceRole(IntEnum):
    """Roles the delegates read; see roleNames()."""

    ID = 0x0101
    TYPE = 0x0102
    NAME = 0x0103
    ITEM_COUNT = 0x0104
    STATUS = 0x0105
    STATUS_TEXT = 0x0106
    LIBRARIES = 0x0107


def _libraries(row: SourceRow) -> list[dict[str, object]]:
    return [
        {
            "libraryId": lib.id,
            "name": lib.name,
            "itemCount": lib.item_count,
            "supported": lib.supported,
        }
        for lib in row.libraries
    ]


# Role -> (name QML uses, how to read it from a row).
_ROLES: dict[int, tuple[bytes, Callable[[SourceRow], Any]]] = {
    SourceRole.ID: (b"sourceId", lambda row: row.id),
    SourceRole.TYPE: (b"sourceType", lambda row: row.type),
    SourceRole.NAME: (b"name", lambda row: row.name),
    SourceRole.ITEM_COUNT: (b"itemCount", lambda row: row.item_count),
    SourceRole.STATUS: (b"status", lambda row: row.status),
    SourceRole.STATUS_TEXT: (b"statusText", lambda row: row.status_text),
    SourceRole.LIBRARIES: (b"libraries", _libraries),
}


@QmlElement
@QmlUncreatable("SourcesListModel is provided by the shell view-model.")
class SourcesListModel(QAbstractListModel):  # type: ignore[operator]
    """Sources in the order they were added; updated row by row, never reset."""

    countChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SourceRow] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of sources."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """The value of one role of one row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = _ROLES.get(role)
        return None if entry is None else entry[1](self._rows[index.row()])

    def roleNames(self) -> dict[int, QByteArray]:
        """Role ids to the names delegates use."""
        return {role: QByteArray(name) for role, (name, _) in _ROLES.items()}

    def _get_count(self) -> int:
        return len(self._rows)

    count = Property(int, _get_count, notify=countChanged)

    def rows(self) -> list[SourceRow]:
        """The current rows (a copy)."""
        return list(self._rows)

    def set_rows(self, rows: list[SourceRow]) -> None:
        """Make the model show rows, with the smallest row changes that get there."""
        wanted = {row.id: row for row in rows}
        for position in reversed(range(len(self._rows))):
            if self._rows[position].id not in wanted:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
        for position, row in enumerate(rows):
            if position < len(self._rows) and self._rows[position].id == row.id:
                if self._rows[position] != row:
                    self._rows[position] = row
                    index = self.index(position)
                    self.dataChanged.emit(index, index)
                continue
            existing = next(
                (i for i in range(position, len(self._rows)) if self._rows[i].id == row.id), None
            )
            if existing is not None:
                self.beginMoveRows(QModelIndex(), existing, existing, QModelIndex(), position)
                self._rows.insert(position, self._rows.pop(existing))
                self.endMoveRows()
                self._rows[position] = row
                index = self.index(position)
                self.dataChanged.emit(index, index)
            else:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, row)
                self.endInsertRows()
        self.countChanged.emit()
