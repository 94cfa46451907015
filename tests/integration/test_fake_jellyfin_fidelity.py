"""The fake Jellyfin against the official 10.11.0 OpenAPI spec, route by route.

Every JSON answer is validated against the schema the spec gives for that operation and
status; legacy routes the spec no longer lists against their modern equivalents.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import ssl
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from multidict import CIMultiDictProxy

from tests.fakes.jellyfin import TICKS_PER_SECOND, FakeJellyfin, generate
from tests.fakes.jellyfin.dto import ITEM_FIELDS
from tests.fakes.jellyfin.generator import SIZES, Generator
from tests.fakes.jellyfin.library import format_date
from tests.fakes.jellyfin.media import media_streams, segment_plan
from tests.fakes.jellyfin.openapi import JellyfinSpec, jellyfin_spec

CLIENT = 'MediaBrowser Client="Reel tests", Device="pytest", DeviceId="fidelity", Version="0.1"'
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Reply:
    """Status, decoded body (JSON when it is JSON) and headers of one answer."""

    status: int
    body: Any
    headers: CIMultiDictProxy[str]


@dataclass
class Api:
    """A signed-in HTTP client for the fake, validating answers against the spec."""

    session: aiohttp.ClientSession
    server: FakeJellyfin
    token: str
    spec: JellyfinSpec

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json_body: Any = None,
        auth: str | None = "token",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """One request; `auth` is "token" (signed in), "client" (header, no token) or None."""
        sent = dict(headers or {})
        if auth == "token":
            sent["Authorization"] = f'{CLIENT}, Token="{self.token}"'
        elif auth == "client":
            sent["Authorization"] = CLIENT
        async with self.session.request(
            method, self.server.url + path, params=params, json=json_body, headers=sent
        ) as response:
            raw = await response.read()
            kind = response.headers.get("Content-Type", "")
            body: Any = json.loads(raw) if raw and "json" in kind else raw
            return Reply(response.status, body, response.headers)

    async def ok(self, method: str, template: str, path: str | None = None, **kw: Any) -> Any:
        """Call `path` (default: the template itself), expect 200, validate, return the JSON."""
        reply = await self.call(method, path or template, **kw)
        assert reply.status == 200, (reply.status, reply.body)
        self.spec.validate_response(template, method, reply.body)
        return reply.body

    async def problem(self, method: str, template: str, path: str, status: int, **kw: Any) -> None:
        """Expect an error status with a ProblemDetails body valid for that operation."""
        reply = await self.call(method, path, **kw)
        assert reply.status == status, (reply.status, reply.body)
        assert reply.headers["Content-Type"].startswith("application/problem+json")
        if str(status) in self.spec.operation(template, method)["responses"]:
            self.spec.validate_response(template, method, reply.body, status)
        else:
            # e.g. GET /Items/{itemId}: the spec lists no 404, the server sends one anyway.
            self.spec.validate_schema("ProblemDetails", reply.body)


@pytest.fixture
async def api(fake_jellyfin: FakeJellyfin) -> AsyncIterator[Api]:
    """A client session with a token of the fake's user."""
    async with aiohttp.ClientSession() as session:
        yield Api(session, fake_jellyfin, fake_jellyfin.issue_token(), jellyfin_spec())


async def test_public_info_needs_no_token_and_any_case(api: Api) -> None:
    info = await api.ok("GET", "/System/Info/Public", auth=None)
    assert info["Version"] == "10.11.0"
    assert info["ProductName"] == "Jellyfin Server"
    assert info["Id"] == api.server.server_id
    assert info["LocalAddress"] == api.server.url
    assert await api.ok("GET", "/System/Info/Public", "/system/info/public", auth=None) == info


async def test_every_authenticated_route_refuses_a_missing_or_bad_token(api: Api) -> None:
    item = api.server.library.movies[0].id
    paths = [
        "/System/Info",
        "/Users/Me",
        "/UserViews",
        "/Items",
        f"/Items/{item}",
        f"/MediaSegments/{item}",
        f"/Users/{api.server.user_id}/Items",
    ]
    for path in paths:
        assert (await api.call("GET", path, auth=None)).status == 401, path
        assert (await api.call("GET", path, auth="client")).status == 401, path
        bad = {"X-Emby-Token": "0" * 32}
        assert (await api.call("GET", path, auth=None, headers=bad)).status == 401, path
    assert (await api.call("POST", "/Sessions/Playing", auth=None, json_body={})).status == 401
    await api.ok("GET", "/System/Info")


