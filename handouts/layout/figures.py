"""A model :class:`~handouts.model.Figure` → an image flowable with its caption under it.

The image keeps its aspect ratio and is at most the text width and :data:`MAX_HEIGHT_SHARE`
of the page height, and with its caption at most :data:`MAX_BODY_SHARE` of a page's body
(never enlarged past its own size at 96 px per inch). PNG and JPEG are
drawn through ReportLab's image cache (one XObject per distinct image, however often it is
used), downsampled to 300 dpi of their printed size; SVG is converted by svglib into vector
drawing operators, wrapped in one form XObject per file and placed with ``doForm``, so a
repeated diagram is embedded once too. The figure is never split across pages.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeGuard

from handouts.model import Figure
from handouts.textfile import content_stamp
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.marks import Tag, marked, marker

MAX_HEIGHT_SHARE = 0.40  # of the page height
MAX_BODY_SHARE = 0.75  # with its caption, of a page's body: a heading (and the frame of large print) fits with it
# what a picture may shrink to (of its height) to stand on one page with the headings kept with it
MIN_SHRINK = 0.5
PX = 72 / 96  # a pixel, in points (CSS reference pixel)
CAPTION_GAP = 4.0


@functools.lru_cache(maxsize=32)
def _raster(path: str, _stamp: object, pixels: int) -> Any:
    """ReportLab's reader of a picture file as a figure prints it (:func:`.images.fitted`)."""
    from reportlab.lib.utils import ImageReader

    from handouts.layout.images import fitted

    with Path(path).open("rb") as fh:
        return ImageReader(fitted(fh, pixels))


@functools.lru_cache(maxsize=32)
def _drawing(path: str, _stamp: object) -> Any:
    import logging

    from svglib.svglib import svg2rlg

    quiet = logging.getLogger("svglib.svglib")
    level, quiet.level = quiet.level, logging.CRITICAL  # (its complaints are ours to say, once, as an error)
    try:
        drawing = svg2rlg(path)
    finally:
        quiet.level = level
    if drawing is None:
        raise ValueError("svglib cannot read it")
    return drawing


def draw_svg(drawing: Any, canv: Any) -> None:
    """Draw an svglib ``drawing`` at the canvas' origin, as :func:`reportlab.graphics.renderPDF.draw`
    does, but a raster picture embedded in it (``<image href="data:image/png;base64,…">``) as an
    image XObject with its transparency as a soft mask: ReportLab writes it as an inline image,
    whose bytes crash a form XObject's stream and lose its transparency."""
    from reportlab.graphics.renderbase import renderScaledDrawing
    from reportlab.graphics.renderPDF import _PDFRenderer
    from reportlab.lib.utils import ImageReader

    from handouts.imagefile import eight_bit, upright

    class _Renderer(_PDFRenderer):  # type: ignore[misc]
        def drawImage(self, image: Any) -> None:  # noqa: N802 (ReportLab's name)
            picture = image.path
            if not hasattr(picture, "mode"):  # a file: refused when the article is read (content.figures)
                return
            shown = eight_bit(upright(picture))
            shown = shown.convert("RGBA") if shown.mode in ("P", "PA", "LA", "RGBA", "La") else shown.convert("RGB")
            self._canvas.drawImage(ImageReader(shown), image.x, image.y, image.width, image.height, mask="auto")

    _Renderer().draw(renderScaledDrawing(drawing), canv, 0, 0)


def svg_problem(path: str) -> str | None:
    """Why svglib and ReportLab cannot draw the SVG at ``path`` (their own words), or None: it is
    converted and drawn once on a scratch page, so a bad attribute (``rx="x"``, ``scale(0)``, a
    number too large) is an error naming the picture when the article is read, never a crash
    while the page is drawn. None at once for an SVG whose form a render kept (:func:`_svg_form`:
    it was drawn, by the same code and libraries), so a changed catalog's model, built again,
    does not load svglib to check an unchanged picture."""
    import io

    if _kept_form(_form_key(Path(path).read_bytes())) is not None:
        return None

    from reportlab.pdfgen.canvas import Canvas

    try:
        drawing = _drawing(path, content_stamp(Path(path)))
        canv = Canvas(io.BytesIO())
        canv.beginForm("scratch", lowerx=0, lowery=0, upperx=drawing.width, uppery=drawing.height)  # as it is drawn
        draw_svg(drawing, canv)
        canv.endForm()
    except Exception as e:  # svglib and ReportLab raise ValueError, TypeError, ZeroDivisionError, OSError…
        import re

        said = re.sub(r" object at 0x[0-9a-f]+", "", " ".join(str(e).split()))  # one line, no addresses
        return f"{type(e).__name__}: {said[:120]}"
    return None


