"""Blocks + Brand → pages: pagination and the page frame (header, footer, page X of Y).

Pagination is done here rather than with platypus (whose import alone costs 50 ms of every
``handouts render``): blocks are stacked in the body frame, a heading is kept with the first
two lines of what follows, and a paragraph split at a page end leaves at least two lines on
each side (:meth:`TextBlock.split`).

Two frames: the full one (A4, Letter: logo, clinic name, address and website in the header;
questions, emergency number, document control and page X of Y in the footer, on every page)
and the ``compact`` one of half pages (the A5 booklet and 2-up), and of a whole page whose full
frame would take more than a third of it (large print in two languages): a one-line header (small logo
and clinic name) and a one-line footer (short document control and page X of Y), about a tenth
of the page (:meth:`LaidOut.frame_share`); the rest is printed once, at the end of the handout
(:mod:`handouts.layout.contact`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from handouts.branding import is_hex_colour
from handouts.diagnostics import Diagnostics
from handouts.layout import images
from handouts.layout.styles import MM, Styles
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.marks import Tag, artifact, marked, marker
from handouts.typesetting.spans import Span, TextStyle

HEADER = artifact("Pagination", "Header")  # clinic name, address, logo after page 1, the rule
FOOTER = artifact("Pagination", "Footer")  # questions, emergency, document control, page X of Y
WATERMARK = artifact("Pagination", "Watermark")  # the DRAFT mark


class Flow(Protocol):
    """What :func:`paginate` stacks: :class:`TextBlock` and the layout's own boxes (QR, notes)."""

    space_before: float
    space_after: float
    keepWithNext: bool  # noqa: N815 (the flowable protocol's name)
    leading: float
    height: float

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]: ...  # noqa: N803

    def split(self, availWidth: float, availHeight: float) -> Sequence[Flow]: ...  # noqa: N803

    def drawOn(self, canv: Any, x: float, y: float) -> None: ...  # noqa: N802


class Silent(Diagnostics):
    """A collector that keeps and logs nothing: for measuring text that is drawn (and warned) later."""

    def warn(self, code: str, message: str, path: str | None = None, line: int | None = None,
             summary: str = "") -> None:  # fmt: skip
        pass


@dataclass(frozen=True, slots=True)
class Qr:
    """A QR code to the online version: the URL it encodes and its text alternative.

    ``alt`` is the ``/Alt`` of the code's ``Figure`` and the ``/Contents`` of the link over it.
    """

    url: str
    alt: str


@dataclass(frozen=True, slots=True)
class Frame:
    """What the page frame shows (all strings already localized, inline Markdown parsed)."""

    clinic_name: tuple[Span, ...]
    clinic_contact: tuple[Span, ...]
    questions: tuple[Span, ...]
    emergency: tuple[Span, ...]
    control: tuple[Span, ...]
    page_label: str
    draft: str
    logo: Path | None
    primary: str
    accent: str
    lang: str
    logo_alt: str = ""  # the logo's text alternative (kept in the model; see docs/accessibility.md)
    qr: Qr | None = None  # drawn on page 1 beside the title (see :mod:`.extras`)
    review_due: str = ""  # ISO date, when the article's review is overdue (staff-facing marker)
    digits: str = ""  # page numbers in these digits 0-9 (a clinic's [policy] native_digits); "": ASCII
    compact: bool = False  # half pages: one-line header and footer; the contact block once at the end
    control_short: tuple[Span, ...] = ()  # the compact footer's document control (version · hash)
    # a bilingual handout: the second language's footer (questions and emergency beside the first
    # language's, its document control under the first's; the page label already holds both)
    questions2: tuple[Span, ...] = ()
    emergency2: tuple[Span, ...] = ()
    control2: tuple[Span, ...] = ()
    lang2: str = ""
    draft_lang: str = ""  # the language of the draft text (a bilingual handout: the draft half's)

    @property
    def bilingual(self) -> bool:
        return bool(self.lang2)

    @property
    def draft_label(self) -> str:
        """The header band's draft text: always with the word DRAFT, so a search finds it."""
        if not self.draft:
            return ""
        return self.draft if "DRAFT" in self.draft else f"DRAFT · {self.draft}"

    @property
    def draft_word(self) -> str:
        """The word of the large diagonal mark: the draft text's first part ("DRAFT", "ฉบับร่าง")."""
        return self.draft.split(" · ")[0].strip() or "DRAFT"


