"""The document model: a small closed set of frozen dataclasses, and its stable text dump.

The model holds *already translated* text; no gettext calls, no ReportLab objects. It imports
nothing from handouts or any third-party package. ``dump()`` is the main test surface
(``handouts debug model ARTICLE --lang th`` prints it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import assert_never


@dataclass(frozen=True, slots=True)
class Source:
    """Where a piece of content came from: file, line, and the catalog msgid."""

    path: str
    line: int
    msgid: str = ""


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """Bold inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Italic inlines."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code (printed as it is, in the code colour)."""

    text: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph (two spaces or a backslash at the end of a line)."""


@dataclass(frozen=True, slots=True)
class Link:
    """A clickable http(s)/mailto/tel link around inlines."""

    url: str
    children: tuple[Inline, ...]

    def __post_init__(self) -> None:
        if not self.url.startswith(("https://", "http://", "mailto:", "tel:")):
            raise ValueError(f"link target {self.url!r} is not http(s), mailto or tel")


Inline = Text | Strong | Emphasis | Link | Code | LineBreak


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading, level 2 to 4 (level 1 is the handout title)."""

    level: int
    inlines: tuple[Inline, ...]
    source: Source
    translated: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 4:
            raise ValueError(f"heading level {self.level} is not 1–4")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of inlines."""

    inlines: tuple[Inline, ...]
    source: Source
    translated: bool = True


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list: its first paragraph, then any nested blocks (lists, paragraphs)."""

    inlines: tuple[Inline, ...]
    source: Source
    translated: bool = True
    children: tuple[Block, ...] = ()
    task: str = ""  # a box to tick in place of its bullet or number: " " (empty) or "x" (ticked); "": none


@dataclass(frozen=True, slots=True)
class BulletList:
    """A bulleted (or numbered from ``start``, when ``ordered``) list; items may nest lists."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1
    delim: str = "."  # after an ordered list's numbers: "." or ")", as the source writes them


ALIGNS = ("left", "center", "right")


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell (a catalog entry of its own)."""

    inlines: tuple[Inline, ...]
    source: Source
    translated: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    """A GFM pipe table: one header row, body rows, one alignment per column."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    align: tuple[str, ...]
    source: Source

    def __post_init__(self) -> None:
        n = len(self.header)
        if n == 0 or len(self.align) != n or any(len(r) != n for r in self.rows):
            raise ValueError("every table row needs one cell per column")
        if any(a not in ALIGNS for a in self.align):
            raise ValueError(f"table alignment {self.align!r} is not left, center or right")


CALLOUT_KINDS = ("note", "tip", "important", "warning", "caution")


@dataclass(frozen=True, slots=True)
class Callout:
    """A GitHub alert (``> [!WARNING]``): a boxed block with a translated label."""

    kind: str
    label: str
    blocks: tuple[Block, ...]
    source: Source

    def __post_init__(self) -> None:
        if self.kind not in CALLOUT_KINDS:
            raise ValueError(f"callout kind {self.kind!r} is not one of {', '.join(CALLOUT_KINDS)}")


@dataclass(frozen=True, slots=True)
class Quote:
    """A plain block quote: indented, with a rule beside it."""

    blocks: tuple[Block, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Figure:
    """An image on its own line: the file for this language, its size, alt text and caption."""

    path: str  # the file to draw (a per-language variant when there is one)
    shown: str  # the path as written in the article, for dumps and messages
    fmt: str  # png | jpeg | svg
    width: float  # intrinsic size (pixels for PNG/JPEG, user units for SVG)
    height: float
    alt: str
    caption: tuple[Inline, ...]
    source: Source  # the alt text's entry
    translated: bool = True
    caption_source: Source | None = None  # the caption's entry (a message about the caption names it)

    def __post_init__(self) -> None:
        if not self.alt.strip():
            raise ValueError("an image needs alt text")
        if self.width <= 0 or self.height <= 0:
            raise ValueError("an image needs a positive size")


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break (``---``)."""

    source: Source


Block = Heading | Paragraph | BulletList | Table | Callout | Quote | Figure | Rule


@dataclass(frozen=True, slots=True)
class Meta:
    """Article front matter, with title and subtitle translated."""

    article_id: str
    title: str
    subtitle: str
    source_lang: str
    author: str
    reviewer: str
    reviewed: dt.date
    next_review: dt.date
    source: str
    version: str
    # what prints in the source language for want of this one ("title", "subtitle", "author",
    # "reviewer", "source"; a credit given as one string for every language too): tagged with that
    # language in the PDF (a credit unless all its letters are in this language's script)
    fallback: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Chrome:
    """The frame's localized strings (already rendered from the templates)."""

    header: str = ""
    questions: str = ""
    emergency: str = ""
    disclaimer: str = ""
    credit: str = ""
    control: str = ""
    page_label: str = "{page} / {pages}"
    draft: str = ""
    translation: str = ""  # "translated by … · translation reviewed by … on …" (a signed-off translation)
    # short texts printed as they are (their inline Markdown made plain), from the catalog like the rest
    control_short: str = ""  # "version … · hash": the compact footer's document control
    review_due: str = ""  # "review due YYYY-MM-DD": staff-facing, printed once next_review has passed
    qr_alt: str = ""  # the QR code's text alternative (with the online URL)
    notes_title: str = ""  # the notes box's label
    notes_patient: str = ""  # "Patient:" before the patient's name


