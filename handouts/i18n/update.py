"""The template → a new language's catalog (``i18n init``) and merged into every catalog (``i18n update``).

**init** starts ``locales/LANG/LC_MESSAGES/handouts.po`` with Babel's plural rule for LANG.
**update** merges the template into every catalog: a changed source becomes ``fuzzy`` with the
previous msgid kept (``#|``), a removed one obsolete (``#~``); no translation is ever dropped
(checked on the bytes before they replace the file, written atomically).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.errors import CatalogError
from handouts.i18n.extract import ExtractResult, _template_for_merge, extract, for_language, keep_contexts
from handouts.i18n.po import scan_po
from handouts.i18n.pofile import (
    LANG_CODE,
    _languages,
    _now,
    _read_previous,
    _short,
    _without_dates,
    po_bytes,
    read_catalog,
)
from handouts.i18n.runtime import catalog_path, shown

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog



@dataclass(frozen=True, slots=True)
class InitResult:
    """A catalog ``i18n init`` started: its path, entries, plural forms and language name."""
    path: Path
    entries: int
    plural_forms: str
    language_name: str


_TRANSLATOR = re.compile(r"^\s*([^<>@\n]*[^<>@\s])\s*<([^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)>\s*$")


def parse_translator(value: str) -> tuple[str, str]:
    """``"Name <email>"`` → (name, email).

    >>> parse_translator("Somchai Jaidee <somchai@clinic.example>")
    ('Somchai Jaidee', 'somchai@clinic.example')
    """
    m = _TRANSLATOR.match(value)
    if not m:
        raise CatalogError(f"{value!r} is not 'Name <email>'", key="--translator",
                           hint='write it as --translator "Somchai Jaidee <somchai@clinic.example>"')  # fmt: skip
    from handouts.i18n.signoff import MAX_NAME, name_problem

    # the name prints on the signed-off handout ("translated by …"): the sign-off refuses one that cannot be
    # printed, so the catalog does not start with it
    problem = name_problem(" ".join(m.group(1).split()))
    if problem:
        raise CatalogError(f"the translator's name {m.group(1)[:MAX_NAME]!r} cannot be printed: {problem}",
                           key="--translator", hint='give the name as it should be printed: --translator '
                           '"Somchai Jaidee <somchai@clinic.example>"')  # fmt: skip
    return m.group(1), m.group(2)


def init_catalog(
    workspace: Path, lang: str, translator: str | None = None, broken: dict[str, str] | None = None
) -> InitResult:
    """Start the catalog of a new language from the template.

    ``translator`` ("Name <email>") fills ``Last-Translator`` and the team's address in
    ``Language-Team``; without it they are left as Babel's placeholders for the PO editor.
    With ``broken``, an unreadable article is named there and the catalog starts without its
    entries (``i18n update`` adds them once the article is fixed).
    """
    person = parse_translator(translator) if translator is not None else None
    from babel import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog

    from handouts.outputs import write_atomic

    if not LANG_CODE.match(lang):
        raise CatalogError(f"{lang!r} is not a language code", hint="use an ISO 639 code such as th, lo or my")
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError) as e:
        raise CatalogError(f"unknown language {lang!r}", hint="use an ISO 639 code such as th, lo or my") from e
    from handouts.i18n.languages import named
    from handouts.typesetting.coverage import SUPPORTED_HINT, unsupported

    cannot = unsupported(lang)
    if cannot is not None:  # (else the catalog is started, and every render of it fails on the frame's dates)
        raise CatalogError(f"cannot start the {lang} catalog: {cannot.message(named(lang))}", hint=SUPPORTED_HINT)
    path = catalog_path(workspace / "locales", lang)
    if path.exists():
        raise CatalogError("already exists", path=shown(path), hint=f"run 'handouts i18n update {lang}' to refresh it")
    extract(workspace, broken)
    template = for_language(_template_for_merge(workspace, broken), workspace, lang)
    if not any(m.id for m in template):  # every article is written in it, and so is the frame
        raise CatalogError(f"{lang!r} is the language the articles are written in; it needs no catalog",
                           hint="translate into another language")  # fmt: skip
    name = locale.english_name or lang
    cat = Catalog(
        locale=locale,
        project=template.project,
        version=template.version,
        header_comment=f"# {name} translation of the handouts.\n# Started with 'handouts i18n init {lang}'.",
        msgid_bugs_address=person[1] if person else "",
        creation_date=template.creation_date,
        revision_date=_now(),
        language_team=f"{name} <{person[1]}>" if person else name,
        last_translator=f"{person[0]} <{person[1]}>" if person else None,
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
    """What ``i18n update`` changed in one catalog."""
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
    _carry_renamed(cat, template)
    previous = {(m.context, m.id): list(m.previous_id) for m in cat if m.id and m.fuzzy and m.previous_id}
    cat.update(template, update_header_comment=False, keep_user_comments=True, update_creation_date=True)
    for m in cat:
        if not (m.id and m.fuzzy):
            continue
        if not m.previous_id:
            if (m.context, m.id) in previous:
                m.previous_id = previous[(m.context, m.id)]
            continue
        # changed again while still fuzzy: Babel's #| is the entry's last msgid, but its translation was made
        # from the #| that entry had (as msgmerge keeps it): 3 → 6 → 9 months must show "3 months", not "6"
        matched = (m.context, m.previous_id[0])
        if matched in previous and matched != (m.context, m.id):
            m.previous_id = previous[matched]
    for key in [k for k, m in cat.obsolete.items() if not (isinstance(m.string, str) and m.string.strip())]:
        del cat.obsolete[key]  # an obsolete entry without a translation keeps nothing worth keeping
    after = {(m.context, m.id) for m in cat if m.id}
    new = sum(1 for m in cat if m.id and (m.context, m.id) in after - before and not m.fuzzy) - revived
    fuzzy = sum(1 for m in cat if m.id and m.fuzzy and (m.context, m.id) not in fuzzy_before)
    obsolete = len(set(cat.obsolete) - obsolete_before)
    return max(new, 0), fuzzy, obsolete, revived


def _carry_renamed(cat: Catalog, template: Catalog) -> None:
    """An article whose id (msgctxt) changed but whose entries did not: its translations move to
    the new id unchanged (Babel would match them only fuzzily, and every entry would turn fuzzy).

    A new id takes over the old id (one the sources no longer have) that shares the most of its
    msgids, at least half of them; the old entries then become obsolete as usual.
    """
    from babel.messages.catalog import Message

    wanted: dict[str, set[str]] = {}
    for m in template:
        if m.id and isinstance(m.id, str) and m.context is not None:
            wanted.setdefault(m.context, set()).add(m.id)
    have: dict[str, dict[str, Message]] = {}
    for m in list(cat) + list(cat.obsolete.values()):
        if m.id and isinstance(m.id, str) and m.context is not None and isinstance(m.string, str) and m.string:
            have.setdefault(m.context, {}).setdefault(m.id, m)
    gone = {ctx: msgs for ctx, msgs in have.items() if ctx not in wanted}
    for new_ctx, msgids in sorted(wanted.items()):
        if new_ctx in have or not gone:
            continue
        old_ctx, old = max(sorted(gone.items()), key=lambda kv: len(msgids & kv[1].keys()))
        shared = msgids & old.keys()
        if len(shared) * 2 < len(msgids):
            continue
        for msgid in sorted(shared):
            m = old[msgid]
            cat.add(msgid, m.string, locations=m.locations, flags=m.flags, auto_comments=m.auto_comments,
                    user_comments=m.user_comments, context=new_ctx)  # fmt: skip
        del gone[old_ctx]


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


def _entries(text: str) -> list[tuple[object, ...]]:
    """A catalog's entries, whatever their order: what an update must keep."""
    scan = scan_po(text.replace("\r\n", "\n"))
    return sorted((e.context or "", e.msgid, e.msgstr, sorted(e.flags), e.obsolete, e.plural_strings) for e in scan.entries
                  if e.msgid)  # fmt: skip


