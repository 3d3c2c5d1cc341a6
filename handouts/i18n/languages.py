"""Language code → what the locale chrome needs: names, BCP 47 tag, native digits, dates in an era.

One :class:`Language` record per language the handouts are printed in. Dates are CLDR's, as
Babel ships them (for these languages kept in :data:`CLDR_DATES`, which a test holds to Babel):
month names and the order of day, month and year are each language's own long date format
(Burmese puts the year first). Babel ships only the Gregorian calendar, so the Buddhist
Era is built here: the year + 543, as Thailand and Laos count it (Cambodia and Myanmar count
their Buddhist year from a lunar day in May, a year ahead for most of the year; their clinics
keep the default, Gregorian). Thai is printed in the Buddhist Era unless the clinic says
otherwise; every other language in the Gregorian calendar.

Digits: a language's native digits (๐๑๒, ၀၁၂, ០១២, ໐໑໒) replace the ASCII ones in dates and page
numbers when the clinic asks for them (``[policy] native_digits``); never in phone numbers,
which are printed as the clinic writes them (a number is dialled from its printed digits).

Nothing here reads files; the typesetting side of a script (its font, leading, line breaks) is
:mod:`handouts.typesetting.scripts`, whose tags and digits a test keeps equal to these.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Final, Literal, get_args

Era = Literal["gregorian", "buddhist"]
ERAS: Final[tuple[str, ...]] = get_args(Era)
BUDDHIST_OFFSET: Final = 543  # the Buddhist Era of Thailand and Laos: 2026 CE = 2569 BE
ASCII_DIGITS: Final = "0123456789"


@dataclass(frozen=True, slots=True)
class Language:
    """One language: ``code`` (ISO 639-1), ``tag`` (BCP 47, the PDF ``/Lang``), its name in English
    and in itself, its native ``digits`` 0–9 ('' when it writes ASCII digits), its default ``era``
    and the abbreviation of the Buddhist Era (``be``) printed before a Buddhist year (Thai prints
    none: a plain year is read as พ.ศ.)."""

    code: str
    tag: str
    english: str
    native: str
    digits: str = ""
    era: Era = "gregorian"
    be: str = "BE"
    plural_forms: str = "nplurals=1; plural=0;"  # a catalog's Plural-Forms header (CLDR's, as Babel writes it)

    def __post_init__(self) -> None:
        if self.digits and (len(self.digits) != 10 or not all(c.isdecimal() for c in self.digits)):
            raise ValueError(f"{self.code}: digits must be the ten decimal digits 0-9, not {self.digits!r}")


LANGUAGES: Final[dict[str, Language]] = {
    lang.code: lang
    for lang in (
        Language("en", "en-US", "English", "English", plural_forms="nplurals=2; plural=(n != 1);"),
        Language("th", "th-TH", "Thai", "ไทย", "๐๑๒๓๔๕๖๗๘๙", "buddhist", ""),
        Language("my", "my-MM", "Burmese", "မြန်မာ", "၀၁၂၃၄၅၆၇၈၉", be="သာသနာနှစ်"),
        Language("km", "km-KH", "Khmer", "ខ្មែរ", "០១២៣៤៥៦៧៨៩", be="ព.ស."),
        Language("lo", "lo-LA", "Lao", "ລາວ", "໐໑໒໓໔໕໖໗໘໙", be="ພ.ສ."),
    )
}
# every script's digits back to ASCII (any Unicode decimal digit: Python knows their values)
_TO_ASCII: Final = {ord(c): str(i) for lang in LANGUAGES.values() for i, c in enumerate(lang.digits)}


def plural_forms(lang: str) -> tuple[int, str] | None:
    """(number of plural forms, the Plural-Forms header) of ``lang``: from the table above for
    the shipped languages (no Babel import in a render), else Babel's; None for an unknown one."""
    rec = LANGUAGES.get(base(lang))
    if rec is not None:
        return int(rec.plural_forms.split(";")[0].split("=")[1]), rec.plural_forms
    from babel.messages.plurals import get_plural

    try:
        rule = get_plural(lang)
    except Exception:  # an unknown locale: no rule to compare with
        return None
    return rule.num_plurals, rule.plural_forms


def base(lang: str) -> str:
    """``th-TH``, ``th_TH``, ``TH`` → ``th``.

    >>> base("th-TH"), base("my_MM"), base("KM")
    ('th', 'my', 'km')
    """
    return lang.replace("_", "-").split("-", 1)[0].lower()


# ISO 639-2 codes (what some hospital systems send) of the languages handouts ship
_THREE_LETTER = {"tha": "th", "eng": "en", "mya": "my", "bur": "my", "khm": "km", "lao": "lo"}