@dataclass(frozen=True, slots=True)
class Approval:
    """Whether a handout prints as final: a translation signed off and unchanged since (or the
    source language, reviewed in its front matter), or a draft and why."""

    state: str = "final"  # final | draft
    reasons: tuple[str, ...] = ()
    reviewer: str = ""  # who signed the translation off (the last sign-off, also for a draft)
    date: dt.date | None = None
    translator: str = ""

    def __post_init__(self) -> None:
        if self.state not in ("final", "draft"):
            raise ValueError(f"approval state {self.state!r} is not final or draft")

    @property
    def final(self) -> bool:
        return self.state == "final"


@dataclass(frozen=True, slots=True)
class Handout:
    """A translated article ready for layout."""

    meta: Meta
    lang: str
    blocks: tuple[Block, ...]
    chrome: Chrome = field(default_factory=Chrome)
    content_hash: str = ""
    translated_percent: int = 100
    approval: Approval = field(default_factory=Approval)


def plain(inlines: tuple[Inline, ...]) -> str:
    r"""The plain text of inlines.

    >>> plain((Text("a "), Strong((Text("b"),)), Link("https://x.org", (Text("c"),)), LineBreak(), Code("d")))
    'a bc\nd'
    """
    out = []
    for node in inlines:
        match node:
            case Text(text=t) | Code(text=t):
                out.append(t)
            case LineBreak():
                out.append("\n")
            case Strong(children=c) | Emphasis(children=c) | Link(children=c):
                out.append(plain(c))
            case _:
                assert_never(node)
    return "".join(out)


def _dump_inlines(inlines: tuple[Inline, ...]) -> str:
    out = []
    for node in inlines:
        match node:
            case Text(text=t):
                out.append(t)
            case Code(text=t):
                out.append(f"`{t}`")
            case LineBreak():
                out.append("⏎")
            case Strong(children=c):
                out.append(f"**{_dump_inlines(c)}**")
            case Emphasis(children=c):
                out.append(f"_{_dump_inlines(c)}_")
            case Link(url=u, children=c):
                out.append(f"[{_dump_inlines(c)}]<{u}>")
            case _:
                assert_never(node)
    return "".join(out)


def _mark(translated: bool) -> str:
    return "" if translated else " [untranslated]"


def _dump_blocks(blocks: tuple[Block, ...], pad: str, lines: list[str]) -> None:
    for block in blocks:
        match block:
            case Heading(level=lv, inlines=i, translated=t):
                lines.append(f"{pad}H{lv}{_mark(t)}: {_dump_inlines(i)}")
            case Paragraph(inlines=i, translated=t):
                lines.append(f"{pad}P{_mark(t)}: {_dump_inlines(i)}")
            case BulletList(items=items, ordered=o, start=s, delim=dl):
                lines.append(f"{pad}{'OL' if o else 'UL'}{f' start={s}' if o else ''}{f' delim={dl}' if o and dl != '.' else ''}")
                for it in items:
                    box = f" [{it.task}]" if it.task else ""
                    lines.append(f"{pad}  LI{_mark(it.translated)}{box}: {_dump_inlines(it.inlines)}")
                    _dump_blocks(it.children, pad + "    ", lines)
            case Table(header=head, rows=rows, align=align):
                lines.append(f"{pad}TABLE cols={len(head)} align={','.join(align)}")
                for tag, row in (("TH", head), *(("TR", r) for r in rows)):
                    cells = " | ".join(f"{_dump_inlines(c.inlines)}{_mark(c.translated)}" for c in row)
                    lines.append(f"{pad}  {tag}: {cells}")
            case Callout(kind=k, label=label, blocks=inner):
                lines.append(f"{pad}CALLOUT {k}: {label}")
                _dump_blocks(inner, pad + "  ", lines)
            case Quote(blocks=inner):
                lines.append(f"{pad}QUOTE")
                _dump_blocks(inner, pad + "  ", lines)
            case Figure(shown=shown, path=path, fmt=fmt, width=w, height=h, alt=alt, caption=cap, translated=t):
                variant = "" if path.endswith(shown) else f" (file {path.rsplit('/', 1)[-1]})"
                lines.append(f"{pad}FIGURE{_mark(t)} {shown}{variant} {fmt} {w:g}x{h:g}")
                lines.append(f"{pad}  alt: {alt}")
                if cap:
                    lines.append(f"{pad}  caption: {_dump_inlines(cap)}")
            case Rule():
                lines.append(f"{pad}HR")
            case _:
                assert_never(block)


def dump(h: Handout) -> str:
    """A stable, indented text dump of a handout (the golden-test surface)."""
    m = h.meta
    lines = [
        f"Handout {m.article_id} lang={h.lang} translated={h.translated_percent}% hash={h.content_hash}",
        f"  title: {m.title}",
        f"  subtitle: {m.subtitle}",
        f"  author: {m.author} | reviewer: {m.reviewer} | reviewed: {m.reviewed} | next: {m.next_review}",
        f"  source: {m.source}",
        f"  version: {m.version}",
    ]
    a = h.approval
    signed = f" (translation signed off by {a.reviewer} on {a.date})" if a.final and a.reviewer else ""
    lines.append(f"  approval: {a.state}{signed}")
    lines.extend(f"    reason: {r}" for r in a.reasons)
    for name in ("header", "questions", "emergency", "disclaimer", "credit", "control", "translation", "page_label",
                 "draft"):
        value = getattr(h.chrome, name)
        if value:
            lines.append(f"  chrome.{name}: {value}")
    _dump_blocks(h.blocks, "  ", lines)
    return "\n".join(lines) + "\n"
