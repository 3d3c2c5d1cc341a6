"""The entries a handout prints + the reviewer's record → its approval (final, or draft and why).

Document control for translations (HA Thailand, JCI): a reviewer signs off one article in one
language with ``handouts i18n signoff LANG [ARTICLE…] --reviewer NAME``. The record, kept in
``locales/LANG/signoff.toml`` (plain text, one line per entry, made for ``git diff``), holds the
reviewer, the date, the translator (the catalog's ``Last-Translator``) and a hash of *exactly*
the entries that handout prints: its article entries (``msgctxt`` = article id) and the frame
template's strings, each as its msgid, msgstr and flags; and of what else it prints in that
language that is not a catalog entry (:func:`printed_outside`): the credits of the front matter
(``author``, ``reviewer``, ``source``) as printed in it, and each picture's variant for it
(``images/x.th.png``). A record written before those were covered (no ``printed`` lines) no
longer makes a handout final: what it approved of them is not known, so it is signed off again.

A handout whose entries all match its record is **final**; any difference — an edited
msgstr, a new fuzzy or untranslated entry, a changed source (a new msgid), an edited credit or
language variant of a picture — makes it a
**draft**, with one reason per entry naming it and its catalog line. A sign-off can be revoked
(``handouts i18n signoff LANG ARTICLE --revoke --reviewer NAME --reason TEXT``): the article's
record is replaced in the same file by who revoked whose sign-off, when and why, and the handout
prints as a draft until it is signed off again. The source language's own review stays in the
article's front matter and is not handled here.

No terminal output here: :mod:`handouts.cli.translate` prints, :mod:`handouts.pipeline` turns
the reasons into warnings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from handouts.clock import today_from_env
from handouts.content.article import CREDITS, Article, find_article, list_articles, load_article
from handouts.content.figures import variant_of
from handouts.content.frame import frame_msgids
from handouts.content.markdown import figures
from handouts.diagnostics import Diagnostics
from handouts.errors import CatalogError, HandoutError
from handouts.i18n.languages import named
from handouts.i18n.runtime import Catalog, available_languages, catalog_path, load_catalog
from handouts.model import Approval
from handouts.textfile import file_kind, read_bytes, shown_characters, shown_from, toml_loads

FILE = "signoff.toml"
_HEADER = """\
# Translation sign-off ({lang}): who approved which entries of each handout, and when.
# Written by 'handouts i18n signoff {lang} ARTICLE --reviewer NAME'; commit it with the catalog.
# Each entry line is "key:digest" (hashes of msgctxt+msgid and of msgstr+flags) and the start
# of its msgid; each "printed" line is what the handout prints in {lang} outside the catalog (a
# credit of the front matter as printed, a picture's {lang} variant) with a hash of it, and the
# start of its value. A handout prints as final only while both still match these lines.
# A table with "revoked_by" is a revoked sign-off ('handouts i18n signoff {lang} ARTICLE --revoke'):
# that handout prints as a draft until it is signed off again.
"""
_PLACEHOLDERS = ("FULL NAME", "EMAIL@ADDRESS")


def _h(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Printed:
    """One catalog entry as a handout prints it, and its state in the catalog."""

    context: str | None
    msgid: str
    msgstr: str
    flags: tuple[str, ...]
    state: str  # translated | fuzzy | untranslated
    line: int  # the msgstr line in the catalog (0: not in the catalog)
    forms: tuple[str, ...] = ()  # a plural entry's msgstr[0], msgstr[1]… when there are two or more

    @property
    def key(self) -> str:
        return _h(self.context, self.msgid)

    @property
    def digest(self) -> str:
        """Of the translation as approved: every plural form of it (an edit to msgstr[1] after the
        sign-off makes the handout a draft, as one to msgstr[0] does), or its one msgstr as before."""
        if self.state == "untranslated":
            return _h(None, self.flags)
        return _h(self.forms, self.flags) if self.forms else _h(self.msgstr, self.flags)


@dataclass(frozen=True, slots=True)
class Outside:
    """What a handout prints in one language that is not a catalog entry: a credit of the front
    matter as printed in it, or a picture's variant for it (or that it has none)."""

    name: str  # "author" | "reviewer" | "source" | "picture images/x.svg" (the src as the article writes it)
    digest: str
    note: str  # the credit as printed; the variant's file, or "" (none): the file's comment and the messages
    line: int  # its line in the article


@dataclass(frozen=True, slots=True)
class Record:
    """One sign-off: article × language."""

    article: str
    reviewer: str
    date: dt.date
    translator: str
    hash: str
    entries: tuple[tuple[str, str], ...]  # (key, digest)
    printed: tuple[tuple[str, str], ...] | None = None  # (Outside.name, digest); None: recorded before they were


