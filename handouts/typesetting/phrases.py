"""Phrases in another script than their text's: a change of natural language (PDF/UA-1).

A Thai paragraph that says "(Failed Back Surgery Syndrome)" or "Physiotherapy" switches to
English for those words; a screen reader must be told (a ``Span`` with its own ``/Lang``). A
number, a unit after a number ("500 mg", "5 cm") and a symbol glued to digits ("pH7", "B12",
"COVID-19") are no language change, nor is a lone letter ("x", "°C"). So is the other way: an
English (or Lao) paragraph that quotes Burmese, Khmer, Lao or Thai words ("ဆေးသောက်ပါ", "กินยา")
switches to that script's language for them.

Only where the phrase is: :func:`latin_phrases` and :func:`foreign_phrases` give character
ranges; the drawing code (:mod:`.flowable`) marks them, without changing how the text is shaped
or broken.
"""

from __future__ import annotations

import functools
import re

from handouts.typesetting.scripts import LANGUAGES, SCRIPT_BLOCKS, for_lang, script_of
from handouts.typesetting.segment import UNITS_LATIN

# a Latin word: letters (with their combining marks), joined inside by an apostrophe or a hyphen
_LETTER = "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_WORD = re.compile(f"[{_LETTER}][{_LETTER}\u0300-\u036f]*(?:['\u2019\\-\u2010][{_LETTER}][{_LETTER}\u0300-\u036f]*)*")
_GAP = frozenset(" \u00a0")  # what may part two words of one phrase
_UNITS = frozenset(UNITS_LATIN)
_NUMBER_BEFORE = re.compile(r"\d[\d.,]*[ \u00a0]?$")
# a word (between spaces) that is a web address, an e-mail address or a domain name: no words of a language
_TOKEN = re.compile(r"\S+")
_ADDRESS = re.compile(r"://|@|www\.|[A-Za-z0-9]\.[A-Za-z]{2,}")


def marks_latin(lang: str) -> bool:
    """Whether text in ``lang`` (a block's language) is written in another script than Latin,
    so that Latin phrases in it are a change of language.

    >>> marks_latin("th"), marks_latin("my-MM"), marks_latin("en"), marks_latin("")
    (True, True, False, False)
    """
    return bool(lang) and for_lang(lang) is not None


def _symbolic(text: str, start: int, end: int) -> bool:
    """A word that is part of a number: glued to a digit, or a unit after a number."""
    if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
        return True
    return text[start:end] in _UNITS and _NUMBER_BEFORE.search(text, 0, start) is not None


@functools.lru_cache(maxsize=4096)
def latin_phrases(text: str) -> tuple[tuple[int, int], ...]:
    """The ranges of ``text`` that are Latin-script phrases: words of two letters or more in all,
    with the spaces between them (no brackets or punctuation around them).

    >>> t = "กลุ่มอาการ (Failed Back Surgery Syndrome) ยา 500 mg pH7 x"
    >>> [t[a:b] for a, b in latin_phrases(t)]
    ['Failed Back Surgery Syndrome']
    >>> t = "ควรทำกายภาพบำบัด(Physiotherapy)ทุกวัน ค่าpH ต่ำ"
    >>> [t[a:b] for a, b in latin_phrases(t)]
    ['Physiotherapy', 'pH']
    >>> t = "ดูที่ https://demo-clinic.example/handouts/th หรือ info@clinic.example หรือ clinic.example (Website)"
    >>> [t[a:b] for a, b in latin_phrases(t)]
    ['Website']
    """
    out: list[tuple[int, int]] = []
    addresses = [m.span() for m in _TOKEN.finditer(text) if _ADDRESS.search(m.group())] \
        if "." in text or "@" in text else []  # fmt: skip
    letters = 0
    for m in _WORD.finditer(text):
        a, b = m.span()
        if _symbolic(text, a, b) or any(x <= a < y for x, y in addresses):
            continue
        n = sum(ch.isalpha() for ch in text[a:b])
        if out and all(ch in _GAP for ch in text[out[-1][1] : a]) and out[-1][1] < a:
            out[-1] = (out[-1][0], b)  # the next word of the phrase
            letters += n
            continue
        if out and letters < 2:
            out.pop()
        out.append((a, b))
        letters = n
    if out and letters < 2:
        out.pop()
    return tuple(out)


_COMPLEX = re.compile("[\u0e00-\uffff]")  # no Thai, Lao, Khmer or Burmese character before U+0E00
_SCRIPT_GAP = frozenset(" \u00a0\u200b")  # what may part two words of one phrase in those scripts


def _script_phrases(text: str, own: str | None) -> list[tuple[int, int, str]]:
    """Runs of Thai, Lao, Khmer or Burmese characters (a word or words parted by spaces) of
    another script than ``own``, with letters in them, and their language."""
    out = []
    for m in _runs_of_others(own).finditer(text):
        a, b = m.span()
        if any(c.isalpha() for c in text[a:b]):
            out.append((a, b, LANGUAGES[script_of(text[a])]))
    return out


@functools.cache
def _runs_of_others(own: str | None) -> re.Pattern[str]:
    """A run of one script's characters, words of it parted only by :data:`_SCRIPT_GAP`, for each
    script of :data:`~.scripts.LANGUAGES` but ``own`` (their blocks do not overlap: a match is
    the whole run)."""
    gap = "[" + "".join(sorted(_SCRIPT_GAP)) + "]"  # (sorted: the same pattern in every process, for the store)
    runs = []
    for tag in LANGUAGES:
        if tag == own:
            continue
        chars = "[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi, t in SCRIPT_BLOCKS if t == tag) + "]"
        runs.append(f"{chars}+(?:{gap}+{chars}+)*")
    return re.compile("|".join(runs))


@functools.lru_cache(maxsize=4096)
def foreign_phrases(text: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    """The phrases of ``text`` (in ``lang``) that are in another language, with that language:
    Latin-script phrases (:func:`latin_phrases`, English) when ``lang`` is written in another
    script, and runs of Thai, Lao, Khmer or Burmese letters of another script than ``lang``'s.

    >>> t = "In Burmese, take your medicine is ဆေးသောက်ပါ and in Thai กินยา ๒ เม็ด; ၅၀၀ is 500."
    >>> [(t[a:b], x) for a, b, x in foreign_phrases(t, "en")]
    [('ဆေးသောက်ပါ', 'my'), ('กินยา ๒ เม็ด', 'th')]
    >>> t = "ກິນຢາ ยาพาราเซตามอล Paracetamol"
    >>> [(t[a:b], x) for a, b, x in foreign_phrases(t, "lo")]
    [('ยาพาราเซตามอล', 'th'), ('Paracetamol', 'en')]
    """
    own = for_lang(lang) if lang else None
    out = [(a, b, "en") for a, b in latin_phrases(text)] if own is not None else []
    if _COMPLEX.search(text) is not None:
        out += _script_phrases(text, own.tag if own is not None else None)
    return tuple(sorted(out))
