"""The translator's workflow on gettext catalogs: extract → init → update → status → check → compile.

Domain logic only (no terminal): each function returns data or :class:`Finding` lists and the
CLI (``handouts i18n …``) prints them. Unparseable input raises :class:`CatalogError` naming the
file and line.

* **extract** collects every article entry (msgctxt = article id, ``#: articles/x.md:LINE``) and
  every ``{% trans %}`` string of ``templates/*.j2`` (Jinja2's Babel extractor) into
  ``locales/handouts.pot``, sorted by place; the file is left alone when only its date would change.
  Article prose never carries ``python-format`` (Babel guesses it from "40% of").
* **init** starts ``locales/LANG/LC_MESSAGES/handouts.po`` with Babel's plural rule for LANG.
* **update** merges the template into every catalog: a changed source becomes ``fuzzy`` with the
  previous msgid kept (``#|``), a removed one obsolete (``#~``); no translation is ever dropped
  (checked on the bytes before they replace the file, written atomically).
* **status** counts translated / fuzzy / untranslated / obsolete per article and for the templates,
  against the *current* sources (what the renderer will see).
* **check** finds what breaks a handout or misleads a patient: PO syntax Babel lets through
  (bad escapes, unterminated strings, duplicate entries, a wrong plural header), markup, numbers,
  placeholders, smuggled template or HTML syntax, untranslated copies of the source.
* **compile** writes ``.mo`` files for other tools; the renderer reads the ``.po`` itself so that
  it sees fuzzy entries and can mark a handout as a draft.

Babel's own reader is lax (an unterminated ``msgstr "…`` silently becomes an empty translation,
``\\q`` is kept as two characters, a duplicate entry is dropped), so every catalog goes through a
strict line scanner first (:func:`scan_po`) and is only handed to Babel when it is clean.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.content.article import Article, find_article, list_articles, load_article
from handouts.errors import CatalogError
from handouts.i18n import DOMAIN, catalog_path, to_arabic_digits
from handouts.model import Emphasis, Inline, Link, Strong, Text
from handouts.po import PoEntry, PoScan, _parse_string, scan_po

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

POT_NAME = f"{DOMAIN}.pot"
TEMPLATES_ROW = "templates"
# Languages written in another script than the Latin of the sources: a translation identical
# to the English source is then certainly not a translation.
NON_LATIN = frozenset(
    ("am", "ar", "be", "bg", "bn", "el", "fa", "gu", "he", "hi", "hy", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo",
     "mk", "ml", "mn", "mr", "my", "ne", "or", "pa", "ru", "si", "sr", "ta", "te", "th", "uk", "ur", "zh")
)  # fmt: skip
SMUGGLED = ("{{", "{%", "{#", "<script", "<img", "<a ", "<iframe", "javascript:")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2}|_[A-Z][a-z]{3})?$")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_PY_FORMAT = re.compile(r"%(?:\((?P<name>\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
_PLURAL = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


# --------------------------------------------------------------------------------------------
# findings, places
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a catalog, compiler style: ``path:line: error: message [code]``."""

    path: str
    line: int | None
    severity: str  # "error" | "warning"
    code: str
    message: str
    context: str | None = None
    msgid: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def shown(path: Path) -> str:
    """A path as the user should see it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def pot_path(workspace: Path) -> Path:
    return workspace / "locales" / POT_NAME


def catalog_languages(workspace: Path) -> list[str]:
    """Every language with a ``locales/LANG/LC_MESSAGES/handouts.po``, sorted."""
    locales = workspace / "locales"
    if not locales.is_dir():
        return []
    return sorted(p.name for p in locales.iterdir() if catalog_path(locales, p.name).is_file())


def _languages(workspace: Path, langs: Iterable[str] | None) -> list[str]:
    known = catalog_languages(workspace)
    if not langs:
        return known
    out = []
    for lang in langs:
        if lang not in known:
            hint = f"start it with 'handouts i18n init {lang}'" + (f"; catalogs: {', '.join(known)}" if known else "")
            raise CatalogError(f"no catalog for language {lang!r}", path=catalog_path(workspace / "locales", lang),
                               hint=hint)  # fmt: skip
        out.append(lang)
    return out


def _now() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) or now, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# --------------------------------------------------------------------------------------------
# the strict scanner
# --------------------------------------------------------------------------------------------


def _header_fields(entry: PoEntry | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if entry is None:
        return out
    for line in entry.msgstr.split("\n"):
        if ":" in line:
            k, v = line.split(":", 1)
            out[k.strip().lower()] = v.strip()
    return out


def _header_line(text: str, name: str, default: int) -> int:
    for lineno, raw in enumerate(text.split("\n"), 1):
        if raw.lstrip().startswith(f'"{name}:'):
            return lineno
    return default


def _plural_problem(value: str | None, lang: str | None) -> str | None:
    """What is wrong with a Plural-Forms header value (None when it is right).

    >>> _plural_problem("nplurals=1; plural=0;", "th") is None
    True
    >>> _plural_problem("nplurals=2; plural=(n != 1);", "th")
    "Plural-Forms says nplurals=2, but 'th' has 1 plural form: write 'nplurals=1; plural=0;'"
    >>> _plural_problem("nplurals=x; plural=0;", "th")
    "Plural-Forms 'nplurals=x; plural=0;' is not 'nplurals=N; plural=EXPRESSION;'"
    """
    import gettext

    from babel.messages.plurals import get_plural

    if value is None:
        return "the header has no Plural-Forms"
    m = _PLURAL.match(value)
    if not m:
        return f"Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'"
    n, expr = int(m.group(1)), m.group(2)
    try:
        gettext.c2py(expr)
    except (ValueError, SyntaxError):
        return f"Plural-Forms expression {expr!r} is not a valid C expression of n"
    if lang:
        try:
            rule = get_plural(lang)
        except Exception:  # an unknown locale: no rule to compare with
            return None
        if rule.num_plurals != n:
            forms = "form" if rule.num_plurals == 1 else "forms"
            return (f"Plural-Forms says nplurals={n}, but {lang!r} has {rule.num_plurals} plural {forms}: "
                    f"write {rule.plural_forms!r}")  # fmt: skip
    return None


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
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CatalogError(f"cannot be read: {e.strerror}", path=where) from e
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return LoadedPo(path, "", PoScan(), None,
                        [Finding(where, line, "error", "po.encoding", "is not UTF-8 (save the catalog as UTF-8)")])  # fmt: skip
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
    fields = _header_fields(header)
    lang = lang or fields.get("language") or None
    if header is not None and path.suffix == ".po":
        problem = _plural_problem(fields.get("plural-forms"), lang)
        if problem:
            line = _header_line(text, "Plural-Forms", header.msgid_line)
            problems.append(Finding(where, line, "error", "po.plural-forms", problem))
    if problems:
        return LoadedPo(path, text, scan, None, problems)
    try:
        cat = read_po(io.BytesIO(raw), locale=None, abort_invalid=True)
    except PoFileError as e:
        at: int | None = getattr(e, "lineno", None)
        return LoadedPo(path, text, scan, None, [Finding(where, at, "error", "po.syntax", f"{e}")])
    except (ValueError, TypeError) as e:
        at = _header_line(text, "Plural-Forms", 1)
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


# --------------------------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------------------------


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _articles(workspace: Path) -> list[Article]:
    return [load_article(workspace / "articles" / f"{aid}.md") for aid in list_articles(workspace)]


def _strip_format_flags(cat: Catalog) -> None:
    """Article prose is never a format string: Babel guesses ``python-format`` from "40% of"."""
    for m in list(cat) + list(cat.obsolete.values()):
        if m.context is not None:
            m.flags.discard("python-format")
            m.flags.discard("python-brace-format")


def build_template(workspace: Path, creation_date: dt.datetime | None = None) -> Catalog:
    """Articles + frame templates → the template catalog (in memory), in a stable order."""
    import jinja2
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract

    from handouts import __version__

    cat = Catalog(
        project="handouts",
        version=__version__,
        header_comment=(
            "# Translation template of the handouts: every article entry (msgctxt = article id)\n"
            "# and every {% trans %} string of templates/*.j2.\n"
            "# Generated by 'handouts i18n extract'; do not edit: edit the articles and templates."
        ),
        msgid_bugs_address="",
        creation_date=creation_date or _now(),
        charset="utf-8",
        fuzzy=True,
    )
    found: dict[tuple[str | None, str], tuple[list[tuple[str, int]], list[str]]] = {}

    def add(context: str | None, msgid: str, ref: str, line: int, comments: Iterable[str] = ()) -> None:
        places, notes = found.setdefault((context, msgid), ([], []))
        places.append((ref, line))
        notes.extend(c for c in comments if c not in notes)

    for article in _articles(workspace):
        for e in article.entries:
            add(article.id, e.text, f"articles/{article.id}.md", e.line)
    templates = workspace / "templates"
    # as frame.py renders them (newstyle gettext, not trimmed); silent=false: a syntax error is reported,
    # not skipped (which would quietly drop the template's strings)
    options = {"newstyle_gettext": "true", "trimmed": "false", "extensions": "jinja2.ext.i18n", "silent": "false"}
    for path in sorted(templates.glob("*.j2")) if templates.is_dir() else []:
        try:
            with path.open("rb") as f:
                messages = list(extract("jinja2.ext:babel_extract", f, keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
                                        options=options))  # fmt: skip
        except jinja2.TemplateSyntaxError as e:
            line = e.lineno
            raise CatalogError(f"strings cannot be extracted: {e}", path=shown(path), line=line,
                               hint="fix the template syntax") from e  # fmt: skip
        for lineno, message, comments, context in messages:
            if isinstance(message, str) and message:
                add(context, message, f"templates/{path.name}", lineno, comments)
    for (context, msgid), (places, notes) in sorted(found.items(), key=lambda kv: (min(kv[1][0]), kv[0][0] or "")):
        cat.add(msgid, "", locations=sorted(places), auto_comments=notes, context=context)
    _strip_format_flags(cat)
    return cat


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


@dataclass(frozen=True, slots=True)
class ExtractResult:
    path: Path
    entries: int
    article_entries: int
    template_entries: int
    articles: int
    written: bool


def extract(workspace: Path) -> ExtractResult:
    """Write ``locales/handouts.pot`` (only when more than its date would change)."""
    from handouts.outputs import write_atomic

    path = pot_path(workspace)
    old = path.read_bytes() if path.is_file() else None
    template = build_template(workspace)
    data = po_bytes(template)
    written = False
    if old is None or _without_dates(old) != _without_dates(data):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        written = True
    article_entries = sum(1 for m in template if m.id and m.context is not None)
    contexts = {m.context for m in template if m.id and m.context is not None}
    total = sum(1 for m in template if m.id)
    return ExtractResult(path, total, article_entries, total - article_entries, len(contexts), written)


def _template_for_merge(workspace: Path) -> Catalog:
    """The template to merge: the one just extracted, with the POT's own creation date."""
    from babel.messages.pofile import read_po

    path = pot_path(workspace)
    created = None
    if path.is_file():
        with path.open("rb") as f:
            date = read_po(f).creation_date
        created = date if isinstance(date, dt.datetime) else None
    return build_template(workspace, created)


