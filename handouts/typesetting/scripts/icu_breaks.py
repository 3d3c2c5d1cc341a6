"""Text of a spaceless script → its line-break opportunities, from ICU's dictionary break iterator.

ICU (``pyicu-wheels``, ICU 77) carries word dictionaries for Thai, Lao, Khmer and Burmese; its
line ``BreakIterator`` for the script's locale gives the positions where a line may break (between
words, never inside a grapheme cluster). :mod:`handouts.typesetting.segment` registers these for Lao, Khmer and Burmese; Thai keeps
``thaibreak`` (faster and as good on our corpus: ``benchmarks/segmenters.py``). ICU is imported
at the first run of such a script, not before.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _iterator(locale: str, kind: str = "line") -> Any:
    import icu

    loc = icu.Locale(locale)
    if kind == "line":
        return icu.BreakIterator.createLineInstance(loc)
    if kind == "word":
        return icu.BreakIterator.createWordInstance(loc)
    return icu.BreakIterator.createCharacterInstance(loc)


def _utf16_to_index(text: str) -> list[int] | None:
    """UTF-16 offset → Python index, or None when the text is all in the BMP (they agree)."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    table = []
    for i, c in enumerate(text):
        table.append(i)
        if ord(c) >= 0x10000:
            table.append(i)
    table.append(len(text))
    return table


@functools.lru_cache(maxsize=8192)
def _boundaries(text: str, locale: str, kind: str) -> tuple[int, ...]:
    it = _iterator(locale, kind)
    it.setText(text)
    table = _utf16_to_index(text)
    out = [0, *list(it)]
    if table is not None:
        out = [table[b] for b in out]
    return tuple(sorted(set(out)))


def boundaries(text: str, locale: str, kind: str = "line") -> list[int]:
    """Boundaries of ``text`` (0 and ``len(text)`` included) for ``kind`` ``line``, ``word`` or
    ``grapheme``.

    >>> boundaries("ກະລຸນາກິນຢາ", "lo")
    [0, 6, 9, 11]

    ICU's grapheme clusters end after a Khmer coeng (``ក្|រុ|ម``): a line may never break there,
    which :data:`handouts.typesetting.segment.NO_BREAK_AFTER` adds on top.

    >>> boundaries("ក្រុម", "km", "grapheme")
    [0, 2, 4, 5]
    """
    return list(_boundaries(text, locale, kind))


def segmenter(locale: str) -> Any:
    """The segmenter function for :func:`~handouts.typesetting.segment.register_segmenter`."""

    def run(text: str) -> list[int]:
        return boundaries(text, locale)

    run.__name__ = f"icu_{locale}"
    return run
