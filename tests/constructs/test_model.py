"""Every construct as a model type (goldens of ``debug model``), and what the parser refuses or warns about."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.content.markdown import MAX_LIST_DEPTH
from handouts.errors import ContentError
from handouts.model import BulletList, Callout, Figure, Table, dump
from handouts.pipeline import RenderContext, build_handout, resolve
from tests.conftest import check_golden
from tests.constructs.conftest import write_article

GOLDENS = Path(__file__).parent / "goldens"


def _model(ws: Path, article: str, lang: str) -> tuple[object, RenderContext]:
    ctx = RenderContext(ws)
    a, brand = resolve(article, "demo", ctx)
    return build_handout(a, brand, lang, ctx), ctx


@pytest.mark.parametrize(("article", "lang"), [("constructs", "en"), ("constructs-th", "th")])
def test_constructs_model_golden(cws: Path, article: str, lang: str, update_goldens: bool, fixed_date: object) -> None:
    h, ctx = _model(cws, article, lang)
    text = dump(h).replace(h.content_hash, "HASH")  # type: ignore[attr-defined]
    check_golden(GOLDENS / f"{article}.{lang}.model.txt", text, update_goldens)
    assert ctx.diagnostics.codes() == []


def test_list_numbers_nesting_and_types(cws: Path) -> None:
    h, _ = _model(cws, "constructs", "en")
    lists = [b for b in h.blocks if isinstance(b, BulletList)]  # type: ignore[attr-defined]
    assert lists[0].ordered and lists[0].start == 3 and len(lists[0].items) == 3
    nested = lists[0].items[1].children[0]
    assert isinstance(nested, BulletList) and not nested.ordered
    deep = nested.items[1].children[0]
    assert isinstance(deep, BulletList) and deep.ordered
    assert isinstance(deep.items[0].children[0], BulletList)  # four levels
    table = next(b for b in h.blocks if isinstance(b, Table))  # type: ignore[attr-defined]
    assert table.align == ("left", "center", "right") and len(table.rows) == 2
    callout = next(b for b in h.blocks if isinstance(b, Callout))  # type: ignore[attr-defined]
    assert (callout.kind, callout.label) == ("warning", "Warning")
    fig = next(b for b in h.blocks if isinstance(b, Figure))  # type: ignore[attr-defined]
    assert (fig.fmt, fig.width, fig.height, fig.alt) == ("svg", 400, 200, "A red circle in a blue box")


@pytest.mark.parametrize("start", [0, 1, 5, 99])
def test_a_numbered_list_starts_where_the_source_does(cws: Path, start: int) -> None:
    """``0. Get ready`` numbers from 0, as CommonMark says: it was numbered from 1, every step one
    off the numbers the text refers to ("do step 2")."""
    write_article(cws, "zero", "Intro.\n\n" + "".join(f"{start + k}. Step\n" for k in range(3)))
    h, _ = _model(cws, "zero", "en")
    lst = next(b for b in h.blocks if isinstance(b, BulletList))  # type: ignore[attr-defined]
    assert lst.ordered and lst.start == start


def test_thai_callout_label_comes_from_the_catalog(cws: Path) -> None:
    h, _ = _model(cws, "constructs-th", "th")
    callout = next(b for b in h.blocks if isinstance(b, Callout))  # type: ignore[attr-defined]
    assert callout.label == "คำเตือน"


def test_every_text_piece_is_an_entry(cws: Path) -> None:
    from handouts.content.article import load_article

    a = load_article(cws / "articles" / "constructs.md")
    kinds = [e.kind for e in a.entries]
    for kind in ("li", "th", "td", "alt", "caption", "h4", "p"):
        assert kind in kinds
    texts = [e.text for e in a.entries]
    assert "Paracetamol **500 mg**" in texts and "every 6 hours" in texts and "The wound and the dressing" in texts
    assert "Go to hospital if you have a **fever** over 38 °C." in texts
    assert not any(t.startswith("[!") for t in texts)


def test_per_language_image_variant(cws: Path) -> None:
    (cws / "articles/images/box.th.svg").write_text((cws / "articles/images/box.svg").read_text().replace("400", "300"))
    h, _ = _model(cws, "constructs-th", "th")
    fig = next(b for b in h.blocks if isinstance(b, Figure))  # type: ignore[attr-defined]
    assert fig.path.endswith("box.th.svg") and fig.width == 300
    assert "(file box.th.svg)" in dump(h)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("![](images/dot.png)\n", "no alt text"),
        ("![A dot](../../outside.png)\n", "outside the workspace"),
        ("![A dot](images/missing.png)\n", "not found"),
        ("![A dot](https://x.org/a.png)\n", "not a path relative"),
        ("![A dot](images/dot.gif)\n", "not PNG, JPEG or SVG"),
    ],
)
def test_image_errors_name_the_line(cws: Path, body: str, words: str) -> None:
    write_article(cws, "bad", "Text.\n\n" + body)
    with pytest.raises(ContentError) as e:
        _model(cws, "bad", "en")
    assert words in str(e.value)
    assert e.value.line == 14


@pytest.mark.parametrize(("size", "warned"), [((1, 1), True), ((30, 12), True), ((37, 37), True), ((38, 10), False),
                                             ((600, 300), False)])  # fmt: skip
def test_a_picture_too_small_to_see_is_warned(cws: Path, size: tuple[int, int], warned: bool) -> None:
    """A 1×1 px picture printed as a dot nobody sees (pictures are never enlarged), without a word:
    under 10 mm on its longer side (38 px at 96 per inch) it is warned, with its line."""
    from PIL import Image

    Image.new("RGB", size, "navy").save(cws / "articles/images/small.png")
    write_article(cws, "small-pic", "Intro.\n\n![Where to press](images/small.png)\n")
    _, ctx = _model(cws, "small-pic", "en")
    got = [(d.code, d.line) for d in ctx.diagnostics.items]
    assert got == ([("content.image-small", 14)] if warned else []), got


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_picture_path_that_is_not_a_file_is_named_as_such(cws: Path, kind: str) -> None:
    """A folder named x.png (or a FIFO) was "image file not found", sending the author to look
    for a file that is there; a FIFO is never opened (it would block the render)."""
    import os

    target = cws / "articles/images/odd.png"
    if kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)
    write_article(cws, "odd", "Intro.\n\n![A picture](images/odd.png)\n")
    with pytest.raises(ContentError) as e:
        _model(cws, "odd", "en")
    words = "is a folder" if kind == "folder" else "is not a regular file"
    assert f"'images/odd.png' {words}, not a picture file" in str(e.value) and e.value.line == 14, str(e.value)


@pytest.mark.parametrize(("name", "says"), [("notes.jpg", "save it again as JPEG"), ("notes.png", "save it again as PNG")])
def test_a_picture_that_is_not_an_image_says_to_save_it_in_its_own_format(cws: Path, name: str, says: str) -> None:
    """A .jpg that is not an image was told to be saved "as PNG", which its name then contradicts."""
    (cws / "articles/images" / name).write_text("Take 2 tablets\n", encoding="utf-8")
    write_article(cws, "notimage", f"Intro.\n\n![A picture](images/{name})\n")
    with pytest.raises(ContentError) as e:
        _model(cws, "notimage", "en")
    assert f"image {name} is not an image Pillow can read" in str(e.value) and says in str(e.value), str(e.value)
    assert e.value.line == 14


def test_alt_text_is_read_as_plain_text_and_translated_as_written(cws: Path) -> None:
    """The alt text's Markdown went into the PDF's /Alt as typed: a screen reader read out
    "asterisk red asterisk" and a link's whole Markdown."""
    import io

    import pikepdf

    from handouts.pipeline import render
    from tests.pdf import ua_checker

    alt = "A *red* dot with **bold**, `code`, [a link](https://x.example) and \\[brackets\\]"
    write_article(cws, "alted", f"Intro.\n\n![{alt}](images/dot.png)\n")
    h, _ = _model(cws, "alted", "en")
    fig = next(b for b in h.blocks if isinstance(b, Figure))  # type: ignore[attr-defined]
    assert fig.alt == "A red dot with bold, code, a link and [brackets]" and fig.source.msgid == alt
    with pikepdf.open(io.BytesIO(render("alted", "demo", "en", RenderContext(cws)).pdf)) as pdf:
        alts = [str(e.Alt) for e in ua_checker.elements(pdf) if str(e.S) == "/Figure" and "/Alt" in e]
    assert "A red dot with bold, code, a link and [brackets]" in alts, alts


