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
on then, once, in order (no layout is done twice). A long-lived process that lays the same
handout out again (a server's or a batch's render worker: ``RenderContext(remember=True)``) lays
out only the styles it chose the first time (:func:`choose_remembered`: 12 → 9.7 ms for the demo's
Thai handout rendered again in one process).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import replace

from handouts.diagnostics import Diagnostics
from handouts.layout.contact import ContactBlock
from handouts.layout.pages import LaidOut
from handouts.layout.styles import MM, Styles
from handouts.typesetting._memo import Memo

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


REMEMBERED = 256  # choices a process keeps (the least recently used leave first): a few bytes each
_chosen: Memo[Hashable, Styles] = Memo(budget=REMEMBERED)  # (each costs 1)
_lock = threading.Lock()  # (a server renders in threads in its tests)


def choose_remembered(key: Hashable | None, build: Callable[[Styles], LaidOut | None], st: Styles,
                      large: bool = False) -> Styles:  # fmt: skip
    """:func:`choose`, its answer remembered in this process under ``key`` (None: not remembered).

    A handout laid out again in one process (by a server, a batch worker rendering copies, a
    warm benchmark) is then laid out once, in the chosen styles, instead of once for each variant
    tried before it. ``key`` must name everything the layouts depend on (the model, the files it
    draws, the render's options); ``st`` and ``large`` are added to it here, and the rule itself
    (this module's functions and limits: one replaced, by a test, is another rule). A remembered
    choice that cannot be laid out (``build`` gives None) is chosen again.
    """
    if key is None:
        return choose(build, st, large)
    key = (key, st, large, choose, variants, _fine, MIN_LAST_FILL, MIN_MARGIN, MIN_LEADING, MIN_BODY)
    with _lock:
        known = _chosen.get(key)
    if known is not None and build(known) is not None:
        return known
    chosen = choose(build, st, large)
    with _lock:
        _chosen.put(key, chosen)
    return chosen


def forget() -> None:
    """Forget the remembered choices (tests that start afresh)."""
    with _lock:
        _chosen.clear()


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
