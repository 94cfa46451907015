"""Versions: parsed from Jellyfin's MediaSources and Plex's Media (recorded samples), stored
at sync, carried by the page worker, seen as a change, and described for the chooser."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import msgspec
import pytest

from reel_qt.backends.jellyfin import parsers as jellyfin
from reel_qt.backends.page_parsing import PROCESS_THRESHOLD_BYTES, PageParser
from reel_qt.backends.plex import parsers as plex
from reel_qt.core.records import VersionRecord, record_digest
from reel_qt.store.migrations import downgrade_database, upgrade_database
from reel_qt.store.service import DataService
from reel_qt.store.views import VersionView
from reel_qt.ui.item_details import version_label, versions_list
from tests import specs
from tests.factories import MOVIES, movie
from tests.unit.test_plex_parsers import pms_json

JELLYFIN_MOVIE = specs.FIXTURES / "jellyfin" / "ha_jellyfin_item_movie.json"


def _jellyfin_movie_with_two_sources() -> dict[str, Any]:
    """The recorded movie with its one MediaSource made into two real-looking versions."""
    item = json.loads(JELLYFIN_MOVIE.read_text(encoding="utf-8"))
    [recorded] = item["MediaSources"]
    hd, uhd = copy.deepcopy(recorded), copy.deepcopy(recorded)
    hd.update(Id="a1b2", Name="1080p", Bitrate=8_000_000, Size=6_000_000_000)
    hd["MediaStreams"][0].update(Codec="h264", Width=1920, Height=800, VideoRange="SDR")
    uhd.update(Id="c3d4", Name="4K", Bitrate=18_400_000, Size=21_000_000_000)
    uhd["MediaStreams"][0].update(Codec="hevc", Width=3840, Height=1600, VideoRange="HDR")
    item["MediaSources"] = [hd, uhd]
    return item


def _jellyfin_page(*items: dict[str, Any]) -> bytes:
    return json.dumps({"Items": list(items), "TotalRecordCount": len(items)}).encode()


def test_jellyfin_media_sources_become_versions() -> None:
    page = jellyfin.media_page(_jellyfin_page(_jellyfin_movie_with_two_sources()), "x")
    assert page.records[0].versions == (
        VersionRecord(id="a1b2", name="1080p", width=1920, height=800, codec="h264",
                      hdr=False, bitrate=8_000_000, size=6_000_000_000),
        VersionRecord(id="c3d4", name="4K", width=3840, height=1600, codec="hevc",
                      hdr=True, bitrate=18_400_000, size=21_000_000_000),
    )  # fmt: skip


def test_one_jellyfin_media_source_is_no_versions() -> None:
    recorded = json.loads(JELLYFIN_MOVIE.read_text(encoding="utf-8"))
    assert len(recorded["MediaSources"]) == 1
    [record] = jellyfin.media_page(_jellyfin_page(recorded), "x").records
    assert record.versions == ()
    # Its tracks still come from that source when MediaStreams is not asked for.
    del recorded["MediaStreams"]
    [record] = jellyfin.media_page(_jellyfin_page(recorded), "x").records
    assert [s.type for s in record.streams] == ["video"]


def _plex_movie_with_two_media() -> bytes:
    """The recorded movie (720p H.264, one Media) with a second, 4K HDR HEVC one added."""
    reply = msgspec.json.decode(pms_json("ha_plex_library_metadata_movie_1.xml"))
    item = reply["MediaContainer"]["Metadata"][0]
    [recorded] = item["Media"]
    uhd = copy.deepcopy(recorded)
    uhd.update(id="2638", width="3840", height="2160", videoCodec="hevc", bitrate="24000",
               videoResolution="4k")  # fmt: skip
    uhd["Part"][0].update(id="4632", size="20000000000",
                          key="/library/parts/4632/1215643935/file.mkv")  # fmt: skip
    uhd["Part"][0]["Stream"][0].update(colorTrc="smpte2084", width="3840", height="2160")
    item["Media"] = [recorded, uhd]
    return msgspec.json.encode(reply)


def test_plex_media_become_versions() -> None:
    [record] = plex.media_page(_plex_movie_with_two_media(), "x")
    # Values from the recorded sample (720p, 7500 kbps, 8.5 GB) and the one added above.
    assert record.versions == (
        VersionRecord(id="2637", width=1280, height=544, codec="h264", hdr=False,
                      bitrate=7_500_000, size=8_500_000_000),
        VersionRecord(id="2638", width=3840, height=2160, codec="hevc", hdr=True,
                      bitrate=24_000_000, size=20_000_000_000),
    )  # fmt: skip


def test_one_plex_media_is_no_versions() -> None:
    [record] = plex.media_page(pms_json("ha_plex_library_metadata_movie_1.xml"), "x")
    assert record.versions == ()


def test_a_change_of_versions_changes_the_digest() -> None:
    first = VersionRecord(id="a", height=1080, codec="h264")
    second = VersionRecord(id="b", height=2160, codec="hevc", hdr=True)
    both = movie("m1", "Heat", versions=(first, second))
    assert record_digest(both) != record_digest(movie("m1", "Heat"))
    changed = movie("m1", "Heat", versions=(first, msgspec.structs.replace(second, hdr=False)))
    assert record_digest(both) != record_digest(changed)
    assert record_digest(both) == record_digest(movie("m1", "Heat", versions=(first, second)))


async def test_the_page_worker_carries_versions() -> None:
    item = _jellyfin_movie_with_two_sources()
    items = [dict(item, Id=f"m{n}") for n in range(80)]
    body = _jellyfin_page(*items)
    assert len(body) >= PROCESS_THRESHOLD_BYTES
    parser = PageParser()
    try:
        page = await parser.parse(jellyfin.media_page, body, "a big page")
        worker = parser._worker  # looked inside to prove a process did the work
        assert worker is not None and worker.pid != os.getpid()
    finally:
        parser.close()
    assert page == jellyfin.media_page(body, "here").shipped()
    # The versions travel packed, as the store writes them.
    assert [v[0] for v in json.loads(page.prepared.versions[5] or "[]")] == ["a1b2", "c3d4"]


async def test_versions_are_stored_and_replaced(service: DataService) -> None:
    source = await service.add_source(type="jellyfin", name="Home", url="http://127.0.0.1:8096")
    await service.replace_libraries(source.id, [MOVIES])
    [library] = await service.list_libraries(source.id)
    hd = VersionRecord(id="a", name="1080p", width=1920, height=1080, codec="h264",
                       bitrate=8_000_000, size=6_000_000_000)  # fmt: skip
    uhd = VersionRecord(id="b", name="4K", width=3840, height=2160, codec="hevc", hdr=True,
                        bitrate=18_000_000, size=21_000_000_000)  # fmt: skip
    created = await service.upsert_items(
        source.id, library.id, [movie("m1", "Heat", versions=(hd, uhd)), movie("m2", "Ran")]
    )
    heat, ran = created.created
    stored = (await service.get_item(heat)).versions
    assert stored == (
        VersionView("a", "1080p", 1920, 1080, "h264", False, 8_000_000, 6_000_000_000),
        VersionView("b", "4K", 3840, 2160, "hevc", True, 18_000_000, 21_000_000_000),
    )
    assert (await service.get_item(ran)).versions == ()
    # The server merged the files back into one: the item changed, its versions are gone.
    updated = await service.upsert_items(source.id, library.id, [movie("m1", "Heat")])
    assert updated.updated == [heat]
    assert (await service.get_item(heat)).versions == ()


@pytest.mark.parametrize(
    ("version", "label"),
    [
        (VersionView("b", "4K", 3840, 1600, "hevc", True, 18_400_000, 21_000_000_000),
         "4K HDR · HEVC · 18 Mbps"),
        (VersionView("a", None, 1920, 800, "h264", False, 8_000_000, None),
         "1080p · H264 · 8 Mbps"),
        (VersionView("c", None, 1280, 720, "h264", False, 900_000, None), "720p · H264 · 900 kbps"),
        (VersionView("d", "Director's cut", None, None, None, False, None, None), "Director's cut"),
    ],
)  # fmt: skip
def test_version_labels_people_understand(version: VersionView, label: str) -> None:
    assert version_label(version) == label


async def test_the_chooser_lists_name_size_and_quality(service: DataService) -> None:
    source = await service.add_source(type="jellyfin", name="Home", url="http://127.0.0.1:8096")
    await service.replace_libraries(source.id, [MOVIES])
    [library] = await service.list_libraries(source.id)
    uhd = VersionRecord(id="b", name="4K", width=3840, height=2160, codec="hevc", hdr=True,
                        bitrate=18_000_000, size=21_400_000_000)  # fmt: skip
    hd = VersionRecord(id="a", width=1920, height=1080, codec="h264", bitrate=8_000_000)
    created = await service.upsert_items(
        source.id, library.id, [movie("m1", "Heat", versions=(uhd, hd))]
    )
    # The factory's movie has 5.1 audio.
    assert versions_list(await service.get_item(created.created[0])) == [
        {"id": "b", "label": "4K HDR · HEVC · 18 Mbps", "detail": "4K · 21.4 GB",
         "quality": "4K HDR · HEVC · 5.1"},
        {"id": "a", "label": "1080p · H264 · 8 Mbps", "detail": "",
         "quality": "1080p · H264 · 5.1"},
    ]  # fmt: skip


def test_the_migration_adds_versions_and_asks_for_a_full_listing(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    downgrade_database(db, "0005_local_files")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO sources (id, type, name, config, online, needs_sign_in, created_at, "
            "updated_at) VALUES (1, 'jellyfin', 'Home', '{}', 1, 0, 0, 0)"
        )
        conn.execute(
            "INSERT INTO libraries (id, source_id, remote_id, name, kind, item_count, "
            "created_at, updated_at) VALUES (1, 1, 'L', 'Films', 'movies', 0, 0, 0)"
        )
        conn.execute(
            "INSERT INTO sync_state (library_id, cursor, items_done) VALUES (1, 'since:42', 9)"
        )
    upgrade_database(db, tmp_path / "backups")
    with sqlite3.connect(db) as conn:
        # Items synced before had their versions left out: the next sync lists everything.
        assert conn.execute("SELECT cursor, items_done FROM sync_state").fetchall() == [(None, 9)]
        assert conn.execute("SELECT count(*) FROM media_versions").fetchall() == [(0,)]