def test_svg_with_text_or_entities_is_refused(cws: Path) -> None:
    images = cws / "articles/images"
    (images / "words.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Hi</text></svg>')
    (images / "lol.svg").write_text('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>')
    svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
    (images / "linked.svg").write_text(svg + '<image href="/etc/hostname" width="5" height="5"/></svg>')
    (images / "xlinked.svg").write_text(svg + '<image xlink:href="photo.png" width="5" height="5"/></svg>')
    (images / "html.svg").write_text(svg + '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/'
                                     'xhtml">Take 2 tablets</div></foreignObject><rect width="5" height="5"/></svg>')
    for name, words in (("words", "has text in it"), ("lol", "DOCTYPE"), ("linked", "links to another file"),
                        ("xlinked", "'photo.png'"), ("html", "has a <foreignObject>")):  # fmt: skip
        write_article(cws, name, f"![A picture](images/{name}.svg)\n")
        with pytest.raises(ContentError) as e:
            _model(cws, name, "en")
        assert words in str(e.value) and e.value.line == 12


@pytest.mark.parametrize(
    ("inner", "target"),
    [
        ('<rect width="5" height="5" style="fill:url(http://example.com/p.svg#g)"/>', "http://example.com/p.svg#g"),
        ('<rect width="5" height="5" clip-path="url(shapes.svg#c)"/>', "shapes.svg#c"),
        ("<style>@import url(https://example.com/a.css);</style><rect width='5' height='5'/>", "https://example.com/a.css"),
        ('<style>@import "theme.css";</style><rect width="5" height="5"/>', "theme.css"),
        ("<style>.a { fill: URL( 'paint.svg#p' ) }</style><rect class='a' width='5' height='5'/>", "paint.svg#p"),
    ],
)
def test_an_svg_that_takes_paint_or_style_from_another_file_is_refused(cws: Path, inner: str, target: str) -> None:
    """svglib never fetches them: one crashed the render (exit 70), the others printed without their style."""
    (cws / "articles/images/styled.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{inner}</svg>', encoding="utf-8")
    write_article(cws, "styled", "![A picture](images/styled.svg)\n")
    with pytest.raises(ContentError) as e:
        _model(cws, "styled", "en")
    assert f"links to another file ({target!r})" in str(e.value) and e.value.line == 12, str(e.value)


@pytest.mark.parametrize(
    "inner",
    [
        # its own gradient, by url(#id)
        '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/>'
        "</linearGradient></defs><style>.a { fill: url( '#g' ) }</style><rect class='a' width='50' height='50'/>"
        '<rect x="50" width="50" height="50" style="fill: url(#g)"/>',
        # hyperlinks around shapes (an exported diagram): the shapes are drawn, no file is fetched (it was
        # refused as "links to another file")
        '<a href="https://example.com/"><rect width="50" height="50" fill="red"/></a>'
        '<a xlink:href="more.html"><rect x="50" width="50" height="50" fill="blue"/></a>',
    ],
)
def test_an_svg_of_its_own_parts_is_drawn(cws: Path, inner: str) -> None:
    from handouts.pipeline import render

    (cws / "articles/images/own.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">'
        f"{inner}</svg>", encoding="utf-8")  # fmt: skip
    write_article(cws, "own", "![A picture](images/own.svg)\n")
    h, ctx = _model(cws, "own", "en")
    assert any(isinstance(b, Figure) for b in h.blocks) and ctx.diagnostics.codes() == []  # type: ignore[attr-defined]
    assert render("own", "demo", "en", RenderContext(cws)).pdf.startswith(b"%PDF")


def test_decompression_bomb_is_refused(cws: Path) -> None:
    from PIL import Image

    Image.new("1", (20000, 20000)).save(cws / "articles/images/bomb.png")
    write_article(cws, "bomb", "![A bomb](images/bomb.png)\n")
    with pytest.raises(ContentError) as e:
        _model(cws, "bomb", "en")
    assert "px" in str(e.value) and e.value.line == 12


@pytest.mark.parametrize("body", ["", "\n\n   \n"])
def test_an_empty_article_is_warned(cws: Path, body: str) -> None:
    """A front matter with nothing after it printed a title and a frame without a word."""
    write_article(cws, "empty", body)
    _, ctx = _model(cws, "empty", "en")
    assert [(d.code, d.path) for d in ctx.diagnostics.items] == [("content.empty", "articles/empty.md")]
    write_article(cws, "one-line", "Rest.\n")
    _, ctx = _model(cws, "one-line", "en")
    assert "content.empty" not in ctx.diagnostics.codes()


def test_unsupported_markdown_is_warned_with_its_line(cws: Path) -> None:
    write_article(cws, "odd", "<div>raw</div>\n\nA footnote[^1].\n\n```\ncode\n```\n\nTerm\n: definition\n")
    h, ctx = _model(cws, "odd", "en")
    got = [(d.code, d.line) for d in ctx.diagnostics.items]
    assert got == [("content.unsupported", 12), ("content.unsupported", 14), ("content.unsupported", 16),
                   ("content.unsupported", 20)]  # fmt: skip
    text = dump(h)  # type: ignore[arg-type]
    assert "<div>raw</div>" in text and "[^1]" in text and "`code`" in text and ": definition" in text


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("| Step | Picture |\n|---|---|\n| Press | ![The pen](images/dot.png) |\n", 14, "inside a table cell"),
        ("| Dose | When |\n|---|---|\n| 2 tablets | 08:00<br>20:00 |\n", 14, "raw HTML '<br>'"),
        ("| Dose | When |\n|---|---|\n| 2 tablets[^1] | 08:00 |\n", 14, "footnotes"),
        ("## Where to press ![The pen](images/dot.png)\n", 12, "inside a heading"),
        ("## Doses <em>now</em>\n", 12, "raw HTML '<em>'"),
        ("> [!WARNING]\n> Press here ![The pen](images/dot.png) hard.\n", 13, "inside a line of text"),
        ("Intro.\n\nPress the pen\nhere ![The pen](images/dot.png) hard.\n", 15, "inside a line of text"),
        ("1. Wash your hands.\n![Hands](images/dot.png)\n2. Dry them.\n", 13, "leave a blank line before it"),
        ("> [!TIP]\n> Hold the pen.\n> ![The pen](images/dot.png)\n", 14, "leave a blank line before it"),
    ],
)
def test_markdown_printed_as_text_in_a_cell_heading_or_box_is_warned(cws: Path, body: str, line: int,
                                                                     words: str) -> None:  # fmt: skip
    """A table cell, a heading and a box's first line print an image, HTML or a footnote marker as
    its Markdown text, as a paragraph does: with the same warning naming the line (they had none)."""
    write_article(cws, "odd-cell", body)
    _, ctx = _model(cws, "odd-cell", "en")
    got = [(d.code, d.line) for d in ctx.diagnostics.items]
    assert ("content.unsupported", line) in got and any(words in d.message for d in ctx.diagnostics.items), got