async def test_token_accepted_from_every_place_the_server_reads_it(api: Api) -> None:
    token = api.token
    ways: list[dict[str, Any]] = [
        {"headers": {"X-Emby-Authorization": f'{CLIENT}, Token="{token}"'}},
        {"headers": {"Authorization": f'Emby Client="x", Token="{token}"'}},
        {"headers": {"X-Emby-Token": token}},
        {"headers": {"X-MediaBrowser-Token": token}},
        {"params": {"api_key": token}},
        {"params": {"ApiKey": token}},
    ]
    for way in ways:
        await api.ok("GET", "/Users/Me", auth=None, **way)
    api.server.revoke_tokens()
    assert (await api.call("GET", "/Users/Me")).status == 401


async def test_password_sign_in(api: Api) -> None:
    body = {"Username": "reel", "Pw": "secret"}
    api.spec.validate_request("/Users/AuthenticateByName", "POST", body)
    result = await api.ok("POST", "/Users/AuthenticateByName", json_body=body, auth="client")
    assert result["User"]["Id"] == api.server.user_id
    assert result["ServerId"] == api.server.server_id
    assert result["SessionInfo"]["DeviceId"] == "fidelity"
    api.token = result["AccessToken"]
    await api.ok("GET", "/Users/Me")
    # ASP.NET binds JSON members case-insensitively (jellyfin-apiclient sends "username").
    lower = {"username": "REEL", "Pw": "secret"}
    again = await api.ok("POST", "/Users/AuthenticateByName", json_body=lower, auth="client")
    # A second sign-in from the same device replaces that device's token.
    assert (await api.call("GET", "/Users/Me")).status == 401
    api.token = again["AccessToken"]
    await api.ok("GET", "/Users/Me")
    wrong = {"Username": "reel", "Pw": "nope"}
    reply = await api.call("POST", "/Users/AuthenticateByName", json_body=wrong, auth="client")
    assert reply.status == 401
    reply = await api.call("POST", "/Users/AuthenticateByName", json_body=body, auth=None)
    assert reply.status == 400  # no Client/Device/DeviceId/Version


async def test_quick_connect_flow(api: Api) -> None:
    assert await api.ok("GET", "/QuickConnect/Enabled", auth=None) is True
    started = await api.ok("POST", "/QuickConnect/Initiate", auth="client")
    assert started["Authenticated"] is False
    assert (started["DeviceId"], started["AppName"]) == ("fidelity", "Reel tests")
    secret, code = started["Secret"], started["Code"]
    state = await api.ok("GET", "/QuickConnect/Connect", params={"secret": secret}, auth=None)
    assert state["Authenticated"] is False
    exchange = {"Secret": secret}
    api.spec.validate_request("/Users/AuthenticateWithQuickConnect", "POST", exchange)
    early = await api.call(
        "POST", "/Users/AuthenticateWithQuickConnect", json_body=exchange, auth="client"
    )
    assert early.status == 401
    assert (
        await api.call("POST", "/QuickConnect/Authorize", params={"code": code}, auth=None)
    ).status == 401
    assert await api.ok("POST", "/QuickConnect/Authorize", params={"code": code}) is True
    state = await api.ok("GET", "/QuickConnect/Connect", params={"secret": secret}, auth=None)
    assert state["Authenticated"] is True
    result = await api.ok(
        "POST", "/Users/AuthenticateWithQuickConnect", json_body=exchange, auth="client"
    )
    assert result["User"]["Id"] == api.server.user_id
    # The secret is used up, and an unknown one is a 404 ProblemDetails.
    await api.problem(
        "GET",
        "/QuickConnect/Connect",
        "/QuickConnect/Connect",
        404,
        params={"secret": secret},
        auth=None,
    )
    # The Python API approves like a user in the web UI would.
    second = await api.ok("POST", "/QuickConnect/Initiate", auth="client")
    assert api.server.approve_quick_connect(second["Code"])
    params = {"secret": second["Secret"]}
    assert (await api.ok("GET", "/QuickConnect/Connect", params=params, auth=None))["Authenticated"]
    api.server.quick_connect_enabled = False
    assert await api.ok("GET", "/QuickConnect/Enabled", auth=None) is False
    assert (await api.call("POST", "/QuickConnect/Initiate", auth="client")).status == 401


async def test_users(api: Api) -> None:
    me = await api.ok("GET", "/Users/Me")
    assert (me["Name"], me["Id"]) == ("reel", api.server.user_id)
    by_id = await api.ok("GET", "/Users/{userId}", f"/Users/{api.server.user_id}")
    assert (by_id["Id"], by_id["Policy"]) == (me["Id"], me["Policy"])
    await api.problem("GET", "/Users/{userId}", f"/Users/{'1' * 32}", 404)


