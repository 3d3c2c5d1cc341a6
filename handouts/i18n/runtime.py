"""Runtime i18n: catalogs (.po) → lookups, and the languages a workspace has.

Catalogs are read straight from the ``.po`` files (strictly, :mod:`handouts.i18n.po`) rather than compiled ``.mo``:
a ``.mo`` drops fuzzy entries silently, and the renderer must *see* them to mark a handout as
a draft and name the entries. Reading a catalog of a few hundred entries costs milliseconds.

Dates, digits, names and tags of the languages are :mod:`handouts.i18n.languages` (re-exported here).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import CatalogError
from handouts.i18n import languages
from handouts.i18n.languages import LANGUAGES, Era, lang_tag, language_name, named, native_digits, to_ascii_digits
from handouts.textfile import content_stamp, read_bytes, read_text, shown_from, workspace_of

__all__ = [
    "ARABIC_DIGITS", "DOMAIN", "LANG_TAGS", "THAI_DIGITS", "Catalog", "Message", "available_languages", "catalog_path",
    "format_date", "lang_tag", "language_name", "load_catalog", "native_digits", "to_arabic_digits", "untranslated_summary",
]  # fmt: skip

DOMAIN = "handouts"
LANG_TAGS = {code: lang.tag for code, lang in LANGUAGES.items()}
THAI_DIGITS = str.maketrans("0123456789", LANGUAGES["th"].digits)
ARABIC_DIGITS = str.maketrans(LANGUAGES["th"].digits, "0123456789")


@dataclass(frozen=True, slots=True)
class Message:
    """A catalog entry as the renderer needs it."""

    msgstr: str
    fuzzy: bool
    line: int
    flags: frozenset[str] = frozenset()  # as written (fuzzy, python-format, …): part of a sign-off
    plurals: tuple[str, ...] = ()  # msgstr[0], msgstr[1]… of a plural entry (msgstr is then msgstr[0])


@dataclass(frozen=True, slots=True)
class Catalog:
    """One language's messages keyed by (msgctxt, msgid); empty for the source language."""

    lang: str
    path: Path | None
    messages: dict[tuple[str | None, str], Message]
    header: tuple[tuple[str, str, int], ...] = ()  # (field name in lower case, value, line): the gate reads it
    header_line: int = 0  # the header entry's line (0: the catalog has none)

    def lookup(self, context: str | None, msgid: str) -> Message | None:
        return self.messages.get((context, msgid))

    def gettext(self, msgid: str) -> str:
        """The translation of a template string; its msgid when it has none (missing, fuzzy, or only
        whitespace: untranslated, as the article's entries, the status and the sign-off count it)."""
        m = self.messages.get((None, msgid))
        return m.msgstr if m and m.msgstr.strip() and not m.fuzzy else msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` of a template's plural string (``{% pluralize %}``: one entry, msgid and
        msgid_plural), chosen by the language's Plural-Forms; the source's form when it has none."""
        source = singular if n == 1 else plural
        m = self.messages.get((None, singular))
        if m is None or m.fuzzy:
            return source
        forms = m.plurals or (m.msgstr,)
        try:
            index = plural_index(self.lang, int(n)) if len(forms) > 1 else 0
        except (TypeError, ValueError, OverflowError):  # a count that is no whole number (a template's text)
            index = 0
        text = forms[index] if 0 <= index < len(forms) else ""
        return text if text.strip() else source


def plural_index(lang: str, n: int) -> int:
    """Which msgstr[k] of ``lang`` holds the form for ``n`` (gettext's Plural-Forms rule).

    >>> plural_index("th", 5), plural_index("ru", 1), plural_index("ru", 3), plural_index("ru", 5)
    (0, 0, 1, 2)
    """
    rule = _plural_rule(lang)
    return (0 if n == 1 else 1) if rule is None else int(rule(n))


@functools.cache
def _plural_rule(lang: str) -> Callable[[int], int] | None:
    """``lang``'s Plural-Forms expression as a function (compiled once: gettext compiles it each time)."""
    import gettext

    rule = languages.plural_forms(lang)
    if rule is None:
        return None
    fn: Callable[[int], int] = gettext.c2py(rule[1].split("plural=", 1)[1].strip().rstrip(";"))
    return fn


def catalog_path(locales: Path, lang: str) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def shown(path: Path) -> str:
    """A catalog's (or template's) path as the user should see it: relative to the current folder
    when inside it, else to its workspace (``locales/th/LC_MESSAGES/handouts.po``, as a clinic
    file is named from any folder), else as given.

    >>> import os, tempfile
    >>> ws = Path(tempfile.mkdtemp()); (ws / "locales" / "th").mkdir(parents=True); (ws / "articles").mkdir()
    >>> here = os.getcwd(); os.chdir(ws / "articles")
    >>> shown(ws / "locales" / "th" / "x.po"), shown(ws / "articles" / "a.md")
    ('locales/th/x.po', 'a.md')
    >>> os.chdir(here)
    """
    try:
        resolved = path.resolve()
    except OSError:
        return str(path)
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        pass
    return shown_from(path, workspace_of(resolved))


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
        stamp = content_stamp(path)  # (by its bytes: an edit that keeps the size and time is read again)
    except OSError:  # a dangling link, a FIFO, a folder: read_text names what is wrong
        read_text(path, CatalogError, "catalog")
        raise
    return _read_po(path, stamp, lang)


@functools.lru_cache(maxsize=32)
def _read_po(path: Path, _stamp: object, lang: str) -> Catalog:
    """Read a catalog strictly (:func:`handouts.i18n.po.scan_po`): a broken catalog is an error, never
    a silently empty translation."""
    from handouts.i18n.po import (
        duplicates,
        form_count_problem,
        header_fields,
        not_utf8,
        scan_po,
        utf16_without_bom,
    )

    raw = read_bytes(path, CatalogError, "catalog")
    try:
        if utf16_without_bom(raw):  # (valid UTF-8 too, as NULs)
            raise UnicodeDecodeError("utf-8", raw, 0, 1, "UTF-16 without a BOM")
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as e:  # as 'i18n check' says it (po.encoding): the charset it is in, and iconv
        raise CatalogError(not_utf8(raw, shown(path)), path=path, line=raw[: e.start].count(b"\n") + 1) from None
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
    plurals = languages.plural_forms(lang)
    for ent in scan.entries:  # as 'i18n check' (po.plural-forms) and Babel refuse it
        if not ent.obsolete and plurals and (wrong := form_count_problem(ent, plurals[0])) is not None:
            raise CatalogError(wrong[0], path=path, line=ent.msgstr_line, hint=wrong[1])
    messages: dict[tuple[str | None, str], Message] = {}
    for ent in scan.entries:
        if ent.obsolete or not ent.msgid:
            continue
        messages[(ent.context, ent.msgid)] = Message(ent.msgstr, ent.fuzzy, ent.msgstr_line, ent.flags,
                                                     ent.plural_strings if ent.plural is not None else ())
    header = scan.header
    fields = tuple((k, v, n) for k, (v, n) in header_fields(text, header).items())
    return Catalog(lang, path, messages, fields, header.msgid_line if header is not None else 0)


def format_date(d: dt.date, lang: str, thai_digits: bool = False, *, era: Era | None = None,
                digits: bool = False) -> str:  # fmt: skip
    """A long date in ``lang`` (:func:`handouts.i18n.languages.format_date`); ``thai_digits``, the old
    switch, prints a Thai date in Thai digits.

    >>> format_date(dt.date(2026, 11, 25), "th", True), format_date(dt.date(2026, 11, 25), "my", digits=True)
    ('๒๕ พฤศจิกายน ๒๕๖๙', '၂၀၂၆ နိုဝင်ဘာ ၂၅')
    """
    native = digits or (thai_digits and languages.base(lang) == "th")
    return languages.format_date(d, lang, era=era, digits=native)


def untranslated_summary(lang: str) -> str:
    """The one line for many ``i18n.untranslated`` warnings of ``lang`` (``{n}``: how many; see
    :func:`handouts.diagnostics.summarize`): the article's and the frame's entries are one cause."""
    return (f"{{n}} texts have no {named(lang)} translation and print in the source language (translate them in "
            f"locales/{lang}/LC_MESSAGES/{DOMAIN}.po; each one: -v; per article: handouts i18n status {lang})")


def missing_summary(lang: str) -> str:
    """The one line for many ``i18n.untranslated`` warnings of texts that are not in the ``lang``
    catalog at all (new or changed since the last ``i18n update``): updating is the first step."""
    return (f"{{n}} texts are not in the {lang} catalog yet and print in the source language (run 'handouts "
            f"i18n update {lang}', then translate them; each one: -v)")


def to_arabic_digits(text: str) -> str:
    """Native digits of Thai, Burmese, Khmer and Lao → ASCII (``๒๕`` → ``25``)."""
    return to_ascii_digits(text)
