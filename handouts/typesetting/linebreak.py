"""Measured atoms → lines: greedy filling that breaks only between atoms.

An atom is the text between two break opportunities (a word with its trailing spaces). The
breaker sees only widths, so it is pure and property-tested: no line is wider than the
measure unless it holds a single atom that is wider alone, and the lines cover the atoms in
order. Over-wide atoms are cut at grapheme boundaries by the caller before this runs.
"""

from __future__ import annotations

from collections.abc import Sequence


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
