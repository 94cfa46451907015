"""The headless commands, run as a user runs them: the real entry point in a subprocess."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reel_qt import cli
from reel_qt.backends.registry import BackendRegistry
from reel_qt.core.paths import DataPaths
from reel_qt.runtime import Runtime
from reel_qt.sync import manager as sync_manager
from reel_qt.sync.credentials import CredentialStore
from tests.factories import MOVIES, SHOWS, movie, show_tree
from tests.fakes.keyrings import InMemoryKeyring
from tests.fakes.memory_backend import MemoryBackend

ROOT = Path(__file__).resolve().parents[2]


def reel(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run `python -m reel_qt --data-dir DATA ARGS...` and capture everything."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    return subprocess.run(
        [sys.executable, "-m", "reel_qt", "--data-dir", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def ok_json(data: Path, *args: str) -> Any:
    done = reel(data, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def fails(data: Path, *args: str, code: int = 1) -> str:
    done = reel(data, *args)
    assert done.returncode == code, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


async def _fill(data: Path) -> dict[str, int]:
    runtime = await Runtime.create(DataPaths(data))
    try:
        s = runtime.service
        home = await s.add_source(type="jellyfin", name="Living Room", url="http://127.0.0.1:8096")
        films = (await s.replace_libraries(home.id, [MOVIES, SHOWS])).created
        await s.upsert_items(
            home.id, films[0], [movie("m1", "The Matrix"), movie("m2", "Heat", year=1995)]
        )
        await s.upsert_items(home.id, films[1], show_tree("bb", "Breaking Bad", 1, 2))
        await s.finish_library_sync(home.id, films)
        matrix = (await s.search("matrix"))[0].id
        await s.save_progress(matrix, position_ms=600_000, duration_ms=8_160_000)
        return {"source": home.id, "movies": films[0], "shows": films[1], "matrix": matrix}
    finally:
        runtime.close()


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    data = tmp_path / "data"
    return data, asyncio.run(_fill(data))


def test_empty_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert ok_json(data, "source", "list") == []
    assert ok_json(data, "ls") == []
    assert ok_json(data, "search", "matrix") == []
    assert "No sources yet" in reel(data, "source", "list").stdout
    assert "No items" in reel(data, "ls").stdout
    summary = ok_json(data, "sync")
    assert summary == {"event": "summary", "ok": True, "sources": []}
    assert fails(data, "info", "42") == "reel: No item with id 42."
    assert fails(data, "source", "remove", "7") == "reel: No source with id 7."
    assert fails(data, "play", "42") == "reel: No item with id 42."
    assert fails(data, "ls", "--source", "3") == "reel: No source with id 3."


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["source", "add", "plex", "--token-stdin"],
            "reel: No token on standard input: write your Plex token to it (with --token-stdin).",
        ),
        (
            ["source", "add", "plex", "--server-url", "http://127.0.0.1:9"],
            "reel: Give the server's token with --token-stdin (write it to standard input), "
            "or leave out --server-url to sign in through plex.tv.",
        ),
    ],
)
def test_adding_plex_without_a_token_is_explained(
    tmp_path: Path, args: list[str], line: str
) -> None:
    # Plex is available now (see test_plex_cli.py); these fail before any network use.
    assert fails(tmp_path / "data", *args) == line


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["ls", "--type", "film"],
        ["info", "abc"],
        ["search"],
        ["search", "x", "--limit", "0"],
        ["source", "add", "jellyfin"],
        ["source", "add", "jellyfin", "h", "--bogus"],
        ["source"],
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    assert fails(tmp_path / "data", *args, code=2).startswith("reel")


def test_filled_database(filled: tuple[Path, dict[str, int]]) -> None:
    data, ids = filled
    [source] = ok_json(data, "source", "list")
    assert (source["name"], source["type"], source["item_count"], source["online"]) == (
        "Living Room",
        "jellyfin",
        6,
        True,
    )
    rows = ok_json(data, "ls")
    assert len(rows) == 6
    assert set(rows[0]) == {
        "id",
        "source_id",
        "library_id",
        "type",
        "title",
        "year",
        "parent_id",
        "season_number",
        "episode_number",
        "duration_ms",
        "watched",
        "position_ms",
    }
    movies = ok_json(data, "ls", "--type", "movie")
    assert [(m["title"], m["year"]) for m in movies] == [("Heat", 1995), ("The Matrix", 1999)]
    matrix = next(m for m in movies if m["title"] == "The Matrix")
    assert (matrix["position_ms"], matrix["watched"]) == (600_000, False)
    episodes = ok_json(data, "ls", "--library", str(ids["shows"]), "--type", "episode")
    assert [(e["season_number"], e["episode_number"]) for e in episodes] == [(1, 1), (1, 2)]
    assert all(e["parent_id"] is not None for e in episodes)
    assert (
        ok_json(data, "ls", "--source", str(ids["source"]), "--type", "show")[0]["title"]
        == "Breaking Bad"
    )

    hits = ok_json(data, "search", "keanu", "--limit", "5")
    assert {h["title"] for h in hits} == {"The Matrix", "Heat"}
    info = ok_json(data, "info", str(ids["matrix"]))
    assert info["title"] == "The Matrix"
    assert (info["credits"][0]["name"], info["credits"][0]["role"]) == ("Keanu Reeves", "Neo")
    assert [s["language"] for s in info["streams"] if s["type"] == "audio"] == ["eng"]
    assert info["progress"]["position_ms"] == 600_000 and info["progress"]["dirty"] is True
    text = reel(data, "info", str(ids["matrix"])).stdout
    assert "The Matrix (1999)" in text and "Keanu Reeves — actor (Neo)" in text
    assert "resume at 10:00" in text

    done = reel(data, "source", "remove", str(ids["source"]))
    assert done.returncode == 0 and "Removed source" in done.stdout
    assert ok_json(data, "source", "list") == []
    assert ok_json(data, "ls") == []


def test_sync_of_a_source_whose_sign_in_is_gone_fails_in_json(
    filled: tuple[Path, dict[str, int]],
) -> None:
    data, ids = filled
    done = reel(data, "sync", "--json")
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0] == {"event": "started", "source_id": ids["source"]}
    assert lines[-1]["event"] == "summary" and lines[-1]["ok"] is False
    assert lines[-1]["sources"][0]["error"] == (
        "Reel has no sign-in for Living Room in the keyring. Sign in again."
    )
    [source] = ok_json(data, "source", "list")
    assert source["status"] == "needs sign-in"
    assert done.stderr.count("\n") == 1 and "sync of source" in done.stderr
    assert fails(data, "sync", "99") == "reel: No source with id 99."


@pytest.mark.expect_log_warnings
def test_sync_streams_progress_and_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    paths = DataPaths(data)

    async def add_source() -> None:
        runtime = await Runtime.create(paths)
        await runtime.service.add_source(type="jellyfin", name="Fake")
        runtime.close()

    asyncio.run(add_source())
    backend = MemoryBackend(
        libraries_served=[MOVIES],
        records={MOVIES.remote_id: [movie(f"m{i}", f"F{i}") for i in range(5)]},
        fail_after_pages=1,
    )
    backends = BackendRegistry({"jellyfin": lambda _source: backend})

    assert cli.run_command(cli.parse(["sync", "--json"]), paths, backends=backends) == 1
    first = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["event"] for e in first] == ["started", "progress", "failed", "summary"]
    assert (first[1]["done"], first[1]["total"]) == (2, 5)

    backend.fail_after_pages = None
    assert cli.run_command(cli.parse(["sync", "--json"]), paths, backends=backends) == 0
    second = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # Resumed after the 2 stored items; pages queued behind the writer may commit together.
    progress = [(e["done"], e["total"]) for e in second if e["event"] == "progress"]
    assert progress[-1] == (5, 5) and set(progress) <= {(4, 5), (5, 5)}
    assert second[-1]["sources"][0]["items_written"] == 3
    assert backend.requested_starts == [("lib-movies", 0), ("lib-movies", 2), ("lib-movies", 4)]


def test_doctor(tmp_path: Path, filled: tuple[Path, dict[str, int]]) -> None:
    empty = reel(tmp_path / "empty", "doctor")
    assert empty.returncode == 0, empty.stdout
    lines = empty.stdout.splitlines()
    assert lines[0].startswith("ok    libmpv: mpv ")
    assert lines[1].startswith("warn  keyring: No secure keyring")
    assert any(line.startswith("ok    database:") for line in lines)

    data, _ = filled
    done = reel(data, "doctor", "--json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    checks = {c["check"]: c for c in report["checks"]}
    assert checks["schema"]["status"] == "ok"
    source_check = next(c for name, c in checks.items() if name.startswith("source 1"))
    assert source_check["status"] == "FAIL"
    assert source_check["detail"] == (
        "Reel has no sign-in for Living Room in the keyring. Sign in again."
    )
    assert report["ok"] is False

    database = data / "reel.sqlite3"
    raw = bytearray(database.read_bytes())
    raw[4096 : 4096 + 2048] = b"\xde\xad" * 1024  # scribble over a table page
    database.write_bytes(bytes(raw))
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    broken = reel(data, "doctor")
    assert broken.returncode == 1
    assert any(line.startswith("FAIL  database") for line in broken.stdout.splitlines())


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal, as an interactive shell's is."""

    def isatty(self) -> bool:
        return True


def test_sync_draws_a_progress_bar_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = DataPaths(tmp_path / "data")

    credentials = CredentialStore(InMemoryKeyring())

    async def add_source() -> None:
        runtime = await Runtime.create(paths, credentials=credentials)
        await runtime.service.add_source(type="jellyfin", name="Fake")
        runtime.close()

    asyncio.run(add_source())
    records = {MOVIES.remote_id: [movie(f"m{i}", f"F{i}") for i in range(4)]}
    backend = MemoryBackend(libraries_served=[MOVIES], records=records)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    # One page per transaction, so the bar has a frame per page to draw.
    monkeypatch.setattr(sync_manager, "WRITE_BATCH", 1)
    code = cli.run_command(
        cli.parse(["sync"]),
        paths,
        credentials=credentials,
        backends=BackendRegistry({"jellyfin": lambda _s: backend}),
    )
    assert code == 0
    frames = terminal.getvalue().split("\r")
    assert "[###############---------------] 2/4" in frames[1]
    assert "[##############################] 4/4" in frames[2]
    assert terminal.getvalue().endswith("\n")
    assert capsys.readouterr().out == "Fake: 4 items written, 0 removed\n"
