"""Unreadable files and folders never stop a local scan: they are reported, the rest goes on.

Permissions mean nothing to root (`chmod 000` changes nothing for it), so when the tests
run as root the scan and the sync run in a child process that drops to `nobody` and
prints what it saw as JSON; otherwise they run in this process. The tree lives under a
world-readable temp folder so that `nobody` can reach everything but the two locked
entries. The interpreter itself lives under /root (mode 0700), so the child imports its
modules while still root and drops before it touches the tree or the database.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reel_qt.backends.local.backend import LocalBackend
from reel_qt.backends.local.examine import Examiner
from reel_qt.backends.local.index import IndexEntry
from reel_qt.backends.local.names import parse_name
from reel_qt.backends.local.scan import Scan
from reel_qt.backends.local.walk import DEFAULT_SKIP_FOLDERS
from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.events import EventBus
from reel_qt.core.paths import DataPaths
from reel_qt.core.records import SourceType
from reel_qt.store.database import Database
from reel_qt.store.migrations import upgrade_database
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.service import DataService
from reel_qt.store.views import SourceView
from reel_qt.sync.manager import SyncManager
from reel_qt.sync.sources import local_backend
from tests.clips import ClipMaker
from tests.local_tree import PLAIN

NOBODY = 65534
_REPO = Path(__file__).resolve().parents[2]
_MARK = "REEL-RESULT "
#: The child's limit: room for a loaded machine, yet a hang fails before pytest's limit.
_CHILD_TIMEOUT_S = 180


@dataclass
class Locked:
    """The tree: readable films with the titles their names give, and the locked paths."""

    root: Path
    readable: dict[str, str]
    locked_file: str
    locked_folder: str


def _copy_clip(clips: ClipMaker, target: Path) -> None:
    # A copy, never the shared hard link: chmod on a link would lock every test's clip.
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(clips.make(PLAIN), target)
    target.chmod(0o644)


def build_locked_tree(clips: ClipMaker, root: Path) -> Locked:
    """Two readable films, a film file nobody may read and a folder nobody may open."""
    first = root / "First Light (2001)" / "First Light (2001).mkv"
    beside = root / "Beside Them (2002).mkv"
    locked_file = root / "Shut File (2003)" / "Shut File (2003).mkv"
    locked_folder = root / "Shut Folder (2004)"
    for path in (first, beside, locked_file, locked_folder / "Shut Folder (2004).mkv"):
        _copy_clip(clips, path)
    for folder in (root, first.parent, locked_file.parent):
        folder.chmod(0o755)
    locked_file.chmod(0o000)
    locked_folder.chmod(0o000)
    return Locked(
        root=root,
        readable={str(first): "First Light", str(beside): "Beside Them"},
        locked_file=str(locked_file),
        locked_folder=str(locked_folder),
    )


class MemoryIndex:
    """A FileIndex kept in memory: the scan alone needs no database."""

    def __init__(self) -> None:
        self.entries: dict[str, IndexEntry] = {}

    async def load(self) -> dict[str, IndexEntry]:
        """Every indexed path."""
        return dict(self.entries)

    async def save(self, changed: Mapping[str, IndexEntry], removed: Sequence[str]) -> None:
        """Store changed entries and forget removed ones."""
        self.entries.update(changed)
        for path in removed:
            self.entries.pop(path, None)

    async def available_ids(self) -> set[str]:
        """No library here: nothing is known to be stored."""
        return set()

    async def set_unavailable(self, remote_ids: Sequence[str]) -> None:
        """Nothing to mark: no library here."""


class _Warnings(logging.Handler):
    """Collects what Reel logs at WARNING and above."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def _scan(root: str) -> dict[str, Any]:
    """The local scan alone: its items and its problems."""
    examiner = Examiner()
    scan = Scan([root], "movies", DEFAULT_SKIP_FOLDERS, MemoryIndex(), examiner, None)
    items: list[list[Any]] = []
    try:
        async for page in scan.pages(full=False):
            items += [[r.location, r.title, r.type.value] for r in page.records]
    finally:
        examiner.close()
    return {"items": items, "problems": [[p.path, p.reason] for p in scan.problems]}


def prepare_database(data: str) -> DataPaths:
    """A data folder with the database migrated to head (setup, not under test)."""
    paths = DataPaths(Path(data)).ensure()
    upgrade_database(paths.database, paths.backups)
    return paths


@dataclass
class Library:
    """The real store and a sync manager serving local sources."""

    service: DataService
    manager: SyncManager
    made: list[LocalBackend]

    async def add(self, name: str, *roots: str) -> SourceView:
        """A local source of films over roots."""
        return await self.service.add_source(
            type=SourceType.LOCAL.value, name=name, config={"paths": list(roots), "kind": "movies"}
        )

    async def sync(self, source: SourceView) -> dict[str, Any]:
        """Sync the source; how it ended, what the library holds and what was reported."""
        result = await self.manager.sync_source(source)
        scan = self.made[-1].last_scan
        after = await self.service.get_source(source.id)
        rows = await self.service.list_items(ItemFilter(source_id=source.id))
        details = [await self.service.get_item(row.id) for row in rows]
        return {
            "ok": result.ok,
            "error": result.error,
            "online": after.online,
            "last_error": after.last_error,
            "items": [[d.location, d.title, d.available] for d in details],
            "problems": [[p.path, p.reason] for p in scan.problems] if scan else None,
        }


