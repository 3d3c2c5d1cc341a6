"""Peer renderers for the handouts benchmark: Typst and WeasyPrint.

Both peers render the same handout content that ``handouts`` renders with
ReportLab, with the same page setup: A4, 20 mm margins, Sarabun 14 pt body,
line height 1.5, left aligned, ``lang="th"``, bold headings in a dark colour,
bullet lists and bold/italic spans.  Fonts come only from the PyPI package
``fontpkg-sarabun``: Typst sees that package's font folder and nothing else
(no system fonts, no fonts embedded in Typst), WeasyPrint gets ``@font-face``
rules pointing at its Regular, Bold, Italic and BoldItalic files.

The CSS is the reference; the Typst template gives text the same line boxes
(top and bottom edges from Sarabun's metrics, zero leading) and the same
block gaps, so on the same content both peers place lines at the same
positions.  Where lines break can still differ: Typst segments Thai with
its own dictionary, WeasyPrint with Pango (libthai on Debian).

The peers are benchmark-only dependencies (``benchmarks/requirements-peers.txt``);
this module imports them lazily so that importing it needs neither.

Content is a list of blocks, each ``(kind, text)``:

- ``"title"``: the handout title (one per handout, first), also the PDF title;
- ``"h2"``, ``"h3"``: section and subsection headings;
- ``"p"``: a paragraph;
- ``"li"``: one bullet item; consecutive items form one list.

``text`` is plain text in which ``**bold**`` and ``*italic*`` Markdown spans
(italic may be nested inside bold) are honoured; every other character is
literal and is escaped for the target language.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple

Block = tuple[str, str]
KINDS: Final = ("title", "h2", "h3", "p", "li")

HEADING_COLOUR: Final = "#1f3a5f"
# Sizes and gaps shared by both peers, in pt.
TITLE_PT, H2_PT, H3_PT, BODY_PT = 22, 18, 15, 14
PARA_GAP_PT: Final = 6
BODY_LINE_HEIGHT, HEADING_LINE_HEIGHT = 1.5, 1.25
LIST_INDENT_EM: Final = 1.2
# Sarabun metrics (em): hhea = typo ascender/descender, advances of "•" and " ".
SARABUN_ASCENT, SARABUN_DESCENT = 1.068, 0.232
SARABUN_BULLET_EM, SARABUN_SPACE_EM = 0.368, 0.243


class Run(NamedTuple):
    """A stretch of text in one style."""

    text: str
    bold: bool
    italic: bool


_SPAN = re.compile(r"\*\*(?P<b>.+?)\*\*|\*(?P<i>[^*]+?)\*", re.DOTALL)
# Characters with a meaning in Typst markup.  Escaping all of them (even
# those that matter only at the start of a line, such as "=", "-", "+",
# "/" and "1.") keeps every character literal wherever it falls.
_TYPST_SPECIAL: Final = frozenset("\\#*_$@<>[]`~=-+/'\".:()")


def runs(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    """Split ``text`` at its ``**bold**`` and ``*italic*`` spans."""
    out: list[Run] = []
    pos = 0
    for m in _SPAN.finditer(text):
        if m.start() > pos:
            out.append(Run(text[pos : m.start()], bold, italic))
        if m.group("b") is not None:
            out.extend(runs(m.group("b"), True, italic))
        else:
            out.extend(runs(m.group("i"), bold, True))
        pos = m.end()
    if pos < len(text):
        out.append(Run(text[pos:], bold, italic))
    return out


def plain(text: str) -> str:
    """``text`` without its span markers."""
    return "".join(r.text for r in runs(text))


def _check(blocks: Sequence[Block]) -> None:
    for kind, _ in blocks:
        if kind not in KINDS:
            raise ValueError(f"unknown block kind {kind!r}; expected one of {KINDS}")


def _title(blocks: Sequence[Block]) -> str:
    return next((plain(t) for k, t in blocks if k == "title"), "")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@functools.cache
def font_dir() -> Path:
    """The folder of Sarabun TTFs shipped by ``fontpkg-sarabun``."""
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).parent / "files"


# --------------------------------------------------------------------- Typst


def typst_escape(text: str) -> str:
    """``text`` as literal Typst markup."""
    return "".join("\\" + c if c in _TYPST_SPECIAL else c for c in _one_line(text))


def _typst_string(text: str) -> str:
    return '"' + _one_line(text).strip().replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_inline(text: str) -> str:
    """Typst markup for ``text`` with its bold/italic spans."""
    out = []
    for r in runs(text):
        s = typst_escape(r.text)
        if r.italic:
            s = f"#emph[{s}]"
        if r.bold:
            s = f"#strong[{s}]"
        out.append(s)
    return "".join(out)


_TYPST_LEVEL: Final = {"title": 1, "h2": 2, "h3": 3}


def _edges(line_height: float) -> tuple[float, float]:
    """CSS line-box extent above and below the baseline, in em.

    CSS centres the font's ascent + descent in a line box ``line_height`` em
    tall; giving Typst text these top and bottom edges with zero leading
    yields the same line pitch and the same gaps around every block.
    """
    half_leading = (line_height - SARABUN_ASCENT - SARABUN_DESCENT) / 2
    return SARABUN_ASCENT + half_leading, SARABUN_DESCENT + half_leading


def typst_source(blocks: Sequence[Block]) -> str:
    """A self-contained Typst document for ``blocks``."""
    _check(blocks)
    title = _typst_string(_title(blocks))
    body_top, body_bottom = _edges(BODY_LINE_HEIGHT)
    head_top, head_bottom = _edges(HEADING_LINE_HEIGHT)
    marker_indent = LIST_INDENT_EM - SARABUN_BULLET_EM - SARABUN_SPACE_EM
    head = f"""\
