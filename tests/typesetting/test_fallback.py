"""Characters Sarabun lacks: drawn from a fallback font, never as a box or '?'; text exact.

A character that no shipped font draws is an error naming it (exit 1), one for all of them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdf
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from handouts.diagnostics import Diagnostics
from handouts.errors import FontError
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.fonts import font_set, register_reportlab
from handouts.typesetting.spans import Span, TextStyle


def _pdf(text: str, diagnostics: Diagnostics | None = None, width: float = 300) -> bytes:
    fs = font_set()
    register_reportlab(fs)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, 100), invariant=1, initialFontName="Sarabun")
    block = TextBlock((Span(text, TextStyle(size=30)),), leading=40, diagnostics=diagnostics)
    block.wrap(width - 20, 100)
    block.drawOn(c, 10, 30)
    c.showPage()
    c.save()
    return buf.getvalue()


def _ink(data: bytes) -> list[int]:
    page = pdfium.PdfDocument(data)[0]
    img = page.render(scale=2).to_pil().convert("L")
    return list(img.point(lambda v: 255 if v < 128 else 0).tobytes())


def _tofu(ch: str) -> bytes:
    """What plain ReportLab draws for a missing character: the .notdef box."""
    fs = font_set()
    register_reportlab(fs)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 100), invariant=1, initialFontName="Sarabun")
    c.setFont("Sarabun", 30)
    c.drawString(10, 42, ch)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(("ch", "how"), [("✓", "Dingbats"), ("☎", "Dingbats"), ("α", "Symbol")])
def test_missing_glyph_warned_and_extracted_exactly(ch: str, how: str) -> None:
    d = Diagnostics()
    data = _pdf(f"ยา {ch} ok", d)
    assert d.codes() == ["font.missing-glyph"]
    assert f"U+{ord(ch):04X}" in d.items[0].message and how in d.items[0].message
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert re.sub(r"\s", "", text) == f"ยา{ch}ok"


@pytest.mark.parametrize("ch", ["✓", "α", "★"])
def test_never_a_box(ch: str) -> None:
    ours = _ink(_pdf(ch))
    assert any(ours), "something visible is drawn"
    assert ours != _ink(_tofu(ch)), "the .notdef box was drawn"


@pytest.mark.parametrize("text", ["ยา ☎\ufe0f ok", "call \u2714\ufe0f 1669", "a\ufe0e b", "ok\u034f ยา"])
def test_a_variation_selector_needs_no_glyph(text: str) -> None:
    """A phone writes ☎️ as ☎ + U+FE0F (VARIATION SELECTOR-16): the selector was refused as a character
    no font draws. HarfBuzz draws it as nothing; the symbol is drawn, warned once for its fallback
    font, and the text layer keeps every character of the source."""
    d = Diagnostics()
    data = _pdf(text, d, width=600)
    assert set(d.codes()) <= {"font.missing-glyph"}
    assert not any("FE0" in i.message or "034F" in i.message for i in d.items), d.items
    extracted = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert re.sub(r"\s", "", extracted) == re.sub(r"\s", "", text)


def test_a_character_no_font_draws_is_one_error_naming_them_all() -> None:
    with pytest.raises(FontError) as e:
        _pdf("ok 😀 नमस्ते 😀")
    message = str(e.value)
    assert "no shipped font draws" in message
    for ch in "😀नमस":
        assert f"U+{ord(ch):04X}" in message
    assert message.count("U+1F600") == 1 and "Devanagari" in message


_WORDS = st.sampled_from(["ยา", "กิน", "ok", "pain", "5", "✓", "✔", "✗", "★", "☎", "α", "β", "➔"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_WORDS, st.sampled_from(["", " "])), min_size=1, max_size=6))
@example([("ยา", ""), ("✓", ""), ("ok", "")])
@example([("a", " "), ("✓", " "), ("b", "")])
def test_fallback_symbols_add_no_spaces_to_the_text_layer(words: list[tuple[str, str]]) -> None:
    """A symbol drawn from a fallback font extracts as itself, with no space around it that the
    source does not have (its text was written with the space glyph and a TJ gap after it, which
    pdftotext and pypdf read as a word space: "ยา✓ok" came out "ยา✓ ok")."""
    text = "".join(w + sep for w, sep in words).strip()
    data = _pdf(text, Diagnostics(), width=2000)  # one line
    assert pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().strip() == text
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    raw = subprocess.run([exe, "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True).stdout
    assert raw.decode("utf-8").strip() == text
