"""Laid-out pages → PDF bytes (ReportLab canvas, deterministic, fonts embedded, metadata).

``invariant=1`` makes the bytes repeatable (ReportLab then writes a fixed date, or the one
``SOURCE_DATE_EPOCH`` gives); the canvas starts in the bundled Sarabun, so no unembedded
Helvetica is referenced. With the default standards the pages are drawn with a
:class:`~.tagging.Tagger` on the canvas (tagged PDF/UA-1) and the catalog gets XMP and an sRGB
output intent (PDF/A-2u, :mod:`.archival`); the file ID is the MD5 of the file itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from handouts.diagnostics import Diagnostics
from handouts.layout import pages
from handouts.pdf import archival, fontnames
from handouts.pdf.standards import Standards
from handouts.typesetting import marks
from handouts.typesetting.fonts import font_set, register_face


@dataclass(frozen=True, slots=True)
class PdfMeta:
    """Document information: translated title, author, subject, ``/Lang``, standards;
    ``more_langs``: the other languages of a bilingual handout (in ``dc:language`` with ``lang_tag``)."""

    title: str
    author: str
    subject: str
    lang_tag: str
    more_langs: tuple[str, ...] = ()
    keywords: str = ""
    duplex: bool = False
    standards: Standards = field(default_factory=Standards)


def load() -> None:
    """Load what writing any PDF needs, whatever its text: ReportLab's canvas, HarfBuzz, the body
    font (its tables from the disk cache) and this package's hooks into ReportLab. Called by
    :func:`write_pdf`; a render may call it earlier, while its model is built elsewhere
    (:mod:`handouts.prefetch`). Idempotent."""
    from reportlab import rl_config
    from reportlab.pdfgen import canvas  # noqa: F401 - imported for its cost, here rather than later

    from handouts.typesetting import _pdftext

    # ASCII85 is pure Python here (no rl_accel) and made images and fonts 4x slower to write;
    # binary streams are also smaller. PDF is a binary format anyway.
    rl_config.useA85 = 0
    register_face(font_set().faces["regular"])  # the canvas's first font; the others when first drawn
    _pdftext.install()
    archival.install()
    fontnames.install()


def write_pdf(laid: pages.LaidOut, meta: PdfMeta, diagnostics: Diagnostics) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from handouts import __version__

    load()
    std = meta.standards
    buf = io.BytesIO()
    canv = Canvas(
        buf,
        pagesize=laid.page_size,
        invariant=1,
        initialFontName="Sarabun",
        initialFontSize=laid.styles.body,
        lang=meta.lang_tag,
        pageCompression=1,
        pdfVersion=(1, 7) if (std.ua or std.pdfa) else None,
    )
    creator = f"handouts {__version__}"
    canv.setTitle(meta.title)
    canv.setAuthor(meta.author)
    canv.setSubject(meta.subject)
    canv.setCreator(creator)
    canv.setKeywords(meta.keywords)
    canv.setViewerPreference("DisplayDocTitle", "true")
    canv.setViewerPreference("PrintScaling", "None")
    if meta.duplex:
        canv.setViewerPreference("Duplex", "DuplexFlipLongEdge")
    tagger = None
    if std.ua:
        from handouts.pdf.tagging import Tagger

        tagger = Tagger(canv)
        marks.attach(canv, tagger)
    pages.draw(canv, laid, diagnostics)
    if tagger is not None:
        tagger.finish(canv)
    doc = canv._doc
    if std.ua or std.pdfa:
        ts = doc._timeStamp
        y, mo, d, h, mi, s = ts.YMDhms
        info = archival.Info(
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=meta.keywords,
            creator=creator,
            producer=doc.info.producer,
            date=f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{ts.dhh:+03d}:{ts.dmm:02d}",
            lang=meta.lang_tag,
            more_langs=meta.more_langs,
            pdfa=std.pdfa,
            pdfua=std.ua,
        )
        archival.add_metadata(doc, info)
    doc._ID = archival.id_placeholder()
    canv.save()
    return archival.set_file_id(buf.getvalue())
