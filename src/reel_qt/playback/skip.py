"""Which span the player offers to skip at a position, from markers and named chapters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reel_qt.core.records import MarkerKind, MarkerRecord
from reel_qt.core.settings import Settings

SKIPPABLE = (MarkerKind.INTRO, MarkerKind.RECAP, MarkerKind.PREVIEW, MarkerKind.CREDITS)
_LABELS = {
    MarkerKind.INTRO: "Skip intro",
    MarkerKind.RECAP: "Skip recap",
    MarkerKind.PREVIEW: "Skip preview",
    MarkerKind.CREDITS: "Skip credits",
}
# Chapter titles local files use for their skippable parts.
_CHAPTER_KINDS = (
    (re.compile(r"\b(intro|opening|op)\b", re.IGNORECASE), MarkerKind.INTRO),
    (re.compile(r"\b(recap|previously)\b", re.IGNORECASE), MarkerKind.RECAP),
    (re.compile(r"\b(credits|ending|ed|outro)\b", re.IGNORECASE), MarkerKind.CREDITS),
    (re.compile(r"\b(preview|next time)\b", re.IGNORECASE), MarkerKind.PREVIEW),
)


@dataclass(frozen=True, slots=True)
class SkipOffer:
    """A span the player can skip now: what it is, where it ends, and the button text."""

    kind: MarkerKind
    start_s: float
    end_s: float
    label: str
    mode: str  # ask | auto


def setting_for(kind: MarkerKind, settings: Settings) -> str:
    """The user's choice (ask, auto, never) for one kind of span."""
    return {
        MarkerKind.INTRO: settings.skip_intro,
        MarkerKind.RECAP: settings.skip_recap,
        MarkerKind.PREVIEW: settings.skip_preview,
        MarkerKind.CREDITS: settings.skip_credits,
    }.get(kind, "never")


def chapter_markers(chapter_list: list[dict[str, Any]], duration_s: float) -> list[MarkerRecord]:
    """Markers for chapters named like Intro, Opening, Recap or Credits."""
    found: list[MarkerRecord] = []
    for n, chapter in enumerate(chapter_list):
        title = str(chapter.get("title") or "")
        kind = next((k for pattern, k in _CHAPTER_KINDS if pattern.search(title)), None)
        if kind is None:
            continue
        start = float(chapter.get("time") or 0.0)
        following = chapter_list[n + 1].get("time") if n + 1 < len(chapter_list) else None
        end = float(following) if following is not None else duration_s
        found.append(
            MarkerRecord(kind=kind, start_ms=int(start * 1000), end_ms=int(end * 1000), title=title)
        )
    return found


def offer_at(
    markers: list[MarkerRecord], position_s: float, duration_s: float, settings: Settings
) -> SkipOffer | None:
    """The skippable span containing position_s, unless the user chose never for it."""
    for marker in markers:
        if marker.kind not in SKIPPABLE:
            continue
        mode = setting_for(marker.kind, settings)
        if mode == "never":
            continue
        start = marker.start_ms / 1000
        end = marker.end_ms / 1000 if marker.end_ms is not None else duration_s
        # The last half second is not worth a button that vanishes as it appears.
        if start <= position_s < end - 0.5:
            return SkipOffer(marker.kind, start, end, _LABELS[marker.kind], mode)
    return None
