"""Run inside a D-Bus session with gnome-keyring: exercise CredentialStore for real."""

from __future__ import annotations

import contextlib
import json
import sys

import secretstorage

from reel_qt.sync.credentials import SERVICE, CredentialStore


def _stored_by_secret_service(ref: str) -> list[str]:
    """Read the entry back through secretstorage directly, not through keyring."""
    with contextlib.closing(secretstorage.dbus_init()) as bus:
        collection = secretstorage.get_default_collection(bus)
        items = collection.search_items({"service": SERVICE, "username": ref})
        return [item.get_secret().decode() for item in items]


def main() -> None:
    """Save, read back two ways, delete; print what was seen as JSON."""
    store = CredentialStore()
    ref = store.new_ref("jellyfin")
    store.save(ref, "probe-secret-42")
    result = {
        "backend": store.backend_name,
        "secure": store.is_secure,
        "loaded": store.load(ref),
        "in_secret_service": _stored_by_secret_service(ref),
    }
    store.delete(ref)
    result["after_delete"] = _stored_by_secret_service(ref)
    result["loaded_after_delete"] = store.load(ref)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
