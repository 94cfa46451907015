"""The local folders source end to end: a real tree of clips, scanned into the real store."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reel_qt.backends.local.artwork import FrameCache
from reel_qt.backends.local.backend import LocalBackend
from reel_qt.backends.local.watch import watch_folders
from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.records import SourceType
from reel_qt.core.tasks import TaskRegistry
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.service import DataService
from reel_qt.store.views import ItemDetail, SourceView
from reel_qt.sync.local_frames import LocalFrameService
from reel_qt.sync.local_watch import LocalWatchService
from reel_qt.sync.manager import SyncManager
from reel_qt.sync.scheduler import SyncScheduler
from reel_qt.sync.sources import local_backend
from tests.clips import ClipMaker, ClipSpec
from tests.local_tree import PLAIN, Tree, build_tree


@dataclass
class Local:
    """The store, a sync manager serving local sources, and the backends it made."""

    service: DataService
    manager: SyncManager
    made: list[LocalBackend]
    frames: Path

    async def add(self, *paths: Path, kind: str) -> SourceView:
        return await self.service.add_source(
            type=SourceType.LOCAL.value,
            name=paths[0].name,
            config={"paths": [str(p) for p in paths], "kind": kind},
        )

    async def sync(self, source: SourceView) -> LocalBackend:
        result = await self.manager.sync_source(source)
        assert result.ok, result.error
        return self.made[-1]

    async def items(self, source: SourceView) -> list[ItemDetail]:
        rows = await self.service.list_items(ItemFilter(source_id=source.id))
        return [await self.service.get_item(row.id) for row in rows]


@pytest.fixture
def local(service: DataService, tmp_path: Path) -> Local:
    made: list[LocalBackend] = []
    frames = tmp_path / "frames"

    def factory(source: SourceView) -> LocalBackend:
        backend = local_backend(source, service, str(frames))
        made.append(backend)
        return backend

    registry = BackendRegistry({SourceType.LOCAL.value: factory})
    return Local(service, SyncManager(service, registry), made, frames)


@pytest.fixture
def tree(clips: ClipMaker, tmp_path: Path) -> Tree:
    return build_tree(clips, tmp_path / "media")


def by_location(items: list[ItemDetail]) -> dict[str, ItemDetail]:
    return {item.location: item for item in items if item.location}


@pytest.mark.expect_log_warnings
async def test_films_are_understood(local: Local, tree: Tree) -> None:
    source = await local.add(tree.films, kind="movies")
    backend = await local.sync(source)
    films = tree.films
    found = by_location(await local.items(source))
    expected = {
        films / "The Matrix (1999)" / "The Matrix (1999).mkv": ("The Matrix", 1999),
        films / "Heat.1995.1080p.BluRay.x264-GROUP.mp4": ("Heat", 1995),
        films / "Amélie (2001)" / "Amélie (2001).webm": ("Amélie", 2001),
        films / "Ünïcødé 映画 (2015)" / "Line\nBreak   Film (2003).avi": ("Line\nBreak Film", 2003),
        films / "Inception (2010)" / "Inception (2010).mkv": ("Inception", 2010),
        films / "Disc Film (1997)": ("Disc Film", 1997),
        films / "Blu Film (2008)": ("Blu Film", 2008),
        films / "Broken Nfo (2004)" / "Broken Nfo (2004).mkv": ("Broken Nfo", 2004),
        films / "Evil Nfo (2005)" / "Evil Nfo (2005).mkv": ("Evil Nfo", 2005),
    }
    long_film = next(p for p in found if p.endswith("Long Film (2012).mkv"))
    assert len(long_film) > 1300
    got = {Path(p): (i.title, i.year) for p, i in found.items() if p != long_film}
    assert got == {p: v for p, v in expected.items()}
    assert (found[long_film].title, found[long_film].year) == ("Long Film", 2012)
    assert all(item.type == "movie" for item in found.values())

    matrix = found[str(films / "The Matrix (1999)" / "The Matrix (1999).mkv")]
    assert matrix.overview == "A hacker learns what the world really is."
    assert matrix.rating == 8.7
    assert matrix.genres == ("Action", "Science Fiction")
    assert matrix.studios == ("Warner Bros.",)
    assert {(c.name, c.kind, c.role) for c in matrix.credits} == {
        ("Keanu Reeves", "actor", "Neo"),
        ("Lana Wachowski", "director", None),
    }
    assert matrix.poster_ref == str(films / "The Matrix (1999)" / "poster.jpg")
    assert matrix.backdrop_ref == str(films / "The Matrix (1999)" / "fanart.jpg")
    assert 1900 <= (matrix.duration_ms or 0) <= 2100
    tracks = [(s.type, s.codec, s.language, s.is_forced, s.is_external) for s in matrix.streams]
    assert tracks == [
        ("video", "avc", None, False, False),
        ("audio", "aac", "eng", False, False),
        ("audio", "aac", "fra", False, False),
        ("subtitle", "utf-8", "deu", False, False),
        ("subtitle", "srt", "eng", False, True),
        ("subtitle", "srt", "fra", True, True),
    ]
    assert (matrix.streams[0].width, matrix.streams[0].height) == (320, 240)
    chapters = await local.service.get_markers(matrix.id)
    end = matrix.duration_ms
    assert [(m.kind, m.start_ms, m.end_ms, m.title) for m in chapters] == [
        ("chapter", 0, 500, "Intro"),
        ("intro", 0, 500, "Intro"),
        ("chapter", 500, 1500, "Story"),
        ("chapter", 1500, end, "End Credits"),
        ("credits", 1500, end, "End Credits"),
    ]

    heat = found[str(films / "Heat.1995.1080p.BluRay.x264-GROUP.mp4")]
    assert heat.poster_ref == str(films / "Heat.1995.1080p.BluRay.x264-GROUP-poster.jpg")
    assert [(s.type, s.codec, s.language) for s in heat.streams] == [
        ("video", "avc", None),
        ("audio", "aac", "jpn"),
        ("subtitle", "timed text", "spa"),
    ]
    amelie = found[str(films / "Amélie (2001)" / "Amélie (2001).webm")]
    assert [s.codec for s in amelie.streams] == ["vp9", "opus"]
    # No artwork beside it, and the sync does not wait for a still frame (made later).
    assert (amelie.poster_ref, amelie.thumb_ref) == (None, None)
    disc = found[str(films / "Disc Film (1997)")]
    assert disc.streams[0].codec == "mpeg video"

    assert backend.last_scan is not None
    reported = {p.path for p in backend.last_scan.problems}
    assert reported == set(tree.problems)


@pytest.mark.expect_log_warnings
async def test_series_are_understood(local: Local, tree: Tree) -> None:
    source = await local.add(tree.series, kind="shows")
    await local.sync(source)
    items = await local.items(source)
    shows = {i.title: i for i in items if i.type == "show"}
    assert set(shows) == {"Show Name", "Other Show", "Daily Show", "Loose Show"}
    show = shows["Show Name"]
    assert show.overview == "A show about names."
    assert show.year == 2010
    assert show.poster_ref == str(tree.series / "Show Name (2010)" / "poster.jpg")
    seasons = {(i.show_id, i.season_number): i for i in items if i.type == "season"}
    assert seasons[(show.id, 1)].poster_ref == str(
        tree.series / "Show Name (2010)" / "season01-poster.jpg"
    )
    assert seasons[(show.id, 0)].title == "Specials"
    episodes = {
        (shows_by_id[i.show_id], i.season_number, i.episode_number): i.title
        for shows_by_id in [{s.id: s.title for s in shows.values()}]
        for i in items
        if i.type == "episode"
    }
    assert episodes == {
        ("Show Name", 1, 1): "Pilot Episode",  # from its nfo
        ("Show Name", 1, 2): "Double",  # S01E02E03: one item, numbered by its first
        ("Show Name", 1, 4): "Episode 4",
        ("Show Name", 0, 1): "Making Of",
        ("Other Show", 2, 5): "Episode 5",
        ("Daily Show", 2024, 315): "2024-03-15",
        ("Loose Show", 1, 1): "Episode 1",
    }
    every_parent = {i.id: i for i in items}
    for episode in (i for i in items if i.type == "episode"):
        season = every_parent[episode.parent_id or -1]
        assert season.type == "season"
        assert season.season_number == episode.season_number
        assert season.show_id == episode.show_id
    daily = next(i for i in items if i.title == "2024-03-15")
    assert daily.premiere_date == "2024-03-15"


async def test_rescan_reads_only_what_changed(
    local: Local, clips: ClipMaker, tmp_path: Path
) -> None:
    root = tmp_path / "films"
    for n in range(5):
        clips.place(PLAIN, root / f"Film {n} ({2000 + n})" / f"Film {n} ({2000 + n}).mkv")
    source = await local.add(root, kind="movies")
    first = await local.sync(source)
    assert first.last_scan is not None and first.last_scan.probed == 5
    updated: list[list[int]] = []
    local.service.bus.mediaBatchUpdated.connect(updated.append)
    again = await local.sync(source)
    assert again.last_scan is not None and again.last_scan.probed == 0
    assert updated == []
    # A replaced file (new size and mtime) is read again; nothing else is.
    replaced = root / "Film 2 (2002)" / "Film 2 (2002).mkv"
    replaced.unlink()
    clips.place(ClipSpec(duration_s=3.0), replaced)
    third = await local.sync(source)
    assert third.last_scan is not None and third.last_scan.probed == 1
    film = by_location(await local.items(source))[str(replaced)]
    assert 2900 <= (film.duration_ms or 0) <= 3100


@pytest.mark.expect_log_warnings
async def test_an_unreachable_folder_keeps_its_items(
    local: Local, clips: ClipMaker, tmp_path: Path
) -> None:
    drive, home = tmp_path / "drive", tmp_path / "home"
    clips.place(PLAIN, drive / "Away (2001)" / "Away (2001).mkv")
    clips.place(PLAIN, home / "Here (2002)" / "Here (2002).mkv")
    source = await local.add(drive, home, kind="movies")
    await local.sync(source)
    away = by_location(await local.items(source))[str(drive / "Away (2001)" / "Away (2001).mkv")]
    await local.service.save_progress(away.id, position_ms=1000, duration_ms=2000)

    drive.rename(tmp_path / "unplugged")
    backend = await local.sync(source)
    assert backend.last_scan is not None and backend.last_scan.unreachable == [str(drive)]
    items = {i.title: i for i in await local.items(source)}
    assert set(items) == {"Away", "Here"}
    assert (items["Away"].available, items["Here"].available) == (False, True)
    assert items["Away"].progress is not None and items["Away"].progress.position_ms == 1000

    # A mount point left empty is as unreachable as a missing one.
    drive.mkdir()
    await local.sync(source)
    assert (await local.service.get_item(away.id)).available is False
    drive.rmdir()

    (tmp_path / "unplugged").rename(drive)
    await local.sync(source)
    back = await local.service.get_item(away.id)
    assert back.available is True
    assert back.progress is not None and back.progress.position_ms == 1000


async def eventually(check: Callable[[], Awaitable[bool]], limit_s: float = 20.0) -> float:
    """Wait until check() is true; return how long it took.

    The limit is generous on purpose: under a loaded machine a sync can take seconds, and
    a real miss (an event never acted on) still fails here. Latency is the benchmark's job.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    while not await check():
        assert loop.time() - started < limit_s, "timed out"
        await asyncio.sleep(0.05)
    return loop.time() - started


