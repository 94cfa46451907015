"""The player's pure decisions: skip offers, named chapters, tracks, watched, options."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reel_qt.core.records import MarkerKind, MarkerRecord, PlaybackTarget
from reel_qt.core.settings import Settings
from reel_qt.playback.moments import MomentTracker
from reel_qt.playback.mpv_options import core_options, header_fields
from reel_qt.playback.opening import worth_resuming
from reel_qt.playback.progress import is_watched
from reel_qt.playback.skip import chapter_markers, offer_at
from reel_qt.playback.tracks import chapters, language_name, menu_tracks
from reel_qt.playback.wording import clock, describe_playback_error
from reel_qt.ui.playback_state import PlaybackState

INTRO = MarkerRecord(kind=MarkerKind.INTRO, start_ms=10_000, end_ms=40_000)
CREDITS = MarkerRecord(kind=MarkerKind.CREDITS, start_ms=1_200_000, end_ms=None)
CHAPTER = MarkerRecord(kind=MarkerKind.CHAPTER, start_ms=0, end_ms=600_000, title="Part 1")


@pytest.mark.parametrize(
    ("position", "label"),
    [
        (5.0, None),
        (10.0, "Skip intro"),
        (39.0, "Skip intro"),
        (39.6, None),
        (1250.0, "Skip credits"),
    ],
)
def test_a_skip_is_offered_inside_its_span(position: float, label: str | None) -> None:
    offer = offer_at([CHAPTER, INTRO, CREDITS], position, 1300.0, Settings())
    assert (offer.label if offer else None) == label


def test_never_hides_the_offer_and_auto_says_so() -> None:
    assert offer_at([INTRO], 20.0, 100.0, replace(Settings(), skip_intro="never")) is None
    offer = offer_at([INTRO], 20.0, 100.0, replace(Settings(), skip_intro="auto"))
    assert offer is not None and offer.mode == "auto" and offer.end_s == 40.0


def test_chapters_named_like_an_intro_or_credits_become_markers() -> None:
    listed = [
        {"title": "Opening", "time": 0.0},
        {"title": "Part A", "time": 90.0},
        {"title": "Ending Credits", "time": 1200.0},
    ]
    found = chapter_markers(listed, 1300.0)
    assert [(m.kind, m.start_ms, m.end_ms) for m in found] == [
        (MarkerKind.INTRO, 0, 90_000),
        (MarkerKind.CREDITS, 1_200_000, 1_300_000),
    ]
    assert chapters(listed)[1] == {"time": 90.0, "title": "Part A"}


def test_tracks_read_as_people_expect() -> None:
    track_list = [
        {"id": 1, "type": "video", "codec": "h264"},
        {"id": 1, "type": "audio", "lang": "fra", "codec": "aac", "demux-channel-count": 6},
        {"id": 1, "type": "sub", "lang": "eng", "title": "SDH", "forced": True},
        {"id": 2, "type": "sub", "external": True, "codec": "subrip", "selected": True},
    ]
    assert menu_tracks(track_list, "audio") == [
        {"trackId": 1, "label": "French (aac, 6 ch)", "language": "fra", "selected": False}
    ]
    subs = menu_tracks(track_list, "sub")
    assert [s["label"] for s in subs] == ["English · SDH (forced)", "Track 2 (subrip, external)"]
    assert subs[1]["selected"]
    assert language_name("deu") == "German" and language_name("xx") == "xx"


def test_watched_past_the_threshold() -> None:
    assert not is_watched(89.9, 100.0, 90)
    assert is_watched(90.0, 100.0, 90)
    assert not is_watched(10.0, 0.0, 90)


def test_times_and_errors_in_words() -> None:
    assert clock(2530) == "42:10"
    assert clock(3723.9) == "1:02:03"
    assert clock(-3) == "0:00"
    assert "format" in describe_playback_error("unrecognized file format")
    assert "unreachable" in describe_playback_error("loading failed")


def test_mpv_options_follow_the_settings() -> None:
    options = core_options(replace(Settings(), preferred_audio_language="jpn"))
    assert options["vo"] == "libmpv" and options["hwdec"] == "auto-safe"
    assert options["alang"] == "jpn" and options["cache"] == "yes"
    assert core_options(Settings(), hardware_decoding="no")["gpu-hwdec-interop"] == "no"
    target = PlaybackTarget(url="http://x", headers={"Authorization": 'MediaBrowser Token="a,b"'})
    assert header_fields(target.headers) == ['Authorization: MediaBrowser Token="a,b"']


def test_the_playback_state_mirrors_mpv(qapp: object) -> None:
    state = PlaybackState()
    changes: list[str] = []
    state.tracksChanged.connect(lambda: changes.append("tracks"))
    state.apply("time-pos", 12.5)
    state.apply("duration", None)  # unavailable between files: the last value stays
    state.apply("sid", False)
    state.apply("aid", 2)
    state.apply("seeking", True)
    assert (state.position, state.duration, state.subtitleId, state.audioId) == (12.5, 0.0, 0, 2)
    assert state.buffering and changes == ["tracks"]
    state.apply("volume", 40.0)
    state.reset()
    assert state.position == 0.0 and state.volume == 40.0  # the volume outlives a file


def test_auto_skips_happen_once_and_up_next_counts_down() -> None:
    settings = replace(Settings(), skip_intro="auto", up_next_seconds=10)
    tracker = MomentTracker(settings, [INTRO])
    assert tracker.at(12.0, 100.0, [], has_next=True).skip_to == 40.0
    # Seeking back into the intro does not throw the user out of it again.
    assert tracker.at(15.0, 100.0, [], has_next=True).skip_to is None
    assert not tracker.at(89.0, 100.0, [], has_next=True).up_next
    moment = tracker.at(91.2, 100.0, [], has_next=True)
    assert moment.up_next and moment.countdown == 9
    assert not tracker.at(95.0, 100.0, [], has_next=False).up_next  # a film, or the last one
    tracker.dismiss_up_next()
    assert not tracker.at(95.0, 100.0, [], has_next=True).up_next
    off = MomentTracker(replace(settings, up_next_enabled=False))
    assert not off.at(95.0, 100.0, [], has_next=True).up_next


def test_resuming_is_offered_past_the_threshold_only() -> None:
    assert not worth_resuming(0, 3_600_000, 5)
    assert not worth_resuming(60_000, 3_600_000, 5)
    assert worth_resuming(600_000, 3_600_000, 5)
    assert worth_resuming(1_000, None, 5)  # unknown length: offer it
