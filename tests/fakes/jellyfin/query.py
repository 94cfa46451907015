"""The item query behind GET /Items: filters, sort orders and paging.

Filtering and sorting a 175,000-item library takes a while in Python, so the sorted match
list of a query is cached (keyed by every parameter except paging, and by the library's
version) and a client paging through it pays only for the pages.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tests.fakes.jellyfin.library import (
    EPISODE,
    FOLDER,
    MOVIE,
    SEASON,
    SERIES,
    Item,
    Library,
    parse_date,
)


class BadRequest(ValueError):
    """A query parameter the real server's model binding would reject (400)."""


class Params:
    """Query parameters looked up case-insensitively, as ASP.NET binds them."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Collect every value of every key, keys lower-cased."""
        self._values: dict[str, list[str]] = {}
        for key, value in pairs:
            self._values.setdefault(key.lower(), []).append(value)

    @property
    def first(self) -> dict[str, str]:
        """The first value of each (lower-cased) key."""
        return {k: v[0] for k, v in self._values.items()}

    def get(self, name: str) -> str | None:
        """The first value, or None when absent or empty."""
        values = self._values.get(name.lower())
        return values[0] if values and values[0] != "" else None

    def many(self, name: str, sep: str = ",") -> list[str]:
        """A list sent either comma-separated or as repeated keys."""
        out: list[str] = []
        for value in self._values.get(name.lower(), []):
            out.extend(part.strip() for part in value.split(sep) if part.strip())
        return out

    def flag(self, name: str) -> bool | None:
        """`true`/`false` in any case; None when absent."""
        value = self.get(name)
        if value is None:
            return None
        if value.lower() not in ("true", "false"):
            raise BadRequest(f"The value '{value}' is not valid for {name}.")
        return value.lower() == "true"

    def number(self, name: str) -> int | None:
        """An integer; None when absent."""
        value = self.get(name)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise BadRequest(f"The value '{value}' is not valid for {name}.") from None

    def date_us(self, name: str) -> int | None:
        """An ISO-8601 date-time as microseconds; None when absent."""
        value = self.get(name)
        if value is None:
            return None
        try:
            return parse_date(value)
        except ValueError:
            raise BadRequest(f"The value '{value}' is not valid for {name}.") from None


KINDS = {k.lower(): k for k in (MOVIE, SERIES, SEASON, EPISODE, FOLDER)}

SORT_KEYS: dict[str, Callable[[Item], Any]] = {
    "sortname": lambda i: i.sort_name,
    "name": lambda i: i.name.lower(),
    "datecreated": lambda i: i.date_created_us,
    "premieredate": lambda i: i.premiere_us or 0,
    "productionyear": lambda i: i.year or 0,
    "communityrating": lambda i: i.community_rating or 0.0,
    "officialrating": lambda i: i.official_rating or "",
    "runtime": lambda i: i.runtime_ticks or 0,
    "indexnumber": lambda i: i.index_number or 0,
    "parentindexnumber": lambda i: i.parent_index_number or 0,
    "dateplayed": lambda i: i.last_played_us or 0,
    "playcount": lambda i: i.play_count,
    "isplayed": lambda i: i.played,
    "isunplayed": lambda i: not i.played,
    "isfolder": lambda i: i.is_folder,
    "seriessortname": lambda i: i.sort_name,
}


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """The filter, sort and paging parameters of one /Items request."""

    parent_id: str | None = None
    recursive: bool = False
    include_types: frozenset[str] = frozenset()
    exclude_types: frozenset[str] = frozenset()
    ids: tuple[str, ...] = ()
    series_id: str | None = None
    min_date_last_saved: int | None = None
    min_date_last_saved_for_user: int | None = None
    is_played: bool | None = None
    is_favorite: bool | None = None
    is_resumable: bool | None = None
    search_term: str | None = None
    years: frozenset[int] = frozenset()
    genres: frozenset[str] = frozenset()
    sort_by: tuple[str, ...] = ()
    sort_order: tuple[str, ...] = ()
    start_index: int = 0
    limit: int | None = None
    enable_total_record_count: bool = True

    @classmethod
    def parse(cls, params: Params, **overrides: Any) -> ItemQuery:
        """Read the query from request parameters (path parameters come as overrides)."""
        filters = {f.lower() for f in params.many("filters")}
        is_played = params.flag("isPlayed")
        if "isplayed" in filters or "isunplayed" in filters:
            is_played = "isplayed" in filters
        try:
            years = frozenset(int(y) for y in params.many("years"))
        except ValueError:
            raise BadRequest("The value is not valid for years.") from None
        values: dict[str, Any] = {
            "parent_id": _guid(params.get("parentId")),
            "recursive": bool(params.flag("recursive")),
            "include_types": _kinds(params.many("includeItemTypes")),
            "exclude_types": _kinds(params.many("excludeItemTypes")),
            "ids": tuple(_guid(i) or "" for i in params.many("ids")),
            "series_id": _guid(params.get("seriesId")),
            "min_date_last_saved": params.date_us("minDateLastSaved"),
            "min_date_last_saved_for_user": params.date_us("minDateLastSavedForUser"),
            "is_played": is_played,
            "is_favorite": True if "isfavorite" in filters else params.flag("isFavorite"),
            "is_resumable": True if "isresumable" in filters else None,
            "search_term": (params.get("searchTerm") or "").lower() or None,
            "years": years,
            "genres": frozenset(params.many("genres", "|")),
            "sort_by": tuple(s.lower() for s in params.many("sortBy")),
            "sort_order": tuple(s.lower() for s in params.many("sortOrder")),
            "start_index": max(0, params.number("startIndex") or 0),
            "limit": params.number("limit"),
            "enable_total_record_count": params.flag("enableTotalRecordCount") is not False,
        }
        values.update(overrides)
        return cls(**values)


