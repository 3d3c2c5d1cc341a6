"""A paragraph's measured atoms → its lines, filled: greedy, or total fit with fallback breaks.

Lines break between atoms (word-level opportunities). When greedy filling would leave a
non-final line under :data:`FILL` of the measure (a long compound, a number kept with its
unit, a loanword or a Latin word pushed whole to the next line), the paragraph is broken
again by :func:`.linebreak.total_fit` over the word-level breaks plus the fallback breaks,
each with a penalty: the inner boundaries of compounds (:func:`.segment.compound_junctures`:
กระเพาะ|อาหาร, never inside a word, a cluster, a number or a kept-together stretch) and the
hyphenation points of Latin words (:func:`.atoms.hyphenation_points`, drawn with a hyphen).

*Under-full* is measured as the tests measure it: the natural width of a line's content (its
trailing spaces dropped, a drawn hyphen counted) over the measure, for every line of a block
but its last.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from handouts.typesetting.atoms import Atom, Prepared, hyphenation_points
from handouts.typesetting.linebreak import Break, break_lines, total_fit

FILL = 0.85  # a non-final line narrower than this share of the measure is under-full
JUNCTURE = 10.0  # penalty of a break at an inner boundary of a compound
HYPHEN = 12.0  # penalty of a break at a hyphenation point (a hyphen is drawn)


def natural_width(line: Sequence[Atom]) -> float:
    """The width a line's content takes: every atom whole, the last one trimmed."""
    return sum(a.full for a in line[:-1]) + line[-1].trimmed if line else 0.0


def under_full(lines: Sequence[Sequence[Atom]], measure: float, fill: float = FILL) -> list[int]:
    """The indices of the non-final lines narrower than ``fill`` × ``measure``."""
    return [i for i, line in enumerate(lines[:-1]) if natural_width(line) < fill * measure - 1e-6]


def fill_lines(prep: Prepared, atoms: Sequence[Atom], measure: float, fill: float = FILL) -> list[tuple[Atom, ...]]:
    """The lines of ``atoms`` (a paragraph's, already cut to fit the measure; see
    :meth:`.flowable.TextBlock._fit_atoms`): greedy when that leaves no line under-full, else
    total fit over word-level and fallback breaks. Deterministic; linear in the atoms."""
    greedy = [tuple(atoms[s:e]) for s, e in break_lines([(a.full, a.trimmed) for a in atoms], measure)]
    if not under_full(greedy, measure, fill):
        return greedy
    breaks, points = _breaks(prep, atoms)
    ends = total_fit(breaks, measure, fill)
    return _lines(prep, atoms, points, ends)


# a break position: (atom index, text offset of an inner break or -1 for the atom's end, hyphen?)
_Point = tuple[int, int, bool]


def _breaks(prep: Prepared, atoms: Sequence[Atom]) -> tuple[list[Break], list[_Point]]:
    t = prep.text
    breaks = [Break(0.0)]
    points: list[_Point] = [(-1, -1, False)]
    x = 0.0
    for k, atom in enumerate(atoms):
        if atom.start >= 0:  # a whole atom (not a piece of an over-wide word): its fallbacks
            inner: dict[int, bool] = {}
            lo = bisect.bisect_right(prep.junctures, atom.start)
            hi = bisect.bisect_left(prep.junctures, atom.end)
            for c in prep.junctures[lo:hi]:
                inner[c] = False
            for c in hyphenation_points(t.text, atom.start, atom.end):
                inner.setdefault(c, True)
            for c in sorted(inner):
                hyphen = t.hyphen(c) if inner[c] else None
                if inner[c] and hyphen is None:
                    continue
                extra = hyphen.width if hyphen is not None else 0.0
                breaks.append(Break(x + t.trimmed(atom.start, c), -extra, HYPHEN if inner[c] else JUNCTURE))
                points.append((k, c, inner[c]))
        x += atom.full
        breaks.append(Break(x, atom.full - atom.trimmed))
        points.append((k, -1, False))
    return breaks, points


def _lines(prep: Prepared, atoms: Sequence[Atom], points: list[_Point], ends: list[int]) -> list[tuple[Atom, ...]]:
    """The atoms of each line, the atoms cut at inner breaks sliced into head and tail."""
    t = prep.text
    lines: list[tuple[Atom, ...]] = []
    k0, start = 0, -1  # the line starts at atom k0, at text offset ``start`` inside it (-1: whole)
    for e in ends:
        k1, c1, hyphen = points[e]
        line: list[Atom] = []
        if c1 < 0:  # ends after atom k1
            for k in range(k0, k1 + 1):
                a = atoms[k]
                line.append(a if k != k0 or start < 0 else t.atom(start, a.end, hyphen=a.hyphen is not None))
            k0, start = k1 + 1, -1
        else:  # ends inside atom k1, at c1
            for k in range(k0, k1):
                a = atoms[k]
                line.append(a if k != k0 or start < 0 else t.atom(start, a.end, hyphen=a.hyphen is not None))
            head = start if k1 == k0 and start >= 0 else atoms[k1].start
            line.append(t.atom(head, c1, hyphen=hyphen))
            k0, start = k1, c1
        lines.append(tuple(line))
    return lines
