"""Hands what libmpv's own threads report over to the GUI thread, without Qt on their side.

libmpv calls back on threads it made (its render update callback, python-mpv's event
thread). Emitting a PySide signal there touches PySide's per-object bookkeeping while
the GUI thread may be changing it (QML still building its pages at start-up, when
`reel play` opens a file at once); under load that corrupted the heap and crashed the
process (SIGSEGV, or glibc's "malloc(): unsorted double linked list corrupted" on the
GUI thread). So those threads only append to a deque and write a byte to a socket (the
wake-up pattern of `platform.signals`); a QSocketNotifier on the GUI thread delivers.
"""

from __future__ import annotations

import collections
import contextlib
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


class Mailbox:
    """The side other threads use: a plain object, so putting never touches PySide."""

    def __init__(self, writer: socket.socket) -> None:
        self.items: collections.deque[object] = collections.deque()  # atomic append/pop
        self._writer = writer
        self.closed = False

    def put(self, item: object) -> None:
        """Queue item for the GUI thread (safe from any thread, Qt's or not)."""
        if self.closed:
            return
        self.items.append(item)
        # A full socket buffer means a wake-up is pending already; closed means quitting.
        with contextlib.suppress(OSError):
            self._writer.send(b"\0")


class ThreadRelay(QObject):
    """Delivers on this object's thread what other threads put into `mailbox`."""

    def __init__(self, deliver: Callable[[object], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        #: Hand this (or its `put`) to the other threads; never the relay itself.
        self.mailbox = Mailbox(self._writer)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            while self._reader.recv(4096):
                pass
        items = self.mailbox.items
        while items and not self.mailbox.closed:
            self._deliver(items.popleft())

    def close(self) -> None:
        """Stop delivering and release the sockets (items still queued are dropped)."""
        if self.mailbox.closed:
            return
        self.mailbox.closed = True
        self._notifier.setEnabled(False)
        self.mailbox.items.clear()
        self._reader.close()
        self._writer.close()
