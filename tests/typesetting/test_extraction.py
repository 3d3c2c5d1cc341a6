"""Tricky Thai, mixed Thai/Latin/digits and styled spans → PDF → the same text back.

Three independent extractors read the PDF (poppler's pdftotext, pypdf and PDFium); each must
give the source text once all whitespace is removed. Lines are typeset in a narrow column
too, so that words sit at line ends and starts where extractors are most easily confused.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from handouts.typesetting.atoms import Atom
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.spans import Span, TextStyle

TRICKY = "ที่ ปี่ ฝั่ง น้ำ ค่ำ คำ ญู ฐูป กตัญญู ปู่ ก๋วยเตี๋ยว ฝุ่น ฟั่น มั้ง บุหรี่ ญี่ปุ่น ทิฏฐุชุกรรม ตั๋ว เก๊ะ"
LINES = (
    TRICKY,
    "ตามที่แพทย์สั่ง ไม่มีอาหารชนิดใดที่ห้าม อยู่ทั้งหมด ผู้ที่ใส่เฝือก",  # reordered by extractors before
    "รับประทานยาพาราเซตามอล 500 มก. ครั้งละ 1-2 เม็ด ทุก 4-6 ชั่วโมง (ไม่เกิน 4,000 มก./วัน)",
    "โทร +66 2 123 4567 หรือ 02-123-4567 หรือสายด่วน 1669 หรือ LINE @democlinic",
    "นัดตรวจวันที่ 25 พฤศจิกายน 2569 เวลา 10.30 น. และวันที่ 6 มกราคม 2570",
    "พ.ศ. ๒๕๖๙ ครั้งที่ ๑๒๓ เลขที่ ๔๕/๖๗ ถนนพระรามที่ ๔ กรุงเทพฯ ๑๐๓๓๐",
    "น้ำ ค่ำ คำ ทำ จำ ตำรา กำลัง ซ้ำ ขยำ ร่ำรวย น้ำตาลในเลือด กำหนด",
    "ยา Ibuprofen 400 mg (NSAIDs) ไข้ 38.5 °C ความดัน 140/90 มม.ปรอท 15–40% “ของแสลง” ฯลฯ",
)
STYLED = (
    Span("ห้าม", TextStyle(face="bold")),
    Span("ใช้ยานี้ใน"),
    Span("เด็กอายุต่ำกว่า 12 ปี", TextStyle(face="italic")),
    Span(" และ"),
    Span("ผู้ที่แพ้ยา Aspirin 81 mg", TextStyle(face="bolditalic")),
    Span(" หากมีอาการ"),
    Span("ปวดท้อง", TextStyle(face="bold", color="#aa0000")),
    Span("หรือถ่ายเป็นสีดำ ให้"),
    Span("หยุดยาทันที", TextStyle(face="italic", underline=True)),
    Span(" ติดต่อ "),
    Span("www.example.org", TextStyle(face="regular"), link="https://www.example.org/"),
)
STYLED_WORD = (  # a style change inside a word, at a syllable boundary
    Span("ความ", TextStyle(face="bold")),
    Span("ดันโลหิตสูง และ"),
    Span("ก๋วย", TextStyle(face="italic")),
    Span("เตี๋ยว"),
)



class _FakeFont:
    """A stand-in for ReportLab's ``TTFont`` whose subset bytes are set by hand: each of ``codes``
    gets its byte in ``assigned`` (``0x1xx``: subset 1 …), as on a page of more than 256 distinct
    glyphs; a code point it learns later gets ``start``, ``start + 1`` …"""

    def __init__(self, name: str, start: int, codes: tuple[int, ...], assigned: list[int],
                 glyphs: tuple[int, ...] | None = None, widths: tuple[int, ...] | None = None) -> None:  # fmt: skip
        self.fontName = name  # ReportLab's name
        self.face = SimpleNamespace(charToGlyph={}, charWidths={})
        self.state = {"doc": SimpleNamespace(assignments={})}
        self.next = start
        for k, (c, n) in enumerate(zip(codes, assigned, strict=True)):
            self.face.charToGlyph[c] = c - 0xE000 if glyphs is None else glyphs[k]
            self.face.charWidths[c] = 500 if widths is None else widths[k]
            self.state["doc"].assignments[c] = n

    def splitString(self, text: str, doc: str) -> None:  # noqa: N802 - ReportLab's name
        made = self.state[doc].assignments
        for c in map(ord, text):
            if c not in made:
                made[c] = self.next
                self.next += 1

def _blocks(size: float = 15.0) -> list[TextBlock]:
    blocks = [TextBlock((Span(line, TextStyle(size=size)),), leading=1.5 * size) for line in LINES]
    for spans in (STYLED, STYLED_WORD):
        sized = tuple(
            Span(s.text, TextStyle(s.style.face, size, s.style.color, s.style.underline), s.link) for s in spans
        )
        blocks.append(TextBlock(sized, leading=1.5 * size))
    return blocks


@pytest.fixture(scope="module", params=[60, 160], ids=["60mm", "160mm"])
def pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, th: SimpleNamespace) -> Path:
    path = tmp_path_factory.mktemp("extraction") / f"lines-{request.param}.pdf"
    path.write_bytes(th.build_pdf(_blocks(), width_mm=request.param))
    return path


def _source() -> str:
    return "".join(LINES) + "".join(s.text for s in STYLED) + "".join(s.text for s in STYLED_WORD)


@pytest.mark.parametrize("extractor", ["pdftotext", "pypdf", "pdfium"])
def test_text_layer_is_the_source(pdf: Path, th: SimpleNamespace, extractor: str) -> None:
    expected = th.squash(_source())
    actual = th.squash("".join(th.extractors[extractor](pdf)))
    assert actual == expected, f"{extractor}:\n" + th.diff_snippet(expected, actual)


@pytest.mark.parametrize("extractor", ["pdftotext", "pypdf", "pdfium"])
@pytest.mark.parametrize("face", ["regular", "bold", "italic", "bolditalic"])
def test_each_face_extracts_exactly(tmp_path: Path, th: SimpleNamespace, extractor: str, face: str) -> None:
    """The tricky words in each face on its own: every face's alternates map back to text."""
    block = TextBlock((Span(TRICKY, TextStyle(face=face, size=14)),), leading=21)
    path = tmp_path / f"{face}.pdf"
    path.write_bytes(th.build_pdf([block], width_mm=70))
    actual = th.squash("".join(th.extractors[extractor](path)))
    assert actual == th.squash(TRICKY), th.diff_snippet(th.squash(TRICKY), actual)