@dataclass(frozen=True, slots=True)
class FooterLines:
    """How many lines each footer part takes (measured once, so the body frame leaves room)."""

    questions: int = 1
    emergency: int = 1
    control: int = 2
    control2: int = 0  # a bilingual handout's second document-control line(s)


@dataclass(slots=True)
class Placed:
    """A block on a page, at its distance from the body frame's top."""
    block: Flow
    y: float  # distance from the body frame's top to the block's top


@dataclass
class LaidOut:
    """Pages of placed blocks, ready to draw."""

    page_size: tuple[float, float]
    styles: Styles
    frame: Frame
    pages: list[list[Placed]] = field(default_factory=list)
    root: Tag = field(default_factory=lambda: Tag("Document"))  # the parent of the blocks' tags

    @property
    def body_x(self) -> float:
        return self.styles.margin_x

    @property
    def body_width(self) -> float:
        return self.page_size[0] - 2 * self.styles.margin_x

    @property
    def body_top(self) -> float:
        return self.page_size[1] - self.styles.margin_top - self.header_height

    @cached_property
    def header_height(self) -> float:
        """The style's header height, or more when the clinic name and address need it."""
        st, fr = self.styles, self.frame
        quiet = Silent()
        if fr.compact:
            name = TextBlock(fr.clinic_name, leading=_name_leading(fr, st), diagnostics=quiet, ragged=True)
            measure = self.page_size[0] - 2 * st.margin_x - (COMPACT_LOGO + 3 * MM if fr.logo is not None else 0.0)
            nh = min(name.wrap(measure, 1000)[1], COMPACT_NAME_LINES * name.leading)
            return max(COMPACT_LOGO if fr.logo is not None else 0.0, nh) + _COMPACT_RULE_GAP + self.draft_height
        measure = self.page_size[0] - 2 * st.margin_x - (_LOGO + 4 * MM if fr.logo is not None else 0.0)
        name = TextBlock(fr.clinic_name, leading=st.lead(st.small + 4), diagnostics=quiet, ragged=True)
        contact = TextBlock(fr.clinic_contact, leading=st.lead(st.tiny), diagnostics=quiet, ragged=True)
        nh = name.wrap(measure, 1000)[1]
        ch = min(contact.wrap(measure, 1000)[1], MAX_CONTACT_LINES * contact.leading)
        return max(st.header_height, nh + ch + self.draft_height + _RULE_GAP)

    @cached_property
    def draft_height(self) -> float:
        """The header band's draft line(s) under the clinic contact (0 when final)."""
        if not self.frame.draft:
            return 0.0
        return _draft_block(self.frame, self.styles, Silent()).wrap(self.page_size[0] - 2 * self.styles.margin_x, 1000)[1]

    @cached_property
    def footer_lines(self) -> FooterLines:
        """Lines of questions and emergency (1–3 each) and document control (2–4), as wrapped here."""
        st, fr = self.styles, self.frame
        width = self.page_size[0] - 2 * st.margin_x
        quiet = Silent()  # measuring only: the frame warns when it is drawn

        def lines(spans: tuple[Span, ...], leading: float, measure: float) -> int:
            block = TextBlock(spans, leading=leading, diagnostics=quiet)
            block.wrap(measure, 1000)
            return len(block.line_texts())

        label = _label_width(fr, st, 99, 99, quiet)
        col = _column(width) if fr.bilingual else width

        def row(first: tuple[Span, ...], second: tuple[Span, ...]) -> int:
            n = max(lines(first, st.lead(st.small), col), lines(second, st.lead(st.small), col) if second else 0)
            return min(max(n, 1), MAX_FOOTER_LINES)

        control_width = width if fr.bilingual else width - label - 6 * MM  # bilingual: the label has a line
        return FooterLines(
            questions=row(fr.questions, fr.questions2),
            emergency=row(fr.emergency, fr.emergency2),
            control=min(max(lines(fr.control, st.lead(st.tiny), control_width), 2 if not fr.bilingual else 1),
                        MAX_CONTROL_LINES),  # fmt: skip
            control2=min(lines(fr.control2, st.lead(st.tiny), control_width), MAX_CONTROL_LINES) if fr.control2 else 0,
        )

    @cached_property
    def compact_control_lines(self) -> int:
        """Lines of the compact footer's document control (1, or 2 when the review-due marker or a
        long translation does not fit one: it is never cut)."""
        st, fr = self.styles, self.frame
        quiet = Silent()
        block = TextBlock(fr.control_short, leading=st.lead(st.small), diagnostics=quiet)
        block.wrap(self.page_size[0] - 2 * st.margin_x - _label_width(fr, st, 99, 99, quiet) - 6 * MM, 1000)
        return min(max(len(block.line_texts()), 1), MAX_COMPACT_CONTROL_LINES)

    def footer_height(self) -> float:
        st = self.styles
        if self.frame.compact:
            return self.compact_control_lines * st.lead(st.small) + _COMPACT_RULE_GAP
        n = self.footer_lines
        label = st.lead(st.small) if self.frame.bilingual else 0.0  # both languages' "page X of Y", on a line of its own
        return (n.questions + n.emergency) * st.lead(st.small) + (n.control + n.control2) * st.lead(st.tiny) + label + 4 * MM

    def frame_share(self) -> float:
        """The share of the page's height that the frame takes: header and footer bands, margins apart."""
        return (self.header_height + self.footer_height()) / self.page_size[1]

    @property
    def body_height(self) -> float:
        return self.body_top - self.styles.margin_bottom - self.footer_height()


