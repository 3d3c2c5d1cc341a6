"""The ReportLab internals that :mod:`handouts.typesetting._pdftext` relies on still exist and behave.

``_pdftext`` hands ReportLab a code point for every shaped glyph: the character itself when the
glyph is the font's nominal glyph for it, else a private code (U+F0000…) that it registers in
``TTFontFace.charToGlyph``/``charWidths`` and maps to the source text by wrapping
``ttfonts.makeToUnicodeCMap``; it reads the subset bookkeeping (``TTFont.state[doc]``) and
draws glyph outlines through Form XObjects added to the document. If a ReportLab upgrade
renames or changes any of this, these tests fail (some end to end: an alternate glyph must
still extract as its character).
"""

from __future__ import annotations

import inspect
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas

from handouts.typesetting import _pdftext
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.fonts import Face, FontSet, font_set, register_reportlab
from handouts.typesetting.shaping import Glyph, ShapedRun, shape
from handouts.typesetting.spans import Span, TextStyle


@pytest.fixture(scope="module")
def fs() -> FontSet:
    fonts = font_set()
    register_reportlab(fonts)
    _pdftext.install()  # the ToUnicode wrapper (TextBlock installs it too)
    return fonts


def _names(run: ShapedRun, face: Face) -> list[str]:
    return [face.hb_font.glyph_to_string(g.gid) for g in run.glyphs]


def test_to_unicode_writer_is_wrapped_once(fs: FontSet) -> None:
    _pdftext.install()
    _pdftext.install()  # idempotent
    wrapper = ttfonts.makeToUnicodeCMap
    original = getattr(wrapper, "__wrapped__", None)
    assert callable(original), "ttfonts.makeToUnicodeCMap is not wrapped by _pdftext.install()"
    assert not hasattr(original, "__wrapped__"), "wrapped twice"
    # ReportLab writes each font's ToUnicode through the module-level name, so the wrapper is used
    assert "makeToUnicodeCMap(" in inspect.getsource(ttfonts.TTFont)


def test_original_cmap_format_is_what_the_wrapper_edits() -> None:
    """The wrapper replaces the ``<XX> <0000>`` line of each private code: that format must hold."""
    original = ttfonts.makeToUnicodeCMap.__wrapped__
    cmap = original("AAAAAA+Test", [0x41, 0, 0x0E01])
    lines = cmap.split("\n")
    assert "<00> <0041>" in lines
    assert "<01> <0000>" in lines
    assert "<02> <0E01>" in lines
    assert "3 beginbfchar" in lines


def test_wrapper_maps_private_codes_to_text(fs: FontSet) -> None:
    face = fs.face("regular")
    rl_font = pdfmetrics.getFont(face.name)
    gid = next(g.gid for g in shape("ปี่", face).glyphs if face.hb_font.glyph_to_string(g.gid) == "uni0E48.small")
    code = _pdftext.code_point(rl_font, face, gid, "\u0e48")
    assert code >= 0xF0000
    assert _pdftext.code_point(rl_font, face, gid, "\u0e48") == code, "one code per (face, glyph, text)"
    cmap = ttfonts.makeToUnicodeCMap("AAAAAA+Sarabun", [0x41, code])
    assert "<01> <0E48>" in cmap.split("\n")
    assert "<00> <0041>" in cmap.split("\n")


def test_ttfont_and_face_internals(fs: FontSet) -> None:
    face = fs.face("regular")
    rl_font = pdfmetrics.getFont(face.name)
    assert isinstance(rl_font, ttfonts.TTFont)
    assert callable(rl_font.splitString)
    assert callable(rl_font.getSubsetInternalName)
    rl_face = rl_font.face
    assert isinstance(rl_face, ttfonts.TTFontFace)
    assert isinstance(rl_face.charToGlyph, dict)
    assert isinstance(rl_face.charWidths, dict)
    # ReportLab and HarfBuzz agree on glyph ids and widths (1000 units per em in ReportLab)
    for ch in "กขปญฐา่้Aa5":
        gid = face.hb_font.get_nominal_glyph(ord(ch))
        assert rl_face.charToGlyph[ord(ch)] == gid, ch
        hb_width = face.hb_font.get_glyph_h_advance(gid) * 1000 / face.upem
        assert rl_face.charWidths[ord(ch)] == pytest.approx(hb_width, abs=1), ch