# --------------------------------------------------------------------------------------------
# init, update
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InitResult:
    path: Path
    entries: int
    plural_forms: str
    language_name: str


def init_catalog(workspace: Path, lang: str) -> InitResult:
    """Start the catalog of a new language from the template."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog

    from handouts.outputs import write_atomic

    if not _LANG_CODE.match(lang):
        raise CatalogError(f"{lang!r} is not a language code", hint="use an ISO 639 code such as th, lo or my")
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError) as e:
        raise CatalogError(f"unknown language {lang!r}", hint="use an ISO 639 code such as th, lo or my") from e
    sources = {a.front["lang"] for a in _articles(workspace)} or {"en"}
    if lang in sources:
        raise CatalogError(f"{lang!r} is the language the articles are written in; it needs no catalog",
                           hint="translate into another language")  # fmt: skip
    path = catalog_path(workspace / "locales", lang)
    if path.exists():
        raise CatalogError("already exists", path=shown(path), hint=f"run 'handouts i18n update {lang}' to refresh it")
    extract(workspace)
    template = _template_for_merge(workspace)
    name = locale.english_name or lang
    cat = Catalog(
        locale=locale,
        project=template.project,
        version=template.version,
        header_comment=f"# {name} translation of the handouts.\n# Started with 'handouts i18n init {lang}'.",
        msgid_bugs_address="",
        creation_date=template.creation_date,
        revision_date=_now(),
        language_team=name,
        charset="utf-8",
        fuzzy=False,
    )
    ordered = [m for m in template if m.id]
    for m in ordered:
        cat.add(m.id, "", locations=m.locations, flags=m.flags, auto_comments=m.auto_comments, context=m.context)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, po_bytes(cat))
    return InitResult(path, len(ordered), cat.plural_forms, name)


@dataclass(frozen=True, slots=True)
class UpdateResult:
    lang: str
    path: Path
    new: int
    fuzzy: int  # entries that became fuzzy in this update
    obsolete: int  # entries that became obsolete in this update
    revived: int  # obsolete entries back in use
    written: bool


def _translations(cat: Catalog) -> dict[tuple[str | None, str], str]:
    out: dict[tuple[str | None, str], str] = {}
    for m in list(cat) + list(cat.obsolete.values()):
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string.strip():
            out[(m.context, m.id)] = m.string
    return out


def _merge(cat: Catalog, template: Catalog) -> tuple[int, int, int, int]:
    """Babel's merge, plus: obsolete entries come back when their source does; flags of prose stripped."""
    before = {(m.context, m.id) for m in cat if m.id}
    fuzzy_before = {(m.context, m.id) for m in cat if m.id and m.fuzzy}
    obsolete_before = set(cat.obsolete)
    revived = 0
    for m in template:
        if not m.id:
            continue
        key: Any = (m.id, m.context) if m.context is not None else m.id
        if key in cat.obsolete and (m.context, m.id) not in before:
            cat[m.id] = cat.obsolete.pop(key)
            revived += 1
    previous = {(m.context, m.id): list(m.previous_id) for m in cat if m.id and m.fuzzy and m.previous_id}
    cat.update(template, update_header_comment=False, keep_user_comments=True, update_creation_date=True)
    for m in cat:
        if m.id and m.fuzzy and not m.previous_id and (m.context, m.id) in previous:
            m.previous_id = previous[(m.context, m.id)]
    for key in [k for k, m in cat.obsolete.items() if not (isinstance(m.string, str) and m.string.strip())]:
        del cat.obsolete[key]  # an obsolete entry without a translation keeps nothing worth keeping
    after = {(m.context, m.id) for m in cat if m.id}
    new = sum(1 for m in cat if m.id and (m.context, m.id) in after - before and not m.fuzzy) - revived
    fuzzy = sum(1 for m in cat if m.id and m.fuzzy and (m.context, m.id) not in fuzzy_before)
    obsolete = len(set(cat.obsolete) - obsolete_before)
    return max(new, 0), fuzzy, obsolete, revived


