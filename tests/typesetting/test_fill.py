"""Full lines on Thai text the line breaker was not tuned on, and what total fit must never do.

* Held-out paragraphs (``fill_heldout_th.txt``, written apart from the corpora) at the body
  widths of real handouts (A4, A5 booklet, large print, list items, bilingual columns): no
  under-full line where the corpus has none, and every line end a word boundary or a compound
  junction for an independent judge (PyThaiNLP's ``newmm`` and ``longest`` and its dictionary).
* Hypothesis paragraphs of random frequent Thai words (thaibreak's frequency list), doses and
  spaces at random widths: the text survives, every line fits, ends only at a break
  opportunity or a fallback break, never inside a dose (``500 มก.``, ``70 มก./ดล.``), and the
  lines never cost more than greedy's (:func:`handouts.typesetting.linebreak.line_cost`).

*Under-full*: a non-final line whose natural width (its atoms, the last one trimmed, a drawn
hyphen counted) is under 85 % of the measure (:func:`handouts.typesetting.lines.under_full`).
"""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handouts.layout.styles import MM, PAPER, styles_for
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.linebreak import break_lines, line_cost, target
from handouts.typesetting.lines import FILL, fallback_breaks, natural_width, under_full
from handouts.typesetting.spans import Span, TextStyle

pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")

HELD_OUT = Path(__file__).parent / "fill_heldout_th.txt"
CORPUS = Path(__file__).parent / "corpus" / "th_corpus.txt"
GUTTER = 6 * MM  # between the columns of a bilingual handout


def _paragraphs(path: Path) -> list[str]:
    text = "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.startswith("#"))
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _held_out() -> list[str]:
    return _paragraphs(HELD_OUT)


def _width(paper: str, profile: str, bilingual: bool = False, indent: float = 0.0) -> tuple[float, float]:
    """(measure, body size) of a handout's body text."""
    st_ = styles_for("th", profile, paper)
    measure = PAPER[paper][0] - 2 * st_.margin_x - indent * st_.list_indent
    return ((measure - GUTTER) / 2 if bilingual else measure), st_.body


# (name, (measure, size), most under-full lines allowed over the held-out text)
WIDTHS = [
    ("A4", _width("A4", "standard"), 0),
    ("A4-list", _width("A4", "standard", indent=1), 0),
    ("A5-booklet", _width("A5", "standard"), 0),
    ("A4-large", _width("A4", "large"), 0),
    ("A4-bilingual", _width("A4", "standard", bilingual=True), 0),
    ("A5-large", _width("A5", "large"), 1),
    ("A4-large-bilingual", _width("A4", "large", bilingual=True), 2),
    ("A5-bilingual", _width("A5", "standard", bilingual=True), 4),
]


def _typeset(text: str, measure: float, size: float) -> TextBlock:
    block = TextBlock((Span(text, TextStyle(size=size)),), leading=size * 1.6)
    block.wrap(measure, 1e9)
    return block


def _line_ends(block: TextBlock) -> list[int]:
    ends, pos = [], 0
    for text in block.line_texts()[:-1]:
        pos += len(text)
        ends.append(pos)
    return ends


@functools.cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@functools.cache
def _is_words(s: str) -> bool:
    return not s or any(s[:k] in _dictionary() and _is_words(s[k:]) for k in range(len(s), 0, -1))


@functools.cache
def _judged(text: str) -> list[tuple[frozenset[int], list[tuple[int, int]]]]:
    from pythainlp.tokenize import word_tokenize

    out = []
    for engine in ("newmm", "longest"):
        spans, pos = [], 0
        for tok in word_tokenize(text, engine=engine, keep_whitespace=True):
            spans.append((pos, pos + len(tok)))
            pos += len(tok)
        out.append((frozenset(e for _, e in spans), spans))
    return out


def _splits_a_word(text: str, pos: int) -> bool:
    """Neither judge has a word boundary at ``pos``, and it is not the junction of a compound
    (the judge's word is not two runs of dictionary words either side of it)."""
    for bounds, spans in _judged(text):
        if pos in bounds:
            return False
        start, end = next((s, e) for s, e in spans if s < pos < e)
        if _is_words(text[start:pos]) and _is_words(text[pos:end]):
            return False
    return True