def test_split_string_and_subset_names(fs: FontSet) -> None:
    face = fs.face("regular")
    rl_font = pdfmetrics.getFont(face.name)
    canvas = Canvas(io.BytesIO())
    doc = canvas._doc
    assert callable(canvas.addLiteral)
    parts = rl_font.splitString("กา", doc)
    assert isinstance(parts, list) and parts
    subset, chunk = parts[0]
    assert isinstance(subset, int) and isinstance(chunk, bytes)
    assert sum(len(c) for _, c in parts) == 2, "one byte per code point"
    name = rl_font.getSubsetInternalName(subset, doc)
    assert isinstance(name, str) and name.startswith("/F")
    # a private code registered by _pdftext is accepted like any character
    gid = face.hb_font.get_nominal_glyph(ord("ญ"))
    code = _pdftext.code_point(rl_font, face, gid, "ญญ")
    [(sub, byte)] = rl_font.splitString(chr(code), doc)
    assert len(byte) == 1


def _pdf_of_block(text: str, face: str = "regular") -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(300, 100), invariant=1)
    block = TextBlock((Span(text, TextStyle(face=face, size=20)),), leading=30)
    block.wrap(280, 100)
    block.drawOn(canvas, 10, 30)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    ("text", "glyph"),
    [("ปี่", "uni0E48.small"), ("ญู", "yoYingthai.less"), ("ฐู", "thoThanthai.less"), ("น้ำ", "uni0E4D0E49")],
)
@pytest.mark.parametrize("face_key", ["regular", "bold"])
def test_alternate_glyphs_extract_as_their_characters(fs: FontSet, text: str, glyph: str, face_key: str) -> None:
    """End to end: the shaped run uses a glyph that is not the nominal one of any character,
    and pypdf reads the source text back through the wrapped ToUnicode map."""
    face = fs.face(face_key)
    names = _names(shape(text, face), face)
    assert glyph in names, f"{text} no longer shapes with {glyph}: {names}"
    reader = PdfReader(io.BytesIO(_pdf_of_block(text, face_key)))
    assert reader.pages[0].extract_text().strip() == text


def test_private_code_round_trip_through_draw_line(fs: FontSet) -> None:
    """A lone alternate mark (no base to carry it) is written with its own private code, and
    the PDF's ToUnicode maps that code back to the mark."""
    face = fs.face("regular")
    run = shape("ปี่", face)
    small = next(g for g in run.glyphs if face.hb_font.glyph_to_string(g.gid) == "uni0E48.small")
    alone = ShapedRun(text="\u0e48", face=face.name, glyphs=(Glyph(small.gid, "\u0e48", 0),), upem=face.upem)
    base = shape("ก", face)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(200, 60), invariant=1)
    pieces = [
        _pdftext.Piece(base, face, 20, (0, 0, 0), 0),
        _pdftext.Piece(alone, face, 20, (0, 0, 0), base.width(20)),
    ]
    _pdftext.draw_line(canvas, 10, 20, pieces)
    canvas.showPage()
    canvas.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    assert reader.pages[0].extract_text().strip() == "ก\u0e48"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    cmaps = [
        font["/ToUnicode"].get_data().decode("latin-1")
        for font in (f.get_object() for f in fonts.values())
        if "/ToUnicode" in font
    ]
    assert any(re.search(r"<[0-9A-F]{2}> <0E48>", c) for c in cmaps), cmaps


def test_subset_assignments_and_form_internals(fs: FontSet) -> None:
    """The bookkeeping ``_pdftext`` reads directly: ``TTFont.state[doc].assignments`` (code →
    subset << 8 | byte, as splitString hands out) and the Form XObject plumbing it uses to draw
    glyph outlines once per document."""
    from reportlab.pdfbase import pdfdoc

    face = fs.face("regular")
    rl_font = pdfmetrics.getFont(face.name)
    buf = io.BytesIO()
    canvas = Canvas(buf)
    doc = canvas._doc
    parts = rl_font.splitString("กขา", doc)
    assignments = rl_font.state[doc].assignments
    assert isinstance(assignments, dict)
    got = [(assignments[ord(ch)] >> 8, assignments[ord(ch)] & 0xFF) for ch in "กขา"]
    assert got == [(sub, b) for sub, chunk in parts for b in chunk]

    assert isinstance(canvas._formsinuse, list)
    assert isinstance(canvas._pageCompression, int)
    assert not canvas.hasForm("contract-test-form")
    form = pdfdoc.PDFFormXObject(0, 0, 10, 10)
    form.Resources = pdfdoc.PDFDictionary({})
    form.compression = canvas._pageCompression
    form.setStreamList(["0 0 m 10 0 l 10 10 l h f"])
    doc.addForm("contract-test-form", form)
    assert canvas.hasForm("contract-test-form")
    name = doc.getXObjectName("contract-test-form")
    assert isinstance(name, str) and name
    canvas._formsinuse.append("contract-test-form")
    canvas.addLiteral(f"q 1 0 0 1 20 20 cm /{name} Do Q")
    canvas.showPage()
    canvas.save()
    page = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
    xobjects = page["/Resources"]["/XObject"]
    assert f"/{name}" in xobjects and xobjects[f"/{name}"]["/Subtype"] == "/Form"


