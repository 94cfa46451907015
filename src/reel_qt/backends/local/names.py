"""Understanding file and folder names the way media managers do, with guessit.

A file is a movie or an episode. Episodes belong to a show: the first folder under the
source root when there is one (`Show/Season 01/Show - S01E02.mkv`, `Show/S01E02.mkv`),
else the show named in the file itself (`Show.S01E02.mkv` directly in the root).
Date-based episodes (`Show 2024-03-15.mkv`) go in the season of their year, numbered by
month and day, so they sort in airing order.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any, Literal

import msgspec

from reel_qt.backends.local.name_patterns import PatternCache

Kind = Literal["movies", "shows", "auto"]

_SEASON_FOLDER = re.compile(r"^(?:season|series|staffel|saison|s)[ ._-]*(\d{1,4})$", re.I)
_SPECIALS = {"specials", "special", "season 0", "season 00", "extras specials"}


class ParsedName(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What a path says about its video."""

    episode: bool
    title: str
    year: int | None = None
    show_title: str | None = None
    show_year: int | None = None
    #: The show's folder (absolute), or None for a show known only by name in the root.
    show_folder: str | None = None
    season: int | None = None
    number: int | None = None
    number_end: int | None = None  # the last episode a multi-episode file holds
    air_date: str | None = None  # ISO date of a date-based episode


# Properties Reel never reads and that never bound a title in practice: guessit skips
# their rules when excluded, which makes each reading ~20% cheaper (measured).
_EXCLUDES = (
    "website", "streaming_service", "size", "bit_rate", "crc32", "uuid", "video_profile",
    "audio_profile", "color_depth", "frame_rate", "video_api", "aspect_ratio", "bonus",
    "audio_channels", "episode_details", "subtitle_language", "mimetype", "week",
    "absolute_episode", "episode_count", "season_count",
)  # fmt: skip


def read_name(name: str, kind: str | None) -> dict[str, Any]:
    """guessit's own reading of one name (no cache)."""
    from guessit import guessit  # imported late: building its rules takes ~0.1 s

    options: dict[str, Any] = {"excludes": list(_EXCLUDES)}
    if kind:
        options["type"] = kind
    return dict(guessit(name, options))


# Per process: each scanning worker learns the patterns of the names it is given.
_PATTERNS = PatternCache(read_name)


@lru_cache(maxsize=4096)
def _guess(name: str, kind: str | None) -> dict[str, Any]:
    """The reading of one name; folders repeat, so their readings are cached, and names
    that differ only in their numbers are read alike (see `name_patterns`)."""
    return _PATTERNS.reading(name, kind)


def _text(value: object) -> str | None:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return str(value).strip() or None if value is not None else None


def _number(value: object) -> int | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, int) else None


def _season_of_folder(name: str) -> int | None:
    if name.casefold() in _SPECIALS:
        return 0
    match = _SEASON_FOLDER.match(name.strip())
    return int(match.group(1)) if match else None


def _folders(path: str, root: str) -> list[str]:
    """The folder names between root and the file (or disc folder), outermost first."""
    relative = os.path.relpath(path, root)
    return relative.split(os.sep)[:-1]


def _stem(path: str, disc: bool) -> str:
    """The name guessit should read: the file name, or a disc folder's own name."""
    return os.path.basename(path) if not disc else os.path.basename(path.rstrip(os.sep))


def _in_season_folder(path: str, root: str) -> bool:
    return any(_season_of_folder(folder) is not None for folder in _folders(path, root))


def parse_name(path: str, root: str, kind: Kind, *, disc: bool = False) -> ParsedName:
    """Read a video's path (under root) as a movie or an episode."""
    stem = _stem(path, disc)
    if kind == "movies" or (kind == "auto" and disc):
        return _movie(path, root, disc, _guess(stem, "movie"))
    # guessit is the scan's main cost (~5 ms a name): one untyped reading both tells an
    # episode from a movie and, when it agrees with what the file is taken for, is used.
    guess = _guess(stem, None)
    if guess.get("type") == "episode":
        return _episode(path, root, disc, guess)
    if kind == "shows" or _in_season_folder(path, root):
        return _episode(path, root, disc, _guess(stem, "episode"))
    return _movie(path, root, disc, guess)


def _movie(path: str, root: str, disc: bool, guess: dict[str, Any]) -> ParsedName:
    title, year = _text(guess.get("title")), _number(guess.get("year"))
    folders = _folders(path, root)
    if folders and not disc and (year is None or title is None):
        # `Title (Year)/movie.mkv`: a folder that names a year is the better source when
        # the file name does not (read only then: each reading costs).
        folder = _guess(folders[-1], "movie")
        folder_year = _number(folder.get("year"))
        if folder_year is not None:
            title = _text(folder.get("title")) or title
            year = folder_year
    fallback = os.path.splitext(os.path.basename(path))[0] or os.path.basename(path)
    return ParsedName(episode=False, title=title or fallback, year=year)


def _episode(path: str, root: str, disc: bool, guess: dict[str, Any]) -> ParsedName:
    folders = _folders(path, root)
    show_title = _text(guess.get("title"))
    show_year = _number(guess.get("year"))
    show_folder = None
    episode_title = _text(guess.get("episode_title"))
    if folders:
        show_folder = os.path.join(root, folders[0])
        folder = _guess(folders[0], "episode")
        from_file = show_title
        show_title = _text(folder.get("title")) or folders[0]
        show_year = _number(folder.get("year"))
        # `Show/04 - Name.mkv`: with no show in the name, guessit's title is the episode's.
        if episode_title is None and from_file and from_file.casefold() != show_title.casefold():
            episode_title = from_file
    season = _number(guess.get("season"))
    if season is None:
        for folder_name in reversed(folders[1:]):
            season = _season_of_folder(folder_name)
            if season is not None:
                break
    episodes = guess.get("episode")
    number = _number(episodes)
    number_end = episodes[-1] if isinstance(episodes, list) and len(episodes) > 1 else None
    air_date = None
    date = guess.get("date")
    if date is not None and number is None:
        air_date = date.isoformat()
        season = season if season is not None else date.year
        number = date.month * 100 + date.day
    if season is None and number is not None:
        season = 1
    if show_title is None:
        show_title = os.path.splitext(os.path.basename(path))[0]
    title = episode_title or _episode_label(number, number_end, air_date)
    return ParsedName(
        episode=True,
        title=title,
        year=int(air_date[:4]) if air_date else None,
        show_title=show_title,
        show_year=show_year,
        show_folder=show_folder,
        season=season,
        number=number,
        number_end=number_end,
        air_date=air_date,
    )


def _episode_label(number: int | None, number_end: int | None, air_date: str | None) -> str:
    if air_date is not None:
        return air_date
    if number is None:
        return "Episode"
    if number_end is not None:
        return f"Episodes {number}–{number_end}"
    return f"Episode {number}"
