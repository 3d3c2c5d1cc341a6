"""An article + its catalog → a translator's proof: source and translation side by side, as a PDF.

Each entry gets a label line (where it comes from, its catalog line and its state:
translated / fuzzy / untranslated), the source on the left and the translation on the right,
then the check results. The text is set with the handout's own typesetter
(:class:`~handouts.typesetting.flowable.TextBlock`: HarfBuzz shaping, Thai word breaks), so a
reviewer sees the Thai exactly as the handout will show it. The proof is A4 landscape, with
no clinic branding; it is for review, never for patients.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.content.article import Article, find_article, load_article
from handouts.content.inline import escape, parse_inline
from handouts.diagnostics import Diagnostics
from handouts.i18n.extract import build_template
from handouts.i18n.pofile import _languages, read_catalog
from handouts.i18n.rules import graded
from handouts.i18n.runtime import catalog_path, lang_tag, shown
from handouts.i18n.status import _state
from handouts.layout.blocks import spans
from handouts.layout.styles import MM, PAPER, styles_for
from handouts.textfile import control_characters
from handouts.typesetting.flowable import TextBlock, hex_to_rgb
from handouts.typesetting.fonts import font_set, register_reportlab
from handouts.typesetting.spans import Span, TextStyle

STATE_COLORS = {"translated": "#1B6E35", "fuzzy": "#9A5B00", "untranslated": "#B00020"}
TEXT, MUTED, RULE, LINK = "#111111", "#555555", "#BBBBBB", "#1F4E8C"
SIZE, SMALL = 10.5, 8.5
MARGIN, GUTTER = 14 * MM, 8 * MM


@dataclass(frozen=True, slots=True)
class ProofEntry:
    """One entry of the proof."""

    label: str  # e.g. "articles/x.md:21 · paragraph"
    po_ref: str  # e.g. "locales/th/LC_MESSAGES/handouts.po:57"
    source: str  # inline Markdown
    translation: str  # inline Markdown; "" when untranslated
    status: str  # translated | fuzzy | untranslated
    notes: tuple[str, ...] = ()  # check results, "error: …" / "warning: …"
    previous: str = ""  # the previous source of a fuzzy entry


@dataclass(frozen=True, slots=True)
class ProofDoc:
    """What the proof shows."""

    title: str
    article_id: str
    source_lang: str
    source_name: str
    lang: str
    lang_name: str
    percent: int
    entries: tuple[ProofEntry, ...]


class _Pages:
    """A canvas with a cursor: page furniture, and rows that break across pages."""

    def __init__(self, canv: Any, doc: ProofDoc, diagnostics: Diagnostics) -> None:
        self.canv, self.doc, self.d = canv, doc, diagnostics
        self.width, self.height = PAPER["A4"][1], PAPER["A4"][0]
        self.x0, self.x1 = MARGIN, self.width - MARGIN
        self.col = (self.x1 - self.x0 - GUTTER) / 2
        self.bottom = MARGIN + 6 * MM
        self.page = 0
        self.y = 0.0
        self.fresh = True
        # Thai's 1.6, or more when a column is Burmese, Khmer or Lao (their marks stack deeper)
        self.leading = max(1.6, styles_for(f"{doc.source_lang}+{doc.lang}").leading)

    def block(self, markdown: str, size: float = SIZE, *, lang: str, face: str = "regular", color: str = TEXT,
              indent: float = 0.0) -> TextBlock:  # fmt: skip
        lead = round(size * self.leading, 2)  # one leading for both languages: the two columns stay on one grid
        sp = spans(parse_inline(markdown), TextStyle(face=face, size=size, color=color), lang, LINK)
        if not sp:
            sp = (Span(" ", TextStyle(size=size), None, lang),)
        return TextBlock(sp, leading=lead, indent=indent, diagnostics=self.d)

    def new_page(self) -> None:
        c = self.canv
        if self.page:
            c.showPage()
        self.page += 1
        doc = self.doc
        top = self.height - MARGIN
        head = self.block(f"**Translation proof** · {escape(doc.title)}", 12, lang=doc.source_lang)
        head.wrap(self.x1 - self.x0, 100)
        head.drawOn(c, self.x0, top - head.height)
        y = top - head.height
        info = (f"{escape(doc.article_id)} · {escape(doc.source_name)} → {escape(doc.lang_name)} ({doc.lang}) · "
                f"{doc.percent}% of the article translated · page {self.page}")  # fmt: skip
        sub = self.block(info, SMALL, lang="en", color=MUTED)
        sub.wrap(self.x1 - self.x0, 100)
        sub.drawOn(c, self.x0, y - sub.height)
        y -= sub.height + 3 * MM
        for x, text in ((self.x0, f"**{escape(doc.source_name)}** (source)"),
                        (self.x0 + self.col + GUTTER, f"**{escape(doc.lang_name)}** (translation)")):  # fmt: skip
            b = self.block(text, SMALL + 1, lang="en", color=MUTED)
            b.wrap(self.col, 100)
            b.drawOn(c, x, y - b.height)
        y -= self.block("x", SMALL + 1, lang="en").wrap(self.col, 100)[1] + 1 * MM
        self.rule(y, 0.8)
        self.y = y - 2.5 * MM
        self.fresh = True
        self.footer()

    def rule(self, y: float, width: float = 0.4) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColorRGB(*hex_to_rgb(RULE))
        c.setLineWidth(width)
        c.line(self.x0, y, self.x1, y)
        c.restoreState()

    def full(self, block: TextBlock) -> None:
        """A block across both columns (label, notes); starts a page when it does not fit."""
        _, h = block.wrap(self.x1 - self.x0, self.y - self.bottom)
        if h > self.y - self.bottom and not self.fresh:
            self.new_page()
            block.wrap(self.x1 - self.x0, self.y - self.bottom)
        block.drawOn(self.canv, self.x0, self.y - block.height)
        self.y -= block.height
        self.fresh = False

    def row(self, left: TextBlock, right: TextBlock) -> None:
        """Two columns side by side, split across pages when taller than what is left."""
        pending: list[TextBlock | None] = [left, right]
        xs = (self.x0, self.x0 + self.col + GUTTER)
        while any(pending):
            avail = self.y - self.bottom
            heights = [b.wrap(self.col, avail)[1] if b else 0.0 for b in pending]
            if max(heights) <= avail:
                for b, x in zip(pending, xs, strict=True):
                    if b:
                        b.drawOn(self.canv, x, self.y - b.height)
                self.y -= max(heights)
                self.fresh = False
                return
            if not self.fresh and max(heights) <= self.height - 2 * MARGIN - 30 * MM:
                self.new_page()  # the whole row fits on a new page: keep it together
                continue
            rest: list[TextBlock | None] = []
            used = 0.0
            for b, x in zip(pending, xs, strict=True):
                if b is None:
                    rest.append(None)
                    continue
                parts = b.split(self.col, avail)
                if parts == [b] or not parts:
                    if parts == [b] or self.fresh:
                        b.wrap(self.col, avail)
                        b.drawOn(self.canv, x, self.y - b.height)
                        used = max(used, b.height)
                        rest.append(None)
                    else:
                        rest.append(b)
                    continue
                first, second = parts
                first.wrap(self.col, avail)
                first.drawOn(self.canv, x, self.y - first.height)
                used = max(used, first.height)
                rest.append(second)
            self.y -= used
            pending = rest
            if any(pending):
                self.new_page()

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` fits in what is left (or cannot fit on any page)."""
        capacity = self.height - 2 * MARGIN - 30 * MM
        left = self.y - self.bottom
        if not self.fresh and height > left and (height <= capacity or left < 0.3 * capacity):
            self.new_page()

    def footer(self) -> None:
        c = self.canv
        note = self.block("For review only — not a patient handout. Fuzzy and untranslated entries show the "
                          "source text in a handout, which is then marked DRAFT.", 7.5, lang="en", color=MUTED)  # fmt: skip
        note.wrap(self.x1 - self.x0, 50)
        note.drawOn(c, self.x0, MARGIN - note.height + 2 * MM)


