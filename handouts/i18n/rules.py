"""A (source, translation) pair → the problems that break a handout or mislead a patient.

The one set of translation rules. ``handouts i18n check``, the proof and the render's gate
(:func:`gate`: the entries one handout uses, before anything is laid out) all call
:func:`entry_findings`, so they agree on every finding.
(Over 500 lines: the rules and the gates that apply them stay together, one code path for check,
render, batch and serve; reading a text's numbers is :mod:`handouts.i18n.numerals`.)

Errors (a handout using such an entry is refused):

* ``check.numbers`` — a number of the source is missing or another number was added, or a number is
  written more or fewer times than in the source (one value written again in another spelling after
  ``or``, ``/`` or ``(``, ``1,669 or 1669``, is named once), a count the source has not written as a
  Thai word before a counter (``Once a day`` → ``วันละสองครั้ง``), in Thai a count word beside the
  same number in digits left out (``2 tablets twice a day`` → ``2 เม็ด วันละครั้ง``), or a phone number written with other
  digit groups (``02 123 4567`` → ``021 234 567`` or ``4567 123 02``), or a date's day and month swapped
  (``2026-12-05`` → ``12-05-2026``, in a language that writes the day first), or a range written the other
  way round (``1-2 tablets`` → ``2-1 เม็ด``, ``2 ถึง 1``); digits of any script count as
  the same number (``๓`` = ``၃`` = ``៣`` = ``໓`` = ``3``), thousands separators are ignored (a space
  too: ``1 000`` for ``1,000``; a dotted phone number is its groups: ``02.123.4567``; Thai ครึ่ง is ``½``, and so is ``0.5``)
  (:mod:`handouts.i18n.numerals` reads the numbers of a text);
* ``check.units`` — a number kept but its unit changed (``500 mg`` → ``500 ก.``, ``3 months`` →
  ``3 สัปดาห์``, ``40%`` → ``40``), moved to another number (the numbers swapped: ``every 6 hours,
  8 tablets`` → ``ทุก 8 ชั่วโมง … 6 เม็ด``), or a dose unit given to a number without one; in Thai also
  the unit dropped (``500 mg`` → ``500 เม็ด``), in Burmese, Khmer and Lao a dose's unit dropped
  (``500 mg`` → ``၅၀၀``); their unit and counting words are known too (``6 hours`` → ``၆ ရက်``, 6 days);
* ``check.placeholder`` — a placeholder of a template string missing, renamed or added, or the
  translation not a valid ``%`` format string;
* ``check.phone`` — a phone or emergency number written into a template translation (the
  number comes from the clinic, through the placeholder);
* ``check.link`` — a link target or a written web address added, removed or changed;
* ``check.markup`` — bold or italic spans lost or added, or nested too deep;
* ``check.smuggled`` — template or HTML syntax the source has not, or Markdown an entry cannot hold
  (a heading's ``#``, a box marker, a picture, a code fence: printed as typed);
* ``check.zawgyi`` — Burmese typed in the Zawgyi font encoding (:mod:`handouts.i18n.zawgyi`:
  Google's detector above 0.95), which prints as garbage in a Unicode font; the fix is
  ``handouts i18n zawgyi-to-unicode FILE``;
* ``check.characters`` — a control character, a character no shipped font draws, a number in
  another shipped language's digits (Burmese ``၅၀၀`` in a Thai handout), or letters of another
  shipped script that the source has not (Lao ``ກິນຢາ`` in the Thai catalog);
* ``check.meal-timing``, ``check.side``, ``check.stop``, ``check.time-of-day`` — the source says "before
  meals" (or "on an empty stomach"), a side of the body, "stop taking it" or a time of day, and the
  translation only its opposite ("หลังอาหาร", after meals; "เข่าขวา" for "left knee"; "ทานต่อ", keep taking
  it; "ก่อนนอน" for "in the morning"): :func:`_opposite_problems`;
* ``check.route`` — the source says how a medicine goes in (by mouth, into the eye, the ear, the nose,
  on the skin, into the rectum or the vagina) and the translation only another way ("in each eye" →
  "หยอดหู", into the ear): :func:`_opposite_problems` too;
* ``check.limit`` — the source puts a limit on one side of its number ("children under 12", "above
  38 °C", "up to 8") and the translation only the other ("เด็กอายุเกิน 12 ปี", over 12):
  :func:`_opposite_problems` too;
* ``check.surgery-timing``, ``check.form`` — the source says "before" or "after" the operation, or counts
  tablets, capsules, sachets, drops, puffs or patches, and the translation only the other ("7 days
  before surgery" → "7 วันหลังผ่าตัด"; "2 tablets" → "2 แคปซูล"): :func:`_opposite_problems` too;
* ``check.storage``, ``check.hot-cold`` — the source keeps the medicine in the fridge, the freezer or at
  room temperature, or puts cold or heat on the body, and the translation only the other ("in the fridge" →
  "ในช่องแช่แข็ง", the freezer; "ice" → "ประคบร้อน", a hot pack): :func:`_opposite_problems`;
* ``check.frequency`` — how often said by another period than the source's, and never by the source's
  ("once a week" → "วันละครั้ง", once a day: :func:`_frequency_problems`);
* ``check.medicine`` — the translation names a medicine (``data/medicines.txt``, in Thai or Latin letters)
  that the source does not name ("paracetamol" → "แอสไพริน": :func:`_medicine_problems`);
* ``check.length`` — a translation more than :data:`LENGTH_FACTOR` times as long as its source
  (plus :data:`LENGTH_SLACK` characters): pasted more than once, or another entry's text.

Warnings (the handout prints, marked as a draft where untranslated; ``--strict`` refuses):
``check.number-word`` (a number of the source written as a Thai word), ``check.english-number`` (in
Thai, a number the source writes as an English word, "twice", written neither in digits nor in words),
``check.negation`` (the source says "not", or "stop taking", "discontinue", "Avoid…", and the Thai, Lao,
Khmer or Burmese translation has no word of negation, nor "avoid", "only", "at most": :func:`says_not`), ``check.untranslated-copy``
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
from handouts.i18n.languages import base as base_language
from handouts.i18n.languages import language, named, plural_forms
from handouts.i18n.numerals import (
    AND,
    BETWEEN,
    BETWEEN_AFTER,
    DOSE_UNITS,
    PY_FORMAT,
    SEA_UNIT_WORDS,
    ascii_digits,
    counted_sea_words,
    counted_thai_words,
    dose_order,
    english_counts,
    english_numbers,
    fractions_alike,
    loose_thai_number_words,
    mentions,
    meridiem,
    numbers,
    regrouped,
    regrouped_phones,
    reordered_dates,
    signed,
    thai_clock,
    thai_number_words,
    unit_counts,
    with_units,
)
from handouts.i18n.runtime import Catalog, shown
from handouts.memo import Seeded
from handouts.model import Code, Emphasis, Inline, LineBreak, Link, Strong, Text
from handouts.textfile import control_characters

# Languages written in another script than the Latin of the sources: a translation identical
# to the English source is then certainly not a translation.
NON_LATIN = frozenset(
    ("am", "ar", "be", "bg", "bn", "el", "fa", "gu", "he", "hi", "hy", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo",
     "mk", "ml", "mn", "mr", "my", "ne", "or", "pa", "ru", "si", "sr", "ta", "te", "th", "uk", "ur", "zh")
)  # fmt: skip
SMUGGLED = ("{{", "{%", "{#", "<script", "<img", "<a ", "<iframe", "javascript:")
# Markdown that a translation cannot use: an entry is the inline text of one paragraph, heading,
# item, cell, alt text or caption, so a block's marker, a picture or an HTML comment in it is
# printed as it is typed ("# หัวข้อ", "> [!WARNING]", "![รูป](images/x.png)", "<!-- -->"); a ">" alone
# is text ("> 38 °ซ.")
_BLOCK_MARKDOWN = (
    ("a heading's '#'", re.compile(r"^[ \t]{0,3}#{1,6}(?=[ \t]|$)", re.M)),
    ("a box marker '[!…]'", re.compile(r"\[![A-Za-z]+\]")),
    ("a picture '![…](…)'", re.compile(r"!\[[^\]\n]*\]\(")),
    ("a code fence", re.compile(r"^[ \t]{0,3}(?:```|~~~)", re.M)),
    ("an HTML comment '<!--'", re.compile(r"<!--")),
)
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


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule's verdict on a pair: severity, code, what differs and how to fix it."""

    severity: str
    code: str
    message: str
    hint: str = ""


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


