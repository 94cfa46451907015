"""Media streams, media sources, chapters and media segments, derived from an item's bits."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import msgspec

from tests.fakes.jellyfin import words
from tests.fakes.jellyfin.library import EPISODE, MOVIE, PLAYABLE, TICKS_PER_SECOND, Item

# (width, height, codec, profile, level, display title, range type)
VIDEO_VARIANTS = (
    (1920, 1080, "h264", "High", 41, "1080p H264 SDR", "SDR"),
    (3840, 2160, "hevc", "Main 10", 150, "4K HEVC HDR10", "HDR10"),
    (1280, 720, "h264", "Main", 31, "720p H264 SDR", "SDR"),
    (1920, 1080, "hevc", "Main", 120, "1080p HEVC SDR", "SDR"),
)
AUDIO_CODECS = (("aac", 2, "stereo"), ("ac3", 6, "5.1"), ("eac3", 6, "5.1"), ("dts", 8, "7.1"))
SUBTITLE_CODECS = ("subrip", "ass", "PGSSUB", "srt")  # "srt" = an external .srt file
TEXT_SUBTITLES = frozenset({"subrip", "ass", "srt"})
# The .NET DateTime.MinValue the real server writes for dates it never set.
MIN_DATE = "0001-01-01T00:00:00.0000000Z"


LAYOUTS = 256  # distinct stream layouts; items share them so serving stays cheap


def _layout_of(item: Item) -> int:
    return (item.bits >> 52) % LAYOUTS


def video_variant(item: Item) -> tuple[int, int, str, str, int, str, str]:
    """The video stream's shape for an item."""
    return VIDEO_VARIANTS[_layout_of(item) % len(VIDEO_VARIANTS)]


def _common_stream(kind: str, index: int) -> dict[str, Any]:
    # The non-nullable members of MediaStream the real server always writes.
    return {
        "Type": kind,
        "Index": index,
        "TimeBase": "1/1000",
        "VideoRange": "Unknown",
        "VideoRangeType": "Unknown",
        "AudioSpatialFormat": "None",
        "IsInterlaced": False,
        "IsDefault": False,
        "IsForced": False,
        "IsHearingImpaired": False,
        "IsExternal": False,
        "IsTextSubtitleStream": False,
        "SupportsExternalStream": False,
    }


@functools.cache
def _layout(n: int) -> tuple[dict[str, Any], ...]:
    """Stream layout `n`: video, 1-3 audio, 0-3 subtitles. Shared: never mutate these."""
    bits = int.from_bytes(hashlib.blake2b(f"layout:{n}".encode(), digest_size=8).digest(), "little")
    width, height, codec, profile, level, title, range_type = VIDEO_VARIANTS[
        n % len(VIDEO_VARIANTS)
    ]
    video = _common_stream("Video", 0) | {
        "Codec": codec,
        "DisplayTitle": title,
        "IsDefault": True,
        "IsAVC": codec == "h264",
        "VideoRange": "HDR" if range_type != "SDR" else "SDR",
        "VideoRangeType": range_type,
        "BitDepth": 10 if range_type != "SDR" else 8,
        "RefFrames": 1,
        "Width": width,
        "Height": height,
        "AverageFrameRate": 23.976,
        "RealFrameRate": 23.976,
        "Profile": profile,
        "AspectRatio": "16:9",
        "PixelFormat": "yuv420p",
        "Level": level,
    }
    streams = [video]
    langs = words.LANGUAGES
    for k in range(1 + (bits >> 56) % 3):
        first_english = k == 0 and bits % 4 != 0
        code, language = langs[0] if first_english else langs[(bits >> (k * 3 + 20)) % len(langs)]
        acodec, channels, layout = AUDIO_CODECS[(bits >> (k * 2 + 33)) % len(AUDIO_CODECS)]
        shown = f"{language} - {acodec.upper()} - {layout.capitalize()}" + (
            " - Default" if k == 0 else ""
        )
        streams.append(
            _common_stream("Audio", len(streams))
            | {
                "Codec": acodec,
                "Language": code,
                "DisplayTitle": shown,
                "ChannelLayout": layout,
                "Channels": channels,
                "SampleRate": 48_000,
                "BitRate": 128_000 * channels // 2,
                "IsDefault": k == 0,
                "LocalizedDefault": "Default",
                "LocalizedExternal": "External",
            }
        )
    for k in range((bits >> 60) % 4):
        code, language = langs[(bits >> (k * 3 + 41)) % len(langs)]
        scodec = SUBTITLE_CODECS[(bits >> (k * 2 + 50)) % len(SUBTITLE_CODECS)]
        external = scodec == "srt"
        forced = k == 1 and bits % 5 == 0
        shown = (
            f"{language} - {scodec.upper()}"
            + (" - Forced" if forced else "")
            + (" - External" if external else "")
        )
        streams.append(
            _common_stream("Subtitle", len(streams))
            | {
                "Codec": scodec,
                "Language": code,
                "DisplayTitle": shown,
                "IsForced": forced,
                "IsExternal": external,
                "IsTextSubtitleStream": scodec in TEXT_SUBTITLES,
                "SupportsExternalStream": scodec in TEXT_SUBTITLES,
                "LocalizedForced": "Forced",
                "LocalizedExternal": "External",
                "LocalizedUndefined": "Undefined",
            }
        )
    return tuple(streams)


