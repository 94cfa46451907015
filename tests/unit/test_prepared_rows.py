"""What the page parsing process prepares for the store: the JSON rows, the people, slices."""

from __future__ import annotations

import json

from reel_qt.core.prepared import PreparedRows
from reel_qt.core.records import (
    CreditKind,
    MarkerKind,
    MarkerRecord,
    PersonCredit,
    StreamRecord,
    StreamType,
    VersionRecord,
)
from tests.factories import movie


def test_rows_name_people_by_key_and_pack_tracks_versions_and_markers() -> None:
    heat = movie(
        "m1",
        "Heat",
        people=(
            PersonCredit(name="Al Pacino", kind=CreditKind.ACTOR, role="Hanna", remote_id="17"),
            PersonCredit(name="Michael Mann", kind=CreditKind.DIRECTOR),  # no id: keyed by name
        ),
        streams=(StreamRecord(index=1, type=StreamType.AUDIO, codec="ac3", channels=6),),
        versions=(
            VersionRecord(id="a", name="4K", width=3840, height=2160, hdr=True),
            VersionRecord(id="b", width=1920, height=1080, size=5),
        ),
        markers=(
            MarkerRecord(kind=MarkerKind.CREDITS, start_ms=9_000, end_ms=9_500),
            MarkerRecord(kind=MarkerKind.CHAPTER, start_ms=0, title="One"),
            MarkerRecord(kind=MarkerKind.CHAPTER, start_ms=0, title="One again"),  # same span
        ),
    )
    bare = movie("m2", "Ran", people=(), streams=(), markers=None)
    rows = PreparedRows.of([heat, bare])

    assert json.loads(rows.credits[0] or "") == [
        ["17", "actor", "Hanna"],
        ["Michael Mann", "director", None],
    ]
    assert json.loads(rows.streams[0] or "") == [
        [1, "audio", "ac3", None, None, False, False, False, 6, None, None, None]
    ]
    assert json.loads(rows.versions[0] or "") == [
        ["a", "4K", 3840, 2160, None, True, None, None],
        ["b", None, 1920, 1080, None, False, None, 5],
    ]
    # Playback order; a span listed twice is kept once, the last listing winning.
    assert json.loads(rows.markers[0] or "") == [
        ["chapter", 0, None, "One again"],
        ["credits", 9_000, 9_500, None],
    ]
    assert (rows.credits[1], rows.streams[1], rows.versions[1], rows.markers[1]) == (
        None,
        None,
        None,
        None,
    )
    assert rows.people == {"17": ("Al Pacino", None), "Michael Mann": ("Michael Mann", None)}
    assert len(set(rows.digests)) == 2
    assert rows.sort_titles == ["heat", "ran"]


def test_joined_and_sliced_rows_stay_in_step_with_their_records() -> None:
    first = [movie("a", "A"), movie("b", "B")]
    second = [
        movie(
            "c",
            "C",
            people=(PersonCredit(name="Keanu R.", kind=CreditKind.ACTOR, remote_id="p1"),),
        )
    ]
    joined = PreparedRows.joined([PreparedRows.of(first), PreparedRows.of(second)])
    whole = PreparedRows.of([*first, *second])
    assert joined.digests == whole.digests and joined.credits == whole.credits
    # A later mention of a person wins, as it would in one list.
    assert joined.people["p1"] == ("Keanu R.", None) == whole.people["p1"]
    assert (
        joined.people
        == whole.people
        == {
            "p1": ("Keanu R.", None),
            "p2": ("Lana Wachowski", None),
        }
    )

    tail = joined.sliced(1, 3)
    assert tail.digests == whole.digests[1:] and tail.markers == whole.markers[1:]
    assert tail.sort_titles == ["b", "c"]
    assert tail.people == joined.people  # the people of the whole, a superset
