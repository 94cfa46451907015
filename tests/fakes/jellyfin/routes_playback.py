"""Handlers for playback: PlaybackInfo, streams, subtitles, reports, played state, images."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from tests.fakes.jellyfin import images, media
from tests.fakes.jellyfin.dto import user_data
from tests.fakes.jellyfin.library import PLAYABLE, Item, parse_date
from tests.fakes.jellyfin.routing import Ctx, HttpError, json_response, no_content, problem, route

# The body served for a video no test gave a file for: 64 KiB, so ranges are meaningful.
FIXED_BODY = bytes((n * 31 + 7) % 256 for n in range(64 * 1024))
_VIDEO_TYPES = {"mkv": "video/x-matroska", "mp4": "video/mp4", "avi": "video/x-msvideo"}


def _bitrate_allows(item: Item, limit: int | None) -> bool:
    return limit is None or (item.bitrate or 0) <= limit


def _profile_allows(item: Item, profile: Any) -> bool:
    """Whether a DeviceProfile's DirectPlayProfiles cover the item's container and codecs."""
    if not isinstance(profile, dict):
        return True
    entries = next((v for k, v in profile.items() if k.lower() == "directplayprofiles"), None)
    if entries is None:
        return True
    codec = media.video_variant(item)[2]
    for entry in entries:
        get = {k.lower(): v for k, v in entry.items()}.get
        if str(get("type", "Video")).lower() != "video":
            continue
        containers = {c.strip().lower() for c in str(get("container") or "").split(",") if c}
        codecs = {c.strip().lower() for c in str(get("videocodec") or "").split(",") if c}
        if (not containers or item.container in containers) and (not codecs or codec in codecs):
            return True
    return False


def _option(ctx: Ctx, name: str) -> Any:
    """A PlaybackInfo setting from the JSON body, else from the query string (typed)."""
    value = ctx.body(name)
    if value is not None:
        return value
    text = ctx.params.get(name)
    if text is None:
        return None
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return int(text) if text.lstrip("-").isdigit() else text


def _deliver_subtitles(ctx: Ctx, item: Item, source: dict[str, Any], direct: bool) -> None:
    # Text subtitles are sent as separate files (DeliveryUrl), image ones burnt in or embedded.
    token = ctx.session.token if ctx.session else ""
    for stream in source["MediaStreams"]:
        if stream["Type"] != "Subtitle":
            continue
        if stream["IsTextSubtitleStream"]:
            fmt = "ass" if stream["Codec"] == "ass" else "srt"
            stream["DeliveryMethod"] = "External"
            stream["DeliveryUrl"] = (
                f"/Videos/{item.id}/{item.id}/Subtitles/{stream['Index']}/0/Stream.{fmt}"
                f"?ApiKey={token}"
            )
            stream["IsExternalUrl"] = False
        else:
            stream["DeliveryMethod"] = "Embed" if direct else "Encode"


def _transcoding_url(ctx: Ctx, item: Item, limit: int | None, play_session: str) -> str:
    reason = (
        "ContainerNotSupported"
        if _bitrate_allows(item, limit)
        else ("ContainerBitrateExceedsLimit")
    )
    query: dict[str, Any] = {
        "DeviceId": ctx.auth.get("DeviceId", ""),
        "MediaSourceId": item.id,
        "VideoCodec": "h264",
        "AudioCodec": "aac",
        "AudioStreamIndex": _option(ctx, "AudioStreamIndex") or 1,
        "VideoBitrate": max(200_000, (limit or item.bitrate or 0) - 192_000),
        "AudioBitrate": 192_000,
        "PlaySessionId": play_session,
        "ApiKey": ctx.session.token if ctx.session else "",
        "SegmentContainer": "ts",
        "TranscodeReasons": reason,
    }
    subtitle = _option(ctx, "SubtitleStreamIndex")
    if subtitle is not None:
        query["SubtitleStreamIndex"] = subtitle
    return f"/videos/{item.id}/master.m3u8?{urlencode(query)}"


@route("GET POST", "/Items/{itemId}/PlaybackInfo")
async def playback_info(ctx: Ctx) -> web.Response:
    """PlaybackInfoResponse: direct play when allowed, else a TranscodingUrl (HLS).

    Direct play is refused when MaxStreamingBitrate is below the file's bitrate, when a
    DeviceProfile's DirectPlayProfiles do not cover the container/codec, or when
    EnableDirectPlay is false.
    """
    item = ctx.item()
    play_session = secrets.token_hex(16)
    if item.kind not in PLAYABLE:
        return json_response({"MediaSources": [], "PlaySessionId": play_session})
    profile = ctx.body("DeviceProfile")
    limit = _option(ctx, "MaxStreamingBitrate")
    if limit is None and isinstance(profile, dict):
        limit = profile.get("MaxStreamingBitrate")
    direct = (
        _option(ctx, "EnableDirectPlay") is not False
        and _bitrate_allows(item, limit)
        and _profile_allows(item, profile)
    )
    source = media.media_source_by_id(item, _option(ctx, "MediaSourceId"))
    # Stream dicts are shared between items; this answer changes them, so copy first.
    source["MediaStreams"] = [dict(stream) for stream in source["MediaStreams"]]
    audio = _option(ctx, "AudioStreamIndex")
    subtitle = _option(ctx, "SubtitleStreamIndex")
    source["DefaultAudioStreamIndex"] = 1 if audio is None else audio
    source["DefaultSubtitleStreamIndex"] = -1 if subtitle is None else subtitle
    _deliver_subtitles(ctx, item, source, direct)
    if not direct:
        source["SupportsDirectPlay"] = False
        source["SupportsDirectStream"] = False
        if _option(ctx, "EnableTranscoding") is not False:
            source["TranscodingUrl"] = _transcoding_url(ctx, item, limit, play_session)
            source["TranscodingSubProtocol"] = "hls"
            source["TranscodingContainer"] = "ts"
    return json_response({"MediaSources": [source], "PlaySessionId": play_session})


def _byte_range(header: str | None, size: int) -> tuple[int, int] | int | None:
    """(first, last) of a single `bytes=` range, None for the whole body, 416 if unsatisfiable."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first_text, _, last_text = header[6:].strip().partition("-")
    try:
        if first_text == "":
            first, last = max(0, size - int(last_text)), size - 1
        else:
            first = int(first_text)
            last = min(size - 1, int(last_text)) if last_text else size - 1
    except ValueError:
        return None
    return 416 if first >= size or last < first else (first, last)


