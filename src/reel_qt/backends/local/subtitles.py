"""External subtitle files beside a video: `name.srt`, `name.en.srt`, `name.en.forced.srt`."""

from __future__ import annotations

import os
from collections.abc import Iterable

from reel_qt.backends.local.languages import known_language
from reel_qt.core.records import StreamRecord, StreamType

SUBTITLE_EXTENSIONS = frozenset((".srt", ".ass", ".ssa", ".vtt", ".sub", ".sup", ".smi"))
_FORCED = {"forced", "foreign"}
_DEFAULT = {"default"}
_HEARING = {"sdh", "cc", "hi"}


def external_subtitles(
    video_path: str, names: Iterable[str], first_index: int
) -> list[StreamRecord]:
    """Subtitle tracks for the files in the video's folder named after it, sorted by name."""
    folder = os.path.dirname(video_path)
    stem = os.path.splitext(os.path.basename(video_path))[0]
    found: list[StreamRecord] = []
    for name in sorted(names):
        base, ext = os.path.splitext(name)
        if ext.lower() not in SUBTITLE_EXTENSIONS:
            continue
        if base != stem and not base.startswith(stem + "."):
            continue
        tags = [t for t in base[len(stem) :].split(".") if t]
        language = None
        forced = default = hearing = False
        for tag in tags:
            lowered = tag.casefold()
            if lowered in _FORCED:
                forced = True
            elif lowered in _DEFAULT:
                default = True
            elif lowered in _HEARING:
                hearing = True
            elif language is None:
                language = known_language(tag)
        found.append(
            StreamRecord(
                index=first_index + len(found),
                type=StreamType.SUBTITLE,
                codec=ext[1:].lower(),
                language=language,
                title="SDH" if hearing else None,
                is_default=default,
                is_forced=forced,
                is_external=True,
                location=os.path.join(folder, name),
            )
        )
    return found
