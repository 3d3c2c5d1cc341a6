"""A5 booklet and 2-up: pages imposed on A4 landscape sheets in printer order (read back per half)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.impose import booklet_order, two_up_order
from tests.conftest import REPO
from tests.features.helpers import ARTICLE, TITLES, half_texts, page_label, qr_codes, reader, render_pdf, run

A4_LANDSCAPE = (841.9, 595.3)


def test_booklet_order_is_printer_order() -> None:
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert booklet_order(4) == [(4, 1), (2, 3)]
    # padded with blank pages to a multiple of four, the blanks at the end of the booklet
    assert booklet_order(5) == [(None, 1), (2, None), (None, 3), (4, 5)]
    assert booklet_order(6) == [(None, 1), (2, None), (6, 3), (4, 5)]
    assert booklet_order(1) == [(None, 1), (None, None)]
    for n in range(1, 30):
        order = booklet_order(n)
        assert len(order) % 2 == 0 and len(order) * 2 >= n
        placed = sorted(p for side in order for p in side if p is not None)
        assert placed == list(range(1, n + 1))
    assert two_up_order(3) == [(1, 1), (2, 2), (3, 3)]


def _folded_reading_order(sides: list[tuple[int | None, int | None]]) -> list[int | None]:
    """Fold the printed sheets (nested, fronts outwards) and read the pages front to back."""
    sheets = [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]
    n = 4 * len(sheets)
    pages: list[int | None] = [None] * n
    for s, (front, back) in enumerate(sheets):
        pages[n - 1 - 2 * s], pages[2 * s] = front  # front: left half is a back page, right half a front page
        pages[1 + 2 * s], pages[n - 2 - 2 * s] = back
    return pages


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a5_booklet_pages_read_in_order_when_folded(lang: str) -> None:
    data = render_pdf(lang, layout="a5-booklet")
    r = reader(data)
    for page in r.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4_LANDSCAPE
    halves = half_texts(data)
    labels = [(page_label(left), page_label(right)) for left, right in halves]
    total = next(lab[1] for side in labels for lab in side if lab is not None)
    assert len(r.pages) == len(booklet_order(total)) and len(r.pages) % 2 == 0
    # each half carries the page the printer order puts there ("page X of Y", Y = real pages)
    expected = booklet_order(total)
    for (left, right), (want_left, want_right) in zip(labels, expected, strict=True):
        assert (left[0] if left else None, right[0] if right else None) == (want_left, want_right)
        assert all(lab is None or lab[1] == total for lab in (left, right))
    # blank padding halves are empty
    for (left_text, right_text), (want_left, want_right) in zip(halves, expected, strict=True):
        if want_left is None:
            assert not left_text.strip()
        if want_right is None:
            assert not right_text.strip()
    # folded, the pages read 1, 2, 3, … (then the blank pages)
    read = _folded_reading_order([(a[0] if a else None, b[0] if b else None) for a, b in labels])
    assert [p for p in read if p is not None] == list(range(1, total + 1))
    assert read[:total] == list(range(1, total + 1))
    # page 1 (the title) is on the right half of the first side, with its QR code
    assert TITLES[lang][:12] in halves[0][1] and TITLES[lang][:12] not in halves[0][0]
    assert len(qr_codes(data, 0)) == 1


def test_a5_booklet_keeps_the_document_information() -> None:
    data = render_pdf("th", layout="a5-booklet")
    r = reader(data)
    root = r.trailer["/Root"]
    assert root["/Lang"] == "th-TH"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert root["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"
    assert r.metadata is not None and r.metadata.title == TITLES["th"]
    assert data == render_pdf("th", layout="a5-booklet"), "imposed output is deterministic"


@pytest.mark.parametrize("lang", ["en", "th"])
def test_2up_puts_two_copies_of_each_page_on_a_sheet(lang: str) -> None:
    single_a5 = render_pdf(lang, layout="a5-booklet")
    data = render_pdf(lang, layout="2up")
    r = reader(data)
    halves = half_texts(data)
    total = page_label(halves[0][0])
    assert total is not None
    assert len(r.pages) == total[1], "one sheet side per A5 page"
    for number, (left, right) in enumerate(halves, start=1):
        assert page_label(left) == page_label(right) == (number, total[1])
        assert " ".join(left.split()) == " ".join(right.split())
    for page in r.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4_LANDSCAPE
    # the same A5 pages as the booklet (laid out once, imposed differently)
    assert page_label(half_texts(single_a5)[0][1]) == (1, total[1])


def test_a5_pages_have_more_pages_than_a4() -> None:
    a4 = render_pdf("en")
    data = render_pdf("en", layout="2up")
    assert len(reader(data).pages) > len(reader(a4).pages)


def test_layout_option_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    code, stdout, err = run("render", ARTICLE, "-w", str(REPO), "--lang", "th", "--layout", "a5-booklet", "-o", str(out))
    assert code == 0, err
    assert "sheet sides (a5-booklet)" in err
    assert len(reader(out.read_bytes()).pages) % 2 == 0
    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--layout", "a5", "-o", str(out))
    assert code == 2
    assert err.strip() == "error: --layout: unknown layout 'a5' (layouts: single, a5-booklet, 2up)"


@pytest.mark.parametrize("profile", ["standard", "large"])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_half_pages_never_overflow_the_body_frame(lang: str, profile: str) -> None:
    from handouts.layout.extras import BesideTitle
    from handouts.pipeline import RenderContext, build_handout, layout_handout, resolve
    from tests.features.helpers import BEFORE_REVIEW

    ctx = RenderContext(REPO, today=BEFORE_REVIEW, profile=profile, layout="a5-booklet")
    article, brand = resolve(ARTICLE, "riverside", ctx)
    laid = layout_handout(build_handout(article, brand, lang, ctx), brand, ctx)
    assert laid.page_size == (419.5276, 595.2756)
    for page in laid.pages:
        for placed in page:
            assert placed.y + placed.block.height <= laid.body_height + 0.01
    assert isinstance(laid.pages[0][0].block, BesideTitle)
    assert "layout.frame-cut" not in ctx.diagnostics.codes()