@dataclass(frozen=True, slots=True)
class Revocation:
    """A sign-off withdrawn: who withdrew it, when and why, and whose sign-off of which day it was."""

    article: str
    by: str
    date: dt.date
    reason: str
    reviewer: str  # the revoked sign-off's
    signed: dt.date

    def text(self, lang: str) -> str:
        return (f"{self.by} revoked the sign-off of the {named(lang)} translation of {self.article} by {self.reviewer} "
                f"(of {self.signed.isoformat()}) on {self.date.isoformat()}: {self.reason}")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Change:
    """An entry that differs from its sign-off: what happened, the msgid, its catalog line."""

    what: str  # "translation edited" | "now fuzzy" | "now untranslated" | "new entry…" | "no longer printed"
    #            | "author edited" … | "picture images/x.svg changed" … | NOT_COVERED
    msgid: str  # (a credit: its value; a picture: its variant's file)
    line: int
    count: int = 1  # entries this change stands for (signed entries no longer printed: one change)
    where: str = ""  # not a catalog entry: the article (``articles/x.md``), whose ``line`` it is
    name: str = ""  # not a catalog entry: its Outside.name

    def text(self) -> str:
        if self.what == "no longer printed":
            n = self.count
            return f"{n} signed entr{'y is' if n == 1 else 'ies are'} no longer printed (source changed or removed)"
        if self.what == NOT_COVERED:
            return ("the sign-off does not cover the credits and pictures it prints in this language (it was "
                    "recorded before sign-offs covered them)")  # fmt: skip
        return f"{self.what}: {_short(self.msgid)!r}" if self.msgid else self.what

    def describe(self, po: str) -> str:
        return self.text() + (f" ({self.where or po}:{self.line})" if self.line else "")


NOT_COVERED = "not covered"  # a record without "printed" lines (written before they were signed off)


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def printed_entries(article: Article, catalog: Catalog, template_msgids: Sequence[str]) -> tuple[Printed, ...]:
    """The catalog entries of one handout: its article entries, then the frame's strings."""
    keys = dict.fromkeys([(article.id, e.text) for e in article.entries] + [(None, m) for m in template_msgids])
    out = []
    for context, msgid in keys:
        msg = catalog.lookup(context, msgid)
        if msg is None:
            out.append(Printed(context, msgid, "", (), "untranslated", 0))
            continue
        state = "fuzzy" if msg.fuzzy else ("translated" if msg.msgstr.strip() else "untranslated")
        forms = msg.plurals if len(msg.plurals) > 1 else ()
        out.append(Printed(context, msgid, msg.msgstr, tuple(sorted(msg.flags)), state, msg.line, forms))
    return tuple(out)


def printed_outside(article: Article, lang: str, roots: tuple[Path, ...]) -> tuple[Outside, ...]:
    """What the ``lang`` handout of ``article`` prints that is not a catalog entry, and so is not in
    :func:`printed_entries`: the front matter's credits as printed in ``lang`` (its own value, or
    the one it falls back to), then each picture's ``lang`` variant (or that there is none), as
    :func:`handouts.content.figures.resolve_image` picks it. ``roots``: the render's (the workspace,
    the article's folder). The other front-matter values (dates, version, codes) are the same in
    every language: the article's own review covers them."""
    out = []
    for key in CREDITS:
        value = article.credit(key, lang)[0]
        out.append(Outside(key, _h("credit", value), value, article.line_of(key)))
    seen: set[str] = set()
    for fig in figures(article.nodes):
        if fig.src in seen:
            continue
        seen.add(fig.src)
        try:
            variant = variant_of((article.path.parent / fig.src).resolve(), lang, roots)
            data = hashlib.sha256(variant.read_bytes()).hexdigest() if variant is not None else None
        except (OSError, ValueError):  # (an unreadable file: the render names it)
            variant, data = None, "unreadable"
        note = shown_from(variant, roots[0]) if variant is not None else ""
        out.append(Outside(f"picture {fig.src}", _h("picture", data), note, fig.line))
    return tuple(out)


def entries_hash(pairs: Iterable[tuple[str, str]]) -> str:
    return hashlib.sha256("".join(f"{k}:{d}\n" for k, d in sorted(pairs)).encode()).hexdigest()[:16]


def record_hash(entries: Iterable[tuple[str, str]], printed: Iterable[tuple[str, str]] | None) -> str:
    """The ``hash`` of a record: of its entry lines and its printed lines (a record without printed
    lines, written before they were covered, keeps the hash of its entries)."""
    return entries_hash([*entries, *((f"printed {name}", d) for name, d in printed or ())])


def _what(name: str, lang: str) -> str:
    return f"{name} ({named(lang)} variant)" if name.startswith("picture ") else name


def changes(record: Record, entries: Sequence[Printed], outside: Sequence[Outside] = (), where: str = "",
            lang: str = "") -> list[Change]:  # fmt: skip
    """What differs between the signed entries and the entries printed now (in print order), then
    between the signed credits and pictures and ``outside`` (:func:`printed_outside`; ``where``:
    the article file, their lines' file). A record without printed lines: one :data:`NOT_COVERED`."""
    signed = dict(record.entries)
    out: list[Change] = []
    for e in entries:
        if e.key not in signed:
            out.append(Change("new entry" if e.state == "translated" else f"new entry, {e.state}", e.msgid, e.line))
        elif signed[e.key] != e.digest:
            what = {"fuzzy": "now fuzzy", "untranslated": "now untranslated"}.get(e.state, "translation edited")
            out.append(Change(what, e.msgid, e.line))
    now = {e.key for e in entries}
    gone = sum(1 for k in signed if k not in now)
    if record.printed is None:
        out.append(Change(NOT_COVERED, "", 0))
    else:
        approved = dict(record.printed)
        for o in outside:
            if o.name not in approved:
                out.append(Change(f"new: {_what(o.name, lang)}", o.note, o.line, where=where, name=o.name))
            elif approved[o.name] != o.digest:
                what = f"{_what(o.name, lang)} {'edited' if o.name in CREDITS else 'changed'}"
                out.append(Change(what, o.note, o.line, where=where, name=o.name))
        gone += sum(1 for k in approved if k not in {o.name for o in outside})
    if gone:
        out.append(Change("no longer printed", "", 0, gone))
    return out


