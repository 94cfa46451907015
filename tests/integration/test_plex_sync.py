"""Syncing a fake Plex Media Server into a real SQLite file over loopback.

Expected values come from the fake's generated library (`plex.library`, `tests.fakes.plex.
media`), never from what Reel stored.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reel_qt.backends.base import PlaybackState
from reel_qt.backends.http import HttpTransport, RetryPolicy
from reel_qt.backends.plex.backend import PlexBackend
from reel_qt.backends.plex.client import PlexClient
from reel_qt.core.errors import InvalidResponseError
from reel_qt.runtime import Runtime
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.views import SourceView
from reel_qt.sync.sources import plex_backend
from tests.event_recorder import EventRecorder
from tests.fakes.jellyfin.faults import FAIL, RETRY_AFTER, TRUNCATE
from tests.fakes.plex import FakePlex
from tests.fakes.plex import media as plex_media
from tests.fakes.plex.model import EPISODE, Item
from tests.integration.jellyfin_helpers import TcpRelay
from tests.integration.plex_helpers import (
    expected,
    plex_runtime,
    row_of,
    sign_in,
    small_pages,
    stored,
)


def _fast_retries(runtime: Runtime) -> None:
    """Small pages and quick retries, for tests of failures that outlast every retry."""

    async def factory(source: SourceView) -> PlexBackend:
        backend = await plex_backend(source, runtime.credentials, runtime.identity)
        backend.page_size, backend.detail_batch = 7, 3
        backend.client.transport.retry = RetryPolicy(attempts=2, base_delay_s=0.01)
        return backend

    runtime.backends.register("plex", factory)


async def test_full_sync_matches_the_server(tmp_path: Path, fake_plex: FakePlex) -> None:
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        small_pages(runtime)
        recorder = EventRecorder(runtime.bus)
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        want = expected(fake_plex)
        assert await stored(runtime, source.id) == want
        assert result.items_written == len(want) == sum(fake_plex.counts.values())
        libraries = {lib.name: lib.kind for lib in await runtime.service.list_libraries(source.id)}
        kinds = {"movie": "movies", "show": "shows"}
        assert libraries == {
            s.title: kinds.get(s.type, "unsupported") for s in fake_plex.library.sections
        }
        progress = [args for name, args in recorder.events if name == "syncProgress"]
        assert progress and progress[-1][2] == progress[-1][3]  # done == total at the end
        listings = [r for r in fake_plex.requests if r.path.endswith("/all")]
        assert {r.query["X-Plex-Container-Size"] for r in listings} == {"7", "0"}
        assert all(r.query["sort"] == "addedAt" for r in listings)


async def test_items_carry_full_metadata(tmp_path: Path, fake_plex: FakePlex) -> None:
    library = fake_plex.library
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        await runtime.sync.sync_sources()
        # A movie with more cast than any listing carries: only the details have them all.
        movie = next(m for m in library.movies if len(m.cast) > 3 and len(m.genres) > 2)
        detail = await runtime.service.get_item(await row_of(runtime, source.id, movie))
        people = library.people
        credits = {(c.kind, c.name, c.role) for c in detail.credits}
        assert credits == {
            *(("actor", people[i].name, people[i].character) for i in movie.cast),
            *(("director", people[i].name, None) for i in movie.directors),
            *(("writer", people[i].name, None) for i in movie.writers),
            *(("producer", people[i].name, None) for i in movie.producers),
        }
        genres = dict(library.genres)
        assert detail.genres == tuple(genres[g] for g in movie.genres)
        assert (detail.title, detail.year, detail.duration_ms) == (
            movie.title,
            movie.year,
            movie.duration_ms,
        )
        assert detail.studios == (movie.studio,)
        assert detail.poster_ref == f"/library/metadata/{movie.rating_key}/thumb/{movie.updated_at}"
        assert detail.added_at == movie.added_at * 1000
        from tests.fakes.plex import media

        streams = media.streams(movie)
        assert [(s.type, s.codec, s.language, s.is_external) for s in detail.streams] == [
            (
                {1: "video", 2: "audio", 3: "subtitle"}[s["streamType"]],
                s["codec"],
                s["languageCode"],
                "key" in s,
            )
            for s in streams
        ]

        episode = next(e for e in library.episodes if e.cast)
        detail = await runtime.service.get_item(await row_of(runtime, source.id, episode))
        assert (detail.season_number, detail.episode_number) == (
            episode.parent_index,
            episode.index,
        )
        season = await runtime.service.get_item(detail.parent_id or 0)
        show = await runtime.service.get_item(detail.show_id or 0)
        assert (season.remote_id, show.remote_id) == (str(episode.parent), str(episode.grandparent))
        assert {c.name for c in detail.credits if c.kind == "actor"} == {
            people[i].name for i in episode.cast
        }


def _spans(video: Item) -> set[tuple[str, int, int | None, str | None]]:
    """A video's markers and chapters as the fake generates them."""
    markers = {(m["type"], m["startTimeOffset"], m["endTimeOffset"], None) for m in
               plex_media.markers(video)}  # fmt: skip
    chapters = {("chapter", c["startTimeOffset"], c["endTimeOffset"], c.get("tag")) for c in
                plex_media.chapters(video)}  # fmt: skip
    return markers | chapters


