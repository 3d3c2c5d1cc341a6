"""Laid-out pages → PDF bytes: the writer, tagging and archival metadata.

* :mod:`.writer`: :func:`write_pdf` (ReportLab canvas, invariant mode, fonts embedded);
* :mod:`.tagging`: the layout's block tags → marked content and the structure tree (PDF/UA-1);
* :mod:`.archival`: XMP, sRGB output intent, file ID (PDF/A-2u);
* :mod:`.standards`: ``--pdf-standard`` (``ua-1,a-2u`` by default, or ``none``).
"""

from handouts.pdf.standards import Standards, parse
from handouts.pdf.writer import PdfMeta, write_pdf

__all__ = ["PdfMeta", "Standards", "parse", "write_pdf"]