@pytest.mark.parametrize(
    ("body", "line", "target"),
    [
        ("See [the other sheet](back-pain-after-surgery.md) too.\n", 12, "back-pain-after-surgery.md"),
        ("Intro.\n\n- Go to [the steps](#steps)\n", 14, "#steps"),
        ("| Sheet | Link |\n|---|---|\n| Diet | [diet](diet.md) |\n", 14, "diet.md"),
        ("Read [this][d].\n\n[d]: ../docs/diet.pdf\n", 12, "../docs/diet.pdf"),
        ("Download [the form](ftp://files.example/form.pdf).\n", 12, "ftp://files.example/form.pdf"),
    ],
)
def test_a_link_a_handout_cannot_print_is_warned(cws: Path, body: str, line: int, target: str) -> None:
    """A link to a file, an anchor or another scheme prints as its Markdown text ("[the other
    sheet](back-pain-after-surgery.md)"): warned with its line, as other Markdown printed as text is."""
    write_article(cws, "odd-link", body)
    h, ctx = _model(cws, "odd-link", "en")
    notes = [d for d in ctx.diagnostics.items if d.code == "content.unsupported"]
    assert [(d.line, target in d.message) for d in notes] == [(line, True)], [(d.line, d.message) for d in notes]


def test_a_footnote_is_not_also_warned_as_a_link(cws: Path) -> None:
    """``[^1]`` with a ``[^1]: note`` line is a link to "note" for CommonMark: one footnote warning,
    not a second one about a link to 'note'."""
    write_article(cws, "fn-link", "A sentence[^1].\n\n[^1]: note\n")
    _, ctx = _model(cws, "fn-link", "en")
    messages = [d.message for d in ctx.diagnostics.items if d.code == "content.unsupported"]
    assert len(messages) == 1 and "footnotes" in messages[0], messages


