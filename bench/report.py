"""One JSON line per figure: value, the in-run floor, and their ratio."""

from __future__ import annotations

import json
import sys


def emit(
    bench: str, metric: str, value: float, unit: str, floor: float, *, lower_is_better: bool
) -> None:
    """Print a figure; ratio says how many times worse than the floor it is (1 = as good)."""
    if lower_is_better:
        ratio = value / floor if floor else float("inf")
    else:
        ratio = floor / value if value else float("inf")
    line = {
        "bench": bench,
        "metric": metric,
        "value": round(value, 4),
        "unit": unit,
        "floor": round(floor, 4),
        "ratio": round(ratio, 3),
    }
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