def _lost(old: dict[tuple[str | None, str], str], new_cat: Catalog) -> list[tuple[str | None, str]]:
    """Keys of translations of ``old`` that ``new_cat`` no longer holds anywhere."""
    kept: set[tuple[tuple[str | None, str], str]] = set()
    for m in list(new_cat) + list(new_cat.obsolete.values()):
        if not m.id or not isinstance(m.string, str):
            continue
        kept.add(((m.context, str(m.id)), m.string))
        for prev in m.previous_id:
            kept.add(((m.context, prev), m.string))
    strings = {s for (_, s) in kept}
    return [k for k, s in old.items() if (k, s) not in kept and s not in strings]


def update(workspace: Path, langs: Iterable[str] | None = None) -> tuple[ExtractResult, list[UpdateResult]]:
    """Extract, then merge the template into every catalog (or those of ``langs``)."""
    from babel.messages.pofile import read_po

    from handouts.outputs import write_atomic

    chosen = _languages(workspace, langs)
    locales = workspace / "locales"
    # parse every catalog before anything is written: a bad one stops the whole update
    loaded = {lang: read_catalog(catalog_path(locales, lang), lang) for lang in chosen}
    ex = extract(workspace)
    template = _template_for_merge(workspace)
    results = []
    for lang in chosen:
        lp = loaded[lang]
        cat = lp.catalog
        assert cat is not None
        old = _translations(cat)
        counts = _merge(cat, template)
        data = po_bytes(cat)
        # the bytes must parse back strictly and hold every translation before they replace the file
        rescan = scan_po(data.decode("utf-8"))
        if rescan.errors:
            line, msg = rescan.errors[0]
            raise CatalogError(f"update produced an unreadable catalog ({msg}); nothing written", path=shown(lp.path),
                               line=line)  # fmt: skip
        reread = read_po(io.BytesIO(data), locale=None, abort_invalid=True)
        _read_previous(reread)
        lost = _lost(old, reread)
        if lost:
            raise CatalogError(f"update would lose {len(lost)} translation(s), e.g. {_short(lost[0][1])!r}; "
                               "nothing written", path=shown(lp.path))  # fmt: skip
        old_bytes = lp.text.encode("utf-8")
        written = _without_dates(old_bytes) != _without_dates(data)
        if written:
            write_atomic(lp.path, data)
        results.append(UpdateResult(lang, lp.path, *counts, written=written))
    return ex, results


