"""What the scan learns about one video, as stored in the file index between scans."""

from __future__ import annotations

import msgspec

from reel_qt.backends.local.names import ParsedName
from reel_qt.backends.local.probe import ProbeFacts

#: Bump when parsing or probing changes meaning: every file is then read again once.
FACTS_VERSION = 1


class FileFacts(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """A video's parsed name and probed metadata, or why it could not be read."""

    version: int = FACTS_VERSION
    kind: str = "auto"  # the source kind the name was parsed for
    name: ParsedName | None = None
    probe: ProbeFacts | None = None
    error: str | None = None


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(FileFacts)


def encode_facts(facts: FileFacts) -> bytes:
    """Compact bytes for the index."""
    return _ENCODER.encode(facts)


def decode_facts(data: bytes) -> FileFacts | None:
    """Facts back from the index; None when they are from another version or damaged."""
    try:
        facts = _DECODER.decode(data)
    except msgspec.DecodeError:
        return None
    return facts if facts.version == FACTS_VERSION else None


class FactsHeader(msgspec.Struct, frozen=True, gc=False):
    """The part of stored facts that item ids need (msgspec skips the rest unread)."""

    version: int = 0
    kind: str = "auto"
    name: ParsedName | None = None


_HEADER = msgspec.msgpack.Decoder(FactsHeader)


def decode_header(data: bytes, kind: str) -> FactsHeader | None:
    """Stored facts' header, cheaply; None when stale (another version or source kind)."""
    try:
        header = _HEADER.decode(data)
    except msgspec.DecodeError:
        return None
    return header if header.version == FACTS_VERSION and header.kind == kind else None
