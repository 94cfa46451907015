"""Turn stored sources into sidebar rows, with their state in words."""

from __future__ import annotations

from reel_qt.backends.registry import describe_type
from reel_qt.core.records import LibraryKind
from reel_qt.store.service import DataService
from reel_qt.store.views import SourceView
from reel_qt.ui.sources_model import LibraryRow, SourceRow


def describe_status(source: SourceView, syncing: bool = False) -> tuple[str, str]:
    """A source's state as a key for styling and a few words for people."""
    if syncing:
        return "syncing", "Syncing…"
    if source.needs_sign_in:
        return "needs-sign-in", "Needs sign-in"
    if not source.online:
        return "offline", "Offline — showing the saved library"
    if source.last_error:
        return "error", f"Last sync failed: {source.last_error}"
    if source.last_sync_at is None:
        return "ok", f"{describe_type(source.type)} · not synced yet"
    return "ok", f"{describe_type(source.type)} · {source.item_count:,} items"


async def load_source_rows(service: DataService, syncing: set[int]) -> list[SourceRow]:
    """Every source with its libraries, as the sidebar shows them."""
    libraries = await service.list_libraries()
    rows = []
    for source in await service.list_sources():
        status, text = describe_status(source, source.id in syncing)
        rows.append(
            SourceRow(
                id=source.id,
                type=source.type,
                name=source.name,
                item_count=source.item_count,
                status=status,
                status_text=text,
                libraries=tuple(
                    LibraryRow(
                        lib.id, lib.name, lib.item_count, lib.kind != LibraryKind.UNSUPPORTED
                    )
                    for lib in libraries
                    if lib.source_id == source.id
                ),
            )
        )
    return rows
