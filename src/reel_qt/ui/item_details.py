"""An item's details as the details pages show them: words, not records."""

from __future__ import annotations

from datetime import date
from typing import Any

from reel_qt.store.views import ItemDetail, StreamView, VersionView
from reel_qt.ui.poster_roles import runtime_text

_LANGUAGES = {
    "eng": "English", "en": "English", "fra": "French", "fre": "French", "fr": "French",
    "deu": "German", "ger": "German", "de": "German", "spa": "Spanish", "es": "Spanish",
    "ita": "Italian", "it": "Italian", "jpn": "Japanese", "ja": "Japanese",
    "por": "Portuguese", "pt": "Portuguese", "rus": "Russian", "ru": "Russian",
    "zho": "Chinese", "chi": "Chinese", "zh": "Chinese", "kor": "Korean", "ko": "Korean",
    "nld": "Dutch", "dut": "Dutch", "swe": "Swedish", "nor": "Norwegian", "dan": "Danish",
    "fin": "Finnish", "pol": "Polish", "tur": "Turkish", "ara": "Arabic", "hin": "Hindi",
}  # fmt: skip
_CREW_KINDS = ("director", "writer", "producer", "composer")
MAX_CAST = 20
# (name, from this width, or from this height): 4K from 3840 x 1600 scope or 2880 x 2160.
_RESOLUTIONS = (("4K", 3200, 2000), ("1080p", 1600, 1000), ("720p", 1200, 700))


def language_name(code: str | None) -> str:
    """A track language in words ("Unknown" when unset)."""
    if not code:
        return "Unknown"
    return _LANGUAGES.get(code.lower(), code)


def _languages(streams: tuple[StreamView, ...], kind: str) -> str:
    seen: list[str] = []
    for stream in streams:
        if stream.type == kind and (name := language_name(stream.language)) not in seen:
            seen.append(name)
    return ", ".join(seen)


def resolution_text(width: int | None, height: int | None) -> str:
    """A picture size as people name it: "4K", "1080p", "720p", "576p" ("" when unknown).

    Width counts too: a 1920 x 800 scope film is "1080p", not "800p".
    """
    width, height = width or 0, height or 0
    for name, min_width, min_height in _RESOLUTIONS:
        if width >= min_width or height >= min_height:
            return name
    return f"{height}p" if height else ""


def _channels(streams: tuple[StreamView, ...]) -> str:
    audio = next((s for s in streams if s.type == "audio"), None)
    if audio is None or not audio.channels:
        return ""
    return {1: "Mono", 2: "Stereo", 6: "5.1", 8: "7.1"}.get(audio.channels, f"{audio.channels} ch")


def quality_text(streams: tuple[StreamView, ...]) -> str:
    """The video's resolution, codec and the main audio's channels: "1080p · H264 · 5.1"."""
    parts: list[str] = []
    video = next((s for s in streams if s.type == "video"), None)
    if video is not None:
        parts.append(resolution_text(video.width, video.height))
        if video.codec:
            parts.append(video.codec.upper())
    parts.append(_channels(streams))
    return " · ".join(p for p in parts if p)


def _picture(version: VersionView) -> str:
    picture = resolution_text(version.width, version.height)
    return f"{picture} HDR".strip() if version.hdr else picture


def version_label(version: VersionView) -> str:
    """A version as the chooser names it: "4K HDR · HEVC · 18 Mbps" (or the server's name)."""
    parts = [_picture(version), (version.codec or "").upper()]
    if version.bitrate:
        mbps = version.bitrate / 1_000_000
        parts.append(f"{mbps:.0f} Mbps" if mbps >= 1.5 else f"{version.bitrate // 1000} kbps")
    label = " · ".join(p for p in parts if p)
    return label or version.name or "Version"


def version_quality(version: VersionView, streams: tuple[StreamView, ...]) -> str:
    """The quality line of a chosen version: "4K HDR · HEVC · 5.1"."""
    parts = [_picture(version), (version.codec or "").upper(), _channels(streams)]
    return " · ".join(p for p in parts if p)


def size_text(size: int | None) -> str:
    """A file size: "18.4 GB", "700 MB" ("" when unknown)."""
    if not size:
        return ""
    if size >= 1_000_000_000:
        return f"{size / 1_000_000_000:.1f} GB"
    return f"{max(1, size // 1_000_000)} MB"


def versions_list(item: ItemDetail) -> list[dict[str, Any]]:
    """The versions a chooser lists (empty when the item has only one)."""
    return [
        {
            "id": v.id,
            "label": version_label(v),
            "detail": " · ".join(p for p in (v.name or "", size_text(v.size)) if p),
            "quality": version_quality(v, item.streams),
        }
        for v in item.versions
    ]


def air_date_text(iso_date: str | None) -> str:
    """An ISO date as people read it: "20 January 2008" ("" when unknown or not a date)."""
    try:
        day = date.fromisoformat(iso_date or "")
    except ValueError:
        return ""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def clock_text(ms: int) -> str:
    """A position as a clock: "1:02:03" or "12:34"."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def facts(item: ItemDetail) -> list[list[str]]:
    """The label–value lines under the overview (lines without a value left out)."""

    def names(kind: str) -> str:
        return ", ".join(c.name for c in item.credits if c.kind == kind)

    lines = [
        ["Audio", _languages(item.streams, "audio")],
        ["Subtitles", _languages(item.streams, "subtitle")],
        ["Directed by", names("director")],
        ["Written by", names("writer")],
        ["Studio", ", ".join(item.studios)],
    ]
    return [line for line in lines if line[1]]


def detail_map(item: ItemDetail) -> dict[str, Any]:
    """Everything a details page binds to, by name."""
    progress = item.progress
    position = progress.position_ms if progress and not progress.watched else 0
    duration = item.duration_ms or (progress.duration_ms if progress else None) or 0
    cast = [c for c in item.credits if c.kind in ("actor", "guest")][:MAX_CAST]
    crew = [c for c in item.credits if c.kind in _CREW_KINDS]
    return {
        "itemId": item.id,
        "itemType": item.type,
        "title": item.title,
        "originalTitle": item.original_title or "",
        "year": item.year or 0,
        "runtime": runtime_text(item.duration_ms),
        "contentRating": item.content_rating or "",
        "rating": -1.0 if item.rating is None else round(float(item.rating), 1),
        "genres": list(item.genres),
        "studios": list(item.studios),
        "overview": item.overview or "",
        "sourceId": item.source_id,
        "posterRef": item.poster_ref or "",
        "backdropRef": item.backdrop_ref or item.thumb_ref or "",
        "blurhash": item.poster_blurhash or "",
        "backdropBlurhash": item.backdrop_blurhash or "",
        "cast": [
            {
                "name": c.name,
                "role": c.role or "",
                "imageRef": c.image_ref or "",
            }
            for c in cast
        ],
        "crew": [{"name": c.name, "job": c.kind.capitalize()} for c in crew],
        "audio": _languages(item.streams, "audio"),
        "subtitles": _languages(item.streams, "subtitle"),
        "quality": quality_text(item.streams),
        "versions": versions_list(item),
        "facts": facts(item),
        "airDate": air_date_text(item.premiere_date),
        "watched": bool(progress and progress.watched),
        "positionMs": position,
        "progress": min(1.0, position / duration) if duration and position else 0.0,
        "resumeText": f"Resume from {clock_text(position)}" if position else "",
        "available": item.available,
    }
