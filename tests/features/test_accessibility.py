"""Accessibility within ReportLab's reach: title bar, /Lang, exact text layer, alt text in the model."""

from __future__ import annotations

import pytest

from handouts.layout.extras import Personal
from handouts.pipeline import RenderContext, build_handout, layout_handout, render, resolve
from tests.conftest import REPO
from tests.features.helpers import ARTICLE, BEFORE_REVIEW, TITLES, reader, render_pdf

LANG_TAGS = {"en": "en-US", "th": "th-TH"}


@pytest.mark.parametrize("layout", ["single", "a5-booklet", "2up"])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_title_bar_and_language(lang: str, layout: str) -> None:
    r = reader(render_pdf(lang, layout=layout, profile="large" if layout == "single" else "standard"))
    root = r.trailer["/Root"]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert root["/Lang"] == LANG_TAGS[lang]
    assert r.metadata is not None and r.metadata.title == TITLES[lang]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_alt_text_is_kept_in_the_frame(lang: str) -> None:
    ctx = RenderContext(REPO, today=BEFORE_REVIEW)
    article, brand = resolve(ARTICLE, "riverside", ctx)
    frame = layout_handout(build_handout(article, brand, lang, ctx), brand, ctx).frame
    assert frame.logo is not None and frame.logo_alt == "Riverside Spine & Pain Centre logo"
    url = brand.online_url(ARTICLE, lang)
    assert frame.qr is not None and url is not None and frame.qr.url == url and url in frame.qr.alt
    no_qr = RenderContext(REPO, today=BEFORE_REVIEW, qr=False)
    assert layout_handout(build_handout(article, brand, lang, no_qr), brand, no_qr).frame.qr is None


@pytest.mark.parametrize(("lang", "note"), [("en", "Take 1 tablet after breakfast."),
                                             ("th", "กินยาครั้งละ ๑ เม็ด หลังอาหารเช้า ห้ามขับรถ")])  # fmt: skip
def test_text_layer_reads_exactly(lang: str, note: str) -> None:
    """Screen readers and copy/paste get the exact characters (Thai tone marks and all)."""
    ctx = RenderContext(REPO, today=BEFORE_REVIEW, personal=Personal("", note))
    text = reader(render(ARTICLE, "demo", lang, ctx).pdf).pages[0].extract_text()
    assert note in [line.rstrip(" ") for line in text.splitlines()]
    # a line break in the title keeps its space (drawn at the line end: "Persist \nAfter")
    assert TITLES[lang] in " ".join(text.split())
