"""Plain typed records that backends produce and repositories consume.

Backends turn server JSON/XML into these and nothing else; they never see ORM rows
or Qt objects. The records a sync makes by the hundred thousand hold no reference
cycles, so they are kept out of the cyclic garbage collector (`gc=False`): tracking them
made full collections walk every record of a big sync again and again. Times are
integer milliseconds since the Unix epoch (UTC).
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

import msgspec


class SourceType(StrEnum):
    """Where a source's media comes from."""

    JELLYFIN = "jellyfin"
    PLEX = "plex"
    LOCAL = "local"


class LibraryKind(StrEnum):
    """What a library holds."""

    MOVIES = "movies"
    SHOWS = "shows"
    MIXED = "mixed"
    UNSUPPORTED = "unsupported"  # listed so people see it, never synced (music, books...)


class ItemType(StrEnum):
    """The four kinds of media item, linked by parent ids."""

    MOVIE = "movie"
    SHOW = "show"
    SEASON = "season"
    EPISODE = "episode"


class CreditKind(StrEnum):
    """The part a person played in an item."""

    ACTOR = "actor"
    DIRECTOR = "director"
    WRITER = "writer"
    PRODUCER = "producer"
    GUEST = "guest"


class StreamType(StrEnum):
    """A media stream's kind."""

    VIDEO = "video"
    AUDIO = "audio"
    SUBTITLE = "subtitle"


class LibraryRecord(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A library (Jellyfin view, Plex section, local folder set) as the backend sees it."""

    remote_id: str
    name: str
    kind: LibraryKind


class PersonCredit(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One person credited on an item; remote_id defaults to the name where servers have none."""

    name: str
    kind: CreditKind
    role: str | None = None
    remote_id: str | None = None
    image_ref: str | None = None

    @property
    def key(self) -> str:
        """The identity of this person within a source."""
        return self.remote_id or self.name


class StreamRecord(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """An audio, video or subtitle track of an item."""

    index: int
    type: StreamType
    codec: str | None = None
    language: str | None = None
    title: str | None = None
    is_default: bool = False
    is_forced: bool = False
    is_external: bool = False
    channels: int | None = None
    width: int | None = None
    height: int | None = None
    location: str | None = None  # path or URL of an external track


class VersionRecord(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One of several versions of an item (a Jellyfin media source, a Plex media).

    `id` is what the source plays it by: Jellyfin's MediaSourceId, Plex's Media id.
    """

    id: str
    name: str | None = None  # the server's own name for it, when it has one
    width: int | None = None
    height: int | None = None
    codec: str | None = None  # the video codec
    hdr: bool = False
    bitrate: int | None = None  # bits per second
    size: int | None = None  # bytes


class UserState(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """The signed-in user's state of an item, as the server last reported it."""

    position_ms: int = 0
    watched: bool = False
    play_count: int = 0
    last_played_at: int | None = None
    favorite: bool = False


class MediaRecord(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A movie, show, season or episode; parents are named by their remote ids."""

    remote_id: str
    type: ItemType
    title: str
    sort_title: str | None = None
    original_title: str | None = None
    parent_remote_id: str | None = None
    show_remote_id: str | None = None
    season_number: int | None = None
    episode_number: int | None = None
    year: int | None = None
    duration_ms: int | None = None
    rating: float | None = None
    content_rating: str | None = None
    overview: str | None = None
    genres: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    premiere_date: str | None = None  # ISO date, as servers give it
    added_at: int | None = None
    updated_at: int | None = None
    poster_ref: str | None = None
    backdrop_ref: str | None = None
    thumb_ref: str | None = None
    poster_blurhash: str | None = None
    backdrop_blurhash: str | None = None
    location: str | None = None  # file path for local items
    people: tuple[PersonCredit, ...] = ()
    streams: tuple[StreamRecord, ...] = ()
    user: UserState | None = None
    #: The item's versions when the source offers several (empty for one version).
    versions: tuple[VersionRecord, ...] = ()
    #: Skippable spans and chapters when the source lists them with the item; None when it
    #: does not (the stored ones are kept), a tuple (even empty) replaces them.
    markers: tuple[MarkerRecord, ...] | None = None


class MarkerKind(StrEnum):
    """A span of an item the player can offer to skip."""

    INTRO = "intro"
    CREDITS = "credits"
    RECAP = "recap"
    PREVIEW = "preview"
    COMMERCIAL = "commercial"
    CHAPTER = "chapter"


class MarkerRecord(msgspec.Struct, frozen=True, kw_only=True):
    """An intro, credits, recap, preview or commercial span, or a chapter, in milliseconds."""

    kind: MarkerKind
    start_ms: int
    end_ms: int | None = None
    title: str | None = None


class ExternalSubtitle(msgspec.Struct, frozen=True, kw_only=True):
    """A subtitle track the player loads from its own URL."""

    index: int
    url: str
    language: str | None = None
    title: str | None = None
    codec: str | None = None


class PlaybackTarget(msgspec.Struct, frozen=True, kw_only=True):
    """What the player opens for an item: a URL, the headers it needs, and its extras.

    Secrets travel in `headers` (mpv's `http-header-fields`), never in `url`.
    """

    url: str
    headers: dict[str, str] = msgspec.field(default_factory=dict)
    transcoded: bool = False
    media_source_id: str | None = None
    play_session_id: str | None = None
    subtitles: tuple[ExternalSubtitle, ...] = ()


_DIGEST_ENCODER = msgspec.msgpack.Encoder()


def record_digest(record: MediaRecord) -> int:
    """A stable 64-bit digest of everything the record says (fields, people, streams, versions...).

    Stable across processes and runs (unlike `hash`), so the store can keep it and skip
    a record resent unchanged, and a worker process can compute it for the store.
    """
    # As a tuple the record's own field names are not encoded: 15% cheaper, as stable.
    digest = hashlib.sha256(_DIGEST_ENCODER.encode(msgspec.structs.astuple(record))).digest()
    return int.from_bytes(digest[:8], "little", signed=True)