MAX_FOOTER_LINES = 3  # questions, emergency: lines each (3: a large-print bilingual column); longer text is cut, with a warning
MAX_CONTROL_LINES = 5  # document control: 2 on A4; the review-due marker, a large-print page or a translation sign-off need more
MAX_CONTACT_LINES = 3  # the clinic address and website under the clinic name
_LOGO = 15 * MM
_GUTTER = 6 * MM  # between the two languages of a bilingual footer (as the body's columns)
DRAFT_COLOR = "#B3261E"  # the header band's draft text: red, 5.9:1 on white
MARK_COLOR = "#F6D2D2"  # the diagonal mark: light, drawn under the text


@functools.lru_cache(maxsize=64)
def _color(spec: str) -> Any:
    """ReportLab's colour for ``spec`` (``#0B5394``), made once: ``toColor`` builds its table of
    named colours on every call, twice a page for the frame's rules (the same operators result).
    A ``#RRGGBB`` spec (every clinic colour is one) is ``HexColor``'s, which ``toColor`` returns
    for it too, but only after trying it as CSS, a colour name, a Python literal and an expression
    (importing ``ast`` and ReportLab's evaluator: some 3 ms of a fresh render)."""
    from reportlab.lib.colors import HexColor, toColor

    if is_hex_colour(spec):
        return HexColor(spec)
    return toColor(spec)


def _column(width: float) -> float:
    return (width - _GUTTER) / 2
_RULE_GAP = 4.5 * MM  # from the header rule up to the last header line's box
COMPACT_LOGO = 8 * MM
MAX_COMPACT_CONTROL_LINES = 2  # the compact footer's version · hash · review due: a longer text is cut (warned)
COMPACT_NAME_LINES = 2  # a longer clinic name is cut (warned) in the compact header
_COMPACT_RULE_GAP = 3.5 * MM  # compact frame: text ↔ rule ↔ body


def _name_leading(fr: Frame, st: Styles) -> float:
    return st.lead(max((s.style.size for s in fr.clinic_name), default=st.small))


