"""Artwork for QML as file URLs of the disk cache, resolved on the GUI thread.

QML asks `Artwork.url(sourceId, ref, width)` from its bindings: a cached image answers
with its file's URL at once (Qt decodes it off the GUI thread, at the item's
`sourceSize`); a missing one answers "" and is fetched in the background, and
`revision` ticks when it arrives so the bindings ask again. BlurHash previews are
decoded off the loop's thread into tiny PNG files the same way.

Why not a QQuickAsyncImageProvider: Qt calls a provider on its image reader thread
while holding the reader's lock, and a Python provider needs the GIL there; the GUI
thread, running Python (a slot, a model signal) that clears or loads an image, then
waits for that lock while holding the GIL. That deadlock was seen in the UI tests.
Here Qt's image thread never runs Python.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import (
    Property,
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage
from PySide6.QtQml import QmlElement, QmlSingleton, QQmlEngine

from reel_qt.core.tasks import TaskRegistry, in_thread
from reel_qt.ui import QML_IMPORT_NAME as _IMPORT
from reel_qt.ui.images import blurhash
from reel_qt.ui.images.artwork import ArtworkLoader, bucket
from reel_qt.ui.images.disk_cache import cache_key

QML_IMPORT_NAME = _IMPORT
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger("reel.ui.images")

#: BlurHash previews are decoded this wide (the GPU scales them; they are blurred anyway).
BLUR_WIDTH = 24
#: A failed fetch (offline, no such image) is not retried sooner than this.
RETRY_AFTER_S = 60.0
#: Arrivals within this many ms make one revision tick (one round of binding updates).
TICK_MS = 40


def blur_png(hash_: str, width: int = BLUR_WIDTH, aspect: float = 1.5) -> bytes:
    """A BlurHash decoded into a small PNG (blocking; any thread).

    Raises:
        ValueError: the text is not a valid BlurHash.
    """
    height = max(1, round(width * aspect))
    pixels = blurhash.decode(hash_, width, height)
    image = QImage(pixels, width, height, width * 3, QImage.Format.Format_RGB888)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; PySide str
    return bytes(data.data())


_INSTANCES: dict[int, ArtworkUrls] = {}


@QmlElement
@QmlSingleton
class ArtworkUrls(QObject):
    """Image refs to file URLs of cached artwork; fetches what is missing."""

    revisionChanged = Signal()

    def __init__(self, tasks: TaskRegistry | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._loader: ArtworkLoader | None = None
        self._revision = 0
        self._pending: set[str] = set()
        self._failed: dict[str, float] = {}
        self.dropped = 0  # queued fetches dropped as their posters went (tests, benches)
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._bump)

    @staticmethod
    def create(engine: QQmlEngine) -> ArtworkUrls:
        """The instance the application made for this engine (QML's singleton factory)."""
        return _INSTANCES.get(id(engine)) or ArtworkUrls()

    def serve(self, engine: QQmlEngine) -> None:
        """Be the `ArtworkUrls` singleton of engine's QML (call before loading it)."""
        _INSTANCES[id(engine)] = self
        engine.destroyed.connect(lambda: _INSTANCES.pop(id(engine), None))

    def attach(self, loader: ArtworkLoader) -> None:
        """Serve through loader; its cache index is read off the loop's thread first."""
        self._loader = loader
        if self._tasks is not None:
            self._tasks.start("artwork.open", self._open(loader))

    def detach(self) -> None:
        """Stop fetching (at shutdown); cached images keep resolving."""
        self._tick.stop()
        self._loader = None

    def cache_cleared(self, _cache: str = "") -> None:
        """The disk cache was emptied: bindings ask again (placeholders, then fresh fetches)."""
        self._failed.clear()
        self._bump()

    async def _open(self, loader: ArtworkLoader) -> None:
        await in_thread(loader.cache.open)
        self._bump()

    def _get_revision(self) -> int:
        return self._revision

    revision = Property(int, _get_revision, notify=revisionChanged)

    def _bump(self) -> None:
        self._revision += 1
        self.revisionChanged.emit()
        loader = self._loader
        if loader is not None and self._tasks is not None:
            self._tasks.start("artwork.uses", in_thread(loader.cache.flush_uses))

    def _file_url(self, key: str) -> str | None:
        loader = self._loader
        if loader is None or not loader.cache.is_open or not loader.cache.mark_used(key):
            return None
        return QUrl.fromLocalFile(str(loader.cache.path(key))).toString()

    def _may_fetch(self, key: str) -> bool:
        if key in self._pending or self._loader is None or self._tasks is None:
            return False
        failed_at = self._failed.get(key)
        return failed_at is None or time.monotonic() - failed_at > RETRY_AFTER_S

    @Slot(int, str, int, result=str)
    def url(self, source_id: int, ref: str, width: int) -> str:
        """The file URL of ref at width, or "" while it is fetched (watch `revision`)."""
        if not ref or self._loader is None or not self._loader.cache.is_open:
            return ""
        key = cache_key(source_id, ref, bucket(width))
        found = self._file_url(key)
        if found is None and self._may_fetch(key):
            self._pending.add(key)
            assert self._tasks is not None
            self._tasks.start(f"artwork.{key}", self._fetch(key, source_id, ref, width))
        return found or ""

    @Slot(int, str, int)
    def release(self, source_id: int, ref: str, width: int) -> None:
        """A poster that asked for ref at width went away: drop its fetch if not started.

        A download under way is left to finish (the image is cached for next time). Were
        another poster still waiting for the same image, it asks again at the next
        `revision` tick and the fetch starts over.
        """
        loader = self._loader
        if not ref or loader is None or self._tasks is None:
            return
        key = cache_key(source_id, ref, bucket(width))
        if key in self._pending and loader.is_queued(source_id, ref, width):
            self._tasks.cancel(f"artwork.{key}")
            self._pending.discard(key)
            self.dropped += 1

    @Slot(str, float, result=str)
    def blur(self, hash_: str, aspect: float) -> str:
        """The file URL of a BlurHash preview, or "" while it is decoded."""
        if not hash_ or self._loader is None or not self._loader.cache.is_open:
            return ""
        aspect = round(aspect, 2) if aspect > 0 else 1.5
        key = cache_key("blurhash", hash_, aspect)
        found = self._file_url(key)
        if found is None and self._may_fetch(key):
            self._pending.add(key)
            assert self._tasks is not None
            self._tasks.start(f"artwork.{key}", self._decode_blur(key, hash_, aspect))
        return found or ""

    async def _fetch(self, key: str, source_id: int, ref: str, width: int) -> None:
        loader = self._loader
        try:
            if loader is not None:
                await loader.load(source_id, ref, width)
        except Exception as error:  # offline or no such image: normal, the tile stays
            self._failed[key] = time.monotonic()
            log.debug("image %s not loaded: %s", ref, error)
            return  # nothing new to show: no tick (every poster's binding would re-run)
        finally:
            self._pending.discard(key)
        self._tick.start()

    async def _decode_blur(self, key: str, hash_: str, aspect: float) -> None:
        loader = self._loader
        try:
            if loader is not None:
                data = await in_thread(blur_png, hash_, BLUR_WIDTH, aspect)
                await in_thread(loader.cache.put, key, data)
        except ValueError as error:
            self._failed[key] = float("inf")  # a broken hash stays broken
            log.debug("blurhash %r not decoded: %s", hash_, error)
        finally:
            self._pending.discard(key)
        self._tick.start()