def render_proof(doc: ProofDoc, diagnostics: Diagnostics | None = None) -> bytes:
    """The proof of ``doc`` as PDF bytes (deterministic: ``invariant=1``)."""
    from reportlab.pdfgen.canvas import Canvas

    from handouts import __version__

    d = diagnostics if diagnostics is not None else Diagnostics()
    register_reportlab(font_set())
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(PAPER["A4"][1], PAPER["A4"][0]), invariant=1, initialFontName="Sarabun",
                  initialFontSize=SIZE, lang=lang_tag(doc.lang), pageCompression=1)  # fmt: skip
    canv.setTitle(f"Translation proof: {doc.title} ({doc.lang})")
    canv.setSubject(f"{doc.article_id} {doc.source_lang} → {doc.lang}")
    canv.setCreator(f"handouts {__version__}")
    pages = _Pages(canv, doc, d)
    pages.new_page()
    for n, e in enumerate(doc.entries, 1):
        color = STATE_COLORS.get(e.status, MUTED)
        label = pages.block(
            f"**{n}.** {escape(e.label)} · {escape(e.po_ref)} · **{e.status.upper()}**", SMALL, lang="en", color=color
        )
        left = pages.block(e.source, lang=doc.source_lang)
        if e.translation.strip():
            right = pages.block(e.translation, lang=doc.lang)
        else:
            right = pages.block("*(not translated: the handout shows the source text)*", lang="en", color=MUTED)
        wide = pages.x1 - pages.x0
        pages.keep(label.wrap(wide, 1e6)[1] + 1 * MM + max(left.wrap(pages.col, 1e6)[1], right.wrap(pages.col, 1e6)[1]))
        pages.full(label)
        pages.y -= 1 * MM
        pages.row(left, right)
        if e.status == "fuzzy":
            prev = f"fuzzy: translated from an earlier source{': ' + escape(e.previous) if e.previous else ''} — " \
                   "review it, then remove the fuzzy flag"  # fmt: skip
            pages.y -= 1 * MM
            pages.full(pages.block(prev, SMALL, lang="en", face="italic", color=STATE_COLORS["fuzzy"]))
        for note in e.notes:
            pages.y -= 0.5 * MM
            bad = note.startswith("error")
            pages.full(pages.block(escape(note), SMALL, lang="en", face="bold" if bad else "regular",
                                   color=STATE_COLORS["untranslated"] if bad else STATE_COLORS["fuzzy"]))  # fmt: skip
        pages.y -= 2 * MM
        if pages.y - pages.bottom > 4 * MM:
            pages.rule(pages.y + 1 * MM)
        pages.y -= 2 * MM
    canv.save()
    return buf.getvalue()