SVG_FORMAT = 1  # bump when what _svg_form stores changes


def _svg_form(canv: Any, name: str, path: str, stamp: object, data: bytes) -> tuple[float, float]:
    """Define the form ``name`` that draws the SVG at ``path`` (its bytes ``data``) on ``canv``;
    its width and height. The form's operators are kept in the disk cache
    (:mod:`handouts.typesetting.diskcache`) when they use no resource (no image, transparency,
    font or pattern: no ``/Name`` in them, as a diagram of paths and colours), so a later render
    writes them as they are and imports neither svglib nor ReportLab's graphics (some 45 ms of a
    fresh process). The bytes are the same either way."""
    from reportlab.pdfbase.pdfdoc import PDF_SUPPORT_VERSION

    from handouts.typesetting import diskcache

    key = _form_key(data)
    stored = _kept_form(key)
    doc = canv._doc
    if stored is not None and all(k in PDF_SUPPORT_VERSION for k in stored[3]):
        width, height, code, features = stored
        doc.ensureMinPdfVersion(*features)
        canv.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=height)
        canv._code.extend(code)
        canv.endForm()
        return width, height
    from reportlab.graphics.shapes import STATE_DEFAULTS

    drawing = _drawing(path, stamp)
    width, height = float(drawing.width), float(drawing.height)
    # renderPDF starts every drawing in Helvetica (an unembedded font without /ToUnicode, refused
    # by PDF/A and PDF/UA), even one without text: start it in the bundled face instead (text in
    # an SVG is not supported: alt text and caption carry the words, translated)
    default_font = STATE_DEFAULTS["fontName"]
    STATE_DEFAULTS["fontName"] = "Sarabun"
    versions: list[str] = []  # what the drawing asks of the document's PDF version (an opacity: 1.4)
    ensure = doc.ensureMinPdfVersion

    def ensure_noted(*keys: str) -> None:
        versions.extend(keys)
        ensure(*keys)

    doc.ensureMinPdfVersion = ensure_noted
    try:
        canv.beginForm(name, lowerx=0, lowery=0, upperx=width, uppery=height)
        draw_svg(drawing, canv)
        code = list(canv._code)
        canv.endForm()
    finally:
        STATE_DEFAULTS["fontName"] = default_font
        del doc.ensureMinPdfVersion  # (the method again)
    made = [width, height, code, sorted(set(versions))]
    if key and _is_svg_form(made):
        diskcache.put(key, made)
    return width, height


def _form_key(data: bytes) -> str:
    """The disk cache's key of the form of the SVG whose bytes are ``data`` ('' when the cache is off)."""
    from handouts.typesetting import diskcache

    if not diskcache.enabled():
        return ""
    return diskcache.key("svg-form", SVG_FORMAT, hashlib.blake2b(data, digest_size=16).hexdigest(), _svg_code())


def _kept_form(key: str) -> list[Any] | None:
    """The form kept under ``key`` (:func:`_svg_form`), or None."""
    from handouts.typesetting import diskcache

    stored = diskcache.get(key) if key else None
    return stored if _is_svg_form(stored) else None


def _is_svg_form(stored: object) -> TypeGuard[list[Any]]:
    """A stored form (:func:`_svg_form`): [width, height, operators that name no resource, the
    PDF features (ReportLab's names: ``transparency``) it needs of the document's version]."""
    return (type(stored) is list and len(stored) == 4 and all(type(v) is float and v > 0 for v in stored[:2])
            and type(stored[2]) is list and all(type(op) is str and "/" not in op for op in stored[2])
            and type(stored[3]) is list and all(type(k) is str for k in stored[3]))  # fmt: skip


