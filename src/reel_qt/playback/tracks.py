"""mpv's track-list and chapter-list as the small dicts the player's menus show."""

from __future__ import annotations

from typing import Any

_LANGUAGES = {
    "eng": "English",
    "en": "English",
    "fra": "French",
    "fre": "French",
    "fr": "French",
    "deu": "German",
    "ger": "German",
    "de": "German",
    "spa": "Spanish",
    "es": "Spanish",
    "ita": "Italian",
    "it": "Italian",
    "jpn": "Japanese",
    "ja": "Japanese",
    "nld": "Dutch",
    "dut": "Dutch",
    "por": "Portuguese",
    "rus": "Russian",
    "zho": "Chinese",
    "chi": "Chinese",
    "kor": "Korean",
}


def language_name(code: str | None) -> str:
    """A language code in words ("fra" -> "French"); the code itself when unknown."""
    if not code:
        return ""
    return _LANGUAGES.get(code.lower(), code)


def _label(track: dict[str, Any]) -> str:
    parts: list[str] = []
    language = language_name(track.get("lang"))
    title = track.get("title")
    if language:
        parts.append(language)
    if title and title != language:
        parts.append(str(title))
    if not parts:
        parts.append(f"Track {track.get('id')}")
    details = [str(track[key]) for key in ("codec",) if track.get(key)]
    if track.get("demux-channel-count"):
        details.append(f"{track['demux-channel-count']} ch")
    if track.get("external"):
        details.append("external")
    if track.get("forced"):
        details.append("forced")
    label = " · ".join(parts)
    return f"{label} ({', '.join(details)})" if details else label


def menu_tracks(track_list: list[dict[str, Any]] | None, kind: str) -> list[dict[str, Any]]:
    """Tracks of one kind ("audio" or "sub") as {trackId, label, language, selected}."""
    return [
        {
            "trackId": int(track["id"]),
            "label": _label(track),
            "language": str(track.get("lang") or ""),
            "selected": bool(track.get("selected")),
        }
        for track in track_list or []
        if track.get("type") == kind and "id" in track
    ]


def chapters(chapter_list: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Chapters as {time (seconds), title}, in order."""
    return [
        {"time": float(chapter.get("time") or 0.0), "title": str(chapter.get("title") or "")}
        for chapter in chapter_list or []
    ]