async def test_sync_stores_markers_and_chapters(tmp_path: Path, fake_plex: FakePlex) -> None:
    library = fake_plex.library
    videos = [*library.movies, *library.episodes]
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        small_pages(runtime)
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        details = [r for r in fake_plex.requests if r.path.startswith("/library/metadata/")]
        assert details and all(
            r.query.get("includeMarkers") == "1" and r.query.get("includeChapters") == "1"
            for r in details
        )
        assert not [r for r in fake_plex.requests if r.path.endswith("/markers")]
        both = [v for v in videos if plex_media.markers(v) and plex_media.chapters(v)]
        bare = [v for v in videos if not _spans(v)]
        assert both and bare
        for video in [*both, *bare]:
            kept = await runtime.service.get_markers(await row_of(runtime, source.id, video))
            got = {(m.kind.value, m.start_ms, m.end_ms, m.title) for m in kept}
            assert len(kept) == len(got) and got == _spans(video), video.rating_key
            assert [m.start_ms for m in kept] == sorted(m.start_ms for m in kept)

        # A new file (another length) moves its spans: they are replaced, not added to.
        video = both[0]
        before = _spans(video)
        fake_plex.change_items([video.rating_key], duration_ms=(video.duration_ms or 0) + 600_000)
        assert _spans(video) != before
        [again] = await runtime.sync.sync_sources()
        assert again.ok, again.error
        got = await runtime.service.get_markers(await row_of(runtime, source.id, video))
        assert {(m.kind.value, m.start_ms, m.end_ms, m.title) for m in got} == _spans(video)