# --------------------------------------------------------------------------------------------
# status
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """Counts for one article (or the templates) in one language."""

    name: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        """Translated share, rounded down like the renderer's DRAFT mark (fuzzy is not translated)."""
        return 100 if self.total == 0 else int(100 * self.translated / self.total)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "translated": self.translated, "fuzzy": self.fuzzy,
                "untranslated": self.untranslated, "obsolete": self.obsolete, "total": self.total,
                "percent": self.percent}  # fmt: skip


@dataclass(slots=True)
class LanguageStatus:
    lang: str
    path: Path
    rows: list[Counts]
    total: Counts

    def as_dict(self) -> dict[str, object]:
        total = {k: v for k, v in self.total.as_dict().items() if k != "name"}
        return {"lang": self.lang, "catalog": shown(self.path), **total,
                "articles": [r.as_dict() for r in self.rows]}  # fmt: skip


def _state(msg: Message | None) -> str:
    if msg is None:
        return "untranslated"
    if msg.fuzzy:
        return "fuzzy"
    return "translated" if isinstance(msg.string, str) and msg.string.strip() else "untranslated"


def status(workspace: Path, langs: Iterable[str] | None = None) -> list[LanguageStatus]:
    """Per language, per article (and ``templates``): how much of the current source is translated."""
    template = build_template(workspace)
    out = []
    for lang in _languages(workspace, langs):
        lp = read_catalog(catalog_path(workspace / "locales", lang), lang)
        cat = lp.catalog
        assert cat is not None
        rows: dict[str, Counts] = {}
        for m in template:
            if not m.id:
                continue
            name = m.context or TEMPLATES_ROW
            row = rows.setdefault(name, Counts(name))
            state = _state(cat.get(m.id, m.context))
            setattr(row, state, getattr(row, state) + 1)
        in_template = {(m.context, m.id) for m in template if m.id}
        stale = [m for m in cat if m.id and (m.context, m.id) not in in_template]
        for m in list(cat.obsolete.values()) + stale:
            name = m.context or TEMPLATES_ROW
            rows.setdefault(name, Counts(name)).obsolete += 1
        ordered = sorted(rows.values(), key=lambda r: (r.name == TEMPLATES_ROW, r.name))
        total = Counts("total")
        for r in ordered:
            total.translated += r.translated
            total.fuzzy += r.fuzzy
            total.untranslated += r.untranslated
            total.obsolete += r.obsolete
        out.append(LanguageStatus(lang, lp.path, ordered, total))
    return out


