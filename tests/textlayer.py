"""The one thing a PDF's text layer holds that its source does not: the hyphen of a line break."""

from __future__ import annotations

import re

# a soft hyphen at the end of a line (or of the page's text), before any spaces the extractor added
_BREAK_HYPHEN = re.compile("\u00ad(?=[^\\S\n]*(?:\n|$))")


def unhyphenate(text: str) -> str:
    """Extracted text with the hyphens that line breaks drew taken out again.

    Where a line breaks inside a Latin word the drawn hyphen is U+00AD SOFT HYPHEN in the text
    layer (Tagged PDF's rule for an incidental word division). poppler and pypdf give it at the
    line end ("con\\u00ad\\nnecting"); PDFium joins the two halves and marks the join with U+FFFE
    ("con\\ufffenecting"). Both come back as "con\\nnecting": a line end inside the word, which the
    comparisons allow where the source has no space, as inside a Thai word run. A soft hyphen
    anywhere else stays, so a stray one still fails a comparison with the source.
    """
    return _BREAK_HYPHEN.sub("", text).replace("\ufffe", "\n")
