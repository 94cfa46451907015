"""One write transaction plus the events it will announce once it has committed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import SignalInstance
from sqlalchemy import Connection


@dataclass
class UnitOfWork:
    """A connection inside a transaction and the events queued for after its commit."""

    connection: Connection
    events: list[tuple[SignalInstance, tuple[Any, ...]]] = field(default_factory=list)

    def announce(self, signal: SignalInstance, *args: Any) -> None:
        """Queue an event; it is emitted only if and after the transaction commits."""
        self.events.append((signal, args))
