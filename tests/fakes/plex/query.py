"""The listing query behind GET /library/sections/{key}/all: Plex filters, sorts and paging.

Plex writes a filter's operator into the query *key*: `addedAt>>=1700000000` parses as key
`addedAt>>`, value `1700000000` ("is after"); `<<` is "is before". Clients that URL-encode a
`>=` (`updatedAt%3E%3D=1700000000`) send key `updatedAt>=`, and an unencoded `>=` arrives
as key `updatedAt>`: both mean "at or after". A `type.` prefix (`episode.addedAt>>`) names
the level the filter applies to. Sorted match lists are cached per library version.
"""

from __future__ import annotations

import operator
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.fakes.plex.model import EPISODE, SEASON, SHOW, Item, Library, View

_KEY = re.compile(r"(?:(movie|show|season|episode)\.)?([A-Za-z]+)(>>|<<|>=|<=|!=|>|<|!|=)?")
NUMERIC = frozenset({"addedAt", "updatedAt", "year", "lastViewedAt", "viewCount", "index",
                     "duration", "rating", "audienceRating"})  # fmt: skip
DATES = frozenset({"addedAt", "updatedAt", "lastViewedAt"})
USER_FIELDS = frozenset({"lastViewedAt", "viewCount", "unwatched"})
_RELATIVE = re.compile(r"-?(\d+)([mhdwy])")
_UNITS = {"m": 60, "h": 3600, "d": 86_400, "w": 604_800, "y": 31_536_000}


class BadRequest(ValueError):
    """A parameter PMS would answer 400 for."""


@dataclass(frozen=True)
class Filter:
    """One field test: `level.field op value`."""

    level: str | None
    field: str
    op: str  # == != > < >= <= contains !contains
    values: tuple[Any, ...]


def _number(field: str, text: str) -> float:
    text = text.strip()
    rel = _RELATIVE.fullmatch(text)
    if field in DATES and rel:  # "-30d": thirty days ago
        return time.time() - int(rel.group(1)) * _UNITS[rel.group(2)]
    if field in DATES and re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()
    try:
        return float(text)
    except ValueError:
        raise BadRequest(f"bad value {text!r} for {field}") from None


def parse_filters(pairs: list[tuple[str, str]]) -> tuple[Filter, ...]:
    """The recognised filters among the query pairs; other parameters are ignored."""
    found = []
    for key, value in pairs:
        m = _KEY.fullmatch(key)
        if m is None:
            continue
        level, field, suffix = m.group(1), m.group(2), m.group(3) or ""
        if field in NUMERIC:
            op = {"": "==", "=": "==", "!": "!=", "!=": "!=", ">>": ">", "<<": "<",
                  ">=": ">=", "<=": "<=", ">": ">=", "<": "<="}[suffix]  # fmt: skip
            found.append(
                Filter(level, field, op, tuple(_number(field, v) for v in value.split(",")))
            )
        elif field == "title":
            op = {"": "contains", "!": "!contains", "=": "==", "!=": "!=", "<": "startswith",
                  ">": "endswith"}.get(suffix, "contains")  # fmt: skip
            found.append(Filter(level, field, op, (value.lower(),)))
        elif field == "unwatched" and suffix == "":
            found.append(Filter(level, field, "==", (value not in ("0", "false"),)))
    return tuple(found)


def _level(lib: Library, item: Item, level: str | None) -> Item | None:
    if level is None or level == item.kind:
        return item
    if level == SHOW and item.kind == EPISODE:
        return lib.by_key.get(item.grandparent or 0)
    if (level == SHOW and item.kind == SEASON) or (level == SEASON and item.kind == EPISODE):
        return lib.by_key.get(item.parent or 0)
    return None


_FIELD_ATTRIBUTES = {"addedAt": "added_at", "updatedAt": "updated_at", "duration": "duration_ms",
                     "audienceRating": "audience_rating", "originallyAvailableAt": "available",
                     "titleSort": "title_sort", "ratingKey": "rating_key"}  # fmt: skip


