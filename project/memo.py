"""A memo of pure renderings, kept in the process: for output that is a function of its key alone,
so that an entry can never be stale, only evicted.

Not a cache of shared state (those live in the cache every server shares: throttles, counts; see
`settings.CACHES`): a key here holds every input of what is remembered, compared in full, so two
processes that remember the same key hold the same value, and a process that does not simply
renders it again. Shared, a megabyte of markup would cost a round trip to the cache each time,
more than the rendering it saves on most pages.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class BoundedMemo(Generic[Value]):
    """Values by key, the least recently used evicted once their total size (`size` of each,
    `len()` unless told: characters for a string) passes `budget`. A value larger than the whole
    budget is not kept."""

    def __init__(self, budget: int, size: Callable[[Value], int] = len) -> None:
        self.budget = budget
        self.size = size
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._last: tuple[Hashable, Value] | None = None

    def get_or_make(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value remembered for `key`, or `make()`'s, remembered. Equal keys must only ever
        make equal values: the memo compares keys, never values."""
        last = self._last
        if last is not None and last[0] is key:
            # Asked again with that very key (a page asks once for each of its parts): no
            # comparing a thousand rows once more, and no making it twice when it is not kept.
            return last[1]
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
        if value is None:
            value = make()
            self._keep(key, value)
        self._last = (key, value)
        return value

    def _keep(self, key: Hashable, value: Value) -> None:
        size = self.size(value)
        if size > self.budget:
            return
        with self._lock:
            if key in self._values:
                return
            self._values[key] = value
            self._size += size
            while self._size > self.budget:
                _, evicted = self._values.popitem(last=False)
                self._size -= self.size(evicted)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._size = 0
            self._last = None

    def __len__(self) -> int:
        return len(self._values)


class MemoKey(tuple):
    """A memo key: a tuple whose hash is computed once. A key of a thousand rows takes about a
    millisecond to hash, and a dictionary asks for a key's hash at every lookup."""

    def __new__(cls, *parts: Hashable) -> MemoKey:
        key = super().__new__(cls, parts)
        key._hash = tuple.__hash__(key)
        return key

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return tuple.__eq__(self, other)
