"""Languages: catalogs at render time, and the translator's workflow on gettext catalogs.

At render time (low in the layers): :mod:`~handouts.i18n.runtime` (catalog lookups, the
languages a workspace has) over :mod:`~handouts.i18n.po` (the strict PO scanner) and
:mod:`~handouts.i18n.languages` (each language's names, BCP 47 tag, native digits and dates in
an era, from CLDR).

The translator's workflow (``handouts i18n …``; no terminal code, the CLI prints):
:mod:`~handouts.i18n.extract` (sources → ``handouts.pot``), :mod:`~handouts.i18n.update`
(``init`` and ``update``: template → catalogs), :mod:`~handouts.i18n.status` (how much is
translated), :mod:`~handouts.i18n.check` (findings, file:line) over :mod:`~handouts.i18n.rules`
(the translation rules), :mod:`~handouts.i18n.compile` (``.mo``) and :mod:`~handouts.i18n.proof`
(side-by-side review PDF). :mod:`~handouts.i18n.pofile` reads catalogs strictly into Babel and
writes them back.

The runtime names are re-exported here (``from handouts.i18n.runtime import Catalog`` keeps working);
new code imports them from :mod:`handouts.i18n.runtime`.
"""

from __future__ import annotations

from handouts.i18n.runtime import (
    ARABIC_DIGITS,
    DOMAIN,
    LANG_TAGS,
    THAI_DIGITS,
    Catalog,
    Message,
    available_languages,
    catalog_path,
    format_date,
    lang_tag,
    load_catalog,
    to_arabic_digits,
)

__all__ = [
    "ARABIC_DIGITS",
    "DOMAIN",
    "LANG_TAGS",
    "THAI_DIGITS",
    "Catalog",
    "Message",
    "available_languages",
    "catalog_path",
    "format_date",
    "lang_tag",
    "load_catalog",
    "to_arabic_digits",
]
