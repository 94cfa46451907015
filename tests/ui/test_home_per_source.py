"""Home per source: a chip per source filters all three rows; All shows every source's."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from PySide6.QtCore import Qt

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.core.records import UserState
from reel_qt.runtime import Runtime
from reel_qt.ui.poster_list_model import PosterListModel
from tests.factories import MOVIES, SHOWS, movie, show_tree
from tests.ui.conftest import save_screenshot
from tests.ui.driving import activate, click, has, item, key, until
from tests.ui.library_data import TITLES, cache_artwork, fill

Runner = Callable[[Coroutine[Any, Any, Any]], Any]
PLAYED = 1_750_000_000_000

# Source A is library_data's fill(): 18 films (every fifth from the third in progress) and
# Breaking Bad, 2 seasons of 5 episodes, each season's first watched, the rest started.
A_FILMS_STARTED = {TITLES[n] for n in range(len(TITLES)) if n % 5 == 2}
A_EPISODES_STARTED = {f"Breaking Bad · Episode {e}" for e in range(2, 6) for _season in (1, 2)}
A_CONTINUE = A_FILMS_STARTED | A_EPISODES_STARTED
A_NEXT = {"Breaking Bad · Episode 2"}  # season 2's: after the last watched, S2E1
A_RECENT = {*TITLES, "Breaking Bad"}

# Source B, added here: three films (two started) and The Wire, 1 season of 3 episodes.
B_FILMS = {"Solaris": 30, "Tenet": 50, "Ugetsu": 0}  # title -> minutes watched
B_CONTINUE = {"Solaris", "Tenet", "The Wire · Episode 2", "The Wire · Episode 3"}
B_NEXT = {"The Wire · Episode 2"}
B_RECENT = {*B_FILMS, "The Wire"}


@dataclass(frozen=True)
class TwoSources:
    """The two sources' ids and B's movies library."""

    a: int
    b: int
    b_movies: int


def _labels(model: object) -> set[str]:
    """A row's items as people read them: an episode with its show's title."""
    assert isinstance(model, PosterListModel)
    return {
        f"{row.show_title} · {row.title}" if row.type == "episode" else row.title
        for row in model.rows()
    }


async def _two_sources(paths: DataPaths) -> TwoSources:
    filled = await fill(paths)
    runtime = await Runtime.create(paths)
    try:
        service = runtime.service
        source = await service.add_source(type="jellyfin", name="Cabin", url="http://127.0.0.1:9")
        movies, shows = (await service.replace_libraries(source.id, [MOVIES, SHOWS])).created
        films = [
            movie(
                f"c{n}",
                title,
                year=1970 + n,
                added_at=1_600_000_000_000 + n,
                poster_ref=f"/Items/c{n}/Images/Primary?tag=c{n}",
                user=UserState(position_ms=minutes * 60_000, last_played_at=PLAYED + n)
                if minutes
                else None,
            )
            for n, (title, minutes) in enumerate(B_FILMS.items())
        ]
        await service.upsert_items(source.id, movies, films)
        tree = show_tree("tw", "The Wire", 1, 3)
        # A date added, so Recently added lists the show.
        tree[0] = msgspec.structs.replace(tree[0], added_at=1_600_000_000_100)
        await service.upsert_items(source.id, shows, tree)
        await service.finish_library_sync(source.id, [movies, shows])
        await service.update_source(source.id, online=False)  # nothing syncs
        cache_artwork(paths, source.id, films)
        return TwoSources(filled.source_id, source.id, movies)
    finally:
        runtime.close()


def _rows(shell: AppShell) -> tuple[set[str], set[str], set[str]]:
    home = shell.browser.home
    return _labels(home.continueWatching), _labels(home.nextUp), _labels(home.recentlyAdded)


def test_home_switches_between_sources(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    ids: TwoSources = event_loop_runner(_two_sources(paths))
    shell = make_shell()
    every = (A_CONTINUE | B_CONTINUE, A_NEXT | B_NEXT, A_RECENT | B_RECENT)
    only_a = (A_CONTINUE, A_NEXT, A_RECENT)
    only_b = (B_CONTINUE, B_NEXT, B_RECENT)

    async def scenario() -> None:
        shell.start()
        await until(lambda: has(shell, "homePage"), what="Home")
        await activate(shell)
        await until(lambda: _rows(shell) == every, what=f"All rows, not {_rows(shell)}")
        switcher = item(shell, "homeSources")
        await until(lambda: switcher.isVisible(), what="the source switcher")
        assert item(shell, "homeSourceAll").property("checked")

        # A click on the first source's chip: every row holds only its items.
        await click(shell, item(shell, f"homeSource_{ids.a}"))
        await until(lambda: _rows(shell) == only_a, what="source A's rows")
        assert item(shell, f"homeSource_{ids.a}").property("checked")
        assert not item(shell, "homeSourceAll").property("checked")
        await until(lambda: item(shell, "continueWatching").isVisible(), what="the rows")
        save_screenshot(shell.window, "home_per_source")

        # The keyboard: Right to the second source's chip, Space chooses it.
        await key(shell, Qt.Key.Key_Right)
        await until(lambda: item(shell, f"homeSource_{ids.b}").hasActiveFocus(), what="B focused")
        await key(shell, Qt.Key.Key_Space)
        await until(lambda: _rows(shell) == only_b, what="source B's rows")
        save_screenshot(shell.window, "home_per_source_b")

        # A live refresh (a sync writes a film to B) keeps the choice.
        runtime = shell.runtime
        assert runtime is not None
        newest = movie("c9", "Vertigo", year=1958, added_at=1_950_000_000_000)
        await runtime.service.upsert_items(ids.b, ids.b_movies, [newest])
        await until(
            lambda: _rows(shell) == (B_CONTINUE, B_NEXT, B_RECENT | {"Vertigo"}),
            what="Vertigo in B's Recently added, A's items still out",
        )
        assert shell.browser.home.sourceId == ids.b

        # Left twice and Return: back to All.
        await key(shell, Qt.Key.Key_Left)
        await key(shell, Qt.Key.Key_Left)
        await until(lambda: item(shell, "homeSourceAll").hasActiveFocus(), what="All focused")
        await key(shell, Qt.Key.Key_Return)
        with_vertigo = (every[0], every[1], every[2] | {"Vertigo"})
        await until(lambda: _rows(shell) == with_vertigo, what="every source's rows again")

        # The chosen source is removed: Home falls back to All, and one source hides the chips.
        await click(shell, item(shell, f"homeSource_{ids.b}"))
        await until(lambda: _rows(shell)[0] == B_CONTINUE, what="B chosen again")
        await runtime.service.remove_source(ids.b)
        await until(lambda: shell.browser.home.sourceId == 0, what="the fallback to All")
        await until(lambda: _rows(shell) == only_a, what="the remaining source's rows")
        await until(lambda: not switcher.isVisible(), what="the switcher hidden")
        await shell.stop()

    event_loop_runner(scenario())