@pytest.mark.parametrize("archival", [False, True])
def test_glyph_forms_written_from_the_template_are_reportlabs(fs: FontSet, archival: bool,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A process writes its first glyph form with ReportLab and the others into its bytes: each
    must be byte for byte what ReportLab writes for that form (with and without the PDF/A
    stream patch)."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    from handouts.pdf import archival as pdfa

    _pdftext.install()
    monkeypatch.setattr(rl_config, "useA85", 0)  # as the PDF writer sets it
    if archival:
        pdfa.install()
    else:
        monkeypatch.setattr(pdfdoc.PDFStream, "format", getattr(pdfdoc.PDFStream.format, "__wrapped__",
                                                                 pdfdoc.PDFStream.format))  # fmt: skip
    monkeypatch.setattr(_pdftext, "_FORM_BYTES", {})
    monkeypatch.setattr(_pdftext, "_FORM_TEMPLATES", {})
    doc = Canvas(io.BytesIO(), pageCompression=1)._doc
    paths = ["0 0 m 10 0 l 10 10 l h f", "1 2 m 3 4 l h f " * 40, "5 5 m f", "0 0 m " + "1 1 2 2 3 3 c " * 300 + "f"]
    written = []
    for k, path in enumerate(paths):
        form = _pdftext._glyph_form_class()(-3000, -3000, 4000, 4000)
        form.Resources = pdfdoc.PDFDictionary({})
        form.compression = 1
        form.setStreamList([path])
        form.path = f"hg_test_{k}"
        written.append(form.format(doc))
        assert written[-1] == pdfdoc.PDFFormXObject.format(form, doc), path
    assert len(_pdftext._FORM_TEMPLATES) == 1 and None not in _pdftext._FORM_TEMPLATES.values()
    assert len(set(written)) == len(paths)


def test_writer_memo_hooks(fs: FontSet) -> None:
    """The writer memo replaces the one Flate filter's ``encode`` and ``TTFontFace.makeSubset``;
    both must still be what every stream and every font subset goes through, with the same output."""
    import zlib

    from reportlab.pdfbase import pdfdoc

    _pdftext.install()
    enc = pdfdoc.PDFZCompress.encode
    data = "BT /F1 12 Tf (ที่) Tj ET" * 50
    assert zlib.decompress(enc(data)) == data.encode("utf8")
    assert enc(data) is enc(data)  # memoized
    assert isinstance(pdfdoc.PDFZCompress, pdfdoc.PDFStreamFilterZCompress)
    assert list(inspect.signature(ttfonts.TTFontFace.makeSubset).parameters) == ["self", "subset"]
    face = pdfmetrics.getFont(fs.face("regular").name).face
    code = ord("ก")
    assert face.makeSubset([0, code]) == face.makeSubset([0, code])


@pytest.mark.parametrize("face_key", ["regular", "bolditalic"])
def test_a_font_from_the_disk_cache_is_the_parsed_font(face_key: str) -> None:
    """:mod:`.rlfonts` builds a ``TTFont`` from a stored face: it must hold what ReportLab's own
    parse holds, attribute for attribute (a ReportLab upgrade that adds one fails here)."""
    import marshal

    from handouts.typesetting import rlfonts

    path = font_set().faces[face_key].path
    parsed = ttfonts.TTFont("Probe", str(path))
    state = rlfonts._state(parsed.face)
    assert state is not None, "a face attribute is not a plain value any more"
    built = rlfonts._from_state("Probe", path, marshal.loads(marshal.dumps(state)))
    assert type(built) is ttfonts.TTFont and type(built.face) is ttfonts.TTFontFace
    assert set(vars(built)) == set(vars(parsed))
    assert built.fontName == parsed.fontName and built._asciiReadable == parsed._asciiReadable
    assert built.shapable == parsed.shapable and type(built.encoding) is type(parsed.encoding)
    assert type(built.state) is type(parsed.state) and not built.state
    want, got = vars(parsed.face), vars(built.face)
    assert set(got) == set(want)
    for k, v in want.items():
        if k == "_pdfScale":
            assert [got[k](x) for x in (0, 1, 777, 2048)] == [v(x) for x in (0, 1, 777, 2048)]
        else:
            assert got[k] == v and type(got[k]) is type(v), k
    # and it writes the same font subset
    assert built.face.makeSubset([0, 32, 0x0E01, 0x41]) == parsed.face.makeSubset([0, 32, 0x0E01, 0x41])


def _two_pages(draw: Callable[[Canvas, float, float], object], side: float, x: float, y: float) -> bytes:
    """A document of two pages, ``draw`` called on each at (x + page, y): an image XObject is
    then written once and placed on both."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(side, side), invariant=1)
    for page in range(2):
        draw(canvas, x + page, y)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


@pytest.mark.parametrize("a85", [0, 1])
def test_the_logo_xobject_is_what_draw_image_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, a85: int) -> None:
    """:func:`handouts.layout.images.draw` writes the image XObject ``Canvas.drawImage`` writes for
    the same pixels (name, dictionary, stream), and places it the same way: same bytes."""
    from PIL import Image
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader

    monkeypatch.setattr(rl_config, "useA85", a85)
    from handouts.layout import images

    path = tmp_path / "logo.png"
    im = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    im.paste((200, 30, 60, 255), (20, 10, 280, 110))
    im.save(path)
    px = images._decode(path.read_bytes(), 90)
    assert (px.width, px.height) == (90, 36)

    def pdf(draw: Callable[[Canvas, float, float], object]) -> bytes:
        return _two_pages(draw, 200, 10, 20)

    with Image.open(path) as src:
        rgba = src.convert("RGBA")
    rgba.thumbnail((90, 90), Image.Resampling.LANCZOS)
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    reader = ImageReader(flat)
    ours = pdf(lambda c, x, y: images.draw(c, px, x, y, 40, 40))
    theirs = pdf(lambda c, x, y: c.drawImage(reader, x, y, width=40, height=40, preserveAspectRatio=True, anchor="sw"))
    assert b"/Subtype /Image" in ours
    assert ours == theirs


@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK", "I;16", "RGBA", "P", "LA", "tRNS"])
@pytest.mark.parametrize("a85", [0, 1])
def test_a_pictures_xobject_is_what_draw_image_writes(mode: str, a85: int, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """An article's picture drawn from its kept pixels (:func:`handouts.layout.images.picture`) is
    the image XObject ``Canvas.drawImage(reader, ..., mask="auto")`` writes for the picture as
    ``figures._raster`` reads it (upright, 8 bits, downscaled), with its alpha channel as a soft
    mask: same bytes. One with a transparent colour has none kept (ReportLab draws it)."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "useA85", a85)
    from PIL import Image

    from handouts.layout import figures, images
    from handouts.textfile import content_stamp

    path = tmp_path / ("p.jpg" if mode in ("RGB", "CMYK") else "p.png")
    im = Image.new("RGB", (640, 400), (250, 240, 230))
    im.paste((30, 90, 160), (40, 30, 600, 200))
    im.paste((200, 40, 40), (100, 250, 300, 380))
    if mode == "tRNS":
        im.save(path, transparency=(250, 240, 230))
    elif mode in ("RGBA", "LA"):
        im = im.convert(mode)
        im.putalpha(Image.linear_gradient("L").resize(im.size))
        im.save(path)
    else:
        (im.convert("I;16") if mode == "I;16" else im.convert(mode)).save(path)
    px = images._decode_picture(path.read_bytes(), 300)
    if mode == "tRNS":
        assert px is None
        return
    assert px is not None and (px.width, px.height) == (300, 188)
    assert bool(px.alpha) == (mode in ("RGBA", "LA", "P")), mode

    def pdf(draw: Callable[[Canvas, float, float], object]) -> bytes:
        return _two_pages(draw, 400, 10.5, 20.25)

    reader = figures._raster(str(path), content_stamp(path), 300)
    ours = pdf(lambda c, x, y: images.draw(c, px, x, y, 150.5, 94, fit=False))
    theirs = pdf(lambda c, x, y: c.drawImage(reader, x, y, width=150.5, height=94, mask="auto"))
    assert b"/Subtype /Image" in ours and (b"/SMask" in ours) == bool(px.alpha)
    assert ours == theirs


def test_the_qr_xobject_is_what_draw_image_writes_for_pillows_enlargement() -> None:
    """The QR code's pixels made without Pillow are Pillow's nearest-neighbour enlargement of the
    modules, and draw as ``Canvas.drawImage`` draws that image (stretched to the square): same bytes."""
    from PIL import Image
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader

    from handouts.layout import images
    from handouts.layout.extras import qr_modules

    matrix = qr_modules("https://example.org/handouts/back-pain-after-surgery/th")
    n, k = len(matrix), 8
    img = Image.new("L", (n, n), 255)
    img.putdata([0 if dark else 255 for row in matrix for dark in row])
    reader = ImageReader(img.resize((n * k, n * k), Image.Resampling.NEAREST).convert("RGB"))
    px = images.qr(matrix, k)
    assert (px.width, px.height) == (n * k, n * k)

    def pdf(draw: object) -> bytes:
        rl_config.useA85 = 0
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=(200, 200), invariant=1)
        draw(canvas)  # type: ignore[operator]
        canvas.save()
        return buf.getvalue()

    try:
        ours = pdf(lambda c: images.draw(c, px, 12.5, 30.25, 61.5, 61.5, fit=False))
        theirs = pdf(lambda c: c.drawImage(reader, 12.5, 30.25, width=61.5, height=61.5))
    finally:
        rl_config.useA85 = 1
    assert ours == theirs