def _texts(inlines: tuple[Inline, ...]) -> list[str]:
    """The plain text of parsed inlines (not inline code), in order: what Markdown did not read."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link)):
            out.extend(_texts(node.children))
        out.append(" ")  # (nothing joins across two nodes)
    return out


_LINK_LEFTOVER = re.compile(r"\][ \t]*\(")  # a link's "](" that Markdown did not read as one


def _placeholders(text: str) -> list[str]:
    """Named and positional ``%`` placeholders and ``{name}`` fields (``%%`` is not one).

    >>> _placeholders("%(a)s of %d {page} 100%%")
    ['%(a)s', '%d', '{page}']
    """
    out = []
    for m in PY_FORMAT.finditer(text):
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
    for m in _PHONE.finditer(ascii_digits(PY_FORMAT.sub(" ", text))):
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) >= 3:
            out.append(digits)
    return out


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
    if len(dst_m[2]) < len(src_m[2]) and _LINK_LEFTOVER.search("".join(_texts(parse_inline(msgstr)))):
        # "[เว็บไซต์](https://…" or "[เว็บไซต์] (https://…)": no link, the brackets print as typed (its
        # address is still written, so the links' targets alone do not tell)
        out.append(Problem("error", "check.markup",
                           f"the source has {_plural(len(src_m[2]), 'link')}, the translation {len(dst_m[2])}: "
                           "its '[…](…)' is not a link and prints as typed",
                           "write a link as [text](address): ] and ( together, and the ( closed by )"))  # fmt: skip
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


def _unit_hint(lang: str) -> str:
    """The fix of a unit changed, with the units' words of the catalog's language (a Burmese
    translator was shown the Thai ones).

    >>> _unit_hint("th"), _unit_hint("my")
    ('keep the unit of the source (mg stays มก., months stay เดือน)', 'keep the unit of the source (mg stays မီလီဂရမ်, months stay လ)')
    >>> _unit_hint("de")
    'keep the unit of the source (mg stays mg, months stay months)'
    """
    base = lang.split("_")[0]
    words = SEA_UNIT_WORDS.get(base, {})
    mg, month = ("มก.", "เดือน") if base == "th" else (words.get("mg", ("mg",))[0], words.get("month", ("months",))[0])
    return f"keep the unit of the source (mg stays {mg}, months stay {month})"


@functools.cache
def _decimal_comma(lang: str) -> bool:
    """Does the language write 38,5 and 1.000 (Lao, by CLDR), where the source writes 38.5 and 1,000?
    Read from Babel's CLDR data (ICU says the same, but it belongs to the typesetter, which ``i18n
    check`` never loads); False for a language CLDR does not know."""
    from babel import UnknownLocaleError
    from babel.numbers import get_decimal_symbol

    try:
        return bool(get_decimal_symbol(lang.replace("-", "_")) == ",")
    except (UnknownLocaleError, ValueError, TypeError):
        return False


_SEPARATORS_SWAPPED = str.maketrans(",.", ".,")
# ครึ่ง, half, by the counter of a dose: ครึ่งเม็ด (half a tablet), เม็ดครึ่ง (and a half tablets), ช้อนครึ่ง
_DOSE_HALF = re.compile(r"ครึ่ง\s*(?:เม็ด|ช้อน|แคปซูล|ซอง|ขวด|หลอด)|(?:เม็ด|ช้อน|แคปซูล|ซอง|ขวด|หลอด)\s*ครึ่ง")
# languages that write a date's day first (05-12-2026 is 5 December): a date's numbers in another order
# than the source's date is another date (numerals.reordered_dates)
_DAY_FIRST = frozenset(("th", "my", "km", "lo"))


_TH_LETTER = re.compile("[\u0e01-\u0e5b]")


def _times(k: int) -> str:
    return {1: "once", 2: "twice"}.get(k, f"{k} times")


# an "a" or "an" before what a dose counts ("a tablet", "a full glass of water"): the number one, which a
# translation may write in digits ("1 เม็ด"), as it may "one tablet". Not a part of one ("half a tablet",
# "a quarter of a tablet": "1 เม็ด" there doubles the dose), nor before a time: "twice a day" is per day,
# and "Rest for a day" written "1 วัน" stays a number added
_ONE_OF = re.compile(r"(?<!half\s)(?<!\bof\s)\ban?\s+(?:(?:full|whole|single|large|small|big|tall|level|heaped)\s+)?"
                     r"(?:tablet|capsule|pill|caplet|glass|cup|spoonful|teaspoon(?:ful)?|"
                     r"tablespoon(?:ful)?|drop|puff|sachet|packet|patch|suppository|bottle|tube|strip)\b", re.I)


def _number_problems(msgid: str, msgstr: str, lang: str) -> list[Problem]:
    if lang.split("_")[0] == "th" or _TH_LETTER.search(msgid):  # 2 ทุ่ม is 8 p.m. (20:00), not 2
        msgid, msgstr = thai_clock(msgid, msgstr), thai_clock(msgstr, msgid)
    msgid, msgstr = regrouped(*meridiem(msgid, msgstr))  # 8 p.m. is 20:00, not 08:00; 02.123.4567 is 02 123 4567
    msgid, msgstr = fractions_alike(msgid, msgstr)  # ½ may be written 0.5, and 2½ 2.5
    src_n = numbers(msgid)
    dotted = frozenset(n for n in src_n if ":" in n)  # the source's times, which Thai writes 08.00
    dst_n = numbers(msgstr, dotted)
    if set(src_n) != set(dst_n) and _decimal_comma(lang):
        # a translation that writes the numbers in its language's own way (໓໘,໕ for 38.5) has them
        swapped = msgstr.translate(_SEPARATORS_SWAPPED)
        if set(numbers(swapped, dotted)) == set(src_n):
            msgstr, dst_n = swapped, numbers(swapped, dotted)
    # a number written more often than in the source is a number added ("2 tablets" is not "2 tablets 2
    # times"), and one written less often a number left out ("2 tablets 2 times a day" is not "2 tablets
    # once a day"); the same value in two spellings joined by "or" is named once ("1,669 or 1669")
    src_c, dst_c = mentions(msgid), mentions(msgstr, dotted)
    digits = Counter(dst_c)
    # the source's numbers written as English words ("twice", "two weeks") may be written in digits
    english = english_numbers(msgid)
    allowed, unwritten = Counter(english), []
    allowed["1"] += len(_ONE_OF.findall(msgid))  # "a tablet" may be written "1 เม็ด", as "one tablet" may
    in_digits = Counter(src_c)  # the source's numbers written in digits
    if lang.split("_")[0] == "th":  # Thai's number words are known
        # a count the source writes as a word beside the same number in digits ("2 tablets twice a day") is
        # a writing of its own: the translation writes it too (not "2 เม็ด วันละครั้ง", once a day)
        counts = Counter({n: k for n, k in english_counts(msgid).items() if src_c[n]})
        src_c.update(counts)
        allowed.subtract(counts)
        # ½ written ครึ่ง, half (ครึ่งเม็ด, half a tablet): Thai's way, no warning; by a dose's counter (ครึ่งเม็ด,
        # เม็ดครึ่ง) it is ½ even where the source has none ("2 tablets" is not 2 เม็ดครึ่ง), unless the source
        # says "half" (ครึ่ง elsewhere, อัมพาตครึ่งซีก "paralysed on one side", is a word)
        half = max(min(msgstr.count("ครึ่ง"), src_c["½"] - dst_c["½"]), len(_DOSE_HALF.findall(msgstr)))
        dst_c["½"] += half
        digits["½"] += half
        allowed["½"] += len(re.findall(r"\bhalf\b|\bhalves\b", msgid, re.I))
        three = len(re.findall(r"\bthree[-\s]quarters?\b", msgid, re.I))  # (¾; a quarter of a tablet: ¼)
        allowed["¾"] += three
        allowed["¼"] += len(re.findall(r"\bquarters?\b", msgid, re.I)) - three
        counted = counted_thai_words(msgstr)  # a count written as a word (สองครั้ง, twice) is a number
        dst_c.update(counted)
        words = Counter(str(n) for n in thai_number_words(msgstr)) - counted  # other number words: only
        dst_c.update({n: min(words[n], src_c[n] - dst_c[n]) for n in src_c if src_c[n] > dst_c[n]})  # the source's
        # the source's English number words (but one and once, also "a" and "each"; and a value it writes in
        # digits too, "Two per sheet (2-up)"): in digits or any Thai number word (ทั้งสี่ด้าน, "all four
        # sides": its letters, as no dictionary tells them from another word's), or kept in English
        loose = Counter(str(n) for n in loose_thai_number_words(msgstr)) + english_numbers(msgstr)
        unwritten = [n for n, k in english.items() if n != "1" and not src_c[n] and dst_c[n] + loose[n] < k]
    elif lang.split("_")[0] in _DAY_FIRST:  # Burmese, Khmer, Lao: a count word before "times" is known
        counts = Counter({n: k for n, k in english_counts(msgid).items() if src_c[n]})
        src_c.update(counts)
        allowed.subtract(counts)
        dst_c.update(counted_sea_words(msgstr, lang))  # (နှစ်ကြိမ်, twice: a number, as in Thai)
    as_words = [n for n in src_c if digits[n] < in_digits[n] and dst_c[n] > digits[n]]
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
    if not out:  # the same numbers: the same signs? ("-12" is not 12, and "-20 °C" not 20)
        src_s, dst_s = signed(msgid), signed(msgstr)
        if turned := sorted(n for n in {**src_s, **dst_s} if src_s[n] != dst_s[n]):
            n = turned[0]
            out.append(Problem("error", "check.numbers",
                               f"numbers differ: the source has {'-' if src_s[n] > dst_s[n] else ''}{n}, "
                               f"the translation {'-' if dst_s[n] > src_s[n] else ''}{n}",
                               fix))  # fmt: skip
    if not out and lang.split("_")[0] in _DAY_FIRST:  # the same numbers: the same dates?
        for date, written in reordered_dates(msgid, msgstr):
            out.append(Problem("error", "check.numbers",
                               f"numbers differ: the source has the date {date}, the translation {written} "
                               "(day and month swapped)",
                               f"write the date's day first, as {language(lang).english} does, or in the order of the "
                               f"source; {_digits_fine(lang)}"))  # fmt: skip
            break
    if not out:  # the same numbers: the same phone numbers? (their groups are numbers of their own)
        for phone, written in regrouped_phones(msgid, msgstr):
            out.append(Problem("error", "check.numbers",
                               f"numbers differ: the source has the phone number {phone}, the translation {written}",
                               f"write the phone number's digits in the groups of the source ({phone}); "
                               f"a space, dash or dot between them; {_digits_fine(lang)}"))  # fmt: skip
    if not out:  # the same numbers: the same ranges, the same way round? ("1-2 tablets" is not "2-1 เม็ด")
        for (a, b), (x, y) in _reversed_ranges(msgid, msgstr):
            out.append(Problem("error", "check.numbers",
                               f"numbers differ: the source has the range {a}-{b}, the translation {x}-{y} (reversed)",
                               f"write the range the way round the source does ({a} to {b}); {_digits_fine(lang)}"))  # fmt: skip
            break
    if unwritten:
        out.append(Problem("warning", "check.english-number",
                           f"the source writes {', '.join(unwritten)} as an English word (twice, two…); the translation "
                           "has it neither in digits nor as a Thai number word",
                           f"write the number, in digits or in words; {_digits_fine(lang)}"))  # fmt: skip
    if as_words:
        out.append(Problem("warning", "check.number-word",
                           f"the source's {', '.join(as_words)} is written as a Thai word",
                           f"write the number in digits, as the source does; {_digits_fine(lang)}"))  # fmt: skip
    src_u, dst_u = with_units(msgid), with_units(msgstr, dotted)
    hint = _unit_hint(lang)
    for n, units in src_u.items():
        if n in missing or n not in dst_n:
            continue
        there = dst_u.get(n, set())
        # its unit on another number of the translation, which the source does not give it: the numbers
        # swapped ("every 8 hours, 6 tablets" for "every 6 hours, 8 tablets")
        moved = not there and any(units & us - src_u.get(m, set()) for m, us in dst_u.items() if m != n)
        # no unit at all where the source has one ("500 mg" → "500 เม็ด", 500 tablets): in Thai, whose unit
        # words are all known here; in Burmese, Khmer and Lao, a dose's unit (mg, ml, IU…: numerals.SEA_UNIT_WORDS
        # has their words; another unit's words only as far as it goes: a unit changed to another known unit
        # is refused there, "၆ ရက်" for 6 hours, but "6 hours" with its unit left out is not)
        base = lang.split("_")[0]
        dropped = not there and (base == "th" or (base in SEA_UNIT_WORDS and bool(_doses(units))))
        if (there and not units & there) or ("%" in units and "%" not in there) or moved or dropped:
            now = ", ".join(sorted(there)) or "no unit"
            out.append(Problem("error", "check.units",
                               f"the unit of {n} differs: the source has {n} {'/'.join(sorted(units))}, the translation {now}",
                               hint))  # fmt: skip
    if lang.split("_")[0] == "th" and not any(x.code == "check.units" for x in out):
        # each writing of a number keeps its unit ("500 mg, then 500 mg" is not "500 มก. แล้ว 500 เม็ด",
        # 500 tablets): in Thai, whose unit words are all known
        src_k, dst_k = unit_counts(msgid), unit_counts(msgstr, dotted)
        for (n, u), k in sorted(src_k.items()):
            k = min(k, src_c[n])  # one value in two spellings ("1,000 mg or 1000 mg") is written once
            if n in dst_n and dst_k[(n, u)] < k and not missing:
                out.append(Problem("error", "check.units",
                                   f"the unit of {n} differs: the source has {n} {u} {_times(k)}, the translation "
                                   f"{_times(dst_k[(n, u)])}", hint))  # fmt: skip
                break
    for n, there in dst_u.items():
        if n not in src_n or n in src_u:
            continue
        # a dose unit the source does not give it, or the unit of another number of the source that the
        # translation took from it (swapped)
        taken = {u for m, us in src_u.items() if m != n for u in us - dst_u.get(m, set())}
        added = (there & taken) | _doses(there)
        if added:
            out.append(Problem("error", "check.units",
                               f"the unit of {n} differs: the source has {n} with no unit, the translation {n} "
                               f"{'/'.join(sorted(added))}", hint))  # fmt: skip
    if not any(p.severity == "error" for p in out):
        out.extend(_doses_reordered(msgid, msgstr, dotted))
    return out


def _doses_reordered(msgid: str, msgstr: str, dotted: Collection[str]) -> list[Problem]:
    """Two doses of one unit written the other way round ("10 mg in the morning and 5 mg at night" →
    "5 มก. ตอนเช้า และ 10 มก. ก่อนนอน"): the same numbers and units, so no other rule sees it. A warning,
    as a translation may reorder its clauses; the reviewer checks each dose goes with its time.

    >>> [p.message for p in _doses_reordered("10 mg at 8:00, 5 mg at 20:00", "5 มก. 08:00 10 มก. 20:00", ())]
    ['the doses in mg are in another order: the source has 10, then 5; the translation 5, then 10']
    """
    src, dst = dose_order(msgid), dose_order(msgstr, dotted)
    for unit, seq in src.items():
        other = dst.get(unit, [])
        if len(set(seq)) > 1 and sorted(seq) == sorted(other) and seq != other:
            return [Problem("warning", "check.dose-order",
                            f"the doses in {unit} are in another order: the source has {', then '.join(seq)}; "
                            f"the translation {', then '.join(other)}",
                            "check that each dose goes with its time or case, as in the source (a morning and a "
                            "night dose swapped)")]  # fmt: skip
    return []


# a range of two numbers: "1-2", "1–2", "1 - 2", "1 to 2", and the languages' "to" (Thai ถึง, Lao ຫາ and
# ເຖິງ, Khmer ដល់ and ទៅ, Burmese မှ, "from"); not a run of three or more (a date, a phone number: their
# own rules), nor a number of a time or fraction (08:00, 1/2)
_RANGE_NUMBER = r"\d+(?:[.,]\d+)*"
_RANGE = re.compile(rf"(?<![\d.,:/\u2013\u2014-])({_RANGE_NUMBER})\s*%?\s*"
                    r"(?:-|\u2013|\u2014|\bto\b|ถึง|ຫາ|ເຖິງ|ដល់|ទៅ|မှ)"
                    rf"\s*({_RANGE_NUMBER})(?![\d:/\u2013\u2014-]|[.,]\d)", re.I)  # fmt: skip
# "between 1 and 2" (ระหว่าง 1 และ 2): the "and" of a range only after "between", or before Burmese's ကြား
_BETWEEN_RANGE = re.compile(rf"{BETWEEN}\s*({_RANGE_NUMBER})\s*%?\s*{AND}\s*({_RANGE_NUMBER})"
                            r"(?![\d:/\u2013\u2014-]|[.,]\d)", re.I)  # fmt: skip
_RANGE_BETWEEN_AFTER = re.compile(rf"(?<![\d.,])({_RANGE_NUMBER})\s*%?\s*{AND}\s*({_RANGE_NUMBER})"
                                  rf"(?=\s*{BETWEEN_AFTER})", re.I)  # fmt: skip


def _ranges(text: str) -> Counter[tuple[str, str]]:
    """The ranges of a text, each as its two numbers in the order written (digits of any script).

    >>> sorted(_ranges("1-2 tablets every 4 to 6 hours, ๒ ถึง ๓ วัน; 2026-12-05, 02-123-4567, 08:00-12:00"))
    [('1', '2'), ('2', '3'), ('4', '6')]
    >>> sorted(_ranges("between 500 and 1000 mg, ระหว่าง ๒ และ ๓ เม็ด, 1 and 2 eyes"))
    [('2', '3'), ('500', '1000')]
    """
    plain = ascii_digits(PY_FORMAT.sub(" ", text))
    return Counter((m.group(1), m.group(2)) for pattern in (_RANGE, _BETWEEN_RANGE, _RANGE_BETWEEN_AFTER)
                   for m in pattern.finditer(plain) if m.group(1) != m.group(2))  # fmt: skip


def _reversed_ranges(msgid: str, msgstr: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """The source's ranges the translation writes the other way round ("1-2 tablets" → "2-1 เม็ด"):
    the same numbers, so the numbers' rule does not see it; a reader takes the first for the dose.

    >>> _reversed_ranges("Take 1-2 tablets", "ทาน 2-1 เม็ด"), _reversed_ranges("Take 1-2 tablets", "ทาน ๑ - ๒ เม็ด")
    ([(('1', '2'), ('2', '1'))], [])
    """
    src, dst = _ranges(msgid), _ranges(msgstr)
    return [((a, b), (b, a)) for (a, b), k in src.items() if dst[(b, a)] > src[(b, a)] and dst[(a, b)] < k]


def _doses(units: set[str]) -> set[str]:
    """The dose units among ``units``, a dose per weight or volume too (``mg/kg``)."""
    return {u for u in units if u.split("/")[0] in DOSE_UNITS}


def check_pair(msgid: str, msgstr: str, lang: str, *, template: bool) -> list[tuple[str, str, str]]:
    """The problems of one translation: (severity, code, message). ``msgstr`` is not empty.

    >>> check_pair("Take 500 mg", "ทาน 50 มก.", "th", template=False)
    [('error', 'check.numbers', 'numbers differ: the source has 500, the translation 50')]
    """
    return [(p.severity, p.code, p.message) for p in problems(msgid, msgstr, lang, template=template)]


Undrawable = Callable[[str], list[str]]  # text → the characters no shipped font draws (the typesetter's)
# a translation longer than this many times its source, plus LENGTH_SLACK characters, is not the
# entry's translation (Burmese and Khmer run to 3-4 times English; a short label has the slack)
LENGTH_FACTOR = 10
LENGTH_SLACK = 400


def problems(msgid: str, msgstr: str, lang: str, *, template: bool, undrawable: Undrawable | None = None) -> list[Problem]:
    """Every rule on one (source, translation) pair; with ``undrawable`` (a render: the typesetter
    is loaded anyway) also the characters no shipped font draws."""
    if not msgstr.strip():
        return [Problem("warning", "check.empty", "the translation is only whitespace (shown as untranslated)",
                        "leave it empty or translate it")]  # fmt: skip
    if len(msgstr) > LENGTH_FACTOR * len(msgid) + LENGTH_SLACK:  # (the other rules are not read on such a text)
        return [Problem("error", "check.length",
                        f"the translation has {len(msgstr):,} characters, {len(msgstr) / max(1, len(msgid)):,.0f} "
                        f"times its source's {len(msgid):,}: pasted more than once, or another entry's text",
                        "translate this entry alone: an entry is the text of one paragraph, heading, item or cell")]  # fmt: skip
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
            names = {m.group("name") for m in PY_FORMAT.finditer(msgid) if m.group("name")}
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
    if not template and msgstr.count("%%") > msgid.count("%%"):  # (TRANSLATING's rule for template strings)
        out.append(Problem("error", "check.placeholder", "the translation writes '%%', which prints as two percent "
                           "signs: an article's text is not a format string", "write one % (40%)"))  # fmt: skip
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
    blocks = [what for what, pattern in _BLOCK_MARKDOWN if pattern.search(msgstr) and not pattern.search(msgid)]
    if blocks:
        out.append(Problem("error", "check.smuggled",
                           f"the translation contains Markdown the source has not: {', '.join(blocks)}",
                           "remove it: an entry is the text of one paragraph, heading, item or cell, so "
                           "headings, boxes, pictures, code fences and comments in it are printed as typed"))  # fmt: skip
    if zawgyi_text:
        out.append(Problem("error", zawgyi.CODE, zawgyi.MESSAGE, zawgyi.fix_hint("FILE")))
    out.extend(_character_problems(msgid, msgstr, undrawable))
    out.extend(_foreign_digits(msgstr, lang))
    out.extend(_foreign_letters(msgid, msgstr, lang))
    out.extend(_negation_problems(msgid, msgstr, lang))
    out.extend(_opposite_problems(msgid, msgstr, lang))
    out.extend(_frequency_problems(msgid, msgstr, lang))
    out.extend(_medicine_problems(msgid, msgstr))
    if lang.split("_")[0] in NON_LATIN and msgstr.strip() == msgid.strip() and re.search(r"[A-Za-z]", msgid):
        out.append(Problem("warning", "check.untranslated-copy",
                           f"the translation is the English source unchanged; {lang} is written in another script",
                           "translate it, or leave it empty until it is translated"))  # fmt: skip
    return out


# the source's "not": not, never, cannot, n't, and the words that say it alone (No driving for 2
# weeks, nothing by mouth, none, nobody), but "No." before a number; not "without", which a right
# translation often says the other way round ("without food" → on an empty stomach)
_NOT = re.compile(r"\b(?:not|never|cannot|none|nothing|nobody)\b|n[’']t\b|\bno\b(?!\.\s*\d)", re.I)
_TH_MARK = "\u0e30-\u0e3a\u0e47-\u0e4e"  # Thai vowel signs and tone marks: they go on the syllable before them
# the words that say the source's "not", or say the advice without it, in a language: a translation
# with none of them most likely dropped it ("Do not give aspirin" → "ให้ยาแอสไพริน", give aspirin). Besides "not" itself (ไม่, ບໍ່, មិន) and "do not" (ห้าม, อย่า;
# ຫ້າມ, ຢ່າ; កុំ, ហាម), a right translation may say "avoid", "refrain", "stop" (หลีกเลี่ยง, งด, หยุด),
# "only" ("not before food" → "หลังอาหารเท่านั้น") or "at most" ("never more than 8" → "สูงสุด 8"): those
# words count too. Read without a dictionary (``i18n check`` loads no typesetting library, ICU's word
# breaks included, and the render's gate must read the same): a word whose letters begin another word
# counts only where the letters after it show it is that word (อย่า "do not", not อย่าง "manner"; งด
# "refrain" ending its syllable, not ส่ง|ด่วน nor งดงาม "beautiful"; Lao ຢ່າ, not ຢ່າງ; Khmer តម
# "abstain", not តម្លៃ "price", មិន not មិនា "March", កុំ not កុំព្យូទ័រ "computer"). Burmese says "not" with a
# prefix မ before the verb (မပေးပါနှင့်, "do not give"; မဟုတ်; မ…ဘူး): a မ that is a syllable of its own,
# a consonant after it that begins the next one (not မည် "will", မတ် "March", ending in ်), and not one
# of the words that begin with that syllable (မနက် "morning", မနေ့ "yesterday", မနှစ် "last year", မကြာ
# "soon, often", မဟာ "great", မလေးရှား "Malaysia", သို့မဟုတ် "or").
# "do not", "avoid", "refrain" (a word whose letters begin another counts only as that word: see below)
_TH_DO_NOT = ("ห้าม", "อย่า(?!ง)", f"งด(?![{_TH_MARK}]|งาม)", "หลีกเลี่ยง", "เลี่ยง")
_LO_DO_NOT = ("ຫ້າມ", "ຢ່າ(?!ງ)", "ງົດ", "ຫຼີກລ້ຽງ", "ຫຼີກເວັ້ນ")
_NEGATION_WORDS: dict[str, tuple[str, ...]] = {
    "th": ("ไม่", *_TH_DO_NOT, "มิ(?:ได้|ใช่|ให้|ควร)", "ปราศจาก", "เลิก", "หยุด", "สูงสุด", "เท่านั้น"),
    "lo": ("ບໍ່", *_LO_DO_NOT, "ເຊົາ", "ຢຸດ", "ສູງສຸດ", "ຫຼາຍສຸດ", "ເທົ່ານັ້ນ"),
    "km": ("មិន(?![\u17b6-\u17d3])", "កុំ(?!ព្យូ)", "ហាម", "គ្មាន", "ឥត", "ពុំ", "ឈប់", "ជៀសវាង", "ចៀសវាង",
           "តម(?![\u17b6-\u17d3])", "អតិបរមា", "យ៉ាងច្រើន", "ប៉ុណ្ណោះ"),
    "my": ("(?<![\u1039])(?<!သို့)မ(?=[\u1000-\u1021](?!\u1037?[\u103a\u1039]))(?!နက်|နေ့|နှစ်|ကြာ|ဟာ|လေးရှား)",
           "ရှောင်", "အများဆုံး", "(?<!အ)သာ(?![\u102b-\u103e]|မန်|လွန်)"),
}  # fmt: skip
_SAYS_NOT = {lang: re.compile("|".join(words)) for lang, words in _NEGATION_WORDS.items()}
# the first words a message names, in each language
_NEGATION_NAMED = {"th": "ไม่, ห้าม, อย่า", "lo": "ບໍ່, ຫ້າມ, ຢ່າ", "km": "មិន, កុំ, ហាម", "my": "the prefix မ, မဟုတ်"}


def says_not(text: str, lang: str) -> bool | None:
    """Does a translation say "not" (or "avoid", "only", "at most") in its language? None for a
    language whose words are not known here.

    >>> says_not("ห้ามให้ยาแอสไพริน", "th"), says_not("ให้ยาแอสไพริน", "th"), says_not("ส่งด่วน", "th")
    (True, False, False)
    >>> says_not("အက်စပရင် မပေးပါနှင့်။", "my"), says_not("မနက်တွင် သောက်ပါ", "my"), says_not("Nein", "de")
    (True, False, None)
    """
    found = _SAYS_NOT.get(base_language(lang))
    return None if found is None else bool(found.search(text))


def _negation_problems(msgid: str, msgstr: str, lang: str) -> list[Problem]:
    """A warning when the source says "not" and the translation has no word of negation (read with a
    word list, as the English number words are: a warning, ``--strict`` refuses it).

    >>> [p.message[:36] for p in _negation_problems("Do not give aspirin.", "ให้ยาแอสไพริน", "th")]
    ["the source says 'Do not', the transl"]
    >>> [p.message[:28] for p in _negation_problems("Rest. Never lift it; don't run.", "พัก ยกได้ วิ่งได้", "th")]
    ["the source says 'Never', the"]
    >>> _negation_problems("Do not give aspirin.", "ห้ามให้ยาแอสไพริน", "th"), _negation_problems("Give it.", "ให้", "th")
    ([], [])
    >>> _negation_problems("Do not stop taking the antibiotic.", "ทานยาปฏิชีวนะต่อจนหมด", "th")  # (keep taking it)
    []
    >>> [p.message for p in _negation_problems("Stop taking aspirin 7 days before.", "ทานแอสไพริน 7 วันก่อน", "th")]
    ["the source says 'Stop taking', the translation has no word of negation (ไม่, ห้าม, อย่า…): a dropped 'stop' turns the advice around"]
    >>> _negation_problems("Avoid alcohol.", "งดดื่มแอลกอฮอล์", "th"), _negation_problems("When it stops, rest.", "เมื่อหาย ให้พัก", "th")
    ([], [])
    """
    m = _NOT.search(msgid) or _STOP.search(msgid)  # (a "stop taking it", an "Avoid…" says "not" too)
    if m is None or _NOT.search(msgstr) or says_not(msgstr, lang) is not False:
        return []
    if _STOP_AFTER_NOT.match(msgid, m.end()) and _says(msgstr, lang, "check.stop", "continue"):
        return []  # "do not stop taking it" said as "keep taking it" (ทานต่อจนหมด)
    start = msgid.rfind(" ", 0, m.start()) + 1  # the word of the "not" (Don't), and the verb before a "not"
    before = re.search(r"([A-Za-z]+)\s+$", msgid[:start]) if m.group().lower() == "not" else None
    said = msgid[before.start(1) if before else start : m.end()]
    dropped = "not" if _NOT.match(m.group()) else m.group().split()[0].lower()  # (or stop, avoid, discontinue)
    words = _NEGATION_NAMED[base_language(lang)]
    return [Problem("warning", "check.negation",
                    f"the source says {said!r}, the translation has no word of negation ({words}…): "
                    f"a dropped {dropped!r} turns the advice around",
                    "check that the translation says what must not be done")]  # fmt: skip


# Opposites a translation may swap while keeping every number: before or after meals (taken after meals,
# a medicine for before them works less, or harms; "with food" is neither), the side of the body (where the
# cream, the cold pack or the stocking goes; "left" and "right" only before a part of the body: "right
# away" is no side), morning or night (a diuretic taken at bedtime, a statin in the morning), stop or keep
# taking it, the side of a limit's number, before or after the operation, the form (tablets, capsules,
# sachets, drops, puffs, patches), where it is kept (fridge, freezer, room), cold or heat on the body, the
# way a medicine goes in. Each as the English source says it
# and each language's words; read only where the source says one and no other, and not after a "not" in
# its sentence ("Do not take it before food" → "หลังอาหารเท่านั้น").
_MEAL = r"(?:(?:a|each|every|your)\s+)?(?:meals?|food|eating|breakfast|lunch|dinner|supper|you\s+eat)\b"
_BODY = (r"(?:arm|leg|knee|hip|shoulder|eye|ear|hand|foot|feet|side|kidney|lung|breast|ankle|wrist|elbow|buttock|"
         r"thigh|calf|heel|toe|finger|thumb|groin|flank|chest|lower\s+limb|upper\s+limb)s?")
_LIMITED = r"(?:the\s+age\s+of\s+)?(?:\d+(?:[.,]\d+)*|[½¼¾])"  # what a limit's words come before: a number (an age)
_WHICH = r"(?:(?:the|each|your|both|one|the\s+other)\s+)?(?:(?:affected|sore|bad|left|right|lower|upper)\s+)?"
_OPERATION = (r"(?:(?:the|your|an?|this|any|planned|spinal|spine|back|lumbar|neck|knee|hip|eye|keyhole)\s+){0,3}"
              r"(?:surgery|operation|procedure)\b")  # what "before" and "after" time: an operation


@dataclass(frozen=True, slots=True)
class _Opposites:
    """Two or more things a sentence can say (before meals, after meals, with food): the
    translation must say the one its source says, and none of the others."""

    code: str
    said: dict[str, str]  # each of the two (or more) → how a message names it
    source: dict[str, str]  # each → the English source's words (a pattern)
    words: dict[str, dict[str, str]]  # language → each → its words (a pattern): any of them says it
    # language → each → the words that show a translation says it (a pattern; default: that one's ``words``):
    # narrower where a word of ``words`` also has other meanings (Thai ตา, eye, is also in ตาม, ตาราง)
    shown: dict[str, dict[str, str]] | None = None
    # also read after a "not" in its sentence, where no right translation says it the other way round
    # ("Do not eat for 6 hours before the operation" is never "…only after it")
    after_not: bool = False


# a "not" that turns round what follows it in its phrase ("do not", "avoid", "refrain"): not "not yet"
# (ยังไม่เปิด, unopened: "keep unopened insulin in the freezer" says the freezer), nor ไม่ว่า ("whatever")
_TH_NOT = "|".join(("(?<!ยัง)ไม่(?!ว่า)", *_TH_DO_NOT))
_LO_NOT = "|".join(("(?<!ຍັງ)ບໍ່", *_LO_DO_NOT))
_TH_COLD = "ประคบเย็น|น้ำแข็ง|น้ำเย็น|เจลเย็น|แผ่นเย็น|ถุงเย็น|แพ็คเย็น"
_TH_WARM = "ประคบร้อน|ประคบอุ่น|น้ำอุ่น|น้ำร้อน|กระเป๋าน้ำร้อน|แผ่นร้อน|ถุงร้อน|แพ็คร้อน|ความร้อน"
_LO_COLD = "ປະຄົບເຢັນ|ນ້ຳກ້ອນ|ນ້ຳເຢັນ"
_LO_WARM = "ປະຄົບຮ້ອນ|ປະຄົບອຸ່ນ|ນ້ຳອຸ່ນ|ນ້ຳຮ້ອນ|ຄວາມຮ້ອນ"


def _unnegated(words: str, negations: str) -> str:
    """A pattern of ``words`` where no negation (``negations``) stands before it in its phrase (the
    text since the last space: Thai and Lao write a phrase without spaces), within 80 letters; the
    words found are its group ``said``."""
    return rf"(?:^|(?<=\s))(?:(?!{negations})\S){{0,80}}?(?P<said>{words})"


_OPPOSITES = (
    # ("with food" passes after meals too, as Thai pharmacists write it: หลังอาหารทันที; on an empty stomach not)
    _Opposites("check.meal-timing", {"before": "before meals", "after": "after meals", "with": "with food"},
               {"before": rf"\bbefore\s+{_MEAL}|\bon\s+an\s+empty\s+stomach\b",
                "after": rf"\bafter\s+{_MEAL}|\bafter\s+you\s+have\s+eaten\b",
                "with": rf"\b(?:with|during)\s+{_MEAL}|\bwith\s+(?:a\s+)?(?:snack|milk)\b"},
               {"th": {"before": "ก่อนอาหาร|ก่อนกินข้าว|ก่อนกินอาหาร|ก่อนรับประทานอาหาร|ก่อนมื้อ|ท้องว่าง",
                       "after": "หลังอาหาร|หลังกินข้าว|หลังกินอาหาร|หลังรับประทานอาหาร|หลังมื้อ",
                       "with": "พร้อม(?:กับ)?(?:อาหาร|มื้อ|ข้าว|นม|ของว่าง)|ระหว่าง(?:มื้อ)?อาหาร|หลังอาหาร|หลังกิน|หลังรับประทานอาหาร|หลังมื้อ"},
                "lo": {"before": "ກ່ອນອາຫານ|ກ່ອນກິນເຂົ້າ|ກ່ອນຄາບອາຫານ|ທ້ອງເປົ່າ",
                       "after": "ຫຼັງອາຫານ|ຫລັງອາຫານ|ຫຼັງກິນເຂົ້າ|ຫລັງກິນເຂົ້າ|ຫຼັງຄາບອາຫານ|ຫລັງຄາບອາຫານ",
                       "with": "ພ້ອມ(?:ກັບ)?(?:ອາຫານ|ຄາບອາຫານ|ເຂົ້າ|ນົມ)|ຫຼັງອາຫານ|ຫລັງອາຫານ|ຫຼັງກິນເຂົ້າ|ຫລັງກິນເຂົ້າ"},
                "km": {"before": "មុនអាហារ|មុនពេលញ៉ាំអាហារ|មុនញ៉ាំអាហារ|មុនបាយ|ពោះទទេ",
                       "after": "ក្រោយអាហារ|ក្រោយពេលញ៉ាំអាហារ|ក្រោយញ៉ាំអាហារ|បន្ទាប់ពីអាហារ|បន្ទាប់ពីញ៉ាំ|ក្រោយបាយ",
                       "with": "ជាមួយ(?:នឹង)?(?:អាហារ|បាយ|ទឹកដោះ)|ពេលញ៉ាំ|ក្រោយអាហារ|ក្រោយពេលញ៉ាំអាហារ|ក្រោយញ៉ាំអាហារ|បន្ទាប់ពីអាហារ|បន្ទាប់ពីញ៉ាំ|ក្រោយបាយ"},
                "my": {"before": "အစာမစားမီ|ထမင်းမစားမီ|အစာမစားခင်|ထမင်းမစားခင်|ဝမ်းဗိုက်ထဲ အစာမရှိ",
                       "after": "အစာစားပြီး|ထမင်းစားပြီး|အစာစားအပြီး|ထမင်းစားအပြီး",
                       "with": "(?:အစာ|ထမင်း|နို့)(?:နှင့်|နဲ့)(?:အတူ|တွဲ)|စားနေစဉ်|အစာစားပြီး|ထမင်းစားပြီး|အစာစားအပြီး|ထမင်းစားအပြီး"}},
               # (with food shows only by its own words: หลังอาหาร is after meals)
               {"th": {"with": "พร้อม(?:กับ)?(?:อาหาร|มื้อ|ข้าว|นม|ของว่าง)|ระหว่าง(?:มื้อ)?อาหาร"},
                "lo": {"with": "ພ້ອມ(?:ກັບ)?(?:ອາຫານ|ຄາບອາຫານ|ເຂົ້າ|ນົມ)"}, "km": {"with": "ជាមួយ(?:នឹង)?(?:អាហារ|បាយ|ទឹកដោះ)"},
                "my": {"with": "(?:အစာ|ထမင်း|နို့)(?:နှင့်|နဲ့)(?:အတူ|တွဲ)"}}),
    _Opposites("check.side", {"left": "the left side", "right": "the right side"},
               {"left": rf"\bleft\s+{_BODY}\b|\bon\s+the\s+left\b|\bleft[-\s]hand(?:ed)?\s+side\b",
                "right": rf"\bright\s+{_BODY}\b|\bon\s+the\s+right\b|\bright[-\s]hand(?:ed)?\s+side\b"},
               {"th": {"left": "ซ้าย", "right": "ขวา(?!ง)"}, "lo": {"left": "ຊ້າຍ", "right": "ຂວາ(?!ງ)"},  # (not ขวาง, across)
                "km": {"left": "ឆ្វេង", "right": "ស្[តដ]ាំ"},
                "my": {"left": "ဘယ်ဘက်|ဘယ်(?:လက်|ခြေ|မျက်|နား)",  # (ဘယ် alone is also "which")
                       "right": "ညာဘက်|ညာ(?:လက်|ခြေ|မျက်|နား)"}}),
    _Opposites("check.stop", {"stop": "stop taking it", "continue": "keep taking it"},
               {"stop": r"\bstop\s+(?:taking|using|it\b|them\b|(?:the|your)\s+\w+)|\bdiscontinue\b",
                "continue": r"\b(?:continue|keep(?:\s+on)?)\s+(?:taking|using)\b|\bdo\s+not\s+stop\b|\bdon[’']t\s+stop\b"},
               # (keep taking it may be said "do not stop": ห้ามหยุด; the verb and its ต่อ may hold the medicine's name)
               {"th": {"stop": "หยุด|งด|เลิก|ห้าม",
                       "continue": r"(?:ทาน|กิน|รับประทาน|ใช้)[^\s]{0,24}?ต่อ(?!วัน|ครั้ง|เม็ด|สัปดาห์|เดือน|ชั่วโมง)"
                                   r"|ต่อไปตามปกติ|(?:ห้าม|อย่า|ไม่ควร|ไม่)\s*(?:หยุด|งด|เลิก)"},
                "lo": {"stop": "ຢຸດ|ເຊົາ|ງົດ|ຫ້າມ", "continue": r"(?:ກິນ|ໃຊ້)[^\s]{0,24}?ຕໍ່(?!ມື້)|(?:ຫ້າມ|ຢ່າ|ບໍ່)\s*(?:ຢຸດ|ເຊົາ)"},
                "km": {"stop": "ឈប់|ហាម|កុំ", "continue": r"បន្ត(?!ិច)|(?:កុំ|ហាម|មិនត្រូវ)\s*ឈប់"},
                "my": {"stop": "ရပ်|မ(?:သောက်|သုံး)", "continue": "ဆက်လက်|မရပ်"}}),
    _Opposites("check.time-of-day", {"morning": "in the morning", "night": "in the evening or at night"},
               {"morning": r"\b(?:in\s+the|every|each)\s+morning\b|\bmornings\b|\b(?:at|with)\s+breakfast\b"
                           r"|\bon\s+waking\b|\bwhen\s+you\s+(?:wake|get)\s+up\b",
                "night": r"\bat\s+(?:night|bedtime)\b|\bbefore\s+(?:bed|bedtime|sleep|sleeping|going\s+to\s+bed)\b"
                         r"|\b(?:in\s+the|every|each)\s+(?:evening|night)\b|\bevenings\b|\b(?:at|with)\s+(?:dinner|supper)\b"},
               {"th": {"morning": "เช้า", "night": "ก่อนนอน|กลางคืน|ตอนเย็น|ตอนค่ำ|มื้อเย็น|อาหารเย็น|ทุกเย็น|ทุกคืน"},
                "lo": {"morning": "ເຊົ້າ", "night": "ກ່ອນນອນ|ກາງຄືນ|ຕອນແລງ|ຄາບແລງ|ທຸກແລງ|ທຸກຄືນ"},
                "km": {"morning": "ព្រឹក", "night": "មុនគេង|ពេលយប់|ពេលល្ងាច|អាហារពេលល្ងាច|រាល់យប់"},
                "my": {"morning": "မနက်", "night": "ညအိပ်|ညနေ|ညစာ|ညတိုင်း"}}),
    # a limit's side: "children under 12" written "เด็กอายุเกิน 12 ปี" (over 12), "a fever above 38 °C" written
    # "ต่ำกว่า 38" (below): the same numbers, the other side of them. Read only before a number ("over time" is
    # none), and not after a "not" in its sentence ("Do not take more than 8" may be "ห้ามทานเกิน 8 เม็ด")
    _Opposites("check.limit", {"below": "below the number", "above": "above the number"},
               {"below": rf"\b(?:under|below|(?:less|fewer|lower|younger)\s+than|at\s+most|(?:no|not)\s+more\s+than|up\s+to"
                         rf"|maximum(?:\s+of)?)\s+{_LIMITED}",
                "above": rf"\b(?:over|above|(?<!no\s)(?<!not\s)(?:more|greater|higher|older)\s+than|at\s+least"
                         rf"|(?:no|not)\s+less\s+than|minimum(?:\s+of)?)\s+{_LIMITED}|\b\d+(?:[.,]\d+)*\s*[^\W\d]*\s+or\s+(?:more|older|over|above)\b"},
               {"th": {"below": "ต่ำกว่า|น้อยกว่า|ไม่เกิน|ไม่ถึง|สูงสุด|ไม่มากกว่า|ไม่สูงกว่า|ลงมา|ได้ถึง"
                                r"|(?:ห้าม|อย่า)[^\s]{0,20}?(?:เกิน|มากกว่า)",
                       "above": "(?<!ไม่)มากกว่า|(?<!ไม่)สูงกว่า|(?<!ไม่)เกิน|ขึ้นไป|อย่างน้อย|ไม่ต่ำกว่า|ไม่น้อยกว่า"},
                "lo": {"below": r"ຕ່ຳກວ່າ|ໜ້ອຍກວ່າ|ບໍ່ເກີນ|ບໍ່ຮອດ|ສູງສຸດ|ລົງມາ|(?:ຫ້າມ|ຢ່າ)[^\s]{0,20}?ເກີນ",
                       "above": "(?<!ບໍ່)ຫຼາຍກວ່າ|(?<!ບໍ່)ສູງກວ່າ|(?<!ບໍ່)ເກີນ|ຂຶ້ນໄປ|ຢ່າງໜ້ອຍ|ບໍ່ຕ່ຳກວ່າ|ບໍ່ໜ້ອຍກວ່າ"},
                # Khmer: under, less than, not over, at most / over, more than, at least, and up (ឡើងទៅ)
                "km": {"below": r"តិចជាង|ក្រោម|ទាបជាង|មិនលើស|មិន(?:ឱ្យ|អោយ)លើស|យ៉ាងច្រើន|អតិបរមា|(?:កុំ|ហាម)[^\s]{0,20}?លើស",
                       "above": "(?<!មិន)(?<!ឱ្យ)(?<!អោយ)លើស|(?<!មិន)ច្រើនជាង|(?<!មិន)ខ្ពស់ជាង|យ៉ាងតិច|ឡើងទៅ|អប្បបរមា|មិនតិចជាង"},
                # Burmese: under (အောက်), less than, not over (မကျော်) / over (ကျော်, အထက်), more than, at least
                "my": {"below": "အောက်|ထက်နည်း|ထက်လျော့|ထက်မပို|မကျော်|အများဆုံး",
                       "above": "အထက်|(?<!မ)ကျော်|ထက်ပို|ထက်များ|အနည်းဆုံး|ထက်မနည်း"}},
               # (a translation shows "below" only by words no "not" turns round: not ไม่ต่ำกว่า, nor ห้าม…เกิน;
               # nor by a word of another meaning: Khmer ខាងក្រោម "the following", Burmese အောက်ပါ)
               {"th": {"below": "(?<!ไม่)ต่ำกว่า|(?<!ไม่)น้อยกว่า|ไม่เกิน|ไม่ถึง|ไม่มากกว่า|ไม่สูงกว่า|สูงสุด|ลงมา"},
                "lo": {"below": "(?<!ບໍ່)ຕ່ຳກວ່າ|(?<!ບໍ່)ໜ້ອຍກວ່າ|ບໍ່ເກີນ|ບໍ່ຮອດ|ສູງສຸດ|ລົງມາ"},
                "km": {"below": "(?<!មិន)តិចជាង|(?<!ខាង)ក្រោម(?!អណ្តាត)|(?<!មិន)ទាបជាង|មិនលើស|មិន(?:ឱ្យ|អោយ)លើស|យ៉ាងច្រើន|អតិបរមា"},
                "my": {"below": "အောက်(?!ပါ|ခြေ)|ထက်နည်း|ထက်လျော့|ထက်မပို|မကျော်|အများဆုံး", "above": "အထက်(?!ပါ)|(?<!မ)ကျော်|ထက်ပို|ထက်များ|အနည်းဆုံး"}}),
    # before or after the operation: "stop aspirin 7 days before surgery" written "หลังผ่าตัด" (after) keeps
    # every number; Thai, Lao and Khmer (a word may stand between: ก่อนเข้ารับการผ่าตัด, "before undergoing")
    _Opposites("check.surgery-timing", {"before": "before the operation", "after": "after the operation"},
               {"before": rf"\bbefore\s+{_OPERATION}", "after": rf"\bafter\s+{_OPERATION}"},
               {"th": {"before": r"ก่อน(?:(?!หลัง)[^\s]){0,16}?(?:ผ่าตัด|หัตถการ|ส่องกล้อง)",
                       "after": r"หลัง(?:(?!ก่อน)[^\s]){0,16}?(?:ผ่าตัด|หัตถการ|ส่องกล้อง)"},  # (หลัง is also "back")
                "lo": {"before": r"ກ່ອນ(?:(?!ຫຼັງ|ຫລັງ)[^\s]){0,16}?ຜ່າຕັດ", "after": r"(?:ຫຼັງ|ຫລັງ)(?:(?!ກ່ອນ)[^\s]){0,16}?ຜ່າຕັດ"},
                "km": {"before": r"មុន(?:(?!ក្រោយ)[^\s]){0,16}?វះកាត់",
                       "after": r"(?:ក្រោយ|បន្ទាប់ពី)(?:(?!មុន)[^\s]){0,16}?វះកាត់"}}, after_not=True),
    # the form it comes in: "2 tablets" written "2 แคปซูล" (capsules) or "2 ซอง" (sachets) keeps its number.
    # Thai, Lao and Khmer count a capsule as a tablet too (เม็ด, ເມັດ, គ្រាប់): a capsule written so passes
    _Opposites("check.form", {"tablet": "tablets", "capsule": "capsules", "sachet": "sachets", "drop": "drops",
                              "puff": "puffs", "patch": "patches"},
               {"tablet": r"\b(?:tablets?|pills?|caplets?)\b", "capsule": r"\bcapsules?\b",
                "sachet": r"\b(?:sachets?|packets?)\b",
                "drop": r"\b(?:\d+(?:\s*[-–]\s*\d+)?|an?|one|two|three|four|five)\s+drops?\b|\b(?:eye|ear|nose|nasal)\s+drops\b",
                "puff": r"\bpuffs?\b|\binhalations?\b", "patch": r"\bpatch(?:es)?\b"},
               {"th": {"tablet": "เม็ด", "capsule": "แคปซูล|เม็ด", "sachet": "ซอง|ห่อ", "drop": "หยด", "puff": "พ่น|สูด|กด|พัฟ",
                       "patch": "แผ่น|แปะ|ติด"},
                "lo": {"tablet": "ເມັດ", "capsule": "ແຄັບຊູນ|ແຄບຊູນ|ເມັດ", "sachet": "ຊອງ|ຫໍ່", "drop": "ຢົດ|ຢອດ",
                       "puff": "ພົ່ນ|ສູດ|ກົດ", "patch": "ແຜ່ນ|ແປະ|ຕິດ"},
                "km": {"tablet": "គ្រាប់", "capsule": "គ្រាប់|កាបស៊ុល|កាប់ស៊ុល", "sachet": "កញ្ចប់|ថង់", "drop": "ដំណក់|តំណក់",
                       "puff": "បាញ់|ស្រូប|ចុច", "patch": "បន្ទះ|បិទ"}},
               # (a word of another form shows it only where it names that form: กด, "press", is no puff)
               {"th": {"puff": "พ่นยา|สูดยา", "patch": "แผ่นแปะ|แปะ"}, "lo": {"puff": "ພົ່ນຢາ|ສູດຢາ", "patch": "ແຜ່ນແປະ|ແປະ"},
                "km": {"tablet": "គ្រាប់ថ្នាំ", "puff": "បាញ់ថ្នាំ|ស្រូបថ្នាំ", "patch": "បន្ទះបិទ"}}),
    # where it is kept: "keep it in the fridge" written "ในช่องแช่แข็ง" (in the freezer) keeps every word count
    # and number, and frozen insulin or vaccine no longer works; or "at room temperature". Thai and Lao. A place
    # is said in a translation only where no "not" in its phrase turns it round ("ห้ามแช่แข็ง", do not freeze)
    _Opposites("check.storage", {"fridge": "in the fridge", "freezer": "in the freezer", "room": "at room temperature"},
               {"fridge": r"\b(?:fridge|refrigerator)\b|\brefrigerat(?:e|ed|ion)\b|\b2\s*(?:[-–]|to)\s*8\s*°\s*C\b",
                "freezer": r"\bfreez(?:er|e|ing)\b|\bfrozen\b",
                "room": r"\broom\s+temperature\b"},
               {"th": {"fridge": _unnegated(r"ตู้เย็น|แช่เย็น|ช่องธรรมดา|2\s*[-–]\s*8\s*(?:°|องศา)", _TH_NOT),
                       "freezer": _unnegated("แช่แข็ง|ช่องฟรีซ|ฟรีซเซอร์|ช่องน้ำแข็ง", _TH_NOT),
                       "room": _unnegated("อุณหภูมิห้อง", _TH_NOT)},
                "lo": {"fridge": _unnegated(r"ຕູ້ເຢັນ|ແຊ່ເຢັນ|2\s*[-–]\s*8\s*(?:°|ອົງສາ)", _LO_NOT),
                       "freezer": _unnegated("ແຊ່ແຂງ|ຊ່ອງແຂງ|ຊ່ອງນ້ຳກ້ອນ", _LO_NOT),
                       "room": _unnegated("ອຸນຫະພູມຫ້ອງ", _LO_NOT)}}),
    # cold or heat on the body: "put ice on the sprain" written "ประคบร้อน" (a hot pack) keeps every number, and heat
    # on a fresh injury swells it. Thai and Lao; a word after a "not" in its phrase in the translation says
    # nothing ("ห้ามประคบร้อน", do not use heat)
    _Opposites("check.hot-cold", {"cold": "cold (ice, a cold pack)", "warm": "heat (a warm or hot pack)"},
               {"cold": r"\bice(?!\s*cream)(?:\s*packs?|\s+cubes?)?\b|\b(?:cold|cool)\s+(?:packs?|compress(?:es)?|water|towels?|cloths?|gel)\b",
                "warm": r"\b(?:hot|warm)\s+(?:packs?|compress(?:es)?|water(?:\s+bottles?)?|towels?|cloths?|baths?|showers?|soaks?)\b"
                        r"|\bheat(?:ing)?\s+(?:packs?|pads?)\b|\b(?:apply|use|put)\s+heat\b|\blukewarm\b"},
               {"th": {"cold": _unnegated(_TH_COLD, _TH_NOT), "warm": _unnegated(_TH_WARM, _TH_NOT)},
                "lo": {"cold": _unnegated(_LO_COLD, _LO_NOT), "warm": _unnegated(_LO_WARM, _LO_NOT)}}),
    # the way a medicine goes in: drops for the ear put in the eye, a suppository swallowed, a cream eaten
    _Opposites("check.route", {"mouth": "by mouth", "eye": "into the eye", "ear": "into the ear", "nose": "into the nose",
                               "skin": "on the skin", "rectum": "into the rectum", "vagina": "into the vagina"},
               {"mouth": r"\bby\s+mouth\b|\borally\b|\bswallow(?:ed|ing|s)?\b|\bchew(?:ed|ing|s)?\b",
                "eye": rf"\b(?:in|into|to|under)\s+{_WHICH}eyes?\b|\beye\s+(?:drops?|ointment|gel)\b|\beyelids?\b",
                "ear": rf"\b(?:in|into|to)\s+{_WHICH}ears?\b|\bear\s+(?:drops?|canal)\b",
                "nose": r"\bnostrils?\b|\b(?:in|into|up)\s+(?:the\s+|each\s+|your\s+)?nose\b|\bnasal\s+(?:spray|drops?)\b",
                "skin": r"\b(?:on|onto|to|over)\s+(?:the\s+|your\s+)?(?:skin|affected\s+(?:area|skin))\b",
                "rectum": r"\brect(?:al|ally|um)\b|\b(?:in|into)\s+(?:the\s+|your\s+)?(?:anus|bottom|back\s+passage)\b",
                "vagina": r"\bvagina(?:l|lly)?\b"},
               {"th": {"mouth": "ปาก|กลืน|รับประทาน|กิน|ทาน|เคี้ยว|อมไว้|อมใต้ลิ้น|ดื่ม", "eye": "ตา(?!ม|ย|ราง|ข่าย)",
                       "ear": "หู", "nose": "จมูก", "skin": "ผิว|ทา(?![นงร])|ถูนวด|แผล", "rectum": "ทวาร|ก้น",
                       "vagina": "ช่องคลอด"},
                "lo": {"mouth": "ປາກ|ກືນ|ກິນ|ດື່ມ|ຄ້ຽວ", "eye": "ຕາ(?!ມ|ຍ|ຕະລາງ)", "ear": "ຫູ", "nose": "ດັງ",
                       "skin": "ຜິວ|ທາ(?![ງນ])", "rectum": "ທະວານ|ກົ້ນ", "vagina": "ຊ່ອງຄອດ"},
                "km": {"mouth": "មាត់|លេប|ញ៉ាំ|ផឹក|ទំពារ|បៀម", "eye": "ភ្នែក", "ear": "ត្រចៀក", "nose": "ច្រមុះ",
                       "skin": "ស្បែក|លាប", "rectum": "គូថ", "vagina": "ទ្វារមាស"},
                "my": {"mouth": "ပါးစပ်|မျို|သောက်|ဝါး|စား", "eye": "မျက်", "ear": "နား", "nose": "နှာ",
                       "skin": "အရေပြား|လိမ်း", "rectum": "စအို|အညစ်", "vagina": "မိန်းမကိုယ်|ယောနိ"}},
               # (a word of another way shows it only where it has no other meaning: Thai ตาม "follow", ทาง "way")
               {"th": {"mouth": "ทางปาก|ในปาก|เข้าปาก|พ่นปาก|กลืน|รับประทาน|เคี้ยว", "eye": "หยอดตา|ป้ายตา|ดวงตา|ในตา|ที่ตา|ลูกตา|เปลือกตา|ยาตา",
                       "ear": "หยอดหู|ในหู|ที่หู|ช่องหู|รูหู",
                       "skin": "ผิวหนัง|ทา(?:ยา|ครีม|บาง|ที่|บริเวณ|ให้ทั่ว|ผิว|แผล)", "rectum": "ทวารหนัก|ทางทวาร|รูทวาร"},
                "lo": {"mouth": "ທາງປາກ|ກືນ|ຄ້ຽວ", "eye": "ຢອດຕາ|ໃນຕາ|ດວງຕາ|ໜັງຕາ|ຢາຕາ", "ear": "ຢອດຫູ|ໃນຫູ|ຮູຫູ",
                       "nose": "ຮູດັງ|ໃນດັງ|ພົ່ນດັງ|ຢອດດັງ", "skin": "ຜິວໜັງ|ທາຢາ|ທາບາງ", "rectum": "ທະວານໜັກ|ຮູທະວານ|ຮູກົ້ນ"},
                "km": {"mouth": "តាមមាត់|លេប|ទំពារ", "rectum": "រន្ធគូថ"},
                "my": {"mouth": "ပါးစပ်|မျို|ဝါး", "eye": "မျက်စိ|မျက်လုံး|မျက်စဉ်း", "ear": "နားထဲ|နားတွင်း|နားစက်|နားရွက်",
                       "nose": "နှာခေါင်း", "rectum": "စအို"}}),
)  # fmt: skip
_OPPOSITE_SOURCE = [{k: re.compile(p, re.I) for k, p in o.source.items()} for o in _OPPOSITES]
_OPPOSITE_WORDS = [{lang: {k: re.compile(p) for k, p in t.items()} for lang, t in o.words.items()} for o in _OPPOSITES]
_OPPOSITE_SHOWN = [{lang: {k: re.compile((o.shown or {}).get(lang, {}).get(k, p)) for k, p in t.items()}
                    for lang, t in o.words.items()} for o in _OPPOSITES]  # fmt: skip
_STOP_AFTER_NOT = re.compile(r"\s+stop\b", re.I)  # "do not stop", "never stop", "don't stop"
# a "stop" that says "do not go on": "Stop taking aspirin" written "ทานแอสไพริน" (take aspirin) drops it as a
# dropped "not" does; an imperative "Avoid…" at a sentence's start. Not "when the pain stops" (หายปวด)
_STOP = re.compile(r"\bstop\s+(?:taking|using|eating|drinking|smoking|it\b|them\b)|\bdiscontinue\b"
                   r"|(?:^|(?<=[.!?:]\s))avoid\b", re.I)


def _says(text: str, lang: str, code: str, which: str) -> bool:
    """Does ``text`` have one of ``lang``'s words for ``which`` of the opposites ``code`` (:data:`_OPPOSITES`)?"""
    (k,) = [k for k, o in enumerate(_OPPOSITES) if o.code == code]
    words = _OPPOSITE_WORDS[k].get(base_language(lang))
    return words is not None and words[which].search(text) is not None


