"""The HLS transcoder's routes: master playlist, variant (media) playlist and segments.

As Jellyfin 10.11 (`DynamicHlsController`): `master.m3u8` points at `main.m3u8` with
the same query; the variant lists `hls1/main/{n}.ts` segments, each carrying the
required `runtimeTicks` and `actualSegmentLengthTicks`. A test's MPEG-TS clip
(`FakeJellyfin.set_transcode`) is served as the one segment, so mpv plays it.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from tests.fakes.hls import media_playlist, segment_body, segment_lengths
from tests.fakes.jellyfin import media
from tests.fakes.jellyfin.routing import Ctx, problem, route

TICKS_PER_S = 10_000_000


@route("GET", "/Videos/{itemId}/master.m3u8")
async def master_playlist(ctx: Ctx) -> web.Response:
    """An HLS master playlist pointing at one variant."""
    item = ctx.item()
    if not ctx.params.get("mediaSourceId"):
        return problem(400, "The mediaSourceId field is required.")
    width, height = media.video_variant(item)[:2]
    bandwidth = min(item.bitrate or 0, ctx.params.number("videoBitrate") or 10**9) + 192_000
    query = ctx.request.query_string
    text = (
        "#EXTM3U\n"
        f"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},AVERAGE-BANDWIDTH={bandwidth},"
        f'CODECS="avc1.640028,mp4a.40.2",RESOLUTION={width}x{height},FRAME-RATE=23.976\n'
        f"main.m3u8?{query}\n"
    )
    return web.Response(text=text, content_type="application/x-mpegURL")


@route("GET", "/Videos/{itemId}/main.m3u8")
async def variant_playlist(ctx: Ctx) -> web.Response:
    """The variant's media playlist: every segment of the transcode, then ENDLIST."""
    item = ctx.item()
    lengths = segment_lengths(ctx.server.transcodes.get(item.id))
    query = ctx.request.query_string
    uris, start = [], 0
    for n, length in enumerate(lengths):
        ticks = int(length * TICKS_PER_S)
        uris.append(
            f"hls1/main/{n}.ts?{query}&runtimeTicks={start}&actualSegmentLengthTicks={ticks}"
        )
        start += ticks
    return web.Response(text=media_playlist(uris, lengths), content_type="application/x-mpegURL")


@route("GET", "/Videos/{itemId}/hls1/{playlistId}/{segmentId}.{container}")
async def segment(ctx: Ctx) -> web.StreamResponse:
    """One MPEG-TS segment of the transcode."""
    item = ctx.item()
    for required in ("runtimeTicks", "actualSegmentLengthTicks"):
        if ctx.params.get(required) is None:
            return problem(400, f"The {required} field is required.")
    try:
        index = int(ctx.path["segmentId"])
    except ValueError:
        return problem(400, "The value is not valid for segmentId.")
    body = segment_body(ctx.server.transcodes.get(item.id), index)
    if body is None:
        return problem(404)
    if isinstance(body, Path):
        return web.FileResponse(body, headers={"Content-Type": "video/mp2t"})
    return web.Response(body=body, content_type="video/mp2t")
