"""The details pages in the real window: a movie's versions, an episode's own page, and
playing from them (against the fake servers, with real libmpv)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.core.records import (
    CreditKind,
    ItemType,
    MediaRecord,
    PersonCredit,
    StreamRecord,
    StreamType,
    UserState,
    VersionRecord,
)
from reel_qt.runtime import Runtime
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.sync.credentials import CredentialStore
from tests.clips import ClipMaker, ClipSpec
from tests.factories import movie
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.jellyfin import media as jellyfin_media
from tests.fakes.keyrings import InMemoryKeyring
from tests.fakes.plex import FakePlex
from tests.fakes.plex import media as plex_media
from tests.player.conftest import ServerThread, make_player_shell
from tests.player.server_library import jellyfin_library, local_id, open_shell, plex_library
from tests.ui.conftest import save_screenshot
from tests.ui.driving import (
    activate,
    click,
    find,
    focused,
    has,
    item,
    key,
    settle,
    type_text,
    until,
)
from tests.ui.library_data import BLURHASH, Filled, cache_artwork, fill

__all__ = ["make_player_shell"]  # the player's fixture: the real window with libmpv

Runner = Callable[[Coroutine[Any, Any, Any]], Any]

UHD = VersionRecord(id="v-uhd", name="Heat - 2160p", width=3840, height=1600, codec="hevc",
                    hdr=True, bitrate=18_400_000, size=21_400_000_000)  # fmt: skip
HD = VersionRecord(id="v-hd", name="Heat - 1080p", width=1920, height=800, codec="h264",
                   bitrate=8_000_000, size=6_200_000_000)  # fmt: skip
STREAMS = (
    StreamRecord(index=0, type=StreamType.VIDEO, codec="hevc", width=3840, height=1600),
    StreamRecord(index=1, type=StreamType.AUDIO, codec="eac3", language="eng", channels=8),
    StreamRecord(index=2, type=StreamType.SUBTITLE, codec="srt", language="fra"),
)
EPISODE_VIDEO = StreamRecord(index=0, type=StreamType.VIDEO, codec="h264", width=1920, height=1080)
GUEST = PersonCredit(name="Bryan Cranston", kind=CreditKind.GUEST, role="Walter White")
PILOT_OVERVIEW = "A high school chemistry teacher learns he is dying and makes a plan."


def _episode(e: int) -> MediaRecord:
    """Episode e of season 1 of the show library_data made, with more to show."""
    return MediaRecord(
        remote_id=f"bb-s1-e{e}", type=ItemType.EPISODE, title=f"Episode {e}",
        parent_remote_id="bb-s1", show_remote_id="bb", season_number=1,
        episode_number=e, duration_ms=47 * 60_000, premiere_date=f"2008-01-{e + 19}",
        overview=PILOT_OVERVIEW if e == 1 else f"Things get worse, part {e}.",
        thumb_ref=f"/Items/bb-s1-e{e}/Images/Primary?tag=e{e}",
        people=(GUEST,), streams=(EPISODE_VIDEO, *STREAMS[1:]),
        user=UserState(position_ms=60_000 * e, watched=e == 1),
    )  # fmt: skip


async def _add_details(paths: DataPaths, filled: Filled) -> None:
    """A movie in two versions, and season 1 of the show given air dates, stills, guests."""
    runtime = await Runtime.create(paths)
    try:
        service = runtime.service
        heat = movie(
            "heat", "Heat", year=1995, duration_ms=170 * 60_000, content_rating="R",
            rating=8.3, genres=("Crime", "Thriller"), streams=STREAMS, versions=(UHD, HD),
            overview="A group of professional bank robbers feel the heat from the police.",
            poster_ref="/Items/heat/Images/Primary?tag=h", poster_blurhash=BLURHASH,
            backdrop_ref="/Items/heat/Images/Backdrop/0?tag=hb", added_at=1_900_000_000_000,
        )  # fmt: skip
        await service.upsert_items(filled.source_id, filled.movies_library, [heat])
        show = MediaRecord(
            remote_id="bb", type=ItemType.SHOW, title="Breaking Bad", year=2008,
            overview="A chemistry teacher turns to crime.", genres=("Drama",),
            added_at=1_800_000_000_000, poster_ref="/Items/bb/Images/Primary?tag=bb",
            backdrop_ref="/Items/bb/Images/Backdrop/0?tag=bbb",
        )  # fmt: skip
        episodes = [_episode(e) for e in range(1, 6)]
        await service.upsert_items(filled.source_id, filled.shows_library, [show, *episodes])
        stills = [
            MediaRecord(remote_id=r.remote_id, type=r.type, title=r.title, poster_ref=r.thumb_ref)
            for r in episodes
        ]
        cache_artwork(paths, filled.source_id, [heat, show, *stills])
    finally:
        runtime.close()


async def _id_of(shell: AppShell, library_id: int, title: str) -> int:
    assert shell.runtime is not None
    rows = await shell.runtime.service.list_items(ItemFilter(library_id=library_id))
    return next(row.id for row in rows if row.title == title)


def _record_plays(shell: AppShell) -> list[tuple[int, int, str]]:
    """Catch play requests instead of the player (these items have no server to play from)."""
    played: list[tuple[int, int, str]] = []
    browser = shell.browser
    browser.playRequested.disconnect(shell.player.playItemAt)
    browser.playVersionRequested.disconnect(shell.player.playItemVersion)
    browser.playRequested.connect(lambda item_id, start: played.append((item_id, start, "")))
    browser.playVersionRequested.connect(lambda i, start, v: played.append((i, start, v)))
    return played


def _text(shell: AppShell, name: str) -> str:
    return str(item(shell, name).property("text"))


def _visible(shell: AppShell, name: str) -> bool:
    found = find(shell.window.contentItem(), name)
    return found is not None and found.isVisible()


def _image_ready(shell: AppShell, page: str, name: str) -> bool:
    """Whether the image called name on the page shown has loaded."""
    found = find(item(shell, page), name)
    return found is not None and bool(found.property("ready"))


async def _tab_to(shell: AppShell, name: str) -> None:
    """Press Tab until the item called name has the focus."""
    for _ in range(30):
        await key(shell, Qt.Key.Key_Tab)
        focused = shell.window.activeFocusItem()
        if focused is not None and focused.objectName() == name:
            return
    raise AssertionError(f"Tab never reached {name}")


async def _start(shell: AppShell) -> None:
    shell.start()
    await until(lambda: has(shell, "homePage") and shell.runtime is not None)
    await activate(shell)


def test_movie_versions_chooser_by_mouse(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    filled: Filled = event_loop_runner(fill(paths))
    event_loop_runner(_add_details(paths, filled))
    shell = make_shell()
    played = _record_plays(shell)
    movie_vm = shell.browser.movie

    async def scenario() -> None:
        await _start(shell)
        heat = await _id_of(shell, filled.movies_library, "Heat")
        shell.browser.navigator.push("movie", heat)
        await until(lambda: movie_vm.detail.get("title") == "Heat" and has(shell, "moviePage"))
        await settle(shell)
        # Two versions: the chooser shows the first, and the quality line is its own.
        assert _visible(shell, "versionChooser")
        assert "4K HDR · HEVC · 18 Mbps" in str(
            item(shell, "versionChooser").property("displayText")
        )
        assert "4K HDR · HEVC · 7.1" in _text(shell, "movieFacts")

        await click(shell, item(shell, "versionChooser"))
        await until(lambda: has(shell, "versionChoice1"), what="the version list")
        await until(lambda: has(shell, "backdropImage"))
        await asyncio.sleep(0.4)
        save_screenshot(shell.window, "details_movie_versions")
        await click(shell, item(shell, "versionChoice1"))
        await until(lambda: movie_vm.versionIndex == 1)
        await until(lambda: "1080p · H264 · 7.1" in _text(shell, "movieFacts"))
        assert "1080p · H264 · 8 Mbps" in str(item(shell, "versionChooser").property("displayText"))

        # Play plays the chosen version, from the start (never started).
        await click(shell, item(shell, "playButton"))
        assert played == [(heat, 0, "v-hd")]

        # A movie with one version has no chooser.
        dune = await _id_of(shell, filled.movies_library, "Dune")
        shell.browser.navigator.push("movie", dune)
        await until(lambda: movie_vm.detail.get("title") == "Dune")
        await settle(shell)
        assert not _visible(shell, "versionChooser")
        assert "1080p · H264 · 5.1" in _text(shell, "movieFacts")
        await click(shell, item(shell, "playButton"))
        assert played[-1] == (dune, 0, "")

    event_loop_runner(scenario())


def test_episode_page_from_the_show_page(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    filled: Filled = event_loop_runner(fill(paths))
    event_loop_runner(_add_details(paths, filled))
    shell = make_shell()
    played = _record_plays(shell)
    show_vm, episode_vm = shell.browser.show, shell.browser.episode

    async def scenario() -> None:
        await _start(shell)
        shell.browser.navigator.push("show", filled.show_id)
        await until(lambda: has(shell, "showPage") and show_vm.seasons.count == 2)
        await settle(shell)
        season_one = show_vm.seasons.rows()[0].id
        await click(shell, item(shell, f"season{season_one}"))
        await until(lambda: show_vm.seasonId == season_one and show_vm.episodes.count == 5)
        await until(lambda: show_vm.episodes.rows()[0].overview == PILOT_OVERVIEW)
        rows = show_vm.episodes.rows()
        pilot, second = rows[0].id, rows[1].id

        # By keyboard: Tab from Play next to the episodes, Return opens the focused one.
        await _tab_to(shell, f"episode{second}")
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: has(shell, "episodePage") and episode_vm.itemId == second)
        await until(lambda: episode_vm.detail.get("code") == "S01E02")
        await settle(shell)
        assert _text(shell, "episodeTitle") == "Episode 2"
        assert "Aired 21 January 2008" in _text(shell, "episodeFacts")
        assert "47 min" in _text(shell, "episodeFacts")
        assert "1080p · H264 · 7.1" in _text(shell, "episodeFacts")
        assert _text(shell, "previousEpisode").endswith("S1 · E1 · Episode 1")
        assert _text(shell, "nextEpisode").startswith("S1 · E3 · Episode 3")

        # Back, then by mouse: a click on the first episode's row opens its page.
        await key(shell, Qt.Key.Key_Backspace)
        await until(lambda: shell.browser.navigator.page == "show" and has(shell, "showPage"))
        await settle(shell)
        await click(shell, item(shell, f"episodeOpen{pilot}"))
        await until(lambda: has(shell, "episodePage") and episode_vm.itemId == pilot)
        await until(lambda: episode_vm.detail.get("overview") == PILOT_OVERVIEW)
        await settle(shell)
        await until(lambda: _image_ready(shell, "episodePage", "backdropImage"), what="backdrop")
        await asyncio.sleep(0.4)
        assert _text(shell, "episodeCode") == "S01E01"
        assert _text(shell, "episodeShowLink") == "Breaking Bad"
        assert not _visible(shell, "previousEpisode") and _visible(shell, "nextEpisode")
        save_screenshot(shell.window, "details_episode")

        # Next goes to the next episode; Play plays it from its resume point (2 min in).
        await click(shell, item(shell, "nextEpisode"))
        await until(lambda: episode_vm.itemId == second and has(shell, "episodePage"))
        await settle(shell)
        assert [r.page for r in shell.browser.navigator.history()] == ["home", "show", "episode"]
        await click(shell, item(shell, "playButton"))
        assert played == [(second, 120_000, "")]

        # Mark it watched here: the show page shows it watched when we go back.
        assert not rows[1].watched
        await click(shell, item(shell, "watchedButton"))
        await until(lambda: episode_vm.detail.get("watched") is True, what="watched")
        assert _text(shell, "watchedButton") == "✓  Watched"
        await key(shell, Qt.Key.Key_Backspace)  # Next replaced the page: Back is the show
        await until(lambda: shell.browser.navigator.page == "show")
        await until(lambda: show_vm.episodes.rows()[1].watched, what="watched on the show page")
        await settle(shell)
        assert item(shell, f"episode{second}").property("watched") is True

        # Search finds the episode by its overview and opens its page too.
        search = shell.browser.search
        await key(shell, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: has(shell, "searchPage"))
        await settle(shell)
        await until(lambda: focused(shell) == "searchField", what="search field focused")
        await type_text(shell, "dying")
        await until(lambda: [r.id for r in search.results.rows()] == [pilot], what="the pilot")
        await key(shell, Qt.Key.Key_Down)
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: shell.browser.navigator.page == "episode" and has(shell, "episodePage"))
        await until(lambda: episode_vm.itemId == pilot and _text(shell, "episodeCode") == "S01E01")

    event_loop_runner(scenario())


# Against the fake servers, with real libmpv: the chosen version is what the server sends.

CLIP = ClipSpec(duration_s=12.0, width=320, height=240, fps=10)


async def _choose_second_version_and_play(shell: AppShell, movie_id: int, codec: str) -> None:
    """Open the movie, pick its second version with the mouse, play it, leave the player."""
    movie_vm = shell.browser.movie
    shell.browser.navigator.push("movie", movie_id)
    await until(
        lambda: movie_vm.itemId == movie_id and len(movie_vm.detail.get("versions", [])) == 2
    )
    await settle(shell)
    await click(shell, item(shell, "versionChooser"))
    await until(lambda: has(shell, "versionChoice1"), what="the version list")
    await click(shell, item(shell, "versionChoice1"))
    await until(lambda: movie_vm.versionIndex == 1)
    await until(lambda: codec in _text(shell, "movieFacts"), what="the second version's quality")
    frames: list[bool] = []
    shell.player.firstFrame.connect(lambda: frames.append(True))
    await click(shell, item(shell, "playButton"))
    await until(lambda: bool(frames), 60, "first frame")
    # Leaving the player shows the movie page again.
    await key(shell, Qt.Key.Key_Escape)
    await until(lambda: not shell.player.active and has(shell, "moviePage"), what="back")


def test_the_chosen_version_plays_from_jellyfin(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    server = FakeJellyfin(size="small", seed=1)
    film = next(m for m in server.library.movies if jellyfin_media.has_versions(m))
    server.set_media(film.id, clips.make(CLIP))
    second = jellyfin_media.media_sources(film)[1]
    codec = str(second["MediaStreams"][0]["Codec"]).upper()

    async def scenario() -> None:
        await jellyfin_library(tmp_path, server, credentials)
        shell = await open_shell(make_player_shell, credentials)
        await activate(shell)
        await _choose_second_version_and_play(shell, await local_id(shell, film.id, "movie"), codec)
        # PlaybackInfo was asked about that source, and its file is what mpv fetched.
        infos = server.requests_to(f"/Items/{film.id}/PlaybackInfo", "POST")
        assert [r.json["MediaSourceId"] for r in infos] == [second["Id"]]
        streams = [r for r in server.requests if r.path.startswith(f"/Videos/{film.id}/stream")]
        assert streams and {r.query.get("mediaSourceId") for r in streams} == {second["Id"]}
        await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())


def test_the_chosen_version_plays_from_plex(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    plex = FakePlex(size="small", seed=1)
    film = next(m for m in plex.library.movies if plex_media.has_versions(m))
    plex.set_media(film.rating_key, clips.make(CLIP))
    first, second = plex_media.media(film, with_streams=False)
    codec = str(second["videoCodec"]).upper()

    async def scenario() -> None:
        await plex_library(tmp_path, plex, credentials)
        shell = await open_shell(make_player_shell, credentials)
        await activate(shell)
        local = await local_id(shell, str(film.rating_key), "movie")
        await _choose_second_version_and_play(shell, local, codec)
        # mpv fetched the second Media's part, never the first's.
        parts = [r.path for r in plex.requests if r.path.startswith("/library/parts/")]
        assert parts and set(parts) == {second["Part"][0]["key"]}
        assert first["Part"][0]["key"] not in parts
        await shell.stop()

    with ServerThread(plex):
        event_loop_runner(scenario())


def test_play_from_the_episode_page_and_back(
    tmp_path: Path,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    credentials = CredentialStore(InMemoryKeyring())
    server = FakeJellyfin(size="small", seed=1)
    clip = clips.make(CLIP)
    for episode in server.library.episodes:
        server.set_media(episode.id, clip)

    async def scenario() -> None:
        await jellyfin_library(tmp_path, server, credentials)
        shell = await open_shell(make_player_shell, credentials)
        await activate(shell)
        show_vm, episode_vm = shell.browser.show, shell.browser.episode
        show = server.library.series[0]
        shell.browser.navigator.push("show", await local_id(shell, show.id, "show"))
        await until(lambda: has(shell, "showPage") and show_vm.episodes.count > 0)
        await settle(shell)
        first = show_vm.episodes.rows()[0].id
        await _tab_to(shell, f"episode{first}")
        await key(shell, Qt.Key.Key_Return)
        await until(lambda: has(shell, "episodePage") and episode_vm.detail.get("itemId") == first)
        await settle(shell)
        assert _text(shell, "episodeShowLink") == show.name
        frames: list[bool] = []
        shell.player.firstFrame.connect(lambda: frames.append(True))
        await click(shell, item(shell, "startOverButton") if has(shell, "startOverButton")
                    else item(shell, "playButton"))  # fmt: skip
        await until(lambda: bool(frames), 60, "first frame")
        assert shell.player.active
        remote = (await shell.runtime.service.get_item(first)).remote_id  # type: ignore[union-attr]
        assert server.requests_to(f"/Items/{remote}/PlaybackInfo", "POST")
        await key(shell, Qt.Key.Key_Escape)
        await until(lambda: not shell.player.active, what="the player closed")
        await settle(shell)
        assert shell.browser.navigator.page == "episode" and has(shell, "episodePage")
        await shell.stop()

    with ServerThread(server):
        event_loop_runner(scenario())
