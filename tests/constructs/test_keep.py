"""What a page break must not separate: a box's label from its first line, a medicine (one source
row of a table stacked as label–value rows) from its dose."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.layout.containers import Stack


class _Block:
    """A flowable of a fixed height that cannot split."""

    def __init__(self, height: float, keep_with_next: bool = False) -> None:
        self.h, self.keepWithNext = height, keep_with_next
        self.space_before = self.space_after = 0.0
        self.leading = 12.0
        self.height = height

    def wrap(self, w: float, h: float) -> tuple[float, float]:
        return w, self.h

    def split(self, w: float, h: float) -> list[Any]:
        return [self] if self.h <= h else []

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        pass


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(5, 200), st.booleans()), min_size=2, max_size=8), st.floats(10, 400))
def test_a_split_stack_never_ends_with_a_block_kept_with_the_next(blocks: list[tuple[float, bool]], room: float) -> None:
    stack = Stack([_Block(h, k) for h, k in blocks])
    stack._page_h = 10_000.0  # (not a kept box: it may split)
    parts = stack.split(300, room)
    if len(parts) == 2:
        head = parts[0].children  # type: ignore[attr-defined]
        assert head and not head[-1].keepWithNext
        assert sum(b.h for b in head) <= room + 1e-6


def test_a_label_alone_moves_with_its_box() -> None:
    label, body = _Block(14, keep_with_next=True), _Block(200)
    stack = Stack([label, body])
    stack._page_h = 150.0  # taller than a page: it has to split somewhere
    assert stack.split(300, 60) == []  # not the label alone at the foot of the page


@pytest.mark.parametrize("lang", ["th+en", "en+th"])
def test_a_medicine_is_never_split_from_its_dose(lang: str) -> None:
    """The demo's medicine table stacked in a bilingual column: each medicine's four label–value
    rows on one page."""
    import io

    import pdfplumber

    from handouts.pipeline import RenderContext, render
    from tests.conftest import REPO

    for profile in ("standard", "large"):
        data = render("spine-surgery-home-care", "demo", lang, RenderContext(REPO, profile=profile)).pdf
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [p.extract_text() or "" for p in pdf.pages]
        for medicine, dose in (("Paracetamol", "2 tablets"), ("Celecoxib", "1 capsule"), ("Senna", "At bedtime")):
            where = [i for i, text in enumerate(pages) if medicine in text]
            assert where and dose in pages[where[0]], (lang, profile, medicine, where)


@pytest.mark.parametrize("lang", ["km+lo", "th"])
def test_the_half_page_logo_stays_above_the_header_rule(lang: str) -> None:
    """A5 pages: the small logo is centred on the header line, not on it and the draft lines under
    the rule (two lines of a bilingual draft text put it across the rule)."""
    import io

    import pdfplumber

    from handouts.pipeline import RenderContext, render
    from tests.conftest import REPO

    data = render("back-pain-after-surgery", "demo", lang, RenderContext(REPO, layout="a5-booklet")).pdf
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        rules = sorted(ln["top"] for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5 and ln["x1"] - ln["x0"] > 200)
        logos = [im for im in page.images if im["bottom"] < 100]
        assert rules and logos, (rules, logos)
        assert all(im["bottom"] <= rules[0] + 0.5 for im in logos), ([im["bottom"] for im in logos], rules[0])


@pytest.mark.parametrize(
    ("langs", "profile", "layout"),
    [("th+en", "standard", "single"), ("en+th", "large", "single"), ("my+th", "large", "single"),
     ("th", "large", "single"), ("th+en", "large", "a5-booklet"), ("my+th", "standard", "2up")],  # fmt: skip
)
def test_keeping_a_medicine_whole_never_overflows_a_page(langs: str, profile: str, layout: str) -> None:
    """A group moves to the next page only when it fits a page's body there (measured from the
    page's real frame, which a bilingual large-print footer makes as small as 37 % of the sheet)."""
    from handouts.pipeline import RenderContext, build_handout, layout_handout, resolve
    from tests.conftest import REPO

    ctx = RenderContext(REPO, profile=profile, layout=layout)
    article, brand = resolve("spine-surgery-home-care", "demo", ctx)
    first, *rest = langs.split("+")
    second = build_handout(article, brand, rest[0], ctx) if rest else None
    laid = layout_handout(build_handout(article, brand, first, ctx), brand, ctx, second)
    for page in laid.pages:
        for placed in page:
            assert placed.y + placed.block.height <= laid.body_height + 0.01, (langs, profile, layout)