def _fill(texts: list[str], measure: float, size: float) -> tuple[list[str], int, list[str]]:
    """(the under-full lines, the count of non-final lines, the line ends inside a word)."""
    under: list[str] = []
    split: list[str] = []
    total = 0
    for text in texts:
        block = _typeset(text, measure, size)
        assert "".join(block.line_texts()) == text
        lines = block._lines
        for i in under_full(lines, measure):
            under.append(
                f"{natural_width(lines[i]) / measure:.0%} {''.join(a.text for a in lines[i])}|{lines[i + 1][0].text}"
            )
        for pos, line in zip(_line_ends(block), lines):
            if line[-1].hyphen is not None:  # a Latin word at a hyphenation point, a hyphen drawn
                assert text[pos - 2 : pos].isalpha() and text[pos : pos + 3].isalpha(), text[pos - 10 : pos + 10]
            elif _splits_a_word(text, pos):
                split.append(f"{text[pos - 10 : pos]}|{text[pos : pos + 10]}")
        total += len(lines) - 1
    return under, total, split


@pytest.mark.parametrize(("name", "width", "allowed"), WIDTHS, ids=[w[0] for w in WIDTHS])
def test_held_out_text_fills_its_lines(name: str, width: tuple[float, float], allowed: int) -> None:
    measure, size = width
    under, _, split = _fill(_held_out(), measure, size)
    assert not split, f"{name}: line ends inside a word:\n" + "\n".join(split)
    assert len(under) <= allowed, f"{name} ({measure / MM:.0f} mm, {size:g} pt): under-full lines:\n" + "\n".join(under)


# (name, (measure, size), the share of non-final lines left under-full on the test corpus: what
# total fit reaches, a little above; the lines and their causes: ``python tools/fill_report.py -v``)
CORPUS_WIDTHS = [
    ("80mm", (80 * MM, 15.0), 0.021),  # (lines drawn wider, lines.loosen: 22 → 14 of 697)
    ("150mm", (150 * MM, 15.0), 0.006),
    ("A4", _width("A4", "standard"), 0.0),
    ("A5-booklet", _width("A5", "standard"), 0.003),
    ("A4-large", _width("A4", "large"), 0.003),
    ("A5-large", _width("A5", "large"), 0.004),
    ("A4-bilingual", _width("A4", "standard", bilingual=True), 0.010),
    ("A4-large-bilingual", _width("A4", "large", bilingual=True), 0.017),
    ("A5-bilingual", _width("A5", "standard", bilingual=True), 0.047),
]


@pytest.mark.parametrize(("name", "width", "rate"), CORPUS_WIDTHS, ids=[w[0] for w in CORPUS_WIDTHS])
def test_corpus_fills_its_lines(name: str, width: tuple[float, float], rate: float) -> None:
    """The test corpus: no line end inside a word, and no more under-full lines than reached."""
    measure, size = width
    under, total, split = _fill(_paragraphs(CORPUS), measure, size)
    assert not split, f"{name}: line ends inside a word:\n" + "\n".join(split)
    assert len(under) <= rate * total, f"{name}: {len(under)}/{total} under-full lines:\n" + "\n".join(under)


# -- unseen text: random paragraphs ----------------------------------------------------------


@functools.cache
def _frequent_words() -> tuple[str, ...]:
    import thaibreak

    path = Path(thaibreak.__file__).parent / "data" / "word-weights.tsv"
    lines = path.read_text("utf-8").splitlines()
    return tuple(line.split("\t")[0] for line in lines if line and not line.startswith("#"))[:1500]