def test_spaces_survive_in_pypdf(pdf: Path, th: SimpleNamespace) -> None:
    """Words separated by a space in the source are not glued together by pypdf, nor split
    apart where the source has none (a shaped mark's offset must not read as a space)."""
    text = "\n".join(th.extractors["pypdf"](pdf))  # a page end separates words too
    words = " ".join(text.split()).split(" ")
    for word in ("ก๋วยเตี๋ยว", "ทิฏฐุชุกรรม", "ญี่ปุ่น", "+66", "@democlinic", "มม.ปรอท"):
        assert word in words, f"{word!r} not a whole word in {words}"


def test_moving_a_glyph_to_keep_one_phantom_company_does_not_leave_another_alone() -> None:
    """``X P₁ Y P₂`` where P₁ and Y share subset 0 and X and P₂ subset 1: P₂ is given company by
    moving Y into subset 1 with it, which left P₁ alone between two glyphs of subset 1 (a text
    object of its own, which PDFium drops: a Khmer ំ or a coeng lost from its copy of a page of
    more than 256 distinct glyphs)."""
    from handouts.typesetting import _pdftext

    codes, assigned = (0xE001, 0xE002, 0xE003, 0xE004), [0x133, 0x09, 0xD0, 0x134]  # X P1 Y P2
    font = _FakeFont("Fake", 0x135, codes, assigned)
    phantoms = (False, True, False, True)
    ns = _pdftext._keep_phantoms_company(font, phantoms, codes, list(assigned), "doc")
    for k in (1, 3):
        company = [ns[j] >> 8 for j in (k - 1, k + 1) if j < len(ns) and not phantoms[j]]
        assert ns[k] >> 8 in company, [hex(n) for n in ns]


def test_a_phantom_before_an_outline_glyph_of_its_subset_shares_its_text_object() -> None:
    """``ပ္စျ`` with ပ in subset 0 and the phantom ``္စ`` and the outline-drawn ``ျ`` in subset 1:
    the phantom was written in a TJ of its own (a text object PDFium drops: ``္စ`` lost from its
    text of a long Burmese page); it is written with the invisible text of the glyph after it."""
    import re

    from handouts.typesetting import _pdftext

    plain = (0x1015, "", "", 0, 0, 1000, 600, "", True, "", "")
    phantom = (0xF0001, "", "", 0, 0, 1000, 0, "20", False, "", "-19")
    outline = (0xF0002, "", "form1", 0, 0, 1000, 300, "", False, " cm /form1 Do Q", "")
    text, _, _ = _pdftext._ops([plain, phantom, outline], (0x08, 0x10E, 0x103), {0: "/F1+0", 1: "/F1+1"}, 12.0, 1000)
    arrays = re.findall(r"\[([^\]]*)\] TJ", text)
    assert not any(a.split() == ["20", "<0E>", "-19"] for a in arrays), text
    assert any("<0E>" in a and "<03>" in a for a in arrays), text


def test_a_space_between_outline_glyphs_is_not_a_text_object_of_its_own() -> None:
    """A space has no ink: written alone in a TJ between two glyphs drawn as outlines (their text
    invisible), PDFium drops it; it joins the invisible text before it."""
    import re

    from handouts.typesetting import _pdftext

    outline = (0xF0002, "", "form1", 0, 0, 1000, 300, "", False, " cm /form1 Do Q", "")
    space = (0x20, "69", "", 0, 0, 1000, 260, "", True, "", "")
    text, _, _ = _pdftext._ops([outline, space, outline], (0x103, 0x120, 0x103), {0: "/F1+0", 1: "/F1+1"}, 12.0, 1000)
    arrays = [a.split() for a in re.findall(r"\[([^\]]*)\] TJ", text)]
    assert all(a[0] != "<20>" for a in arrays), text
    assert ["<03>", "<20>", "69"] in arrays, text


