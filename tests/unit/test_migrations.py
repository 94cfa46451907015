"""alembic owns the schema: every path up and down works, and a failure loses nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import reel_qt.store.tables  # noqa: F401  (registers the tables on the metadata)
from reel_qt.core.errors import MigrationError
from reel_qt.core.paths import migrations_dir
from reel_qt.core.records import MarkerKind, MarkerRecord
from reel_qt.store.database import Database, make_engine
from reel_qt.store.migrations import (
    current_revision,
    downgrade_database,
    head_revision,
    pending,
    upgrade_database,
)
from reel_qt.store.repositories.listing import get_item
from reel_qt.store.repositories.markers import get_markers


def _revisions() -> list[str]:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    scripts = ScriptDirectory.from_config(config)
    return [rev.revision for rev in reversed(list(scripts.walk_revisions()))]


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        return {r[0] for r in rows if not r[0].startswith(("sqlite_", "media_fts_"))}


def _fill_initial_rows(path: Path) -> None:
    """A source, a library and a movie with credits, a track and progress, per revision."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(
            "INSERT INTO sources (id, type, name, config, online, needs_sign_in, created_at, "
            "updated_at) VALUES (1, 'jellyfin', 'Home', '{}', 1, 0, 0, 0)"
        )
        conn.execute(
            "INSERT INTO libraries (id, source_id, remote_id, name, kind, item_count, "
            "created_at, updated_at) VALUES (1, 1, 'L', 'Films', 'movies', 1, 0, 0)"
        )
        conn.execute(
            "INSERT INTO media_items (id, source_id, library_id, remote_id, type, title, "
            "sort_title, genres, studios, available, synced_at, overview) VALUES "
            "(7, 1, 1, 'm', 'movie', 'Amélie', 'amelie', '[\"Romance\"]', '[]', 1, 0, "
            "'A shy waitress in Montmartre.')"
        )
        conn.execute(
            "INSERT INTO people (id, source_id, remote_id, name) "
            "VALUES (3, 1, 'p', 'Audrey Tautou')"
        )
        columns = {row[1] for row in conn.execute("PRAGMA table_info(credits)")}
        if "person_id" in columns:  # one row per credit and per track, up to 0003
            conn.execute(
                "INSERT INTO credits (item_id, kind, person_id, role, sort_order) "
                "VALUES (7, 'actor', 3, 'Amélie', 0)"
            )
            conn.execute(
                "INSERT INTO media_streams (item_id, stream_index, type, codec, language, "
                "is_default, is_forced, is_external, channels) "
                "VALUES (7, 1, 'audio', 'aac', 'fra', 1, 0, 0, 2)"
            )
        else:  # one row per item since 0004, naming the person by key since 0007
            person = '"p"' if "media_markers" in _tables(path) else "3"
            conn.execute(f'INSERT INTO credits VALUES (7, \'[[{person},"actor","Amélie"]]\')')
            conn.execute(
                "INSERT INTO media_streams VALUES "
                '(7, \'[[1,"audio","aac","fra",null,true,false,false,2,null,null,null]]\')'
            )
        has_index = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'media_fts'").fetchone()
        if has_index:  # as the repositories do once the search index exists
            conn.execute(
                "INSERT INTO media_fts (rowid, title, original_title, overview, genres, people) "
                "VALUES (7, 'Amélie', NULL, 'A shy waitress in Montmartre.', 'Romance', "
                "'Audrey Tautou')"
            )
        conn.execute(
            "INSERT INTO playback_progress (item_id, position_ms, watched, play_count, favorite, "
            "updated_at, dirty) VALUES (7, 4200, 0, 0, 0, 0, 1)"
        )
        tables = _tables(path)
        if "markers" in tables:  # one row per marker from 0003 to 0006
            conn.executemany(
                "INSERT INTO markers (item_id, kind, start_ms, end_ms, title) "
                "VALUES (?, ?, ?, ?, ?)",
                [(7, "credits", 5_400_000, 5_700_000, None), (7, "chapter", 0, None, "Opening")],
            )
        elif "media_markers" in tables:  # one row per item since 0007
            conn.execute(
                "INSERT INTO media_markers VALUES "
                '(7, \'[["chapter",0,null,"Opening"],["credits",5400000,5700000,null]]\')'
            )


