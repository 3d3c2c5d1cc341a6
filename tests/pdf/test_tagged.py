"""Tagged PDF/UA-1 + PDF/A-2u on every demo handout: the checker, poppler's structure text and the
``page`` validator (an independent PDF/UA-1 and PDF/A-2u implementation) all agree."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.content.article import list_articles
from handouts.content.inline import parse_inline
from handouts.layout.blocks import printed_url
from handouts.model import Callout, Code, Handout, Link, Table, Text, plain
from handouts.pipeline import RenderContext, build_handout, render, resolve
from tests.conftest import REPO
from tests.pdf import ua_checker

ARTICLES = list_articles(REPO)
CASES = [(a, "demo", "th") for a in ARTICLES] + [(a, "riverside", "en") for a in ARTICLES] + [
    (a, "demo", "th+en") for a in ARTICLES
]
needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str, str], bytes]:
    return {case: render(case[0], case[1], case[2], RenderContext(REPO)).pdf for case in CASES}


def _texts(node: object) -> Iterator[str]:
    """Every Text of a model node, in order, whatever the node type (lists, tables, callouts…),
    with what the layout prints besides: inline code, a callout's label, a link's printed target."""
    if isinstance(node, (Text, Code)):
        yield node.text
    elif isinstance(node, Link):
        yield from _texts(node.children)
        yield printed_url(plain(node.children), node.url)
    elif isinstance(node, Callout):
        yield node.label
        yield from _texts(node.blocks)
    elif isinstance(node, Table):  # side by side, or (too wide for its column) label–value rows
        head = ["".join(_texts(c.inlines)) for c in node.header]
        rows = [["".join(_texts(c.inlines)) for c in r] for r in node.rows]
        yield _Either("".join(head) + "".join("".join(r) for r in rows),
                      "".join(h + v for r in rows for h, v in zip(head, r, strict=True)))  # fmt: skip
    elif isinstance(node, tuple):
        for x in node:
            yield from _texts(x)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            if f.name != "source":
                yield from _texts(getattr(node, f.name))


class _Either(str):
    """A table's text as the structure gives it back: one of two layouts (``str`` is the first)."""

    def __new__(cls, normal: str, stacked: str) -> _Either:
        obj = super().__new__(cls, normal)
        obj.stacked = stacked
        return obj

    stacked: str


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pattern(parts: list[str]) -> str:
    out = []
    for part in parts:
        if isinstance(part, _Either):
            out.append(f"(?:{re.escape(_squash(part))}|{re.escape(_squash(part.stacked))})")
        else:
            out.append(re.escape(_squash(part)))
    return "".join(out)


def expected_text(article: str, clinic: str, lang: str) -> str:
    return "".join(expected_parts(article, clinic, lang))


def expected_parts(article: str, clinic: str, lang: str) -> list[str]:
    """The article's text in reading order, as the structure tree must give it back: the title
    block, the QR code's printed URL, the body and the disclaimer (per language when bilingual)."""
    ctx = RenderContext(REPO)
    a, brand = resolve(article, clinic, ctx)
    hs: list[Handout] = [build_handout(a, brand, code, ctx) for code in lang.split("+")]
    parts = [h.meta.title for h in hs] + [h.meta.subtitle for h in hs]
    # the credit line, in both languages of a bilingual handout
    parts.extend(dict.fromkeys(plain(parse_inline(h.chrome.credit)) for h in hs))
    url = brand.online_url(a.id, hs[0].lang)
    if url:
        parts.append(url)
    for h in hs:
        parts.extend(_texts(h.blocks))
        parts.append(plain(parse_inline(h.chrome.disclaimer)))
    return parts


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_checker_passes(rendered: dict[tuple[str, str, str], bytes], case: tuple[str, str, str]) -> None:
    assert ua_checker.check(rendered[case]) == []


