"""Article + catalog → translated model (:class:`handouts.model.Handout` without chrome).

Every entry is looked up by (msgctxt = article id, msgid). An entry that is missing, empty or
fuzzy falls back to the source text, with an ``i18n.untranslated`` / ``i18n.fuzzy`` warning
naming the entry, its article line and catalog line; the percentage of translated entries
drives the DRAFT mark.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from handouts.content.article import Article, Entry
from handouts.content.inline import parse_inline
from handouts.diagnostics import Diagnostics
from handouts.errors import ContentError
from handouts.i18n.runtime import Catalog
from handouts.model import Block, BulletList, Heading, ListItem, Meta, Paragraph, Source


@dataclass(frozen=True, slots=True)
class Translated:
    meta: Meta
    blocks: tuple[Block, ...]
    percent: int
    content_hash: str
    missing: tuple[Entry, ...]


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def translate(
    article: Article, catalog: Catalog, diagnostics: Diagnostics, refused: frozenset[str] = frozenset()
) -> Translated:
    """Translate every entry (source language: the entries as they are).

    ``refused`` msgids (the translation gate found errors in them) keep their source text without
    a warning: the caller refuses the handout with the findings.
    """
    where = article.rel_path  # resolved once: it names every warning and every source
    texts: list[tuple[Entry, str, bool]] = []
    missing: list[Entry] = []
    lines: dict[Entry, int] = {}  # catalog line of each translation used
    for e in article.entries:
        msg = catalog.lookup(article.id, e.text)
        if catalog.path is None or e.text in refused:
            texts.append((e, e.text, True))
            continue
        if msg is not None and msg.msgstr.strip() and not msg.fuzzy:
            texts.append((e, msg.msgstr, True))
            lines[e] = msg.line
            continue
        missing.append(e)
        texts.append((e, e.text, False))
        if msg is not None and msg.fuzzy:
            diagnostics.warn(
                "i18n.fuzzy",
                f"fuzzy translation of {_short(e.text)!r} not used (catalog line {msg.line}); showing the source text",
                where,
                e.line,
            )
        else:
            diagnostics.warn(
                "i18n.untranslated",
                f"no {catalog.lang} translation for {_short(e.text)!r}; showing the source text",
                where,
                e.line,
            )
    total = len(texts)
    done = sum(1 for _, _, ok in texts if ok)
    percent = 100 if total == 0 else int(100 * done / total)
    title = next(t for e, t, _ in texts if e.kind == "title")
    subtitle = next((t for e, t, _ in texts if e.kind == "subtitle"), "")
    f = article.front
    meta = Meta(
        article_id=article.id,
        title=title,
        subtitle=subtitle,
        source_lang=f["lang"],
        author=f["author"],
        reviewer=f["reviewer"],
        reviewed=f["reviewed"],
        next_review=f["next_review"],
        source=f["source"],
        version=f["version"],
    )
    blocks: list[Block] = []
    items: list[ListItem] = []
    current_group = 0
    list_ordered, list_start = False, 1

    def close_list() -> None:
        nonlocal items
        if items:
            blocks.append(BulletList(tuple(items), list_ordered, list_start))
            items = []

    for e, text, ok in texts:
        src = Source(where, e.line, e.text)
        if e.kind != "li" or e.group != current_group:
            close_list()
        if e.kind in ("title", "subtitle"):
            continue
        try:
            inl = parse_inline(text)
        except ContentError as err:  # name the file and line the text came from
            err.path, err.line = (catalog.path, lines[e]) if e in lines else (where, e.line)
            raise
        if e.kind in ("h2", "h3"):
            blocks.append(Heading(2 if e.kind == "h2" else 3, inl, src, ok))
        elif e.kind == "p":
            blocks.append(Paragraph(inl, src, ok))
        else:
            current_group, list_ordered, list_start = e.group, e.ordered, e.start
            items.append(ListItem(inl, src, ok))
    close_list()
    digest = hashlib.sha256()
    for e, text, _ in texts:
        digest.update(f"{e.kind}\0{text}\0".encode())
    digest.update(repr(sorted((k, str(v)) for k, v in f.items())).encode())
    return Translated(meta, tuple(blocks), percent, digest.hexdigest()[:8], tuple(missing))
