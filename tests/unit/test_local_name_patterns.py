"""Readings predicted from a name's pattern are guessit's own readings, name for name."""

from __future__ import annotations

import pytest

from reel_qt.backends.local.name_patterns import PatternCache, pattern_of
from reel_qt.backends.local.names import read_name

# The names of tests/local_tree.py and of the naming tests, then runs of names that share
# a pattern, as the files of one folder do (with the traps: a number that could be a
# year, dates, multi-episode files, episode 1 written twice, a zero season).
TREE_NAMES = [
    "The Matrix (1999).mkv",
    "Heat.1995.1080p.BluRay.x264-GROUP.mp4",
    "Amélie (2001).webm",
    "Line\nBreak   Film (2003).avi",
    "Inception (2010).mkv",
    "inception-sample.mkv",
    "Inception Trailer.mkv",
    "Inception (2010)-trailer.mkv",
    "Long Film (2012).mkv",
    "Broken Nfo (2004).mkv",
    "Empty (2000).mkv",
    "Show Name - S01E01 - Pilot.mkv",
    "Show Name - S01E02.mkv",
    "Show - S01E02 - Name.mkv",
    "Show.S01E02E03.mkv",
    "Show 1x02.mkv",
    "Show - S00E01.mkv",
    "01 - Behind.mkv",
    "S02E05.mkv",
    "Loose.Show.S03E04.720p.mkv",
    "News 2024-03-15.mkv",
    "The.Matrix.1999.1080p.BluRay.x264-GROUP.mkv",
    "2001 A Space Odyssey (1968).mkv",
    "Ünïcødé 映画 (2015).mkv",
]
RUNS = [
    *(f"Show 007 - S01E{n:02d} - Episode {n}.mkv" for n in range(1, 25)),
    *(f"Show.S{s:02d}E{n:02d}.720p.HDTV.x264-GRP.mkv" for s in (0, 1, 2) for n in (1, 2, 9, 10)),
    *(f"Show.S01E{n:02d}E{n + 1:02d}.mkv" for n in range(1, 12, 2)),
    *(f"Show {s}x{n:02d}.mkv" for s in (1, 2) for n in range(1, 8)),
    *(f"News 2024-03-{d:02d}.mkv" for d in range(1, 9)),
    *(f"Film {n:05d} ({1950 + n % 70}).mkv" for n in range(1, 12)),
    *(f"Some.Film.{n:05d}.{1950 + n % 70}.1080p.BluRay.mkv" for n in range(1, 12)),
    *(f"Film {year}.mkv" for year in (1999, 2001, 999, 3001, 1899, 2100)),
    *(f"{n:02d} - Chapter {n}.mkv" for n in range(1, 10)),
    *(f"Season {n:02d}" for n in range(6)),
]


@pytest.mark.parametrize("kind", [None, "movie", "episode"])
def test_every_reading_is_guessits_own(kind: str | None) -> None:
    cache = PatternCache(read_name)
    for name in [*TREE_NAMES, *RUNS]:
        assert cache.reading(name, kind) == read_name(name, kind), name
    # Not vacuous: the runs of names were predicted, not all read by guessit.
    assert cache.predicted >= 40


def test_numbers_that_could_be_years_make_another_pattern() -> None:
    assert pattern_of("Film 1999.mkv")[0] != pattern_of("Film 0999.mkv")[0]
    assert pattern_of("Film 1999.mkv")[0] == pattern_of("Film 2001.mkv")[0]
    assert pattern_of("Show S00E01.mkv")[0] != pattern_of("Show S01E01.mkv")[0]
