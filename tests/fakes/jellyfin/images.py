"""Image tags, BlurHash strings and tiny PNG files for the fake server's artwork."""

from __future__ import annotations

import functools
import hashlib
import struct
import zlib

from tests.fakes.jellyfin.library import FOLDER, Item, Library

_BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"


_TYPE_CODES = {"Primary": 1, "Thumb": 2, "Backdrop": 3}


def image_tag(item: Item, image_type: str, index: int = 0) -> str:
    """The tag of one image: it changes whenever the item's artwork changes."""
    # Arithmetic, not a hash function: tags are computed for every item of every page.
    code = _TYPE_CODES.get(image_type, 4) << 8 | index
    mixed = item.bits * 0x9E3779B97F4A7C15 + code * 0xC2B2AE3D27D4EB4F + item.image_version
    return f"{mixed * 0x2545F4914F6CDD1D % (1 << 128):032x}"


def _base83(value: int, length: int) -> str:
    return "".join(_BASE83[value // 83 ** (length - 1 - i) % 83] for i in range(length))


def _make_blurhash(seed: int) -> str:
    # Size flag (4-1) + (3-1)*9 = 21, one quantised-maximum char, DC colour, 11 AC pairs.
    parts = [_base83(21, 1), _base83(seed % 83, 1), _base83(seed >> 8 & 0xFFFFFF, 4)]
    seed >>= 32
    for _ in range(11):
        parts.append(_base83(seed % (19**3), 2))
        seed = seed // 19**3 or 0x9E3779B97F4A7C15  # keep drawing once the seed runs out
    return "".join(parts)


# Encoding a hash per image per request would dominate serving time, so hashes come from
# a pool; which one an image gets still depends on its tag.
_BLURHASHES = [
    _make_blurhash(int(hashlib.blake2b(str(n).encode(), digest_size=16).hexdigest(), 16))
    for n in range(4096)
]


def blurhash(tag: str) -> str:
    """A structurally valid 4x3-component BlurHash picked by an image tag."""
    return _BLURHASHES[int(tag[:3], 16)]


def item_images(item: Item, backdrop_limit: int | None = None) -> dict[str, list[str]]:
    """The tags an item has, by image type (Backdrop can have several; at most the limit)."""
    images: dict[str, list[str]] = {}
    if item.has_primary:
        images["Primary"] = [image_tag(item, "Primary")]
    if item.has_thumb:
        images["Thumb"] = [image_tag(item, "Thumb")]
    count = item.backdrops if backdrop_limit is None else min(item.backdrops, backdrop_limit)
    if count:
        images["Backdrop"] = [image_tag(item, "Backdrop", i) for i in range(count)]
    return images


def find_image(lib: Library, item_id: str, image_type: str, index: int) -> str | None:
    """The tag of an image of an item or person, or None when there is no such image."""
    item = lib.get(item_id)
    if item is not None:
        tags = item_images(item).get(image_type, [])
        return tags[index] if 0 <= index < len(tags) else None
    if image_type == "Primary" and index == 0:
        person = lib.person_index.get(item_id.replace("-", "").lower())
        return person.image_tag if person else None
    return None


def aspect(item: Item, image_type: str) -> tuple[int, int]:
    """The pixel size the fake serves: posters 2:3, backdrops and thumbs 16:9."""
    if image_type == "Primary" and item.kind != FOLDER and item.kind != "Episode":
        return 40, 60
    return 64, 36


@functools.lru_cache(maxsize=64)
def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid single-colour truecolour PNG, built with zlib and struct only."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width  # filter type 0 (None) then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def colour(tag: str) -> tuple[int, int, int]:
    """A colour picked by the tag, so different images look different."""
    value = int(tag[:6], 16)
    return (value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)
