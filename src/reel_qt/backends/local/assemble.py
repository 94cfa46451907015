"""Turning scanned videos into library records: movies, and shows with seasons and episodes.

Everything here is derived from the path, the cached facts and the sidecars only, so an
unchanged file always yields an equal record (and the store skips rewriting it). Remote
ids: a video's is its path; a show's is its folder (or the root and its name, for
episodes lying directly in the root); a season's is its show's plus the number.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable

from reel_qt.backends.local import artwork
from reel_qt.backends.local.artwork import FrameCache
from reel_qt.backends.local.facts import FactsHeader, FileFacts
from reel_qt.backends.local.names import ParsedName
from reel_qt.backends.local.nfo import MAX_NFO_BYTES, NfoError, NfoInfo, parse_nfo
from reel_qt.backends.local.probe import ProbeFacts
from reel_qt.backends.local.subtitles import external_subtitles
from reel_qt.backends.local.walk import FoundVideo, Problem
from reel_qt.core.records import ItemType, MarkerKind, MarkerRecord, MediaRecord, StreamRecord

log = logging.getLogger("reel.local")

_INTRO = re.compile(r"\b(intro|opening|op|title sequence)\b", re.I)
_CREDITS = re.compile(r"\b(credits|ending|outro|ed|end titles)\b", re.I)


def show_id(name: ParsedName, root: str) -> str:
    """The remote id of an episode's show."""
    if name.show_folder is not None:
        return f"show:{name.show_folder}"
    return f"show:{root}{os.sep}{(name.show_title or '').casefold()}"


def season_id(show: str, season: int | None) -> str:
    """The remote id of a season of a show."""
    return f"{show}#season{season if season is not None else 1}"


def item_ids(video: FoundVideo, facts: FileFacts | FactsHeader) -> list[str]:
    """Every remote id the video's records use (itself, and its show and season)."""
    name = facts.name
    if name is None or not name.episode:
        return [video.path]
    show = show_id(name, video.root)
    return [video.path, show, season_id(show, name.season)]


def markers(probe: ProbeFacts) -> tuple[MarkerRecord, ...]:
    """Chapters as CHAPTER markers, plus INTRO/CREDITS spans for chapters named so."""
    found: list[MarkerRecord] = []
    chapters = probe.chapters
    for n, chapter in enumerate(chapters):
        end = chapters[n + 1].start_ms if n + 1 < len(chapters) else probe.duration_ms
        found.append(
            MarkerRecord(
                kind=MarkerKind.CHAPTER, start_ms=chapter.start_ms, end_ms=end, title=chapter.title
            )
        )
        title = chapter.title or ""
        kind = (
            MarkerKind.INTRO
            if _INTRO.search(title)
            else MarkerKind.CREDITS
            if _CREDITS.search(title)
            else None
        )
        if kind is not None and end is not None:
            found.append(
                MarkerRecord(kind=kind, start_ms=chapter.start_ms, end_ms=end, title=title)
            )
    return tuple(found)


