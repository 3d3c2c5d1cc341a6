"""Write ``handouts/typesetting/data/drawable.ranges``: the characters some shipped font draws.

The union of what :func:`handouts.typesetting.fonts.undrawable` accepts: Sarabun Regular's
characters, the Noto Sans Myanmar, Khmer and Lao faces' (the script fonts), and the characters
ReportLab's Dingbats and Symbol fonts draw as fallback glyphs. One range of code points per line
(``0020-007E``), hexadecimal, sorted. ``i18n check`` reads it to name a character no font draws
without loading a font (:mod:`handouts.typesetting.coverage`); a test holds it to the fonts.

    python tools/build_coverage.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def drawable() -> set[int]:
    """Every code point :func:`~handouts.typesetting.fonts.undrawable` lets through (bar the
    whitespace and format characters it skips, which need no glyph)."""
    from handouts.typesetting import fallback
    from handouts.typesetting.fonts import font_set
    from handouts.typesetting.scripts import OWN_FONT

    fs = font_set()
    out = set(fs.faces["regular"].cmap)
    for tag in OWN_FONT:
        out |= fs.face("regular", tag).cmap
    out |= {c for c in range(0x20, 0x10000) if c not in out and fallback.find(chr(c)) is not None}
    return out


def ranges(points: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c in sorted(points):
        if out and c == out[-1][1] + 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def text(points: set[int]) -> str:
    head = "# The characters some shipped font draws (tools/build_coverage.py writes it; a test checks it).\n"
    return head + "".join(f"{a:04X}-{b:04X}\n" for a, b in ranges(points))


def main() -> None:
    from handouts.typesetting.coverage import DATA

    DATA.write_text(text(drawable()), encoding="ascii")
    print(DATA.relative_to(ROOT))


if __name__ == "__main__":
    main()
