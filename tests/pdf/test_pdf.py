"""Structural checks of rendered PDFs (pypdf), extracted text, determinism."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from handouts.model import plain
from handouts.pipeline import RenderContext, build_handout, render, resolve
from tests.conftest import REPO


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    out = {}
    for clinic in ("demo", "riverside"):
        for lang in ("th", "en"):
            out[(clinic, lang)] = render("back-pain-after-surgery", clinic, lang, RenderContext(REPO)).pdf
    return out


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data), strict=True)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("clinic", ["demo", "riverside"])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_structure(rendered: dict[tuple[str, str], bytes], clinic: str, lang: str) -> None:
    r = _reader(rendered[(clinic, lang)])
    assert 2 <= len(r.pages) <= 6
    for page in r.pages:
        assert round(float(page.mediabox.width), 1) == 595.3 and round(float(page.mediabox.height), 1) == 841.9
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            assert "Sarabun" in str(font["/BaseFont"]), font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), f"{font['/BaseFont']} not embedded"
        assert "/XObject" in page["/Resources"], "the logo is on every page"
    root = r.trailer["/Root"]
    assert root["/Lang"] == {"th": "th-TH", "en": "en-US"}[lang]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    meta = r.metadata
    # the author credit in the reader's language (front matter: author: {en: …, th: …})
    assert meta is not None and meta.author and meta.author.startswith({"th": "พญ.รรินธร", "en": "Rarinthorn"}[lang])
    expected_title = "ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่?" if lang == "th" else "Why Does My Back Pain Persist After Surgery?"
    assert meta.title == expected_title
    raw = rendered[(clinic, lang)]
    assert b"/JavaScript" not in raw and b"/OpenAction" not in raw


def test_no_stray_fonts(rendered: dict[tuple[str, str], bytes]) -> None:
    for data in rendered.values():
        assert b"Helvetica" not in data


def test_deterministic_bytes() -> None:
    a = render("back-pain-after-surgery", "demo", "th", RenderContext(REPO)).pdf
    render("back-pain-after-surgery", "riverside", "en", RenderContext(REPO))  # something else in between
    b = render("back-pain-after-surgery", "demo", "th", RenderContext(REPO)).pdf
    assert a == b


def test_deterministic_across_processes(tmp_path: Path) -> None:
    """The same bytes from a fresh process and from one that rendered other handouts first (a batch
    worker): nothing process-wide (glyph codes, form names, caches) may leak into the file."""
    code = (
        "import sys; from pathlib import Path; from handouts.pipeline import render, RenderContext;"
        "ws = Path(sys.argv[1]);"
        "[render('back-pain-after-surgery', c, l, RenderContext(ws)) for c, l in"
        " (('riverside', 'th+en'), ('riverside', 'en')) if sys.argv[2] == 'busy'];"
        "sys.stdout.buffer.write(render('back-pain-after-surgery','demo','th',RenderContext(ws)).pdf)"
    )
    import sys

    outs = [subprocess.run([sys.executable, "-c", code, str(REPO), history], capture_output=True, check=True).stdout
            for history in ("fresh", "fresh", "busy")]  # fmt: skip
    assert outs[0].startswith(b"%PDF-")
    assert outs[0] == outs[1] == outs[2]


def _source_texts(lang: str) -> list[str]:
    ctx = RenderContext(REPO)
    article, brand = resolve("back-pain-after-surgery", "demo", ctx)
    h = build_handout(article, brand, lang, ctx)
    from handouts.model import BulletList

    texts = [h.meta.title, h.meta.subtitle]
    for b in h.blocks:
        if isinstance(b, BulletList):
            texts.extend(plain(i.inlines) for i in b.items)
        else:
            texts.append(plain(b.inlines))
    return texts


def _body_frame(lang: str) -> tuple[float, float]:
    """The body frame (top, bottom) in points from the page bottom, as laid out: the header above
    and the footer below are left out, so a paragraph split across pages reads on."""
    from handouts.pipeline import RenderContext, build_handout, layout_handout, resolve

    ctx = RenderContext(REPO)
    article, brand = resolve("back-pain-after-surgery", "demo", ctx)
    laid = layout_handout(build_handout(article, brand, lang, ctx), brand, ctx)
    return laid.body_top + 1, laid.body_top - laid.body_height - 1


def _body_text_pypdf(data: bytes, lang: str) -> str:
    body_top, body_bottom = _body_frame(lang)
    parts: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        y = tm[5] * cm[3] + cm[5]
        if body_bottom < y < body_top:
            parts.append(text)

    for page in _reader(data).pages:
        page.extract_text(visitor_text=visit)
    return "".join(parts)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_pypdf_text_contains_every_entry_exactly(rendered: dict[tuple[str, str], bytes], lang: str) -> None:
    text = _norm(_body_text_pypdf(rendered[("demo", lang)], lang))
    for entry in _source_texts(lang):
        assert _norm(entry) in text, entry[:60]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["th", "en"])
def test_pdftotext_contains_every_entry_exactly(rendered: dict[tuple[str, str], bytes], lang: str, tmp_path: Path) -> None:
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(rendered[("demo", lang)])
    body_top, body_bottom = _body_frame(lang)
    crop = ["-x", "0", "-y", str(int(841.9 - body_top)), "-W", "596", "-H", str(int(body_top - body_bottom))]
    text = _norm(subprocess.run(["pdftotext", "-r", "72", *crop, str(pdf), "-"], capture_output=True, text=True,
                                check=True).stdout)  # fmt: skip
    for entry in _source_texts(lang):
        assert _norm(entry) in text, entry[:60]
    if lang == "th":
        assert text.count("่") + text.count("้") > 50  # tone marks survive


def test_links_are_annotations() -> None:
    from handouts.pipeline import RenderContext

    ws = REPO
    data = render("back-pain-after-surgery", "demo", "en", RenderContext(ws)).pdf
    r = _reader(data)
    uris = [a.get_object()["/A"]["/URI"] for p in r.pages for a in p.get("/Annots", []) or []]
    for uri in uris:
        assert str(uri).startswith(("https://", "http://", "mailto:", "tel:"))


def test_thai_digits_policy_numbers_pages_in_thai_digits() -> None:
    """The riverside clinic prints Thai digits (dates and page numbers) in Thai handouts only."""
    th = _reader(render("back-pain-after-surgery", "riverside", "th", RenderContext(REPO)).pdf)
    en = _reader(render("back-pain-after-surgery", "riverside", "en", RenderContext(REPO)).pdf)
    assert "หน้า ๑ จาก" in th.pages[0].extract_text()
    assert "Page 1 of" in en.pages[0].extract_text()
