"""Large print (``--profile large``): the handout reflows at 18 pt body, read back from the PDF."""

from __future__ import annotations

import pytest

from handouts.layout.pages import LaidOut
from handouts.pipeline import RenderContext, build_handout, layout_handout, resolve
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.lines import fallback_breaks
from handouts.typesetting.segment import break_opportunities
from tests.conftest import REPO
from tests.features.helpers import ARTICLE, BEFORE_REVIEW, font_sizes, reader, render_pdf


def _laid(lang: str, profile: str) -> tuple[LaidOut, RenderContext]:
    ctx = RenderContext(REPO, today=BEFORE_REVIEW, profile=profile)
    article, brand = resolve(ARTICLE, "demo", ctx)
    return layout_handout(build_handout(article, brand, lang, ctx), brand, ctx), ctx


@pytest.mark.parametrize("lang", ["en", "th"])
def test_large_profile_sets_18pt_body_and_adds_pages(lang: str) -> None:
    standard, large = render_pdf(lang), render_pdf(lang, profile="large")
    std_sizes, large_sizes = font_sizes(standard), font_sizes(large)
    # the body is the size most lines are set in
    assert std_sizes.most_common(1)[0][0] == 14.0
    assert large_sizes.most_common(1)[0][0] == 18.0
    # headings grow too (h2 24 pt, title 30 pt), and nothing in the body is set below 18 pt
    assert 24.0 in large_sizes and 30.0 in large_sizes
    assert sum(n for size, n in large_sizes.items() if size >= 18) > 0.6 * sum(large_sizes.values())
    assert len(reader(large).pages) > len(reader(standard).pages)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_large_profile_keeps_headings_lists_and_thai_breaks(lang: str) -> None:
    laid, ctx = _laid(lang, "large")
    keep = ctx.keep_words("th")
    blocks = [p.block for page in laid.pages for p in page]
    text_blocks = [b for b in blocks if isinstance(b, TextBlock)]
    # a heading is never the last block of a page
    for page in laid.pages[:-1]:
        assert not page[-1].block.keepWithNext, "a heading was left at the bottom of a page"
    # list items: 18 pt text and bullets, indented
    items = [b for b in text_blocks if b.bullet is not None]
    assert items and all(b.bullet is not None and b.bullet.style.size == 18.0 and b.indent > 0 for b in items)
    assert all(s.style.size == 18.0 for b in items for s in b.spans)
    # every line ends at a break opportunity of the segmenter (never inside a Thai word)
    for b in text_blocks:
        lines = b.line_texts()
        joined = "".join(lines)
        start = b.text.find(joined)
        assert start >= 0
        # or, where total fit needs it against an under-full line, at a fallback break: the inner
        # boundary of a compound, a hyphenation point of a Latin word (a hyphen is drawn there)
        prep = b._prepared()
        allowed = {0, len(b.text), *break_opportunities(b.text, keep)}
        for a, z in zip(prep.cuts, prep.cuts[1:]):
            allowed.update(fallback_breaks(prep, a, z, keep))
        pos = start
        for line, atoms in list(zip(lines, b._lines))[:-1]:
            pos += len(line)
            hyphenated = atoms[-1].hyphen is not None and b.text[pos - 1].isalpha() and b.text[pos].isalpha()
            assert pos in allowed or hyphenated, f"line broken inside a word: {line[-12:]!r}|{b.text[pos:pos + 12]!r}"
    assert "typeset.word-split" not in ctx.diagnostics.codes()


def test_unknown_profile_is_a_clear_error() -> None:
    from tests.features.helpers import run

    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--profile", "huge", "-o", "-")
    assert code == 2
    assert err.strip() == "error: --profile: unknown profile 'huge' (profiles: standard, large)"


@pytest.mark.parametrize("article", ["spine-surgery-home-care", ARTICLE])
@pytest.mark.parametrize("lang", ["th+en", "en+th"])
def test_large_print_bilingual_takes_the_compact_frame_with_the_contact_block_once(article: str, lang: str) -> None:
    """Large print in two languages: the two languages' full footers (questions, emergency and
    document control, each at half the width) and the header took 42-50 % of every A4 page, and
    the home-care article ran to 13 pages. It takes the compact frame (one-line header and footer)
    and prints the contact block once, at the end, whole in both languages: the questions line
    with the clinic's LINE ID, the emergency line, and both languages' document control."""
    from handouts.pipeline import render

    ctx = RenderContext(REPO, today=BEFORE_REVIEW, profile="large")
    first, second = lang.split("+")
    article_, brand = resolve(article, "demo", ctx)
    h, s = build_handout(article_, brand, first, ctx), build_handout(article_, brand, second, ctx)
    laid = layout_handout(h, brand, ctx, s)
    assert laid.frame.compact and laid.frame_share() <= 0.15, f"{laid.frame_share():.1%}"
    data = render(article, "demo", lang, ctx).pdf
    assert "layout.frame-cut" not in ctx.diagnostics.codes()
    pages_ = reader(data).pages
    texts = [" ".join(page.extract_text().split()) for page in pages_]
    assert all(f"Page {n} of {len(texts)}" in t for n, t in enumerate(texts, 1))
    *rest, last = texts
    assert last.count("@demopainclinic") == 2, last[-600:]  # the Thai questions line and the English one, whole
    assert "1669" in last and all("@demopainclinic" not in t for t in rest)
    assert h.meta.version in last and h.content_hash[:8] in last and s.content_hash[:8] in last  # both controls
