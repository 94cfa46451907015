"""Media, parts, streams, markers and chapters of a video, derived from its rating key and bits.

Everything is built in the JSON shape PMS answers with (`{"Media": [{"Part": [{"Stream":
[...]}]}]}`); xmlout.py turns the same dicts into XML. Ids are derived from the rating key
so that they stay stable and unique: part and media id = rating key, stream id = 8 x rating
key + position, marker id = 4 x rating key + position, chapter id = 16 x rating key + index.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from tests.fakes.jellyfin import words
from tests.fakes.plex.model import EPISODE, MOVIE, Item

# (width, height, codec, profile, level, resolution, bit depth)
VIDEO_VARIANTS = (
    (1920, 1080, "h264", "high", 41, "1080", 8),
    (3840, 2160, "hevc", "main 10", 153, "4k", 10),
    (1280, 720, "h264", "main", 31, "720", 8),
    (720, 576, "mpeg2video", "main", 8, "sd", 8),
)
# (plex codec, channels, layout, profile)
AUDIO_VARIANTS = (
    ("aac", 2, "stereo", "lc"),
    ("ac3", 6, "5.1(side)", None),
    ("eac3", 6, "5.1(side)", None),
    ("dca", 6, "5.1(side)", "dts"),
)
SUBTITLE_CODECS = ("srt", "ass", "pgs", "srt")  # the last kind is an external .srt sidecar
LAYOUTS = 256  # distinct stream layouts; items share them so serving stays cheap
CODEC_NAMES = {"h264": "H.264", "hevc": "HEVC", "mpeg2video": "MPEG2VIDEO", "aac": "AAC",
               "ac3": "AC3", "eac3": "EAC3", "dca": "DTS", "srt": "SRT", "ass": "ASS",
               "pgs": "PGS"}  # fmt: skip
CHANNEL_NAMES = {2: "Stereo", 6: "5.1"}
#: A movie's second version has media and part id `ALTERNATE_BASE + rating key`.
ALTERNATE_BASE = 100_000_000  # stream ids (8 x part id) stay within int32


def _layout_bits(n: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"plex-layout:{n}".encode(), digest_size=8).digest())


@functools.cache
def layout(n: int) -> tuple[tuple[int, dict[str, Any]], ...]:
    """Stream layout `n`: (id offset, stream without id) for video, audio and subtitles.

    Shared between items: never mutate the dicts.
    """
    bits = _layout_bits(n)
    width, height, codec, profile, level, resolution, depth = VIDEO_VARIANTS[n % 4]
    name = f"{resolution if resolution != 'sd' else '576'}{'p' if resolution != '4k' else ''}"
    video = {
        "streamType": 1, "default": True, "codec": codec, "index": 0,
        "bitrate": 4_000 + bits % 20_000, "bitDepth": depth, "chromaLocation": "left",
        "chromaSubsampling": "4:2:0", "codedHeight": height, "codedWidth": width,
        "frameRate": 23.976, "hasScalingMatrix": False, "height": height, "width": width,
        "level": level, "profile": profile, "refFrames": 4, "scanType": "progressive",
        "language": "English", "languageCode": "eng",
        "displayTitle": f"{name} ({CODEC_NAMES[codec]})",
        "extendedDisplayTitle": f"{name} ({CODEC_NAMES[codec]})",
    }  # fmt: skip
    if bits % 2:  # the encoder's name, where the muxer wrote one
        video["title"] = f"x264 @ {video['bitrate']} kbps"
    streams: list[tuple[int, dict[str, Any]]] = [(0, video)]
    for k in range(1 + (bits >> 20) % 3):
        code, language = (
            words.LANGUAGES[0]
            if k == 0 and bits % 4
            else words.LANGUAGES[(bits >> (3 * k + 24)) % 8]
        )
        acodec, channels, channel_layout, aprofile = AUDIO_VARIANTS[(bits >> (2 * k + 33)) % 4]
        shown = f"{language} ({CODEC_NAMES[acodec]} {CHANNEL_NAMES[channels]})"
        audio: dict[str, Any] = {
            "streamType": 2, "codec": acodec, "index": len(streams), "channels": channels,
            "bitrate": 192 * channels, "language": language, "languageCode": code,
            "audioChannelLayout": channel_layout, "bitDepth": 16, "samplingRate": 48_000,
            "displayTitle": shown, "extendedDisplayTitle": shown,
        }  # fmt: skip
        if aprofile:
            audio["profile"] = aprofile
        if k == 0:
            audio["default"] = True
            audio["selected"] = True
        if k == 1:
            audio["title"] = "Commentary"
        streams.append((len(streams), audio))
    for k in range((bits >> 40) % 4):
        code, language = words.LANGUAGES[(bits >> (3 * k + 44)) % 8]
        scodec = SUBTITLE_CODECS[(bits >> (2 * k + 54)) % 4]
        external = k == 2 or (scodec == "srt" and k % 2 == 1)
        forced = k == 1 and bits % 5 == 0
        shown_codec = CODEC_NAMES["srt" if external else scodec]
        shown = f"{language}{' Forced' if forced else ''} ({shown_codec}"
        shown += " External)" if external else ")"
        subtitle: dict[str, Any] = {
            "streamType": 3, "codec": "srt" if external else scodec, "language": language,
            "languageCode": code, "displayTitle": shown, "extendedDisplayTitle": shown,
        }  # fmt: skip
        if external:
            subtitle["format"] = "srt"  # sidecars have a key and no index (set per item)
        else:
            subtitle["index"] = len(streams)
        if forced:
            subtitle["forced"] = True
        if k == 0 and bits % 3 == 0:
            subtitle["default"] = True
        streams.append((len(streams), subtitle))
    return tuple(streams)


def layout_of(item: Item) -> int:
    """The stream layout an item uses."""
    return (item.bits >> 52) % LAYOUTS


def streams(item: Item) -> list[dict[str, Any]]:
    """The streams of a video, with ids (and `key` for sidecar subtitles)."""
    base = item.rating_key * 8
    out = []
    for offset, stream in layout(layout_of(item)):
        stream_id = base + offset
        if "format" in stream:
            out.append({"id": stream_id, "key": f"/library/streams/{stream_id}", **stream})
        else:
            out.append({"id": stream_id, **stream})
    return out


def stream_owner(stream_id: int) -> tuple[int, int]:
    """(rating key, position in the layout) of a stream id."""
    return divmod(stream_id, 8)


def media(item: Item, with_streams: bool) -> list[dict[str, Any]]:
    """The Media array of a video: one media with one part (streams only when asked)."""
    width, height, codec, profile, _, resolution, _ = VIDEO_VARIANTS[layout_of(item) % 4]
    first_audio = layout(layout_of(item))[1][1]
    container = item.container or "mkv"
    part: dict[str, Any] = {
        "id": item.rating_key,
        "key": f"/library/parts/{item.rating_key}/{item.added_at}/file.{container}",
        "duration": item.duration_ms,
        "file": item.file,
        "size": item.size,
        "container": container,
        "videoProfile": profile,
    }
    one: dict[str, Any] = {
        "id": item.rating_key,
        "duration": item.duration_ms,
        "bitrate": item.bitrate_kbps,
        "width": width,
        "height": height,
        "aspectRatio": round(width / height, 2),
        "audioChannels": first_audio["channels"],
        "audioCodec": first_audio["codec"],
        "videoCodec": codec,
        "videoResolution": resolution,
        "container": container,
        "videoFrameRate": "24p",
        "videoProfile": profile,
    }
    if "profile" in first_audio:
        one["audioProfile"] = part["audioProfile"] = first_audio["profile"]
    if container == "mp4":
        one["optimizedForStreaming"] = part["optimizedForStreaming"] = True
    if with_streams:
        part["Stream"] = streams(item)
    one["Part"] = [part]
    if not has_versions(item):
        return [one]
    return [one, _alternate(item, one, with_streams)]


def has_versions(item: Item) -> bool:
    """Whether a movie has two versions (two files matched to it): one in five."""
    return item.kind == MOVIE and item.ordinal % 5 == 1


def part_owner(part_id: int) -> int:
    """The rating key of the item a part (or media) id belongs to."""
    return part_id % ALTERNATE_BASE


def _alternate(item: Item, first: dict[str, Any], with_streams: bool) -> dict[str, Any]:
    """The second version: 4K HEVC HDR beside an HD file, 1080p H.264 beside a 4K one."""
    four_k = first["height"] < 2000
    width, height, codec, profile, level, resolution, depth = VIDEO_VARIANTS[1 if four_k else 0]
    alternate_id = ALTERNATE_BASE + item.rating_key
    bitrate = (item.bitrate_kbps or 6000) * 3 if four_k else (item.bitrate_kbps or 6000) // 3
    size = (item.size or 0) * 3 if four_k else (item.size or 0) // 3
    container = first["container"]
    part: dict[str, Any] = {
        "id": alternate_id,
        "key": f"/library/parts/{alternate_id}/{item.added_at}/file.{container}",
        "duration": item.duration_ms,
        "file": (item.file or "").rsplit(".", 1)[0] + f" - {resolution}.{container}",
        "size": size,
        "container": container,
        "videoProfile": profile,
    }
    if with_streams:
        # Its own stream ids; no sidecar files beside this one.
        video = layout(layout_of(item))[0][1] | {
            "codec": codec, "bitDepth": depth, "codedHeight": height, "codedWidth": width,
            "height": height, "width": width, "level": level, "profile": profile,
            "bitrate": bitrate - 640,
            "displayTitle": f"{resolution.upper()} ({CODEC_NAMES[codec]})",
            "extendedDisplayTitle": f"{resolution.upper()} ({CODEC_NAMES[codec]})",
        }  # fmt: skip
        if depth == 10:
            video |= {"colorPrimaries": "bt2020", "colorTrc": "smpte2084", "colorSpace": "bt2020nc"}
        embedded = [s for s in streams(item)[1:] if "key" not in s]
        part["Stream"] = [
            {**s, "id": alternate_id * 8 + n} for n, s in enumerate([video, *embedded])
        ]
    return first | {
        "id": alternate_id,
        "bitrate": bitrate,
        "width": width,
        "height": height,
        "aspectRatio": round(width / height, 2),
        "videoCodec": codec,
        "videoResolution": resolution,
        "videoProfile": profile,
        "Part": [part],
    }


def markers(item: Item) -> list[dict[str, Any]]:
    """Intro, credits and commercial markers (ms offsets), as the detection tasks leave them."""
    n, bits, duration = item.ordinal, item.bits, item.duration_ms or 0
    found: list[tuple[str, int, int, bool]] = []
    if item.kind == EPISODE:
        if n % 5 != 0:
            start = 20_000 + (bits >> 5) % 60_000
            found.append(("intro", start, start + 40_000 + (bits >> 11) % 50_000, False))
        if n % 13 == 5:
            found.append(("commercial", duration // 2, duration // 2 + 90_000, False))
        if n % 4 != 3:
            found.append(("credits", duration - 60_000 - (bits >> 17) % 120_000, duration, True))
    else:
        if n % 17 == 3:
            found.append(("commercial", duration // 3, duration // 3 + 120_000, False))
        if n % 6 == 0:  # a mid-credits scene: two credits markers, only the last is final
            found.append(("credits", duration - 900_000, duration - 600_000, False))
        if n % 2 == 0:
            found.append(("credits", duration - 300_000 - (bits >> 17) % 120_000, duration, True))
    out = []
    for k, (kind, start, end, final) in enumerate(found):
        marker_id = item.rating_key * 4 + k
        marker: dict[str, Any] = {
            "id": marker_id,
            "type": kind,
            "startTimeOffset": start,
            "endTimeOffset": end,
        }
        if final:
            marker["final"] = True
        marker["Attributes"] = {"id": marker_id, "version": 5}
        out.append(marker)
    return out


def chapter_count(item: Item) -> int:
    """How many chapters a video has: 4-8 for a third of the movies, 3 for some episodes."""
    if item.kind == EPISODE:
        return 3 if item.ordinal % 7 == 0 else 0
    return 4 + item.bits % 5 if item.ordinal % 3 == 0 else 0


def has_chapters(item: Item) -> bool:
    """Whether a video has chapters (then its chapterSource is "media")."""
    return chapter_count(item) > 0


def chapters(item: Item) -> list[dict[str, Any]]:
    """Chapters of some videos (empty for most episodes)."""
    n, duration, count = item.ordinal, item.duration_ms or 0, chapter_count(item)
    out = []
    for i in range(count):
        chapter_id = item.rating_key * 16 + i
        chapter: dict[str, Any] = {
            "id": chapter_id,
            "filter": f"thumb={chapter_id}",
            "index": i + 1,
            "startTimeOffset": duration * i // count,
            "endTimeOffset": duration * (i + 1) // count,
            "thumb": f"/library/media/{item.rating_key}/chapterImages/{i + 1}",
        }
        if n % 2 == 0:
            chapter["tag"] = f"Chapter {i + 1}"
        out.append(chapter)
    return out


def subtitle_text(item: Item, position: int) -> str:
    """The SRT body of a sidecar subtitle: three cues mentioning the item."""
    cues = []
    for i in range(3):
        start, end = 2 + 5 * i, 5 + 5 * i
        cues.append(
            f"{i + 1}\n00:00:{start:02d},000 --> 00:00:{end:02d},500\n"
            f"{item.title} — line {i + 1} (track {position})\n"
        )
    return "\n".join(cues)
