"""Adding sources and signing in again from the window, against the fakes on loopback.

Each flow is driven with the keyboard and the mouse through the real Main.qml: the
add-source page's choice of kind, then the Jellyfin, Plex or local folder form step by
step; the outcome is checked in the store, the keyring and the sidebar.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import ssl
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from reel_qt.app import AppShell
from reel_qt.core.records import SourceType
from reel_qt.store.views import SourceView
from reel_qt.sync.credentials import CredentialStore
from reel_qt.sync.jellyfin_signin import JellyfinSignIn
from reel_qt.ui.jellyfin_signin_view_model import JellyfinSignInViewModel
from tests.clips import ClipMaker, ClipSpec
from tests.fakes.jellyfin import FakeJellyfin
from tests.fakes.keyrings import InMemoryKeyring
from tests.fakes.plex import FakePlex
from tests.integration.plex_helpers import sign_in as plex_sign_in
from tests.ui.conftest import save_screenshot
from tests.ui.driving import (
    _outside_task,
    click,
    has,
    idle,
    item,
    key,
    next_frame,
    settle,
    type_text,
    until,
)

Runner = Callable[[Coroutine[Any, Any, Any]], Any]


class Window:
    """The app shell with its keyring and the URLs it was asked to open in a browser."""

    def __init__(self, shell: AppShell, keyring: InMemoryKeyring) -> None:
        self.shell = shell
        self.keyring = keyring
        self.opened: list[str] = []
        shell.open_url = self.opened.append  # never a real browser in tests

    async def sources(self) -> list[SourceView]:
        """The sources in the store."""
        assert self.shell.runtime is not None
        return await self.shell.runtime.service.list_sources()


@asynccontextmanager
async def window(make_shell: Callable[..., AppShell]) -> AsyncIterator[Window]:
    """The real window on an empty data folder, focused, its sync schedule running."""
    keyring = InMemoryKeyring()
    shell = make_shell(credentials=CredentialStore(keyring))
    opened = Window(shell, keyring)
    shell.start()
    try:
        await until(lambda: shell.runtime is not None, what="store open")
        shell.window.requestActivate()
        await until(lambda: shell.window.activeFocusItem() is not None, what="window focus")
        yield opened
    finally:
        await shell.stop()


async def type_exact(shell: AppShell, text: str) -> None:
    """Type text key by key, capitals and punctuation included (unlike `type_text`)."""

    def typing() -> None:
        for char in text:
            shift = char.isupper() or char in '~!@#$%^&*()_+{}|:"<>?'
            modifier = (
                Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
            )
            code = Qt.Key(ord(char.upper()))
            for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
                QTest.sendKeyEvent(action, shell.window, code, char, modifier)

    await _outside_task(typing)


async def fill(shell: AppShell, name: str, text: str) -> None:
    """Click a form field and type text into it with the keyboard."""
    field = item(shell, f"{name}Input")
    await until(lambda: field.isVisible() and field.width() > 0, what=f"{name} shown")
    await click(shell, field)  # once laid out: it waits for the field to stand still
    await until(lambda: field.hasActiveFocus(), what=f"{name} focused")
    await type_exact(shell, text)
    assert field.property("text") == text


async def open_form(shell: AppShell, kind: str, screenshot: str = "") -> None:
    """From wherever the window is, the add-source page and the form for kind."""
    if has(shell, "emptyAddSource"):
        await click(shell, item(shell, "emptyAddSource"))
    else:
        shell.browser.navigator.push("add-source", 0)
    await until(lambda: has(shell, "kindJellyfin"), what="add-source page")
    await settle(shell)
    if screenshot:
        save_screenshot(shell.window, screenshot)
    await click(shell, item(shell, f"kind{kind}"))
    await until(lambda: shell.browser.add_source.kind == kind.lower(), what=f"{kind} form")
    await next_frame(shell)  # the form is laid out


async def jellyfin_form(shell: AppShell) -> JellyfinSignInViewModel:
    """The Jellyfin form, open, with nobody on the network to discover."""
    form = shell.browser.add_source.jellyfin
    form.discovery_targets = []
    await open_form(shell, "Jellyfin")
    return form


async def check_address(shell: AppShell, url: str) -> None:
    """Type a server's address into the Jellyfin form and check it (Enter)."""
    await fill(shell, "jellyfinUrl", url)
    await key(shell, Qt.Key.Key_Return)
    form = shell.browser.add_source.jellyfin
    await until(lambda: form.step == "credentials", what=f"{url} checked")


