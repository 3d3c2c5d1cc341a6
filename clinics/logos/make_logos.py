"""Draw the two example clinic logos (deterministic; needs only Pillow).

    python clinics/logos/make_logos.py

The colours come from ``[colors]`` of ``clinics/demo.toml`` and ``clinics/riverside.toml``, so a
change of palette there is one re-run away. Each logo is a 600×600 px PNG with a transparent
background, drawn at 4× and downsampled for smooth edges, then stored as a palette PNG (< 30 KB).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw

HERE = Path(__file__).resolve().parent
CLINICS = HERE.parent
SIZE = 600  # final pixels
SS = 4  # supersampling factor


def colours(clinic: str) -> tuple[str, str]:
    with (CLINICS / f"{clinic}.toml").open("rb") as fh:
        c = tomllib.load(fh)["colors"]
    return c["primary"], c.get("accent", c["primary"])


def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
    """A box in 600-unit design coordinates, scaled to the supersampled canvas."""
    return (round(x0 * SS), round(y0 * SS), round(x1 * SS), round(y1 * SS))


def render(draw_mark: Callable[[Image.Image], None]) -> Image.Image:
    big = Image.new("RGBA", (SIZE * SS, SIZE * SS), (0, 0, 0, 0))
    draw_mark(big)
    return big.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def demo(primary: str, accent: str) -> Callable[[Image.Image], None]:
    """A ring around a straight stack of six vertebrae; the lowest-but-one (lower back) in the accent."""

    def mark(img: Image.Image) -> None:
        d = ImageDraw.Draw(img)
        d.ellipse(box(20, 20, 580, 580), outline=primary, width=34 * SS)
        widths = [132, 146, 160, 174, 188, 202]  # narrow at the neck, wide at the low back
        height, gap = 44, 16
        top = 300 - (6 * height + 5 * gap) / 2
        for i, w in enumerate(widths):
            y = top + i * (height + gap)
            fill = accent if i == 4 else primary
            d.rounded_rectangle(box(300 - w / 2, y, 300 + w / 2, y + height), radius=18 * SS, fill=fill)

    return mark


def riverside(primary: str, accent: str) -> Callable[[Image.Image], None]:
    """A teal rounded square: a gently curving white spine above a warm river."""

    def mark(img: Image.Image) -> None:
        d = ImageDraw.Draw(img)
        d.rounded_rectangle(box(20, 20, 580, 580), radius=130 * SS, fill=primary)
        # the spine: seven discs along a soft S-curve, wider towards the bottom
        for i in range(7):
            t = i / 6
            cx = 300 + 26 * math.sin(t * 2 * math.pi - 0.3)
            cy = 96 + i * 46
            w, h = 76 + 48 * t, 32
            d.rounded_rectangle(box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), radius=16 * SS, fill="white")

        # the river: a white ripple line and an accent band, clipped by the badge's rounded corners
        def wave(y0: float, amp: float, phase: float) -> list[tuple[float, float]]:
            return [(x * SS, (y0 + amp * math.sin(x / 600 * 2.5 * math.pi + phase)) * SS) for x in range(0, 601, 4)]

        river = Image.new("L", img.size, 0)
        r = ImageDraw.Draw(river)
        r.polygon([*wave(478, 16, 0.0), (600 * SS, 600 * SS), (0, 600 * SS)], fill=255)
        ripple = Image.new("L", img.size, 0)
        ImageDraw.Draw(ripple).line(wave(440, 14, 0.0), fill=255, width=12 * SS, joint="curve")
        badge = Image.new("L", img.size, 0)
        ImageDraw.Draw(badge).rounded_rectangle(box(20, 20, 580, 580), radius=130 * SS, fill=255)
        empty = Image.new("L", img.size, 0)
        img.paste(accent, (0, 0), Image.composite(river, empty, badge))
        img.paste("white", (0, 0), Image.composite(ripple, empty, badge))

    return mark


def save(img: Image.Image, path: Path, exact: list[str]) -> None:
    """Store as a 64-colour palette PNG; entries near a brand colour snap to it, near-opaque to opaque."""
    pal = img.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    targets = [ImageColor.getrgb(c)[:3] for c in exact]
    entries = pal.getpalette("RGBA") or []
    fixed: list[int] = []
    for i in range(0, len(entries), 4):
        r, g, b, a = entries[i : i + 4]
        for t in targets:
            if a >= 240 and max(abs(r - t[0]), abs(g - t[1]), abs(b - t[2])) <= 8:
                r, g, b = t
        fixed += [r, g, b, 255 if a >= 250 else a]
    pal.putpalette(fixed, "RGBA")
    pal.save(path, optimize=True)


def main() -> None:
    for name, design in (("demo", demo), ("riverside", riverside)):
        out = HERE / f"{name}.png"
        primary, accent = colours(name)
        save(render(design(primary, accent)), out, [primary, accent, "#FFFFFF"])
        print(f"{out.relative_to(CLINICS.parent)}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
