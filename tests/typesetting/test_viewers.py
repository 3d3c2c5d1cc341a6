"""The text layer is exact in every viewer patients use: pdf.js (Firefox, patient portals),
PDFium (Chrome, Edge), MuPDF, poppler (``pdftotext``) and pypdf — Thai, English, Lao, Khmer and
Burmese, in plain text and in whole handouts (bilingual, large print, A5 booklet, 2-up).

Two kinds of documents, each viewer reading all of them at once (pdf.js: one node process):

* each language's corpus, and targeted words that reorder glyphs (pre-base vowels, Khmer coeng
  RO, Myanmar medial RA, kinzi), typeset in a narrow column (many line ends, many marks). Exact means:
  the characters are the source's, in order (whitespace aside), and whitespace only where the
  source has some or where a line ends — never inside a word (pdf.js used to give
  ``น่ าเสียดาย``; see :mod:`handouts.typesetting.textmap`). Invisible format characters
  (ZERO WIDTH SPACE, in published Khmer) count as whitespace: pdf.js drops them, always;
* handouts rendered by the pipeline, the text of every line recorded as it is drawn. Exact
  means: the viewer's words (the text split at whitespace) are the drawn words, as a multiset
  (viewers order the header, footer and imposed pages differently): no word cut, glued to its
  neighbour, lost or doubled.

A viewer that is not installed skips its tests, or fails them under ``HANDOUTS_REQUIRE_VIEWERS=1``
(``.ci/run`` sets it; ``tools/pdfjs`` holds the pinned pdf.js).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.spans import Span, TextStyle
from tests.textlayer import unhyphenate

CORPUS = Path(__file__).parent / "corpus"
CORPORA = ("th", "lo", "km", "my")
VIEWERS = ("pdftotext", "pypdf", "pdfium", "mupdf", "pdfjs")
# (language(s), profile, layout): every language, bilingual sheets, large print, imposition
HANDOUTS = (("th", "standard", "single"), ("en", "standard", "single"), ("lo", "standard", "single"),
            ("km", "standard", "single"), ("my", "standard", "single"), ("th+en", "standard", "single"),
            ("th+lo", "standard", "single"), ("my+th", "standard", "single"), ("th", "large", "single"),
            ("km", "large", "single"), ("th", "standard", "a5-booklet"), ("th", "standard", "2up"),
            ("my", "standard", "2up"))  # fmt: skip
COPIES = {"2up": 2}  # copies of each page on a sheet


# Glyphs drawn before the letter they follow in the text (pre-base vowels, Khmer coeng RO, Myanmar
# medial RA, kinzi), split vowels and stacks: the text layer must still read in logical order.
REORDERING = {
    "km": "កេ កែ កៃ កោ កៅ កើ កឿ កៀ ក្រ ក្រោ ព្រៃ ស្រើ ស្ត្រី ស្រ្តី ខ្មែរ ផ្លែឈើ ថ្ងៃ អោយ ក៏ កុំ ញ៉ាំ ប៉ុន្តែ "
          "ឆ្លើយ ក្បាល ចង្កេះ គ្រោះថ្នាក់ ព្យាបាល ស្រោមដៃ",
    "my": "ကေ ကြ ကြေ ပြော မြန်မာ ကြွေ ဗြိတိန် သင်္ချိုင်း အင်္ဂလိပ် မင်္ဂလာ သင်္ကြန် ကျွန်ုပ် ရှေ့ ဖြေ ခြေ "
          "ကြည့် နှောင့် ကြိုး ပြု ဆေးရုံ ကျော ချော်လဲ မြှောက် ကွေ့ ထွေ",
    "lo": "ເກົ່າ ແມ່ ໂລກ ໄກ ໃຈ ເຂົ້າ ໝໍ ຫຼາຍ ນ້ຳ ແຂ້ວ ເສັ້ນ ໂຮງໝໍ ເດັກນ້ອຍ",
    "th": "เกี่ยว แม่ โต๊ะ ไก่ ใจ เขี้ยว เสื้อ น้ำ กำ ฤๅษี ฦๅ",
}


def paragraphs(lang: str) -> list[str]:
    """The paragraphs of ``lang``'s corpus: Thai's own, published health text for the others."""
    text = (CORPUS / ("th_corpus.txt" if lang == "th" else f"{lang}_health.txt")).read_text("utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@dataclass
class Doc:
    name: str
    pdf: Path
    source: str = ""  # corpus: the text without whitespace, in order
    allowed: frozenset[int] = frozenset()  # corpus: positions in ``source`` where whitespace may be
    words: Counter[str] = field(default_factory=Counter)  # handouts: the drawn words


def _corpus(lang: str, folder: Path, th: SimpleNamespace, paras: list[str] | None = None, what: str = "corpus") -> Doc:
    blocks = [TextBlock((Span(p, TextStyle(size=15.0), lang=lang),), leading=26.0, space_after=6.0)
              for p in (paragraphs(lang) if paras is None else paras)]  # fmt: skip
    pdf = folder / f"{what}-{lang}.pdf"
    pdf.write_bytes(th.build_pdf(blocks, width_mm=70))
    source: list[str] = []
    allowed: set[int] = set()
    for block in blocks:
        allowed.add(len(source))
        for line in block.line_texts():
            for ch in line:
                if _blank(ch):
                    allowed.add(len(source))
                else:
                    source.append(ch)
            allowed.add(len(source))
    return Doc(f"{lang} {what}", pdf, "".join(source), frozenset(allowed))


def _fill_catalog(ws: Path, lang: str) -> None:
    """Every untranslated entry of ``lang``'s catalog (started when there is none) filled with
    sentences of its corpus (test text, not a translation); entries with markup, placeholders or
    numbers keep the English. The shipped translations stay as they are."""
    from babel.messages.pofile import read_po, write_po

    from handouts.i18n.update import init_catalog

    path = ws / "locales" / lang / "LC_MESSAGES" / "handouts.po"
    if not path.is_file():
        path = init_catalog(ws, lang).path
    sentences = [s for p in paragraphs(lang) for s in re.split(r"(?<=[.!?។။])\s*", p)
                 if s.strip() and not re.search(r"\d", s)]  # fmt: skip
    with path.open("rb") as f:
        catalog = read_po(f)
    n = 0
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or message.string:
            continue
        if re.search(r"[\[\]{}%<>*_`#|\d]", message.id):
            message.string = message.id
        else:
            message.string = sentences[n % len(sentences)].strip()
            n += 1
    with path.open("wb") as f:
        write_po(f, catalog)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, th: SimpleNamespace) -> list[Doc]:
    """The corpora and the demo handout in every language and layout, each with what was drawn."""
    from handouts.pipeline import RenderContext, render
    from handouts.typesetting import _pdftext
    from handouts.workspace import init_workspace

    folder = tmp_path_factory.mktemp("viewers")
    docs = [_corpus(lang, folder, th) for lang in CORPORA]
    docs += [_corpus(lang, folder, th, [REORDERING[lang]], "reordering") for lang in REORDERING]
    ws = init_workspace(folder / "ws")
    for lang in ("lo", "km", "my"):
        _fill_catalog(ws, lang)
    drawn: list[str] = []  # the text of each line drawn; a visible gap is a space
    last: list[tuple[int, int, float, float]] = [(0, 0, 0.0, 0.0)]  # (canvas, page, baseline, end of the text)
    original = _pdftext.draw_line

    def recording(canvas: Any, x: float, y: float, pieces: list[Any], **kw: Any) -> str:
        # a line may be drawn in several calls (a link, a list marker): one canvas, page and
        # baseline on the page, and the text continues rightwards
        a, b, c, d, e, f = canvas._currentMatrix
        start, end = x + pieces[0].x, x + pieces[-1].x + pieces[-1].width
        here = (id(canvas), canvas.getPageNumber(), round(b * start + d * y + f, 2))
        left, right = a * start + c * y + e, a * end + c * y + e
        text = "".join(p.run.text for p in pieces)
        if drawn and last[0][:3] == here and left >= last[0][3] - 0.1:
            drawn[-1] += (" " if left > last[0][3] + 0.1 else "") + text
        else:
            drawn.append(text)
        last[0] = (*here, right)
        return original(canvas, x, y, pieces, **kw)

    mp = pytest.MonkeyPatch()
    mp.setattr(_pdftext, "draw_line", recording)
    mp.setenv("SOURCE_DATE_EPOCH", "1795564800")
    try:
        for lang, profile, layout in HANDOUTS:
            drawn.clear()
            ctx = RenderContext(workspace=ws, profile=profile, layout=layout)
            name = f"{lang} {profile} {layout}"
            pdf = folder / (name.replace(" ", "-") + ".pdf")
            pdf.write_bytes(render("back-pain-after-surgery", "demo", lang, ctx).pdf)
            words = Counter(w for line in drawn for w in _visible(line).split())
            docs.append(Doc(name, pdf, words=Counter({w: n * COPIES.get(layout, 1) for w, n in words.items()})))
    finally:
        mp.undo()
    return docs


@pytest.fixture(scope="module", params=VIEWERS)
def read(request: pytest.FixtureRequest, documents: list[Doc], th: SimpleNamespace) -> Iterator[tuple[str, list[str]]]:
    """(viewer, the text of each document as it reads it), all documents in one go."""
    viewer: str = request.param
    yield viewer, ["\n".join(pages) for pages in th.read_documents(viewer, [d.pdf for d in documents])]


def _blank(ch: str) -> bool:
    """Whitespace, or an invisible format character (ZERO WIDTH SPACE and the like, category Cf):
    pdf.js never puts one in its text layer (it cannot), the other viewers keep them."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def _visible(text: str) -> str:
    return "".join(ch for ch in unhyphenate(text) if unicodedata.category(ch) != "Cf")


