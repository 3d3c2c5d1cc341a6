"""Frame texts → the contact block: printed once, at the end of a compact (half-page) handout.

On an A4 page the frame repeats the clinic's address, phone, LINE ID, the emergency number and
the full document control on every page. A half page (the A5 booklet, 2-up) cannot spare that
room, so those layouts draw a one-line header and a slim footer (:mod:`.pages`, ``compact``)
and print all of it once, in this block after the disclaimer: a rule in the clinic colour, the
clinic's name, address and website, the questions and emergency lines at body size (they are
for the patient), and the document control in the small staff size.

The block is moved whole to the next page when it does not fit, and split between its paragraphs
only when it is taller than a whole page (large print in two languages on an A5 page). In a
tagged PDF it is a ``Sect`` of paragraphs (the phone numbers are ``tel:`` links); its rule is an
artifact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handouts.layout.styles import MM
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.marks import artifact, marked

RULE_GAP = 3 * MM  # from the rule down to the clinic's name


class ContactBlock:
    """TextBlocks stacked under a rule; one unit for pagination, split between its paragraphs only
    when it is taller than ``page_height`` (a page's body; 0: never split)."""

    keepWithNext = False  # noqa: N815

    def __init__(self, blocks: list[TextBlock], rule_color: str, space_before: float, page_height: float = 0.0) -> None:
        self.blocks = blocks
        self.rule_color = rule_color
        self.space_before = space_before
        self.page_height = page_height
        self.space_after = 0.0
        self.leading = blocks[0].leading if blocks else 12.0
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        h = RULE_GAP
        for i, b in enumerate(self.blocks):
            h += (b.space_before if i else 0.0) + b.wrap(availWidth, availHeight)[1]
            if i < len(self.blocks) - 1:
                h += b.space_after
        self.width, self.height = availWidth, h
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> Sequence[ContactBlock]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        if len(self.blocks) < 2 or self.height <= self.page_height + 1e-6:
            return []  # moved whole (it fits a page)
        h, n = RULE_GAP, 0
        for i, b in enumerate(self.blocks[:-1]):
            h += (b.space_before if i else 0.0) + b.wrap(availWidth, availHeight)[1]
            if h > availHeight + 1e-6:
                break
            n = i + 1
            h += b.space_after
        if n == 0:
            return []
        return [ContactBlock(self.blocks[:n], self.rule_color, self.space_before, self.page_height),
                ContactBlock(self.blocks[n:], self.rule_color, 0.0, self.page_height)]

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        top = y + self.height
        with marked(canv, artifact("Layout")):  # the rule is decoration
            canv.saveState()
            canv.setStrokeColor(self.rule_color)
            canv.setLineWidth(0.8)
            canv.line(x, top, x + self.width, top)
            canv.restoreState()
        cursor = top - RULE_GAP
        for i, b in enumerate(self.blocks):
            cursor -= b.space_before if i else 0.0
            b.drawOn(canv, x, cursor - b.height)
            cursor -= b.height + b.space_after