@pytest.mark.parametrize(("lang", "profile", "whole"), [("th+en", "standard", True), ("en", "large", True),
                                                    ("en+th", "large", False)])  # fmt: skip
def test_a_warning_box_that_fits_a_page_is_on_one_page(lang: str, profile: str, whole: bool) -> None:
    """Its label and its whole list of red flags together (a bilingual column's box knows the page too);
    a box taller than a page's body (bilingual large print) splits, its label with its first item."""
    import io

    import pdfplumber

    from handouts.pipeline import RenderContext, render
    from tests.conftest import REPO

    data = render("spine-surgery-home-care", "demo", lang, RenderContext(REPO, profile=profile)).pdf
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    start = [i for i, text in enumerate(pages) if "Warning" in text]
    assert start, "the box's label"
    assert all(w in pages[start[0]] for w in (("38", "bladder", "calf") if whole else ("38",))), (lang, profile, start)


def test_a_box_in_a_column_moves_whole_when_it_fits_a_fresh_page() -> None:
    """A bilingual column offers a box only what is left of the page: it knows a fresh page's body
    from the frame, so it moves whole instead of splitting."""
    from handouts.diagnostics import Diagnostics
    from handouts.layout import blocks as layout_blocks
    from handouts.layout.styles import styles_for
    from handouts.model import Callout
    from handouts.pipeline import RenderContext, build_handout, resolve
    from tests.conftest import REPO

    ctx = RenderContext(REPO)
    article, brand = resolve("spine-surgery-home-care", "demo", ctx)
    box = next(b for b in build_handout(article, brand, "en", ctx).blocks if isinstance(b, Callout) and len(b.blocks) > 1)
    for body, moves in ((600.0, True), (0.0, False)):
        [flow] = layout_blocks.build((box,), "en", styles_for("en"), "#1F4E79", Diagnostics(), body_height=body)
        _, height = flow.wrap(250, 1.0)  # (a column is never offered a whole page)
        room = height * 0.6  # what is left at the foot of a page
        parts = flow.split(250, room)
        assert (parts == []) is moves, (body, len(parts))


class _Body:
    """What :func:`~handouts.layout.pages.paginate` reads of a laid-out handout: the body frame."""

    def __init__(self, height: float, width: float = 300.0) -> None:
        self.body_width, self.body_height = width, height
        self.pages: list[list[Any]] = []


def _pages_of(blocks: list[Any], body: float = 300.0, width: float = 300.0) -> list[list[Any]]:
    from handouts.layout.pages import paginate

    laid = paginate(blocks, _Body(body, width))  # type: ignore[arg-type]
    return [[p.block for p in page] for page in laid.pages]


@pytest.mark.parametrize("follower", ["box", "short paragraph", "figure"])
def test_a_heading_never_ends_a_page_when_what_follows_it_moves_to_the_next(follower: str) -> None:
    """A heading at a page's foot above a box kept whole, a three-line paragraph (too short to
    split) or a figure: two lines' room under the heading is not enough, the heading moves with it
    (it stood alone at the foot of the page, its box on the next)."""
    filler, heading = _Block(250), _Block(20, keep_with_next=True)
    nxt = {"box": Stack([_Block(14, keep_with_next=True), _Block(120)], keep=True, page_hint=300.0),
           "short paragraph": _Block(36), "figure": _Block(100)}[follower]  # fmt: skip
    pages = _pages_of([filler, heading, nxt])
    assert pages == [[filler], [heading, nxt]]


def test_headings_kept_together_move_with_a_box_that_moves() -> None:
    filler, h2, h3 = _Block(200), _Block(20, keep_with_next=True), _Block(18, keep_with_next=True)
    box = Stack([_Block(14, keep_with_next=True), _Block(120)], keep=True, page_hint=300.0)
    assert _pages_of([filler, h2, h3, box]) == [[filler], [h2, h3, box]]


