"""Rendered pixels of tricky Thai words: shaping changes what is drawn, and marks never collide.

Every word is drawn alone on a small page and rendered with PDFium at 200 dpi (24 pt text, so
one em is about 67 px). An *ink mask* is the set of pixels darker than 50 % grey. Three ways
of drawing a word are compared:

* ours: :class:`TextBlock` (HarfBuzz shaping, marks placed by the font's GPOS, ญ/ฐ without
  their tail above a lower vowel);
* plain: ReportLab's ``canvas.drawString`` with the same Sarabun file and no shaping — every
  character is its nominal glyph at its default place, so a tone mark sits on top of the
  upper vowel (the "deliberately wrong" reference);
* the same word with its tone marks (U+0E48–U+0E4B) removed.

How a collision is detected: adding a mark to a word only adds ink, so ``ink(word) −
ink(word without tone marks)`` is exactly the ink of the tone marks that is not already ink
of the rest of the word. If a tone mark overlapped an upper vowel, a consonant's ascender or
another mark, its visible ink would run into that glyph's ink with no blank pixel between
them; so the check is that the tone marks' ink does not touch (8-neighbourhood, i.e. after a
3×3 dilation) the ink of the word without them. The same check applied to the plain
rendering must fail for every one of these words: the detector can see a collision.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image, ImageChops, ImageFilter

from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.fonts import font_set
from handouts.typesetting.spans import Span, TextStyle

SIZE = 24.0
DPI = 200
PAGE = (220.0, 60.0)  # points
X0 = 10.0
TONES = "\u0e48\u0e49\u0e4a\u0e4b"

WITH_TONES = ("ที่", "ปี่", "ฝั่ง", "น้ำ", "ค่ำ", "ปู่", "ก๋วยเตี๋ยว")
TAIL_LESS = ("ญู", "ฐูป", "กตัญญู")  # ญ and ฐ drop their tail above a lower vowel
NEEDS_SHAPING = WITH_TONES + TAIL_LESS
NO_SHAPING = ("คำ", "กา", "ปา")  # nominal glyphs at their default places already right

Mask = Image.Image


def _raster(pdf: bytes) -> Mask:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        doc.close()
    return image.point(lambda v: 255 if v < 128 else 0)


def _block(text: str, face: str) -> TextBlock:
    block = TextBlock((Span(text, TextStyle(face=face, size=SIZE)),), leading=1.5 * SIZE)
    block.wrap(PAGE[0] - 2 * X0, PAGE[1])
    return block


def _baseline(block: TextBlock) -> tuple[float, float]:
    """(bottom of the block on the page, baseline of its one line): both drawings share it."""
    bottom = (PAGE[1] - block.height) / 2
    return bottom, bottom + block.height - (block.leading + 0.7 * SIZE) / 2


def render_ours(text: str, face: str = "regular") -> Mask:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=PAGE, invariant=1)
    block = _block(text, face)
    assert len(block.line_texts()) == 1
    block.drawOn(canvas, X0, _baseline(block)[0])
    canvas.showPage()
    canvas.save()
    return _raster(buf.getvalue())


def render_plain(text: str) -> Mask:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    name = "RasterTest-PlainSarabun"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(font_set().face("regular").path)))
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=PAGE, invariant=1)
    canvas.setFont(name, SIZE)
    canvas.drawString(X0, _baseline(_block(text, "regular"))[1], text)  # no shaping
    canvas.showPage()
    canvas.save()
    return _raster(buf.getvalue())


def _dilate(mask: Mask) -> Mask:
    return mask.filter(ImageFilter.MaxFilter(3))


def _count(mask: Mask) -> int:
    return mask.histogram()[255]


def shape_difference(a: Mask, b: Mask) -> int:
    """Pixels inked in one rendering and more than one pixel away from any ink of the other
    (anti-aliasing differences along shared edges do not count)."""
    only_a = ImageChops.subtract(a, _dilate(b))
    only_b = ImageChops.subtract(b, _dilate(a))
    return _count(ImageChops.lighter(only_a, only_b))


def tone_ink(render: Callable[[str], Mask], word: str) -> tuple[Mask, Mask]:
    """(ink of the word's tone marks, ink of the word without them)."""
    full = render(word)
    rest = render("".join(ch for ch in word if ch not in TONES))
    return ImageChops.subtract(full, rest), rest


def collision(render: Callable[[str], Mask], word: str) -> tuple[int, int, int, int] | None:
    """Bounding box (px) of tone-mark ink touching other ink, or None when the marks stand free."""
    marks, rest = tone_ink(render, word)
    assert _count(marks) > 0, f"no tone-mark ink found for {word}"
    return ImageChops.multiply(marks, _dilate(rest)).getbbox()


@pytest.mark.parametrize("word", NEEDS_SHAPING)
def test_shaped_rendering_differs_from_unshaped(word: str) -> None:
    """(i) Words whose marks or letters must move are drawn differently from the nominal glyphs."""
    diff = shape_difference(render_ours(word), render_plain(word))
    assert diff >= 10, f"{word}: our rendering is (almost) the unshaped one ({diff} px differ)"


@pytest.mark.parametrize("word", NO_SHAPING)
def test_unshaped_words_render_like_nominal_glyphs(word: str) -> None:
    """The comparison above is sound: where shaping changes nothing, the two drawings agree."""
    assert shape_difference(render_ours(word), render_plain(word)) == 0


@pytest.mark.parametrize("word", WITH_TONES)
def test_tone_marks_do_not_collide(word: str) -> None:
    """(ii) Tone-mark ink never touches the upper vowel, ascender or other marks (ours), while
    the unshaped drawing of the same word does collide (the detector works)."""
    assert collision(render_plain, word) is not None, f"unshaped {word} should collide"
    assert collision(render_ours, word) is None, f"{word}: tone mark touches other ink"


@pytest.mark.parametrize("word", WITH_TONES)
def test_bold_places_marks_like_regular(word: str) -> None:
    """Bold is regular with heavier strokes: its tone marks sit at the same height (bounding box
    top and bottom within 3 px ≈ 0.045 em; an unshaped mark sits about 16 px lower) and do not
    collide either."""
    regular, _ = tone_ink(render_ours, word)
    bold, _ = tone_ink(lambda t: render_ours(t, "bold"), word)
    r, b = regular.getbbox(), bold.getbbox()
    assert r is not None and b is not None
    assert abs(r[1] - b[1]) <= 3, f"{word}: mark tops {r[1]} (regular) vs {b[1]} (bold)"
    assert abs(r[3] - b[3]) <= 3, f"{word}: mark bottoms {r[3]} (regular) vs {b[3]} (bold)"
    assert collision(lambda t: render_ours(t, "bold"), word) is None