_MARKERS = [
    MarkerRecord(kind=MarkerKind.CHAPTER, start_ms=0, title="Opening"),
    MarkerRecord(kind=MarkerKind.CREDITS, start_ms=5_400_000, end_ms=5_700_000),
]


def test_upgrade_from_empty_reaches_head(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    report = upgrade_database(db, tmp_path / "backups")
    assert report.from_revision is None
    assert report.to_revision == head_revision() == _revisions()[-1]
    assert report.backup_path is None
    assert current_revision(db) == head_revision()
    assert not pending(db)
    expected = {
        "sources",
        "libraries",
        "media_items",
        "people",
        "credits",
        "media_streams",
        "playback_progress",
        "sync_state",
        "media_fts",
        "media_items_fts_delete",
    }
    assert expected <= _tables(db)


def test_migrated_schema_matches_the_table_definitions(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    engine = make_engine(db, immediate=False)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    # FTS5 keeps its index in shadow tables SQLModel does not declare.
    unexpected = [
        d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("media_fts"))
    ]
    assert unexpected == []


@pytest.mark.parametrize("start", _revisions()[:-1])
def test_upgrade_from_every_revision_keeps_data(tmp_path: Path, start: str) -> None:
    db = tmp_path / "reel.sqlite3"
    backups = tmp_path / "backups"
    upgrade_database(db, backups)
    downgrade_database(db, start)
    assert current_revision(db) == start
    _fill_initial_rows(db)

    report = upgrade_database(db, backups)
    assert report.from_revision == start
    assert report.backup_path is not None and report.backup_path.exists()
    assert current_revision(report.backup_path) == start

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT title FROM media_items").fetchall() == [("Amélie",)]
        assert conn.execute("SELECT position_ms, dirty FROM playback_progress").fetchall() == [
            (4200, 1)
        ]
        # Items stored before the search index existed are found through it.
        for query in ('"amelie"*', '"tautou"', '"romance"', '"montmartre"'):
            hits = conn.execute("SELECT rowid FROM media_fts WHERE media_fts MATCH ?", (query,))
            assert hits.fetchall() == [(7,)], query
    _assert_credits_and_tracks(db)
    if start >= "0003":  # markers came with 0003
        assert _stored_markers(db) == _MARKERS


def _stored_markers(db: Path) -> list[MarkerRecord]:
    database = Database(db)
    try:
        return database.read_sync(lambda c: get_markers(c, 7))
    finally:
        database.close()


def _assert_credits_and_tracks(db: Path) -> None:
    database = Database(db)
    try:
        detail = database.read_sync(lambda c: get_item(c, 7))
    finally:
        database.close()
    assert detail is not None
    assert [(c.person_id, c.name, c.kind, c.role) for c in detail.credits] == [
        (3, "Audrey Tautou", "actor", "Amélie")
    ]
    assert [(s.index, s.type, s.language, s.is_default, s.channels) for s in detail.streams] == [
        (1, "audio", "fra", True, 2)
    ]


def test_downgrade_keeps_credits_tracks_and_search(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    _fill_initial_rows(db)
    with sqlite3.connect(db) as conn:  # written but not yet indexed, as after a sync batch
        conn.execute("DELETE FROM media_fts")
        conn.execute("INSERT INTO search_queue (item_id) VALUES (7)")
    for target in reversed(_revisions()[:-1]):
        downgrade_database(db, target)
        if "0003" <= target < "0007":  # one row per marker again
            with sqlite3.connect(db) as conn:
                assert conn.execute(
                    "SELECT kind, start_ms, end_ms, title FROM markers ORDER BY start_ms"
                ).fetchall() == [
                    ("chapter", 0, None, "Opening"),
                    ("credits", 5_400_000, 5_700_000, None),
                ]
        if target >= "0004":  # later revisions keep 0004's packed rows and queue as they are
            continue
        with sqlite3.connect(db) as conn:
            if target >= "0002":
                hits = conn.execute("SELECT rowid FROM media_fts WHERE media_fts MATCH 'tautou'")
                assert hits.fetchall() == [(7,)], target
            assert conn.execute(
                "SELECT kind, person_id, role, sort_order FROM credits"
            ).fetchall() == [("actor", 3, "Amélie", 0)]
            assert conn.execute(
                "SELECT stream_index, type, language, is_default, channels FROM media_streams"
            ).fetchall() == [(1, "audio", "fra", 1, 2)]
    upgrade_database(db, tmp_path / "backups")
    _assert_credits_and_tracks(db)


def test_downgrade_step_by_step_back_to_empty(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    revisions = _revisions()
    for target in [*reversed(revisions[:-1]), "base"]:
        downgrade_database(db, target)
        assert current_revision(db) == (None if target == "base" else target)
    assert _tables(db) == {"alembic_version"}
    # And back up again from nothing.
    upgrade_database(db, tmp_path / "backups")
    assert current_revision(db) == head_revision()


def test_no_backup_when_nothing_is_pending(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    backups = tmp_path / "backups"
    upgrade_database(db, backups)
    report = upgrade_database(db, backups)
    assert report.backup_path is None
    assert not backups.exists() or list(backups.iterdir()) == []


@pytest.mark.expect_log_warnings
def test_a_failed_migration_restores_the_previous_file(tmp_path: Path) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision()
    (scripts / "versions" / "0099_broken.py").write_text(
        f'''"""A revision that fails halfway."""
from alembic import op
revision = "0099_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None
def upgrade():
    op.execute("CREATE TABLE half_done (x INTEGER)")
    op.execute("UPDATE playback_progress SET position_ms = 0")
    raise RuntimeError("disk on fire")
def downgrade():
    pass
''',
        encoding="utf-8",
    )
    db = tmp_path / "reel.sqlite3"
    backups = tmp_path / "backups"
    upgrade_database(db, backups)
    _fill_initial_rows(db)

    with pytest.raises(MigrationError, match=r"0099_broken.*disk on fire.*restored"):
        upgrade_database(db, backups, script_location=scripts)

    assert current_revision(db) == head
    assert "half_done" not in _tables(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT position_ms FROM playback_progress").fetchall() == [(4200,)]
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert len(list(backups.glob("reel-*.sqlite3"))) == 1


def test_a_database_from_a_newer_reel_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db.read_bytes()
    with pytest.raises(MigrationError, match="newer version of Reel"):
        upgrade_database(db, tmp_path / "backups")
    assert db.read_bytes() == before


def test_only_the_last_backups_are_kept(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    backups = tmp_path / "backups"
    first = _revisions()[0]
    for _ in range(5):
        upgrade_database(db, backups)
        downgrade_database(db, first)
    assert len(list(backups.glob("reel-*.sqlite3"))) == 3


def test_sort_titles_take_their_numbers_by_value_and_back(tmp_path: Path) -> None:
    db = tmp_path / "reel.sqlite3"
    upgrade_database(db, tmp_path / "backups")
    downgrade_database(db, "0007_prepared_rows")
    _fill_initial_rows(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE media_items SET sort_title = 'chapter 2 of 10' WHERE id = 7")

    upgrade_database(db, tmp_path / "backups")
    with sqlite3.connect(db) as conn:
        [(key,)] = conn.execute("SELECT sort_title FROM media_items").fetchall()
    assert key == "chapter 0000000002 of 0000000010"

    downgrade_database(db, "0007_prepared_rows")
    with sqlite3.connect(db) as conn:
        [(key,)] = conn.execute("SELECT sort_title FROM media_items").fetchall()
    assert key == "chapter 2 of 10"
