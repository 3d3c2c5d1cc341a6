"""The clinic's logo, an article's pictures and the QR code → image XObjects on the page, their
pixels made once.

The logo is printed at 300 dpi of its size (a 600 px logo printed 15 mm wide is 4× more than a
printer resolves), flattened on white (no soft mask: no transparency group for PDF/A to ask
about). Decoding and downscaling it takes Pillow (its import and a resize: ~15 ms per fresh
process) and ReportLab then compresses the pixels into every document. Both are pure: the
compressed pixels are kept in :mod:`handouts.typesetting.diskcache`, keyed by the file's bytes,
the pixel size and Pillow's version, and in the process (a QR code's too); the XObject written is the one
``Canvas.drawImage`` writes for those pixels, byte for byte (its name is ReportLab's digest of
the pixels; ``tests/typesetting/test_reportlab_contract.py`` compares the two).

An article's PNG or JPEG picture (:func:`picture`) is kept the same way, at the pixels
:class:`~handouts.layout.figures.FigureBlock` prints it with, its alpha channel apart as the
soft mask ``drawImage(..., mask="auto")`` writes (one with a transparent colour is left to
ReportLab): a photo cost every fresh render some 90 ms.

A QR code's pixels (:func:`qr`) are its modules, each a square of ``scale`` pixels: made with
byte operations, without Pillow, and the same as Pillow's nearest-neighbour enlargement.
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from handouts.textfile import content_stamp

FORMAT = 3  # bump when what is stored changes (3: a 16-bit grey logo is no longer white)


@dataclass(frozen=True, slots=True)
class Pixels:
    """RGB pixels, 8 bits each, Flate-compressed as ReportLab compresses them."""

    width: int
    height: int
    stream: bytes
    name: str  # ReportLab's name for an image of these pixels (the MD5 of the data and mask)
    alpha: bytes = b""  # a picture's transparency: its alpha channel, Flate-compressed (the soft mask)
    alpha_name: str = ""  # ReportLab's name for the soft mask (the MD5 of the alpha channel)


def logo(path: Path, size: int) -> Pixels:
    """The logo at most ``size`` pixels on its longer side, from the caches when they hold it
    (in a running process by its bytes: a logo replaced with its size and time kept is read again)."""
    return _pixels(path, content_stamp(path), size)


@functools.lru_cache(maxsize=16)
def _pixels(path: Path, _stamp: object, size: int) -> Pixels:
    from handouts.typesetting import diskcache

    data = path.read_bytes()
    key = ""
    if diskcache.enabled():
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        key = diskcache.key("logo", FORMAT, digest, size, diskcache.dist_version("PIL", "pillow"), zlib.ZLIB_RUNTIME_VERSION)
        stored = _stored(diskcache.get(key))
        if stored is not None:
            return stored  # (a corrupt or foreign entry: decoded again, rewritten)
    result = _decode(data, size)
    if key:
        diskcache.put(key, (result.width, result.height, result.stream, result.name))
    return result


def _decode(data: bytes, size: int) -> Pixels:
    import io

    from PIL import Image

    from handouts.imagefile import eight_bit, open_image, upright

    with open_image(io.BytesIO(data)) as im:
        img = eight_bit(upright(im)).convert("RGBA")  # a logo photographed or exported with a rotation tag: as viewers show it
    if max(img.size) > size:
        img.thumbnail((size, size), Image.Resampling.LANCZOS)
    flat = Image.new("RGB", img.size, (255, 255, 255))
    flat.paste(img, mask=img.getchannel("A"))
    return _of_raw(flat.width, flat.height, flat.tobytes())


def _of_raw(width: int, height: int, raw: bytes, mask: bytes = b"None") -> Pixels:
    # what Canvas.drawImage names an ImageReader's pixels drawn with ``mask`` (None, or "auto" for
    # a picture without transparency): md5(data + the mask's str)
    return Pixels(width, height, zlib.compress(raw), hashlib.md5(raw + mask, usedforsecurity=False).hexdigest())


def picture(path: Path, size: int) -> Pixels | None:
    """A picture file of an article (PNG, JPEG) at most ``size`` pixels on its longer side, as
    :class:`~handouts.layout.figures.FigureBlock` draws it (``drawImage(..., mask="auto")``: an
    alpha channel as a soft mask), from the caches when they hold it; None for a transparent
    colour (ReportLab then draws it). Decoding and downscaling a photo takes Pillow some 90 ms (a
    1600 × 1200 JPEG), in every fresh process: its compressed pixels are kept in the disk cache
    as the logo's are."""
    return _picture(path, content_stamp(path), size)