def update(
    workspace: Path, langs: Iterable[str] | None = None, broken: dict[str, str] | None = None
) -> tuple[ExtractResult, list[UpdateResult]]:
    """Extract, then merge the template into every catalog (or those of ``langs``).

    With ``broken``, an article that cannot be read is named there and its entries stay in every
    catalog exactly as they are (the others are updated).
    """
    from babel.messages.pofile import read_po

    from handouts.outputs import write_atomic

    chosen = _languages(workspace, langs)
    locales = workspace / "locales"
    # parse every catalog before anything is written: a bad one stops the whole update
    loaded = {lang: read_catalog(catalog_path(locales, lang), lang) for lang in chosen}
    ex = extract(workspace, broken)
    template = _template_for_merge(workspace, broken)
    if broken:
        for lp in loaded.values():
            keep_contexts(template, lp.catalog, broken)
    results = []
    for lang in chosen:
        lp = loaded[lang]
        cat = lp.catalog
        assert cat is not None
        old = _translations(cat)
        if cat.locale is None:  # an emptied catalog (no header): its language, plural forms and charset again
            from babel import Locale

            cat.locale = Locale.parse(lang)
            cat.charset = "utf-8"
        counts = _merge(cat, for_language(template, workspace, lang, broken))
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
        crlf = b"\r\n" in old_bytes  # (a catalog saved on Windows: compared, and written, in its own line ends)
        written = _without_dates(old_bytes.replace(b"\r\n", b"\n")) != _without_dates(data)
        if written and broken and not any(counts) and _entries(lp.text) == _entries(data.decode("utf-8")):
            written = False  # only the unreadable article's entries would move (to the end): left as they are
        if written:  # the entries changed: a new revision (Last-Translator and Language-Team are kept as they are)
            cat.revision_date = _now()
            data = po_bytes(cat)
            # and its BOM: an old Windows editor (Notepad) reads UTF-8 without one as the ANSI code page,
            # and saves the Thai back as Windows-874
            with lp.path.open("rb") as f:
                bom = codecs.BOM_UTF8 if f.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8 else b""
            write_atomic(lp.path, bom + (data.replace(b"\n", b"\r\n") if crlf else data))
        results.append(UpdateResult(lang, lp.path, *counts, written=written))
    return ex, results
