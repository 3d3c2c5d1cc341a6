"""Burmese, Khmer and Lao text → typeset, drawn glyphs recorded, and the invariants checked.

Shared by the corpus tests and the property tests of this folder through the ``sea`` fixture
(``--import-mode=importlib`` makes conftest modules unimportable by name). Text is typeset with
the real typesetter (:class:`~handouts.typesetting.flowable.TextBlock` in a ``SimpleDocTemplate``
PDF, the language's own leading) while every line the typesetter draws is recorded: its glyphs,
their positions and faces. The checks read that record and the PDF:

* **extraction** — :func:`extraction_problems`: the extracted text equals the source once
  whitespace is normalised as defined there;
* **glyphs** — :func:`glyph_problems`: no glyph 0 (.notdef), no dotted circle (a broken
  cluster), every character covered by the face that drew it;
* **line ends** — :func:`break_problems`: every line ends at an ICU line-break opportunity for
  the language's locale, at an ICU grapheme boundary and at a syllable boundary;
* **marks** — :func:`mark_problems`: ink boxes (HarfBuzz ``get_glyph_extents`` placed at the
  drawn positions) of the marks of neighbouring syllables do not overlap, stacked marks of one
  syllable overlap vertically by at most :data:`STACK_TOLERANCE`, and no line's ink reaches
  into the next line.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.textlayer import unhyphenate

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LANGS = ("my", "km", "lo")
LOCALES = {"my": "my_MM", "km": "km_KH", "lo": "lo_LA"}
SIZE = 14.0

# A stacker joins the next consonant to its syllable (Khmer coeng, Myanmar virama, Lao/Thai
# have none); ZWJ/ZWNJ never start one.
STACKERS = frozenset("\u17d2\u1039")
JOINERS = frozenset("\u200c\u200d")

# How far (in em) two boxes may overlap and still count as apart. Ink boxes are rectangles
# around curved outlines, so two marks whose outlines are well apart can have boxes that touch
# at the corners; 0.02 em is 0.28 pt at 14 pt (under one dot at 100 dpi). Calibrated on the
# three corpora: see the corpus README ("What the tests measure").
NEIGHBOUR_TOLERANCE = 0.02
STACK_TOLERANCE = 0.02


# ---------------------------------------------------------------------------------------------
# text


def paragraphs(lang: str) -> list[str]:
    """The paragraphs of ``corpus/{lang}_health.txt`` (blank-line separated)."""
    text = (CORPUS / f"{lang}_health.txt").read_text("utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


SARA_AM = "\u0eb3\u0e33"


# a consonant that closes the syllable before it: a Burmese one with asat or virama (ဖ်, မ္), a
# Khmer one with bantoc, robat, toandakhiat or viriam (ក់, ម៌, ណ៍)
FINAL = re.compile("[\u1000-\u1021\u1780-\u17a2][\u1037\u17c9\u17ca]?[\u103a\u1039\u17cb\u17cc\u17cd\u17d1]")


def syllable_starts(text: str) -> list[int]:
    """Where each orthographic syllable starts: at every character except a combining mark
    (Mn, Mc, Me), Lao and Thai SARA AM (a letter, Lo, but the vowel of the syllable before), a
    joiner, the consonant right after a stacker (coeng, virama), or a final consonant.

    >>> syllable_starts("ក្រុម ab")
    [0, 4, 5, 6, 7]
    >>> syllable_starts("ကက်")
    [0]
    """
    finals = {m.start() for m in FINAL.finditer(text)}
    starts = []
    for i, ch in enumerate(text):
        if i and (unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in SARA_AM or ch in JOINERS
                  or text[i - 1] in STACKERS or i in finals):  # fmt: skip
            continue
        starts.append(i)
    return starts


@functools.cache
def _iterator(locale: str, kind: str) -> Any:
    import icu

    loc = icu.Locale(locale)
    if kind == "line":
        return icu.BreakIterator.createLineInstance(loc)
    return icu.BreakIterator.createCharacterInstance(loc)


def icu_boundaries(text: str, lang: str, kind: str) -> set[int]:
    """ICU's boundaries (``line`` opportunities or ``grapheme`` boundaries) in ``text``; the oracle
    is ICU itself, not the typesetter's own wrapper of it. Texts here are all in the BMP, so
    UTF-16 offsets are Python indices."""
    assert all(ord(c) < 0x10000 for c in text)
    it = _iterator(LOCALES[lang], kind)
    it.setText(text)
    return set(it)


# ---------------------------------------------------------------------------------------------
# typesetting with a record of what is drawn


@dataclass
class Ink:
    """One drawn glyph: its ink box in points (y up, baseline 0), advance, and syllable."""

    gid: int
    x0: float
    x1: float
    y0: float
    y1: float
    advance: int
    syllable: int  # index into the line's syllables (-1 for a glyph standing for no character)
    face: str


@dataclass
class Line:
    """One line as drawn: its text, the glyphs' ink and the leading of its block."""

    text: str
    baseline: float
    leading: float
    ink: list[Ink] = field(default_factory=list)


