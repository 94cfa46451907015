"""Where the vendored API descriptions and sample responses live."""

from pathlib import Path

SPECS = Path(__file__).resolve().parent
FIXTURES = SPECS / "fixtures"
