"""Imposition: a rendered handout's half-sheet pages → printer sheets (pypdf, no ReportLab).

* ``a5-booklet``: the handout is laid out on A5 pages (half Letter for a Letter clinic) and
  placed two per landscape sheet side in printer order, padded with blank pages to a multiple
  of four; printed on both sides (flip on the short edge), folded and nested, the pages read
  1, 2, 3, … (:func:`booklet_order`). "Page X of Y" counts the handout's own pages.
* ``2up``: two copies of each A5 page side by side on one landscape sheet (print, cut in half:
  two handouts).

Every sheet side carries marks in its top and bottom margins, at the middle of the sheet: a
dashed fold mark for the booklet, a solid cut mark for 2-up (:func:`marks`). They are drawn as
``/Artifact`` marked content, so a tagged PDF's structure tree and a screen reader ignore them.

The imposed PDF keeps the document's title, author, subject, keywords, ``/Lang`` and viewer
preferences (``DisplayDocTitle``), and its links, moved with their page. It is a print file:
not tagged (sheet sides hold pages out of reading order), but still PDF/A-2u when the handout
was: its XMP packet and sRGB output intent are carried over and the file ID is a hash of the
handout and the layout.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any, cast

from handouts.errors import HandoutError

LAYOUTS = ("single", "a5-booklet", "2up")
MM = 72 / 25.4
MARK_FROM = 4 * MM  # a mark runs from this far inside the sheet's edge (printers leave ~4 mm blank)…
MARK_TO = 9 * MM  # …to this far: inside the page's top and bottom margins (≥ 10 mm), clear of the text


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers of each sheet side in printing order; ``None`` is a blank page.

    Sheet 1 front, sheet 1 back, sheet 2 front, …; the count is padded to a multiple of four.

    >>> booklet_order(8)
    [(8, 1), (2, 7), (6, 3), (4, 5)]
    >>> booklet_order(3)
    [(None, 1), (2, 3)]
    """
    n = max(4, -(-pages // 4) * 4)
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(n // 4):
        front = (n - 2 * sheet, 1 + 2 * sheet)
        back = (2 + 2 * sheet, n - 1 - 2 * sheet)
        for left, right in (front, back):
            sides.append((left if left <= pages else None, right if right <= pages else None))
    return sides


def two_up_order(pages: int) -> list[tuple[int | None, int | None]]:
    """Each page twice on its own sheet side.

    >>> two_up_order(2)
    [(1, 1), (2, 2)]
    """
    return [(p, p) for p in range(1, pages + 1)]


def marks(layout: str, width: float, height: float) -> bytes:
    """The content-stream operators of a sheet side's fold (booklet) or cut (2-up) marks.

    >>> marks("a5-booklet", 842.0, 595.0).decode().split(" BMC ")[0]
    '/Artifact'
    """
    x = width / 2
    dash = "[3 2] 0 d" if layout == "a5-booklet" else "[] 0 d"
    lines = " ".join(f"{x:.2f} {a:.2f} m {x:.2f} {b:.2f} l S"
                     for a, b in ((MARK_FROM, MARK_TO), (height - MARK_FROM, height - MARK_TO)))  # fmt: skip
    return f"/Artifact BMC q 0 0 0 RG 0.5 w {dash} {lines} Q EMC".encode()


def impose(pdf: bytes, layout: str, sheet: tuple[float, float]) -> bytes:
    """Place the half-sheet pages of ``pdf`` on landscape sheets of ``sheet`` (portrait w, h)."""
    if layout == "single":
        return pdf
    if layout not in LAYOUTS:
        raise HandoutError(f"unknown layout {layout!r}", key="--layout", hint=f"layouts: {', '.join(LAYOUTS)}")
    from pypdf import PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(pdf))
    src = reader.pages
    order = booklet_order(len(src)) if layout == "a5-booklet" else two_up_order(len(src))
    width, height = max(sheet), min(sheet)  # landscape
    writer = PdfWriter()
    for left, right in order:
        side = writer.add_blank_page(width=width, height=height)
        for half, number in ((0, left), (1, right)):
            if number is None:
                continue
            page = src[number - 1]
            pw, ph = float(page.mediabox.width), float(page.mediabox.height)
            tx = half * width / 2 + (width / 2 - pw) / 2
            ty = (height - ph) / 2
            side.merge_transformed_page(page, Transformation().translate(tx, ty))
            # pypdf moves the page's link annotations along with it
        _add_marks(side, writer, marks(layout, width, height))
    _copy_document_info(reader, writer, layout)
    _copy_archival(reader, writer, pdf + layout.encode())
    out = io.BytesIO()
    with _eol_before_endstream():
        writer.write(out)
    return out.getvalue()


@contextlib.contextmanager
def _eol_before_endstream() -> Iterator[None]:
    """pypdf writes ``data\nendstream``: a stream whose data ends in CR then reads as ending in a
    CR LF end-of-line, one byte short of its /Length (PDF/A-2 6.1.7; about one compressed stream
    in 256). Written ``data\r\nendstream`` here, as ReportLab's are (:mod:`handouts.pdf.archival`)."""
    from pypdf.generic import StreamObject

    original = StreamObject.write_to_stream

    class _Out:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def write(self, data: bytes) -> int:
            return int(self.stream.write(b"\r\nendstream" if data == b"\nendstream" else data))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.stream, name)

    def write_to_stream(self: Any, stream: Any, *args: Any, **kwargs: Any) -> None:
        original(self, cast(Any, _Out(stream)), *args, **kwargs)

    StreamObject.write_to_stream = write_to_stream  # type: ignore[method-assign]
    try:
        yield
    finally:
        StreamObject.write_to_stream = original  # type: ignore[method-assign]


def _add_marks(side: Any, writer: Any, ops: bytes) -> None:
    from pypdf.generic import ContentStream

    contents = side.get_contents()
    stream = ContentStream(None, writer)
    stream.set_data((contents.get_data() + b"\n" if contents is not None else b"") + ops)
    side.replace_contents(stream)


def _copy_document_info(reader: Any, writer: Any, layout: str) -> None:
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject

    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items()})
    root = cast(DictionaryObject, reader.trailer["/Root"])
    if "/Lang" in root:
        writer.root_object[NameObject("/Lang")] = root["/Lang"]
    prefs = cast(DictionaryObject | None, root.get("/ViewerPreferences"))
    vp = writer.create_viewer_preferences()
    vp[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    if prefs is not None and "/PrintScaling" in prefs:
        vp[NameObject("/PrintScaling")] = NameObject(str(prefs["/PrintScaling"]))
    # landscape sheets printed on both sides turn over on their short edge
    vp[NameObject("/Duplex")] = NameObject("/DuplexFlipShortEdge")
    _ = layout


def _copy_archival(reader: Any, writer: Any, content: bytes) -> None:
    """PDF/A: the XMP packet and the output intents, and an ``/ID`` from ``content``'s hash."""
    import hashlib

    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject

    root = cast(DictionaryObject, reader.trailer["/Root"])
    for key in ("/Metadata", "/OutputIntents"):
        if key in root:
            writer.root_object[NameObject(key)] = root.raw_get(key).clone(writer)
    digest = ByteStringObject(hashlib.md5(content, usedforsecurity=False).digest())
    writer._ID = ArrayObject([digest, digest])
