"""Property tests (Hypothesis) of break opportunities, the greedy breaker and TextBlock lines.

Texts are random mixes of real Thai words, Latin words, numbers and spaces; the properties
are the promises of :mod:`handouts.typesetting.segment`, :mod:`~handouts.typesetting.linebreak`
and :class:`~handouts.typesetting.flowable.TextBlock`.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.linebreak import break_lines
from handouts.typesetting.lines import fallback_breaks
from handouts.typesetting.segment import break_opportunities, grapheme_breaks
from handouts.typesetting.spans import Span, TextStyle

THAI_WORDS = (
    "ที่", "ปี่", "ฝั่ง", "น้ำ", "ค่ำ", "คำ", "กตัญญู", "ปู่", "ก๋วยเตี๋ยว", "ผู้ป่วย",
    "โรงพยาบาล", "แพทย์", "พยาบาล", "ยา", "รับประทาน", "หลังอาหาร", "ครั้ง", "เม็ด", "วันละ",
    "ความดันโลหิต", "เบาหวาน", "ไม่", "ควร", "ออกกำลังกาย", "เจ็บ", "ปวด", "หลัง", "ผ่าตัด",
    "แผล", "สะอาด", "ใส่", "เฝือก", "ญี่ปุ่น", "บุหรี่", "สเตียรอยด์", "เด็ก", "ๆ", "ฯลฯ",
    "นัด", "มก.", "ชั่วโมง", "ให้", "กับ", "เท่านั้น",
)  # fmt: skip
LATIN_WORDS = ("Paracetamol", "mg", "MRI", "CT", "scan", "NSAIDs", "Physical", "Therapy", "LINE", "ok")

# When a property fails, Hypothesis formats the failing example with black if it is installed,
# and black's import warns (mypy_extensions.TypedDict): with filterwarnings=error that would turn
# the failure report into a pytest INTERNALERROR.
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

tokens = st.one_of(
    st.sampled_from(THAI_WORDS),
    st.sampled_from(LATIN_WORDS),
    st.integers(min_value=0, max_value=99999).map(str),
)
separators = st.sampled_from(["", "", " ", " ", "  "])


@st.composite
def mixed_text(draw: st.DrawFn, min_tokens: int = 1, max_tokens: int = 25) -> str:
    parts = draw(st.lists(st.tuples(tokens, separators), min_size=min_tokens, max_size=max_tokens))
    text = "".join(t + s for t, s in parts)
    if draw(st.booleans()):
        text = " " + text
    return text


def _is_mark(ch: str) -> bool:
    # judged from Unicode, not from segment.is_mark: combining marks, plus SARA AM and
    # LAKKHANGYAO, which belong to the syllable before them
    return unicodedata.category(ch).startswith("M") or ch in "\u0e33\u0e45"


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@SETTINGS
@given(mixed_text())
def test_break_opportunities_are_sound(text: str) -> None:
    breaks = break_opportunities(text)
    assert breaks == sorted(set(breaks))
    for i in breaks:
        assert 1 <= i <= len(text) - 1, (text, i)
        assert not _is_mark(text[i]), f"break before a mark: {text[:i]!r}|{text[i:]!r}"
        assert not (_ascii_alnum(text[i - 1]) and _ascii_alnum(text[i])), f"break in {text[:i]!r}|{text[i:]!r}"
        assert not text[i].isspace(), f"break before a space: {text[:i]!r}|{text[i:]!r}"


@SETTINGS
@given(mixed_text())
def test_grapheme_breaks_never_split_a_cluster(text: str) -> None:
    for i in grapheme_breaks(text):
        assert 1 <= i <= len(text) - 1
        assert not _is_mark(text[i]), f"{text[:i]!r}|{text[i:]!r}"
        assert text[i - 1] not in "เแโใไ", f"{text[:i]!r}|{text[i:]!r}"


widths = st.lists(
    st.tuples(st.floats(0, 100, allow_nan=False), st.floats(0, 20, allow_nan=False)).map(
        lambda t: (t[0] + t[1], t[0])  # (full, trimmed): trailing space is never negative
    ),
    min_size=0,
    max_size=60,
)


@SETTINGS
@given(widths, st.floats(1, 300, allow_nan=False))
def test_break_lines_is_greedy_and_fits(atoms: list[tuple[float, float]], measure: float) -> None:
    lines = break_lines(atoms, measure)
    # covers all atoms, in order, each line non-empty
    assert [a for s, e in lines for a in range(s, e)] == list(range(len(atoms)))
    assert all(s < e for s, e in lines)
    for s, e in lines:
        width = sum(full for full, _ in atoms[s : e - 1]) + atoms[e - 1][1]
        assert e - s == 1 or width <= measure + 1e-6, f"line {s}..{e} is {width} > {measure}"
    # greedy: the next atom would not have fitted on the line before it
    for s, e in lines[:-1]:
        with_next = sum(full for full, _ in atoms[s:e]) + atoms[e][1]
        assert with_next > measure - 1e-6, f"atom {e} would fit on line {s}..{e}"


def _line_widths(block: TextBlock) -> list[tuple[float, int]]:
    """(width, number of atoms) of each line, from the block's atoms and its line texts.

    Only valid when no atom was split for being too wide (the measure is at least the widest
    atom). Every line ends at an atom boundary, or at a fallback break of total fit
    (:func:`handouts.typesetting.lines.fallback_breaks`: a compound juncture, a hyphenation
    point where a hyphen is drawn, a label before its number)."""
    prep = block._prepared()
    allowed = set(prep.cuts)
    for a, b in zip(prep.cuts, prep.cuts[1:]):
        allowed.update(fallback_breaks(prep, a, b, block.keep_words))
    out, pos = [], 0
    for text, members in zip(block.line_texts(), block._lines):
        pos += len(text)
        assert pos in allowed, "a line does not end at a break opportunity or a fallback break"
        out.append((sum(a.full for a in members[:-1]) + members[-1].trimmed, len(members)))
    return out


@SETTINGS
@given(mixed_text(), st.data())
def test_textblock_lines_fit_the_measure(text: str, data: st.DataObject) -> None:
    block = TextBlock((Span(text, TextStyle(size=14)),), leading=21)
    atoms = block.atoms()
    assert "".join(a.text for a in atoms) == text
    widest = max(a.trimmed for a in atoms)
    total = sum(a.full for a in atoms)
    measure = data.draw(st.floats(min_value=max(widest, 1.0), max_value=max(total, widest, 1.0) * 1.2))
    _, height = block.wrap(measure, 10_000)
    lines = block.line_texts()
    assert "".join(lines) == text
    assert height == len(lines) * 21
    for width, n in _line_widths(block):
        assert n == 1 or width <= measure + 1e-6, f"line of {n} atoms is {width} > {measure}"
    assert not block.diagnostics, block.diagnostics.items


@SETTINGS
@given(mixed_text(max_tokens=8), st.floats(min_value=8, max_value=60))
def test_textblock_narrow_measure_keeps_text(text: str, measure: float) -> None:
    """Over-wide words are cut only between grapheme clusters, and the text survives."""
    block = TextBlock((Span(text, TextStyle(size=14)),), leading=21)
    block.wrap(measure, 10_000)
    lines = block.line_texts()
    assert "".join(lines) == text
    pos = 0
    for line in lines[:-1]:
        pos += len(line)
        assert not _is_mark(text[pos]), f"line starts with a mark: {text[:pos]!r}|{text[pos:]!r}"
        assert text[pos - 1] not in "เแโใไ", f"line ends with a leading vowel: {text[:pos]!r}"


@SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from(("ဆေးရုံ", "ថ្នាំ", "ສະບາຍດີ", "ยา", "well", "10")), st.sampled_from(("-", "- ", " - ", ""))),
             min_size=2, max_size=6),
    st.floats(min_value=8, max_value=40),
)  # fmt: skip
def test_a_line_cut_inside_a_word_never_ends_at_a_hyphen(parts: list[tuple[str, str]], measure: float) -> None:
    """A stretch wider than the line is cut between grapheme clusters, but never right after a
    hyphen (and the spaces after it): pdftotext and pypdf take a line-final hyphen for a
    hyphenation and drop it (``ဖြစ်- |សាប៊ូ`` came back as ``ဖြစ်សាប៊ូ``), as the word-level
    rule already knows (:mod:`handouts.typesetting.segment`)."""
    text = "".join(w + sep for w, sep in parts)
    block = TextBlock((Span(text, TextStyle(size=14)),), leading=21)
    block.wrap(measure, 10_000)
    lines = block.line_texts()
    assert "".join(lines) == text
    for line in lines[:-1]:
        body = line.rstrip()
        assert not body.endswith("-") or not body.strip("-"), lines