def test_a_heading_stays_above_what_can_start_under_it() -> None:
    """A box taller than a page starts under its heading at a page's foot; a block that fits follows it."""
    top, heading = _Block(150), _Block(20, keep_with_next=True)
    long_box = Stack([_Block(14, keep_with_next=True), *(_Block(40) for _ in range(10))], keep=True, page_hint=300.0)
    pages = _pages_of([top, heading, long_box])
    assert pages[0][:2] == [top, heading] and len(pages[0]) == 3, pages
    fits = _Block(60)
    assert _pages_of([top, heading, fits]) == [[top, heading, fits]]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(5, 120), min_size=1, max_size=6), st.floats(20, 400), st.booleans())
def test_a_stack_and_its_parts_never_run_past_the_room_they_are_given(heights: list[float], room: float,
                                                                       keep: bool) -> None:  # fmt: skip
    """Padding included: a box whose children fitted above half its bottom padding was kept whole
    and ran up to that half past the body, into the footer's band."""
    stack = Stack([_Block(h) for h in heights], pad=(5.0, 3.0, 10.0, 8.0), keep=keep)
    stack._page_h = 10_000.0 if not keep else room
    parts = stack.split(300, room)
    if parts:
        assert parts[0].wrap(300, room)[1] <= room + 1e-6


def test_a_box_ending_in_its_bottom_padding_moves_its_last_line_on() -> None:
    a, b = _Block(40), _Block(40)
    stack = Stack([a, b], pad=(5.0, 0.0, 10.0, 0.0))
    head, tail = stack.split(300, 91)  # 5 + 40 + 40 + 10 = 95: b does not fit above the padding
    assert head.children == [a] and tail.children == [b]  # type: ignore[attr-defined]