def field_value(item: Item, field: str, views: dict[int, View]) -> Any:
    """The value of a filter or sort field for an item, as the user sees it."""
    if field in ("viewCount", "lastViewedAt", "unwatched"):
        view = views.get(item.rating_key)
        if field == "unwatched":
            return view is None or view.count == 0
        if field == "viewCount":
            return view.count if view else 0
        return view.last_viewed_at if view else None
    value = getattr(item, _FIELD_ATTRIBUTES.get(field, field))
    if field == "titleSort":
        return (value or item.title).lower()
    return value.lower() if field == "title" else value


def matches(lib: Library, item: Item, f: Filter, views: dict[int, View]) -> bool:
    """Whether an item passes one filter (an item lacking the field never does)."""
    target = _level(lib, item, f.level)
    if target is None:
        return True  # a filter on another level of the hierarchy does not apply here
    value = field_value(target, f.field, views)
    if f.op in ("contains", "!contains", "startswith", "endswith"):
        text, wanted = value or "", f.values[0]
        if f.op == "contains":
            return wanted in text
        if f.op == "!contains":
            return wanted not in text
        return text.startswith(wanted) if f.op == "startswith" else text.endswith(wanted)
    if value is None:
        return f.op == "!="
    if f.op == "==":
        return value in f.values
    if f.op == "!=":
        return value not in f.values
    bound = f.values[0]
    if f.op == ">":
        return bool(value > bound)
    if f.op == "<":
        return bool(value < bound)
    return bool(value >= bound) if f.op == ">=" else bool(value <= bound)


_ATTRIBUTES = {"addedAt": "added_at", "updatedAt": "updated_at", "year": "year",
               "duration": "duration_ms", "rating": "rating", "audienceRating": "audience_rating",
               "index": "index"}  # fmt: skip
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt, "<": operator.lt, ">=": operator.ge, "<=": operator.le,
}  # fmt: skip


def predicate(lib: Library, f: Filter, views: dict[int, View]) -> Callable[[Item], bool]:
    """`matches` for one filter as a function of the item alone, compiled for the range
    tests on an item's own numbers that listings run over whole libraries."""
    compare = _COMPARE.get(f.op)
    attribute = _ATTRIBUTES.get(f.field)
    if f.level is not None or compare is None or (attribute is None and f.field != "lastViewedAt"):
        return lambda item: matches(lib, item, f, views)
    bound = f.values[0]
    if attribute is None:  # lastViewedAt: the user's own

        def viewed(item: Item) -> bool:
            view = views.get(item.rating_key)
            value = view.last_viewed_at if view is not None else None
            return value is not None and compare(value, bound)

        return viewed
    get = operator.attrgetter(attribute)

    def test(item: Item) -> bool:
        value = get(item)
        return value is not None and compare(value, bound)

    return test


SORT_FIELDS = frozenset({"titleSort", "title", "addedAt", "updatedAt", "year", "rating",
                         "audienceRating", "duration", "originallyAvailableAt", "lastViewedAt",
                         "viewCount", "index", "ratingKey"})  # fmt: skip


def parse_sort(value: str | None) -> tuple[tuple[str, str], ...]:
    """`sort=addedAt:desc,titleSort` -> ((field, direction), ...); 400 for unknown fields."""
    if not value:
        return ()
    out = []
    for part in value.split(","):
        field, _, direction = part.strip().partition(":")
        field = field.split(".")[-1]  # "episode.addedAt" sorts by the episode's own field
        if field not in SORT_FIELDS or direction not in ("", "asc", "desc", "nullsLast"):
            raise BadRequest(f"unknown sort {part!r}")
        out.append((field, direction or "asc"))
    return tuple(out)


def _default_key(lib: Library) -> Callable[[Item], tuple[Any, ...]]:
    def title(item: Item | None) -> str:
        return (item.title_sort or item.title).lower() if item is not None else ""

    def key(item: Item) -> tuple[Any, ...]:
        if item.kind == SEASON:
            return (title(lib.by_key.get(item.parent or 0)), item.index or 0, item.rating_key)
        if item.kind == EPISODE:
            show = lib.by_key.get(item.grandparent or 0)
            return (title(show), item.parent_index or 0, item.index or 0, item.rating_key)
        return (title(item), item.rating_key)

    return key


