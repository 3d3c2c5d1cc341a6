"""An image reference in an article (``![alt](images/x.png "caption")``) → a checked file + its size.

The path is relative to the article and must stay inside the workspace (or the article's own
folder); a per-language variant (``images/x.th.png``) is used for that language when it exists.
PNG and JPEG are opened with Pillow under the same limits as a clinic logo (bytes, pixels,
decompression bombs, damaged files); SVG is read as XML (no DOCTYPE or entities: no external
or exponential entities) and sized from its ``width``/``height`` or ``viewBox``. Every problem
is a :class:`~handouts.errors.ContentError` naming the article line and the fix. Drawing is
left to the layout (:mod:`handouts.layout.figures`).
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import ContentError
from handouts.imagefile import exif_orientation
from handouts.textfile import content_stamp

MAX_IMAGE_PX = 4000  # as a clinic logo (branding.MAX_LOGO_PX)
MAX_IMAGE_BYTES = 20 * 1024 * 1024  # as a clinic logo (branding.MAX_LOGO_BYTES)
MAX_SVG_BYTES = 2 * 1024 * 1024
FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG"}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|pt|mm|cm|in)?\s*$")
# a CSS reference to anything but an element of the same SVG (url(#id)) or an embedded data: URI
_URL_REF = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?!#|data:)[^'")\s][^'")]*)""", re.I)
_UNITS = {"px": 1.0, "pt": 96 / 72, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, None: 1.0}


MIN_PRINTED_MM = 10.0  # a picture smaller than this on its longer side is warned about (never enlarged)


@dataclass(frozen=True, slots=True)
class ImageFile:
    """A picture's file, its format and its size in points."""
    path: Path
    fmt: str
    width: float
    height: float


def resolve_image(src: str, article: Path, lang: str, roots: tuple[Path, ...], line: int, shown: str = "") -> ImageFile:
    """The file to draw for ``src`` in ``lang`` (its variant when there is one), checked; an error
    names the article as ``shown`` (``articles/x.md``, as every other error of it does) when given."""
    named = shown or str(article)
    if not src or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith(("/", "\\")):
        raise ContentError(f"image {src!r} is not a path relative to the article", path=named, line=line,
                           hint="put the file beside the article, e.g. images/diagram.svg; images are never downloaded")  # fmt: skip
    suffix = Path(src).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise ContentError(f"image {src!r} is not PNG, JPEG or SVG", path=named, line=line, hint="convert it to PNG or SVG")
    given = article.parent / src
    resolved = given.resolve()
    if not any(resolved.is_relative_to(r.resolve()) for r in roots):
        raise ContentError(f"image {src!r} is outside the workspace", path=named, line=line,
                           hint="copy it into the workspace, e.g. articles/images/")  # fmt: skip
    chosen = variant_of(resolved, lang, roots) or resolved
    if not chosen.is_file():
        if chosen.exists():  # a folder named x.png, a FIFO or a device: never read
            kind = "a folder" if chosen.is_dir() else "not a regular file"
            raise ContentError(f"image {src!r} is {kind}, not a picture file", path=named, line=line,
                               hint="point the image at the picture file itself, e.g. images/diagram.png")  # fmt: skip
        raise ContentError(f"image file not found: {src}", path=named, line=line, hint="the path is relative to the article's folder")
    st = chosen.stat()  # (kept in a running process by its bytes: one replaced with its size and time kept is read again)
    return _checked(chosen, fmt, content_stamp(chosen), st.st_size, named, line)


def variant_of(picture: Path, lang: str, roots: tuple[Path, ...]) -> Path | None:
    """The per-language variant of ``picture`` (a resolved path) that a ``lang`` handout draws
    instead (``images/x.th.png`` for ``images/x.png``), or None: there is none inside ``roots``.
    The sign-off approves it with the translation (:mod:`handouts.i18n.signoff`)."""
    variant = picture.with_name(f"{picture.stem}.{lang}{picture.suffix}")
    inside = any(variant.is_relative_to(r.resolve()) for r in roots)
    return variant if lang and inside and variant.is_file() else None


