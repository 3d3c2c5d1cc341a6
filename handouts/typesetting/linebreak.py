"""Measured break positions → lines: greedy filling, and total fit when greedy leaves a line short.

The breakers see only widths, so they are pure and property-tested. :func:`break_lines` is the
greedy breaker over atoms (the text between two word-level break opportunities): no line is
wider than the measure unless it holds a single atom that is wider alone, and the lines cover
the atoms in order. Over-wide atoms are cut at grapheme boundaries by the caller before this runs.

:func:`total_fit` chooses the lines of a whole paragraph at once (Knuth and Plass's total fit,
for ragged-right text) over break positions that may cost a penalty: a compound juncture or a
hyphenation point is a break of last resort. Its order of preference, which makes it exact and
deterministic:

1. the fewest *under-full* non-final lines (natural width under ``fill`` × the measure), a
   very short line counting as several (:func:`line_cost`);
2. then the least sum of fallback penalties and squared shortfalls (:func:`line_cost`);
3. then each line as long as possible, from the top (the greedy choice).

So when greedy lines are all full enough, total fit returns exactly the greedy lines. The cost
is linear: each break looks ahead only as far as one line reaches (at most
:data:`MAX_REACH` breaks).

A line may also be drawn narrower than its natural width by what its breaks say it may give
(``give_end``, ``give_start``: its spaces shrunk, its letters tightened, :mod:`.lines`), so
that it holds one more word: such a line is drawn exactly as wide as the measure (so it is
full) and costs :data:`SQUEEZE` × the square of the share of what it may give that it uses
(TeX's badness of a shrunk line). A line that fits is never squeezed.

A line under-full at its natural width that may be drawn wide enough (``loose_end``,
``loose_start``: its spaces and letters spaced, :func:`.lines.loosen`) to reach :func:`target`
is not under-full: it costs :data:`LOOSEN` × the square of the share of its stretch it uses
(all of it: as much as a compound juncture, so a compound is parted only when a line would
have to be stretched further). Only such lines are drawn wider: ragged-right text stays ragged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def break_lines(widths: Sequence[tuple[float, float]], measure: float) -> list[tuple[int, int]]:
    """Greedy line breaking.

    ``widths[i]`` is ``(full, trimmed)``: the width of atom ``i`` with its trailing spaces and
    without them (a line's last atom counts trimmed). Returns ``(start, end)`` atom ranges.

    >>> break_lines([(3, 2), (3, 2), (3, 2)], 6)
    [(0, 2), (2, 3)]
    >>> break_lines([(9, 9), (1, 1)], 5)
    [(0, 1), (1, 2)]
    """
    lines: list[tuple[int, int]] = []
    start = 0
    width = 0.0  # full width of atoms start..i-1
    n = len(widths)
    i = 0
    while i < n:
        full, trimmed = widths[i]
        if i > start and width + trimmed > measure + 1e-6:
            lines.append((start, i))
            start = i
            width = 0.0
            continue
        width += full
        i += 1
    if start < n:
        lines.append((start, n))
    return lines


@dataclass(frozen=True, slots=True)
class Break:
    """A position where a line may end.

    ``x``: the natural width of the paragraph's text before it; ``drop``: what a line that
    ends here does not draw (its trailing spaces), less what it draws only there (a hyphen:
    ``drop`` is then negative); ``penalty``: 0 for a word boundary, more for a fallback.
    """

    x: float
    drop: float = 0.0
    penalty: float = 0.0
    # how much narrower the text before it may be drawn (a running total): as counted by a line
    # that ends here (``give_end``) and by one that starts here (``give_start``), so that a line
    # from a to b may give ``b.give_end - a.give_start``
    give_end: float = 0.0
    give_start: float = 0.0
    # how much wider it may be drawn, counted the same way: a line under-full at its natural
    # width is drawn wider, as far as :func:`target` (``b.loose_end - a.loose_start``)
    loose_end: float = 0.0
    loose_start: float = 0.0


UNDERFULL = 1_000_000.0  # the cost of one under-full line: more than any sum of the terms below
SHORT = 1000.0  # … plus this times the square of the share of the measure it lacks
VERY_SHORT = 0.5  # a line under this share of the measure counts as one more under-full line …
PER_STEP = 0.1  # … per this share it lacks (a 40 % line weighs as five 80 % lines)
MAX_REACH = 2000  # the most breaks one line may span (a line of zero-width breaks stays bounded)
EPS = 1e-6
SQUEEZE = 20.0  # a line that gives all it may costs as much as a compound juncture
LOOSEN = 10.0  # a line drawn wider by all it may costs as much as a compound juncture
MARGIN = 0.01  # a line drawn wider ends this share of the measure past the fill line


def width(breaks: Sequence[Break], a: int, b: int) -> float:
    """The natural width of a line from break ``a`` to break ``b``."""
    return breaks[b].x - breaks[a].x - breaks[b].drop


def line_cost(w: float, measure: float, fill: float, penalty: float) -> float:
    """The cost of a non-final line of natural width ``w`` ending at a break of ``penalty``.

    An under-full line costs :data:`UNDERFULL`, so the count of under-full lines comes first;
    but a line shorter than :data:`VERY_SHORT` of the measure (which reads as the end of a
    paragraph) counts as more lines, one per :data:`PER_STEP` it lacks. Then :data:`SHORT` ×
    the square of what a line lacks (a line 10 % short weighs as much as a fallback break).
    """
    short = (fill * measure - w) / measure
    if short <= EPS:
        return penalty
    lines = 1.0 + max(0.0, VERY_SHORT - w / measure) / PER_STEP
    return penalty + UNDERFULL * lines + SHORT * short * short


def squeezable(breaks: Sequence[Break], a: int, b: int) -> float:
    """How much narrower the line from break ``a`` to ``b`` may be drawn."""
    return max(0.0, breaks[b].give_end - breaks[a].give_start)


def stretchable(breaks: Sequence[Break], a: int, b: int) -> float:
    """How much wider the line from break ``a`` to ``b`` may be drawn."""
    return max(0.0, breaks[b].loose_end - breaks[a].loose_start)


def target(measure: float, fill: float) -> float:
    """The width an under-full line is drawn at when it may be drawn that wide: a little past
    the fill line (:data:`MARGIN`), never past the measure."""
    return min(measure, (fill + MARGIN) * measure)


def total_fit(breaks: Sequence[Break], measure: float, fill: float = 0.85) -> list[int]:
    """The indices of the breaks that end lines (the last is ``len(breaks) - 1``).

    ``breaks[0]`` is the paragraph's start and ``breaks[-1]`` its end (penalties of both are
    ignored). A line is never wider than the measure unless it spans a single step, which is
    then wider alone, or than what it may give (:func:`squeezable`) brings within the measure.
    The last line is free: it may be as short as it comes.

    >>> # "aaa bbb cccccc dd" at 1 per letter, measure 10; cccccc may break as cc|cccc (penalty 10)
    >>> bs = [Break(0), Break(4, 1), Break(8, 1), Break(10, 0, 10), Break(15, 1), Break(17)]
    >>> total_fit(bs, 10, fill=0.5)  # "aaa bbb" is 7 wide: full enough, greedy
    [2, 5]
    >>> total_fit(bs, 10)  # under 8.5 is under-full: "aaa bbb cc" and "cccc dd"
    [3, 5]
    """
    n = len(breaks) - 1
    if n <= 0:
        return []
    cost = [0.0] * (n + 1)
    nxt = [n] * (n + 1)
    # a line's width is not monotonic in its end (a hyphen drawn at one break, spaces dropped at
    # the next): a too-wide line may be followed by one that fits, until even the most a break
    # drops cannot bring the width back under the measure (x - give never decreases: the text
    # gives less than its width)
    slack = max(0.0, max(b.drop for b in breaks))
    goal = target(measure, fill)
    for a in range(n - 1, -1, -1):
        best_cost, best_b = float("inf"), a + 1
        for b in range(a + 1, min(n, a + MAX_REACH) + 1):
            w = width(breaks, a, b)
            bent = 0.0  # the cost of drawing the line narrower or wider than its natural width
            if w > measure + EPS and b > a + 1:
                give = squeezable(breaks, a, b)
                if w - give > measure + EPS:
                    if breaks[b].x - breaks[a].x - slack - give > measure + EPS:
                        break
                    continue
                bent = SQUEEZE * ((w - measure) / give) ** 2
            elif b < n and w < fill * measure - EPS and w + (loose := stretchable(breaks, a, b)) >= goal - EPS:
                bent = LOOSEN * ((goal - w) / loose) ** 2  # drawn wider: not under-full
            if bent:
                c = cost[b] + bent + (0.0 if b == n else breaks[b].penalty)
            else:
                c = cost[b] + (0.0 if b == n else line_cost(w, measure, fill, breaks[b].penalty))
            if c <= best_cost + 1e-12 * max(1.0, abs(c)):  # ties (rounding): the longer line, as greedy
                best_cost, best_b = c, b
        cost[a], nxt[a] = best_cost, best_b
    out = []
    a = 0
    while a < n:
        a = nxt[a]
        out.append(a)
    return out
