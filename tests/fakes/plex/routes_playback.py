"""PMS routes for playing: artwork, media files, HLS, subtitles and play-state reports."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from aiohttp import web

from tests.fakes.hls import Transcode, media_playlist, segment_body, segment_lengths
from tests.fakes.jellyfin.images import png
from tests.fakes.plex import media
from tests.fakes.plex.app import Ctx, HttpError, Router, html_error, reply
from tests.fakes.plex.model import LIBRARY_IDENTIFIER, WATCHED_PCT, Item, View

ROUTES = Router()
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _item(ctx: Ctx, value: str | None) -> Item:
    """The item a `key`/`ratingKey` parameter names (`/library/metadata/12` or `12`)."""
    if not value:
        raise HttpError(html_error(400))
    item = ctx.server.library.get(value.rstrip("/").rsplit("/", 1)[-1])
    if item is None:
        raise HttpError(html_error(404))
    return item


def _colour(seed: str) -> tuple[int, int, int]:
    digest = hashlib.blake2b(seed.encode(), digest_size=3).digest()
    return digest[0], digest[1], digest[2]


def _image(ctx: Ctx, seed: str, width: int, height: int) -> web.Response:
    body = png(max(1, min(width, 512)), max(1, min(height, 512)), _colour(seed))
    return web.Response(body=body, content_type="image/png")


@ROUTES.route("GET", "/photo/:/transcode")
async def transcode_image(ctx: Ctx) -> web.StreamResponse:
    """A resized image of `url` (this fake always answers a single-colour PNG)."""
    url = ctx.param("url")
    if not url:
        return html_error(400)
    try:
        width, height = int(ctx.param("width") or 240), int(ctx.param("height") or 360)
    except ValueError:
        return html_error(400)
    return _image(ctx, url, width, height)


@ROUTES.route("GET", "/library/metadata/{ratingKey}/{kind}/{stamp}")
async def artwork(ctx: Ctx) -> web.StreamResponse:
    """An item's thumb or art at full size."""
    item = ctx.server.library.get(ctx.path["ratingKey"])
    kind = ctx.path["kind"]
    if (
        item is None
        or kind not in ("thumb", "art")
        or not (item.has_thumb if kind == "thumb" else item.has_art)
    ):
        return html_error(404)
    width, height = (200, 300) if kind == "thumb" and item.kind != "episode" else (320, 180)
    return _image(ctx, f"{item.rating_key}/{kind}/{item.updated_at}", width, height)