def paginate(blocks: Sequence[Flow], laid: LaidOut) -> LaidOut:
    """Stack blocks into pages."""
    width, height = laid.body_width, laid.body_height
    queue: list[Flow] = list(blocks)
    page: list[Placed] = []
    y = 0.0
    i = 0
    while i < len(queue):
        b = queue[i]
        gap = b.space_before if page else 0.0
        _, h = b.wrap(width, height)
        avail = height - y - gap
        # the page holds only headings kept with what follows them (or nothing): moving on would
        # leave them alone, so what follows begins here, a box that fits no page with them split
        opening = all(p.block.keepWithNext for p in page)
        if b.keepWithNext and i + 1 < len(queue):
            fits = (opening and h <= avail + 1e-6) or _starts(queue, i, width, height, avail)
        else:
            fits = h <= avail + 1e-6
        if fits:
            page.append(Placed(b, y + gap))
            y += gap + h + b.space_after
            i += 1
            continue
        parts = b.split(width, avail) if avail > 0 else []
        if not parts and page and opening and avail > 0:
            parts = _split_anyway(b, width, avail)
            smaller = None if parts else _shrunk(b, width, avail)
            if smaller is not None:  # (a picture under headings kept with it: smaller, with them)
                queue[i] = smaller
                continue
        # (a block kept with the next splits only when its second part still is: a long item, its sub-steps)
        if len(parts) == 2 and (not b.keepWithNext or parts[1].keepWithNext):
            parts[0].wrap(width, height)
            page.append(Placed(parts[0], y + gap))
            queue[i] = parts[1]
            laid.pages.append(page)
            page, y = [], 0.0
            continue
        if page:
            laid.pages.append(page)
            page, y = [], 0.0
            continue
        parts = b.split(width, height)  # alone on an empty page and still too tall
        if len(parts) == 2:
            parts[0].wrap(width, height)
            page.append(Placed(parts[0], 0.0))
            queue[i] = parts[1]
        else:
            page.append(Placed(b, 0.0))
            i += 1
        laid.pages.append(page)
        page, y = [], 0.0
    if page or not laid.pages:
        laid.pages.append(page)
    return laid


def _boxes(flow: Any) -> list[Any]:
    """``flow`` and the flowables inside it that may be boxes kept whole (an indented one, a bilingual row's columns)."""
    out = [flow]
    for name in ("child", "left", "right"):
        inner = getattr(flow, name, None)
        if inner is not None:
            out.extend(_boxes(inner))
    return out


def _split_anyway(b: Flow, width: float, room: float) -> Sequence[Flow]:
    """``b.split``, with the boxes in it that are kept whole allowed to split (their parts are kept again)."""
    kept = [f for f in _boxes(b) if getattr(f, "keep", False) is True]
    if not kept:
        return []
    nodes = {id(f.node) for f in kept}
    for f in kept:
        f.keep = False
    try:
        parts = b.split(width, room)
    finally:
        for f in kept:
            f.keep = True
    for part in parts:
        for f in _boxes(part):
            if getattr(f, "keep", None) is False and id(getattr(f, "node", None)) in nodes:
                f.keep = True
    return parts


def _shrunk(b: Flow, width: float, room: float) -> Flow | None:
    """``b`` made smaller to fit ``room`` (a figure, a bilingual row of figures: their ``shrunk``), or None."""
    shrink = getattr(b, "shrunk", None)
    smaller: Flow | None = shrink(width, room) if shrink is not None else None
    return smaller


def _starts(queue: Sequence[Flow], i: int, width: float, height: float, room: float) -> bool:
    """Whether ``queue[i]`` and the blocks it is kept with (a heading, the heading under it) can
    stand in ``room`` at a page's foot with the start of what follows them: at least its first
    part, as the follower's own :meth:`split` cuts it (two lines of a paragraph, a table's header
    and first row); a box kept whole, a figure or a three-line paragraph that does not fit whole
    takes its heading to the next page with it."""
    kept = False  # queue[i] follows a block kept with it: it may start here and go on overleaf
    while True:
        b = queue[i]
        _, h = b.wrap(width, height)
        if h > room + 1e-6:
            return kept and not b.keepWithNext and room > 0 and len(b.split(width, room)) == 2
        if not (b.keepWithNext and i + 1 < len(queue)):
            return True
        room -= h + b.space_after + queue[i + 1].space_before
        i, kept = i + 1, True


def _small(spans: tuple[Span, ...], st: Styles, diagnostics: Diagnostics) -> TextBlock:
    return TextBlock(spans, leading=st.lead(st.small), diagnostics=diagnostics)


def _page_label(fr: Frame, page: int, pages: int) -> str:
    """ "Page X of Y" in the handout's language (and digits)."""
    text = fr.page_label.replace("{page}", str(page)).replace("{pages}", str(pages))
    return text.translate(str.maketrans("0123456789", fr.digits)) if fr.digits else text


