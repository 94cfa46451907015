"""Keep the screen awake while a video plays.

Linux: the freedesktop `org.freedesktop.ScreenSaver.Inhibit` call on the session bus
(KDE, GNOME through gnome-settings-daemon, Xfce, most others); when that fails (no such
service, as in Flatpak and Snap sandboxes), the XDG desktop portal's
`org.freedesktop.portal.Inhibit` (flags idle + suspend). Every call is asynchronous, so
a slow or absent bus never blocks the UI thread.

Other systems need their own call here: macOS `IOPMAssertionCreateWithName` with
`kIOPMAssertionTypePreventUserIdleDisplaySleep` (IOKit; released with
`IOPMAssertionRelease`); Windows `SetThreadExecutionState(ES_CONTINUOUS |
ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED)` on a thread that lives as long as the
inhibition (cleared with `ES_CONTINUOUS` alone), or `PowerCreateRequest` +
`PowerSetRequest`.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

log = logging.getLogger("reel.platform.screensaver")

SCREENSAVER = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver")
PORTAL = ("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop")
_PORTAL_IDLE_AND_SUSPEND = 4 | 8
_REASON = "Playing a video"


def _session_bus() -> Any:
    """The session bus, or None (no D-Bus in this Qt build, or no session)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:
        return None
    bus = QDBusConnection.sessionBus()
    return bus if bus.isConnected() else None


class ScreenSaverInhibitor(QObject):
    """Inhibits the screensaver and sleep while `set_inhibited(True)` holds."""

    inhibitedChanged = Signal(bool)  # the desktop granted (True) or we released (False)

    def __init__(self, parent: QObject | None = None, *, app_name: str = "Reel") -> None:
        super().__init__(parent)
        self._app_name = app_name
        self._wanted = False
        self._pending = False
        self._cookie: int | None = None  # ScreenSaver's cookie
        self._handle: str | None = None  # the portal's request object path
        self._watchers: set[QObject] = set()
        self._processes: set[QProcess] = set()

    @property
    def inhibited(self) -> bool:
        """Whether an inhibition is held now."""
        return self._cookie is not None or self._handle is not None

    def set_inhibited(self, wanted: bool) -> None:
        """Ask for (True) or give up (False) the inhibition."""
        if wanted == self._wanted:
            return
        self._wanted = wanted
        if wanted and not self.inhibited and not self._pending:
            self._call_screensaver()
        elif not wanted and self.inhibited:
            self._release()

    def _send(
        self, service: str, path: str, interface: str, method: str, args: list[Any],
        done: Callable[[Any], None] | None = None,
    ) -> bool:  # fmt: skip
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

        bus = _session_bus()
        if bus is None:
            return False
        message = QDBusMessage.createMethodCall(service, path, interface, method)
        message.setArguments(args)
        call = bus.asyncCall(message)
        if done is None:
            return True
        watcher = QDBusPendingCallWatcher(call, self)
        self._watchers.add(watcher)

        def finished(finished_watcher: QDBusPendingCallWatcher) -> None:
            self._watchers.discard(finished_watcher)
            done(finished_watcher.reply())
            finished_watcher.deleteLater()

        watcher.finished.connect(finished)
        return True

    def _call_screensaver(self) -> None:
        self._pending = self._send(
            *SCREENSAVER, SCREENSAVER[0], "Inhibit", [self._app_name, _REASON],
            self._screensaver_answered,
        )  # fmt: skip

    def _screensaver_answered(self, reply: Any) -> None:
        arguments = reply.arguments()
        if _is_error(reply) or not arguments:
            log.debug("ScreenSaver.Inhibit failed (%s); trying the portal", reply.errorName())
            self._pending = self._call_portal()
            return
        self._pending = False
        self._cookie = int(arguments[0])
        self._granted()

    def _call_portal(self) -> bool:
        # The portal wants flags as uint32 and options as a{sv}, which PySide cannot
        # marshal (a Python int goes as int32); gdbus speaks GVariant text.
        tool = shutil.which("gdbus")
        if tool is None or _session_bus() is None:
            log.info("no screensaver service or portal reachable; the screen may sleep")
            return False
        self._run(
            tool,
            ["call", "--session", "--dest", PORTAL[0], "--object-path", PORTAL[1],
             "--method", "org.freedesktop.portal.Inhibit.Inhibit", "",
             str(_PORTAL_IDLE_AND_SUSPEND), f"{{'reason': <'{_REASON}'>}}"],
            self._portal_answered,
        )  # fmt: skip
        return True

    def _portal_answered(self, ok: bool, output: str) -> None:
        self._pending = False
        found = re.search(r"objectpath '([^']+)'", output)
        if not ok or found is None:
            log.info("the screen may sleep during playback: the portal said %r", output.strip())
            return
        self._handle = found.group(1)
        self._granted()

    def _run(self, program: str, args: list[str], done: Callable[[bool, str], None]) -> None:
        process = QProcess(self)
        self._processes.add(process)

        def finished(code: int, _status: QProcess.ExitStatus) -> None:
            self._processes.discard(process)
            output = bytes(process.readAllStandardOutput().data()).decode(errors="replace")
            done(code == 0, output)
            process.deleteLater()

        process.finished.connect(finished)
        process.start(program, args)

    def _granted(self) -> None:
        self.inhibitedChanged.emit(True)
        if not self._wanted:  # playback stopped while the desktop was answering
            self._release()

    def _release(self) -> None:
        cookie, self._cookie = self._cookie, None
        handle, self._handle = self._handle, None
        if cookie is not None:
            self._uninhibit(cookie)
        elif handle is not None:
            self._send(PORTAL[0], handle, "org.freedesktop.portal.Request", "Close", [])
        self.inhibitedChanged.emit(False)

    def _uninhibit(self, cookie: int) -> None:
        # UnInhibit takes a uint32, which PySide cannot send; dbus-send can (and ships
        # with D-Bus itself). Lenient services take the int32 fallback.
        tool = shutil.which("dbus-send")
        if tool is None:
            self._send(*SCREENSAVER, SCREENSAVER[0], "UnInhibit", [cookie])
            return
        self._run(
            tool,
            ["--session", "--type=method_call", f"--dest={SCREENSAVER[0]}", SCREENSAVER[1],
             f"{SCREENSAVER[0]}.UnInhibit", f"uint32:{cookie}"],
            lambda ok, _output: None if ok else log.info("ScreenSaver.UnInhibit failed"),
        )  # fmt: skip


def _is_error(reply: Any) -> bool:
    from PySide6.QtDBus import QDBusMessage

    return bool(reply.type() == QDBusMessage.MessageType.ErrorMessage)
