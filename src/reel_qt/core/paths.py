"""Where Reel keeps its files: the data dir and the resources shipped with the package."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "reel"
DATA_DIR_ENV = "REEL_DATA_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
# In a source checkout (editable install) the resources sit at the repository root.
_REPO_ROOT = _PACKAGE_DIR.parent.parent


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data dir: the explicit one, else $REEL_DATA_DIR, else the platform's."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _resource_dir(name: str) -> Path:
    """Find a shipped resource folder, installed inside the package or at the repo root."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _REPO_ROOT / name


def qml_dir() -> Path:
    """The folder holding Main.qml and its pages and components."""
    return _resource_dir("qml")


def migrations_dir() -> Path:
    """The alembic script folder (env.py and versions/)."""
    return _resource_dir("migrations")


@dataclass(frozen=True)
class DataPaths:
    """Every file and folder Reel writes, under one data dir."""

    root: Path

    @property
    def database(self) -> Path:
        """The SQLite library cache."""
        return self.root / "reel.sqlite3"

    @property
    def backups(self) -> Path:
        """Copies of the database taken before a migration."""
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        """The rotating log files."""
        return self.root / "logs"

    @property
    def image_cache(self) -> Path:
        """Downloaded and resized artwork."""
        return self.root / "images"

    @property
    def settings(self) -> Path:
        """User settings (never secrets)."""
        return self.root / "settings.json"

    def ensure(self) -> DataPaths:
        """Create the folders that must exist; return self for chaining."""
        for folder in (self.root, self.backups, self.logs, self.image_cache):
            folder.mkdir(parents=True, exist_ok=True)
        return self