def _squash(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and the positions (in that string) where whitespace was."""
    out: list[str] = []
    where: list[int] = []
    for ch in unhyphenate(text):
        if _blank(ch):
            if not where or where[-1] != len(out):
                where.append(len(out))
        else:
            out.append(ch)
    return "".join(out), where


def test_corpora_read_back_exactly(documents: list[Doc], read: tuple[str, list[str]], th: SimpleNamespace) -> None:
    viewer, texts = read
    problems = []
    for doc, text in zip(documents, texts):
        if not doc.source:
            continue
        got, spaces = _squash(text)
        if got != doc.source:
            problems.append(f"{doc.name} reads differently:\n" + th.diff_snippet(doc.source, got))
            continue
        inside = [i for i in spaces if i not in doc.allowed]
        words = [doc.source[max(0, i - 6) : i] + "␣" + doc.source[i : i + 6] for i in inside[:8]]
        if inside:
            problems.append(f"{doc.name}: {len(inside)} spaces inside words: {words}")
    assert not problems, f"{viewer}: " + "\n".join(problems)


def test_handouts_read_back_word_for_word(documents: list[Doc], read: tuple[str, list[str]]) -> None:
    viewer, texts = read
    problems = []
    for doc, text in zip(documents, texts):
        if doc.source:
            continue
        got = Counter(_visible(text).split())
        if got != doc.words:
            problems.append(f"{doc.name}: {viewer} only {list((got - doc.words).elements())[:8]}, "
                            f"drawn only {list((doc.words - got).elements())[:8]}")  # fmt: skip
    assert not problems, "\n".join(problems)


def test_handouts_stay_valid_pdf_a_and_ua(documents: list[Doc]) -> None:
    """The text layer's encoding keeps every handout PDF/A-2u (a glyph's PDF width is the font's,
    phantoms included) and, when tagged (not the imposed sheets), PDF/UA-1."""
    page = pytest.importorskip("page")
    problems = []
    for doc in documents:
        if doc.source:
            continue
        data = doc.pdf.read_bytes()
        for profile in ("2u", "ua1") if doc.name.endswith("single") else ("2u",):
            report = page.validate_pdf_bytes(data, profile=profile)
            if not report.is_compliant:
                problems.append(f"{doc.name} {profile}: {[(f.rule_id, f.message) for f in report.failures][:3]}")
    assert not problems, "\n".join(problems)
