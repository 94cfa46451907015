"""`reel doctor`: is this installation healthy? One verdict per line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import locale
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from reel_qt.backends.registry import BackendRegistry, describe_type
from reel_qt.cli import output
from reel_qt.core.device import device_identity
from reel_qt.core.errors import MigrationError, NotAvailableError, ReelError
from reel_qt.core.paths import DataPaths
from reel_qt.runtime import default_backends
from reel_qt.store.database import Database
from reel_qt.store.migrations import current_revision, head_revision
from reel_qt.store.repositories.sources import list_sources
from reel_qt.sync.credentials import CredentialStore

SOURCE_CHECK_SECONDS = 15


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of one check: ok, warn or FAIL, with what was found."""

    status: str
    check: str
    detail: str


def _libmpv() -> Verdict:
    try:
        # libmpv parses numbers with the C locale; anything else makes it refuse to start.
        locale.setlocale(locale.LC_NUMERIC, "C")
        import mpv

        player = mpv.MPV(video=False, audio=False, vo="null", ao="null")
        try:
            version = str(player.mpv_version)
        finally:
            player.terminate()
    except Exception as error:
        return Verdict("FAIL", "libmpv", f"cannot load libmpv: {error}")
    return Verdict("ok", "libmpv", version)


def _keyring() -> Verdict:
    try:
        store = CredentialStore()
    except Exception as error:
        return Verdict("FAIL", "keyring", f"cannot open the keyring: {error}")
    if not store.is_secure:
        return Verdict("warn", "keyring", store.warning or store.backend_name)
    return Verdict("ok", "keyring", f"secure backend {store.backend_name}")


def _database(path: Path) -> list[Verdict]:
    if not path.exists():
        return [Verdict("ok", "database", f"no database yet at {path} (created on first use)")]
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        return [Verdict("FAIL", "database", f"{path} is not a readable SQLite database: {error}")]
    if problems != ["ok"]:
        return [Verdict("FAIL", "database", "integrity check failed: " + "; ".join(problems[:5]))]
    verdicts = [Verdict("ok", "database", f"integrity ok ({path})")]
    try:
        current, head = current_revision(path), head_revision()
    except sqlite3.DatabaseError as error:
        return [*verdicts, Verdict("FAIL", "schema", f"cannot read the schema version: {error}")]
    if current == head:
        verdicts.append(Verdict("ok", "schema", f"at {head}"))
    else:
        verdicts.append(
            Verdict(
                "warn", "schema", f"at {current or 'none'}; upgrade to {head} runs at next start"
            )
        )
    return verdicts


async def _sources(path: Path, backends: BackendRegistry) -> list[Verdict]:
    database = Database(path)
    try:
        sources = await database.read(list_sources)
        verdicts = []
        for source in sources:
            name = f"source {source.id} ({source.name}, {describe_type(source.type)})"
            try:
                backend = await backends.create(source)
            except NotAvailableError as error:
                verdicts.append(Verdict("warn", name, f"cannot check: {error}"))
                continue
            except ReelError as error:  # e.g. its sign-in is gone from the keyring
                verdicts.append(Verdict("FAIL", name, str(error)))
                continue
            try:
                description = await asyncio.wait_for(backend.check(), SOURCE_CHECK_SECONDS)
                verdicts.append(Verdict("ok", name, f"reachable: {description}"))
            except TimeoutError:
                verdicts.append(Verdict("FAIL", name, f"no answer within {SOURCE_CHECK_SECONDS} s"))
            except ReelError as error:
                verdicts.append(Verdict("FAIL", name, str(error)))
            finally:
                await backend.close()
        return verdicts or [Verdict("ok", "sources", "none added yet")]
    finally:
        database.close()


def run(
    args: argparse.Namespace, paths: DataPaths, *, backends: BackendRegistry | None = None
) -> int:
    """Run every check, print one verdict per line; exit 1 if any failed."""
    verdicts = [_libmpv(), _keyring(), *_database(paths.database)]
    schema_ok = any(v.check == "schema" and v.status == "ok" for v in verdicts)
    if schema_ok:
        registry = backends or default_backends(CredentialStore(), device_identity(paths.root))
        try:
            verdicts += asyncio.run(_sources(paths.database, registry))
        except (sqlite3.DatabaseError, MigrationError) as error:
            verdicts.append(Verdict("FAIL", "sources", f"cannot read the sources: {error}"))
    if args.json:
        output.print_json({"ok": all(v.status != "FAIL" for v in verdicts), "checks": verdicts})
    else:
        for v in verdicts:
            print(f"{v.status:<5} {v.check}: {v.detail}")
    return 1 if any(v.status == "FAIL" for v in verdicts) else 0
