"""Laid-out pages → PDF bytes (ReportLab canvas, deterministic, fonts embedded, metadata).

``invariant=1`` makes the bytes repeatable (ReportLab then writes a fixed date and document
id); the canvas starts in the bundled Sarabun, so no unembedded Helvetica is referenced.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from handouts.diagnostics import Diagnostics
from handouts.layout import pages
from handouts.typesetting.fonts import font_set, register_reportlab


@dataclass(frozen=True, slots=True)
class PdfMeta:
    """Document information: translated title, author, subject, ``/Lang``."""

    title: str
    author: str
    subject: str
    lang_tag: str
    keywords: str = ""
    duplex: bool = False


def write_pdf(laid: pages.LaidOut, meta: PdfMeta, diagnostics: Diagnostics) -> bytes:
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    # ASCII85 is pure Python here (no rl_accel) and made images and fonts 4x slower to write;
    # binary streams are also smaller. PDF is a binary format anyway.
    rl_config.useA85 = 0

    from handouts import __version__

    register_reportlab(font_set())
    buf = io.BytesIO()
    canv = Canvas(
        buf,
        pagesize=laid.page_size,
        invariant=1,
        initialFontName="Sarabun",
        initialFontSize=laid.styles.body,
        lang=meta.lang_tag,
        pageCompression=1,
    )
    canv.setTitle(meta.title)
    canv.setAuthor(meta.author)
    canv.setSubject(meta.subject)
    canv.setCreator(f"handouts {__version__}")
    canv.setKeywords(meta.keywords)
    canv.setViewerPreference("DisplayDocTitle", "true")
    canv.setViewerPreference("PrintScaling", "None")
    if meta.duplex:
        canv.setViewerPreference("Duplex", "DuplexFlipLongEdge")
    pages.draw(canv, laid, diagnostics)
    canv.save()
    return buf.getvalue()
