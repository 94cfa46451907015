"""The real window opens under Xvfb, shows sources or how to add one, and shows errors."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Coroutine
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import null
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickItem

from reel_qt.app import AppShell
from reel_qt.core.paths import DataPaths
from reel_qt.core.records import LibraryKind, LibraryRecord
from reel_qt.core.settings import Settings, SettingsStore
from reel_qt.runtime import Runtime
from reel_qt.store.migrations import head_revision
from reel_qt.sync.credentials import CredentialStore
from tests.factories import MOVIES, SHOWS, movie, show_tree
from tests.ui.conftest import save_screenshot
from tests.ui.driving import wind_down

Runner = Callable[[Coroutine[Any, Any, Any]], Any]


async def _until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def _find(root: QQuickItem, name: str) -> QQuickItem | None:
    """Search the visual item tree (delegates are not QObject children of their view)."""
    if root.objectName() == name:
        return root
    for child in root.childItems():
        found = _find(child, name)
        if found is not None:
            return found
    return None


def _item(shell: AppShell, name: str) -> QQuickItem:
    found = _find(shell.window.contentItem(), name)
    assert found is not None, f"no item named {name}"
    return found


def _has(shell: AppShell, name: str) -> bool:
    return _find(shell.window.contentItem(), name) is not None


def _distinct_colours(image: QImage) -> int:
    step = 16
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    return len(colours)


async def _fill(paths: DataPaths) -> None:
    runtime = await Runtime.create(paths)
    try:
        service = runtime.service
        home = await service.add_source(
            type="jellyfin", name="Living Room", url="http://127.0.0.1:8096"
        )
        den = await service.add_source(type="plex", name="Den Server", url="http://127.0.0.1:32400")
        music = LibraryRecord(remote_id="lib-music", name="Music", kind=LibraryKind.UNSUPPORTED)
        films = (await service.replace_libraries(home.id, [MOVIES, music])).created[0]
        shows = (await service.replace_libraries(den.id, [SHOWS])).created[0]
        await service.upsert_items(home.id, films, [movie(f"m{i}", f"Film {i}") for i in range(12)])
        await service.upsert_items(den.id, shows, show_tree("bb", "Breaking Bad", 2, 5))
        await service.finish_library_sync(home.id, [films])
        await service.finish_library_sync(den.id, [shows])
        await service.update_source(den.id, online=False)
    finally:
        runtime.close()


def test_empty_window_says_how_to_add_a_source(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    shell = make_shell()

    async def scenario() -> None:
        shell.start()
        await _until(lambda: not shell.shell.isLoading and _has(shell, "emptyState"))
        shell.window.requestActivate()
        await asyncio.sleep(0.3)  # let a few frames render
        await wind_down(shell)

    event_loop_runner(scenario())
    assert shell.window.isVisible()
    assert shell.window.title() == "Reel"
    assert _item(shell, "sidebar").isVisible()
    assert _item(shell, "emptyTitle").property("text") == "No media yet"
    hint = _item(shell, "emptyHint").property("text")
    assert "Jellyfin" in hint and "Plex" in hint and "folder" in hint
    assert shell.shell.sources.rowCount() == 0

    path = save_screenshot(shell.window, "main_window_empty")
    image = QImage(str(path))
    assert image.width() >= 800 and image.height() >= 500
    assert _distinct_colours(image) > 5
    event_loop_runner(shell.stop())


def test_sources_appear_in_the_sidebar_with_counts_and_state(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    event_loop_runner(_fill(DataPaths(tmp_path / "data").ensure()))
    shell = make_shell()

    async def scenario() -> None:
        shell.start()
        # The stored sources are unreachable and have no sign-in: the schedule's first sync
        # (2 s after the store opens, inside the test on a loaded machine) would say so.
        await _until(lambda: shell.tasks.is_running("sync.scheduler"))
        shell.tasks.cancel("sync.scheduler")
        await _until(lambda: shell.shell.sources.rowCount() == 2 and _has(shell, "homePage"))
        await asyncio.sleep(0.3)
        await wind_down(shell)

    event_loop_runner(scenario())
    model = shell.shell.sources
    rows = model.rows()
    assert [(r.name, r.item_count, r.status) for r in rows] == [
        ("Living Room", 12, "ok"),
        ("Den Server", 13, "offline"),
    ]
    assert [lib.name for lib in rows[1].libraries] == ["TV Shows"]
    assert [(lib.name, lib.supported) for lib in rows[0].libraries] == [
        ("Movies", True),
        ("Music", False),
    ]
    names = [
        _find(_item(shell, f"sourceEntry{r.id}"), "sourceName").property("text")  # type: ignore[union-attr]
        for r in rows
    ]
    assert names == ["Living Room", "Den Server"]
    assert _item(shell, "homeSummary").property("text") == "2 sources · 25 items"
    assert not _has(shell, "emptyState")
    image = QImage(str(save_screenshot(shell.window, "main_window_sources")))
    assert _distinct_colours(image) > 5
    event_loop_runner(shell.stop())


@pytest.mark.expect_log_warnings
def test_a_store_that_cannot_open_shows_the_error_and_retries(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    event_loop_runner(_fill(paths))
    with sqlite3.connect(paths.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    shell = make_shell()
    failures: list[str] = []
    shell.tasks.taskFailed.connect(lambda _name, message: failures.append(message))

    async def fail_then_recover() -> None:
        shell.start()
        await _until(lambda: _has(shell, "errorText"))
        await asyncio.sleep(0.2)
        save_screenshot(shell.window, "main_window_error")
        with sqlite3.connect(paths.database) as conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (head_revision(),))
        shell.shell.retry()
        await _until(lambda: shell.shell.sources.rowCount() == 2 and _has(shell, "homePage"))
        await wind_down(shell)

    event_loop_runner(fail_then_recover())
    assert failures and "newer version of Reel" in failures[0]
    assert shell.shell.errorMessage == ""
    event_loop_runner(shell.stop())


def test_closing_the_window_shuts_down_in_order(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    shell = make_shell()
    shutdowns: list[bool] = []

    async def scenario() -> None:
        serving = asyncio.ensure_future(shell.serve())
        await _until(lambda: shell.runtime is not None and not shell.shell.isLoading)
        assert shell.runtime is not None
        shell.runtime.bus.shutdown.connect(lambda: shutdowns.append(True))
        shell.window.close()
        await asyncio.wait_for(serving, 30)

    event_loop_runner(scenario())
    assert shutdowns == [True]
    assert shell.runtime is None
    assert shell.tasks.running() == []


@pytest.mark.expect_log_warnings
def test_without_a_secure_keyring_the_window_says_so(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    shell = make_shell(credentials=CredentialStore(null.Keyring()))

    async def scenario() -> None:
        shell.start()
        await _until(lambda: shell.shell.notice != "" and _item(shell, "noticeBanner").isVisible())
        await asyncio.sleep(0.2)
        save_screenshot(shell.window, "main_window_keyring_notice")
        shell.shell.dismissNotice()
        await _until(lambda: not _item(shell, "noticeBanner").isVisible())
        await wind_down(shell)

    event_loop_runner(scenario())
    assert shell.shell.notice == ""
    event_loop_runner(shell.stop())


@pytest.mark.expect_log_warnings
def test_an_unwritable_data_folder_is_reported_in_words(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    shell = make_shell()
    shell.paths.database.mkdir()  # a folder where the database file should be

    async def scenario() -> None:
        shell.start()
        await _until(lambda: _has(shell, "errorText"))

    event_loop_runner(scenario())
    message = shell.shell.errorMessage
    assert message.startswith("Reel cannot open its library database at")
    assert "--data-dir" in message
    assert not shell.shell.isLoading


def test_the_window_remembers_its_size(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    shell = make_shell(settings=replace(Settings(), window_width=1000, window_height=700))
    assert (shell.window.width(), shell.window.height()) == (1000, 700)

    async def scenario() -> None:
        shell.start()
        await _until(lambda: shell.runtime is not None)
        shell.window.resize(1100, 750)
        await _until(lambda: shell.window.width() == 1100)
        await shell.stop()

    event_loop_runner(scenario())
    stored = SettingsStore(shell.paths.settings).load()
    assert (stored.window_width, stored.window_height, stored.window_maximized) == (
        1100,
        750,
        False,
    )
