"""mpv's OpenGL render context for one player, created on the render thread on first use.

Qt Quick runs with the basic render loop (see `configure_qt`), so rendering happens on
the GUI thread: mpv's render call and Qt's blocking calls (grabWindow, quitting) never
wait on each other across threads while holding Python's GIL. The context must be freed
with the window's OpenGL context current, before mpv is terminated; the window's
`sceneGraphInvalidated` is that moment.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QOpenGLContext
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface
from shiboken6 import Shiboken

from reel_qt.core.lazy_import import lazy_module
from reel_qt.playback.mpv_player import MpvPlayer
from reel_qt.playback.thread_relay import Mailbox, ThreadRelay

# Loaded when the first player is made: start-up does not need libmpv.
mpv = lazy_module("mpv")

log = logging.getLogger("reel.playback.render")


def _get_proc_address(_ctx: Any, name: bytes) -> int:
    # Qt's stubs say never None, but there is no current context outside rendering.
    context: Any = QOpenGLContext.currentContext()
    return int(context.getProcAddress(name) or 0) if context is not None else 0


# One C callback for the process: mpv may call it whenever a context is created
# (made on first use, which loads libmpv).
@functools.cache
def _proc_address() -> Any:
    return mpv.MpvGlGetProcAddressFn(_get_proc_address)


class MpvRenderHost(QObject):
    """Creates, drives and frees the render context of one MpvPlayer."""

    frameReady = Signal()  # mpv has a new frame: the item showing it should update
    firstFrameRendered = Signal()  # the first frame of a load reached the window
    contextCreated = Signal()

    def __init__(self, player: MpvPlayer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._context: Any = None
        self._window: QQuickWindow | None = None
        self._awaiting_first = False
        self._pending: list[Callable[[], None]] = []
        # mpv calls its update callback on its own threads; hop to this object's thread
        # without any Qt call on theirs (see playback.thread_relay).
        self._wake = ThreadRelay(self._frame_arrived, self)
        self._frame_waiting = threading.Event()  # one wake-up until the next render
        player.loadRequested.connect(self._expect_first_frame)
        self.contextCreated.connect(self._run_pending, Qt.ConnectionType.QueuedConnection)

    @property
    def active(self) -> bool:
        """Whether a render context exists."""
        return self._context is not None

    def _frame_arrived(self, _item: object) -> None:
        # A wake-up queued before the context was freed (the window closing) must not
        # ask a window without a render target to draw.
        if self._context is not None:
            self.frameReady.emit()

    def _expect_first_frame(self) -> None:
        self._awaiting_first = True

    def when_ready(self, action: Callable[[], None]) -> None:
        """Run action now if the render context exists, else once it does.

        mpv fails to open a file ("No render context set") before the context exists.
        """
        if self._context is not None:
            action()
        else:
            self._pending = [action]  # only the latest request matters

    def _run_pending(self) -> None:
        pending, self._pending = self._pending, []
        for action in pending:
            action()

    def attach(self, window: QQuickWindow) -> bool:
        """Make sure a context exists for window (render thread, GL current); False if not."""
        if self._context is not None:
            return True
        if self._player.closed or QOpenGLContext.currentContext() is None:
            return False
        self._context = mpv.MpvRenderContext(
            self._player.handle,
            "opengl",
            opengl_init_params={"get_proc_address": _proc_address()},
        )
        self._context.update_cb = _update_callback(self._wake.mailbox, self._frame_waiting)
        self._window = window
        window.sceneGraphInvalidated.connect(self.release, Qt.ConnectionType.DirectConnection)
        log.debug("mpv render context created")
        self.contextCreated.emit()
        return True

    def render(self, fbo: int, width: int, height: int) -> None:
        """Draw mpv's current frame into framebuffer fbo (render thread)."""
        if self._context is None:
            return
        self._frame_waiting.clear()
        new_frame = self._context.update()
        self._context.render(
            opengl_fbo={"fbo": fbo, "w": width, "h": height},
            flip_y=False,
            block_for_target_time=False,
        )
        if new_frame and self._awaiting_first:
            self._awaiting_first = False
            self.firstFrameRendered.emit()

    def release(self) -> None:
        """Free the render context (render thread, GL current); mpv may terminate after."""
        if self._context is None:
            return
        context, self._context = self._context, None
        # free() waits for a running update callback and guarantees no later one; setting
        # update_cb = None first would let python-mpv drop the C thunk mpv may be inside.
        context.free()
        window, self._window = self._window, None
        if window is not None:
            with contextlib.suppress(RuntimeError):  # the window may be gone already
                window.sceneGraphInvalidated.disconnect(self.release)
        log.debug("mpv render context freed")

    def shutdown(self) -> None:
        """Release the context if the GL context allows it now, then terminate mpv."""
        if self._context is not None:
            window = self._window
            if window is not None and QOpenGLContext.currentContext() is None:
                _make_current(window)
            self.release()
        self._player.terminate()
        self._wake.close()


def _update_callback(mailbox: Mailbox, waiting: threading.Event) -> Callable[[], None]:
    """mpv's "new frame" callback (any mpv thread): a plain closure, no Qt object in it."""

    def new_frame() -> None:
        # One wake-up until the GUI thread renders is enough; a race costs one extra.
        if not waiting.is_set():
            waiting.set()
            mailbox.put(None)

    return new_frame


def _make_current(window: QQuickWindow) -> None:
    """Make window's OpenGL context current on this (the GUI, basic-loop) thread."""
    interface: Any = window.rendererInterface()
    if interface is None:
        return
    pointer = interface.getResource(window, QSGRendererInterface.Resource.OpenGLContextResource)
    address = int(pointer) if pointer else 0
    if address:
        context: QOpenGLContext = Shiboken.wrapInstance(address, QOpenGLContext)  # type: ignore[assignment]
        context.makeCurrent(window)
        # The wrapper would delete Qt's own context when collected; drop it without that.
        Shiboken.invalidate(context)