@dataclass
class Typeset:
    lang: str
    paragraphs: list[str]
    blocks: list[Any]
    lines: list[Line]  # in drawing order
    pdf: bytes


def _glyph_box(face: Any, gid: int) -> tuple[int, int, int, int] | None:
    """(x_bearing, width, y_bearing, height) in font units, or None for a glyph without ink."""
    ext = face.hb_font.get_glyph_extents(gid)
    if ext is None or ext.width == 0 or ext.height == 0:
        return None
    return ext.x_bearing, ext.width, ext.y_bearing, ext.height


def _record_line(text: str, baseline: float, leading: float, pieces: list[Any]) -> Line:
    """Place every glyph of a drawn line: pen advances by ``advance``, HarfBuzz offsets move
    the glyph, the ink box comes from the face's HarfBuzz font. Each glyph is given the
    syllable of the source character its text starts at; a glyph without text (a mark whose
    character another glyph carries, a phantom) belongs to the spacing glyph before it."""
    starts = syllable_starts(text)
    syl_of = [0] * (len(text) + 1)
    k = -1
    for i in range(len(text)):
        if k + 1 < len(starts) and starts[k + 1] == i:
            k += 1
        syl_of[i] = k
    syl_of[len(text)] = k
    line = Line(text, baseline, leading)
    offset = 0  # characters consumed
    base_syllable = -1
    for p in pieces:
        scale = p.size / p.run.upem
        pen = p.x
        for g in p.run.glyphs:
            if getattr(g, "phantom", False):
                offset += len(g.text)
                continue
            if g.advance > 0 or g.text:
                base_syllable = syl_of[min(offset, len(text))] if g.text else base_syllable
            syllable = base_syllable
            offset += len(g.text)
            box = _glyph_box(p.face, g.gid) if not g.fallback else None
            if box is not None:
                xb, w, yb, h = box
                x0 = pen + (g.x_offset + xb) * scale
                top = (g.y_offset + yb) * scale
                line.ink.append(Ink(g.gid, x0, x0 + w * scale, top + h * scale, top, g.advance, syllable, p.face.name))
            elif g.gid == 0:
                line.ink.append(Ink(0, pen, pen, 0, 0, g.advance, syllable, p.face.name))
            pen += g.advance * scale
    return line


@contextmanager
def recording() -> Iterator[list[tuple[float, list[Any]]]]:
    """While active, every line the typesetter draws is appended as (baseline, pieces)."""
    from handouts.typesetting import _pdftext

    calls: list[tuple[float, list[Any]]] = []
    original = _pdftext.draw_line

    def spy(canvas: Any, x: float, y: float, pieces: list[Any], *args: Any, **kwargs: Any) -> Any:
        calls.append((y, list(pieces)))
        return original(canvas, x, y, pieces, *args, **kwargs)

    _pdftext.draw_line = spy
    try:
        yield calls
    finally:
        _pdftext.draw_line = original


def leading_for(lang: str, size: float = SIZE) -> float:
    """The body line spacing of a handout in the language (its script's ``leading`` × size, as
    ``layout.styles.styles_for`` gives it)."""
    from handouts.typesetting.scripts import for_lang

    script = for_lang(lang)
    return float(getattr(script, "leading", 1.6)) * size