def _opposite_problems(msgid: str, msgstr: str, lang: str) -> list[Problem]:
    """An error for each of :data:`_OPPOSITES` the source says one way and the translation only the other
    ("before meals" → "หลังอาหาร", "left knee" → "เข่าขวา", "in the morning" → "ก่อนนอน"). Read with word
    lists, so only where the translation has none of the source's words and one of the other's.

    >>> [p.message for p in _opposite_problems("Take 1 tablet before meals.", "ทาน 1 เม็ด หลังอาหาร", "th")]
    ["the source says 'before meals', the translation after meals (หลังอาหาร)"]
    >>> [p.message for p in _opposite_problems("Put ice on your left knee.", "ประคบเย็นที่เข่าขวา", "th")]
    ["the source says 'left knee' (the left side), the translation the right side (ขวา)"]
    >>> _opposite_problems("Do not take it before food.", "ทานยาหลังอาหารเท่านั้น", "th")  # (after food only: right)
    []
    >>> _opposite_problems("Take it before breakfast.", "ทานก่อนอาหารเช้า", "th"), _opposite_problems("Call right away.", "โทรทันที ด้านขวา", "th")
    ([], [])
    """
    base, out = base_language(lang), []
    for opposites, source, languages, evidence in zip(_OPPOSITES, _OPPOSITE_SOURCE, _OPPOSITE_WORDS, _OPPOSITE_SHOWN,
                                                    strict=True):  # fmt: skip
        words = languages.get(base)
        if words is None:
            continue
        said = {k: m.group() for k, pattern in source.items()
                if (m := pattern.search(msgid))
                and (opposites.after_not or not _NOT.search(msgid, _sentence_start(msgid, m.start()), m.start()))}
        if len(said) != 1:  # neither, or both ("before or after meals"): nothing to compare
            continue
        ((one, written),) = said.items()
        if words[one].search(msgstr):
            continue
        hit = next(((k, m) for k in opposites.said if k != one and (m := evidence[base][k].search(msgstr))), None)
        if hit is not None:
            other, found = hit
            named = "" if written.lower() == opposites.said[one] else f" ({opposites.said[one]})"
            shown = found.group("said") if "said" in found.re.groupindex else found.group()
            out.append(Problem("error", opposites.code,
                               f"the source says {written!r}{named}, the translation {opposites.said[other]} "
                               f"({shown})",
                               f"write {opposites.said[one]}, as the source does"))  # fmt: skip
    return out


