"""Typed shapes of the Plex Media Server and plex.tv replies Reel reads, decoded by msgspec.

PMS wraps everything in `{"MediaContainer": {...}}`; child lists keep the capitalised
element names of the XML (`Metadata`, `Media`, `Part`, `Stream`, `Role`...), scalars are
camelCase. Only the fields Reel uses are declared, and every field is optional: servers,
agents and plugins leave out whatever they like. Dates are epoch seconds.
"""

from __future__ import annotations

import msgspec

# -- PMS: the server ------------------------------------------------------------------------


class ServerContainer(msgspec.Struct, rename="camel", kw_only=True):
    """`GET /identity` and `GET /`: who the server is."""

    machine_identifier: str | None = None
    version: str | None = None
    friendly_name: str | None = None
    claimed: bool | None = None


class ServerReply(msgspec.Struct, kw_only=True):
    """The envelope of `/identity` and `/`."""

    container: ServerContainer = msgspec.field(name="MediaContainer")


# Keys are strings in PMS's JSON; some proxies and old versions send numbers instead.
Key = str | int


class Section(msgspec.Struct, rename="camel", kw_only=True):
    """A library section as `GET /library/sections` lists it."""

    key: Key | None = None
    type: str | None = None
    title: str | None = None
    uuid: str | None = None
    updated_at: int | None = None
    content_changed_at: int | None = None


class SectionsContainer(msgspec.Struct, kw_only=True):
    """The sections' container."""

    directory: list[Section] = msgspec.field(default_factory=list, name="Directory")


class SectionsReply(msgspec.Struct, kw_only=True):
    """`GET /library/sections`."""

    container: SectionsContainer = msgspec.field(name="MediaContainer")


# -- PMS: items -------------------------------------------------------------------------------


class Tag(msgspec.Struct, rename="camel", kw_only=True):
    """A Genre, Role, Director, Writer or Producer: `tag` is the name."""

    id: int | None = None
    tag: str | None = None
    role: str | None = None  # the character, for Role
    thumb: str | None = None


class Stream(msgspec.Struct, rename="camel", kw_only=True):
    """A video (1), audio (2) or subtitle (3) stream of a part; sidecars have a `key`."""

    id: int | None = None
    stream_type: int | None = None
    codec: str | None = None
    index: int | None = None
    language: str | None = None
    language_code: str | None = None
    title: str | None = None
    display_title: str | None = None
    default: bool | None = None
    forced: bool | None = None
    channels: int | None = None
    width: int | None = None
    height: int | None = None
    color_trc: str | None = None  # "smpte2084" (HDR10, Dolby Vision) or "arib-std-b67" (HLG)
    key: str | None = None
    format: str | None = None


class Part(msgspec.Struct, rename="camel", kw_only=True):
    """One file of a media version; `key` is its direct-play path."""

    id: int | None = None
    key: str | None = None
    duration: int | None = None
    file: str | None = None
    size: int | None = None
    container: str | None = None
    streams: list[Stream] | None = msgspec.field(default=None, name="Stream")


class Media(msgspec.Struct, rename="camel", kw_only=True):
    """One version of a video (a file, or several parts of one)."""

    id: int | None = None
    duration: int | None = None
    bitrate: int | None = None  # kilobits per second
    container: str | None = None
    video_resolution: str | None = None
    video_codec: str | None = None
    width: int | None = None
    height: int | None = None
    parts: list[Part] | None = msgspec.field(default=None, name="Part")


class Marker(msgspec.Struct, rename="camel", kw_only=True):
    """An intro, credits or commercial span in milliseconds (`includeMarkers=1`)."""

    id: int | None = None
    type: str | None = None
    start_time_offset: int | None = None
    end_time_offset: int | None = None
    final: bool | None = None


class Chapter(msgspec.Struct, rename="camel", kw_only=True):
    """A chapter in milliseconds (`includeChapters=1`)."""

    id: int | None = None
    index: int | None = None
    tag: str | None = None
    start_time_offset: int | None = None
    end_time_offset: int | None = None


