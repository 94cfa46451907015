"""This installation's identity towards servers: a stable device id and a device name."""

from __future__ import annotations

import platform
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from reel_qt import __version__

PRODUCT = "Reel"
_DEVICE_ID_FILE = "device-id"


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    """What Reel tells servers about itself (never a secret)."""

    device_id: str
    device_name: str
    product: str = PRODUCT
    version: str = __version__


def load_device_id(data_dir: Path) -> str:
    """The per-install device id, created on first use and kept in the data dir.

    Servers tie sign-ins and Quick Connect/PIN requests to it, so it must not change
    between runs. Blocking (one small file): call off the UI thread.
    """
    path = data_dir / _DEVICE_ID_FILE
    try:
        existing = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        existing = ""
    if re.fullmatch(r"[0-9a-f]{32}", existing):
        return existing
    fresh = uuid.uuid4().hex
    data_dir.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(fresh, encoding="ascii")
    temporary.replace(path)
    return fresh


def device_identity(data_dir: Path) -> DeviceIdentity:
    """This install's identity: its stable id and the machine's name."""
    name = platform.node() or "Reel desktop"
    return DeviceIdentity(device_id=load_device_id(data_dir), device_name=name)