def _guid(value: str | None) -> str | None:
    return value.replace("-", "").lower() if value else None


def _kinds(values: list[str]) -> frozenset[str]:
    # Unknown kinds (MusicAlbum, BoxSet, ...) are valid enum values we simply have none of.
    return frozenset(KINDS.get(v.lower(), v) for v in values)


def _scope(lib: Library, q: ItemQuery) -> list[Iterable[Item]]:
    """The candidate item lists before filtering, as cheap as the query allows."""
    if q.ids:
        return [[item for i in dict.fromkeys(q.ids) if (item := lib.by_id.get(i)) is not None]]
    if q.series_id is not None:
        series = lib.by_id.get(q.series_id)
        return [lib.descendants(series)] if series is not None else []
    if q.parent_id is None:
        if not q.recursive:
            return [lib.views]  # the user's root folder holds the libraries
        return [lib.kind_list(k) for k in (MOVIE, SERIES, SEASON, EPISODE) if _wanted(q, k)]
    parent = lib.by_id.get(q.parent_id)
    if parent is None:
        return []
    if not q.recursive:
        return [lib.kids(parent.id)]
    if parent.kind == FOLDER:
        kinds = {"movies": (MOVIE,), "tvshows": (SERIES, SEASON, EPISODE)}.get(
            parent.collection_type or "", ()
        )
        return [lib.kind_list(k) for k in kinds if _wanted(q, k)]
    return [lib.descendants(parent)]


def _wanted(q: ItemQuery, kind: str) -> bool:
    if q.include_types and kind not in q.include_types:
        return False
    return kind not in q.exclude_types


def _matches(lib: Library, q: ItemQuery) -> Callable[[Item], bool]:
    def match(item: Item) -> bool:
        if not _wanted(q, item.kind):
            return False
        if q.min_date_last_saved is not None and item.date_saved_us < q.min_date_last_saved:
            return False
        if (
            q.min_date_last_saved_for_user is not None
            and item.user_saved_us < q.min_date_last_saved_for_user
        ):
            return False
        if q.is_played is not None and _played(lib, item) != q.is_played:
            return False
        if q.is_favorite is not None and item.favorite != q.is_favorite:
            return False
        if q.is_resumable and not item.position_ticks:
            return False
        if q.search_term is not None and q.search_term not in item.name.lower():
            return False
        if q.years and item.year not in q.years:
            return False
        return not q.genres or not q.genres.isdisjoint(item.genres)

    return match


def _played(lib: Library, item: Item) -> bool:
    if item.kind in (SERIES, SEASON):
        unplayed, total = lib.unplayed_count(item)
        return total > 0 and unplayed == 0
    return item.played


def _sorted(items: list[Item], q: ItemQuery) -> list[Item]:
    keys = [k for k in q.sort_by if k in SORT_KEYS] or ["sortname"]
    # Stable sorts applied from the last key to the first give a multi-key order; the id
    # first makes ties come out the same on every call.
    items.sort(key=lambda i: i.id)
    for n in range(len(keys) - 1, -1, -1):
        order = q.sort_order[min(n, len(q.sort_order) - 1)] if q.sort_order else "ascending"
        items.sort(key=SORT_KEYS[keys[n]], reverse=order == "descending")
    return items


class QueryCache:
    """Sorted match lists of recent queries; stale as soon as the library changes."""

    def __init__(self, size: int = 32) -> None:
        """Keep up to `size` queries."""
        self._size = size
        self._entries: OrderedDict[tuple[Any, ...], list[Item]] = OrderedDict()

    def run(self, lib: Library, q: ItemQuery) -> tuple[list[Item], int]:
        """The requested page and the total number of matches."""
        key = (
            lib.version,
            q.parent_id,
            q.recursive,
            q.include_types,
            q.exclude_types,
            q.ids,
            q.series_id,
            q.min_date_last_saved,
            q.min_date_last_saved_for_user,
            q.is_played,
            q.is_favorite,
            q.is_resumable,
            q.search_term,
            q.years,
            q.genres,
            q.sort_by,
            q.sort_order,
        )
        found = self._entries.get(key)
        if found is None:
            match = _matches(lib, q)
            found = _sorted([i for group in _scope(lib, q) for i in group if match(i)], q)
            self._entries[key] = found
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        end = None if q.limit is None else q.start_index + max(0, q.limit)
        return found[q.start_index : end], len(found)


def page_result(items: list[dict[str, Any]], total: int, q: ItemQuery) -> dict[str, Any]:
    """A BaseItemDtoQueryResult; without a total count the server reports the page size."""
    count = total if q.enable_total_record_count else len(items)
    return {"Items": items, "TotalRecordCount": count, "StartIndex": q.start_index}


def params_of(pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> Params:
    """Params from a mapping or from (key, value) pairs."""
    return Params(pairs.items() if isinstance(pairs, Mapping) else pairs)
