"""Jellyfin parsers over the sample responses in shared/specs and over hostile bodies."""

from __future__ import annotations

import json

import msgspec
import pytest

from reel_qt.backends.jellyfin import dto, parsers
from reel_qt.backends.jellyfin.address import normalise_server_url
from reel_qt.core.errors import InvalidArgumentError, InvalidResponseError
from reel_qt.core.records import CreditKind, ItemType, LibraryKind, StreamType
from tests import specs

FIXTURES = specs.FIXTURES / "jellyfin"


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_movie_fixture_becomes_a_movie_record() -> None:
    raw = json.loads(_fixture("ha_jellyfin_item_movie.json"))
    item = parsers.decode(_fixture("ha_jellyfin_item_movie.json"), dto.BaseItem, "a movie")
    record = parsers.media(item)
    assert record is not None
    assert record.type is ItemType.MOVIE
    assert record.remote_id == raw["Id"]
    assert record.title == raw["Name"]
    assert record.overview == raw["Overview"]
    assert record.genres == tuple(raw["Genres"])
    assert (
        record.poster_ref == f"/Items/{raw['Id']}/Images/Primary?tag={raw['ImageTags']['Primary']}"
    )
    primary_tag = raw["ImageTags"]["Primary"]
    assert record.poster_blurhash == raw["ImageBlurHashes"]["Primary"][primary_tag]
    # The sample's dates are the OpenAPI placeholder "string": unreadable, so absent.
    assert record.added_at is None
    people = [p for p in raw["People"] if p.get("Type") in ("Actor", "Director", "Writer")]
    assert [p.name for p in record.people] == [p["Name"] for p in people]
    streams = raw["MediaStreams"] or raw["MediaSources"][0]["MediaStreams"]
    kinds = {"Video": StreamType.VIDEO, "Audio": StreamType.AUDIO, "Subtitle": StreamType.SUBTITLE}
    assert [s.type for s in record.streams] == [
        kinds[s["Type"]] for s in streams if s["Type"] in kinds
    ]
    assert record.user is not None
    assert record.user.watched is raw["UserData"]["Played"]


def test_series_list_and_seasons_fixtures() -> None:
    series_raw = json.loads(_fixture("ha_jellyfin_items_series_list.json"))
    page = parsers.media_page(_fixture("ha_jellyfin_items_series_list.json"), "x")
    records, sent, total = page.records, page.sent, page.total
    assert sent == len(series_raw["Items"])
    assert total == series_raw["TotalRecordCount"]
    assert [r.remote_id for r in records] == [
        i["Id"] for i in series_raw["Items"] if i["Type"] == "Series"
    ]
    assert all(r.type is ItemType.SHOW for r in records)

    seasons_raw = json.loads(_fixture("ha_jellyfin_shows_seasons.json"))
    seasons = parsers.media_page(_fixture("ha_jellyfin_shows_seasons.json"), "x").records
    first = seasons_raw["Items"][0]
    assert seasons[0].type is ItemType.SEASON
    assert seasons[0].parent_remote_id == first["SeriesId"]
    assert seasons[0].show_remote_id == first["SeriesId"]
    assert seasons[0].season_number == first["IndexNumber"]


def test_episode_links_numbers_ticks_and_user_data() -> None:
    body = {
        "Items": [
            {
                "Id": "e1",
                "Name": "Pilot",
                "Type": "Episode",
                "SeriesId": "s1",
                "SeasonId": "se1",
                "ParentIndexNumber": 1,
                "IndexNumber": 2,
                "RunTimeTicks": 25_000_000_000,
                "DateCreated": "2021-03-04T05:06:07.1234567Z",
                "UserData": {
                    "PlaybackPositionTicks": 6_000_000_000,
                    "Played": False,
                    "PlayCount": 3,
                    "IsFavorite": True,
                    "LastPlayedDate": "2024-01-01T00:00:00Z",
                },
                "People": [
                    {"Name": "Guest", "Type": "GuestStar", "Role": "Bob"},
                    {"Name": "Composer", "Type": "Composer"},
                ],
            },
            {"Id": "x", "Name": "Trailer", "Type": "Trailer"},
        ],
        "TotalRecordCount": 2,
    }
    page = parsers.media_page(json.dumps(body).encode(), "x")
    records = page.records
    assert (page.sent, page.total, len(records)) == (2, 2, 1)
    episode = records[0]
    assert (episode.parent_remote_id, episode.show_remote_id) == ("se1", "s1")
    assert (episode.season_number, episode.episode_number) == (1, 2)
    assert episode.duration_ms == 2_500_000  # 2,500 s
    assert episode.added_at == 1_614_834_367_123  # 2021-03-04T05:06:07.123Z
    assert episode.user is not None
    assert (episode.user.position_ms, episode.user.play_count, episode.user.favorite) == (
        600_000,
        3,
        True,
    )
    assert episode.user.last_played_at == 1_704_067_200_000
    assert [(p.name, p.kind, p.role) for p in episode.people] == [
        ("Guest", CreditKind.GUEST, "Bob")
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "an empty reply"),
        (b"<html><body>Login</body></html>", "HTML or XML"),
        (b'{"Items": [{"Id": "a", "Name": "A", "Type": "Movie"}', "cannot read"),
        (b'{"Items": "nope"}', "cannot read"),
        (b'{"Items": [{"Name": "no id"}]}', "cannot read"),
    ],
)
def test_malformed_pages_raise_invalid_response(body: bytes, words: str) -> None:
    with pytest.raises(InvalidResponseError, match=words):
        parsers.media_page(body, "page 1")


def test_views_other_than_movies_and_shows_are_unsupported() -> None:
    views = msgspec.json.decode(
        json.dumps(
            [
                {"Id": "m", "Name": "Films", "CollectionType": "movies"},
                {"Id": "t", "Name": "Series", "CollectionType": "tvshows"},
                {"Id": "mu", "Name": "Music", "CollectionType": "music"},
                {"Id": "f", "Name": "Folders"},
            ]
        ),
        type=list[dto.BaseItem],
    )
    kinds = [(lib.remote_id, lib.kind) for lib in map(parsers.library, views)]
    assert kinds == [
        ("m", LibraryKind.MOVIES),
        ("t", LibraryKind.SHOWS),
        ("mu", LibraryKind.UNSUPPORTED),
        ("f", LibraryKind.UNSUPPORTED),
    ]


def test_times_round_trip_and_year_one_is_absent() -> None:
    assert parsers.epoch_ms("0001-01-01T00:00:00.0000000Z") is None
    assert parsers.epoch_ms("garbage") is None
    assert parsers.epoch_ms("2020-01-01T00:00:00") == 1_577_836_800_000  # naive = UTC
    assert parsers.iso_utc(1_577_836_800_123) == "2020-01-01T00:00:00.123Z"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("media.example", "http://media.example:8096"),
        ("  media.example:8920 ", "http://media.example:8920"),
        ("https://media.example/jellyfin/", "https://media.example/jellyfin"),
        ("HTTP://Media.Example:80//", "http://media.example:80"),
        ("http://10.0.0.5:8096/web/index.html", "http://10.0.0.5:8096"),
        ("[::1]:8096", "http://[::1]:8096"),
    ],
)
def test_server_addresses_are_normalised(typed: str, expected: str) -> None:
    assert normalise_server_url(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "ftp://host", "http://", "host:99999", "a b:8096"])
def test_bad_server_addresses_are_refused(typed: str) -> None:
    with pytest.raises(InvalidArgumentError):
        normalise_server_url(typed)
