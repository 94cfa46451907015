"""Read models the store returns: plain frozen dataclasses, safe to hand across threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source with what the sidebar and `reel source list` show."""

    id: int
    type: str
    name: str
    url: str | None
    config: dict[str, Any]
    credential_ref: str | None
    online: bool
    needs_sign_in: bool
    last_sync_at: int | None
    last_error: str | None
    item_count: int


@dataclass(frozen=True, slots=True)
class LibraryView:
    """A library with its item count."""

    id: int
    source_id: int
    remote_id: str
    name: str
    kind: str
    item_count: int


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One line of a listing: the fields `reel ls` prints and grids show."""

    id: int
    source_id: int
    library_id: int
    type: str
    title: str
    year: int | None
    parent_id: int | None
    season_number: int | None
    episode_number: int | None
    duration_ms: int | None
    watched: bool
    position_ms: int


@dataclass(frozen=True, slots=True)
class CreditView:
    """A person's credit on an item."""

    person_id: int
    name: str
    kind: str
    role: str | None
    image_ref: str | None


@dataclass(frozen=True, slots=True)
class StreamView:
    """An audio, video or subtitle track."""

    index: int
    type: str
    codec: str | None
    language: str | None
    title: str | None
    is_default: bool
    is_forced: bool
    is_external: bool
    channels: int | None
    width: int | None
    height: int | None
    location: str | None


@dataclass(frozen=True, slots=True)
class VersionView:
    """One of an item's versions: what the source plays it by, and what it is."""

    id: str
    name: str | None
    width: int | None
    height: int | None
    codec: str | None
    hdr: bool
    bitrate: int | None
    size: int | None


@dataclass(frozen=True, slots=True)
class ProgressView:
    """The user's watched state and resume point for an item."""

    position_ms: int
    duration_ms: int | None
    watched: bool
    play_count: int
    favorite: bool
    last_played_at: int | None
    updated_at: int
    dirty: bool


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """Everything known about one item."""

    id: int
    source_id: int
    library_id: int
    remote_id: str
    type: str
    parent_id: int | None
    show_id: int | None
    title: str
    sort_title: str
    original_title: str | None
    season_number: int | None
    episode_number: int | None
    year: int | None
    duration_ms: int | None
    rating: float | None
    content_rating: str | None
    overview: str | None
    genres: tuple[str, ...]
    studios: tuple[str, ...]
    premiere_date: str | None
    added_at: int | None
    updated_at: int | None
    poster_ref: str | None
    backdrop_ref: str | None
    thumb_ref: str | None
    poster_blurhash: str | None
    backdrop_blurhash: str | None
    location: str | None
    available: bool
    synced_at: int
    progress: ProgressView | None
    credits: tuple[CreditView, ...] = field(default=())
    streams: tuple[StreamView, ...] = field(default=())
    versions: tuple[VersionView, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result, best first."""

    id: int
    source_id: int
    type: str
    title: str
    year: int | None
    parent_id: int | None
    rank: float


@dataclass(frozen=True, slots=True)
class SyncStateView:
    """Where one library's sync stands."""

    library_id: int
    cursor: str | None
    items_done: int
    items_total: int | None
    last_full_sync_at: int | None
    last_incremental_sync_at: int | None
    last_error: str | None
    last_error_at: int | None


@dataclass(frozen=True, slots=True)
class PosterRow:
    """An item as grids, lists and home rows draw it: artwork, badges and a few facts."""

    id: int
    source_id: int
    type: str
    title: str
    year: int | None
    rating: float | None
    duration_ms: int | None
    poster_ref: str | None
    poster_blurhash: str | None
    thumb_ref: str | None
    show_title: str | None  # episodes: their show's title
    season_number: int | None
    episode_number: int | None
    watched: bool
    position_ms: int
    overview: str | None = None  # filled only where a page shows it (episode lists)