#set document(title: {title})
#set page(paper: "a4", margin: 20mm)
#set text(font: "Sarabun", size: {BODY_PT}pt, lang: "th", fallback: false,
          top-edge: {body_top:.4g}em, bottom-edge: {-body_bottom:.4g}em)
#set par(justify: false, leading: 0pt, spacing: {PARA_GAP_PT}pt)
#set list(marker: [•], indent: {marker_indent:.4g}em,
          body-indent: {SARABUN_SPACE_EM}em, spacing: 0pt)
#show list: set block(spacing: {PARA_GAP_PT}pt)
#show heading: set text(fill: rgb("{HEADING_COLOUR}"), weight: "bold",
                        top-edge: {head_top:.4g}em, bottom-edge: {-head_bottom:.4g}em)
#show heading.where(level: 1): set text(size: {TITLE_PT}pt)
#show heading.where(level: 1): set block(above: 0pt, below: 8pt)
#show heading.where(level: 2): set text(size: {H2_PT}pt)
#show heading.where(level: 2): set block(above: 12pt, below: 6pt)
#show heading.where(level: 3): set text(size: {H3_PT}pt)
#show heading.where(level: 3): set block(above: 10pt, below: 4pt)
"""
    parts = [head]
    prev = ""
    for kind, text in blocks:
        body = typst_inline(text)
        if kind == "li":
            parts.append(("\n" if prev == "li" else "\n\n") + "- " + body)
        elif kind == "p":
            parts.append("\n\n" + body)
        else:
            parts.append(f"\n\n#heading(level: {_TYPST_LEVEL[kind]})[{body}]")
        prev = kind
    return "".join(parts) + "\n"


@functools.cache
def _typst_fonts() -> Any:
    import typst

    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(font_dir())],
    )


def compile_typst(source: str) -> bytes:
    """Compile Typst ``source`` to PDF bytes in this process."""
    import typst

    pdf = typst.compile(source.encode(), font_paths=_typst_fonts(), ignore_system_fonts=True)
    if not isinstance(pdf, bytes):
        raise TypeError(f"typst.compile returned {type(pdf).__name__}, not bytes")
    return pdf


def render_typst(blocks: Sequence[Block]) -> bytes:
    """Render ``blocks`` to PDF bytes with Typst, in this process."""
    return compile_typst(typst_source(blocks))


_TYPST_CLI: Final = (
    "import sys, typst\n"
    "fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,"
    " font_paths=[sys.argv[3]])\n"
    "typst.compile(sys.argv[1], output=sys.argv[2], font_paths=fonts,"
    " ignore_system_fonts=True)\n"
)


def cold_typst_cmd(src_path: str | Path, out_path: str | Path) -> list[str]:
    """A fresh-process command compiling the Typst file ``src_path``.

    The PyPI ``typst`` package is a library without a console script, so the
    command is a one-line Python program.
    """
    return [
        sys.executable,
        "-c",
        _TYPST_CLI,
        str(src_path),
        str(out_path),
        str(font_dir()),
    ]


# ---------------------------------------------------------------- WeasyPrint


def html_inline(text: str) -> str:
    """HTML for ``text`` with its bold/italic spans."""
    out = []
    for r in runs(text):
        s = html.escape(_one_line(r.text))
        if r.italic:
            s = f"<em>{s}</em>"
        if r.bold:
            s = f"<strong>{s}</strong>"
        out.append(s)
    return "".join(out)


_FACES: Final = (
    ("Regular", "normal", "normal"),
    ("Bold", "bold", "normal"),
    ("Italic", "normal", "italic"),
    ("BoldItalic", "bold", "italic"),
)


def _font_faces() -> str:
    out = []
    for name, weight, style in _FACES:
        url = (font_dir() / f"Sarabun-{name}.ttf").as_uri()
        out.append(
            f'@font-face {{ font-family: Sarabun; font-weight: {weight}; font-style: {style}; src: url("{url}"); }}\n'
        )
    return "".join(out)


_TAG: Final = {"title": "h1", "h2": "h2", "h3": "h3", "p": "p", "li": "li"}


def _html_body(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    in_list = False
    for kind, text in blocks:
        if in_list and kind != "li":
            out.append("</ul>")
        elif not in_list and kind == "li":
            out.append("<ul>")
        in_list = kind == "li"
        tag = _TAG[kind]
        out.append(f"<{tag}>{html_inline(text)}</{tag}>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def html_source(blocks: Sequence[Block]) -> str:
    """A self-contained HTML document for ``blocks`` (fonts as file:// URLs)."""
    _check(blocks)
    return f"""\
<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<title>{html.escape(_one_line(_title(blocks)).strip())}</title>
<style>
{_font_faces()}@page {{ size: A4; margin: 20mm; }}
html {{ font-family: Sarabun; font-size: {BODY_PT}pt;
       line-height: {BODY_LINE_HEIGHT}; text-align: left; color: black; }}
body {{ margin: 0; }}
h1, h2, h3 {{ color: {HEADING_COLOUR}; font-weight: bold;
              line-height: {HEADING_LINE_HEIGHT}; }}
h1 {{ font-size: {TITLE_PT}pt; margin: 0 0 8pt; }}
h2 {{ font-size: {H2_PT}pt; margin: 12pt 0 6pt; }}
h3 {{ font-size: {H3_PT}pt; margin: 10pt 0 4pt; }}
p {{ margin: 0 0 {PARA_GAP_PT}pt; }}
ul {{ margin: {PARA_GAP_PT}pt 0; padding-left: {LIST_INDENT_EM}em;
      list-style: disc; }}
</style>
</head>
<body>
{_html_body(blocks)}
</body>
</html>
"""


def compile_html(source: str) -> bytes:
    """Render HTML ``source`` to PDF bytes with WeasyPrint, in this process."""
    import weasyprint  # type: ignore[import-untyped, unused-ignore]

    pdf = weasyprint.HTML(string=source).write_pdf()
    if not isinstance(pdf, bytes):
        raise TypeError(f"write_pdf returned {type(pdf).__name__}, not bytes")
    return pdf


def render_weasyprint(blocks: Sequence[Block]) -> bytes:
    """Render ``blocks`` to PDF bytes with WeasyPrint, in this process."""
    return compile_html(html_source(blocks))


def cold_weasyprint_cmd(html_path: str | Path, out_path: str | Path) -> list[str]:
    """A fresh-process command rendering ``html_path`` (the ``weasyprint`` CLI).

    ``python -m weasyprint`` is the console script without its launcher, so
    timings do not depend on how the environment wraps scripts.
    """
    return [sys.executable, "-m", "weasyprint", str(html_path), str(out_path)]