@asynccontextmanager
async def _library(data: str) -> AsyncIterator[Library]:
    database = Database(DataPaths(Path(data)).database)
    service = DataService(database, EventBus())
    made: list[LocalBackend] = []

    def factory(source: SourceView) -> LocalBackend:
        made.append(local_backend(source, service, None))
        return made[-1]

    try:
        yield Library(service, SyncManager(service, BackendRegistry({"local": factory})), made)
    finally:
        for backend in made:
            await backend.close()
        database.close()


@asynccontextmanager
async def _watched() -> AsyncIterator[_Warnings]:
    """Collect Reel's warnings; fail a hang here rather than at pytest's limit."""
    handler = _Warnings()
    logger = logging.getLogger("reel")
    logger.addHandler(handler)
    try:
        async with asyncio.timeout(120):
            yield handler
    finally:
        logger.removeHandler(handler)


async def scan_and_sync(root: str, data: str) -> dict[str, Any]:
    """Scan the tree, then sync it twice as a source (the second an unchanged rescan)."""
    async with _watched() as warnings, _library(data) as library:
        scanned = await _scan(root)
        source = await library.add("Locked", root)
        runs = [await library.sync(source), await library.sync(source)]
    return {"uid": os.getuid(), "scan": scanned, "runs": runs, "warnings": warnings.messages}


async def lock_a_root(home: str, drive: str, data: str) -> dict[str, Any]:
    """Sync a source over both folders and one over drive alone, then again with drive locked."""
    async with _watched(), _library(data) as library:
        both = await library.add("Both", home, drive)
        alone = await library.add("Drive", drive)
        before = {"both": await library.sync(both), "alone": await library.sync(alone)}
        os.chmod(drive, 0o000)
        try:
            try:
                os.listdir(drive)
            except PermissionError:
                pass
            else:
                raise AssertionError(f"{drive} can still be listed by uid {os.getuid()}")
            after = {"both": await library.sync(both), "alone": await library.sync(alone)}
        finally:
            os.chmod(drive, 0o755)
    return {"uid": os.getuid(), "before": before, "after": after}


async def lock_a_subfolder(home: str, folder: str, data: str) -> dict[str, Any]:
    """Sync a source, twice with one film's folder locked, then with it unlocked."""
    async with _watched(), _library(data) as library:
        source = await library.add("Home", home)
        before = await library.sync(source)
        os.chmod(folder, 0o000)
        try:
            # Twice: the second scan must still know what the folder held.
            locked = [await library.sync(source), await library.sync(source)]
        finally:
            os.chmod(folder, 0o755)
        unlocked = await library.sync(source)
    return {"uid": os.getuid(), "before": before, "locked": locked, "unlocked": unlocked}


def _warm_up() -> None:
    """Load what the scan loads lazily, while the interpreter's files can still be read."""
    from pymediainfo import MediaInfo

    assert MediaInfo.can_parse(), "libmediainfo cannot be loaded"
    parse_name("/films/Warm Up (2000).mkv", "/films", "movies")


_SCENARIOS: dict[str, Callable[..., Coroutine[Any, Any, dict[str, Any]]]] = {
    "tree": scan_and_sync,
    "root": lock_a_root,
    "sub": lock_a_subfolder,
}


def child_main(scenario: str, data: str, *paths: str) -> None:
    """The child's body when the tests run as root: drop to nobody, run, print JSON."""
    _warm_up()
    # Migrating is setup (alembic imports half the interpreter): done as root, then given.
    prepare_database(data)
    for parent, _folders, files in os.walk(data):
        for name in [parent, *(os.path.join(parent, f) for f in files)]:
            os.chown(name, NOBODY, NOBODY)
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    for path in paths:  # the premise: nobody can reach the tree (its locks come later)
        if not os.access(path, os.R_OK | os.X_OK):
            raise SystemExit(f"uid {NOBODY} cannot read {path}")
    result = asyncio.run(_SCENARIOS[scenario](*paths, data))
    print(_MARK + json.dumps(result), flush=True)


_CHILD = (
    "import sys\n"
    "from tests.integration.test_local_unreadable import child_main\n"
    "child_main(*sys.argv[1:])\n"
)


