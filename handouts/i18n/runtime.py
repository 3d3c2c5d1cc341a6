"""Runtime i18n: catalogs (.po) → lookups, languages, and dates in the reader's locale.

Catalogs are read straight from the ``.po`` files (strictly, :mod:`handouts.i18n.po`) rather than compiled ``.mo``:
a ``.mo`` drops fuzzy entries silently, and the renderer must *see* them to mark a handout as
a draft and name the entries. Reading a catalog of a few hundred entries costs milliseconds.

Babel has no Buddhist calendar (``format_date(..., locale="th")`` prints ``ค.ศ.``), so Thai
dates are built here: day and month from Babel's CLDR names, year + 543 (พ.ศ.).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import CatalogError
from handouts.textfile import read_text

DOMAIN = "handouts"
LANG_TAGS = {"th": "th-TH", "en": "en-US"}
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass(frozen=True, slots=True)
class Message:
    """A catalog entry as the renderer needs it."""

    msgstr: str
    fuzzy: bool
    line: int
    flags: frozenset[str] = frozenset()  # as written (fuzzy, python-format, …): part of a sign-off


@dataclass(frozen=True, slots=True)
class Catalog:
    """One language's messages keyed by (msgctxt, msgid); empty for the source language."""

    lang: str
    path: Path | None
    messages: dict[tuple[str | None, str], Message]

    def lookup(self, context: str | None, msgid: str) -> Message | None:
        return self.messages.get((context, msgid))

    def gettext(self, msgid: str) -> str:
        m = self.messages.get((None, msgid))
        return m.msgstr if m and m.msgstr and not m.fuzzy else msgid


def catalog_path(locales: Path, lang: str) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages(locales: Path, source_lang: str = "en") -> list[str]:
    """The source language plus every language with a catalog, sorted."""
    langs = {source_lang}
    if locales.is_dir():
        # lexists: a catalog that is a FIFO or a bad link is a language whose catalog is then refused by name
        langs.update(p.name for p in locales.iterdir() if os.path.lexists(catalog_path(locales, p.name)))
    return sorted(langs)


def load_catalog(locales: Path, lang: str, source_lang: str = "en") -> Catalog:
    """The catalog of ``lang``; an empty one for the source language."""
    if lang == source_lang:
        return Catalog(lang, None, {})
    path = catalog_path(locales, lang)
    if not os.path.lexists(path):
        known = ", ".join(available_languages(locales, source_lang))
        raise CatalogError(f"no catalog for language {lang!r}", path=path, hint=f"languages: {known}")
    try:
        stat = path.stat()
    except OSError:  # a dangling link: read_text names what is wrong
        read_text(path, CatalogError, "catalog")
        raise
    return _read_po(path, stat.st_mtime_ns, stat.st_size, lang)


@functools.lru_cache(maxsize=32)
def _read_po(path: Path, _mtime: int, _size: int, lang: str) -> Catalog:
    """Read a catalog strictly (:func:`handouts.i18n.po.scan_po`): a broken catalog is an error, never
    a silently empty translation."""
    from handouts.i18n.po import duplicates, scan_po

    text, _ = read_text(path, CatalogError, "catalog")
    scan = scan_po(text)
    if scan.errors:
        line, message = scan.errors[0]
        more = f" (and {len(scan.errors) - 1} more)" if len(scan.errors) > 1 else ""
        raise CatalogError(message + more, path=path, line=line, hint="run 'handouts i18n check' for every problem")
    dups = duplicates(scan)
    if dups:
        ent, first = dups[0]
        raise CatalogError(f"duplicate entry for {ent.msgid[:40]!r} (first on line {first})", path=path,
                           line=ent.msgid_line, hint="keep one of the two entries")  # fmt: skip
    messages: dict[tuple[str | None, str], Message] = {}
    for ent in scan.entries:
        if ent.obsolete or not ent.msgid:
            continue
        messages[(ent.context, ent.msgid)] = Message(ent.msgstr, ent.fuzzy, ent.msgstr_line, ent.flags)
    return Catalog(lang, path, messages)


def lang_tag(lang: str) -> str:
    """BCP 47 tag for the PDF ``/Lang``.

    >>> lang_tag("th"), lang_tag("en"), lang_tag("lo")
    ('th-TH', 'en-US', 'lo')
    """
    return LANG_TAGS.get(lang, lang)


def format_date(d: dt.date, lang: str, thai_digits: bool = False) -> str:
    """A long date in the reader's locale; Thai uses the Buddhist Era.

    >>> format_date(dt.date(2026, 11, 25), "th")
    '25 พฤศจิกายน 2569'
    >>> format_date(dt.date(2026, 11, 25), "en")
    '25 November 2026'
    >>> format_date(dt.date(2026, 11, 25), "th", thai_digits=True)
    '๒๕ พฤศจิกายน ๒๕๖๙'
    """
    from babel.dates import format_date as babel_format_date

    if lang == "th":
        text = f"{babel_format_date(d, 'd MMMM', locale='th')} {d.year + 543}"
        return text.translate(THAI_DIGITS) if thai_digits else text
    return babel_format_date(d, "d MMMM y", locale=lang if lang != "en" else "en_GB")


def to_arabic_digits(text: str) -> str:
    return text.translate(ARABIC_DIGITS)