@functools.lru_cache(maxsize=128)
def _checked(path: Path, fmt: str, _stamp: object, size: int, article: str, line: int) -> ImageFile:
    limit = MAX_SVG_BYTES if fmt == "svg" else MAX_IMAGE_BYTES
    if size > limit:
        raise ContentError(f"image {path.name} is {size / 1024 / 1024:.1f} MB; the limit is {limit // (1024 * 1024)} MB",
                           path=article, line=line, hint="export a smaller file (about 1500 px wide is plenty for print)")  # fmt: skip
    if fmt == "svg":
        w, h = _svg_size(path, article, line)
        from handouts.layout.figures import svg_problem  # (svglib and ReportLab draw it: a trial on a scratch page)

        problem = svg_problem(str(path))
        if problem:
            raise ContentError(f"image {path.name} cannot be drawn ({problem})", path=article, line=line,
                               hint="save it again as plain SVG from the drawing program, or give it as a PNG")  # fmt: skip
        return ImageFile(path, fmt, w, h)
    from PIL import Image, UnidentifiedImageError

    from handouts.imagefile import open_image

    big = f"image {path.name} is far larger than {MAX_IMAGE_PX}×{MAX_IMAGE_PX} px"
    hint = "export a smaller PNG or JPEG (about 1500 px wide is plenty for print)"
    try:
        with path.open("rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_image(fh) as im:
                found = im.format or "unknown"
                width, height = im.size
                if exif_orientation(im) in (5, 6, 7, 8):  # a camera's portrait photo: stored on its side, shown upright
                    width, height = height, width
                if width > MAX_IMAGE_PX or height > MAX_IMAGE_PX:
                    raise ContentError(f"image {path.name} is {width}×{height} px; the limit is "
                                       f"{MAX_IMAGE_PX}×{MAX_IMAGE_PX} px", path=article, line=line, hint=hint)  # fmt: skip
                if found == _PIL_FORMATS[fmt]:
                    im.load()  # a truncated or damaged file fails here, not in the PDF writer
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ContentError(big, path=article, line=line, hint=hint) from None
    except UnidentifiedImageError:
        raise ContentError(f"image {path.name} is not an image Pillow can read", path=article, line=line,
                           hint=f"save it again as {_PIL_FORMATS[fmt]} from the drawing or photo program") from None  # fmt: skip
    except (OSError, SyntaxError, ValueError) as exc:
        raise ContentError(f"image {path.name} is damaged or cannot be decoded ({exc})", path=article, line=line,
                           hint="export it again as PNG or JPEG") from None  # fmt: skip
    if found != _PIL_FORMATS[fmt]:
        raise ContentError(f"image {path.name} is {found}, not what its name says", path=article, line=line,
                           hint=f"save it as {_PIL_FORMATS[fmt]} or rename it")  # fmt: skip
    return ImageFile(path, fmt, float(width), float(height))


def _svg_size(path: Path, article: str, line: int) -> tuple[float, float]:
    import xml.etree.ElementTree as ET

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"image {path.name} cannot be read as UTF-8 SVG ({exc})", path=article, line=line) from None
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise ContentError(f"image {path.name} has a DOCTYPE or entities", path=article, line=line,
                           hint="save the SVG without a DOCTYPE (plain SVG 1.1)")  # fmt: skip
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ContentError(f"image {path.name} is not well-formed SVG ({exc})", path=article, line=line) from None
    if not root.tag.endswith("svg"):
        raise ContentError(f"image {path.name} is not an SVG document", path=article, line=line)
    if any(el.tag.rsplit("}", 1)[-1] in ("text", "tspan", "textPath") for el in root.iter()):
        # words in a picture are neither translated nor typeset (Thai shaping, an exact text layer)
        raise ContentError(f"image {path.name} has text in it", path=article, line=line,
                           hint="put the words in the caption or the alt text (they are translated), "
                                "or convert the text to paths")  # fmt: skip
    if any(el.tag.rsplit("}", 1)[-1] == "foreignObject" for el in root.iter()):  # HTML in the SVG: svglib draws nothing of it
        raise ContentError(f"image {path.name} has a <foreignObject> (HTML inside the SVG), which is not drawn",
                           path=article, line=line,
                           hint="convert its content to SVG shapes (text to paths; the words belong in the caption "
                                "or the alt text), or give the picture as a PNG")  # fmt: skip
    for el in root.iter():  # a picture or file it links to: svglib refuses it (a line on stderr, nothing drawn)
        if el.tag.rsplit("}", 1)[-1] == "a":  # a hyperlink: its shapes are drawn, the link is not followed
            continue
        href = el.get("href") or el.get("{http://www.w3.org/1999/xlink}href") or ""
        if href.startswith("data:"):
            _check_embedded(href, path, article, line)
        elif href and not href.startswith("#"):
            raise ContentError(f"image {path.name} links to another file ({href[:60]!r}), which is not drawn",
                               path=article, line=line,
                               hint="embed it in the SVG (a data: URI), or give the picture as a PNG or JPEG")  # fmt: skip
    for el in root.iter():  # a paint, clip, mask, font or style sheet from another file: never fetched, never drawn
        texts = [*el.attrib.values(), el.text or ""] if el.tag.rsplit("}", 1)[-1] == "style" else [*el.attrib.values()]
        for text in texts:
            ref = _URL_REF.search(text)
            if ref:
                raise ContentError(f"image {path.name} links to another file ({ref.group(1)[:60]!r}), which is not drawn",
                                   path=article, line=line,
                                   hint="keep its gradients, patterns and styles inside the SVG (url(#id)), or give the "
                                        "picture as a PNG or JPEG")  # fmt: skip
    try:
        box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v] if root.get("viewBox") else []
    except ValueError:
        box = [math.nan]
    if box and (len(box) != 4 or not all(math.isfinite(v) for v in box)):
        raise ContentError(f"image {path.name} has a viewBox that is not four numbers ({root.get('viewBox', '')[:40]!r})",
                           path=article, line=line, hint='write it as viewBox="0 0 WIDTH HEIGHT"')  # fmt: skip

    def length(name: str, index: int) -> float | None:
        m = _LENGTH.match(root.get(name, ""))
        if m:
            return float(m.group(1)) * _UNITS[m.group(2)]
        return box[index] if len(box) == 4 else None

    w, h = length("width", 2), length("height", 3)
    if not w or not h or w <= 0 or h <= 0:
        raise ContentError(f"image {path.name} has no size", path=article, line=line, hint="give the <svg> a viewBox or width and height")
    if w > 20 * MAX_IMAGE_PX or h > 20 * MAX_IMAGE_PX:
        raise ContentError(f"image {path.name} is {w:g}×{h:g} units; too large", path=article, line=line, hint="scale the drawing down")
    return w, h


