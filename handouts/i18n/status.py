"""Catalogs + current sources → translated / fuzzy / untranslated / obsolete counts per article (``i18n status``).

Counted against the *current* sources (what the renderer will see), per article and for the
frame templates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.i18n.extract import build_template, for_language
from handouts.i18n.languages import language_name
from handouts.i18n.pofile import _languages, read_catalog
from handouts.i18n.runtime import catalog_path, shown

if TYPE_CHECKING:
    from babel.messages.catalog import Message

TEMPLATES_ROW = "templates"


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
    """One language's catalog: counts per article and in total."""
    lang: str
    path: Path
    rows: list[Counts]
    total: Counts

    def as_dict(self) -> dict[str, object]:
        total = {k: v for k, v in self.total.as_dict().items() if k != "name"}
        return {"lang": self.lang, "name": language_name(self.lang), "catalog": shown(self.path), **total,
                "articles": [r.as_dict() for r in self.rows]}  # fmt: skip


def _state(msg: Message | None) -> str:
    if msg is None:
        return "untranslated"
    if msg.fuzzy:
        return "fuzzy"
    forms = (msg.string,) if isinstance(msg.string, str) else tuple(msg.string or ())  # a plural entry: every form
    return "translated" if forms and all(isinstance(f, str) and f.strip() for f in forms) else "untranslated"


def status(workspace: Path, langs: Iterable[str] | None = None, broken: dict[str, str] | None = None,
           unreadable: dict[str, str] | None = None) -> list[LanguageStatus]:  # fmt: skip
    """Per language, per article (and ``templates``): how much of the current source is translated.

    With ``broken``, an unreadable article is named there (and left out); the rest is counted.
    With ``unreadable``, a catalog that cannot be parsed is named there (language → the error
    line) and the other languages are counted: one translator's typo does not hide the others.
    """
    from handouts.errors import CatalogError

    template = build_template(workspace, broken=broken)
    out = []
    for lang in _languages(workspace, langs):
        try:
            lp = read_catalog(catalog_path(workspace / "locales", lang), lang)
        except CatalogError as e:
            if unreadable is None:
                raise
            unreadable[lang] = str(e)
            continue
        cat = lp.catalog
        assert cat is not None
        rows: dict[str, Counts] = {}
        for m in for_language(template, workspace, lang, broken):
            if not m.id:
                continue
            name = m.context or TEMPLATES_ROW
            row = rows.setdefault(name, Counts(name))
            state = _state(cat.get(m.id, m.context))
            setattr(row, state, getattr(row, state) + 1)
        in_template = {(m.context, m.id) for m in for_language(template, workspace, lang, broken) if m.id}
        stale = [m for m in cat if m.id and (m.context, m.id) not in in_template]
        for m in list(cat.obsolete.values()) + stale:
            if broken and m.context in broken:  # an unreadable article's entries: not obsolete, just not counted now
                continue
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
