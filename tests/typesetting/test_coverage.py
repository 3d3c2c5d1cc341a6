"""The shipped table of drawable characters (``i18n check``'s, read without loading a font) is what
the fonts draw: every code point of the Basic Multilingual Plane, and beyond it what the fonts map."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from handouts.typesetting import coverage, fonts
from tests.conftest import REPO


def test_the_table_is_the_fonts_coverage() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import build_coverage
    finally:
        sys.path.remove(str(REPO / "tools"))
    assert coverage.DATA.read_text(encoding="ascii") == build_coverage.text(build_coverage.drawable()), (
        "the fonts changed: run python tools/build_coverage.py")


@given(st.text(max_size=30))
def test_it_names_what_the_fonts_name(text: str) -> None:
    """The same characters as :func:`handouts.typesetting.fonts.undrawable`, in the same order."""
    assert coverage.undrawable(text) == fonts.undrawable(text)


def test_it_loads_no_font() -> None:
    """Asking it imports no font library: ``i18n check`` names the characters without loading the typesetter."""
    import json
    import subprocess

    probe = ("import sys, json; from handouts.typesetting import coverage; "
             "print(json.dumps([coverage.undrawable('ok ๕ 😀 ५'), sorted(m.split('.')[0] for m in sys.modules)]))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(REPO), "PATH": ""})  # fmt: skip
    found, modules = json.loads(done.stdout)
    assert found == ["😀", "५"]
    assert not {"uharfbuzz", "reportlab", "fontTools", "icu", "thaibreak", "PIL"} & set(modules), modules


def test_the_gate_knows_what_the_fonts_draw_without_loading_them() -> None:
    """The render's gate checks every entry's characters: a text the shipped fonts draw passes
    without loading a font (HarfBuzz, four faces: some 8 ms of the model built beside the
    typesetter), and one they do not draw is named as before, from the fonts themselves."""
    from tests.typesetting.cachestate import fresh_process_state

    fresh_process_state()
    assert fonts.undrawable("ปวดหลัง ok 500 มก. ສະບາຍດີ ✓") == []
    assert fonts.font_set.cache_info().currsize == 0, "the fonts were loaded"
    assert fonts.undrawable("ok ✓ नम") == ["न", "म"]  # not all drawn: the whole check
    fresh_process_state()


def test_a_space_or_format_character_needs_a_glyph_exactly_when_harfbuzz_gives_it_one() -> None:
    """White space and format characters pass without a glyph only when HarfBuzz draws them as a
    space or as nothing: OGHAM SPACE MARK, ARABIC NUMBER SIGN, INTERLINEAR ANNOTATION ANCHOR… came
    out of the shaper as .notdef, which the typesetter refused naming no file, after the gate and
    ``i18n check`` had passed them. (Control characters and line separators are named by their own
    checks: they are never shaped.) The variation selectors and the other hidden marks too: HarfBuzz
    draws them as nothing, and "☎️" (☎ + U+FE0F) was refused for the selector."""
    import unicodedata

    import uharfbuzz as hb

    font = fonts.font_set().faces["regular"].hb_font
    cmap = fonts.font_set().faces["regular"].cmap
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        hidden = code in coverage._HIDDEN  # (a variation selector: ☎ + U+FE0F, as a phone writes it)
        if not (ch.isspace() or unicodedata.category(ch) == "Cf" or hidden) or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            continue
        buf = hb.Buffer()
        buf.add_str(f"a{ch}b")
        buf.guess_segment_properties()
        hb.shape(font, buf, {})
        notdef = 0 in [g.codepoint for g in buf.glyph_infos]
        assert (coverage.missing(cmap, ch) == (ch,)) == notdef, f"U+{code:04X}"
