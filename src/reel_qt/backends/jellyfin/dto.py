"""Typed shapes of the Jellyfin replies Reel reads, decoded straight from bytes by msgspec.

Only the fields Reel uses are declared; msgspec skips the rest without building them,
which is what makes decoding a 1,000-item page cheap. Names follow the server's
PascalCase through `rename="pascal"`; unknown fields are ignored. Every field is
optional because servers (and their plugins) leave out or null whatever they like.
None holds a reference cycle, so none is tracked by the garbage collector (`gc=False`).
"""

from __future__ import annotations

import msgspec


class PublicSystemInfo(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """`GET /System/Info/Public`: who the server is, before signing in."""

    server_name: str | None = None
    version: str | None = None
    id: str | None = None
    product_name: str | None = None
    local_address: str | None = None
    startup_wizard_completed: bool | None = None


class UserDto(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """The signed-in user."""

    id: str
    name: str | None = None
    server_id: str | None = None


class AuthenticationResult(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """`POST /Users/AuthenticateByName` and `.../AuthenticateWithQuickConnect`."""

    user: UserDto
    access_token: str
    server_id: str | None = None


class QuickConnectResult(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """A Quick Connect request: the code to show and the secret to poll with."""

    authenticated: bool = False
    secret: str
    code: str


class NameId(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """A studio or genre reference."""

    name: str | None = None
    id: str | None = None


class Person(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """A person credited on an item."""

    name: str | None = None
    id: str | None = None
    role: str | None = None
    type: str | None = None
    primary_image_tag: str | None = None


class MediaStream(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """An audio, video or subtitle stream of a media source."""

    type: str | None = None
    codec: str | None = None
    language: str | None = None
    display_title: str | None = None
    title: str | None = None
    index: int | None = None
    is_default: bool | None = None
    is_forced: bool | None = None
    is_external: bool | None = None
    channels: int | None = None
    width: int | None = None
    height: int | None = None
    video_range: str | None = None  # "SDR", "HDR"
    delivery_url: str | None = None


class MediaSource(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """One playable version of an item (a file, or a transcode the server offers)."""

    id: str | None = None
    path: str | None = None
    container: str | None = None
    size: int | None = None
    bitrate: int | None = None
    name: str | None = None
    supports_direct_play: bool | None = None
    supports_direct_stream: bool | None = None
    supports_transcoding: bool | None = None
    transcoding_url: str | None = None
    media_streams: list[MediaStream] | None = None


class UserItemData(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """The signed-in user's state of an item."""

    playback_position_ticks: int | None = None
    play_count: int | None = None
    is_favorite: bool | None = None
    played: bool | None = None
    last_played_date: str | None = None


class BaseItem(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """An item of a library listing: movie, series, season or episode."""

    id: str
    name: str | None = None
    type: str | None = None
    original_title: str | None = None
    sort_name: str | None = None
    overview: str | None = None
    production_year: int | None = None
    premiere_date: str | None = None
    date_created: str | None = None
    date_last_saved: str | None = None
    run_time_ticks: int | None = None
    community_rating: float | None = None
    official_rating: str | None = None
    genres: list[str] | None = None
    studios: list[NameId] | None = None
    people: list[Person] | None = None
    series_id: str | None = None
    season_id: str | None = None
    parent_id: str | None = None
    index_number: int | None = None
    index_number_end: int | None = None
    parent_index_number: int | None = None
    image_tags: dict[str, str] | None = None
    backdrop_image_tags: list[str] | None = None
    image_blur_hashes: dict[str, dict[str, str]] | None = None
    user_data: UserItemData | None = None
    media_streams: list[MediaStream] | None = None
    media_sources: list[MediaSource] | None = None
    path: str | None = None
    collection_type: str | None = None


class ItemsResult(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """A page of `GET /Items` or `GET /UserViews`."""

    items: list[BaseItem] = msgspec.field(default_factory=list)
    total_record_count: int | None = None
    start_index: int | None = None


class IdOnly(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """An item reduced to its id, for the cheap deletion pass."""

    id: str


class IdsResult(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """A page of ids only."""

    items: list[IdOnly] = msgspec.field(default_factory=list)
    total_record_count: int | None = None


class PlaybackInfoResponse(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """`POST /Items/{id}/PlaybackInfo`: the versions the server can play and how."""

    media_sources: list[MediaSource] = msgspec.field(default_factory=list)
    play_session_id: str | None = None
    error_code: str | None = None


class MediaSegment(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """An intro, outro, recap, preview or commercial span of an item, in ticks."""

    type: str | None = None
    start_ticks: int | None = None
    end_ticks: int | None = None


class MediaSegmentsResult(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """`GET /MediaSegments/{itemId}`."""

    items: list[MediaSegment] = msgspec.field(default_factory=list)


class DiscoveryReply(msgspec.Struct, rename="pascal", kw_only=True, gc=False):
    """A server's answer to the UDP `who is JellyfinServer?` broadcast."""

    address: str | None = None
    id: str | None = None
    name: str | None = None
    endpoint_address: str | None = None