def proof(workspace: Path, article_ref: str, lang: str) -> tuple[bytes, int, int]:
    """A side-by-side review PDF of one article (and the frame strings) in ``lang``.

    Returns (PDF bytes, number of entries, number of entries with check errors).
    """
    from babel import Locale

    article = load_article(find_article(article_ref, workspace))
    (lang,) = _languages(workspace, [lang])
    lp = read_catalog(catalog_path(workspace / "locales", lang), lang)
    cat = lp.catalog
    assert cat is not None
    lines = {e.key: e.msgstr_line for e in lp.scan.entries if not e.obsolete}
    where = shown(lp.path)
    kinds = {"title": "title", "subtitle": "subtitle", "h2": "heading", "h3": "heading", "h4": "heading",
             "p": "paragraph", "li": "list item", "th": "table header", "td": "table cell",
             "alt": "image alt text", "caption": "image caption", "code": "code block"}  # fmt: skip
    entries: list[ProofEntry] = []
    bad = 0

    from handouts.typesetting.fonts import undrawable

    def shown_text(text: str) -> str:
        """The text as the proof can print it: a character no font draws (or a control) as [U+XXXX],
        named by its entry's note, so one bad character never stops the whole proof."""
        bad_chars = {*undrawable(text), *control_characters(text)}
        return "".join(f"[U+{ord(c):04X}]" if c in bad_chars else c for c in text) if bad_chars else text

    def entry(label: str, context: str | None, msgid: str | tuple[str, ...]) -> ProofEntry:
        nonlocal bad
        ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)  # a plural entry: msgid, msgid_plural
        msg = cat.get(ids[0], context)
        state = _state(msg)
        raw = msg.string if msg is not None else ""
        forms = [raw] if isinstance(raw, str) else [f if isinstance(f, str) else "" for f in raw or ()]
        notes: list[str] = []
        for k, form in enumerate(forms):  # msgstr[0] against the msgid, the other forms against msgid_plural
            if form.strip():
                for problem in graded(ids[min(k, len(ids) - 1)], form, lang, template=context is None,
                                      fuzzy=state == "fuzzy", undrawable=undrawable):  # fmt: skip
                    notes.append(shown_text(f"{problem.severity}: {problem.message}"))
        if any(n.startswith("error") for n in notes):
            bad += 1
        text = " / ".join(forms) if any(f.strip() for f in forms) else ""
        line = lines.get((context, ids[0]))
        po_ref = f"{where}:{line}" if line else f"{where}: (not in the catalog; run 'handouts i18n update')"
        previous = msg.previous_id[0] if msg is not None and msg.fuzzy and msg.previous_id else ""
        return ProofEntry(label, po_ref, shown_text(" / ".join(ids)), shown_text(text), state, tuple(notes),
                          shown_text(previous))  # fmt: skip

    for e in article.entries:
        entries.append(entry(f"articles/{article.id}.md:{e.line} · {kinds.get(e.kind, e.kind)}", article.id, e.text))
    outside = _outside(article, lang, workspace)  # signed off with the entries: the reviewer sees them here
    frame = [m for m in build_template(workspace) if m.id and m.context is None]
    for m in frame:
        ref = ", ".join(f"{p}:{n}" for p, n in m.locations)
        entries.append(entry(f"{ref} · frame", None, m.id if isinstance(m.id, tuple) else str(m.id)))
    article_entries = entries[: len(article.entries)]
    catalog_entries = len(entries)
    entries[len(article.entries) : len(article.entries)] = outside
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
    return render_proof(doc, Diagnostics()), catalog_entries, bad


