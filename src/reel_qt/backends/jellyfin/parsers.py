"""Pure functions from Jellyfin replies to Reel's records: every server quirk lives here.

No I/O. Decoding goes straight from bytes to the typed shapes in `dto`; a reply that is
not valid JSON, or not the shape Jellyfin documents, raises `InvalidResponseError`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from reel_qt.backends import decoding
from reel_qt.backends.jellyfin import dto
from reel_qt.backends.page_parsing import ParsedPage
from reel_qt.core.records import (
    CreditKind,
    ItemType,
    LibraryKind,
    LibraryRecord,
    MediaRecord,
    PersonCredit,
    StreamRecord,
    StreamType,
    UserState,
    VersionRecord,
)

TICKS_PER_MS = 10_000

ITEM_TYPES = {
    "Movie": ItemType.MOVIE,
    "Series": ItemType.SHOW,
    "Season": ItemType.SEASON,
    "Episode": ItemType.EPISODE,
}
LIBRARY_KINDS = {"movies": LibraryKind.MOVIES, "tvshows": LibraryKind.SHOWS}
_CREDIT_KINDS = {
    "Actor": CreditKind.ACTOR,
    "GuestStar": CreditKind.GUEST,
    "Director": CreditKind.DIRECTOR,
    "Writer": CreditKind.WRITER,
    "Producer": CreditKind.PRODUCER,
}
_STREAM_TYPES = {
    "Video": StreamType.VIDEO,
    "Audio": StreamType.AUDIO,
    "Subtitle": StreamType.SUBTITLE,
}
# Jellyfin writes "never" as the year 1 rather than leaving the field out.
_MIN_REAL_MS = 0

T = TypeVar("T")


def decode(body: bytes, shape: type[T], what: str) -> T:
    """Decode a Jellyfin reply into its typed shape.

    Raises:
        InvalidResponseError: the body is not JSON or not the documented shape.
    """
    return decoding.decode(body, shape, what, server="Jellyfin server")


def epoch_ms(value: str | None) -> int | None:
    """An ISO-8601 time as epoch milliseconds; None for missing, invalid or 'year 1'."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:  # Jellyfin means UTC even when it forgets to say so
        moment = moment.replace(tzinfo=UTC)
    millis = int(moment.timestamp() * 1000)
    return millis if millis > _MIN_REAL_MS else None