def test_a_box_continued_on_the_next_page_repeats_its_label() -> None:
    """A warning box taller than a page goes on overleaf under its label again (drawn as an
    artifact, as a table's repeated header): the red flags on the second page were in a box that
    no longer said it was a warning."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from handouts.diagnostics import Diagnostics
    from handouts.layout import blocks as layout_blocks
    from handouts.layout.callouts import SignedLabel
    from handouts.layout.styles import styles_for
    from handouts.model import Callout, Paragraph, Source, Text

    src = Source("a.md", 1)
    paras = tuple(Paragraph((Text(f"Red flag number {k}: call 1669 now."),), src) for k in range(40))
    box = Callout("warning", "Warning", paras, src)
    [flow] = layout_blocks.build((box,), "en", styles_for("en"), "#1F4E79", Diagnostics(), body_height=500.0)
    _, height = flow.wrap(400, 500)
    assert height > 1000
    rest, parts = flow, []
    while True:
        pieces = rest.split(400, 500)
        assert pieces, "it splits"
        parts.append(pieces[0])
        if len(pieces) == 1:
            break
        rest = pieces[1]
    assert len(parts) >= 3
    for part in parts:
        first = part.children[0]  # type: ignore[attr-defined]
        assert isinstance(first, SignedLabel) and first.label.line_texts() == ["Warning"]
        assert part.wrap(400, 500)[1] <= 500 + 1e-6
        part.drawOn(Canvas(io.BytesIO()), 0, 0)
    assert [type(p.children[1]).__name__ for p in parts[1:]] == ["TextBlock"] * (len(parts) - 1)  # type: ignore[attr-defined]


@pytest.mark.parametrize("room_lines", [0, 1])
def test_a_step_introducing_sub_steps_never_ends_a_page_without_them(room_lines: int) -> None:
    """"2. Prepare the injection:" at the foot of a page with its sub-steps overleaf: it goes with
    them (as a heading does); a step without sub-steps stays where it fits."""
    from handouts.diagnostics import Diagnostics
    from handouts.layout import blocks as layout_blocks
    from handouts.layout.styles import styles_for
    from handouts.model import BulletList, ListItem, Source, Text

    src = Source("a.md", 1)

    def item(text: str, *children: BulletList) -> ListItem:
        return ListItem((Text(text),), src, True, children)

    subs = BulletList(tuple(item(f"check number {k}") for k in range(1, 4)), ordered=True)
    steps = BulletList((item("Wash your hands."), item("Prepare the injection:", subs), item("Inject it.")), ordered=True)
    st_ = styles_for("en")
    flows = layout_blocks.build((steps,), "en", st_, "#1F4E79", Diagnostics())
    first, lead = flows[0], flows[1]
    assert lead.keepWithNext and not first.keepWithNext
    h1 = first.wrap(400, 1000)[1] + first.space_after
    h2 = lead.wrap(400, 1000)[1]
    body = h1 + lead.space_before + h2 + room_lines * 0.5 * lead.leading  # under one sub-step's room after "Prepare"
    pages = _pages_of(flows, body)
    assert pages[0] == [first] and pages[1][0] is lead, [len(p) for p in pages]


def test_a_long_step_with_sub_steps_still_splits_at_a_page_foot() -> None:
    """Kept with its sub-steps, a long step is not moved whole (a page foot left empty): it splits,
    its last lines go on with the sub-steps."""
    from handouts.diagnostics import Diagnostics
    from handouts.layout import blocks as layout_blocks
    from handouts.layout.styles import styles_for
    from handouts.model import BulletList, ListItem, Source, Text

    src = Source("a.md", 1)
    subs = BulletList((ListItem((Text("check the name"),), src), ListItem((Text("check the dose"),), src)), ordered=True)
    long_text = " ".join(["Prepare the injection pen on a clean table and read its label twice."] * 6)
    steps = BulletList((ListItem((Text(long_text),), src, True, (subs,)),), ordered=True)
    flows = layout_blocks.build((steps,), "en", styles_for("en"), "#1F4E79", Diagnostics())
    lead = flows[0]
    lines = lead.wrap(300, 1000)[1] / lead.leading
    assert lines >= 8
    filler = _Block(100)
    pages = _pages_of([filler, *flows], 100 + 4.5 * lead.leading)
    assert len(pages[0]) == 2 and pages[0][1] is not lead  # its first lines at the foot of page 1
    assert pages[1][0].keepWithNext and pages[1][1] is flows[1]


def test_a_step_with_sub_steps_longer_than_a_page_splits_on_a_fresh_page() -> None:
    """Kept with what follows it, a step taller than a whole page is still split (it ran past the
    footer when it began a page)."""
    from handouts.diagnostics import Diagnostics
    from handouts.layout import blocks as layout_blocks
    from handouts.layout.styles import styles_for
    from handouts.model import BulletList, ListItem, Source, Text

    src = Source("a.md", 1)
    subs = BulletList((ListItem((Text("check the name"),), src),), ordered=True)
    long_text = " ".join(["Prepare the injection pen on a clean table and read its label twice."] * 40)
    steps = BulletList((ListItem((Text(long_text),), src, True, (subs,)),), ordered=True)
    flows = layout_blocks.build((steps,), "en", styles_for("en"), "#1F4E79", Diagnostics())
    body = 300.0
    from handouts.layout.pages import paginate

    laid = paginate(flows, _Body(body))  # type: ignore[arg-type]
    assert len(laid.pages) >= 2
    for page in laid.pages:
        for placed in page:
            assert placed.y + placed.block.height <= body + 1e-6


def test_headings_over_a_box_that_fits_no_page_with_them_keep_it_under_them() -> None:
    """Two headings, then a box that fits a page alone but not under them: the box begins under
    the headings and goes on overleaf (each heading was left alone on a page of its own, the box
    on a third)."""
    h2, h3 = _Block(20, keep_with_next=True), _Block(20, keep_with_next=True)
    box = Stack([_Block(14, keep_with_next=True), *(_Block(45) for _ in range(6))], keep=True, page_hint=300.0)
    assert box.wrap(300, 300)[1] <= 300
    pages = _pages_of([_Block(100), h2, h3, box])
    assert pages[0] == [pages[0][0]] and pages[1][:2] == [h2, h3] and len(pages[1]) == 3, [len(p) for p in pages]
    assert len(pages) == 3 and pages[2][0].keep  # type: ignore[attr-defined]  (the rest is still kept whole)


@pytest.mark.parametrize("body", [441.0, 613.0])
def test_a_tall_picture_and_its_caption_leave_room_for_its_heading(body: float) -> None:
    """A tall photo with a two-sentence caption on a bilingual large-print page (a body of 441 pt):
    40 % of the sheet and the caption ran past the footer, and its heading stood alone on the
    page before; the picture with its caption is at most three quarters of a page's body."""
    from handouts.diagnostics import Diagnostics
    from handouts.layout import blocks as layout_blocks
    from handouts.layout.styles import styles_for
    from handouts.model import Figure, Heading, Source, Text

    src = Source("a.md", 1)
    caption = (Text("Hold the pen upright against the skin of your belly, press the button until it clicks and count "
                    "slowly to ten before you lift it away from the skin."),)  # fmt: skip
    fig = Figure("x.png", "x.png", "png", 150.0, 3000.0, "A pen held upright", caption, src)
    heading = Heading(2, (Text("How to hold the pen"),), src)
    flows = layout_blocks.build((heading, fig), "en", styles_for("en", "large"), "#1F4E79", Diagnostics(),
                                page_height=842.0, body_height=body)  # fmt: skip
    _, h = flows[1].wrap(240, body)
    assert h <= 0.75 * body + 1e-6
    pages = _pages_of([_Block(body - 40), *flows], body)
    assert pages[1] == flows, [len(p) for p in pages]
    if body > 600:  # an A4 page's body: 40 % of the sheet, as before
        assert flows[1].img_h == pytest.approx(0.4 * 842.0)  # type: ignore[attr-defined]