def code_of(value: str) -> str:
    """A language as people and systems write it → the code of a catalog: ``th``, ``TH``,
    ``th-TH``, ``th_TH``, ``tha`` → ``th`` (the region and the case dropped, ISO 639-2 read).

    >>> [code_of(v) for v in ("th", " TH ", "th-TH", "my_MM", "tha", "bur", "km")]
    ['th', 'th', 'th', 'my', 'th', 'my', 'km']
    """
    v = base(value.strip())
    return _THREE_LETTER.get(v, v)


def language(lang: str) -> Language:
    """The record of ``lang``; for a language without one, what Babel (CLDR) knows of it.

    >>> language("lo").native, language("km-KH").tag, language("de").english
    ('ລາວ', 'km-KH', 'German')
    """
    code = base(lang)
    found = LANGUAGES.get(code)
    return found if found is not None else _from_cldr(code)


def named(lang: str) -> str:
    """A language as a message names it: its English name and code, ``Burmese (my)``; a code is
    not a word ("the my translation" reads as English), nor is a name alone a key to type.

    >>> named("my"), named("th"), named("xx")
    ('Burmese (my)', 'Thai (th)', 'xx')
    """
    english = language(lang).english
    return f"{english} ({lang})" if english and english != lang else lang


@functools.lru_cache(maxsize=64)
def _from_cldr(code: str) -> Language:
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Language(code, code, code, code)
    return Language(code, code, loc.english_name or code, loc.get_display_name(loc) or code)


def lang_tag(lang: str) -> str:
    """BCP 47 tag for the PDF ``/Lang`` (and the tagged PDF's ``Lang`` of a span).

    >>> lang_tag("th"), lang_tag("en"), lang_tag("my"), lang_tag("km"), lang_tag("lo"), lang_tag("de")
    ('th-TH', 'en-US', 'my-MM', 'km-KH', 'lo-LA', 'de')
    """
    found = LANGUAGES.get(base(lang))
    return found.tag if found is not None else lang


def language_name(lang: str) -> str:
    """``Burmese (မြန်မာ)``: the English name and, when it differs, the language's own.

    >>> language_name("km"), language_name("en")
    ('Khmer (ខ្មែរ)', 'English')
    """
    rec = language(lang)
    return rec.english if rec.native in ("", rec.english) else f"{rec.english} ({rec.native})"


def native_digits(text: str, lang: str) -> str:
    """ASCII digits → the digits of ``lang`` (unchanged for a language that writes ASCII digits).

    >>> native_digits("Page 12 of 30", "my"), native_digits("2026", "km"), native_digits("7", "en")
    ('Page ၁၂ of ၃၀', '២០២៦', '7')
    """
    digits = language(lang).digits
    return text.translate(str.maketrans(ASCII_DIGITS, digits)) if digits else text


def to_ascii_digits(text: str) -> str:
    """The native digits of every language here → ASCII.

    >>> to_ascii_digits("๒๕๖๙ ၂၀၂၆ ២០២៦ ໒໐໒໖")
    '2569 2026 2026 2026'
    """
    return text.translate(_TO_ASCII)


def default_era(lang: str) -> Era:
    return language(lang).era


def era_year(year: int, era: Era) -> int:
    """The year of a Gregorian ``year`` in ``era``.

    >>> era_year(2026, "buddhist"), era_year(2026, "gregorian")
    (2569, 2026)
    """
    return year + BUDDHIST_OFFSET if era == "buddhist" else year


def format_date(d: dt.date, lang: str, *, era: Era | None = None, digits: bool = False) -> str:
    """A long date in ``lang`` (CLDR's long pattern and month names), in ``era`` (the language's
    default when None), in the language's native digits when ``digits``.

    >>> d = dt.date(2026, 11, 25)
    >>> format_date(d, "th"), format_date(d, "th", era="gregorian")
    ('25 พฤศจิกายน 2569', '25 พฤศจิกายน ค.ศ. 2026')
    >>> format_date(d, "en"), format_date(d, "en", era="buddhist")
    ('25 November 2026', '25 November 2569 BE')
    >>> format_date(d, "my", digits=True), format_date(d, "lo", era="buddhist")
    ('၂၀၂၆ နိုဝင်ဘာ ၂၅', '25 ພະຈິກ ພ.ສ. 2569')
    >>> format_date(d, "km", digits=True), format_date(d, "zz")
    ('២៥ វិច្ឆិកា ២០២៦', '25 November 2026')
    """
    rec = language(lang)
    era = era or rec.era
    # day month year, as the Thai and English handouts print; a language CLDR does not know: English
    locale = "en_GB" if rec.code == "en" or (rec.code not in CLDR_DATES and not _known(rec.code)) else rec.code
    text = _format_date(d, locale, rec, era, CLDR_DATES.get(locale))
    text = to_ascii_digits(text)  # CLDR may use native digits (Burmese's default numbering is mymr)
    return native_digits(text, rec.code) if digits else text