def sort_items(lib: Library, items: list[Item], sort: tuple[tuple[str, str], ...],
               views: dict[int, View], *, in_default_order: bool = False,
               ) -> list[Item]:  # fmt: skip
    """Items in the default order, then stably re-sorted by each sort key, last key first."""
    if not in_default_order:
        items = sorted(items, key=_default_key(lib))
    for field, direction in reversed(sort):
        # Each item's value read once (a listing of 100,000 episodes sorts by addedAt).
        valued = [(field_value(i, field, views), i) for i in items]
        present = [pair for pair in valued if pair[0] is not None]
        missing = [i for value, i in valued if value is None]
        present.sort(key=operator.itemgetter(0), reverse=direction == "desc")
        ordered = [i for _, i in present]
        # Items without the value come first ascending, last descending or with nullsLast.
        items = missing + ordered if direction == "asc" else ordered + missing
    return items


class ListingCache:
    """Sorted match lists of recent listings; stale as soon as the library changes."""

    def __init__(self, size: int = 16) -> None:
        """Keep up to `size` listings."""
        self._size = size
        self._entries: OrderedDict[tuple[Any, ...], list[Item]] = OrderedDict()
        # Every candidate of a listing in the default order, per library version: sorting
        # 100,000 episodes by show, season and number is most of a listing's cost, and
        # each filter (a count, the viewed ones, the changed ones) would repeat it.
        self._ordered: dict[tuple[Any, ...], list[Item]] = {}
        # The same in each sort order asked for, so filters need not sort again.
        self._by_sort: dict[tuple[Any, ...], list[Item]] = {}

    def run(self, lib: Library, candidates: Callable[[], list[Item]], key: tuple[Any, ...],
            filters: tuple[Filter, ...], sort: tuple[tuple[str, str], ...], user_id: int,
            ) -> list[Item]:  # fmt: skip
        """Every match of a listing, sorted."""
        per_user = any(f.field in USER_FIELDS for f in filters) or any(
            field in USER_FIELDS for field, _ in sort
        )
        user_key = (user_id, lib.views_version) if per_user else None
        full_key = (lib.version, *key, filters, sort, user_key)
        found = self._entries.get(full_key)
        if found is None:
            views = lib.user_views(user_id)
            tests = [predicate(lib, f, views) for f in filters]
            # Stable sorts keep a subset's items in the order they have in the whole, so
            # filtering the sorted listing equals sorting the filtered one: each filter
            # (a count, the changed, the viewed) then costs a scan, not a sort.
            ordered = self._sorted(lib, candidates, key, sort, user_id)
            found = [i for i in ordered if all(test(i) for test in tests)] if tests else ordered
            self._entries[full_key] = found
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(full_key)
        return found

    def _sorted(self, lib: Library, candidates: Callable[[], list[Item]], key: tuple[Any, ...],
                sort: tuple[tuple[str, str], ...], user_id: int) -> list[Item]:  # fmt: skip
        """Every candidate of a listing in its sort order, per library version."""
        per_user = any(field in USER_FIELDS for field, _ in sort)
        sorted_key = (lib.version, *key, sort, (user_id, lib.views_version) if per_user else None)
        found = self._by_sort.get(sorted_key)
        if found is None:
            self._by_sort = {k: v for k, v in self._by_sort.items() if k[0] == lib.version}
            ordered = self._in_default_order(lib, candidates, key)
            views = lib.user_views(user_id)
            found = sort_items(lib, ordered, sort, views, in_default_order=True)
            self._by_sort[sorted_key] = found
        return found

    def _in_default_order(
        self, lib: Library, candidates: Callable[[], list[Item]], key: tuple[Any, ...]
    ) -> list[Item]:
        version_key = (lib.version, *key)
        found = self._ordered.get(version_key)
        if found is None:
            self._ordered = {k: v for k, v in self._ordered.items() if k[0] == lib.version}
            found = self._ordered[version_key] = sorted(candidates(), key=_default_key(lib))
        return found
