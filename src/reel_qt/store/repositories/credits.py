"""SQL for people and their credits on items.

People are rows of their own (a name and a portrait, shared by every item they appear in).
An item's credits are one row per item: a JSON array of `[person_key, kind, role]` in
billing order, the key being the person's remote id within the item's source. Credits are
only ever written and read per item, and one row per item instead of one per credit made
writing them ten times cheaper (bench/raw_floor.py). Naming people by key, not by local
id, lets the page parsing process pack an item's credits before the store has seen them
(`core.prepared`), so the writer only binds them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec

from reel_qt.core.prepared import PersonRow
from reel_qt.store.people_cache import PeopleCache, StoredPerson
from reel_qt.store.repositories import search_index
from reel_qt.store.repositories._sql import chunked, insert_many, placeholders
from reel_qt.store.views import CreditView

if TYPE_CHECKING:  # types only: SQLAlchemy loads with the store, not the window
    from sqlalchemy import Connection

# An item's packed credits: [person key, kind, role] each.
_KEYS = msgspec.json.Decoder(list[tuple[str, str, str | None]])


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


def _store_people(
    conn: Connection,
    source_id: int,
    people: Mapping[str, PersonRow],
    cache: PeopleCache | None,
) -> None:
    """Store the new and the changed among people (key -> name, image)."""
    remembered = cache.people_of(source_id) if cache is not None else {}
    others = []  # people the cache does not know as they are now
    for key, (name, image) in people.items():
        person = remembered.get(key)
        if person is None or person[1] != name or (image is not None and person[2] != image):
            others.append(key)
    if not others:
        return
    stored = _known_people(conn, source_id, [key for key in others if key not in remembered])
    fresh: dict[str, StoredPerson] = {}  # what the cache will know once this batch commits
    changed = []
    renamed = []
    new_keys = []
    for key in others:
        name, image = people[key]
        row = remembered.get(key) or stored.get(key)
        if row is None:
            new_keys.append(key)
            continue
        fresh[key] = (row[0], name, image or row[2])
        if row[1] != name or (image and row[2] != image):
            changed.append((name, image, row[0]))
            if row[1] != name:
                renamed.append(key)
    if changed:
        conn.exec_driver_sql(
            "UPDATE people SET name = ?, image_ref = coalesce(?, image_ref) WHERE id = ?", changed
        )
    if renamed:  # a new name must reach the search rows of every item crediting the person
        search_index.queue_credited(conn, source_id, renamed)
    if new_keys:
        # Ids chosen here (writes are serialised) so the cache knows them without a lookup.
        last = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM people").scalar_one()
        rows = []
        for person_id, key in enumerate(new_keys, start=int(last) + 1):
            name, image = people[key]
            fresh[key] = (person_id, name, image)
            rows.append((person_id, source_id, key, name, image))
        insert_many(conn, "people", ("id", "source_id", "remote_id", "name", "image_ref"), rows)
    if cache is not None:
        cache.stage(source_id, fresh)


def credited_people(
    people: Mapping[str, PersonRow], rows: Sequence[tuple[int, str]]
) -> dict[str, PersonRow]:
    """The people among these that the packed credit rows name."""
    keys = {credit[0] for _, text in rows for credit in _KEYS.decode(text)}
    return {key: people[key] for key in keys if key in people}


def replace_credits(
    conn: Connection,
    source_id: int,
    people: Mapping[str, PersonRow],
    rows: Sequence[tuple[int, str]],
    *,
    replace: Sequence[int],
    cache: PeopleCache | None = None,
) -> None:
    """Store the people credited and write (item id, packed credits) rows.

    The credits of the items listed in `replace` are dropped first, so a credit removed on
    the server disappears here too. With a cache, only people it does not know are looked up.
    """
    for chunk in chunked(replace):
        conn.exec_driver_sql(
            f"DELETE FROM credits WHERE item_id IN ({placeholders(len(chunk))})", chunk
        )
    if people:
        _store_people(conn, source_id, people, cache)
    if rows:
        conn.exec_driver_sql("INSERT INTO credits (item_id, people) VALUES (?, ?)", rows)


#: An item's credits with their people. CROSS JOIN keeps this order: each credit probes the
#: people index by key (left to choose, SQLite may scan all of a source's people instead).
CREDITS_OF_ITEM_SQL = (
    "SELECT p.id, p.name, json_extract(c.value, '$[1]'), json_extract(c.value, '$[2]'), "
    "p.image_ref FROM media_items m JOIN credits ON credits.item_id = m.id "
    "CROSS JOIN json_each(credits.people) c CROSS JOIN people p "
    "ON p.source_id = m.source_id AND p.remote_id = json_extract(c.value, '$[0]') "
    "WHERE m.id = ? ORDER BY c.key"
)


def get_credits(conn: Connection, item_id: int) -> tuple[CreditView, ...]:
    """An item's credits in billing order (a person credited twice in one part shows once)."""
    rows = conn.exec_driver_sql(CREDITS_OF_ITEM_SQL, (item_id,)).all()
    seen: set[tuple[int, str]] = set()
    found = []
    for r in rows:
        if (r[0], r[2]) not in seen:
            seen.add((r[0], r[2]))
            found.append(
                CreditView(person_id=r[0], name=r[1], kind=r[2], role=r[3], image_ref=r[4])
            )
    return tuple(found)