async def _run(scenario: str, data: Path, *paths: Path) -> dict[str, Any]:
    """The scenario as nobody in a child when root, else here; what it saw."""
    if os.getuid() != 0:
        await asyncio.to_thread(prepare_database, str(data))
        return await _SCENARIOS[scenario](*(str(p) for p in paths), str(data))
    args = [scenario, str(data), *(str(p) for p in paths)]
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", _CHILD, *args],
        cwd=_REPO,
        capture_output=True,
        text=True,
        timeout=_CHILD_TIMEOUT_S,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(_MARK)]
    assert done.returncode == 0 and lines, (
        f"the child as nobody failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    result: dict[str, Any] = json.loads(lines[-1][len(_MARK) :])
    assert result["uid"] == NOBODY
    return result


@pytest.fixture
def base() -> Iterator[Path]:
    """A world-readable temp folder (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="reel-unreadable-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for parent, folders, files in os.walk(folder):  # let rmtree in again, as anyone
        for name in folders:  # before the walk goes into it
            os.chmod(os.path.join(parent, name), 0o755)
        for name in files:
            os.chmod(os.path.join(parent, name), 0o644)
    shutil.rmtree(folder)


@pytest.mark.expect_log_warnings
async def test_unreadable_files_and_folders_are_reported_and_the_rest_is_scanned(
    clips: ClipMaker, base: Path
) -> None:
    tree = build_locked_tree(clips, base / "films")
    seen = await _run("tree", base / "data", tree.root)
    locked = {tree.locked_file, tree.locked_folder}

    scan = seen["scan"]
    assert {loc: (title, kind) for loc, title, kind in scan["items"]} == {
        path: (title, "movie") for path, title in tree.readable.items()
    }
    _assert_reported(scan["problems"], locked)

    for run in seen["runs"]:
        assert (run["ok"], run["error"], run["online"], run["last_error"]) == (
            True,
            None,
            True,
            None,
        )
        assert {loc: title for loc, title, _ in run["items"]} == tree.readable
        _assert_reported(run["problems"], locked)
    # Reported to the log too, each by its path (three scans: the scan and two syncs).
    for path in locked:
        assert sum(path in message for message in seen["warnings"]) == 3, seen["warnings"]


@pytest.mark.expect_log_warnings
async def test_a_root_folder_that_turns_unreadable_keeps_its_items(
    clips: ClipMaker, base: Path
) -> None:
    home, drive = base / "home", base / "drive"
    here = home / "Here (2001)" / "Here (2001).mkv"
    away = drive / "Away (2002)" / "Away (2002).mkv"
    for path in (here, away):
        _copy_clip(clips, path)
        path.parent.chmod(0o755)
    home.chmod(0o755)
    drive.chmod(0o755)
    if os.getuid() == 0:
        os.chown(drive, NOBODY, NOBODY)  # so that the child, as nobody, may lock it
    seen = await _run("root", base / "data", home, drive)

    for run in seen["before"].values():
        assert (run["ok"], run["problems"]) == (True, [])
    assert sorted(seen["before"]["both"]["items"]) == [
        [str(away), "Away", True],
        [str(here), "Here", True],
    ]
    # One folder of two locked: the sync goes on, says why, and keeps that folder's film.
    both = seen["after"]["both"]
    assert (both["ok"], both["error"], both["online"], both["last_error"]) == (
        True,
        None,
        True,
        None,
    )
    assert sorted(both["items"]) == [[str(away), "Away", False], [str(here), "Here", True]]
    _assert_reported(both["problems"], {str(drive)})
    # Its only folder locked: the source is offline and says why, but deletes nothing.
    alone = seen["after"]["alone"]
    assert (alone["ok"], alone["online"], alone["last_error"]) == (False, False, alone["error"])
    assert str(drive) in alone["error"] and "permission" in alone["error"].lower()
    assert alone["items"] == [[str(away), "Away", False]]


def _assert_reported(problems: list[list[str]], locked: set[str]) -> None:
    """Each locked path is one problem whose reason says, in words, it is not allowed."""
    reasons = dict(problems)
    assert len(problems) == len(reasons) == len(locked), problems
    assert set(reasons) == locked
    for path, reason in reasons.items():
        assert "permission" in reason.lower(), (path, reason)


@pytest.mark.expect_log_warnings
async def test_a_subfolder_that_turns_unreadable_keeps_its_items_until_it_is_back(
    clips: ClipMaker, base: Path
) -> None:
    home = base / "home"
    here = home / "Here (2001)" / "Here (2001).mkv"
    away = home / "Away (2002)" / "Away (2002).mkv"
    for path in (here, away):
        _copy_clip(clips, path)
        path.parent.chmod(0o755)
    home.chmod(0o755)
    if os.getuid() == 0:
        os.chown(away.parent, NOBODY, NOBODY)  # so that the child, as nobody, may lock it
    seen = await _run("sub", base / "data", home, away.parent)

    both_there = [[str(away), "Away", True], [str(here), "Here", True]]
    assert sorted(seen["before"]["items"]) == both_there
    # The locked folder is reported; its film stays, unavailable, with the syncs a success.
    for locked in seen["locked"]:
        assert (locked["ok"], locked["online"], locked["last_error"]) == (True, True, None)
        assert sorted(locked["items"]) == [[str(away), "Away", False], [str(here), "Here", True]]
        _assert_reported(locked["problems"], {str(away.parent)})
    # Readable again: the film is available again, nothing reported.
    unlocked = seen["unlocked"]
    assert (unlocked["ok"], unlocked["problems"]) == (True, [])
    assert sorted(unlocked["items"]) == both_there
