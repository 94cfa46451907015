"""The Movie details page: one item's details, Play / Resume / Start over, watched state.

The base of every details page (show, episode): they add what they show beside the item.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry, describe_failure
from reel_qt.store.views import ItemDetail
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.item_details import detail_map
from reel_qt.ui.load_state import LoadingViewModel

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("MovieViewModel is provided by the browser.")
class MovieViewModel(LoadingViewModel):  # type: ignore[operator]
    """One item's details (a movie here; the show page extends it)."""

    detailChanged = Signal()
    versionChanged = Signal()
    #: The user asked to play an item from a position (ms; 0 = the start).
    playRequested = Signal(int, int)
    #: The same for one of the item's versions (its id, as the source names it).
    playVersionRequested = Signal(int, int, str)

    task_prefix = "movie"

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service: DataService | None = None
        self._item_id = 0
        self._detail: dict[str, Any] = {}
        self._version = 0  # index in detail["versions"]

    def attach(self, service: DataService) -> None:
        """Read and write through service from now on."""
        self._service = service

    def detach(self) -> None:
        """Stop reading: the store is closing."""
        self._service = None

    # properties

    def _get_detail(self) -> dict[str, Any]:
        return self._detail

    detail = Property("QVariantMap", _get_detail, notify=detailChanged)  # type: ignore[arg-type]

    def _get_item_id(self) -> int:
        return self._item_id

    itemId = Property(int, _get_item_id, notify=detailChanged)

    def _versions(self) -> list[dict[str, Any]]:
        return list(self._detail.get("versions") or [])

    def _get_version_index(self) -> int:
        return self._version

    versionIndex = Property(int, _get_version_index, notify=versionChanged)

    def _get_quality(self) -> str:
        versions = self._versions()
        if versions:
            return str(versions[min(self._version, len(versions) - 1)]["quality"])
        return str(self._detail.get("quality", ""))

    #: The quality line: the chosen version's when the item has several.
    quality = Property(str, _get_quality, notify=versionChanged)

    @Slot(int)
    def chooseVersion(self, index: int) -> None:
        """Play (and describe) this version from now on."""
        if 0 <= index < len(self._versions()) and index != self._version:
            self._version = index
            self.versionChanged.emit()

    # loading

    @Slot(int)
    def open(self, item_id: int) -> None:
        """Show an item."""
        if item_id != self._item_id:
            self._item_id = item_id
            self._detail = {}
            self._version = 0
            self.detailChanged.emit()
            self.versionChanged.emit()
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the item again."""
        if self._service is not None and self._item_id:
            self._tasks.start(f"{self.task_prefix}.load", self._load(self._service, self._item_id))

    async def _load(self, service: DataService, item_id: int) -> None:
        self._set_loading(True)
        try:
            item = await service.get_item(item_id)
            detail = detail_map(item) | await self._more_detail(service, item)
            await self._load_more(service, item_id)
        except Exception as error:
            self._set_error(describe_failure("reading the item", error))
            raise
        finally:
            self._set_loading(False)
        self._set_error("")
        if detail != self._detail:
            chosen = self._versions()[self._version]["id"] if self._versions() else None
            self._detail = detail
            # The same version stays chosen when a sync reorders or changes the list.
            ids = [v["id"] for v in self._versions()]
            self._version = ids.index(chosen) if chosen in ids else 0
            self.detailChanged.emit()
            self.versionChanged.emit()

    async def _load_more(self, service: DataService, item_id: int) -> None:
        """What a subclass reads beside the item itself."""

    async def _more_detail(self, service: DataService, item: ItemDetail) -> dict[str, Any]:
        """What a subclass adds to the detail map (an episode: its show, its neighbours)."""
        return {}

    def items_changed(self, item_ids: Iterable[int]) -> None:
        """Items were updated: re-read when the one shown is among them."""
        if self._item_id and self._item_id in set(item_ids):
            self.reload()

    # actions

    @Slot()
    def play(self) -> None:
        """Play from the resume point, or from the start when there is none."""
        self._play(int(self._detail.get("positionMs", 0)))

    @Slot()
    def startOver(self) -> None:
        """Play from the start, whatever the resume point."""
        self._play(0)

    def _play(self, start_ms: int) -> None:
        if not self._item_id:
            return
        versions = self._versions()
        if versions:
            version = str(versions[min(self._version, len(versions) - 1)]["id"])
            self.playVersionRequested.emit(self._item_id, start_ms, version)
        else:
            self.playRequested.emit(self._item_id, start_ms)

    @Slot(bool)
    def setWatched(self, watched: bool) -> None:
        """Mark the item (and for a show, every episode) watched or unwatched."""
        self.markWatched(self._item_id, watched)

    @Slot(int, bool)
    def markWatched(self, item_id: int, watched: bool) -> None:
        """Mark any item shown here (an episode, a season) watched or unwatched."""
        if self._service is not None and item_id:
            self._tasks.start(
                f"{self.task_prefix}.watched.{item_id}",
                self._mark(self._service, item_id, watched),
            )

    async def _mark(self, service: DataService, item_id: int, watched: bool) -> None:
        # Lands locally first (dirty), the sync's push queue takes it to the server.
        try:
            await service.set_watched_all(item_id, watched)
        except Exception as error:
            self._set_error(describe_failure("marking the item", error))
            raise