@needs_poppler
@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_structure_text_is_the_article(rendered: dict[tuple[str, str, str], bytes], case: tuple[str, str, str]) -> None:
    """Reading order of the structure tree = the article, and nothing of the page frame in it."""
    data = rendered[case]
    got = _squash(ua_checker.struct_text(data))
    assert re.fullmatch(_pattern(expected_parts(*case)), got), (got, _squash(expected_text(*case)))


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_frame_is_artifact(rendered: dict[tuple[str, str, str], bytes], case: tuple[str, str, str]) -> None:
    """Running header, footer and page numbers are drawn, but only as /Pagination artifacts."""
    data = rendered[case]
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        kinds = set()
        for page in pdf.pages:
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "BDC" and str(operands[0]) == "/Artifact":
                    props = operands[1]
                    kinds.add((str(props.get("/Type")), str(props.get("/Subtype", ""))))
        assert {("/Pagination", "/Header"), ("/Pagination", "/Footer")} <= kinds
    if shutil.which("pdfinfo"):
        tagged = ua_checker.struct_text(data)
        ctx = RenderContext(REPO)
        a, brand = resolve(case[0], case[1], ctx)
        h = build_handout(a, brand, case[2].split("+")[0], ctx)
        body = "".join(_texts(h.blocks))  # an article may itself say "call 1669"
        for frame_text in (brand.address(h.lang), brand.phone, brand.emergency, h.chrome.page_label.split("{")[0]):
            if frame_text.strip() in body:
                continue
            assert frame_text.strip() and frame_text.strip() not in tagged, frame_text


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_independent_validator(rendered: dict[tuple[str, str, str], bytes], case: tuple[str, str, str]) -> None:
    page = pytest.importorskip("page")
    for profile in ("ua1", "2u"):
        report = page.validate_pdf_bytes(rendered[case], profile=profile)
        assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_bilingual_columns_carry_their_language(rendered: dict[tuple[str, str, str], bytes]) -> None:
    import io

    with pikepdf.open(io.BytesIO(rendered[(ARTICLES[0], "demo", "th+en")])) as pdf:
        assert str(pdf.Root.Lang) == "th-TH"
        sects = [e for e in ua_checker.elements(pdf) if str(e.S) == "/Sect"]
        assert [str(e.get("/Lang")) for e in sects] == ["th-TH", "en-US"]


def test_plain_pdf_has_no_tags() -> None:
    import io

    data = render(ARTICLES[0], "demo", "en", RenderContext(REPO, pdf_standard="none")).pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
        assert "/OutputIntents" not in pdf.Root and "/Metadata" not in pdf.Root
        for page in pdf.pages:
            assert not any(str(op) in ("BDC", "BMC") for _, op in pikepdf.parse_content_stream(page))
    # the same pages as the tagged file, without its marks
    tagged = render(ARTICLES[0], "demo", "en", RenderContext(REPO)).pdf
    assert len(pikepdf.open(io.BytesIO(tagged)).pages) == len(pikepdf.open(io.BytesIO(data)).pages)


def test_notes_box_is_a_note_with_an_id() -> None:
    from handouts.layout.extras import Personal

    ctx = RenderContext(REPO, personal=Personal("Somchai Jaidee", "Take 1 tablet after breakfast."))
    data = render(ARTICLES[0], "demo", "en", ctx).pdf
    assert ua_checker.check(data) == []
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        notes = [e for e in ua_checker.elements(pdf) if str(e.S) == "/Note"]
        assert len(notes) == 1 and str(notes[0].ID) == "notes"


def test_checker_finds_untagged_text() -> None:
    """The checker can fail: a page stream with text outside marked content is reported."""
    import io

    data = render(ARTICLES[0], "demo", "en", RenderContext(REPO)).pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        font = next(iter(dict(page.Resources.Font)))
        page.contents_add(pdf.make_stream(f"BT {font} 12 Tf 72 72 Td (x) Tj ET".encode()), prepend=False)
        out = io.BytesIO()
        pdf.save(out)
    assert any("untagged text" in f for f in ua_checker.check(out.getvalue()))


