"""The page parsing process: `python -m reel_qt.backends.page_worker`.

It reads requests from stdin and answers on stdout, one at a time, in frames of a 4-byte
big-endian length and a MessagePack body. A request is `[parser, what, body]`, where
`parser` names a page parsing function as "module:function" inside `reel_qt.backends`;
the answer is a byte 1 and the parsed page as MessagePack, or a byte 0 and
`[error class, message]`.
It imports only the parsers (no Qt, no database), so it starts fast and stays small.
"""

from __future__ import annotations

import importlib
import struct
import sys
from collections.abc import Callable
from typing import IO

import msgspec

# Not page_parsing: the worker needs none of the app side.
from reel_qt.core.errors import InvalidResponseError

_LENGTH = struct.Struct(">I")
_ENCODER = msgspec.msgpack.Encoder()
_PARSERS: dict[str, Callable[[bytes, str], object]] = {}

PARSED = b"\x01"
FAILED = b"\x00"
INVALID_RESPONSE = "InvalidResponseError"


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame's body, or None at the end of the stream."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    body = stream.read(length)
    if len(body) < length:
        return None
    return body


def write_frame(stream: IO[bytes], body: bytes) -> None:
    """Send one frame and flush it."""
    stream.write(_LENGTH.pack(len(body)))
    stream.write(body)
    stream.flush()


def parser_named(name: str) -> Callable[[bytes, str], object]:
    """The page parsing function named "module:function" (only inside reel_qt.backends)."""
    found = _PARSERS.get(name)
    if found is None:
        module, _, function = name.partition(":")
        if not module.startswith("reel_qt.backends.") or not function.isidentifier():
            raise ValueError(f"not a page parser: {name!r}")
        found = _PARSERS[name] = getattr(importlib.import_module(module), function)
    return found


def answer(request: bytes) -> bytes:
    """The answer frame to one request frame."""
    name, what, body = msgspec.msgpack.decode(request, type=tuple[str, str, bytes])
    try:
        page = parser_named(name)(body, what)
    except InvalidResponseError as error:
        return FAILED + _ENCODER.encode((INVALID_RESPONSE, str(error)))
    except Exception as error:  # reported to the app, which parses the page itself
        return FAILED + _ENCODER.encode((type(error).__name__, str(error)))
    # Imported here: page_parsing imports this module for its framing.
    from reel_qt.backends.page_parsing import ParsedPage

    if isinstance(page, ParsedPage):
        page = page.shipped()
    return PARSED + _ENCODER.encode(page)


def main() -> int:
    """Serve requests until stdin closes."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (request := read_frame(stdin)) is not None:
        write_frame(stdout, answer(request))
    return 0


if __name__ == "__main__":
    sys.exit(main())
