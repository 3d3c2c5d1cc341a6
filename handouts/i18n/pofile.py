"""Catalog files ↔ Babel catalogs, strictly: paths, languages, strict loading (file:line findings), PO bytes.

Babel's own reader is lax (an unterminated ``msgstr "…`` silently becomes an empty translation,
``\\q`` is kept as two characters, a duplicate entry is dropped), so every catalog goes through the
strict line scanner first (:func:`handouts.i18n.po.scan_po`) and is only handed to Babel when it
is clean. :func:`po_bytes` writes a catalog back without wrapping and with the ``#|`` previous
msgids of fuzzy entries.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.errors import CatalogError, Finding, close_matches
from handouts.i18n.languages import named, plural_forms
from handouts.i18n.po import (
    HEADER_FIELD_OF,
    PoScan,
    _parse_string,
    form_count_problem,
    header_fields,
    header_problems,
    not_utf8,
    scan_po,
    utf16_without_bom,
)
from handouts.i18n.runtime import DOMAIN, catalog_path, shown
from handouts.textfile import read_bytes
from handouts.typesetting.coverage import unsupported

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

POT_NAME = f"{DOMAIN}.pot"
LANG_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2}|_[A-Z][a-z]{3})?$")  # a catalog folder's name (gettext's ll, ll_CC, ll_Ssss)


def pot_path(workspace: Path) -> Path:
    return workspace / "locales" / POT_NAME


def catalog_languages(workspace: Path) -> list[str]:
    """Every language with a ``locales/LANG/LC_MESSAGES/handouts.po``, sorted."""
    locales = workspace / "locales"
    if not locales.is_dir():
        return []
    return sorted(p.name for p in locales.iterdir() if os.path.lexists(catalog_path(locales, p.name)))


def _languages(workspace: Path, langs: Iterable[str] | None) -> list[str]:
    known = catalog_languages(workspace)
    if not langs:
        return known
    out = []
    for lang in langs:
        if lang not in known:
            source = lang == "en"  # (the articles' and the templates' own language: it has no catalog)
            close = close_matches(lang, known) or close_matches(lang.lower(), known)
            if source:
                hint = "English is the language the articles and templates are written in: it needs no catalog"
            elif not LANG_CODE.match(lang):  # (TH, thai: what 'i18n init' refuses is never suggested)
                hint = f"did you mean {close[0]}?" if close else "a language is its ISO 639 code, such as th, lo or my"
            elif (cannot := unsupported(lang)) is not None:  # (ka: nor a language no shipped font can typeset)
                hint = f"{cannot.message(named(lang))}, so no catalog can be started for it"
            else:
                start = f"start it with 'handouts i18n init {lang}'"
                hint = f"did you mean {close[0]}? or {start}" if close else start
            hint += f"{' ' if hint.endswith('?') else '; '}catalogs: {', '.join(known)}" if known else ""
            raise CatalogError(f"no catalog for language {lang!r}", path=catalog_path(workspace / "locales", lang),
                               hint=hint)  # fmt: skip
        out.append(lang)
    return out


def _now() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) or now, in UTC (a malformed one: exit 2)."""
    from handouts.clock import now_from_env

    return now_from_env()


@dataclass(slots=True)
class LoadedPo:
    """A parsed catalog: Babel's object and the scan (for lines), or the problems that stop it."""

    path: Path
    text: str
    scan: PoScan
    catalog: Catalog | None
    problems: list[Finding]


def load_po(path: Path, lang: str | None = None) -> LoadedPo:
    """Read a catalog strictly; ``problems`` holds every syntax error (``catalog`` is None then)."""
    from babel.messages.pofile import PoFileError, read_po

    where = shown(path)
    raw = read_bytes(path, CatalogError, "catalog")
    if raw.startswith(codecs.BOM_UTF8):  # a BOM is not an error: every verb reads such a catalog
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        if utf16_without_bom(raw):  # valid UTF-8 too, as NULs: hundreds of "unexpected text" lines
            raise UnicodeDecodeError("utf-8", raw, 0, 1, "UTF-16 without a BOM")
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return LoadedPo(path, "", PoScan(), None,
                        [Finding(where, line, "error", "po.encoding", not_utf8(raw, where))])  # fmt: skip
    scan = scan_po(text.replace("\r\n", "\n"))
    problems = [Finding(where, line, "error", "po.syntax", msg) for line, msg in scan.errors]
    seen: dict[tuple[str | None, str], int] = {}
    for ent in scan.entries:
        if ent.obsolete:
            continue
        if ent.key in seen:
            what = "header" if ent.msgid == "" else f"msgid {_short(ent.msgid)!r}" + (
                f" (msgctxt {ent.context!r})" if ent.context else "")  # fmt: skip
            problems.append(Finding(where, ent.msgid_line, "error", "po.duplicate",
                                    f"duplicate entry for {what}; first on line {seen[ent.key]}", ent.context, ent.msgid))  # fmt: skip
        else:
            seen[ent.key] = ent.msgid_line
    header = scan.header
    fields = header_fields(text.replace("\r\n", "\n"), header)
    lang = lang or fields.get("language", ("", 0))[0] or None
    if header is not None and path.suffix == ".po":
        plurals = plural_forms(lang) if lang else None
        for code, problem in header_problems({k: v for k, (v, _) in fields.items()}, plurals, lang):
            line = fields.get(HEADER_FIELD_OF[code], ("", header.msgid_line))[1]
            problems.append(Finding(where, line, "error", code, problem))
        # more forms than the language has: Babel refuses them, and said so in its own words and line
        # ("msg has more translations than num_plurals of catalog"); the render's words here
        nplurals = plurals[0] if plurals is not None and not problems else 0
        for ent in scan.entries if nplurals else ():
            wrong = form_count_problem(ent, nplurals) if len(ent.plural_strings) > nplurals else None
            if wrong is not None and not ent.obsolete:
                problems.append(Finding(where, ent.msgstr_line, "error", "po.syntax", f"{wrong[0]} ({wrong[1]})"))
    if problems:
        return LoadedPo(path, text, scan, None, problems)
    try:
        cat = read_po(io.BytesIO(raw), locale=None, abort_invalid=True)
    except PoFileError as e:
        at: int | None = getattr(e, "lineno", None)
        return LoadedPo(path, text, scan, None, [Finding(where, at, "error", "po.syntax", f"{e}")])
    except (ValueError, TypeError) as e:
        at = fields.get("plural-forms", ("", 1))[1]
        return LoadedPo(path, text, scan, None, [Finding(where, at, "error", "po.header", f"bad header: {e}")])
    _read_previous(cat)
    return LoadedPo(path, text, scan, cat, [])


