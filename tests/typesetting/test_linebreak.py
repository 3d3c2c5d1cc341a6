"""Total fit (:func:`handouts.typesetting.linebreak.total_fit`) against brute force and greedy.

Random break positions (widths, trailing spaces, hyphens, fallback penalties); the properties:
every line fits, the choice is optimal (no layout of the same breaks costs less: checked by
enumerating them all), and it is greedy whenever greedy leaves no line under-full. The same
when lines may give (their spaces shrink by at most a third, their words by 2 %): a line fits when what it gives
brings it within the measure, and squeezing costs (:data:`handouts.typesetting.linebreak.SQUEEZE`).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handouts.typesetting.linebreak import (
    LOOSEN,
    SQUEEZE,
    Break,
    break_lines,
    line_cost,
    squeezable,
    stretchable,
    target,
    total_fit,
    width,
)

# see test_properties.py: black, imported by Hypothesis to format a failure, warns
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")

SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
MEASURE = 100.0
FILL = 0.85


@st.composite
def paragraphs(draw: st.DrawFn, max_steps: int = 12) -> list[Break]:
    """Breaks of a paragraph: word ends (trailing space, penalty 0) and fallback breaks inside
    words (no space, maybe a hyphen drawn, a penalty). Lines may be drawn narrower (a third of
    each space, 2 % of each word) and wider (each space twice as wide, 3 % of each word)."""
    n = draw(st.integers(1, max_steps))
    breaks = [Break(0.0)]
    x = give = loose = 0.0  # what the text so far may give, and may widen by
    for _ in range(n):
        word = draw(st.floats(1, 70, allow_nan=False))
        x += word
        if draw(st.integers(0, 3)) == 0:  # a fallback break
            hyphen = draw(st.sampled_from([0.0, 0.0, 3.0]))
            breaks.append(Break(x, -hyphen, draw(st.sampled_from([10.0, 12.0])), give, give, loose, loose))
        else:
            space = draw(st.sampled_from([0.0, 3.0, 3.0, 9.0]))
            x += space
            breaks.append(Break(x, space, 0.0, give + 0.02 * word, give + 0.02 * word + space / 3,
                                loose + 0.03 * word, loose + 0.03 * word + space))  # fmt: skip
            give += 0.02 * word + space / 3
            loose += 0.03 * word + space
    last = breaks[-1]
    breaks[-1] = Break(last.x, max(last.drop, 0.0), 0.0, last.give_end, last.give_start,
                       last.loose_end, last.loose_start)  # a word's end  # fmt: skip
    return breaks


def _rigid(breaks: list[Break]) -> list[Break]:
    """The same breaks with lines that give nothing (and widen by nothing)."""
    return [Break(b.x, b.drop, b.penalty) for b in breaks]


def _cost(breaks: list[Break], ends: list[int]) -> float:
    total, a = 0.0, 0
    for b in ends:
        w = width(breaks, a, b)
        if w > MEASURE + 1e-6 and b > a + 1:  # squeezed: full, at a cost
            total += SQUEEZE * ((w - MEASURE) / squeezable(breaks, a, b)) ** 2
            total += breaks[b].penalty if b != ends[-1] else 0.0
        elif b != ends[-1] and _wider(breaks, a, b):  # drawn wider: full, at a cost
            goal = target(MEASURE, FILL)
            total += LOOSEN * ((goal - w) / stretchable(breaks, a, b)) ** 2 + breaks[b].penalty
        elif b != ends[-1]:
            total += line_cost(w, MEASURE, FILL, breaks[b].penalty)
        a = b
    return total


def _fits(breaks: list[Break], ends: list[int]) -> bool:
    a = 0
    for b in ends:
        if b > a + 1 and width(breaks, a, b) - squeezable(breaks, a, b) > MEASURE + 1e-6:
            return False
        a = b
    return True


def _wider(breaks: list[Break], a: int, b: int) -> bool:
    """Is the line under-full at its natural width but may be drawn wide enough?"""
    w = width(breaks, a, b)
    return w < FILL * MEASURE - 1e-6 and w + stretchable(breaks, a, b) >= target(MEASURE, FILL) - 1e-6


def _under_full(breaks: list[Break], ends: list[int]) -> int:
    starts = [0, *ends[:-1]]
    return sum(width(breaks, a, b) < FILL * MEASURE - 1e-6 and not _wider(breaks, a, b)
               for a, b in zip(starts[:-1], ends[:-1]))  # fmt: skip


@SETTINGS
@given(paragraphs())
@example(  # a hyphen makes one break too wide, yet the next (dropping its space) fits
    [Break(0.0), Break(4.0, 3.0), Break(28.0, 3.0), Break(98.0, -3.0, 10.0), Break(99.0)]
)
def test_total_fit_is_optimal(breaks: list[Break]) -> None:
    for bs in (_rigid(breaks), breaks):
        n = len(bs) - 1
        ends = total_fit(bs, MEASURE, FILL)
        assert ends and ends[-1] == n and ends == sorted(set(ends)), ends
        assert _fits(bs, ends), "a line of several steps is wider than the measure, even squeezed"
        best = min(
            _cost(bs, [*inner, n])
            for k in range(n)
            for inner in itertools.combinations(range(1, n), k)
            if _fits(bs, [*inner, n])
        )
        cost = _cost(bs, ends)
        assert cost <= best + 1e-6 * max(1.0, best), (ends, cost, best)


@SETTINGS
@given(paragraphs())
def test_giving_never_costs_more(breaks: list[Break]) -> None:
    """Lines that may give only add layouts (every rigid layout is still there, at the same
    cost): total fit with them never costs more."""
    n = len(breaks) - 1
    rigid = _rigid(breaks)
    plain, squeezed = total_fit(rigid, MEASURE, FILL), total_fit(breaks, MEASURE, FILL)
    assert _cost(breaks, squeezed) <= _cost(rigid, plain) + 1e-6
    assert _under_full(breaks, squeezed) <= _under_full(rigid, plain) or _cost(breaks, squeezed) < _cost(rigid, plain)
    assert squeezed[-1] == n


@SETTINGS
@given(paragraphs(max_steps=40))
def test_total_fit_is_greedy_when_greedy_is_full(breaks: list[Break]) -> None:
    """Over word boundaries only, greedy lines that are all full enough are kept as they are
    (the fast path of :func:`handouts.typesetting.lines.fill_lines` relies on it); with the
    fallback breaks too, total fit never costs more than greedy."""
    words = [b for b in breaks if b.penalty == 0 or b is breaks[-1]]
    words = [Break(b.x, max(b.drop, 0.0)) for b in words]
    atoms = [(b.x - a.x, b.x - a.x - b.drop) for a, b in zip(words, words[1:])]
    greedy = [e for _, e in break_lines(atoms, MEASURE)]
    ends = total_fit(words, MEASURE, FILL)
    if _under_full(words, greedy) == 0:
        assert ends == greedy
    assert _cost(words, ends) <= _cost(words, greedy) + 1e-6
    if all(trimmed <= MEASURE for _, trimmed in atoms):  # greedy is a layout of all the breaks too
        assert _cost(breaks, total_fit(breaks, MEASURE, FILL)) <= _cost(words, greedy) + 1e-6


def test_total_fit_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each break looks ahead only as far as a line reaches: doubling the paragraph doubles the
    widths measured (a structural count, not a timing), even when every line is under-full."""
    from handouts.typesetting import linebreak

    calls = [0]
    original = linebreak.width

    def counting(breaks: list[Break], a: int, b: int) -> float:
        calls[0] += 1
        return original(breaks, a, b)

    monkeypatch.setattr(linebreak, "width", counting)
    counts = []
    for n in (2_000, 4_000):
        # words of 3 to 9 with a space of 1, and a word of 40 every 7th (lines left short)
        breaks = [Break(0.0)]
        for i in range(n):
            breaks.append(Break(breaks[-1].x + (40.0 if i % 7 == 6 else 3.0 + i % 7) + 1.0, 1.0))
        calls[0] = 0
        ends = total_fit(breaks, MEASURE, FILL)
        assert ends[-1] == n
        counts.append(calls[0])
    assert counts[1] <= 2.2 * counts[0], counts
    assert counts[0] <= 60 * 2_000, counts  # about the breaks one line spans, per break


