"""The artwork cache as the Settings page shows it: its size in words, its cap, Clear."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from reel_qt.core.events import EventBus
from reel_qt.core.tasks import TaskRegistry
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.images.disk_cache import ImageDiskCache

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

MB = 1024 * 1024
#: The name the bus's cache signals carry for downloaded artwork.
CACHE_NAME = "images"


def megabytes(count: float) -> str:
    """A size given in MB, in words: "143 MB", "0.4 MB", "1.5 GB"."""
    if count >= 1024:
        return f"{count / 1024:.1f}".removesuffix(".0") + " GB"
    if 0 < count < 10:
        return f"{count:.1f}".removesuffix(".0") + " MB"
    return f"{round(count)} MB"


def usage_in_words(total_bytes: int, cap_bytes: int) -> str:
    """How full the cache is: "143 MB of 500 MB", or "Empty · up to 500 MB"."""
    cap = megabytes(cap_bytes / MB)
    if total_bytes <= 0:
        return f"Empty · up to {cap}"
    return f"{megabytes(total_bytes / MB)} of {cap}"


@QmlElement
@QmlUncreatable("ImageCacheViewModel is created by the settings view-model.")
class ImageCacheViewModel(QObject):  # type: ignore[operator]
    """Reports the artwork cache's size, applies its cap and clears it, off the GUI thread."""

    sizeTextChanged = Signal()
    busyChanged = Signal()
    #: The cache was emptied (after the bus's cacheCleared went out).
    cleared = Signal()

    def __init__(self, tasks: TaskRegistry, limit_mb: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._limit_mb = limit_mb
        self._cache: ImageDiskCache | None = None
        self._bus: EventBus | None = None
        self._busy = False
        self._text = "Not measured yet"

    def attach(self, cache: ImageDiskCache, bus: EventBus) -> None:
        """Manage cache (opened by the artwork loader) and announce clears on bus."""
        self._cache, self._bus = cache, bus
        self.set_limit_mb(self._limit_mb)

    def set_limit_mb(self, limit_mb: int) -> None:
        """Cap the cache at limit_mb; images over it are deleted at once, in the background."""
        self._limit_mb = limit_mb
        cache = self._cache
        if cache is not None and cache.cap_bytes != limit_mb * MB:
            self._tasks.start("images.limit", self._apply_limit(cache, limit_mb * MB))
        else:
            self.refresh()

    async def _apply_limit(self, cache: ImageDiskCache, cap_bytes: int) -> None:
        await asyncio.to_thread(cache.set_limit, cap_bytes)
        self.refresh()

    def _get_text(self) -> str:
        return self._text

    sizeText = Property(str, _get_text, notify=sizeTextChanged)

    def _get_busy(self) -> bool:
        return self._busy

    busy = Property(bool, _get_busy, notify=busyChanged)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit()

    @Slot()
    def refresh(self) -> None:
        """Read the size again (from the cache's index in memory: no disk access)."""
        cache = self._cache
        if cache is None or not cache.is_open:
            text = f"Not measured yet · up to {megabytes(self._limit_mb)}"
        else:
            text = usage_in_words(cache.total_bytes, cache.cap_bytes)
        if text != self._text:
            self._text = text
            self.sizeTextChanged.emit()

    @Slot()
    def clear(self) -> None:
        """Delete every cached image in the background; pages then fetch what they show."""
        if self._cache is not None and not self._busy:
            self._tasks.start("images.clear", self._clear(self._cache))

    async def _clear(self, cache: ImageDiskCache) -> None:
        self._set_busy(True)
        try:
            await asyncio.to_thread(cache.clear)
        finally:
            self._set_busy(False)
            self.refresh()
        if self._bus is not None:
            self._bus.cacheCleared.emit(CACHE_NAME)
        self.cleared.emit()
