"""The whole pipeline in one place: article + clinic + language → handout model → PDF bytes.

    load_article → load_catalog → translate → render_frame → (Handout)
    → layout.blocks.build → layout.pages.paginate → pdf.write_pdf → impose.impose

Nothing else chains stages. ``build_handout`` stops at the model (the test surface),
``layout_handout`` at the pages, ``render`` goes to bytes.

Options of a render (:class:`RenderContext`): the print ``profile`` (``standard``, ``large``),
the ``layout`` (``single``, ``a5-booklet``, ``2up``: :mod:`handouts.impose`), the QR code
(on when the clinic has ``[online].qr_url``) and :class:`~handouts.layout.extras.Personal`, the
patient's name and the clinician's notes, which go into the page text and nowhere else.

Review dates: an article whose ``next_review`` has passed (``ctx.today``, from
``SOURCE_DATE_EPOCH``) is rendered with a warning (``--strict`` refuses it) and a small
staff-facing "· review due YYYY-MM-DD" at the end of the document-control line. A clinic with
``[policy] require_next_review = true`` refuses such an article (and one without a
``next_review`` date) outright: see :func:`check_review_policy`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.branding import Brand, check_drawable, find_clinic, load_brand
from handouts.clock import today_from_env as today_from_env  # re-exported: RenderContext's default
from handouts.content.article import Article, article_shown, find_article, load_article
from handouts.content.inline import escape, parse_inline
from handouts.diagnostics import Diagnostics
from handouts.errors import CatalogError, ContentError, HandoutError, UsageError
from handouts.i18n import zawgyi
from handouts.i18n.languages import language, named
from handouts.i18n.runtime import (
    Catalog,
    available_languages,
    catalog_path,
    format_date,
    lang_tag,
    load_catalog,
    missing_summary,
    shown,
    untranslated_summary,
)
from handouts.impose import LAYOUTS, booklet_order, impose, two_up_order
from handouts.layout import blocks as layout_blocks
from handouts.layout import fit, pages
from handouts.layout.contact import ContactBlock
from handouts.layout.extras import NOTES_MAX_LINES, BesideTitle, NoteLabels, NotesBox, QrCode, check_fit
from handouts.layout.extras import Personal as Personal  # re-exported for the CLI and batch
from handouts.layout.styles import HALF, MM, PAPER, PROFILES, Styles, is_half, styles_for
from handouts.model import Approval, Chrome, Handout, plain
from handouts.pdf import PdfMeta, Standards, write_pdf
from handouts.pdf import parse as parse_standards
from handouts.pdf.writer import load as load_writer
from handouts.typesetting.marks import Tag
from handouts.typesetting.scripts import written_in
from handouts.typesetting.segment import load_thai, load_words
from handouts.typesetting.spans import Span, TextStyle

TEMPLATE_LANG = "en"  # the language the frame template is written in
FULL_FRAME_MAX = 0.35  # a full page whose full frame would take more of its height takes the compact frame
log = logging.getLogger("handouts")

if TYPE_CHECKING:
    from handouts.modelcache import Model, Steps
    from handouts.plain_language import Report as PlainReport


@dataclass(frozen=True, slots=True)
class RenderContext:
    """The environment of a render: workspace folders, date, options and the warnings sink."""

    workspace: Path
    today: dt.date = field(default_factory=today_from_env)
    profile: str = "standard"
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    layout: str = "single"
    qr: bool = True
    personal: Personal = field(default_factory=Personal, repr=False)
    pdf_standard: str = "ua-1,a-2u"  # ``--pdf-standard``: ua-1 (tagged), a-2u (archival), both, or none
    default_langs: tuple[str, ...] = ()  # handouts.toml [defaults] languages: used when no language is asked for
    # work is shared with a forked child where it pays (a CLI render, handouts.prefetch): a changed
    # model is built there, or half the paragraphs of a handout new to the disk cache prepared there
    ahead: bool = False
    # a long-lived process (a server's or a batch's render worker) remembers the layout's choice of
    # styles for each handout it renders, and lays it out once when it renders it again
    # (:func:`handouts.layout.fit.choose_remembered`); a one-off render (and a test) does not
    remember: bool = False

    @property
    def standards(self) -> Standards:
        """What the PDF claims. Imposed sheets (booklet, 2-up) are print files: never tagged."""
        std = parse_standards(self.pdf_standard)
        return std if self.layout == "single" else Standards(ua=False, pdfa=std.pdfa)

    @property
    def templates(self) -> Path:
        return self.workspace / "templates"

    @property
    def locales(self) -> Path:
        return self.workspace / "locales"

    def keep_words(self, lang: str) -> tuple[str, ...]:
        path = self.locales / lang / "words.txt"
        return load_words(path) if path.is_file() else ()


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered handout: the PDF's bytes, the model it was made from and its page counts."""
    pdf: bytes
    handout: Handout
    pages: int  # pages of the handout (A5 pages for a booklet)
    sheet_sides: int = 0  # pages of the PDF: the printed sheet sides after imposition
    second: Handout | None = None  # the second language of a bilingual handout

    @property
    def approval(self) -> Approval:
        """Final, or draft with the reasons (both languages of a bilingual handout)."""
        parts = [self.handout] if self.second is None else [self.handout, self.second]
        drafts = [h for h in parts if not h.approval.final]
        if not drafts:
            return self.handout.approval if self.handout.approval.reviewer else parts[-1].approval
        reasons = tuple(f"{h.lang}: {r}" if self.second is not None else r for h in drafts for r in h.approval.reasons)
        first = drafts[0].approval
        return Approval("draft", reasons, first.reviewer, first.date, first.translator)

    def summary(self, layout: str = "single") -> str:
        """ "1 page", "3 pages, 4 sheet sides (a5-booklet)": plural forms through gettext."""
        from gettext import ngettext

        pages = f"{self.pages} {ngettext('page', 'pages', self.pages)}"
        if layout == "single" or not self.sheet_sides:
            return pages
        return f"{pages}, {self.sheet_sides} {ngettext('sheet side', 'sheet sides', self.sheet_sides)} ({layout})"


def plain_text(markdown: str) -> str:
    """A frame text printed as it is (the compact control line, the QR code's alternative, the
    notes box's labels): its inline Markdown made plain (values reach the template escaped)."""
    return plain(parse_inline(markdown))


