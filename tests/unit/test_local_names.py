"""Names as media managers read them; expectations come from the naming conventions."""

from __future__ import annotations

import pytest

from reel_qt.backends.local.names import parse_name
from reel_qt.backends.local.nfo import NfoError, parse_nfo

ROOT = "/media"


@pytest.mark.parametrize(
    ("path", "title", "year"),
    [
        ("Title (2001)/Title (2001).mkv", "Title", 2001),
        ("The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv", "The Matrix", 1999),
        (
            "2001 A Space Odyssey (1968)/2001 A Space Odyssey (1968).mkv",
            "2001 A Space Odyssey",
            1968,
        ),
        ("Some Film (2004)/movie.mkv", "Some Film", 2004),
        ("Ünïcødé 映画 (2015).mkv", "Ünïcødé 映画", 2015),
    ],
)
def test_movies(path: str, title: str, year: int) -> None:
    parsed = parse_name(f"{ROOT}/{path}", ROOT, "movies")
    assert (parsed.episode, parsed.title, parsed.year) == (False, title, year)


@pytest.mark.parametrize(
    ("path", "show", "season", "number", "end"),
    [
        ("Show/Season 01/Show - S01E02 - Name.mkv", "Show", 1, 2, None),
        ("Show/Show.S01E02E03.mkv", "Show", 1, 2, 3),
        ("Show/Season 1/Show 1x02.mkv", "Show", 1, 2, None),
        ("Show/Specials/Show - S00E01.mkv", "Show", 0, 1, None),
        ("Show/Specials/01 - Behind.mkv", "Show", 0, 1, None),
        ("Show (2010)/S02E05.mkv", "Show", 2, 5, None),
        ("Loose.Show.S03E04.720p.mkv", "Loose Show", 3, 4, None),
        ("News/News 2024-03-15.mkv", "News", 2024, 315, None),
    ],
)
def test_episodes(path: str, show: str, season: int, number: int, end: int | None) -> None:
    parsed = parse_name(f"{ROOT}/{path}", ROOT, "shows")
    assert parsed.episode
    assert (parsed.show_title, parsed.season, parsed.number, parsed.number_end) == (
        show,
        season,
        number,
        end,
    )


def test_auto_tells_episodes_from_movies() -> None:
    assert parse_name(f"{ROOT}/Show/Season 02/03.mkv", ROOT, "auto").episode
    assert parse_name(f"{ROOT}/Show.S01E01.mkv", ROOT, "auto").episode
    assert not parse_name(f"{ROOT}/Heat (1995)/Heat (1995).mkv", ROOT, "auto").episode


def test_nfo_refuses_entities_and_bad_xml() -> None:
    with pytest.raises(NfoError, match="entities"):
        parse_nfo(b'<!DOCTYPE m [<!ENTITY a "x">]><movie><title>&a;</title></movie>')
    with pytest.raises(NfoError, match="malformed"):
        parse_nfo(b"<movie><title>x</movie>")
    with pytest.raises(NfoError, match="not a Kodi"):
        parse_nfo(b"<html></html>")
    info = parse_nfo(b"<movie><title>T</title><rating>7.5</rating><genre>A / B</genre></movie>")
    assert (info.title, info.rating, info.genres) == ("T", 7.5, ("A", "B"))
