"""Callouts (GitHub alerts) and block quotes → boxed / ruled :class:`~.containers.Stack` flowables.

A callout is a box with a tinted background, a thick band on its left in the callout's colour
and, on its first line, a drawn (vector) sign and the translated label. NOTE, TIP and
IMPORTANT use the clinic colour; WARNING and CAUTION a red (:data:`RED`, 6.5:1 on white).
Every colour is checked against its tinted background and darkened until it reaches 4.5:1.
The box stays on one page when it fits on one (it moves whole to the next page).

A plain quote is indented with a grey rule beside it, and may split between its lines.
"""

from __future__ import annotations

import colorsys
from typing import Any

from handouts.branding import contrast_ratio
from handouts.layout.containers import Painter
from handouts.layout.styles import MM
from handouts.typesetting.flowable import hex_to_rgb
from handouts.typesetting.marks import artifact, marked

RED = "#B42318"  # WARNING / CAUTION: 6.5:1 against white
MIN_CONTRAST = 4.5
TINT = 0.07  # share of the callout colour in the box background
BAND = 1.6 * MM
RADIUS = 4 * MM
SIGN = 4.2 * MM  # the sign's size; the label starts after it


def tint(color: str, share: float = TINT) -> str:
    """``color`` mixed with white (``share`` of the colour).

    >>> tint("#000000", 0.1)
    '#E6E6E6'
    """
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * share) for c in (r, g, b)]
    return "#{:02X}{:02X}{:02X}".format(*mix)


def passing(color: str, background: str) -> str:
    """``color`` darkened just enough for 4.5:1 against ``background``.

    >>> passing("#1F4E79", "#FFFFFF")
    '#1F4E79'
    """
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    candidate = color
    while contrast_ratio(candidate, background) < MIN_CONTRAST and light > 0:
        light = max(0.0, light - 0.01)
        rr, gg, bb = colorsys.hls_to_rgb(h, light, s)
        candidate = "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in (rr, gg, bb)))
    return candidate


def colours(kind: str, primary: str) -> tuple[str, str]:
    """(ink, background) of a callout kind: ink passes 4.5:1 on the background."""
    base = RED if kind in ("warning", "caution") else primary
    bg = tint(base)
    return passing(base, bg), bg


def box_painter(kind: str, ink: str, bg: str) -> Painter:
    def paint(canv: Any, x: float, y: float, w: float, h: float, first: bool, last: bool) -> None:
        # rounded corners wider than a table finder's snapping tolerance, and a band that does
        # not touch the box's edges: no ruled grid, so a callout is never read back as a table
        r = min(RADIUS, h / 2, w / 2)
        canv.saveState()
        canv.setFillColorRGB(*hex_to_rgb(bg))
        canv.roundRect(x, y, w, h, r, stroke=0, fill=1)
        canv.setStrokeColorRGB(*hex_to_rgb(ink))
        canv.setLineWidth(BAND)
        canv.setLineCap(1)
        inset = max(r, BAND)
        if h > 2 * inset:
            canv.line(x + BAND, y + inset, x + BAND, y + h - inset)
        canv.restoreState()

    _ = kind
    return paint


def quote_painter(color: str) -> Painter:
    def paint(canv: Any, x: float, y: float, w: float, h: float, first: bool, last: bool) -> None:
        canv.saveState()
        canv.setStrokeColorRGB(*hex_to_rgb(color))
        canv.setLineWidth(2.0)
        canv.line(x + 1.0, y, x + 1.0, y + h)
        canv.restoreState()

    return paint


class Sign:
    """The callout's drawn sign: a circle with i (note), a circle with a check (tip), a circle with
    ! (important), a triangle with ! (warning), an octagon with ! (caution). No text: an artifact."""

    role = "Artifact"

    def __init__(self, kind: str, ink: str, size: float) -> None:
        self.kind, self.ink, self.size = kind, ink, size

    def draw(self, canv: Any, x: float, y: float) -> None:
        """Draw with the sign's bottom-left corner at (x, y)."""
        s = self.size
        cx, cy = x + s / 2, y + s / 2
        canv.saveState()
        canv.setFillColorRGB(*hex_to_rgb(self.ink))
        canv.setStrokeColorRGB(1, 1, 1)
        p = canv.beginPath()
        if self.kind == "warning":
            p.moveTo(cx, y + s)
            p.lineTo(x + s, y + s * 0.08)
            p.lineTo(x, y + s * 0.08)
            p.close()
        elif self.kind == "caution":
            import math

            r = s / 2
            for k in range(8):
                a = math.pi / 8 + k * math.pi / 4
                (p.moveTo if k == 0 else p.lineTo)(cx + r * math.cos(a), cy + r * math.sin(a))
            p.close()
        else:
            p.circle(cx, cy, s / 2)
        canv.drawPath(p, stroke=0, fill=1)
        canv.setLineWidth(s * 0.13)
        canv.setLineCap(1)
        canv.setFillColorRGB(1, 1, 1)
        if self.kind == "note":  # i
            canv.circle(cx, cy + s * 0.24, s * 0.07, stroke=0, fill=1)
            canv.line(cx, cy - s * 0.24, cx, cy + s * 0.06)
        elif self.kind == "tip":  # a check mark
            canv.line(cx - s * 0.22, cy, cx - s * 0.05, cy - s * 0.18)
            canv.line(cx - s * 0.05, cy - s * 0.18, cx + s * 0.24, cy + s * 0.2)
        else:  # !
            low = y + s * 0.2 if self.kind == "warning" else cy - s * 0.26
            canv.circle(cx, low + s * 0.02, s * 0.07, stroke=0, fill=1)
            canv.line(cx, low + s * 0.2, cx, low + s * (0.52 if self.kind == "warning" else 0.5))
        canv.restoreState()


class SignedLabel:
    """The callout's first line: the sign, then the label (a TextBlock) beside it."""

    role = "Lbl"

    def __init__(self, sign: Sign, label: Any) -> None:
        self.sign, self.label = sign, label
        self.space_before, self.space_after = 0.0, 1.0
        self.keepWithNext = True
        self.leading = label.leading
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        _, h = self.label.wrap(availWidth - self.sign.size - 2 * MM, availHeight)
        self.height = max(h, self.sign.size)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        return [self] if self.wrap(availWidth, availHeight)[1] <= availHeight else []

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        top = y + self.height
        line = self.label.leading
        with marked(canv, artifact("Layout")):  # the label says it in words
            self.sign.draw(canv, x, top - line / 2 - self.sign.size / 2)
        self.label.drawOn(canv, x + self.sign.size + 2 * MM, top - self.label.height)
