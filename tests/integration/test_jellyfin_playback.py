"""Playback data from the fake Jellyfin: targets, subtitles, segments, progress reports."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from reel_qt.backends.base import PlaybackState
from reel_qt.backends.jellyfin.playback import JellyfinPlayback
from reel_qt.core.records import MarkerKind
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.sync.playback_data import PlaybackPreparer
from reel_qt.sync.sources import jellyfin_backend
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.jellyfin.media import segment_plan
from tests.integration.jellyfin_helpers import signed_in_runtime

TICKS_PER_MS = 10_000
SEGMENT_KINDS = {
    "Intro": MarkerKind.INTRO,
    "Outro": MarkerKind.CREDITS,
    "Recap": MarkerKind.RECAP,
    "Preview": MarkerKind.PREVIEW,
}


async def test_direct_play_transcode_subtitles_and_reports(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        backend = await jellyfin_backend(source, runtime.credentials, runtime.identity)
        playback = JellyfinPlayback(backend.client)
        movie = fake_jellyfin.library.movies[0]
        fake_jellyfin.set_media(movie.id, b"\x1a\x45\xdf\xa3 not really a film")
        try:
            direct = await playback.target(movie.id)
            assert not direct.transcoded
            assert direct.url.startswith(f"{fake_jellyfin.url}/Videos/{movie.id}/stream")
            assert "static=true" in direct.url
            token = backend.client.token
            assert token and token not in direct.url
            assert f'Token="{token}"' in direct.headers["Authorization"]
            async with aiohttp.ClientSession() as session:
                async with session.get(direct.url, headers=direct.headers) as reply:
                    assert reply.status == 200
                    assert await reply.read() == b"\x1a\x45\xdf\xa3 not really a film"
                for subtitle in direct.subtitles:
                    assert token not in subtitle.url and "api" not in subtitle.url.lower()
                    async with session.get(subtitle.url, headers=direct.headers) as reply:
                        assert reply.status == 200

            low = await playback.target(movie.id, max_bitrate=1_000_000)
            assert low.transcoded and ".m3u8" in low.url and token not in low.url
            [info] = fake_jellyfin.requests_to(f"/Items/{movie.id}/PlaybackInfo", "POST")[-1:]
            assert info.json["MaxStreamingBitrate"] == 1_000_000
            assert info.json["DeviceProfile"]["DirectPlayProfiles"][0]["Type"] == "Video"

            await playback.started(movie.id, 0, play_session_id=low.play_session_id)
            await playback.progress(movie.id, 600_000, paused=True)
            assert movie.position_ticks == 600_000 * TICKS_PER_MS
            await playback.stopped(movie.id, 720_000)
            assert movie.position_ticks == 720_000 * TICKS_PER_MS
            await playback.set_played(movie.id, True)
            assert movie.played
            await playback.set_played(movie.id, False)
            assert not movie.played
        finally:
            await backend.close()


async def test_segments_become_stored_markers(tmp_path: Path, fake_jellyfin: FakeJellyfin) -> None:
    episode = next(e for e in fake_jellyfin.library.episodes if segment_plan(e))
    expected = sorted(
        (SEGMENT_KINDS[kind], start // TICKS_PER_MS, end // TICKS_PER_MS)
        for kind, start, end in segment_plan(episode)
        if kind in SEGMENT_KINDS
    )
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        await runtime.sync.sync_sources()
        rows = await runtime.service.list_items(ItemFilter(source_id=source.id, type="episode"))
        ids = {(await runtime.service.get_item(r.id)).remote_id: r.id for r in rows}
        preparer = PlaybackPreparer(runtime.service, runtime.backends)
        ready = await preparer.prepare(ids[episode.id])
        assert sorted((m.kind, m.start_ms, m.end_ms) for m in ready.markers) == expected
        stored = await runtime.service.get_markers(ids[episode.id])
        assert sorted((m.kind, m.start_ms, m.end_ms) for m in stored) == expected


async def test_live_reports_follow_the_session(tmp_path: Path, fake_jellyfin: FakeJellyfin) -> None:
    async with signed_in_runtime(tmp_path, fake_jellyfin) as (runtime, source):
        backend = await jellyfin_backend(source, runtime.credentials, runtime.identity)
        movie = fake_jellyfin.library.movies[1]
        target = await backend.playback_target(movie.id)
        try:
            for state, position in (
                (PlaybackState.PLAYING, 1_000),
                (PlaybackState.PLAYING, 11_000),
                (PlaybackState.PAUSED, 12_000),
                (PlaybackState.STOPPED, 15_000),
            ):
                await backend.report_playback(
                    movie.id, state, position_ms=position, duration_ms=None, target=target
                )
        finally:
            await backend.close()
    started = fake_jellyfin.requests_to("/Sessions/Playing", "POST")
    progress = fake_jellyfin.requests_to("/Sessions/Playing/Progress", "POST")
    stopped = fake_jellyfin.requests_to("/Sessions/Playing/Stopped", "POST")
    # Begun once, then progress (paused or not), then the end, each at its position.
    assert [r.json["PositionTicks"] for r in started] == [1_000 * TICKS_PER_MS]
    assert [(r.json["PositionTicks"], r.json["IsPaused"]) for r in progress] == [
        (11_000 * TICKS_PER_MS, False),
        (12_000 * TICKS_PER_MS, True),
    ]
    assert [r.json["PositionTicks"] for r in stopped] == [15_000 * TICKS_PER_MS]
    assert {r.json.get("PlaySessionId") for r in [*started, *progress, *stopped]} == {
        target.play_session_id
    }