def default_media(item: Item) -> bytes:
    """The bytes served for a part nobody configured: 256 KiB, the same every time."""
    seed = hashlib.sha256(f"plex-part:{item.rating_key}".encode()).digest()
    return (seed * (256 * 1024 // len(seed) + 1))[: 256 * 1024]


@ROUTES.route("GET", "/library/parts/{partId}/{stamp}/{filename}")
async def part_file(ctx: Ctx) -> web.StreamResponse:
    """Direct play: the part's file, honouring Range (206) like PMS."""
    part = ctx.path["partId"]
    item = ctx.server.library.get(media.part_owner(int(part))) if part.isdigit() else None
    if item is None or not item.playable:
        return html_error(404)
    content = ctx.server.media_files.get(item.rating_key) or default_media(item)
    if isinstance(content, Path):
        return web.FileResponse(content)
    total = len(content)
    wanted = _RANGE.fullmatch(ctx.request.headers.get("Range", "").strip())
    if wanted is None or wanted.group(0) == "bytes=-":
        return web.Response(body=content, content_type="video/x-matroska",
                            headers={"Accept-Ranges": "bytes"})  # fmt: skip
    first, last = wanted.groups()
    if first == "":
        start, end = max(0, total - int(last)), total - 1
    else:
        start, end = int(first), min(int(last), total - 1) if last else total - 1
    if start >= total or start > end:
        return web.Response(status=416, headers={"Content-Range": f"bytes */{total}"})
    return web.Response(
        status=206,
        body=content[start : end + 1],
        content_type="video/x-matroska",
        headers={"Accept-Ranges": "bytes", "Content-Range": f"bytes {start}-{end}/{total}"},
    )


@ROUTES.route("GET", "/video/:/transcode/universal/start.m3u8")
async def hls_master(ctx: Ctx) -> web.StreamResponse:
    """A transcode session's HLS master playlist for `path=/library/metadata/{ratingKey}`."""
    item = _item(ctx, ctx.param("path"))
    session = ctx.param("session") or hashlib.md5(str(item.rating_key).encode()).hexdigest()
    ctx.server.transcode_sessions[session] = item.rating_key
    width, height = media.VIDEO_VARIANTS[media.layout_of(item) % 4][:2]
    bandwidth = (item.bitrate_kbps or 4000) * 1000
    body = (
        "#EXTM3U\n"
        f"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},RESOLUTION={width}x{height},"
        'CODECS="avc1.640028,mp4a.40.2"\n'
        f"session/{session}/base/index.m3u8\n"
    )
    return web.Response(text=body, content_type="application/vnd.apple.mpegurl")


def _session_transcode(ctx: Ctx) -> Transcode | None:
    """The test's clip for the item a transcode session plays, if it gave one."""
    rating_key = ctx.server.transcode_sessions.get(ctx.path["session"])
    return ctx.server.transcodes.get(rating_key) if rating_key is not None else None


@ROUTES.route("GET", "/video/:/transcode/universal/session/{session}/base/index.m3u8")
async def hls_media(ctx: Ctx) -> web.StreamResponse:
    """The session's media playlist: the test's clip as one segment, else three of 10 s."""
    lengths = segment_lengths(_session_transcode(ctx))
    uris = [f"{n:05d}.ts" for n in range(len(lengths))]
    body = media_playlist(uris, lengths)
    return web.Response(text=body, content_type="application/vnd.apple.mpegurl")


@ROUTES.route("GET", "/video/:/transcode/universal/session/{session}/base/{segment}.ts")
async def hls_segment(ctx: Ctx) -> web.StreamResponse:
    """A segment: the test's clip, or MPEG-TS null packets (valid framing, no picture)."""
    segment = ctx.path["segment"]
    body = segment_body(_session_transcode(ctx), int(segment)) if segment.isdigit() else None
    if body is None:
        return html_error(404)
    if isinstance(body, Path):
        return web.FileResponse(body, headers={"Content-Type": "video/mp2t"})
    return web.Response(body=body, content_type="video/mp2t")


@ROUTES.route("GET", "/library/streams/{streamId}")
async def stream_file(ctx: Ctx) -> web.StreamResponse:
    """A sidecar subtitle as SRT (`/library/streams/{id}` or `/library/streams/{id}.srt`)."""
    raw = ctx.path["streamId"].split(".", 1)[0]
    if not raw.isdigit():
        return html_error(404)
    rating_key, position = media.stream_owner(int(raw))
    item = ctx.server.library.get(rating_key)
    if item is None or not item.playable:
        return html_error(404)
    stream = next((s for s in media.streams(item) if s["id"] == int(raw)), None)
    if stream is None:
        return html_error(404)
    if stream["streamType"] != 3 or "key" not in stream:
        return html_error(501)  # not a sidecar subtitle
    return web.Response(
        text=media.subtitle_text(item, position), content_type="application/x-subrip"
    )


def _empty(ctx: Ctx) -> web.Response:
    return reply(ctx, "MediaContainer", {"size": 0})


def _threshold(item: Item, duration: int | None = None) -> int:
    return (duration or item.duration_ms or 0) * WATCHED_PCT // 100


@ROUTES.route("GET POST", "/:/timeline")
async def timeline(ctx: Ctx) -> web.StreamResponse:
    """A player's progress: stores the resume offset; past 90 % counts one play."""
    assert ctx.user is not None
    item = _item(ctx, ctx.param("ratingKey") or ctx.param("key"))
    state = ctx.param("state")
    try:
        position = int(ctx.param("time") or 0)
        duration = int(ctx.param("duration") or 0) or item.duration_ms
    except ValueError:
        return html_error(400)
    if state not in ("playing", "paused", "stopped", "buffering") or not item.playable:
        return html_error(400)
    ctx.server.report_position(ctx.user.id, item, position, _threshold(item, duration), state)
    return _empty(ctx)


def _identifier_ok(ctx: Ctx) -> None:
    if ctx.param("identifier") != LIBRARY_IDENTIFIER:
        raise HttpError(html_error(400))


@ROUTES.route("GET PUT", "/:/scrobble")
async def scrobble(ctx: Ctx) -> web.StreamResponse:
    """Mark watched (a show or season: all its episodes); the offset is cleared."""
    assert ctx.user is not None
    _identifier_ok(ctx)
    item = _item(ctx, ctx.param("key"))
    ctx.server.mark(ctx.user.id, item, True)
    return web.Response(status=200)


@ROUTES.route("GET PUT", "/:/unscrobble")
async def unscrobble(ctx: Ctx) -> web.StreamResponse:
    """Mark unwatched: plays, offset and last view date are gone."""
    assert ctx.user is not None
    _identifier_ok(ctx)
    item = _item(ctx, ctx.param("key"))
    ctx.server.mark(ctx.user.id, item, False)
    return web.Response(status=200)


@ROUTES.route("GET PUT POST", "/:/progress")
async def progress(ctx: Ctx) -> web.StreamResponse:
    """Store a resume offset as given (nothing is marked watched)."""
    assert ctx.user is not None
    item = _item(ctx, ctx.param("key"))
    try:
        position = int(ctx.param("time") or "")
    except ValueError:
        return html_error(400)
    if not item.playable:
        return html_error(400)
    views = ctx.server.library.user_views(ctx.user.id)
    views.setdefault(item.rating_key, View()).offset_ms = max(0, position)
    ctx.server.library.views_version += 1
    return web.Response(status=200)
