"""The fake server's data: items, people, the indices queries use, and the mutations tests make."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

TICKS_PER_SECOND = 10_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

MOVIE, SERIES, SEASON, EPISODE, FOLDER = "Movie", "Series", "Season", "Episode", "CollectionFolder"
PLAYABLE = frozenset({MOVIE, EPISODE})
# "played past this share of the runtime" marks an item played, below the min share the
# position is dropped: the real server's MaxResumePct / MinResumePct defaults.
MAX_RESUME_PCT, MIN_RESUME_PCT = 90, 5


def to_us(value: datetime) -> int:
    """Microseconds since the Unix epoch (naive datetimes are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - EPOCH) // timedelta(microseconds=1)


def format_date(us: int) -> str:
    """A date the way Jellyfin writes it: .NET round-trip format, 7 fraction digits, `Z`."""
    seconds, fraction = divmod(us, 1_000_000)
    # time.gmtime + strftime is twice as fast as datetime arithmetic, which matters here.
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{fraction:06d}0Z"


def parse_date(text: str) -> int:
    """Parse an ISO-8601 date-time from a query string into microseconds (UTC if no zone)."""
    text = text.strip().replace(" ", "+")  # a `+` in an unencoded query arrives as a space
    # .NET writes 7 fraction digits; Python's parser wants at most 6.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    return to_us(datetime.fromisoformat(text))


_SORT_REMOVE = str.maketrans({c: None for c in ",&-{}'"} | {c: " " for c in ".+%"})


def sort_name(
    kind: str, name: str, index: int | None = None, parent_index: int | None = None
) -> str:
    """The SortName the real server derives from a name (and, for seasons/episodes, numbers)."""
    if kind == EPISODE:
        # Episode.CreateSortName: "PPP - IIII - Name", so the default order is the aired one.
        prefix = f"{parent_index:03d} - " if parent_index is not None else ""
        number = f"{index:04d} - " if index is not None else ""
        return f"{prefix}{number}{name}"
    if kind == SEASON and index is not None:
        return f"{index:04d}"
    text = name.lower()
    for article in ("the ", "a ", "an "):
        if text.startswith(article):
            text = text[len(article) :]
            break
    text = " ".join(text.translate(_SORT_REMOVE).split())
    # ModifySortChunks: numbers are zero-padded so "chapter 2" sorts before "chapter 10".
    return re.sub(r"\d+", lambda m: m.group().zfill(10), text)


@dataclass(slots=True, eq=False)
class Person:
    """One entry of the people pool; items refer to people by their index in the pool."""

    id: str
    name: str
    kind: str  # PersonKind: Actor | Director | Writer
    role: str | None
    image_tag: str | None


@dataclass(slots=True, eq=False)
class Item:
    """A library item; optional attributes are None when the item has no such data."""

    kind: str
    ordinal: int  # running number within its kind: with kind it identifies the item
    id: str
    bits: int  # per-item entropy the derived attributes (streams, segments, hashes) come from
    name: str
    sort_name: str
    library_id: str
    parent_id: str
    original_title: str | None = None
    overview: str | None = None
    series_id: str | None = None
    season_id: str | None = None
    index_number: int | None = None
    index_number_end: int | None = None
    parent_index_number: int | None = None
    year: int | None = None
    premiere_us: int | None = None
    runtime_ticks: int | None = None
    community_rating: float | None = None
    official_rating: str | None = None
    status: str | None = None
    collection_type: str | None = None
    genres: tuple[str, ...] = ()
    studios: tuple[int, ...] = ()
    people: tuple[int, ...] = ()
    has_primary: bool = True
    has_thumb: bool = False
    backdrops: int = 0
    image_version: int = 0
    date_created_us: int = 0
    date_saved_us: int = 0
    container: str | None = None
    bitrate: int | None = None
    size: int | None = None
    path: str | None = None
    # User data of the one user (the fake has a single account).
    played: bool = False
    play_count: int = 0
    position_ticks: int = 0
    favorite: bool = False
    last_played_us: int | None = None
    user_saved_us: int = 0

    @property
    def is_folder(self) -> bool:
        """Series, seasons and libraries are folders; movies and episodes are videos."""
        return self.kind not in PLAYABLE

    @property
    def runtime_seconds(self) -> float:
        """The runtime in seconds (0 when unknown)."""
        return (self.runtime_ticks or 0) / TICKS_PER_SECOND


