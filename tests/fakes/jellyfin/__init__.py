"""A fake Jellyfin 10.11 server for tests: the real protocol, a generated library, faults.

    server = FakeJellyfin(size="small", username="reel", password="secret", seed=1)
    await server.start()                  # binds 127.0.0.1:<free port>
    server.url                            # "http://127.0.0.1:PORT" (+ base_path, https if tls)
    server.library, server.counts         # the generated data; {"movie", "show", ...} counts
    server.requests                       # RecordedRequest list: method, path, query, json...
    server.faults.fail_next(2, status=500, path="^/Items$")   # see faults.Faults
    server.issue_token(); server.revoke_tokens(); server.approve_quick_connect(code)
    server.add_movies(5); server.change_items(3); server.delete_items([item_id])
    server.set_played(item_id, True); server.set_media(item_id, Path("clip.mkv"))
    await server.stop()

Fixtures (tests/integration/conftest.py): `fake_jellyfin` (a started small server) and
`make_fake_jellyfin(**options)` (size, base_path, tls, seed, ...; stopped at teardown).
By hand: `python -m tests.fakes.jellyfin --port 0 --size small|medium|bench`.
Responses are validated against the official OpenAPI spec in
tests/integration/test_fake_jellyfin_fidelity.py (see openapi.JellyfinSpec).
"""

from tests.fakes.jellyfin.app import RecordedRequest
from tests.fakes.jellyfin.faults import Faults
from tests.fakes.jellyfin.generator import SIZES, LibrarySize, generate
from tests.fakes.jellyfin.library import TICKS_PER_SECOND, Item, Library, Person
from tests.fakes.jellyfin.server import FakeJellyfin

__all__ = [
    "SIZES",
    "TICKS_PER_SECOND",
    "FakeJellyfin",
    "Faults",
    "Item",
    "Library",
    "LibrarySize",
    "Person",
    "RecordedRequest",
    "generate",
]