def approval(record: Record | None, entries: Sequence[Printed], po: str, lang: str,
             revoked: Revocation | None = None, outside: Sequence[Outside] = (),
             where: str = "") -> tuple[Approval, list[Change]]:  # fmt: skip
    """Final when every printed entry, credit and picture variant matches the sign-off; otherwise
    a draft and the reasons."""
    if record is None:
        reason = revoked.text(lang) if revoked else f"the {named(lang)} translation has never been signed off"
        return Approval("draft", (reason,)), []
    found = changes(record, entries, outside, where, lang)
    if not found:
        return Approval("final", (), record.reviewer, record.date, record.translator), []
    since = f"since {record.reviewer} signed it off on {record.date.isoformat()}"
    reasons = tuple(f"{c.describe(po)} {since}" if c.what != NOT_COVERED else
                    f"{c.text()}: {record.reviewer} signed it off on {record.date.isoformat()}; sign it off again"
                    for c in found)  # fmt: skip
    return Approval("draft", reasons, record.reviewer, record.date, record.translator), found


NAMED = 5  # up to this many changed entries are warned one by one; more read as one line with the count


def review(article: Article, catalog: Catalog, templates: Path | None, locales: Path,
           diagnostics: Diagnostics, frame: tuple[str, ...] | None = None) -> Approval:  # fmt: skip
    """The approval of ``article`` printed from ``catalog`` (its frame too when ``templates``),
    warning about a missing sign-off or each entry changed since it (``--strict`` refuses).
    ``frame``: the templates' msgids when the caller has them (else read from ``templates``)."""
    lang = catalog.lang
    if catalog.path is None:  # the source language: reviewed in the article's front matter
        return Approval()
    po_path = catalog.path
    po = shown_from(po_path, locales.parent)
    if frame is None:
        frame = frame_msgids(templates) if templates is not None else ()
    entries = printed_entries(article, catalog, frame)
    outside = printed_outside(article, lang, (locales.parent, article.path.parent))
    record = load_records(locales, lang, article=article.id).get(article.id)
    revoked = load_revocations(locales, lang).get(article.id) if record is None else None
    result, found = approval(record, entries, po, lang, revoked, outside, article.rel_path)
    if revoked is not None:
        diagnostics.warn("i18n.revoked", f"{revoked.text(lang)}; it prints as a draft until it is signed off again "
                         f'(handouts i18n signoff {lang} {article.id} --reviewer "NAME")', shown_from(
                             signoff_path(locales, lang), locales.parent))  # fmt: skip
        return result
    if record is None:
        diagnostics.warn("i18n.unsigned", f"the {named(lang)} translation of {article.id} has never been signed off, so it "
                         f"prints as a draft (once reviewed: handouts i18n signoff {lang} {article.id} --reviewer "
                         '"NAME")', po)  # fmt: skip
        return result
    since = f"since {record.reviewer} signed off the {named(lang)} translation of {article.id} on {record.date.isoformat()}"
    # one cause: many changes read as one line (diagnostics.summarize), each one with -v; a few are named
    summary = f"{{n}} entries changed {since}; it prints as a draft until it is signed off again (each one: -v)" \
        if len(found) > NAMED else ""  # fmt: skip
    for c in found:
        if c.what == NOT_COVERED:  # (the record's own fault, not an entry's: named at the record)
            diagnostics.warn("i18n.signoff", f"the sign-off of the {named(lang)} translation of {article.id} by "
                             f"{record.reviewer} on {record.date.isoformat()} was recorded before sign-offs covered the "
                             "credits and pictures a handout prints in its language, so it prints as a draft until it "
                             f'is signed off again (handouts i18n signoff {lang} {article.id} --reviewer "NAME")',
                             shown_from(signoff_path(locales, lang), locales.parent))  # fmt: skip
            continue
        diagnostics.warn("i18n.signoff", f"{c.text()} {since}; it prints as a draft until it is signed off again",
                         c.where or po, c.line or None, summary)  # fmt: skip
    return result


# --- the file ------------------------------------------------------------------------------------


def signoff_path(locales: Path, lang: str) -> Path:
    return locales / lang / FILE


def load_records(locales: Path, lang: str, *, intact: bool = True, article: str | None = None) -> dict[str, Record]:
    """The sign-offs of one language (none when the file does not exist). With ``intact``, a record
    whose entry lines do not add up to its hash (edited by hand, or mixed by a merge: signed by no
    one) is an error: ``article``'s, or any; the sign-off itself reads them all, to replace them."""
    records, broken, _ = _file(locales, lang)
    found = [broken[article]] if article in broken else [] if article else list(broken.values())
    if intact and found:
        raise found[0]
    return records


def broken_records(locales: Path, lang: str) -> dict[str, CatalogError]:
    """The records of one language that cannot be used (their lines do not add up to their hash, or
    a name in them cannot be printed), by article, each with its error."""
    return dict(_file(locales, lang)[1])