def check_options(ctx: RenderContext) -> None:
    """Unknown ``--profile`` or ``--layout``: one clear error (exit 1), before any work.

    Large print with ``2up`` is refused (a usage error, exit 2): large print is laid out for
    whole A4 pages (UKAAF, ACB); on A5 halves its 18 pt lines hold four or five words, and the
    demo article took 26 half pages, each printed twice. ``--layout single`` prints it on A4.
    """
    if ctx.profile not in PROFILES:
        raise HandoutError(f"unknown profile {ctx.profile!r}", key="--profile", hint=f"profiles: {', '.join(PROFILES)}")
    if ctx.layout not in LAYOUTS:
        raise HandoutError(f"unknown layout {ctx.layout!r}", key="--layout", hint=f"layouts: {', '.join(LAYOUTS)}")
    if ctx.profile == "large" and ctx.layout == "2up":
        raise UsageError("--profile large cannot be printed --layout 2up: large print needs whole A4 pages",
                         key="--layout", hint="use --layout single with --profile large, or the standard profile "
                         "for 2up")  # fmt: skip
    parse_standards(ctx.pdf_standard)
    zawgyi.check_free_text(ctx.personal.patient, "--patient")
    zawgyi.check_free_text(ctx.personal.notes, "--notes")
    for text, key in ((ctx.personal.patient, "--patient"), (ctx.personal.notes, "--notes")):
        if text.strip():
            from handouts.typesetting.fonts import check_drawable

            check_drawable(text, key=key, error=UsageError)  # (the text itself is never quoted: personal data)


def _front_drawable(article: Article, lang: str) -> None:
    """A character no shipped font draws (a tab, an emoji) in what the front matter prints in
    ``lang`` (a credit, the version; the title and subtitle when printed as written) is an error
    at its front-matter line: the typesetter, which refuses it too, would not know where it came
    from. A translated title's characters are the gate's (``check.characters``, with the catalog line)."""
    from handouts.content.article import CREDITS
    from handouts.textfile import control_characters
    from handouts.typesetting.fonts import check_drawable, describe

    def check(text: str, line: int, what: str) -> None:  # (U+2028, U+2029: separators no font draws)
        controls = control_characters(text, "\n\r")
        if controls:
            raise ContentError(f"{what} has a control character: {describe(controls)}", path=article.rel_path,
                               line=line, hint="remove it, or write a space instead")  # fmt: skip
        check_drawable(text, path=article.rel_path, line=line, what=what, error=ContentError)

    if lang == article.front["lang"]:
        from handouts.typesetting.fonts import undrawable

        found: list[tuple[int, list[str]]] = []  # the body's lines with such characters, each named once
        seen: set[str] = set()
        for e in article.entries:
            if e.kind in ("title", "subtitle"):
                check(e.text, e.line, e.kind)
            elif e.kind != "alt":  # (alt text is no drawn text: any character can be read aloud)
                # a tab, U+000B, U+0085, U+2028: white space the table of what the fonts draw passes,
                # which the typesetter then refused naming no file
                separators = control_characters(e.text, "\n\r")
                missing = [c for c in dict.fromkeys([*undrawable(e.text), *separators]) if c not in seen]
                if missing:
                    seen.update(missing)
                    found.append((e.line, missing))
        if found:  # all at once: fixing one paragraph at a time, one render each, is no way to learn them
            (line, first), rest = found[0], found[1:]
            more = "; ".join(f"line {n}: {describe(m)}" for n, m in rest[:5]) + ("; …" if len(rest) > 5 else "")
            raise ContentError(f"no shipped font draws {describe(first)}" + (f" (also {more})" if rest else ""),
                               path=article.rel_path, line=line,
                               hint="write the text in a supported script (Latin, Thai, Lao, Khmer, Burmese) "
                                    "or remove those characters")  # fmt: skip
    for key in (*CREDITS, "version"):
        check(article.credit(key, lang)[0] if key in CREDITS else str(article.front[key]), article.line_of(key), key)


def _typesettable(catalog: Catalog) -> None:
    """A catalog of a language whose letters no shipped font draws (Georgian, Amharic, Hindi: one
    'i18n init' used to start) is an error naming it, before its dates and frame reach the fonts
    (which named no file)."""
    from handouts.typesetting.coverage import SUPPORTED_HINT, unsupported

    cannot = unsupported(catalog.lang) if catalog.path is not None else None
    if cannot is not None and catalog.path is not None:
        raise CatalogError(f"a handout cannot be printed in this catalog's language: {cannot.message(named(catalog.lang))}",
                           path=shown(catalog.path), hint=f"{SUPPORTED_HINT}; move this catalog out of locales/")  # fmt: skip


def review_overdue(next_review: dt.date | None, ctx: RenderContext) -> bool:
    return next_review is not None and next_review < ctx.today


def check_review_policy(article: Article, brand: Brand, ctx: RenderContext) -> None:
    """``[policy] require_next_review = true``: refuse an article with no or a passed ``next_review``.

    Every article must have a ``next_review`` date (:mod:`handouts.content.article` checks it),
    so for most clinics a passed date is a warning (the handout still prints, marked for staff).
    A clinic that sets ``require_next_review`` prints only articles whose review is current:
    a missing or passed date is an error (exit 1), whatever ``--strict`` says.
    """
    if not brand.require_next_review:
        return
    next_review = article.front.get("next_review")
    where = article.rel_path  # (an article given by its path, outside articles/: that path)
    policy = f"clinic {brand.id!r} requires a current review (require_next_review = true)"
    if not isinstance(next_review, dt.date):
        raise ContentError(f"has no next_review date; {policy}", path=where,
                           hint="add 'next_review: YYYY-MM-DD' to the front matter")  # fmt: skip
    if review_overdue(next_review, ctx):
        raise ContentError(
            f"review was due on {next_review.isoformat()}; {policy}",
            path=where,
            hint="have the article re-reviewed and update reviewed and next_review",
        )


def resolve(article_ref: str, clinic_ref: str, ctx: RenderContext, steps: Steps | None = None) -> tuple[Article, Brand]:
    """The article and the clinic (with ``steps``: each from the disk while its files are unchanged)."""
    article_path = find_article(article_ref, ctx.workspace)
    clinic_path = find_clinic(clinic_ref, ctx.workspace)
    if steps is None:
        article = load_article(article_path)
        brand = load_brand(clinic_path, ctx.workspace, ctx.diagnostics)
    else:
        steps.begin(article_path.resolve())
        article = steps.memo("article", (str(article_path),), lambda _: load_article(article_path), None,
                             (article_path,))  # fmt: skip
        brand = steps.memo("clinic", (str(clinic_path), str(ctx.workspace)),
                           lambda d: load_brand(clinic_path, ctx.workspace, d), ctx.diagnostics, (clinic_path,),
                           lambda b: (b,))  # fmt: skip
    from handouts.typesetting.fonts import undrawable

    check_drawable(brand, clinic_path, ctx.workspace, undrawable)  # (at its line: the typesetter names no file)
    log.info("article: %s", article.path)
    log.info("clinic: %s (%s)", clinic_path, brand.name_en)
    return article, brand


