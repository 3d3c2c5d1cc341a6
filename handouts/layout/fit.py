"""Styles + a layout function → the styles whose layout leaves no nearly empty last page.

The rule (README, "Print defaults"): a handout of more than one page whose last page is less
than a quarter full (:data:`MIN_LAST_FILL` of the body frame's height), or holds nothing but
the contact block of a half-page layout, is laid out again with a small change, and the first
change that fixes it without adding a page is used (most often the handout is then one page
shorter). The changes, tried in this order:

1. paragraph and heading gaps × 0.75;
2. and the top and bottom margins 3 mm smaller (never under 10 mm);
3. and line spacing 0.1 smaller (never under 1.5);
4. and body text 1 pt smaller (standard print only, never under 13 pt; headings keep their size);
5. or the other way, gaps × 1.3, then × 1.6: the last page gets more of the text.

All of them stay inside clear print (body ≥ 12 pt, line spacing ≥ 1.5); large print keeps its
18 pt. When none helps, the layout is left as it was. Each variant is laid out with its
warnings held (:class:`Held`); the chosen layout is used as it is and its warnings are passed
on then, once, in order (no layout is done twice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from handouts.diagnostics import Diagnostics
from handouts.layout.contact import ContactBlock
from handouts.layout.pages import LaidOut
from handouts.layout.styles import MM, Styles

MIN_LAST_FILL = 0.25  # a last page at least this full (of the body frame) is kept as it is
MIN_MARGIN = 10 * MM
MIN_LEADING = 1.5
MIN_BODY = 13.0


def last_fill(laid: LaidOut) -> float:
    """How full the last page's body frame is (0–1): the bottom of its last block over the frame's height."""
    page = laid.pages[-1] if laid.pages else []
    if not page:
        return 0.0
    bottom = max(p.y + p.block.height for p in page)
    return min(1.0, bottom / laid.body_height)


def variants(st: Styles, large: bool) -> list[Styles]:
    """The small changes of :func:`choose`, in the order they are tried."""
    tight = replace(st, paragraph_gap=st.paragraph_gap * 0.75)
    frame = replace(tight, margin_top=max(MIN_MARGIN, st.margin_top - 3 * MM),
                    margin_bottom=max(MIN_MARGIN, st.margin_bottom - 3 * MM))  # fmt: skip
    spacing = replace(frame, leading=max(MIN_LEADING, round(st.leading - 0.1, 2)))
    out = [tight, frame, spacing]
    if not large and st.body - 1 >= MIN_BODY:
        out.append(replace(spacing, body=st.body - 1))
    out += [replace(st, paragraph_gap=st.paragraph_gap * 1.3), replace(st, paragraph_gap=st.paragraph_gap * 1.6)]
    unique: list[Styles] = []
    for v in out:
        if v != st and v not in unique:
            unique.append(v)
    return unique


def choose(build: Callable[[Styles], LaidOut | None], st: Styles, large: bool = False) -> Styles:
    """``st``, or the first of :func:`variants` whose layout's last page is at least a quarter
    full (or that is a single page), with no more pages; failing that the first with fewer pages.
    ``build`` gives None for a variant that cannot be laid out (page 1 has no room for the notes)."""
    laid = build(st)
    assert laid is not None  # (the paper's own styles: their refusal is the render's)
    if _fine(laid):
        return st
    shorter: Styles | None = None
    for variant in variants(st, large):
        trial = build(variant)
        if trial is None:
            continue
        if len(trial.pages) <= len(laid.pages) and _fine(trial):
            return variant
        if shorter is None and len(trial.pages) < len(laid.pages):
            shorter = variant
    return shorter or st


class Held(Diagnostics):
    """Warnings held back until :meth:`release` passes them on to a collector, which then gets
    every later one directly (a block of the chosen layout may warn when it is drawn)."""

    def __init__(self) -> None:
        super().__init__(log=False)
        self.held: list[tuple[str, str, str | None, int | None, str]] = []
        self.target: Diagnostics | None = None

    def warn(self, code: str, message: str, path: str | None = None, line: int | None = None,
             summary: str = "") -> None:  # fmt: skip
        if self.target is not None:
            self.target.warn(code, message, path, line, summary)
        else:
            self.held.append((code, message, path, line, summary))

    def release(self, target: Diagnostics) -> None:
        self.target = target
        held, self.held = self.held, []
        for args in held:
            target.warn(*args)


def _fine(laid: LaidOut) -> bool:
    """One page, or a last page at least a quarter full with more on it than the contact block."""
    if len(laid.pages) < 2:
        return True
    alone = all(isinstance(p.block, ContactBlock) for p in laid.pages[-1])
    return last_fill(laid) >= MIN_LAST_FILL and not alone