# --------------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------------


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
        else:
            assert isinstance(node, Text)
    return acc


def _numbers(text: str) -> list[str]:
    """The numbers of a text (Thai digits read as Arabic; thousands separators ignored).

    >>> _numbers("500 มก. วันละ ๓ ครั้ง, 1,000 mg, 2.5")
    ['500', '3', '1000', '2.5']
    """
    nums = _NUMBER.findall(to_arabic_digits(_PY_FORMAT.sub(" ", text)))
    return [re.sub(r"(?<=\d),(?=\d{3}\b)", "", n) for n in nums]


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def check_pair(msgid: str, msgstr: str, lang: str, *, template: bool) -> list[tuple[str, str, str]]:
    """The problems of one translation: (severity, code, message). ``msgstr`` is not empty.

    >>> check_pair("Take 500 mg", "ทาน 50 มก.", "th", template=False)
    [('error', 'check.numbers', 'numbers differ: the source has 500, the translation 50')]
    """
    from handouts.content.inline import parse_inline

    out: list[tuple[str, str, str]] = []
    if not msgstr.strip():
        return [("error", "check.empty", "the translation is only whitespace; leave it empty or translate it")]
    src_m, dst_m = _markup(parse_inline(msgid)), _markup(parse_inline(msgstr))
    for i, what in ((0, "bold"), (1, "italic")):
        if src_m[i] != dst_m[i]:
            out.append(("error", "check.markup",
                        f"the source has {_plural(src_m[i], what + ' span')}, the translation {dst_m[i]} "
                        "(check the ** and * pairs)"))  # fmt: skip
    if sorted(src_m[2]) != sorted(dst_m[2]):
        out.append(("error", "check.markup",
                    f"link targets differ: the source links to {sorted(src_m[2]) or 'nothing'}, "
                    f"the translation to {sorted(dst_m[2]) or 'nothing'}"))  # fmt: skip
    src_n, dst_n = _numbers(msgid), _numbers(msgstr)
    missing = [n for n in dict.fromkeys(src_n) if n not in dst_n]
    extra = [n for n in dict.fromkeys(dst_n) if n not in src_n]
    if missing:
        out.append(("error", "check.numbers",
                    f"numbers differ: the source has {', '.join(missing)}, the translation "
                    f"{', '.join(extra) if extra else 'not'}"))  # fmt: skip
    elif extra:
        out.append(("warning", "check.numbers", f"the translation has {', '.join(extra)}, which the source has not"))
    if template:  # article prose is never formatted: "40% of" is text
        src_p, dst_p = _placeholders(msgid), _placeholders(msgstr)
        gone = [p for p in dict.fromkeys(src_p) if p not in dst_p]
        added = [p for p in dict.fromkeys(dst_p) if p not in src_p]
        if gone:
            out.append(("error", "check.placeholder", f"placeholder {', '.join(gone)} missing from the translation"))
        if added:
            out.append(("error", "check.placeholder", f"placeholder {', '.join(added)} is not in the source"))
        if template and not gone and not added:
            names = {m.group("name") for m in _PY_FORMAT.finditer(msgid) if m.group("name")}
            try:
                msgstr % dict.fromkeys(names, "x")
            except (ValueError, TypeError, KeyError) as e:
                out.append(("error", "check.placeholder",
                            f"the translation is not a valid format string ({e}); write %% for a percent sign"))  # fmt: skip
    low_src, low_dst = msgid.lower(), msgstr.lower()
    for token in SMUGGLED:
        if token in low_dst and token not in low_src:
            out.append(("error", "check.smuggled",
                        f"the translation contains {token.strip()!r}, which the source has not "
                        "(template or HTML syntax is shown literally, or worse)"))  # fmt: skip
    if lang.split("_")[0] in NON_LATIN and msgstr.strip() == msgid.strip() and re.search(r"[A-Za-z]", msgid):
        out.append(("error", "check.untranslated-copy",
                    f"the translation is the English source unchanged; {lang} is written in another script"))  # fmt: skip
    return out


