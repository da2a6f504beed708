"""Per-process caches of what is computed from the whole library, kept for one library revision.

Every such cache is a `RevisionCache`: bounded (least recently used out, cachetools' LRUCache), emptied
when the library's revision (speeches/revision.py) moves, and registered here, so that `clear_all()` empties
them all (the tests do, between tests). What can be shared between processes and hosts goes to Django's
cache framework instead; these hold what only makes sense in memory (numpy arrays, sorted orders).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache

from . import revision

T = TypeVar("T")

_registry: list[RevisionCache] = []


class RevisionCache(Generic[T]):
    def __init__(self, name: str, maxsize: int):
        self.name = name
        self._entries: LRUCache = LRUCache(maxsize=maxsize)
        self._revision: int | None = None
        self._lock = threading.Lock()
        _registry.append(self)

    def get(self, key: Hashable, compute: Callable[[], T], *, revision_number: int | None = None) -> T:
        """The value for `key` at the library's revision (read unless given), computed once per revision."""
        number = revision.current() if revision_number is None else revision_number
        with self._lock:
            if self._revision != number:
                self._entries.clear()
                self._revision = number
            try:
                return self._entries[key]
            except KeyError:
                pass
        value = compute()  # outside the lock: another key need not wait for this one
        with self._lock:
            if self._revision == number:
                self._entries[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._revision = None

    def __repr__(self) -> str:
        return f"<RevisionCache {self.name}: {len(self._entries)} at revision {self._revision}>"


def clear_all() -> None:
    """Empty every cache of this process (tests, and after a change that bypassed the revision)."""
    for cache in _registry:
        cache.clear()