class Metadata(msgspec.Struct, rename="camel", kw_only=True):
    """A movie, show, season or episode, as listings (partial) and details (full) give it."""

    rating_key: Key | None = None
    type: str | None = None
    title: str | None = None
    title_sort: str | None = None
    original_title: str | None = None
    summary: str | None = None
    year: int | None = None
    originally_available_at: str | None = None
    duration: int | None = None
    rating: float | None = None
    audience_rating: float | None = None
    content_rating: str | None = None
    studio: str | None = None
    thumb: str | None = None
    art: str | None = None
    parent_thumb: str | None = None
    grandparent_thumb: str | None = None
    grandparent_art: str | None = None
    added_at: int | None = None
    updated_at: int | None = None
    last_viewed_at: int | None = None
    view_count: int | None = None
    view_offset: int | None = None
    leaf_count: int | None = None
    viewed_leaf_count: int | None = None
    index: int | None = None
    parent_index: int | None = None
    parent_rating_key: Key | None = None
    grandparent_rating_key: Key | None = None
    media: list[Media] | None = msgspec.field(default=None, name="Media")
    genres: list[Tag] | None = msgspec.field(default=None, name="Genre")
    roles: list[Tag] | None = msgspec.field(default=None, name="Role")
    directors: list[Tag] | None = msgspec.field(default=None, name="Director")
    writers: list[Tag] | None = msgspec.field(default=None, name="Writer")
    producers: list[Tag] | None = msgspec.field(default=None, name="Producer")
    markers: list[Marker] | None = msgspec.field(default=None, name="Marker")
    chapters: list[Chapter] | None = msgspec.field(default=None, name="Chapter")


class MetadataContainer(msgspec.Struct, rename="camel", kw_only=True):
    """A page of items; `totalSize` and `offset` only when paging was asked for."""

    size: int | None = None
    total_size: int | None = None
    offset: int | None = None
    metadata: list[Metadata] = msgspec.field(default_factory=list, name="Metadata")


class MetadataReply(msgspec.Struct, kw_only=True):
    """`GET /library/sections/{key}/all` and `GET /library/metadata/{keys}`."""

    container: MetadataContainer = msgspec.field(name="MediaContainer")


class KeyOnly(msgspec.Struct, rename="camel", kw_only=True):
    """An item reduced to its key and lineage, for the cheap passes (ids, viewed keys)."""

    rating_key: Key | None = None
    parent_rating_key: Key | None = None
    grandparent_rating_key: Key | None = None


class KeysContainer(msgspec.Struct, rename="camel", kw_only=True):
    """A page of keys."""

    size: int | None = None
    total_size: int | None = None
    metadata: list[KeyOnly] = msgspec.field(default_factory=list, name="Metadata")


class KeysReply(msgspec.Struct, kw_only=True):
    """A listing decoded for its keys only (msgspec skips everything else unbuilt)."""

    container: KeysContainer = msgspec.field(name="MediaContainer")


# -- plex.tv ------------------------------------------------------------------------------------


class Pin(msgspec.Struct, rename="camel", kw_only=True):
    """`POST /api/v2/pins` and `GET /api/v2/pins/{id}`: the code and, once linked, a token."""

    id: int
    code: str
    auth_token: str | None = None
    expires_in: int | None = None
    expires_at: str | None = None


class Connection(msgspec.Struct, rename="camel", kw_only=True):
    """One way to reach a server, as resources lists it."""

    uri: str | None = None
    protocol: str | None = None
    address: str | None = None
    port: int | None = None
    local: bool = False
    relay: bool = False
    ipv6: bool = msgspec.field(default=False, name="IPv6")


class Resource(msgspec.Struct, rename="camel", kw_only=True):
    """A device of the account; servers provide "server" and carry their own token."""

    name: str | None = None
    product: str | None = None
    product_version: str | None = None
    client_identifier: str | None = None
    provides: str | None = None
    owned: bool = False
    home: bool = False
    presence: bool | None = None
    source_title: str | None = None
    access_token: str | None = None
    connections: list[Connection] = msgspec.field(default_factory=list)


class HomeUser(msgspec.Struct, rename="camel", kw_only=True):
    """A member of the Plex Home; `protected` ones need their PIN to switch to."""

    id: int
    uuid: str | None = None
    title: str | None = None
    username: str | None = None
    admin: bool = False
    restricted: bool = False
    protected: bool = False
    guest: bool = False


class Home(msgspec.Struct, kw_only=True):
    """`GET /api/v2/home/users`."""

    users: list[HomeUser] = msgspec.field(default_factory=list)


class Account(msgspec.Struct, rename="camel", kw_only=True):
    """`GET /api/v2/user` and the answer to a home user switch."""

    id: int
    uuid: str | None = None
    username: str | None = None
    title: str | None = None
    auth_token: str | None = None


class TvError(msgspec.Struct, kw_only=True):
    """One entry of plex.tv's error body."""

    code: int | None = None
    message: str | None = None
    status: int | None = None


class TvErrors(msgspec.Struct, kw_only=True):
    """plex.tv's error body: `{"errors": [...]}`."""

    errors: list[TvError] = msgspec.field(default_factory=list)