async def test_views_modern_and_legacy(api: Api) -> None:
    uid = api.server.user_id
    views = await api.ok("GET", "/UserViews", params={"userId": uid})
    legacy = await api.ok("GET", "/UserViews", f"/Users/{uid}/Views")
    assert views == legacy
    kinds = {v["Name"]: (v["Type"], v["CollectionType"]) for v in views["Items"]}
    assert kinds == {
        "Movies": ("CollectionFolder", "movies"),
        "Shows": ("CollectionFolder", "tvshows"),
        "Music": ("CollectionFolder", "music"),
    }
    music = api.server.library.view("music").id
    empty = await api.ok("GET", "/Items", params={"ParentId": music, "Recursive": "true"})
    assert empty == {"Items": [], "TotalRecordCount": 0, "StartIndex": 0}


async def test_items_include_only_the_fields_asked_for(api: Api) -> None:
    movies = api.server.library.view("movies").id
    bare = await api.ok("GET", "/Items", params={"ParentId": movies, "Fields": ""})
    first = bare["Items"][0]
    for optional in (
        "Overview",
        "Genres",
        "People",
        "Studios",
        "MediaStreams",
        "MediaSources",
        "ProviderIds",
        "DateCreated",
        "Path",
        "SortName",
        "OriginalTitle",
    ):
        assert optional not in first, optional
    assert {"Name", "Id", "ServerId", "Type", "RunTimeTicks", "UserData", "ImageTags"} <= set(first)
    asked = {"Fields": "Overview,People,MediaStreams,DateCreated,NotAField", "ParentId": movies}
    some = await api.ok("GET", "/Items", params=asked)
    with_people = some["Items"][0]
    assert {"People", "MediaStreams", "DateCreated"} <= set(with_people)
    assert "MediaSources" not in with_people and "Genres" not in with_people
    everything = {"Fields": ",".join(ITEM_FIELDS), "Recursive": "true"}
    full = await api.ok("GET", "/Items", params=everything)
    assert full["TotalRecordCount"] == sum(api.server.counts.values())
    episode = next(i for i in full["Items"] if i["Type"] == "Episode")
    assert {"SeriesId", "SeasonId", "SeriesName", "SeasonName", "ParentIndexNumber"} <= set(episode)
    source = episode["MediaSources"][0]
    assert source["Id"] == episode["Id"] and source["SupportsDirectPlay"] is True
    one_image = {"Recursive": "true", "ImageTypeLimit": 1, "EnableImageTypes": "Primary,Backdrop"}
    limited = await api.ok("GET", "/Items", params=one_image)
    assert all(len(i["BackdropImageTags"]) <= 1 for i in limited["Items"])
    assert all(set(i["ImageTags"]) <= {"Primary"} for i in limited["Items"])
    assert any(m.backdrops > 1 for m in api.server.library.movies)
    no_extras = {"Recursive": "true", "EnableImages": "false", "EnableUserData": "false"}
    plain = await api.ok("GET", "/Items", params=no_extras)
    assert all("ImageTags" not in i and "UserData" not in i for i in plain["Items"])


async def test_items_paging_sorting_and_total_count(api: Api) -> None:
    lib = api.server.library
    movies = lib.view("movies").id
    expected = [m.id for m in sorted(lib.movies, key=lambda m: (m.sort_name, m.id))]
    pages = []
    for start in range(0, len(expected), 6):
        page = await api.ok(
            "GET",
            "/Items",
            params={"ParentId": movies, "StartIndex": start, "Limit": 6, "SortBy": "SortName"},
        )
        assert (page["TotalRecordCount"], page["StartIndex"]) == (len(expected), start)
        pages += [i["Id"] for i in page["Items"]]
    assert pages == expected
    newest = await api.ok(
        "GET",
        "/Items",
        params={"ParentId": movies, "SortBy": "DateCreated", "SortOrder": "Descending", "Limit": 3},
    )
    by_date = sorted(lib.movies, key=lambda m: m.date_created_us, reverse=True)[:3]
    assert [i["Id"] for i in newest["Items"]] == [m.id for m in by_date]
    uncounted = await api.ok(
        "GET", "/Items", params={"ParentId": movies, "Limit": 4, "EnableTotalRecordCount": "false"}
    )
    assert uncounted["TotalRecordCount"] == 4  # the real server reports the page size then


