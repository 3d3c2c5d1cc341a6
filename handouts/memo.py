"""A pure function's in-process memo → results handed in from earlier processes, and recorded.

The model's steps (:class:`handouts.modelcache.Steps`) keep some pure functions' results on disk
entry by entry (the inline Markdown of each text, the translation gate's verdict on each pair,
the front matter of each article): before a build they *seed* the memo with what earlier renders
computed, and *record* what this render used to store it back. The function itself never touches
the disk, so the layers below the cache stay free of it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Seeded(Generic[K, V]):
    """Results by argument: handed in (:meth:`seed`), looked up (:meth:`get`), recorded (:meth:`record`)."""

    def __init__(self, limit: int = 8192) -> None:
        self.limit = limit
        self.seeded: dict[K, V] = {}  # cleared, never replaced (tests empty it as a new process would start)
        self.recording: dict[K, V] | None = None

    def seed(self, items: Iterable[tuple[K, V]]) -> None:
        """Hand in results of earlier runs: those arguments are not computed again."""
        if len(self.seeded) > self.limit:
            self.seeded.clear()
        self.seeded.update(items)

    def record(self, on: bool = True) -> dict[K, V]:
        """Start (or stop) recording every result asked for from now on; the dict it returns fills up."""
        self.recording = {} if on else None
        return self.recording if self.recording is not None else {}

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The seeded result for ``key``, else ``compute()`` (errors propagate, nothing is kept)."""
        found = self.seeded[key] if key in self.seeded else compute()
        if self.recording is not None:
            self.recording[key] = found
        return found
