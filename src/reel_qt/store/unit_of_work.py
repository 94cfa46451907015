"""One write transaction plus the events it will announce once it has committed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import SignalInstance

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection


@dataclass
class UnitOfWork:
    """A connection inside a transaction and what waits for its commit: events, cache updates."""

    connection: Connection
    events: list[tuple[SignalInstance, tuple[Any, ...]]] = field(default_factory=list)
    committed: list[Callable[[], None]] = field(default_factory=list)

    def announce(self, signal: SignalInstance, *args: Any) -> None:
        """Queue an event; it is emitted only if and after the transaction commits."""
        self.events.append((signal, args))

    def on_commit(self, hook: Callable[[], None]) -> None:
        """Run hook on the writer thread right after the commit, before any other write."""
        self.committed.append(hook)

    def run_commit_hooks(self) -> None:
        """Called once the transaction has committed."""
        for hook in self.committed:
            hook()