def test_a_link_with_an_upper_case_scheme_is_a_link(cws: Path) -> None:
    """``HTTPS://`` is ``https://`` (URL schemes ignore case): a clickable link with its address
    printed, not its Markdown text."""
    write_article(cws, "upper-link", "See [our page](HTTPS://WWW.EXAMPLE-CLINIC.ORG/Care) and [mail](MAILTO:a@b.org).\n")
    h, ctx = _model(cws, "upper-link", "en")
    text = dump(h)  # type: ignore[arg-type]
    body = text.split("\n  P: ")[1]
    assert "[our page]<https://WWW.EXAMPLE-CLINIC.ORG/Care>" in body and "[mail]<mailto:a@b.org>" in body, text
    assert ctx.diagnostics.codes() == []


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Do ~~not~~ eat before the test.\n", 12),
        ("| Medicine | Dose |\n|---|---|\n| Paracetamol | ~~500 mg~~ 250 mg |\n", 14),
        ("- Take ~~two~~ one tablet\n", 12),
        ("About ~ 5 ~ 6 tablets, or ~~ spaced ~~ ones.\n", 0),  # (not GitHub's strikethrough)
    ],
)
def test_strikethrough_is_warned(cws: Path, body: str, line: int) -> None:
    """GitHub's ``~~struck~~`` printed its tildes without a word: "Do ~~not~~ eat" on paper. It is
    warned with its line (0: no warning for tildes that are not strikethrough)."""
    write_article(cws, "struck", body)
    _, ctx = _model(cws, "struck", "en")
    got = [d.line for d in ctx.diagnostics.items if "strikethrough" in d.message]
    assert got == ([line] if line else []), got