async def test_watching_picks_up_adds_renames_and_deletes(
    local: Local, clips: ClipMaker, tmp_path: Path
) -> None:
    root = tmp_path / "watched"
    clips.place(PLAIN, root / "First (2001)" / "First (2001).mkv")
    source = await local.add(root, kind="movies")
    scheduler = SyncScheduler(local.manager, interval_minutes=60)
    watcher = LocalWatchService(local.service, scheduler.request, debounce_ms=200, poll_ms=500)
    created: list[list[int]] = []
    deleted: list[list[int]] = []
    local.service.bus.mediaBatchCreated.connect(created.append)
    local.service.bus.mediaBatchDeleted.connect(deleted.append)
    tasks = [
        asyncio.ensure_future(scheduler.run(startup_delay_s=0)),
        asyncio.ensure_future(watcher.run()),
    ]

    async def titles() -> set[str]:
        return {i.title for i in await local.items(source)}

    async def titles_are(*wanted: str) -> bool:
        return await titles() == set(wanted)

    try:
        await eventually(lambda: titles_are("First"))
        clips.place(PLAIN, root / "Second (2002)" / "Second (2002).mkv")
        await eventually(lambda: titles_are("First", "Second"))
        assert created
        (root / "Second (2002)").rename(root / "Renamed (2003)")
        (root / "Renamed (2003)" / "Second (2002).mkv").rename(
            root / "Renamed (2003)" / "Renamed (2003).mkv"
        )
        await eventually(lambda: titles_are("First", "Renamed"))
        (root / "First (2001)" / "First (2001).mkv").unlink()
        await eventually(lambda: titles_are("Renamed"))
        assert deleted
        # A new source is watched as soon as it is added.
        other = tmp_path / "other"
        clips.place(PLAIN, other / "Third (2003)" / "Third (2003).mkv")
        added = await local.add(other, kind="movies")
        scheduler.request([added.id])
        await eventually(lambda: _has(local, added, "Third"))
        clips.place(PLAIN, other / "Fourth (2004)" / "Fourth (2004).mkv")
        await eventually(lambda: _has(local, added, "Fourth"))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in tasks:
        assert task.cancelled()


