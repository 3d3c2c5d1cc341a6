"""Clear-print styles: the one place for sizes, leading and spacing.

Defaults follow RNIB/UKAAF clear-print guidance: body 14 pt, line spacing ≥ 1.5 (more for the
scripts whose marks stack: Thai 1.6, Lao 1.65, Khmer 1.75 for its coeng subscripts, Burmese 1.8
for its medials and stacked consonants; :mod:`handouts.typesetting.scripts`), left aligned, margins ≥ 15 mm, headings bold in
the clinic colour (the colour is contrast-checked ≥ 4.5:1 when the clinic is loaded).

Thai size: Sarabun's Thai letters are 0.586 em tall against a Latin x-height of 0.50 em
(measured with HarfBuzz extents of ก and x), so Thai at the same point size already reads
larger than Latin; it gets more leading, not a bigger size. Lao, Khmer and Burmese are scaled to
the same letter height by their fonts (:mod:`handouts.typesetting.fonts`), so the body size in
points is the same for every language and only the leading differs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from handouts.typesetting.scripts import for_lang

MM = 72 / 25.4
PAPER = {
    "A4": (595.2756, 841.8898),
    "Letter": (612.0, 792.0),
    "A5": (419.5276, 595.2756),  # half an A4 sheet: the page of an A5 booklet or a 2-up sheet
    "HalfLetter": (396.0, 612.0),  # half a Letter sheet (Statement)
}
HALF = {"A4": "A5", "Letter": "HalfLetter"}  # the sheet → its folded half


def is_half(paper: str) -> bool:
    """Is ``paper`` a half sheet (A5, half Letter)? It takes narrower margins and the compact frame."""
    return paper in HALF.values()


@dataclass(frozen=True, slots=True)
class Styles:
    """Sizes in points."""

    body: float = 14.0
    leading: float = 1.5
    title_leading: float = 1.3  # the title's (headings: at least 1.35): large type needs less; more for scripts that stack
    h2: float = 19.0
    h3: float = 16.5
    title: float = 25.0
    subtitle: float = 16.0
    small: float = 11.0
    tiny: float = 9.5  # document control and clinic address: for staff, not the patient's reading
    paragraph_gap: float = 8.0
    margin_x: float = 18 * MM
    margin_top: float = 16 * MM
    margin_bottom: float = 15 * MM
    header_height: float = 24 * MM
    list_indent: float = 8 * MM
    text: str = "#111111"
    muted: str = "#444444"

    def lead(self, size: float) -> float:
        return round(size * self.leading, 2)


PROFILES = ("standard", "large")
# A title line over a title line: at Latin's and Thai's 1.3, a Burmese medial ြ (1.0 em up) met the
# ည tail of the line above (0.54 em down) on the rendered pages. These are the tallest clusters of
# each script, measured with HarfBuzz in its Noto font (tests/chrome/test_leading.py keeps them so).
TITLE_LEADING = {"Mymr": 1.65, "Laoo": 1.6, "Khmr": 1.45}


def styles_for(lang: str, profile: str = "standard", paper: str = "A4") -> Styles:
    """Styles for a language (``th+my``: the one whose marks need more leading, for both columns),
    a print profile (``large`` reflows at 18 pt body) and a paper size.

    Half-sheet pages (A5, half Letter: booklets and 2-up) keep the type sizes and get
    15 mm side margins, the clear-print minimum, so a line still holds a readable measure.
    """
    scripts = [for_lang(x) for x in lang.split("+")]
    leading = max(s.leading if s is not None else 1.5 for s in scripts)
    title_leading = max(TITLE_LEADING.get(s.tag, 1.3) if s is not None else 1.3 for s in scripts)
    if profile == "large":
        st = Styles(body=18.0, leading=leading + 0.1, h2=24.0, h3=21.0, title=30.0, subtitle=20.0, small=14.0,
                    tiny=12.0, paragraph_gap=12.0, header_height=28 * MM, title_leading=title_leading)  # fmt: skip
    else:
        st = Styles(leading=leading, title_leading=title_leading)
    if is_half(paper):
        st = replace(st, margin_x=15 * MM, margin_top=13 * MM, margin_bottom=12 * MM)
    return st
