"""SQL for people and their credits on items."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from reel_qt.core.records import MediaRecord
from reel_qt.store.repositories._sql import chunked, placeholders


def _known_people(
    conn: Connection, source_id: int, keys: Sequence[str]
) -> dict[str, tuple[int, str, str | None]]:
    """Stored people among keys: key -> (id, name, image_ref)."""
    found: dict[str, tuple[int, str, str | None]] = {}
    for chunk in chunked(keys):
        rows = conn.exec_driver_sql(
            f"SELECT remote_id, id, name, image_ref FROM people WHERE source_id = ? "
            f"AND remote_id IN ({placeholders(len(chunk))})",
            (source_id, *chunk),
        ).all()
        found.update((r[0], (int(r[1]), r[2], r[3])) for r in rows)
    return found


def replace_credits(
    conn: Connection,
    source_id: int,
    item_ids: dict[str, int],
    records: Sequence[MediaRecord],
    *,
    replace: Sequence[int],
) -> dict[str, str]:
    """Write the people of each record and their credits; return item remote id -> names text.

    Credits of the items listed in `replace` are dropped first, so a credit removed on the
    server disappears here too.
    """
    for chunk in chunked(replace):
        conn.exec_driver_sql(
            f"DELETE FROM credits WHERE item_id IN ({placeholders(len(chunk))})", chunk
        )
    people: dict[str, tuple[str, str | None]] = {}
    names: dict[str, str] = {}
    for record in records:
        if record.people:
            for credit in record.people:
                people[credit.key] = (credit.name, credit.image_ref)
            names[record.remote_id] = " ".join(c.name for c in record.people)
    if not people:
        return names
    known = _known_people(conn, source_id, list(people))
    # Most people of a batch are already stored: write only the new and the changed.
    changed = [
        (source_id, key, name, image)
        for key, (name, image) in people.items()
        if key not in known or known[key][1] != name or (image and known[key][2] != image)
    ]
    if changed:
        conn.exec_driver_sql(
            "INSERT INTO people (source_id, remote_id, name, image_ref) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (source_id, remote_id) DO UPDATE SET name = excluded.name, "
            "image_ref = coalesce(excluded.image_ref, people.image_ref)",
            changed,
        )
    person_ids = {key: row[0] for key, row in known.items()}
    if len(person_ids) < len(people):
        new_keys = [key for key in people if key not in person_ids]
        person_ids.update(
            (key, row[0]) for key, row in _known_people(conn, source_id, new_keys).items()
        )
    conn.exec_driver_sql(
        "INSERT INTO credits (item_id, person_id, kind, role, sort_order) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        [
            (item_ids[r.remote_id], person_ids[c.key], c.kind.value, c.role, order)
            for r in records
            for order, c in enumerate(r.people)
        ],
    )
    return names