def media_streams(item: Item) -> list[dict[str, Any]]:
    """Video, then 1-3 audio, then 0-3 subtitle streams (some external .srt files).

    The dicts of one layout are shared between items (only the video bitrate and external
    subtitle paths are per item): copy a stream before changing it.
    """
    if item.kind not in PLAYABLE:
        return []
    layout = _layout(_layout_of(item))
    bitrate = item.bitrate or 0
    streams = [layout[0] | {"BitRate": max(bitrate - 640_000, bitrate // 2)}, *layout[1:]]
    for n, stream in enumerate(streams):
        if stream["IsExternal"] and item.path:
            base = item.path.rsplit(".", 1)[0]
            streams[n] = stream | {"Path": f"{base}.{stream['Language'][:2]}.srt"}
    return streams


@functools.cache
def _layout_encoded(n: int) -> tuple[msgspec.Raw, ...]:
    return tuple(msgspec.Raw(msgspec.json.encode(stream)) for stream in _layout(n))


def encoded_streams(item: Item) -> list[Any]:
    """`media_streams` for serialisation only: the shared streams come pre-encoded.

    Encoding the same stream dicts for every item of every page dominated serving time;
    msgspec splices `Raw` JSON in as it is.
    """
    n = _layout_of(item)
    layout, encoded = _layout(n), _layout_encoded(n)
    return [
        encoded[i] if stream is layout[i] else stream
        for i, stream in enumerate(media_streams(item))
    ]


@functools.cache
def _layout_has_subtitles(n: int) -> bool:
    return any(stream["Type"] == "Subtitle" for stream in _layout(n))


def has_subtitles(item: Item) -> bool:
    """Whether a video has any subtitle stream."""
    return item.kind in PLAYABLE and _layout_has_subtitles(_layout_of(item))


_SOURCE_CONSTANTS: dict[str, Any] = {
    "Protocol": "File",
    "Type": "Default",
    "IsRemote": False,
    "ReadAtNativeFramerate": False,
    "IgnoreDts": False,
    "IgnoreIndex": False,
    "GenPtsInput": False,
    "SupportsTranscoding": True,
    "SupportsDirectStream": True,
    "SupportsDirectPlay": True,
    "IsInfiniteStream": False,
    "UseMostCompatibleTranscodingProfile": False,
    "RequiresOpening": False,
    "RequiresClosing": False,
    "RequiresLooping": False,
    "SupportsProbing": True,
    "VideoType": "VideoFile",
    "MediaAttachments": [],
    "Formats": [],
    "RequiredHttpHeaders": {},
    "TranscodingSubProtocol": "http",
    "DefaultAudioStreamIndex": 1,
}


def media_source(item: Item, streams: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one MediaSourceInfo of a video file, with every non-nullable member set."""
    streams = media_streams(item) if streams is None else streams
    name = (item.path or item.name).rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return {
        "Id": item.id,
        "Path": item.path,
        "Container": item.container,
        "Size": item.size,
        "Name": name,
        "ETag": f"{item.bits:016x}{item.image_version:016x}",
        "RunTimeTicks": item.runtime_ticks,
        "MediaStreams": streams,
        "Bitrate": item.bitrate,
        "HasSegments": bool(segment_plan(item)),
    } | _SOURCE_CONSTANTS


def has_versions(item: Item) -> bool:
    """Whether a movie comes in two versions (two files merged into one item): one in five."""
    return item.kind == MOVIE and item.ordinal % 5 == 1


def alternate_id(item: Item) -> str:
    """The id of a movie's second version (the merged file's own item id, as the server has)."""
    return hashlib.blake2b(f"{item.id}:alternate".encode(), digest_size=16).hexdigest()


def _alternate_video(item: Item) -> tuple[int, int, str, str, int, str, str]:
    # A 4K HDR file beside an HD one, or an HD one beside a 4K original.
    own = video_variant(item)
    return VIDEO_VARIANTS[0] if own[1] >= 2000 else VIDEO_VARIANTS[1]


def media_sources(item: Item, streams: list[Any] | None = None) -> list[dict[str, Any]]:
    """An item's MediaSourceInfos: its file, and for some movies a second version.

    As the real server names merged versions, each is named after its file's suffix
    ("Title - 2160p.mkv" is "2160p").
    """
    first = media_source(item, streams)
    if not has_versions(item):
        return [first]
    width, height, codec, profile, level, title, range_type = _alternate_video(item)
    base = (item.path or item.name).rsplit(".", 1)[0]
    video = _layout(_layout_of(item))[0] | {
        "Codec": codec,
        "DisplayTitle": title,
        "IsAVC": codec == "h264",
        "VideoRange": "HDR" if range_type != "SDR" else "SDR",
        "VideoRangeType": range_type,
        "BitDepth": 10 if range_type != "SDR" else 8,
        "Width": width,
        "Height": height,
        "Profile": profile,
        "Level": level,
    }
    # The 4K file is three times the HD one, in bitrate and size.
    bitrate, size = item.bitrate or 6_000_000, item.size or 0
    bitrate, size = (bitrate * 3, size * 3) if height >= 2000 else (bitrate // 3, size // 3)
    video["BitRate"] = max(bitrate - 640_000, bitrate // 2)
    second = first | {
        "Id": alternate_id(item),
        "Path": f"{base} - {height}p.{item.container or 'mkv'}",
        "Name": f"{height}p",
        "Size": size,
        "Bitrate": bitrate,
        "ETag": f"{item.bits:016x}{item.image_version + 1:016x}",
        "MediaStreams": [video, *first["MediaStreams"][1:]],
    }
    first = first | {"Name": f"{video_variant(item)[1]}p"}
    return [first, second]


def media_source_by_id(item: Item, source_id: str | None) -> dict[str, Any]:
    """The MediaSourceInfo a MediaSourceId names (the first when absent or unknown)."""
    sources = media_sources(item)
    wanted = (source_id or "").replace("-", "").lower()
    return next((s for s in sources if s["Id"] == wanted), sources[0])


def chapters(item: Item) -> list[dict[str, Any]]:
    """Chapter marks every ten minutes for movies, none for episodes."""
    if item.kind != MOVIE or not item.runtime_ticks:
        return []
    step = 600 * TICKS_PER_SECOND
    return [
        {"StartPositionTicks": start, "Name": f"Chapter {n + 1}", "ImageDateModified": MIN_DATE}
        for n, start in enumerate(range(0, item.runtime_ticks, step))
    ]


def segment_plan(item: Item) -> list[tuple[str, int, int]]:
    """(type, start ticks, end ticks) of an episode's segments, in order; movies have none."""
    if item.kind != EPISODE or not item.runtime_ticks:
        return []
    bits, runtime, second = item.bits, item.runtime_ticks, TICKS_PER_SECOND
    plan: list[tuple[str, int, int]] = []
    cursor = 0
    if bits % 5 == 0:  # a recap before the intro
        cursor = (20 + (bits >> 3) % 40) * second
        plan.append(("Recap", 0, cursor))
    if bits % 10 < 8:
        start = cursor + (bits >> 9) % 90 * second
        plan.append(("Intro", start, start + (30 + (bits >> 15) % 60) * second))
    if (bits >> 21) % 20 < 17:
        preview = (bits >> 27) % 7 == 0
        end = runtime - (45 * second if preview else 0)
        plan.append(("Outro", end - (60 + (bits >> 31) % 120) * second, end))
        if preview:
            plan.append(("Preview", end, runtime))
    return plan


def segments(item: Item, types: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """MediaSegmentDto objects of an item, optionally only some types."""
    return [
        {
            "Id": hashlib.blake2b(f"{item.id}:{kind}".encode(), digest_size=16).hexdigest(),
            "ItemId": item.id,
            "Type": kind,
            "StartTicks": start,
            "EndTicks": end,
        }
        for kind, start, end in segment_plan(item)
        if types is None or kind in types
    ]