def error_text(shell: AppShell, name: str) -> str:
    """The words an error note shows ("" when hidden)."""
    note = item(shell, name)
    return str(note.property("message")) if note.isVisible() else ""


# -- Jellyfin ---------------------------------------------------------------------------


def test_add_jellyfin_with_a_password_then_browse_it(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    server = FakeJellyfin(size="small", seed=3, server_name="Attic Jellyfin")

    async def scenario() -> None:
        async with server:
            port = await server.start_discovery()
            async with window(make_shell) as win:
                shell = win.shell
                form = shell.browser.add_source.jellyfin
                form.discovery_targets = [("127.0.0.1", port)]
                await until(lambda: has(shell, "emptyAddSource"), what="empty state")
                await open_form(shell, "Jellyfin", screenshot="add_source_choose")
                # The fake answers the discovery question: its server is listed; a click
                # checks it and shows its name and version before any password.
                await until(lambda: has(shell, "discovered0"), what="discovered server")
                assert form.discovered == [{"name": "Attic Jellyfin", "address": server.url}]
                save_screenshot(shell.window, "add_source_jellyfin_address")
                await click(shell, item(shell, "discovered0"))
                await until(lambda: form.step == "credentials", what="server checked")
                info = str(item(shell, "jellyfinServerInfo").property("text"))
                version = server.identity
                assert item(shell, "jellyfinServerName").property("text") == "Attic Jellyfin"
                assert server.requests_to("/System/Info/Public")
                assert server.url in info and "Jellyfin 10." in info, (info, version)

                await fill(shell, "jellyfinUser", server.username)
                await key(shell, Qt.Key.Key_Tab)
                await type_text(shell, server.password)
                save_screenshot(shell.window, "add_source_jellyfin_credentials")
                assert shell.runtime is not None
                started: list[int] = []
                shell.runtime.bus.syncStarted.connect(started.append)
                await key(shell, Qt.Key.Key_Return)

                # Stored, syncing, and Home with the source in the sidebar.
                await until(lambda: has(shell, "homePage"), what="back home")
                [source] = await win.sources()
                assert (source.type, source.name, source.url) == (
                    SourceType.JELLYFIN.value,
                    "Attic Jellyfin",
                    server.url,
                )
                assert source.credential_ref and win.keyring.get_password(
                    "reel", source.credential_ref
                )
                await until(lambda: has(shell, f"sourceEntry{source.id}"), what="sidebar")
                await until(lambda: source.id in started, what="its first sync")
                await until(
                    lambda: (
                        shell.shell.sources.rowCount() == 1
                        and bool(shell.shell.sources.rows()[0].libraries)
                    ),
                    seconds=30,
                    what="libraries synced",
                )
                assert shell.runtime is not None
                libraries = await shell.runtime.service.list_libraries()
                movies = next(lib for lib in libraries if lib.name == "Movies")
                await until(lambda: has(shell, f"library{movies.id}"), what="library entry")
                await click(shell, item(shell, f"library{movies.id}"))
                await until(
                    lambda: shell.browser.library.items.count == server.counts["movie"],
                    seconds=40,
                    what="the server's movies",
                )

    event_loop_runner(scenario())


def test_jellyfin_quick_connect_signs_in_once_the_code_is_approved(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    server = FakeJellyfin(size="small", seed=4)

    async def scenario() -> None:
        async with server, window(make_shell) as win:
            shell = win.shell
            form = await jellyfin_form(shell)
            await check_address(shell, server.url)
            await click(shell, item(shell, "jellyfinQuickConnect"))
            await until(lambda: form.step == "quickConnect", what="code shown")
            code = str(item(shell, "quickConnectCode").property("text"))
            pending = [r.code for r in server.sessions.quick_connect.values()]
            assert pending == [code]
            save_screenshot(shell.window, "add_source_jellyfin_quick_connect")
            assert server.approve_quick_connect(code)
            await until(lambda: has(shell, "homePage"), seconds=30, what="signed in")
            [source] = await win.sources()
            assert source.config["user_name"] == server.username
            assert source.config["server_id"] == server.server_id

    event_loop_runner(scenario())


def test_jellyfin_errors_are_shown_in_words(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    server = FakeJellyfin(size="small", seed=5)

    async def scenario() -> None:
        async with server:
            closed = FakeJellyfin(size="small", seed=6)
            await closed.start()
            unreachable = closed.url
            await closed.stop()  # its port is free now: nothing answers there
            async with window(make_shell) as win:
                shell = win.shell
                form = await jellyfin_form(shell)
                await fill(shell, "jellyfinUrl", unreachable)
                await click(shell, item(shell, "jellyfinCheck"))
                await until(lambda: error_text(shell, "jellyfinError") != "", seconds=30)
                unreachable_error = error_text(shell, "jellyfinError")
                assert unreachable.split("//")[1] in unreachable_error, unreachable_error
                assert form.step == "address"
                save_screenshot(shell.window, "add_source_jellyfin_unreachable")

                field = item(shell, "jellyfinUrlInput")
                field.setProperty("text", "")
                await check_address(shell, server.url)
                assert error_text(shell, "jellyfinError") == ""
                await fill(shell, "jellyfinUser", server.username)
                await fill(shell, "jellyfinPassword", "wrongs")
                await key(shell, Qt.Key.Key_Backspace)  # edits the field, not Back
                assert item(shell, "jellyfinPasswordInput").property("text") == "wrong"
                await key(shell, Qt.Key.Key_Return)
                await until(lambda: error_text(shell, "jellyfinError") != "")
                wrong = error_text(shell, "jellyfinError")
                assert "password" in wrong.lower(), wrong
                assert form.step == "credentials" and await win.sources() == []
                save_screenshot(shell.window, "add_source_jellyfin_wrong_password")

    event_loop_runner(scenario())


def test_a_self_signed_certificate_is_trusted_only_when_the_user_says_so(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    server = FakeJellyfin(size="small", seed=8, tls=True)

    async def scenario() -> None:
        async with server:
            assert server.certificate is not None
            pem = server.certificate.cert_path.read_text()
            digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
            expected = ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
            async with window(make_shell) as win:
                shell = win.shell
                form = await jellyfin_form(shell)
                await fill(shell, "jellyfinUrl", server.url)
                await key(shell, Qt.Key.Key_Return)
                await until(lambda: form.step == "trust", what="asked about the certificate")
                shown = str(item(shell, "certificateFingerprint").property("text"))
                assert expected in shown
                save_screenshot(shell.window, "add_source_jellyfin_trust")
                await click(shell, item(shell, "trustCertificate"))
                await until(lambda: form.step == "credentials", what="checked over TLS")
                await fill(shell, "jellyfinUser", server.username)
                await fill(shell, "jellyfinPassword", server.password)
                await key(shell, Qt.Key.Key_Return)
                await until(lambda: has(shell, "homePage"), seconds=30, what="added")
                [source] = await win.sources()
                # The decision is remembered with the source (and used by its sync).
                assert source.config["certificate_sha256"] == expected

    event_loop_runner(scenario())


def test_sign_in_again_after_the_token_was_revoked(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    server = FakeJellyfin(size="small", seed=7, server_name="Den Jellyfin")

    async def scenario() -> None:
        async with server, window(make_shell) as win:
            shell = win.shell
            assert shell.runtime is not None
            # The schedule's first sync would only find the token revoked (and say so).
            shell.tasks.cancel("sync.scheduler")
            signed_in = await JellyfinSignIn(server.url, shell.runtime.identity).with_password(
                server.username, server.password
            )
            source = await shell.runtime.setup.add_jellyfin(signed_in)
            old_token = win.keyring.get_password("reel", source.credential_ref or "")
            server.revoke_tokens()
            await shell.runtime.service.update_source(source.id, needs_sign_in=True)
            await until(lambda: has(shell, "homePage"), what="the window shows the source")

            shell.browser.navigator.push("sign-in", source.id)
            form = shell.browser.add_source.jellyfin
            await until(lambda: has(shell, "signInPage") and form.step == "credentials")
            await settle(shell)
            assert item(shell, "signInTitle").property("text") == ("Sign in to Den Jellyfin again")
            assert not has(shell, "jellyfinChangeServer")  # the address is the source's
            await fill(shell, "jellyfinUser", server.username)
            await fill(shell, "jellyfinPassword", server.password)
            save_screenshot(shell.window, "sign_in_again_jellyfin")
            await click(shell, item(shell, "jellyfinSignIn"))
            await until(lambda: not has(shell, "signInPage"), what="page left")

            [again] = await win.sources()
            token = win.keyring.get_password("reel", again.credential_ref or "")
            assert again.id == source.id and not again.needs_sign_in
            assert token and token != old_token
            assert server.sessions.lookup(token, server.now_us()) is not None

    event_loop_runner(scenario())


# -- Plex --------------------------------------------------------------------------------


async def start_pin(shell: AppShell, plex: FakePlex) -> str:
    """Open the Plex form and start the PIN sign-in; the code plex.tv handed out."""
    form = shell.browser.add_source.plex
    form.plex_tv_url = plex.plex_tv_url
    if form.step != "start":
        await open_form(shell, "Plex")
    await until(lambda: has(shell, "plexSignInWithPlexTv"), what=f"Plex form ({form.step})")
    await click(shell, item(shell, "plexSignInWithPlexTv"))
    await until(lambda: form.step == "pin", what="PIN shown")
    return str(item(shell, "plexPinCode").property("text"))


def test_add_plex_with_a_pin_as_a_protected_home_user(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    plex = FakePlex(size="small", seed=2, friendly_name="Basement Plex")

    async def scenario() -> None:
        async with plex, window(make_shell) as win:
            shell = win.shell
            form = shell.browser.add_source.plex
            form.plex_tv_url = plex.plex_tv_url
            await open_form(shell, "Plex")
            save_screenshot(shell.window, "add_source_plex_start")
            code = await start_pin(shell, plex)
            pin = plex.accounts.find_pin(code)
            # The browser was asked to open plex.tv's page for exactly this PIN.
            [link] = win.opened
            assert f"code={code}" in link and link.startswith("https://app.plex.tv/auth")
            assert item(shell, "plexPinLink").property("text") == link
            left = form.secondsLeft
            assert pin.expires_in - 5 <= left <= pin.expires_in
            save_screenshot(shell.window, "add_source_plex_pin")

            plex.approve_pin(code)
            await until(lambda: form.step == "choose", seconds=30, what="signed in")
            owner = plex.accounts.owner
            assert form.accountName == owner.title
            assert [s["name"] for s in form.servers] == ["Basement Plex"]
            users = [u.title for u in plex.accounts.home_users]
            assert [u["name"] for u in form.homeUsers] == users
            kid = next(u for u in plex.accounts.home_users if u.pin)
            kid_row = users.index(kid.title)
            await click(shell, item(shell, f"plexUser{kid_row}"))
            await until(lambda: has(shell, "plexHomePin"), what="PIN field")
            await fill(shell, "plexHomePin", "0000" if kid.pin != "0000" else "1111")
            save_screenshot(shell.window, "add_source_plex_choose")
            await click(shell, item(shell, "plexAddServers"))
            await until(lambda: error_text(shell, "plexError") != "", seconds=30)
            assert f"not {kid.title}'s PIN" in error_text(shell, "plexError")
            assert await win.sources() == []

            item(shell, "plexHomePinInput").setProperty("text", "")
            await fill(shell, "plexHomePin", kid.pin or "")
            await key(shell, Qt.Key.Key_Return)
            await until(lambda: has(shell, "homePage"), seconds=40, what="added")
            [source] = await win.sources()
            assert source.type == SourceType.PLEX.value and source.name == "Basement Plex"
            assert source.config["home_user"] == kid.title
            assert source.config["machine_identifier"] == plex.machine_identifier
            token = win.keyring.get_password("reel", source.credential_ref or "")
            assert token == plex.server_token(kid)

    event_loop_runner(scenario())


def test_plex_pin_expiry_and_cancel(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    plex = FakePlex(size="small", seed=3)

    async def scenario() -> None:
        async with plex, window(make_shell) as win:
            shell = win.shell
            form = shell.browser.add_source.plex
            code = await start_pin(shell, plex)
            steps: list[tuple[str, str]] = []  # each step with the message it came with
            form.stepChanged.connect(lambda: steps.append((form.step, form.errorMessage)))
            plex.expire_pin(code)
            await until(lambda: form.step == "start", seconds=30, what="expired")
            [(step, message)] = steps
            assert step == "start" and "expired" in message  # never the start step unexplained
            await until(lambda: error_text(shell, "plexError") != "", what="message shown")
            assert "expired" in error_text(shell, "plexError")
            save_screenshot(shell.window, "add_source_plex_expired")

            second = plex.accounts.find_pin(await start_pin(shell, plex))
            assert len(win.opened) == 2
            polled = f"/api/v2/pins/{second.id}"
            await until(lambda: len(plex.requests_to(polled, app="plex.tv")) >= 1, what="polled")
            await click(shell, item(shell, "plexPinCancel"))
            await until(lambda: form.step == "start", what="cancelled")
            # The step goes back at once; the waiting task ends (its client closed) later.
            await until(lambda: idle(shell, "plex-signin.form"), what="the PIN's task ended")
            await asyncio.sleep(0.3)  # a poll already on the wire may still land
            polls = len(plex.requests_to(polled, app="plex.tv"))
            await asyncio.sleep(1.5)  # plex.tv is polled every second while waiting
            assert len(plex.requests_to(polled, app="plex.tv")) == polls
            assert error_text(shell, "plexError") == ""
            assert await win.sources() == []

    event_loop_runner(scenario())


def test_add_plex_with_a_server_url_and_token(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    plex = FakePlex(size="small", seed=4, friendly_name="Loft Plex")

    async def scenario() -> None:
        async with plex, window(make_shell) as win:
            shell = win.shell
            form = shell.browser.add_source.plex
            await open_form(shell, "Plex")
            await click(shell, item(shell, "plexUseToken"))
            await until(lambda: form.step == "token", what="token form")
            await fill(shell, "plexUrl", plex.server_url)
            await fill(shell, "plexToken", plex.server_token())
            save_screenshot(shell.window, "add_source_plex_token")
            await click(shell, item(shell, "plexAddWithToken"))
            await until(lambda: has(shell, "homePage"), seconds=30, what="added")
            [source] = await win.sources()
            assert (source.name, source.url) == ("Loft Plex", plex.server_url)
            assert "account_ref" not in source.config

    event_loop_runner(scenario())


def test_plex_signs_in_again_through_plex_tv_after_a_revocation(
    make_shell: Callable[..., AppShell], event_loop_runner: Runner
) -> None:
    plex = FakePlex(size="small", seed=5, friendly_name="Garage Plex")

    async def scenario() -> None:
        async with plex, window(make_shell) as win:
            shell = win.shell
            assert shell.runtime is not None
            # The schedule's first sync would only find the token revoked (and say so).
            shell.tasks.cancel("sync.scheduler")
            signed = await plex_sign_in(plex, shell.runtime.identity)
            source = await shell.runtime.setup.add_plex(signed)
            plex.revoke_tokens()  # every token so far stops working
            await shell.runtime.service.update_source(source.id, needs_sign_in=True)
            await until(lambda: has(shell, "homePage"), what="the window shows the source")

            shell.browser.navigator.push("sign-in", source.id)
            form = shell.browser.add_source.plex
            await until(lambda: has(shell, "signInPage") and form.step == "start")
            await settle(shell)
            assert item(shell, "signInTitle").property("text") == "Sign in to Garage Plex again"
            assert not has(shell, "plexUseToken")  # it was added through plex.tv
            code = await start_pin(shell, plex)
            save_screenshot(shell.window, "sign_in_again_plex")
            plex.approve_pin(code)
            await until(lambda: not has(shell, "signInPage"), seconds=30, what="page left")
            [again] = await win.sources()
            assert again.id == source.id and not again.needs_sign_in
            token = win.keyring.get_password("reel", again.credential_ref or "")
            assert token == plex.server_token()  # the owner's new one

    event_loop_runner(scenario())


# -- local folders -------------------------------------------------------------------------


def test_add_a_local_folder_by_typing_its_path(
    tmp_path: Path,
    clips: ClipMaker,
    make_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
) -> None:
    films = tmp_path / "films"
    (films / "Night Train (1999)").mkdir(parents=True)
    shutil.copy(clips.make(ClipSpec()), films / "Night Train (1999)" / "Night Train (1999).mkv")

    async def scenario() -> None:
        async with window(make_shell) as win:
            shell = win.shell
            form = shell.browser.add_source.local
            await open_form(shell, "Local")
            await fill(shell, "localPath", str(tmp_path / "missing"))
            await key(shell, Qt.Key.Key_Return)
            await until(lambda: error_text(shell, "localError") != "")
            assert str(tmp_path / "missing") in error_text(shell, "localError")

            await fill(shell, "localPath", str(films))
            await key(shell, Qt.Key.Key_Return)
            await until(lambda: form.folders == [str(films)], what="folder listed")
            assert error_text(shell, "localError") == ""
            await fill(shell, "localName", "Films")
            await click(shell, item(shell, "localKind_movies"))
            await until(lambda: form.kind == "movies")
            save_screenshot(shell.window, "add_source_local")
            await click(shell, item(shell, "localAdd"))
            await until(lambda: has(shell, "homePage"), what="added")
            [source] = await win.sources()
            assert source.type == SourceType.LOCAL.value and source.name == "Films"
            assert source.config == {"paths": [str(films)], "kind": "movies"}
            # Its first sync (a scan) finds the film.
            await until(
                lambda: (
                    shell.shell.sources.rowCount() == 1
                    and sum(lib.item_count for lib in shell.shell.sources.rows()[0].libraries) == 1
                ),
                seconds=60,
                what="the film scanned",
            )

    event_loop_runner(scenario())