async def test_items_scopes_and_filters(api: Api) -> None:
    lib = api.server.library
    shows = lib.view("tvshows").id
    series = lib.series[0]

    async def ids(**params: Any) -> list[str]:
        result = await api.ok("GET", "/Items", params=params)
        return sorted(i["Id"] for i in result["Items"])

    assert await ids(ParentId=shows) == sorted(s.id for s in lib.series)
    everything = await ids(
        ParentId=shows, Recursive="true", IncludeItemTypes="Series,Season,Episode"
    )
    assert len(everything) == len(lib.series) + len(lib.seasons) + len(lib.episodes)
    assert await ids(ParentId=series.id) == sorted(s.id for s in lib.kids(series.id))
    season = lib.kids(series.id)[1]
    assert await ids(ParentId=season.id) == sorted(e.id for e in lib.kids(season.id))
    expected_eps = sorted(e.id for e in lib.series_episodes(series))
    assert (
        await ids(SeriesId=series.id, IncludeItemTypes="Episode", Recursive="true") == expected_eps
    )
    assert (
        await ids(ParentId=series.id, IncludeItemTypes="Episode", Recursive="true") == expected_eps
    )
    legacy = await api.ok(
        "GET", "/Items", f"/Users/{api.server.user_id}/Items", params={"ParentId": shows}
    )
    assert sorted(i["Id"] for i in legacy["Items"]) == sorted(s.id for s in lib.series)
    wanted = [lib.movies[3].id, lib.episodes[2].id, "f" * 32]
    assert await ids(Ids=",".join(wanted)) == sorted(wanted[:2])
    played = await ids(ParentId=lib.view("movies").id, IsPlayed="true")
    assert played == sorted(m.id for m in lib.movies if m.played)
    unplayed = await ids(ParentId=lib.view("movies").id, IsPlayed="false")
    assert len(played) + len(unplayed) == len(lib.movies)
    assert (await api.call("GET", "/Items", params={"IsPlayed": "maybe"})).status == 400


async def test_incremental_queries_see_changes(api: Api) -> None:
    server, lib = api.server, api.server.library
    movies = lib.view("movies").id
    mark = format_date(server.now_us())  # DateLastSaved of every later change is after this
    query = {"ParentId": movies, "MinDateLastSaved": mark}
    assert (await api.ok("GET", "/Items", params=query))["TotalRecordCount"] == 0
    added = server.add_movies(2)
    changed = server.change_items([lib.movies[0].id], name="Renamed")
    saved = await api.ok("GET", "/Items", params=query)
    assert sorted(i["Id"] for i in saved["Items"]) == sorted(m.id for m in added + changed)
    assert any(i["Name"] == "Renamed" for i in saved["Items"])
    # Date-times without a zone, or with 7 fraction digits, parse too.
    naive = {"ParentId": movies, "MinDateLastSaved": mark.removesuffix("0Z")}
    assert (await api.ok("GET", "/Items", params=naive))["TotalRecordCount"] == 3
    user_query = {"ParentId": movies, "MinDateLastSavedForUser": mark}
    assert (await api.ok("GET", "/Items", params=user_query))["TotalRecordCount"] == 0
    target = lib.movies[5]
    server.set_played(target.id, True)
    watched = await api.ok("GET", "/Items", params=user_query)
    assert [i["Id"] for i in watched["Items"]] == [target.id]
    assert watched["Items"][0]["UserData"]["Played"] is True
    series = lib.series[2]
    below = 1 + len(lib.kids(series.id)) + sum(1 for _ in lib.series_episodes(series))
    deleted = server.delete_items([series.id])
    assert len(deleted) == below and server.counts["show"] == 2
    await api.problem("GET", "/Items/{itemId}", f"/Items/{deleted[-1].id}", 404)


async def test_single_items_and_shows_routes(api: Api) -> None:
    lib, uid = api.server.library, api.server.user_id
    movie = lib.movies[1]
    item = await api.ok("GET", "/Items/{itemId}", f"/Items/{movie.id}", params={"userId": uid})
    assert (item["Name"], item["OriginalTitle"], item["ProductionYear"]) == (
        movie.name,
        movie.original_title,
        movie.year,
    )
    assert (
        item["RunTimeTicks"] == movie.runtime_ticks and item["RunTimeTicks"] % TICKS_PER_SECOND == 0
    )
    legacy = await api.ok("GET", "/Items/{itemId}", f"/Users/{uid}/Items/{movie.id}")
    assert legacy["Id"] == movie.id
    assert {p["Type"] for p in item["People"]} <= {"Actor", "Director", "Writer"}
    double = next(e for e in lib.episodes if e.index_number_end)
    got = await api.ok("GET", "/Items/{itemId}", f"/Items/{double.id}")
    assert (got["IndexNumber"], got["IndexNumberEnd"]) == (
        double.index_number,
        double.index_number_end,
    )
    specials = next(s for s in lib.seasons if s.index_number == 0)
    got = await api.ok("GET", "/Items/{itemId}", f"/Items/{specials.id}")
    assert (got["Name"], got["IndexNumber"], got["SeriesId"]) == ("Specials", 0, specials.series_id)
    await api.problem("GET", "/Items/{itemId}", f"/Items/{'0' * 32}", 404)
    await api.problem("GET", "/Items/{itemId}", "/Items/not-a-guid", 400)
    series = lib.series[0]
    seasons = await api.ok("GET", "/Shows/{seriesId}/Seasons", f"/Shows/{series.id}/Seasons")
    assert [s["IndexNumber"] for s in seasons["Items"]] == [0, 1, 2]
    path = f"/Shows/{series.id}/Episodes"
    episodes = await api.ok("GET", "/Shows/{seriesId}/Episodes", path, params={"season": 1})
    assert [e["Id"] for e in episodes["Items"]] == [
        e.id for e in lib.kids(seasons["Items"][1]["Id"])
    ]


