"""Artwork: the disk cache's cap and LRU order across restarts, BlurHash, bounded fetching."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from reel_qt.core.errors import BackendConnectionError
from reel_qt.store.views import SourceView
from reel_qt.ui.images import blurhash
from reel_qt.ui.images.artwork import ArtworkLoader, bucket, decode
from reel_qt.ui.images.artwork_urls import blur_png
from reel_qt.ui.images.disk_cache import ImageDiskCache, cache_key

KB = 1024


def _source(source_id: int, type_: str) -> SourceView:
    return SourceView(source_id, type_, "s", None, {}, None, True, False, None, None, 0)


def test_the_cache_evicts_least_recently_used_and_remembers_use_across_restarts(
    tmp_path: Path,
) -> None:
    cache = ImageDiskCache(tmp_path / "art", cap_bytes=3 * KB)
    for name in "abc":
        cache.put(name, bytes(KB))
        time.sleep(0.01)  # distinct modification times
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("d", bytes(KB))
    assert "b" not in cache and cache.get("b") is None
    assert not (tmp_path / "art" / "b.img").exists()
    assert cache.total_bytes == 3 * KB

    # A new run reads the order back from the files: c is now the oldest.
    reopened = ImageDiskCache(tmp_path / "art", cap_bytes=3 * KB)
    reopened.open()
    reopened.put("e", bytes(KB))
    assert [k for k in "acde" if k in reopened] == ["a", "d", "e"]


def test_a_smaller_cap_trims_at_open(tmp_path: Path) -> None:
    big = ImageDiskCache(tmp_path / "art", cap_bytes=10 * KB)
    for name in "abcd":
        big.put(name, bytes(KB))
    small = ImageDiskCache(tmp_path / "art", cap_bytes=2 * KB)
    small.open()
    assert small.total_bytes <= 2 * KB
    assert len(os.listdir(tmp_path / "art")) == 2


def test_blurhash_decodes_to_the_expected_colours() -> None:
    # The reference hash from blurha.sh: a warm top-left, a blue-grey average.
    pixels = blurhash.decode("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 4, 3)
    assert len(pixels) == 4 * 3 * 3
    image = QImage.fromData(blur_png("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 8))
    assert (image.width(), image.height()) == (8, 12)
    with pytest.raises(ValueError, match="at least 6"):
        blurhash.decode("LEHV6", 4, 3)
    with pytest.raises(ValueError, match="length"):
        blurhash.decode("LEHV6nWB2yk8pyo0adR*.7kCMdn", 4, 3)  # one short


def test_widths_share_buckets() -> None:
    assert [bucket(w) for w in (0, 100, 160, 161, 300, 5000)] == [360, 160, 160, 240, 360, 1920]


class _FakeTransport:
    """A source's client: counts downloads, can go offline, never answers two at once."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.online = True
        self.running = 0
        self.most = 0

    async def get(self, path: str, **_: object) -> object:
        if not self.online:
            raise BackendConnectionError("Cannot reach the server.")
        self.calls.append(path)
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(0.01)
        self.running -= 1
        return type("Reply", (), {"body": b"png-bytes-" + path.encode()})()


class _FakeBackend:
    def __init__(self, client: _FakeTransport) -> None:
        self.client = client

    def image_url(self, ref: str, width: int) -> str:
        return f"{ref}?maxWidth={width}"

    async def close(self) -> None:
        pass


def _loader(tmp_path: Path, client: _FakeTransport, concurrency: int = 2) -> ArtworkLoader:
    async def sources(source_id: int) -> SourceView:
        return _source(source_id, "jellyfin")

    async def backends(_source: SourceView) -> object:
        return _FakeBackend(client)

    cache = ImageDiskCache(tmp_path / "art", 1024 * KB)
    return ArtworkLoader(cache, sources, backends, concurrency=concurrency)  # type: ignore[arg-type]


async def test_fetches_are_bounded_shared_and_cached_then_served_offline(tmp_path: Path) -> None:
    client = _FakeTransport()
    loader = _loader(tmp_path, client, concurrency=2)
    refs = [f"/Items/{n}/Images/Primary" for n in range(6)]
    # Each image asked twice at once (two posters of one item): one download each.
    got = await asyncio.gather(*(loader.load(1, ref, 150) for ref in refs + refs))
    assert got[0] == got[6] == b"png-bytes-/Items/0/Images/Primary?maxWidth=160"
    assert len(client.calls) == 6
    assert client.most == 2

    # Offline: what is cached still loads; what is not fails in words.
    client.online = False
    again = _loader(tmp_path, client)  # a new run, over the same folder
    assert await again.load(1, refs[0], 120) == got[0]
    with pytest.raises(BackendConnectionError):
        await again.load(1, "/Items/never/Images/Primary", 120)
    await loader.close()
    await again.close()


async def test_local_images_are_read_and_scaled_once(tmp_path: Path) -> None:
    poster = tmp_path / "poster.png"
    image = QImage(1000, 1500, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(poster))

    async def sources(source_id: int) -> SourceView:
        return _source(source_id, "local")

    async def no_backend(_source: SourceView) -> object:
        raise AssertionError("local artwork needs no backend")

    cache = ImageDiskCache(tmp_path / "art", 1024 * KB)
    loader = ArtworkLoader(cache, sources, no_backend)  # type: ignore[arg-type]
    data = await loader.load(3, str(poster), 200)
    stored = decode(data, 0)
    assert (stored.width(), stored.height()) == (240, 360)  # scaled once, to the 240 bucket
    assert cache_key(3, str(poster), 240) in cache
    assert decode(data, 200).size().toTuple() == (200, 300)  # decoded at the size shown
