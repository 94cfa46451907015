"""`reel source add plex` (PIN sign-in, Plex Home user), `reel sync`, `ls`, `search`,
`info` and `reel source signin` against the fake plex.tv and server.

Each command is a separate process, as a user runs them, so the tokens must survive in
the real keyring (the test session's gnome-keyring) between them. Run it with
`dbus-run-session -- scripts/in-test-session.sh tests/integration/test_plex_cli.py`.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from keyring.backends.SecretService import Keyring as SecretServiceKeyring

from reel_qt.sync.credentials import CredentialStore
from tests.fakes.plex import FakePlex

ROOT = Path(__file__).resolve().parents[2]


def _env(plex: FakePlex) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["REEL_PLEX_TV_URL"] = plex.plex_tv_url
    return env


async def _start(plex: FakePlex, data: Path, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "reel_qt", "--data-dir", str(data), *args,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=_env(plex),
    )  # fmt: skip


async def reel(plex: FakePlex, data: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """Run the real entry point while the fake keeps serving on this loop."""
    process = await _start(plex, data, *args)
    out, err = await asyncio.wait_for(process.communicate(stdin.encode()), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def ok_json(plex: FakePlex, data: Path, *args: str) -> Any:
    code, out, err = await reel(plex, data, *args, "--json")
    assert code == 0, err
    return json.loads(out)


async def add_with_pin(plex: FakePlex, data: Path) -> str:
    """`reel source add plex`: read the printed code, approve it as the owner, wait."""
    process = await _start(plex, data, "source", "add", "plex")
    assert process.stdout is not None and process.stdin is not None
    process.stdin.close()
    shown = ""
    while "Waiting for approval" not in shown:
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        assert line, shown
        shown += line.decode()
    code = re.search(r"sign-in code (\w+)", shown)
    assert code is not None, shown
    assert "https://app.plex.tv/auth/#!?clientID=" in shown
    plex.approve_pin(code.group(1))
    rest, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    return shown + rest.decode()


def _refs(data: Path) -> list[tuple[int, str, dict[str, Any]]]:
    with sqlite3.connect(data / "reel.sqlite3") as db:
        rows = db.execute("SELECT id, credential_ref, config FROM sources ORDER BY id").fetchall()
    return [(row[0], row[1], json.loads(row[2])) for row in rows]


async def test_add_sync_and_browse_a_plex_account(tmp_path: Path, fake_plex: FakePlex) -> None:
    # The keyring the subprocesses use; named, because keyring's own choice in this
    # process can fall on a test double that another test module imported.
    secret_service = SecretServiceKeyring()
    try:
        usable = float(secret_service.priority) > 0
    except Exception:  # no D-Bus session: priority says so by raising
        usable = False
    assert usable, (
        "this test needs the test session's gnome-keyring: run it through scripts/run-tests.sh"
    )
    store = CredentialStore(secret_service)
    data = tmp_path / "data"
    shown = await add_with_pin(fake_plex, data)
    assert "Signed in to Plex as reel." in shown
    assert f"Added source 1: {fake_plex.friendly_name} as reel." in shown

    code, out, err = await reel(
        fake_plex, data, "source", "add", "plex", "--token-stdin", "--user", "Kid",
        "--pin-stdin", stdin=f"{fake_plex.account_token}\n4321\n",
    )  # fmt: skip
    assert code == 1 and err.strip().startswith("reel: That is not Kid's PIN")
    code, out, err = await reel(
        fake_plex, data, "source", "add", "plex", "--token-stdin", "--user", "Kid",
        "--pin-stdin", stdin=f"{fake_plex.account_token}\n1234\n",
    )  # fmt: skip
    assert code == 0, err
    assert f"Added source 2: {fake_plex.friendly_name} as Kid." in out

    # Tokens live in the keyring only: neither the database nor the settings hold them.
    secrets = {fake_plex.account_token, fake_plex.server_token(), fake_plex.server_token("Kid")}
    for path in data.iterdir():
        if path.is_file():
            body = path.read_bytes()
            assert not any(s.encode() in body for s in secrets), path
    (_, owner_ref, owner), (_, kid_ref, kid) = _refs(data)
    assert store.load(owner_ref) == fake_plex.server_token()
    assert store.load(kid_ref) == fake_plex.server_token("Kid")
    assert owner["account_ref"] == kid["account_ref"]
    assert store.load(owner["account_ref"]) == fake_plex.account_token

    code, out, err = await reel(fake_plex, data, "sync", "--json")
    assert code == 0, err
    summary = [json.loads(line) for line in out.splitlines()][-1]
    total = sum(fake_plex.counts.values())
    assert summary["ok"] is True
    assert [s["items_written"] for s in summary["sources"]] == [total, total]

    movies = await ok_json(fake_plex, data, "ls", "--source", "1", "--type", "movie")
    library = fake_plex.library
    assert sorted(m["title"] for m in movies) == sorted(m.title for m in library.movies)
    views = library.user_views(fake_plex.accounts.owner.id)
    watched = {
        m.title for m in library.movies if m.rating_key in views and views[m.rating_key].count
    }
    assert {m["title"] for m in movies if m["watched"]} == watched

    target = next(m for m in library.movies if m.summary and len(m.cast) > 3)
    hits = await ok_json(fake_plex, data, "search", target.title.split()[-1], "--limit", "50")
    assert target.title in {h["title"] for h in hits}
    [row] = [m for m in movies if m["title"] == target.title]
    info = await ok_json(fake_plex, data, "info", str(row["id"]))
    assert info["overview"] == target.summary
    people = library.people
    assert {c["name"] for c in info["credits"]} >= {people[i].name for i in target.cast}

    fake_plex.revoke_tokens()
    code, out, err = await reel(fake_plex, data, "sync")
    assert code == 1
    statuses = [s["status"] for s in await ok_json(fake_plex, data, "source", "list")]
    assert statuses == ["needs sign-in", "needs sign-in"]
    assert len(await ok_json(fake_plex, data, "ls", "--source", "1", "--type", "movie")) == len(
        movies
    )  # still browsable
    code, out, err = await reel(
        fake_plex, data, "source", "signin", "2", "--token-stdin", "--pin-stdin",
        stdin=f"{fake_plex.account_token}\n1234\n",
    )  # fmt: skip
    assert code == 0, err
    # The new account token reached the shared keyring entry: source 1 can use it too.
    assert store.load(owner["account_ref"]) == fake_plex.account_token
    code, out, err = await reel(
        fake_plex, data, "source", "signin", "1", "--token-stdin",
        stdin=f"{fake_plex.account_token}\n",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = await reel(fake_plex, data, "sync")
    assert code == 0, err
    assert store.load(owner_ref) == fake_plex.server_token()


async def test_a_server_added_directly(tmp_path: Path, fake_plex: FakePlex) -> None:
    data = tmp_path / "data"
    code, _, err = await reel(
        fake_plex, data, "source", "add", "plex", "--server-url", fake_plex.server_url,
        "--token-stdin", stdin="wrong\n",
    )  # fmt: skip
    assert code == 1
    assert err.strip().startswith("reel: The server did not accept that token.")
    code, out, err = await reel(
        fake_plex, data, "source", "add", "plex", "--server-url", fake_plex.server_url,
        "--token-stdin", "--json", stdin=f"{fake_plex.server_token()}\n",
    )  # fmt: skip
    assert code == 0, err
    [source] = json.loads(out)
    assert (source["type"], source["name"], source["url"]) == (
        "plex",
        fake_plex.friendly_name,
        fake_plex.server_url,
    )
    assert not fake_plex.requests_to("/api/v2/user")  # no plex.tv involved


async def test_a_sync_killed_mid_way_leaves_a_sound_database_and_resumes(
    tmp_path: Path, make_fake_plex: Callable[..., Awaitable[FakePlex]]
) -> None:
    plex = await make_fake_plex(size="medium")
    data = tmp_path / "data"
    code, _, err = await reel(
        plex, data, "source", "add", "plex", "--server-url", plex.server_url,
        "--token-stdin", stdin=f"{plex.server_token()}\n",
    )  # fmt: skip
    assert code == 0, err
    plex.faults.latency_s = 0.3
    plex.faults.latency_path = "^/library/metadata/"

    process = await _start(plex, data, "sync", "--json")
    assert process.stdout is not None and process.stdin is not None
    process.stdin.close()
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
        kept = conn.execute("SELECT count(*) FROM media_items").fetchone()[0]
    assert kept >= progress[-1]["done"] > 0  # every page reported was committed

    plex.faults.clear()
    before = len(plex.requests)
    code, _, err = await reel(plex, data, "sync", "--json")
    assert code == 0, err
    movies = [
        r for r in plex.requests[before:]
        if r.path == "/library/sections/1/all" and r.query.get("X-Plex-Container-Size") != "0"
    ]  # fmt: skip
    assert int(movies[0].query["X-Plex-Container-Start"]) >= progress[-1]["done"]  # resumed
    listed = await ok_json(plex, data, "ls")
    assert len(listed) == sum(plex.counts.values())