def _label_width(fr: Frame, st: Styles, page: int, pages: int, diagnostics: Diagnostics) -> float:
    """The width of "page X of Y" (with ``99`` for both: the widest the footer leaves room for)."""
    text = _page_label(fr, page, pages)
    return sum(a.full for a in _small((Span(text, TextStyle(face="bold", size=st.small), None, fr.lang),), st,
                                      diagnostics).atoms())  # fmt: skip


def _once(laid: LaidOut, key: tuple[object, ...], diagnostics: Diagnostics, make: Any) -> Any:
    """``make()``, once per drawing of ``laid``: the frame's texts are the same on every page
    (a block drawn again draws the same operators; its warnings were given the first time)."""
    made: dict[tuple[object, ...], tuple[Diagnostics, Any]] = laid.__dict__.setdefault("_frame_parts", {})
    hit = made.get(key)
    if hit is None or hit[0] is not diagnostics:
        hit = made[key] = (diagnostics, make())
    return hit[1]


def _kept(block: TextBlock, width: float, lines: int, what: str, diagnostics: Diagnostics) -> TextBlock:
    block.wrap(width, 100)
    _keep_lines(block, lines, what, diagnostics)
    return block


def _keep_lines(block: TextBlock, lines: int, what: str, diagnostics: Diagnostics) -> None:
    """Cut a wrapped frame block to ``lines`` (the frame never grows), warning when text is lost."""
    if len(block._lines) > lines:
        diagnostics.warn("layout.frame-cut", f"{what} does not fit the page frame and was cut after {lines} "
                         f"line{'s' if lines > 1 else ''}; shorten it in the clinic file or the template")  # fmt: skip
        block._lines = block._lines[:lines]
    block.height = len(block._lines) * block.leading


def draw(canv: Any, laid: LaidOut, diagnostics: Diagnostics) -> None:
    """Draw every page: frame, then body blocks."""
    total = len(laid.pages)
    for number, page in enumerate(laid.pages, start=1):
        _draw_frame(canv, laid, number, total, diagnostics)
        for placed in page:
            b = placed.block
            b.drawOn(canv, laid.body_x, laid.body_top - placed.y - b.height)
        canv.showPage()


def logo_pixels(compact: bool) -> int:
    """The logo's longer side in pixels (300 per inch at the size it prints) in a full or compact frame."""
    return round((COMPACT_LOGO if compact else _LOGO) / 72 * 300)


def _draw_frame(canv: Any, laid: LaidOut, number: int, total: int, diagnostics: Diagnostics) -> None:
    st, fr = laid.styles, laid.frame
    x0, top = st.margin_x, laid.page_size[1] - st.margin_top
    # header: logo, clinic name and contact, a rule in the clinic colour
    logo_h = COMPACT_LOGO if fr.compact else _LOGO
    # (compact: centred on the header line, as the name is: the band above the rule, not the draft lines under it)
    band = laid.header_height - _COMPACT_RULE_GAP - laid.draft_height
    logo_y = top - (band + logo_h) / 2 if fr.compact else top - logo_h
    text_x = x0
    if fr.logo is not None:
        # the logo is a Figure once, on page 1 (when the clinic gives its alt text), then part of the header
        logo_tag = laid.root.child("Figure", alt=fr.logo_alt) if number == 1 and fr.logo_alt else HEADER
        with marked(canv, logo_tag):
            images.draw(canv, images.logo(fr.logo, logo_pixels(fr.compact)), x0, logo_y, logo_h, logo_h)
            marker(canv).bbox(canv, (x0, logo_y, x0 + logo_h, logo_y + logo_h))
        text_x = x0 + logo_h + (3 if fr.compact else 4) * MM
    with marked(canv, HEADER):
        (_draw_compact_header if fr.compact else _draw_header)(canv, laid, text_x, diagnostics)
    with marked(canv, FOOTER):
        (_draw_compact_footer if fr.compact else _draw_footer)(canv, laid, number, total, diagnostics)
    if fr.draft:
        with marked(canv, WATERMARK):
            _draw_draft(canv, laid)


