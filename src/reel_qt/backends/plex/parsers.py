"""Pure functions from Plex replies to Reel's records: every PMS quirk lives here.

No I/O. Bodies are decoded straight from bytes into the typed shapes of `dto`; a body
that is XML (a server or proxy that ignored `Accept: application/json`), HTML (an error
page) or broken JSON raises `InvalidResponseError` with words a person can act on.
"""

from __future__ import annotations

from typing import TypeVar

import msgspec

from reel_qt.backends import decoding
from reel_qt.backends.page_parsing import ParsedPage
from reel_qt.backends.plex import dto
from reel_qt.core.errors import InvalidResponseError
from reel_qt.core.records import (
    CreditKind,
    ItemType,
    LibraryKind,
    LibraryRecord,
    MarkerKind,
    MarkerRecord,
    MediaRecord,
    PersonCredit,
    StreamRecord,
    StreamType,
    UserState,
    VersionRecord,
)

ITEM_TYPES = {
    "movie": ItemType.MOVIE,
    "show": ItemType.SHOW,
    "season": ItemType.SEASON,
    "episode": ItemType.EPISODE,
}
# /library/sections/{key}/all?type=N
TYPE_NUMBERS = {ItemType.MOVIE: 1, ItemType.SHOW: 2, ItemType.SEASON: 3, ItemType.EPISODE: 4}
LIBRARY_KINDS = {"movie": LibraryKind.MOVIES, "show": LibraryKind.SHOWS}
_STREAM_TYPES = {1: StreamType.VIDEO, 2: StreamType.AUDIO, 3: StreamType.SUBTITLE}
_MARKER_KINDS = {
    "intro": MarkerKind.INTRO,
    "credits": MarkerKind.CREDITS,
    "commercial": MarkerKind.COMMERCIAL,
}
_PLAYABLE = (ItemType.MOVIE, ItemType.EPISODE)
_MAX_MS = 1_000 * 86_400 * 365 * 100  # a century: anything longer is garbage

T = TypeVar("T")


def decode(body: bytes, shape: type[T], what: str) -> T:
    """Decode a Plex reply into its typed shape.

    Not strict: numbers sent as strings ("12") get through, which PMS versions and
    plugins send now and then.

    Raises:
        InvalidResponseError: the body is not JSON (XML, a web page) or not the shape.
    """
    return decoding.decode(body, shape, what, server="Plex Media Server", strict=False)


def key(value: str | int | None) -> str | None:
    """A rating or section key as text; None when missing or empty."""
    if value is None or value == "":
        return None
    return str(value)


def epoch_ms(seconds: int | None) -> int | None:
    """PMS's epoch seconds as epoch milliseconds; None for missing or nonsense values."""
    if seconds is None or seconds <= 0 or seconds > _MAX_MS // 1000:
        return None
    return seconds * 1000


def _ms(value: int | None) -> int | None:
    return value if value is not None and 0 <= value <= _MAX_MS else None


def library(section: dto.Section) -> LibraryRecord | None:
    """A section as a library; kinds Reel cannot show yet are marked unsupported."""
    remote_id = key(section.key)
    if remote_id is None:
        return None
    kind = LIBRARY_KINDS.get((section.type or "").lower(), LibraryKind.UNSUPPORTED)
    return LibraryRecord(remote_id=remote_id, name=section.title or "Untitled library", kind=kind)


def sections(body: bytes) -> list[dto.Section]:
    """Every section of `GET /library/sections`."""
    return decode(body, dto.SectionsReply, "the list of libraries").container.directory


def libraries(body: bytes) -> list[LibraryRecord]:
    """Every section of `GET /library/sections` as a library."""
    return [record for s in sections(body) if (record := library(s)) is not None]


def _credits(tags: list[dto.Tag] | None, kind: CreditKind) -> list[PersonCredit]:
    found = []
    for tag in tags or ():
        if not tag.tag:
            continue
        found.append(
            PersonCredit(
                name=tag.tag,
                kind=kind,
                role=(tag.role or None) if kind is CreditKind.ACTOR else None,
                remote_id=str(tag.id) if tag.id is not None else None,
                image_ref=tag.thumb or None,
            )
        )
    return found


