"""Every font subset in a file has its own six-letter tag (ISO 32000-1, 9.6.4), the same in every run."""

from __future__ import annotations

import io
import re

import pikepdf
from hypothesis import given
from hypothesis import strategies as st

from handouts.pdf.fontnames import subset_tag
from handouts.pipeline import RenderContext, render
from tests.conftest import REPO

ARTICLE = "back-pain-after-surgery"


def _base_fonts(data: bytes) -> list[tuple[str, str]]:
    """(BaseFont, its descriptor's FontName) of every font on every page."""
    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        seen = set()
        for page in pdf.pages:
            for _, font in page.Resources.get("/Font", {}).items():
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
                out.append((str(font.BaseFont)[1:], str(font.FontDescriptor.FontName)[1:]))
    return out


def test_each_subset_has_its_own_tag_in_every_run() -> None:
    first = render(ARTICLE, "demo", "my", RenderContext(REPO)).pdf  # Sarabun regular, bold, italic; Noto Myanmar
    fonts = _base_fonts(first)
    assert len(fonts) >= 4
    tags = [name.split("+", 1)[0] for name, _ in fonts]
    assert all(re.fullmatch(r"[A-Z]{6}\+\S+", name) and name == described for name, described in fonts), fonts
    assert len(set(tags)) == len(tags), fonts
    assert render(ARTICLE, "demo", "my", RenderContext(REPO)).pdf == first  # deterministic bytes


@given(st.lists(st.tuples(st.sampled_from(["Sarabun-Regular", "Sarabun-Bold"]),
                          st.lists(st.integers(0, 3000), max_size=8)), max_size=40))  # fmt: skip
def test_tags_in_one_file_never_repeat(subsets: list[tuple[str, list[int]]]) -> None:
    taken: set[str] = set()
    tags = [subset_tag(font, glyphs, taken) for font, glyphs in subsets]
    assert len(set(tags)) == len(tags) and all(re.fullmatch(r"[A-Z]{6}", t) for t in tags)