@dataclass
class Library:
    """Every item of the fake server plus the indices its queries need."""

    seed: int
    server_id: str
    user_id: str
    views: list[Item]
    movies: list[Item] = field(default_factory=list)
    series: list[Item] = field(default_factory=list)
    seasons: list[Item] = field(default_factory=list)
    episodes: list[Item] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    person_index: dict[str, Person] = field(default_factory=dict)
    # JSON of shared sub-objects (people, studios, genres), encoded once: see dto.py.
    encoded: dict[tuple[str, Any], Any] = field(default_factory=dict)
    genre_ids: dict[str, str] = field(default_factory=dict)
    studios: list[tuple[str, str]] = field(default_factory=list)  # (name, id)
    by_id: dict[str, Item] = field(default_factory=dict)
    children: dict[str, list[Item]] = field(default_factory=dict)
    version: int = 0  # bumped by every mutation, so cached query results go stale

    def index(self, item: Item) -> None:
        """Register a new item in the id and parent indices (not in the per-kind lists)."""
        self.by_id[item.id] = item
        self.children.setdefault(item.parent_id, []).append(item)

    @property
    def counts(self) -> dict[str, int]:
        """How many items of each kind: {"movie", "show", "season", "episode"}."""
        return {
            "movie": len(self.movies),
            "show": len(self.series),
            "season": len(self.seasons),
            "episode": len(self.episodes),
        }

    def view(self, collection_type: str) -> Item:
        """The library folder of a collection type ("movies", "tvshows", "music")."""
        return next(v for v in self.views if v.collection_type == collection_type)

    def get(self, item_id: str) -> Item | None:
        """The item with that id (dashed or 32-hex, any case), or None."""
        return self.by_id.get(item_id.replace("-", "").lower())

    def kids(self, item_id: str) -> list[Item]:
        """Direct children: a library's movies or series, a series' seasons, a season's episodes."""
        return self.children.get(item_id, [])

    def series_episodes(self, series: Item) -> Iterator[Item]:
        """Every episode of a series, season by season."""
        for season in self.kids(series.id):
            yield from self.kids(season.id)

    def descendants(self, item: Item) -> Iterator[Item]:
        """Every item below a folder, depth first."""
        for child in self.kids(item.id):
            yield child
            yield from self.descendants(child)

    def kind_list(self, kind: str) -> list[Item]:
        """The list holding every item of one kind."""
        return {MOVIE: self.movies, SERIES: self.series, SEASON: self.seasons}.get(
            kind, self.episodes
        )

    def remove(self, items: Iterable[Item]) -> list[Item]:
        """Delete items and everything below them; returns all removed items."""
        doomed: dict[str, Item] = {}
        for item in items:
            doomed[item.id] = item
            for below in self.descendants(item):
                doomed[below.id] = below
        for item_id, item in doomed.items():
            del self.by_id[item_id]
            self.children.pop(item_id, None)
            siblings = self.children.get(item.parent_id)
            if siblings is not None:
                siblings.remove(item)
        for kind in (MOVIE, SERIES, SEASON, EPISODE):
            kept = [i for i in self.kind_list(kind) if i.id not in doomed]
            self.kind_list(kind)[:] = kept
        self.version += 1
        return list(doomed.values())

    def unplayed_count(self, folder: Item) -> tuple[int, int]:
        """(unplayed episodes, all episodes) below a series or season."""
        episodes = self.kids(folder.id) if folder.kind == SEASON else self.series_episodes(folder)
        total = unplayed = 0
        for episode in episodes:
            total += 1
            unplayed += not episode.played
        return unplayed, total

    def mark_played(
        self, item: Item, played: bool, now_us: int, when_us: int | None = None
    ) -> None:
        """Mark a video (or every episode below a folder) played or unplayed.

        As BaseItem.MarkPlayed / MarkUnplayed: marking played counts a play only when a date
        is given (the count is at least 1 afterwards); unplayed resets count and date.
        """
        targets = (
            [item]
            if item.kind in PLAYABLE
            else [i for i in self.descendants(item) if i.kind in PLAYABLE]
        )
        for target in targets:
            if played:
                target.play_count = max(1, target.play_count + (when_us is not None))
                target.last_played_us = when_us or target.last_played_us or now_us
                target.played = True
            else:
                target.played, target.play_count, target.last_played_us = False, 0, None
            target.position_ticks = 0
            target.user_saved_us = now_us
        item.user_saved_us = now_us
        self.version += 1

    def start_playback(self, item: Item, now_us: int) -> None:
        """Playback started: the real server counts the play now and clears Played until
        the end is reached (SessionManager.OnPlaybackStart)."""
        item.play_count += 1
        item.last_played_us = now_us
        item.played = False
        item.user_saved_us = now_us
        self.version += 1

    def report_position(self, item: Item, position_ticks: int | None, now_us: int) -> None:
        """Playback stopped at a position: UserDataManager.UpdatePlayState's rules."""
        runtime = item.runtime_ticks or 0
        if position_ticks is None:
            # A client that reports no position is assumed to have watched it all.
            item.play_count += 1
            item.played, item.position_ticks = True, 0
        elif runtime and position_ticks >= runtime * MAX_RESUME_PCT // 100:
            item.played, item.position_ticks = True, 0
        elif runtime and position_ticks < runtime * MIN_RESUME_PCT // 100:
            item.position_ticks = 0
        else:
            item.position_ticks = position_ticks
        item.last_played_us = now_us
        item.user_saved_us = now_us
        self.version += 1

    def save_progress(self, item: Item, position_ticks: int, now_us: int) -> None:
        """A progress report: the position is stored as it comes, nothing is marked played."""
        item.position_ticks = max(0, position_ticks)
        item.user_saved_us = now_us
        self.version += 1