def graded(msgid: str, msgstr: str, lang: str, *, template: bool, fuzzy: bool) -> list[tuple[str, str, str]]:
    """:func:`check_pair`, with the errors of a fuzzy entry lowered to warnings (it is not used yet;
    it is fixed when it is reviewed), except smuggled syntax."""
    out = []
    for severity, code, message in check_pair(msgid, msgstr, lang, template=template):
        if fuzzy and severity == "error" and code != "check.smuggled":
            severity, message = "warning", message + " (fuzzy entry)"
        out.append((severity, code, message))
    return out


@dataclass(slots=True)
class CheckReport:
    findings: list[Finding]
    catalogs: list[Path]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def check_catalog(path: Path, lang: str, template: Catalog | None) -> list[Finding]:
    """Every problem of one catalog, in line order."""
    lp = load_po(path, lang)
    if lp.problems:
        return sorted(lp.problems, key=lambda f: f.line or 0)
    where = shown(path)
    out: list[Finding] = []
    header = lp.scan.header
    for e in lp.scan.entries:
        if e.obsolete or e is header or not e.msgid:
            continue
        if e.plural is not None:
            assert lp.catalog is not None
            if len(e.plural_strings) != lp.catalog.num_plurals:
                out.append(Finding(where, e.msgstr_line, "error", "po.plural-forms",
                                   f"{len(e.plural_strings)} msgstr[n] for {lp.catalog.num_plurals} plural forms",
                                   e.context, e.msgid))  # fmt: skip
            continue
        if not e.msgstr:
            if not e.fuzzy:
                out.append(Finding(where, e.msgstr_line, "warning", "check.untranslated",
                                   f"not translated yet: {_short(e.msgid)!r}", e.context, e.msgid))  # fmt: skip
            continue
        for severity, code, message in graded(e.msgid, e.msgstr, lang, template=e.context is None, fuzzy=e.fuzzy):
            out.append(Finding(where, e.msgstr_line, severity, code, message, e.context, e.msgid))
    if template is not None:
        keys = {e.key for e in lp.scan.entries if not e.obsolete}
        wanted = {(m.context, m.id) for m in template if m.id and isinstance(m.id, str)}
        missing = [k for k in wanted if k not in keys]
        if missing:
            out.append(Finding(where, 1, "warning", "check.outdated",
                               f"{_plural(len(missing), 'source entry')} not in the catalog "
                               "(run 'handouts i18n update')".replace("entrys", "entries")))  # fmt: skip
        for e in lp.scan.entries:
            if not e.obsolete and e.msgid and e.key not in wanted:
                out.append(Finding(where, e.msgid_line, "warning", "check.outdated",
                                   f"{_short(e.msgid)!r} is no longer in the sources (run 'handouts i18n update' "
                                   "to mark it obsolete)", e.context, e.msgid))  # fmt: skip
    return sorted(out, key=lambda f: (f.line or 0, f.code))


