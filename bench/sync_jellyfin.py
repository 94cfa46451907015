"""sync_jellyfin_full / sync_jellyfin_incremental: the fake server on loopback into SQLite.

The fake serves from this process; Reel and the floor each sync in a child process of
their own, so neither shares an interpreter with the server and each reports its own
peak memory. The floor is the simplest program doing the same work: one aiohttp loop
fetching the same pages, decoding them with msgspec and inserting one row per item with
raw sqlite3 executemany.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import msgspec

from bench.report import emit

ROOT = Path(__file__).resolve().parents[1]


def _peak_rss_kb() -> int:
    """This process's peak resident memory since it started.

    Not getrusage's ru_maxrss: Linux carries it across exec, so a child would report the
    parent's peak at the fork (the fake server's library, say).
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# -- the floor ---------------------------------------------------------------------------


class _Item(msgspec.Struct, rename="pascal"):
    id: str
    name: str | None = None
    type: str | None = None
    production_year: int | None = None
    run_time_ticks: int | None = None
    overview: str | None = None
    series_id: str | None = None
    season_id: str | None = None


class _Page(msgspec.Struct, rename="pascal"):
    items: list[_Item]
    total_record_count: int | None = None


async def _floor(url: str, username: str, password: str, database: Path) -> int:
    from reel_qt.backends.jellyfin.backend import PAGE_SIZE, SYNC_FIELDS, TYPES_BY_KIND
    from reel_qt.core.records import LibraryKind

    header = 'MediaBrowser Client="floor", Device="bench", DeviceId="floor", Version="1"'
    decoder = msgspec.json.Decoder(_Page)
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE items (id, type, name, year, ticks, overview, series, season)")
    items = 0
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{url}/Users/AuthenticateByName",
            json={"Username": username, "Pw": password},
            headers={"Authorization": header},
        ) as reply:
            auth = await reply.json()
        headers = {"Authorization": f'{header}, Token="{auth["AccessToken"]}"'}
        user = auth["User"]["Id"]
        async with session.get(f"{url}/UserViews?userId={user}", headers=headers) as reply:
            views = (await reply.json())["Items"]
        kinds = {"movies": LibraryKind.MOVIES, "tvshows": LibraryKind.SHOWS}
        for view in views:
            kind = kinds.get(view.get("CollectionType") or "")
            if kind is None:
                continue
            start = 0
            while True:
                params = {
                    "userId": user,
                    "ParentId": view["Id"],
                    "Recursive": "true",
                    "IncludeItemTypes": TYPES_BY_KIND[kind],
                    "Fields": SYNC_FIELDS,
                    "EnableUserData": "true",
                    "StartIndex": str(start),
                    "Limit": str(PAGE_SIZE),
                }
                async with session.get(f"{url}/Items", params=params, headers=headers) as reply:
                    body = await reply.read()
                page = decoder.decode(body)
                conn.execute("BEGIN")
                conn.executemany(
                    "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            i.id,
                            i.type,
                            i.name,
                            i.production_year,
                            i.run_time_ticks,
                            i.overview,
                            i.series_id,
                            i.season_id,
                        )
                        for i in page.items
                    ],
                )
                conn.execute("COMMIT")
                items += len(page.items)
                start += len(page.items)
                if len(page.items) < PAGE_SIZE:
                    break
    conn.close()
    return items


# -- Reel, in its own process -------------------------------------------------------------


async def _reel(url: str, username: str, password: str, data_dir: Path) -> None:
    from reel_qt.backends.jellyfin.signin import sign_in_with_password
    from reel_qt.core.paths import DataPaths
    from reel_qt.runtime import Runtime
    from reel_qt.sync.credentials import CredentialStore

    # The test suite's in-memory keyring: the bench must not touch the user's real one.
    keyrings = importlib.import_module("tests.fakes.keyrings")
    runtime = await Runtime.create(
        DataPaths(data_dir), credentials=CredentialStore(keyrings.InMemoryKeyring())
    )
    signed_in = await sign_in_with_password(url, username, password, runtime.identity)
    await runtime.setup.add_jellyfin(signed_in)
    loop = asyncio.get_running_loop()
    while True:
        started = time.perf_counter()
        results = await runtime.sync.sync_sources()
        seconds = time.perf_counter() - started
        report = {
            "seconds": seconds,
            "ok": all(r.ok for r in results),
            "error": next((r.error for r in results if r.error), None),
            "written": sum(r.items_written for r in results),
            "deleted": sum(r.items_deleted for r in results),
            "maxrss_kb": _peak_rss_kb(),
        }
        sys.stdout.write(json.dumps(report) + "\n")
        sys.stdout.flush()
        if not (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            break
    await asyncio.to_thread(runtime.close)


def child(argv: list[str]) -> int:
    """Entry point of the child processes: `floor URL USER PW DB` or `reel URL USER PW DIR`."""
    role, url, username, password, path = argv
    if role == "floor":
        started = time.perf_counter()
        items = asyncio.run(_floor(url, username, password, Path(path)))
        seconds = time.perf_counter() - started
        rss = _peak_rss_kb()
        print(json.dumps({"seconds": seconds, "items": items, "maxrss_kb": rss}), flush=True)
    else:
        asyncio.run(_reel(url, username, password, Path(path)))
    return 0


# -- the driver ---------------------------------------------------------------------------


async def _spawn(*args: str) -> asyncio.subprocess.Process:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.sync_jellyfin",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=env,
        limit=1 << 20,
    )


