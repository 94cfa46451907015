"""Settings survive restarts, and a broken file costs neither the app nor the file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reel_qt.core.settings import Settings, SettingsStore, validated


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings = SettingsStore(tmp_path / "settings.json").load()
    assert settings == Settings()
    assert (settings.watched_threshold_percent, settings.skip_intro) == (90, "ask")


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    wanted = replace(
        Settings(),
        theme="light",
        up_next_seconds=20,
        window_maximized=True,
        preferred_audio_language="fra",
    )
    store.save(wanted)
    assert store.load() == wanted
    on_disk = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert on_disk["theme"] == "light" and on_disk["window_maximized"] is True
    assert not (tmp_path / "settings.json.tmp").exists()


@pytest.mark.expect_log_warnings
def test_broken_json_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "light",', encoding="utf-8")
    assert SettingsStore(path).load() == Settings()
    kept = list(tmp_path.glob("settings.json.bad-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == '{"theme": "light",'


@pytest.mark.expect_log_warnings
def test_bad_fields_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "theme": "neon",
                "up_next_seconds": "10",
                "watched_threshold_percent": 85,
                "up_next_enabled": 1,
                "sync_interval_minutes": 2,
                "unknown": 1,
            }
        ),
        encoding="utf-8",
    )
    settings = SettingsStore(path).load()
    assert settings.watched_threshold_percent == 85
    assert settings.theme == "dark"
    assert settings.up_next_seconds == 10
    assert settings.up_next_enabled is True
    assert settings.sync_interval_minutes == 30


def test_saving_never_writes_invalid_values(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(replace(Settings(), skip_credits="sometimes", image_cache_mb=10))
    assert store.load() == Settings()
    assert validated(replace(Settings(), skip_recap="auto")).skip_recap == "auto"