# how often, in the source and in each language: "once a week" written "วันละครั้ง" (once a day) keeps every
# number, and a weekly medicine taken daily (methotrexate, alendronate) is a known cause of deaths
_TH_DAYS = "จันทร์|อังคาร|พุธ|พฤหัส|ศุกร์|เสาร์|อาทิตย์"
# ("a week" after "for", "in", "within"… is how long, not how often: "take it for a week")
_HOW_OFTEN_A = r"(?<!\bfor\s)(?<!\bin\s)(?<!within\s)(?<!\bafter\s)(?<!\bover\s)(?<!\bthan\s)(?<!\babout\s)\ba"
_SOURCE_PERIODS = {
    "a day": rf"{_HOW_OFTEN_A}\s+day\b|\b(?:per|each|every)\s+day\b|\bdaily\b|/\s*day\b"
             r"|\bevery\s+(?:morning|evening|night)\b",
    "every other day": r"\bevery\s+(?:other|second|2|two)\s+days?\b|\balternate\s+days\b",
    "a week": rf"{_HOW_OFTEN_A}\s+week\b|\b(?:per|each|every)\s+week\b|\bweekly\b|/\s*week\b|\bevery\s+(?:monday|"
              r"tuesday|wednesday|thursday|friday|saturday|sunday)\b|\bonce\s+(?:on\s+)?(?:mondays|tuesdays|wednesdays|"
              r"thursdays|fridays|saturdays|sundays)\b",
    "a month": rf"{_HOW_OFTEN_A}\s+month\b|\b(?:per|each|every)\s+month\b|\bmonthly\b|/\s*month\b",
}
_PERIOD_WORDS: dict[str, dict[str, str]] = {
    "th": {"a day": rf"วันละ|ต่อวัน|ทุก\s*(?:ๆ\s*)?วัน(?!\s*(?:{_TH_DAYS}|ที่|เว้น|นี้))|/\s*วัน|ทุกเช้า|ทุกเย็น|ทุกคืน",
           "every other day": r"วันเว้นวัน|ทุก\s*(?:2|๒|สอง)\s*วัน",
           "a week": rf"สัปดาห์ละ|อาทิตย์ละ|ต่อสัปดาห์|ต่ออาทิตย์|ทุก\s*(?:ๆ\s*)?(?:สัปดาห์|อาทิตย์)|ทุก\s*วัน(?:{_TH_DAYS})"
                     r"|/\s*สัปดาห์",
           "a month": r"เดือนละ|ต่อเดือน|ทุก\s*(?:ๆ\s*)?เดือน|ทุกวันที่|/\s*เดือน"},
    "lo": {"a day": r"ມື້ລະ|ຕໍ່ມື້|ທຸກມື້(?!\s*ເວັ້ນ)|ທຸກໆມື້", "every other day": r"ມື້ເວັ້ນມື້|ທຸກ\s*(?:2|໒|ສອງ)\s*ມື້",
           "a week": r"ອາທິດລະ|ຕໍ່ອາທິດ|ທຸກອາທິດ|ທຸກໆອາທິດ", "a month": r"ເດືອນລະ|ຕໍ່ເດືອນ|ທຸກເດືອນ|ທຸກໆເດືອນ"},
    "km": {"a day": r"ក្នុងមួយថ្ងៃ|រាល់ថ្ងៃ|ប្រចាំថ្ងៃ", "every other day": r"ថ្ងៃរំលងថ្ងៃ|រៀងរាល់\s*(?:2|២|ពីរ)\s*ថ្ងៃ",
           "a week": r"ក្នុងមួយសប្[ដត]ាហ៍|រាល់សប្[ដត]ាហ៍|ប្រចាំសប្[ដត]ាហ៍", "a month": r"ក្នុងមួយខែ|រាល់ខែ|ប្រចាំខែ"},
    "my": {"a day": r"နေ့စဉ်|တစ်နေ့လျှင်|တစ်ရက်လျှင်|တစ်နေ့ကို", "every other day": r"တစ်ရက်ခြား",
           "a week": r"အပတ်စဉ်|တစ်ပတ်လျှင်|တစ်ပတ်ကို", "a month": r"လစဉ်|တစ်လလျှင်|တစ်လကို"},
}  # fmt: skip
_SOURCE_PERIOD = {period: re.compile(pattern, re.I) for period, pattern in _SOURCE_PERIODS.items()}
_PERIOD_IN = {lang: {period: re.compile(pattern) for period, pattern in table.items()}
              for lang, table in _PERIOD_WORDS.items()}  # fmt: skip


