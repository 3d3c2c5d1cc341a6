"""Paper economy: the compact frame of half pages, the contact block once at the end, no nearly
empty last page, fold and cut marks (as Artifacts), and large print refused for 2-up."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from typing import Any, cast

import pytest

from handouts.errors import UsageError
from handouts.layout.contact import ContactBlock
from handouts.layout.fit import MIN_LAST_FILL, choose, last_fill, variants
from handouts.layout.pages import LaidOut
from handouts.layout.styles import MM, styles_for
from handouts.pipeline import Personal, RenderContext, build_handout, layout_handout, resolve
from tests.conftest import REPO
from tests.features.helpers import ARTICLE, BEFORE_REVIEW, half_texts, norm, page_label, reader, render_pdf, run

HALF_LAYOUTS = ("a5-booklet", "2up")


def _laid(lang: str, profile: str = "standard", layout: str = "single", clinic: str = "demo") -> LaidOut:
    ctx = RenderContext(REPO, today=BEFORE_REVIEW, profile=profile, layout=layout)
    article, brand = resolve(ARTICLE, clinic, ctx)
    return layout_handout(build_handout(article, brand, lang, ctx), brand, ctx)


@pytest.mark.parametrize("clinic", ["demo", "riverside"])
@pytest.mark.parametrize("profile", ["standard", "large"])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_half_page_frame_takes_at_most_15_percent(lang: str, profile: str, clinic: str) -> None:
    laid = _laid(lang, profile, "a5-booklet", clinic)
    assert laid.frame.compact
    assert laid.page_size == (419.5276, 595.2756)
    assert laid.frame_share() <= 0.15, f"{laid.frame_share():.1%}"
    # the bands are measured from what is drawn: header and footer one line each
    st = laid.styles
    assert laid.footer_height() <= st.lead(st.small) + 4 * MM
    assert laid.header_height <= max(laid.styles.lead(st.small + 1) * 2, 8 * MM) + 4 * MM
    # the A4 frame stays the full one
    assert not _laid(lang, profile, "single", clinic).frame.compact


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_contact_block_is_printed_once_at_the_end(lang: str) -> None:
    laid = _laid(lang, layout="a5-booklet")
    blocks = [p.block for page in laid.pages for p in page]
    contacts = [b for b in blocks if isinstance(b, ContactBlock)]
    assert len(contacts) == 1 and blocks[-1] is contacts[0]
    data = render_pdf(lang, layout="a5-booklet")
    halves = [t for side in half_texts(data) for t in side]
    labelled = {page_label(t): norm(t) for t in halves if page_label(t) is not None}
    total = next(iter(labelled))[1]  # type: ignore[index]
    texts = [labelled[(n, total)] for n in range(1, total + 1)]
    for needle in ("021234567", "1669", "@demopainclinic", "Bangkok10330" if lang == "en" else "กรุงเทพมหานคร10330"):
        where = [n for n, t in enumerate(texts, start=1) if needle in t]
        assert where == [total], (needle, where)
    # every page still names the clinic and says "page X of Y"; the version is in each footer
    name = "DemoPainClinic" if lang == "en" else "คลินิกระงับปวดเดโม"
    assert all(name in t for t in texts)
    assert all("1.0" in t for t in texts)


def test_half_pages_use_fewer_pages_than_with_the_full_frame() -> None:
    for lang, before in (("th", 11), ("en", 9)):  # pages with the A4 frame repeated on every A5 page
        assert len(_laid(lang, layout="a5-booklet").pages) < before
    large = len(_laid("th", "large", "a5-booklet").pages)
    assert large < 26


def test_large_print_2up_is_a_usage_error(tmp_path: Any) -> None:
    with pytest.raises(UsageError) as info:
        render_pdf("en", profile="large", layout="2up")
    assert "--layout" in str(info.value) and "single" in str(info.value)
    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--profile", "large", "--layout", "2up",
                       "-o", str(tmp_path / "x.pdf"))  # fmt: skip
    assert code == 2, err
    assert err.count("\n") == 1 and "large print needs whole A4 pages" in err
    assert not (tmp_path / "x.pdf").exists()


# ---------------------------------------------------------------------------- marks


def _mark_segments(data: bytes) -> list[list[tuple[float, float, float, float, bool]]]:
    """Per sheet side: the (x0, y0, x1, y1, dashed) of each stroked line inside /Artifact marked content."""
    import pikepdf

    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            segs = []
            artifact = 0
            dashed = False
            start: tuple[float, float] | None = None
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name == "BMC" and str(operands[0]) == "/Artifact":
                    artifact += 1
                elif name == "EMC" and artifact:
                    artifact -= 1
                elif artifact and name == "d":
                    dashed = len(operands[0]) > 0
                elif artifact and name == "m":
                    start = (float(operands[0]), float(operands[1]))
                elif artifact and name == "l" and start is not None:
                    segs.append((*start, float(operands[0]), float(operands[1]), dashed))
            out.append(segs)
    return out


@pytest.mark.parametrize(("layout", "dashed"), [("a5-booklet", True), ("2up", False)])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_imposed_sheets_carry_fold_or_cut_marks_as_artifacts(lang: str, layout: str, dashed: bool) -> None:
    import pdfplumber

    data = render_pdf(lang, layout=layout)
    sides = _mark_segments(data)
    width, height = 841.8898, 595.2756
    for segs in sides:
        assert len(segs) == 2, segs  # top and bottom of the middle line
        for x0, y0, x1, y1, is_dashed in segs:
            assert x0 == pytest.approx(width / 2, abs=0.1) and x1 == pytest.approx(width / 2, abs=0.1)
            assert is_dashed is dashed
            low, high = sorted((y0, y1))
            assert low >= 3 * MM and high <= height - 3 * MM  # inside the printable area…
            assert high <= 10 * MM or low >= height - 10 * MM  # …and in the margins, clear of the text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            middle = [ln for ln in page.lines if abs(ln["x0"] - width / 2) < 0.1 and abs(ln["x1"] - width / 2) < 0.1]
            assert len(middle) == 2
            # no text is drawn across the middle of the sheet
            assert not [c for c in page.chars if c["x0"] < width / 2 < c["x1"]]


def test_marks_do_not_change_the_text_layer() -> None:
    data = render_pdf("th", layout="a5-booklet")
    texts = [t for side in half_texts(data) for t in side]
    assert all("/Artifact" not in t for t in texts)
    assert len(reader(data).pages) % 2 == 0


# ---------------------------------------------------------------------------- last page


@pytest.mark.parametrize("layout", ["single", "a5-booklet"])
@pytest.mark.parametrize("profile", ["standard", "large"])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_no_last_page_under_a_quarter_full(lang: str, profile: str, layout: str) -> None:
    laid = _laid(lang, profile, layout)
    st = styles_for(lang, profile, "A5" if layout != "single" else "A4")
    assert laid.styles == st or laid.styles in variants(st, profile == "large")
    assert len(laid.pages) == 1 or last_fill(laid) >= MIN_LAST_FILL, f"{last_fill(laid):.0%}"
    # within clear print
    assert laid.styles.body >= (18 if profile == "large" else 13) and laid.styles.leading >= 1.5
    assert laid.styles.margin_top >= 10 * MM and laid.styles.margin_bottom >= 10 * MM


@dataclass
class _Fake:
    """A stand-in for a LaidOut: page fills decided by the paragraph gap."""

    pages: list[list[Any]] = field(default_factory=list)
    body_height: float = 100.0


@dataclass
class _Block:
    height: float


@dataclass
class _Placed:
    block: _Block
    y: float = 0.0


def _fake_build(fills: dict[float, list[float]]) -> Any:
    def build(st: Any) -> LaidOut:
        return cast(LaidOut, _Fake([[_Placed(_Block(f * 100))] for f in fills.get(round(st.paragraph_gap, 2), [1, 1])]))

    return build


def test_choose_keeps_the_styles_when_the_last_page_is_full_enough() -> None:
    st = styles_for("en")
    assert choose(_fake_build({8.0: [1, 0.3]}), st) is st
    assert choose(_fake_build({8.0: [0.1]}), st) is st  # one page: nothing to save


def test_choose_takes_the_first_small_change_that_fills_the_last_page() -> None:
    st = styles_for("en")
    # gaps × 0.75 pulls the last lines back: one page fewer
    assert choose(_fake_build({8.0: [1, 1, 0.1], 6.0: [1, 0.99]}), st).paragraph_gap == 6.0
    # nothing tighter helps, a looser layout fills the last page to 40 %
    picked = choose(_fake_build({8.0: [1, 1, 0.1], 6.0: [1, 1, 0.05], 10.4: [1, 1, 0.4]}), st)
    assert picked.paragraph_gap == pytest.approx(10.4)
    # nothing helps: the layout stays
    assert choose(_fake_build({8.0: [1, 1, 0.1], 6.0: [1, 1, 0.1], 10.4: [1, 1, 0.1], 12.8: [1, 1, 0.1]}), st) is st


def test_variants_stay_within_clear_print() -> None:
    for lang in ("en", "th"):
        for profile in ("standard", "large"):
            for paper in ("A4", "A5"):
                st = styles_for(lang, profile, paper)
                for v in variants(st, profile == "large"):
                    assert v.body >= (18 if profile == "large" else 13)
                    assert v.leading >= 1.5 and v.margin_top >= 10 * MM and v.margin_bottom >= 10 * MM
                    assert v.paragraph_gap >= 0.75 * st.paragraph_gap - 1e-9
                    assert replace(v, paragraph_gap=st.paragraph_gap, margin_top=st.margin_top,
                                   margin_bottom=st.margin_bottom, leading=st.leading, body=st.body) == st  # fmt: skip


def test_the_chosen_layout_is_kept_and_warns_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each variant is laid out once with its warnings held: the chosen one is returned as it was
    laid out (not laid out again) and only its warnings reach the render's collector, in order;
    a warning from one of its blocks after that (when drawn) goes straight through."""
    from handouts import pipeline
    from handouts.diagnostics import Diagnostics
    from handouts.layout import fit

    fills = {8.0: [1, 1, 0.1], 6.0: [1, 0.99]}
    calls: list[float] = []
    made: dict[float, Any] = {}

    def fake(h: Any, brand: Any, ctx: RenderContext, second: Any, st: Any) -> Any:
        gap = round(st.paragraph_gap, 2)
        calls.append(gap)
        ctx.diagnostics.warn("typeset.word-split", f"split at gap {gap}")
        ctx.diagnostics.warn("layout.frame-cut", f"cut at gap {gap}")
        made[gap] = laid = _Fake([[_Placed(_Block(f * 100))] for f in fills.get(gap, [1, 1])])
        laid.later = ctx.diagnostics  # type: ignore[attr-defined]
        return laid

    monkeypatch.setattr(pipeline, "_lay_out", fake)
    sink = Diagnostics(log=False)
    ctx = RenderContext(REPO, diagnostics=sink)
    article, brand = resolve(ARTICLE, "demo", ctx)
    h = build_handout(article, brand, "en", ctx)
    sink.items.clear()
    laid = layout_handout(h, brand, ctx)
    assert calls == [8.0, 6.0], "a layout was done twice"
    assert laid is made[6.0]
    assert [d.message for d in sink.items] == ["split at gap 6.0", "cut at gap 6.0"]
    laid.later.warn("layout.frame-cut", "when drawn")  # type: ignore[attr-defined]
    assert sink.items[-1].message == "when drawn"
    held = fit.Held()
    held.warn("a", "one")
    held.warn("a", "one")
    assert not held.items and len(held.held) == 2
    held.release(sink)
    assert [d.message for d in sink.items].count("one") == 1  # the collector removes duplicates, as before


