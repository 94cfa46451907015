"""The Show details page: the show, its seasons, one season's episodes, next episode."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.views import PosterRow
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.movie_view_model import MovieViewModel
from reel_qt.ui.poster_list_model import PosterListModel
from reel_qt.ui.poster_roles import episode_code

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("ShowViewModel is provided by the browser.")
class ShowViewModel(MovieViewModel):  # type: ignore[operator]
    """A show: its details, seasons, the chosen season's episodes, what to play next."""

    seasonChanged = Signal()
    nextChanged = Signal()

    task_prefix = "show"

    def __init__(self, tasks: TaskRegistry, parent: QObject | None = None) -> None:
        super().__init__(tasks, parent)
        self._seasons = PosterListModel(self)
        self._episodes = PosterListModel(self)
        self._season_id = 0
        self._next: PosterRow | None = None

    def _get_seasons(self) -> PosterListModel:
        return self._seasons

    seasons = Property(QObject, _get_seasons, constant=True)

    def _get_episodes(self) -> PosterListModel:
        return self._episodes

    episodes = Property(QObject, _get_episodes, constant=True)

    def _get_season_id(self) -> int:
        return self._season_id

    seasonId = Property(int, _get_season_id, notify=seasonChanged)

    def _get_next_id(self) -> int:
        return self._next.id if self._next else 0

    nextEpisodeId = Property(int, _get_next_id, notify=nextChanged)

    def _get_next_text(self) -> str:
        row = self._next
        if row is None:
            return ""
        return f"{episode_code(row.season_number, row.episode_number)} · {row.title}"

    nextEpisodeText = Property(str, _get_next_text, notify=nextChanged)

    @Slot(int)
    def open(self, item_id: int) -> None:
        """Show a show, starting at the season of its next episode."""
        if item_id != self._item_id:
            self._season_id = 0
            self._seasons.set_rows([])
            self._episodes.set_rows([])
            self.seasonChanged.emit()
        super().open(item_id)

    async def _load_more(self, service: DataService, item_id: int) -> None:
        seasons = [r for r in await service.children(item_id) if r.type == "season"]
        next_id = await service.next_episode(item_id)
        found = await service.poster_rows([next_id]) if next_id else []
        self._next = found[0] if found else None
        self.nextChanged.emit()
        self._seasons.set_rows(seasons)
        season_ids = {s.id for s in seasons}
        if self._season_id not in season_ids:
            chosen = next(
                (
                    s.id
                    for s in seasons
                    if self._next and s.season_number == self._next.season_number
                ),
                0,
            )
            self._season_id = chosen or (seasons[0].id if seasons else 0)
            self.seasonChanged.emit()
        self._episodes.set_rows(await service.children(self._season_id) if self._season_id else [])

    @Slot(int)
    def selectSeason(self, season_id: int) -> None:
        """Show one season's episodes."""
        if season_id != self._season_id:
            self._season_id = season_id
            self.seasonChanged.emit()
            self.reload()

    @Slot()
    def playNext(self) -> None:
        """Play the next episode (resuming it when it was started)."""
        if self._next is not None:
            self.playRequested.emit(self._next.id, self._next.position_ms)

    @Slot(int)
    def playEpisode(self, episode_id: int) -> None:
        """Play one episode from its resume point."""
        row = next((r for r in self._episodes.rows() if r.id == episode_id), None)
        if row is not None:
            self.playRequested.emit(row.id, 0 if row.watched else row.position_ms)

    def items_changed(self, item_ids: Iterable[int]) -> None:
        """Re-read when the show, a season or an episode shown changed."""
        shown = {
            self._item_id,
            *(r.id for r in self._seasons.rows()),
            *(r.id for r in self._episodes.rows()),
        }
        if self._item_id and shown & set(item_ids):
            self.reload()
