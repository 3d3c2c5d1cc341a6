"""A (source, translation) pair → the problems that break a handout or mislead a patient.

The one set of translation rules. ``handouts i18n check``, the proof and the render's gate
(:func:`gate`: the entries one handout uses, before anything is laid out) all call
:func:`entry_findings`, so they agree on every finding.

Errors (a handout using such an entry is refused):

* ``check.numbers`` — a number of the source is missing or another number was added, or a number is
  written more or fewer times than in the source (one value written again in another spelling after
  ``or``, ``/`` or ``(``, ``1,669 or 1669``, is named once: :func:`_mentions`), a count the source has not
  written as a Thai word before a counter (``Once a day`` → ``วันละสองครั้ง``: :func:`_counted_thai_words`),
  or a phone number written with other digit groups (``02 123 4567`` → ``021 234 567`` or ``4567 123 02``: :func:`_regrouped_phones`) (digits of
  any script count as the same number: ``๓`` = ``၃`` = ``៣`` = ``໓`` = ``3``; thousands
  separators are ignored);
* ``check.units`` — a number kept but its unit changed (``500 mg`` → ``500 ก.``, ``3 months`` →
  ``3 สัปดาห์``, ``40%`` → ``40``), moved to another number (the numbers swapped: ``every 6 hours,
  8 tablets`` → ``ทุก 8 ชั่วโมง … 6 เม็ด``), or a dose unit given to a number without one; in Thai also
  the unit dropped (``500 mg`` → ``500 เม็ด``);
* ``check.placeholder`` — a placeholder of a template string missing, renamed or added, or the
  translation not a valid ``%`` format string;
* ``check.phone`` — a phone or emergency number written into a template translation (the
  number comes from the clinic, through the placeholder);
* ``check.link`` — a link target or a written web address added, removed or changed;
* ``check.markup`` — bold or italic spans lost or added, or nested too deep;
* ``check.smuggled`` — template or HTML syntax the source has not;
* ``check.zawgyi`` — Burmese typed in the Zawgyi font encoding (:mod:`handouts.i18n.zawgyi`:
  Google's detector above 0.95), which prints as garbage in a Unicode font; the fix is
  ``handouts i18n zawgyi-to-unicode FILE``.

Warnings (the handout prints, marked as a draft where untranslated; ``--strict`` refuses):
``check.number-word`` (a number of the source written as a Thai word), ``check.untranslated-copy``
(the English source unchanged in a language of another script), ``check.empty`` (only
whitespace: shown as untranslated). A fuzzy entry's errors are warnings (the renderer does not
use it), except smuggled syntax and Zawgyi (the file's encoding is wrong, whatever the entry's state).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.content.article import Article
from handouts.diagnostics import Diagnostics
from handouts.errors import ContentError, Finding, UnsafeTranslationError, first_words
from handouts.i18n import zawgyi
from handouts.i18n.languages import language, plural_forms
from handouts.i18n.runtime import Catalog
from handouts.memo import Seeded
from handouts.model import Code, Emphasis, Inline, LineBreak, Link, Strong, Text

# Languages written in another script than the Latin of the sources: a translation identical
# to the English source is then certainly not a translation.
NON_LATIN = frozenset(
    ("am", "ar", "be", "bg", "bn", "el", "fa", "gu", "he", "hi", "hy", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo",
     "mk", "ml", "mn", "mr", "my", "ne", "or", "pa", "ru", "si", "sr", "ta", "te", "th", "uk", "ur", "zh")
)  # fmt: skip
SMUGGLED = ("{{", "{%", "{#", "<script", "<img", "<a ", "<iframe", "javascript:")
# a number; numbers joined by a slash are one value, in their order (1/2 is not 2/1, 120/80 not 80/120)
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?:/[0-9]+(?:[.,][0-9]+)*)*")
_PY_FORMAT = re.compile(r"%(?:\((?P<name>\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_NAMED_FORMAT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACE = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?\s*>")
# a web address written as text: scheme, www., or a name under a common top-level domain
_URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>()\[\]\"']+"
    r"|\b[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|th|me|ly|app|site|online|health|link|xyz|gov|edu)\b(?:/[^\s<>()\[\]\"']*)?"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.I,
)
# a phone-like run: three or more digits, maybe grouped with spaces, dashes, dots or brackets
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]*\d")

DIGIT_SCRIPTS = "Thai ๐-๙, Lao ໐-໙, Khmer ០-៩, Burmese ၀-၉ and every other Unicode decimal digit"

# units in the sources' and the translations' words → one canonical name
_UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "mg": ("mg", "milligram", "milligrams", "มก.", "มก", "มิลลิกรัม"),
    "g": ("g", "gram", "grams", "กรัม", "ก."),
    "kg": ("kg", "kilogram", "kilograms", "kilo", "kilos", "กก.", "กก", "กิโลกรัม", "กิโล"),
    "mcg": ("mcg", "µg", "μg", "microgram", "micrograms", "มคก.", "ไมโครกรัม"),
    "ml": ("ml", "mL", "millilitre", "millilitres", "milliliter", "milliliters", "cc", "มล.", "มล", "มิลลิลิตร", "ซีซี", "ลบ.ซม.", "ลบ.ซม"),
    "l": ("l", "L", "litre", "litres", "liter", "liters", "ลิตร"),
    "%": ("%", "percent", "per cent", "เปอร์เซ็นต์", "เปอร์เซนต์"),
    "mmhg": ("mmHg", "มม.ปรอท", "มิลลิเมตรปรอท"),
    "cm": ("cm", "centimetre", "centimetres", "centimeter", "centimeters", "ซม.", "ซม", "เซนติเมตร", "เซนต์"),
    "mm": ("mm", "millimetre", "millimetres", "millimeter", "millimeters", "มม.", "มม", "มิลลิเมตร"),
    "minute": ("min", "mins", "minute", "minutes", "นาที"),
    "hour": ("h", "hr", "hrs", "hour", "hours", "ชม.", "ชม", "ชั่วโมง"),
    "day": ("day", "days", "วัน"),
    "week": ("week", "weeks", "wk", "wks", "สัปดาห์", "อาทิตย์"),
    "month": ("month", "months", "เดือน", "ด."),
    "year": ("year", "years", "yr", "yrs", "ปี", "ขวบ"),
    "second": ("sec", "secs", "second", "seconds", "วินาที"),
    "°c": ("°C", "° C", "degrees", "degrees Celsius", "celsius", "องศา", "องศาเซลเซียส", "เซลเซียส", "°ซ.", "°ซ", "องศาซี"),
    "°f": ("°F", "° F", "degrees Fahrenheit", "fahrenheit", "องศาฟาเรนไฮต์", "ฟาเรนไฮต์"),
    "iu": ("IU", "units", "unit", "ยูนิต", "หน่วย"),
}
# units of a dose: a translation that gives one to a number the source writes without a unit changes the dose
_DOSE_UNITS = frozenset(("mg", "g", "kg", "mcg", "ml", "l", "iu"))
_UNIT_OF = {w.lower(): unit for unit, words in _UNIT_WORDS.items() for w in words}
_UNIT_AFTER = re.compile(
    r"\s*(" + "|".join(re.escape(w) for w in sorted(_UNIT_OF, key=len, reverse=True)) + r")(?![A-Za-z])", re.I
)
_RANGE = re.compile(r"\s*(?:-|–|—|~|to|or|ถึง|หรือ)\s*", re.I)
# Thai "ร้อยละ 40" is 40 %, and so is each number of "ร้อยละ 15 ถึง 40"
_PERCENT_BEFORE = re.compile(r"ร้อยละ\s*(?:[\d.,]+\s*(?:ถึง|-|–|—|และ|หรือ)\s*)*$")

_THAI_DIGIT_WORDS = {"ศูนย์": 0, "หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6,
                     "เจ็ด": 7, "แปด": 8, "เก้า": 9}  # fmt: skip
_THAI_POWERS = {"สิบ": 10, "ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000, "ล้าน": 1_000_000}
_THAI_NUMBER_WORD = re.compile(
    "(?:" + "|".join(sorted([*_THAI_DIGIT_WORDS, *_THAI_POWERS], key=len, reverse=True)) + ")+"
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule's verdict on a pair: severity, code, what differs and how to fix it."""

    severity: str
    code: str
    message: str
    hint: str = ""


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script as an ASCII digit.

    >>> ascii_digits("๓ ၃ ៣ ໓ ٣ 3")
    '3 3 3 3 3 3'
    """
    if text.isascii() or not _OTHER_DIGIT.search(text):  # most translations: no digit to convert
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


# a decimal digit (Unicode category Nd, as str.isdecimal) other than 0-9: found by the regex
# engine, not by a Python loop over every character of every translation (the gate of a cold render)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _markup(inlines: tuple[Inline, ...], acc: list[Any] | None = None) -> list[Any]:
    """[bold count, italic count, link targets] of parsed inlines."""
    acc = acc if acc is not None else [0, 0, []]
    for node in inlines:
        if isinstance(node, Strong):
            acc[0] += 1
            _markup(node.children, acc)
        elif isinstance(node, Emphasis):
            acc[1] += 1
            _markup(node.children, acc)
        elif isinstance(node, Link):
            acc[2].append(node.url)
            _markup(node.children, acc)
        else:  # text, inline code, a hard line break: no markup to keep
            assert isinstance(node, (Text, Code, LineBreak))
    return acc


# a time of day (08:00, 8:30, 20:00), and in a translation 08.00 where the source has 08:00 (Thai writes
# 08.00 น.): one value, H:MM, not two numbers
_TIME = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])([:.])([0-5]\d)(?![\d:]|[.,]\d)")


def _clock_times(digits: str, dotted: Collection[str] = ()) -> tuple[str, list[str]]:
    """A text (ASCII digits) with its times of day blanked (as long as before), and those times as
    ``H:MM``; a time written with a dot only where ``dotted`` (the source's times) has it.

    >>> _clock_times("at 08:00 and 8.30, 20.00 น.", {"20:00"})
    ('at       and 8.30,       น.', ['8:00', '20:00'])
    """
    found: list[str] = []

    def blank(m: re.Match[str]) -> str:
        value = f"{int(m.group(1))}:{m.group(3)}"
        if m.group(2) == "." and value not in dotted:
            return m.group(0)
        found.append(value)
        return " " * len(m.group(0))

    return (_TIME.sub(blank, digits) if ":" in digits or dotted else digits), found


def _numbers(text: str, dotted: Collection[str] = ()) -> list[str]:
    """The numbers of a text (digits of every script read as ASCII; thousands separators ignored).

    >>> _numbers("500 มก. วันละ ๓ ครั้ง, 1,000 mg, 2.5, ၁၀, 2½")
    ['500', '3', '1000', '2.5', '10', '2', '½']
    """
    plain, times = _clock_times(ascii_digits(_PY_FORMAT.sub(" ", text)), dotted)
    out = [re.sub(r"(?<=\d),(?=\d{3}\b)", "", n) for n in _NUMBER.findall(plain)] + times
    if not text.isascii():  # a fraction, superscript or circled number (½ ² ①) is a number too: "2½ เม็ด"
        out.extend(c for c in text if c.isnumeric() and unicodedata.category(c) in ("No", "Nl"))
    return out


# between two spellings of one value that name it once: "1,669 or 1669", "1669 (๑๖๖๙)", "500 mg / 500 มก."
_SPELLED_AGAIN = re.compile(r"\s*(?:or|หรือ|/|\()\s*", re.I)


def _mentions(text: str, dotted: Collection[str] = ()) -> Counter[str]:
    """How many times the text names each number: every writing counts, but the same value written
    again in another spelling right after ``or``, ``/`` or ``(`` (and the same unit) names it once.

    >>> sorted(_mentions("Call 1,669 or 1669; 2 tablets 2 times; 1669 (๑๖๖๙); ½").items())
    [('1669', 2), ('2', 2), ('½', 1)]
    """
    plain = _PY_FORMAT.sub(" ", text)
    digits, times = _clock_times(ascii_digits(plain), dotted)  # (as long as ``plain``: one ASCII digit a digit)
    out: Counter[str] = Counter(times)
    last: tuple[str, str, str, int] | None = None  # (value, spelling, unit, end) of the previous number
    for m in _NUMBER.finditer(digits):
        value = re.sub(r"(?<=\d),(?=\d{3}\b)", "", m.group(0))
        spelling = plain[m.start() : m.end()]
        unit = _UNIT_AFTER.match(digits, m.end())
        unit_name = _UNIT_OF[unit.group(1).lower()] if unit else ""
        if last is not None and last[0] == value and last[1] != spelling and last[2] == unit_name:
            between = digits[last[3] : m.start()]
            before = _UNIT_AFTER.match(between)
            if _SPELLED_AGAIN.fullmatch(between, before.end() if before else 0):
                last = (value, spelling, unit_name, m.end())
                continue
        out[value] += 1
        last = (value, spelling, unit_name, m.end())
    if not text.isascii():
        out.update(c for c in text if c.isnumeric() and unicodedata.category(c) in ("No", "Nl"))
    return out


def _with_units(text: str, dotted: Collection[str] = ()) -> dict[str, set[str]]:
    """Number → the units written right after it (``%`` also from Thai ``ร้อยละ N``).

    >>> sorted(_with_units("500 mg twice, 40% and ร้อยละ 15, 3 เดือน").items())
    [('15', {'%'}), ('3', {'month'}), ('40', {'%'}), ('500', {'mg'})]
    """
    plain = ascii_digits(_NAMED_FORMAT.sub(" ", text).replace("%%", "%"))  # "40% of" is not a format
    plain = _clock_times(plain, dotted)[0]
    out: dict[str, set[str]] = {}
    for m in _NUMBER.finditer(plain):
        n = re.sub(r"(?<=\d),(?=\d{3}\b)", "", m.group(0))
        after = _UNIT_AFTER.match(plain, m.end())
        if after:
            out.setdefault(n, set()).add(_UNIT_OF[after.group(1).lower()])
        if _PERCENT_BEFORE.search(plain, 0, m.start()):
            out.setdefault(n, set()).add("%")
    # the numbers of a range or a choice share the unit written after the last: "6-8 hours", "2 or 3 days"
    found = [(re.sub(r"(?<=\d),(?=\d{3}\b)", "", m.group(0)), m) for m in _NUMBER.finditer(plain)]
    for (n, m), (last, m2) in reversed(list(zip(found, found[1:], strict=False))):
        if last in out and _RANGE.fullmatch(plain, m.end(), m2.start()):
            out.setdefault(n, set()).update(out[last])
    return out


def thai_number_words(text: str) -> list[int]:
    """The numbers written as Thai words: whole words (:func:`_thai_number_runs`), not the letters of
    another word (ห้าม "do not" is not ห้า 5, สามารถ "can" not สาม 3, เก้าอี้ "chair" not เก้า 9).

    >>> thai_number_words("ทานยาสามเม็ด วันละสองครั้ง นานยี่สิบเอ็ดวัน หนึ่งร้อยห้าสิบ")
    [3, 2, 21, 150]
    >>> thai_number_words("ห้ามทานยาเกินขนาด สามารถนั่งบนเก้าอี้ได้")
    []
    """
    return [n for run, _ in _thai_number_runs(text) for n in _thai_number_value(run)]


def _thai_number_value(run: str) -> list[int]:
    """The number of a run of Thai number words (``[]`` for ศูนย์ alone read as no number).

    >>> _thai_number_value("ยี่สิบเอ็ด"), _thai_number_value("หนึ่งร้อยห้าสิบ")
    ([21], [150])
    """
    out = []
    if run:
        words = re.findall("|".join(sorted([*_THAI_DIGIT_WORDS, *_THAI_POWERS], key=len, reverse=True)), run)
        total, digit = 0, None
        for w in words:
            if w in _THAI_DIGIT_WORDS:
                digit = _THAI_DIGIT_WORDS[w]
                if w == "ยี่":
                    digit = 2
            else:
                total += (1 if digit is None else digit) * _THAI_POWERS[w]
                digit = None
        total += digit or 0
        if words != ["ศูนย์"] or total == 0:
            out.append(total)
    return out


def _thai_number_runs(text: str) -> list[tuple[str, str]]:
    """The runs of Thai number words (สาม, ยี่สิบเอ็ด) that are whole words, each with the counter or unit
    written after it (``""`` for none): a run followed by the end, a space, a character of another
    script, or a counter or unit (เม็ด, ครั้ง, วัน, มก.…) that is a whole word itself. Not the letters of
    a longer word: สามารถ ("can", a vowel follows), ห้ามกิน ("do not eat": ห้า, then มก followed by a vowel),
    เก้าอี้ (a chair), ห้ามทาน (ห้า followed by a Thai letter that starts no counter). Read without a
    dictionary (``i18n check`` loads no typesetting library); Thai writes a count before its counter.

    >>> _thai_number_runs("ทานยาสามเม็ด วันละสองครั้ง นานยี่สิบเอ็ดวัน หนึ่งร้อยห้าสิบ")
    [('สาม', 'เม็ด'), ('สอง', 'ครั้ง'), ('ยี่สิบเอ็ด', 'วัน'), ('หนึ่งร้อยห้าสิบ', '')]
    >>> _thai_number_runs("ห้ามทานยา ห้ามกิน สามารถนั่งบนเก้าอี้ได้ ข้อหนึ่งต่อไปนี้")
    []
    """
    out = []
    for m in _THAI_NUMBER_WORD.finditer(text):
        after = text[m.end() : m.end() + 1]
        if (after and after in _THAI_FOLLOWING) or text[max(m.start() - 1, 0) : m.start()] in _THAI_LEADING:
            continue  # the run begins or ends inside a syllable: the letters of another word
        counter = _THAI_COUNTER.match(text, m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip()))
        if counter or not after or not "\u0e01" <= after <= "\u0e5b":
            out.append((m.group(0), counter.group(0) if counter else ""))
    return out


# vowel signs and tone marks that continue a syllable, and the vowels written before its consonant
_THAI_FOLLOWING = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
# the words a count is written before in Thai (ครั้ง times, เม็ด tablets, วัน days…): a number word before
# one of them is a count, not a word (หนึ่งใน "one of", ข้อหนึ่ง "any one")
_THAI_COUNTERS = ("ครั้ง", "เม็ด", "แคปซูล", "ช้อน", "หยด", "ซอง", "มื้อ", "ขวด", "หลอด", "แผ่น",
                  *(w for words in _UNIT_WORDS.values() for w in words if not w.isascii()))  # fmt: skip
_THAI_COUNTER = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(dict.fromkeys(_THAI_COUNTERS), key=len, reverse=True))
                           + ")(?![\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])")  # fmt: skip
_ENGLISH_NUMBERS = {w: n for n, w in enumerate(("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                                 "eleven", "twelve"), 2)}  # fmt: skip
_ENGLISH_NUMBERS |= {"one": 1, "once": 1, "twice": 2, "thrice": 3, "twenty": 20, "thirty": 30}


def _english_numbers(text: str) -> Counter[str]:
    """The numbers a text writes as English words.

    >>> sorted(_english_numbers("Take one tablet twice a day for two weeks, not often").items())
    [('1', 1), ('2', 2)]
    """
    return Counter(str(_ENGLISH_NUMBERS[w]) for w in re.findall(r"[a-z]+", text.lower()) if w in _ENGLISH_NUMBERS)


def _counted_thai_words(msgstr: str) -> Counter[str]:
    """The counts of two or more a Thai translation writes in words: a number word before a counter
    or a unit (สองครั้ง twice, สามวัน three days; not ข้อหนึ่ง, "any one", or สี่เหลี่ยม, "square").

    >>> sorted(_counted_thai_words("ทาน 2 เม็ด วันละสามครั้ง นานสองสัปดาห์ ข้อหนึ่ง หนึ่งเม็ด").items())
    [('2', 1), ('3', 1)]
    """
    out: Counter[str] = Counter()
    if _THAI_NUMBER_WORD.search(msgstr):
        for run, after in _thai_number_runs(msgstr):
            value = _thai_number_value(run)
            if len(value) == 1 and value[0] >= 2 and after:
                out[str(value[0])] += 1
    return out


def _loose_thai_number_words(text: str) -> list[int]:
    """The numbers of every run of Thai number words' letters not inside a syllable (no vowel sign or
    tone mark after it): ทั้งสี่ด้าน has 4; may also read a word's letters (ห้าม "do not" as 5).

    >>> _loose_thai_number_words("ติดเทปให้ครบทั้งสี่ด้าน สามารถ")
    [4]
    """
    return [n for m in _THAI_NUMBER_WORD.finditer(text) if text[m.end() : m.end() + 1] not in _THAI_FOLLOWING
            for n in _thai_number_value(m.group(0))]  # fmt: skip


def _placeholders(text: str) -> list[str]:
    """Named and positional ``%`` placeholders and ``{name}`` fields (``%%`` is not one).

    >>> _placeholders("%(a)s of %d {page} 100%%")
    ['%(a)s', '%d', '{page}']
    """
    out = []
    for m in _PY_FORMAT.finditer(text):
        if m.group(0) != "%%":
            out.append(m.group(0))
    out.extend(f"{{{name}}}" for name in _BRACE.findall(text))
    return out


def _urls(text: str, link_targets: Iterable[str]) -> set[str]:
    """Link targets and web addresses written as text, normalised (case, trailing punctuation)."""
    out = {_url_key(u) for u in link_targets}
    for m in _URL.finditer(_strip_link_targets(text)):
        out.add(_url_key(m.group(0).rstrip(".,;:!?")))
    return {u.removeprefix("mailto:") for u in out}


_URL_HOST = re.compile(r"^((?:[a-z][a-z0-9+.-]*:(?://)?)?[^/?#]*)(.*)$", re.I | re.S)


def _url_key(url: str) -> str:
    """A web address as compared: its scheme and host in lower case (they are case-insensitive), its
    path and query as written (a server tells /Wound-Care from /wound-care).

    >>> _url_key("HTTPS://Demo.Example/Wound-Care/"), _url_key("www.Example.org/A")
    ('https://demo.example/Wound-Care', 'www.example.org/A')
    """
    m = _URL_HOST.match(url.strip().rstrip("/"))
    assert m is not None  # (every string matches)
    return m.group(1).lower() + m.group(2)


def _strip_link_targets(text: str) -> str:
    return re.sub(r"\]\([^)]*\)", "]", text)


def _phones(text: str) -> list[str]:
    """Phone-like digit runs (three or more digits), digits of every script read as ASCII."""
    out = []
    for m in _PHONE.finditer(ascii_digits(_PY_FORMAT.sub(" ", text))):
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) >= 3:
            out.append(digits)
    return out


# digit groups joined by one space, dot or hyphen: "02 123 4567", "+66 2-123-4567", "1.000.000", "2026-12-04"
_GROUPED = re.compile(r"(?<![\d.,])\+?\d+(?:[ \u00a0\u202f.-]\d+)+")
_DATE = re.compile(r"\d{4}([-.])\d{1,2}\1\d{1,2}|\d{1,2}([-.])\d{1,2}\2(?:\d{2}|\d{4})")


def _grouped_runs(text: str) -> list[tuple[tuple[str, ...], bool]]:
    """Each run of digit groups (digits of every script read as ASCII): its groups (the first with
    its ``+``), and whether it is a phone number (below)."""
    out = []
    for m in _GROUPED.finditer(ascii_digits(_PY_FORMAT.sub(" ", text))):
        groups = tuple(re.split(r"[ \u00a0\u202f.-]", m.group(0)))
        out.append((groups, _phone_like(m.group(0), groups)))
    return out


def _phone_like(run: str, groups: tuple[str, ...]) -> bool:
    """Is a run of digit groups written as a phone number: six digits or more, in three groups or
    more, or after a ``+``, or with a trunk ``0`` (``081 2345678``); not a number grouped by
    thousands (``1 000 000``, Lao ``1.000.000``), a decimal (``0.00125``), a date (``2026-12-04``,
    ``04.12.2026``) or a time range (``08.00-10.00``).

    >>> [_phone_like(r, tuple(re.split(r"[ .-]", r))) for r in ("02 123 4567", "+66 2 123 4567", "081 2345678")]
    [True, True, True]
    >>> [_phone_like(r, tuple(re.split(r"[ .-]", r))) for r in ("1 000 000", "1.000.000", "0.00125", "2026-12-04", "08.00-10.00", "100-200")]
    [False, False, False, False, False, False]
    """
    separators = set(re.sub(r"[+\d]", "", run))
    if sum(len(g.lstrip("+")) for g in groups) < 6 or ("." in separators and len(separators) > 1):
        return False
    if run.startswith("+"):
        return True
    thousands = len(separators) == 1 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if (thousands and not groups[0].startswith("0")) or _DATE.fullmatch(run):
        return False
    return len(groups) >= 3 or (groups[0].startswith("0") and "." not in separators)


def _regrouped_phones(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """The source's phone numbers the translation does not write with the same digit groups in the
    same order (``02 123 4567`` may be ``02-123-4567`` or ``๐๒ ๑๒๓ ๔๕๖๗``, not ``021 234 567`` or
    ``4567 123 02``): (the source's number, the translation's runs of digit groups)."""
    phones = [groups for groups, phone in _grouped_runs(msgid) if phone]
    if not phones:
        return []
    there = [groups for groups, _ in _grouped_runs(msgstr)]

    def within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
        return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))

    # one run may hold the other ("โทร 02 123 4567 24 ชั่วโมง"), if what they share is a phone number;
    # each run of the translation writes one phone number of the source
    left, gone = list(there), []
    for p in phones:
        t = next((t for t in left if within(p, t) or (within(t, p) and _phone_like(" ".join(t), t))), None)
        if t is None:
            gone.append(" ".join(p))
        else:
            left.remove(t)
    return [(p, ", ".join(" ".join(t) for t in there) or "has not") for p in dict.fromkeys(gone)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _markup_problems(msgid: str, msgstr: str) -> list[Problem]:
    from handouts.content.inline import parse_inline

    try:
        src_m = _markup(parse_inline(msgid))
    except ContentError:
        src_m = [0, 0, []]
    try:
        dst_m = _markup(parse_inline(msgstr))
    except ContentError as e:
        return [Problem("error", "check.markup", e.message, "remove the extra * and _ pairs")]
    out = []
    for i, what in ((0, "bold"), (1, "italic")):
        if src_m[i] != dst_m[i]:
            out.append(Problem("error", "check.markup",
                               f"the source has {_plural(src_m[i], what + ' span')}, the translation {dst_m[i]}",
                               "check the ** and * pairs: keep the same emphasis as the source"))  # fmt: skip
    src_u, dst_u = _urls(msgid, src_m[2]), _urls(msgstr, dst_m[2])
    if src_u != dst_u:
        gone, added = sorted(src_u - dst_u), sorted(dst_u - src_u)
        parts = ([f"the source links to {', '.join(gone)}"] if gone else []) + (
            [f"the translation adds {', '.join(added)}"] if added else [])  # fmt: skip
        out.append(Problem("error", "check.link", "links differ: " + "; ".join(parts),
                           "keep every link and web address exactly as in the source, and add none"))  # fmt: skip
    return out


def _digits_fine(lang: str) -> str:
    """The fix's note on native digits, in the terms of the catalog's language.

    >>> _digits_fine("th"), _digits_fine("my"), _digits_fine("en")
    ('Thai digits are fine', 'Burmese digits are fine', 'digits of any script are fine')
    """
    rec = language(lang)
    return f"{rec.english} digits are fine" if rec.digits else "digits of any script are fine"


@functools.cache
def _decimal_comma(lang: str) -> bool:
    """Does the language write 38,5 and 1.000 (Lao, by CLDR), where the source writes 38.5 and 1,000?"""
    try:
        import icu
    except ImportError:  # pragma: no cover - ICU comes with the typesetter
        return False
    symbols = icu.DecimalFormatSymbols(icu.Locale(lang.replace("-", "_")))
    return bool(symbols.getSymbol(icu.DecimalFormatSymbols.kDecimalSeparatorSymbol) == ",")


_SEPARATORS_SWAPPED = str.maketrans(",.", ".,")


def _times(k: int) -> str:
    return {1: "once", 2: "twice"}.get(k, f"{k} times")


def _number_problems(msgid: str, msgstr: str, lang: str) -> list[Problem]:
    src_n = _numbers(msgid)
    dotted = frozenset(n for n in src_n if ":" in n)  # the source's times, which Thai writes 08.00
    dst_n = _numbers(msgstr, dotted)
    if set(src_n) != set(dst_n) and _decimal_comma(lang):
        # a translation that writes the numbers in its language's own way (໓໘,໕ for 38.5) has them
        swapped = msgstr.translate(_SEPARATORS_SWAPPED)
        if set(_numbers(swapped, dotted)) == set(src_n):
            msgstr, dst_n = swapped, _numbers(swapped, dotted)
    # a number written more often than in the source is a number added ("2 tablets" is not "2 tablets 2
    # times"), and one written less often a number left out ("2 tablets 2 times a day" is not "2 tablets
    # once a day"); the same value in two spellings joined by "or" is named once ("1,669 or 1669")
    src_c, dst_c = _mentions(msgid), _mentions(msgstr, dotted)
    digits = Counter(dst_c)
    # the source's numbers written as English words ("twice", "two weeks") may be written in digits
    english = _english_numbers(msgid)
    allowed, unwritten = Counter(english), []
    if lang.split("_")[0] == "th":  # Thai's number words are known
        counted = _counted_thai_words(msgstr)  # a count written as a word (สองครั้ง, twice) is a number
        dst_c.update(counted)
        words = Counter(str(n) for n in thai_number_words(msgstr)) - counted  # other number words: only
        dst_c.update({n: min(words[n], src_c[n] - dst_c[n]) for n in src_c if src_c[n] > dst_c[n]})  # the source's
        # the source's English number words (but one and once, also "a" and "each"; and a value it writes in
        # digits too, "Two per sheet (2-up)"): in digits or any Thai number word (ทั้งสี่ด้าน, "all four
        # sides": its letters, as no dictionary tells them from another word's), or kept in English
        loose = Counter(str(n) for n in _loose_thai_number_words(msgstr)) + _english_numbers(msgstr)
        unwritten = [n for n, k in english.items() if n != "1" and not src_c[n] and dst_c[n] + loose[n] < k]
    as_words = [n for n in src_c if digits[n] < src_c[n] and dst_c[n] > digits[n]]
    missing = [n for n in src_c if src_c[n] and not dst_c[n]]
    extra = [n for n in dst_c if dst_c[n] and not src_c[n] and not allowed[n]]
    out: list[Problem] = []
    fix = f"write exactly the numbers of the source; {_digits_fine(lang)}"
    if missing:
        out.append(Problem("error", "check.numbers",
                           f"numbers differ: the source has {', '.join(missing)}, the translation "
                           f"{', '.join(extra) if extra else 'has not'}",
                           fix))  # fmt: skip
    elif extra:
        out.append(Problem("error", "check.numbers",
                           f"numbers differ: the translation adds {', '.join(extra)}, which the source has not", fix))  # fmt: skip
    elif differ := [n for n in {**src_c, **dst_c} if not src_c[n] <= dst_c[n] <= src_c[n] + allowed[n]]:
        n = differ[0]
        out.append(Problem("error", "check.numbers",
                           f"numbers differ: the source has {n} {_times(src_c[n])}, the translation {_times(dst_c[n])}",
                           fix))  # fmt: skip
    if not out:  # the same numbers: the same phone numbers? (their groups are numbers of their own)
        for phone, written in _regrouped_phones(msgid, msgstr):
            out.append(Problem("error", "check.numbers",
                               f"numbers differ: the source has the phone number {phone}, the translation {written}",
                               f"write the phone number's digits in the groups of the source ({phone}); "
                               f"a space, dash or dot between them; {_digits_fine(lang)}"))  # fmt: skip
    if unwritten:
        out.append(Problem("warning", "check.english-number",
                           f"the source writes {', '.join(unwritten)} as an English word (twice, two…); the translation "
                           "has it neither in digits nor as a Thai number word",
                           f"write the number, in digits or in words; {_digits_fine(lang)}"))  # fmt: skip
    if as_words:
        out.append(Problem("warning", "check.number-word",
                           f"the source's {', '.join(as_words)} is written as a Thai word",
                           f"write the number in digits, as the source does; {_digits_fine(lang)}"))  # fmt: skip
    src_u, dst_u = _with_units(msgid), _with_units(msgstr, dotted)
    hint = "keep the unit of the source (mg stays มก., months stay เดือน)"
    for n, units in src_u.items():
        if n in missing or n not in dst_n:
            continue
        there = dst_u.get(n, set())
        # its unit on another number of the translation, which the source does not give it: the numbers
        # swapped ("every 8 hours, 6 tablets" for "every 6 hours, 8 tablets")
        moved = not there and any(units & us - src_u.get(m, set()) for m, us in dst_u.items() if m != n)
        # no unit at all where the source has one ("500 mg" → "500 เม็ด", 500 tablets): in Thai, whose unit
        # words are all known here (a Burmese, Khmer or Lao unit word is not: "၃ လ" is 3 months)
        dropped = not there and lang.split("_")[0] == "th"
        if (there and not units & there) or ("%" in units and "%" not in there) or moved or dropped:
            now = ", ".join(sorted(there)) or "no unit"
            out.append(Problem("error", "check.units",
                               f"the unit of {n} differs: the source has {n} {'/'.join(sorted(units))}, the translation {now}",
                               hint))  # fmt: skip
    for n, there in dst_u.items():
        if n not in src_n or n in src_u:
            continue
        # a dose unit the source does not give it, or the unit of another number of the source that the
        # translation took from it (swapped)
        taken = {u for m, us in src_u.items() if m != n for u in us - dst_u.get(m, set())}
        added = there & (taken | _DOSE_UNITS)
        if added:
            out.append(Problem("error", "check.units",
                               f"the unit of {n} differs: the source has {n} with no unit, the translation {n} "
                               f"{'/'.join(sorted(added))}", hint))  # fmt: skip
    return out


def check_pair(msgid: str, msgstr: str, lang: str, *, template: bool) -> list[tuple[str, str, str]]:
    """The problems of one translation: (severity, code, message). ``msgstr`` is not empty.

    >>> check_pair("Take 500 mg", "ทาน 50 มก.", "th", template=False)
    [('error', 'check.numbers', 'numbers differ: the source has 500, the translation 50')]
    """
    return [(p.severity, p.code, p.message) for p in problems(msgid, msgstr, lang, template=template)]


Undrawable = Callable[[str], list[str]]  # text → the characters no shipped font draws (the typesetter's)


def problems(msgid: str, msgstr: str, lang: str, *, template: bool, undrawable: Undrawable | None = None) -> list[Problem]:
    """Every rule on one (source, translation) pair; with ``undrawable`` (a render: the typesetter
    is loaded anyway) also the characters no shipped font draws."""
    if not msgstr.strip():
        return [Problem("warning", "check.empty", "the translation is only whitespace (shown as untranslated)",
                        "leave it empty or translate it")]  # fmt: skip
    out = _markup_problems(msgid, msgstr)
    zawgyi_text = zawgyi.is_zawgyi(msgstr)
    if not zawgyi_text:  # Zawgyi writes letters with digits (ဝ as ၀, a dot below as ႔): no numbers to read
        out.extend(_number_problems(msgid, msgstr, lang))
    if template:  # article prose is never formatted: "40% of" is text
        src_p, dst_p = _placeholders(msgid), _placeholders(msgstr)
        gone = [p for p in dict.fromkeys(src_p) if p not in dst_p]
        added = [p for p in dict.fromkeys(dst_p) if p not in src_p]
        fix = "keep every placeholder exactly as in the msgid, and add none"
        if gone:
            out.append(Problem("error", "check.placeholder", f"placeholder {', '.join(gone)} missing from the translation", fix))
        if added:
            out.append(Problem("error", "check.placeholder", f"placeholder {', '.join(added)} is not in the source", fix))
        stray = [c for c in "{}" if _BRACE.sub("", msgstr).count(c) > _BRACE.sub("", msgid).count(c)]
        if not gone and not added and stray:  # ("หน้า {page} จาก {pages} {": printed with its brace)
            out.append(Problem("error", "check.placeholder", f"a stray {' and '.join(repr(c) for c in stray)} "
                               "outside the placeholders", "write each placeholder as {name}, as in the msgid"))  # fmt: skip
        if not gone and not added:
            names = {m.group("name") for m in _PY_FORMAT.finditer(msgid) if m.group("name")}
            try:
                msgstr % dict.fromkeys(names, 0)  # (0: a value for %s, %d, %f and %x alike)
            except (ValueError, TypeError, KeyError) as e:
                out.append(Problem("error", "check.placeholder", f"the translation is not a valid format string ({e})",
                                   "write %(name)s exactly as in the msgid, and %% for a percent sign"))  # fmt: skip
        src_phones = set(_phones(msgid))
        hard = [p for p in _phones(msgstr) if p not in src_phones]
        if hard:
            out = [p for p in out if not (p.code == "check.numbers" and "adds" in p.message)]
            out.append(Problem("error", "check.phone",
                               f"the translation writes the number {', '.join(hard)}; phone and emergency numbers "
                               "come from the clinic",
                               f"use the placeholder{'s' if len(src_p) != 1 else ''} of the source "
                               f"({', '.join(src_p) or 'none'}) instead"))  # fmt: skip
    low_src, low_dst = msgid.lower(), msgstr.lower()
    for token in SMUGGLED:
        if token in low_dst and token not in low_src:
            out.append(Problem("error", "check.smuggled",
                               f"the translation contains {token.strip()!r}, which the source has not",
                               "remove it: template and HTML syntax are shown literally, or worse"))  # fmt: skip
    src_tags = {t.lower() for t in _HTML_TAG.findall(msgid)}
    tags = [t for t in _HTML_TAG.findall(msgstr) if t.lower() not in src_tags]
    if tags and not any(tok in low_dst and tok not in low_src for tok in SMUGGLED):
        out.append(Problem("error", "check.smuggled", f"the translation contains the HTML tag {tags[0]!r}",
                           "remove it: write bold as **text** and links as [text](url)"))  # fmt: skip
    if zawgyi_text:
        out.append(Problem("error", zawgyi.CODE, zawgyi.MESSAGE, zawgyi.fix_hint("FILE")))
    out.extend(_character_problems(msgid, msgstr, undrawable))
    if lang.split("_")[0] in NON_LATIN and msgstr.strip() == msgid.strip() and re.search(r"[A-Za-z]", msgid):
        out.append(Problem("warning", "check.untranslated-copy",
                           f"the translation is the English source unchanged; {lang} is written in another script",
                           "translate it, or leave it empty until it is translated"))  # fmt: skip
    return out


def control_characters(text: str) -> list[str]:
    """The control characters of ``text`` but the line break (a tab, a bell), each once, in order."""
    return [c for c in dict.fromkeys(text) if unicodedata.category(c) == "Cc" and c != "\n"]


def _character_problems(msgid: str, msgstr: str, undrawable: Undrawable | None) -> list[Problem]:
    """Characters of the translation the render would refuse, found here with the catalog's line:
    a control character (a TAB, a bell; not a line break), and, given ``undrawable``, one no shipped
    font draws (an emoji, a fullwidth digit, another script: the render's gate asks; ``i18n check``
    loads no fonts, and the render then names the catalog's line). Those the source has too are
    the source's to fix."""
    out: list[Problem] = []
    control = [c for c in control_characters(msgstr) if c not in msgid]
    if control:
        out.append(Problem("error", "check.characters", f"the translation has the control character "
                           f"{', '.join(f'U+{ord(c):04X}' for c in control)} (a tab or an invisible code)",
                           "remove it (a tab: a space)"))  # fmt: skip
    undrawn = [c for c in undrawable(msgstr) if c not in msgid and c not in control] if undrawable else []
    if undrawn:
        from handouts.typesetting.fonts import describe

        out.append(Problem("error", "check.characters", f"no shipped font draws {describe(undrawn)}",
                           "write it in the script of the language, with its own or ASCII digits, or remove it"))  # fmt: skip
    return out


Pair = tuple[str, str, str, bool, bool, bool]  # (msgid, msgstr, lang, template, fuzzy, fonts asked)
_VERDICTS: Seeded[Pair, tuple[Problem, ...]] = Seeded()  # earlier processes' verdicts (the model's steps)
_SEEDED = _VERDICTS.seeded


def seed(verdicts: tuple[tuple[Pair, tuple[Problem, ...]], ...]) -> None:
    """Hand in verdicts of earlier runs (:class:`handouts.modelcache.Steps`): those pairs are not
    checked again (their inline Markdown is not even parsed)."""
    _VERDICTS.seed(verdicts)


def record(on: bool = True) -> dict[Pair, tuple[Problem, ...]]:
    """Start (or stop) recording every verdict given from now on (the model's steps store them)."""
    return _VERDICTS.record(on)


def graded(msgid: str, msgstr: str, lang: str, *, template: bool, fuzzy: bool,
           undrawable: Undrawable | None = None) -> list[Problem]:  # fmt: skip
    """:func:`problems`, with the errors of a fuzzy entry lowered to warnings (it is not used yet;
    it is fixed when it is reviewed), except smuggled syntax and Zawgyi."""
    pair = (msgid, msgstr, lang, template, fuzzy, undrawable is not None)
    return list(_VERDICTS.get(pair, lambda: tuple(_graded(msgid, msgstr, lang, template=template, fuzzy=fuzzy,
                                                          undrawable=undrawable))))  # fmt: skip


def _graded(msgid: str, msgstr: str, lang: str, *, template: bool, fuzzy: bool,
            undrawable: Undrawable | None = None) -> list[Problem]:  # fmt: skip
    out = []
    for p in problems(msgid, msgstr, lang, template=template, undrawable=undrawable):
        if fuzzy and p.severity == "error" and p.code not in ("check.smuggled", zawgyi.CODE):
            p = Problem("warning", p.code, p.message + " (fuzzy entry)", p.hint)
        out.append(p)
    return out


def entry_findings(where: str, line: int | None, context: str | None, msgid: str, msgstr: str, lang: str,
                   *, fuzzy: bool, undrawable: Undrawable | None = None) -> list[Finding]:  # fmt: skip
    """The findings of one catalog entry (``msgstr`` not empty): what ``i18n check`` prints and
    what the render's gate refuses on. Template entries are those without a msgctxt."""
    return [
        Finding(where, line, p.severity, p.code, p.message, context, msgid,
                (zawgyi.fix_hint(where) if p.code == zawgyi.CODE else p.hint) or None)
        for p in graded(msgid, msgstr, lang, template=context is None, fuzzy=fuzzy, undrawable=undrawable)
    ]


def gate(where: str, lang: str, used: Iterable[tuple[str | None, str, str, int, bool]],
         undrawable: Undrawable | None = None) -> list[Finding]:  # fmt: skip
    """The findings of the entries one handout uses: ``(msgctxt, msgid, msgstr, line, fuzzy)`` each.

    Entries without a translation are not checked here (the renderer shows the source and warns).
    """
    out: list[Finding] = []
    seen: set[tuple[str | None, str]] = set()
    for context, msgid, msgstr, line, fuzzy in used:
        if (context, msgid) in seen or not msgstr:
            continue
        seen.add((context, msgid))
        out.extend(entry_findings(where, line, context, msgid, msgstr, lang, fuzzy=fuzzy, undrawable=undrawable))
    return out


# --------------------------------------------------------------------------- the render's gate


def shown(path: Path) -> str:
    """A path as the user should see it (as ``i18n check`` shows it): relative to the current folder."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def gate_header(catalog: Catalog) -> list[Finding]:
    """The findings of a catalog's header (:func:`handouts.i18n.po.header_problems`: its
    ``Plural-Forms`` and ``charset``), as ``i18n check`` reports them: a render refuses them too.
    The verdict is kept with the others (the model's steps), so Babel's plural rules are read
    only when the header changes."""
    from handouts.i18n.po import HEADER_FIELD_OF, header_problems

    if catalog.path is None:
        return []
    fields = {name: (value, line) for name, value, line in catalog.header}
    values = {k: fields[k][0] for k in HEADER_FIELD_OF.values() if k in fields}
    pair = ("\0header", repr(sorted(values.items())), catalog.lang, True, False, False)
    found = _VERDICTS.get(pair, lambda: tuple(Problem("error", code, message) for code, message
                                              in header_problems(values, plural_forms(catalog.lang), catalog.lang)))  # fmt: skip
    # a missing field is reported on the header entry's line
    return [Finding(shown(catalog.path), fields.get(HEADER_FIELD_OF[p.code], ("", catalog.header_line or 1))[1], p.severity,
                    p.code, p.message) for p in found]  # fmt: skip


def gate_article(article: Article, catalog: Catalog, undrawable: Undrawable | None = None) -> list[Finding]:
    """The findings of the catalog entries an article's handout uses (its msgctxt, its msgids)."""
    if catalog.path is None:
        return []
    used = []
    for e in article.entries:
        msg = catalog.lookup(article.id, e.text)
        if msg is not None:
            used.append((article.id, e.text, msg.msgstr, msg.line, msg.fuzzy))
    return gate(shown(catalog.path), catalog.lang, used, undrawable)


@dataclass(slots=True)
class FrameGate:
    """The frame's gettext asks it about each template translation it would use: True when it is
    safe; the findings are kept (a refused string is replaced by its source until the render stops)."""

    catalog: Catalog
    findings: list[Finding] = field(default_factory=list)
    undrawable: Undrawable | None = None

    def __call__(self, msgid: str, msgstr: str) -> bool:
        if self.catalog.path is None:
            return True
        msg = self.catalog.messages.get((None, msgid))
        line = msg.line if msg is not None else None
        found = gate(shown(self.catalog.path), self.catalog.lang, [(None, msgid, msgstr, line or 0, False)],
                     self.undrawable)  # fmt: skip
        new = [f for f in found if f not in self.findings]
        self.findings.extend(new)
        return not any(f.is_error for f in found)


def enforce(findings: Iterable[Finding], diagnostics: Diagnostics) -> None:
    """Refuse (:class:`UnsafeTranslationError`, exit 1) when any finding is an error; otherwise pass
    the warnings on as diagnostics (``--strict`` refuses them, exit 3). A fuzzy entry is already
    warned about as such, and is not used."""
    found = list(findings)
    if any(f.is_error for f in found):
        raise UnsafeTranslationError(found)
    for f in found:
        if f.message.endswith("(fuzzy entry)"):
            continue
        entry = f' — "{first_words(f.msgid)}"' if f.msgid else ""
        diagnostics.warn(f.code, f"{f.message}{entry}", f.path, f.line)
