"""A fake plex.tv and Plex Media Server for tests: the real protocols, a generated library.

    plex = FakePlex(size="small", seed=1)          # or "medium", "bench", a LibrarySize
    await plex.start()                             # two apps on 127.0.0.1:<free ports>
    plex.plex_tv_url, plex.server_url              # point REEL_PLEX_TV_URL / the client here
    plex.account_token, plex.server_token("Kid")   # tokens of the owner / a home user
    plex.library, plex.counts, plex.machine_identifier
    plex.requests, plex.requests_to("/library/sections/1/all", app="pms")
    plex.faults.fail_next(2, status=500, path="/all$")       # PMS (tests.fakes.jellyfin.faults)
    plex.plex_tv_faults.retry_after(1, path="^/api/v2/pins")  # plex.tv
    plex.approve_pin(code, user="Kid"); plex.expire_pin(pin_id); plex.revoke_tokens()
    plex.set_connections([Connection("http://127.0.0.1:1", local=True), plex.server_url])
    plex.add_movies(5); plex.change_items([12]); plex.delete_items([12])
    plex.set_watched(12, user="Kid", watched=True); await plex.start_gdm(port=0)
    await plex.stop()

Fixtures (tests/integration/conftest.py): `fake_plex` (a started small fake) and
`make_fake_plex(**options)`. By hand: `python -m tests.fakes.plex --port 0 --size small`.
JSON answers are validated against the community OpenAPI specs and the XML answers are
parsed by the real plexapi in tests/integration/test_fake_plex_*.py.
"""

from tests.fakes.plex.accounts import Connection, HomeUser, Pin
from tests.fakes.plex.app import PlexRequest
from tests.fakes.plex.generator import SIZES, LibrarySize, generate
from tests.fakes.plex.model import Item, Library, View
from tests.fakes.plex.server import FakePlex

__all__ = [
    "SIZES",
    "Connection",
    "FakePlex",
    "HomeUser",
    "Item",
    "Library",
    "LibrarySize",
    "Pin",
    "PlexRequest",
    "View",
    "generate",
]