def test_a_line_drawn_again_writes_the_same_operators(fs: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page frame's lines are drawn on every page: drawn again in one document a line writes
    what it wrote first (without making its operators again), and its glyph forms are in use on
    the new page too; in another document it is made anew."""
    face = fs.face("regular")
    run = shape("น้ำที่ก๋วยเตี๋ยว ok", face)
    pieces = [_pdftext.Piece(run, face, 12.0, (0.0, 0.0, 0.0), 0.0)]
    made = []
    original = _pdftext._line
    monkeypatch.setattr(_pdftext, "_line", lambda *a: made.append(1) or original(*a))
    buf = io.BytesIO()
    canvas = Canvas(buf)
    pages = []
    for _ in range(2):
        _pdftext.draw_line(canvas, 10.0, 700.0, pieces)
        pages.append((canvas._code[-1], list(canvas._formsinuse)))
        canvas.showPage()
    assert len(made) == 1
    assert pages[0] == pages[1] and pages[0][1], "the second page lost the line's operators or glyph forms"
    _pdftext.draw_line(canvas, 10.0, 600.0, pieces)  # elsewhere: made again
    other = Canvas(io.BytesIO())
    _pdftext.draw_line(other, 10.0, 700.0, pieces)
    assert len(made) == 3
    canvas.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    first, second = (set(p["/Resources"]["/XObject"].keys()) for p in reader.pages[:2])
    assert first and first == second


def test_widths_written_at_once_are_reportlabs(fs: FontSet) -> None:
    """A font subset's ``/Widths`` is written ten numbers at a time: byte for byte what ReportLab's
    ``PDFArray`` writes, for any length and kind of number; and a written PDF's fonts use it."""
    import random

    from reportlab.pdfbase import pdfdoc

    _pdftext.install()
    numbers = _pdftext._numbers_class()
    rng = random.Random(7)
    for n in [0, 1, 9, 10, 11, 20, 21, 255, 256, *(rng.randint(0, 300) for _ in range(200))]:
        seq = [rng.choice([rng.randint(0, 2000), rng.random() * 2000, round(rng.random() * 900, 1), 0, 1.0, -3, 1e-7])
               for _ in range(n)]  # fmt: skip
        fast = pdfdoc.PDFArray(seq)
        fast.__class__ = numbers
        assert fast.format(None) == pdfdoc.PDFArray(seq).format(None), seq
    mixed = pdfdoc.PDFArray([1, pdfdoc.PDFName("X"), 2.5])
    mixed.__class__ = numbers
    assert mixed.format(None) == pdfdoc.PDFArray(mixed.sequence).format(None)
    canvas = Canvas(io.BytesIO())
    block = TextBlock((Span("ที่นี่ ok", TextStyle()),), leading=20)
    block.wrap(300, 100)
    block.drawOn(canvas, 20, 700)
    canvas.showPage()
    canvas.save()
    fonts = [f for f in canvas._doc.idToObject["BasicFonts"].dict.values() if hasattr(f, "Widths")]
    assert fonts and all(type(f.Widths) is numbers for f in fonts)