# CLDR's long date pattern, the abbreviated name of the Common Era and the wide month names (the
# "format" context) of the locales the handouts print in, as Babel 2.14-2.19 ships them: a
# date needs no Babel (importing babel.dates and loading a locale's data cost a cold render
# 15-20 ms). tests/chrome/test_languages.py checks every entry against the installed Babel,
# every month, both eras: a Babel with other CLDR data fails there (update the table).
CLDR_DATES: Final[dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "en_GB": ("d MMMM y", "AD",
              ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")),
    "th": ("d MMMM G y", "ค.ศ.",
           ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
            "ตุลาคม", "พฤศจิกายน", "ธันวาคม")),
    "my": ("y MMMM d", "အေဒီ",
           ("ဇန်နဝါရီ", "ဖေဖော်ဝါရီ", "မတ်", "ဧပြီ", "မေ", "ဇွန်", "ဇူလိုင်", "ဩဂုတ်", "စက်တင်ဘာ", "အောက်တိုဘာ",
            "နိုဝင်ဘာ", "ဒီဇင်ဘာ")),
    "km": ("d MMMM y", "គ.ស.",
           ("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ")),
    "lo": ("d MMMM y", "ຄ.ສ.",
           ("ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ", "ພະຈິກ",
            "ທັນວາ")),
}  # fmt: skip


def _format_date(d: dt.date, locale: str, rec: Language, era: Era,
                 cldr: tuple[str, str, tuple[str, ...]] | None) -> str:  # fmt: skip
    """The long date of ``d`` in ``locale`` and ``era``, before any digit conversion: from
    :data:`CLDR_DATES` when given (``cldr``), through Babel otherwise."""
    if era == "gregorian":
        pattern = cldr[0] if cldr is not None else "long"
    else:
        year = era_year(d.year, era)
        if rec.code == "th":  # Thai: the plain year is the Buddhist year (no พ.ศ.), as Thai documents print it
            shown = f"{year}"
        elif rec.code == "en":
            shown = f"{year} {rec.be}"
        else:
            shown = f"{rec.be} {year}"
        # the year marked \x00, CLDR's era field left out: the era is ours to print
        pattern = _long_pattern(cldr[0] if cldr is not None else _cldr_long_pattern(locale))
        pattern = pattern.replace("\x00", "'" + shown.replace("'", "''") + "'")
    if cldr is not None:
        return _fill(pattern, d, cldr)
    from babel.dates import format_date as babel_format_date

    return babel_format_date(d, pattern, locale=locale)


_FIELD = re.compile(r"'((?:[^']|'')*)'|([A-Za-z])\2*|[^A-Za-z']+")


def _fill(pattern: str, d: dt.date, cldr: tuple[str, str, tuple[str, ...]]) -> str:
    """``pattern`` (the fields of :data:`CLDR_DATES`'s patterns: ``d``, ``MMMM``, ``y``, ``G``;
    quoted literals) for ``d``, as Babel's ``format_date`` formats it.

    >>> _fill("d MMMM G y 'o''clock'", dt.date(2026, 1, 5), CLDR_DATES["th"])
    "5 มกราคม ค.ศ. 2026 o'clock"
    """
    out = []
    for m in _FIELD.finditer(pattern):
        text, quoted, letter = m.group(0), m.group(1), m.group(2)
        if quoted is not None:
            out.append(quoted.replace("''", "'") if quoted else "'")
        elif letter is None:
            out.append(text)
        elif text == "d":
            out.append(str(d.day))
        elif text == "MMMM":
            out.append(cldr[2][d.month - 1])
        elif text == "y":
            out.append(str(d.year))
        elif text == "G":
            out.append(cldr[1])
        else:  # a field no table pattern has
            raise ValueError(f"date field {text!r} is not in CLDR_DATES' patterns")
    return "".join(out)


def known(lang: str) -> bool:
    """Whether ``lang`` names a language: one of :data:`LANGUAGES`, or one Babel has CLDR data for
    (loaded only then). ``thx``, a typo, is none.

    >>> known("th"), known("km-KH"), known("de"), known("thx")
    (True, True, True, False)
    """
    return base(lang) in LANGUAGES or _known(lang.replace("-", "_"))


@functools.lru_cache(maxsize=64)
def _known(code: str) -> bool:
    """Whether Babel has CLDR data for ``code`` (a hand-made ``locales/xx`` may not be a language)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


@functools.lru_cache(maxsize=16)
def _cldr_long_pattern(locale: str) -> str:
    from babel.dates import get_date_format

    return str(get_date_format("long", locale=locale).pattern)


@functools.lru_cache(maxsize=16)
def _long_pattern(pattern: str) -> str:
    """A long date pattern with its year field (y, yyyy) as one ``\\x00``, which the caller
    replaces, and its era field left out; quoted literals are kept as they are."""
    parts = re.split(r"('(?:[^']|'')*')", pattern)
    return "".join(p if p.startswith("'") else re.sub(r"y+", "\x00", p).replace("G ", "").replace(" G", "")
                   for p in parts)  # fmt: skip