def _frequency_problems(msgid: str, msgstr: str, lang: str) -> list[Problem]:
    """An error when the translation says how often by another period than the source's, and never by
    the source's ("once a week" → "วันละครั้ง", once a day; "every other day" → "ทุกวัน", every day).
    Read with word lists, so only where the translation has none of the source's period's words and
    one of another's ("3 times a day for 7 days" has no period but the day's).

    >>> [p.message for p in _frequency_problems("Take 70 mg once a week.", "ทาน 70 มก. วันละครั้ง", "th")]
    ["how often differs: the source says 'a week' (a week), the translation a day (วันละ)"]
    >>> _frequency_problems("Take it once a week.", "ทานสัปดาห์ละครั้ง", "th"), _frequency_problems("Eat.", "ทุกวัน", "th")
    ([], [])
    """
    words = _PERIOD_IN.get(base_language(lang))
    if words is None:
        return []
    said = {period: m.group() for period, pattern in _SOURCE_PERIOD.items() if (m := pattern.search(msgid))}
    written = {period: m.group() for period, pattern in words.items() if (m := pattern.search(msgstr))}
    missing, other = sorted(said.keys() - written.keys()), sorted(written.keys() - said.keys())
    if not missing or not other:
        return []
    return [Problem("error", "check.frequency",
                    f"how often differs: the source says {said[missing[0]]!r} ({missing[0]}), the translation "
                    f"{other[0]} ({written[other[0]]})",
                    "write how often as the source does: once a week is not once a day")]  # fmt: skip