def test_an_image_path_with_a_space_in_a_table_cell_is_an_error(cws: Path) -> None:
    write_article(cws, "spaced-cell", "| Step | Picture |\n|---|---|\n| Press | ![The pen](images/my pen.png) |\n")
    with pytest.raises(ContentError) as e:
        _model(cws, "spaced-cell", "en")
    assert "'images/my pen.png' has a space" in str(e.value) and e.value.line == 14


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("Intro.\n\n> [!NOTE]\n\nMore.\n", 14, "an empty [!NOTE] box"),
        ("Intro.\n\n> [!WARNING]\n>\n>\n", 14, "an empty [!WARNING] box"),
        ("1. Step\n\n   > [!CAUTION]\n", 14, "an empty [!CAUTION] box"),
        ("Intro.\n\n>\n\nMore.\n", 14, "an empty quote"),
    ],
)
def test_an_empty_box_or_quote_is_an_error(cws: Path, body: str, line: int, words: str) -> None:
    """A box with nothing in it printed its label alone ("Note" in a tinted box), an empty quote a
    stray rule: refused with the line, as a mistyped marker is."""
    write_article(cws, "empty-box", body)
    with pytest.raises(ContentError) as e:
        _model(cws, "empty-box", "en")
    assert words in str(e.value) and "'> '" in str(e.value) and e.value.line == line, (str(e.value), e.value.line)


def test_a_picture_right_below_a_box_marker_is_a_figure_in_the_box(cws: Path) -> None:
    """``> [!TIP]`` then ``> ![alt](pic)`` on the next line: the picture is a figure inside the box
    (it printed as its Markdown text, with a warning telling to put it on a line of its own)."""
    write_article(cws, "box-pic", '> [!TIP]\n> ![A navy dot](images/dot.png "Press here")\n>\n> Then rest.\n')
    h, ctx = _model(cws, "box-pic", "en")
    callout = next(b for b in h.blocks if isinstance(b, Callout))  # type: ignore[attr-defined]
    assert isinstance(callout.blocks[0], Figure) and ctx.diagnostics.codes() == [], dump(h)  # type: ignore[arg-type]
    assert "![" not in dump(h)  # type: ignore[arg-type]


def test_too_deep_list_is_an_error(cws: Path) -> None:
    body = "".join("  " * k + "- level\n" for k in range(MAX_LIST_DEPTH + 1))
    write_article(cws, "deep", body)
    with pytest.raises(ContentError) as e:
        _model(cws, "deep", "en")
    assert f"at most {MAX_LIST_DEPTH} levels" in str(e.value) and e.value.line == 12 + MAX_LIST_DEPTH