async def _line(process: asyncio.subprocess.Process) -> dict[str, Any]:
    assert process.stdout is not None
    line = await process.stdout.readline()
    if not line:
        raise RuntimeError("the benchmark child ended without a report")
    report: dict[str, Any] = json.loads(line)
    if report.get("ok") is False:
        raise RuntimeError(f"sync failed: {report['error']}")
    return report


async def _run(scale: str) -> None:
    from tests.fakes.jellyfin import FakeJellyfin

    server = FakeJellyfin(size=scale)
    await server.start()
    total = sum(server.counts.values())
    try:
        with tempfile.TemporaryDirectory(prefix="reel-bench-sync-") as folder:
            floor_proc = await _spawn(
                "floor", server.url, server.username, server.password, f"{folder}/floor.db"
            )
            floor = await _line(floor_proc)
            await floor_proc.wait()
            assert floor["items"] == total, floor

            reel = await _spawn(
                "reel", server.url, server.username, server.password, f"{folder}/reel"
            )
            full = await _line(reel)
            assert full["written"] == total, full
            emit(
                "sync_jellyfin_full",
                "items_per_s",
                total / full["seconds"],
                "items/s",
                total / floor["seconds"],
                lower_is_better=False,
            )
            emit(
                "sync_jellyfin_full",
                "peak_rss_mb",
                full["maxrss_kb"] / 1024,
                "MB",
                floor["maxrss_kb"] / 1024,
                lower_is_better=True,
            )

            assert reel.stdin is not None
            reel.stdin.write(b"again\n")
            unchanged = await _line(reel)
            # Floor of an unchanged sync: the three smallest questions per library.
            quiet = await _quiet_floor(server)
            emit(
                "sync_jellyfin_incremental",
                "unchanged_s",
                unchanged["seconds"],
                "s",
                quiet,
                lower_is_better=True,
            )

            server.change_items(1_000)
            server.delete_items(100)
            reel.stdin.write(b"again\n")
            changed = await _line(reel)
            assert changed["deleted"] == 100, changed
            emit(
                "sync_jellyfin_incremental",
                "changed_1000_deleted_100_s",
                changed["seconds"],
                "s",
                quiet,
                lower_is_better=True,
            )
            reel.stdin.write(b"\n")
            await reel.stdin.drain()
            await reel.wait()
    finally:
        await server.stop()


async def _quiet_floor(server: Any) -> float:
    """Time three empty `/Items` questions per library, as an unchanged sync must ask."""
    token = server.issue_token()
    header = (
        f'MediaBrowser Client="floor", Device="bench", DeviceId="q", Version="1", Token="{token}"'
    )
    started = time.perf_counter()
    async with aiohttp.ClientSession(headers={"Authorization": header}) as session:
        for view in server.library.views:
            for query in ("MinDateLastSaved", "MinDateLastSavedForUser", None):
                params = {"userId": server.user_id, "ParentId": view.id, "Recursive": "true"}
                if query:
                    params[query] = "2999-01-01T00:00:00Z"
                else:
                    params["Limit"] = "0"
                async with session.get(f"{server.url}/Items", params=params) as reply:
                    await reply.read()
    return time.perf_counter() - started


def main(scale: str = "bench") -> None:
    """Print the figures of both sync benchmarks."""
    asyncio.run(_run(scale))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("floor", "reel"):
        with contextlib.suppress(BrokenPipeError):
            sys.exit(child(sys.argv[1:]))
    main(sys.argv[1] if len(sys.argv) > 1 else "bench")