# medicines by name (``data/medicines.txt``): a translation that names one its source does not name
# ("paracetamol" → "แอสไพริน", aspirin) keeps every number, and a reviewer reading for sense may miss it
@functools.cache
def medicine_names() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(English names, Thai spellings) of each medicine of ``data/medicines.txt``, as written there."""
    out = []
    for line in (Path(__file__).parent / "data" / "medicines.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, _, thai = line.partition("=")
            out.append((tuple(n.strip() for n in english.split(",") if n.strip()),
                        tuple(t.strip() for t in thai.split(",") if t.strip())))  # fmt: skip
    return tuple(out)


@functools.cache
def _medicines() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str] | None]:
    """Each name of :func:`medicine_names` (English, lowercase, or Thai) → all its medicine's names, the
    English first; and one pattern finding any of them (an English one as a whole word, in lowercase text)."""
    names: dict[str, tuple[str, ...]] = {}
    for english, thai in medicine_names():
        every = (*(n.lower() for n in english), *thai)
        for name in every:
            names[name] = every
    if not names:
        return names, None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return names, re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])")


def _medicine_problems(msgid: str, msgstr: str) -> list[Problem]:
    """An error when the translation names a medicine of the list that the source does not name (by any of
    its names: a Thai source names it in Thai). The source is read generously (a name inside a longer
    word counts: "dihydrocodeine" names codeine), so only a medicine the source cannot mean is refused.

    >>> [p.message for p in _medicine_problems("Take paracetamol.", "ทานยาแอสไพริน")]
    ['the translation names a medicine the source does not: แอสไพริน (aspirin)']
    >>> _medicine_problems("Take acetaminophen.", "ทานยาพาราเซตามอล (paracetamol)"), _medicine_problems("Rest.", "พัก")
    ([], [])
    >>> _medicine_problems("ทานยาพาราเซตามอล", "Take paracetamol."), _medicine_problems("ทานยาพาราเซตามอล", "Take aspirin.")[0].code
    ([], 'check.medicine')
    >>> _medicine_problems("ກິນຢາພາຣາເຊຕາມອນ", "Take paracetamol.")  # (Lao spellings are not listed: not read)
    []
    """
    names, pattern = _medicines()
    if pattern is None or _UNLISTED_SCRIPT.search(msgid):  # (a Lao, Khmer or Burmese source's names are not listed)
        return []
    source = msgid.lower()
    for m in pattern.finditer(msgstr.lower()):
        every = names[m.group()]
        if not any(name in source for name in every):
            return [Problem("error", "check.medicine",
                            f"the translation names a medicine the source does not: {m.group()} ({every[0]})",
                            "name the medicine the source names (the names read: handouts/i18n/data/medicines.txt)")]  # fmt: skip
    return []


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``text[at]`` starts (after the last ``.``, ``;``, ``!`` or ``?`` before it)."""
    return max(text.rfind(c, 0, at) for c in ".;!?") + 1


