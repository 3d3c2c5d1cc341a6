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
class Link:
    """A clickable http(s)/mailto/tel link around inlines."""

    url: str
    children: tuple[Inline, ...]

    def __post_init__(self) -> None:
        if not self.url.startswith(("https://", "http://", "mailto:", "tel:")):
            raise ValueError(f"link target {self.url!r} is not http(s), mailto or tel")


Inline = Text | Strong | Emphasis | Link


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading, level 2 or 3 (level 1 is the handout title)."""

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
    """One item of a list."""

    inlines: tuple[Inline, ...]
    source: Source
    translated: bool = True


@dataclass(frozen=True, slots=True)
class BulletList:
    """A bulleted (or numbered, when ``ordered``) list."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1


Block = Heading | Paragraph | BulletList


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


@dataclass(frozen=True, slots=True)
class Handout:
    """A translated article ready for layout."""

    meta: Meta
    lang: str
    blocks: tuple[Block, ...]
    chrome: Chrome = field(default_factory=Chrome)
    content_hash: str = ""
    translated_percent: int = 100


def plain(inlines: tuple[Inline, ...]) -> str:
    """The plain text of inlines.

    >>> plain((Text("a "), Strong((Text("b"),)), Link("https://x.org", (Text("c"),))))
    'a bc'
    """
    out = []
    for node in inlines:
        match node:
            case Text(text=t):
                out.append(t)
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
            case Strong(children=c):
                out.append(f"**{_dump_inlines(c)}**")
            case Emphasis(children=c):
                out.append(f"_{_dump_inlines(c)}_")
            case Link(url=u, children=c):
                out.append(f"[{_dump_inlines(c)}]<{u}>")
            case _:
                assert_never(node)
    return "".join(out)


def dump(h: Handout) -> str:
    """A stable, indented text dump of a handout (the golden-test surface)."""
    m = h.meta
    lines = [
        f"Handout {m.article_id} lang={h.lang} translated={h.translated_percent}% hash={h.content_hash}",
        f"  title: {m.title}",
        f"  subtitle: {m.subtitle}",
        f"  author: {m.author} | reviewer: {m.reviewer} | reviewed: {m.reviewed} | next: {m.next_review}",
        f"  version: {m.version}",
    ]
    for name in ("header", "questions", "emergency", "disclaimer", "credit", "control", "page_label", "draft"):
        value = getattr(h.chrome, name)
        if value:
            lines.append(f"  chrome.{name}: {value}")
    for block in h.blocks:
        match block:
            case Heading(level=lv, inlines=i, translated=t):
                lines.append(f"  H{lv}{'' if t else ' [untranslated]'}: {_dump_inlines(i)}")
            case Paragraph(inlines=i, translated=t):
                lines.append(f"  P{'' if t else ' [untranslated]'}: {_dump_inlines(i)}")
            case BulletList(items=items, ordered=o, start=s):
                lines.append(f"  {'OL' if o else 'UL'}{f' start={s}' if o else ''}")
                for it in items:
                    lines.append(f"    LI{'' if it.translated else ' [untranslated]'}: {_dump_inlines(it.inlines)}")
            case _:
                assert_never(block)
    return "\n".join(lines) + "\n"
