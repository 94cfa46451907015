"""How the CLI prints: JSON documents on stdout, aligned tables, one-line errors."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from reel_qt.store.views import SourceView


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples and the like as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: to_jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def print_json(document: Any) -> None:
    """One JSON document (or one JSON line of a stream) on stdout."""
    sys.stdout.write(json.dumps(to_jsonable(document), ensure_ascii=False) + "\n")
    sys.stdout.flush()


def added_source(source: SourceView, user_name: str | None) -> dict[str, object]:
    """What `reel source add ... --json` says of each source it added."""
    return {
        "id": source.id,
        "type": source.type,
        "name": source.name,
        "url": source.url,
        "user": user_name,
    }


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """An aligned text table on stdout."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def fail(message: str) -> None:
    """One line on stderr, as every error the CLI reports."""
    flat = " ".join(message.split())
    sys.stderr.write(f"reel: {flat}\n")


def when(epoch_ms: int | None) -> str:
    """A stored time as local date and time, or 'never'."""
    if epoch_ms is None:
        return "never"
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def duration(ms: int | None) -> str:
    """A duration as h:mm:ss or m:ss."""
    if ms is None:
        return ""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