def people(item: dto.Metadata) -> tuple[PersonCredit, ...]:
    """Cast (with role names), directors, writers and producers, in the server's order."""
    return (
        *_credits(item.roles, CreditKind.ACTOR),
        *_credits(item.directors, CreditKind.DIRECTOR),
        *_credits(item.writers, CreditKind.WRITER),
        *_credits(item.producers, CreditKind.PRODUCER),
    )


def first_part(item: dto.Metadata) -> dto.Part | None:
    """The first part of the first version: what Reel plays and describes."""
    for version in item.media or ():
        for part in version.parts or ():
            return part
    return None


def streams(part: dto.Part | None) -> tuple[StreamRecord, ...]:
    """Video, audio and subtitle streams of a part; sidecar subtitles are external."""
    if part is None or not part.streams:
        return ()
    used = {s.index for s in part.streams if s.index is not None}
    result = []
    for position, stream in enumerate(part.streams):
        kind = _STREAM_TYPES.get(stream.stream_type or 0)
        if kind is None:
            continue
        index = stream.index
        if index is None:
            # Sidecar files have no index in the container; give them one no embedded
            # stream uses, so the pair (item, index) stays unique.
            index = position
            while index in used:
                index += 1
            used.add(index)
        external = bool(stream.key) and stream.index is None
        result.append(
            StreamRecord(
                index=index,
                type=kind,
                codec=stream.codec,
                language=stream.language_code or stream.language,
                title=stream.display_title or stream.title,
                is_default=bool(stream.default),
                is_forced=bool(stream.forced),
                is_external=external,
                channels=stream.channels,
                width=stream.width,
                height=stream.height,
                location=stream.key if external else None,
            )
        )
    return tuple(result)


_HDR_TRANSFERS = frozenset({"smpte2084", "arib-std-b67"})


def versions(item: dto.Metadata) -> tuple[VersionRecord, ...]:
    """The item's versions when it has several Media (none for a single one)."""
    found = []
    for version in item.media or ():
        if version.id is None:
            continue
        parts = version.parts or []
        video = next((s for p in parts[:1] for s in p.streams or () if s.stream_type == 1), None)
        sizes = [p.size for p in parts if p.size is not None]
        found.append(
            VersionRecord(
                id=str(version.id),
                width=version.width,
                height=version.height,
                codec=version.video_codec,
                hdr=bool(video and (video.color_trc or "").lower() in _HDR_TRANSFERS),
                bitrate=version.bitrate * 1000 if version.bitrate else None,
                size=sum(sizes) if sizes else None,
            )
        )
    return tuple(found) if len(found) > 1 else ()


def user_state(item: dto.Metadata, item_type: ItemType) -> UserState:
    """The signed-in user's state: plays and resume point, or for shows and seasons,
    whether every episode below was watched."""
    count = max(0, item.view_count or 0)
    if item_type in (ItemType.SHOW, ItemType.SEASON):
        leaves = item.leaf_count or 0
        watched = leaves > 0 and (item.viewed_leaf_count or 0) >= leaves
        return UserState(
            watched=watched, play_count=count, last_played_at=epoch_ms(item.last_viewed_at)
        )
    return UserState(
        position_ms=_ms(item.view_offset) or 0,
        watched=count > 0,
        play_count=count,
        last_played_at=epoch_ms(item.last_viewed_at),
    )