# the Unicode blocks of the scripts the shipped fonts draw but Latin (the characters Unicode names
# after THAI, LAO, MYANMAR or KHMER: a test holds the two to each other)
_BLOCKS = {"THAI": "\u0e00-\u0e7f", "LAO": "\u0e80-\u0eff", "MYANMAR": "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f",
           "KHMER": "\u1780-\u17ff\u19e0-\u19ff"}  # fmt: skip
_IN_BLOCKS = tuple((script, re.compile(f"[{block}]")) for script, block in _BLOCKS.items())
# the scripts whose spellings of the medicines are not listed (:func:`_medicine_problems` does not read them):
# the main blocks of Lao, Myanmar and Khmer
_UNLISTED_SCRIPT = re.compile("[\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff]")


def _sea_script(c: str) -> str | None:
    """The shipped script (but Latin) of a character: THAI, LAO, MYANMAR or KHMER, or None."""
    return next((script for script, block in _IN_BLOCKS if block.match(c)), None)


@functools.cache
def _other_blocks(own: frozenset[str | None]) -> re.Pattern[str]:
    """A character of the blocks of the shipped scripts not in ``own``."""
    return re.compile("[" + "".join(b for script, b in sorted(_BLOCKS.items()) if script not in own) + "]")


def _a(name: str) -> str:
    """``name`` after its article: a Thai (th) reader, an English (en) one."""
    return f"{'an' if name[:1] in 'AEIOU' else 'a'} {name}"