def _frame_untranslated(ctx: RenderContext, catalog: Catalog, msgid: str, template: str) -> None:
    """Warn that a frame string prints in English, with the fix, as for an article's entry: a string
    the catalog does not have yet is added by ``i18n update LANG`` (no catalog at all: ``i18n init``)."""
    lang, where = catalog.lang, str(ctx.templates / template)
    text = f"no {named(lang)} translation for template text {msgid!r}"
    msg = catalog.messages.get((None, msgid))
    if catalog.path is not None and not catalog.path.is_file():
        start = f"there is no {named(lang)} catalog (start it: 'handouts i18n init {lang}')"
        ctx.diagnostics.warn("i18n.untranslated", f"{text}: {start}", where,
                             summary=f"{{n}} texts print in the source language: {start}")  # fmt: skip
    elif msg is None:
        ctx.diagnostics.warn("i18n.untranslated", f"{text}: not in the {lang} catalog yet (run 'handouts i18n update "
                             f"{lang}')", where, summary=missing_summary(lang))  # fmt: skip
    else:
        fuzzy = f" (its translation at {shown(catalog.path)}:{msg.line} is fuzzy)" if msg.fuzzy and catalog.path else ""
        ctx.diagnostics.warn("i18n.untranslated", text + fuzzy, where, summary=untranslated_summary(lang))


def build_handout(article: Article, brand: Brand, lang: str, ctx: RenderContext, steps: Steps | None = None) -> Handout:
    """Article + clinic + language → the translated model, frame strings included (``steps``: its
    pure parts from the disk when their inputs are unchanged, see :class:`Steps`)."""
    # imported here: a render whose model comes from the cache (handouts.modelcache) needs none of them
    from handouts.content.frame import ADDED_SLOTS
    from handouts.content.translate import CALLOUT_LABELS, callout_kinds, translate
    from handouts.i18n import rules, signoff
    from handouts.modelcache import Steps
    from handouts.phones import tel_uri

    check_options(ctx)
    source_lang = article.front["lang"]
    _check_has(article, lang, ctx)
    if not article.nodes:  # (a front matter and nothing after it: a handout of a title and a frame)
        ctx.diagnostics.warn("content.empty", "the article has no text after its front matter: the handout prints "
                             "only its title (write the article below the closing '---')", article.rel_path)  # fmt: skip
    catalog = load_catalog(ctx.locales, lang, source_lang)
    log.info("catalog: %s", catalog.path or f"none ({lang} is the source language)")
    _typesettable(catalog)
    from handouts.typesetting.fonts import undrawable  # (the render's gate also asks what no font draws)

    findings = rules.gate_header(catalog) + rules.gate_article(article, catalog, undrawable)  # before any is used
    _front_drawable(article, lang)
    refused = frozenset(f.msgid for f in findings if f.is_error and f.msgid)
    # the frame's strings are written in English (templates/handout.j2): a Thai-source article
    # printed in Thai still needs the Thai catalog for its frame
    if source_lang == TEMPLATE_LANG:
        frame_catalog = catalog
    elif lang == TEMPLATE_LANG or catalog_path(ctx.locales, lang).is_file():
        frame_catalog = load_catalog(ctx.locales, lang, TEMPLATE_LANG)
        if frame_catalog is not catalog:
            findings += rules.gate_header(frame_catalog)
    else:  # no catalog (a German-source article printed in German): every frame string warned, in English;
        # no header to refuse either
        frame_catalog = Catalog(lang, catalog_path(ctx.locales, lang), {})
    vet = rules.FrameGate(frame_catalog, undrawable=undrawable)  # the frame's translations: the callout labels too
    labels: dict[str, str] = {}
    fell_back: list[str] = []  # template strings printed in English: the callout labels', then the frame's
    for kind in callout_kinds(article.nodes):  # the callout labels are template strings (templates/callouts.j2)
        msgid = CALLOUT_LABELS[kind]
        labels[kind] = frame_catalog.gettext(msgid)
        if labels[kind] != msgid and not vet(msgid, labels[kind]):
            labels[kind] = msgid  # refused below with the findings
        elif frame_catalog.path is not None and labels[kind] == msgid and lang != TEMPLATE_LANG:
            fell_back.append(msgid)
            _frame_untranslated(ctx, frame_catalog, msgid, "callouts.j2")
    tr = translate(article, catalog, ctx.diagnostics, refused, roots=(ctx.workspace, article.path.parent),
                   labels=labels)  # fmt: skip
    log.info("translated: %d%% (%s; untranslated entries fall back to the source)", tr.percent, lang)
    meta = tr.meta
    use = frame_catalog is catalog or frame_catalog.path is not None
    templates = (steps or Steps.off()).frame_msgids(ctx.templates) if use else ()
    frame_ids = templates if frame_catalog is catalog else None
    if frame_catalog.path is not None:  # the frame's fuzzy translations: not used, yet smuggled syntax is refused
        fuzzy = [(None, m, msg.msgstr, msg.line, True) for m in templates
                 if (msg := frame_catalog.messages.get((None, m))) is not None and msg.fuzzy]  # fmt: skip
        findings += rules.gate(shown(frame_catalog.path), lang, fuzzy, undrawable)
    approval = signoff.review(article, catalog, ctx.templates if frame_catalog is catalog else None, ctx.locales,
                              ctx.diagnostics, frame_ids)  # fmt: skip
    draft = tr.percent < 100 or not approval.final

    def missing(msgid: str) -> None:
        fell_back.append(msgid)
        _frame_untranslated(ctx, frame_catalog, msgid, "handout.j2")

    def date(d: dt.date) -> str:  # in the clinic's era and digits for this language (CLDR's long date)
        era, digits = brand.era(lang), brand.digits(lang)
        if steps is None:
            return format_date(d, lang, era=era, digits=digits)
        return steps.dates.get((d, lang, era, digits), lambda: format_date(d, lang, era=era, digits=digits))

    def printed(number: str) -> str:  # in the clinic's phone style
        if steps is None:
            return brand.printed(number)
        return steps.phones.get((number, brand.phone_style), lambda: brand.printed(number))

    values = {
        "clinic_name": brand.name(lang),
        "phone": brand.phone,
        "line_id": brand.line_id,
        "website": brand.website,
        "emergency": brand.emergency,
        "address": brand.address(lang),
        "author": meta.author,
        "reviewer": meta.reviewer,
        "reviewed": date(meta.reviewed),
        "next_review": date(meta.next_review),
        "version": meta.version,
        "hash": tr.content_hash,
        "percent": str(tr.percent),
        "translator": approval.translator,
        "translation_reviewer": approval.reviewer,
        "translation_reviewed": date(approval.date) if approval.date else "",
        "review_due": meta.next_review.isoformat(),  # printed by the layout once the date has passed
        "online_url": brand.online_url(meta.article_id, lang) or "",
    }
    escaped = {k: escape(v) for k, v in values.items()}
    # the numbers in the clinic's style, as tel: links to their E.164 form (tap to call in a PDF viewer)
    for key, number in (("phone", brand.phone), ("emergency", brand.emergency)):
        escaped[key] = f"[{escape(printed(number))}]({tel_uri(number)})"
    slots = (steps or Steps.off()).frame(ctx.templates, escaped, frame_catalog, missing, vet)
    if draft and fell_back and escaped["percent"] == "100":
        # the article is all translated, a template string is not: the DRAFT line must not say "100 %"
        # (its percentage is the article's entries', as `i18n status` counts them per article)
        escaped["percent"] = "99"
        slots = (steps or Steps.off()).frame(ctx.templates, escaped, frame_catalog, lambda _: None,
                                             rules.FrameGate(frame_catalog, undrawable=undrawable))  # fmt: skip
    rules.enforce([*findings, *vet.findings], ctx.diagnostics)
    chrome = Chrome(
        header=slots.get("header", ""),
        questions=slots.get("questions", ""),
        emergency=slots.get("emergency", ""),
        disclaimer=slots.get("disclaimer", ""),
        credit=slots.get("credit", ""),
        control=slots.get("control", ""),
        page_label=slots.get("page_label", "{page} / {pages}"),
        draft=slots.get("draft", "") if draft else "",
        translation=slots.get("translation", "") if approval.final and approval.reviewer else "",
        **{name: slots.get(name, "") for name in ADDED_SLOTS},
    )
    if approval.final and tr.percent < 100:  # signed, yet entries fall back to the source (a hand-edited record)
        approval = Approval("draft", (f"{100 - tr.percent}% of the entries are not translated",), approval.reviewer,
                            approval.date, approval.translator)  # fmt: skip
    return Handout(meta, lang, tr.blocks, chrome, tr.content_hash, tr.percent, approval)


