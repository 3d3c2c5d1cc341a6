"""The workspace → what the server may offer: article, clinic and language ids (never paths).

Every id in a request is checked against this inventory before anything is read, so a request
can never name a file. One broken article or clinic is listed with its error (and refused on its
own) while the rest stay available. Titles are given per language (the translated title when the
catalog has it), for the front desk's search and the Infobutton answer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from handouts.content.codes import Code
from handouts.errors import HandoutError

PROFILES: Final = ("standard", "large")
LAYOUTS: Final = ("single", "a5-booklet", "2up")


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article as the server shows it."""

    id: str
    source_lang: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # lang → title
    langs: tuple[str, ...] = ()
    codes: tuple[Code, ...] = ()
    next_review: dt.date | None = None
    error: str = ""  # why this article cannot be printed (the others still can)

    def title(self, lang: str) -> str:
        first = lang.split("+")[0]
        return self.titles.get(first) or self.titles.get(self.source_lang) or self.id

    @property
    def choices(self) -> tuple[str, ...]:
        """The languages a front desk may pick: each single language, then the bilingual pairs."""
        pairs = tuple(f"{a}+{b}" for a in self.langs for b in self.langs if a != b)
        return self.langs + pairs


@dataclass(frozen=True, slots=True)
class ClinicInfo:
    """A clinic as the front desk lists it: id, name, and the error that keeps it from rendering."""
    id: str
    name: str
    error: str = ""


@dataclass(frozen=True, slots=True)
class Inventory:
    """The workspace's articles and clinics as the front desk lists them."""
    articles: tuple[ArticleInfo, ...]
    clinics: tuple[ClinicInfo, ...]

    def article(self, article_id: str) -> ArticleInfo | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def clinic(self, clinic_id: str) -> ClinicInfo | None:
        return next((c for c in self.clinics if c.id == clinic_id), None)

    def search(self, query: str, lang: str) -> list[ArticleInfo]:
        """Articles whose title (in ``lang`` or the source language) or id contains ``query``."""
        q = query.casefold().strip()
        if not q:
            return list(self.articles)
        return [a for a in self.articles
                if q in a.id.casefold() or any(q in t.casefold() for t in (a.title(lang), *a.titles.values()))]  # fmt: skip


def _article(workspace: Path, article_id: str) -> ArticleInfo:
    from handouts.content.article import load_article
    from handouts.content.translate import translate
    from handouts.diagnostics import Diagnostics
    from handouts.i18n.runtime import available_languages, load_catalog

    try:
        article = load_article(workspace / "articles" / f"{article_id}.md")
        source = article.front["lang"]
        titles = {source: str(article.front["title"])}
        langs = tuple(available_languages(workspace / "locales", source))
        for lang in langs:
            if lang != source:
                # a broken catalog: that language is refused when rendered (the CLI's message); the
                # article's other languages still print, as with 'handouts render'
                with contextlib.suppress(HandoutError):
                    titles[lang] = translate(article, load_catalog(workspace / "locales", lang, source), Diagnostics(log=False)).meta.title  # (titles only: no warnings)
        return ArticleInfo(article_id, source, titles, langs, tuple(article.front.get("codes", ())),
                           article.front.get("next_review"))  # fmt: skip
    except HandoutError as e:
        from handouts.serve.work import in_workspace

        return ArticleInfo(article_id, error=in_workspace(str(e), str(workspace)))


def load_inventory(workspace: Path) -> Inventory:
    """Read the articles and clinics of ``workspace`` (cheap: parsed files are cached by mtime)."""
    from handouts.branding import load_brand
    from handouts.content.article import list_articles

    articles = tuple(_article(workspace, aid) for aid in list_articles(workspace))
    clinics: list[ClinicInfo] = []
    for path in sorted((workspace / "clinics").glob("*.toml")):
        try:
            brand = load_brand(path, workspace)
            clinics.append(ClinicInfo(path.stem, brand.name_en))
        except HandoutError as e:
            from handouts.serve.work import in_workspace

            clinics.append(ClinicInfo(path.stem, path.stem, error=in_workspace(str(e), str(workspace))))
    return Inventory(articles, tuple(clinics))
