"""Helpers for the feature tests: rendering, reading PDFs back (fonts, text by region, QR codes)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import pypdf
from typer.testing import CliRunner

from handouts.cli import app
from handouts.pipeline import RenderContext, render
from tests.conftest import REPO

ARTICLE = "back-pain-after-surgery"
BEFORE_REVIEW = dt.date(2026, 11, 25)
AFTER_REVIEW = dt.date(2029, 4, 4)  # next_review of the demo article is 2028-11-01
EPOCH_BEFORE = "1795564800"  # 2026-11-25
EPOCH_AFTER = "1870000000"  # 2029-04-04
TITLES = {"en": "Why Does My Back Pain Persist After Surgery?", "th": "ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่?"}
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args), env=env)
    return r.exit_code, r.stdout, r.stderr


def render_pdf(lang: str, clinic: str = "demo", workspace: Path = REPO, **options: object) -> bytes:
    ctx = RenderContext(workspace, today=options.pop("today", BEFORE_REVIEW), **options)  # type: ignore[arg-type]
    return render(ARTICLE, clinic, lang, ctx).pdf


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def font_sizes(data: bytes) -> Counter[float]:
    """How many lines are set in each font size: the first ``Tf`` of each text object (``BT``) in
    the page content streams (the typesetter draws a line, or a link on it, per text object; a
    line may switch font subsets inside it, so ``Tf`` operators alone would not count lines)."""
    sizes: Counter[float] = Counter()
    for page in reader(data).pages:
        contents = page.get_contents()
        assert contents is not None
        first = False
        for operands, operator in pypdf.generic.ContentStream(contents, page.pdf).operations:
            if operator == b"BT":
                first = True
            elif operator == b"Tf" and first:
                sizes[round(float(operands[1]), 2)] += 1
                first = False
    return sizes


def page_texts(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def half_texts(data: bytes) -> list[tuple[str, str]]:
    """The text of the left and the right half of every (landscape) page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            w, h = page.get_size()
            tp = page.get_textpage()
            out.append((tp.get_text_bounded(0, 0, w / 2, h), tp.get_text_bounded(w / 2, 0, w, h)))
    finally:
        pdf.close()
    return out


_LABEL = re.compile(r"(?:Page|หน้า)\s*([0-9๐-๙]+)\s*(?:of|จาก)\s*([0-9๐-๙]+)")


def page_label(text: str) -> tuple[int, int] | None:
    """"Page 3 of 8" / "หน้า ๓ จาก ๘" → (3, 8); None for a blank page."""
    m = _LABEL.search(" ".join(text.split()))
    if m is None:
        return None
    return int(m.group(1).translate(THAI_DIGITS)), int(m.group(2).translate(THAI_DIGITS))


def raster(data: bytes, page: int = 0, dpi: int = 200) -> object:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()


def qr_codes(data: bytes, page: int = 0, dpi: int = 200) -> list[object]:
    import zxingcpp

    return list(zxingcpp.read_barcodes(raster(data, page, dpi)))


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)