def _outside(article: Article, lang: str, workspace: Path) -> list[ProofEntry]:
    """What the handout prints in ``lang`` that is not a catalog entry, as the sign-off covers it
    (:func:`handouts.i18n.signoff.printed_outside`): each credit of the front matter as printed,
    and each picture's ``lang`` variant."""
    from handouts.i18n.languages import named
    from handouts.i18n.signoff import printed_outside

    source = article.front["lang"]
    out = []
    for o in printed_outside(article, lang, (workspace, article.path.parent)):
        where = f"articles/{article.id}.md:{o.line}"
        if o.name.startswith("picture "):
            src = o.name.removeprefix("picture ")
            text = escape(o.note) if o.note else f"*(no {named(lang)} variant: the picture prints as it is)*"
            out.append(ProofEntry(f"{where} · picture", "the picture's language variant", escape(src), text,
                                  "translated"))  # fmt: skip
            continue
        own, fell_back = article.credit(o.name, lang)
        notes = (f"warning: {o.name} has no {named(lang)} value; the {named(source)} one prints (add "
                 f"'{lang}: \"…\"' under {o.name} in the front matter)",) if fell_back else ()  # fmt: skip
        out.append(ProofEntry(f"{where} · {o.name}", "front matter", escape(article.credit(o.name, source)[0]),
                              escape(own), "translated", notes))  # fmt: skip
    return out
