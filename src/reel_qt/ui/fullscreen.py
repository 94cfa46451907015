"""Puts the window in and out of full screen as the player asks, restoring what it was."""

from __future__ import annotations

from PySide6.QtGui import QWindow
from PySide6.QtQuick import QQuickWindow

from reel_qt.ui.player_view_model import PlayerViewModel


class FullscreenFollower:
    """Keeps window's full-screen state in step with the player's `fullscreen`."""

    def __init__(self, window: QQuickWindow, player: PlayerViewModel) -> None:
        self._window = window
        self._player = player
        self._before = QWindow.Visibility.Windowed
        player.fullscreenChanged.connect(self._follow)

    def _follow(self) -> None:
        window = self._window
        if self._player.fullscreen:
            if window.visibility() != QWindow.Visibility.FullScreen:
                self._before = window.visibility()
                window.showFullScreen()
        elif window.visibility() == QWindow.Visibility.FullScreen:
            if self._before == QWindow.Visibility.Maximized:
                window.showMaximized()
            else:
                window.showNormal()
