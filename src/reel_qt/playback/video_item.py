"""The QML item mpv draws into: a framebuffer-object item fed by an MpvRenderHost.

Ownership: the framebuffer objects are made by Qt's own (C++) default implementation, so
Qt alone deletes them on resize and teardown; a framebuffer object made in Python would
be freed by Python too (a crash on resize or exit).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Property, QObject, QSize, Signal
from PySide6.QtOpenGL import QOpenGLFramebufferObject
from PySide6.QtQml import QmlElement
from PySide6.QtQuick import QQuickFramebufferObject, QQuickItem, QQuickOpenGLUtils, QQuickWindow

from reel_qt.playback.render_host import MpvRenderHost

QML_IMPORT_NAME = "Reel"
QML_IMPORT_MAJOR_VERSION = 1


class _Renderer(QQuickFramebufferObject.Renderer):
    """Lives on the render thread; asks the host to draw into Qt's framebuffer object.

    Qt owns and deletes it (PySide hands createRenderer's result over to C++).
    """

    def __init__(self) -> None:
        super().__init__()
        self._host: MpvRenderHost | None = None
        self._window: QQuickWindow | None = None

    def createFramebufferObject(self, size: QSize) -> QOpenGLFramebufferObject:
        """Qt's default framebuffer object (see the module docstring for why)."""
        return super().createFramebufferObject(size)

    def synchronize(self, item: QQuickFramebufferObject) -> None:
        """Copy the host and window across while the GUI thread is blocked."""
        assert isinstance(item, MpvVideoItem)
        self._host = item.render_host()
        self._window = item.shown_in()

    def render(self) -> None:
        """Draw mpv's frame, creating the render context on first use."""
        host = self._host
        fbo = self.framebufferObject()
        window = self._window
        if host is None or fbo is None or window is None or not host.attach(window):
            return
        size = fbo.size()
        host.render(fbo.handle(), size.width(), size.height())
        # mpv leaves its own GL state behind; the scene graph expects its own.
        QQuickOpenGLUtils.resetOpenGLState()


@QmlElement
class MpvVideoItem(QQuickFramebufferObject):
    """Shows the video of the host's player; set `host` from the player view-model."""

    hostChanged = Signal()

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self._host: MpvRenderHost | None = None
        # Asking window() from the render side makes PySide drop its wrapper of the
        # window when this item goes; the window it was given by a signal is safe.
        self._window: QQuickWindow | None = None
        self.windowChanged.connect(self._remember_window)

    def _remember_window(self, window: QQuickWindow | None) -> None:
        self._window = window

    def shown_in(self) -> QQuickWindow | None:
        """The window this item is in (None while it is in none)."""
        return self._window

    def createRenderer(self) -> QQuickFramebufferObject.Renderer:
        """A renderer for the scene graph (Qt owns and deletes it)."""
        return _Renderer()

    def _get_host(self) -> QObject | None:
        return self._host

    def _set_host(self, host: QObject | None) -> None:
        if host is self._host:
            return
        if self._host is not None:
            with contextlib.suppress(RuntimeError):  # the host went first (teardown)
                self._host.frameReady.disconnect(self.update)
        self._host = host if isinstance(host, MpvRenderHost) else None
        if self._host is not None:
            self._host.frameReady.connect(self.update)
        self.hostChanged.emit()
        self.update()

    host = Property(QObject, _get_host, _set_host, notify=hostChanged)

    def render_host(self) -> MpvRenderHost | None:
        """The host whose frames this item shows."""
        return self._host
