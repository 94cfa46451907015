"""Fixtures shared by every test folder: a migrated database file and the data service."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reel_qt.core.events import EventBus
from reel_qt.core.paths import DataPaths
from reel_qt.store.database import Database
from reel_qt.store.migrations import upgrade_database
from reel_qt.store.service import DataService
from tests.clips import ClipMaker

# Without a display (a plain `pytest tests/unit`), Qt would abort; scripts/run-tests.sh runs
# everything under Xvfb with the xcb platform, which the video tests need.
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """Free each test's garbage on the main thread.

    A test's Qt objects (event buses, view-models) left in reference cycles would
    otherwise be freed by whichever thread next triggers a collection: the store's writer
    or a parse thread, where destroying a QObject can crash the process.
    """
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _no_unexpected_log_warnings(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """Fail a test that makes Reel log a warning or error it did not declare it expects."""
    yield
    if request.node.get_closest_marker("expect_log_warnings"):
        return
    unexpected = [
        f"{r.levelname} {r.name}: {r.getMessage()}"
        for r in caplog.get_records("call")
        if r.levelno >= logging.WARNING and r.name.startswith("reel")
    ]
    assert unexpected == [], "unexpected log warnings:\n" + "\n".join(unexpected)


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    """A fresh, empty data dir."""
    return DataPaths(tmp_path / "data").ensure()


@pytest.fixture
def database(data_paths: DataPaths) -> Iterator[Database]:
    """A real SQLite file upgraded to the newest schema through the migrations."""
    upgrade_database(data_paths.database, data_paths.backups)
    db = Database(data_paths.database)
    yield db
    db.close()


@pytest.fixture
def bus() -> EventBus:
    """A fresh event bus."""
    return EventBus()


@pytest.fixture
def service(database: Database, bus: EventBus) -> DataService:
    """The data service over the migrated database."""
    return DataService(database, bus)


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> ClipMaker:
    """Real clips made with ffmpeg, each spec encoded once per test session."""
    return ClipMaker(tmp_path_factory.mktemp("clips"))
