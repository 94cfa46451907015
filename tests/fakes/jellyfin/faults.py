"""Faults a test can arm: slow answers, error statuses, Retry-After, broken bodies, drops.

Each `*_next` call queues a fault for the next `n` matching requests; `path` (a regular
expression searched case-insensitively in the request path, base path removed) and
`method` narrow which requests match. Queued faults fire in the order they were armed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FAIL, RETRY_AFTER, TRUNCATE, MALFORMED, DISCONNECT = (
    "fail",
    "retry_after",
    "truncate",
    "malformed",
    "disconnect",
)


@dataclass
class Fault:
    """One armed fault and how many more requests it will hit."""

    kind: str
    remaining: int
    status: int = 500
    retry_after_s: float = 0
    path: re.Pattern[str] | None = None
    method: str | None = None
    skip: int = 0  # matching requests still let through before the fault starts hitting

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a request (a skipped one counts down `skip`)."""
        if self.method is not None and self.method != method.upper():
            return False
        if self.path is not None and self.path.search(path) is None:
            return False
        if self.skip > 0:
            self.skip -= 1
            return False
        return True


@dataclass
class Faults:
    """The fault plan of one fake server; change it at any time, even mid-test."""

    latency_s: float = 0.0  # added before every answer (or only those matching latency_path)
    latency_path: str | None = None
    pending: list[Fault] = field(default_factory=list)
    fired: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, method, path)

    def _arm(
        self, kind: str, n: int, path: str | None, method: str | None, **kw: int | float
    ) -> None:
        pattern = re.compile(path, re.IGNORECASE) if path else None
        upper = method.upper() if method else None
        self.pending.append(Fault(kind, n, path=pattern, method=upper, **kw))  # type: ignore[arg-type]

    def fail_next(
        self,
        n: int = 1,
        status: int = 500,
        *,
        path: str | None = None,
        method: str | None = None,
        after: int = 0,
    ) -> None:
        """Answer the next `n` matching requests with `status` and a plain-text error body.

        `after` lets that many matching requests through first (a failure mid-listing).
        """
        self._arm(FAIL, n, path, method, status=status, skip=after)

    def retry_after(
        self,
        seconds: float = 1,
        n: int = 1,
        *,
        status: int = 503,
        path: str | None = None,
        method: str | None = None,
    ) -> None:
        """Answer the next `n` matching requests with 503 (or `status`) and `Retry-After`."""
        self._arm(RETRY_AFTER, n, path, method, status=status, retry_after_s=seconds)

    def truncate_next(
        self, n: int = 1, *, path: str | None = None, method: str | None = None
    ) -> None:
        """Send half the body of the next `n` answers, then close the connection."""
        self._arm(TRUNCATE, n, path, method)

    def malformed_next(
        self, n: int = 1, *, path: str | None = None, method: str | None = None
    ) -> None:
        """Answer the next `n` matching requests with 200 and a body that is not valid JSON."""
        self._arm(MALFORMED, n, path, method)

    def disconnect_next(
        self, n: int = 1, *, path: str | None = None, method: str | None = None
    ) -> None:
        """Close the connection without any answer for the next `n` matching requests.

        aiohttp clients retry an idempotent request once after such a drop: arm n=2 to
        make a GET fail.
        """
        self._arm(DISCONNECT, n, path, method)

    def clear(self) -> None:
        """Disarm everything, latency included."""
        self.pending.clear()
        self.latency_s = 0.0
        self.latency_path = None

    def latency_for(self, path: str) -> float:
        """The delay to add before answering this path."""
        if self.latency_path and not re.search(self.latency_path, path, re.IGNORECASE):
            return 0.0
        return self.latency_s

    def take(self, method: str, path: str) -> Fault | None:
        """The first armed fault matching a request, used up by one."""
        for fault in self.pending:
            if fault.matches(method, path):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.pending.remove(fault)
                self.fired.append((fault.kind, method, path))
                return fault
        return None
