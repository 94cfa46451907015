"""The moments around playback: a skip to offer (or take), and when to show what is next."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from reel_qt.core.records import MarkerRecord
from reel_qt.core.settings import Settings
from reel_qt.playback.skip import SkipOffer, chapter_markers, offer_at


@dataclass(frozen=True, slots=True)
class Moment:
    """What the player should show (or do) at one position."""

    offer: SkipOffer | None = None  # a skip to offer with a button ("ask")
    skip_to: float | None = None  # seconds to jump to now ("auto", once per span)
    up_next: bool = False
    countdown: int = 0  # whole seconds until the next episode starts


class MomentTracker:
    """Follows one file's position; remembers auto-skips and a dismissed up-next card."""

    def __init__(self, settings: Settings, markers: list[MarkerRecord] | None = None) -> None:
        self._settings = settings
        self._markers = list(markers or [])
        self._auto_skipped: set[tuple[str, float]] = set()
        self._dismissed = False

    def use_settings(self, settings: Settings) -> None:
        """Follow new settings from the next position on (the Settings page changed them)."""
        self._settings = settings

    def dismiss_up_next(self) -> None:
        """The user said no to the next episode for this file."""
        self._dismissed = True

    def at(
        self,
        position: float,
        duration: float,
        chapter_list: list[dict[str, Any]],
        has_next: bool,
    ) -> Moment:
        """The moment at position (seconds) of a file of duration seconds."""
        markers = self._markers + chapter_markers(chapter_list, duration)
        offer = offer_at(markers, position, duration, self._settings)
        skip_to = None
        if offer is not None and offer.mode == "auto":
            key = (str(offer.kind), offer.start_s)
            if key not in self._auto_skipped:
                self._auto_skipped.add(key)
                skip_to = offer.end_s
            offer = None
        remaining = duration - position
        up_next = (
            self._settings.up_next_enabled
            and has_next
            and not self._dismissed
            and duration > 0
            and remaining <= self._settings.up_next_seconds
        )
        countdown = max(0, math.ceil(remaining)) if up_next else 0
        return Moment(offer, skip_to, up_next, countdown)