@functools.cache
def _svg_code() -> str:
    """What makes an SVG's operators besides its bytes: this module's code (:func:`draw_svg`) and
    the versions of svglib, the libraries it parses with, and ReportLab."""
    from handouts.typesetting import diskcache
    from handouts.typesetting.rlfonts import reportlab_version

    return diskcache.key(diskcache.shipped_digest(__file__), reportlab_version(),
                         *(diskcache.dist_version(m) for m in ("svglib", "lxml", "cssselect2", "tinycss2")))  # fmt: skip


class FigureBlock:
    """An image (scaled to fit) and its caption; never split."""

    role = "Figure"

    def __init__(self, fig: Figure, caption: TextBlock | None, page_height: float, tag: Tag | None = None, *,
                 space_before: float = 0.0, space_after: float = 0.0, page_hint: float = 0.0) -> None:  # fmt: skip
        self.node, self.caption, self.tag = fig, caption, tag  # tag: the Figure, with the alt text
        self.max_h = MAX_HEIGHT_SHARE * page_height
        # a fresh page's body (the most it was offered, at least ``page_hint``): a bilingual large-print
        # page's is about half the sheet, where 40 % of the page and a caption filled it past the footer
        self._page_h = page_hint
        self.space_before, self.space_after = space_before, space_after
        self.keepWithNext = False
        self.leading = caption.leading if caption is not None else 12.0
        self.height = self.width = 0.0
        self.img_w = self.img_h = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        fig = self.node
        self._page_h = max(self._page_h, availHeight)
        w, h = fig.width * PX, fig.height * PX
        cap = self.caption.wrap(availWidth, availHeight)[1] + CAPTION_GAP if self.caption is not None else 0.0
        tallest = min(self.max_h, max(MAX_BODY_SHARE * self._page_h - cap, 0.25 * self._page_h))
        scale = min(1.0, availWidth / w, tallest / h)
        self.img_w, self.img_h = w * scale, h * scale
        self.width = availWidth
        self.height = self.img_h + cap
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> Sequence[FigureBlock]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        return [self] if self.height <= availHeight + 1e-6 else []

    def shrunk(self, availWidth: float, availHeight: float) -> FigureBlock | None:  # noqa: N803
        """The figure with its picture made smaller to fit ``availHeight`` (its caption as it is),
        down to :data:`MIN_SHRINK` of its height; None when even that does not fit. For a page
        that holds only headings kept with the figure (two headings of large print over a tall
        picture): moved on, the figure would leave them alone at the page's foot."""
        import copy

        self.wrap(availWidth, availHeight)
        over = self.height - availHeight
        if over <= 1e-6:
            return self
        if self.img_h - over < MIN_SHRINK * self.img_h:
            return None
        smaller = copy.copy(self)
        smaller.max_h = self.img_h - over  # (wrap's cap of the picture's height)
        smaller.wrap(availWidth, availHeight)
        return smaller if smaller.height <= availHeight + 1e-6 else None

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        with marked(canv, self.tag):
            self._draw_image(canv, x, y)
            iy = y + self.height - self.img_h
            marker(canv).bbox(canv, (x, iy, x + self.img_w, iy + self.img_h))
        if self.caption is not None:
            self.caption.drawOn(canv, x, y)

    def _draw_image(self, canv: Any, x: float, y: float) -> None:
        fig = self.node
        iy = y + self.height - self.img_h
        path = Path(fig.path)
        stamp = content_stamp(path)  # (by its bytes: a picture replaced with its size and time kept is read again)
        if fig.fmt == "svg":
            data = path.read_bytes()
            name = "fig" + hashlib.sha256(data).hexdigest()[:16]
            forms = canv.__dict__.setdefault("_handouts_svg_sizes", {})
            if not canv.hasForm(name):
                forms[name] = _svg_form(canv, name, fig.path, stamp, data)
            width, height = forms[name]
            canv.saveState()
            canv.translate(x, iy)
            canv.scale(self.img_w / width, self.img_h / height)
            canv.doForm(name)
            canv.restoreState()
        else:
            from handouts.layout import images

            pixels = round(max(self.img_w, self.img_h) / 72 * 300)
            kept = images.picture(path, pixels)  # (from the caches, without Pillow: None for transparency)
            if kept is not None:
                images.draw(canv, kept, x, iy, self.img_w, self.img_h, fit=False)
            else:
                canv.drawImage(_raster(fig.path, stamp, pixels), x, iy, width=self.img_w, height=self.img_h, mask="auto")