def _draw_header(canv: Any, laid: LaidOut, text_x: float, diagnostics: Diagnostics) -> None:
    st, fr = laid.styles, laid.frame
    w, h = laid.page_size
    x0, x1 = st.margin_x, w - st.margin_x
    top = h - st.margin_top
    name = _once(laid, ("name", text_x), diagnostics,
                 lambda: TextBlock(fr.clinic_name, leading=st.lead(st.small + 4), diagnostics=diagnostics, ragged=True))  # fmt: skip
    _, nh = name.wrap(x1 - text_x, 100)
    name.drawOn(canv, text_x, top - nh)

    def contact_block() -> TextBlock:
        contact = TextBlock(fr.clinic_contact, leading=st.lead(st.tiny), diagnostics=diagnostics, ragged=True)
        room = laid.header_height - _RULE_GAP - nh - laid.draft_height  # above the rule
        lines = max(1, int((room + 1e-6) // contact.leading))
        return _kept(contact, x1 - text_x, lines, "the clinic address", diagnostics)

    contact = _once(laid, ("contact", text_x), diagnostics, contact_block)
    contact.drawOn(canv, text_x, top - nh - contact.height)
    if fr.draft:  # the draft text: ordinary text, once per page, on its own line under the contact
        label = _once(laid, ("draft",), diagnostics, lambda: _draft_block(fr, st, diagnostics))
        label.wrap(x1 - x0, 100)
        label.drawOn(canv, x0, top - nh - contact.height - label.height)
    canv.saveState()
    canv.setStrokeColor(_color(fr.primary))
    canv.setLineWidth(1.5)
    rule_y = top - laid.header_height + 4 * MM
    canv.line(x0, rule_y, x1, rule_y)
    canv.restoreState()


def _draw_footer(canv: Any, laid: LaidOut, number: int, total: int, diagnostics: Diagnostics) -> None:
    """Questions, emergency, then document control (2–3 lines) + page X of Y, under a rule."""
    st, fr = laid.styles, laid.frame
    w = laid.page_size[0]
    x0, x1 = st.margin_x, w - st.margin_x
    n = laid.footer_lines
    line = st.lead(st.small)
    fy = st.margin_bottom + laid.footer_height() - 4 * MM
    canv.saveState()
    canv.setStrokeColor(_color(fr.accent))
    canv.setLineWidth(0.8)
    canv.line(x0, fy + 2 * MM, x1, fy + 2 * MM)
    canv.restoreState()
    label_text = _page_label(fr, number, total)
    label = _small((Span(label_text, TextStyle(face="bold", size=st.small, color=st.text), None, fr.lang),), st, diagnostics)
    label_width = sum(a.full for a in label.atoms())
    label.wrap(label_width + 1, 100)
    y = fy
    col = _column(x1 - x0) if fr.bilingual else x1 - x0  # a bilingual footer: the two languages side by side
    for first, second, lines, what in ((fr.questions, fr.questions2, n.questions, "the questions line"),
                                       (fr.emergency, fr.emergency2, n.emergency, "the emergency line")):  # fmt: skip
        y -= lines * line
        for k, spans in enumerate((first, second) if fr.bilingual else (first,)):
            block = _once(laid, (what, k), diagnostics,
                          lambda: _kept(_small(spans, st, diagnostics), col, lines, what, diagnostics))  # noqa: B023
            block.drawOn(canv, x0 + k * (col + _GUTTER), y + lines * line - block.height)
    label99 = _once(laid, ("label99",), diagnostics, lambda: _label_width(fr, st, 99, 99, diagnostics))
    control_width = x1 - x0 if fr.bilingual else x1 - x0 - label99 - 6 * MM
    label_y = y - label.height  # beside the document control's first line
    for k, (spans, lines) in enumerate(((fr.control, n.control), (fr.control2, n.control2))):
        if not lines:
            continue
        control = _once(laid, ("control", k), diagnostics,
                        lambda: _kept(TextBlock(spans, leading=st.lead(st.tiny), diagnostics=diagnostics),  # noqa: B023
                                      control_width, lines, "the document-control line", diagnostics))  # noqa: B023
        control.drawOn(canv, x0, y - control.height)
        y -= lines * st.lead(st.tiny)
    # drawn after the text to its left: pdf.js (Firefox) reads in drawing order and glues text
    # that moves back on one line to what came before ("Page 1 of 4Author …" on copy)
    label.drawOn(canv, x1 - label_width, y - label.height if fr.bilingual else label_y)


def _draw_compact_header(canv: Any, laid: LaidOut, text_x: float, diagnostics: Diagnostics) -> None:
    """Half pages: the clinic name beside the small logo, centred on it, over a rule."""
    st, fr = laid.styles, laid.frame
    w, h = laid.page_size
    x0, x1 = st.margin_x, w - st.margin_x
    top = h - st.margin_top
    band = laid.header_height - _COMPACT_RULE_GAP - laid.draft_height  # the header line's height
    name = TextBlock(fr.clinic_name, leading=_name_leading(fr, st), diagnostics=diagnostics, ragged=True)
    name.wrap(x1 - text_x, 100)
    _keep_lines(name, COMPACT_NAME_LINES, "the clinic name", diagnostics)
    name.drawOn(canv, text_x, top - (band + name.height) / 2)
    canv.saveState()
    canv.setStrokeColor(_color(fr.primary))
    canv.setLineWidth(1.2)
    canv.line(x0, top - band - 1.5 * MM, x1, top - band - 1.5 * MM)
    canv.restoreState()
    if fr.draft:  # the draft text, once per page, under the rule
        label = _draft_block(fr, st, diagnostics)
        label.wrap(x1 - x0, 100)
        label.drawOn(canv, x0, top - band - 2.5 * MM - label.height)


def _draw_compact_footer(canv: Any, laid: LaidOut, number: int, total: int, diagnostics: Diagnostics) -> None:
    """Half pages: a rule, then the short document control (one line, two when it needs them) and
    page X of Y on its last line."""
    st, fr = laid.styles, laid.frame
    x0, x1 = st.margin_x, laid.page_size[0] - st.margin_x
    line = st.lead(st.small)
    n = laid.compact_control_lines
    rule_y = st.margin_bottom + n * line + 1.5 * MM
    canv.saveState()
    canv.setStrokeColor(_color(fr.accent))
    canv.setLineWidth(0.6)
    canv.line(x0, rule_y, x1, rule_y)
    canv.restoreState()
    label = _small((Span(_page_label(fr, number, total), TextStyle(face="bold", size=st.small, color=st.text), None,
                         fr.lang),), st, diagnostics)  # fmt: skip
    label_width = sum(a.full for a in label.atoms())
    label.wrap(label_width + 1, 100)
    control = TextBlock(fr.control_short, leading=line, diagnostics=diagnostics)
    control.wrap(x1 - x0 - _label_width(fr, st, 99, 99, diagnostics) - 6 * MM, 100)
    _keep_lines(control, n, "the short document-control line", diagnostics)
    control.drawOn(canv, x0, st.margin_bottom)
    label.drawOn(canv, x1 - label_width, st.margin_bottom)  # after the text to its left (pdf.js reading order)


def _draft_block(fr: Frame, st: Styles, diagnostics: Diagnostics) -> TextBlock:
    style = TextStyle(face="bold", size=st.tiny, color=DRAFT_COLOR)
    return TextBlock((Span(fr.draft_label, style, None, fr.draft_lang or fr.lang),), leading=st.lead(st.tiny),
                     diagnostics=diagnostics)  # fmt: skip


def _draw_draft(canv: Any, laid: LaidOut) -> None:
    """The large diagonal mark ("DRAFT", "ฉบับร่าง") as filled glyph outlines: graphics, not text,
    and an artifact, so text extraction, copy/paste and screen readers never meet it and body
    sentences stay whole. The words themselves are text, once per page, in the header band."""
    from handouts.typesetting.outline import text_outline

    w, h = laid.page_size
    word = laid.frame.draft_word
    probe = text_outline(word, 100.0)
    size = min(120.0, 100.0 * 0.55 * (w * w + h * h) ** 0.5 / max(probe.width, 1.0))
    mark = text_outline(word, size)
    own = not marker(canv).tagged  # a tagged PDF wraps it as a Watermark artifact already
    canv.saveState()
    if own:
        canv.addLiteral("/Artifact BMC")
    canv.translate(w / 2, h / 2)
    canv.rotate(35)
    canv.setFillColor(_color(MARK_COLOR))
    canv.addLiteral(f"q 1 0 0 1 {-mark.width / 2:.2f} {-size * 0.3:.2f} cm\n{mark.ops}\nQ")
    if own:
        canv.addLiteral("EMC")
    canv.restoreState()
