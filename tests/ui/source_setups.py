"""A data dir holding one source of each kind, added and synced the way the app does it.

Each set-up returns what the source's own fixture says the pages should show (titles,
years, seasons, what is in progress), read from the fake server's library or from the
folder tree's design, never from the code under test.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from reel_qt.backends.jellyfin.signin import sign_in_with_password
from reel_qt.core.paths import DataPaths
from reel_qt.runtime import Runtime
from reel_qt.sync.credentials import CredentialStore
from tests.clips import ClipMaker, ClipSpec
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.keyrings import InMemoryKeyring
from tests.fakes.plex import FakePlex
from tests.integration.plex_helpers import sign_in
from tests.local_tree import MOVIE_NFO, MP4, PLAIN, RICH, TVSHOW_NFO

#: The kinds of source every page is checked with.
KINDS = ("jellyfin", "plex", "local")
#: A clip long enough to stop part-way (the flow tests play it).
LONG = ClipSpec(duration_s=12.0, fps=10)


@dataclass
class Expected:
    """What the pages should show for one source, from the source's own fixture."""

    kind: str
    source_name: str
    movies_library: str
    #: Every movie of the movies library: title -> year.
    movies: dict[str, int | None]
    shows_library: str
    #: Every show of the shows library.
    shows: set[str]
    #: The show the tests open, and its episodes per season number.
    show: str
    seasons: dict[int, set[str]]
    #: Items the source holds in all (movies, shows, seasons, episodes).
    total: int
    #: Titles of the movies and episodes started but not finished.
    in_progress: set[str] = field(default_factory=set)
    #: A word to search for, and the titles it must find.
    search: str = ""
    found: set[str] = field(default_factory=set)


@dataclass
class Prepared:
    """A synced data dir, its credentials, the fake server (if any) and what to expect."""

    credentials: CredentialStore
    expected: Expected
    jellyfin: FakeJellyfin | None = None
    plex: FakePlex | None = None

    async def stop(self) -> None:
        """Stop the fake server (going offline)."""
        if self.jellyfin is not None:
            await self.jellyfin.stop()
        if self.plex is not None:
            await self.plex.stop()


async def _open(tmp_path: Path, credentials: CredentialStore) -> Runtime:
    return await Runtime.create(DataPaths(tmp_path / "data"), credentials=credentials)


async def prepare_jellyfin(tmp_path: Path, credentials: CredentialStore) -> Prepared:
    """A started fake Jellyfin, signed in to and synced."""
    server = FakeJellyfin(size="small", seed=1)
    await server.start()
    runtime = await _open(tmp_path, credentials)
    try:
        signed_in = await sign_in_with_password(
            server.url, server.username, server.password, runtime.identity
        )
        source = await runtime.setup.add_jellyfin(signed_in)
        await runtime.sync.sync_sources()
    finally:
        await asyncio.to_thread(runtime.close)
    library = server.library
    show = library.series[0]
    seasons: dict[int, set[str]] = {}
    for episode in library.episodes:
        if episode.series_id == show.id and episode.parent_index_number is not None:
            seasons.setdefault(episode.parent_index_number, set()).add(episode.name)
    views = {v.collection_type: v.name for v in library.views}
    started = [i for i in (*library.movies, *library.episodes) if i.position_ticks and not i.played]
    word = library.movies[2].name.split()[-1]
    expected = Expected(
        kind="jellyfin",
        source_name=source.name,
        movies_library=views["movies"],
        movies={m.name: m.year for m in library.movies},
        shows_library=views["tvshows"],
        shows={s.name for s in library.series},
        show=show.name,
        seasons=seasons,
        total=len(library.movies)
        + len(library.series)
        + len(library.seasons)
        + len(library.episodes),
        in_progress={i.name for i in started},
        search=word,
        found={i.name for i in (*library.movies, *library.series) if word in i.name},
    )
    return Prepared(credentials, expected, jellyfin=server)


