"""Article + catalog → translated model (:class:`handouts.model.Handout` without chrome).

The article's skeleton (:mod:`.markdown`) is rebuilt with each entry's translation: nested
lists, tables cell by cell, callouts (labelled with ``labels``, the frame template's
translated words), quotes and figures (the image file resolved for the language).

Every entry is looked up by (msgctxt = article id, msgid). An entry that is missing, empty or
fuzzy falls back to the source text, with an ``i18n.untranslated`` / ``i18n.fuzzy`` warning
naming the entry, its article line and catalog line; the percentage of translated entries
drives the DRAFT mark.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from handouts.content.article import CREDITS, Article
from handouts.content.figures import MIN_PRINTED_MM, resolve_image, too_small
from handouts.content.inline import parse_inline
from handouts.content.markdown import Entry, Node, SFigure, SItem, SList, SQuote, SRule, STable, SText
from handouts.diagnostics import Diagnostics
from handouts.errors import ContentError
from handouts.i18n.languages import named
from handouts.i18n.runtime import Catalog, missing_summary, untranslated_summary
from handouts.model import (
    Block,
    BulletList,
    Callout,
    Cell,
    Code,
    Figure,
    Heading,
    Inline,  # fmt: skip
    LineBreak,
    ListItem,
    Meta,
    Paragraph,
    Quote,
    Rule,
    Source,
    Table,
    plain,
)

CALLOUT_LABELS = {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}


@dataclass(frozen=True, slots=True)
class Translated:
    """An article in one language: its metadata and blocks, the share translated, its content hash and the entries missing."""
    meta: Meta
    blocks: tuple[Block, ...]
    percent: int
    content_hash: str
    missing: tuple[Entry, ...]


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def translate(article: Article, catalog: Catalog, diagnostics: Diagnostics, refused: frozenset[str] = frozenset(),
              *, roots: tuple[Path, ...] = (), labels: Mapping[str, str] | None = None,
              blocks: bool = True) -> Translated:  # fmt: skip
    """Translate every entry (source language: the entries as they are) and rebuild the structure.

    ``refused`` msgids (the translation gate found errors in them) keep their source text without
    a warning: the caller refuses the handout with the findings. ``roots``: the folders images
    may come from (the workspace; default the article's folder); ``labels``: the translated
    callout labels by kind (default: the English words); ``blocks=False``: only count (no model
    blocks, no image files opened), e.g. for a listing.
    """
    where = article.rel_path  # resolved once: it names every warning and every source
    texts: list[tuple[Entry, str, bool]] = []
    missing: list[Entry] = []
    lines: dict[int, int] = {}  # catalog line of each translation used, by entry
    for e in article.entries:
        msg = catalog.lookup(article.id, e.text)
        if catalog.path is None or e.text in refused:
            texts.append((e, e.text, True))
            continue
        if msg is not None and msg.msgstr.strip() and not msg.fuzzy:
            texts.append((e, msg.msgstr, True))
            lines[id(e)] = msg.line
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
        elif msg is None:  # new or changed since the last update: there is no entry to translate yet
            diagnostics.warn(
                "i18n.untranslated",
                f"no {named(catalog.lang)} translation for {_short(e.text)!r}: not in the {catalog.lang} catalog yet "
                f"(run 'handouts i18n update {catalog.lang}'); showing the source text",
                where,
                e.line,
                summary=missing_summary(catalog.lang),
            )
        else:
            diagnostics.warn(
                "i18n.untranslated",
                f"no {named(catalog.lang)} translation for {_short(e.text)!r}; showing the source text",
                where,
                e.line,
                summary=untranslated_summary(catalog.lang),
            )
    total = len(texts)
    done = sum(1 for _, _, ok in texts if ok)
    percent = 100 if total == 0 else int(100 * done / total)
    title = next(t for e, t, _ in texts if e.kind == "title")
    subtitle = next((t for e, t, _ in texts if e.kind == "subtitle"), "")
    f = article.front
    credits: dict[str, str] = {}
    fallback = [e.kind for e, _, ok in texts if not ok and e.kind in ("title", "subtitle")]
    for key in CREDITS:
        credits[key], fell_back = article.credit(key, catalog.lang)
        if fell_back:
            fallback.append(key)
            diagnostics.warn("content.credit-fallback", f"{key} has no {catalog.lang} value; printing the "
                             f"{f['lang']} one (add '{catalog.lang}: \"…\"' under {key})", where, article.line_of(key))  # fmt: skip
        elif isinstance(f[key], str) and catalog.lang != f["lang"]:
            fallback.append(key)  # one string for every language: the front matter's, in the article's language
    meta = Meta(
        article_id=article.id,
        title=title,
        subtitle=subtitle,
        source_lang=f["lang"],
        author=credits["author"],
        reviewer=credits["reviewer"],
        reviewed=f["reviewed"],
        next_review=f["next_review"],
        source=credits["source"],
        version=f["version"],
        fallback=tuple(fallback),
    )
    done_text = {id(e): (t, ok) for e, t, ok in texts}
    builder = _Builder(article, done_text, catalog.lang, roots or (article.path.parent,), labels or {},
                       (catalog.path, lines))  # fmt: skip
    for notice in article.notices:
        diagnostics.warn(notice.code, notice.message, where, notice.line)
    built = builder.nodes(article.nodes) if blocks else ()
    for message, line in builder.small:
        diagnostics.warn("content.image-small", message, where, line)
    digest = hashlib.sha256()
    for e, text, _ in texts:
        digest.update(f"{e.kind}\0{text}\0".encode())
    digest.update(repr(sorted((k, str(v)) for k, v in f.items())).encode())
    return Translated(meta, built, percent, digest.hexdigest()[:8], tuple(missing))


class _Builder:
    """Skeleton nodes + translated entry texts → model blocks."""

    def __init__(self, article: Article, texts: dict[int, tuple[str, bool]], lang: str, roots: tuple[Path, ...],
                 labels: Mapping[str, str], catalog_lines: tuple[Path | None, dict[int, int]]) -> None:  # fmt: skip
        self.article, self.texts, self.lang, self.roots, self.labels = article, texts, lang, roots, labels
        self.where = article.rel_path
        self.catalog, self.catalog_lines = catalog_lines
        self.small: list[tuple[str, int]] = []  # pictures too small to see: (message, line)

    def parse(self, e: Entry, text: str) -> tuple[Inline, ...]:
        """An entry's (translated) inline Markdown; an error names the file and line the text came from."""
        try:
            return parse_inline(text, self.article.references)
        except ContentError as err:
            line = self.catalog_lines.get(id(e))
            err.path, err.line = (self.catalog, line) if line is not None else (self.where, e.line)
            raise

    def text(self, e: Entry) -> tuple[str, bool]:
        return self.texts.get(id(e), (e.text, True))

    def inlines(self, e: Entry) -> tuple[tuple[Inline, ...], Source, bool]:
        text, ok = self.text(e)
        return self.parse(e, text), Source(self.where, e.line, e.text), ok

    def nodes(self, nodes: tuple[Node, ...]) -> tuple[Block, ...]:
        return tuple(self.node(n) for n in nodes)

    def node(self, n: Node) -> Block:
        match n:
            case SText(entry=e) if e.kind in ("h2", "h3", "h4"):
                inl, src, ok = self.inlines(e)
                return Heading(int(e.kind[1]), inl, src, ok)
            case SText(entry=e) if e.kind == "code":
                text, ok = self.text(e)
                parts: list[Code | LineBreak] = []
                for k, line in enumerate(text.split("\n")):
                    if k:
                        parts.append(LineBreak())
                    parts.append(Code(line or " "))
                return Paragraph(tuple(parts), Source(self.where, e.line, e.text), ok)
            case SText(entry=e):
                inl, src, ok = self.inlines(e)
                return Paragraph(inl, src, ok)
            case SList(ordered=o, start=start, items=items, delim=delim):
                return BulletList(tuple(self.item(it) for it in items), o, start, delim)
            case STable(header=head, rows=rows, align=align, line=line):
                return Table(tuple(self.cell(c) for c in head), tuple(tuple(self.cell(c) for c in r) for r in rows),
                             align, Source(self.where, line))  # fmt: skip
            case SQuote(kind="", children=kids, line=line):
                return Quote(self.nodes(kids), Source(self.where, line))
            case SQuote(kind=kind, children=kids, line=line):
                label = self.labels.get(kind) or CALLOUT_LABELS[kind]
                return Callout(kind, label, self.nodes(kids), Source(self.where, line, CALLOUT_LABELS[kind]))
            case SFigure(src=src, alt=alt, caption=cap, line=line):
                img = resolve_image(src, self.article.path, self.lang, self.roots, line, str(self.where))
                small = too_small(img)
                if small is not None:
                    self.small.append((f"image {src} {small}; export it at least "
                                       f"{math.ceil(MIN_PRINTED_MM * 96 / 25.4)} px on its longer side", line))
                alt_text, alt_ok = self.text(alt)
                # the alt text as a screen reader reads it: its Markdown (*red*, [a link](…), \[) as plain text
                alt_plain = " ".join(plain(self.parse(alt, alt_text)).split())
                cap_inl, cap_ok = (self.parse(cap, self.text(cap)[0]), self.text(cap)[1]) if cap else ((), True)
                return Figure(str(img.path), src, img.fmt, img.width, img.height,
                              alt_plain or " ".join(alt_text.split()) or alt.text,
                              cap_inl, Source(self.where, line, alt.text), alt_ok and cap_ok,
                              Source(self.where, line, cap.text) if cap else None)  # fmt: skip
            case SRule(line=line):
                return Rule(Source(self.where, line))
        raise AssertionError(f"unknown skeleton node {n!r}")

    def item(self, it: SItem) -> ListItem:
        if it.entry is None:
            return ListItem((), Source(self.where, it.line), True, self.nodes(it.children), it.task)
        inl, src, ok = self.inlines(it.entry)
        return ListItem(inl, src, ok, self.nodes(it.children), it.task)

    def cell(self, e: Entry) -> Cell:
        inl, src, ok = self.inlines(e)
        return Cell(inl, src, ok)



def callout_kinds(nodes: tuple[Node, ...]) -> list[str]:
    """The callout kinds an article uses, in order of first use (their labels need translating)."""
    out: list[str] = []
    for n in nodes:
        kids: tuple[Node, ...] = ()
        if isinstance(n, SQuote):
            if n.kind and n.kind not in out:
                out.append(n.kind)
            kids = n.children
        elif isinstance(n, SList):
            kids = tuple(c for it in n.items for c in it.children)
        out.extend(k for k in callout_kinds(kids) if k not in out)
    return out

