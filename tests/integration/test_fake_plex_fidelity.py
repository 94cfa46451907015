"""The fake plex.tv + PMS against the community OpenAPI specs and real PMS XML, route by route.

JSON answers are validated against the response schema of their operation in
plex-api-spec 1.1.1 (0.0.3 where 1.1.1 lacks the operation: plex.tv's pins, a show's
children, the Marker schema); see tests/fakes/plex/openapi.py for the spec errata. XML
answers must parse and carry the attributes the real captures in shared/specs/fixtures/plex
carry for the same endpoint. Expected library values come from a separate run of the
generator, never from the fake's own answers.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import ssl
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import aiohttp
import pytest
from jsonschema.exceptions import ValidationError
from multidict import CIMultiDictProxy

from tests.fakes.plex import Connection, FakePlex, Library, generate
from tests.fakes.plex import media as plex_media
from tests.fakes.plex.generator import SIZES
from tests.fakes.plex.openapi import SPECS, PlexSpec, current_spec, legacy_spec

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = SPECS / "fixtures" / "plex"
CLIENT_ID = "reel-fidelity-client"
BASE_HEADERS = {
    "X-Plex-Client-Identifier": CLIENT_ID,
    "X-Plex-Product": "Reel tests",
    "X-Plex-Version": "0.1",
    "X-Plex-Platform": "Linux",
    "X-Plex-Device": "pytest",
}
OWNER = "owner"  # the default token: the owner's, read when the request is made


@dataclass
class Reply:
    """Status, decoded body (JSON, an XML root element, or bytes) and headers."""

    status: int
    body: Any
    headers: CIMultiDictProxy[str]
    raw: bytes


@dataclass
class Api:
    """An HTTP client for both of the fake's apps."""

    session: aiohttp.ClientSession
    plex: FakePlex

    async def call(
        self,
        path: str,
        *,
        app: str = "pms",
        method: str = "GET",
        params: Any = None,
        token: str | None = OWNER,
        as_json: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """One request; JSON is asked for unless `as_json` is False."""
        sent = dict(BASE_HEADERS)
        if token is not None:
            sent["X-Plex-Token"] = self.plex.account_token if token == OWNER else token
        if as_json:
            sent["Accept"] = "application/json"
        sent.update(headers or {})
        base = self.plex.server_url if app == "pms" else self.plex.plex_tv_url
        async with self.session.request(method, base + path, params=params, headers=sent) as r:
            raw = await r.read()
            kind = r.headers.get("Content-Type", "")
            body: Any = raw
            if raw and "json" in kind:
                body = json.loads(raw)
            elif raw and "xml" in kind:
                try:
                    body = ElementTree.fromstring(raw)
                except ElementTree.ParseError:
                    body = raw  # a malformed-body fault
            return Reply(r.status, body, r.headers, raw)

    async def ok(
        self, spec: PlexSpec, template: str, path: str, *, status: int = 200, **kw: Any
    ) -> Any:
        """Call, expect `status`, validate the JSON against the operation, return it."""
        reply = await self.call(path, **kw)
        assert reply.status == status, (reply.status, reply.raw[:300])
        assert reply.headers["Content-Type"].startswith("application/json")
        spec.validate_response(template, kw.get("method", "GET"), reply.body, status)
        return reply.body

    async def xml(self, path: str, **kw: Any) -> ElementTree.Element:
        """Call without JSON Accept; expect 200 and an XML document."""
        reply = await self.call(path, as_json=False, **kw)
        assert reply.status == 200, (reply.status, reply.raw[:300])
        assert reply.headers["Content-Type"].startswith("text/xml")
        assert reply.raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        assert isinstance(reply.body, ElementTree.Element)
        return reply.body


@pytest.fixture
async def api(fake_plex: FakePlex) -> AsyncIterator[Api]:
    """A client session for the started small fake."""
    async with aiohttp.ClientSession() as session:
        yield Api(session, fake_plex)


def expected_library(plex: FakePlex) -> Library:
    """The library a separate generator run produces for the fake's seed and home."""
    return generate("small", 1, tuple(u.id for u in plex.home_users))


# -- comparing XML with the real captures ----------------------------------------------------


def attributes(root: ElementTree.Element) -> dict[str, set[str]]:
    """Attribute names by element tag (streams by type: Stream1, Stream2, Stream3)."""
    found: dict[str, set[str]] = {}
    for element in root.iter():
        tag = element.tag
        if tag == "Stream":
            tag += element.get("streamType", "")
        found.setdefault(tag, set()).update(element.attrib)
    return found


# Attributes the captures have that the fake leaves out on purpose, as PMS does when the
# data is missing: usage counts of tags (added only on some requests), extras and theme
# music (the fake generates neither), a playing session's key.
NOT_GENERATED = {
    "Video": {"primaryExtraKey", "grandparentTheme", "sessionKey"},
    **{tag: {"count"} for tag in ("Genre", "Director", "Writer", "Producer", "Country", "Role")},
}


def assert_covers(ours: ElementTree.Element, fixture: str, skip: tuple[str, ...] = ()) -> None:
    """Every element and attribute of the capture also appears in our XML."""
    theirs = attributes(ElementTree.parse(FIXTURES / fixture).getroot())
    mine = attributes(ours)
    for tag, names in theirs.items():
        if tag in skip:
            continue
        missing = names - mine.get(tag, set()) - NOT_GENERATED.get(tag, set())
        assert not missing, f"{fixture}: <{tag}> lacks {sorted(missing)}"


# -- PMS: identity, root, sections ----------------------------------------------------------


async def test_identity_needs_no_token(api: Api) -> None:
    body = await api.ok(current_spec(), "/identity", "/identity", token=None)
    assert body["MediaContainer"]["machineIdentifier"] == api.plex.machine_identifier
    assert body["MediaContainer"]["claimed"] is True
    xml = await api.xml("/identity", token=None)
    assert xml.tag == "MediaContainer" and xml.get("claimed") == "1"
    assert xml.get("version") == api.plex.version


async def test_pms_refuses_missing_or_bad_tokens(api: Api) -> None:
    paths = [
        "/",
        "/library",
        "/library/sections",
        "/library/sections/1/all",
        "/library/metadata/1",
        "/library/metadata/21/children",
        "/:/scrobble",
        "/photo/:/transcode",
        "/library/parts/1/1/file.mkv",
        "/library/streams/1",
    ]
    for path in paths:
        for token in (None, "not-a-token", api.plex.server_token("Kid")[::-1]):
            reply = await api.call(path, token=token)
            assert reply.status == 401, path
            assert reply.headers["Content-Type"].startswith("text/html")
    # The token may also come as a query parameter.
    reply = await api.call(
        "/library/sections", token=None, params={"X-Plex-Token": api.plex.account_token}
    )
    assert reply.status == 200


async def test_server_root(api: Api) -> None:
    body = await api.ok(current_spec(), "/", "/")
    container = body["MediaContainer"]
    assert container["machineIdentifier"] == api.plex.machine_identifier
    assert container["friendlyName"] == api.plex.friendly_name
    assert container["myPlexUsername"] == api.plex.home_users[0].email
    current_spec().validate_schema("ServerConfiguration", container)
    assert_covers(await api.xml("/"), "ha_plex_server_root_identity.xml")


async def test_library_sections(api: Api) -> None:
    body = await api.ok(current_spec(), "/library/sections/all", "/library/sections/all")
    assert body == await api.ok(legacy_spec(), "/library/sections", "/library/sections")
    sections = body["MediaContainer"]["Directory"]
    assert [(s["key"], s["type"], s["title"]) for s in sections] == [
        ("1", "movie", "Movies"),
        ("2", "show", "TV Shows"),
        ("3", "artist", "Music"),
    ]
    assert_covers(await api.xml("/library/sections"), "ha_plex_library_sections.xml")
    root = await api.xml("/library")
    assert [d.get("key") for d in root] == ["sections", "recentlyAdded", "onDeck"]


# -- PMS: listings ----------------------------------------------------------------------------


async def _all_pages(api: Api, section: int, kind: int, size: int, as_header: bool) -> list[Any]:
    found: list[Any] = []
    start = 0
    while True:
        paging = {"X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(size)}
        kw: dict[str, Any] = {"headers": paging} if as_header else {"params": paging}
        params = {"type": str(kind), "includeGuids": "1", **kw.pop("params", {})}
        reply = await api.call(f"/library/sections/{section}/all", params=params, **kw)
        assert reply.status == 200
        current_spec().validate_response("/library/sections/{sectionId}/all", "GET", reply.body)
        container = reply.body["MediaContainer"]
        assert (container["offset"], container["size"]) == (
            start,
            len(container.get("Metadata", [])),
        )
        assert reply.headers["X-Plex-Container-Start"] == str(start)
        assert reply.headers["X-Plex-Container-Total-Size"] == str(container["totalSize"])
        found.extend(container.get("Metadata", []))
        start += size
        if start >= container["totalSize"]:
            return found


@pytest.mark.parametrize(
    ("section", "kind", "name"),
    [(1, 1, "movie"), (2, 2, "show"), (2, 3, "season"), (2, 4, "episode")],
)
async def test_listing_pages_through_every_item(
    api: Api, section: int, kind: int, name: str
) -> None:
    expected = expected_library(api.plex)
    want = {str(i.rating_key): i for i in expected.kind_list(name)}
    for as_header in (True, False):
        items = await _all_pages(api, section, kind, 7, as_header)
        assert [i["type"] for i in items] == [name] * len(want)
        assert {i["ratingKey"] for i in items} == set(want)
    for entry in items:
        item = want[entry["ratingKey"]]
        assert (entry["title"], entry["addedAt"], entry["updatedAt"]) == (
            item.title,
            item.added_at,
            item.updated_at,
        )
        assert entry.get("summary") == item.summary and entry.get("year") == item.year
        if name == "episode":
            assert entry["index"] == item.index and entry["parentIndex"] == item.parent_index
            assert entry["grandparentRatingKey"] == str(item.grandparent)
            assert entry["parentRatingKey"] == str(item.parent)
        if name == "season":
            assert entry["parentRatingKey"] == str(item.parent)
            assert entry["leafCount"] == len(expected.kids(item.rating_key))
        if name in ("movie", "episode"):
            media = entry["Media"][0]
            assert media["Part"][0]["id"] == item.rating_key and "Stream" not in media["Part"][0]
            assert entry["duration"] == item.duration_ms
        assert [g["id"] for g in entry.get("Guid", [])] == list(item.external_ids)
    if name in ("movie", "episode"):  # some items have no artwork at all
        assert any("thumb" not in e for e in items)


async def test_listing_size_zero_counts_and_music_is_empty(api: Api) -> None:
    reply = await api.call(
        "/library/sections/2/all",
        params={"type": "4"},
        headers={"X-Plex-Container-Start": "0", "X-Plex-Container-Size": "0"},
    )
    assert reply.body["MediaContainer"]["size"] == 0
    assert reply.body["MediaContainer"]["totalSize"] == api.plex.counts["episode"]
    assert "Metadata" not in reply.body["MediaContainer"]
    music = await api.ok(
        current_spec(), "/library/sections/{sectionId}/all", "/library/sections/3/all"
    )
    assert music["MediaContainer"]["size"] == 0
    # Without paging there is no totalSize or offset, as on PMS.
    whole = await api.call("/library/sections/1/all")
    assert "totalSize" not in whole.body["MediaContainer"]
    assert whole.body["MediaContainer"]["size"] == api.plex.counts["movie"]


async def test_listing_filters_and_sorts(api: Api) -> None:
    expected = expected_library(api.plex)
    movies = expected.movies
    cut = sorted(m.added_at for m in movies)[len(movies) // 2]

    async def keys(**params: str) -> list[str]:
        reply = await api.call("/library/sections/1/all", params=params)
        assert reply.status == 200, params
        return [m["ratingKey"] for m in reply.body["MediaContainer"].get("Metadata", [])]

    after = {str(m.rating_key) for m in movies if m.added_at > cut}
    at_or_after = {str(m.rating_key) for m in movies if m.added_at >= cut}
    assert set(await keys(**{"addedAt>>": str(cut)})) == after
    assert set(await keys(**{"addedAt>=": str(cut)})) == at_or_after  # %3E%3D, encoded
    assert set(await keys(**{"addedAt>": str(cut)})) == at_or_after  # an unencoded ">="
    assert (
        set(await keys(**{"addedAt<<": str(cut)}))
        == {str(m.rating_key) for m in movies} - at_or_after
    )
    by_added = sorted(movies, key=lambda m: (-m.added_at, m.rating_key))
    newest = await keys(sort="addedAt:desc")
    assert [movies_by_key(expected, k).added_at for k in newest] == [m.added_at for m in by_added]
    titles = [movies_by_key(expected, k) for k in await keys()]
    assert [(m.title_sort or m.title).lower() for m in titles] == sorted(
        (m.title_sort or m.title).lower() for m in movies
    )
    year_hits = await keys(year=str(movies[0].year))
    assert str(movies[0].rating_key) in year_hits
    episodes = await api.call(
        "/library/sections/2/all", params={"type": "4", "episode.updatedAt>>": "0"}
    )
    assert episodes.body["MediaContainer"]["size"] == len(expected.episodes)
    for bad in ({"sort": "nonsense:asc"}, {"type": "9"}, {"addedAt>>": "yesterday"}):
        assert (await api.call("/library/sections/1/all", params=bad)).status == 400
    assert (await api.call("/library/sections/9/all")).status == 404


async def test_listing_exclude_elements_and_fields(api: Api) -> None:
    expected = expected_library(api.plex)
    trimmed = {
        "type": "1",
        "excludeElements": "Media,Genre,Role,Director,Writer,Guid",
        "excludeFields": "summary,tagline",
    }
    spec = current_spec()
    path = "/library/sections/1/all"
    body = await api.ok(spec, "/library/sections/{sectionId}/all", path, params=trimmed)
    items = body["MediaContainer"]["Metadata"]
    assert {i["ratingKey"] for i in items} == {str(m.rating_key) for m in expected.movies}
    gone = {"Media", "Genre", "Role", "Director", "Writer", "Guid", "summary", "tagline"}
    assert not any(gone & set(i) for i in items)
    # What was not excluded stays, in both formats.
    assert all(i["title"] and i["addedAt"] for i in items)
    assert any("Country" in i for i in items)
    root = await api.xml(path, params=trimmed)
    assert not [e for v in root for e in v if e.tag in gone]
    assert not [v for v in root if "summary" in v.attrib]
    # Details honour them too; an empty name excludes nothing.
    movie = next(m for m in expected.movies if m.summary and m.genres)
    details = await api.call(
        f"/library/metadata/{movie.rating_key}",
        params={"excludeElements": "Genre,", "excludeFields": "summary"},
    )
    [entry] = details.body["MediaContainer"]["Metadata"]
    assert "Genre" not in entry and "summary" not in entry
    assert entry["Media"][0]["Part"][0]["Stream"]


def movies_by_key(lib: Library, key: str) -> Any:
    """An item of the expected library by rating key."""
    item = lib.get(key)
    assert item is not None
    return item


async def test_listing_xml_matches_the_real_capture(api: Api) -> None:
    root = await api.xml("/library/sections/1/all", params={"type": "1"})
    assert root.get("size") == str(api.plex.counts["movie"])
    assert {v.tag for v in root} == {"Video"}
    # The capture is a trimmed listing without Media; its tags have usage counts.
    assert_covers(root, "ha_plex_library_section_1_all_movies.xml")
    shows = await api.xml("/library/sections/2/all")
    assert {d.tag for d in shows} == {"Directory"} and len(shows) == api.plex.counts["show"]


# -- PMS: details, children, markers ------------------------------------------------------------


def _marker_schema_pointer(spec: PlexSpec) -> str:
    """Where 0.0.3 defines a Marker item (inside /library/metadata/{ratingKey}'s answer)."""

    def walk(node: Any, path: list[str]) -> list[str] | None:
        if isinstance(node, dict):
            if "Marker" in node and isinstance(node["Marker"], dict) and "items" in node["Marker"]:
                return [*path, "Marker", "items"]
            for key, value in node.items():
                found = walk(value, [*path, str(key)])
                if found:
                    return found
        elif isinstance(node, list):
            for n, value in enumerate(node):
                found = walk(value, [*path, str(n)])
                if found:
                    return found
        return None

    start = ["paths", "/library/metadata/{ratingKey}", "get"]
    found = walk(spec.doc["paths"]["/library/metadata/{ratingKey}"]["get"], start)
    assert found is not None
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in found)


async def test_metadata_details_with_markers_and_chapters(api: Api) -> None:
    expected = expected_library(api.plex)
    marker_pointer = _marker_schema_pointer(legacy_spec())
    params = {"includeMarkers": "1", "includeChapters": "1"}
    seen_markers: set[str] = set()
    for item in [*expected.movies, *expected.episodes]:
        body = await api.ok(
            current_spec(),
            "/library/metadata/{ids}",
            f"/library/metadata/{item.rating_key}",
            params=params,
        )
        entry = body["MediaContainer"]["Metadata"][0]
        markers = entry.get("Marker", [])
        for marker in markers:
            legacy_spec().validate_pointer(marker_pointer, marker)
        assert markers == plex_media.markers(item)
        seen_markers.update(m["type"] for m in markers)
        assert entry.get("Chapter", []) == plex_media.chapters(item)
        streams = entry["Media"][0]["Part"][0]["Stream"]
        assert streams[0]["streamType"] == 1
        assert all("key" in s for s in streams if s["streamType"] == 3 and "index" not in s)
        assert len(entry.get("Genre", [])) == len(item.genres)
        assert len(entry.get("Role", [])) == len(item.cast)
    assert seen_markers == {"intro", "credits", "commercial"}
    assert any(m.get("final") for m in plex_media.markers(expected.movies[0]))
    # Markers and chapters only when asked for.
    plain = await api.call(f"/library/metadata/{expected.episodes[1].rating_key}")
    assert "Marker" not in plain.body["MediaContainer"]["Metadata"][0]
    several = await api.call(
        f"/library/metadata/{expected.movies[0].rating_key},{expected.movies[1].rating_key}"
    )
    assert several.body["MediaContainer"]["size"] == 2
    assert (await api.call("/library/metadata/999999")).status == 404


async def test_metadata_xml_matches_the_real_capture(api: Api) -> None:
    root = ElementTree.Element("all")
    for movie in expected_library(api.plex).movies:
        root.append(
            await api.xml(f"/library/metadata/{movie.rating_key}", params={"includeMarkers": "1"})
        )
    assert_covers(root, "ha_plex_library_metadata_movie_1.xml")
    video = root[0][0]
    # Real PMS nests Stream in Part in Media (the capture flattened them).
    assert video.find("Media/Part/Stream") is not None
    marker = next(m for m in root.iter("Marker"))
    assert marker.find("Attributes") is not None  # plexapi's Marker reads Attributes.version


async def test_children_and_all_leaves(api: Api) -> None:
    expected = expected_library(api.plex)
    show = expected.shows[0]
    seasons = expected.kids(show.rating_key)
    body = await api.ok(
        legacy_spec(),
        "/library/metadata/{ratingKey}/children",
        f"/library/metadata/{show.rating_key}/children",
    )
    container = body["MediaContainer"]
    assert [m["index"] for m in container["Metadata"]] == [s.index for s in seasons]
    assert container["Directory"][0]["key"].endswith("/allLeaves")
    assert container["Directory"][0]["leafCount"] == sum(
        len(expected.kids(s.rating_key)) for s in seasons
    )
    plain = await api.call(
        f"/library/metadata/{show.rating_key}/children", params={"excludeAllLeaves": "1"}
    )
    assert "Directory" not in plain.body["MediaContainer"]
    season = seasons[0]
    episodes = await api.ok(
        legacy_spec(),
        "/library/metadata/{ratingKey}/children",
        f"/library/metadata/{season.rating_key}/children",
    )
    assert [e["index"] for e in episodes["MediaContainer"]["Metadata"]] == [
        e.index for e in expected.kids(season.rating_key)
    ]
    leaves = await api.ok(
        current_spec(),
        "/library/metadata/{ids}/allLeaves",
        f"/library/metadata/{show.rating_key}/allLeaves",
    )
    assert [e["ratingKey"] for e in leaves["MediaContainer"]["Metadata"]] == [
        str(e.rating_key) for s in seasons for e in expected.kids(s.rating_key)
    ]
    # The capture's episodes carry streams because it repeats one details block (see
    # SOURCES.md): listings have streams only with includeElements=Stream.
    xml = await api.xml(
        f"/library/metadata/{season.rating_key}/children", params={"includeElements": "Stream"}
    )
    assert_covers(xml, "ha_plex_library_metadata_20_children_season_episodes.xml")
    assert (await api.call("/library/metadata/424242/children")).status == 404


# -- PMS: artwork, media, subtitles -----------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    zlib.decompress(data[41 : 41 + struct.unpack(">I", data[33:37])[0]])  # the IDAT inflates
    return width, height


async def test_artwork(api: Api) -> None:
    movie = expected_library(api.plex).movies[0]
    reply = await api.call(
        "/photo/:/transcode",
        params={
            "url": f"/library/metadata/{movie.rating_key}/thumb/{movie.updated_at}",
            "width": "64",
            "height": "96",
        },
    )
    assert reply.status == 200 and reply.headers["Content-Type"] == "image/png"
    assert _png_size(reply.raw) == (64, 96)
    assert (await api.call("/photo/:/transcode")).status == 400
    thumb = await api.call(f"/library/metadata/{movie.rating_key}/thumb/{movie.updated_at}")
    assert thumb.status == 200 and _png_size(thumb.raw) == (200, 300)
    bare = next(m for m in expected_library(api.plex).movies if not m.has_thumb)
    assert (await api.call(f"/library/metadata/{bare.rating_key}/thumb/1")).status == 404


async def test_direct_play_hls_and_subtitles(api: Api) -> None:
    expected = expected_library(api.plex)
    movie = expected.movies[0]
    part = f"/library/parts/{movie.rating_key}/{movie.added_at}/file.{movie.container}"
    whole = await api.call(part)
    assert whole.status == 200 and len(whole.raw) == 256 * 1024
    api.plex.set_media(movie.rating_key, b"0123456789" * 10)
    ranged = await api.call(part, headers={"Range": "bytes=10-19"})
    assert (ranged.status, ranged.raw) == (206, b"0123456789")
    assert ranged.headers["Content-Range"] == "bytes 10-19/100"
    assert (await api.call(part, headers={"Range": "bytes=-5"})).raw == b"56789"
    assert (await api.call(part, headers={"Range": "bytes=500-"})).status == 416
    assert (await api.call("/library/parts/999999/1/file.mkv")).status == 404
    master = await api.call(
        "/video/:/transcode/universal/start.m3u8",
        params={"path": f"/library/metadata/{movie.rating_key}", "session": "s1"},
    )
    text = master.raw.decode()
    assert master.status == 200 and text.startswith("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=")
    assert text.strip().endswith("session/s1/base/index.m3u8")
    playlist = await api.call("/video/:/transcode/universal/session/s1/base/index.m3u8")
    assert "#EXT-X-ENDLIST" in playlist.raw.decode()
    segment = await api.call("/video/:/transcode/universal/session/s1/base/00000.ts")
    assert segment.raw[0] == 0x47 and len(segment.raw) % 188 == 0
    sidecar = next(
        (i, s)
        for i in expected.movies + expected.episodes
        for s in plex_media.streams(i)
        if "key" in s
    )
    srt = await api.call(sidecar[1]["key"])
    assert srt.status == 200 and srt.raw.decode().startswith("1\n00:00:02,000 --> ")
    assert sidecar[0].title in srt.raw.decode()
    assert (await api.call(sidecar[1]["key"] + ".srt")).status == 200
    embedded = plex_media.streams(movie)[0]
    assert (await api.call(f"/library/streams/{embedded['id']}")).status == 501
    assert (await api.call(f"/library/streams/{8 * 999_999 + 1}")).status == 404


# -- PMS: play state ----------------------------------------------------------------------------


async def _view(api: Api, key: int, token: str) -> dict[str, Any]:
    reply = await api.call(f"/library/metadata/{key}", token=token)
    return reply.body["MediaContainer"]["Metadata"][0]  # type: ignore[no-any-return]


async def test_timeline_scrobble_and_progress_are_per_user(api: Api) -> None:
    plex = api.plex
    owner, kid = plex.account_token, plex.server_token("Kid")
    episode = next(
        e
        for e in expected_library(plex).episodes
        if e.rating_key not in plex.library.user_views(plex.home_users[0].id)
        and e.rating_key not in plex.library.user_views(plex.home_users[1].id)
    )
    key, duration = episode.rating_key, episode.duration_ms or 0
    base = {"ratingKey": str(key), "key": f"/library/metadata/{key}", "duration": str(duration)}
    for state, position in (("playing", 60_000), ("paused", 120_000)):
        reply = await api.call(
            "/:/timeline", params={**base, "state": state, "time": str(position)}, token=kid
        )
        assert reply.status == 200
        # 1.1.1 documents the report as POST; PMS and plexapi use GET as well.
        current_spec().validate_response("/:/timeline", "POST", reply.body)
    assert (await _view(api, key, kid))["viewOffset"] == 120_000
    assert "viewOffset" not in await _view(api, key, owner)
    for position in (duration * 91 // 100, duration * 95 // 100):  # one play, not two
        await api.call(
            "/:/timeline", params={**base, "state": "playing", "time": str(position)}, token=kid
        )
    watched = await _view(api, key, kid)
    assert watched["viewCount"] == 1 and "viewOffset" not in watched and watched["lastViewedAt"] > 0
    assert (
        await api.call("/:/timeline", params={**base, "state": "dancing", "time": "1"})
    ).status == 400
    scrobble = {"key": str(key), "identifier": "com.plexapp.plugins.library"}
    assert (await api.call("/:/scrobble", params=scrobble)).status == 200
    assert (await _view(api, key, owner))["viewCount"] == 1
    assert (await api.call("/:/unscrobble", params=scrobble, method="PUT")).status == 200
    assert "viewCount" not in await _view(api, key, owner)
    assert (await _view(api, key, kid))["viewCount"] == 1  # the kid's state stays
    progress = {"key": str(key), "time": "4242", "identifier": "com.plexapp.plugins.library"}
    assert (await api.call("/:/progress", params=progress, method="PUT")).status == 200
    assert (await _view(api, key, owner))["viewOffset"] == 4242
    assert (await api.call("/:/scrobble", params={"key": str(key)})).status == 400
    assert (await api.call("/:/scrobble", params={**scrobble, "key": "999999"})).status == 404
    # A season: every episode watched, and the season's counts follow.
    season = episode.parent or 0
    await api.call("/:/scrobble", params={**scrobble, "key": str(season)})
    season_view = await _view(api, season, owner)
    assert season_view["viewedLeafCount"] == season_view["leafCount"]


# -- plex.tv ---------------------------------------------------------------------------------


async def test_pin_flow(api: Api) -> None:
    plex = api.plex
    pin = await api.ok(
        legacy_spec(),
        "/pins",
        "/api/v2/pins",
        app="tv",
        method="POST",
        params={"strong": "true"},
        token=None,
        status=201,
    )
    assert (
        len(pin["code"]) > 4 and pin["authToken"] is None and pin["clientIdentifier"] == CLIENT_ID
    )
    short = await api.call("/api/v2/pins", app="tv", method="POST", token=None)
    assert short.status == 201 and len(short.body["code"]) == 4
    path = f"/api/v2/pins/{pin['id']}"
    polled = await api.ok(legacy_spec(), "/pins/{pinID}", path, app="tv", token=None)
    assert polled["authToken"] is None and 0 < polled["expiresIn"] <= 1800
    stranger = await api.call(
        path, app="tv", token=None, headers={"X-Plex-Client-Identifier": "other"}
    )
    assert stranger.status == 404
    legacy_spec().validate_response("/pins/{pinID}", "GET", stranger.body, 404)
    plex.approve_pin(pin["code"])
    linked = await api.ok(legacy_spec(), "/pins/{pinID}", path, app="tv", token=None)
    assert linked["authToken"] == plex.account_token
    xml = await api.xml(path, app="tv", token=None)
    assert xml.tag == "pin" and xml.get("authToken") == plex.account_token
    assert xml.find("location") is not None
    plex.expire_pin(pin["id"])
    assert (await api.call(path, app="tv", token=None)).status == 404
    missing = await api.call(
        "/api/v2/pins",
        app="tv",
        method="POST",
        token=None,
        headers={"X-Plex-Client-Identifier": ""},
    )
    assert missing.status == 400 and missing.body["errors"][0]["code"] == 1000
    legacy_spec().validate_response("/pins", "POST", missing.body, 400)


async def test_user_and_sign_in(api: Api) -> None:
    user = await api.ok(current_spec(), "/user", "/api/v2/user", app="tv")
    assert (user["username"], user["authToken"], user["homeAdmin"]) == (
        "reel",
        api.plex.account_token,
        True,
    )
    legacy_spec().validate_response("/user", "GET", user)
    v1 = await api.xml("/users/account", app="tv")  # the old account route, same answer
    assert (v1.tag, v1.get("authToken")) == ("user", api.plex.account_token)
    for token in (None, "bogus"):
        refused = await api.call("/api/v2/user", app="tv", token=token)
        assert refused.status == 401
        current_spec().validate_response("/user", "GET", refused.body, 401)
    xml = await api.xml("/api/v2/user", app="tv")
    assert (
        xml.tag == "user"
        and xml.find("subscription") is not None
        and xml.find("profile") is not None
    )
    assert xml.get("scrobbleTypes") == ""  # plexapi splits it: it must be present
    form = {"login": "reel", "password": "secret"}
    async with api.session.post(
        api.plex.plex_tv_url + "/api/v2/users/signin",
        data=form,
        headers={**BASE_HEADERS, "Accept": "application/json"},
    ) as r:
        assert r.status == 201 and (await r.json())["authToken"] == api.plex.account_token
    async with api.session.post(
        api.plex.plex_tv_url + "/api/v2/users/signin",
        data={**form, "password": "nope"},
        headers=BASE_HEADERS,
    ) as r:
        assert r.status == 401


async def test_resources_and_connections(api: Api) -> None:
    plex = api.plex
    query = {"includeHttps": "1", "includeRelay": "1"}
    devices = await api.ok(
        current_spec(), "/resources", "/api/v2/resources", app="tv", params=query
    )
    legacy_spec().validate_response("/resources", "GET", devices)
    server = next(d for d in devices if "server" in d["provides"].split(","))
    assert server["clientIdentifier"] == plex.machine_identifier and server["owned"] is True
    assert server["accessToken"] == plex.server_token() and server["ownerId"] is None
    assert [c["uri"] for c in server["connections"]] == [plex.server_url]
    plex.set_connections(
        [
            Connection("http://127.0.0.1:9", local=True),  # a closed port
            Connection("https://203-0-113-7.abc.plex.direct:32400", local=False),
            {"uri": "https://198-51-100-1.abc.plex.direct:8443", "local": False, "relay": True},
            plex.server_url,
        ]
    )
    devices = await api.ok(
        current_spec(), "/resources", "/api/v2/resources", app="tv", params=query
    )
    server = next(d for d in devices if d["provides"] == "server")
    assert [(c["port"], c["local"], c["relay"], c["protocol"]) for c in server["connections"]] == [
        (9, True, False, "http"),
        (32400, False, False, "https"),
        (8443, False, True, "https"),
        (plex.port, True, False, "http"),
    ]
    plain = await api.call("/api/v2/resources", app="tv")
    assert [c["uri"] for c in plain.body[0]["connections"]] == [
        "http://127.0.0.1:9",
        plex.server_url,
    ]
    xml = await api.xml("/api/v2/resources", app="tv", params=query)
    assert [r.tag for r in xml] == ["resource", "resource"]
    assert len(xml[0].findall("connections/connection")) == 4
    v1 = await api.xml("/api/resources", app="tv", params={"includeHttps": "1"})
    assert_covers(v1, "ha_plextv_resources_one_server.xml")
    refused = await api.call("/api/v2/resources", app="tv", token=None)
    current_spec().validate_response("/resources", "GET", refused.body, 401)


async def test_plex_home(api: Api) -> None:
    plex = api.plex
    kid = plex.home_users[1]
    home = await api.call("/api/v2/home/users", app="tv")
    assert [u["title"] for u in home.body["users"]] == ["reel", "Kid", "Guest Room"]
    assert [u["protected"] for u in home.body["users"]] == [False, True, False]
    v1 = await api.xml("/api/home/users", app="tv")
    assert [u.get("title") for u in v1.findall("User")] == ["reel", "Kid", "Guest Room"]
    wrong = await api.call(
        f"/api/v2/home/users/{kid.uuid}/switch", app="tv", method="POST", params={"pin": "0000"}
    )
    assert wrong.status == 403 and wrong.body["errors"][0]["code"] == 1041
    switched = await api.call(
        f"/api/v2/home/users/{kid.uuid}/switch", app="tv", method="POST", params={"pin": "1234"}
    )
    assert switched.status == 201 and switched.body["authToken"] == kid.account_token
    # A managed user has no e-mail address. No capture shows what plex.tv sends then; the
    # fake sends "", which UserPlexAccount's `format: email` rejects: that one field is the
    # only deviation, the rest of the answer must fit.
    assert switched.body["email"] == ""
    with pytest.raises(ValidationError, match="email"):
        current_spec().validate_response("/user", "GET", switched.body)
    current_spec().validate_response("/user", "GET", {**switched.body, "email": "kid@example.com"})
    guest = await api.call(
        f"/api/home/users/{plex.home_users[2].id}/switch", app="tv", method="POST", as_json=False
    )
    assert (
        guest.status == 201
        and guest.body.get("authenticationToken") == plex.home_users[2].account_token
    )
    me = await api.call("/api/v2/user", app="tv", token=kid.account_token)
    assert (me.body["title"], me.body["restricted"], me.body["homeAdmin"]) == ("Kid", True, False)
    devices = await api.call("/api/v2/resources", app="tv", token=kid.account_token)
    server = devices.body[0]
    assert server["accessToken"] == kid.server_token != kid.account_token
    assert (server["owned"], server["ownerId"]) == (False, plex.home_users[0].id)
    assert (await api.call("/library/sections", token=kid.server_token)).status == 200
    assert (await api.call("/library/sections", token=kid.account_token)).status == 401
    listed = await api.ok(current_spec(), "/users", "/api/users/", app="tv")
    assert [u["title"] for u in listed["MediaContainer"]["User"]] == ["Kid", "Guest Room"]
    users = await api.xml("/api/users/", app="tv")
    assert [u.get("title") for u in users.findall("User")] == ["Kid", "Guest Room"]
    assert users.find("User/Server").get("machineIdentifier") == plex.machine_identifier  # type: ignore[union-attr]


async def test_revoked_tokens(api: Api) -> None:
    plex = api.plex
    old_owner, old_kid = plex.account_token, plex.server_token("Kid")
    plex.revoke_tokens()
    assert (await api.call("/library/sections", token=old_owner)).status == 401
    assert (await api.call("/library/sections", token=old_kid)).status == 401
    assert (await api.call("/api/v2/user", app="tv", token=old_owner)).status == 401
    assert plex.account_token != old_owner
    assert (await api.call("/library/sections")).status == 200
    assert (await api.call("/api/v2/user", app="tv")).status == 200


# -- faults, mutations, recording -------------------------------------------------------------


async def test_faults(api: Api) -> None:
    plex = api.plex
    plex.faults.fail_next(1, status=503, path="^/library/sections$")
    assert (await api.call("/library/sections")).status == 503
    assert (await api.call("/library/sections")).status == 200
    plex.faults.retry_after(2, path="/all$")
    busy = await api.call("/library/sections/1/all")
    assert busy.status == 503 and busy.headers["Retry-After"] == "2"
    plex.faults.malformed_next(1, path="^/library/sections$")
    broken = await api.call("/library/sections", as_json=False)
    assert broken.status == 200 and broken.body == broken.raw  # not parseable as XML
    with pytest.raises(ElementTree.ParseError):
        ElementTree.fromstring(broken.raw)
    plex.faults.truncate_next(1, path="^/library/sections$")
    with pytest.raises(aiohttp.ClientPayloadError):
        await api.call("/library/sections")
    plex.faults.disconnect_next(2, path="^/identity$")
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.call("/identity")
    plex.plex_tv_faults.fail_next(1, status=502, path="^/api/v2/user$")
    assert (await api.call("/api/v2/user", app="tv")).status == 502
    assert (await api.call("/library/sections")).status == 200  # the PMS plan is separate
    plex.faults.latency_s = 0.2
    began = time.monotonic()
    await api.call("/identity", token=None)
    assert time.monotonic() - began >= 0.2
    plex.faults.clear()
    assert [kind for kind, _, _ in plex.faults.fired] == [
        "fail",
        "retry_after",
        "malformed",
        "truncate",
        "disconnect",
        "disconnect",
    ]


async def test_mutations_between_syncs(api: Api) -> None:
    plex = api.plex
    before = int(time.time()) - 1
    added = plex.add_movies(2)
    changed = plex.change_items([plex.library.movies[0].rating_key])
    gone = plex.delete_items([plex.library.movies[1].rating_key])
    since = {"updatedAt>=": str(before)}
    fresh = await api.call("/library/sections/1/all", params={"type": "1", **since})
    keys = {m["ratingKey"] for m in fresh.body["MediaContainer"]["Metadata"]}
    assert keys == {str(i.rating_key) for i in [*added, *changed]}
    assert changed[0].title.endswith(" (Director's Cut)")
    everything = await api.call("/library/sections/1/all")
    assert everything.body["MediaContainer"]["size"] == 20 + 2 - 1
    assert (await api.call(f"/library/metadata/{gone[0].rating_key}")).status == 404
    show = plex.library.shows[0]
    below = [s.rating_key for s in plex.library.kids(show.rating_key)]
    below += [e.rating_key for s in below for e in plex.library.kids(s)]
    removed = plex.delete_items([show.rating_key])
    assert {i.rating_key for i in removed} == {show.rating_key, *below}
    assert all(plex.library.get(k) is None for k in [show.rating_key, *below])
    season = plex.library.seasons[0]
    new_episodes = plex.add_episodes(season.rating_key, 1)
    assert new_episodes[0].index == max(e.index or 0 for e in plex.library.kids(season.rating_key))
    # View state changes leave updatedAt alone (as on PMS): lastViewedAt finds them.
    movie = plex.library.movies[2]
    plex.set_watched(movie.rating_key, user="Kid", watched=True)
    kid = plex.server_token("Kid")
    assert (await _view(api, movie.rating_key, kid))["viewCount"] >= 1
    watched = await api.call(
        "/library/sections/1/all", token=kid, params={"lastViewedAt>=": str(before)}
    )
    assert [m["ratingKey"] for m in watched.body["MediaContainer"]["Metadata"]] == [
        str(movie.rating_key)
    ]
    unchanged = await api.call("/library/sections/1/all", params={"updatedAt>=": str(before)})
    assert str(movie.rating_key) not in {
        m["ratingKey"] for m in unchanged.body["MediaContainer"]["Metadata"]
    }


async def test_requests_are_recorded(api: Api) -> None:
    await api.call("/library/sections/1/all", params={"type": "1"})
    await api.call("/api/v2/user", app="tv")
    record = api.plex.requests_to("/library/sections/1/all", app="pms")[-1]
    assert (record.method, record.query, record.status, record.app) == (
        "GET",
        {"type": "1"},
        200,
        "pms",
    )
    assert (
        record.token == api.plex.account_token
        and record.auth["X-Plex-Client-Identifier"] == CLIENT_ID
    )
    assert [r.app for r in api.plex.requests_to("/api/v2/user")] == ["plex.tv"]


async def test_gdm_discovery(api: Api) -> None:
    port = await api.plex.start_gdm(port=0)
    loop = asyncio.get_running_loop()
    replies: asyncio.Queue[bytes] = asyncio.Queue()

    class Client(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
            replies.put_nowait(data)

    transport, _ = await loop.create_datagram_endpoint(Client, remote_addr=("127.0.0.1", port))
    try:
        transport.sendto(b"hello")
        transport.sendto(b"M-SEARCH * HTTP/1.0")  # exactly what plexapi.gdm sends
        data = (await asyncio.wait_for(replies.get(), 2)).decode()
        # plexapi.gdm's parsing: the first line holds "200 OK", then split each line on ':'.
        assert "200 OK" in data.splitlines()[0]
        fields = {
            k: v.strip() for k, v in (line.split(":") for line in data.splitlines() if ":" in line)
        }
        assert fields["Resource-Identifier"] == api.plex.machine_identifier
        assert (fields["Content-Type"], fields["Port"]) == ("plex/media-server", str(api.plex.port))
        await asyncio.sleep(0.05)
        assert replies.empty()
    finally:
        transport.close()


async def test_tls(make_fake_plex: Callable[..., Awaitable[FakePlex]]) -> None:
    plex = await make_fake_plex(tls=True)
    assert plex.server_url.startswith("https://") and plex.plex_tv_url.startswith("https://")
    assert plex.certificate is not None
    context = plex.certificate.client_context()
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            await session.get(plex.server_url + "/identity", ssl=ssl.create_default_context())
        async with session.get(plex.server_url + "/identity", ssl=context) as r:
            assert r.status == 200
        async with session.post(
            plex.plex_tv_url + "/api/v2/pins",
            ssl=context,
            headers={"X-Plex-Client-Identifier": "x"},
        ) as r:
            assert r.status == 201


# -- the generator and standalone mode ---------------------------------------------------------


def _fingerprint(lib: Library) -> str:
    digest = hashlib.sha256()
    for item in [*lib.movies, *lib.shows, *lib.seasons, *lib.episodes, *lib.people]:
        digest.update(repr(item).encode())
    digest.update(repr(sorted((u, sorted(v.items())) for u, v in lib.views.items())).encode())
    return digest.hexdigest()


def test_generator_is_deterministic() -> None:
    assert _fingerprint(generate("small", 1, (1, 2))) == _fingerprint(generate("small", 1, (1, 2)))
    assert _fingerprint(generate("medium", 7, (1,))) == _fingerprint(generate("medium", 7, (1,)))
    assert _fingerprint(generate("small", 1, (1,))) != _fingerprint(generate("small", 2, (1,)))
    small = generate("small", 1, (1, 2, 3))
    assert small.counts == {"movie": 20, "show": 3, "season": 7, "episode": 30}
    assert any(s.index == 0 for s in small.seasons)  # specials
    assert any(m.summary is None for m in small.movies) and any(
        m.year is None for m in small.movies
    )
    assert any(not m.has_thumb for m in small.movies) and any(
        not m.title.isascii() for m in small.movies
    )
    assert any(m.guid.startswith("local://") for m in small.movies)
    assert sum(1 for e in small.episodes if plex_media.markers(e)) > len(small.episodes) // 2
    assert any(plex_media.markers(m) for m in small.movies) and any(
        plex_media.chapters(m) for m in small.movies
    )
    assert small.views[1] != small.views[2]  # home users see their own state
    keys = [i.rating_key for i in [*small.movies, *small.shows, *small.seasons, *small.episodes]]
    assert len(set(keys)) == len(keys) == 60


def test_bench_counts() -> None:
    bench = SIZES["bench"]
    assert (bench.movies, bench.series, bench.seasons, bench.episodes) == (
        50_000,
        5_000,
        20_000,
        100_000,
    )
    lib = generate("bench", 3, (1,))
    assert lib.counts == {"movie": 50_000, "show": 5_000, "season": 20_000, "episode": 100_000}
    assert len(lib.by_key) == 175_000


def test_standalone_mode() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.plex", "--port", "0", "--size", "small"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        assert ready["counts"] == {"movie": 20, "show": 3, "season": 7, "episode": 30}
        assert ready["url"] == ready["server_url"]
        request = urllib.request.Request(
            ready["server_url"] + "/library/sections",
            headers={"X-Plex-Token": ready["token"], "Accept": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["MediaContainer"]["size"] == 3
        user = urllib.request.Request(
            ready["plex_tv_url"] + "/api/v2/user", headers={"X-Plex-Token": ready["token"]}
        )
        with urllib.request.urlopen(user, timeout=5) as response:
            assert ElementTree.fromstring(response.read()).get("username") == "reel"
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
