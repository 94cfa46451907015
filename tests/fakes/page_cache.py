"""Rendered answers of the fakes' big listing pages, kept only while a benchmark asks.

A sync benchmark serves its fake from its own process, on the same two cores as the
clients it measures, where a real server runs on another machine: rendering a page of a
thousand items costs the fake ~50 ms of a core, and that cost would be charged to
whichever client happened to be running. With the cache on, a warm-up pass renders every
page once; the timed passes (the floor's and Reel's alike) then get the same bytes back
for the same question, so neither pays for the server. Off by default: tests always see
every answer rendered fresh.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from aiohttp import web


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """What a rendered answer sends: status, body and the headers that matter."""

    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()

    def response(self) -> web.Response:
        """A fresh response carrying the same bytes."""
        return web.Response(
            status=self.status,
            body=self.body,
            headers=dict(self.headers),
            content_type=self.content_type,
            charset="utf-8",
        )


@dataclass
class PageCache:
    """Answers keyed by the question (and the library's version), when `enabled`."""

    enabled: bool = False
    hits: int = 0
    misses: int = 0
    _version: Hashable = None
    _answers: dict[Hashable, CachedAnswer] = field(default_factory=dict)

    def get(self, version: Hashable, key: Hashable) -> web.Response | None:
        """The kept answer to `key` at this library version, if the cache is on and has it."""
        if not self.enabled:
            return None
        if version != self._version:
            # The library changed: every kept answer is stale.
            self._answers.clear()
            self._version = version
        found = self._answers.get(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return found.response()

    def put(self, key: Hashable, response: web.StreamResponse) -> web.StreamResponse:
        """Keep a successful rendered answer to `key` (after a `get` missed); return it."""
        body = getattr(response, "body", None)
        if self.enabled and response.status == 200 and isinstance(body, bytes):
            kept = ("X-Plex-Container-Start", "X-Plex-Container-Total-Size")
            self._answers[key] = CachedAnswer(
                response.status,
                body,
                response.content_type,
                tuple((k, response.headers[k]) for k in kept if k in response.headers),
            )
        return response

    def stats(self) -> tuple[int, int]:
        """(hits, misses) so far."""
        return self.hits, self.misses
