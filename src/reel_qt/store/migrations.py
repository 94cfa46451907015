"""Bring a database file to the schema this build expects, safely.

alembic owns the schema. Before a pending migration the file is copied aside with
SQLite's online backup API (correct under WAL); if the migration fails, the copy is put
back and the error is reported. Everything here blocks: the app runs it in a worker
thread, never on the UI thread.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reel_qt.core.errors import MigrationError
from reel_qt.core.paths import migrations_dir

if TYPE_CHECKING:  # alembic is imported only when a file needs migrating (start-up cost)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("reel.store.migrations")

KEEP_BACKUPS = 3
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(
    r"^down_revision\s*(?::[^=]*)?=\s*(?:None|[\"']([^\"']+)[\"'])\s*$", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class MigrationReport:
    """What an upgrade did: from which revision to which, and where the copy went."""

    from_revision: str | None
    to_revision: str
    backup_path: Path | None


def _config(script_location: Path | None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or migrations_dir()))
    return config


def _scripts(script_location: Path | None) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(script_location))


def head_revision(script_location: Path | None = None) -> str:
    """The newest revision this build knows."""
    head = _scripts(script_location).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def current_revision(path: Path) -> str | None:
    """The revision a database file is at (None for a new or empty file)."""
    if not path.exists():
        return None
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def quick_head(script_location: Path | None = None) -> str | None:
    """The one head read straight from the revision files, or None when unsure.

    Importing alembic and loading its scripts costs ~0.25 s at every start; this reads
    the `revision`/`down_revision` lines only, and any file it cannot read that way
    (a merge, an unusual layout) makes it answer None so alembic decides.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for file in ((script_location or migrations_dir()) / "versions").glob("*.py"):
        text = file.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def pending(path: Path, script_location: Path | None = None) -> bool:
    """Whether the file needs an upgrade."""
    return current_revision(path) != head_revision(script_location)


def _migrate(path: Path, target: str, script_location: Path | None, *, down: bool) -> None:
    from alembic import command

    from reel_qt.store.database import make_engine

    engine = make_engine(path, immediate=True)
    try:
        with engine.begin() as connection:
            config = _config(script_location)
            config.attributes["connection"] = connection
            if down:
                command.downgrade(config, target)
            else:
                command.upgrade(config, target)
    finally:
        engine.dispose()


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    from alembic.util.exc import CommandError

    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


def _backup(path: Path, backups_dir: Path, revision: str | None) -> Path:
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"reel-{revision or 'empty'}-{stamp}-{time.time_ns() % 10**9}.sqlite3"
    with (
        contextlib.closing(sqlite3.connect(path)) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    old = sorted(backups_dir.glob("reel-*.sqlite3"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target


def _restore(backup: Path, path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, path)


def upgrade_database(
    db_path: Path, backups_dir: Path, *, script_location: Path | None = None
) -> MigrationReport:
    """Upgrade the file to head, copying it aside first when it already holds data.

    Raises:
        MigrationError: the file was made by a newer Reel, or a migration failed (the
            previous file has then been restored).
    """
    current = current_revision(db_path)
    if current is not None and current == quick_head(script_location):
        return MigrationReport(current, current, None)  # the usual start: nothing to do
    scripts = _scripts(script_location)
    head = head_revision(script_location)
    if current == head:
        return MigrationReport(current, head, None)
    if current is not None and not _known(scripts, current):
        raise MigrationError(
            f"The library database {db_path} was made by a newer version of Reel "
            f"(schema {current}); update Reel to open it."
        )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    backup = _backup(db_path, backups_dir, current) if current is not None else None
    log.info("upgrading %s from %s to %s", db_path, current or "empty", head)
    try:
        _migrate(db_path, head, script_location, down=False)
    except Exception as error:
        log.exception("migration of %s failed", db_path)
        if backup is not None:
            _restore(backup, db_path)
            where = f"the previous file was restored (a copy is kept at {backup})"
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            where = "no data was lost (the database was new)"
        raise MigrationError(
            f"Upgrading the library database to schema {head} failed "
            f"({type(error).__name__}: {error}); {where}."
        ) from error
    return MigrationReport(current, head, backup)


def downgrade_database(
    db_path: Path, revision: str, *, script_location: Path | None = None
) -> None:
    """Take the file back to an older revision ("base" for empty); for tests and tools."""
    _migrate(db_path, revision, script_location, down=True)
