"""The Sources page and the sidebar's live sync state, against the fake Jellyfin and Plex
servers and a real folder of clips."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from reel_qt.app import AppShell
from reel_qt.backends.base import MediaBackend
from reel_qt.backends.jellyfin.signin import sign_in_with_password
from reel_qt.core.errors import CredentialsError
from reel_qt.core.events import EventBus
from reel_qt.core.paths import DataPaths
from reel_qt.core.records import LibraryKind
from reel_qt.core.tasks import TaskRegistry
from reel_qt.runtime import Runtime
from reel_qt.store.views import SourceView
from reel_qt.sync.credentials import SERVICE, CredentialStore
from reel_qt.sync.sources import jellyfin_backend
from reel_qt.ui.source_wording import describe_ago, describe_progress
from reel_qt.ui.sources_model import LibraryRow, SourceRole, SourceRow, SourcesListModel
from reel_qt.ui.sources_page_view_model import SourcesPageViewModel
from reel_qt.ui.sync_activity import SyncActivity
from tests.clips import ClipMaker
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.keyrings import InMemoryKeyring
from tests.fakes.plex import FakePlex
from tests.integration.plex_helpers import sign_in as plex_sign_in
from tests.local_tree import PLAIN
from tests.ui.conftest import save_screenshot
from tests.ui.driving import click, find, has, item, settle, until

Runner = Callable[[Coroutine[Any, Any, Any]], Any]

#: The films of the local source (a movies folder): what its sync should find.
FILMS = ("Heat (1995)", "Amelie (2001)")


@dataclass
class Ids:
    """The ids of the three sources the tests add."""

    jellyfin: int
    plex: int
    local: int


async def _add_sources(
    data: DataPaths,
    credentials: CredentialStore,
    jellyfin: FakeJellyfin,
    plex: FakePlex | None,
    films: Path | None,
) -> Ids:
    """Add the sources as `reel source add` would, without syncing them."""
    runtime = await Runtime.create(data, credentials=credentials)
    try:
        signed = await sign_in_with_password(
            jellyfin.url, jellyfin.username, jellyfin.password, runtime.identity
        )
        j = await runtime.setup.add_jellyfin(signed)
        p = await runtime.setup.add_plex(await plex_sign_in(plex, runtime.identity)) if plex else j
        local = await runtime.setup.add_local([str(films)], kind="movies") if films else j
    finally:
        await asyncio.to_thread(runtime.close)
    return Ids(j.id, p.id, local.id)


def _films(clips: ClipMaker, base: Path) -> Path:
    folder = base / "Films"
    for title in FILMS:
        clips.place(PLAIN, folder / title / f"{title}.mkv")
    return folder


def _small_jellyfin_pages(shell: AppShell) -> None:
    """Serve Jellyfin in pages of 5, so a small library syncs in many visible steps."""
    runtime = shell.runtime
    assert runtime is not None

    async def factory(source: SourceView) -> MediaBackend:
        backend = await jellyfin_backend(source, runtime.credentials, runtime.identity)
        backend.page_size = 5
        return backend

    runtime.backends.register("jellyfin", factory)


def _row(shell: AppShell, source_id: int) -> dict[str, Any]:
    """Every role of a source's row, by name."""
    model = shell.shell.sources
    for position in range(model.rowCount()):
        index = model.index(position)
        if model.data(index, SourceRole.ID) == source_id:
            names = model.roleNames()
            return {bytes(names[r].data()).decode(): model.data(index, r) for r in names}
    raise AssertionError(f"source {source_id} is not in the model")


def _text(shell: AppShell, card: str, name: str) -> str:
    found = find(item(shell, card), name)
    assert found is not None, f"no {name} in {card}"
    return str(found.property("text"))


async def _press(shell: AppShell, name: str) -> None:
    """Click the item called name once the cards have settled (their heights follow state).

    A polish pass lays the list out again: `click` waits until the target stands still.
    """
    await click(shell, item(shell, name))