def _foreign_digits(msgstr: str, lang: str) -> list[Problem]:
    """Digits of another shipped language's script (Burmese ၅၀၀, Khmer ៥០០, Lao ໕໐໐ in a Thai handout):
    the number is the same to the other rules (digits of any script are read as ASCII), and the fonts
    draw them, so nothing else sees it; but a patient reads the language's own digits and ASCII ones
    only. (Digits no shipped font draws, fullwidth ５００, are the undrawable characters' rule.)

    >>> _foreign_digits("ทาน ၅၀၀ มก.", "th")[0].message
    '500 is written in Myanmar digits (၅၀၀), which a Thai (th) reader does not read'
    >>> _foreign_digits("ทาน ๕๐๐ มก. หรือ 500 มก.", "th"), _foreign_digits("ກິນ ໕໐໐ ມກ", "lo")
    ([], [])
    """
    own = set(language(lang).digits)
    foreign = re.compile(r"\d+").finditer(msgstr)
    runs = [m.group() for m in foreign if any(c not in own and _sea_script(c) for c in m.group())]
    if not runs:
        return []
    written = runs[0]
    scripts = sorted({s.title() for c in written if c not in own and (s := _sea_script(c))})
    value = "".join(str(unicodedata.decimal(c)) for c in written)
    mine = f"{language(lang).english} or ASCII digits: {value}" if own else f"ASCII digits: {value}"
    return [Problem("error", "check.characters",
                    f"{value} is written in {'/'.join(scripts)} digits ({written}), which {_a(named(lang))} reader "
                    "does not read", f"write it in {mine}")]  # fmt: skip


def _foreign_letters(msgid: str, msgstr: str, lang: str) -> list[Problem]:
    """Letters of another shipped script than the language's (Lao ກິນ in a Thai catalog), which the
    source has not: pasted from another catalog, or that catalog saved in this language's folder. The
    fonts draw them, so the undrawable characters' rule does not see them, and the handout would
    print them. (Letters and their vowel and tone marks: not a currency sign, ฿, nor punctuation.)

    >>> _foreign_letters("Take 500 mg", "ກິນ 500 ມກ", "th")[0].message
    'the translation has Lao letters (ກິນ), which a Thai (th) reader does not read'
    >>> _foreign_letters("Take 500 mg", "ทาน 500 มก. (Paracetamol)", "th"), _foreign_letters("ກິນ", "ກິນ", "th")
    ([], [])
    """
    own = {_sea_script(c) for c in language(lang).native}
    if not _other_blocks(frozenset(own)).search(msgstr):
        return []  # (no character of another shipped script's blocks: most translations, read in C)

    def foreign(c: str) -> str | None:
        script = _sea_script(c) if unicodedata.category(c)[0] in "LM" else None
        return script if script not in own else None

    first = next((i for i, c in enumerate(msgstr) if foreign(c) and c not in msgid), None)
    if first is None:
        return []
    script = foreign(msgstr[first])
    end = first
    while end < len(msgstr) and (foreign(msgstr[end]) == script or msgstr[end] == " ") and end - first < 20:
        end += 1
    return [Problem("error", "check.characters",
                    f"the translation has {str(script).title()} letters ({msgstr[first:end].strip()}), which "
                    f"{_a(named(lang))} reader does not read",
                    f"translate it into {language(lang).english}, and check that this file is the "
                    f"{language(lang).english} catalog")]  # fmt: skip


def _character_problems(msgid: str, msgstr: str, undrawable: Undrawable | None) -> list[Problem]:
    """Characters of the translation the render would refuse, found here with the catalog's line:
    a control character (a TAB, a bell; not a line break), and, given ``undrawable``, one no shipped
    font draws (an emoji, a fullwidth digit, another script: the render's gate asks the fonts, ``i18n
    check`` the shipped table of what they draw, :mod:`handouts.typesetting.coverage`). Those the
    source has too are the source's to fix."""
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


def gate_header(catalog: Catalog) -> list[Finding]:
    """The findings of a catalog's header (:func:`handouts.i18n.po.header_problems`: its
    ``Plural-Forms`` and ``charset``), as ``i18n check`` reports them: a render refuses them too.
    The verdict is kept with the others (the model's steps), so Babel's plural rules are read
    only when the header changes."""
    from handouts.i18n.po import HEADER_FIELD_OF, empty_problem, header_problems

    if catalog.path is None:
        return []
    if not catalog.header and not catalog.header_line and not catalog.messages:  # an empty file (as check says)
        code, message = empty_problem(catalog.lang)
        return [Finding(shown(catalog.path), 1, "error", code, message)]
    fields = {name: (value, line) for name, value, line in catalog.header}
    values = {k: fields[k][0] for k in HEADER_FIELD_OF.values() if k in fields}
    pair = ("\0header", repr(sorted(values.items())), catalog.lang, True, False, False)
    found = _VERDICTS.get(pair, lambda: tuple(Problem("error", code, message) for code, message
                                              in header_problems(values, plural_forms(catalog.lang), catalog.lang)))  # fmt: skip
    # a missing field is reported on the header entry's line
    return [Finding(shown(catalog.path), fields.get(HEADER_FIELD_OF[p.code], ("", catalog.header_line or 1))[1], p.severity,
                    p.code, p.message) for p in found] + translator_findings(shown(catalog.path), fields)  # fmt: skip


def translator_findings(where: str, fields: dict[str, tuple[str, int]]) -> list[Finding]:
    """The header's ``Last-Translator`` name in the Zawgyi encoding (``check.zawgyi``): it prints on
    every page of a signed-off handout ("translated by …"), where Zawgyi prints as garbage. The
    render, the sign-off and ``i18n check`` refuse it alike. ``fields``: field name in lower case →
    (value, line)."""
    value, line = fields.get("last-translator", ("", 0))
    name = value.split("<", 1)[0]
    if not zawgyi.is_zawgyi(name):
        return []
    return [Finding(where, line, "error", zawgyi.CODE,
                    f"{zawgyi.MESSAGE} (the translator's name in Last-Translator, printed on the handout)",
                    hint=zawgyi.fix_hint(where))]  # fmt: skip


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
        if msg is None:  # a plural form asked for by its msgid_plural (not a key): the entry that holds it
            msg = next((m for (ctx, _), m in self.catalog.messages.items() if ctx is None and msgstr in m.plurals), None)
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
