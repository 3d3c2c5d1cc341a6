"""A picture's caption prints in italic, as its style says (the spans took only the bold of a base
style: the caption printed upright, like body text)."""

from __future__ import annotations

from pathlib import Path

from handouts.layout.blocks import spans
from handouts.model import Emphasis, Strong, Text
from handouts.typesetting.spans import TextStyle


def test_an_italic_base_style_stays_italic() -> None:
    base = TextStyle(face="italic", size=11.0)
    sp = spans((Text("The dressing "), Strong((Text("covers"),)), Emphasis((Text(" the wound"),))), base, "en", "#1F4E79")
    assert [s.style.face for s in sp] == ["italic", "bolditalic", "italic"]


def test_a_regular_base_style_is_unchanged() -> None:
    base = TextStyle(face="regular", size=11.0)
    sp = spans((Text("a "), Strong((Text("b"),)), Emphasis((Text("c"),))), base, "en", "#1F4E79")
    assert [s.style.face for s in sp] == ["regular", "bold", "italic"]


def test_a_message_about_a_caption_names_the_caption(cws: Path) -> None:
    """A character drawn from a fallback font in a caption was reported under the alt text's entry
    (the figure had one source, the alt text's), sending the translator to the wrong entry."""
    from handouts.pipeline import RenderContext, render
    from tests.constructs.conftest import write_article

    write_article(cws, "cap-glyph", '![A navy dot](images/dot.png "Done ✓")\n')
    ctx = RenderContext(cws)
    render("cap-glyph", "demo", "en", ctx)
    found = [d.message for d in ctx.diagnostics.items if d.code == "font.missing-glyph"]
    assert found and all("entry 'Done ✓'" in m and "A navy dot" not in m for m in found), found