async def _has(local: Local, source: SourceView, title: str) -> bool:
    return title in {i.title for i in await local.items(source)}


async def test_still_frames_are_made_in_background_after_syncs(
    local: Local, clips: ClipMaker, tmp_path: Path
) -> None:
    root = tmp_path / "films"
    bare = clips.place(PLAIN, root / "Bare (2001)" / "Bare (2001).mkv")
    clips.place(PLAIN, root / "Posh (2002)" / "Posh (2002).mkv")
    (root / "Posh (2002)" / "poster.jpg").write_bytes(b"\xff\xd8\xff\xe0 a poster")
    source = await local.add(root, kind="movies")
    await local.sync(source)
    before = by_location(await local.items(source))
    assert before[str(bare)].thumb_ref is None  # the sync did not wait for ffmpeg

    frames = LocalFrameService(local.service, FrameCache(str(local.frames), concurrency=1))
    updated: list[list[int]] = []
    local.service.bus.mediaBatchUpdated.connect(updated.append)
    registry = TaskRegistry()
    task = registry.start("local.frames", frames.run())
    try:
        # At start the service finds the item left without a picture.
        await eventually(lambda: _thumb_set(local, before[str(bare)].id))
        assert [before[str(bare)].id] in updated
        thumb = (await local.service.get_item(before[str(bare)].id)).thumb_ref
        assert thumb is not None and Path(thumb).parent == local.frames
        assert (await asyncio.to_thread(Path(thumb).read_bytes))[:2] == b"\xff\xd8"  # a JPEG
        posh = by_location(await local.items(source))[str(root / "Posh (2002)" / "Posh (2002).mkv")]
        assert posh.thumb_ref is None  # it has a poster: no frame taken

        # A film added later gets its frame after the sync that found it.
        late = clips.place(PLAIN, root / "Late (2003)" / "Late (2003).mkv")
        await local.sync(source)
        late_id = by_location(await local.items(source))[str(late)].id
        await eventually(lambda: _thumb_set(local, late_id))

        # A rebuild of the records (a sidecar changed) keeps the cached frames.
        (root / "Bare (2001)" / "Bare (2001).nfo").write_text("<movie><plot>P</plot></movie>")
        await local.sync(source)
        again = await local.service.get_item(before[str(bare)].id)
        assert (again.overview, again.thumb_ref) == ("P", thumb)
        assert not task.done()
    finally:
        await registry.shutdown()
    assert task.cancelled()


