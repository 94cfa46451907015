"""Records every signal of an EventBus, for tests that check what was announced."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal

from reel_qt.core.events import EventBus


def signal_names() -> list[str]:
    """Names of every signal the bus declares."""
    return [name for name, value in vars(EventBus).items() if isinstance(value, Signal)]


class EventRecorder:
    """Connects to every bus signal and keeps (name, args) in emission order."""

    def __init__(self, bus: EventBus) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        for name in signal_names():
            getattr(bus, name).connect(lambda *args, _name=name: self.events.append((_name, args)))

    def names(self) -> list[str]:
        """The names of the recorded events, in order."""
        return [name for name, _ in self.events]

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self.events.clear()
