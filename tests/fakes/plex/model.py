"""The fake Plex Media Server's data: sections, items, people and each user's view state."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

MOVIE, SHOW, SEASON, EPISODE = "movie", "show", "season", "episode"
PLAYABLE = frozenset({MOVIE, EPISODE})
# /library/sections/{key}/all?type=N: the numbers PMS (and plexapi.utils.searchType) use.
TYPE_NUMBERS = {MOVIE: 1, SHOW: 2, SEASON: 3, EPISODE: 4}
TYPES_BY_NUMBER = {n: kind for kind, n in TYPE_NUMBERS.items()}
# Past this share of the duration a timeline report marks the item watched (PMS's default
# "Video played threshold" of 90 %).
WATCHED_PCT = 90
LIBRARY_IDENTIFIER = "com.plexapp.plugins.library"


@dataclass(slots=True)
class Section:
    """One library section (what `GET /library/sections` lists as a Directory)."""

    key: int
    type: str  # movie | show | artist
    title: str
    uuid: str
    agent: str
    scanner: str
    language: str
    location: str
    created_at: int
    updated_at: int
    scanned_at: int
    content_changed_at: int = 0


@dataclass(slots=True, eq=False)
class Person:
    """A person of the people pool; items refer to people by pool index."""

    id: int
    name: str
    thumb: str | None
    character: str


@dataclass(slots=True, eq=False)
class Item:
    """A movie, show, season or episode; optional attributes are None when PMS omits them."""

    kind: str
    rating_key: int
    ordinal: int  # running number within its kind
    bits: int  # per-item entropy the derived attributes (streams, markers) come from
    section: int
    title: str
    guid: str
    added_at: int  # epoch seconds, as PMS writes every date
    updated_at: int
    parent: int | None = None  # season of an episode, show of a season
    grandparent: int | None = None  # show of an episode
    index: int | None = None
    parent_index: int | None = None
    title_sort: str | None = None  # only when it differs from the title, as PMS writes it
    original_title: str | None = None
    summary: str | None = None
    tagline: str | None = None
    year: int | None = None
    available: str | None = None  # originallyAvailableAt, YYYY-MM-DD
    duration_ms: int | None = None
    rating: float | None = None
    audience_rating: float | None = None
    content_rating: str | None = None
    studio: str | None = None
    has_thumb: bool = True
    has_art: bool = True
    external_ids: tuple[str, ...] = ()  # the Guid elements: imdb://, tmdb://, tvdb://
    genres: tuple[int, ...] = ()
    countries: tuple[int, ...] = ()
    cast: tuple[int, ...] = ()
    directors: tuple[int, ...] = ()
    writers: tuple[int, ...] = ()
    producers: tuple[int, ...] = ()
    container: str | None = None
    bitrate_kbps: int | None = None
    size: int | None = None
    file: str | None = None

    @property
    def key(self) -> str:
        """The item's details path."""
        return f"/library/metadata/{self.rating_key}"

    @property
    def playable(self) -> bool:
        """Movies and episodes have media; shows and seasons are directories."""
        return self.kind in PLAYABLE


@dataclass(slots=True)
class View:
    """One user's state of one item: plays, resume offset (ms), last play (epoch s)."""

    count: int = 0
    offset_ms: int = 0
    last_viewed_at: int | None = None


@dataclass
class Library:
    """Every section and item of the fake server plus the indices its queries need."""

    seed: int
    machine_identifier: str
    sections: list[Section]
    movies: list[Item] = field(default_factory=list)
    shows: list[Item] = field(default_factory=list)
    seasons: list[Item] = field(default_factory=list)
    episodes: list[Item] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    genres: list[tuple[int, str]] = field(default_factory=list)  # (tag id, name)
    countries: list[tuple[int, str]] = field(default_factory=list)
    studios: list[str] = field(default_factory=list)
    by_key: dict[int, Item] = field(default_factory=dict)
    children: dict[int, list[Item]] = field(default_factory=dict)
    views: dict[int, dict[int, View]] = field(default_factory=dict)  # user id -> rating key
    next_rating_key: int = 1
    version: int = 0  # bumped by every mutation, so cached query results go stale
    views_version: int = 0  # bumped by every view state change (which leaves updatedAt be)

    def index(self, item: Item) -> None:
        """Register a new item in the key and parent indices and its kind's list."""
        self.by_key[item.rating_key] = item
        if item.parent is not None:
            self.children.setdefault(item.parent, []).append(item)
        self.kind_list(item.kind).append(item)

    def new_rating_key(self) -> int:
        """The next free rating key (PMS numbers every metadata item in one sequence)."""
        key = self.next_rating_key
        self.next_rating_key += 1
        return key

    @property
    def counts(self) -> dict[str, int]:
        """How many items of each kind: {"movie", "show", "season", "episode"}."""
        return {
            "movie": len(self.movies),
            "show": len(self.shows),
            "season": len(self.seasons),
            "episode": len(self.episodes),
        }

    def kind_list(self, kind: str) -> list[Item]:
        """The list holding every item of one kind."""
        return {MOVIE: self.movies, SHOW: self.shows, SEASON: self.seasons}.get(kind, self.episodes)

    def section(self, key: int) -> Section | None:
        """The section with that key, or None."""
        return next((s for s in self.sections if s.key == key), None)

    def section_of_type(self, kind: str) -> Section:
        """The first section of a type ("movie", "show", "artist")."""
        return next(s for s in self.sections if s.type == kind)

    def get(self, rating_key: int | str) -> Item | None:
        """The item with that rating key, or None."""
        try:
            return self.by_key.get(int(rating_key))
        except ValueError:
            return None

    def kids(self, rating_key: int) -> list[Item]:
        """Direct children: a show's seasons, a season's episodes."""
        return self.children.get(rating_key, [])

    def leaves(self, item: Item) -> Iterator[Item]:
        """The playable items at or below an item (an episode, a season's, a show's)."""
        if item.playable:
            yield item
            return
        for child in self.kids(item.rating_key):
            yield from self.leaves(child)

    def user_views(self, user_id: int) -> dict[int, View]:
        """One user's view states, by rating key (created empty on first use)."""
        return self.views.setdefault(user_id, {})

    def remove(self, items: Iterable[Item]) -> list[Item]:
        """Delete items and everything below them; returns all removed items."""
        doomed: dict[int, Item] = {}
        stack = list(items)
        while stack:
            item = stack.pop()
            doomed[item.rating_key] = item
            stack.extend(self.kids(item.rating_key))
        for key, item in doomed.items():
            del self.by_key[key]
            self.children.pop(key, None)
            if item.parent is not None and item.parent not in doomed:
                self.children[item.parent].remove(item)
            for views in self.views.values():
                views.pop(key, None)
        for kind in (MOVIE, SHOW, SEASON, EPISODE):
            kept = [i for i in self.kind_list(kind) if i.rating_key not in doomed]
            self.kind_list(kind)[:] = kept
        self.version += 1
        return list(doomed.values())
