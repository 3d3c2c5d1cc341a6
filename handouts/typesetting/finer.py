"""A Thai word → the inner boundaries of the compound it is (รับ|ประทาน): a break of last resort.

The line breaker's words are thaibreak's, merged into dictionary compounds
(:func:`.segment.break_opportunities`); some are long (รับประทาน, โรงพยาบาล,
กระดูกสันหลัง). When total fit (:mod:`.lines`) needs it, a line may end at an inner boundary of
such a compound, at a penalty. Those boundaries come from ``data/th_splits.txt.gz``, built by
``tools/build_th_compounds.py`` from two independent sources that must agree: ICU's Thai
dictionary line breaker proposes the positions (it keeps the words of its own dictionary whole,
กระดาษ, ประโยชน์), and the word must be tiled there by PyThaiNLP dictionary words (CC0), in two
or three pieces of at least two characters (กระดูก|สันหลัง, เจ้า|หน้าที่). A loanword that
cannot be tiled (พาราเซตามอล, คอเลสเตอรอล) has no inner boundary. The same table lists the
boundaries thaibreak puts inside a dictionary compound where a side is not dictionary words
(ควิโน|โลน in the loanword ควิโนโลน): :func:`not_junctures`, never a break. Precomputed, so a
render reads a sorted table (:mod:`.wordlist`, only when a paragraph needs total fit), not ICU
and a dictionary.

Only the Thai letter runs of a stretch without digits are looked at: a number with its unit
(``6 ชั่วโมง``) is never opened. A clinic keep-word is never split.
"""

from __future__ import annotations

import re

from handouts.typesetting.wordlist import shipped

_THAI_LETTERS = re.compile("[\u0e01-\u0e4e]+")


def inner_boundaries(word: str) -> tuple[int, ...]:
    """The inner boundaries of ``word`` (Thai letters) as a compound, or ``()``.

    >>> w = "กระดูกสันหลัง"
    >>> [(w[:i], w[i:]) for i in inner_boundaries(w)]
    [('กระดูก', 'สันหลัง')]
    >>> inner_boundaries("กระดาษ"), inner_boundaries("พาราเซตามอล"), inner_boundaries("ยาแก้")
    ((), (), ())
    """
    cuts = shipped("th_splits.txt.gz").get(word)
    return tuple(int(c) for c in cuts.split(",")) if cuts and cuts[0] != "!" else ()


def not_junctures(word: str) -> tuple[int, ...]:
    """thaibreak's boundaries inside the compound ``word`` that are not between two runs of
    dictionary words, or ``()``.

    >>> not_junctures("ควิโนโลน"), not_junctures("กระเพาะอาหาร")
    ((5,), ())
    """
    cuts = shipped("th_splits.txt.gz").get(word)
    return tuple(int(c) for c in cuts[1:].split(",")) if cuts and cuts[0] == "!" else ()


def bad_junctures(text: str, start: int, end: int) -> set[int]:
    """The :func:`not_junctures` of the Thai letter runs of ``text[start:end]``, as offsets.

    >>> t = "ยากลุ่มควิโนโลน"
    >>> [t[:i] for i in bad_junctures(t, 7, len(t))]
    ['ยากลุ่มควิโน']
    """
    return {m.start() + b for m in _THAI_LETTERS.finditer(text, start, end) for b in not_junctures(m.group())}


def finer_junctures(text: str, start: int, end: int, keep: tuple[str, ...] = ()) -> list[int]:
    """Inner compound boundaries in ``text[start:end]`` (a stretch between two word-level
    breaks), sorted; none when the stretch holds a digit (a number with its unit), none inside
    a clinic keep-word (``keep``).

    >>> t = "ให้รับประทานยา"
    >>> [t[:i] for i in finer_junctures(t, 3, 12)]
    ['ให้รับ']
    """
    from handouts.typesetting.segment import is_number

    stretch = text[start:end]
    if any(is_number(ch) for ch in stretch):  # a fraction too: ½ ช้อนชา
        return []
    out: list[int] = []
    for m in _THAI_LETTERS.finditer(stretch):
        out.extend(start + m.start() + b for b in inner_boundaries(m.group()))
    if out and keep:
        from handouts.typesetting.segment import keep_pattern

        pat = keep_pattern(keep)
        if pat is not None:
            inside = {i for k in pat.finditer(stretch) for i in range(start + k.start() + 1, start + k.end())}
            out = [i for i in out if i not in inside]
    return out