@pytest.mark.parametrize(
    ("rows", "bad"),
    [
        (["| Paracetamol | 500 mg | 4 times a day |"], 0),
        (["| A | 1 |", "| B | 2 | 3 | 4 |"], 1),
        (["> | A | 1 | x |"], 0),  # (a table in a quote: the same rule)
        (["| `a|b` | 1 |"], 0),  # GFM splits at a pipe inside code too: the 1 would be lost
    ],
)
def test_a_row_with_more_cells_than_its_header_is_an_error(cws: Path, rows: list[str], bad: int) -> None:
    """GFM drops the extra cells silently: in a dose table that loses a dose, so it is refused with the row's line."""
    quote = "> " if rows[0].startswith(">") else ""
    body = f"Intro.\n\n{quote}| Medicine | Dose |\n{quote}|---|---|\n" + "\n".join(rows) + "\n"
    write_article(cws, "cells", body)
    with pytest.raises(ContentError) as e:
        _model(cws, "cells", "en")
    assert "header has 2" in str(e.value) and e.value.line == 12 + 4 + bad, (str(e.value), e.value.line)


@pytest.mark.parametrize("row", ["| B | 2 |", "| B |", "| Ibuprofen \\| Brufen | 200 mg |", "B | 2"])
def test_rows_with_at_most_the_header_cells_pass(cws: Path, row: str) -> None:
    write_article(cws, "cells", f"Intro.\n\n| Medicine | Dose |\n|---|---|\n| A | 1 |\n{row}\n")
    h, ctx = _model(cws, "cells", "en")
    text = dump(h)  # type: ignore[arg-type]
    assert ("Brufen" in text or "Brufen" not in row) and "Medicine" in text and ctx.diagnostics.codes() == []


@pytest.mark.parametrize(
    ("body", "words", "line"),
    [
        ("Intro.\n\n![A picture](images/my pic.png)\n", ("'images/my pic.png' has a space", "<images/my pic.png>"), 14),
        ("Intro.\n\nSee ![x](a b.png) here.\n", ("'a b.png' has a space",), 14),
        ('Intro.\n\n![A picture](images/my pic.png "A title")\n', ("'images/my pic.png' has a space",), 14),
        ("> [!WARNNG]\n> Do not drive.\n", ("unknown box [!WARNNG]", "did you mean [!WARNING]"), 12),
        ("> [!FOO]\n> Text.\n", ("unknown box [!FOO]", "NOTE, TIP"), 12),
        ("> [!WARNING] Do not drive.\n", ("text after the box marker [!WARNING]", "alone on its line"), 12),
        ("Intro.\n\n> [!note] **Fast** from midnight\n> Water only.\n", ("[!note] on its line", "[!NOTE] alone"), 14),
        ("> [!DANGER] Hot.\n", ("[!DANGER]", "NOTE, TIP"), 12),
        ("Intro.\n\n> [!TIP]: use a pill box.\n", ("text after the box marker [!TIP]", "[!TIP] alone"), 14),
        ("Intro.\n\n| Medicine | Dose | When |\n|---|---|\n| A | 1 | 2 |\n",
         ("header row has 3 cells but its --- row below it has 2", "|---|---|---|"), 14),
        ("Intro.\n\n- Step\n\n  > | A | B |\n  > |:-:|--:|---|\n", ("has 2 cells but its --- row below it has 3",), 16),
        ("Intro.\nMore intro.\n| ยา | ขนาด |\n| --- |\n", ("has 2 cells but its --- row below it has 1",), 14),
        ("Intro.\n\n- Take these:\n| Medicine | Dose |\n|---|---|\n| A | 1 |\n",
         ("not read as a table: it continues the text above it", "leave a blank line before the table"), 15),
        ("Intro.\n\n> [!WARNING]\n> Stop these:\n| Medicine | Dose |\n|---|---|\n", ("continues the text above it",), 16),
    ],
)
def test_markdown_that_would_print_as_raw_text_is_an_error(cws: Path, body: str, words: tuple[str, ...],
                                                            line: int) -> None:  # fmt: skip
    """An image not read as one (a space in its path) or a warning box with a mistyped marker would
    print its Markdown as text, without the picture or the box: refused, with the line and the fix."""
    write_article(cws, "raw", body)
    with pytest.raises(ContentError) as e:
        _model(cws, "raw", "en")
    assert all(w in str(e.value) for w in words) and e.value.line == line, (str(e.value), e.value.line)


@pytest.mark.parametrize("body", ["a | b\n--|--\n", "> [!NOTE]\n> See [!NOTE] below | x\n", "x | y\n\n---\n",
                                  "| A |\n|---|\n| 1 |\n", "1. Step\n   | A | B |\n   |---|---|\n",
                                  "> Quote\n> | A | B |\n> |---|---|\n"])