def test_a_line_that_may_be_drawn_wide_enough_is_not_under_full() -> None:
    """"aaa bbb cccccc dd" at 1 per letter, measure 10 (the doctest of total_fit): "aaa bbb" is
    7 wide, under 8.5. When it may be drawn 4 wider, reaching the target (8.6) uses 40 % of that
    and costs less than the juncture cc|cccc (penalty 10); 2 wider, 80 %: less than a juncture of
    10, more than one of 5; 1 wider does not reach the target, and the juncture is taken."""
    def breaks(loose: float, juncture: float = 10.0) -> list[Break]:
        return [Break(0), Break(4, 1, 0, 0, 0, loose / 2, loose / 2), Break(8, 1, 0, 0, 0, loose, loose),
                Break(10, 0, juncture, 0, 0, loose, loose), Break(15, 1), Break(17)]  # fmt: skip

    assert target(10, 0.85) == pytest.approx(8.6)
    assert 5 < LOOSEN * (1.6 / 2) ** 2 < 10
    assert total_fit(breaks(4.0), 10) == [2, 5]
    assert total_fit(breaks(2.0), 10) == [2, 5]
    assert total_fit(breaks(2.0, juncture=5.0), 10) == [3, 5]
    assert total_fit(breaks(1.0), 10) == [3, 5]