def iso_utc(epoch_millis: int) -> str:
    """Epoch milliseconds as the ISO-8601 UTC form Jellyfin's filters accept."""
    seconds, millis = divmod(epoch_millis, 1000)
    stamp = datetime.fromtimestamp(seconds, tz=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") + f".{millis:03d}Z"


def library(view: dto.BaseItem) -> LibraryRecord:
    """A user view as a library; kinds Reel cannot show yet are marked unsupported."""
    kind = LIBRARY_KINDS.get((view.collection_type or "").lower(), LibraryKind.UNSUPPORTED)
    return LibraryRecord(remote_id=view.id, name=view.name or "Untitled library", kind=kind)


def _image(item_id: str, kind: str, tag: str | None, index: int | None = None) -> str | None:
    if not tag:
        return None
    slot = kind if index is None else f"{kind}/{index}"
    return f"/Items/{item_id}/Images/{slot}?tag={tag}"


def _blurhash(item: dto.BaseItem, kind: str, tag: str | None) -> str | None:
    if not tag or not item.image_blur_hashes:
        return None
    return (item.image_blur_hashes.get(kind) or {}).get(tag)


def _people(people: list[dto.Person] | None) -> tuple[PersonCredit, ...]:
    if not people:
        return ()
    credits = []
    for person in people:
        kind = _CREDIT_KINDS.get(person.type or "")
        if kind is None or not person.name:
            continue
        credits.append(
            PersonCredit(
                name=person.name,
                kind=kind,
                role=person.role or None,
                remote_id=person.id or None,
                image_ref=_image(person.id, "Primary", person.primary_image_tag)
                if person.id
                else None,
            )
        )
    return tuple(credits)


def streams(raw: list[dto.MediaStream] | None) -> tuple[StreamRecord, ...]:
    """Audio, video and subtitle streams, in the server's order."""
    if not raw:
        return ()
    result = []
    for position, stream in enumerate(raw):
        kind = _STREAM_TYPES.get(stream.type or "")
        if kind is None:
            continue
        result.append(
            StreamRecord(
                index=stream.index if stream.index is not None else position,
                type=kind,
                codec=stream.codec,
                language=stream.language,
                title=stream.display_title or stream.title,
                is_default=bool(stream.is_default),
                is_forced=bool(stream.is_forced),
                is_external=bool(stream.is_external),
                channels=stream.channels,
                width=stream.width,
                height=stream.height,
                location=stream.delivery_url if stream.is_external else None,
            )
        )
    return tuple(result)


def versions(sources: list[dto.MediaSource] | None) -> tuple[VersionRecord, ...]:
    """The item's versions when it has several media sources (none for a single one)."""
    if not sources or len(sources) < 2:
        return ()
    found = []
    for source in sources:
        if not source.id:
            continue
        video = next((s for s in source.media_streams or () if s.type == "Video"), None)
        found.append(
            VersionRecord(
                id=source.id,
                name=source.name or None,
                width=video.width if video else None,
                height=video.height if video else None,
                codec=video.codec if video else None,
                hdr=bool(video and (video.video_range or "").upper() == "HDR"),
                bitrate=source.bitrate,
                size=source.size,
            )
        )
    return tuple(found) if len(found) > 1 else ()


def _user(data: dto.UserItemData | None) -> UserState | None:
    if data is None:
        return None
    return UserState(
        position_ms=max(0, (data.playback_position_ticks or 0) // TICKS_PER_MS),
        watched=bool(data.played),
        play_count=max(0, data.play_count or 0),
        last_played_at=epoch_ms(data.last_played_date),
        favorite=bool(data.is_favorite),
    )


def media(item: dto.BaseItem) -> MediaRecord | None:
    """A movie, series, season or episode as a record; None for any other item type."""
    item_type = ITEM_TYPES.get(item.type or "")
    if item_type is None:
        return None
    parent = show = season_number = None
    if item_type is ItemType.SEASON:
        parent = show = item.series_id
        season_number = item.index_number
    elif item_type is ItemType.EPISODE:
        show = item.series_id
        parent = item.season_id or item.series_id
        season_number = item.parent_index_number
    tags = item.image_tags or {}
    primary = tags.get("Primary")
    backdrop = item.backdrop_image_tags[0] if item.backdrop_image_tags else None
    raw_streams = item.media_streams
    if raw_streams is None and item.media_sources:
        raw_streams = item.media_sources[0].media_streams
    return MediaRecord(
        remote_id=item.id,
        type=item_type,
        title=item.name or "Untitled",
        sort_title=item.sort_name or None,
        original_title=item.original_title if item.original_title != item.name else None,
        parent_remote_id=parent,
        show_remote_id=show,
        season_number=season_number,
        episode_number=item.index_number if item_type is ItemType.EPISODE else None,
        year=item.production_year,
        duration_ms=item.run_time_ticks // TICKS_PER_MS if item.run_time_ticks else None,
        rating=item.community_rating,
        content_rating=item.official_rating or None,
        overview=item.overview or None,
        genres=tuple(item.genres or ()),
        studios=tuple(s.name for s in item.studios or () if s.name),
        premiere_date=item.premiere_date[:10] if item.premiere_date else None,
        added_at=epoch_ms(item.date_created),
        updated_at=epoch_ms(item.date_last_saved),
        poster_ref=_image(item.id, "Primary", primary),
        backdrop_ref=_image(item.id, "Backdrop", backdrop, 0),
        thumb_ref=_image(item.id, "Thumb", tags.get("Thumb")),
        poster_blurhash=_blurhash(item, "Primary", primary),
        backdrop_blurhash=_blurhash(item, "Backdrop", backdrop),
        people=_people(item.people),
        streams=streams(raw_streams),
        user=_user(item.user_data),
        versions=versions(item.media_sources),
    )


def media_page(body: bytes, what: str) -> ParsedPage:
    """A page of `/Items`: its records (other item types dropped), how many items the
    server sent, and the server's total."""
    result = decode(body, dto.ItemsResult, what)
    records = [record for item in result.items if (record := media(item)) is not None]
    return ParsedPage.of(records, len(result.items), result.total_record_count)
