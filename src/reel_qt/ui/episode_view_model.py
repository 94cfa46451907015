"""The Episode details page: an episode with its show, season and neighbours."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.errors import NotFoundError
from reel_qt.playback.episodes import episode_label, neighbours
from reel_qt.store.views import ItemDetail, ItemRow
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.movie_view_model import MovieViewModel

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1


def episode_heading(item: ItemDetail) -> str:
    """ "S01E02" for an episode with both numbers, "E02" or "" otherwise."""
    episode = f"E{item.episode_number:02d}" if item.episode_number is not None else ""
    if item.season_number is None or not episode:
        return episode
    return f"S{item.season_number:02d}{episode}"


def _link(row: ItemRow | None) -> dict[str, Any]:
    return {"id": row.id, "text": episode_label(row)} if row else {"id": 0, "text": ""}


@QmlElement
@QmlUncreatable("EpisodeViewModel is provided by the browser.")
class EpisodeViewModel(MovieViewModel):  # type: ignore[operator]
    """An episode's details, with its show and season, and the episodes either side."""

    task_prefix = "episode"

    async def _more_detail(self, service: DataService, item: ItemDetail) -> dict[str, Any]:
        show = await self._parent(service, item.show_id)
        season = await self._parent(service, item.parent_id)
        around = await neighbours(service, item)
        cast = [c for c in item.credits if c.kind in ("actor", "guest")]
        guests_only = bool(cast) and all(c.kind == "guest" for c in cast)
        place = season.title if season is not None and season.id != item.show_id else ""
        if not place and item.season_number is not None:
            place = f"Season {item.season_number}"
        extra: dict[str, Any] = {
            "code": episode_heading(item),
            "showId": show.id if show else 0,
            "showTitle": show.title if show else "",
            "seasonTitle": place,
            # The episode's still; its show's artwork where the episode has none.
            "stillRef": item.thumb_ref or item.poster_ref or "",
            "castTitle": "Guest stars" if guests_only else "Cast",
            "previous": _link(around.previous),
            "next": _link(around.next),
        }
        if show is not None and not item.backdrop_ref:
            extra["backdropRef"] = show.backdrop_ref or ""
            extra["backdropBlurhash"] = show.backdrop_blurhash or ""
        return extra

    @staticmethod
    async def _parent(service: DataService, item_id: int | None) -> ItemDetail | None:
        if item_id is None:
            return None
        try:
            return await service.get_item(item_id)
        except NotFoundError:  # removed by a sync meanwhile: the page shows the episode alone
            return None