def test_a_table_or_box_written_right_is_not_refused(cws: Path, body: str) -> None:
    write_article(cws, "fine", body)
    _, ctx = _model(cws, "fine", "en")
    assert ctx.diagnostics.codes() == []


def test_an_image_path_with_a_space_in_angle_brackets_is_an_image(cws: Path) -> None:
    from PIL import Image

    (cws / "articles" / "images").mkdir(exist_ok=True)
    for name in ("my pic.png", "แผล.png"):
        Image.new("RGB", (60, 40), "white").save(cws / "articles" / "images" / name)
    write_article(cws, "spaced", "Intro.\n\n![A picture](<images/my pic.png>)\n\n![แผล](images/แผล.png)\n\n"
                                 "> [!warning]\n> Careful.\n")  # fmt: skip
    h, _ = _model(cws, "spaced", "en")
    text = dump(h)  # type: ignore[arg-type]
    assert "my pic.png" in text and "แผล.png" in text, text


def test_too_deep_quotes_are_named_as_quotes(cws: Path) -> None:
    write_article(cws, "quotes", ">" * (MAX_LIST_DEPTH + 1) + " deep\n")
    with pytest.raises(ContentError) as e:
        _model(cws, "quotes", "en")
    assert f"quotes nested {MAX_LIST_DEPTH + 1} deep" in str(e.value) and "list" not in str(e.value)


_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"'


@pytest.mark.parametrize(
    ("svg", "words"),
    [
        (_SVG + ' viewBox="a b c d"/>', "viewBox that is not four numbers"),
        (_SVG + ' viewBox="0 0 inf 1"/>', "viewBox that is not four numbers"),
        (_SVG + '><ellipse rx="-5" ry="x"/></svg>', "cannot be drawn"),
        (_SVG + '><g transform="scale(0)"><rect width="5" height="5"/></g></svg>', "cannot be drawn"),
        (_SVG + '><path d="M 1e999 1 L 2 2"/></svg>', "cannot be drawn"),
        (_SVG + '><path d="M 1"/></svg>', "cannot be drawn"),
        (_SVG + '><rect width="5" height="5" style="fill"/></svg>', "cannot be drawn"),
        ('<?xml version="1.0" encoding="UTF-16"?>' + _SVG + "/>", "cannot be drawn"),
        (_SVG + '><image xlink:href="data:image/png;base64,AAAA" width="5" height="5"/></svg>', "cannot be decoded"),
    ],
)
def test_an_svg_that_cannot_be_drawn_is_an_error_not_a_crash(cws: Path, svg: str, words: str) -> None:
    """Found by fuzzing: each of these crashed the render (exit 70) inside svglib or ReportLab."""
    (cws / "articles/images/bad.svg").write_text(svg, encoding="utf-8")
    write_article(cws, "badsvg", "![A picture](images/bad.svg)\n")
    with pytest.raises(ContentError) as e:
        _model(cws, "badsvg", "en")
    assert words in str(e.value) and e.value.line == 12 and "\n" not in str(e.value), str(e.value)


def _embedding_svg(data: bytes, mime: str = "image/png") -> str:
    import base64

    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><image width="200" height="100" '
            f'href="data:{mime};base64,{base64.b64encode(data).decode()}"/></svg>')  # fmt: skip


@pytest.mark.parametrize("layout", ["single", "a5-booklet"])
def test_an_svg_with_an_embedded_png_is_drawn_with_its_transparency(cws: Path, layout: str) -> None:
    """The fix the error for a linked picture gives (embed it as a data: URI) crashed the render
    (exit 70): ReportLab wrote it as an inline image, whose bytes a form XObject cannot hold."""
    import io

    import pikepdf
    from PIL import Image

    from handouts.pipeline import render
    from tests.pdf import ua_checker

    im = Image.new("RGBA", (40, 20), (200, 0, 0, 255))
    im.paste((0, 0, 200, 100), (0, 10, 40, 20))
    png = io.BytesIO()
    im.save(png, "PNG")
    (cws / "articles/images/embedded.svg").write_text(_embedding_svg(png.getvalue()), encoding="utf-8")
    write_article(cws, "embedded", "Intro.\n\n![A red band over a pale blue one](images/embedded.svg)\n")
    data = render("embedded", "demo", "en", RenderContext(cws, layout=layout)).pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pictures = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
                    and (int(o.Width), int(o.Height)) == (40, 20) and o.get("/ColorSpace") == "/DeviceRGB"]  # fmt: skip
        assert len(pictures) == 1 and "/SMask" in pictures[0]  # (its transparency: the soft mask)
    if layout == "single":
        assert ua_checker.check(data) == []


