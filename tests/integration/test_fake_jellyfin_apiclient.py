"""The real jellyfin-apiclient-python, a third-party client, against the fake Jellyfin.

The apiclient is synchronous (requests), so it runs in a thread while the fake serves on
the test's loop. Expected values come from the generated library, not from the fake's
answers. It uses the legacy user-scoped routes (`/Users/{id}/Views`, `/Users/{id}/Items`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from jellyfin_apiclient_python import JellyfinClient
from jellyfin_apiclient_python.connection_manager import CONNECTION_STATE

from tests.fakes.jellyfin import FakeJellyfin, Item, Library
from tests.fakes.jellyfin.media import segment_plan

DEVICE_ID = "apiclient-test-device"


def _client() -> JellyfinClient:
    client = JellyfinClient()
    client.config.app("Reel apiclient test", "0.1", "pytest", DEVICE_ID)
    client.config.data["auth.ssl"] = False
    return client


def _sign_in(url: str, username: str, password: str) -> tuple[JellyfinClient, dict[str, Any]]:
    """What an app does: probe the address, then sign in with the password."""
    client = _client()
    state = client.auth.connect_to_address(url)
    assert state["State"] == CONNECTION_STATE["ServerSignIn"], state
    result = client.auth.login(url, username, password)
    assert result, "login failed"
    return client, result


def _names_ids(items: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(i["Name"], i["Id"]) for i in items}


def _expected(items: list[Item]) -> set[tuple[str, str]]:
    return {(i.name, i.id) for i in items}


async def test_sign_in_and_list_libraries(fake_jellyfin: FakeJellyfin) -> None:
    lib: Library = fake_jellyfin.library
    client, result = await asyncio.to_thread(
        _sign_in, fake_jellyfin.url, fake_jellyfin.username, fake_jellyfin.password
    )
    assert result["User"]["Id"] == lib.user_id
    assert result["ServerId"] == lib.server_id
    assert client.auth.server_id == lib.server_id
    # The token it stored is the one the server issued, and it works.
    assert fake_jellyfin.sessions.lookup(result["AccessToken"], 0) is not None
    login = fake_jellyfin.requests_to("/Users/AuthenticateByName")[0]
    assert login.json == {"username": "reel", "Pw": "secret"}
    assert login.auth["DeviceId"] == DEVICE_ID

    views = await asyncio.to_thread(client.jellyfin.get_views)
    assert {(v["Name"], v["CollectionType"]) for v in views["Items"]} == {
        ("Movies", "movies"),
        ("Shows", "tvshows"),
        ("Music", "music"),
    }
    assert {v["Id"] for v in views["Items"]} == {v.id for v in lib.views}
    folders = await asyncio.to_thread(client.jellyfin.get_media_folders)
    assert {f["Id"] for f in folders["Items"]} == {v.id for v in lib.views}
    assert fake_jellyfin.requests_to(f"/Users/{lib.user_id}/Views")


async def test_movies_library_items(fake_jellyfin: FakeJellyfin) -> None:
    lib = fake_jellyfin.library
    client, _ = await asyncio.to_thread(
        _sign_in, fake_jellyfin.url, fake_jellyfin.username, fake_jellyfin.password
    )
    movies_view = lib.view("movies")
    listing = await asyncio.to_thread(
        lambda: client.jellyfin.get_user_items(
            parent_id=movies_view.id,
            include_item_types="Movie",
            recursive=True,
            sort_by="SortName",
            fields="Overview,Genres,People,ProviderIds,DateCreated",
            limit=100,
        )
    )
    assert listing["TotalRecordCount"] == len(lib.movies)
    items = listing["Items"]
    assert [i["Id"] for i in items] == [m.id for m in sorted(lib.movies, key=lambda m: m.sort_name)]
    assert _names_ids(items) == _expected(lib.movies)
    by_id = {m.id: m for m in lib.movies}
    for got in items:
        movie = by_id[got["Id"]]
        assert got.get("ProductionYear") == movie.year
        assert got.get("Overview") == movie.overview
        assert got["Genres"] == list(movie.genres)
        assert got["RunTimeTicks"] == movie.runtime_ticks
        assert [p["Id"] for p in got["People"]] == [lib.people[n].id for n in movie.people]
        assert got["UserData"]["Played"] == movie.played
    # One page after another, as a sync would page.
    page = await asyncio.to_thread(
        lambda: client.jellyfin.get_user_items(
            parent_id=movies_view.id, sort_by="SortName", start_index=15, limit=10
        )
    )
    assert [i["Id"] for i in page["Items"]] == [i["Id"] for i in items[15:]]
    detail = await asyncio.to_thread(client.jellyfin.get_item, lib.movies[1].id)
    assert (detail["Name"], detail["OriginalTitle"]) == (lib.movies[1].name, "狼の夜")
    assert detail["MediaSources"][0]["Path"] == lib.movies[1].path


async def test_tvshows_library_items(fake_jellyfin: FakeJellyfin) -> None:
    lib = fake_jellyfin.library
    client, _ = await asyncio.to_thread(
        _sign_in, fake_jellyfin.url, fake_jellyfin.username, fake_jellyfin.password
    )
    shows_view = lib.view("tvshows")
    series = await asyncio.to_thread(
        lambda: client.jellyfin.get_user_items(parent_id=shows_view.id, include_item_types="Series")
    )
    assert _names_ids(series["Items"]) == _expected(lib.series)
    everything = await asyncio.to_thread(
        lambda: client.jellyfin.get_user_items(
            parent_id=shows_view.id, recursive=True, include_item_types="Episode", limit=1000
        )
    )
    assert _names_ids(everything["Items"]) == _expected(lib.episodes)
    show = lib.series[0]
    seasons = await asyncio.to_thread(client.jellyfin.get_seasons, show.id)
    expected_seasons = lib.kids(show.id)
    assert [(s["Name"], s["IndexNumber"]) for s in seasons["Items"]] == [
        (s.name, s.index_number) for s in expected_seasons
    ]
    assert seasons["Items"][0]["Name"] == "Specials"
    season = expected_seasons[1]
    episodes = await asyncio.to_thread(client.jellyfin.get_episodes, show.id, season.id)
    assert [
        (e["IndexNumber"], e.get("IndexNumberEnd"), e["SeasonId"], e["SeriesName"])
        for e in episodes["Items"]
    ] == [(e.index_number, e.index_number_end, season.id, show.name) for e in lib.kids(season.id)]
    episode = next(e for e in lib.episodes if segment_plan(e))
    segments = await asyncio.to_thread(client.jellyfin.get_media_segments, episode.id)
    assert [(s["Type"], s["StartTicks"], s["EndTicks"]) for s in segments["Items"]] == (
        segment_plan(episode)
    )


async def test_playback_calls(fake_jellyfin: FakeJellyfin) -> None:
    lib = fake_jellyfin.library
    client, _ = await asyncio.to_thread(
        _sign_in, fake_jellyfin.url, fake_jellyfin.username, fake_jellyfin.password
    )
    movie = next(m for m in lib.movies if not m.played)
    info = await asyncio.to_thread(client.jellyfin.get_play_info, movie.id)
    assert info["MediaSources"][0]["Id"] == movie.id
    assert info["MediaSources"][0]["SupportsDirectPlay"] is True
    data = await asyncio.to_thread(client.jellyfin.item_played, movie.id, True)
    assert data["Played"] is True and movie.played
    url = await asyncio.to_thread(client.jellyfin.video_url, movie.id)
    assert f"/Videos/{movie.id}/stream" in url


async def test_quick_connect(fake_jellyfin: FakeJellyfin) -> None:
    client = _client()
    url = fake_jellyfin.url
    state = await asyncio.to_thread(client.auth.connect_to_address, url)
    assert state["State"] == CONNECTION_STATE["ServerSignIn"]
    api = client.auth.API
    assert await asyncio.to_thread(api.quick_connect_enabled, url) is True
    started = await asyncio.to_thread(api.quick_connect_initiate, url)
    assert started["DeviceId"] == DEVICE_ID
    assert not (await asyncio.to_thread(api.quick_connect_state, url, started["Secret"]))[
        "Authenticated"
    ]
    assert fake_jellyfin.approve_quick_connect(started["Code"])
    assert (await asyncio.to_thread(api.quick_connect_state, url, started["Secret"]))[
        "Authenticated"
    ]
    result = await asyncio.to_thread(client.auth.login_with_quick_connect, url, started["Secret"])
    assert result["User"]["Id"] == fake_jellyfin.user_id
    views = await asyncio.to_thread(client.jellyfin.get_views)
    assert len(views["Items"]) == 3
