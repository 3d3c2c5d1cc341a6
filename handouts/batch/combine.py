"""A batch's usable PDFs → one print-order PDF (copies expanded, blank backs, separator sheets).

:func:`combine` builds one print-order PDF: copies expanded, a blank back for odd handouts when
duplex, optional separator sheets typeset with the project's own typesetter.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts import __version__
from handouts.batch.bundles import Bundle
from handouts.batch.manifest import JobRecord, OutputDir, Result
from handouts.errors import OutputError


@dataclass(frozen=True, slots=True)
class Combined:
    """The combined PDF of a batch: its path, pages, blank backs and separator sheets."""
    path: Path
    pages: int
    blanks: int  # blank backs added so that each handout starts on a front side
    separators: int

    def to_json(self, out: OutputDir) -> dict[str, Any]:
        try:
            shown = str(self.path.resolve().relative_to(out.path.resolve()))
        except ValueError:
            shown = str(self.path.resolve())
        return {"path": shown, "pages": self.pages, "blank_pages": self.blanks, "separator_pages": self.separators}


def combine(result: Result, target: Path, *, duplex: bool, separator: bool, paper: str = "A4") -> Combined:
    """One PDF in print order: per usable job [separator (+ blank back)] then ``copies`` × the handout,
    each copy followed by a blank page when ``duplex`` and its page count is odd.

    Pages of a handout are read once and the same page content is reused for every copy.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    from handouts.outputs import write_atomic

    records = result.usable
    if not records:
        raise OutputError("nothing to combine: no handout was rendered", path=target)
    names = {(result.out.path / r.job.output).resolve() for r in result.records} | {result.out.manifest.resolve()}
    if target.resolve() in names:
        raise OutputError(
            "would overwrite a file of the batch", path=target, key="--combine", hint="choose another file name"
        )
    seps = PdfReader(io.BytesIO(_separator_pdf(result.bundle, records, paper))).pages if separator else []
    writer = PdfWriter()
    blanks = 0
    for k, rec in enumerate(records):
        if separator:
            page = writer.add_page(seps[k])
            if duplex:
                writer.add_blank_page(float(page.mediabox.width), float(page.mediabox.height))
                blanks += 1
        reader = PdfReader(result.out.path / rec.job.output)
        first = [writer.add_page(p) for p in reader.pages]
        width, height = float(first[-1].mediabox.width), float(first[-1].mediabox.height)
        for copy in range(rec.job.copies):
            if copy:
                for p in first:  # the same content streams and fonts: a copy costs a page dictionary
                    writer.add_page(_page_copy(p))
            if duplex and len(first) % 2:
                writer.add_blank_page(width, height)
                blanks += 1
    writer.add_metadata({"/Title": f"{result.bundle.name} (print file)", "/Creator": f"handouts {__version__}"})
    if duplex:
        writer.create_viewer_preferences()[NameObject("/Duplex")] = NameObject("/DuplexFlipLongEdge")
    buf = io.BytesIO()
    writer.write(buf)
    write_atomic(target, buf.getvalue())
    return Combined(target, len(writer.pages), blanks, len(records) if separator else 0)


def _page_copy(page: Any) -> Any:
    """A new page dictionary sharing ``page``'s content streams and resources.

    A page object may stand only once in the page tree (it has one /Parent), so a copy needs
    its own dictionary; everything it points to is shared, so a copy costs a few bytes.
    """
    from pypdf import PageObject
    from pypdf.generic import NameObject

    dup = PageObject()
    for key, value in page.items():
        if key != "/Parent":
            dup[NameObject(key)] = value
    return dup


def _separator_pdf(bundle: Bundle, records: Sequence[JobRecord], paper: str) -> bytes:
    """One separator page per record, typeset with the project's TextBlock (Thai titles shape correctly)."""
    from reportlab.pdfgen.canvas import Canvas

    from handouts.layout.styles import MM, PAPER, styles_for
    from handouts.typesetting.flowable import TextBlock
    from handouts.typesetting.fonts import font_set, register_reportlab
    from handouts.typesetting.spans import Span, TextStyle

    register_reportlab(font_set())
    width, height = PAPER[paper]
    margin = 25 * MM
    buf = io.BytesIO()
    canv = Canvas(
        buf, pagesize=(width, height), invariant=1, initialFontName="Sarabun", initialFontSize=14, pageCompression=1
    )
    canv.setTitle(f"{bundle.name}: separator sheets")
    for rec in records:
        j = rec.job
        lines = [
            (f"{j.copies} ×", 48.0, "bold", "en"),
            (rec.title or j.article, 24.0, "bold", j.lang),
            (f"{j.article} · {j.lang} · {rec.pages or '?'} pages per copy", 14.0, "regular", "en"),
            (j.clinic_name or j.clinic, 14.0, "regular", j.lang),
            (f"{bundle.name} — {j.output}", 11.0, "italic", "en"),
        ]
        y = height - margin
        canv.setLineWidth(2)
        canv.line(margin, y + 6, width - margin, y + 6)
        for text, size, face, lang in lines:
            lead = styles_for(lang).leading  # Burmese, Khmer, Lao titles: their marks stack deeper than Latin
            block = TextBlock((Span(text, TextStyle(face, size, "#000000"), None, lang),), leading=round(size * lead, 2))
            _, h = block.wrap(width - 2 * margin, y - margin)
            block.drawOn(canv, margin, y - h)
            y -= h + size * 0.4
        canv.line(margin, y - 6, width - margin, y - 6)
        canv.showPage()
    canv.save()
    return buf.getvalue()
