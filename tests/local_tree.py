"""A realistic folder tree of films and series built from real clips, for the local source.

Every name case the scanner must understand is here, with the answer the test expects
written beside it (from the tree's own design, never from the code under test), plus the
broken and hostile files a real collection holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tests.clips import Chapter, ClipMaker, ClipSpec, write_srt

#: Two audio languages, an embedded subtitle and named chapters.
RICH = ClipSpec(
    audio_languages=("eng", "fra"),
    subtitle_languages=("deu",),
    chapters=(
        Chapter("Intro", 0, 500),
        Chapter("Story", 500, 1500),
        Chapter("End Credits", 1500, 2000),
    ),
)
MP4 = ClipSpec(container="mp4", audio_languages=("jpn",), subtitle_languages=("spa",))
AVI = ClipSpec(container="avi", video_codec="mpeg4", audio_languages=("eng",))
WEBM = ClipSpec(container="webm", video_codec="libvpx-vp9", audio_codec="libopus")
VOB = ClipSpec(container="vob", video_codec="mpeg2video", audio_codec="mp2")
TS = ClipSpec(container="ts")
PLAIN = ClipSpec()

MOVIE_NFO = """<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<movie>
  <title>The Matrix</title>
  <originaltitle>The Matrix</originaltitle>
  <plot>A hacker learns what the world really is.</plot>
  <year>1999</year>
  <ratings><rating name="imdb" default="true"><value>8.7</value></rating></ratings>
  <genre>Action</genre>
  <genre>Science Fiction</genre>
  <studio>Warner Bros.</studio>
  <director>Lana Wachowski</director>
  <actor><name>Keanu Reeves</name><role>Neo</role></actor>