@settings(max_examples=12, deadline=None)
@given(st.floats(0.0, 400.0), st.sampled_from(["en+th", "th+en"]))
def test_two_headings_over_a_tall_picture_stay_with_it_in_bilingual_large_print(filler: float, langs: str) -> None:
    """A heading, a sub-heading and a tall picture, side by side in two languages at large print
    (a body of 441 pt): the headings wrap to several lines in a column, and with the picture (up
    to three quarters of the body) they filled more than a page, so both headings stood alone at
    the foot of a page and the picture came overleaf. The picture shrinks to stand under them."""
    from handouts.diagnostics import Diagnostics
    from handouts.layout.bilingual import rows
    from handouts.layout.figures import FigureBlock
    from handouts.layout.styles import styles_for
    from handouts.model import Figure, Heading, Source, Text

    body, width = 441.0, 493.0  # a bilingual large-print page's body
    src = Source("a.md", 1)
    words = {"en": ("What to do when the pain comes back after the operation", "Exercises you can do at home each day",
                    "Lie on your back with your knees bent and your feet flat on the bed."),
             "th": ("สิ่งที่ควรทำเมื่ออาการปวดกลับมาอีกครั้งหลังการผ่าตัด", "ท่าบริหารที่ทำได้ที่บ้านทุกวัน",
                    "นอนหงาย ชันเข่าทั้งสองข้าง วางเท้าราบกับเตียง")}  # fmt: skip

    def blocks(lang: str) -> tuple[Any, ...]:
        h2, h3, cap = words[lang]
        return (Heading(2, (Text(h2),), src), Heading(3, (Text(h3),), src),
                Figure("x.png", "x.png", "png", 600.0, 1800.0, "A person lying on the back", (Text(cap),), src))  # fmt: skip

    first, second = langs.split("+")
    flows = rows(blocks(first), blocks(second), (first, second), styles_for(langs, "large"), "#1F4E79", Diagnostics(),
                 page_height=595.0, body_height=body)  # fmt: skip
    assert sum(r.wrap(width, body)[1] + r.space_after for r in flows) > body  # (too tall together as they were)
    lead = _Block(filler)
    pages = _pages_of([lead, *flows], body, width)
    where = {id(b): n for n, page in enumerate(pages) for b in page}
    assert id(flows[0]) in where and where.get(id(flows[1])) == where[id(flows[0])]
    figure = next(b for page in pages for b in page if isinstance(getattr(b, "left", None), FigureBlock))
    assert where[id(figure)] == where[id(flows[0])], [len(p) for p in pages]
    for page in pages[:-1]:
        assert not page[-1].keepWithNext, "a heading ends a page"
    for page in pages:
        assert sum(b.wrap(width, body)[1] for b in page) <= body + 1e-6


