"""An item's details as the details pages show them: words, not records."""

from __future__ import annotations

from typing import Any

from reel_qt.store.views import ItemDetail, StreamView
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


def quality_text(streams: tuple[StreamView, ...]) -> str:
    """The video's resolution, codec and the main audio's channels: "1080p · H264 · 5.1"."""
    parts: list[str] = []
    video = next((s for s in streams if s.type == "video"), None)
    if video is not None:
        if video.height:
            parts.append("4K" if video.height >= 2000 else f"{video.height}p")
        if video.codec:
            parts.append(video.codec.upper())
    audio = next((s for s in streams if s.type == "audio"), None)
    if audio is not None and audio.channels:
        parts.append(
            {1: "Mono", 2: "Stereo", 6: "5.1", 8: "7.1"}.get(audio.channels, f"{audio.channels} ch")
        )
    return " · ".join(parts)


def clock_text(ms: int) -> str:
    """A position as a clock: "1:02:03" or "12:34"."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


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
        "watched": bool(progress and progress.watched),
        "positionMs": position,
        "progress": min(1.0, position / duration) if duration and position else 0.0,
        "resumeText": f"Resume from {clock_text(position)}" if position else "",
        "available": item.available,
    }