_TRANSPARENT = "transparent"  # what the disk cache keeps for a picture ReportLab draws itself


@functools.lru_cache(maxsize=32)
def _picture(path: Path, _stamp: object, size: int) -> Pixels | None:
    from handouts.typesetting import diskcache

    data = path.read_bytes()
    key = ""
    if diskcache.enabled():
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        key = diskcache.key("picture", FORMAT, digest, size, diskcache.dist_version("PIL", "pillow"),
                            zlib.ZLIB_RUNTIME_VERSION)  # fmt: skip
        found = diskcache.get(key)
        if found == _TRANSPARENT:
            return None
        stored = _stored_picture(found)
        if stored is not None:
            return stored
    result = _decode_picture(data, size)
    if key:
        diskcache.put(key, _TRANSPARENT if result is None else
                      [result.width, result.height, result.stream, result.name, result.alpha, result.alpha_name])  # fmt: skip
    return result


def _stored_picture(stored: Any) -> Pixels | None:
    """A picture's entry (:func:`_picture`): its pixels, or None when it is not a well-formed one."""
    if type(stored) is not list or len(stored) != 6:
        return None
    w, h, stream, name, alpha, alpha_name = stored
    px = _stored([w, h, stream, name], inflate=False)
    if px is None or type(alpha) is not bytes or type(alpha_name) is not str or bool(alpha) != bool(alpha_name):
        return None
    try:
        if alpha and len(zlib.decompressobj().decompress(alpha, w)) != w:  # (its first row, as the pixels')
            return None
    except zlib.error:
        return None
    return Pixels(w, h, stream, name, alpha, alpha_name)


def fitted(fp: IO[bytes], size: int) -> Any:
    """An article's picture file as a figure prints it (Pillow's image): as viewers show it
    (turned by its EXIF orientation), 8 bits, RGBA when it has an alpha channel or a palette and
    RGB otherwise, at most ``size`` pixels on its longer side (Lanczos). What ReportLab is given
    (``figures._raster``) and what is kept (:func:`picture`) are made by this one function, so
    the two write the same bytes."""
    from PIL import Image

    from handouts.imagefile import eight_bit, open_image, upright

    with open_image(fp) as im:
        shown = eight_bit(upright(im))
        img = shown.convert("RGBA") if shown.mode in ("P", "LA", "RGBA") else shown.convert("RGB")
    if max(img.size) > size:
        img.thumbnail((size, size), Image.Resampling.LANCZOS)
    return img


def _decode_picture(data: bytes, size: int) -> Pixels | None:
    """The pixels :func:`fitted` gives ReportLab (an alpha channel apart, as ReportLab's reader
    splits it), or None for a transparent colour."""
    import io

    img = fitted(io.BytesIO(data), size)
    if "transparency" in img.info:
        return None
    if img.mode == "RGB":
        return _of_raw(img.width, img.height, img.tobytes(), b"auto")
    rgb, alpha = img.convert("RGB").tobytes(), img.getchannel("A").tobytes()
    px = _of_raw(img.width, img.height, rgb, alpha)
    md5 = hashlib.md5(alpha, usedforsecurity=False).hexdigest()
    return Pixels(px.width, px.height, px.stream, px.name, zlib.compress(alpha), md5)


def modules_text(matrix: tuple[tuple[bool, ...], ...]) -> str:
    """A QR code's modules as text: a row a line, ``1`` dark, ``0`` light (how the caches keep them)."""
    return "\n".join("".join("1" if m else "0" for m in row) for row in matrix)


