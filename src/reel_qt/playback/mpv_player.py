"""The one libmpv instance: commands in, observed properties out as Qt signals.

mpv reports on its own event thread; every report is handed to the thread this object
lives on through a `ThreadRelay` (no Qt call on mpv's thread, see there why), and only
then re-emitted as a signal, so listeners never run on mpv's thread.
Commands that could wait on the core (loading, seeking) are sent asynchronously, so the
UI thread never blocks on a slow server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from reel_qt.core.lazy_import import lazy_module
from reel_qt.playback.mpv_options import header_fields
from reel_qt.playback.thread_relay import Mailbox, ThreadRelay

# Loaded when the first player is made: start-up does not need libmpv.
mpv = lazy_module("mpv")

log = logging.getLogger("reel.playback.mpv")

# mpv property -> the signal name it is re-emitted as (with its value).
OBSERVED = (
    "time-pos",
    "duration",
    "pause",
    "paused-for-cache",
    "seeking",
    "track-list",
    "chapter-list",
    "volume",
    "mute",
    "speed",
    "sub-delay",
    "sub-scale",
    "aid",
    "sid",
    "eof-reached",
    "cache-buffering-state",
)
_END_REASONS = {0: "eof", 1: "restarted", 2: "stopped", 3: "quit", 4: "error", 5: "redirect"}


class MpvPlayer(QObject):
    """Owns the mpv handle; `propertyChanged(name, value)` carries every observed change."""

    propertyChanged = Signal(str, object)
    loadRequested = Signal()
    fileLoaded = Signal()
    frameShown = Signal()  # playback (re)started after a load or a seek
    fileEnded = Signal(str, str)  # reason (eof, stopped, error ...), error in words

    def __init__(self, options: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = ThreadRelay(self._deliver_item, self)
        # mpv's event thread runs these; they hold the mailbox, never this QObject.
        on_property, on_event = _thread_side(self._relay.mailbox)
        self._mpv: Any = mpv.MPV(log_handler=_on_log, loglevel="warn", **_kwargs(options))
        for name in OBSERVED:
            self._mpv.observe_property(name, on_property)
        self._mpv.register_event_callback(on_event)
        self._closed = False

    @property
    def handle(self) -> Any:
        """The python-mpv instance (for the render context only)."""
        return self._mpv

    @property
    def closed(self) -> bool:
        """Whether terminate() ran."""
        return self._closed

    # this thread: what mpv's thread put in the mailbox

    def _deliver_item(self, item: object) -> None:
        assert isinstance(item, tuple)
        self._deliver(str(item[0]), item[1])

    def _deliver(self, name: str, value: object) -> None:
        if self._closed:
            return
        if name == "@file-loaded":
            self.fileLoaded.emit()
        elif name == "@restart":
            self.frameShown.emit()
        elif name == "@end":
            assert isinstance(value, tuple)
            self.fileEnded.emit(str(value[0]), str(value[1]))
        else:
            self.propertyChanged.emit(name, value)

    # commands (asynchronous: they return before the core acts)

    def load(
        self, url: str, *, headers: dict[str, str] | None = None, start_s: float = 0.0
    ) -> None:
        """Open url (replacing what plays), starting at start_s seconds."""
        if self._closed:  # a terminated handle is a NULL pointer to libmpv
            return
        # Headers are set as a list property: a comma in a value would split the
        # per-file option string.
        self._mpv._set_property("http-header-fields", header_fields(headers or {}))
        options = f"start={start_s:.3f}" if start_s > 0 else ""
        self.loadRequested.emit()
        self._command("loadfile", url, "replace", options)

    def add_subtitle(self, url: str, *, title: str | None, language: str | None) -> None:
        """Load an external subtitle track without selecting it."""
        self._command("sub-add", url, "auto", title or "", language or "")

    def stop(self) -> None:
        """Stop playback and unload the file."""
        self._command("stop")

    def seek(self, seconds: float, *, relative: bool = False) -> None:
        """Seek exactly to seconds (or by seconds when relative)."""
        self._command("seek", f"{seconds:.3f}", "relative+exact" if relative else "absolute+exact")

    def set(self, name: str, value: object) -> None:
        """Set an mpv property."""
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, float):
            text = f"{value:.4f}"
        else:
            text = str(value)
        self._command("set", name, text)

    def clear_list(self, name: str) -> None:
        """Empty a list property (setting "" would leave a list of one empty string)."""
        self._command("change-list", name, "clr", "")

    def cycle(self, name: str) -> None:
        """Cycle a property (audio or subtitle track) to its next value."""
        self._command("cycle", name)

    def get(self, name: str) -> Any:
        """Read a property now (blocking briefly on the core; for tests and rare reads)."""
        return None if self._closed else self._mpv._get_property(name)

    def _command(self, *args: str) -> None:
        if self._closed:
            return
        self._mpv.command_async(*args, callback=_report(args[0]))

    def terminate(self) -> None:
        """Shut mpv down; call only after its render context was freed."""
        if self._closed:
            return
        self._closed = True
        self._mpv.terminate()  # joins mpv's event thread: nothing is put after this
        self._relay.close()


def _thread_side(mailbox: Mailbox) -> tuple[Callable[[str, object], None], Callable[[Any], None]]:
    """The callbacks mpv's event thread runs: they only put into the mailbox."""

    def on_property(name: str, value: object) -> None:
        mailbox.put((name, value))

    def on_event(event: Any) -> None:
        kind = event.event_id.value
        if kind == mpv.MpvEventID.FILE_LOADED:
            mailbox.put(("@file-loaded", None))
        elif kind == mpv.MpvEventID.PLAYBACK_RESTART:
            mailbox.put(("@restart", None))
        elif kind == mpv.MpvEventID.END_FILE:
            data = event.data
            reason = _END_REASONS.get(data.reason, "stopped")
            error = mpv.ErrorCode.exception_for_ec(data.error) if data.error < 0 else None
            mailbox.put(("@end", (reason, str(error.args[0]) if error else "")))

    return on_property, on_event


def _on_log(level: str, prefix: str, text: str) -> None:
    # Debug level: a broken file is reported to the user through fileEnded instead.
    log.debug("mpv %s [%s] %s", level, prefix, text.strip())


def _kwargs(options: dict[str, str]) -> dict[str, str]:
    # python-mpv turns underscores into dashes.
    return {name.replace("-", "_"): value for name, value in options.items()}


def _report(name: str) -> Callable[[BaseException | None, object], None]:
    def done(error: BaseException | None, _result: object) -> None:
        if error is not None:
            log.info("mpv command %s failed: %s", name, error)

    return done