</movie>
https://www.themoviedb.org/movie/603
"""
TVSHOW_NFO = """<tvshow><title>Show Name</title><plot>A show about names.</plot>
<year>2010</year><genre>Drama</genre></tvshow>"""
EPISODE_NFO = """<episodedetails><title>Pilot Episode</title><season>1</season>
<episode>1</episode><aired>2010-01-05</aired><plot>It begins.</plot></episodedetails>"""
ENTITY_NFO = """<?xml version="1.0"?>
<!DOCTYPE movie [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<movie><title>&b;</title></movie>"""


@dataclass
class Tree:
    """Where the tree is and what the scan should make of it."""

    films: Path
    series: Path
    #: Paths that must be reported as problems (and not listed).
    problems: list[str] = field(default_factory=list)


def _image(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return path


def build_films(clips: ClipMaker, films: Path, problems: list[str]) -> None:
    """The film folder: every movie naming case, disc folders, extras and hostile files."""
    matrix = films / "The Matrix (1999)"
    clips.place(RICH, matrix / "The Matrix (1999).mkv")
    (matrix / "movie.nfo").write_text(MOVIE_NFO, encoding="utf-8")
    _image(matrix / "poster.jpg")
    _image(matrix / "fanart.jpg")
    write_srt(matrix / "The Matrix (1999).en.srt", "Hello")
    write_srt(matrix / "The Matrix (1999).fr.forced.srt", "Bonjour")
    clips.place(MP4, films / "Heat.1995.1080p.BluRay.x264-GROUP.mp4")
    _image(films / "Heat.1995.1080p.BluRay.x264-GROUP-poster.jpg")
    clips.place(WEBM, films / "Amélie (2001)" / "Amélie (2001).webm")
    clips.place(AVI, films / "Ünïcødé 映画 (2015)" / "Line\nBreak   Film (2003).avi")
    clips.place(PLAIN, films / "Inception (2010)" / "Inception (2010).mkv")
    clips.place(PLAIN, films / "Inception (2010)" / "Sample" / "inception-sample.mkv")
    clips.place(PLAIN, films / "Inception (2010)" / "Trailers" / "Inception Trailer.mkv")
    clips.place(PLAIN, films / "Inception (2010)" / "Inception (2010)-trailer.mkv")
    clips.place(VOB, films / "Disc Film (1997)" / "VIDEO_TS" / "VTS_01_1.VOB")
    (films / "Disc Film (1997)" / "VIDEO_TS" / "VIDEO_TS.IFO").write_bytes(b"DVDVIDEO-VMG")
    clips.place(TS, films / "Blu Film (2008)" / "BDMV" / "STREAM" / "00000.m2ts")
    # A very long path (each name within the 255-byte limit, ~1,400 characters in all).
    deep = films / "Long Film (2012)"
    for n in range(6):
        deep = deep / (f"{n}" + "d" * 220)
    clips.place(PLAIN, deep / "Long Film (2012).mkv")
    # Sidecars that must be reported and not used: malformed XML, entity declarations.
    clips.place(PLAIN, films / "Broken Nfo (2004)" / "Broken Nfo (2004).mkv")
    (films / "Broken Nfo (2004)" / "movie.nfo").write_text("<movie><title>Oops</movie>")
    problems.append(str(films / "Broken Nfo (2004)" / "movie.nfo"))
    clips.place(PLAIN, films / "Evil Nfo (2005)" / "Evil Nfo (2005).mkv")
    (films / "Evil Nfo (2005)" / "movie.nfo").write_text(ENTITY_NFO)
    problems.append(str(films / "Evil Nfo (2005)" / "movie.nfo"))
    # Hostile files.
    (films / "Empty (2000).mkv").write_bytes(b"")
    problems.append(str(films / "Empty (2000).mkv"))
    (films / "Garbage (2000).mkv").write_bytes(b"this is not a video at all\n" * 50)
    problems.append(str(films / "Garbage (2000).mkv"))
    os.symlink(films / "nowhere.mkv", films / "Dangling (2000).mkv")
    problems.append(str(films / "Dangling (2000).mkv"))
    os.symlink("Self (2000).mkv", films / "Self (2000).mkv")
    problems.append(str(films / "Self (2000).mkv"))
    os.symlink(films, films / "The Matrix (1999)" / "loop")  # back up the tree
    bad = os.fsencode(str(films)) + b"/Bad \xff Name (2001).mkv"
    fd = os.open(bad, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"x" * 100)
    os.close(fd)
    problems.append(os.fsdecode(bad))


def build_series(clips: ClipMaker, series: Path) -> None:
    """The series folder: season folders, specials, multi-episode, 1x02, dates, loose files."""
    show = series / "Show Name (2010)"
    (show / "Season 01").mkdir(parents=True)
    (show / "tvshow.nfo").write_text(TVSHOW_NFO)
    _image(show / "poster.jpg")
    _image(show / "season01-poster.jpg")
    clips.place(RICH, show / "Season 01" / "Show Name - S01E01 - Pilot.mkv")
    (show / "Season 01" / "Show Name - S01E01 - Pilot.nfo").write_text(EPISODE_NFO)
    clips.place(RICH, show / "Season 01" / "Show Name - S01E02E03 - Double.mkv")
    clips.place(MP4, show / "Season 01" / "Show Name 1x04.mkv")
    clips.place(PLAIN, show / "Specials" / "Show Name - S00E01 - Making Of.mkv")
    clips.place(PLAIN, series / "Other Show" / "Other.Show.S02E05.720p.HDTV.x264-GRP.mkv")
    clips.place(PLAIN, series / "Daily Show" / "Daily Show 2024-03-15.mkv")
    clips.place(PLAIN, series / "Loose.Show.S01E01.mkv")


def build_tree(clips: ClipMaker, base: Path) -> Tree:
    """Both folders under base."""
    tree = Tree(films=base / "Films", series=base / "Series")
    tree.films.mkdir(parents=True)
    tree.series.mkdir(parents=True)
    build_films(clips, tree.films, tree.problems)
    build_series(clips, tree.series)
    return tree