async def _thumb_set(local: Local, item_id: int) -> bool:
    return (await local.service.get_item(item_id)).thumb_ref is not None


async def test_an_unchanged_rescan_rebuilds_nothing_but_sees_sidecars(
    local: Local, clips: ClipMaker, tmp_path: Path
) -> None:
    root = tmp_path / "series"
    for n in (1, 2):
        clips.place(PLAIN, root / "Show" / "Season 01" / f"Show - S01E0{n} - Part {n}.mkv")
    source = await local.add(root, kind="shows")
    await local.sync(source)
    count = len(await local.items(source))
    assert count == 4  # the show, its season and two episodes
    updated: list[list[int]] = []
    local.service.bus.mediaBatchUpdated.connect(updated.append)
    result = await local.manager.sync_source(source)
    assert result.ok and (result.items_written, result.items_deleted) == (0, 0)
    assert len(await local.items(source)) == count and updated == []

    # An item the library lost (a sync stopped before its last write) is written again.
    episode = next(i for i in await local.items(source) if i.episode_number == 2)
    await local.service.delete_items([episode.id])
    await local.sync(source)
    assert {i.episode_number for i in await local.items(source) if i.type == "episode"} == {1, 2}

    # A poster added beside the show is a change even though no video changed.
    (root / "Show" / "poster.jpg").write_bytes(b"\xff\xd8\xff\xe0 a poster")
    await local.sync(source)
    show = next(i for i in await local.items(source) if i.type == "show")
    assert show.poster_ref == str(root / "Show" / "poster.jpg")


