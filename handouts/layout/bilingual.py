"""Two translated models → rows of side-by-side blocks: a bilingual handout, entry by entry.

Every heading, paragraph, list item, table, callout and figure of the first language sits in
the left column and its counterpart in the second language in the right column of the same
row, so a family reading
either language follows the same sheet. A row splits across pages like a paragraph: each
column keeps at least two lines on each side, and a heading row stays with the next row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handouts.diagnostics import Diagnostics
from handouts.layout import blocks as layout_blocks
from handouts.layout.containers import Stack
from handouts.layout.pages import Flow
from handouts.layout.styles import MM, Styles
from handouts.model import Block, BulletList
from handouts.typesetting.marks import Tag

GUTTER = 6 * MM


class Row:
    """Two blocks side by side (either may be None after a split)."""

    def __init__(self, left: Flow | None, right: Flow | None, *, gutter: float = GUTTER,
                 first: bool = True) -> None:  # fmt: skip
        self.left, self.right, self.gutter = left, right, gutter
        cols = [c for c in (left, right) if c is not None]
        self.space_before = max((c.space_before for c in cols), default=0.0) if first else 0.0
        self.space_after = max((c.space_after for c in cols), default=0.0)
        self.keepWithNext = any(c.keepWithNext for c in cols)
        self.leading = max((c.leading for c in cols), default=12.0)
        self.height = 0.0
        self._col = 0.0

    def _width(self, avail: float) -> float:
        return (avail - self.gutter) / 2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._col = self._width(availWidth)
        heights = [c.wrap(self._col, availHeight)[1] for c in (self.left, self.right) if c is not None]
        self.height = max(heights, default=0.0)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> Sequence[Row]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        halves: list[tuple[Flow | None, Flow | None]] = []
        for col in (self.left, self.right):
            if col is None:
                halves.append((None, None))
                continue
            parts = col.split(self._col, availHeight)
            if not parts:
                return []  # a column cannot split without an orphan or a widow: move the row
            halves.append((parts[0], parts[1]) if len(parts) == 2 else (parts[0], None))
        (l1, l2), (r1, r2) = halves
        return [Row(l1, r1, gutter=self.gutter), Row(l2, r2, gutter=self.gutter, first=False)]

    def shrunk(self, availWidth: float, availHeight: float) -> Row | None:  # noqa: N803
        """The row with the columns that do not fit ``availHeight`` shrunk (their ``shrunk``: a
        figure), or None when one cannot be."""
        self.wrap(availWidth, availHeight)
        cols: list[Flow | None] = []
        for col in (self.left, self.right):
            if col is None or col.wrap(self._col, availHeight)[1] <= availHeight + 1e-6:
                cols.append(col)
                continue
            shrink = getattr(col, "shrunk", None)
            smaller = shrink(self._col, availHeight) if shrink is not None else None
            if smaller is None:
                return None
            cols.append(smaller)
        row = Row(cols[0], cols[1], gutter=self.gutter)
        row.space_before = self.space_before
        return row

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        for k, col in enumerate((self.left, self.right)):
            if col is not None:
                col.drawOn(canv, x + k * (self._col + self.gutter), y + self.height - col.height)


def rows(
    first: tuple[Block, ...], second: tuple[Block, ...], langs: tuple[str, str], st: Styles, primary: str,
    diagnostics: Diagnostics, keep_words: tuple[str, ...] = (), parents: tuple[Tag, Tag] | None = None,
    page_height: float = 842.0, body_height: float = 0.0, fallback_langs: tuple[str, str] = ("", ""),
) -> list[Row]:  # fmt: skip
    """Pair the blocks of two translations of one article, entry by entry (a list item by item,
    with its nested lists; a table, callout or figure as a whole).

    ``parents``: the structure parent of each column (a section per language), so the tagged
    PDF reads one language whole, then the other, each with its ``/Lang``; ``fallback_langs``:
    each column's ``/Lang`` of an untranslated entry (shown in the article's source language).
    """
    out: list[Row] = []
    levels = (layout_blocks.Levels(), layout_blocks.Levels())
    lists: list[dict[int, Tag]] = [{}, {}]
    for (a, oa), (b, ob) in zip(_entries(first), _entries(second), strict=True):
        cols = []
        for k, (block, origin) in enumerate(((a, oa), (b, ob))):
            parent = parents[k] if parents else None
            list_tag = None
            if origin is not None and parent is not None:
                numbering = "Decimal" if origin.ordered else "Disc"
                list_tag = lists[k].setdefault(id(origin), parent.child("L", attrs=(("ListNumbering", numbering),)))
            cols.append(layout_blocks.build((block,), langs[k], st, primary, diagnostics, keep_words, parent,
                                            levels[k], list_tag, fallback_langs[k], page_height=page_height,
                                            body_height=body_height))  # fmt: skip
        if len(cols[0]) != len(cols[1]):  # the same structure on both sides, but be safe: one row
            cols = [[Stack(cols[0])], [Stack(cols[1])]]
        out.extend(Row(x, y) for x, y in zip(cols[0], cols[1], strict=True))
    return out


def _entries(blocks: tuple[Block, ...]) -> list[tuple[Block, BulletList | None]]:
    """Blocks with each list item as a one-item list (items pair up one by one), with the list
    each came from."""
    out: list[tuple[Block, BulletList | None]] = []
    for b in blocks:
        if isinstance(b, BulletList):
            for n, item in enumerate(b.items):
                out.append((BulletList((item,), b.ordered, b.start + n, b.delim), b))
        else:
            out.append((b, None))
    return out