async def _focus(shell: AppShell) -> None:
    """Give the window focus; unlike driving.activate, the sync schedule keeps running."""
    shell.window.requestActivate()
    await until(lambda: shell.window.activeFocusItem() is not None, what="window focus")


@pytest.mark.expect_log_warnings  # the failed syncs log their cause
def test_sources_page_follows_syncs_offline_and_sign_in(
    tmp_path: Path,
    make_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    jellyfin = FakeJellyfin(size="small", seed=1)
    plex = FakePlex(size="small", seed=1)
    films = _films(clips, tmp_path)
    credentials = CredentialStore(InMemoryKeyring())
    expected_j = sum(jellyfin.counts.values())
    expected_p = sum(plex.counts.values())

    async def scenario() -> None:
        await jellyfin.start()
        await plex.start()
        try:
            data = DataPaths(tmp_path / "data")
            ids = await _add_sources(data, credentials, jellyfin, plex, films)
            # Slow listings: the sync's progress stays on screen long enough to see.
            jellyfin.faults.latency_s = 0.12
            jellyfin.faults.latency_path = r"/Items$"
            shell = make_shell(credentials=credentials)
            seen: list[tuple[str, str, float]] = []

            def record(*_: object) -> None:
                row = _row(shell, ids.jellyfin)
                seen.append((row["status"], row["statusText"], row["syncFraction"]))

            shell.shell.sources.dataChanged.connect(record)
            shell.start()
            await until(lambda: shell.runtime is not None, what="store open")
            _small_jellyfin_pages(shell)
            await until(lambda: shell.shell.sources.rowCount() == 3, what="three sources")
            await _focus(shell)
            await click(shell, item(shell, "navSources"))
            await until(lambda: has(shell, "sourcesPage"), what="sources page")
            assert shell.browser.navigator.page == "sources"

            # The start-up sync: the sidebar shows Jellyfin syncing, with progress.
            await until(
                lambda: 0 < _row(shell, ids.jellyfin)["syncFraction"] < 1,
                seconds=40,
                what="jellyfin sync progress",
            )
            assert has(shell, f"sourceProgress{ids.jellyfin}")
            status = item(shell, f"sourceStatus{ids.jellyfin}").property("text")
            assert status.startswith("Syncing ") and " of " in status
            assert has(shell, f"sourceCard{ids.jellyfin}")
            assert item(shell, f"syncNow{ids.jellyfin}").property("enabled") is False
            save_screenshot(shell.window, "sources_sidebar_syncing")

            # Everything synced: idle, with the counts the servers and the folder hold.
            await until(
                lambda: (
                    [
                        (_row(shell, i)["status"], _row(shell, i)["itemCount"])
                        for i in (ids.jellyfin, ids.plex, ids.local)
                    ]
                    == [("ok", expected_j), ("ok", expected_p), ("ok", len(FILMS))]
                ),
                seconds=60,
                what="all three synced",
            )
            assert not has(shell, f"sourceProgress{ids.jellyfin}")
            statuses = [s for s, _, _ in seen]
            assert "syncing" in statuses and statuses[-1] == "ok"
            fractions = [f for s, _, f in seen if s == "syncing" and 0 < f < 1]
            assert len(set(fractions)) >= 2  # the bar moved (it restarts with each library)
            assert _text(shell, f"sourceCard{ids.jellyfin}", "cardStatus") == "Up to date"
            assert _text(shell, f"sourceCard{ids.jellyfin}", "cardLastSync") == "just now"
            assert _text(shell, f"sourceCard{ids.plex}", "cardItems") == f"{expected_p:,}"
            assert _text(shell, f"sourceCard{ids.local}", "cardAddress").endswith(str(films))
            assert _text(shell, f"sourceCard{ids.jellyfin}", "cardAddress").endswith(jellyfin.url)
            assert not has(shell, f"signIn{ids.local}")  # folders have no sign-in
            await asyncio.sleep(0.3)
            save_screenshot(shell.window, "sources_page")

            # Sync now: the scheduler runs it; the sidebar goes syncing, then idle again.
            jellyfin.faults.latency_s = 0.05
            listed = len(jellyfin.requests_to("/Items"))
            seen.clear()
            await _press(shell, f"syncNow{ids.jellyfin}")
            await until(lambda: _row(shell, ids.jellyfin)["isSyncing"], what="sync now starts")
            await until(
                lambda: _row(shell, ids.jellyfin)["status"] == "ok" and len(seen) > 1,
                seconds=40,
                what="sync now ends",
            )
            assert len(jellyfin.requests_to("/Items")) > listed
            assert "syncing" in [s for s, _, _ in seen]

            # A revoked token: Plex needs sign-in, and Sign in again opens that page.
            plex.revoke_tokens()
            await _press(shell, f"syncNow{ids.plex}")
            await until(
                lambda: _row(shell, ids.plex)["status"] == "needs-sign-in",
                seconds=40,
                what="needs sign-in",
            )
            card = f"sourceCard{ids.plex}"
            await until(lambda: _text(shell, card, "cardStatus") == "Needs sign-in")
            assert "sign in to resume syncing" in _text(shell, card, "cardHint")
            assert "Sign in again" in _text(shell, card, "cardError")
            assert item(shell, f"sourceStatus{ids.plex}").property("text") == "Needs sign-in"
            assert _row(shell, ids.plex)["itemCount"] == expected_p  # the library is kept
            await _press(shell, f"signIn{ids.plex}")
            await until(lambda: shell.browser.navigator.page == "sign-in")
            assert shell.browser.navigator.itemId == ids.plex
            shell.browser.navigator.back()
            await until(lambda: has(shell, "sourcesPage"))
            await settle(shell)

            # The server goes away: offline, said in words, and the library still browses.
            await jellyfin.stop()
            await _press(shell, f"syncNow{ids.jellyfin}")
            await until(
                lambda: _row(shell, ids.jellyfin)["status"] == "offline",
                seconds=60,
                what="offline",
            )
            card = f"sourceCard{ids.jellyfin}"
            await until(lambda: _text(shell, card, "cardStatus") == "Offline")
            assert _text(shell, card, "cardError") != ""
            assert "Check that it is running" in _text(shell, card, "cardHint")
            sidebar = item(shell, f"sourceStatus{ids.jellyfin}").property("text")
            assert sidebar.startswith("Offline")
            await asyncio.sleep(0.3)
            save_screenshot(shell.window, "sources_page_problems")

            assert shell.runtime is not None
            libraries = await shell.runtime.service.list_libraries(ids.jellyfin)
            movies = next(lib for lib in libraries if lib.kind == LibraryKind.MOVIES)
            await click(shell, item(shell, f"library{movies.id}"))
            await until(
                lambda: has(shell, "libraryGrid") and shell.browser.library.items.count > 0,
                what="offline library grid",
            )
            assert shell.browser.library.items.count == jellyfin.counts["movie"]
            await shell.stop()
        finally:
            await jellyfin.stop()
            await plex.stop()

    event_loop_runner(scenario())


def test_remove_asks_first_and_forgets_the_source_everywhere(
    tmp_path: Path, make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    jellyfin = FakeJellyfin(size="small", seed=1)
    plex = FakePlex(size="small", seed=1)
    keyring = InMemoryKeyring()
    credentials = CredentialStore(keyring)

    async def scenario() -> None:
        await jellyfin.start()
        await plex.start()
        try:
            ids = await _add_sources(
                DataPaths(tmp_path / "data"), credentials, jellyfin, plex, None
            )
            assert len(keyring.entries) == 3  # two server tokens and the plex.tv account
            shell = make_shell(credentials=credentials)
            shell.start()
            await until(lambda: shell.shell.sources.rowCount() == 2 and shell.runtime is not None)
            shell.tasks.cancel("sync.scheduler")  # removal is about the stored sources only
            runtime = shell.runtime
            assert runtime is not None
            plex_source = await runtime.service.get_source(ids.plex)
            await _focus(shell)
            await click(shell, item(shell, "navSources"))
            await until(lambda: has(shell, f"sourceCard{ids.plex}"), what="plex card")
            await settle(shell)

            # Cancel keeps it.
            await _press(shell, f"remove{ids.plex}")
            await until(lambda: has(shell, "removeConfirm"), what="confirmation")
            assert "keyring" in item(shell, "removeDialogText").property("text")
            await asyncio.sleep(0.3)
            save_screenshot(shell.window, "sources_remove_confirm")
            await _press(shell, "removeCancel")
            await until(lambda: not has(shell, "removeConfirm"), what="dialog closed")
            await asyncio.sleep(0.2)
            assert [r.id for r in shell.shell.sources.rows()] == [ids.jellyfin, ids.plex]
            assert len(await runtime.service.list_sources()) == 2

            # Remove, confirmed: gone from the sidebar, the database and the keyring.
            await _press(shell, f"remove{ids.plex}")
            await until(lambda: has(shell, "removeConfirm"), what="confirmation again")
            await _press(shell, "removeConfirm")
            await until(lambda: [r.id for r in shell.shell.sources.rows()] == [ids.jellyfin])
            await until(lambda: not has(shell, f"sourceEntry{ids.plex}"), what="sidebar entry")
            assert [s.id for s in await runtime.service.list_sources()] == [ids.jellyfin]
            assert await runtime.service.list_libraries(ids.plex) == []
            gone = {plex_source.credential_ref, plex_source.config["account_ref"]}
            assert {ref for _, ref in keyring.entries} & gone == set()
            assert len(keyring.entries) == 1  # Jellyfin's token stays
            assert all(service == SERVICE for service, _ in keyring.entries)
            await until(lambda: has(shell, "sourcesRemovedNote"))
            assert "Reel Fake Plex" in item(shell, "sourcesRemovedNote").property("text")
            await shell.stop()
        finally:
            await jellyfin.stop()
            await plex.stop()

    event_loop_runner(scenario())


def _source_row(source_id: int, name: str, *, count: int = 0, status: str = "ok") -> SourceRow:
    return SourceRow(
        id=source_id,
        type="jellyfin",
        name=name,
        item_count=count,
        status=status,
        status_text=f"{name} text",
        libraries=(LibraryRow(source_id * 10, "Movies", count),),
        status_label="Up to date",
    )


def test_progress_ticks_are_throttled_and_never_reread_the_store(
    qapp: Any, qtmodeltester: Any, event_loop_runner: Runner
) -> None:
    model = SourcesListModel()
    qtmodeltester.check(model)
    model.set_rows([_source_row(1, "A"), _source_row(2, "B")])
    rereads: list[int] = []
    activity = SyncActivity(model, lambda: rereads.append(1), interval_ms=50)
    bus = EventBus()
    activity.follow(bus)
    changes: list[list[int]] = []
    model.dataChanged.connect(lambda _a, _b, roles: changes.append(list(roles)))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    async def scenario() -> None:
        bus.syncStarted.emit(1)
        assert model.data(model.index(0), SourceRole.STATUS) == "syncing"
        assert model.data(model.index(0), SourceRole.STATUS_TEXT) == "Syncing…"
        for done in range(1, 501):
            bus.syncProgress.emit(1, 10, done, 1000)
        assert len(changes) == 1  # only the start so far: ticks wait for the interval
        await until(lambda: len(changes) >= 2, what="the throttled tick")
        await asyncio.sleep(0.2)  # and no more than one for the whole burst
        assert len(changes) == 2
        index = model.index(0)
        assert model.data(index, SourceRole.SYNC_DONE) == 500
        assert model.data(index, SourceRole.SYNC_FRACTION) == pytest.approx(0.5)
        assert model.data(index, SourceRole.STATUS_TEXT) == "Syncing Movies · 500 of 1,000"
        assert model.data(model.index(1), SourceRole.STATUS) == "ok"  # the other row untouched
        bus.syncProgress.emit(1, 10, 1000, 1000)
        bus.syncCompleted.emit(1, 1000)
        # The last tick is shown at once, and the end asks for one re-read of the store.
        assert model.data(index, SourceRole.SYNC_DONE) == 1000
        assert rereads == [1]
        assert model.data(index, SourceRole.STATUS) == "syncing"  # until the re-read lands
        model.set_rows([_source_row(1, "A", count=1000), _source_row(2, "B")])
        assert model.data(index, SourceRole.STATUS) == "ok"
        assert model.data(index, SourceRole.ITEM_COUNT) == 1000
        assert model.data(index, SourceRole.SYNC_FRACTION) == -1
        # A source without a known total: a moving bar and a count.
        bus.syncStarted.emit(2)
        bus.syncProgress.emit(2, 20, 40, -1)
        activity.flush()
        assert model.data(model.index(1), SourceRole.STATUS_TEXT) == "Syncing Movies · 40 items"
        assert model.data(model.index(1), SourceRole.SYNC_FRACTION) == -1
        bus.syncFailed.emit(2, "It broke.")
        model.set_rows([_source_row(2, "B", status="error")])
        assert model.rowCount(QModelIndex()) == 1
        assert model.data(model.index(0), SourceRole.STATUS) == "error"

    event_loop_runner(scenario())
    assert resets == []
    assert all(roles == [] or SourceRole.STATUS in roles for roles in changes)
    assert len(rereads) == 2
    qtmodeltester.check(model)


def test_times_and_progress_in_words() -> None:
    now = 1_700_000_000_000
    minute = 60_000
    assert describe_ago(None, now) == "never"
    assert describe_ago(now - 5_000, now) == "just now"
    assert describe_ago(now - minute, now) == "1 minute ago"
    assert describe_ago(now - 2 * minute - 30_000, now) == "2 minutes ago"
    assert describe_ago(now - 3 * 60 * minute, now) == "3 hours ago"
    assert describe_ago(now - 2 * 24 * 60 * minute, now) == "2 days ago"
    assert describe_ago(now + minute, now) == "just now"  # a clock set back
    assert describe_progress("Movies", 1200, 5000) == "Syncing Movies · 1,200 of 5,000"
    assert describe_progress("", 0, -1) == "Syncing…"


@pytest.mark.expect_log_warnings  # the task registry logs the failure
def test_a_failed_removal_is_said_in_words(qapp: Any, event_loop_runner: Runner) -> None:
    model = SourcesListModel()
    model.set_rows([_source_row(1, "A")])
    tasks = TaskRegistry()
    page = SourcesPageViewModel(tasks, model)
    requested: list[list[int]] = []
    message = "Could not remove sign-in details from the keyring (KeyringLocked)."

    async def remover(source_id: int) -> SourceView:
        assert page.property("removingId") == source_id
        raise CredentialsError(message)

    page.attach(lambda ids: requested.append(list(ids)), remover)
    shown: list[str] = []

    async def scenario() -> None:
        page.remove(1)
        await until(lambda: page.property("errorMessage") != "", what="error shown")
        shown.append(page.property("errorMessage"))
        page.syncNow(1)

    event_loop_runner(scenario())
    assert shown == [message]
    assert page.property("errorMessage") == ""  # Sync now starts afresh
    assert page.property("removingId") == 0
    assert requested == [[1]]
    assert model.data(model.index(0), SourceRole.STATUS_TEXT) == "Waiting to sync…"
    page.detach()
