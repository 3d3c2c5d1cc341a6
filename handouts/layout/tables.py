"""A model :class:`~handouts.model.Table` → a ruled table flowable (or label–value rows when too wide).

Column widths come from the content (CSS "auto" layout: each column gets at least its widest
word and shares what is left in proportion to its longest line). Every cell is a
:class:`~handouts.typesetting.flowable.TextBlock`, so Thai cells wrap at word boundaries and
extract exactly. Cells are ruled on all sides (PDF table extractors find rows and cells from
the rules), the header row is shaded in the clinic colour with white bold text (the clinic
colour passes 4.5:1 against white) and repeated on every page the table continues on. A row
is never split across pages unless it is taller than a page.

A table whose words cannot fit side by side (or one with more columns than large print can
hold, :data:`LARGE_MAX_COLUMNS`) is printed as *label–value rows*: for every body row, one
two-column block of "header | cell" lines. A table whose header cells are all empty (``| | |``,
how Markdown writes one without a header) has no header row, drawn or tagged; its narrow form
prints each cell on a line of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from handouts.layout.callouts import passing
from handouts.layout.styles import MM, Styles
from handouts.model import Cell, Table, plain
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.marks import Tag, artifact, marked
from handouts.typesetting.spans import Span, TextStyle

if TYPE_CHECKING:
    from handouts.layout.blocks import Ctx

PAD_X = 1.6 * MM
PAD_Y = 1.0 * MM
RULE = 0.6
FRESH_SLACK = 72.0  # a table offered this much less than a page is (nearly) at a page's top: no lone-row moves
GROUP_RULE = 2.0  # label–value rows: between one source row (a medicine with its dose) and the next
LARGE_MAX_COLUMNS = 3  # large print: a wider table reflows as label–value rows
MIN_COLUMN_EM = 3.0  # a column narrower than this many ems is unreadable: reflow instead
_STRIPE = "#F2F2F2"
LARGE_BODY = 18.0  # the large-print body size (styles_for(profile="large"))


def _natural(block: TextBlock) -> tuple[float, float]:
    """(widest word, whole text on one line) of a cell, in points."""
    atoms = block.atoms()
    widest = block.widest_word()  # (a web address: its widest piece, as it wraps in a narrow column)
    whole = sum(a.full for a in atoms) - (atoms[-1].full - atoms[-1].trimmed if atoms else 0.0)
    return widest, whole


def _bounds(cells: Sequence[Sequence[TextBlock]]) -> tuple[list[float], list[float]]:
    """Per column, padding included: (its widest word, its longest cell on one line)."""
    n = len(cells[0])
    lo = [0.0] * n
    hi = [0.0] * n
    for row in cells:
        for j, cell in enumerate(row):
            w, whole = _natural(cell)
            lo[j] = max(lo[j], w + 2 * PAD_X + 0.5)
            hi[j] = max(hi[j], whole + 2 * PAD_X + 0.5)
    return lo, hi


def column_widths(cells: Sequence[Sequence[TextBlock]], avail: float, floor: float = 0.0) -> list[float] | None:
    """Widths (cell padding included) that fill ``avail``, or None when the widest words do not fit.

    Each column first gets ``floor`` (or its whole content, when that is narrower) as far as the
    page allows, then what is left is shared in proportion to what each column still wants: a
    short column ("Day 1", "08:00") is not squeezed below its content by a long one beside it."""
    lo, hi = _bounds(cells)
    if sum(lo) > avail + 1e-6:
        return None
    if sum(hi) <= avail:
        extra = avail - sum(hi)
        return [h + extra * h / sum(hi) for h in hi]
    base = [max(lo_, min(h, floor)) for lo_, h in zip(lo, hi, strict=True)]
    if sum(base) > avail + 1e-6:
        base = lo
    spare = avail - sum(base)
    want = [h - b for h, b in zip(hi, base, strict=True)]
    total = sum(want) or 1.0
    return [b + spare * w / total for b, w in zip(base, want, strict=True)]


def readable(cells: Sequence[Sequence[TextBlock]], widths: Sequence[float], floor: float) -> bool:
    """Every column at least ``floor`` wide, or wide enough for its whole content on one line."""
    _, hi = _bounds(cells)
    return all(w >= min(floor, h) - 1e-6 for w, h in zip(widths, hi, strict=True))


def min_column(st: Styles, avail: float, columns: int) -> float:
    """The narrowest readable column: :data:`MIN_COLUMN_EM` ems, or an equal share of ``avail``."""
    return min(MIN_COLUMN_EM * st.body, avail / max(1, columns))


class TableBlock:
    """Rows of cell blocks with rules; ``header`` is repeated after every page break."""

    role = "Table"

    def __init__(self, header: list[TextBlock] | None, rows: list[list[TextBlock]], align: Sequence[str],
                 st: Styles, fill: str, *, node: Table | None = None, stacked: bool = False,
                 widths: list[float] | None = None, space_after: float = 0.0, space_before: float = 0.0,
                 continued: bool = False, again: list[TextBlock] | None = None,
                 shade: list[int] | None = None, groups: Sequence[int] = (),
                 page_hint: float = 0.0) -> None:  # fmt: skip
        self.header, self.rows, self.align = header, rows, list(align)
        self.st, self.fill, self.node, self.stacked = st, fill, node, stacked
        self.fixed = widths
        self.space_before, self.space_after = space_before, space_after
        self.keepWithNext = False
        self.continued = continued
        self.again = again or header  # the header as drawn on a continuation page (an artifact)
        self.shade = shade  # label–value rows of one column: the rows that are labels (shaded)
        # the rows where a group starts (a stacked table: the label–value rows of one source row,
        # a medicine with its dose): a page breaks between groups, inside one only if it is taller than a page
        self.groups = tuple(groups)
        self.leading = max((c.leading for r in rows for c in r), default=st.lead(st.body))
        self.height = 0.0
        self.width = 0.0
        self.widths: list[float] = []
        # the height of a fresh page's body (the most it was ever offered; at least ``page_hint``, for a
        # table in a bilingual row, whose columns are only ever offered what is left of the page)
        self._page_h = page_hint
        self._row_h: list[float] = []
        self._head_h = 0.0

    # -- measuring ---------------------------------------------------------------------
    def _all(self) -> list[list[TextBlock]]:
        return ([self.header] if self.header else []) + self.rows

    def _row_height(self, row: list[TextBlock], avail: float) -> float:
        return max((c.wrap(w - 2 * PAD_X, avail)[1] for c, w in zip(row, self.widths, strict=True)), default=0.0) + 2 * PAD_Y

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._page_h = max(self._page_h, availHeight)
        if self.fixed is not None:
            scale = availWidth / sum(self.fixed)
            self.widths = [w * scale for w in self.fixed]
        else:
            n = len(self.align)
            self.widths = column_widths(self._all(), availWidth, min_column(self.st, availWidth, n)) or [availWidth / n] * n
        self._head_h = self._row_height(self.header, availHeight) if self.header else 0.0
        if self.header and self.again and self.again is not self.header:
            self._row_height(self.again, availHeight)
        self._row_h = [self._row_height(r, availHeight) for r in self.rows]
        self.width = availWidth
        self.height = self._head_h + sum(self._row_h)
        return availWidth, self.height

    def _part(self, rows: list[list[TextBlock]], first: bool, last: bool) -> TableBlock:
        part = TableBlock(self.header, rows, self.align, self.st, self.fill, node=self.node, stacked=self.stacked,
                          widths=self.widths, space_before=self.space_before if first else 0.0,
                          space_after=self.space_after if last else 0.0, continued=self.continued or not first,
                          again=self.again, shade=self._shade_of(rows),
                          groups=self._groups_of(rows))  # fmt: skip
        part._page_h = self._page_h
        return part

    def _groups_of(self, rows: list[list[TextBlock]]) -> tuple[int, ...]:
        if not self.groups or not rows:
            return ()
        start = next(i for i, r in enumerate(self.rows) if r is rows[0])
        return tuple(g - start for g in self.groups if start <= g < start + len(rows))

    def _shade_of(self, rows: list[list[TextBlock]]) -> list[int] | None:
        if self.shade is None:
            return None
        shaded = {id(self.rows[i][0]) for i in self.shade}
        return [k for k, r in enumerate(rows) if id(r[0]) in shaded]

    def split(self, availWidth: float, availHeight: float) -> Sequence[TableBlock]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        y = self._head_h
        k = 0
        while k < len(self.rows) and y + self._row_h[k] <= availHeight + 1e-6:
            y += self._row_h[k]
            k += 1
        if k == 0:
            if not self.rows or (self._head_h + self._row_h[0] <= self._page_h + 1e-6 and not self._near_top(availHeight)):
                return []  # the first row fits on a fresh page: move the table there
            return self._split_row(availWidth, availHeight - self._head_h)
        if k == len(self.rows):
            return [self]
        if self._head_h + self._row_h[k] > self._page_h - FRESH_SLACK + 1e-6:
            # the next row is taller than any page: split wherever it starts, so it starts here,
            # under the rows that fit (moved on, it left the rest of this page blank)
            parts = self._split_row(availWidth, availHeight - y, k)
            if parts:
                return parts
        if not self.groups:
            k = self._no_lone_row(k, availHeight)
            if k == 0:
                return []
        if self.groups:
            g = max((s for s in self.groups if s <= k), default=0)
            if g > 0:
                k = g  # the page breaks between two groups
            else:  # not even the first group fits here: on a fresh page, if it fits there
                first = next((s for s in self.groups if s > 0), len(self.rows))
                if self._head_h + sum(self._row_h[:first]) <= self._page_h + 1e-6 and not self._near_top(availHeight):
                    return []
        return [self._part(self.rows[:k], True, False), self._part(self.rows[k:], False, True)]

    def _near_top(self, avail: float) -> bool:
        """Offered (nearly) a whole page: moving on finds no more room. "Nearly": a table in a box
        is offered the page less the box's padding and label, on every page (it would move on for ever)."""
        return avail >= self._page_h - FRESH_SLACK - 1e-6

    def _no_lone_row(self, k: int, avail: float) -> int:
        """Where a table that breaks after ``k`` rows breaks so that no page holds a single row of
        it (the header and one dose at a page's foot, or the last dose alone over the page): one
        row fewer here, or 0 (the whole table moves on) when two rows do not fit here and the
        header with two rows fits a fresh page. Unchanged on a fresh page (nowhere better to go)."""
        n = len(self.rows)
        if n - k == 1 and self._head_h + self._row_h[-1] > self._page_h - FRESH_SLACK:
            return k  # the last row is taller than a page: it is split across pages anyway
        if n - k == 1 and k > 2:
            return k - 1  # the last row goes on with the one before it
        if (k >= 2 and n - k >= 2) or self._near_top(avail):
            return k
        if self._head_h + sum(self._row_h[:2]) <= self._page_h - FRESH_SLACK + 1e-6:
            return 0
        return k

    def _split_row(self, width: float, room: float, k: int = 0) -> Sequence[TableBlock]:
        """Row ``k``, taller than a page, in ``room`` under the rows before it: its cells split line
        by line (the header repeats above the rest); [] when not two lines fit."""
        before, first, rest = self.rows[:k], self.rows[k], self.rows[k + 1 :]
        top: list[TextBlock] = []
        bottom: list[TextBlock] = []
        for cell, w in zip(first, self.widths, strict=True):
            cell.wrap(w - 2 * PAD_X, room)
            fit = max(1, int((room - 2 * PAD_Y + 1e-6) // cell.leading))
            lines = cell._lines
            top.append(cell._part(lines[:fit], True) if len(lines) > fit else cell)
            bottom.append(cell._part(lines[fit:], False) if len(lines) > fit else cell._part([], False))
        if room < 2 * self.leading + 2 * PAD_Y:
            return []
        return [self._part([*before, top], True, False), self._part([bottom, *rest], False, True)]

    # -- drawing -------------------------------------------------------------------------
    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        from handouts.typesetting.flowable import hex_to_rgb

        top = y + self.height
        canv.saveState()
        rows: list[tuple[list[TextBlock], float, bool]] = []
        if self.header:
            rows.append(((self.again or self.header) if self.continued else self.header, self._head_h, True))
        rows.extend((r, h, False) for r, h in zip(self.rows, self._row_h, strict=True))
        cy = top
        for k0, (row, h, is_head) in enumerate(rows):
            k = k0 - (1 if self.header else 0)
            cy -= h
            with marked(canv, artifact("Layout")):
                if is_head:
                    canv.setFillColorRGB(*hex_to_rgb(self.fill))
                    canv.rect(x, cy, self.width, h, stroke=0, fill=1)
                elif self.stacked and (self.shade is None or k in self.shade):
                    canv.setFillColorRGB(*hex_to_rgb(_STRIPE))
                    canv.rect(x, cy, self.widths[0], h, stroke=0, fill=1)
            cx = x
            for j, (cell, w) in enumerate(zip(row, self.widths, strict=True)):
                _draw_cell(canv, cell, cx + PAD_X, cy + h - PAD_Y, w - 2 * PAD_X, self.align[j] if not self.stacked else "left")
                cx += w
        # rules: every row and column boundary (what table extractors and readers look for)
        with marked(canv, artifact("Layout")):
            canv.setStrokeColorRGB(*hex_to_rgb(self.st.muted))
            canv.setLineWidth(RULE)
            cy = top
            canv.line(x, cy, x + self.width, cy)
            for _, h, _ in rows:
                cy -= h
                canv.line(x, cy, x + self.width, cy)
            cx = x
            for w in [0.0, *self.widths]:
                cx += w
                canv.line(cx, top, cx, y)
            if self.stacked and self.groups:  # label–value rows: a heavier rule between two source rows
                canv.setStrokeColorRGB(*hex_to_rgb(self.st.text))
                canv.setLineWidth(GROUP_RULE)
                cy = top
                for k, (_, h, _) in enumerate(rows):
                    if k in self.groups and k > 0:
                        canv.line(x, cy, x + self.width, cy)
                    cy -= h
        canv.restoreState()


def _draw_cell(canv: Any, cell: TextBlock, x: float, top: float, width: float, align: str) -> None:
    """A cell's lines under ``top``, each line placed for the column's alignment."""
    if align == "left" or not cell._lines:
        cell.drawOn(canv, x, top - cell.height)
        return
    for i, line in enumerate(cell._lines):
        one = cell._part([line], i == 0)
        one.wrap(width, cell.leading)
        used = sum(a.full for a in line[:-1]) + (line[-1].trimmed if line else 0.0)
        dx = (width - used) if align == "right" else (width - used) / 2
        one.drawOn(canv, x + max(0.0, dx), top - (i + 1) * cell.leading)


def build_table(ctx: Ctx, table: Table, tag: Tag) -> Adaptive:
    """A model table → a ruled table, or label–value rows when the columns cannot fit.

    Tagged ``Table`` → ``TR`` → ``TH`` (scope column) / ``TD``; the label–value form tags each
    label ``TH`` with scope row. The header repeated on a continuation page is an artifact.
    """
    st = ctx.st
    body = TextStyle(size=st.body, color=st.text)
    head = TextStyle(face="bold", size=st.body, color="#FFFFFF")
    fill = passing(ctx.primary, "#FFFFFF")
    lead = st.lead(st.body)

    def cell(c: Cell, style: TextStyle, ctag: Tag | None, white: bool = False) -> TextBlock:
        sp = ctx.spans(c.inlines, style) or (Span("\u00a0", style, None, ctx.lang),)
        sp = tuple(Span(" " if s.text == "\n" else s.text, s.style, s.link, s.lang) for s in sp)
        if white:  # white on the clinic colour: links too
            sp = tuple(Span(s.text, TextStyle(s.style.face, s.style.size, "#FFFFFF", s.style.underline), s.link, s.lang)
                       for s in sp)  # fmt: skip
        return ctx.text(sp, c.source, ctag, leading=lead)

    def lang(c: Cell) -> str:
        return ctx.lang_of(c.translated)

    # a header row of empty cells (how Markdown writes a table without one): no header is drawn or
    # tagged (it printed a blank shaded bar over empty TH cells), and the narrow form has no labels
    headless = not any(plain(c.inlines).strip() for c in table.header)
    header: list[TextBlock] | None = None
    again: list[TextBlock] | None = None
    if not headless:
        head_tr = tag.child("THead").child("TR")  # the header row, then the body rows: THead, TBody
        header = [cell(c, head, head_tr.child("TH", attrs=(("Scope", "Column"),), lang=lang(c)), white=True)
                  for c in table.header]  # fmt: skip
        again = [cell(c, head, artifact("Pagination"), white=True) for c in table.header]
    tbody = tag.child("TBody")
    row_tags = [tbody.child("TR") for _ in table.rows]
    rows = [[cell(c, body, tr.child("TD", lang=lang(c))) for c in r] for r, tr in zip(table.rows, row_tags, strict=True)]
    before, after = st.paragraph_gap * 0.5, st.paragraph_gap * 1.5
    hint = ctx.body_height  # what a fresh page's body holds (a bilingual column is only offered what is left)
    normal = TableBlock(header, rows, table.align, st, fill, node=table, space_before=before, space_after=after,
                        again=again, page_hint=hint)  # fmt: skip
    label_style = TextStyle(face="bold", size=st.body, color=st.text)
    stacked: list[list[TextBlock]] = []
    stacked_body = tag.child("TBody")  # a narrow column: one row per cell, its header as the row's TH
    for row in table.rows:
        for j in range(len(row)):
            tr = stacked_body.child("TR")
            value = cell(row[j], body, tr.child("TD", lang=lang(row[j])))
            if headless:
                stacked.append([value])
                continue
            label = cell(table.header[j], label_style, tr.child("TH", attrs=(("Scope", "Row"),), lang=lang(table.header[j])))
            stacked.append([label, value])
    labels = [] if headless else [x[0] for x in stacked]
    lo, hi = 0.0, 0.0
    for lb in labels:
        w, whole = _natural(lb)
        lo, hi = max(lo, w), max(hi, whole)
    widest_value = max((_natural(x[-1])[0] for x in stacked), default=0.0)
    too_many = st.body >= LARGE_BODY and len(table.header) > LARGE_MAX_COLUMNS
    pad = 2 * PAD_X + 0.5
    n = max(1, len(table.header))  # stacked rows per source row: one group

    def make(avail: float) -> TableBlock:
        if headless:  # each cell on a line of its own, a source row's cells together
            return TableBlock(None, stacked, ("left",), st, fill, node=table, stacked=True, widths=[avail],
                              space_before=before, space_after=after, shade=[], groups=range(0, len(stacked), n),
                              page_hint=hint)  # fmt: skip
        if lo + widest_value + 2 * pad <= avail:  # label | value
            return TableBlock(None, stacked, ("left", "left"), st, fill, node=table, stacked=True,
                              widths=_label_widths(lo, hi, avail, widest_value), space_before=before, space_after=after,
                              groups=range(0, len(stacked), n), page_hint=hint)  # fmt: skip
        # a column too narrow for both side by side: each label on a shaded line above its value
        lines = [[x] for pair in stacked for x in pair]
        return TableBlock(None, lines, ("left",), st, fill, node=table, stacked=True, widths=[avail],
                          space_before=before, space_after=after, shade=list(range(0, len(lines), 2)),
                          groups=range(0, len(lines), 2 * n), page_hint=hint)  # fmt: skip

    return Adaptive(normal, make, too_many)


def _label_widths(lo: float, hi: float, avail: float, value: float) -> list[float]:
    """Label and value columns: the label at most 40 % (its longest line or widest word), the
    value at least its widest word when both fit."""
    pad = 2 * PAD_X + 0.5
    first = min(max(lo, min(hi, 0.4 * avail)) + pad, 0.5 * avail)
    if avail - first < value + pad:
        first = max(lo + pad, avail - value - pad)
    return [first, avail - first]


class Adaptive:
    """A table that decides at :meth:`wrap` time, from the width it gets, whether its columns fit
    side by side (each at least its widest word and :data:`MIN_COLUMN_EM` ems) or it prints as
    label–value rows."""

    role = "Table"

    def __init__(self, normal: TableBlock, stacked: Callable[[float], TableBlock], force: bool) -> None:
        self.normal, self.make_stacked, self.force = normal, stacked, force
        self.chosen: TableBlock = normal
        self.node = normal.node
        self.space_before, self.space_after = normal.space_before, normal.space_after
        self.keepWithNext = False
        self.leading = normal.leading
        self.height = 0.0

    def _choose(self, width: float) -> TableBlock:
        cells = self.normal._all()
        floor = min_column(self.normal.st, width, len(self.normal.align))
        widths = None if self.force else column_widths(cells, width, floor)
        if widths is not None and readable(cells, widths, floor):
            return self.normal
        return self.make_stacked(width)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.chosen = self._choose(availWidth)
        _, self.height = self.chosen.wrap(availWidth, availHeight)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> Sequence[TableBlock]:  # noqa: N803
        self.chosen = self._choose(availWidth)
        return self.chosen.split(availWidth, availHeight)

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        self.chosen.drawOn(canv, x, y)
