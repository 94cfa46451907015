"""A bounded least-recently-used cache of item details, kept in step with writes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from reel_qt.store.views import ItemDetail


class ItemCache:
    """Thread-safe LRU map of item id -> ItemDetail."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[int, ItemDetail] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, item_id: int) -> ItemDetail | None:
        """The cached detail, refreshed as most recently used, or None."""
        with self._lock:
            detail = self._entries.get(item_id)
            if detail is None:
                self.misses += 1
                return None
            self._entries.move_to_end(item_id)
            self.hits += 1
            return detail

    def put(self, detail: ItemDetail) -> None:
        """Store a detail, evicting the least recently used past capacity."""
        if self.capacity <= 0:
            return
        with self._lock:
            self._entries[detail.id] = detail
            self._entries.move_to_end(detail.id)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def discard(self, item_ids: Iterable[int]) -> None:
        """Forget these items (their stored version changed or is gone)."""
        with self._lock:
            for item_id in item_ids:
                self._entries.pop(item_id, None)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