@pytest.mark.parametrize(
    ("data", "mime", "words"),
    [
        ("big", "image/png", "embeds a picture of 5000×10 px; the limit is 4000×4000 px"),
        ("svg", "image/svg+xml", "embeds a picture as 'data:image/svg+xml;base64', which is not drawn"),
        ("gif", "image/png", "embeds a picture in GIF, not PNG or JPEG"),
        ("junk", "image/png", "embeds a picture that cannot be decoded"),
    ],
)
def test_a_picture_embedded_in_an_svg_is_checked_as_a_picture_file(cws: Path, data: str, mime: str, words: str) -> None:
    """svglib decoded any embedded picture with no size limit (a decompression bomb in 2 MB of SVG)
    and drew an embedded SVG as nothing, without a word."""
    import io

    from PIL import Image

    raw = io.BytesIO()
    if data == "big":
        Image.new("L", (5000, 10)).save(raw, "PNG")
    elif data == "gif":
        Image.new("RGB", (10, 10)).save(raw, "GIF")
    elif data == "svg":
        raw.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"><rect width="5" height="5"/></svg>')
    else:
        raw.write(b"\x89PNG\r\n\x1a\nnot a png")
    (cws / "articles/images/holder.svg").write_text(_embedding_svg(raw.getvalue(), mime), encoding="utf-8")
    write_article(cws, "holder", "![A picture](images/holder.svg)\n")
    with pytest.raises(ContentError) as e:
        _model(cws, "holder", "en")
    assert words in str(e.value) and e.value.line == 12 and "\n" not in str(e.value), str(e.value)


@pytest.mark.parametrize("lang", ["th+en", "en"])
def test_a_table_with_a_header_and_no_rows_renders(cws: Path, lang: str) -> None:
    """Found by fuzzing: in a bilingual large-print column its split looked at a first row it has not."""
    from handouts.pipeline import render

    write_article(cws, "headonly", "Intro.\n\n| a | b |\n|---|---|\n\nMore.\n", lang="en")
    ctx = RenderContext(cws, profile="large")
    assert render("headonly", "demo", lang, ctx).pdf.startswith(b"%PDF-")


@pytest.mark.parametrize(("marker", "delim"), [(".", "."), (")", ")")])
def test_a_numbered_list_keeps_the_sign_after_its_numbers(cws: Path, marker: str, delim: str) -> None:
    """``5) Stop eating`` printed as ``5.``: a step the text calls "step 5)" read differently on paper."""
    write_article(cws, "paren", "Steps:\n\n" + "".join(f"{5 + k}{marker} Step {k}\n" for k in range(2)))
    h, _ = _model(cws, "paren", "en")
    lst = next(b for b in h.blocks if isinstance(b, BulletList))  # type: ignore[attr-defined]
    assert lst.ordered and lst.start == 5 and lst.delim == delim
    assert ("delim=)" in dump(h)) == (delim == ")")  # type: ignore[arg-type]


def test_a_task_list_item_is_a_box_and_its_text_alone_is_translated(cws: Path) -> None:
    """GFM's ``- [ ] Bring your ID card`` printed its brackets: the item is a box to tick
    (ticked for ``[x]``), and the catalog's entry is the text without them."""
    from handouts.content.article import load_article

    write_article(cws, "tasks", "Bring:\n\n- [ ] Your ID card\n- [X] Your medicines\n- [link] text\n\n"
                                "1. [ ] Stop eating\n2. Shower\n")  # fmt: skip
    h, _ = _model(cws, "tasks", "en")
    bullets, steps = [b for b in h.blocks if isinstance(b, BulletList)]  # type: ignore[attr-defined]
    assert [it.task for it in bullets.items] == [" ", "x", ""]
    assert [it.task for it in steps.items] == [" ", ""]
    msgids = [e.text for e in load_article(cws / "articles" / "tasks.md").entries if e.kind == "li"]
    assert msgids == ["Your ID card", "Your medicines", "[link] text", "Stop eating", "Shower"]
    text = dump(h)  # type: ignore[arg-type]
    assert "LI [ ]: Your ID card" in text and "LI [x]: Your medicines" in text