def typeset(lang: str, paras: list[str], width_mm: float, size: float = SIZE) -> Typeset:
    """Typeset paragraphs with TextBlock into an A4 PDF of the given measure, recording lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from handouts.typesetting.flowable import TextBlock
    from handouts.typesetting.spans import Span, TextStyle

    leading = leading_for(lang, size)
    blocks = [TextBlock((Span(p, TextStyle(size=size), lang=lang),), leading=leading, space_after=6.0) for p in paras]
    try:
        from handouts.typesetting.flowable import as_flowable
    except ImportError:  # pragma: no cover - TextBlock is itself a flowable
        flowables: list[Any] = list(blocks)
    else:
        flowables = [as_flowable(b) for b in blocks]
    buf = io.BytesIO()
    left = 20 * mm
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=left, rightMargin=A4[0] - left - width_mm * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, invariant=1)  # fmt: skip
    with recording() as calls:
        doc.build(flowables)
    texts = [t for b in blocks for t in b.line_texts()]
    # one draw call per line (no links, no bullets here); the split parts of a block that crosses
    # a page draw the same lines in the same order
    assert len(calls) == len(texts), (len(calls), len(texts))
    lines = [_record_line(t, y, leading, pieces) for t, (y, pieces) in zip(texts, calls)]
    return Typeset(lang, paras, blocks, lines, buf.getvalue())


# ---------------------------------------------------------------------------------------------
# checks: each returns a list of readable problems (empty when the invariant holds)


def extraction_problems(source: str, extracted: str, max_lines: int) -> list[str]:
    """Extraction equals the source, whitespace normalised like this (and nothing else):

    * NFC both; U+00A0 counts as a space; the soft hyphens of line breaks are taken out
      (:func:`tests.textlayer.unhyphenate`);
    * every non-whitespace character (U+200B ZERO WIDTH SPACE included, as published) must
      come back, in order, none added, none lost;
    * where the source has whitespace the extraction has whitespace (a space or a line end);
    * where the source has none, the extraction may have whitespace only if it contains a line
      end (a line may end inside a run of spaceless text), and there are at most ``max_lines``
      such places.
    """
    src = unicodedata.normalize("NFC", source).replace("\u00a0", " ")
    got = unicodedata.normalize("NFC", unhyphenate(extracted)).replace("\u00a0", " ")

    def tokens(s: str) -> list[tuple[str, str]]:  # (whitespace before, character)
        return [(m.group(1), m.group(2)) for m in re.finditer(r"(\s*)(\S)", s)]

    a, b = tokens(src), tokens(got)
    problems = []
    sa, sb = "".join(c for _, c in a), "".join(c for _, c in b)
    if sa != sb:
        import difflib

        sm = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
        for op, a0, a1, b0, b1 in sm.get_opcodes():
            if op != "equal":
                problems.append(
                    f"{op} at {a0}: source …{sa[max(0, a0 - 8) : a1 + 8]!r}… extracted …{sb[max(0, b0 - 8) : b1 + 8]!r}…"
                )
            if len(problems) >= 6:
                break
        return problems
    breaks = 0
    for i, ((wa, _), (wb, _)) in enumerate(zip(a, b)):
        if wa and not wb and i:
            problems.append(f"space lost before …{sa[max(0, i - 8) : i + 8]!r}…")
        elif wb and not wa:
            if "\n" in wb:
                breaks += 1
            else:
                problems.append(f"space inserted inside a word: …{sa[max(0, i - 8) : i]}|{sa[i : i + 8]}…")
    if breaks > max_lines:
        problems.append(f"{breaks} line ends inside words, more than the {max_lines} lines")
    return problems[:10]


def glyph_problems(ts: Typeset) -> list[str]:
    """No .notdef, no dotted circle, every character drawn by a face that covers it."""
    from handouts.typesetting.fonts import font_set, undrawable

    problems = []
    missing = undrawable("".join(ts.paragraphs))
    if missing:
        problems.append(f"no shipped font draws {missing}")
    fs = font_set()
    circles = {name: f.hb_font.get_nominal_glyph(0x25CC) for name, f in _faces(fs).items()}
    for line in ts.lines:
        for ink in line.ink:
            if ink.gid == 0:
                problems.append(f".notdef in line {line.text!r}")
            elif circles.get(ink.face) and ink.gid == circles[ink.face] and "\u25cc" not in line.text:
                problems.append(f"dotted circle (broken cluster) in line {line.text!r}")
    return problems[:10]


def _faces(fs: Any) -> dict[str, Any]:
    from handouts.typesetting.scripts import OWN_FONT

    faces = {}
    for key in ("regular", "bold"):
        faces[fs.face(key).name] = fs.face(key)
        for tag in OWN_FONT:
            f = fs.face(key, tag)
            faces[f.name] = f
    return faces


def _hyphenated(block: Any, index: int) -> bool:
    """Does line ``index`` of the block end with a drawn hyphen (a word hyphenated there)?"""
    lines = getattr(block, "_lines", None)
    return bool(lines) and getattr(lines[index][-1], "hyphen", None) is not None


def break_problems(ts: Typeset) -> list[str]:
    """Every line but a paragraph's last ends at an ICU grapheme boundary, at a syllable
    boundary, and at an ICU line-break opportunity; the lines tile the paragraph.

    Two line ends need no ICU opportunity, and only these: a Latin word hyphenated there (the
    line ends with a drawn hyphen between two Latin letters: the typesetter's hyphenation
    fallback for fuller lines), and a line that holds no ICU opportunity at all (one
    unbreakable run wider than the measure must be cut somewhere; it still may not be cut
    inside a cluster).
    """
    problems = []
    for para, block in zip(ts.paragraphs, ts.blocks):
        lines = block.line_texts()
        if "".join(lines) != para:
            problems.append(f"lines do not tile the paragraph: {lines[:2]!r}…")
            continue
        line_ok = icu_boundaries(para, ts.lang, "line")
        graphemes = icu_boundaries(para, ts.lang, "grapheme")
        syllables = set(syllable_starts(para)) | {len(para)}
        pos = 0
        for k, text in enumerate(lines[:-1]):
            start, pos = pos, pos + len(text)
            where = f"…{para[max(0, pos - 10) : pos]}|{para[pos : pos + 10]}…"
            if pos not in graphemes:
                problems.append(f"line ends inside a grapheme cluster: {where}")
            elif pos not in syllables:
                problems.append(f"line ends inside a syllable: {where}")
            elif pos not in line_ok:
                latin = (
                    para[pos - 1].isascii() and para[pos - 1].isalpha() and para[pos].isascii() and para[pos].isalpha()
                )
                if latin and _hyphenated(block, k):
                    continue
                # ICU's opportunities inside a syllable (ກ່|ຳ: ICU's line breaker takes Lao SARA AM
                # for a letter) are none
                if any(start < i < pos and i in syllables for i in line_ok):
                    problems.append(f"line ends where ICU gives no break opportunity: {where}")
    return problems[:10]


def _overlap(a: Ink, b: Ink) -> tuple[float, float]:
    return min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)


def mark_overlaps(ts: Typeset) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """The overlaps (in em) of marks of neighbouring syllables, and the vertical overlaps of
    stacked marks of one syllable, each with a description; for calibration and the checks.

    A mark is a glyph with no advance. Neighbouring syllables are any two different syllables
    of the line (in practice only adjacent ones can meet). Two marks of one syllable are
    stacked when their boxes share at least half of the narrower one's width.
    """
    neighbours: list[tuple[float, str]] = []
    stacked: list[tuple[float, str]] = []
    for line in ts.lines:
        em = SIZE
        marks = [m for m in line.ink if m.advance == 0 and m.syllable >= 0]
        for i, a in enumerate(marks):
            for b in marks[i + 1 :]:
                ox, oy = _overlap(a, b)
                if ox <= 0 or oy <= 0:
                    continue
                where = f"{line.text!r} glyphs {a.gid}/{b.gid} syllables {a.syllable}/{b.syllable}"
                if a.syllable != b.syllable:
                    neighbours.append((min(ox, oy) / em, where))
                elif ox >= 0.5 * min(a.x1 - a.x0, b.x1 - b.x0):
                    stacked.append((oy / em, where))
    return neighbours, stacked


def mark_problems(ts: Typeset) -> list[str]:
    neighbours, stacked = mark_overlaps(ts)
    problems = [
        f"marks of neighbouring syllables overlap by {o:.3f} em: {w}" for o, w in neighbours if o > NEIGHBOUR_TOLERANCE
    ]
    problems += [f"stacked marks overlap by {o:.3f} em: {w}" for o, w in stacked if o > STACK_TOLERANCE]
    return problems[:10]


def line_clearance(ts: Typeset) -> list[float]:
    """For each pair of consecutive lines of one block: leading − (ink below the upper line's
    baseline + ink above the lower line's baseline), in points; negative means the ink of two
    lines collides."""
    out = []
    for up, down in zip(ts.lines, ts.lines[1:]):
        if abs((up.baseline - down.baseline) - up.leading) > 1e-6:
            continue  # not the same block, or a page break between them
        below = -min((i.y0 for i in up.ink), default=0.0)
        above = max((i.y1 for i in down.ink), default=0.0)
        out.append(up.leading - below - above)
    return out


@pytest.fixture(scope="session")
def sea() -> SimpleNamespace:
    """The helpers above, for the test modules of this folder."""
    return SimpleNamespace(
        LANGS=LANGS, SIZE=SIZE, paragraphs=paragraphs, syllable_starts=syllable_starts, typeset=typeset,
        icu_boundaries=icu_boundaries, extraction_problems=extraction_problems, glyph_problems=glyph_problems,
        break_problems=break_problems, mark_overlaps=mark_overlaps, mark_problems=mark_problems,
        line_clearance=line_clearance,
    )  # fmt: skip
