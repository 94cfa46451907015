"""The offline queue of watched state and resume points, pushed to the server on sync.

Changes the user makes land in the local database first, flagged dirty; the flag is the
queue, so it survives restarts and offline weeks. Each push clears the flag only if the
item did not change again meanwhile, so nothing newer is ever lost.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from reel_qt.backends.base import MediaBackend
from reel_qt.core.errors import NotFoundError, RemoteNotFoundError
from reel_qt.store.views import SourceView

if TYPE_CHECKING:  # types only: the store loads after the window shows
    from reel_qt.store.service import DataService

log = logging.getLogger("reel.sync.progress")


async def push_pending(service: DataService, source: SourceView, backend: MediaBackend) -> int:
    """Push every pending change of one source; return how many reached the server.

    Raises:
        BackendError: the server could not take them (they stay queued).
    """
    pushed = 0
    for item_id in await service.pending_progress(source.id):
        try:
            item = await service.get_item(item_id)
        except NotFoundError:  # deleted meanwhile: nothing left to push
            continue
        state = item.progress
        if state is None:
            continue
        try:
            await backend.push_user_state(
                item.remote_id, position_ms=state.position_ms, watched=state.watched
            )
        except RemoteNotFoundError:
            # The server no longer has the item; keeping the change queued forever
            # would block nothing but would retry forever, so let it go.
            log.info("item %s is gone from the server; dropping its queued progress", item_id)
        else:
            pushed += 1
        await service.mark_progress_pushed([item_id], state.updated_at)
    if pushed:
        log.info("pushed %d queued progress changes to source %s", pushed, source.id)
    return pushed
