"""The people a source already has in the store, remembered across sync batches.

Looking up a page's people (thousands of text keys probed in the people index) cost more
than writing the page's credits. The writer thread remembers the people it stored or looked
up, so a batch asks SQLite only about people it has not met. What a batch learns is staged
and becomes visible only once that batch has committed; a commit by any other connection
(another Reel process) empties the cache, as may anything that deletes people.
"""

from __future__ import annotations

from collections.abc import Mapping

# (id, name, image_ref) of a stored person.
StoredPerson = tuple[int, str, str | None]

# Past this many people the cache starts afresh rather than growing without bound.
MAX_ENTRIES = 250_000


class PeopleCache:
    """Per source, person key -> stored person; used on the writer thread only."""

    def __init__(self) -> None:
        self._known: dict[int, dict[str, StoredPerson]] = {}
        self._staged: list[tuple[int, dict[str, StoredPerson]]] = []
        self._data_version: int | None = None

    def open(self, data_version: int) -> None:
        """Start a batch: drop what an uncommitted batch staged, and all if others wrote."""
        self._staged.clear()
        size = sum(len(people) for people in self._known.values())
        if data_version != self._data_version or size > MAX_ENTRIES:
            self._known.clear()
            self._data_version = data_version

    def people_of(self, source_id: int) -> Mapping[str, StoredPerson]:
        """The source's people as committed: person key -> stored person (read-only)."""
        return self._known.get(source_id, {})

    def stage(self, source_id: int, people: dict[str, StoredPerson]) -> None:
        """Remember people this batch stored or found, once it commits."""
        self._staged.append((source_id, people))

    def commit(self) -> None:
        """The batch committed: what it staged is now true."""
        for source_id, people in self._staged:
            self._known.setdefault(source_id, {}).update(people)
        self._staged.clear()

    def clear(self) -> None:
        """Forget everything (people were deleted)."""
        self._known.clear()
        self._staged.clear()
