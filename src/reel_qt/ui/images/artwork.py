"""Artwork bytes for an item's image ref: from the disk cache, else fetched and cached.

Server refs are fetched through the source's own backend (its transport adds the
sign-in headers) at a width bucket just above the size shown, so a grid and a details
page share few sizes; at most `concurrency` downloads run at once and concurrent asks
for one image share one download; a download still waiting for its slot can be
cancelled (its poster scrolled away), so a fast scroll does not leave the slots busy
with images nobody sees any more. Local sources' refs are file paths: the file is read
and scaled down once, off the loop's thread. Offline, cached images still load.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader

from reel_qt.backends.base import MediaBackend
from reel_qt.backends.http import ServerClient
from reel_qt.core.errors import ReelError
from reel_qt.core.tasks import in_thread
from reel_qt.store.views import SourceView
from reel_qt.ui.images.disk_cache import ImageDiskCache, cache_key

log = logging.getLogger("reel.ui.images")

#: Widths images are fetched and cached at; a request takes the first one not smaller.
WIDTH_BUCKETS = (160, 240, 360, 480, 720, 1080, 1920)
DEFAULT_WIDTH = 360
CONCURRENCY = 6

SourceLookup = Callable[[int], Awaitable[SourceView]]
BackendFactory = Callable[[SourceView], Awaitable[MediaBackend]]


@runtime_checkable
class RemoteImages(Protocol):
    """A backend that can say where its server serves an image ref at a width."""

    client: ServerClient

    def image_url(self, ref: str, width: int) -> str:
        """The path below the server address of ref, at most width pixels wide."""
        ...


def bucket(width: int) -> int:
    """The cached width that serves a request for width pixels."""
    if width <= 0:
        return DEFAULT_WIDTH
    return next((b for b in WIDTH_BUCKETS if b >= width), WIDTH_BUCKETS[-1])


def _scaled_file(path: str, width: int) -> bytes:
    """A local image file scaled down to width, as JPEG bytes (blocking)."""
    reader = QImageReader(path)
    size = reader.size()
    if size.isValid() and size.width() > width:
        reader.setScaledSize(size.scaled(width, 1 << 20, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise OSError(f"cannot read the image {path}: {reader.errorString()}")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 88)  # type: ignore[call-overload]  # the stubs want bytes; PySide wants str
    return bytes(data.data())


def decode(data: bytes, width: int) -> QImage:
    """Decode image bytes, scaled down to width when wider (blocking; any thread)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if width > 0 and size.isValid() and size.width() > width:
        reader.setScaledSize(size.scaled(width, 1 << 20, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def _made(task: asyncio.Task[MediaBackend]) -> bool:
    """Whether a finished backend task holds a backend (not an error, not cancelled)."""
    return task.done() and not task.cancelled() and task.exception() is None


class ArtworkLoader:
    """Loads artwork bytes by (source, ref, width) with a disk cache and bounded downloads."""

    def __init__(
        self,
        cache: ImageDiskCache,
        sources: SourceLookup,
        backends: BackendFactory,
        *,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.cache = cache
        self._sources = sources
        self._make_backend = backends
        self._gate = asyncio.Semaphore(concurrency)
        self._backends: dict[int, asyncio.Task[MediaBackend]] = {}
        self._types: dict[int, str] = {}
        self._inflight: dict[str, asyncio.Future[bytes]] = {}
        self._queued: set[str] = set()  # keys whose download waits for a free slot
        self._closing: set[asyncio.Future[None]] = set()
        self.downloads = 0  # how many images came from a source (for tests and benches)

    async def load(self, source_id: int, ref: str, width: int) -> bytes:
        """The image's bytes at the bucket for width.

        Raises:
            ReelError, OSError: neither the cache nor the source could provide it.
        """
        size = bucket(width)
        key = cache_key(source_id, ref, size)
        cached = await in_thread(self.cache.get, key)
        if cached is not None:
            return cached
        running = self._inflight.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            self._queued.add(key)
            try:
                await self._gate.acquire()
            finally:
                self._queued.discard(key)
            try:
                data = await self._fetch(source_id, ref, size)
            finally:
                self._gate.release()
            await in_thread(self.cache.put, key, data)
        except asyncio.CancelledError:
            future.cancel()  # whoever shares this download is cancelled with it
            raise
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: waiters get it, nobody else must
            raise
        finally:
            del self._inflight[key]
        future.set_result(data)
        return data

    def is_queued(self, source_id: int, ref: str, width: int) -> bool:
        """Whether the download of that image waits for a free slot (has not started)."""
        return cache_key(source_id, ref, bucket(width)) in self._queued

    async def _fetch(self, source_id: int, ref: str, width: int) -> bytes:
        source_type = self._types.get(source_id)
        if source_type is None:
            source_type = (await self._sources(source_id)).type
            self._types[source_id] = source_type
        if source_type == "local":
            return await in_thread(_scaled_file, ref, width)
        backend = await self._backend(source_id)
        if not isinstance(backend, RemoteImages):
            raise ReelError(f"{source_type} sources do not serve images")
        response = await backend.client.get(backend.image_url(ref, width), retry=False)
        self.downloads += 1
        return response.body

    async def _backend(self, source_id: int) -> MediaBackend:
        task = self._backends.get(source_id)
        if task is None or (task.done() and not _made(task)):
            # One backend a source for every image (one connection pool), made once.
            task = asyncio.ensure_future(self._new_backend(source_id))
            self._backends[source_id] = task
        return await asyncio.shield(task)

    async def _new_backend(self, source_id: int) -> MediaBackend:
        return await self._make_backend(await self._sources(source_id))

    def forget_source(self, source_id: int) -> None:
        """Drop what is known of a source (changed address, sign-in, or removed)."""
        self._types.pop(source_id, None)
        task = self._backends.pop(source_id, None)
        if task is not None and _made(task):
            closing = asyncio.ensure_future(task.result().close())
            self._closing.add(closing)  # kept until close() awaits it
            closing.add_done_callback(self._closing.discard)

    async def close(self) -> None:
        """Close the backends made for images."""
        tasks, self._backends = list(self._backends.values()), {}
        for task in tasks:
            if not task.done():
                task.cancel()
            elif _made(task):
                await task.result().close()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)
