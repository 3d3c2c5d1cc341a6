"""Flowables that hold other flowables: a padded stack (callouts, quotes, hard-broken lines),
an indented block (a table or figure inside a list item) and a thematic break.

They follow the flowable protocol of :class:`~handouts.layout.pages.Flow` and know what they
are (``role``, ``node``) so that PDF tagging can follow the layout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from handouts.layout.pages import Flow
from handouts.typesetting.marks import artifact, marked

Painter = Callable[[Any, float, float, float, float, bool, bool], None]  # canv, x, y, w, h, first, last


class Stack:
    """Children one under the other inside padding; an optional painter draws behind them.

    ``keep``: never split unless the whole stack is taller than a page (a callout box). A split
    stack repeats ``again`` (a box's label, drawn as an artifact) at the top of every part after
    the first, so a box continued overleaf still says what it is; the painter is told which part
    it draws (first / last) so a box can leave its bottom or top edge open.
    """

    def __init__(self, children: Sequence[Flow], *, pad: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0),
                 space_before: float = 0.0, space_after: float = 0.0, keep: bool = False,
                 painter: Painter | None = None, role: str = "Div", node: object = None, gap: float = 0.0,
                 first: bool = True, last: bool = True, page_hint: float = 0.0,
                 again: Flow | None = None) -> None:  # fmt: skip
        self.again = again
        if not first and again is not None and (not children or children[0] is not again):
            children = [again, *children]
        self.children = list(children)
        self.pad = pad  # top, right, bottom, left
        self.space_before, self.space_after = space_before, space_after
        self.keep, self.painter, self.role, self.node, self.gap = keep, painter, role, node, gap
        self.first, self.last = first, last
        self.keepWithNext = False
        self.leading = max((c.leading for c in self.children), default=12.0)
        self.height = 0.0
        self.width = 0.0
        self._page_h = page_hint  # a fresh page's body: the most it was offered, at least ``page_hint``
        self._heights: list[float] = []

    @property
    def _top(self) -> float:
        """The padding above the first child: a continued part has it too when it repeats the label."""
        return self.pad[0] if self.first or self.again is not None else 0.0

    def _inner(self, width: float) -> float:
        return width - self.pad[1] - self.pad[3]

    def _gaps(self, k: int) -> float:
        """Space between child k-1 and child k."""
        if k == 0:
            return 0.0
        prev, cur = self.children[k - 1], self.children[k]
        return max(prev.space_after, cur.space_before, self.gap)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._page_h = max(self._page_h, availHeight)
        inner = self._inner(availWidth)
        self._heights = [c.wrap(inner, availHeight)[1] for c in self.children]
        body = sum(self._heights) + sum(self._gaps(k) for k in range(len(self.children)))
        self.width = availWidth
        self.height = body + self._top + (self.pad[2] if self.last else 0.0)
        return availWidth, self.height

    def _part(self, children: list[Flow], first: bool, last: bool) -> Stack:
        part = Stack(children, pad=self.pad, space_before=self.space_before if first else 0.0,
                     space_after=self.space_after if last else 0.0, keep=self.keep, painter=self.painter,
                     role=self.role, node=self.node, gap=self.gap, first=first, last=last, again=self.again)  # fmt: skip
        part._page_h = self._page_h
        return part

    def split(self, availWidth: float, availHeight: float) -> Sequence[Flow]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight + 1e-6:
            return [self]
        if self.keep and self.height <= self._page_h + 1e-6:
            return []  # fits on a page of its own: move it whole
        inner = self._inner(availWidth)
        y = self._top
        room = availHeight - (self.pad[2] * 0.5)
        end = len(self.children) - 1
        for k, child in enumerate(self.children):
            y += self._gaps(k)
            h = self._heights[k]
            # the last child of the last part has the whole bottom padding under it
            fits = min(room, availHeight - self.pad[2]) if k == end and self.last else room
            if y + h <= fits + 1e-6:
                y += h
                continue
            parts = child.split(inner, room - y) if room - y > 0 else []
            if len(parts) == 2:
                head = [*self.children[:k], parts[0]]
                tail = [parts[1], *self.children[k + 1 :]]
            elif k > 0:
                head, tail = self.children[:k], self.children[k:]
            else:
                return []
            while head and head[-1].keepWithNext:  # a box's label (a heading) never ends a page alone
                tail.insert(0, head.pop())
            if not head:
                return []
            return [self._part(head, self.first, False), self._part(tail, False, self.last)]
        return [self]

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        if self.painter is not None:
            with marked(canv, artifact("Layout")):  # boxes, bands and rules are decoration
                self.painter(canv, x, y, self.width, self.height, self.first, self.last)
        top = y + self.height - self._top
        for k, child in enumerate(self.children):
            top -= self._gaps(k)
            h = self._heights[k] if k < len(self._heights) else child.height
            child.drawOn(canv, x + self.pad[3], top - h)
            top -= h


class Indented:
    """A flowable moved right by ``dx`` (a table or figure inside a list item)."""

    def __init__(self, child: Flow, dx: float) -> None:
        self.child, self.dx = child, dx
        self.space_before, self.space_after = child.space_before, child.space_after
        self.keepWithNext = child.keepWithNext
        self.leading = child.leading
        self.height = 0.0
        self.role = getattr(child, "role", "")
        self.node = getattr(child, "node", None)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        _, self.height = self.child.wrap(availWidth - self.dx, availHeight)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> Sequence[Flow]:  # noqa: N803
        parts = self.child.split(availWidth - self.dx, availHeight)
        return [Indented(p, self.dx) for p in parts] if len(parts) == 2 else ([self] if parts else [])

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        self.child.drawOn(canv, x + self.dx, y)


class HRule:
    """A thematic break: a thin rule across the text width."""

    role = "Artifact"

    def __init__(self, color: str, space: float, node: object = None) -> None:
        self.color, self.node = color, node
        self.space_before = self.space_after = space
        self.keepWithNext = False
        self.leading = 1.0
        self.height = 1.0
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> Sequence[Flow]:  # noqa: N803
        return [self] if availHeight >= self.height else []

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        with marked(canv, artifact("Layout")):
            self._draw(canv, x, y)

    def _draw(self, canv: Any, x: float, y: float) -> None:
        canv.saveState()
        canv.setStrokeColor(self.color)
        canv.setLineWidth(0.8)
        canv.line(x, y + 0.5, x + self.width, y + 0.5)
        canv.restoreState()
