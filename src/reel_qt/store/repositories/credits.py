"""SQL for people and their credits on items.

People are rows of their own (a name and a portrait, shared by every item they appear in).
An item's credits are one row per item: a JSON array of `[person_id, kind, role]` in billing
order. Credits are only ever written and read per item, and one row per item instead of
one per credit made writing them ten times cheaper (bench/raw_floor.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from reel_qt.core.records import MediaRecord
from reel_qt.store.people_cache import PeopleCache, StoredPerson
from reel_qt.store.repositories import search_index
from reel_qt.store.repositories._sql import chunked, insert_many, placeholders
from reel_qt.store.views import CreditView

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

_JSON = msgspec.json.Encoder()


def _known_people(conn: Connection, source_id: int, keys: Sequence[str]) -> dict[str, StoredPerson]:
    """Stored people among keys: key -> (id, name, image_ref)."""
    found: dict[str, StoredPerson] = {}
    for chunk in chunked(keys):
        rows = conn.exec_driver_sql(
            f"SELECT remote_id, id, name, image_ref FROM people WHERE source_id = ? "
            f"AND remote_id IN ({placeholders(len(chunk))})",
            (source_id, *chunk),
        ).all()
        found.update((r[0], (int(r[1]), r[2], r[3])) for r in rows)
    return found


def _person_ids(
    conn: Connection,
    source_id: int,
    people: dict[str, tuple[str, str | None]],
    cache: PeopleCache | None,
) -> dict[str, int]:
    """Store the new and the changed among people (key -> name, image); return key -> id."""
    remembered = cache.people_of(source_id) if cache is not None else {}
    person_ids: dict[str, int] = {}
    others = []  # people the cache does not know as they are now
    for key, (name, image) in people.items():
        person = remembered.get(key)
        if person is not None and person[1] == name and (image is None or person[2] == image):
            person_ids[key] = person[0]
        else:
            others.append(key)
    if not others:
        return person_ids
    stored = _known_people(conn, source_id, [key for key in others if key not in remembered])
    fresh: dict[str, StoredPerson] = {}  # what the cache will know once this batch commits
    changed = []
    new_keys = []
    for key in others:
        name, image = people[key]
        row = remembered.get(key) or stored.get(key)
        if row is None:
            new_keys.append(key)
            continue
        person_ids[key] = row[0]
        fresh[key] = (row[0], name, image or row[2])
        if row[1] != name or (image and row[2] != image):
            changed.append((name, image, row[0]))
    if changed:
        conn.exec_driver_sql(
            "UPDATE people SET name = ?, image_ref = coalesce(?, image_ref) WHERE id = ?", changed
        )
        # A new name must reach the search rows of every item crediting the person.
        search_index.queue_credited(conn, [row[2] for row in changed])
    if new_keys:
        # Ids chosen here (writes are serialised) spare a second lookup after the insert.
        last = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM people").scalar_one()
        rows = []
        for person_id, key in enumerate(new_keys, start=int(last) + 1):
            name, image = people[key]
            person_ids[key] = person_id
            fresh[key] = (person_id, name, image)
            rows.append((person_id, source_id, key, name, image))
        insert_many(conn, "people", ("id", "source_id", "remote_id", "name", "image_ref"), rows)
    if cache is not None:
        cache.stage(source_id, fresh)
    return person_ids


def replace_credits(
    conn: Connection,
    source_id: int,
    item_ids: dict[str, int],
    records: Sequence[MediaRecord],
    *,
    replace: Sequence[int],
    cache: PeopleCache | None = None,
) -> None:
    """Write the people of each record and its credits.

    The credits of the items listed in `replace` are dropped first, so a credit removed on
    the server disappears here too. With a cache, only people it does not know are looked up.
    """
    for chunk in chunked(replace):
        conn.exec_driver_sql(
            f"DELETE FROM credits WHERE item_id IN ({placeholders(len(chunk))})", chunk
        )
    # PersonCredit.key, spelled out: this loop runs once per credit of a whole library.
    people = {c.remote_id or c.name: (c.name, c.image_ref) for r in records for c in r.people}
    if not people:
        return
    person_ids = _person_ids(conn, source_id, people, cache)
    encode = _JSON.encode
    conn.exec_driver_sql(
        "INSERT INTO credits (item_id, people) VALUES (?, ?)",
        [
            (
                item_ids[r.remote_id],
                encode(
                    [(person_ids[c.remote_id or c.name], str(c.kind), c.role) for c in r.people]
                ).decode(),
            )
            for r in records
            if r.people
        ],
    )


def get_credits(conn: Connection, item_id: int) -> tuple[CreditView, ...]:
    """An item's credits in billing order (a person credited twice in one part shows once)."""
    rows = conn.exec_driver_sql(
        "SELECT p.id, p.name, json_extract(c.value, '$[1]'), json_extract(c.value, '$[2]'), "
        "p.image_ref FROM credits, json_each(credits.people) c "
        "JOIN people p ON p.id = json_extract(c.value, '$[0]') "
        "WHERE credits.item_id = ? ORDER BY c.key",
        (item_id,),
    ).all()
    seen: set[tuple[int, str]] = set()
    found = []
    for r in rows:
        if (r[0], r[2]) not in seen:
            seen.add((r[0], r[2]))
            found.append(
                CreditView(person_id=r[0], name=r[1], kind=r[2], role=r[3], image_ref=r[4])
            )
    return tuple(found)