class Assembler:
    """Builds the records of one scan; remembers the shows and seasons already emitted."""

    def __init__(self, listings: dict[str, list[str]], frames: FrameCache | None) -> None:
        self.listings = listings
        self.frames = frames
        self.problems: list[Problem] = []
        self._nfo: dict[str, NfoInfo | None] = {}
        self._emitted: set[str] = set()

    def names_in(self, folder: str) -> list[str]:
        """The file names of a visited folder."""
        return self.listings.get(folder, [])

    def nfo(self, path: str) -> NfoInfo | None:
        """The sidecar at path if the walk saw it (parsed once a scan; problems reported)."""
        if path in self._nfo:
            return self._nfo[path]
        folder, name = os.path.split(path)
        info = None
        if name in self.names_in(folder):
            try:
                with open(path, "rb") as file:
                    info = parse_nfo(file.read(MAX_NFO_BYTES + 1))
            except (OSError, NfoError) as error:
                self.problems.append(Problem(path=path, reason=f"sidecar not used: {error}"))
        self._nfo[path] = info
        return info

    def records(self, video: FoundVideo, facts: FileFacts) -> list[MediaRecord]:
        """The records for one video (parents first, each parent once per scan)."""
        if facts.name is None or facts.probe is None:
            return []
        if facts.name.episode:
            return self._episode(video, facts.name, facts.probe)
        return [self._movie(video, facts.name, facts.probe)]

    def _streams(self, video: FoundVideo, probe: ProbeFacts) -> tuple[StreamRecord, ...]:
        if video.disc:
            return probe.streams
        names = self.names_in(os.path.dirname(video.path))
        return (*probe.streams, *external_subtitles(video.path, names, len(probe.streams)))

    def _frame(self, video: FoundVideo) -> str | None:
        """The video's cached still frame if one was made (frames are made in background)."""
        if self.frames is None:
            return None
        path = self.frames.path_for(video)
        return path if os.path.exists(path) else None

    def _movie(self, video: FoundVideo, name: ParsedName, probe: ProbeFacts) -> MediaRecord:
        folder = video.path if video.disc else os.path.dirname(video.path)
        stem = os.path.splitext(os.path.basename(video.path))[0]
        own_folder = folder != video.root
        nfo = self.nfo(os.path.join(folder, f"{stem}.nfo")) if not video.disc else None
        if nfo is None and (own_folder or video.disc):
            nfo = self.nfo(os.path.join(folder, "movie.nfo"))
        poster, backdrop = artwork.movie_images(video, self.names_in(folder), own_folder=own_folder)
        nfo = nfo or NfoInfo()
        return MediaRecord(
            remote_id=video.path,
            type=ItemType.MOVIE,
            title=nfo.title or name.title,
            sort_title=nfo.sort_title,
            original_title=nfo.original_title,
            year=nfo.year or name.year,
            duration_ms=probe.duration_ms,
            rating=nfo.rating,
            content_rating=nfo.content_rating,
            overview=nfo.plot,
            genres=nfo.genres,
            studios=nfo.studios,
            premiere_date=nfo.premiered,
            added_at=video.mtime_ns // 1_000_000,
            poster_ref=poster,
            backdrop_ref=backdrop,
            thumb_ref=None if poster else self._frame(video),
            location=video.path,
            people=nfo.people,
            streams=self._streams(video, probe),
            markers=markers(probe),
        )

    def _episode(self, video: FoundVideo, name: ParsedName, probe: ProbeFacts) -> list[MediaRecord]:
        out: list[MediaRecord] = []
        show = show_id(name, video.root)
        season = season_id(show, name.season)
        folder = os.path.dirname(video.path)
        if show not in self._emitted:
            self._emitted.add(show)
            out.append(self._show(show, name, video))
        if season not in self._emitted:
            self._emitted.add(season)
            out.append(self._season(season, show, name, folder))
        stem = os.path.splitext(os.path.basename(video.path))[0]
        nfo = self.nfo(os.path.join(folder, f"{stem}.nfo")) or NfoInfo()
        thumb = artwork.episode_thumb(video, self.names_in(folder))
        out.append(
            MediaRecord(
                remote_id=video.path,
                type=ItemType.EPISODE,
                title=nfo.title or name.title,
                parent_remote_id=season,
                show_remote_id=show,
                season_number=name.season if name.season is not None else 1,
                episode_number=name.number,
                year=nfo.year or name.year,
                duration_ms=probe.duration_ms,
                rating=nfo.rating,
                overview=nfo.plot,
                premiere_date=nfo.premiered or name.air_date,
                added_at=video.mtime_ns // 1_000_000,
                thumb_ref=thumb or self._frame(video),
                location=video.path,
                people=nfo.people,
                streams=self._streams(video, probe),
                markers=markers(probe),
            )
        )
        return out

    def _show(self, show: str, name: ParsedName, video: FoundVideo) -> MediaRecord:
        folder = name.show_folder
        nfo = (self.nfo(os.path.join(folder, "tvshow.nfo")) if folder else None) or NfoInfo()
        poster = backdrop = None
        if folder is not None:
            poster, backdrop = artwork.show_images(folder, self.names_in(folder))
        return MediaRecord(
            remote_id=show,
            type=ItemType.SHOW,
            title=nfo.title or name.show_title or "Unknown show",
            sort_title=nfo.sort_title,
            original_title=nfo.original_title,
            year=nfo.year or name.show_year,
            rating=nfo.rating,
            content_rating=nfo.content_rating,
            overview=nfo.plot,
            genres=nfo.genres,
            studios=nfo.studios,
            premiere_date=nfo.premiered,
            poster_ref=poster,
            backdrop_ref=backdrop,
            location=folder,
            people=nfo.people,
        )

    def _season(self, season: str, show: str, name: ParsedName, folder: str) -> MediaRecord:
        number = name.season if name.season is not None else 1
        poster = None
        if name.show_folder is not None:
            season_folder = folder if folder != name.show_folder else None
            poster = artwork.season_poster(
                name.show_folder,
                self.names_in(name.show_folder),
                number,
                season_folder,
                self.names_in(season_folder) if season_folder else [],
            )
        return MediaRecord(
            remote_id=season,
            type=ItemType.SEASON,
            title="Specials" if number == 0 else f"Season {number}",
            parent_remote_id=show,
            show_remote_id=show,
            season_number=number,
            poster_ref=poster,
        )


def report(problems: Iterable[Problem]) -> int:
    """Log each problem (the scan went on without the file); return how many."""
    count = 0
    for problem in problems:
        log.warning("skipped %r: %s", problem.path, problem.reason)
        count += 1
    return count
