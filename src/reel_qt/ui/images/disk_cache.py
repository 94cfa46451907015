"""Downloaded artwork on disk: a size cap, least-recently-used eviction, kept across runs.

Each image is one file named by a digest of its key. A file's modification time is
its last use (touched on every hit), so the order survives restarts: `open` rebuilds
the in-memory index from the folder, oldest use first. Every method blocks on the
disk: call them from a worker thread, never from the UI loop.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

log = logging.getLogger("reel.ui.images.cache")

_SUFFIX = ".img"


def cache_key(*parts: object) -> str:
    """The file name stem for an image identified by parts."""
    return hashlib.blake2b("\0".join(map(str, parts)).encode(), digest_size=16).hexdigest()


class ImageDiskCache:
    """Files under one folder, at most cap_bytes in total; the least recently used go first."""

    def __init__(self, folder: Path, cap_bytes: int) -> None:
        self.folder = folder
        self.cap_bytes = cap_bytes
        self._lock = threading.Lock()
        self._sizes: OrderedDict[str, int] = OrderedDict()  # key -> bytes, oldest use first
        self._total = 0
        self._opened = False
        self._used: set[str] = set()

    def open(self) -> None:
        """Index what earlier runs left (once), and trim it to the cap."""
        with self._lock:
            if self._opened:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            found: list[tuple[int, str, int]] = []
            for entry in os.scandir(self.folder):
                if entry.name.endswith(_SUFFIX) and entry.is_file():
                    stat = entry.stat()
                    found.append((stat.st_mtime_ns, entry.name[: -len(_SUFFIX)], stat.st_size))
            for _, key, size in sorted(found):
                self._sizes[key] = size
                self._total += size
            self._opened = True
            self._evict()

    def path(self, key: str) -> Path:
        """Where key's file is (whether or not it exists)."""
        return self.folder / f"{key}{_SUFFIX}"

    @property
    def is_open(self) -> bool:
        """Whether the index has been read (`open`); until then nothing is known."""
        return self._opened

    def mark_used(self, key: str) -> bool:
        """Note a use of key in memory (no disk access); whether key is cached."""
        with self._lock:
            if key not in self._sizes:
                return False
            self._sizes.move_to_end(key)
            self._used.add(key)
            return True

    def flush_uses(self) -> None:
        """Write the uses noted by mark_used to the files' times (blocking)."""
        with self._lock:
            used, self._used = self._used, set()
        for key in used:
            with contextlib.suppress(OSError):  # evicted meanwhile
                os.utime(self.path(key))

    def get(self, key: str) -> bytes | None:
        """The stored bytes of key (marking it used), or None."""
        self.open()
        with self._lock:
            if key not in self._sizes:
                return None
            self._sizes.move_to_end(key)
        path = self.path(key)
        try:
            data = path.read_bytes()
            os.utime(path)  # the use survives a restart
        except OSError:
            with self._lock:
                self._total -= self._sizes.pop(key, 0)
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store data under key, then evict the least recently used beyond the cap."""
        self.open()
        path = self.path(key)
        temporary = path.with_name(f"{path.name}.{threading.get_ident()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # readers see the old file or the new one, never half
        with self._lock:
            self._total += len(data) - self._sizes.pop(key, 0)
            self._sizes[key] = len(data)
            self._evict()

    def _evict(self) -> None:
        """Delete oldest entries until under the cap (lock held)."""
        while self._total > self.cap_bytes and self._sizes:
            key, size = self._sizes.popitem(last=False)
            self._total -= size
            try:
                self.path(key).unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                log.info("could not delete cached image %s: %s", key, error)

    def set_limit(self, cap_bytes: int) -> None:
        """Use a new cap; what is over it is deleted at once (blocking)."""
        with self._lock:
            self.cap_bytes = cap_bytes
            if self._opened:
                self._evict()

    def clear(self) -> int:
        """Delete every cached image; how many files went (blocking)."""
        self.open()
        with self._lock:
            # Forget everything at once, so nobody is handed a file about to go, and
            # delete outside the lock: the UI thread asks the index (mark_used) meanwhile.
            doomed, self._sizes, self._total = list(self._sizes), OrderedDict(), 0
            self._used.clear()
        deleted = 0
        for key in doomed:
            try:
                self.path(key).unlink()
                deleted += 1
            except FileNotFoundError:
                pass
            except OSError as error:
                log.info("could not delete cached image %s: %s", key, error)
        with self._lock:
            # A put racing the clear may have indexed a file deleted just now.
            for key in doomed:
                if key in self._sizes and not self.path(key).exists():
                    self._total -= self._sizes.pop(key)
        return deleted

    @property
    def total_bytes(self) -> int:
        """Bytes the cache holds now."""
        return self._total

    def __contains__(self, key: str) -> bool:
        return key in self._sizes
