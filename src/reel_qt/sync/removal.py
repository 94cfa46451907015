"""Removing a source: its libraries and items from the store, its secrets from the keyring.

`reel source remove` and the Sources page both remove through here, so neither leaves a
token behind.
"""

from __future__ import annotations

from reel_qt.core.records import SourceType
from reel_qt.store.views import SourceView
from reel_qt.sync.sources import SourceSetup


async def remove_source(setup: SourceSetup, source_id: int) -> SourceView:
    """Delete a source with everything under it and forget its keyring entries.

    Returns the source as it was, for the caller's message.

    Raises:
        NotFoundError: no source has that id.
        CredentialsError: the keyring refused to delete the source's token.
    """
    source = await setup.service.get_source(source_id)
    await setup.service.remove_source(source.id)
    if source.credential_ref:
        await setup.credentials.adelete(source.credential_ref)
    if source.type == SourceType.PLEX.value:
        # The plex.tv account token may be shared with other sources of the same sign-in.
        await setup.forget_plex_account(source)
    return source
