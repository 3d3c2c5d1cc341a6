"""Process memo with a cost budget → bounded caches for the typesetter's pure steps.

Every in-process cache of the typesetter (shaped runs, atoms per paragraph, glyph plans, text
operators) is a :class:`Memo`: a dictionary whose entries carry a cost (characters or glyphs)
and whose least recently used entries leave once the total exceeds the budget. So memory stays
bounded whatever a document holds (one 1,000,000-character paragraph or 10,000 short ones),
and tests can assert it (:attr:`Memo.cost`).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A least-recently-used mapping bounded by the sum of its entries' costs.

    >>> m: Memo[str, int] = Memo(budget=10)
    >>> m.put("a", 1, cost=6); m.put("b", 2, cost=6)
    >>> m.get("a"), m.get("b"), m.cost
    (None, 2, 6)
    """

    __slots__ = ("_costs", "_data", "budget", "cost")

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.cost = 0
        self._data: OrderedDict[K, V] = OrderedDict()
        self._costs: dict[K, int] = {}

    def get(self, key: K) -> V | None:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V, cost: int = 1) -> None:
        if key in self._data:
            self.cost -= self._costs[key]
        self._data[key] = value
        self._data.move_to_end(key)
        self._costs[key] = cost
        self.cost += cost
        while self.cost > self.budget and len(self._data) > 1:
            old, _ = self._data.popitem(last=False)
            self.cost -= self._costs.pop(old)

    def clear(self) -> None:
        self._data.clear()
        self._costs.clear()
        self.cost = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data
