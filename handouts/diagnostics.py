"""Typed warnings with a source location, collected per run.

A :class:`Diagnostic` is a recoverable problem (a missing translation that fell back to the
source, a glyph missing from the font, a word split because it is wider than the line...).
The pipeline passes one :class:`Diagnostics` collector along; ``--strict`` makes any of them
fatal. Every diagnostic is also logged through the one ``handouts`` logger.

One warning per cause: many warnings of one cause (43 entries without a Burmese translation, 12
words split in a narrow column) are read as one line with the count and the fix
(:func:`summarize`; :class:`GroupingHandler` does it for the log, the CLI installs it unless
``-v``, which shows every one). The collector keeps every diagnostic: ``--strict``, the tests and
``handouts list`` see them all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

logger = logging.getLogger("handouts")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One warning: a stable ``code`` (for tests and filtering), a message and a location."""

    code: str
    message: str
    path: str | None = None
    line: int | None = None
    # several of one cause read as one line: this text with {n}, the count (see summarize); "" = the
    # code's entry in SUMMARIES, if any
    summary: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return f"{where}warning: {self.message} [{self.code}]"

    @property
    def cause(self) -> str:
        """The one-line text for several diagnostics of this cause ('' when each stands alone)."""
        return self.summary or SUMMARIES.get(self.code, "")


# Causes that repeat: the line that stands for all of them ({n}: how many). Each says the fix.
SUMMARIES: dict[str, str] = {
    "i18n.untranslated": "{n} texts have no translation and print in the source language "
                         "(translate them; each one: -v; per article: handouts i18n status)",
    "i18n.fuzzy": "{n} fuzzy translations are not used; the source text prints instead "
                  "(review them and remove the fuzzy flag; each one: -v)",
    "typeset.word-split": "{n} words are wider than the line and were split inside the word "
                          "(a wider page or the standard profile avoids it; each one: -v)",
    "typeset.glue-split": "{n} runs that are kept together were wider than the line and were broken "
                          "(each one: -v)",
    "font.missing-glyph": "{n} characters are not in the font and were drawn from a fallback font (each one: -v)",
    "content.credit-fallback": "{n} credits have no value in this language and print in the article's "
                               "(add them under author, reviewer, source in the front matter; each one: -v)",
}  # fmt: skip


def summarize(items: Iterable[Diagnostic]) -> list[str]:
    """One line per cause: a diagnostic alone as it is, several of one cause as its summary with
    the count (at their common file, if they share one), in the order causes first appear.

    >>> ds = [Diagnostic("i18n.untranslated", f"no my translation for {t!r}", "a.md", i) for i, t in enumerate("xyz")]
    >>> summarize([*ds, Diagnostic("content.review-overdue", "review was due", "a.md")])  # doctest: +NORMALIZE_WHITESPACE
    ['a.md: warning: 3 texts have no translation and print in the source language (translate them; each one: -v;
      per article: handouts i18n status) [i18n.untranslated]', 'a.md: warning: review was due [content.review-overdue]']
    >>> summarize(ds[:1])
    ["a.md: warning: no my translation for 'x' [i18n.untranslated]"]
    """
    groups: dict[object, list[Diagnostic]] = {}
    for d in items:
        groups.setdefault((d.code, d.cause) if d.cause else d, []).append(d)
    out = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            out.append(str(first))
            continue
        paths = {d.path for d in group}
        where = f"{first.path}: " if len(paths) == 1 and first.path else ""
        out.append(f"{where}warning: {first.cause.format(n=len(group))} [{first.code}]")
    return out


class GroupingHandler(logging.Handler):
    """While :attr:`holding`, holds back warnings that carry a :class:`Diagnostic` with a cause and, at
    :meth:`flush`, passes each cause on once (:func:`summarize`) to ``target``; every other record
    passes at once."""

    def __init__(self, target: logging.Handler) -> None:
        super().__init__()
        self.target = target
        self.held: list[Diagnostic] = []
        self.holding = False  # on while a command runs (the CLI's boundary); off, every record passes

    def emit(self, record: logging.LogRecord) -> None:
        d = getattr(record, "diagnostic", None)
        if self.holding and isinstance(d, Diagnostic) and d.cause:
            self.held.append(d)
        else:
            self.target.handle(record)

    def flush(self) -> None:
        held, self.held = self.held, []
        for line in summarize(held):
            self.target.handle(logging.LogRecord(logger.name, logging.WARNING, __file__, 0, "%s", (line,), None))
        self.target.flush()


@dataclass(slots=True)
class Diagnostics:
    """Collects diagnostics in order, without duplicates."""

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False, compare=False)
    log: bool = True  # False: only collect (``handouts list`` shows counts, not every warning)

    def warn(self, code: str, message: str, path: str | None = None, line: int | None = None,
             summary: str = "") -> None:  # fmt: skip
        d = Diagnostic(code, message, path, line, summary)
        if len(self._seen) != len(self.items):  # someone filled items directly
            self._seen = set(self.items)
        if d not in self._seen:
            self._seen.add(d)
            self.items.append(d)
            if self.log:
                logger.warning("%s", d, extra={"diagnostic": d})

    def codes(self) -> list[str]:
        return [d.code for d in self.items]

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
