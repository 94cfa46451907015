"""The event bus: one QObject whose typed signals are Reel's only event system.

Payloads are ids and small values, never ORM rows. Writers emit only after their
transaction has committed, so a listener can always re-read what it was told about.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class EventBus(QObject):
    """Typed signals for every event group; connect to them, never subclass."""

    # media: item ids
    mediaCreated = Signal(int)
    mediaUpdated = Signal(int)
    mediaDeleted = Signal(int)
    mediaBatchCreated = Signal(list)
    mediaBatchUpdated = Signal(list)
    mediaBatchDeleted = Signal(list)

    # sync: source id, then library id, items done and total
    syncStarted = Signal(int)
    syncProgress = Signal(int, int, int, int)
    syncCompleted = Signal(int, int)  # source id, items written
    syncFailed = Signal(int, str)  # source id, message in words

    # sources
    sourceAdded = Signal(int)
    sourceUpdated = Signal(int)
    sourceRemoved = Signal(int)
    sourceOnlineChanged = Signal(int, bool)

    # libraries
    libraryCreated = Signal(int)
    libraryUpdated = Signal(int)
    libraryDeleted = Signal(int)
    libraryItemCountChanged = Signal(int, int)  # library id, new count

    # users: source id, user name
    userSignedIn = Signal(int, str)
    userSignedOut = Signal(int)
    userChanged = Signal(int, str)

    # system
    startup = Signal()
    shutdown = Signal()
    networkOnline = Signal()
    networkOffline = Signal()

    # playback: item id, position in ms where it matters
    playbackStarted = Signal(int)
    playbackPaused = Signal(int, int)
    playbackResumed = Signal(int, int)
    playbackProgress = Signal(int, int)
    playbackStopped = Signal(int, int)
    playbackCompleted = Signal(int)

    # caches: cache name, then key where one entry is meant
    cacheCleared = Signal(str)
    cacheInvalidated = Signal(str, str)
    cacheUpdated = Signal(str, str)