def load_revocations(locales: Path, lang: str) -> dict[str, Revocation]:
    """The revoked sign-offs of one language, by article (none when the file does not exist)."""
    return _file(locales, lang)[2]


def _file(locales: Path, lang: str) -> _Loaded:
    """The sign-off file of one language as :func:`_load` reads it (all empty when there is none)."""
    path = signoff_path(locales, lang)
    st = _stat(path)
    return ({}, {}, {}) if st is None else _load(path, st.st_mtime_ns, st.st_size)


def _stat(path: Path) -> os.stat_result | None:
    """The sign-off file's stat, or None when there is none. Anything else there — a folder, a named
    pipe, a link to nothing, a file that cannot be read — is a CatalogError naming it and the fix:
    it is never read as "no sign-off" (which printed every handout of the language as a draft)."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        if not os.path.lexists(path):
            return None
        raise CatalogError("the sign-off file is a link to nothing; not read", path=path,
                           hint="restore it (git checkout) or remove the link") from None  # fmt: skip
    except OSError as e:
        raise CatalogError(f"cannot read the sign-off file: {e.strerror}", path=path,
                           hint="check its permissions") from None  # fmt: skip
    kind = file_kind(st.st_mode)
    if kind is not None:
        raise CatalogError(f"the sign-off file is {kind}, not a regular file; not read", path=path,
                           hint="move it away, then restore the file with git checkout or sign off again")  # fmt: skip
    return st


def deciding(locales: Path, lang: str, article: str) -> str | None:
    """A digest of what in ``locales/LANG/signoff.toml`` decides ``article``'s approval in ``lang``:
    its record (or that it is broken) or its revocation; None when the file has neither (or there
    is no file). Another article's sign-off does not change it. A file that cannot be read as
    sign-offs (the render refuses every handout of the language): the digest of its bytes."""
    path = signoff_path(locales, lang)
    try:
        st = _stat(path)
        if st is None:
            return None
        records, broken, revoked = _load(path, st.st_mtime_ns, st.st_size)
    except CatalogError as e:
        try:  # (a regular file only: a named pipe is never opened)
            return "file " + hashlib.sha256(read_bytes(path, CatalogError, "sign-off file")).hexdigest()
        except CatalogError:
            return "unreadable " + hashlib.sha256(str(e).encode()).hexdigest()
    found = (records.get(article), str(broken.get(article, "")), revoked.get(article))
    return None if found == (None, "", None) else hashlib.sha256(repr(found).encode()).hexdigest()


_Loaded = tuple[dict[str, Record], dict[str, CatalogError], dict[str, Revocation]]
_LOADED: dict[tuple[Path, int, int], _Loaded] = {}


def _date(value: object, key: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"{key} is not YYYY-MM-DD")
    return value


def _load(path: Path, mtime: int, size: int) -> _Loaded:
    hit = _LOADED.get((path, mtime, size))
    if hit is not None:
        return hit
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")  # (a BOM, as an editor on Windows saves it: allowed, as in every input)
        data = toml_loads(text)
    except OSError as e:
        raise CatalogError(f"cannot read the sign-off file: {e}", path=path) from e
    except UnicodeDecodeError as e:
        raise CatalogError(f"sign-off file is not valid UTF-8 (byte {e.start})", path=path,
                           line=raw[: e.start].count(b"\n") + 1, hint="save the file as UTF-8") from None  # fmt: skip
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise CatalogError(f"sign-off file: {e}", path=path, line=int(m.group(1)) if m else None,
                           hint="fix the TOML (git diff shows what changed), or move the file away and sign "
                                "every article off again") from e  # fmt: skip
    out: dict[str, Record] = {}
    broken: dict[str, CatalogError] = {}
    revoked: dict[str, Revocation] = {}
    for article, table in data.items():
        if not isinstance(table, dict):
            raise CatalogError(f"[{article}] is not a table", path=path, hint="sign off again")
        if "revoked_by" in table:
            try:
                revoked[article] = Revocation(article, str(table["revoked_by"]), _date(table["revoked"], "revoked"),
                                              str(table["reason"]), str(table["reviewer"]),
                                              _date(table["date"], "date"))  # fmt: skip
            except (KeyError, TypeError) as e:
                raise CatalogError(f"revocation of {article!r} is incomplete ({e})", path=path,
                                   line=_table_line(text, article), key=f"{article}.revoked_by",
                                   hint="revoke it again with 'handouts i18n signoff --revoke', or sign it off "
                                   "again") from e  # fmt: skip
            continue
        try:
            pairs = tuple(tuple(str(x).split(":", 1)) for x in table["entries"])
            date = table["date"]
            if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
                raise TypeError("date is not YYYY-MM-DD")
            printed = table.get("printed")
            if printed is not None and not isinstance(printed, list):
                raise TypeError("printed is not a list")
            shown_lines = None if printed is None else tuple(tuple(str(x).rsplit(":", 1)) for x in printed)
            rec = Record(article, str(table["reviewer"]), date, str(table.get("translator", "")), str(table["hash"]),
                         tuple((p[0], p[1]) for p in pairs if len(p) == 2),
                         None if shown_lines is None else tuple((p[0], p[1]) for p in shown_lines if len(p) == 2))  # fmt: skip
        except (KeyError, TypeError) as e:
            raise CatalogError(f"sign-off of {article!r} is incomplete ({e})", path=path,
                               hint="sign it off again with 'handouts i18n signoff'") from e  # fmt: skip
        unprintable = [(what, name, problem) for what, name in (("reviewer", rec.reviewer), ("translator", rec.translator))
                       if (problem := name_problem(name))]  # fmt: skip
        if not rec.reviewer.strip():  # (printed as final, "reviewed by  on …": nobody's sign-off)
            unprintable.insert(0, ("reviewer", rec.reviewer, "it is empty (who reviewed the translation?)"))
        if unprintable:  # (a hand-edited file: the name is printed on every page of the handout); broken, as
            # below: the handout refuses it, and signing it off again replaces it (it was a dead end: the
            # sign-off read the whole file and stopped at this record, whose error said to sign it off again)
            what, name, problem = unprintable[0]
            broken[article] = CatalogError(
                f"[{article}] {what} {name[:MAX_NAME]!r} cannot be printed: {problem}", path=path,
                line=_key_line(text, article, what), key=f"{article}.{what}",
                hint=f'sign it off again: handouts i18n signoff {path.parent.name} {article} --reviewer "NAME"')
        elif record_hash(rec.entries, rec.printed) != rec.hash:
            broken[article] = CatalogError(
                f"[{article}]: its entries do not match its hash (edited by hand, or mixed by a merge: no reviewer "
                "signed these lines)", path=path, line=_table_line(text, article),
                hint=f'sign it off again: handouts i18n signoff {path.parent.name} {article} --reviewer "NAME"')
        out[article] = rec
    _LOADED[(path, mtime, size)] = out, broken, revoked
    return out, broken, revoked


def _key_line(text: str, article: str, key: str) -> int | None:
    """The line of ``key = …`` in the table of ``article`` (else the table's line)."""
    start = _table_line(text, article)
    if start is None:
        return None
    for number, raw in enumerate(text.splitlines()[start:], start=start + 1):
        if raw.startswith("["):
            break
        if re.match(rf"\s*{re.escape(key)}\s*=", raw):
            return number
    return start


def _table_line(text: str, article: str) -> int | None:
    """The line of ``[article]`` (quoted or not) in the sign-off file."""
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip() in (f"[{article}]", f"[{_q(article)}]"):
            return number
    return None


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


_COMMENTED = re.compile(r'^\s*("(?:[^"\\]|\\.)*"),\s*#\s?(.*)$')


_TABLE = re.compile(r'^\[("(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+)\]\s*$')


def printed_note(article: str, name: str) -> str:
    """The key of a printed line's comment in :func:`kept_comments` (a credit's value is the
    article's own; an entry's msgid is the same in every article)."""
    return f"{article}\0{name}"


def kept_comments(path: Path) -> dict[str, str]:
    """The comments of a sign-off file's lines: an entry line's msgid by entry key, a printed line's
    value by :func:`printed_note` (what :func:`dump_records` wrote after each ``"key:digest",``);
    empty when there is no such file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, str] = {}
    table, printed = "", False
    for line in text.splitlines():
        t = _TABLE.match(line)
        if t:
            try:
                table = json.loads(t.group(1)) if t.group(1).startswith('"') else t.group(1)
            except ValueError:
                table = ""
            continue
        if re.match(r"^\s*(entries|printed)\s*=", line):
            printed = line.split("=")[0].strip() == "printed"
            continue
        m = _COMMENTED.match(line)
        if m:
            try:
                value = json.loads(m.group(1))
            except ValueError:
                continue
            if isinstance(value, str) and ":" in value:
                if printed:
                    out[printed_note(str(table), value.rsplit(":", 1)[0])] = m.group(2)
                else:
                    out[value.split(":", 1)[0]] = m.group(2)
    return out


def dump_records(lang: str, records: dict[str, Record], msgids: dict[str, str],
                 revoked: dict[str, Revocation] | None = None) -> str:  # fmt: skip
    """The file text: articles sorted, one entry per line with its msgid as a comment; a revoked
    sign-off as who revoked it, when, why, and whose sign-off of which day it was."""
    out = [_HEADER.format(lang=lang)]
    revoked = {a: v for a, v in (revoked or {}).items() if a not in records}
    for article in sorted([*records, *revoked]):
        if article in revoked:
            v = revoked[article]
            out.append(f"\n[{_q(article)}]\nrevoked_by = {_q(v.by)}\nrevoked = {v.date.isoformat()}\n"
                       f"reason = {_q(v.reason)}\nreviewer = {_q(v.reviewer)}\ndate = {v.signed.isoformat()}\n")  # fmt: skip
            continue
        r = records[article]
        out.append(f"\n[{_q(article)}]\nreviewer = {_q(r.reviewer)}\ndate = {r.date.isoformat()}\n"
                   f"translator = {_q(r.translator)}\nhash = {_q(r.hash)}\nentries = [\n")  # fmt: skip
        for key, digest in r.entries:
            note = msgids.get(key, "").replace("\n", " ")
            out.append(f"    {_q(key + ':' + digest)},{'  # ' + _short(note, 60) if note else ''}\n")
        out.append("]\n")
        if r.printed is not None:  # (a record written before they were covered has none: kept as it is)
            out.append("printed = [\n")
            for name, digest in r.printed:
                note = msgids.get(printed_note(article, name), "").replace("\n", " ")
                out.append(f"    {_q(name + ':' + digest)},{'  # ' + _short(note, 60) if note else ''}\n")
            out.append("]\n")
    return "".join(out)


# --- signing -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signed:
    """An article signed off: how many entries, and the sign-off it replaces."""
    article: str
    entries: int
    previous: Record | None  # the sign-off this one replaces


@dataclass(frozen=True, slots=True)
class Skipped:
    """An article not signed off, and why; ``current``: its sign-off still holds (nothing changed)."""
    article: str
    reason: str
    current: bool = False


MAX_NAME = 80


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be printed as a translator's or reviewer's name on every page (None
    when it can): a name is one line of letters and punctuation, with no digits (a phone number),
    no markup or template syntax, at most :data:`MAX_NAME` characters.

    >>> name_problem("Dr. Somchai Jaidee"), name_problem("พญ. สมศรี ใจดี")
    (None, None)
    >>> name_problem("Dr. A Call 1669")
    'it has digits (a name has none: a number printed on every page must come from the clinic)'
    """
    import unicodedata

    if len(name) > MAX_NAME:
        return f"it is {len(name)} characters long (at most {MAX_NAME})"
    if any(unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp") for c in name):
        return "it has a control character or a line break (a name is one line)"
    if any(unicodedata.category(c) == "Nd" for c in name):
        return "it has digits (a name has none: a number printed on every page must come from the clinic)"
    bad = sorted({c for c in name if c in "*_`[]{}<>#|\\~^%$"})
    if bad:
        return f"it has {' '.join(bad)} (markup or template syntax; a name is printed as it is written)"
    from handouts.i18n import zawgyi

    if zawgyi.is_zawgyi(name):  # (no Myanmar letter: nothing loaded)
        return "it is Burmese typed in the Zawgyi encoding, which prints as garbage (type it in Unicode Burmese)"
    from handouts.typesetting.coverage import undrawable  # (the shipped table of what the fonts draw: no font loaded)

    missing = undrawable(name)
    if missing:  # an emoji: the typesetter refused it naming no file
        return f"no shipped font draws {shown_characters(missing)} (write it in Latin, Thai, Lao, Khmer or Burmese letters)"
    return None


def translator_of(po_text: str) -> str:
    """The name in the catalog's ``Last-Translator`` header (without the e-mail; '' when unset)."""
    m = re.search(r'^"Last-Translator:\s*([^"<\\]*)', po_text, re.M)
    name = m.group(1).strip() if m else ""
    return "" if not name or name in _PLACEHOLDERS else name


def _blockers(entries: Sequence[Printed], lang: str, po: str) -> str:
    """Why this handout cannot be signed off ('' when it can): unfinished entries or check errors."""
    from handouts.i18n.rules import check_pair

    todo = [e for e in entries if e.state != "translated"]
    if todo:
        first = todo[0]
        n = f"{len(todo)} entr{'y is' if len(todo) == 1 else 'ies are'} not translated yet"
        if not first.line:  # not in the catalog at all: its source changed or is new since the last update
            return (f"{n} (first: {_short(first.msgid)!r} is not in the catalog: run 'handouts i18n update {lang}', "
                    f"then translate it in {po})")  # fmt: skip
        return f"{n} (first: {first.state} {_short(first.msgid)!r}, {po}:{first.line})"
    for e in entries:
        for severity, code, message in check_pair(e.msgid, e.msgstr, lang, template=e.context is None):
            if severity == "error":
                return f"{po}:{e.line}: {message} [{code}] (fix it: 'handouts i18n check {lang}')"
    return ""


def _checked_name(name: str, key: str = "--reviewer") -> str:
    """A reviewer's name as it is printed (and recorded), or a CatalogError saying why it cannot be."""
    problem = name_problem(name.strip())
    name = " ".join(name.split())
    if not name:
        raise CatalogError("the reviewer's name is empty", key=key, hint=f'give it: {key} "Name"')
    if problem:
        raise CatalogError(f"the reviewer's name {name[:MAX_NAME]!r} cannot be printed: {problem}", key=key,
                           hint=f'give the name as it should be printed: {key} "Dr. Name Surname"')  # fmt: skip
    return name


def _not_ahead(date: dt.date) -> None:
    """A review (or its revocation) is not dated ahead: its date prints on every page."""
    today = today_from_env()
    if date > today:
        be = date.year - 543 in (today.year - 1, today.year)
        raise CatalogError(f"{date.isoformat()} is after today ({today.isoformat()})", key="--date",
                           hint=f"{date.year} is a Buddhist Era year: write {date.year - 543}" if be
                           else "give the day of the review, YYYY-MM-DD")  # fmt: skip


MAX_REASON = 200


def _backdated(date: dt.date, previous: Record | None, revoked: Revocation | None) -> str:
    """Why a sign-off dated ``date`` would rewrite the record's history (empty when it does not):
    it may not be dated before the sign-off it replaces, nor before the revocation it follows
    (document control: an approval is never dated before what it supersedes)."""
    if previous is not None and date < previous.date:
        return f"the sign-off it replaces ({previous.reviewer}, {previous.date.isoformat()})"
    if revoked is not None and date < revoked.date:
        return f"the revocation it follows ({revoked.by}, {revoked.date.isoformat()})"
    return ""


def sign(workspace: Path, lang: str, articles: Sequence[str], reviewer: str, date: dt.date,
         shown: str) -> tuple[Path, list[Signed], list[Skipped]]:  # fmt: skip
    """Record ``reviewer``'s sign-off of ``lang`` for ``articles`` (all when empty).

    A named article that cannot be signed (untranslated or fuzzy entries, check errors) is an
    error and nothing is written; without names, such articles are skipped and reported.
    """
    from handouts.outputs import write_atomic

    locales = workspace / "locales"
    reviewer = _checked_name(reviewer)
    _not_ahead(date)
    po_path = catalog_path(locales, lang)
    loaded: list[Article] = []
    skipped: list[Skipped] = []
    if articles:  # named: each must load
        loaded = [load_article(find_article(a, workspace)) for a in articles]
    for aid in [] if articles else list_articles(workspace):
        try:
            loaded.append(load_article(workspace / "articles" / f"{aid}.md"))
        except HandoutError as e:  # a broken article never stops the sign-off of the others
            skipped.append(Skipped(aid, str(e)))
    sources = {a.front["lang"] for a in loaded}
    if lang not in sources and not os.path.lexists(po_path):  # (TH, thai, vi): as check and status say it
        from handouts.i18n.pofile import _languages

        _languages(workspace, [lang])
    if lang in sources or not po_path.is_file():
        langs = [x for x in available_languages(locales, "en") if x not in sources]
        raise CatalogError(f"no translation to sign off for language {lang!r}", path=po_path,
                           hint=f"translated languages: {', '.join(langs) or 'none'}")  # fmt: skip
    catalog = load_catalog(locales, lang, "en")
    from handouts.i18n.rules import gate_header

    for f in gate_header(catalog):  # a header 'i18n check' refuses: nothing of this catalog is signed off
        raise CatalogError(f"cannot sign off {lang}: {f.message} [{f.code}]", path=po_path, line=f.line,
                           hint=f"fix it: 'handouts i18n check {lang}'")  # fmt: skip
    template = frame_msgids(workspace / "templates")
    records = dict(load_records(locales, lang, intact=False))  # (a record that lost its integrity is replaced)
    translator = translator_of(po_path.read_text(encoding="utf-8"))
    if translator and " ".join(translator.split()).casefold() == reviewer.casefold():
        raise CatalogError(f"{reviewer} is the catalog's translator (Last-Translator); a second person reviews",
                           key="--reviewer", hint="the reviewer is someone who did not translate it")  # fmt: skip
    problem = name_problem(translator)
    if problem:
        raise CatalogError(f"the translator's name {translator[:MAX_NAME]!r} cannot be printed: {problem}",
                           path=po_path, key="Last-Translator",
                           hint='write it as "Last-Translator: Name Surname <email>"')  # fmt: skip
    notes: dict[str, str] = {}
    signed: list[Signed] = []
    revocations = load_revocations(locales, lang)
    for article in loaded:
        entries = printed_entries(article, catalog, template)
        outside = printed_outside(article, lang, (workspace, article.path.parent))
        blocked = _blockers(entries, lang, shown)
        if blocked:
            if articles:
                raise CatalogError(f"cannot sign off {article.id} in {lang}: {blocked}", path=po_path)
            skipped.append(Skipped(article.id, blocked))
            continue
        previous = records.get(article.id)
        backdated = _backdated(date, previous, revocations.get(article.id))
        if backdated:
            if articles:
                raise CatalogError(f"{date.isoformat()} is before {backdated}", key="--date",
                                   hint="give the day of this review; a sign-off is never dated before the record it follows")  # fmt: skip
            skipped.append(Skipped(article.id, f"--date {date.isoformat()} is before {backdated}"))
            continue
        pairs = tuple((e.key, e.digest) for e in entries)
        printed = tuple((o.name, o.digest) for o in outside)
        if (not articles and previous is not None and previous.printed is not None
                and previous.hash == record_hash(pairs, printed)
                and previous.translator == translator and article.id not in revocations):  # fmt: skip
            # unnamed, and nothing changed since its sign-off: that record (its reviewer, its day) stands
            skipped.append(Skipped(article.id, f"already signed off by {previous.reviewer} on "
                                   f"{previous.date.isoformat()}, unchanged since (name it to sign it again)",
                                   current=True))  # fmt: skip
            continue
        notes.update((e.key, e.msgid) for e in entries)
        notes.update((printed_note(article.id, o.name), o.note or f"no {named(lang)} variant") if o.name not in CREDITS
                     else (printed_note(article.id, o.name), o.note) for o in outside)  # fmt: skip
        records[article.id] = Record(article.id, reviewer, date, translator, record_hash(pairs, printed), pairs, printed)
        signed.append(Signed(article.id, len(entries), previous))
    path = signoff_path(locales, lang)
    if signed:
        # the other articles' lines keep their msgid comments (a sign-off's diff shows only what it covers)
        notes = kept_comments(path) | notes
        revoked = load_revocations(locales, lang)  # (an article signed again is no longer revoked)
        write_atomic(path, dump_records(lang, records, notes, revoked).encode("utf-8"))
    return path, signed, skipped


def revoke(workspace: Path, lang: str, articles: Sequence[str], by: str, date: dt.date,
           reason: str) -> tuple[Path, list[Revocation]]:  # fmt: skip
    """Withdraw the sign-offs of ``lang`` for ``articles`` (named: a revocation is never implied):
    each record is replaced by a :class:`Revocation`, and the handout prints as a draft again.
    An article without a sign-off is an error and nothing is written."""
    from handouts.outputs import write_atomic

    by = _checked_name(by, "--reviewer")
    reason = " ".join(reason.split())
    if not reason:
        raise CatalogError("why is the sign-off revoked?", key="--reason",
                           hint='give the reason, e.g. --reason "dose in step 3 is wrong"')  # fmt: skip
    if len(reason) > MAX_REASON:
        raise CatalogError(f"the reason is {len(reason)} characters long (at most {MAX_REASON})", key="--reason",
                           hint="say it in one line; the details belong in the commit message")  # fmt: skip
    _not_ahead(date)
    if not articles:
        raise CatalogError("which article's sign-off is revoked?", key="ARTICLE",
                           hint=f'name it: handouts i18n signoff {lang} ARTICLE --revoke --reviewer "NAME" '
                           '--reason "…"')  # fmt: skip
    locales = workspace / "locales"
    path = signoff_path(locales, lang)
    records = dict(load_records(locales, lang, intact=False))
    revoked = load_revocations(locales, lang)
    done: list[Revocation] = []
    for aid in dict.fromkeys(articles):
        article = aid if aid in records or aid in revoked else find_article(aid, workspace).stem
        record = records.pop(article, None)
        if record is None:
            why = (f"its sign-off was already revoked by {revoked[article].by} on {revoked[article].date.isoformat()}"
                   if article in revoked else "it has no sign-off")  # fmt: skip
            raise CatalogError(f"cannot revoke the {lang} sign-off of {article}: {why}", path=path,
                               hint=f"see the sign-offs: handouts i18n status {lang}")  # fmt: skip
        if date < record.date:
            raise CatalogError(f"{date.isoformat()} is before the sign-off it revokes ({record.reviewer}, "
                               f"{record.date.isoformat()})", key="--date", hint="give the day it was revoked")  # fmt: skip
        done.append(Revocation(article, by, date, reason, record.reviewer, record.date))
    revoked = {**revoked, **{r.article: r for r in done}}
    write_atomic(path, dump_records(lang, records, kept_comments(path), revoked).encode("utf-8"))
    return path, done


# --- status --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignoffStatus:
    """One article in one language: signed and current, changed since its sign-off, or never signed."""

    article: str
    lang: str
    state: str  # signed | changed | unsigned | revoked | outdated (recorded before credits and pictures were
    # covered) | broken (a record that cannot be used: edited by hand; ``reason`` says why)
    reviewer: str = ""  # revoked: who revoked it
    date: dt.date | None = None  # revoked: when
    changed: int = 0  # entries that differ from the sign-off
    reason: str = ""  # revoked: why
    printed: tuple[str, ...] = ()  # changed: the credits and pictures that differ from the sign-off

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "lang": self.lang, "state": self.state, "reviewer": self.reviewer,
                "date": self.date.isoformat() if self.date else None, "changed": self.changed,
                **({"reason": self.reason} if self.state in ("revoked", "broken") else {}),
                **({"printed": list(self.printed)} if self.state == "changed" else {})}  # fmt: skip


def signoff_status(workspace: Path, lang: str) -> list[SignoffStatus]:
    """Per article (sorted): the sign-off state of its ``lang`` translation."""
    locales = workspace / "locales"
    records = load_records(locales, lang, intact=False)  # a broken record is reported, and the others go on
    broken = broken_records(locales, lang)
    revoked = load_revocations(locales, lang)
    template = frame_msgids(workspace / "templates")
    out = []
    for aid in list_articles(workspace):
        try:  # a broken article is reported by the status table itself; it never stops the others
            article = load_article(workspace / "articles" / f"{aid}.md")
            if article.front["lang"] == lang:
                continue
            if aid in broken:
                out.append(SignoffStatus(aid, lang, "broken", reason=broken[aid].message))
                continue
            record = records.get(aid)
            if record is None and aid in revoked:
                v = revoked[aid]
                out.append(SignoffStatus(aid, lang, "revoked", v.by, v.date, reason=v.reason))
                continue
            if record is None:
                out.append(SignoffStatus(aid, lang, "unsigned"))
                continue
            catalog = load_catalog(locales, lang, article.front["lang"])
        except HandoutError:
            continue
        outside = printed_outside(article, lang, (workspace, article.path.parent))
        found = changes(record, printed_entries(article, catalog, template), outside, article.rel_path, lang)
        if any(c.what == NOT_COVERED for c in found):
            out.append(SignoffStatus(aid, lang, "outdated", record.reviewer, record.date))
            continue
        n = sum(c.count for c in found if not c.name)
        names = tuple(c.name for c in found if c.name)
        out.append(SignoffStatus(aid, lang, "changed" if found else "signed", record.reviewer, record.date, n,
                                 printed=names))  # fmt: skip
    return out