async def test_a_watch_reports_every_folder_once_it_is_in_place(tmp_path: Path) -> None:
    roots = [tmp_path / "a", tmp_path / "b"]
    for root in roots:
        root.mkdir()
    stop = asyncio.Event()
    changes = watch_folders([str(r) for r in roots], stop, debounce_ms=50, poll_ms=200)
    try:
        # Nothing changed, yet both are reported: what changed before the watch started
        # would otherwise go unseen.
        first = await asyncio.wait_for(anext(changes), 20)
        assert (first.roots, first.presence_changed) == ({str(r) for r in roots}, False)
        (roots[0] / "New (2020).mkv").write_bytes(b"x")
        second = await asyncio.wait_for(anext(changes), 20)
        assert second.roots == {str(roots[0])}
    finally:
        stop.set()
        await changes.aclose()


@pytest.mark.expect_log_warnings
async def test_a_source_with_no_folder_in_reach_is_offline_until_one_returns(
    local: Local, clips: ClipMaker, tmp_path: Path
) -> None:
    drive = tmp_path / "drive"
    clips.place(PLAIN, drive / "Away (2001)" / "Away (2001).mkv")
    source = await local.add(drive, kind="movies")
    await local.sync(source)
    failures: list[tuple[int, str]] = []
    local.service.bus.syncFailed.connect(
        lambda source_id, message: failures.append((source_id, message))
    )

    drive.rename(tmp_path / "unplugged")
    result = await local.manager.sync_source(source)
    assert not result.ok and result.error is not None
    assert str(drive) in result.error and source.name in result.error
    offline = await local.service.get_source(source.id)
    assert (offline.online, offline.last_error) == (False, result.error)
    assert failures == [(source.id, result.error)]
    # Nothing deleted: the film is there, unavailable, until its drive is back.
    assert [(i.title, i.available) for i in await local.items(source)] == [("Away", False)]

    (tmp_path / "unplugged").rename(drive)
    await local.sync(source)
    back = await local.service.get_source(source.id)
    assert (back.online, back.last_error) == (True, None)
    assert [(i.title, i.available) for i in await local.items(source)] == [("Away", True)]
