"""Bundled fonts → registered ReportLab fonts and HarfBuzz fonts, with a cmap check.

Only fonts shipped inside Python packages are ever loaded (Sarabun from ``fontpkg-sarabun``,
OFL); no system font directory is searched. :func:`font_set` is cached per process.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FACES = ("regular", "bold", "italic", "bolditalic")
_SARABUN_FILES = {
    "regular": "Sarabun-Regular.ttf",
    "bold": "Sarabun-Bold.ttf",
    "italic": "Sarabun-Italic.ttf",
    "bolditalic": "Sarabun-BoldItalic.ttf",
}


def sarabun_dir() -> Path:
    """Folder of the Sarabun TTFs inside the ``fontpkg-sarabun`` package."""
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).resolve().parent / "files"


@dataclass(slots=True)
class Face:
    """One font file: its ReportLab name, HarfBuzz font and Unicode coverage."""

    name: str
    path: Path
    upem: int
    hb_font: object
    cmap: frozenset[int]
    _rl_registered: bool = False

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.cmap


@dataclass(slots=True)
class FontSet:
    """The faces of the body family (regular, bold, italic, bold italic)."""

    family: str
    faces: dict[str, Face] = field(default_factory=dict)

    def face(self, key: str) -> Face:
        return self.faces[key]

    def missing(self, text: str, face: str = "regular") -> list[str]:
        """Characters of ``text`` that the face cannot draw (whitespace and controls ignored).

        >>> font_set().missing("ปวด ✓ ok")
        ['✓']
        """
        return list(_missing(self.faces[face].cmap, text))


@functools.lru_cache(maxsize=4096)
def _missing(cmap: frozenset[int], text: str) -> tuple[str, ...]:
    seen: list[str] = []
    for ch in text:
        if ord(ch) in cmap or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        if ch not in seen:
            seen.append(ch)
    return tuple(seen)


def _load_face(name: str, path: Path) -> Face:
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(path))
    hb_face = hb.Face(blob)
    hb_font = hb.Font(hb_face)
    cmap = frozenset(hb_face.unicodes)
    return Face(name=name, path=path, upem=hb_face.upem, hb_font=hb_font, cmap=cmap)


@functools.cache
def font_set() -> FontSet:
    """The bundled Sarabun family, loaded once per process."""
    folder = sarabun_dir()
    fs = FontSet(family="Sarabun")
    for key, filename in _SARABUN_FILES.items():
        rl_name = "Sarabun" if key == "regular" else f"Sarabun-{key.capitalize()}"
        fs.faces[key] = _load_face(rl_name, folder / filename)
    return fs


def register_reportlab(fs: FontSet) -> None:
    """Register every face with ReportLab by explicit path (never a search path)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for f in fs.faces.values():
        if not f._rl_registered:
            pdfmetrics.registerFont(TTFont(f.name, str(f.path)))
            f._rl_registered = True