@functools.lru_cache(maxsize=64)
def qr(matrix: tuple[tuple[bool, ...], ...], scale: int) -> Pixels:
    """The dark modules black, the light ones white, ``scale`` × ``scale`` pixels each (RGB);
    compressed once, kept in the disk cache (keyed by the modules and the scale)."""
    from handouts.typesetting import diskcache

    n = len(matrix)
    width = len(matrix[0]) if n else 0
    key = ""
    if diskcache.enabled():
        key = diskcache.key("qr-pixels", FORMAT, scale, zlib.ZLIB_RUNTIME_VERSION, modules_text(matrix))
        stored = _stored(diskcache.get(key))
        if stored is not None and (stored.width, stored.height) == (width * scale, n * scale):
            return stored
    dark, light = b"\0\0\0" * scale, b"\xff\xff\xff" * scale
    rows = [b"".join(dark if m else light for m in row) * scale for row in matrix]
    result = _of_raw(width * scale, n * scale, b"".join(rows))
    if key:
        diskcache.put(key, (result.width, result.height, result.stream, result.name))
    return result


def _stored(stored: Any, inflate: bool = True) -> Pixels | None:
    """An entry's pixels, or None when it is not a well-formed one: its stream decompressed to
    check its size, or with ``inflate`` false only its first row (a photo's pixels are some
    megabytes, 20 ms to decompress; the entry's digest, checked when read, stands for the rest)."""
    try:
        w, h, stream, name = stored
        plain = type(w) is int and type(h) is int and type(stream) is bytes and type(name) is str and w > 0 and h > 0
        if plain and inflate and len(zlib.decompress(stream)) == w * h * 3:
            return Pixels(w, h, stream, name)
        if plain and not inflate and len(zlib.decompressobj().decompress(stream, w * 3)) == w * 3:
            return Pixels(w, h, stream, name)
    except (ValueError, TypeError, zlib.error):
        pass
    return None


def _filtered(stream: bytes) -> tuple[tuple[str, ...], Any]:
    """An image XObject's filters and content for a Flate ``stream``, as ReportLab writes them."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    if rl_config.useA85:  # (the PDF writer turns it off; ReportLab's default is on)
        return ("ASCII85Decode", "FlateDecode"), pdfdoc.asciiBase85Encode(stream)
    return ("FlateDecode",), stream


def _image(canv: Any, name: str, width: int, height: int, space: str, stream: bytes) -> Any:
    """The image XObject ReportLab makes for 8-bit pixels in colour space ``space`` (Flate ``stream``)."""
    from reportlab.pdfbase import pdfdoc

    obj = pdfdoc.PDFImageXObject(name)
    obj.width, obj.height = width, height
    obj.bitsPerComponent = 8
    obj.colorSpace = space
    obj._filters, obj.streamContent = _filtered(stream)
    obj.mask = None
    canv._setXObjects(obj)
    return obj


def draw(canv: Any, px: Pixels, x: float, y: float, width: float, height: float, fit: bool = True) -> None:
    """What ``canv.drawImage(reader, x, y, width, height, preserveAspectRatio=fit, anchor="sw")``
    draws for these pixels: the XObject added once per document (and its soft mask), then placed."""
    from reportlab.lib.boxstuff import aspectRatioFix
    from reportlab.pdfbase import pdfdoc

    canv._currentPageHasImages = 1
    doc = canv._doc
    reg = doc.getXObjectName(px.name)
    obj = doc.idToObject.get(reg, None)
    if not obj:
        obj = _image(canv, px.name, px.width, px.height, "DeviceRGB", px.stream)
        doc.Reference(obj, reg)
        doc.addForm(px.name, obj)
        if px.alpha:  # the soft mask, as drawImage adds it (once per document)
            mask_reg = doc.getXObjectName(px.alpha_name)
            if doc.idToObject.get(mask_reg, None):
                obj.smask = pdfdoc.PDFObjectReference(mask_reg)
            else:
                soft = _image(canv, px.alpha_name, px.width, px.height, "DeviceGray", px.alpha)
                soft._decode = [0, 1]
                obj.smask = doc.Reference(soft, mask_reg)
    x, y, width, height, _ = aspectRatioFix(fit, "sw", x, y, width, height, obj.width, obj.height, False)
    canv.saveState()
    canv.translate(x, y)
    canv.scale(width, height)
    canv._code.append(f"/{reg} Do")
    canv.restoreState()
    canv._formsinuse.append(px.name)