_DATA_IMAGE = re.compile(r"^data:image/(jpe?g|png);base64,", re.I)  # what svglib draws of a data: URI


def _check_embedded(href: str, path: Path, article: str, line: int) -> None:
    """A picture embedded in an SVG as a ``data:`` URI: PNG or JPEG in base64 (svglib draws
    nothing else, without a word), under the limits of a picture file (pixels, decompression
    bombs, damaged data)."""
    import base64
    import binascii
    import io

    from PIL import Image

    from handouts.imagefile import open_image

    m = _DATA_IMAGE.match(href)
    hint = "embed it as PNG or JPEG (data:image/png;base64,…), or give the picture as a PNG or JPEG file"
    if m is None:
        raise ContentError(f"image {path.name} embeds a picture as {href.split(',', 1)[0][:40]!r}, which is not drawn",
                           path=article, line=line, hint=hint)  # fmt: skip
    try:
        data = base64.b64decode("".join(href[m.end() :].split()), validate=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_image(io.BytesIO(data)) as im:
                if im.format not in ("PNG", "JPEG"):
                    raise ContentError(f"image {path.name} embeds a picture in {im.format or 'an unknown format'}, "
                                       "not PNG or JPEG", path=article, line=line, hint=hint)  # fmt: skip
                width, height = im.size
                if width > MAX_IMAGE_PX or height > MAX_IMAGE_PX:
                    raise ContentError(f"image {path.name} embeds a picture of {width}×{height} px; the limit is "
                                       f"{MAX_IMAGE_PX}×{MAX_IMAGE_PX} px", path=article, line=line,
                                       hint="embed a smaller picture (about 1500 px wide is plenty for print)")  # fmt: skip
                im.load()
    except ContentError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ContentError(f"image {path.name} embeds a picture far larger than {MAX_IMAGE_PX}×{MAX_IMAGE_PX} px",
                           path=article, line=line, hint="embed a smaller picture") from None  # fmt: skip
    except (binascii.Error, OSError, SyntaxError, ValueError) as exc:
        said = " ".join(str(exc).split())[:80]
        raise ContentError(f"image {path.name} embeds a picture that cannot be decoded ({type(exc).__name__}: {said})",
                           path=article, line=line, hint=hint) from None  # fmt: skip


def too_small(img: ImageFile) -> str | None:
    """Why ``img`` is too small to see on paper (it prints at 96 px per inch, never enlarged), or None.

    >>> too_small(ImageFile(Path("dot.png"), "png", 1, 1))
    'is 1×1 px: it prints 0.3 mm wide, too small to see (the picture is never enlarged)'
    >>> too_small(ImageFile(Path("pen.png"), "png", 600, 40)) is None
    True
    """
    longest = max(img.width, img.height) * 25.4 / 96
    if longest >= MIN_PRINTED_MM:
        return None
    unit = "units" if img.fmt == "svg" else "px"
    return (f"is {img.width:g}×{img.height:g} {unit}: it prints {longest:.1f} mm wide, too small to see "
            "(the picture is never enlarged)")
