"""`reel ls`, `reel search` and `reel info`: reading the library cache."""

from __future__ import annotations

import argparse

from reel_qt.cli import output
from reel_qt.runtime import Runtime
from reel_qt.store.repositories.listing import ItemFilter
from reel_qt.store.views import ItemDetail

_EMPTY = "No items. Add a source with `reel source add ...` and run `reel sync`."


def _episode_code(season: int | None, episode: int | None) -> str:
    if season is None and episode is None:
        return ""
    return f"S{season or 0:02}" + (f"E{episode:02}" if episode is not None else "")


async def ls(args: argparse.Namespace, runtime: Runtime) -> int:
    """List items, optionally narrowed to a source, a library and a type."""
    if args.source is not None:
        await runtime.service.get_source(args.source)
    if args.library is not None:
        await runtime.service.get_library(args.library)
    rows = await runtime.service.list_items(
        ItemFilter(source_id=args.source, library_id=args.library, type=args.type)
    )
    if args.json:
        output.print_json(rows)
    elif not rows:
        print(_EMPTY)
    else:
        output.print_table(
            ["ID", "TYPE", "TITLE", "YEAR", "EP", "DURATION", "STATE"],
            [
                [
                    r.id,
                    r.type,
                    r.title,
                    r.year or "",
                    _episode_code(r.season_number, r.episode_number),
                    output.duration(r.duration_ms),
                    "watched"
                    if r.watched
                    else (f"at {output.duration(r.position_ms)}" if r.position_ms else ""),
                ]
                for r in rows
            ],
        )
    return 0


async def search(args: argparse.Namespace, runtime: Runtime) -> int:
    """Full-text search across every source, best matches first."""
    hits = await runtime.service.search(args.query, limit=args.limit)
    if args.json:
        output.print_json(hits)
    elif not hits:
        print(f"Nothing matches “{args.query}”.")
    else:
        output.print_table(
            ["ID", "TYPE", "TITLE", "YEAR", "SOURCE"],
            [[h.id, h.type, h.title, h.year or "", h.source_id] for h in hits],
        )
    return 0


async def info(args: argparse.Namespace, runtime: Runtime) -> int:
    """Everything known about one item."""
    item = await runtime.service.get_item(args.item_id)
    if args.json:
        output.print_json(item)
    else:
        _print_detail(item)
    return 0


def _print_detail(item: ItemDetail) -> None:
    heading = f"{item.title} ({item.year})" if item.year else item.title
    print(heading)
    print("=" * len(heading))
    facts = [
        ("Id", item.id),
        ("Type", item.type),
        ("Source", item.source_id),
        ("Library", item.library_id),
        ("Parent", item.parent_id),
        ("Episode", _episode_code(item.season_number, item.episode_number)),
        ("Original title", item.original_title),
        ("Runtime", output.duration(item.duration_ms)),
        ("Rating", item.rating),
        ("Content rating", item.content_rating),
        ("Genres", ", ".join(item.genres)),
        ("Studios", ", ".join(item.studios)),
        ("Premiered", item.premiere_date),
        ("Added", output.when(item.added_at)),
        ("Available", "yes" if item.available else "no (its folder or server is unreachable)"),
    ]
    for label, value in facts:
        if value not in (None, ""):
            print(f"{label + ':':<16}{value}")
    if item.progress is not None:
        p = item.progress
        state = "watched" if p.watched else f"resume at {output.duration(p.position_ms)}"
        pending = " (not yet sent to the server)" if p.dirty else ""
        print(f"{'Progress:':<16}{state}, played {p.play_count} times{pending}")
    if item.overview:
        print(f"\n{item.overview}")
    if item.credits:
        print("\nPeople")
        for c in item.credits:
            print(f"  {c.name} — {c.kind}" + (f" ({c.role})" if c.role else ""))
    if item.streams:
        print("\nStreams")
        for s in item.streams:
            details = ", ".join(
                str(v)
                for v in (s.codec, s.language, s.title, s.channels and f"{s.channels} ch")
                if v
            )
            flags = " ".join(
                f
                for f, on in (
                    ("default", s.is_default),
                    ("forced", s.is_forced),
                    ("external", s.is_external),
                )
                if on
            )
            print(f"  #{s.index} {s.type}: {details} {flags}".rstrip())
