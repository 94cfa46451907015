"""Wall-clock time as Reel stores it: integer milliseconds since the Unix epoch."""

import time


def now_ms() -> int:
    """The current time in epoch milliseconds."""
    return time.time_ns() // 1_000_000
