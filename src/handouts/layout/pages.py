"""Blocks + Brand → pages: pagination and the page frame (header, footer, page X of Y).

Pagination is done here rather than with platypus (whose import alone costs 50 ms of every
``handouts render``): blocks are stacked in the body frame, a heading is kept with the first
two lines of what follows, and a paragraph split at a page end leaves at least two lines on
each side (:meth:`TextBlock.split`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.diagnostics import Diagnostics
from handouts.layout.styles import MM, Styles
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.spans import Span, TextStyle


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


@dataclass(slots=True)
class Placed:
    block: TextBlock
    y: float  # distance from the body frame's top to the block's top


@dataclass(slots=True)
class LaidOut:
    """Pages of placed blocks, ready to draw."""

    page_size: tuple[float, float]
    styles: Styles
    frame: Frame
    pages: list[list[Placed]] = field(default_factory=list)

    @property
    def body_x(self) -> float:
        return self.styles.margin_x

    @property
    def body_width(self) -> float:
        return self.page_size[0] - 2 * self.styles.margin_x

    @property
    def body_top(self) -> float:
        return self.page_size[1] - self.styles.margin_top - self.styles.header_height

    def footer_height(self) -> float:
        st = self.styles
        return 2 * st.lead(st.small) + 2 * st.lead(st.tiny) + 4 * MM

    @property
    def body_height(self) -> float:
        return self.body_top - self.styles.margin_bottom - self.footer_height()


def paginate(blocks: list[TextBlock], laid: LaidOut) -> LaidOut:
    """Stack blocks into pages."""
    width, height = laid.body_width, laid.body_height
    queue = list(blocks)
    page: list[Placed] = []
    y = 0.0
    i = 0
    while i < len(queue):
        b = queue[i]
        gap = b.space_before if page else 0.0
        _, h = b.wrap(width, height)
        avail = height - y - gap
        need = h
        if b.keepWithNext and i + 1 < len(queue):
            nxt = queue[i + 1]
            _, nh = nxt.wrap(width, height)
            need = h + b.space_after + nxt.space_before + min(nh, 2 * nxt.leading)
        if need <= avail + 1e-6:
            page.append(Placed(b, y + gap))
            y += gap + h + b.space_after
            i += 1
            continue
        if not b.keepWithNext:
            parts = b.split(width, avail)
            if len(parts) == 2:
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


def _small(spans: tuple[Span, ...], st: Styles, diagnostics: Diagnostics) -> TextBlock:
    return TextBlock(spans, leading=st.lead(st.small), diagnostics=diagnostics)


def draw(canv: Any, laid: LaidOut, diagnostics: Diagnostics) -> None:
    """Draw every page: frame, then body blocks."""
    total = len(laid.pages)
    for number, page in enumerate(laid.pages, start=1):
        _draw_frame(canv, laid, number, total, diagnostics)
        for placed in page:
            b = placed.block
            b.drawOn(canv, laid.body_x, laid.body_top - placed.y - b.height)
        canv.showPage()


def _draw_frame(canv: Any, laid: LaidOut, number: int, total: int, diagnostics: Diagnostics) -> None:
    st, fr = laid.styles, laid.frame
    w, h = laid.page_size
    x0, x1 = st.margin_x, w - st.margin_x
    top = h - st.margin_top
    # header: logo, clinic name and contact, a rule in the clinic colour
    logo_h = 15 * MM
    text_x = x0
    if fr.logo is not None:
        canv.drawImage(str(fr.logo), x0, top - logo_h, width=logo_h, height=logo_h, mask="auto",
                       preserveAspectRatio=True, anchor="sw")  # fmt: skip
        text_x = x0 + logo_h + 4 * MM
    name = TextBlock(fr.clinic_name, leading=st.lead(st.small + 4), diagnostics=diagnostics)
    _, nh = name.wrap(x1 - text_x, 100)
    name.drawOn(canv, text_x, top - nh)
    contact = TextBlock(fr.clinic_contact, leading=st.lead(st.tiny), diagnostics=diagnostics)
    _, ch = contact.wrap(x1 - text_x, 100)
    contact.drawOn(canv, text_x, top - nh - ch)
    canv.saveState()
    canv.setStrokeColor(fr.primary)
    canv.setLineWidth(1.5)
    rule_y = top - st.header_height + 4 * MM
    canv.line(x0, rule_y, x1, rule_y)
    # footer: questions, emergency, then document control (up to two lines) + page X of Y
    line = st.lead(st.small)
    fy = st.margin_bottom + 2 * line + 2 * st.lead(st.tiny)
    canv.setStrokeColor(fr.accent)
    canv.setLineWidth(0.8)
    canv.line(x0, fy + 2 * MM, x1, fy + 2 * MM)
    canv.restoreState()
    label_text = fr.page_label.replace("{page}", str(number)).replace("{pages}", str(total))
    label = _small((Span(label_text, TextStyle(face="bold", size=st.small, color=st.text), None, fr.lang),), st, diagnostics)
    label_width = sum(a.full for a in label.atoms())
    label.wrap(label_width + 1, 100)
    y = fy
    for spans in (fr.questions, fr.emergency):
        block = _small(spans, st, diagnostics)
        block.wrap(x1 - x0, 100)
        block._lines = block._lines[:1]  # the frame never grows: one line each
        block.height = line
        y -= line
        block.drawOn(canv, x0, y)
    control = TextBlock(fr.control, leading=st.lead(st.tiny), diagnostics=diagnostics)
    control.wrap(x1 - x0 - label_width - 6 * MM, 100)
    control._lines = control._lines[:2]
    control.height = len(control._lines) * control.leading
    control.drawOn(canv, x0, y - control.height)
    label.drawOn(canv, x1 - label_width, y - label.height)
    if fr.draft:
        _draw_draft(canv, laid, diagnostics)


def _draw_draft(canv: Any, laid: LaidOut, diagnostics: Diagnostics) -> None:
    """A large diagonal 'DRAFT · 87% translated' across the page, in light red."""
    w, h = laid.page_size
    fr = laid.frame
    size = 40.0
    block = TextBlock((Span(fr.draft, TextStyle(face="bold", size=size, color="#E8A0A0"), None, fr.lang),),
                      leading=size * 1.3, diagnostics=diagnostics)  # fmt: skip
    bw = sum(a.full for a in block.atoms())
    block.wrap(bw + 10, 200)
    canv.saveState()
    canv.translate(w / 2, h / 2)
    canv.rotate(35)
    block.drawOn(canv, -bw / 2, -block.height / 2)
    canv.restoreState()