class _Cell:
    """A table cell of a fixed height."""

    leading = 12.0

    def __init__(self, height: float) -> None:
        self.h = height

    def wrap(self, w: float, h: float) -> tuple[float, float]:
        return w, self.h


@settings(max_examples=120, deadline=None)
@given(st.lists(st.floats(14, 60), min_size=2, max_size=12), st.floats(20, 700 - 72))  # (below a page's top)
def test_a_table_never_leaves_one_row_alone_on_a_page(heights: list[float], room: float) -> None:
    """A table breaking at a page leaves at least two body rows on each side (the header and one
    dose at the foot of a page, or the last dose alone over the page, was a lone row): it breaks
    one row earlier, or moves to the next page whole."""
    from handouts.layout.styles import styles_for
    from handouts.layout.tables import PAD_Y, TableBlock

    page = 700.0
    rows = [[_Cell(h), _Cell(h / 2)] for h in heights]
    table = TableBlock([_Cell(14), _Cell(14)], rows, ("left", "left"), styles_for("en"), "#1F4E79",  # type: ignore[list-item]
                       widths=[100.0, 100.0], page_hint=page)  # fmt: skip
    parts = table.split(200, room)
    if parts == [] or len(parts) == 1:
        return  # moved on whole, or all of it fits here
    head, rest = parts
    assert len(head.rows) >= 2 and len(rest.rows) >= 2, (len(head.rows), len(rest.rows))
    assert 14 + 2 * PAD_Y + sum(h + 2 * PAD_Y for h in heights[: len(head.rows)]) <= room + 1e-6


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(14, 340), min_size=2, max_size=6), st.floats(0, 71), st.booleans())
def test_a_table_near_a_page_top_never_moves_on(heights: list[float], short: float, stacked: bool) -> None:
    """A table offered nearly a whole page (in a box: the page less its padding and label) breaks
    there when it must, lone row or not: moving on would find the same room on every page."""
    from handouts.layout.styles import styles_for
    from handouts.layout.tables import TableBlock

    page = 700.0
    rows = [[_Cell(h), _Cell(h / 2)] for h in heights]
    table = TableBlock(None if stacked else [_Cell(14), _Cell(14)], rows, ("left", "left"),  # type: ignore[arg-type]
                       styles_for("en"), "#1F4E79", widths=[100.0, 100.0], page_hint=page, stacked=stacked,
                       groups=range(0, len(rows), 2) if stacked else ())  # label–value rows: a source row, two rows  # fmt: skip
    assert table.split(200, page - short) != []


@pytest.mark.parametrize("short_rows", [0, 1, 2, 5])
def test_a_row_taller_than_a_page_starts_where_it_is(short_rows: int) -> None:
    """Short rows and then one taller than a page: the table starts where it is, and so does the
    tall row, under the rows that fit (it is split across pages whatever happens; moved on whole,
    it left the page under the short rows blank, most of a page with one or two of them)."""
    from handouts.layout.styles import styles_for
    from handouts.layout.tables import PAD_Y, TableBlock
    from handouts.typesetting.flowable import TextBlock
    from handouts.typesetting.spans import Span, TextStyle

    def cell(text: str) -> TextBlock:
        return TextBlock((Span(text, TextStyle(size=14)),), leading=22.0)

    long = " ".join(["This cell is very long and keeps going."] * 150)
    rows = [[cell(f"Row {k}"), cell("short")] for k in range(short_rows)] + [[cell("Tall"), cell(long)]]
    table = TableBlock([cell("Item"), cell("Note")], rows, ("left", "left"), styles_for("en"), "#1F4E79",
                       widths=[100.0, 300.0], page_hint=700.0)  # fmt: skip
    room = 300.0
    parts = table.split(400, room)
    assert len(parts) == 2
    top, rest = parts
    assert len(top.rows) == short_rows + 1 and len(rest.rows) == 1
    assert top.wrap(400, room)[1] <= room + 1e-6
    here, there = top.rows[-1][1], rest.rows[0][1]
    assert len(here._lines) >= 2 and "".join(here.line_texts() + there.line_texts()) == long
    assert top.wrap(400, room)[1] > room - 2 * 22.0 - 2 * PAD_Y  # the room under the short rows is used
