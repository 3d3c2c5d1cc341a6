"""The characters some shipped font draws, without loading a font: ``i18n check`` names a character
no font draws (an emoji, a fullwidth digit, another script) at its catalog line, as the render does.

The table (``data/drawable.ranges``, written by ``tools/build_coverage.py``) is the union of what
:func:`handouts.typesetting.fonts.undrawable` accepts; ``tests/typesetting/test_coverage.py`` holds
it to the fonts. The render keeps asking the fonts themselves.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from pathlib import Path

DATA = Path(__file__).with_name("data") / "drawable.ranges"


@functools.cache
def _ranges() -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for line in DATA.read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("-")
            starts.append(int(a, 16))
            ends.append(int(b, 16))
    return starts, ends


def drawn(ch: str) -> bool:
    """Whether some shipped font (or the Dingbats/Symbol fallback) draws ``ch``."""
    starts, ends = _ranges()
    i = bisect.bisect_right(starts, ord(ch)) - 1
    return i >= 0 and ord(ch) <= ends[i]


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` no shipped font draws, in order, each once (whitespace and format
    characters such as a ZERO WIDTH SPACE need no glyph), as :func:`handouts.typesetting.fonts.undrawable`.

    >>> undrawable("ok ສະບາຍດີ ✓ नम ๕ 😀")
    ['न', 'म', '😀']
    """
    out: list[str] = []
    for ch in text:
        if (" " <= ch <= "~") or ch in out or ch.isspace() or unicodedata.category(ch) == "Cf" or drawn(ch):
            continue
        out.append(ch)
    return out
