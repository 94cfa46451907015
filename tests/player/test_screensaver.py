"""The screensaver is inhibited while a video plays, over D-Bus, and released after."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot

from reel_qt.app import AppShell
from reel_qt.platform.screensaver import SCREENSAVER, ScreenSaverInhibitor
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