def _read_previous(cat: Catalog) -> None:
    """Babel reads ``#| msgid "…"`` as a user comment ``| msgid "…"``: make it ``previous_id`` again."""
    for m in list(cat) + list(cat.obsolete.values()):
        kept: list[str] = []
        blocks: list[list[str]] = []
        for c in m.user_comments:
            if not c.startswith("|"):
                kept.append(c)
                continue
            body = c[1:].strip()
            kw = re.match(r"^(msgctxt|msgid_plural|msgid)\s+(.*)$", body)
            if kw:
                blocks.append([kw.group(1), kw.group(2)])
            elif blocks and body.startswith('"') and blocks[-1][-1].endswith('"'):
                blocks[-1].append(body)
            elif blocks:
                blocks[-1][-1] += " " + body  # an old Babel wrapped the comment as prose
        if len(kept) == len(m.user_comments):
            continue
        m.user_comments = kept
        previous = []
        for kw_name, *pieces in blocks:
            if kw_name == "msgctxt":
                continue
            previous.append("".join(_parse_string(piece)[0] for piece in pieces))
        m.previous_id = previous


def read_catalog(path: Path, lang: str | None = None) -> LoadedPo:
    """:func:`load_po`, raising :class:`CatalogError` (file and line) on the first problem."""
    loaded = load_po(path, lang)
    if loaded.problems or loaded.catalog is None:
        first = loaded.problems[0]
        more = len(loaded.problems) - 1
        extra = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        raise CatalogError(f"cannot be parsed: {first.message}{extra}", path=first.path, line=first.line,
                           hint="fix it, or run 'handouts i18n check' to list every problem")  # fmt: skip
    return loaded


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _strip_format_flags(cat: Catalog) -> None:
    """Article prose is never a format string: Babel guesses ``python-format`` from "40% of"."""
    for m in list(cat) + list(cat.obsolete.values()):
        if m.context is not None:
            m.flags.discard("python-format")
            m.flags.discard("python-brace-format")


def po_bytes(cat: Catalog) -> bytes:
    """A catalog → PO bytes: no wrapping, ``#| msgid`` of fuzzy entries, no ``Generated-By`` churn."""
    from babel.messages.pofile import normalize, write_po

    _strip_format_flags(cat)
    buf = io.BytesIO()
    # Babel wraps '#|' comments as prose (and cannot read them back): they are written here instead
    write_po(buf, cat, width=0, include_previous=False, sort_output=False, sort_by_file=False)
    text = buf.getvalue().decode("utf-8")
    text = re.sub(r'^"Generated-By: [^"\n]*\\n"\n', "", text, flags=re.M)
    previous: dict[tuple[bool, str | None, str], list[str]] = {}
    for m in list(cat):
        if m.id and isinstance(m.id, str) and m.fuzzy and m.previous_id:
            previous[(False, m.context, m.id)] = list(m.previous_id)
    if previous:
        lines = text.split("\n")
        inserts: dict[int, list[str]] = {}
        for e in scan_po(text).entries:
            prev = previous.get((e.obsolete, e.context, e.msgid))
            if not prev:
                continue
            out: list[str] = []
            for kw, value in zip(("msgid", "msgid_plural"), prev, strict=False):
                parts = normalize(value, width=0).split("\n")
                out.append(f"#| {kw} {parts[0]}")
                out.extend(f"#| {p}" for p in parts[1:])
            inserts[e.keyword_line - 1] = out
        for index in sorted(inserts, reverse=True):
            lines[index:index] = inserts[index]
        text = "\n".join(lines)
    return text.rstrip("\n").encode("utf-8") + b"\n"


def _without_dates(data: bytes) -> bytes:
    return re.sub(rb'^"(?:POT-Creation-Date|PO-Revision-Date): [^"\n]*\\n"\n', b"", data, flags=re.M)