def check(workspace: Path, langs: Iterable[str] | None = None) -> CheckReport:
    """Check every catalog (or those of ``langs``) against itself and the current sources."""
    chosen = _languages(workspace, langs)
    template = build_template(workspace)
    findings: list[Finding] = []
    paths = []
    for lang in chosen:
        path = catalog_path(workspace / "locales", lang)
        paths.append(path)
        findings.extend(check_catalog(path, lang, template))
    return CheckReport(findings, paths)


# --------------------------------------------------------------------------------------------
# compile
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompileResult:
    lang: str
    path: Path
    messages: int
    fuzzy_skipped: int


def compile_catalogs(workspace: Path, langs: Iterable[str] | None = None) -> list[CompileResult]:
    """``.po`` → ``.mo`` (fuzzy entries left out) for tools other than the renderer."""
    from babel.messages.mofile import write_mo

    from handouts.outputs import write_atomic

    out = []
    for lang in _languages(workspace, langs):
        lp = read_catalog(catalog_path(workspace / "locales", lang), lang)
        cat = lp.catalog
        assert cat is not None
        buf = io.BytesIO()
        write_mo(buf, cat, use_fuzzy=False)
        target = lp.path.with_suffix(".mo")
        write_atomic(target, buf.getvalue())
        used = sum(1 for m in cat if m.id and not m.fuzzy and m.string)
        fuzzy = sum(1 for m in cat if m.id and m.fuzzy)
        out.append(CompileResult(lang, target, used, fuzzy))
    return out


