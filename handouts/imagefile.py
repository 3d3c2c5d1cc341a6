"""A PNG or JPEG file → a Pillow image, loading only that format's plugin.

``PIL.Image.open`` given a file object (or a name it does not recognise) first imports Pillow's
five common plugins (BMP, GIF, JPEG with ``subprocess``, PPM, PNG): about 8 ms of a render that
reads the clinic's logo or an article's picture. A logo and a picture are PNG or JPEG, so
:func:`open_image` recognises those two by their signature and opens the file with that plugin.
Anything else, and anything that plugin cannot open, goes to ``Image.open``, which identifies it
and raises exactly what it always did (so the callers still say "logo is BMP" or "damaged"); so
does an image larger than ``Image.MAX_IMAGE_PIXELS``, for Pillow's own decompression-bomb check.
"""

from __future__ import annotations

import struct
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.ImageFile import ImageFile

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"


def load_openers() -> None:
    """Import what :func:`open_image` takes to open a PNG or a JPEG (Pillow and those two plugins:
    some 12 ms), as the first image opened would (a render may do it while its model is built
    elsewhere: :mod:`handouts.prefetch`)."""
    from PIL import Image, JpegImagePlugin, PngImagePlugin  # noqa: F401


def open_image(fp: IO[bytes]) -> ImageFile:
    """``PIL.Image.open(fp)`` for a seekable binary file, without the other plugins for a PNG or a JPEG."""
    from PIL import Image

    fp.seek(0)
    prefix = fp.read(16)  # what Image.open shows a plugin's check
    fp.seek(0)
    fmt = "PNG" if prefix.startswith(PNG_SIGNATURE) else "JPEG" if prefix.startswith(JPEG_SIGNATURE) else None
    im: ImageFile | None = None
    if fmt is not None:
        if fmt == "PNG":
            from PIL import PngImagePlugin  # noqa: F401  (registers its opener in Image.OPEN)
        else:
            from PIL import JpegImagePlugin  # noqa: F401  (its opener may find an MPO, as Image.open's)
        factory, accept = Image.OPEN[fmt]
        try:
            if not accept or accept(prefix) is True:
                im = factory(fp, "")
        except (SyntaxError, IndexError, TypeError, struct.error):  # what Image.open tries the next format on
            im = None
    if im is not None:
        limit = Image.MAX_IMAGE_PIXELS
        width, height = im.size
        if limit is None or max(1, width) * max(1, height) <= limit:
            return im
        # over Pillow's limit: not ours to judge, Image.open warns or refuses (the file is the caller's: left open)
    fp.seek(0)
    return Image.open(fp)


def exif_orientation(im: Any) -> int:
    """A picture's EXIF orientation (1: as stored; 2–8: mirrored or turned, 5–8 a quarter turn): a
    phone's portrait photo is stored landscape with a tag saying so, and every viewer shows it
    upright. 1 when there is none, or the EXIF block is damaged (viewers ignore it then too)."""
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # (Pillow's EXIF parser raises what the bytes make it raise)
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def upright(im: Any) -> Any:
    """The picture as viewers show it: turned (or mirrored) by its EXIF orientation, when it has one."""
    if exif_orientation(im) == 1:
        return im
    from PIL import ImageOps

    return ImageOps.exif_transpose(im)


def eight_bit(im: Any) -> Any:
    """A 16-bit grey PNG (mode ``I;16`` or ``I``: 0–65535) as 8-bit grey: Pillow's own
    ``convert("RGB")`` clips each value to 255, so every pixel brighter than 255/65535 prints
    white (a scanned or medical picture came out blank). Other modes are returned as they are."""
    if im.mode in ("I;16", "I;16L", "I;16B", "I"):
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return im
