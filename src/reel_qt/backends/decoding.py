"""Decoding server replies: straight from bytes into typed shapes, failures in words."""

from __future__ import annotations

import logging
from typing import TypeVar

import msgspec

from reel_qt.core.errors import InvalidResponseError

log = logging.getLogger("reel.backends")

T = TypeVar("T")
CursorT = TypeVar("CursorT", bound="StoredCursor")

_DECODERS: dict[tuple[type, bool], msgspec.json.Decoder[object]] = {}


def decode(body: bytes, shape: type[T], what: str, *, server: str, strict: bool = True) -> T:
    """Decode a JSON reply into its typed shape (decoders are built once per shape).

    `server` names the kind of server in the message ("Jellyfin server"); `strict=False`
    lets numbers sent as strings through, as some plugins send them.

    Raises:
        InvalidResponseError: the body is not JSON or not the documented shape.
    """
    decoder = _DECODERS.get((shape, strict))
    if decoder is None:
        decoder = _DECODERS[shape, strict] = msgspec.json.Decoder(shape, strict=strict)
    try:
        return decoder.decode(body)  # type: ignore[return-value]
    except msgspec.DecodeError as error:
        start = body.lstrip()[:64].lower()
        if start.startswith((b"<?xml", b"<mediacontainer")):
            detail = (
                "XML instead of JSON (something between Reel and the server, or the "
                "server itself, ignores Reel's request for JSON)"
            )
        elif start.startswith(b"<"):
            detail = f"a web page instead of JSON (HTML or XML: is this really a {server}?)"
        elif not body:
            detail = "an empty reply"
        else:
            detail = f"a reply Reel cannot read ({error})"
        raise InvalidResponseError(f"The server sent {detail} for {what}.") from error


class StoredCursor(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Base of a backend's sync cursor: stored as compact JSON, unreadable means start over."""

    def encode(self) -> str:
        """The cursor as the sync state stores it."""
        return msgspec.json.encode(self).decode()

    @classmethod
    def parse(cls: type[CursorT], text: str | None) -> CursorT | None:
        """A stored cursor, or None when absent or unreadable (meaning: read everything)."""
        if not text:
            return None
        try:
            return msgspec.json.decode(text, type=cls)
        except msgspec.DecodeError:
            log.info("ignoring an unreadable sync cursor; reading the library again")
            return None
