"""The player's moments: the skip button, automatic skips and the up-next card.

`MomentTracker` decides what a position means; this object follows mpv's position,
acts on automatic skips, and tells the page when the button or the card change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reel_qt.core.records import MarkerRecord
from reel_qt.core.settings import Settings
from reel_qt.playback.moments import Moment, MomentTracker
from reel_qt.playback.skip import SkipOffer
from reel_qt.ui.playback_state import PlaybackState
from reel_qt.ui.player_controls import PlayerControls


class PlayerMoments(QObject):
    """The skip offer and the up-next countdown of the file that plays."""

    skipChanged = Signal()
    upNextChanged = Signal()

    def __init__(
        self,
        state: PlaybackState,
        controls: PlayerControls,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._controls = controls
        self._settings = settings
        self._tracker = MomentTracker(settings)
        self._moment = Moment()
        self._has_next = False

    @property
    def offer(self) -> SkipOffer | None:
        """The span the skip button offers now, if any."""
        return self._moment.offer

    @property
    def up_next(self) -> bool:
        """Whether the up-next card shows."""
        return self._moment.up_next

    @property
    def countdown(self) -> int:
        """Whole seconds until the next episode starts."""
        return self._moment.countdown

    def begin(self, markers: list[MarkerRecord] | None = None, *, has_next: bool = False) -> None:
        """A new file: its server markers (chapters come from mpv) and whether one follows."""
        self._tracker = MomentTracker(self._settings, markers)
        self._has_next = has_next
        self.clear()

    def clear(self) -> None:
        """Nothing to offer (the player left, or a new file is opening)."""
        self._moment = Moment()
        self.skipChanged.emit()
        self.upNextChanged.emit()

    def use_settings(self, settings: Settings) -> None:
        """Follow new settings from the next position on."""
        self._settings = settings
        self._tracker.use_settings(settings)

    def update(self) -> None:
        """Follow the position: take an automatic skip, show or hide the button and card."""
        state = self._state
        moment = self._tracker.at(
            state.position, state.duration, state.raw_chapters, self._has_next
        )
        previous, self._moment = self._moment, moment
        if moment.skip_to is not None:
            self._controls.seekTo(moment.skip_to)
        if moment.offer != previous.offer:
            self.skipChanged.emit()
        if (moment.up_next, moment.countdown) != (previous.up_next, previous.countdown):
            self.upNextChanged.emit()

    def skip(self) -> None:
        """Skip the span the button offers."""
        if self._moment.offer is not None:
            self._controls.seekTo(self._moment.offer.end_s)

    def dismiss_up_next(self) -> None:
        """Hide the up-next card and let the file end."""
        self._tracker.dismiss_up_next()
        self.update()
