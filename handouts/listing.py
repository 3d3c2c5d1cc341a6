"""A workspace → its overview for ``handouts list``: articles (translated percentage and warning
count per language), clinics and languages.

Reads the articles, catalogs and clinics only: no layout, no typesetting (``handouts list``
stays quick, and imports nothing of the typesetter but the shipped table of what its fonts draw;
tests/cli/test_imports.py checks it).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from handouts.branding import check_drawable, load_brand
from handouts.content.article import CREDITS, Article, list_articles, load_article
from handouts.content.translate import translate
from handouts.diagnostics import Diagnostics
from handouts.errors import HandoutError
from handouts.i18n.languages import language_name
from handouts.i18n.runtime import available_languages, load_catalog
from handouts.modelcache import Steps
from handouts.typesetting.coverage import undrawable
from handouts.workspace.settings import load_settings


def _load(path: Path, _: Diagnostics) -> Article:
    return load_article(path)


def inventory(workspace: Path, today: dt.date) -> dict[str, Any]:
    """Articles (with translation percentage per language), clinics and languages.

    A broken article, catalog, clinic or ``handouts.toml`` never stops the listing: it is left out (a clinic is
    listed as invalid) and its error is in ``problems`` (one line each, naming file and line).
    An article whose ``next_review`` is before ``today`` is ``overdue``.
    """
    locales = workspace / "locales"
    articles: list[dict[str, object]] = []
    problems: list[str] = []
    try:  # the settings every render reads: a typo in them is named here too, not found at the next render
        load_settings(workspace)
    except HandoutError as e:
        problems.append(str(e))
    langs_all: set[str] = set()
    steps = Steps.on(workspace)  # a parsed article from the disk cache, as a render takes it: no Markdown parser
    for aid in list_articles(workspace):
        path = workspace / "articles" / f"{aid}.md"
        try:
            article = steps.memo("article", (str(path),), functools.partial(_load, path), None, (path,))
        except HandoutError as e:
            problems.append(str(e))
            continue
        source_lang = article.front["lang"]
        langs: dict[str, int] = {}
        warnings: dict[str, int] = {}
        for lang in available_languages(locales, source_lang):
            langs_all.add(lang)
            try:
                catalog = load_catalog(locales, lang, source_lang)
                found = Diagnostics(log=False)  # counted, not printed: 'list' is an overview
                langs[lang] = translate(article, catalog, found, blocks=False).percent
                warnings[lang] = len(found)
            except HandoutError as e:
                if str(e) not in problems:
                    problems.append(str(e))
        credits = {key: article.front[key] for key in CREDITS}  # a string, or {lang: string}
        next_review = article.front["next_review"]
        articles.append({"id": aid, "title": article.front["title"], "languages": langs, **credits,
                         "next_review": next_review.isoformat(),
                         "overdue": next_review is not None and next_review < today,
                         "warnings": warnings})  # fmt: skip
    clinics: list[dict[str, object]] = []
    for path in sorted((workspace / "clinics").glob("*.toml")):
        cid = path.stem
        try:
            found = Diagnostics(log=False)
            brand = load_brand(path, workspace, found)
            # a name or address no shipped font draws: every render and 'init' refuse it (read from the
            # shipped table of what the fonts draw, as 'i18n check' does: no font is loaded)
            check_drawable(brand, path, workspace, undrawable)
            clinics.append({"id": cid, "name": brand.name_en, "warnings": len(found)})
        except HandoutError as e:  # a broken clinic is listed, not fatal
            # (a problem of another file, the workspace's settings: named with its file)
            mine = e.path is None or Path(e.path).name == path.name
            clinics.append({"id": cid, "name": f"(invalid: {e.message if mine else e})"})
            problems.append(str(e))
    names = {lang: language_name(lang) for lang in sorted(langs_all)}  # "Burmese (မြန်မာ)"
    return {"articles": articles, "clinics": clinics, "languages": sorted(langs_all), "language_names": names,
            "problems": problems}  # fmt: skip
