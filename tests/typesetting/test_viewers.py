"""The text layer is exact in every viewer patients use: pdf.js (Firefox, patient portals),
PDFium (Chrome, Edge), MuPDF, poppler and pypdf — Thai, Lao, Khmer and Burmese.

Each language's corpus is typeset in a narrow column (many line ends, many marks) and read back
by each viewer. Exact means: the characters are the source's, in order (whitespace aside), and
a viewer puts whitespace only where the source has some or where a line ends — never inside a
word (pdf.js used to give ``น่ าเสียดาย``; see :mod:`handouts.typesetting.textmap`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.spans import Span, TextStyle

CORPUS = Path(__file__).parent / "corpus"
LANGS = ("th", "lo", "km", "my")
VIEWERS = ("pdftotext", "pypdf", "pdfium", "mupdf", "pdfjs")


def paragraphs(lang: str) -> list[str]:
    text = (CORPUS / f"{lang}_corpus.txt").read_text("utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@dataclass
class Typeset:
    lang: str
    source: str  # all paragraphs, whitespace removed
    allowed: frozenset[int]  # positions in ``source`` where a viewer may put whitespace
    pdf: Path


@pytest.fixture(scope="module", params=LANGS)
def typeset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, th: SimpleNamespace) -> Typeset:
    lang = request.param
    paras = paragraphs(lang)
    blocks = [TextBlock((Span(p, TextStyle(size=15.0), lang=lang),), leading=26.0, space_after=6.0) for p in paras]
    pdf = tmp_path_factory.mktemp("viewers") / f"{lang}.pdf"
    pdf.write_bytes(th.build_pdf(blocks, width_mm=70))
    source: list[str] = []
    allowed: set[int] = set()
    for block in blocks:
        allowed.add(len(source))
        for line in block.line_texts():
            for ch in line:
                if ch.isspace():
                    allowed.add(len(source))
                else:
                    source.append(ch)
            allowed.add(len(source))
    return Typeset(lang, "".join(source), frozenset(allowed), pdf)


def _spaces(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and the positions (in that string) where whitespace was."""
    out: list[str] = []
    where: list[int] = []
    for ch in text:
        if ch.isspace():
            if not where or where[-1] != len(out):
                where.append(len(out))
        else:
            out.append(ch)
    return "".join(out), where


@pytest.mark.parametrize("viewer", VIEWERS)
def test_text_layer_is_exact_in_every_viewer(typeset: Typeset, viewer: str, th: SimpleNamespace) -> None:
    got, spaces = _spaces("\n".join(th.viewers[viewer](typeset.pdf)))
    assert got == typeset.source, f"{viewer} reads {typeset.lang} differently:\n" + th.diff_snippet(typeset.source, got)
    inside = [i for i in spaces if i not in typeset.allowed]
    words = [typeset.source[max(0, i - 6) : i] + "␣" + typeset.source[i : i + 6] for i in inside[:8]]
    assert not inside, f"{viewer} puts {len(inside)} spaces inside {typeset.lang} words: {words}"


@pytest.fixture(scope="module")
def demo_th(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo handout in Thai, rendered by the pipeline (frame, header, footer, QR caption)."""
    from handouts.pipeline import RenderContext, render

    root = Path(__file__).resolve().parents[2]
    pdf = tmp_path_factory.mktemp("demo") / "demo-th.pdf"
    pdf.write_bytes(render("back-pain-after-surgery", "demo", "th", RenderContext(workspace=root)).pdf)
    return pdf


@pytest.mark.parametrize("viewer", ("pypdf", "pdfium", "mupdf", "pdfjs"))
def test_demo_handout_reads_word_for_word_like_poppler(demo_th: Path, viewer: str, th: SimpleNamespace) -> None:
    """Before the phantoms, pdf.js cut 95 Thai words of this handout (น่ าเสียดาย)."""
    from collections import Counter

    reference = th.viewers["pdftotext"](demo_th)
    pages = th.viewers[viewer](demo_th)
    assert len(pages) == len(reference)
    for number, (ours, theirs) in enumerate(zip(pages, reference), 1):
        mine, poppler = Counter(ours.split()), Counter(theirs.split())
        assert mine == poppler, f"page {number}: {viewer} only {list((mine - poppler).elements())[:8]}, " \
                                f"pdftotext only {list((poppler - mine).elements())[:8]}"