# --------------------------------------------------------------------------------------------
# proof
# --------------------------------------------------------------------------------------------


def proof(workspace: Path, article_ref: str, lang: str) -> tuple[bytes, int, int]:
    """A side-by-side review PDF of one article (and the frame strings) in ``lang``.

    Returns (PDF bytes, number of entries, number of entries with check errors).
    """
    from babel import Locale

    from handouts.diagnostics import Diagnostics
    from handouts.proof import ProofDoc, ProofEntry, render_proof

    article = load_article(find_article(article_ref, workspace))
    (lang,) = _languages(workspace, [lang])
    lp = read_catalog(catalog_path(workspace / "locales", lang), lang)
    cat = lp.catalog
    assert cat is not None
    lines = {e.key: e.msgstr_line for e in lp.scan.entries if not e.obsolete}
    where = shown(lp.path)
    kinds = {"title": "title", "subtitle": "subtitle", "h2": "heading", "h3": "heading", "p": "paragraph",
             "li": "list item"}  # fmt: skip
    entries: list[ProofEntry] = []
    bad = 0

    def entry(label: str, context: str | None, msgid: str) -> ProofEntry:
        nonlocal bad
        msg = cat.get(msgid, context)
        state = _state(msg)
        text = msg.string if msg is not None and isinstance(msg.string, str) else ""
        notes: list[str] = []
        if text.strip():
            for severity, _code, message in graded(msgid, text, lang, template=context is None, fuzzy=state == "fuzzy"):
                notes.append(f"{severity}: {message}")
        if any(n.startswith("error") for n in notes):
            bad += 1
        line = lines.get((context, msgid))
        po_ref = f"{where}:{line}" if line else f"{where}: (not in the catalog; run 'handouts i18n update')"
        previous = msg.previous_id[0] if msg is not None and msg.fuzzy and msg.previous_id else ""
        return ProofEntry(label, po_ref, msgid, text, state, tuple(notes), previous)

    for e in article.entries:
        entries.append(entry(f"articles/{article.id}.md:{e.line} · {kinds.get(e.kind, e.kind)}", article.id, e.text))
    frame = [m for m in build_template(workspace) if m.id and m.context is None]
    for m in frame:
        ref = ", ".join(f"{p}:{n}" for p, n in m.locations)
        entries.append(entry(f"{ref} · frame", None, str(m.id)))
    article_entries = entries[: len(article.entries)]
    done = sum(1 for x in article_entries if x.status == "translated")
    percent = 100 if not article_entries else int(100 * done / len(article_entries))
    source_lang = article.front["lang"]
    doc = ProofDoc(
        title=article.front["title"],
        article_id=article.id,
        source_lang=source_lang,
        source_name=Locale.parse(source_lang).english_name or source_lang,
        lang=lang,
        lang_name=Locale.parse(lang).english_name or lang,
        percent=percent,
        entries=tuple(entries),
    )
    return render_proof(doc, Diagnostics()), len(entries), bad
