"""The Plex parsers over real PMS answers (the recorded XML samples, as PMS's JSON) and
hostile bodies; plus the cursor's key sets, GDM replies and the sign-in link."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import msgspec
import pytest

from reel_qt.backends.plex import dto, parsers
from reel_qt.backends.plex.connections import ordered
from reel_qt.backends.plex.cursor import Cursor, decode_keys, encode_keys
from reel_qt.backends.plex.discovery import parse_reply
from reel_qt.backends.plex.signin import auth_link
from reel_qt.core.errors import InvalidResponseError
from reel_qt.core.records import (
    CreditKind,
    ItemType,
    LibraryKind,
    MarkerKind,
    StreamType,
)
from tests import specs

FIXTURES = specs.FIXTURES / "plex"
ITEM_ELEMENTS = {"Video", "Directory", "Track", "Photo"}


def _node(element: ET.Element, items_as: str | None) -> dict[str, Any]:
    """An XML element as PMS writes the same thing in JSON: attributes as fields, child
    elements as lists under their names (items of a container under "Metadata")."""
    node: dict[str, Any] = dict(element.attrib)
    for child in element:
        name = items_as if items_as and child.tag in ITEM_ELEMENTS else child.tag
        node.setdefault(name, []).append(_node(child, None))
    return node


def _nest_media(item: dict[str, Any]) -> None:
    # The recorded samples were trimmed into self-closing <Media/>, <Part/> and <Stream/>
    # elements side by side; PMS nests them (Media > Part > Stream).
    parts, streams = item.pop("Part", None), item.pop("Stream", None)
    if parts and item.get("Media"):
        item["Media"][0]["Part"] = parts
        if streams:
            parts[0]["Stream"] = streams


def pms_json(
    name: str, items_as: str | None = "Metadata", fill: dict[str, str] | None = None
) -> bytes:
    """A recorded PMS XML answer converted to the JSON PMS sends for `Accept: json`.

    XML attributes are all text; PMS's JSON has numbers there, which the decoder's
    lax mode accepts either way.
    """
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for key, value in (fill or {}).items():
        text = text.replace("{" + key + "}", value)
    root = ET.fromstring(text)
    node = _node(root, items_as)
    for item in node.get("Metadata", []):
        _nest_media(item)
    return msgspec.json.encode({root.tag: node})


def test_sections_become_libraries_and_music_is_unsupported() -> None:
    body = pms_json("ha_plex_library_sections.xml", items_as=None)
    assert [(lib.remote_id, lib.name, lib.kind) for lib in parsers.libraries(body)] == [
        ("1", "Movies", LibraryKind.MOVIES),
        ("2", "TV Shows", LibraryKind.SHOWS),
        ("3", "Music", LibraryKind.UNSUPPORTED),
    ]
    [movies, *_] = parsers.sections(body)
    assert movies.content_changed_at == 116893155


def test_a_movie_in_full() -> None:
    [movie] = parsers.media_page(pms_json("ha_plex_library_metadata_movie_1.xml"), "a movie")
    root = ET.parse(FIXTURES / "ha_plex_library_metadata_movie_1.xml").getroot()
    video = root.find("Video")
    assert video is not None
    assert movie.remote_id == "1" and movie.type is ItemType.MOVIE
    assert (movie.title, movie.year, movie.duration_ms) == ("Movie 1", 2000, 9_000_000)
    assert movie.rating == 9.5  # the audience rating, as Jellyfin's community rating
    assert (movie.content_rating, movie.studios, movie.premiere_date) == (
        "R",
        ("Studio Entertainment",),
        "2000-01-01",
    )
    assert movie.genres == tuple(g.attrib["tag"] for g in video.iter("Genre"))
    assert movie.added_at == 1377829261 * 1000 and movie.updated_at == 1590245989 * 1000
    assert movie.poster_ref == "/library/metadata/1/thumb/1590245989"
    assert movie.backdrop_ref == "/library/metadata/1/art/1590245989"
    roles = [(c.name, c.role) for c in movie.people if c.kind is CreditKind.ACTOR]
    assert roles == [(r.attrib["tag"], r.attrib.get("role")) for r in video.iter("Role")]
    kinds = {c.kind for c in movie.people}
    assert {CreditKind.DIRECTOR, CreditKind.WRITER, CreditKind.PRODUCER} <= kinds
    assert movie.user is not None
    assert (movie.user.watched, movie.user.play_count, movie.user.position_ms) == (True, 1, 555)
    assert movie.user.last_played_at == 1505969509 * 1000
    streams = list(video.iter("Stream"))
    assert [(s.index, s.codec, s.language) for s in movie.streams] == [
        (int(s.attrib["index"]), s.attrib["codec"], s.attrib["languageCode"]) for s in streams
    ]
    assert [s.type for s in movie.streams] == [
        StreamType.VIDEO,
        StreamType.AUDIO,
        StreamType.SUBTITLE,
    ]


def test_episodes_of_a_season_link_to_season_and_show() -> None:
    name = "ha_plex_library_metadata_20_children_season_episodes.xml"
    records = parsers.media_page(pms_json(name), "episodes")
    root = ET.parse(FIXTURES / name).getroot()
    videos = root.findall("Video")
    assert len(records) == len(videos) == 10
    for record, video in zip(records, videos, strict=True):
        assert record.type is ItemType.EPISODE
        assert record.remote_id == video.attrib["ratingKey"]
        assert (record.parent_remote_id, record.show_remote_id) == ("20", "30")
        assert record.season_number == int(video.attrib["parentIndex"])
        assert record.episode_number == int(video.attrib["index"])
        assert record.thumb_ref == video.attrib["thumb"]
        assert record.backdrop_ref == video.attrib.get("art", video.attrib.get("grandparentArt"))


def test_a_listing_is_read_for_keys_only() -> None:
    body = pms_json("ha_plex_library_section_1_all_movies.xml")
    keys, sent, total = parsers.keys_page(body, "movies")
    root = ET.parse(FIXTURES / "ha_plex_library_section_1_all_movies.xml").getroot()
    assert [k.rating_key for k in keys] == [v.attrib["ratingKey"] for v in root.iter("Video")]
    assert sent == len(keys) and total is None  # no paging asked: no totalSize


def test_server_identity_from_the_root() -> None:
    body = pms_json(
        "ha_plex_server_root_identity.xml",
        items_as=None,
        fill={"name": "Living Room", "machine_identifier": "abc123"},
    )
    found = parsers.server(body, "the root")
    assert (found.friendly_name, found.machine_identifier) == ("Living Room", "abc123")


def _metadata(**fields: Any) -> bytes:
    return msgspec.json.encode({"MediaContainer": {"size": 1, "Metadata": [fields]}})


def test_shows_and_seasons_are_watched_when_every_episode_is() -> None:
    body = msgspec.json.encode(
        {
            "MediaContainer": {
                "Metadata": [
                    {"ratingKey": "5", "type": "show", "title": "S", "leafCount": 4,
                     "viewedLeafCount": 4, "viewCount": 6, "lastViewedAt": 1700000000},
                    {"ratingKey": 6, "type": "season", "title": "Season 1", "index": 1,
                     "parentRatingKey": 5, "leafCount": 4, "viewedLeafCount": 3},
                ]
            }
        }
    )  # fmt: skip
    show, season = parsers.media_page(body, "folders")
    assert show.user is not None and show.user.watched and show.user.play_count == 6
    assert season.remote_id == "6" and season.parent_remote_id == season.show_remote_id == "5"
    assert season.user is not None and not season.user.watched and season.season_number == 1


def test_sidecar_subtitles_are_external_with_a_free_index() -> None:
    body = _metadata(
        ratingKey="7",
        type="movie",
        title="M",
        Media=[{"id": 1, "Part": [{"id": 1, "key": "/library/parts/1/2/file.mkv", "Stream": [
            {"id": 10, "streamType": 1, "index": 0, "codec": "h264", "width": 1920,
             "height": 1080, "default": True},
            {"id": 11, "streamType": 2, "index": 1, "codec": "aac", "channels": 2,
             "languageCode": "eng", "language": "English"},
            {"id": 12, "streamType": 3, "codec": "srt", "key": "/library/streams/12",
             "languageCode": "fra", "displayTitle": "Français (SRT External)"},
            {"id": 13, "streamType": 3, "index": 2, "codec": "ass", "forced": True},
            {"id": 14, "streamType": 99, "index": 3},
        ]}]}],
    )  # fmt: skip
    [movie] = parsers.media_page(body, "a movie")
    video, audio, sidecar, forced = movie.streams
    assert (video.type, video.width, video.is_default) == (StreamType.VIDEO, 1920, True)
    assert (audio.language, audio.channels) == ("eng", 2)
    assert sidecar.is_external and sidecar.location == "/library/streams/12"
    assert sidecar.index not in {video.index, audio.index, forced.index}
    assert forced.is_forced and not forced.is_external


def test_markers_and_chapters_in_playback_order() -> None:
    item = msgspec.json.decode(
        msgspec.json.encode(
            {"ratingKey": "1", "type": "episode",
             "Marker": [{"type": "credits", "startTimeOffset": 2_000_000,
                         "endTimeOffset": 2_100_000, "final": True},
                        {"type": "intro", "startTimeOffset": 20_000, "endTimeOffset": 60_000},
                        {"type": "intro", "startTimeOffset": 90_000, "endTimeOffset": 80_000},
                        {"type": "bogus", "startTimeOffset": 1, "endTimeOffset": 2}],
             "Chapter": [{"index": 1, "tag": "Opening", "startTimeOffset": 0,
                          "endTimeOffset": 600_000},
                         {"index": 2, "startTimeOffset": 600_000}]}
        ),
        type=dto.Metadata,
    )  # fmt: skip
    found = [(m.kind, m.start_ms, m.end_ms, m.title) for m in parsers.markers(item)]
    assert found == [
        (MarkerKind.CHAPTER, 0, 600_000, "Opening"),
        (MarkerKind.INTRO, 20_000, 60_000, None),
        (MarkerKind.CHAPTER, 600_000, None, None),
        (MarkerKind.CREDITS, 2_000_000, 2_100_000, None),
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'<?xml version="1.0"?><MediaContainer size="0"/>', "XML instead of JSON"),
        (b'<MediaContainer size="0"></MediaContainer>', "XML instead of JSON"),
        (b"<html><body>401 Unauthorized</body></html>", "a web page instead of JSON"),
        (b"", "an empty reply"),
        (b'{"MediaContainer": {"Metadata": [{"ratingKey": "1"', "cannot read"),
        (b'{"MediaContainer": {"Metadata": {"ratingKey": "1"}}}', "cannot read"),
        (b'{"MediaContainer": {"Metadata": [{"ratingKey": ["1"]}]}}', "cannot read"),
        (b"[]", "cannot read"),
    ],
)
def test_hostile_bodies_fail_in_words(body: bytes, words: str) -> None:
    with pytest.raises(InvalidResponseError, match=words) as caught:
        parsers.media_page(body, "page 3 of “Movies”")
    assert "page 3 of “Movies”" in str(caught.value)


def test_odd_items_are_skipped_or_cleaned() -> None:
    body = msgspec.json.encode(
        {
            "MediaContainer": {
                "Metadata": [
                    {"type": "movie", "title": "no key"},
                    {"ratingKey": "2", "type": "clip", "title": "a trailer"},
                    {"ratingKey": "3", "type": "movie", "duration": -5, "viewOffset": -1,
                     "addedAt": 0, "audienceRating": 55.0, "originalTitle": "Same",
                     "title": "Same", "Genre": [{"tag": ""}, {"tag": "Drama"}],
                     "Role": [{"id": 1}, {"id": 2, "tag": "Ann", "role": ""}]},
                    {"ratingKey": "4", "type": "movie"},
                ]
            }
        }
    )  # fmt: skip
    odd, untitled = parsers.media_page(body, "odd items")
    assert (odd.remote_id, odd.duration_ms, odd.added_at, odd.rating) == ("3", None, None, None)
    assert odd.original_title is None and odd.genres == ("Drama",)
    assert [(c.name, c.role, c.remote_id) for c in odd.people] == [("Ann", None, "2")]
    assert odd.user is not None and odd.user.position_ms == 0
    assert untitled.title == "Untitled"


def test_total_size_must_be_present() -> None:
    assert parsers.total_size(b'{"MediaContainer": {"size": 0, "totalSize": 42}}', "x") == 42
    with pytest.raises(InvalidResponseError, match="how many items"):
        parsers.total_size(b'{"MediaContainer": {"size": 0}}', "the movies")


def test_viewed_key_sets_survive_the_cursor() -> None:
    keys = {str(k) for k in (*range(1, 5000, 3), 10**9, 0)}
    encoded = encode_keys(keys)
    assert encoded is not None and len(encoded) < 4_000
    cursor = Cursor(since=1_700_000_000, viewed={"movie": encoded}, content=7)
    again = Cursor.parse(cursor.encode())
    assert again == cursor
    assert decode_keys(again.viewed["movie"] if again and again.viewed else None) == keys
    assert encode_keys(["12", "abc"]) is None  # not numeric: no set
    assert decode_keys("not base64!") is None
    assert Cursor.parse("{broken") is None


def test_gdm_replies() -> None:
    reply = (
        b"HTTP/1.0 200 OK\r\nContent-Type: plex/media-server\r\nResource-Identifier: abc\r\n"
        b"Name: Den\r\nPort: 32400\r\nVersion: 1.41.3\r\n"
    )
    found = parse_reply(reply, "192.168.1.5")
    assert found is not None
    assert (found.machine_identifier, found.name, found.address, found.version) == (
        "abc",
        "Den",
        "http://192.168.1.5:32400",
        "1.41.3",
    )
    player = reply.replace(b"plex/media-server", b"plex/media-player")
    assert parse_reply(player, "192.168.1.6") is None
    assert parse_reply(b"HTTP/1.0 404 Not Found\r\n", "h") is None
    assert parse_reply(reply.replace(b"32400", b"99999"), "h") is None
    assert parse_reply(b"\xff\xfe garbage", "h") is None


def test_connections_are_tried_local_then_remote_then_relay() -> None:
    connections = [
        dto.Connection(uri="https://relay.plex.direct:8443", relay=True, local=False),
        dto.Connection(uri="https://1-2-3-4.x.plex.direct:32400", local=False),
        dto.Connection(uri="http://192.168.1.5:32400", local=True),
        dto.Connection(uri="ftp://nonsense", local=True),
        dto.Connection(uri=None, local=True),
    ]
    assert [c.uri for c in ordered(connections)] == [
        "http://192.168.1.5:32400",
        "https://1-2-3-4.x.plex.direct:32400",
        "https://relay.plex.direct:8443",
    ]


def test_the_sign_in_link_names_this_install_and_the_code() -> None:
    assert auth_link("0123abcd", "XYZ42") == (
        "https://app.plex.tv/auth/#!?clientID=0123abcd&code=XYZ42&context[device][product]=Reel"
    )
