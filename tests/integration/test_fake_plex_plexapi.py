"""The real plexapi client against the fake plex.tv + PMS: the fake must speak its protocol.

plexapi is synchronous (requests), so every scenario runs in a worker thread while the fake
serves on the test's event loop. Expected values come from a separate generator run.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from plexapi import myplex
from plexapi.exceptions import BadRequest, Unauthorized
from plexapi.server import PlexServer

from tests.fakes.plex import Connection, FakePlex, Library, generate
from tests.fakes.plex import media as plex_media


@pytest.fixture
def plexapi_on_fake(fake_plex: FakePlex, monkeypatch: pytest.MonkeyPatch) -> FakePlex:
    """Point plexapi's plex.tv URLs at the fake.

    plexapi hard-codes https://plex.tv in class attributes (and has no setting for it), so
    this one file patches them; PMS calls need nothing, they take the server's URL.
    """
    base = fake_plex.plex_tv_url
    monkeypatch.setattr(myplex.MyPlexPinLogin, "PINS", f"{base}/api/v2/pins")
    monkeypatch.setattr(myplex.MyPlexPinLogin, "POLLINTERVAL", 0.05)
    monkeypatch.setattr(myplex.MyPlexAccount, "key", f"{base}/api/v2/user")
    monkeypatch.setattr(myplex.MyPlexAccount, "SIGNIN", f"{base}/api/v2/users/signin")
    monkeypatch.setattr(myplex.MyPlexAccount, "HOMEUSERS", f"{base}/api/home/users")
    monkeypatch.setattr(myplex.MyPlexUser, "key", f"{base}/api/users/")
    monkeypatch.setattr(
        myplex.MyPlexResource,
        "key",
        f"{base}/api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1",
    )
    return fake_plex


def expected(plex: FakePlex) -> Library:
    """The library a separate generator run produces for the fake's seed and home."""
    return generate("small", 1, tuple(u.id for u in plex.home_users))


async def _pin_login(plex: FakePlex, expire: bool = False) -> myplex.MyPlexPinLogin:
    login = myplex.MyPlexPinLogin()
    code = await asyncio.to_thread(lambda: login.pin)  # POST /api/v2/pins
    await asyncio.to_thread(login.run, None, 10)  # polls GET /api/v2/pins/{id} in a thread
    await asyncio.sleep(0.15)
    if expire:
        plex.expire_pin(code)
    else:
        plex.approve_pin(code)
    await asyncio.to_thread(login.waitForLogin)
    return login


async def test_pin_login_resources_and_connection_choice(plexapi_on_fake: FakePlex) -> None:
    plex = plexapi_on_fake
    login = await _pin_login(plex)
    assert login.finished and not login.expired and login.token == plex.account_token
    polls = plex.requests_to(f"/api/v2/pins/{login._id}", "GET")
    assert len(polls) >= 2 and polls[0].auth["X-Plex-Client-Identifier"]
    expired = await _pin_login(plex, expire=True)
    assert expired.expired and expired.token is None
    # The first advertised connection is a closed port: plexapi must fall back to the next.
    plex.set_connections([Connection("http://127.0.0.1:9"), Connection(plex.server_url)])

    def scenario() -> dict[str, Any]:
        account = myplex.MyPlexAccount(token=login.token)
        resources = account.resources()
        server = account.resource(plex.friendly_name).connect(timeout=3)
        return {
            "account": (account.username, account.email, account.homeAdmin, account.id),
            "resources": [(r.name, r.provides, r.owned, r.clientIdentifier) for r in resources],
            "uris": [c.uri for c in resources[0].connections],
            "server": (
                server._baseurl,
                server.machineIdentifier,
                server.friendlyName,
                server.version,
                server.myPlexUsername,
            ),
        }

    found = await asyncio.to_thread(scenario)
    owner = plex.home_users[0]
    assert found["account"] == (owner.username, owner.email, True, owner.id)
    assert found["resources"][0] == (plex.friendly_name, "server", True, plex.machine_identifier)
    assert found["uris"] == ["http://127.0.0.1:9", plex.server_url]
    assert found["server"] == (
        plex.server_url,
        plex.machine_identifier,
        plex.friendly_name,
        plex.version,
        owner.email,
    )