@pytest.mark.parametrize("lang", ["th+en", "en+th"])
def test_a_bilingual_contact_block_carries_both_languages_document_control(lang: str) -> None:
    """The compact frame's contact block printed the first language's document control only: a
    th+en booklet said who wrote, reviewed and translated the Thai, and nothing of the English
    (its author, review date, version and content hash), which the full frame prints on every page."""
    ctx = RenderContext(REPO, today=BEFORE_REVIEW, layout="a5-booklet")
    article, brand = resolve(ARTICLE, "demo", ctx)
    first, second = (build_handout(article, brand, x, ctx) for x in lang.split("+"))
    laid = layout_handout(first, brand, ctx, second)
    contact = next(p.block for page in laid.pages for p in page if isinstance(p.block, ContactBlock))
    text = " ".join(b.text for b in contact.blocks)
    for h in (first, second):
        assert h.content_hash[:8] in text, (h.lang, text[-300:])


def test_a_remembered_choice_lays_out_only_the_chosen_styles() -> None:
    """:func:`fit.choose_remembered`: the first layout tries the variants in order; the same key
    again lays out the chosen styles only; another key, other styles or no key choose afresh; a
    remembered choice that cannot be laid out now is chosen again; at most REMEMBERED are kept."""
    from handouts.layout import fit

    fit.forget()
    st = styles_for("en")
    fills = {8.0: [1, 1, 0.1], 6.0: [1, 1, 0.05], 10.4: [1, 1, 0.4]}
    tried: list[float] = []

    def build(s: Any) -> Any:
        tried.append(round(s.paragraph_gap, 2))
        return None if tried[-1] in refused else _fake_build(fills)(s)

    refused: set[float] = set()
    first = fit.choose_remembered("handout", build, st)
    assert first.paragraph_gap == pytest.approx(10.4) and len(tried) > 2
    tried.clear()
    assert fit.choose_remembered("handout", build, st) == first and tried == [10.4]
    for key, styles in (("another", st), ("handout", styles_for("en", "standard", "A5")), (None, st)):
        tried.clear()
        fit.choose_remembered(key, build, styles)
        assert len(tried) > 1, (key, "chose without trying")
    tried.clear()
    assert fit.choose_remembered(None, build, st) == first and len(tried) > 1, "no key: never remembered"
    refused.add(10.4)  # (a variant whose notes no longer fit page 1)
    tried.clear()
    chosen = fit.choose_remembered("handout", build, st)
    assert chosen != first and tried[0] == 10.4 and len(tried) > 2
    tried.clear()
    assert fit.choose_remembered("handout", build, st) == chosen and tried == [round(chosen.paragraph_gap, 2)]
    for k in range(fit.REMEMBERED + 5):
        fit.choose_remembered(("many", k), build, st)
    assert len(fit._chosen) == fit.REMEMBERED
    fit.forget()
    assert not fit._chosen