async def test_playback_info(api: Api) -> None:
    movie = api.server.library.movies[0]
    body = {
        "UserId": api.server.user_id,
        "MaxStreamingBitrate": 200_000_000,
        "StartTimeTicks": 0,
        "AudioStreamIndex": 1,
        "MediaSourceId": movie.id,
        "DeviceProfile": {
            "DirectPlayProfiles": [{"Container": "mkv,mp4", "Type": "Video"}],
            "TranscodingProfiles": [],
            "ContainerProfiles": [],
            "CodecProfiles": [],
            "SubtitleProfiles": [],
        },
    }
    api.spec.validate_request("/Items/{itemId}/PlaybackInfo", "POST", body)
    path = f"/Items/{movie.id}/PlaybackInfo"
    direct = await api.ok("POST", "/Items/{itemId}/PlaybackInfo", path, json_body=body)
    source = direct["MediaSources"][0]
    assert source["SupportsDirectPlay"] is True and "TranscodingUrl" not in source
    assert direct["PlaySessionId"]
    for stream in source["MediaStreams"]:
        if stream["Type"] == "Subtitle" and stream["IsTextSubtitleStream"]:
            assert stream["DeliveryMethod"] == "External"
            assert stream["DeliveryUrl"].startswith(f"/Videos/{movie.id}/{movie.id}/Subtitles/")
    slow = body | {"MaxStreamingBitrate": 1_000_000}
    transcode = await api.ok("POST", "/Items/{itemId}/PlaybackInfo", path, json_body=slow)
    source = transcode["MediaSources"][0]
    assert source["SupportsDirectPlay"] is False
    assert source["TranscodingUrl"].startswith(f"/videos/{movie.id}/master.m3u8?")
    assert source["TranscodingSubProtocol"] == "hls"
    await api.ok("GET", "/Items/{itemId}/PlaybackInfo", path)
    await api.problem(
        "POST", "/Items/{itemId}/PlaybackInfo", f"/Items/{'0' * 32}/PlaybackInfo", 404
    )


async def test_streams_ranges_playlists_and_subtitles(api: Api, tmp_path: Path) -> None:
    movie = api.server.library.movies[0]
    whole = await api.call(
        "GET", f"/Videos/{movie.id}/stream", params={"Static": "true"}, auth=None
    )
    assert whole.status == 200 and len(whole.body) == 64 * 1024
    head = await api.call("HEAD", f"/Videos/{movie.id}/stream", auth=None)
    assert (head.status, head.body, head.headers["Accept-Ranges"]) == (200, b"", "bytes")
    part = await api.call(
        "GET", f"/Videos/{movie.id}/stream.mkv", auth=None, headers={"Range": "bytes=100-199"}
    )
    assert (part.status, part.body) == (206, whole.body[100:200])
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.body)}"
    beyond = await api.call(
        "GET", f"/Videos/{movie.id}/stream", auth=None, headers={"Range": "bytes=999999-"}
    )
    assert beyond.status == 416
    api.server.set_media(movie.id, b"0123456789")
    tail = await api.call(
        "GET", f"/Videos/{movie.id}/stream", auth=None, headers={"Range": "bytes=-3"}
    )
    assert (tail.status, tail.body) == (206, b"789")
    clip = tmp_path / "clip.mkv"
    clip.write_bytes(b"x" * 5000)
    api.server.set_media(movie.id, clip)
    ranged = await api.call(
        "GET", f"/Videos/{movie.id}/stream", auth=None, headers={"Range": "bytes=10-19"}
    )
    assert (ranged.status, ranged.body) == (206, b"x" * 10)
    playlist_path = f"/Videos/{movie.id}/master.m3u8"
    assert (
        await api.call("GET", playlist_path, params={"MediaSourceId": movie.id}, auth=None)
    ).status == 401
    playlist = await api.call("GET", playlist_path, params={"MediaSourceId": movie.id})
    assert playlist.status == 200 and playlist.body.startswith(b"#EXTM3U\n#EXT-X-STREAM-INF:")
    assert (await api.call("GET", playlist_path)).status == 400
    lib = api.server.library
    item = next(m for m in lib.movies if any(s["Type"] == "Subtitle" for s in media_streams(m)))
    index = next(s["Index"] for s in await _streams(api, item.id) if s["Type"] == "Subtitle")
    base = f"/Videos/{item.id}/{item.id}/Subtitles"
    srt = await api.call("GET", f"{base}/{index}/0/Stream.srt", auth=None)
    assert srt.status == 200 and srt.body.startswith(b"1\n00:00:01,000 --> ")
    vtt = await api.call("GET", f"{base}/{index}/Stream.vtt", auth=None)
    assert vtt.body.startswith(b"WEBVTT")
    assert (await api.call("GET", f"{base}/0/Stream.srt", auth=None)).status == 404