def test_neighbours_of_one_byte_in_two_subsets_are_given_different_bytes() -> None:
    """Burmese ြ as ``[<93>] TJ`` in subset 2, then its ေ as ``[<93>] TJ`` in subset 1: PDFium
    takes the second for a fake-bold double of the first and drops it from the text; the second
    is shown through an alias with another byte."""
    from handouts.typesetting import _pdftext

    font = _FakeFont("FakeTwins", 0x2A0, (0xE011, 0xE012), [0x293, 0x193], glyphs=(5, 6), widths=(500, 0))

    ns = [0x293, 0x193]
    _pdftext._part_twins(font, (0xE011, 0xE012), ns, "doc")
    assert ns[0] & 0xFF != ns[1] & 0xFF or ns[0] >> 8 == ns[1] >> 8, [hex(n) for n in ns]


@pytest.mark.parametrize("code", [0x200B, 0x200C, 0x00A0])
def test_a_zero_width_space_or_joiner_between_outline_glyphs_is_not_a_text_object_of_its_own(code: int) -> None:
    """A ZWSP, ZWNJ or no-break space has no ink, as a space has not: alone in a TJ, PDFium drops it."""
    import re

    from handouts.typesetting import _pdftext

    outline = (0xF0002, "", "form1", 0, 0, 1000, 300, "", False, " cm /form1 Do Q", "")
    inkless = (code, "", "", 0, 0, 1000, 0, "", True, "", "")
    text, _, _ = _pdftext._ops([outline, inkless, outline], (0x103, 0x107, 0x103), {1: "/F1+1"}, 12.0, 1000)
    arrays = [a.split() for a in re.findall(r"\[([^\]]*)\] TJ", text)]
    assert ["<07>"] not in arrays and ["<03>", "<07>"] in arrays, text


def test_a_phantom_between_a_phantom_and_a_space_keeps_company_with_the_glyph_before() -> None:
    """``က`` ``္စွူ့`` ``ZWSP`` ``space`` ``ည``: the ZWSP's phantom (subset 0) had for neighbours only a
    phantom and a space, neither with ink, and was left alone in a text object PDFium drops."""
    from handouts.typesetting import _pdftext

    codes, assigned = (0xE021, 0xE022, 0xE023, 0x20, 0xE025), [0x131, 0x132, 0xC3, 0x20, 0x133]
    font = _FakeFont("FakeSpan", 0x160, codes, assigned)
    inkless = (False, True, True, True, False)
    ns = _pdftext._keep_phantoms_company(font, inkless, codes, list(assigned), "doc")
    assert ns[2] >> 8 in (ns[0] >> 8, ns[4] >> 8) and ns[2] >> 8 in {ns[j] >> 8 for j in (1, 3)}, [hex(n) for n in ns]



@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory, th: SimpleNamespace) -> tuple[Path, list[str]]:
    """Every line but a paragraph's last drawn wider by all it may (:func:`.lines.loosen`: its
    spaces twice as wide, each letter LOOSE em further on): the PDF and its lines' text."""
    from handouts.typesetting import lines

    widened = []

    def widest(natural: list[tuple[Atom, ...]], measure: float, fill: float) -> list[tuple[Atom, ...]]:
        out = []
        for i, line in enumerate(natural):
            if i < len(natural) - 1:
                gives = [lines._give(a) for a in line]
                more = sum(lines.STRETCH * s + w for s, _, w in gives[:-1]) + gives[-1][2]
                wide = lines.loosen(line, lines.natural_width(line) + more)
                widened.append(wide is not line)
                line = wide
            out.append(line)
        return out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lines, "drawn", widest)
        mp.setattr(lines, "under_full", lambda ls, measure, fill=lines.FILL: list(range(len(ls) - 1)))
        texts = (*LINES, *th.corpus_paragraphs()[:12])
        blocks = [TextBlock((Span(p, TextStyle(size=14.0)),), leading=21.0) for p in texts]
        path = tmp_path_factory.mktemp("wide") / "wide.pdf"
        path.write_bytes(th.build_pdf(blocks, width_mm=77))  # a width no other test typesets at (lines' memo)
    assert sum(widened) > 40 and all(widened)
    return path, [t.strip() for b in blocks for t in b.line_texts() if t.strip()]


@pytest.mark.parametrize("extractor", ["pdftotext", "pypdf", "pdfium"])
def test_lines_drawn_as_wide_as_they_may_read_back_line_for_line(
    wide: tuple[Path, list[str]], th: SimpleNamespace, extractor: str
) -> None:
    """Each extractor reads every widened line as the source: no space inside a word."""
    path, expected = wide
    # a hyphen a line break draws: U+00AD at the line end, or PDFium's U+FFFE joining the lines
    text = "\n".join(th.extractors[extractor](path)).replace("\ufffe", "\n").replace("\u00ad", "")
    got = [t.strip() for t in text.splitlines() if t.strip()]
    assert got == expected, th.diff_snippet("\n".join(expected), "\n".join(got))
