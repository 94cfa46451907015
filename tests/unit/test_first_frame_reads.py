"""The first frame's reads: plain sqlite3 on a current file, nothing of the store stack."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from pathlib import Path

from reel_qt.core.paths import DataPaths
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.service import DataService
from reel_qt.store.startup_reads import StartupReader, read_ahead
from reel_qt.store.views import PosterRow
from tests.factories import MOVIES, SHOWS, movie

DAY_MS = 86_400_000
START = 1_700_000_000_000


async def _filled(service: DataService) -> int:
    """A source with four dated films, two of them started; returns the source id."""
    source = await service.add_source(type="jellyfin", name="Den", url="http://127.0.0.1:9")
    movies, _shows = (await service.replace_libraries(source.id, [MOVIES, SHOWS])).created
    films = [
        movie(f"m{n}", title, added_at=START + n * DAY_MS)
        for n, title in enumerate(["Alien", "Brazil", "Casablanca", "Dune"])
    ]
    await service.upsert_items(source.id, movies, films)
    ids = {row.title: row.id for row in await service.list_items(ItemFilter(library_id=movies))}
    await service.save_progress(ids["Brazil"], position_ms=60_000, duration_ms=6_000_000)
    await service.save_progress(ids["Alien"], position_ms=90_000, duration_ms=6_000_000)
    return source.id


def ids_by_title(rows: dict[str, list[PosterRow]], title: str) -> int:
    """The id of the film with that title in Home's rows."""
    return next(r.id for row in rows.values() for r in row if r.title == title)


async def test_the_reader_sees_home_and_the_sources_as_the_store_does(
    service: DataService, data_paths: DataPaths
) -> None:
    source_id = await _filled(service)
    reader = await StartupReader.open(data_paths.database)
    assert reader is not None

    rows = await reader.home_rows(limit=3)
    assert [r.title for r in rows["recent"]] == ["Dune", "Casablanca", "Brazil"]
    assert [r.title for r in rows["continue"]] == ["Alien", "Brazil"]  # last played first
    assert rows["continue"][0].position_ms == 90_000
    assert rows["next"] == []  # no show in progress
    assert rows == await service.home_rows(limit=3)  # the same rows as through the store

    sources = await reader.list_sources()
    assert [(s.id, s.name, s.type, s.item_count) for s in sources] == [
        (source_id, "Den", "jellyfin", 4)
    ]
    assert sources == await service.list_sources()
    libraries = await reader.list_libraries()
    assert [(lib.source_id, lib.name) for lib in libraries] == [
        (source_id, "Movies"),
        (source_id, "TV Shows"),
    ]
    assert libraries == await service.list_libraries()

    # Read ahead in a thread (while the QML loads): the first calls are served from it.
    ahead = read_ahead(data_paths.database).result(timeout=30)
    assert ahead is not None
    assert await ahead.home_rows() == await service.home_rows()
    assert await ahead.list_sources() == sources
    assert await ahead.list_libraries() == libraries
    await service.save_progress(ids_by_title(rows, "Dune"), position_ms=5_000, duration_ms=60_000)
    again = await ahead.home_rows()  # later calls read the file again
    assert [r.title for r in again["continue"]][:1] == ["Dune"]


async def test_the_store_goes_first_when_the_file_is_not_current(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    assert await StartupReader.open(missing) is None
    assert not missing.exists()  # looking did not create it

    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    assert await StartupReader.open(empty) is None  # never migrated

    older = tmp_path / "older.sqlite3"
    with contextlib.closing(sqlite3.connect(older)) as conn, conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001_initial')")
    assert await StartupReader.open(older) is None  # a migration is pending


def test_the_window_module_loads_without_the_store_stack() -> None:
    check = (
        "import sys\n"
        "import reel_qt.app\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'keyring', 'reel_qt.store.service',"
        " 'reel_qt.runtime')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