def _check_has(article: Article, lang: str, ctx: RenderContext) -> None:
    """Refuse a language the article has no text in: not its own, and no catalog of it in locales/."""
    source_lang = article.front["lang"]
    langs = available_languages(ctx.locales, source_lang)
    if lang not in langs:
        raise ContentError(f"no {lang} text for this article: it is written in {source_lang} and locales/ has no "
                           f"{lang} catalog", path=article.path, hint=f"its languages: {', '.join(langs)}")  # fmt: skip


def in_language(spans: tuple[Span, ...], text: str, lang: str) -> tuple[Span, ...]:
    """``spans`` with the first occurrence of ``text`` in ``lang``, the spans split at its ends
    (a credit that prints in the article's language inside a translated line: "เรียบเรียงโดย Ward
    team"); unchanged when ``text`` is not there (a translation that reformats it)."""
    whole = "".join(s.text for s in spans)
    at = whole.find(text) if text.strip() else -1
    if at < 0:
        return spans
    end = at + len(text)
    out: list[Span] = []
    pos = 0
    for s in spans:
        a, b = pos, pos + len(s.text)
        pos = b
        if b <= at or a >= end:
            out.append(s)
            continue
        for x, y, inside in ((a, max(a, at), False), (max(a, at), min(b, end), True), (min(b, end), b, False)):
            if y > x:
                out.append(dataclasses.replace(s, text=s.text[x - a : y - a], lang=lang if inside else s.lang))
    return tuple(out)


def tel_as_text(spans: tuple[Span, ...], link: bool = True) -> tuple[Span, ...]:
    """Phone numbers look like the text around them (no link colour, no underline): on paper a
    number is read, not clicked. The ``tel:`` link stays for PDF viewers where the number is
    content (``link=True``); the running header and footer are artifacts, which carry no links.
    """
    out = []
    for i, s in enumerate(spans):
        if s.link is not None and s.link.startswith("tel:"):
            near = next((n for n in (*spans[i + 1 :], *reversed(spans[:i])) if n.link is None), None)
            color = near.style.color if near is not None else s.style.color
            s = Span(s.text, TextStyle(s.style.face, s.style.size, color), s.link if link else None, s.lang)
        out.append(s)
    return tuple(out)


def page_paper(brand: Brand, ctx: RenderContext) -> str:
    """The paper the handout is laid out on: the clinic's, or its half for a booklet or 2-up."""
    return brand.paper if ctx.layout == "single" else HALF[brand.paper]


def layout_handout(h: Handout, brand: Brand, ctx: RenderContext, second: Handout | None = None,
                   known: Hashable | None = None) -> pages.LaidOut:  # fmt: skip
    """The model → pages; with ``second``, a bilingual handout (two columns, entry by entry).

    Laid out in the styles of the paper and profile, or in a small change of them that avoids
    a nearly empty last page (:mod:`handouts.layout.fit`: each variant is laid out with its
    warnings held; the chosen layout is kept and its warnings passed on, once). ``known`` names
    the model and the files it draws (see :func:`render`): the choice is then remembered for the
    next layout of the same handout with the same options in this process (never for one with a
    patient's data, which is not kept).
    """
    st = styles_for(h.lang if second is None else f"{h.lang}+{second.lang}", ctx.profile, page_paper(brand, ctx))
    trials: dict[Styles, tuple[pages.LaidOut, fit.Held]] = {}

    def trial(s: Styles) -> pages.LaidOut | None:
        held = fit.Held()
        try:
            laid = _lay_out(h, brand, dataclasses.replace(ctx, diagnostics=held), second, s)
        except HandoutError as e:
            # notes that fit page 1 in the paper's styles, not in a variant (wider gaps, less room):
            # that variant is no choice, never a refusal (it said "holds 1 line" to notes of 2 that fit,
            # after "holds 2 lines" to the same notes with a third line)
            if s == st or e.key not in ("--notes", "--patient"):
                raise
            return None
        trials[s] = (laid, held)
        return laid

    if known is not None and not (ctx.personal.patient or ctx.personal.notes):
        known = (known, ctx.profile, ctx.layout, ctx.qr, ctx.pdf_standard, _lay_out)  # (a test may replace the layout)
    else:
        known = None
    chosen = fit.choose_remembered(known, trial, st, large=ctx.profile == "large")
    laid, held = trials[chosen]
    held.release(ctx.diagnostics)
    return laid


