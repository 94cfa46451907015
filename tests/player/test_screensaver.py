"""The screensaver is inhibited while a video plays, over D-Bus, and released after."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusObjectPath

from reel_qt.app import AppShell
from reel_qt.platform.screensaver import PORTAL, SCREENSAVER, ScreenSaverInhibitor
from tests.clips import ClipMaker, ClipSpec
from tests.player.conftest import until

Runner = Callable[[Coroutine[Any, Any, Any]], Any]


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class FakeScreenSaver(QObject):
    """org.freedesktop.ScreenSaver with the real, strict signatures (uint cookies)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, object]] = []
        self.held: set[int] = set()
        self._next = 41

    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:
        """Hand out a cookie."""
        self._next += 1
        self.calls.append(("Inhibit", (application, reason)))
        self.held.add(self._next)
        return self._next

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:
        """Take a cookie back."""
        self.calls.append(("UnInhibit", cookie))
        self.held.discard(cookie)


@pytest.fixture
def screensaver() -> Iterator[FakeScreenSaver]:
    """The fake service on the session bus (the test session's dbus-run-session)."""
    from PySide6.QtDBus import QDBusConnection

    connection = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, "fake-ss")
    # scripts/run-tests.sh runs every test inside dbus-run-session: no bus is a failure.
    assert connection.isConnected(), "no D-Bus session bus: run the tests via scripts/run-tests.sh"
    fake = FakeScreenSaver()
    assert connection.registerService(SCREENSAVER[0])
    assert connection.registerObject(
        SCREENSAVER[1], fake, QDBusConnection.RegisterOption.ExportAllSlots
    )
    yield fake
    connection.unregisterObject(SCREENSAVER[1])
    connection.unregisterService(SCREENSAVER[0])
    QDBusConnection.disconnectFromBus("fake-ss")


def test_the_inhibitor_holds_and_releases_a_cookie(
    screensaver: FakeScreenSaver, event_loop_runner: Runner
) -> None:
    inhibitor = ScreenSaverInhibitor()

    async def scenario() -> None:
        inhibitor.set_inhibited(True)
        await until(lambda: inhibitor.inhibited, what="inhibited")
        assert screensaver.held == {42}
        assert screensaver.calls[0] == ("Inhibit", ("Reel", "Playing a video"))
        inhibitor.set_inhibited(False)
        await until(lambda: not screensaver.held, what="released with the uint cookie")
        assert not inhibitor.inhibited

    event_loop_runner(scenario())


def test_playing_inhibits_and_pausing_releases(
    screensaver: FakeScreenSaver,
    make_player_shell: Callable[..., AppShell],
    event_loop_runner: Runner,
    clips: ClipMaker,
) -> None:
    clip = clips.make(ClipSpec(duration_s=8.0, width=160, height=120))
    shell = make_player_shell()

    async def scenario() -> None:
        shell.start()
        await until(lambda: shell.runtime is not None)
        assert not screensaver.held
        shell.play(str(clip))
        await until(lambda: len(screensaver.held) == 1, what="inhibited while playing")
        shell.player.controls.togglePause()
        await until(lambda: not screensaver.held, what="released on pause")
        shell.player.controls.togglePause()
        await until(lambda: len(screensaver.held) == 1, what="again when playing")
        shell.player.leave()
        await until(lambda: not screensaver.held, what="released on leaving")
        await asyncio.sleep(0.1)
        await shell.stop()

    event_loop_runner(scenario())


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Request"})
class FakePortalRequest(QObject):
    """The Request object a portal call hands back; closing it ends the inhibition."""

    def __init__(self, portal: FakeInhibitPortal, path: str) -> None:
        super().__init__()
        self._portal = portal
        self.path = path

    @Slot()
    def Close(self) -> None:
        """End what the request holds."""
        self._portal.closed.append(self.path)


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Inhibit"})
class FakeInhibitPortal(QObject):
    """org.freedesktop.portal.Inhibit with the specification's signature (s u a{sv}) -> o."""

    def __init__(self, connection: Any) -> None:
        super().__init__()
        self._connection = connection
        self.calls: list[tuple[str, int, dict[str, Any]]] = []
        self.requests: list[FakePortalRequest] = []
        self.closed: list[str] = []

    @Slot(str, "uint", "QVariantMap", result=QDBusObjectPath)
    def Inhibit(self, window: str, flags: int, options: dict[str, Any]) -> QDBusObjectPath:
        """Hold an inhibition; its Request object is exported at the returned path."""
        from PySide6.QtDBus import QDBusConnection

        self.calls.append((window, flags, dict(options)))
        path = f"{PORTAL[1]}/request/reel_test/t{len(self.requests) + 1}"
        request = FakePortalRequest(self, path)
        self.requests.append(request)
        self._connection.registerObject(
            path, request, QDBusConnection.RegisterOption.ExportAllSlots
        )
        return QDBusObjectPath(path)


@pytest.fixture
def portal() -> Iterator[FakeInhibitPortal]:
    """The desktop portal on the session bus, and no ScreenSaver service beside it."""
    from PySide6.QtDBus import QDBusConnection

    connection = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, "fake-portal")
    assert connection.isConnected(), "no D-Bus session bus: run the tests via scripts/run-tests.sh"
    owners = connection.interface()
    assert not owners.isServiceRegistered(SCREENSAVER[0]).value()
    fake = FakeInhibitPortal(connection)
    assert connection.registerService(PORTAL[0])
    assert connection.registerObject(PORTAL[1], fake, QDBusConnection.RegisterOption.ExportAllSlots)
    yield fake
    for request in fake.requests:
        connection.unregisterObject(request.path)
    connection.unregisterObject(PORTAL[1])
    connection.unregisterService(PORTAL[0])
    QDBusConnection.disconnectFromBus("fake-portal")


def test_without_a_screensaver_service_the_portal_inhibits(
    portal: FakeInhibitPortal, event_loop_runner: Runner
) -> None:
    inhibitor = ScreenSaverInhibitor()

    async def scenario() -> None:
        inhibitor.set_inhibited(True)
        await until(lambda: inhibitor.inhibited, what="inhibited through the portal")
        # Idle (8) and suspend (4), with the reason people see in the desktop's list.
        assert portal.calls == [("", 12, {"reason": "Playing a video"})]
        assert len(portal.requests) == 1
        inhibitor.set_inhibited(False)
        await until(lambda: portal.closed == [portal.requests[0].path], what="request closed")
        assert not inhibitor.inhibited
        inhibitor.set_inhibited(True)
        await until(lambda: len(portal.calls) == 2 and inhibitor.inhibited, what="again")
        inhibitor.set_inhibited(False)
        await until(lambda: len(portal.closed) == 2, what="released again")

    event_loop_runner(scenario())
