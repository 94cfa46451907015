"""A source's state in words: status, what to do about it, when it last synced, progress."""

from __future__ import annotations

from reel_qt.core.records import SourceType
from reel_qt.store.views import SourceView

#: The state in a word or two, by status key (the Sources page's pill).
LABELS = {
    "ok": "Up to date",
    "syncing": "Syncing",
    "offline": "Offline",
    "needs-sign-in": "Needs sign-in",
    "error": "Sync failed",
}


def status_label(status: str, source: SourceView) -> str:
    """The Sources page's word for a status key ("Not synced yet" before the first sync)."""
    if status == "ok" and source.last_sync_at is None:
        return "Not synced yet"
    return LABELS.get(status, status)


def describe_hint(status: str, source: SourceView) -> str:
    """What the user can do about a source's state; empty when nothing is needed."""
    local = source.type == SourceType.LOCAL.value
    if status == "needs-sign-in":
        return "Your saved library stays available; sign in to resume syncing."
    if status == "offline" and local:
        return (
            "Reel cannot reach these folders. Plug in or mount the drive, then press Sync now. "
            "The saved library stays available meanwhile."
        )
    if status == "offline":
        return (
            "Reel cannot reach the server. Check that it is running and that this computer "
            "is on its network, then press Sync now. You can keep browsing the saved library."
        )
    if status == "error":
        return (
            "Press Sync now to try again. If it keeps failing, run “reel doctor” in a "
            "terminal or look at the log."
        )
    if status == "ok" and source.last_sync_at is None:
        return "Press Sync now to copy this library to this computer."
    return ""


def describe_ago(epoch_ms: int | None, now: int) -> str:
    """When something happened, as people say it: "just now", "2 minutes ago", "never"."""
    if epoch_ms is None:
        return "never"
    seconds = max(0, (now - epoch_ms) // 1000)
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def describe_progress(library: str, done: int, total: int) -> str:
    """A running sync in words: "Syncing Movies · 120 of 500" (total -1 when unknown)."""
    where = f"Syncing {library}" if library else "Syncing"
    if done <= 0 and total < 0:
        return where + "…"
    if total >= 0:
        return f"{where} · {done:,} of {total:,}"
    return f"{where} · {done:,} items"
