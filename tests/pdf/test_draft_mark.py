"""The DRAFT mark stays out of the reading order; a bilingual sheet's frame is in both languages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest

from handouts.model import BulletList, Handout, plain
from handouts.pipeline import RenderContext, render

ARTICLE = "back-pain-after-surgery"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _entries(h: Handout) -> list[str]:
    out = [h.meta.title]
    for b in h.blocks:
        out.extend(plain(i.inlines) for i in b.items) if isinstance(b, BulletList) else out.append(plain(b.inlines))
    return out


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def draft(workspace: Path) -> tuple[bytes, Handout]:
    (workspace / "locales/th/signoff.toml").unlink()  # never signed off: a draft, fully translated
    result = render(ARTICLE, "demo", "th", RenderContext(workspace))
    assert not result.approval.final
    return result.pdf, result.handout


@needs_pdftotext
def test_pdftotext_of_a_draft_reads_every_body_paragraph_intact(draft: tuple[bytes, Handout], tmp_path: Path) -> None:
    data, h = draft
    text = _pdftotext(data, tmp_path)
    # body paragraphs split over a page break have the page frame between their halves
    pages = [_norm(p) for p in text.split("\f")]
    joined = "".join(pages)
    frame = re.compile("|".join(re.escape(_norm(x)) for x in (h.chrome.draft,)))
    for entry in _entries(h):
        assert _norm(entry) in joined or _split_over_pages(_norm(entry), pages), entry[:60]
    # the words DRAFT / ฉบับร่าง once per page, as ordinary text in the header band
    n = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    assert text.count("DRAFT · ฉบับร่าง · ยังไม่ได้ตรวจทาน · แปลแล้ว 100%") == n
    assert len(frame.findall(joined)) == n


def _split_over_pages(entry: str, pages: list[str]) -> bool:
    """The entry's start ends one page and its rest starts the body of the next."""
    for a, b in zip(pages, pages[1:], strict=False):
        for cut in range(10, len(entry) - 10):
            if a.find(entry[:cut]) >= 0 and entry[cut:] in b and a.find(entry[:cut]) + cut >= len(a) - 400:
                return True
    return False


def _artifacts(ops: list[tuple[list[object], object]]) -> list[tuple[int, int]]:
    """(start, end) of every /Artifact marked-content sequence (BMC or BDC … its own EMC)."""
    names = [str(op) for _, op in ops]
    out = []
    for i, (operands, _op) in enumerate(ops):
        if names[i] in ("BMC", "BDC") and str(operands[0]) == "/Artifact":
            depth = 0
            for j in range(i, len(names)):
                depth += names[j] in ("BMC", "BDC")
                depth -= names[j] == "EMC"
                if depth == 0:
                    out.append((i, j))
                    break
    return out


def test_the_diagonal_mark_is_graphics_marked_as_an_artifact(draft: tuple[bytes, Handout]) -> None:
    data, _ = draft
    pdf = pikepdf.open(io.BytesIO(data))
    for page in pdf.pages:
        ops = pikepdf.parse_content_stream(page)
        names = [str(op) for _, op in ops]
        marks = [set(names[i:j]) for i, j in _artifacts(ops)]
        [mark] = [m for m in marks if "f" in m and "BT" not in m]  # filled outlines, once per page
        assert len(mark) > 3 and not mark & {"Tj", "TJ", "'", '"', "Do"}, "the mark has no text operators"


def test_a_final_handout_has_no_mark(tmp_path: Path) -> None:
    from tests.conftest import REPO

    result = render(ARTICLE, "demo", "th", RenderContext(REPO))
    assert result.approval.final
    pdf = pikepdf.open(io.BytesIO(result.pdf))
    ops = pikepdf.parse_content_stream(pdf.pages[0])
    names = [str(op) for _, op in ops]
    assert not [1 for i, j in _artifacts(ops) if "f" in names[i:j] and "BT" not in names[i:j]]
    if shutil.which("pdftotext"):
        assert "DRAFT" not in _pdftotext(result.pdf, tmp_path)


@needs_pdftotext
@pytest.mark.parametrize("langs", ["th+en", "en+th"])
def test_a_bilingual_frame_is_in_both_languages(langs: str, tmp_path: Path) -> None:
    from tests.conftest import REPO

    ctx = RenderContext(REPO)
    result = render(ARTICLE, "demo", langs, ctx)
    text = _pdftotext(result.pdf, tmp_path).replace("\n", " ")
    first = text.split("\f")[0]
    for needle in ("หากมีข้อสงสัย", "Questions?", "กรณีฉุกเฉิน", "In an emergency",  # questions and emergency lines
                   "คลินิกระงับปวดเดโม", "Demo Pain Clinic", "แขวงปทุมวัน", "Pathum Wan",  # the contact block
                   "ทบทวนโดย", "reviewed by", "ตรวจทานคำแปลโดย",  # document control, with the Thai sign-off
                   "หน้า 1 จาก", "Page 1 of", "เรียบเรียงโดย", "Written by"):  # fmt: skip
        assert needle in first, needle
    last = _norm(text.split("\f")[-2])
    assert "ไม่สามารถใช้แทน" in last and "generalinformation" in last  # the disclaimer (pdftotext interleaves columns)
    assert "ธันวาคม2569" in _norm(text.split("\f")[0])  # the Thai sign-off date, not cut from the frame
    assert "layout.frame-cut" not in ctx.diagnostics.codes()


def test_untagged_the_mark_is_still_an_artifact(workspace: Path) -> None:
    (workspace / "locales/th/signoff.toml").unlink()
    data = render(ARTICLE, "demo", "th", RenderContext(workspace, pdf_standard="none")).pdf
    pdf = pikepdf.open(io.BytesIO(data))
    ops = pikepdf.parse_content_stream(pdf.pages[0])
    names = [str(op) for _, op in ops]
    [mark] = [names[i:j] for i, j in _artifacts(ops) if "f" in names[i:j]]
    assert "BT" not in mark and "TJ" not in mark


@pytest.mark.parametrize(
    ("article", "msgid"),
    [(ARTICLE, "**Questions?** Call us at %(phone)s or message us on LINE %(line)s."),  # a frame string
     ("spine-surgery-home-care", "Warning")],  # a callout's label
)  # fmt: skip
def test_a_draft_with_an_untranslated_template_string_is_not_100_percent_translated(
    workspace: Path, article: str, msgid: str
) -> None:
    """Every entry of the article is translated, one template string printed on the handout is
    not (it prints in English): the DRAFT line says 99 %, not 100 %, with or without the cache."""
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text("utf-8")
    entry = re.search(r'\nmsgid "' + re.escape(msgid) + r'"\nmsgstr "([^"\n]+)"', text)
    assert entry is not None
    po.write_text(text.replace(entry.group(0), entry.group(0).replace(entry.group(1), "")), "utf-8")
    for _ in range(2):  # the second time with the model from the cache
        ctx = RenderContext(workspace)
        h = render(article, "demo", "th", ctx).handout
        assert h.translated_percent == 100 and "i18n.untranslated" in ctx.diagnostics.codes()
        assert re.search(r"\b99%", h.chrome.draft) and "100%" not in h.chrome.draft, h.chrome.draft
