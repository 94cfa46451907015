"""What the store writes for a list of records besides their rows, computed ahead.

A full sync is bound by the writer thread. The parts of a record the store keeps as one
JSON row per item (credits, tracks, versions, markers), its content digest and the people
it credits depend on the record alone, so the page parsing process prepares them along
with the records (`PreparedRows.of`), and the writer only binds them. Records written
without them (a local scan, a small page) are prepared by the store itself, the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from reel_qt.core.records import (
    MarkerRecord,
    MediaRecord,
    StreamRecord,
    VersionRecord,
    record_digest,
)
from reel_qt.core.text import sort_title

_JSON = msgspec.json.Encoder()

#: A person as the store keeps them: person key -> (name, image).
PersonRow = tuple[str, str | None]


class PreparedRows(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """Per record, in order: digest, sort key, packed JSON rows (None: no row); and the people.

    `people` is every person the records credit, by key (the last mention wins); a
    slice of the rows keeps the people of the whole.
    """

    digests: list[int]
    sort_titles: list[str]  # `core.text.sort_title` of the server's sort title, or the title
    credits: list[str | None]
    streams: list[str | None]
    versions: list[str | None]
    markers: list[str | None]
    people: dict[str, PersonRow]

    @classmethod
    def of(cls, records: Sequence[MediaRecord]) -> PreparedRows:
        """Prepare these records."""
        encode = _JSON.encode
        credits: list[str | None] = []
        people: dict[str, PersonRow] = {}
        for r in records:
            if not r.people:
                credits.append(None)
                continue
            for c in r.people:
                people[c.remote_id or c.name] = (c.name, c.image_ref)
            credits.append(
                encode([(c.remote_id or c.name, str(c.kind), c.role) for c in r.people]).decode()
            )
        return cls(
            digests=[record_digest(r) for r in records],
            sort_titles=[sort_title(r.sort_title or r.title) for r in records],
            credits=credits,
            streams=[
                encode([_track(s) for s in r.streams]).decode() if r.streams else None
                for r in records
            ],
            versions=[
                encode([_version(v) for v in r.versions]).decode() if r.versions else None
                for r in records
            ],
            markers=[pack_markers(r.markers) if r.markers else None for r in records],
            people=people,
        )

    @classmethod
    def joined(cls, parts: Sequence[PreparedRows]) -> PreparedRows:
        """The rows of several lists of records, one after the other."""
        if len(parts) == 1:
            return parts[0]
        people: dict[str, PersonRow] = {}
        for part in parts:
            people.update(part.people)
        return cls(
            digests=[d for p in parts for d in p.digests],
            sort_titles=[t for p in parts for t in p.sort_titles],
            credits=[c for p in parts for c in p.credits],
            streams=[s for p in parts for s in p.streams],
            versions=[v for p in parts for v in p.versions],
            markers=[m for p in parts for m in p.markers],
            people=people,
        )

    def sliced(self, start: int, stop: int) -> PreparedRows:
        """The rows of records start to stop (the people of all)."""
        return PreparedRows(
            digests=self.digests[start:stop],
            sort_titles=self.sort_titles[start:stop],
            credits=self.credits[start:stop],
            streams=self.streams[start:stop],
            versions=self.versions[start:stop],
            markers=self.markers[start:stop],
            people=self.people,
        )


def _track(s: StreamRecord) -> tuple[object, ...]:
    # [index, type, codec, language, title, is_default, is_forced, is_external, channels,
    #  width, height, location]: the layout repositories/streams.py reads.
    return (
        s.index,
        str(s.type),
        s.codec,
        s.language,
        s.title,
        s.is_default,
        s.is_forced,
        s.is_external,
        s.channels,
        s.width,
        s.height,
        s.location,
    )


def _version(v: VersionRecord) -> tuple[object, ...]:
    # [id, name, width, height, codec, hdr, bitrate, size]: what repositories/versions.py reads.
    return (v.id, v.name, v.width, v.height, v.codec, v.hdr, v.bitrate, v.size)


def pack_markers(markers: Sequence[MarkerRecord]) -> str:
    """Markers as the store keeps them: `[kind, start_ms, end_ms, title]` in playback order.

    Keyed by (kind, start), as a marker is known: a repeated marker counts once.
    """
    spans = {(m.kind.value, m.start_ms): m for m in markers}
    ordered = sorted(spans.values(), key=lambda m: (m.start_ms, m.kind.value))
    return _JSON.encode([(m.kind.value, m.start_ms, m.end_ms, m.title) for m in ordered]).decode()
