"""`reel source add jellyfin`, `reel sync`, `ls`, `search`, `info` against the fake server.

Each command is a separate process, as a user runs them, so the token must survive in
the real keyring (the test session's gnome-keyring) between them.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from reel_qt.sync.credentials import CredentialStore
from tests.fakes.jellyfin import FakeJellyfin

ROOT = Path(__file__).resolve().parents[2]


async def reel(data: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """Run the real entry point in a subprocess while the fake keeps serving on this loop."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reel_qt",
        "--data-dir",
        str(data),
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin.encode()), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def ok_json(data: Path, *args: str) -> Any:
    code, out, err = await reel(data, *args, "--json")
    assert code == 0, err
    return json.loads(out)


async def test_add_sync_and_browse_a_jellyfin_server(
    tmp_path: Path, fake_jellyfin: FakeJellyfin
) -> None:
    assert CredentialStore().is_secure, (
        "this test needs the test session's gnome-keyring: run it through scripts/run-tests.sh"
    )
    data = tmp_path / "data"
    code, out, err = await reel(
        data,
        "source",
        "add",
        "jellyfin",
        f"127.0.0.1:{fake_jellyfin.port}",
        "--username",
        "reel",
        "--password-stdin",
        stdin="secret\n",
    )
    assert code == 0, err
    assert f"Found {fake_jellyfin.server_name} (Jellyfin 10.11.0)" in out
    assert "Added source 1" in out
    settings = data / "settings.json"
    for path in (data / "reel.sqlite3", settings):
        if path.exists():
            assert b"secret" not in path.read_bytes()
    token = fake_jellyfin.requests_to("/Users/AuthenticateByName")[0]
    assert token.status == 200

    code, _, err = await reel(
        data,
        "source",
        "add",
        "jellyfin",
        fake_jellyfin.url,
        "--username",
        "reel",
        "--password-stdin",
        stdin="nope\n",
    )
    assert code == 1
    assert err.strip() == "reel: The server did not accept that user name and password."

    code, out, err = await reel(data, "sync", "--json")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    summary = events[-1]
    counts = fake_jellyfin.counts
    assert summary["ok"] is True
    assert summary["sources"][0]["items_written"] == sum(counts.values())
    assert any(e["event"] == "progress" for e in events)

    [source] = await ok_json(data, "source", "list")
    assert (source["type"], source["status"], source["item_count"]) == (
        "jellyfin",
        "ok",
        sum(counts.values()),
    )
    movies = await ok_json(data, "ls", "--type", "movie")
    assert sorted(m["title"] for m in movies) == sorted(
        m.name for m in fake_jellyfin.library.movies
    )
    played = {m.name for m in fake_jellyfin.library.movies if m.played}
    assert {m["title"] for m in movies if m["watched"]} == played

    target = next(m for m in fake_jellyfin.library.movies if m.overview and m.people)
    word = target.name.split()[0]
    hits = await ok_json(data, "search", word, "--limit", "50")
    assert target.name in {h["title"] for h in hits}
    [row] = [m for m in movies if m["title"] == target.name]
    info = await ok_json(data, "info", str(row["id"]))
    assert info["overview"] == target.overview
    assert {c["name"] for c in info["credits"]} == {
        fake_jellyfin.library.people[i].name for i in target.people
    }

    fake_jellyfin.revoke_tokens()
    code, out, err = await reel(data, "sync")
    assert code == 1
    [source] = await ok_json(data, "source", "list")
    assert source["status"] == "needs sign-in"
    assert len(await ok_json(data, "ls", "--type", "movie")) == len(movies)  # still browsable
    code, out, err = await reel(
        data, "source", "signin", "1", "--username", "reel", "--password-stdin", stdin="secret\n"
    )
    assert code == 0, err
    code, _, err = await reel(data, "sync")
    assert code == 0, err


async def test_a_sync_killed_mid_way_leaves_a_sound_database_and_resumes(
    tmp_path: Path, make_fake_jellyfin: Callable[..., Awaitable[FakeJellyfin]]
) -> None:
    assert CredentialStore().is_secure, (
        "this test needs the test session's gnome-keyring: run it through scripts/run-tests.sh"
    )
    server = await make_fake_jellyfin(size="medium")
    data = tmp_path / "data"
    code, _, err = await reel(
        data,
        "source",
        "add",
        "jellyfin",
        server.url,
        "--username",
        "reel",
        "--password-stdin",
        stdin="secret\n",
    )
    assert code == 0, err
    server.faults.latency_s = 0.3
    server.faults.latency_path = "^/Items$"

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "reel_qt",
        "--data-dir",
        str(data),
        "sync",
        "--json",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    progress = []
    while len(progress) < 2:
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        event = json.loads(line)
        if event["event"] == "progress":
            progress.append(event)
    process.kill()  # SIGKILL: no clean-up of any kind
    await process.wait()

    with sqlite3.connect(data / "reel.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = conn.execute("SELECT count(*) FROM media_items").fetchone()[0]
    assert stored >= progress[-1]["done"]  # every page reported was committed

    server.faults.clear()
    code, out, err = await reel(data, "sync", "--json")
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    first = next(e for e in events if e["event"] == "progress")
    assert first["done"] > 1_000  # it resumed instead of starting over
    listed = await ok_json(data, "ls")
    assert len(listed) == sum(server.counts.values())
