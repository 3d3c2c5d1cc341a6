"""Characters the main font lacks → outlines from a fallback font, so no missing-glyph box is ever drawn.

The fallback fonts are the Dingbats (✓ ✔ ✗ ☎ ★ ● ➔ ① …) and Symbol (α β ≠ ∑ …) Type 1
fonts that ship inside ReportLab (``reportlab/fonts/zd______.pfb``, ``sy______.pfb``): no
system font is read. Unicode → byte through ReportLab's own ``zapfdingbats``/``symbol``
codecs, byte → glyph name through the fonts' encodings, outline through fontTools' Type 1
reader (imported only when a character is missing). The text layer keeps the real character.
A character no font has is an error (:func:`handouts.typesetting.fonts.undrawable`), never a
box or a question mark on paper.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.typesetting.pathpen import PathPen

UNITS = 1000  # Type 1 glyph space


@dataclass(frozen=True, slots=True)
class FallbackGlyph:
    """A symbol drawn from a PDF standard font: the font, the glyph's name and its advance."""
    font: str  # "Dingbats" or "Symbol"
    name: str  # glyph name
    advance: float  # in 1/1000 em


_FONTS = {
    "Dingbats": ("zd______.pfb", "zapfdingbats", "reportlab.pdfbase._fontdata_enc_zapfdingbats", "ZapfDingbatsEncoding",
                 "reportlab.pdfbase._fontdata_widths_zapfdingbats"),
    "Symbol": ("sy______.pfb", "symbol", "reportlab.pdfbase._fontdata_enc_symbol", "SymbolEncoding",
               "reportlab.pdfbase._fontdata_widths_symbol"),
}  # fmt: skip


@functools.cache
def _glyph_set(font: str) -> Any:
    import reportlab
    from fontTools.t1Lib import T1Font

    path = Path(reportlab.__file__).parent / "fonts" / _FONTS[font][0]
    t1 = T1Font(str(path))
    t1.parse()
    return t1.getGlyphSet()


@functools.cache
def find(ch: str) -> FallbackGlyph | None:
    """The fallback glyph for ``ch``, or None when no fallback font has it.

    >>> find("✓")
    FallbackGlyph(font='Dingbats', name='a19', advance=755)
    >>> find("α").font, find("😀")
    ('Symbol', None)
    """
    import importlib

    from reportlab.pdfbase.rl_codecs import RL_Codecs

    RL_Codecs.register()
    for font, (_, codec, module, attr, width_module) in _FONTS.items():
        try:
            byte = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(byte) != 1:
            continue
        encoding = getattr(importlib.import_module(module), attr)
        name = encoding[byte[0]]
        widths = importlib.import_module(width_module).widths
        if name and name in widths and name in _glyph_set(font):
            return FallbackGlyph(font, name, widths[name])
    return None


@functools.cache
def outline(font: str, name: str) -> str:
    """PDF path operators of a fallback glyph, in 1/1000 em, filled."""
    pen = PathPen()
    _glyph_set(font)[name].draw(pen)
    return " ".join(pen.ops) + " f"


def font_file(fallback: str) -> str:
    """The Type 1 file a fallback glyph (``Dingbats:a19``) is drawn from."""
    import reportlab

    return str(Path(reportlab.__file__).parent / "fonts" / _FONTS[fallback.split(":", 1)[0]][0])