@route("GET", "/Videos/{itemId}/stream", "/Videos/{itemId}/stream.{container}", auth=False)
async def stream(ctx: Ctx) -> web.StreamResponse:
    """The file's bytes (a test's file, or a fixed body), with Range support.

    No token needed: the 10.11 spec declares no security on this route.
    """
    item = ctx.item()
    content_type = _VIDEO_TYPES.get(ctx.path.get("container") or item.container or "", "video/mp4")
    configured = ctx.server.media_files.get(item.id)
    if isinstance(configured, Path):
        return web.FileResponse(configured, headers={"Content-Type": content_type})
    body = FIXED_BODY if configured is None else configured
    wanted = _byte_range(ctx.request.headers.get("Range"), len(body))
    headers = {"Accept-Ranges": "bytes", "Content-Type": content_type}
    if wanted == 416:
        headers["Content-Range"] = f"bytes */{len(body)}"
        return web.Response(status=416, headers=headers)
    if isinstance(wanted, tuple):
        first, last = wanted
        headers["Content-Range"] = f"bytes {first}-{last}/{len(body)}"
        return web.Response(status=206, body=body[first : last + 1], headers=headers)
    return web.Response(body=body, headers=headers)


@route(
    "GET",
    "/Videos/{itemId}/{mediaSourceId}/Subtitles/{index}/Stream.{format}",
    "/Videos/{itemId}/{mediaSourceId}/Subtitles/{index}/{startTicks}/Stream.{format}",
    auth=False,
)
async def subtitle(ctx: Ctx) -> web.Response:
    """A subtitle stream as SRT (or WebVTT when asked for `vtt`)."""
    item = ctx.item()
    try:
        index = int(ctx.path["index"])
    except ValueError:
        return problem(400, "The value is not valid for index.")
    streams = media.media_streams(item)
    if not 0 <= index < len(streams) or streams[index]["Type"] != "Subtitle":
        return problem(404)
    language = streams[index].get("Language", "und")
    lines = [f"[{language}] {item.name}", "Second cue", "Third cue"]
    if ctx.path["format"].lower() == "vtt":
        cues = [
            f"00:00:0{2 * n + 1}.000 --> 00:00:0{2 * n + 2}.500\n{t}" for n, t in enumerate(lines)
        ]
        return web.Response(text="WEBVTT\n\n" + "\n\n".join(cues) + "\n", content_type="text/vtt")
    cues = [
        f"{n + 1}\n00:00:0{2 * n + 1},000 --> 00:00:0{2 * n + 2},500\n{t}"
        for n, t in enumerate(lines)
    ]
    return web.Response(text="\n\n".join(cues) + "\n", content_type="text/plain")


def _reported_item(ctx: Ctx) -> Item | None:
    item_id = str(ctx.body("ItemId", "")).replace("-", "").lower()
    return ctx.server.library.by_id.get(item_id)


@route("POST", "/Sessions/Playing")
async def playing(ctx: Ctx) -> web.Response:
    """PlaybackStartInfo: counts the play and clears Played, as the real server does."""
    item = _reported_item(ctx)
    if item is not None and item.kind in PLAYABLE:
        ctx.server.library.start_playback(item, ctx.server.now_us())
    return no_content()


