"""A small BlurHash decoder (https://blurha.sh): a hash string to RGB pixels.

Posters are shown while their image loads as a blurred preview decoded from a
few dozen characters Jellyfin sends with each item. Decoding is a sum of at most
81 cosines a pixel, so previews are decoded small (the GPU scales them up).
"""

from __future__ import annotations

import math

_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"
_VALUE = {char: index for index, char in enumerate(_CHARS)}


def _number(text: str) -> int:
    value = 0
    for char in text:
        digit = _VALUE.get(char)
        if digit is None:
            raise ValueError(f"{char!r} is not a BlurHash character")
        value = value * 83 + digit
    return value


def _to_linear(value: int) -> float:
    x = value / 255
    return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4


def _to_srgb(value: float) -> int:
    x = min(max(value, 0.0), 1.0)
    if x <= 0.0031308:
        return int(x * 12.92 * 255 + 0.5)
    return int((1.055 * x ** (1 / 2.4) - 0.055) * 255 + 0.5)


def _signed_square(value: float) -> float:
    return math.copysign(value * value, value)


def components(blurhash: str) -> tuple[int, int, list[tuple[float, float, float]]]:
    """The hash's size in components (x, y) and their linear colours.

    Raises:
        ValueError: the text is not a valid BlurHash.
    """
    if len(blurhash) < 6:
        raise ValueError("a BlurHash has at least 6 characters")
    size = _number(blurhash[0])
    nx, ny = size % 9 + 1, size // 9 + 1
    if len(blurhash) != 4 + 2 * nx * ny:
        raise ValueError("the BlurHash's length does not match its size")
    maximum = (_number(blurhash[1]) + 1) / 166
    dc = _number(blurhash[2:6])
    colours = [(_to_linear(dc >> 16), _to_linear(dc >> 8 & 255), _to_linear(dc & 255))]
    for i in range(1, nx * ny):
        value = _number(blurhash[4 + 2 * i : 6 + 2 * i])
        colours.append(
            (
                _signed_square((value // 361 - 9) / 9) * maximum,
                _signed_square((value // 19 % 19 - 9) / 9) * maximum,
                _signed_square((value % 19 - 9) / 9) * maximum,
            )
        )
    return nx, ny, colours


def decode(blurhash: str, width: int, height: int) -> bytes:
    """Pixels of the preview as packed RGB rows (width * height * 3 bytes).

    Raises:
        ValueError: the text is not a valid BlurHash.
    """
    nx, ny, colours = components(blurhash)
    cos_x = [[math.cos(math.pi * x * i / width) for i in range(nx)] for x in range(width)]
    cos_y = [[math.cos(math.pi * y * j / height) for j in range(ny)] for y in range(height)]
    out = bytearray(width * height * 3)
    offset = 0
    for y in range(height):
        # Fold the row's y-basis into the colours once, then each pixel sums nx terms.
        row = [
            tuple(sum(cos_y[y][j] * colours[i + j * nx][c] for j in range(ny)) for c in range(3))
            for i in range(nx)
        ]
        for x in range(width):
            basis = cos_x[x]
            r = g = b = 0.0
            for i in range(nx):
                weight = basis[i]
                cr, cg, cb = row[i]
                r += weight * cr
                g += weight * cg
                b += weight * cb
            out[offset] = _to_srgb(r)
            out[offset + 1] = _to_srgb(g)
            out[offset + 2] = _to_srgb(b)
            offset += 3
    return bytes(out)