DOSES = ("500 มก.", "1-2 เม็ด", "10 มล.", "70 มก./ดล.", "2 ครั้ง/วัน", "38.5 °C", "6 ชั่วโมง", "500 mg")
SETTINGS = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A paragraph of random frequent Thai words (no spaces between them, as Thai is written),
    a space now and then, and doses; with the spans of its doses."""
    tokens = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_frequent_words()), st.sampled_from(DOSES).map(lambda d: ("dose", d)), st.just(" ")
            ),  # fmt: skip
            min_size=10,
            max_size=90,
        )
    )
    text, doses = "", []
    for tok in tokens:
        if isinstance(tok, tuple):
            if text and not text.endswith(" "):
                text += " "
            doses.append((len(text), len(text) + len(tok[1])))
            text += tok[1] + " "
        elif not (tok == " " and (not text or text.endswith(" "))):
            text += tok
    return text.rstrip(), doses


@SETTINGS
@given(paragraphs(), st.floats(min_value=55, max_value=180), st.sampled_from([14.0, 18.0]))
def test_unseen_text_breaks_soundly(paragraph: tuple[str, list[tuple[int, int]]], width_mm: float, size: float) -> None:
    text, doses = paragraph
    measure = width_mm * MM
    block = _typeset(text, measure, size)
    lines = block._lines
    assert "".join(block.line_texts()) == text
    assert not block.diagnostics, block.diagnostics.items  # no word or dose had to be cut
    prep = block._prepared()
    for pos, line in zip(_line_ends(block), lines):
        assert natural_width(line) <= measure + 1e-6 or len(line) == 1
        if pos not in prep.cuts:
            k = bisect.bisect_right(prep.cuts, pos)
            assert pos in fallback_breaks(prep, prep.cuts[k - 1], prep.cuts[k]), f"{text[:pos]}|{text[pos:]}"
        assert not any(a < pos < b for a, b in doses), (
            f"a dose split: {text[max(0, pos - 15) : pos]}|{text[pos : pos + 15]}"
        )
    # total fit never does worse than greedy lines over the same atoms (by the measure it minimises)
    atoms = block._fit_atoms(measure)
    greedy = [tuple(atoms[s:e]) for s, e in break_lines([(a.full, a.trimmed) for a in atoms], measure)]

    def cost(ls: list[tuple]) -> float:  # type: ignore[type-arg]
        return sum(line_cost(natural_width(line), measure, FILL, 0.0) for line in ls[:-1])

    assert len(under_full(lines, measure)) <= len(under_full(greedy, measure)) or cost(lines) <= cost(greedy)


# -- what a fallback break never is ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("ระดับน้ำตาลต่ำกว่า 70 มก./ดล. ให้ดื่มน้ำหวาน", "70 มก./ดล."),
        ("รับประทานยาวันละ 2 ครั้ง/วัน หลังอาหาร", "2 ครั้ง/วัน"),
        ("ยาปฏิชีวนะกลุ่มควิโนโลนและเตตราไซคลิน", "ควิโนโลน"),  # thaibreak: ควิโน|โลน, not words
        ("ยาพาราเซตามอลและไอบูโพรเฟนกับคอเลสเตอรอล", "พาราเซตามอล"),
        ("ใช้ยา 7 วันที่บ้านตามแพทย์สั่ง", "7 วัน"),
        ("ยาน้ำแก้ไอรับประทานครั้งละ 2 ช้อนชา หลังอาหาร", "2 ช้อนชา"),  # ช้อน|ชา: a compound's juncture
        ("วัดความดันโลหิตวันละ 2 ช่วง คือเช้าและก่อนนอน", "2 ช่วง"),  # a classifier counts the number
        ("หยอดตาข้างที่ผ่าตัดครั้งละ 1 หยด วันละ 4 ครั้ง", "1 หยด"),
        ("ยาน้ำแก้ไอรับประทานครั้งละ ½ ช้อนชา หลังอาหาร", "½ ช้อนชา"),  # a fraction is a number
        ("ยาแก้ปวดรับประทานครั้งละ 1½ เม็ด ทุก 6 ชั่วโมง", "1½ เม็ด"),
    ],
    ids=[
        "unit-with-slash",
        "per-day",
        "loanword-the-segmenter-cuts",
        "loanwords",
        "days-then-ที่",
        "compound-unit",
        "classifier",
        "drops",
        "fraction-compound-unit",
        "fraction",
    ],
)
def test_never_a_break_inside(text: str, whole: str) -> None:
    """At every width, from one cluster wide up: a unit with a slash, a dose, a loanword (even one
    the segmenter cuts into dictionary-looking parts) stays on one line."""
    a = text.index(whole)
    widest = _typeset(text, 1e4, 14.0)
    for measure in range(int(max(a.trimmed for a in widest.atoms())) + 1, 400, 7):
        block = _typeset(text, measure, 14.0)
        for pos in _line_ends(block):
            assert not a < pos < a + len(whole), f"{measure} pt: {text[:pos]}|{text[pos:]}"


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("ติดต่อหน่วยไตเทียมที่หมายเลข 0-2354-8108 ต่อ 3215 ทันที เมื่อมีอาการบวม", "0-2354-8108 ต่อ 3215"),
        ("สอบถามเพิ่มเติมโทร. 0-2354-8108 ต่อ 3215 ได้ทุกวัน", "0-2354-8108 ต่อ 3215"),
    ],
    ids=["extension-then-word", "label-phone-extension-word"],
)
def test_a_kept_stretch_wider_than_the_line_parts_first_where_a_line_may_end(text: str, group: str) -> None:
    """A number kept with a Thai word that does not count it (``3215 ทันที``) is a break of last
    resort (:func:`~handouts.typesetting.segment.label_glue`): when the whole stretch is wider
    than the line it is cut there first, unwarned, never between ``ต่อ`` and the extension
    (it was ``0-2354-8108 ต่อ | 3215 ทันที``, warned as a kept group split). (``8108 | ต่อ``
    may end a line: the extension is a number's label, not its unit.)"""
    a = text.index(group)
    ext = text.index("ต่อ 3215")
    lo = natural_width(_typeset(group, 1e4, 14.0)._lines[0])
    after = text.find(" ", a + len(group) + 1)
    stretch = text[a : after if after > 0 else len(text)]
    hi = natural_width(_typeset(stretch, 1e4, 14.0)._lines[0])
    assert lo + 5 < hi
    for measure in range(int(lo) + 1, int(hi), 3):
        block = _typeset(text, measure, 14.0)
        assert "".join(block.line_texts()) == text
        for pos in _line_ends(block):
            assert not ext < pos < ext + len("ต่อ 3215"), f"{measure} pt: {text[:pos]}|{text[pos:]}"
        assert not block.diagnostics, f"{measure} pt: {block.diagnostics}"


@pytest.mark.parametrize(
    "text",
    ["Your gastroenterologist has scheduled a colonoscopy and an esophagogastroduodenoscopy for the same morning.",
     "ตรวจคลื่นไฟฟ้าสมอง (Electroencephalography) ก่อนนอน"],
)  # fmt: skip
def test_a_latin_word_wider_than_the_line_is_hyphenated_at_its_hyphenation_points(text: str) -> None:
    """In a narrow column (a bilingual one at large print) a word wider than the line was cut at
    the box edge, warned, wherever a cluster ended (``esophagogastroduodenoscop-`` | ``y``): it
    is cut at its hyphenation points when each piece then fits, unwarned, and a piece drawn with
    a hyphen always ends its line (never ``esophagogastroduo-denoscopy`` drawn tighter)."""
    from handouts.typesetting.atoms import hyphenation_points

    word = max(text.split(), key=len).strip("()")
    a = text.index(word)
    points = set(hyphenation_points(text, a, a + len(word)))
    whole = natural_width(_typeset(word, 1e4, 18.0)._lines[0])
    every = sorted(hyphenation_points(text, 0, len(text)))  # the other words' pieces must fit too
    pieces = [p for i, j in zip([0, *every], [*every, len(text)]) for p in text[i:j].split()]
    widest = max(natural_width(_typeset(p + "-", 1e4, 18.0)._lines[0]) for p in pieces)
    assert widest + 10 < whole
    for measure in range(int(widest) + 4, int(whole), 4):
        block = _typeset(text, measure, 18.0)
        assert "".join(block.line_texts()) == text
        assert not block.diagnostics, f"{measure} pt: {block.diagnostics}"
        for pos in _line_ends(block):
            assert not a < pos < a + len(word) or pos in points, f"{measure} pt: {text[:pos]}|{text[pos:]}"
        assert all(atom.hyphen is None for line in block._lines for atom in line[:-1])


def test_a_latin_word_wider_than_the_line_starts_after_the_words_before_it() -> None:
    """A4 large print, bilingual column: ``esophagogastroduodenoscopy`` was cut into pieces that
    each began a line, leaving ``an`` alone on one 8 % full; the word is broken by total fit at
    its hyphenation points, its first piece after ``an``."""
    measure, size = dict((n, w) for n, w, _ in WIDTHS)["A4-large-bilingual"]
    text = "Your gastroenterologist has scheduled a colonoscopy and an esophagogastroduodenoscopy for the same morning."
    block = _typeset(text, measure, size)
    assert "".join(block.line_texts()) == text
    assert not under_full(block._lines, measure, 0.5), block.line_texts()
    assert any(line.startswith("and an esoph") for line in block.line_texts()), block.line_texts()


def test_a_date_after_a_postal_code_may_start_a_line() -> None:
    """``๑๐๓๓๐ วันที่ ๑๖`` is a postal code and a date, not 10330 days: a break between them."""
    from handouts.typesetting.segment import break_opportunities

    t = "กรุงเทพฯ ๑๐๓๓๐ วันที่ ๑๖ พฤศจิกายน ๒๕๖๙"
    assert t.index("วันที่") in break_opportunities(t)
    u = "ใช้ยา 7 วันที่บ้าน"
    assert u.index("วัน") not in break_opportunities(u)  # 7 days: the number keeps its unit


# -- unseen text made of the corpora's words: the word judge and the kept-together groups ----------


@functools.cache
def _corpus_words() -> tuple[str, ...]:
    """The Thai words of the corpus and the held-out text, as PyThaiNLP's newmm cuts them."""
    from pythainlp.tokenize import word_tokenize

    text = " ".join(_paragraphs(CORPUS) + _held_out())
    return tuple(sorted({w for w in word_tokenize(text, engine="newmm") if re.fullmatch("[\u0e01-\u0e4e]+", w)}))


# a dose, a number with its unit, a phone number: never split (a label before a number may be)
GROUPS = DOSES + (
    "02 123 4567", "+66 2 123 4567", "081-234-5678", "120/80 มม.ปรอท", "36.5–37.4 °C", "4,000 มก.",
    "10 มก./5 มล.", "13:00 น.", "2-8 °C", "2 ช้อนชา", "2 ช่วง", "1 หยด", "1 แก้ว", "3 มื้อ", "2 ข้าง",
)  # fmt: skip


@st.composite
def corpus_paragraphs(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """Words of the corpora run together as Thai is written, a space now and then, and groups
    that must stay whole (with their spans)."""
    words = _corpus_words()
    tokens = draw(
        st.lists(
            st.one_of(st.sampled_from(words), st.sampled_from(GROUPS).map(lambda d: ("group", d)), st.just(" ")),
            min_size=10,
            max_size=120,
        )
    )
    text, groups = "", []
    for tok in tokens:
        if isinstance(tok, tuple):
            if groups and groups[-1][1] == len(text) - 1:
                text += "และ "  # two groups in a row would be one (4567 500 มก.): a word between
            if text and not text.endswith(" "):
                text += " "
            groups.append((len(text), len(text) + len(tok[1])))
            text += tok[1] + " "
        elif not (tok == " " and (not text or text.endswith(" "))):
            text += tok
    return text.rstrip(), groups


@SETTINGS
@given(corpus_paragraphs(), st.floats(min_value=50, max_value=180), st.sampled_from([14.0, 15.0, 18.0]))
@example(("กฎหมาย" * 9 + "กดกตัญญู 2 ช้อนชา", [(63, 71)]), 51.0, 14.0)  # the unit ช้อน|ชา was cut
@example(("กฎหมาย" * 6 + " +66 2 123 4567 500 มก.", [(37, 51), (52, 59)]), 50.0, 14.0)  # found at 21:15
def test_corpus_words_never_split(paragraph: tuple[str, list[tuple[int, int]]], width_mm: float, size: float) -> None:
    """At any width: every line end is a word boundary for PyThaiNLP's judges (or the junction
    of two runs of dictionary words), never inside a cluster, a dose, a number and its unit or
    a phone number; every line fits (its spaces shrunk by at most a third); a line drawn wider
    was short of the target (just past the fill line) and reaches it, its spaces at most twice
    as wide and each letter at most LOOSE em further on; the text survives."""
    from handouts.typesetting.lines import LOOSE, SHRINK, STRETCH, TRACK
    from handouts.typesetting.segment import LEADING_VOWELS, is_mark

    text, groups = paragraph
    measure = width_mm * MM
    block = _typeset(text, measure, size)
    t = block._prepared().text
    assert "".join(block.line_texts()) == text
    for pos, line in zip(_line_ends(block), block._lines):
        assert natural_width(line) <= measure + 1e-6 or len(line) == 1
        for atom in line:
            if atom.start >= 0:  # drawn tighter than measured by at most a third of a space, 2 % of a letter
                natural = t.atom(atom.start, atom.end)
                for trailing, limit in ((True, SHRINK), (False, TRACK)):
                    drawn, was = (
                        sum(p.width for p in x.pieces if p.trailing_space == trailing) for x in (atom, natural)
                    )
                    rounding = sum(len(p.run.glyphs) * p.span.style.size / p.run.upem for p in atom.pieces)
                    assert drawn >= (1 - limit) * was - rounding - 1e-6, f"squeezed too much: {atom.text!r}"
                    spaced = LOOSE * sum(len(p.run.glyphs) * p.span.style.size * p.face.scale for p in natural.pieces)
                    assert drawn <= (1 + STRETCH) * was + rounding + 1e-6 if trailing else drawn <= was + spaced + rounding + 1e-6
        if all(atom.start >= 0 for atom in line):
            natural_line = [t.atom(a.start, a.end, hyphen=a.hyphen is not None) for a in line]
            if natural_width(line) > natural_width(natural_line) + 1e-6:  # drawn wider
                assert line is not block._lines[-1] and natural_width(natural_line) < target(measure, FILL)
                assert natural_width(line) >= target(measure, FILL) - 1e-6
        for atom in line:  # a mark stays on its base: a glyph before a zero-advance one keeps its advance
            if atom.start >= 0:
                drawn_g = [g for p in atom.pieces for g in p.run.glyphs]
                was_g = [g for p in t.atom(atom.start, atom.end).pieces for g in p.run.glyphs]
                assert all(g.advance == w.advance for g, w, nxt in zip(drawn_g, was_g, was_g[1:]) if not nxt.advance)
        assert not is_mark(text[pos]) and text[pos - 1] not in LEADING_VOWELS, f"{text[:pos]}|{text[pos:]}"
        assert not any(a < pos < b and t.trimmed(a, b) <= measure for a, b in groups), (
            f"split: {text[max(0, pos - 15) : pos]}|{text[pos : pos + 15]}"
        )  # (a group wider than the line is cut where it must be, with a warning)
        if line[-1].hyphen is None:
            assert not _splits_a_word(text, pos), (
                f"inside a word: {text[max(0, pos - 15) : pos]}|{text[pos : pos + 15]}"
            )


# -- titles and headings: ragged, at word-level breaks only ---------------------------------


@st.composite
def headings(draw: st.DrawFn) -> str:
    """A heading of frequent Thai words and kept-together medical compounds (เบาหวาน, ผู้ป่วย)."""
    from handouts.typesetting.segment import builtin_keep_words

    words = st.one_of(st.sampled_from(_frequent_words()[:400]), st.sampled_from(sorted(builtin_keep_words())))
    return "".join(draw(st.lists(words, min_size=3, max_size=12)))


@SETTINGS
@given(headings(), st.floats(min_value=30, max_value=120), st.sampled_from([18.0, 24.0]))
@example("การดูแลเท้าสำหรับผู้ป่วยเบาหวาน", 104.0, 24.0)  # the large-print title: ผู้ป่วยเบา|หวาน
def test_a_ragged_block_breaks_at_word_level_breaks_only(text: str, width_mm: float, size: float) -> None:
    from handouts.typesetting.segment import break_opportunities

    measure = width_mm * MM
    block = TextBlock((Span(text, TextStyle(face="bold", size=size)),), leading=size * 1.3, ragged=True)
    block.wrap(measure, 1e9)
    assert "".join(block.line_texts()) == text
    if block.diagnostics:  # a word wider than the line was cut (warned): not this property
        return
    allowed = set(break_opportunities(text, block.keep_words))
    for pos in _line_ends(block):
        assert pos in allowed, f"{text[:pos]}|{text[pos:]}"
    # and the lines are greedy's: no line drawn tighter or wider to be filled
    atoms = block._fit_atoms(measure)
    greedy = [tuple(atoms[s:e]) for s, e in break_lines([(a.full, a.trimmed) for a in atoms], measure)]
    assert [len(line) for line in block._lines] == [len(line) for line in greedy]
