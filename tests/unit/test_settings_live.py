"""Settings applied live: the sync interval, the image cache's cap and Clear, the view-model."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reel_qt.core.paths import DataPaths
from reel_qt.core.settings import Settings
from reel_qt.core.tasks import TaskRegistry
from reel_qt.sync.manager import SourceSyncResult
from reel_qt.sync.scheduler import SyncScheduler
from reel_qt.ui.image_cache_view_model import usage_in_words
from reel_qt.ui.images.disk_cache import ImageDiskCache
from reel_qt.ui.settings_view_model import SAVE_DELAY_S, SettingsViewModel

KB = 1024
MB = 1024 * KB


class _Manager:
    """Records when each sync starts (loop time)."""

    def __init__(self) -> None:
        self.started: list[float] = []
        self.synced = asyncio.Event()

    async def sync_sources(
        self, source_ids: Sequence[int] | None = None, *, full: bool = False
    ) -> list[SourceSyncResult]:
        self.started.append(asyncio.get_running_loop().time())
        self.synced.set()
        return []


async def test_a_new_interval_shortens_the_wait_under_way() -> None:
    manager = _Manager()
    scheduler = SyncScheduler(manager, interval_minutes=60)  # type: ignore[arg-type]
    task = asyncio.create_task(scheduler.run(startup_delay_s=0.0))
    try:
        await asyncio.wait_for(manager.synced.wait(), 5)
        manager.synced.clear()
        first = manager.started[0]
        await asyncio.sleep(0.2)
        assert len(manager.started) == 1  # an hour to go
        # A fraction of a minute keeps the test short; the wait is measured from its start.
        scheduler.set_interval(0.01)  # type: ignore[arg-type]  # 0.6 s
        assert scheduler.interval_s == 0.6
        await asyncio.sleep(0.2)
        assert len(manager.started) == 1, "changing the interval does not sync by itself"
        await asyncio.wait_for(manager.synced.wait(), 5)
        assert 0.55 <= manager.started[1] - first < 1.0
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def _fill(cache: ImageDiskCache, count: int, size: int) -> list[str]:
    keys = [f"k{n}" for n in range(count)]
    for key in keys:
        cache.put(key, b"x" * size)
    return keys


def test_a_lower_limit_evicts_at_once_and_clear_empties_the_folder(tmp_path: Path) -> None:
    cache = ImageDiskCache(tmp_path / "art", 100 * KB)
    keys = _fill(cache, 10, 8 * KB)
    assert cache.total_bytes == 80 * KB
    cache.set_limit(20 * KB)
    assert cache.total_bytes <= 20 * KB
    left = sorted(p.stem for p in (tmp_path / "art").iterdir())
    assert left == keys[-2:]  # the most recently stored stay
    assert cache.clear() == 2
    assert list((tmp_path / "art").iterdir()) == []
    assert cache.total_bytes == 0 and not cache.mark_used(keys[-1])
    cache.put("again", b"y" * KB)  # still usable, with the new cap
    assert cache.total_bytes == KB


def test_usage_in_words() -> None:
    assert usage_in_words(143 * MB + 100, 500 * MB) == "143 MB of 500 MB"
    assert usage_in_words(0, 500 * MB) == "Empty · up to 500 MB"
    assert usage_in_words(MB // 2, 2048 * MB) == "0.5 MB of 2 GB"


async def test_the_view_model_refuses_in_words_applies_and_saves_once(
    tmp_path: Path, qapp: Any
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    tasks = TaskRegistry()
    model = SettingsViewModel(tasks, Settings(), paths)
    applied: list[Settings] = []
    errors: list[str] = []
    model.settingsApplied.connect(applied.append)
    model.errorOccurred.connect(errors.append)

    model.setProperty("syncIntervalMinutes", 2)
    assert model.property("syncIntervalMinutes") == 30 and applied == []
    assert "between 5 minutes and 1,440 minutes" in errors[-1]
    assert model.property("errorMessage") == errors[-1]
    model.setProperty("skipIntro", "sometimes")
    assert model.settings.skip_intro == "ask" and "not a choice" in errors[-1]

    model.setProperty("syncIntervalMinutes", 45)
    model.setProperty("skipIntro", "auto")
    model.setProperty("upNextEnabled", False)
    assert model.property("errorMessage") == ""  # an accepted value clears the refusal
    assert [s.sync_interval_minutes for s in applied] == [45, 45, 45]
    assert (applied[-1].skip_intro, applied[-1].up_next_enabled) == ("auto", False)
    assert not paths.settings.exists()  # not yet: changes close together make one write
    await asyncio.sleep(SAVE_DELAY_S + 0.3)
    on_disk = json.loads(paths.settings.read_text(encoding="utf-8"))
    assert (on_disk["sync_interval_minutes"], on_disk["skip_intro"]) == (45, "auto")
    assert on_disk["up_next_enabled"] is False

    model.setProperty("theme", "light")
    assert model.property("lightTheme") is True
    await model.save_now(Settings(theme="light", window_width=999))
    await asyncio.sleep(SAVE_DELAY_S + 0.2)  # the pending write was dropped: no overwrite
    assert json.loads(paths.settings.read_text(encoding="utf-8"))["window_width"] == 999
    await tasks.shutdown()