@pytest.mark.parametrize(("article", "lang", "profile"), [(ARTICLE, "th", "standard"), (ARTICLE, "en", "large"),
                                                          ("spine-surgery-home-care", "th+en", "standard")])  # fmt: skip
def test_a_handout_rendered_again_in_a_process_is_laid_out_once_into_the_same_bytes(
        article: str, lang: str, profile: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A long-lived process's render (``remember``: a server's or a batch's worker) whose model
    comes from the cache remembers its layout's choice of styles: the same handout again is laid
    out once, in those styles, into the same bytes as a render that tried every variant; a
    patient's data is never remembered (nor laid out from a memory); a one-off render does not
    use the memory."""
    import shutil

    from handouts import pipeline
    from handouts.layout import fit
    from handouts.pipeline import render
    from handouts.typesetting import diskcache

    ws = tmp_path / "ws"
    for part in ("articles", "clinics", "locales", "templates"):
        shutil.copytree(REPO / part, ws / part)
    shutil.copy(REPO / "handouts.toml", ws)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("HANDOUTS_NO_CACHE", raising=False)
    monkeypatch.setattr(diskcache, "_enabled", None)
    fit.forget()
    layouts: list[float] = []
    lay_out = pipeline._lay_out

    def counted(*args: Any) -> Any:
        layouts.append(args[-1].paragraph_gap)
        return lay_out(*args)

    monkeypatch.setattr(pipeline, "_lay_out", counted)

    def pdf(**options: Any) -> bytes:
        ctx = RenderContext(ws, today=BEFORE_REVIEW, profile=profile, **{"remember": True, **options})
        return render(article, "demo", lang, ctx).pdf

    fresh = [pdf(), pdf()]  # the first builds the model, the second reads it from the cache
    assert len(layouts) >= 2
    layouts.clear()
    again = pdf()
    assert len(layouts) == 1, "laid out more than once"
    assert again == fresh[0] == fresh[1]
    assert len(fit._chosen) == 1
    patient = Personal("Zqxjkw Vbnmpq", "one tablet")
    kept = dict(fit._chosen._data)
    choices: list[Any] = []
    choose = fit.choose

    def counting(*args: Any, **kw: Any) -> Any:
        choices.append(args[1])
        return choose(*args, **kw)

    monkeypatch.setattr(fit, "choose", counting)
    pdf(personal=patient)
    pdf(personal=patient)
    assert fit._chosen._data == kept, "a patient's render was remembered"
    assert len(choices) == 2, "a patient's render was laid out from a memory"
    choices.clear()
    assert pdf(remember=False) == again and len(choices) == 1, "a one-off render (the CLI's, a test's) remembers nothing"
    figure = ws / "articles" / "images" / "spine-wound-dressing.svg"
    if article == "spine-surgery-home-care":  # a figure of other proportions, under the same name
        figure.write_text(figure.read_text(encoding="utf-8").replace('viewBox="0 0 480 320" width="480" height="320"',
                          'viewBox="0 0 480 960" width="480" height="960"'), encoding="utf-8")  # fmt: skip
        choices.clear()
        pdf()  # (the model is built again: its figure changed)
        pdf()  # the model from the cache, with the new figure's digest: not the choice made for the old one
        assert len(choices) == 2
    fit.forget()


def test_a_remembered_choice_is_not_used_under_another_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule is part of what a choice is remembered under: with a limit or a function of
    :mod:`fit` replaced (as a test may), the choice is made again under the new rule."""
    from handouts.layout import fit

    fit.forget()
    st = styles_for("en")
    tried: list[float] = []

    def build(s: Any) -> Any:
        tried.append(round(s.paragraph_gap, 2))
        return _fake_build({8.0: [1, 1, 0.1], 6.0: [1, 0.99]})(s)

    assert fit.choose_remembered("k", build, st).paragraph_gap == 6.0
    monkeypatch.setattr(fit, "MIN_LAST_FILL", 0.05)  # the paper's styles now leave a full enough last page
    tried.clear()
    assert fit.choose_remembered("k", build, st) is st and tried == [8.0]
    monkeypatch.undo()
    monkeypatch.setattr(fit, "choose", lambda build, st, large=False: st)
    assert fit.choose_remembered("k", build, st) is st
    fit.forget()