async def _streams(api: Api, item_id: str) -> list[dict[str, Any]]:
    item = await api.ok("GET", "/Items/{itemId}", f"/Items/{item_id}")
    return item["MediaStreams"]  # type: ignore[no-any-return]


async def test_playback_reports_update_user_data(api: Api) -> None:
    lib = api.server.library
    movie = next(m for m in lib.movies if not m.played and not m.position_ticks)
    runtime = movie.runtime_ticks or 0
    start = {
        "ItemId": movie.id,
        "CanSeek": True,
        "IsPaused": False,
        "IsMuted": False,
        "PositionTicks": 0,
        "PlayMethod": "DirectPlay",
        "RepeatMode": "RepeatNone",
        "PlaybackOrder": "Default",
        "MediaSourceId": movie.id,
    }
    progress = start | {"PositionTicks": runtime // 2}
    stop = {"ItemId": movie.id, "PositionTicks": runtime // 2, "Failed": False}
    for path, body in (
        ("/Sessions/Playing", start),
        ("/Sessions/Playing/Progress", progress),
        ("/Sessions/Playing/Stopped", stop),
    ):
        api.spec.validate_request(path, "POST", body)
        assert (await api.call("POST", path, json_body=body)).status == 204
    data = (await api.ok("GET", "/Items/{itemId}", f"/Items/{movie.id}"))["UserData"]
    assert (data["PlaybackPositionTicks"], data["Played"], data["PlayCount"]) == (
        runtime // 2,
        False,
        1,
    )
    finished = stop | {"PositionTicks": runtime * 95 // 100}
    assert (await api.call("POST", "/Sessions/Playing/Stopped", json_body=finished)).status == 204
    data = (await api.ok("GET", "/Items/{itemId}", f"/Items/{movie.id}"))["UserData"]
    assert (data["PlaybackPositionTicks"], data["Played"]) == (0, True)


async def test_played_items_modern_and_legacy(api: Api) -> None:
    movie = next(m for m in api.server.library.movies if not m.played)
    marked = await api.ok("POST", "/UserPlayedItems/{itemId}", f"/UserPlayedItems/{movie.id}")
    assert (marked["Played"], marked["PlayCount"], marked["ItemId"]) == (True, 1, movie.id)
    legacy = f"/Users/{api.server.user_id}/PlayedItems/{movie.id}"
    cleared = await api.ok("DELETE", "/UserPlayedItems/{itemId}", legacy)
    assert (cleared["Played"], cleared["PlayCount"]) == (False, 0)
    series = api.server.library.series[1]
    await api.ok("POST", "/UserPlayedItems/{itemId}", f"/UserPlayedItems/{series.id}")
    assert all(e.played for e in api.server.library.series_episodes(series))
    await api.problem("POST", "/UserPlayedItems/{itemId}", f"/UserPlayedItems/{'0' * 32}", 404)


async def test_item_user_data_modern_and_legacy(api: Api) -> None:
    movie = next(m for m in api.server.library.movies if not m.played)
    path = f"/UserItems/{movie.id}/UserData"
    body = {"PlaybackPositionTicks": 1_234_000_000, "Played": False}
    api.spec.validate_schema("UpdateUserItemDataDto", body)
    saved = await api.ok("POST", "/UserItems/{itemId}/UserData", path, json_body=body)
    assert (saved["PlaybackPositionTicks"], saved["Played"]) == (1_234_000_000, False)
    assert movie.position_ticks == 1_234_000_000
    legacy = f"/Users/{api.server.user_id}/Items/{movie.id}/UserData"
    read = await api.ok("GET", "/UserItems/{itemId}/UserData", legacy)
    assert read["PlaybackPositionTicks"] == 1_234_000_000
    marked = await api.ok("POST", "/UserItems/{itemId}/UserData", path, json_body={"Played": True})
    assert marked["Played"] is True and marked["PlaybackPositionTicks"] == 1_234_000_000
    await api.problem("GET", "/UserItems/{itemId}/UserData", f"/UserItems/{'0' * 32}/UserData", 404)


async def test_media_segments(api: Api) -> None:
    lib = api.server.library
    episode = next(
        e for e in lib.episodes if len({k for k, *_ in segment_plan(e)} & {"Intro", "Outro"}) == 2
    )
    path = f"/MediaSegments/{episode.id}"
    found = await api.ok("GET", "/MediaSegments/{itemId}", path)
    kinds = [s["Type"] for s in found["Items"]]
    assert {"Intro", "Outro"} <= set(kinds) and found["TotalRecordCount"] == len(kinds)
    for segment in found["Items"]:
        assert 0 <= segment["StartTicks"] < segment["EndTicks"] <= (episode.runtime_ticks or 0)
    intro_only = await api.ok(
        "GET", "/MediaSegments/{itemId}", path, params=[("includeSegmentTypes", "Intro")]
    )
    assert [s["Type"] for s in intro_only["Items"]] == ["Intro"]
    with_intro = sum(1 for e in lib.episodes if any(k == "Intro" for k, *_ in segment_plan(e)))
    assert with_intro > len(lib.episodes) // 2  # most episodes have an intro
    movie = await api.ok("GET", "/MediaSegments/{itemId}", f"/MediaSegments/{lib.movies[0].id}")
    assert movie == {"Items": [], "TotalRecordCount": 0, "StartIndex": 0}
    await api.problem("GET", "/MediaSegments/{itemId}", f"/MediaSegments/{'0' * 32}", 404)


async def test_images(api: Api) -> None:
    lib = api.server.library
    with_art = next(m for m in lib.movies if m.has_primary and m.backdrops)
    listed = await api.ok("GET", "/Items/{itemId}", f"/Items/{with_art.id}")
    tag = listed["ImageTags"]["Primary"]
    assert listed["ImageBlurHashes"]["Primary"][tag]
    image = await api.call(
        "GET",
        f"/Items/{with_art.id}/Images/Primary",
        auth=None,
        params={"maxWidth": 300, "tag": tag, "quality": 90},
    )
    assert image.status == 200 and image.body.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.headers["Content-Type"] == "image/png"
    backdrop = await api.call("GET", f"/Items/{with_art.id}/Images/Backdrop/0", auth=None)
    assert backdrop.status == 200
    bare = next(m for m in lib.movies if not m.has_primary)
    template = "/Items/{itemId}/Images/{imageType}"
    await api.problem("GET", template, f"/Items/{bare.id}/Images/Primary", 404, auth=None)
    await api.problem(
        "GET", template + "/{imageIndex}", f"/Items/{with_art.id}/Images/Backdrop/9", 404, auth=None
    )
    person = next(p for p in lib.people if p.image_tag)
    assert (await api.call("GET", f"/Items/{person.id}/Images/Primary", auth=None)).status == 200


async def test_faults(api: Api) -> None:
    faults = api.server.faults
    faults.fail_next(2, status=500, path="^/Items$")
    assert (await api.call("GET", "/Items")).status == 500
    await api.ok("GET", "/Users/Me")  # another path: not hit
    assert (await api.call("GET", "/Items")).status == 500
    await api.ok("GET", "/Items")
    faults.retry_after(seconds=2)
    busy = await api.call("GET", "/Items")
    assert (busy.status, busy.headers["Retry-After"]) == (503, "2")
    faults.truncate_next()
    with pytest.raises(aiohttp.ClientPayloadError):
        await api.call("GET", "/Items")
    faults.malformed_next()
    with pytest.raises(json.JSONDecodeError):
        await api.call("GET", "/Users/Me")
    # aiohttp (3.14) silently retries an idempotent request once when the server hangs up
    # before answering, so it takes two drops in a row to surface the error.
    faults.disconnect_next(2)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.call("GET", "/Items")
    faults.latency_s = 0.2
    started = asyncio.get_running_loop().time()
    await api.ok("GET", "/System/Info/Public", auth=None)
    assert asyncio.get_running_loop().time() - started >= 0.2
    fired = [kind for kind, *_ in faults.fired]
    assert fired == ["fail", "fail", "retry_after", "truncate", "malformed"] + ["disconnect"] * 2


async def test_requests_are_recorded(api: Api) -> None:
    await api.call("POST", "/Sessions/Playing", json_body={"ItemId": "x"}, params={"a": "1"})
    record = api.server.requests[-1]
    assert (record.method, record.path, record.query, record.json) == (
        "POST",
        "/Sessions/Playing",
        {"a": "1"},
        {"ItemId": "x"},
    )
    assert record.token == api.token and record.auth["DeviceId"] == "fidelity"
    assert record.headers["authorization"].startswith("MediaBrowser ")
    assert record.status == 204
    assert api.server.requests_to("/sessions/playing", "POST") == [record]


async def test_base_path(make_fake_jellyfin: Callable[..., Awaitable[FakeJellyfin]]) -> None:
    server = await make_fake_jellyfin(base_path="/jellyfin/")
    assert server.url.endswith("/jellyfin")
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{server.url}/System/Info/Public") as response:
            assert response.status == 200
            assert (await response.json())["LocalAddress"] == server.url
        root = server.url.removesuffix("/jellyfin")
        async with session.get(f"{root}/System/Info/Public") as response:
            assert response.status == 404


async def test_tls_with_a_self_signed_certificate(
    make_fake_jellyfin: Callable[..., Awaitable[FakeJellyfin]],
) -> None:
    server = await make_fake_jellyfin(tls=True)
    assert server.url.startswith("https://") and server.certificate is not None
    url = f"{server.url}/System/Info/Public"
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            await session.get(url, ssl=ssl.create_default_context())
        async with session.get(url, ssl=server.certificate.client_context()) as response:
            assert response.status == 200


async def test_udp_discovery(fake_jellyfin: FakeJellyfin) -> None:
    port = await fake_jellyfin.start_discovery(port=0)
    loop = asyncio.get_running_loop()
    replies: asyncio.Queue[bytes] = asyncio.Queue()

    class Client(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
            replies.put_nowait(data)

    transport, _ = await loop.create_datagram_endpoint(Client, remote_addr=("127.0.0.1", port))
    try:
        transport.sendto(b"hello?")
        transport.sendto(b"Who is JellyfinServer?")
        reply = json.loads(await asyncio.wait_for(replies.get(), 2))
        assert reply == {
            "Address": fake_jellyfin.url,
            "Id": fake_jellyfin.server_id,
            "Name": fake_jellyfin.server_name,
            "EndpointAddress": None,
        }
        await asyncio.sleep(0.05)
        assert replies.empty()  # "hello?" got no answer
    finally:
        transport.close()


def _fingerprint(size: str, seed: int) -> str:
    lib = generate(size, seed)
    digest = hashlib.sha256()
    for item in [*lib.views, *lib.movies, *lib.series, *lib.seasons, *lib.episodes]:
        digest.update(repr(item).encode())
    for person in lib.people:
        digest.update(repr(person).encode())
    return digest.hexdigest()


def test_generator_is_deterministic() -> None:
    assert _fingerprint("small", 1) == _fingerprint("small", 1)
    assert _fingerprint("medium", 7) == _fingerprint("medium", 7)
    assert _fingerprint("small", 1) != _fingerprint("small", 2)
    small = generate("small")
    assert small.counts == {"movie": 20, "show": 3, "season": 7, "episode": 30}
    assert any(e.index_number_end for e in small.episodes)
    assert any(s.index_number == 0 for s in small.seasons)
    assert any(m.overview is None for m in small.movies)
    assert any(m.year is None for m in small.movies)
    assert any(not m.has_primary for m in small.movies)
    assert any(not m.name.isascii() for m in small.movies)
    assert len({m.id for m in small.movies}) == 20 and all(len(m.id) == 32 for m in small.movies)


def test_bench_size_counts() -> None:
    bench = SIZES["bench"]
    assert (bench.movies, bench.series, bench.seasons, bench.episodes) == (
        50_000,
        5_000,
        20_000,
        100_000,
    )
    lib = Generator(3).build(bench)
    assert lib.counts == {"movie": 50_000, "show": 5_000, "season": 20_000, "episode": 100_000}
    assert len(lib.by_id) == 175_000 + len(lib.views)


def test_standalone_mode() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.jellyfin", "--port", "0", "--size", "small"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        assert ready["counts"] == {"movie": 20, "show": 3, "season": 7, "episode": 30}
        assert (ready["username"], ready["password"]) == ("reel", "secret")
        with urllib.request.urlopen(f"{ready['url']}/System/Info/Public", timeout=5) as response:
            assert json.load(response)["ProductName"] == "Jellyfin Server"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()
