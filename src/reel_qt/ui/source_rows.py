"""Turn stored sources into the rows the sidebar and the Sources page show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reel_qt.backends.registry import describe_type
from reel_qt.core.records import LibraryKind, SourceType
from reel_qt.store.views import LibraryView, SourceView
from reel_qt.ui.source_wording import describe_hint, status_label
from reel_qt.ui.sources_model import LibraryRow, SourceRow

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService
    from reel_qt.store.startup_reads import StartupReader

#: Source types whose sign-in can be renewed from the window.
SIGN_IN_TYPES = (SourceType.JELLYFIN.value, SourceType.PLEX.value)


def describe_status(source: SourceView, syncing: bool = False) -> tuple[str, str]:
    """A source's state as a key for styling and a few words for people."""
    if syncing:
        return "syncing", "Syncing…"
    if source.needs_sign_in:
        return "needs-sign-in", "Needs sign-in"
    if not source.online:
        return "offline", "Offline · saved copy"
    if source.last_error:
        return "error", f"Last sync failed: {source.last_error}"
    if source.last_sync_at is None:
        return "ok", f"{describe_type(source.type)} · not synced yet"
    return "ok", f"{describe_type(source.type)} · {source.item_count:,} items"


def describe_address(source: SourceView) -> str:
    """Where a source lives: its server's address or its folders."""
    folders = source.config.get("paths") or []
    return ", ".join(str(f) for f in folders) if folders else source.url or ""


def source_row(source: SourceView, libraries: list[LibraryView], syncing: bool) -> SourceRow:
    """One source with its libraries, as the sidebar and the Sources page show it."""
    status, text = describe_status(source, syncing)
    return SourceRow(
        id=source.id,
        type=source.type,
        name=source.name,
        item_count=source.item_count,
        status=status,
        status_text=text,
        libraries=tuple(
            LibraryRow(lib.id, lib.name, lib.item_count, lib.kind != LibraryKind.UNSUPPORTED)
            for lib in libraries
            if lib.source_id == source.id
        ),
        status_label=status_label(status, source),
        address=describe_address(source),
        last_sync_at=source.last_sync_at,
        last_error=source.last_error or "",
        hint=describe_hint(status, source),
        can_sign_in=source.type in SIGN_IN_TYPES,
    )


async def load_source_rows(
    service: DataService | StartupReader, syncing: set[int]
) -> list[SourceRow]:
    """Every source with its libraries, as the sidebar shows them."""
    libraries = await service.list_libraries()
    return [
        source_row(source, libraries, source.id in syncing)
        for source in await service.list_sources()
    ]