def _lay_out(h: Handout, brand: Brand, ctx: RenderContext, second: Handout | None, st: Styles) -> pages.LaidOut:
    from handouts.typesetting.apart import prepare_apart
    from handouts.typesetting.flowable import collected

    if not ctx.ahead:
        return pages.paginate(*_story(h, brand, ctx, second, st))
    with collected() as made:  # (a handout new to the disk cache, see render): its paragraphs prepared by two processes
        story, laid = _story(h, brand, ctx, second, st)
    prepare_apart(made, meanwhile=load_writer)
    return pages.paginate(story, laid)


def _story(h: Handout, brand: Brand, ctx: RenderContext, second: Handout | None,
           st: Styles) -> tuple[list[pages.Flow], pages.LaidOut]:  # fmt: skip
    """The handout's flowables, in order, and the pages they are laid out on."""
    from handouts.typesetting.flowable import TextBlock, Where

    paper = page_paper(brand, ctx)
    d = ctx.diagnostics
    keep = ctx.keep_words("th")
    lang = h.lang

    root = Tag("Document")

    def block(markdown: str, size: float, *, face: str = "regular", color: str = st.text, gap: float = 0.0,
              lead: float | None = None, role: str = "P", parent: Tag = root, language: str = "",
              what: str = "", foreign: tuple[tuple[str, str], ...] = (), ragged: bool = False) -> TextBlock:  # fmt: skip
        style = TextStyle(face=face, size=size, color=color)
        sp = layout_blocks.spans(parse_inline(markdown), style, language or lang, brand.primary)
        for text, other in foreign:  # a value printed in another language inside this line
            sp = in_language(sp, text, other)
        tag = Tag(role, parent, lang=lang_tag(language) if language else "")
        where = Where(entry=f"the {what} of articles/{h.meta.article_id}.md") if what else None  # (named in an error)
        return TextBlock(sp, leading=lead or st.lead(size), space_after=gap, keep_words=keep, diagnostics=d, tag=tag,
                         where=where, lang=language or lang, ragged=ragged)  # fmt: skip

    def shown(x: Handout, key: str) -> str:  # the language ``key`` of ``x`` prints in ("" when its own)
        return x.meta.source_lang if key in x.meta.fallback and x.meta.source_lang != x.lang else ""

    def credit(x: Handout) -> tuple[tuple[str, str], ...]:  # the author, when the credit line prints it untranslated
        # (in the article's language, unless all its letters are the handout's: a Thai name reads as Thai)
        return ((x.meta.author, x.meta.source_lang),) if shown(x, "author") and not written_in(x.meta.author, x.lang) else ()

    both = (h,) if second is None else (h, second)

    def make_frame(compact: bool) -> pages.Frame:
        small = TextStyle(size=st.small, color=st.text)
        addresses = dict.fromkeys(brand.address(x.lang) for x in both)  # a bilingual sheet: both languages, once each
        contact = " · ".join(x for x in (*addresses, brand.website) if x)  # (a clinic may have no website)
        control_size = st.tiny if compact else st.small  # the compact frame: staff text at the tiny size

        def control_spans(x: Handout) -> tuple[Span, ...]:
            control_md = " · ".join(c for c in (x.chrome.control, x.chrome.translation) if c)  # + the translation's sign-off
            return layout_blocks.spans(parse_inline(control_md), TextStyle(size=control_size, color=st.muted), x.lang,
                                       brand.primary)  # fmt: skip

        def frame_spans(markdown: str, style: TextStyle, x: Handout) -> tuple[Span, ...]:
            return layout_blocks.spans(parse_inline(markdown), style, x.lang, brand.primary)

        control = control_spans(h)
        drafts = [x for x in both if x.chrome.draft]
        review_due = h.meta.next_review.isoformat() if review_overdue(h.meta.next_review, ctx) else ""
        control_short: tuple[Span, ...] = ()  # the compact footer's (made only for it: the hash is new text to parse)
        if compact:
            control_short = (Span(plain_text(h.chrome.control_short), TextStyle(size=st.tiny, color=st.muted), None, lang),)
        if review_due:  # staff-facing, quiet: small, muted, italic, at the very end of the control line
            due = Span(" · " + plain_text(h.chrome.review_due), TextStyle(face="italic", size=st.tiny, color=st.muted), None,
                       lang)  # fmt: skip
            control += (due,)
            control_short += (due,)
        url = brand.online_url(h.meta.article_id, lang) if ctx.qr else None
        name_style = TextStyle("bold", st.small + (1 if compact else 4), brand.primary)
        return pages.Frame(
            clinic_name=tuple(sp for i, header in enumerate(dict.fromkeys(x.chrome.header for x in both))
                              for sp in frame_spans(("" if i == 0 else " · ") + header, name_style, both[i])),  # fmt: skip
            clinic_contact=(Span(contact, TextStyle(size=st.tiny, color=st.muted), None, lang),),
            questions=tel_as_text(layout_blocks.spans(parse_inline(h.chrome.questions), small, lang, brand.primary), False),
            emergency=tel_as_text(layout_blocks.spans(parse_inline(h.chrome.emergency), small, lang, brand.primary), False),
            control=control,
            page_label=" · ".join(dict.fromkeys(x.chrome.page_label for x in both)),
            draft=" / ".join(x.chrome.draft for x in drafts),
            draft_lang=drafts[0].lang if drafts else lang,
            logo=brand.logo,
            primary=brand.primary,
            accent=brand.accent,
            lang=lang,
            logo_alt=brand.logo_alt if brand.logo is not None else "",
            qr=pages.Qr(url, plain_text(h.chrome.qr_alt)) if url else None,
            review_due=review_due,
            digits=language(lang).digits if brand.digits(lang) and second is None else "",
            compact=compact,
            control_short=control_short,
            questions2=tel_as_text(frame_spans(second.chrome.questions, small, second), False) if second is not None else (),
            emergency2=tel_as_text(frame_spans(second.chrome.emergency, small, second), False) if second is not None else (),
            control2=control_spans(second) if second is not None else (),
            lang2=second.lang if second is not None else "",
        )

    # Half pages (A5, half Letter: a booklet's, 2-up's, or the clinic's own paper) take the compact
    # frame (one-line header and footer, the contact block once at the end), where the full one took
    # 35 %; so does a full page whose full frame would take more of it than FULL_FRAME_MAX: large
    # print in two languages, whose two footers took 42-50 % of every A4 page (against 17-32 % for
    # standard print or one language) and left the body half a page.
    frame = make_frame(is_half(paper))
    laid = pages.LaidOut(PAPER[paper], st, frame, root=root)
    if not frame.compact and laid.frame_share() > FULL_FRAME_MAX:
        frame = make_frame(True)
        laid = pages.LaidOut(PAPER[paper], st, frame, root=root)
    compact = frame.compact

    head = [
        block(escape(h.meta.title), st.title, face="bold", color=brand.primary, gap=st.paragraph_gap * 0.5,
              lead=round(st.title * st.title_leading, 2), role="H1", what="title", language=shown(h, "title"), ragged=True),
    ]  # fmt: skip
    if second is not None and second.meta.title != h.meta.title:  # (the same text: untranslated in one of them)
        # the title in the second language: part of the same H1 element, in its own language
        head.append(block(escape(second.meta.title), st.subtitle + 2, face="bold", color=brand.primary,
                          gap=st.paragraph_gap * 0.5, role="Span", parent=head[0].tag or root,
                          language=shown(second, "title") or second.lang, ragged=True))  # fmt: skip
    if h.meta.subtitle:
        head.append(block(escape(h.meta.subtitle), st.subtitle, color=st.muted, gap=st.paragraph_gap * 0.3,
                          what="subtitle", language=shown(h, "subtitle"), ragged=True))  # fmt: skip
    if second is not None and second.meta.subtitle and second.meta.subtitle != h.meta.subtitle:
        head.append(block(escape(second.meta.subtitle), st.subtitle, color=st.muted, gap=st.paragraph_gap * 0.3,
                          language=shown(second, "subtitle") or second.lang, ragged=True))  # fmt: skip
    head.append(block(h.chrome.credit, st.small + 1, face="italic", color=st.muted, gap=st.paragraph_gap * 1.5,
                      foreign=credit(h)))  # fmt: skip
    if second is not None and second.chrome.credit not in ("", h.chrome.credit):  # the credit in both languages
        head[-1].space_after = 0.0
        head.append(block(second.chrome.credit, st.small + 1, face="italic", color=st.muted,
                          gap=st.paragraph_gap * 1.5, language=second.lang, foreign=credit(second)))  # fmt: skip
    width, height = laid.body_width, laid.body_height
    first: list[pages.Flow] = list(head)
    if frame.qr is not None:
        large = ctx.profile == "large"
        qr = QrCode(frame.qr, (26 if large else 22) * MM, st.tiny - 1.5, st, lang, d, parent=root)
        # beside the code: the title block, or as much of it as leaves most of page 1 free
        n = len(head)
        while n > 1 and BesideTitle(head[:n], qr, 5 * MM).wrap(width, height)[1] > 0.6 * height:
            n -= 1
        if BesideTitle(head[:n], qr, 5 * MM).wrap(width, height)[1] <= height:
            first = [BesideTitle(head[:n], qr, gap=5 * MM), *head[n:]]
        else:  # never on a page that could hold it, and never drawn over the footer
            d.warn("layout.qr-no-room", "the page is too small for the QR code beside the title; it was left out")
    if ctx.personal:
        # the box goes on page 1: at most NOTES_MAX_LINES lines, fewer if page 1 has less room
        used = sum(f.wrap(width, height)[1] + f.space_after for f in first)
        labels = NoteLabels(plain_text(h.chrome.notes_title), plain_text(h.chrome.notes_patient))
        empty = NotesBox(Personal(ctx.personal.patient, ""), st, lang, brand.accent, d, labels=labels)
        room = height - used - empty.space_before - empty.wrap(width, height)[1] - st.paragraph_gap * 0.3
        more = (*(("--layout single",) if ctx.layout != "single" else ()),
                *(("the standard profile",) if ctx.profile != "standard" else ()),
                *((f"one language (--lang {lang})",) if second is not None else ()))  # what gives page 1 more room
        check_fit(ctx.personal, st, lang, width, min(NOTES_MAX_LINES, int(room // st.lead(st.body))), labels, more)
        first.append(NotesBox(ctx.personal, st, lang, brand.accent, d, parent=root, labels=labels))
    def fallback(x: Handout) -> str:  # the /Lang of x's untranslated entries
        return lang_tag(x.meta.source_lang) if x.meta.source_lang != x.lang else ""

    body: list[pages.Flow]
    tail: list[pages.Flow]
    if second is None:
        body = list(layout_blocks.build(h.blocks, lang, st, brand.primary, d, keep, root, fallback_lang=fallback(h),
                                        page_height=PAPER[paper][1], body_height=laid.body_height))  # fmt: skip
        disclaimer = block(h.chrome.disclaimer, st.small + 1, color=st.muted)
        disclaimer.space_before = st.paragraph_gap * 2
        tail = [disclaimer]
    else:
        from handouts.layout.bilingual import Row, rows

        # one section per language: the tagged PDF reads the first language whole, then the second
        sects = (root.child("Sect", lang=lang_tag(lang)), root.child("Sect", lang=lang_tag(second.lang)))
        body = list(rows(h.blocks, second.blocks, (lang, second.lang), st, brand.primary, d, keep, sects,
                         page_height=PAPER[paper][1], body_height=laid.body_height,
                         fallback_langs=(fallback(h), fallback(second))))
        left = block(h.chrome.disclaimer, st.small + 1, color=st.muted, parent=sects[0])
        right = block(second.chrome.disclaimer, st.small + 1, color=st.muted, parent=sects[1], language=second.lang)
        left.space_before = right.space_before = st.paragraph_gap * 2
        tail = [Row(left, right)]
    if compact:
        tail.append(_contact_block(h, second, brand, st, frame, d, keep, root, laid.body_height))
    return [*first, *body, *tail], laid


def _contact_block(h: Handout, second: Handout | None, brand: Brand, st: Styles, frame: pages.Frame,
                   d: Diagnostics, keep: tuple[str, ...], root: Tag, page_height: float) -> ContactBlock:  # fmt: skip
    """What the compact frame leaves out, once: name, address, website, questions, emergency, document control."""
    from handouts.typesetting.flowable import TextBlock

    sect = root.child("Sect")
    gap = st.paragraph_gap * 0.4

    def text(spans: tuple[Span, ...], size: float, after: float = gap) -> TextBlock:
        return TextBlock(spans, leading=st.lead(size), space_after=after, keep_words=keep, diagnostics=d,
                         tag=sect.child("P"))  # fmt: skip

    def patient(hh: Handout) -> list[TextBlock]:  # questions and emergency: for the patient, at body size
        body = TextStyle(size=st.body, color=st.text)
        return [text(tel_as_text(layout_blocks.spans(parse_inline(md), body, hh.lang, brand.primary)), st.body)
                for md in (hh.chrome.questions, hh.chrome.emergency)]  # fmt: skip

    name = layout_blocks.spans(parse_inline(h.chrome.header), TextStyle("bold", st.small + 2, brand.primary), h.lang,
                               brand.primary)  # fmt: skip
    where = " · ".join(x for x in (brand.address(h.lang), brand.website) if x)
    blocks = [text(name, st.small + 2, 0.0),
              text((Span(where, TextStyle(size=st.small, color=st.muted), None, h.lang),), st.small)]  # fmt: skip
    blocks += patient(h) + (patient(second) if second is not None else [])
    blocks += [text(control, st.tiny, 0.0) for control in (frame.control, frame.control2) if control]
    return ContactBlock(blocks, brand.accent, space_before=st.paragraph_gap * 1.5, page_height=page_height)


def render(article_ref: str, clinic_ref: str, lang: str | None, ctx: RenderContext) -> Rendered:
    """Article id/path + clinic id/path + language → PDF bytes (the CLI's one call)."""
    check_options(ctx)
    t0 = time.perf_counter()
    key = _model_key(article_ref, clinic_ref, lang, ctx)
    cached = _cached_model(key, ctx)
    store: Callable[[], None] = _nothing
    new = cached is None  # the paragraphs too are most likely not in the disk cache
    if cached is None and key is not None and ctx.ahead:
        cached, store, new = _model_ahead(article_ref, clinic_ref, lang, ctx, key)
    if cached is not None:
        brand, h, second = cached.brand, cached.handout, cached.second
        if log.isEnabledFor(logging.INFO):  # -v: what was read, as when the model is built
            log.info("article: %s", find_article(article_ref, ctx.workspace))
            log.info("clinic: %s (%s)", find_clinic(clinic_ref, ctx.workspace), brand.name_en)
            log.info("language: %s", "+".join(x.lang for x in (h, second) if x is not None))
        t1 = _stage("model (from the cache: article, clinic, catalogs and templates unchanged)", t0)
    else:
        brand, h, second, store = _build_model(article_ref, clinic_ref, lang, ctx, key)
        t1 = time.perf_counter()
    # a model from the cache is named by its key and the digests of the files it draws (checked
    # when it was read): its layout's choice of styles is remembered in a process that asks to
    known = (key, cached.deps) if ctx.remember and cached is not None and key is not None else None
    laid = layout_handout(h, brand, ctx if new else dataclasses.replace(ctx, ahead=False), second, known)
    t1 = _stage("layout and typesetting", t1)
    log.info("pages: %d", len(laid.pages))
    meta = PdfMeta(
        title=h.meta.title if second is None or second.meta.title == h.meta.title else f"{h.meta.title} / {second.meta.title}",
        author=h.meta.author,
        subject=h.meta.subtitle,
        lang_tag=lang_tag(h.lang),
        more_langs=(lang_tag(second.lang),) if second is not None else (),
        keywords=f"{h.meta.article_id} v{h.meta.version} {h.content_hash}",
        standards=ctx.standards,
    )
    pdf = write_pdf(laid, meta, ctx.diagnostics)
    t1 = _stage("PDF", t1)
    store()
    if ctx.layout == "single":
        return Rendered(pdf, h, len(laid.pages), len(laid.pages), second)
    imposed = impose(pdf, ctx.layout, PAPER[brand.paper])
    _stage(f"imposition ({ctx.layout})", t1)
    sides = len(booklet_order(len(laid.pages)) if ctx.layout == "a5-booklet" else two_up_order(len(laid.pages)))
    return Rendered(imposed, h, len(laid.pages), sides, second)


def _nothing() -> None:
    pass


def _build_model(article_ref: str, clinic_ref: str, lang: str | None, ctx: RenderContext,
                 key: str | None) -> tuple[Brand, Handout, Handout | None, Callable[[], None]]:  # fmt: skip
    """Read the article and clinic, translate: the clinic, the handout(s) and a function that
    stores them in the model cache (called once the render has succeeded)."""
    from handouts.content import inline
    from handouts.modelcache import Steps

    t0 = time.perf_counter()
    first = len(ctx.diagnostics)
    parsed = inline.record()  # the inline Markdown parsed from here to the end of the render
    steps = Steps.on(ctx.workspace)
    article, brand = resolve(article_ref, clinic_ref, ctx, steps)
    check_review_policy(article, brand, ctx)
    lang = lang or _default_lang(article, ctx)
    langs = (lang or article.front["lang"]).split("+")
    if len(langs) > 2 or len(set(langs)) != len(langs) or not all(langs):
        raise UsageError(f"{lang!r} is not one language or two different ones joined with '+'", key="--lang",
                         hint="e.g. --lang th, or --lang th+en for a bilingual handout")  # fmt: skip
    t1 = _stage("read article and clinic", t0)
    h = build_handout(article, brand, langs[0], ctx, steps)
    second = build_handout(article, brand, langs[1], ctx, steps) if len(langs) == 2 else None
    _stage("translate", t1)
    warnings = tuple(ctx.diagnostics.items[first:])

    def store() -> None:
        from handouts import modelcache

        inline.record(False)
        steps.save(parsed)
        if key is not None and _model_key(article_ref, clinic_ref, lang, ctx) == key:  # no file changed meanwhile
            modelcache.put(key, modelcache.Model(brand, h, second, warnings, tuple(parsed.items()),
                                                 modelcache.deps_of(brand, h, second)))  # fmt: skip

    return brand, h, second, store


def _model_ahead(article_ref: str, clinic_ref: str, lang: str | None, ctx: RenderContext,
                 key: str) -> tuple[Model | None, Callable[[], None], bool]:  # fmt: skip
    """The model built in a forked child (which stores it in the model cache) while this process
    loads the typesetter (:mod:`handouts.prefetch`), a function that completes its cache
    entries once the render has succeeded, and whether the article is new to this cache; (None,
    a no-op, True) when the child stored nothing (then the caller builds the model itself, and
    reports what failed)."""
    from handouts import prefetch
    from handouts.content import inline
    from handouts.imagefile import load_openers
    from handouts.layout.extras import qr_encoder
    from handouts.modelcache import Steps, put
    from handouts.typesetting import diskcache
    from handouts.typesetting.flowable import warm_up

    def build() -> None:
        *_, store = _build_model(article_ref, clinic_ref, lang, ctx, key)
        store()

    # The inline Markdown: the child's entry holds what its build parsed; the layout's own texts
    # (the frame's) are in the article's table as it was before the child rewrote it with its
    # part. Both are kept, as a render that builds its model keeps them (_build_model's store).
    table = Steps.on(ctx.workspace).of_article("inline", find_article(article_ref, ctx.workspace).resolve())
    # No earlier render of this article in this cache: the model is built from scratch (some
    # 90 ms against 25), and this process does meanwhile what the first paragraphs typeset
    # would (fonts, segmenters), and loads the Markdown parser for the layout's own texts.
    new = not table.items()
    if new and diskcache.unwritable() is not None:  # the child could store nothing: build it here
        return None, _nothing, True

    def load() -> None:  # the typesetter, and Thai's segmenter for the changed text
        load_writer()
        if new:
            warm_up(ctx.keep_words("th"))
            inline.md()
            load_openers()  # the logo is decoded for the page (its pixels are not in the disk cache yet)
            if ctx.qr:
                qr_encoder()
            _warm_frame(article_ref, clinic_ref, lang, ctx)
        elif "th" in (lang or "").split("+"):
            load_thai()

    if not prefetch.side_by_side(build, load):
        return None, _nothing, True
    found = _cached_model(key, ctx)
    if found is None:
        return None, _nothing, True
    inline.seed(table.items())
    parsed = inline.record()

    def store() -> None:
        inline.record(False)
        known = dict(found.inlines)
        if parsed.keys() - known.keys():
            put(key, dataclasses.replace(found, inlines=tuple({**known, **parsed}.items())))
        table.note((*found.inlines, *parsed.items()))
        table.save()

    return found, store, new


def _warm_frame(article_ref: str, clinic_ref: str, lang: str | None, ctx: RenderContext) -> None:
    """Decode the clinic's logo and encode the QR code as the pages' frame will (into this
    process's memos and the disk cache), from the clinic file alone: a render of an article new
    to the cache does it while its model is built elsewhere. The QR code only for a language
    given (a default one is the model's to choose), the logo at the size of the frame the paper
    takes; nothing else is kept, and any error is the model build's to report."""
    from handouts.layout import images
    from handouts.layout.extras import ascii_uri, qr_modules

    try:
        brand = load_brand(find_clinic(clinic_ref, ctx.workspace), ctx.workspace, Diagnostics(log=False))
        if brand.logo is not None:
            images.logo(brand.logo, pages.logo_pixels(is_half(page_paper(brand, ctx))))
        url = brand.online_url(find_article(article_ref, ctx.workspace).stem, lang.split("+")[0]) if lang else None
        if url and ctx.qr:
            qr_modules(ascii_uri(url))
    except Exception:  # a warm-up: the build reports what is wrong, where it belongs
        return


def _model_key(article_ref: str, clinic_ref: str, lang: str | None, ctx: RenderContext) -> str | None:
    """The model cache's key for this render (None: a file is missing, the full path reports it)."""
    from handouts import modelcache

    try:
        article = find_article(article_ref, ctx.workspace)
        clinic = find_clinic(clinic_ref, ctx.workspace)
    except HandoutError:
        return None
    return modelcache.key(article, clinic, ctx.workspace, (article_ref, clinic_ref, lang or ""), ctx.today,
                          ctx.default_langs)  # fmt: skip


def _cached_model(key: str | None, ctx: RenderContext) -> Model | None:
    """The model cache's entry for this render, its warnings replayed and its parsed inline
    Markdown handed to the layout; or None."""
    from handouts import modelcache
    from handouts.content import inline

    found = modelcache.get(key) if key is not None else None
    if found is None:
        return None
    for d in found.warnings:
        ctx.diagnostics.warn(**{f.name: getattr(d, f.name) for f in dataclasses.fields(d)})  # every field
    inline.seed(found.inlines)
    return found


def _default_lang(article: Article, ctx: RenderContext) -> str | None:
    """The first of the workspace's default languages the article has (None: its own language): its
    own, or one whose catalog translates at least one of its entries (a catalog made for the other
    articles does not make a Khmer article's handout a Thai draft with nothing translated)."""
    source = article.front["lang"]
    if ctx.default_langs:
        known = available_languages(ctx.locales, source)
        for lang in ctx.default_langs:
            if lang == source or (lang in known and _translates(article, load_catalog(ctx.locales, lang, source))):
                log.info("language: %s (the first of handouts.toml [defaults] languages the article is translated into)", lang)
                return lang
    log.info("language: %s (the article's own)", source)
    return None


def _translates(article: Article, catalog: Catalog) -> bool:
    """Whether ``catalog`` has a translation (not fuzzy, not blank) of any of the article's entries."""
    for entry in article.entries:
        m = catalog.lookup(article.id, entry.text)
        if m is not None and m.msgstr.strip() and not m.fuzzy:
            return True
    return False


def _stage(name: str, since: float) -> float:
    now = time.perf_counter()
    log.info("%s: %.0f ms", name, (now - since) * 1000)
    return now


def render_checked(article_ref: str, clinic_ref: str, lang: str | None, ctx: RenderContext, strict: bool) -> Rendered:
    """:func:`render`, then review-date check and ``--strict`` (exit 3 when anything was warned)."""
    from handouts.errors import StrictError

    result = render(article_ref, clinic_ref, lang, ctx)
    meta = result.handout.meta
    if review_overdue(meta.next_review, ctx):
        ctx.diagnostics.warn(
            "content.review-overdue",
            f"review was due on {meta.next_review.isoformat()}; have the article re-reviewed",
            article_shown(find_article(article_ref, ctx.workspace)),  # as every error of the article names it
        )
    if strict and ctx.diagnostics:
        n = len(ctx.diagnostics)
        raise StrictError(f"{n} warning{'s' if n != 1 else ''} under --strict; nothing was written",
                          hint="fix the warnings above, or render without --strict")  # fmt: skip
    return result


def check_plain_language(article_ref: str, lang: str | None, ctx: RenderContext) -> PlainReport:
    """Article id/path + language → the plain-language report (``handouts check``)."""
    from handouts.content.translate import translate
    from handouts.plain_language import MAX_SENTENCE_WORDS, check_blocks

    article = load_article(find_article(article_ref, ctx.workspace))
    source_lang = article.front["lang"]
    if lang is None:  # as a render chooses: the first default language the article has (one the check reads)
        checked = dataclasses.replace(ctx, default_langs=tuple(x for x in ctx.default_langs if x in MAX_SENTENCE_WORDS))
        lang = _default_lang(article, checked)
    lang = lang or source_lang
    _check_has(article, lang, ctx)
    catalog = load_catalog(ctx.locales, lang, source_lang)
    tr = translate(article, catalog, pages.Silent())  # untranslated entries are counted in the report
    return check_blocks(tr.blocks, lang, article.rel_path)