async def test_library_browsing(plexapi_on_fake: FakePlex) -> None:
    plex = plexapi_on_fake
    lib = expected(plex)

    def scenario() -> dict[str, Any]:
        server = PlexServer(plex.server_url, plex.account_token)
        sections = server.library.sections()
        movies = sections[0].all()
        shows = sections[1].all()
        tree = {
            show.title: {
                s.index: [(e.index, e.title) for e in s.episodes()] for s in show.seasons()
            }
            for show in shows
        }
        first = next(m for m in movies if m.ratingKey == lib.movies[0].rating_key)
        return {
            "sections": [(s.key, s.type, s.title) for s in sections],
            "movies": sorted((m.ratingKey, m.title, m.year, m.duration) for m in movies),
            "first": (
                first.summary,
                first.studio,
                [g.tag for g in first.genres],
                first.addedAt.timestamp(),
                first.media[0].parts[0].file,
            ),
            "shows": sorted((s.ratingKey, s.title, s.childCount, s.leafCount) for s in shows),
            "tree": tree,
            "episodes": len(sections[1].all(libtype="episode")),
            "seasons": len(sections[1].all(libtype="season")),
        }

    found = await asyncio.to_thread(scenario)
    assert found["sections"] == [
        (1, "movie", "Movies"),
        (2, "show", "TV Shows"),
        (3, "artist", "Music"),
    ]
    assert found["movies"] == sorted(
        (m.rating_key, m.title, m.year, m.duration_ms) for m in lib.movies
    )
    movie = lib.movies[0]
    genre_names = dict(lib.genres)
    assert found["first"] == (
        movie.summary,
        movie.studio,
        [genre_names[g] for g in movie.genres[:2]],
        movie.added_at,
        movie.file,
    )
    assert found["shows"] == sorted(
        (s.rating_key, s.title, len(lib.kids(s.rating_key)), len(list(lib.leaves(s))))
        for s in lib.shows
    )
    assert found["tree"] == {
        show.title: {
            season.index: [(e.index, e.title) for e in lib.kids(season.rating_key)]
            for season in lib.kids(show.rating_key)
        }
        for show in lib.shows
    }
    assert (found["episodes"], found["seasons"]) == (len(lib.episodes), len(lib.seasons))


async def test_markers_streams_and_play_state(plexapi_on_fake: FakePlex) -> None:
    plex = plexapi_on_fake
    lib = expected(plex)
    owner_views = lib.user_views(plex.home_users[0].id)
    episode = next(
        e
        for e in lib.episodes
        if {m["type"] for m in plex_media.markers(e)} >= {"intro", "credits"}
        and e.rating_key not in owner_views
    )
    want_markers = [
        (m["type"], m["startTimeOffset"], m["endTimeOffset"], m.get("final", False))
        for m in plex_media.markers(episode)
    ]
    want_audio = [s["languageCode"] for s in plex_media.streams(episode) if s["streamType"] == 2]

    def scenario() -> dict[str, Any]:
        server = PlexServer(plex.server_url, plex.account_token)
        item = server.fetchItem(episode.rating_key)
        item.reload()  # plexapi adds includeMarkers=1&includeChapters=1&...
        out: dict[str, Any] = {
            "markers": [(m.type, m.start, m.end, bool(m.final)) for m in item.markers],
            "flags": (item.hasIntroMarker, item.hasCreditsMarker),
            "audio": [s.languageCode for s in item.media[0].parts[0].audioStreams()],
            "show": (item.grandparentTitle, item.seasonNumber, item.episodeNumber),
            "before": item.isPlayed,
        }
        item.markPlayed()
        item.reload()
        out["played"] = (item.isPlayed, item.viewCount)
        item.markUnplayed()
        item.reload()
        out["unplayed"] = (item.isPlayed, item.viewCount)
        item.updateTimeline(600_000, state="stopped", duration=item.duration)
        item.reload()
        out["offset"] = item.viewOffset
        item.updateProgress(700_000)
        item.reload()
        out["progress"] = item.viewOffset
        return out

    found = await asyncio.to_thread(scenario)
    show = lib.by_key[episode.grandparent or 0]
    assert found["markers"] == want_markers
    assert found["flags"] == (True, True)
    assert found["audio"] == want_audio
    assert found["show"] == (show.title, episode.parent_index, episode.index)
    assert found["before"] is False
    assert found["played"] == (True, 1)
    assert found["unplayed"] == (False, 0)
    assert (found["offset"], found["progress"]) == (600_000, 700_000)
    assert plex.requests_to("/:/scrobble") and plex.requests_to("/:/unscrobble")
    timeline = plex.requests_to("/:/timeline")[-1]
    assert timeline.query["state"] == "stopped" and timeline.query["ratingKey"] == str(
        episode.rating_key
    )


async def test_home_users_and_tokens(plexapi_on_fake: FakePlex) -> None:
    plex = plexapi_on_fake
    kid = plex.home_users[1]

    def scenario() -> dict[str, Any]:
        account = myplex.MyPlexAccount(token=plex.account_token)
        users = [u.title for u in account.users()]
        with pytest.raises(BadRequest):  # plex.tv answers 403 for a wrong PIN
            account.switchHomeUser("Kid", pin="0000")
        switched = account.switchHomeUser("Kid", pin="1234")
        resource = next(r for r in switched.resources() if "server" in r.provides)
        server = PlexServer(plex.server_url, resource.accessToken)
        seen = {m.ratingKey: m.viewCount for m in server.library.section("Movies").all()}
        return {
            "users": users,
            "switched": (switched.title, switched.restricted, switched.authToken),
            "resource": (resource.accessToken, resource.owned),
            "seen": seen,
        }

    found = await asyncio.to_thread(scenario)
    assert found["users"] == ["Kid", "Guest Room"]
    assert found["switched"] == ("Kid", True, kid.account_token)
    assert found["resource"] == (kid.server_token, False)
    kid_views = expected(plex).user_views(kid.id)
    assert {k for k, count in found["seen"].items() if count} == {
        k
        for k, v in kid_views.items()
        if v.count and plex.library.get(k).kind == "movie"  # type: ignore[union-attr]
    }
    old = kid.server_token
    plex.revoke_tokens()
    with pytest.raises(Unauthorized):
        await asyncio.to_thread(PlexServer, plex.server_url, old)