async def prepare_plex(tmp_path: Path, credentials: CredentialStore) -> Prepared:
    """A started fake plex.tv and Plex server, signed in to as the owner and synced."""
    plex = FakePlex(size="small", seed=1)
    await plex.start()
    runtime = await _open(tmp_path, credentials)
    try:
        source = await runtime.setup.add_plex(await sign_in(plex, runtime.identity))
        await runtime.sync.sync_sources()
    finally:
        await asyncio.to_thread(runtime.close)
    library = plex.library
    show = library.shows[0]
    seasons: dict[int, set[str]] = {}
    for episode in library.episodes:
        if episode.grandparent == show.rating_key and episode.parent_index is not None:
            seasons.setdefault(episode.parent_index, set()).add(episode.title)
    sections = {s.type: s.title for s in library.sections}
    views = library.user_views(plex.accounts.owner.id)
    started = [
        i
        for i in (*library.movies, *library.episodes)
        if (view := views.get(i.rating_key)) is not None and view.offset_ms and not view.count
    ]
    word = library.movies[2].title.split()[-1]
    expected = Expected(
        kind="plex",
        source_name=source.name,
        movies_library=sections["movie"],
        movies={m.title: m.year for m in library.movies},
        shows_library=sections["show"],
        shows={s.title for s in library.shows},
        show=show.title,
        seasons=seasons,
        total=len(library.movies)
        + len(library.shows)
        + len(library.seasons)
        + len(library.episodes),
        in_progress={i.title for i in started},
        search=word,
        found={i.title for i in (*library.movies, *library.shows) if word in i.title},
    )
    return Prepared(credentials, expected, plex=plex)


def build_folders(clips: ClipMaker, base: Path) -> tuple[Path, Path, Expected]:
    """A films folder and a series folder of real clips, and what a scan should find.

    The names are the tree's design: the titles, years and episode numbers below are
    what the file and folder names (and the .nfo sidecars) say.
    """
    films, series = base / "Films", base / "Series"
    matrix = films / "The Matrix (1999)"
    clips.place(RICH, matrix / "The Matrix (1999).mkv")
    (matrix / "movie.nfo").write_text(MOVIE_NFO, encoding="utf-8")
    clips.place(MP4, films / "Heat.1995.1080p.BluRay.x264-GROUP.mp4")
    clips.place(PLAIN, films / "Amélie (2001)" / "Amélie (2001).mkv")
    clips.place(PLAIN, films / "Inception (2010)" / "Inception (2010).mkv")
    show = series / "Show Name (2010)"
    show.mkdir(parents=True)
    (show / "tvshow.nfo").write_text(TVSHOW_NFO, encoding="utf-8")
    clips.place(PLAIN, show / "Season 01" / "Show Name - S01E01 - Pilot.mkv")
    clips.place(PLAIN, show / "Season 01" / "Show Name - S01E02 - Second.mkv")
    clips.place(PLAIN, show / "Season 02" / "Show Name - S02E01 - Return.mkv")
    clips.place(PLAIN, series / "Other Show" / "Other.Show.S02E05.720p.HDTV.x264-GRP.mkv")
    expected = Expected(
        kind="local",
        source_name="Films",
        movies_library="Films",
        movies={"The Matrix": 1999, "Heat": 1995, "Amélie": 2001, "Inception": 2010},
        shows_library="Series",
        shows={"Show Name", "Other Show"},
        show="Show Name",
        seasons={1: {"Pilot", "Second"}, 2: {"Return"}},
        # 4 films; 2 shows, 3 seasons (Show Name 1 and 2, Other Show 2), 4 episodes.
        total=4 + 2 + 3 + 4,
        search="Matrix",
        found={"The Matrix"},
    )
    return films, series, expected


async def prepare_local(tmp_path: Path, credentials: CredentialStore, clips: ClipMaker) -> Prepared:
    """Two folders (films, series) added as local sources and scanned."""
    films, series, expected = build_folders(clips, tmp_path / "media")
    runtime = await _open(tmp_path, credentials)
    try:
        await runtime.setup.add_local([str(films)], kind="movies")
        await runtime.setup.add_local([str(series)], kind="shows")
        results = await runtime.sync.sync_sources()
        assert all(r.ok for r in results), results
    finally:
        await asyncio.to_thread(runtime.close)
    return Prepared(credentials, expected)


@asynccontextmanager
async def prepared(kind: str, tmp_path: Path, clips: ClipMaker) -> AsyncIterator[Prepared]:
    """The data dir of one kind of source, synced; its fake server stopped at the end."""
    credentials = CredentialStore(InMemoryKeyring())
    if kind == "jellyfin":
        ready = await prepare_jellyfin(tmp_path, credentials)
    elif kind == "plex":
        ready = await prepare_plex(tmp_path, credentials)
    else:
        ready = await prepare_local(tmp_path, credentials, clips)
    try:
        yield ready
    finally:
        await ready.stop()
