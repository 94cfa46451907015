"""The list of sources with their libraries, counts and sync state (sidebar and Sources page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
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

from reel_qt.core.clock import now_ms
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.source_wording import describe_ago, describe_progress

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
    """A source as the sidebar and the Sources page show it (its stored state)."""

    id: int
    type: str
    name: str
    item_count: int
    status: str  # ok | offline | needs-sign-in | error | syncing
    status_text: str
    libraries: tuple[LibraryRow, ...] = ()
    status_label: str = ""  # the state in a word or two ("Up to date", "Offline")
    address: str = ""  # the server's address or the folders
    last_sync_at: int | None = None  # epoch ms
    last_error: str = ""
    hint: str = ""  # what to do about the state, in words
    can_sign_in: bool = False


@dataclass(frozen=True, slots=True)
class LiveSync:
    """A running sync as the bus reports it; `ended` keeps it shown until rows re-read."""

    library_id: int = 0
    done: int = 0
    total: int = -1  # -1: the server did not say
    ended: bool = False
    queued: bool = False  # asked for, waiting for the running sync to end


class SourceRole(IntEnum):
    """Roles the delegates read; see roleNames()."""

    ID = 0x0101
    TYPE = 0x0102
    NAME = 0x0103
    ITEM_COUNT = 0x0104
    STATUS = 0x0105
    STATUS_TEXT = 0x0106
    LIBRARIES = 0x0107
    STATUS_LABEL = 0x0108
    ADDRESS = 0x0109
    LAST_SYNC_TEXT = 0x010A
    LAST_ERROR = 0x010B
    HINT = 0x010C
    CAN_SIGN_IN = 0x010D
    IS_SYNCING = 0x010E
    SYNC_DONE = 0x010F
    SYNC_TOTAL = 0x0110
    SYNC_FRACTION = 0x0111


#: Roles whose values come from a running sync: what a progress tick changes.
LIVE_ROLES = (
    SourceRole.STATUS,
    SourceRole.STATUS_TEXT,
    SourceRole.STATUS_LABEL,
    SourceRole.IS_SYNCING,
    SourceRole.SYNC_DONE,
    SourceRole.SYNC_TOTAL,
    SourceRole.SYNC_FRACTION,
)


def _libraries(row: SourceRow, _live: LiveSync | None) -> list[dict[str, object]]:
    return [
        {
            "libraryId": lib.id,
            "name": lib.name,
            "itemCount": lib.item_count,
            "supported": lib.supported,
        }
        for lib in row.libraries
    ]


def _status_text(row: SourceRow, live: LiveSync | None) -> str:
    if live is None:
        return row.status_text
    if live.queued:
        return "Waiting to sync…"
    library = next((lib.name for lib in row.libraries if lib.id == live.library_id), "")
    return describe_progress(library, live.done, live.total)


def _fraction(live: LiveSync | None) -> float:
    if live is None or live.total <= 0:
        return -1.0  # no bar, or a bar without an end
    return min(1.0, live.done / live.total)


Reader = Callable[[SourceRow, LiveSync | None], Any]

# Role -> (name QML uses, how to read it from a row and its running sync).
_ROLES: dict[int, tuple[bytes, Reader]] = {
    SourceRole.ID: (b"sourceId", lambda row, _: row.id),
    SourceRole.TYPE: (b"sourceType", lambda row, _: row.type),
    SourceRole.NAME: (b"name", lambda row, _: row.name),
    SourceRole.ITEM_COUNT: (b"itemCount", lambda row, _: row.item_count),
    SourceRole.STATUS: (b"status", lambda row, live: "syncing" if live else row.status),
    SourceRole.STATUS_TEXT: (b"statusText", _status_text),
    SourceRole.LIBRARIES: (b"libraries", _libraries),
    SourceRole.STATUS_LABEL: (
        b"statusLabel",
        lambda row, live: "Syncing" if live else row.status_label,
    ),
    SourceRole.ADDRESS: (b"address", lambda row, _: row.address),
    SourceRole.LAST_SYNC_TEXT: (
        b"lastSyncText",
        lambda row, _: describe_ago(row.last_sync_at, now_ms()),
    ),
    SourceRole.LAST_ERROR: (b"lastError", lambda row, _: row.last_error),
    SourceRole.HINT: (b"hint", lambda row, _: row.hint),
    SourceRole.CAN_SIGN_IN: (b"canSignIn", lambda row, _: row.can_sign_in),
    SourceRole.IS_SYNCING: (
        b"isSyncing",
        lambda row, live: live is not None or row.status == "syncing",
    ),
    SourceRole.SYNC_DONE: (b"syncDone", lambda _, live: live.done if live else 0),
    SourceRole.SYNC_TOTAL: (b"syncTotal", lambda _, live: live.total if live else -1),
    SourceRole.SYNC_FRACTION: (b"syncFraction", lambda _, live: _fraction(live)),
}


@QmlElement
@QmlUncreatable("SourcesListModel is provided by the shell view-model.")
class SourcesListModel(QAbstractListModel):  # type: ignore[operator]
    """Sources in the order they were added; updated row by row, never reset.

    Rows hold what the store says; running syncs are laid over them from the bus's
    progress, so a progress tick changes a few roles of one row and reads nothing.
    """

    countChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SourceRow] = []
        self._live: dict[int, LiveSync] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of sources."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """The value of one role of one row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = _ROLES.get(role)
        if entry is None:
            return None
        row = self._rows[index.row()]
        return entry[1](row, self._live.get(row.id))

    def roleNames(self) -> dict[int, QByteArray]:
        """Role ids to the names delegates use."""
        return {role: QByteArray(name) for role, (name, _) in _ROLES.items()}

    def _get_count(self) -> int:
        return len(self._rows)

    count = Property(int, _get_count, notify=countChanged)

    def rows(self) -> list[SourceRow]:
        """The current rows (a copy)."""
        return list(self._rows)

    def live(self, source_id: int) -> LiveSync | None:
        """The running sync of a source, if one is shown."""
        return self._live.get(source_id)

    # running syncs

    def sync_started(self, source_id: int) -> None:
        """Show a source as syncing, before any progress arrives."""
        self._set_live(source_id, LiveSync())

    def sync_queued(self, source_id: int) -> None:
        """Show a sync that was asked for and waits its turn."""
        if source_id not in self._live or self._live[source_id].ended:
            self._set_live(source_id, LiveSync(queued=True))

    def sync_progress(self, source_id: int, library_id: int, done: int, total: int) -> None:
        """Show how far a source's sync has come (total -1 when unknown)."""
        self._set_live(source_id, LiveSync(library_id, done, total))

    def sync_ended(self, source_id: int) -> None:
        """The sync is over: keep showing it until the next rows say how it ended."""
        live = self._live.get(source_id)
        if live is not None:
            self._live[source_id] = replace(live, ended=True)

    def _set_live(self, source_id: int, live: LiveSync) -> None:
        if self._live.get(source_id) == live:
            return
        self._live[source_id] = live
        self._changed(source_id, LIVE_ROLES)

    def _changed(self, source_id: int, roles: tuple[int, ...] = ()) -> None:
        position = next((i for i, row in enumerate(self._rows) if row.id == source_id), None)
        if position is not None:
            index = self.index(position)
            self.dataChanged.emit(index, index, list(roles))

    def times_passed(self) -> None:
        """Re-read the "2 minutes ago" texts (the clock moved on)."""
        if self._rows:
            first, last = self.index(0), self.index(len(self._rows) - 1)
            self.dataChanged.emit(first, last, [SourceRole.LAST_SYNC_TEXT])

    # stored state

    def set_rows(self, rows: list[SourceRow]) -> None:
        """Make the model show rows, with the smallest row changes that get there.

        Syncs that ended stop being laid over their rows: these rows say how they ended.
        """
        finished = [sid for sid, live in self._live.items() if live.ended]
        for source_id in finished:
            del self._live[source_id]
        self._apply(rows)
        for source_id in finished:
            self._changed(source_id)
        self.countChanged.emit()

    def _apply(self, rows: list[SourceRow]) -> None:
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
