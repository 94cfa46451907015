"""HLS pieces both fake servers' transcoders serve: media playlists and their segments.

A test hands a server a real MPEG-TS clip for an item (`set_transcode`); its transcoder
then serves that clip as the one segment of the stream, so mpv really plays "the
converted stream". Without one, the stream is three segments of MPEG-TS null packets:
valid framing, no picture (enough for clients that only read playlists).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

#: One 188-byte MPEG-TS null packet, repeated: a segment with valid framing and no media.
NULL_SEGMENT = (b"\x47\x1f\xff\x10" + b"\xff" * 184) * 64
_NULL_SEGMENTS = (10.0, 10.0, 10.0)


@dataclass(frozen=True)
class Transcode:
    """What a fake transcoder sends for one item: an MPEG-TS file and its length."""

    path: Path
    duration_s: float


def segment_lengths(transcode: Transcode | None) -> tuple[float, ...]:
    """The segments' lengths (seconds) of an item's stream."""
    return (transcode.duration_s,) if transcode is not None else _NULL_SEGMENTS


def media_playlist(uris: list[str], lengths: tuple[float, ...]) -> str:
    """A complete (VOD) HLS media playlist of these segments."""
    lines = [
        "#EXTM3U",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{math.ceil(max(lengths))}",
        "#EXT-X-MEDIA-SEQUENCE:0",
    ]
    for uri, length in zip(uris, lengths, strict=True):
        lines += [f"#EXTINF:{length:.6f},", uri]
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def segment_body(transcode: Transcode | None, index: int) -> bytes | Path | None:
    """Segment `index` of an item's stream (a file to send, or bytes); None if out of range."""
    if not 0 <= index < len(segment_lengths(transcode)):
        return None
    return transcode.path if transcode is not None else NULL_SEGMENT