@pytest.mark.parametrize("layout", ["a5-booklet", "2up"])
def test_imposed_sheets_are_archival_print_files(layout: str) -> None:
    """Booklet and 2-up sheets: PDF/A-2u (XMP, output intent, ID) but untagged, and say so."""
    import io

    data = render(ARTICLES[0], "demo", "th", RenderContext(REPO, layout=layout)).pdf
    assert ua_checker.check(data, ua=False, pdfa=True) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        assert pdf.open_metadata().get("pdfuaid:part") is None
    page = pytest.importorskip("page")
    report = page.validate_pdf_bytes(data, profile="2u")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_cli_pdf_standard(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from handouts.cli import app

    runner = CliRunner()
    out = tmp_path / "plain.pdf"
    r = runner.invoke(app, ["render", ARTICLES[0], "--lang", "en", "--pdf-standard", "none", "-o", str(out),
                            "--workspace", str(REPO)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert b"/StructTreeRoot" not in out.read_bytes()
    out2 = tmp_path / "tagged.pdf"
    r = runner.invoke(app, ["render", ARTICLES[0], "--lang", "en", "--pdf-standard", "ua-1,a-2u", "-o", str(out2),
                            "--workspace", str(REPO)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert ua_checker.check(out2.read_bytes()) == []
    r = runner.invoke(app, ["render", ARTICLES[0], "--pdf-standard", "pdf/x", "-o", str(tmp_path / "x.pdf"),
                            "--workspace", str(REPO)])  # fmt: skip
    assert r.exit_code != 0 and "--pdf-standard" in r.output and "'pdf/x'" in r.output
    assert not (tmp_path / "x.pdf").exists()


def test_draft_mark_is_a_watermark_and_fallback_text_has_its_language(workspace: Path) -> None:
    """An untranslated entry: the DRAFT mark is a /Pagination /Watermark artifact, never read as
    content, and the English source standing in for it is tagged /Lang en-US in a Thai file."""
    import io

    from babel.messages.pofile import read_po, write_po

    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    with po.open("rb") as f:
        cat = read_po(f)
    target = next(m for m in cat if m.id and m.context == ARTICLES[0] and len(str(m.id)) > 80)
    source = str(target.id)
    target.string = ""
    buf = io.BytesIO()
    write_po(buf, cat)
    po.write_bytes(buf.getvalue())
    ctx = RenderContext(workspace)
    h = build_handout(*resolve(ARTICLES[0], "demo", ctx), "th", ctx)
    assert h.chrome.draft
    data = render(ARTICLES[0], "demo", "th", RenderContext(workspace)).pdf
    assert ua_checker.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        marks = {(str(o[1].get("/Type")), str(o[1].get("/Subtype", ""))) for page in pdf.pages
                 for o, op in pikepdf.parse_content_stream(page) if str(op) == "BDC" and str(o[0]) == "/Artifact"}  # fmt: skip
        assert ("/Pagination", "/Watermark") in marks
        # (English terms in the Thai text are Spans in English: no block but the untranslated one)
        english = [e for e in ua_checker.elements(pdf) if str(e.get("/Lang", "")) == "en-US" and str(e.S) != "/Span"]
        assert len(english) == 1 and str(english[0].S) in ("/P", "/LBody", "/H2", "/H3")
        assert not any(str(e.S) == "/Span" and str(e.get("/Lang", "")) for e in ua_checker.elements(pdf)
                       if e.P.objgen == english[0].objgen)  # (its own Latin words: no change of language)
    if shutil.which("pdfinfo"):
        tagged = ua_checker.struct_text(data)
        assert h.chrome.draft.split("·")[0].strip() not in tagged
        assert _squash(plain(parse_inline(source))) in _squash(tagged)


def test_fallback_symbols_never_use_notdef() -> None:
    """✓ from the fallback Dingbats font: drawn as an outline, its text written with a real glyph
    (PDF/A-2 forbids .notdef in text), and the tagged text is the character."""
    from handouts.layout import pages
    from handouts.layout.styles import PAPER, styles_for
    from handouts.pdf import PdfMeta, write_pdf
    from handouts.typesetting.flowable import TextBlock
    from handouts.typesetting.marks import Tag
    from handouts.typesetting.spans import Span

    frame = pages.Frame((Span("Clinic"),), (Span("Address"),), (Span("Questions"),), (Span("Emergency"),),
                        (Span("Control"),), "Page {page} of {pages}", "", None, "#003366", "#003366", "en")  # fmt: skip
    laid = pages.LaidOut(PAPER["A4"], styles_for("en"), frame)
    quiet = pages.Silent()
    blocks = [TextBlock((Span("Title", lang="en"),), leading=20, tag=Tag("H1", laid.root), diagnostics=quiet),
              TextBlock((Span("Done ✓ call ☎", lang="en"),), leading=20, tag=Tag("P", laid.root), diagnostics=quiet)]  # fmt: skip
    data = write_pdf(pages.paginate(blocks, laid), PdfMeta("T", "A", "", "en-US"), quiet)
    assert ua_checker.check(data) == []
    import io

    from fontTools.ttLib import TTFont

    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        used: dict[str, set[int]] = {}
        current = ""
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) == "Tf":
                current = str(operands[0])
            elif str(op) == "TJ":
                used.setdefault(current, set()).update(
                    b for item in operands[0] if isinstance(item, pikepdf.String) for b in bytes(item))
        assert used
        for name, codes in used.items():
            program = TTFont(io.BytesIO(page.Resources.Font[name].FontDescriptor.FontFile2.read_bytes()))
            cmap = program["cmap"].getcmap(1, 0).cmap  # ReportLab's subsets: one-byte codes
            assert all(cmap.get(c, ".notdef") != ".notdef" for c in codes), name
    if shutil.which("pdfinfo"):
        assert "Done ✓ call ☎" in ua_checker.struct_text(data)
    # the symbols' invisible text has their advance, not the space glyph's (no gap read as a space):
    # not rendered (3 Tr), so no glyph-width rule of PDF/A-2 or PDF/UA-1 is broken
    page = pytest.importorskip("page")
    for profile in ("ua1", "2u"):
        report = page.validate_pdf_bytes(data, profile=profile)
        assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_custom_roles_are_role_mapped_and_notes_get_ids() -> None:
    """A PDF 2.0 role (Aside, for a callout) is written with a /RoleMap to a PDF 1.7 type, and a
    Note without an ID gets one (PDF/UA-1 asks for both)."""
    import io

    from handouts.layout import pages
    from handouts.layout.styles import PAPER, styles_for
    from handouts.pdf import PdfMeta, write_pdf
    from handouts.typesetting.flowable import TextBlock
    from handouts.typesetting.marks import Tag
    from handouts.typesetting.spans import Span

    frame = pages.Frame((Span("Clinic"),), (Span("Address"),), (Span("Questions"),), (Span("Emergency"),),
                        (Span("Control"),), "Page {page} of {pages}", "", None, "#003366", "#003366", "en")  # fmt: skip
    laid = pages.LaidOut(PAPER["A4"], styles_for("en"), frame)
    quiet = pages.Silent()
    aside, note = Tag("Aside", laid.root), Tag("Note", laid.root)
    blocks = [TextBlock((Span("Title", lang="en"),), leading=20, tag=Tag("H1", laid.root), diagnostics=quiet),
              TextBlock((Span("Tip: rest.", lang="en"),), leading=20, tag=aside.child("P"), diagnostics=quiet),
              TextBlock((Span("A note.", lang="en"),), leading=20, tag=note.child("P"), diagnostics=quiet)]  # fmt: skip
    data = write_pdf(pages.paginate(blocks, laid), PdfMeta("T", "A", "", "en-US"), quiet)
    assert ua_checker.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.StructTreeRoot.RoleMap.Aside) == "/Div"
        assert [str(e.S) for e in ua_checker.elements(pdf)] == ["/Document", "/H1", "/Aside", "/P", "/Note", "/P"]
    page = pytest.importorskip("page")
    assert page.validate_pdf_bytes(data, profile="ua1").is_compliant


@pytest.mark.skipif("spine-surgery-home-care" not in ARTICLES, reason="the second demo article is not in this tree")
def test_constructs_are_tagged(rendered: dict[tuple[str, str, str], bytes]) -> None:
    """Table → THead/TBody → TR → TH (Scope)/TD, callouts as Aside, figures with Alt and a Caption,
    nested lists inside their item's LBody."""
    import io

    with pikepdf.open(io.BytesIO(rendered[("spine-surgery-home-care", "riverside", "en")])) as pdf:
        elems = ua_checker.elements(pdf)
        kinds = [str(e.S)[1:] for e in elems]
        for kind in ("Table", "THead", "TBody", "TR", "TH", "TD", "Aside", "Figure", "Caption", "Link"):
            assert kind in kinds, kind
        for table in (e for e in elems if str(e.S) == "/Table"):
            assert [str(k.S) for k in ua_checker._kids(table)] == ["/THead", "/TBody"]
        nested = [e for e in elems if str(e.S) == "/LBody" and any(str(k.get("/S")) == "/L"
                                                                    for k in ua_checker._kids(e)
                                                                    if isinstance(k, pikepdf.Dictionary))]  # fmt: skip
        assert nested, "a nested list sits in its item's LBody"
        assert all(str(e.get("/Alt", "")).strip() for e in elems if str(e.S) == "/Figure")


@pytest.mark.parametrize(("lang", "title"), [("my", False), ("km", True)])
def test_text_printed_in_the_article_language_carries_it(lang: str, title: bool) -> None:
    """The demo article has no Burmese or Khmer author credit (and no Khmer translation at all):
    the English name inside the translated "Written by …" line is a /Span /Lang en-US, and an
    untranslated title or subtitle is tagged en-US too, so a screen reader switches voice."""
    import io

    ctx = RenderContext(REPO)
    h = build_handout(*resolve(ARTICLES[0], "demo", ctx), lang, ctx)
    assert "author" in h.meta.fallback and ("title" in h.meta.fallback) == title
    data = render(ARTICLES[0], "demo", lang, RenderContext(REPO)).pdf
    assert ua_checker.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        els = ua_checker.elements(pdf)
        # (the first: the body's English terms, "(CPSS)", are Spans in English too)
        spans = [e for e in els if str(e.S) == "/Span" and str(e.get("/Lang", "")) == "en-US"]
        assert spans and str(spans[0].P.S) == "/P" and "/Lang" not in spans[0].P
        heading = next(e for e in els if str(e.S) == "/H1")
        assert (str(heading.get("/Lang", "")) == "en-US") == title


def test_in_language_splits_at_the_value() -> None:
    from handouts.pipeline import in_language
    from handouts.typesetting.spans import Span

    spans = (Span("เรียบเรียงโดย Ward", lang="th"), Span(" team · ", lang="th"))
    out = in_language(spans, "Ward team", "en")
    assert "".join(s.text for s in out) == "".join(s.text for s in spans)
    assert [(s.text, s.lang) for s in out] == [("เรียบเรียงโดย ", "th"), ("Ward", "en"), (" team", "en"), (" · ", "th")]
    assert in_language(spans, "Nobody", "en") == spans


def _mcid_pages(pdf: pikepdf.Pdf, elem: pikepdf.Dictionary) -> list[int]:
    """The page of each marked-content item of ``elem`` (its own, not its children's)."""
    pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}
    out = []
    for kid in ua_checker._kids(elem):
        if isinstance(kid, pikepdf.Dictionary) and str(kid.get("/Type", "")) == "/MCR":
            out.append(pages[kid.Pg.objgen])
        elif not isinstance(kid, pikepdf.Dictionary):
            out.append(pages[elem.Pg.objgen])
    return out


def test_header_of_a_table_over_three_pages_is_read_once(workspace: Path) -> None:
    """A table that continues over a second and a third page: the header repeated on each later
    page is a pagination artifact, so every ``TH`` is one marked-content item on the first page
    (the header of a middle part was tagged as the ``TH`` again, and read out twice)."""
    import io

    from tests.constructs.conftest import write_article

    rows = "".join(f"| Day {k} | Walk {2 * k} minutes |\n" for k in range(1, 121))
    write_article(workspace, "long-table", "| Day | Walk |\n|---|---|\n" + rows)
    data = render("long-table", "demo", "en", RenderContext(workspace)).pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
        ths = [e for e in ua_checker.elements(pdf) if str(e.S) == "/TH"]
        assert len(ths) == 2
        assert [_mcid_pages(pdf, th) for th in ths] == [[0], [0]]


def _untranslate(workspace: Path, lang: str, article: str) -> str:
    """Blank the longest translation of ``article`` in ``lang``'s catalog; its msgid."""
    import io

    from babel.messages.pofile import read_po, write_po

    po = workspace / "locales" / lang / "LC_MESSAGES" / "handouts.po"
    with po.open("rb") as f:
        cat = read_po(f)
    target = max((m for m in cat if m.id and m.context == article and m.string), key=lambda m: len(str(m.id)))
    target.string = ""
    buf = io.BytesIO()
    write_po(buf, cat)
    po.write_bytes(buf.getvalue())
    return str(target.id)


@pytest.mark.parametrize("langs", ["th+en", "en+th"])
def test_bilingual_untranslated_entry_has_the_source_language(workspace: Path, langs: str) -> None:
    """On a bilingual sheet, an entry printed in the source language for want of a translation
    is tagged with the source language inside the other language's section, as on a one-language
    sheet (it was read as Thai: the column's language)."""
    import io

    article = next(a for a in ARTICLES if resolve(a, "demo", RenderContext(REPO))[0].front["lang"] == "en")
    source = _untranslate(workspace, "th", article)
    data = render(article, "demo", langs, RenderContext(workspace)).pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        sects = {str(e.Lang): e for e in ua_checker.elements(pdf) if str(e.S) == "/Sect"}
        inside = [str(e.get("/Lang", "")) for e in ua_checker.elements(pdf) if e.get("/P") == sects["th-TH"]]
        assert inside.count("en-US") == 1
    if shutil.which("pdfinfo"):  # the element is the untranslated entry
        tree = ua_checker.struct_text(data)
        assert _squash(plain(parse_inline(source))) in _squash(tree)


@pytest.mark.parametrize(("author", "article_lang", "lang", "tagged"), [
    ("Ward nursing team", "en", "th", "en-US"),  # an English name in a Thai credit line
    ("ทีมพยาบาลหอผู้ป่วย", "th", "my", "th-TH"),  # a Thai name in a Burmese one
    ("ทีมพยาบาลหอผู้ป่วย", "en", "th", ""),  # a Thai name in an English article reads as Thai in Thai
])  # fmt: skip
def test_credit_as_one_string_carries_its_language(workspace: Path, author: str, article_lang: str, lang: str,
                                                   tagged: str) -> None:  # fmt: skip
    """A credit written as one string (not a mapping by language) is front matter, in the
    article's language: inside a translated credit line it is a Span with that /Lang, unless it
    is written in the handout's own script (it was never tagged: only a mapping's fallback was)."""
    import io

    from tests.constructs.conftest import write_article

    path = write_article(workspace, "credit", "Wash your hands.\n" if article_lang == "en" else "ล้างมือ\n",
                         lang=article_lang)  # fmt: skip
    path.write_text(path.read_text(encoding="utf-8").replace('author: "Nurse A"', f'author: "{author}"'), encoding="utf-8")
    data = render("credit", "demo", lang, RenderContext(workspace)).pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        # (the helper's article has an English title: in a Thai article, a Latin phrase in its H1)
        spans = [e for e in ua_checker.elements(pdf) if str(e.S) == "/Span" and str(e.P.S) != "/H1"]
        assert [str(e.get("/Lang", "")) for e in spans] == ([tagged] if tagged else [])
        assert all(str(e.P.S) == "/P" for e in spans)
    if tagged and shutil.which("pdfinfo"):
        assert _squash(author) in _squash(ua_checker.struct_text(data))


@given(st.text(st.sampled_from("กขคงจสมชายาิีุู่้์ .0123456789"), max_size=20),
       st.text(st.sampled_from("abcdeXYZ"), min_size=1, max_size=5))  # fmt: skip
def test_written_in_needs_every_letter_in_the_language_script(thai: str, latin: str) -> None:
    from handouts.typesetting.scripts import written_in

    assert written_in(thai, "th")
    assert written_in(thai, "en") == (thai.strip(" .0123456789") == "")  # Thai marks count as Thai
    assert not written_in(thai + latin, "th") and not written_in(latin, "my") and written_in(latin, "en")


def test_figures_have_the_box_they_are_drawn_in(workspace: Path) -> None:
    """Every Figure (a picture, the logo, the QR code) has a Layout /BBox: the rectangle its
    image is painted in on its page (none had one)."""
    import io

    import pdfplumber
    from PIL import Image

    from tests.constructs.conftest import write_article

    (workspace / "articles" / "images").mkdir(exist_ok=True)
    Image.new("RGB", (600, 300), "navy").save(workspace / "articles" / "images" / "dot.png")
    write_article(workspace, "picture", "Look at this.\n\n![A navy box](images/dot.png \"A box\")\n")
    data = render("picture", "demo", "en", RenderContext(workspace)).pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        boxes = sorted(ua_checker._bbox(e) or [] for e in ua_checker.elements(pdf) if str(e.S) == "/Figure")
    with pdfplumber.open(io.BytesIO(data)) as plumb:
        drawn = sorted([i["x0"], i["y0"], i["x1"], i["y1"]] for i in plumb.pages[0].images)
    assert len(boxes) == 3  # the logo, the QR code and the picture
    assert [[round(v, 1) for v in b] for b in boxes] == [[round(v, 1) for v in d] for d in drawn]


def test_bilingual_handout_declares_both_languages(rendered: dict[tuple[str, str, str], bytes]) -> None:
    """dc:language of a th+en sheet is both languages (it was the first only); /Lang stays the first's."""
    import io

    for (_, _, langs), data in rendered.items():
        with pikepdf.open(io.BytesIO(data)) as pdf:
            codes = [c.split("-")[0] for c in pdf.open_metadata().get("dc:language")]
            assert sorted(codes) == sorted(langs.split("+"))
            assert str(pdf.Root.Lang).split("-")[0] == langs.split("+")[0]
