"""Typed warnings with a source location, collected per run.

A :class:`Diagnostic` is a recoverable problem (a missing translation that fell back to the
source, a glyph missing from the font, a word split because it is wider than the line...).
The pipeline passes one :class:`Diagnostics` collector along; ``--strict`` makes any of them
fatal. Every diagnostic is also logged through the one ``handouts`` logger.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

logger = logging.getLogger("handouts")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One warning: a stable ``code`` (for tests and filtering), a message and a location."""

    code: str
    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return f"{where}warning: {self.message} [{self.code}]"


@dataclass(slots=True)
class Diagnostics:
    """Collects diagnostics in order, without duplicates."""

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False, compare=False)
    log: bool = True  # False: only collect (``handouts list`` shows counts, not every warning)

    def warn(self, code: str, message: str, path: str | None = None, line: int | None = None) -> None:
        d = Diagnostic(code, message, path, line)
        if len(self._seen) != len(self.items):  # someone filled items directly
            self._seen = set(self.items)
        if d not in self._seen:
            self._seen.add(d)
            self.items.append(d)
            if self.log:
                logger.warning("%s", d)

    def codes(self) -> list[str]:
        return [d.code for d in self.items]

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
