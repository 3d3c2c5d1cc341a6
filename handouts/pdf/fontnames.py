"""Font subsets → their six-letter tags: each subset in a file has its own (ISO 32000-1, 9.6.4).

A subset font's name starts with a tag of six capital letters and a plus sign
(``QWXKTR+Sarabun-Regular``), and "different subsets in the same PDF file shall have different
tags". ReportLab numbers a font's subsets (``AAAAAA``, ``AAAAAB`` …), so the first subset of
every font in a handout was ``AAAAAA``: Sarabun's regular, bold and italic and the script fonts
shared one tag. :func:`install` makes each tag from the font's name and the glyphs of the subset
(as Typst and WeasyPrint do, from what the subset holds): the same glyphs give the same tag in
every process, so the bytes stay deterministic; two subsets of one file that would get the same
letters (one chance in 26⁶) get the next letters instead.
"""

from __future__ import annotations

import hashlib
import string
from typing import Any

_installed = False


def subset_tag(font: str, glyphs: list[int], taken: set[str]) -> str:
    """Six capital letters for the subset of ``font`` holding ``glyphs`` (glyph ids in code
    order), not in ``taken`` (and added to it).

    >>> subset_tag("Sarabun-Regular", [0, 3, 4], set()) == subset_tag("Sarabun-Regular", [0, 3, 4], set())
    True
    >>> subset_tag("Sarabun-Regular", [0, 3, 4], set()) != subset_tag("Sarabun-Bold", [0, 3, 4], set())
    True
    """
    digest = hashlib.blake2b(f"{font}\0{','.join(map(str, glyphs))}".encode(), digest_size=8).digest()
    n = int.from_bytes(digest, "big")
    while True:
        tag = "".join(string.ascii_uppercase[(n // 26**k) % 26] for k in range(6))
        if tag not in taken:
            taken.add(tag)
            return tag
        n += 1


def install() -> None:
    """Name every TrueType subset ReportLab writes by :func:`subset_tag` (once per process)."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase import ttfonts

    original = ttfonts.TTFont.addObjects
    numbered = ttfonts.SUBSETN

    def add_objects(self: Any, doc: Any) -> None:
        state = self.state.get(doc)
        if state is None:
            original(self, doc)
            return
        face = self.face
        name = (face.name + face.subfontNameX).decode("latin-1")
        taken: set[str] = doc.__dict__.setdefault("_handouts_subset_tags", set())
        tags = [subset_tag(name, [face.charToGlyph.get(c, 0) for c in subset], taken) for subset in state.subsets]
        ttfonts.SUBSETN = lambda n, *_: tags[n].encode("ascii")
        try:
            original(self, doc)
        finally:
            ttfonts.SUBSETN = numbered

    add_objects.__wrapped__ = original  # type: ignore[attr-defined]
    ttfonts.TTFont.addObjects = add_objects
    _installed = True
