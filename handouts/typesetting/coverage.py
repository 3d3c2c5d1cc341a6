"""The characters some shipped font draws, without loading a font: ``i18n check`` names a character
no font draws (an emoji, a fullwidth digit, another script) at its catalog line, as the render does,
and the render's gate passes a text that needs no more than the table without loading a font.

The table (``data/drawable.ranges``, written by ``tools/build_coverage.py``) is the union of what
:func:`handouts.typesetting.fonts.undrawable` accepts; ``tests/typesetting/test_coverage.py`` holds
it to the fonts. :func:`missing` is the one scan of a text against a set of code points (a font's
cmap, or this table).
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

DATA = Path(__file__).with_name("data") / "drawable.ranges"


@functools.cache
def drawable() -> frozenset[int]:
    """The code points some shipped font (or the Dingbats/Symbol fallback) draws (some 1,500)."""
    out: set[int] = set()
    for line in DATA.read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("-")
            out.update(range(int(a, 16), int(b, 16) + 1))
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def missing(cmap: frozenset[int], text: str) -> tuple[str, ...]:
    """The characters of ``text`` not in ``cmap``, in order, each once; whitespace and format
    characters (a ZERO WIDTH SPACE) need no glyph, and a control character such as BEL is missing
    (no font draws it)."""
    seen: list[str] = []
    for ch in text:
        if ord(ch) in cmap or ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        if ch not in seen:
            seen.append(ch)
    return tuple(seen)


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` no shipped font draws, as :func:`handouts.typesetting.fonts.undrawable`.

    >>> undrawable("ok ສະບາຍດີ ✓ नम ๕ 😀")
    ['न', 'म', '😀']
    """
    return list(missing(drawable(), text))
