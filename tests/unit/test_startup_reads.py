"""What start-up reads quickly: the schema check without alembic, Recently added by index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from msgspec.structs import replace

from reel_qt.core.paths import DataPaths, migrations_dir
from reel_qt.core.records import ItemType, MediaRecord
from reel_qt.store.migrations import head_revision, quick_head, upgrade_database
from reel_qt.store.service import DataService
from tests.factories import MOVIES, SHOWS, movie, show_tree

DAY_MS = 86_400_000


def _versions(folder: Path, revisions: dict[str, str]) -> Path:
    """A migrations folder whose files hold only the given revision headers."""
    (folder / "versions").mkdir(parents=True)
    for name, header in revisions.items():
        (folder / "versions" / f"{name}.py").write_text(f'"""{name}"""\n{header}\n')
    return folder


def test_quick_head_agrees_with_alembic_and_gives_up_when_unsure(tmp_path: Path) -> None:
    assert quick_head() == head_revision() == quick_head(migrations_dir())
    linear = _versions(
        tmp_path / "linear",
        {
            "a": 'revision: str = "a"\ndown_revision: str | None = None',
            "b": "revision = 'b'\ndown_revision = 'a'",
        },
    )
    assert quick_head(linear) == "b"
    merged = _versions(
        tmp_path / "merged",
        {
            "a": 'revision = "a"\ndown_revision = None',
            "b": 'revision = "b"\ndown_revision = "a"',
            "c": 'revision = "c"\ndown_revision = "a"',
            "m": 'revision = "m"\ndown_revision = ("b", "c")',
        },
    )
    assert quick_head(merged) is None  # a merge: alembic decides
    forked = _versions(
        tmp_path / "forked",
        {
            "a": 'revision = "a"\ndown_revision = None',
            "b": 'revision = "b"\ndown_revision = "a"',
            "c": 'revision = "c"\ndown_revision = "a"',
        },
    )
    assert quick_head(forked) is None  # two heads


def test_a_current_database_opens_without_loading_alembic(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    upgrade_database(paths.database, paths.backups)  # made and migrated once
    check = (
        "import sys; from pathlib import Path\n"
        "from reel_qt.store.migrations import upgrade_database\n"
        f"report = upgrade_database(Path({str(paths.database)!r}), Path({str(paths.backups)!r}))\n"
        "print(report.backup_path, 'alembic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["None", "False"]
    assert list(paths.backups.glob("*")) == []


async def test_recently_added_merges_every_library_newest_first(service: DataService) -> None:
    source = await service.add_source(type="jellyfin", name="Home", url="http://127.0.0.1:9")
    movies, shows = (await service.replace_libraries(source.id, [MOVIES, SHOWS])).created
    start = 1_700_000_000_000
    films = [movie(f"m{n}", f"Film {n}", added_at=start + 2 * n * DAY_MS) for n in range(5)]
    await service.upsert_items(source.id, movies, films)
    for n in range(3):  # shows added between the films; their episodes are even newer
        tree = show_tree(f"s{n}", f"Show {n}", 1, 2)
        tree = [
            replace(r, added_at=start + (2 * n + 1) * DAY_MS)
            if r.type == ItemType.SHOW
            else replace(r, added_at=start + 100 * DAY_MS)
            for r in tree
        ]
        await service.upsert_items(source.id, shows, tree)
    old = MediaRecord(remote_id="x", type=ItemType.MOVIE, title="Undated")  # no date: left out
    await service.upsert_items(source.id, movies, [old])

    rows = await service.home_rows(limit=6)
    assert [r.title for r in rows["recent"]] == [
        "Film 4", "Film 3", "Show 2", "Film 2", "Show 1", "Film 1",
    ]  # fmt: skip
