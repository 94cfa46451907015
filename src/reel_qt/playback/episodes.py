"""The episodes before and after one episode, across seasons, from the local library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.views import ItemDetail, ItemRow

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The previous and next episode of an item (None at either end, or for a film)."""

    previous: ItemRow | None
    next: ItemRow | None


def _order(row: ItemRow) -> tuple[int, int, int]:
    return (row.season_number or 0, row.episode_number or 0, row.id)


def episode_label(row: ItemRow | ItemDetail) -> str:
    """ "S1 · E3 · Title" for an episode, the title alone otherwise."""
    if row.season_number is not None and row.episode_number is not None:
        return f"S{row.season_number} · E{row.episode_number} · {row.title}"
    return row.title


def episode_place(item: ItemDetail) -> str:
    """ "Season 2 · Episode 5" for an episode, empty otherwise."""
    if item.type != "episode" or item.episode_number is None:
        return ""
    if item.season_number is None:
        return f"Episode {item.episode_number}"
    return f"Season {item.season_number} · Episode {item.episode_number}"


async def neighbours(service: DataService, item: ItemDetail) -> Neighbours:
    """The episodes around item in season and episode order (specials, season 0, left out)."""
    if item.type != "episode" or item.show_id is None:
        return Neighbours(None, None)
    seasons = await service.list_items(ItemFilter(parent_id=item.show_id, type="season"))
    episodes: list[ItemRow] = []
    for season in seasons:
        episodes += await service.list_items(ItemFilter(parent_id=season.id, type="episode"))
    # Shows without season items hang episodes off the show itself.
    episodes += await service.list_items(ItemFilter(parent_id=item.show_id, type="episode"))
    episodes = [row for row in sorted(set(episodes), key=_order) if row.season_number != 0]
    position = next((n for n, row in enumerate(episodes) if row.id == item.id), None)
    if position is None:
        return Neighbours(None, None)
    return Neighbours(
        episodes[position - 1] if position > 0 else None,
        episodes[position + 1] if position + 1 < len(episodes) else None,
    )
