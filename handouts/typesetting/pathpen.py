"""Glyph outline drawing callbacks (HarfBuzz and fontTools pen protocol) → PDF path operators in font units.

A leaf of the typesetting layers: both :mod:`._pdftext` (glyphs of the main font) and
:mod:`.fallback` (glyphs of the fallback fonts) draw outlines through it.
"""

from __future__ import annotations

from typing import Any


class PathPen:
    """HarfBuzz draw callbacks → PDF path operators in font units."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self.cur = (0.0, 0.0)

    def moveTo(self, p: tuple[float, float]) -> None:  # noqa: N802 (HarfBuzz pen protocol)
        self.ops.append(f"{p[0]:g} {p[1]:g} m")
        self.cur = p

    def lineTo(self, p: tuple[float, float]) -> None:  # noqa: N802
        self.ops.append(f"{p[0]:g} {p[1]:g} l")
        self.cur = p

    def qCurveTo(self, c: tuple[float, float], p: tuple[float, float]) -> None:  # noqa: N802
        x0, y0 = self.cur
        c1 = (x0 + 2 / 3 * (c[0] - x0), y0 + 2 / 3 * (c[1] - y0))
        c2 = (p[0] + 2 / 3 * (c[0] - p[0]), p[1] + 2 / 3 * (c[1] - p[1]))
        self.curveTo(c1, c2, p)

    def curveTo(self, c1: tuple[float, float], c2: tuple[float, float], p: tuple[float, float]) -> None:  # noqa: N802
        self.ops.append(f"{c1[0]:.1f} {c1[1]:.1f} {c2[0]:.1f} {c2[1]:.1f} {p[0]:g} {p[1]:g} c")
        self.cur = p

    def closePath(self) -> None:  # noqa: N802
        self.ops.append("h")


_PATHS: dict[tuple[str, int], str] = {}


def glyph_path(face: Any, gid: int) -> str:
    """Glyph ``gid`` of ``face`` (a :class:`~.fonts.Face`) as path operators in font units ("" when
    it has none), drawn through HarfBuzz once per process: the text writer's outlined marks and
    the draft mark (measured at one size, drawn at another) ask for the same glyphs."""
    key = (face.name, gid)
    path = _PATHS.get(key)
    if path is None:
        pen = PathPen()
        face.hb_font.draw_glyph_with_pen(gid, pen)
        path = _PATHS[key] = " ".join(pen.ops)
    return path