def media(item: dto.Metadata, *, with_markers: bool = False) -> MediaRecord | None:
    """A movie, show, season or episode as a record; None for anything else.

    `with_markers` says the answer was asked for markers and chapters
    (`includeMarkers=1&includeChapters=1`): then a movie's or an episode's record carries
    them (none found is an empty tuple); otherwise its stored ones are kept.
    """
    item_type = ITEM_TYPES.get(item.type or "")
    remote_id = key(item.rating_key)
    if item_type is None or remote_id is None:
        return None
    parent = show = season_number = episode_number = None
    poster, backdrop, thumb = item.thumb, item.art, None
    if item_type is ItemType.SEASON:
        parent = show = key(item.parent_rating_key)
        season_number = item.index
    elif item_type is ItemType.EPISODE:
        show = key(item.grandparent_rating_key)
        parent = key(item.parent_rating_key) or show
        season_number = item.parent_index
        episode_number = item.index
        thumb = item.thumb
        backdrop = item.art or item.grandparent_art
    rating = item.audience_rating if item.audience_rating is not None else item.rating
    available = item.originally_available_at
    return MediaRecord(
        remote_id=remote_id,
        type=item_type,
        title=item.title or "Untitled",
        sort_title=item.title_sort or None,
        original_title=item.original_title
        if item.original_title and item.original_title != item.title
        else None,
        parent_remote_id=parent,
        show_remote_id=show,
        season_number=season_number,
        episode_number=episode_number,
        year=item.year,
        duration_ms=_ms(item.duration) or None,
        rating=rating if rating is not None and 0 <= rating <= 10 else None,
        content_rating=item.content_rating or None,
        overview=item.summary or None,
        genres=tuple(g.tag for g in item.genres or () if g.tag),
        studios=(item.studio,) if item.studio else (),
        premiere_date=available[:10] if available else None,
        added_at=epoch_ms(item.added_at),
        updated_at=epoch_ms(item.updated_at),
        poster_ref=poster or None,
        backdrop_ref=backdrop or None,
        thumb_ref=thumb or None,
        people=people(item),
        streams=streams(first_part(item)),
        user=user_state(item, item_type),
        versions=versions(item),
        markers=tuple(markers(item)) if with_markers and item_type in _PLAYABLE else None,
    )


def media_page(body: bytes, what: str, *, with_markers: bool = False) -> list[MediaRecord]:
    """The records of a details answer (other item types dropped); see `media`."""
    reply = decode(body, dto.MetadataReply, what)
    return [
        record
        for item in reply.container.metadata
        if (record := media(item, with_markers=with_markers)) is not None
    ]


def details_page(body: bytes, what: str) -> ParsedPage:
    """A details answer asked with markers and chapters, as a parsed page (records
    prepared for the store; for the page parsing process)."""
    records = media_page(body, what, with_markers=True)
    return ParsedPage.of(records, len(records), None)


class Keys(msgspec.Struct, frozen=True):
    """An item's rating key and those of its season and show (for episodes)."""

    rating_key: str
    parent: str | None = None
    grandparent: str | None = None


def keys_page(body: bytes, what: str) -> tuple[list[Keys], int, int | None]:
    """A listing read for its keys only: the keyed items, how many the server sent, and
    its total."""
    reply = decode(body, dto.KeysReply, what)
    sent = reply.container.metadata
    found = [
        Keys(rating, key(k.parent_rating_key), key(k.grandparent_rating_key))
        for k in sent
        if (rating := key(k.rating_key)) is not None
    ]
    return found, len(sent), reply.container.total_size


def total_size(body: bytes, what: str) -> int:
    """The `totalSize` of a listing asked for with a page size of 0."""
    container = decode(body, dto.KeysReply, what).container
    if container.total_size is None:
        raise InvalidResponseError(f"The server did not say how many items {what} holds.")
    return container.total_size


def markers(item: dto.Metadata) -> list[MarkerRecord]:
    """Intro, credits and commercial markers and the chapters of an item, in playback order."""
    found = []
    for marker in item.markers or ():
        kind = _MARKER_KINDS.get((marker.type or "").lower())
        start, end = _ms(marker.start_time_offset), _ms(marker.end_time_offset)
        if kind is not None and start is not None and end is not None and start < end:
            found.append(MarkerRecord(kind=kind, start_ms=start, end_ms=end))
    for chapter in item.chapters or ():
        start, end = _ms(chapter.start_time_offset), _ms(chapter.end_time_offset)
        if start is None:
            continue
        found.append(
            MarkerRecord(
                kind=MarkerKind.CHAPTER,
                start_ms=start,
                end_ms=end if end is not None and end > start else None,
                title=chapter.tag or None,
            )
        )
    return sorted(found, key=lambda m: (m.start_ms, m.kind is not MarkerKind.CHAPTER))


def server(body: bytes, what: str) -> dto.ServerContainer:
    """The server description of `/identity` or `/`."""
    return decode(body, dto.ServerReply, what).container