@route("POST", "/Sessions/Playing/Progress")
async def progress(ctx: Ctx) -> web.Response:
    """PlaybackProgressInfo: stores the position."""
    item = _reported_item(ctx)
    position = ctx.body("PositionTicks")
    if item is not None and isinstance(position, int):
        ctx.server.library.save_progress(item, position, ctx.server.now_us())
    return no_content()


@route("POST", "/Sessions/Playing/Stopped")
async def stopped(ctx: Ctx) -> web.Response:
    """PlaybackStopInfo: past 90 % marks played and resets the position, under 5 % drops it."""
    item = _reported_item(ctx)
    if item is not None and item.kind in PLAYABLE:
        position = ctx.body("PositionTicks")
        ctx.server.library.report_position(
            item, position if isinstance(position, int) else None, ctx.server.now_us()
        )
    return no_content()


@route("POST", "/Sessions/Playing/Ping", "/Sessions/Capabilities", "/Sessions/Capabilities/Full")
async def session_noop(ctx: Ctx) -> web.Response:
    """Keep-alives and capability reports: accepted and ignored."""
    return no_content()


@route("POST DELETE", "/UserPlayedItems/{itemId}", "/Users/{userId}/PlayedItems/{itemId}")
async def played_items(ctx: Ctx) -> web.Response:
    """Mark played (POST, optional datePlayed) or unplayed (DELETE); returns UserItemDataDto."""
    if "userId" in ctx.path:
        ctx.check_user()
    item = ctx.item()
    server = ctx.server
    when = ctx.params.date_us("datePlayed")
    server.library.mark_played(item, ctx.request.method == "POST", server.now_us(), when)
    return json_response(user_data(server.library, item))


@route("POST DELETE", "/UserFavoriteItems/{itemId}", "/Users/{userId}/FavoriteItems/{itemId}")
async def favorite_items(ctx: Ctx) -> web.Response:
    """Mark (POST) or unmark (DELETE) a favourite; returns UserItemDataDto."""
    if "userId" in ctx.path:
        ctx.check_user()
    item = ctx.item()
    ctx.server.set_favorite(item.id, ctx.request.method == "POST")
    return json_response(user_data(ctx.server.library, item))


@route("GET", "/MediaSegments/{itemId}")
async def media_segments(ctx: Ctx) -> web.Response:
    """MediaSegmentDtoQueryResult: intro/outro (and some recap/preview) for episodes."""
    item = ctx.item()
    types = ctx.params.many("includeSegmentTypes")
    found = media.segments(item, frozenset(types) if types else None)
    return json_response({"Items": found, "TotalRecordCount": len(found), "StartIndex": 0})


@route(
    "GET",
    "/Items/{itemId}/Images/{imageType}",
    "/Items/{itemId}/Images/{imageType}/{imageIndex}",
    auth=False,
)
async def image(ctx: Ctx) -> web.Response:
    """A small PNG; 404 when the item (or person) has no such image."""
    item_id = ctx.guid("itemId")
    kind = ctx.path["imageType"].capitalize()
    try:
        index = int(ctx.path.get("imageIndex") or ctx.params.get("imageIndex") or 0)
    except ValueError as error:
        raise HttpError(problem(400, "The value is not valid for imageIndex.")) from error
    tag = images.find_image(ctx.server.library, item_id, kind, index)
    if tag is None:
        return problem(404)
    item = ctx.server.library.get(item_id)
    width, height = images.aspect(item, kind) if item is not None else (40, 60)
    headers = {"Cache-Control": "public, max-age=31536000"} if ctx.params.get("tag") else {}
    body = images.png(width, height, images.colour(tag))
    return web.Response(body=body, content_type="image/png", headers=headers)


@route("GET POST", "/UserItems/{itemId}/UserData", "/Users/{userId}/Items/{itemId}/UserData")
async def item_user_data(ctx: Ctx) -> web.Response:
    """Read (GET) or set (POST, UpdateUserItemDataDto) an item's user data.

    As UserDataManager.SaveUserData: every member the body carries is stored as given,
    members it leaves out (or nulls) stay as they were.
    """
    if "userId" in ctx.path:
        ctx.check_user()
    item = ctx.item()
    if ctx.request.method == "POST":
        played = ctx.body("Played")
        position = ctx.body("PlaybackPositionTicks")
        count = ctx.body("PlayCount")
        favorite = ctx.body("IsFavorite")
        last_played = ctx.body("LastPlayedDate")
        if isinstance(played, bool):
            item.played = played
        if isinstance(position, int) and not isinstance(position, bool):
            item.position_ticks = max(0, position)
        if isinstance(count, int) and not isinstance(count, bool):
            item.play_count = max(0, count)
        if isinstance(favorite, bool):
            item.favorite = favorite
        if isinstance(last_played, str):
            item.last_played_us = parse_date(last_played)
        item.user_saved_us = ctx.server.now_us()
        ctx.server.library.version += 1
    return json_response(user_data(ctx.server.library, item))
