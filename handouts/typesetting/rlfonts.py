"""A font file → a ReportLab ``TTFont``, its parsed tables kept in the disk cache.

ReportLab parses a TrueType file's tables (cmap, widths, glyph offsets, names) every time a
``TTFont`` is made: about 8 ms per face, in every fresh process (a front-desk render registers
four Sarabun faces). The parse is pure, so its result — the ``TTFontFace``'s attributes but the
file's bytes — is stored in :mod:`.diskcache` keyed by the file's bytes and ReportLab's
version, and a later process builds the same objects from it (reading the file's bytes, which
subsetting needs, costs a read, not a parse). With the cache off, or a corrupt or foreign entry,
the file is parsed as before; the PDF is the same either way.

This leans on ReportLab internals (the attributes ``TTFontFace`` and ``TTFont.__init__`` set):
``tests/typesetting/test_reportlab_contract.py`` fails if an upgrade changes them.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when what is stored changes
# Flate's fastest level, for every stream this package compresses (page contents, font subsets,
# glyph forms, the text layer's maps): a fresh render's four page streams took 7 ms at zlib's
# default (6) and 1.5 ms here, for a file 8 % larger (a 4-page handout: 132 → 143 kB). Pictures
# keep ReportLab's default (:mod:`handouts.layout.images`). One level for all: a stream's bytes
# must not depend on whether it came from the disk cache.
FLATE_LEVEL = 1


def tt_font(name: str, path: Path) -> Any:
    """ReportLab's ``TTFont(name, str(path))``, its face from the disk cache when it holds it."""
    from reportlab.pdfbase.ttfonts import TTFont

    from handouts.typesetting import diskcache

    if not diskcache.enabled():
        return TTFont(name, str(path))
    key = diskcache.key("ttfont", FORMAT, reportlab_version(), diskcache.shipped_digest(str(path)))
    stored = diskcache.get(key)
    if stored is not None:
        try:
            return _from_state(name, path, stored)
        except (ValueError, TypeError, KeyError, AttributeError):
            pass  # an entry of another shape: parse, rewrite
    font = TTFont(name, str(path))
    state = _state(font.face)
    if state is not None:
        diskcache.put(key, state)
    return font


def font_subset(face: Any, subset: list[int], make: Callable[[Any, list[int]], bytes]) -> tuple[bytes, bytes | None]:
    """``make(face, subset)`` (ReportLab's TrueType subset of ``face`` for the code points
    ``subset``) and its Flate compression, from the disk cache when it holds them (None: the
    cache is off). A fresh process's three or four subsets cost 2 ms to make and compress.

    The subset is a function of the font file and of the glyph each code stands for, in order
    (its cmap maps byte positions to glyphs), so the entry is keyed by those glyphs: the code
    points of shaped glyphs are private codes, allocated per process."""
    from handouts.typesetting import diskcache

    if not diskcache.enabled():
        return make(face, subset), None
    glyphs = face.charToGlyph
    key = diskcache.key("ttf-subset", FORMAT, FLATE_LEVEL, reportlab_version(), zlib.ZLIB_RUNTIME_VERSION,
                        diskcache.shipped_digest(face.filename), [glyphs.get(c, 0) for c in subset])  # fmt: skip
    stored: Any = diskcache.get(key)
    try:
        kept, deflated = stored
        if type(kept) is bytes and type(deflated) is bytes and zlib.decompress(deflated) == kept:
            return kept, deflated
    except (TypeError, ValueError, zlib.error):
        pass  # missing, or an entry of another shape: made again, rewritten
    data = make(face, subset)
    deflated = zlib.compress(data, FLATE_LEVEL)
    diskcache.put(key, (data, deflated))
    return data, deflated


@functools.cache
def reportlab_version() -> str:
    from handouts.typesetting import diskcache

    return diskcache.dist_version("reportlab")


_NOT_STORED = ("_ttf_data", "filename", "_pdfScale")  # the file's bytes and path, a function of unitsPerEm


def _state(face: Any) -> tuple[dict[str, object], list[str]] | None:
    """The face's attributes as marshal-able values (names as text), or None if one is not."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    out: dict[str, object] = {}
    names: list[str] = []
    for k, v in vars(face).items():
        if k in _NOT_STORED:
            continue
        if isinstance(v, TTFNameBytes):
            names.append(k)
            v = v.ustr
        elif not _plain(v):
            return None
        out[k] = v
    return out, names


_SCALARS = frozenset((int, float, str, bytes, bool, type(None)))


def _plain(v: object) -> bool:
    """None, int, float, str, bytes, bool, or exactly a list, tuple or dict of such values. The
    element types of a container are compared as a set first (a face's tables hold tens of
    thousands of numbers: one call per number was most of an empty cache's font time)."""
    t = type(v)
    if t in _SCALARS:
        return True
    items: Any
    if t is list or t is tuple:
        items = v
    elif t is dict:
        keys: Any = v
        if not (set(map(type, keys)) <= _SCALARS or all(_plain(k) for k in keys)):
            return False
        items = keys.values()
    else:
        return False
    return set(map(type, items)) <= _SCALARS or all(_plain(x) for x in items)


# what a parsed face always has (an entry without them is of another shape)
_REQUIRED = frozenset(("charToGlyph", "charWidths", "hmetrics", "glyphPos", "unitsPerEm", "numGlyphs", "table", "name",
                       "ascent", "descent", "bbox", "flags", "italicAngle", "stemV", "capHeight", "defaultWidth"))


def _scale(units_per_em: int) -> Any:
    """``TTFontFile._pdfScale``: font units → thousandths of an em (as ReportLab defines it)."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _from_state(name: str, path: Path, stored: Any) -> Any:
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

    attrs, names = stored
    if not isinstance(attrs, dict) or not isinstance(names, list) or not set(attrs) >= _REQUIRED or not (
        isinstance(attrs["charToGlyph"], dict) and isinstance(attrs["charWidths"], dict)
        and isinstance(attrs["hmetrics"], list) and isinstance(attrs["glyphPos"], list)
    ):  # fmt: skip
        raise ValueError("not a font face")
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(attrs)
    for k in names:
        setattr(face, k, TTFNameBytes(str(attrs[k]).encode("utf8")))
    face._ttf_data = path.read_bytes()
    face.filename = str(path)
    face._pdfScale = _scale(int(attrs["unitsPerEm"]))
    # what TTFont.__init__ sets besides the face (the contract test compares with a parsed one)
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    from fnmatch import fnmatch

    font.shapable = not any(fnmatch(name, g) for g in rl_config.unShapedFontGlob)
    return font