async def test_each_home_user_has_their_own_watched_state(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    async with plex_runtime(tmp_path, fake_plex, user="Kid", pin="1234") as (runtime, source):
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert source.config["user_name"] == "Kid"
        mine = await stored(runtime, source.id)
        assert mine == expected(fake_plex, "Kid")
        assert mine != expected(fake_plex)  # the owner watched other things
        tokens = {r.token for r in fake_plex.requests if r.app == "pms" and r.token}
        assert tokens == {fake_plex.server_token("Kid")}


async def test_unchanged_library_syncs_with_few_small_requests(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    async with plex_runtime(tmp_path, fake_plex) as (runtime, _):
        await runtime.sync.sync_sources()
        before = len(fake_plex.requests)
        started = time.monotonic()
        [result] = await runtime.sync.sync_sources()
        took = time.monotonic() - started
        assert result.ok and result.items_written == 0 and result.items_deleted == 0
        again = fake_plex.requests[before:]
        assert not [r for r in again if r.path.startswith("/library/metadata")]
        listings = [r for r in again if r.path.endswith("/all")]
        # contentChangedAt did not move: no pass over changed items; views and counts only.
        assert all(
            "lastViewedAt>>" in r.query or r.query["X-Plex-Container-Size"] == "0" for r in listings
        ), [r.query for r in listings]
        assert len(again) <= 16
        assert took < 1.0


async def test_incremental_sync_sees_additions_changes_deletions_and_views(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    library = fake_plex.library
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        small_pages(runtime)
        await runtime.sync.sync_sources()
        owner = library.user_views(fake_plex.accounts.owner.id)
        unseen = [m for m in library.movies if m.rating_key not in owner]
        seen = next(m for m in library.movies[2:] if m.rating_key in owner)  # not changed
        fake_plex.add_movies(3)
        fake_plex.add_episodes(library.seasons[1].rating_key, 2)
        fake_plex.change_items(2)
        doomed = fake_plex.delete_items([library.shows[-1].rating_key])
        fake_plex.set_watched(unseen[0].rating_key, watched=True)
        fake_plex.set_watched(unseen[1].rating_key, watched=False, offset_ms=600_000)
        fake_plex.set_watched(seen.rating_key, watched=False)  # no lastViewedAt left
        before = len(fake_plex.requests)

        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert await stored(runtime, source.id) == expected(fake_plex)
        assert result.items_deleted == len(doomed) > 1  # the show and everything below it
        again = fake_plex.requests[before:]
        full = [
            r
            for r in again
            if r.path.endswith("/all") and r.query["X-Plex-Container-Size"] == "7"
            and not any(">>" in key for key in r.query)
        ]  # fmt: skip
        assert full == []  # only changes, views and ids were listed


async def test_deletions_of_each_type_are_found_by_incremental_syncs(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    library = fake_plex.library
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        small_pages(runtime)
        await runtime.sync.sync_sources()
        show = library.shows[0]
        season = next(s for s in library.seasons if s.parent != show.rating_key)
        episode = next(
            e for e in library.episodes if e.grandparent not in (show.rating_key, season.parent)
        )
        # One kind at a time, each found by the next sync: a movie, a lone episode, a
        # season with its episodes, a show with everything below it.
        for doomed_key in (library.movies[3].rating_key, episode.rating_key,
                           season.rating_key, show.rating_key):  # fmt: skip
            doomed = fake_plex.delete_items([doomed_key])
            [result] = await runtime.sync.sync_sources()
            assert result.ok, result.error
            assert result.items_deleted == len(doomed), doomed_key
            assert await stored(runtime, source.id) == expected(fake_plex)


async def test_marked_unwatched_elsewhere_with_nothing_else_changed(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    library = fake_plex.library
    views = library.user_views(fake_plex.accounts.owner.id)
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        await runtime.sync.sync_sources()
        episode = next(e for e in library.episodes if views.get(e.rating_key))
        fake_plex.set_watched(episode.rating_key, watched=False)
        for leaf in library.leaves(library.by_key[episode.grandparent or 0]):
            if leaf is not episode:
                fake_plex.set_watched(leaf.rating_key, watched=True)
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert await stored(runtime, source.id) == expected(fake_plex)
        show = await runtime.service.get_item(
            await row_of(runtime, source.id, library.by_key[episode.grandparent or 0])
        )
        assert show.progress is not None and not show.progress.watched

        # And a third sync, with nothing changed at all, proves it from one count.
        before = len(fake_plex.requests)
        [result] = await runtime.sync.sync_sources()
        assert result.ok and result.items_written == 0
        viewed_lists = [
            r
            for r in fake_plex.requests[before:]
            if r.query.get("lastViewedAt>>") == "0" and r.query["X-Plex-Container-Size"] != "0"
        ]
        assert viewed_lists == []


@pytest.mark.expect_log_warnings
async def test_interrupted_sync_keeps_pages_and_resumes(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        _fast_retries(runtime)
        # The count and two pages of movies pass, then the network is dead for listings.
        fake_plex.faults.fail_next(1_000, status=502, path="/1/all$", after=3)
        [failed] = await runtime.sync.sync_sources()
        assert not failed.ok and "internal error (HTTP 502)" in (failed.error or "")
        rows = await runtime.service.list_items(ItemFilter(source_id=source.id))
        assert len(rows) == 14  # the two whole pages reached the database, nothing else

        fake_plex.faults.clear()
        before = len(fake_plex.requests)
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        resumed = [
            r
            for r in fake_plex.requests[before:]
            if r.path == "/library/sections/1/all" and r.query["X-Plex-Container-Size"] == "7"
        ]
        assert resumed[0].query["X-Plex-Container-Start"] == "14"
        assert await stored(runtime, source.id) == expected(fake_plex)


async def test_busy_server_is_retried_after_the_delay_it_asks_for(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        fake_plex.faults.retry_after(0.3, n=1, path="/all$")
        fake_plex.faults.fail_next(1, status=500, path="^/library/metadata/")
        fake_plex.faults.truncate_next(1, path="^/library/metadata/")
        started = time.monotonic()
        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert time.monotonic() - started >= 0.3
        assert [kind for kind, _, _ in fake_plex.faults.fired] == [RETRY_AFTER, FAIL, TRUNCATE]
        assert await stored(runtime, source.id) == expected(fake_plex)


@pytest.mark.expect_log_warnings
async def test_malformed_page_fails_clearly_and_loses_nothing(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        await runtime.sync.sync_sources()
        before = await stored(runtime, source.id)
        fake_plex.faults.malformed_next(1, path="^/library/metadata/")
        [result] = await runtime.sync.sync_sources(full=True)
        assert not result.ok
        assert result.error is not None and "cannot read" in result.error
        assert await stored(runtime, source.id) == before


async def test_xml_answers_are_rejected_in_words(fake_plex: FakePlex, tmp_path: Path) -> None:
    async with plex_runtime(tmp_path, fake_plex) as (runtime, _):
        client = PlexClient(
            HttpTransport([fake_plex.server_url]), runtime.identity, token=fake_plex.server_token()
        )
        # As if a proxy dropped the Accept header: the server answers XML.
        client.transport.headers = lambda: {
            k: v for k, v in client.headers().items() if k != "Accept"
        }
        backend = PlexBackend(client)
        try:
            with pytest.raises(InvalidResponseError, match="XML instead of JSON"):
                await backend.libraries()
        finally:
            await backend.close()


@pytest.mark.expect_log_warnings
async def test_revoked_token_needs_sign_in_and_keeps_the_library(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        await runtime.sync.sync_sources()
        before = await stored(runtime, source.id)
        fake_plex.revoke_tokens()
        [result] = await runtime.sync.sync_sources()
        assert not result.ok and result.error is not None and "Sign in again" in result.error
        stale = await runtime.service.get_source(source.id)
        assert stale.needs_sign_in
        assert await stored(runtime, source.id) == before  # still browsable

        signed = await sign_in(fake_plex, runtime.identity)
        fresh = await runtime.setup.plex_sign_in_again(stale, signed)
        assert not fresh.needs_sign_in
        assert await runtime.credentials.aload(fresh.config["account_ref"]) == (
            fake_plex.account_token
        )
        [again] = await runtime.sync.sync_sources()
        assert again.ok, again.error


async def test_another_connection_takes_over_mid_use(tmp_path: Path, fake_plex: FakePlex) -> None:
    relay = TcpRelay(fake_plex.port)
    lan = await relay.start()
    try:
        async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
            # The relay stands for the LAN connection, tried first; the fake's own is remote.
            config = {**source.config, "addresses": [lan, fake_plex.server_url]}
            source = await runtime.service.update_source(source.id, config=config)
            backend = await plex_backend(source, runtime.credentials, runtime.identity)
            try:
                await backend.libraries()
                assert backend.client.base_url == lan
                await relay.stop()
                fake_plex.add_movies(1)
                assert len(await backend.libraries()) == len(fake_plex.library.sections)
                assert backend.client.base_url == fake_plex.server_url
            finally:
                await backend.close()
            [result] = await runtime.sync.sync_sources()
            assert result.ok, result.error
            assert await stored(runtime, source.id) == expected(fake_plex)
    finally:
        await relay.stop()


async def test_the_connection_that_took_over_is_tried_first_next_time(
    tmp_path: Path, fake_plex: FakePlex
) -> None:
    relay = TcpRelay(fake_plex.port)
    lan = await relay.start()
    try:
        async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
            # The relay stands for the LAN connection, preferred; the fake's own is remote.
            config = {**source.config, "addresses": [lan, fake_plex.server_url]}
            source = await runtime.service.update_source(source.id, url=lan, config=config)
            [first] = await runtime.sync.sync_sources()
            assert first.ok, first.error
            unmoved = await runtime.service.get_source(source.id)
            assert (unmoved.url, unmoved.config["addresses"]) == (lan, [lan, fake_plex.server_url])

            await relay.stop()
            fake_plex.add_movies(2)
            [second] = await runtime.sync.sync_sources()
            assert second.ok, second.error
            moved = await runtime.service.get_source(source.id)
            assert moved.url == fake_plex.server_url
            assert moved.config["addresses"] == [fake_plex.server_url, lan]  # LAN kept, second
            assert await stored(runtime, source.id) == expected(fake_plex)

            # What the next start builds from the stored source asks the working one first.
            backend = await runtime.backends.create(moved)
            try:
                assert isinstance(backend, PlexBackend)
                assert backend.client.base_url == fake_plex.server_url
                await backend.libraries()
            finally:
                await backend.close()
            assert (await runtime.service.get_source(source.id)).config == moved.config
    finally:
        await relay.stop()


async def test_local_progress_reaches_the_server(tmp_path: Path, fake_plex: FakePlex) -> None:
    library = fake_plex.library
    async with plex_runtime(tmp_path, fake_plex, user="Guest Room") as (runtime, source):
        await runtime.sync.sync_sources()
        guest = library.user_views(fake_plex.accounts.user("Guest Room").id)
        owner_before = dict(library.user_views(fake_plex.accounts.owner.id))
        resumed, finished, gone = [m for m in library.movies if m.rating_key not in guest][:3]
        await runtime.service.save_progress(
            await row_of(runtime, source.id, resumed), position_ms=754_000
        )
        await runtime.service.set_watched(await row_of(runtime, source.id, finished), True)
        await runtime.service.set_watched(await row_of(runtime, source.id, gone), True)
        fake_plex.delete_items([gone.rating_key])

        [result] = await runtime.sync.sync_sources()
        assert result.ok, result.error
        assert guest[resumed.rating_key].offset_ms == 754_000
        assert guest[resumed.rating_key].count == 0
        assert guest[finished.rating_key].count >= 1
        assert library.user_views(fake_plex.accounts.owner.id) == owner_before  # not theirs
        assert await runtime.service.pending_progress(source.id) == []
        scrobbles = fake_plex.requests_to("/:/scrobble")
        assert scrobbles and all(
            r.query["identifier"] == "com.plexapp.plugins.library" for r in scrobbles
        )


async def test_playback_targets_subtitles_and_markers(tmp_path: Path, fake_plex: FakePlex) -> None:
    import aiohttp

    from reel_qt.sync.playback_data import PlaybackPreparer
    from tests.fakes.plex import media
    from tests.fakes.plex.routes_playback import default_media

    library = fake_plex.library
    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        await runtime.sync.sync_sources()
        item = next(
            e
            for e in library.episodes
            if any("key" in s for s in media.streams(e)) and media.markers(e)
            and media.chapters(e)
        )  # fmt: skip
        item_id = await row_of(runtime, source.id, item)
        preparer = PlaybackPreparer(runtime.service, runtime.backends)
        prepared = await preparer.prepare(item_id)
        target = prepared.target
        token = fake_plex.server_token()
        assert target.url.startswith(fake_plex.server_url + f"/library/parts/{item.rating_key}/")
        assert token not in target.url and not target.transcoded
        assert target.headers["X-Plex-Token"] == token
        kinds = {"intro": "intro", "credits": "credits", "commercial": "commercial"}
        want = {(kinds[m["type"]], m["startTimeOffset"], m["endTimeOffset"]) for m in
                media.markers(item)} | {("chapter", c["startTimeOffset"], c["endTimeOffset"])
                                        for c in media.chapters(item)}  # fmt: skip
        assert {(m.kind, m.start_ms, m.end_ms) for m in prepared.markers} == want
        assert await runtime.service.get_markers(item_id) == prepared.markers  # kept offline

        sidecars = [s for s in media.streams(item) if "key" in s]
        assert [s.url for s in target.subtitles] == [
            fake_plex.server_url + s["key"] for s in sidecars
        ]
        async with aiohttp.ClientSession(headers=target.headers) as http:
            async with http.get(target.url) as reply:
                assert reply.status == 200 and await reply.read() == default_media(item)
            async with http.get(target.subtitles[0].url) as reply:
                assert item.title in await reply.text()

            transcode = (await preparer.prepare(item_id, max_bitrate=4_000_000)).target
            assert transcode.transcoded and "start.m3u8" in transcode.url
            assert "maxVideoBitrate=4000" in transcode.url and token not in transcode.url
            async with http.get(transcode.url) as reply:
                assert (await reply.text()).startswith("#EXTM3U")


async def test_timeline_reports_store_the_position(tmp_path: Path, fake_plex: FakePlex) -> None:
    from reel_qt.backends.plex.playback import PlexPlayback

    async with plex_runtime(tmp_path, fake_plex) as (runtime, source):
        backend = await plex_backend(source, runtime.credentials, runtime.identity)
        episode = next(e for e in fake_plex.library.episodes if e.kind == EPISODE)
        views = fake_plex.library.user_views(fake_plex.accounts.owner.id)
        try:
            assert await backend.check() == (
                f"{fake_plex.friendly_name} (Plex Media Server {fake_plex.version})"
            )
            playback = PlexPlayback(backend.client)
            key = str(episode.rating_key)
            for state, position in (
                (PlaybackState.PLAYING, 60_000),
                (PlaybackState.PAUSED, 75_000),
                (PlaybackState.STOPPED, 90_000),
            ):
                await backend.report_playback(
                    key, state, position_ms=position, duration_ms=episode.duration_ms, target=None
                )
            assert views[episode.rating_key].offset_ms == 90_000
            reports = fake_plex.requests_to("/:/timeline")
            assert [(r.query["state"], r.query["time"]) for r in reports] == [
                ("playing", "60000"),
                ("paused", "75000"),
                ("stopped", "90000"),
            ]
            assert all(r.query["duration"] == str(episode.duration_ms) for r in reports)
            await playback.set_watched(key, True)
            assert views[episode.rating_key].count >= 1
        finally:
            await backend.close()
        [report] = fake_plex.requests_to("/:/timeline")[-1:]
        assert report.query["state"] == "stopped" and report.query["time"] == "90000"
