"""Shared helpers for the typesetting tests: the corpus, PDF building and text extraction.

Test modules get these through fixtures (``--import-mode=importlib`` puts no test folder on
``sys.path``). Extraction is done by three independent readers: poppler's ``pdftotext``, pypdf
and PDFium (pypdfium2); a test that needs ``pdftotext`` skips when it is not installed. The
viewer test adds MuPDF (pymupdf) and pdf.js (node + ``tools/pdfjs``). A missing viewer skips
its tests, or fails them when ``HANDOUTS_REQUIRE_VIEWERS=1`` (as ``.ci/run`` sets).
"""

from __future__ import annotations

import difflib
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.textlayer import unhyphenate

CORPUS = Path(__file__).parent / "corpus" / "th_corpus.txt"
_WS = re.compile(r"\s+")


def corpus_paragraphs() -> list[str]:
    """The 61 paragraphs of the Thai corpus (blank-line separated)."""
    text = CORPUS.read_text("utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def squash(text: str) -> str:
    """``text`` with all whitespace removed (extractors differ in spaces and line ends), and the
    soft hyphens of line breaks (:func:`tests.textlayer.unhyphenate`)."""
    return _WS.sub("", unhyphenate(text))


def diff_snippet(expected: str, actual: str, limit: int = 8, context: int = 12) -> str:
    """The first ``limit`` differences between two strings, each with some context."""
    sm = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    out = []
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "equal":
            continue
        out.append(
            f"{op} at {a0}: expected …{expected[max(0, a0 - context) : a1 + context]!r}… "
            f"got …{actual[max(0, b0 - context) : b1 + context]!r}…"
        )
        if len(out) >= limit:
            out.append("…")
            break
    return "\n".join(out)


def to_flowable(block: Any) -> Any:
    """A TextBlock as a platypus flowable (through ``as_flowable`` when the engine has it)."""
    try:
        from handouts.typesetting.flowable import as_flowable
    except ImportError:  # TextBlock was itself a Flowable
        return block
    return as_flowable(block)


def build_pdf(blocks: Iterable[Any], width_mm: float | None = None) -> bytes:
    """TextBlocks → an A4 PDF with SimpleDocTemplate (invariant, Sarabun as initial font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from handouts.typesetting.fonts import font_set, register_face

    register_face(font_set().faces["regular"])  # the canvas's first font, as pdf.writer does
    left = 20 * mm
    right = A4[0] - left - width_mm * mm if width_mm else 20 * mm
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        invariant=1,
        initialFontName="Sarabun",
    )
    doc.build([to_flowable(b) for b in blocks])
    return buf.getvalue()


REQUIRE_VIEWERS = "HANDOUTS_REQUIRE_VIEWERS"


def unavailable(what: str) -> None:
    """Skip the test for want of a viewer; fail instead under ``HANDOUTS_REQUIRE_VIEWERS=1`` (CI)."""
    if os.environ.get(REQUIRE_VIEWERS, "") not in ("", "0"):
        pytest.fail(f"{what} ({REQUIRE_VIEWERS} is set: every viewer must be installed)", pytrace=False)
    pytest.skip(what)


def pdftotext_pages(pdf: Path) -> list[str]:
    """Text of each page by poppler's pdftotext (skips the test when it is not installed)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        unavailable("pdftotext (poppler-utils) is not installed")
        raise AssertionError  # unreachable: unavailable() skips or fails
    out = subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = out.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pypdf_pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(pdf).pages]


def pdfium_pages(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def mupdf_pages(pdf: Path) -> list[str]:
    try:
        import pymupdf
    except ImportError:
        unavailable("MuPDF (pymupdf) is not installed")
    with pymupdf.open(pdf) as doc:
        return [page.get_text() for page in doc]


PDFJS = Path(__file__).resolve().parents[2] / "tools" / "pdfjs"


def pdfjs_documents(pdfs: list[Path]) -> list[list[str]]:
    """Text of each page of each PDF as pdf.js (Firefox) gives it, all in one node process;
    skips without node or ``npm ci`` in tools/pdfjs."""
    import json

    node = shutil.which("node")
    if node is None or not (PDFJS / "node_modules" / "pdfjs-dist").is_dir():
        unavailable("pdf.js is not installed (node, and `npm ci` in tools/pdfjs)")
        raise AssertionError  # unreachable
    out = subprocess.run([node, str(PDFJS / "extract.mjs"), *map(str, pdfs)], capture_output=True, timeout=600)
    assert out.returncode == 0, out.stderr.decode(errors="replace")[-2000:]
    docs: list[list[str]] = json.loads(out.stdout)
    return docs


def pdfjs_pages(pdf: Path) -> list[str]:
    return pdfjs_documents([pdf])[0]


EXTRACTORS: dict[str, Callable[[Path], list[str]]] = {
    "pdftotext": pdftotext_pages,
    "pypdf": pypdf_pages,
    "pdfium": pdfium_pages,
}
VIEWERS: dict[str, Callable[[Path], list[str]]] = {**EXTRACTORS, "mupdf": mupdf_pages, "pdfjs": pdfjs_pages}


def read_documents(viewer: str, pdfs: list[Path]) -> list[list[str]]:
    """Each PDF's pages as ``viewer`` reads them (pdf.js: one node process for all of them)."""
    if viewer == "pdfjs":
        return pdfjs_documents(pdfs)
    return [VIEWERS[viewer](pdf) for pdf in pdfs]


@pytest.fixture(scope="session")
def th() -> SimpleNamespace:
    """The helpers above, for test modules (``th.build_pdf(...)``, ``th.extractors["pypdf"]``)."""
    return SimpleNamespace(
        corpus_paragraphs=corpus_paragraphs,
        squash=squash,
        diff_snippet=diff_snippet,
        build_pdf=build_pdf,
        to_flowable=to_flowable,
        extractors=EXTRACTORS,
        viewers=VIEWERS,
        read_documents=read_documents,
    )
