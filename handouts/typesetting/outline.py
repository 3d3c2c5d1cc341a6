"""A short line of text → glyph outlines as PDF path operators (graphics, no text operators).

For marks that must be seen but never read: the large diagonal DRAFT mark is drawn as filled
outlines, so text extraction, copy/paste and screen readers skip it and body sentences stay
whole. Shaped with HarfBuzz like body text (Thai marks sit right), each script in its own font (Burmese,
Khmer and Lao in their Noto faces, scaled like body text); no line breaking.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from handouts.typesetting.fonts import font_set
from handouts.typesetting.pathpen import glyph_path
from handouts.typesetting.shaping import shape


@dataclass(frozen=True, slots=True)
class Outline:
    """Path operators (in points, origin at the baseline start, filled) and the advance width."""

    ops: str
    width: float


@functools.lru_cache(maxsize=32)
def text_outline(text: str, size: float, face: str = "bold") -> Outline:
    """The outlines of ``text`` at ``size`` points; characters the font lacks are left out.

    Kept for the process (an :class:`Outline` is immutable): every page of a draft draws the
    same mark, measured once and drawn once per size.

    >>> o = text_outline("DRAFT", 40)
    >>> o.width > 100 and o.ops.endswith(" f Q") and "Tj" not in o.ops
    True
    """
    from handouts.typesetting.fonts import split_by_font
    from handouts.typesetting.spans import Span, TextStyle

    fs = font_set()
    ops: list[str] = []
    x = 0.0
    # each run in the font of its script (Burmese "မူကြမ်း", Khmer, Lao are not in the body family)
    for run in split_by_font((Span(text, TextStyle(face=face)),), fs):
        fc = fs.face(face, run.style.font)
        scale = size * fc.scale / fc.upem
        for g in shape(run.text, fc).glyphs:
            if g.gid and not g.fallback:
                path = glyph_path(fc, g.gid)
                if path:
                    gx, gy = x + g.x_offset * scale, g.y_offset * scale
                    ops.append(f"q {scale:.5f} 0 0 {scale:.5f} {gx:.2f} {gy:.2f} cm {path} f Q")
            x += g.advance * scale
    return Outline("\n".join(ops) if ops else "", x)
