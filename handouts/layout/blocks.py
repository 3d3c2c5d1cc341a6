"""Model blocks → TextBlocks (one exhaustive ``match``; mypy reports an unhandled block type).

Each block also gets its structure :class:`~handouts.typesetting.marks.Tag` (what the PDF's
tagging writes): headings ``H2``–``H4`` with no level skipped (:class:`Levels`), ``P``, and for
a list ``L`` → ``LI`` → ``LBody`` (the marker becomes the item's ``Lbl`` when drawn).
"""

from __future__ import annotations

from typing import assert_never

from handouts.diagnostics import Diagnostics
from handouts.layout.styles import Styles
from handouts.model import Block, BulletList, Emphasis, Heading, Inline, Link, Paragraph, Strong, Text
from handouts.typesetting.flowable import TextBlock, Where
from handouts.typesetting.marks import Tag
from handouts.typesetting.spans import Span, TextStyle

_FACES = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}


def spans(
    inlines: tuple[Inline, ...], base: TextStyle, lang: str, link_color: str, bold: bool = False, italic: bool = False,
    link: str | None = None,
) -> tuple[Span, ...]:  # fmt: skip
    """Inlines → styled spans (bold/italic/link nest)."""
    out: list[Span] = []
    for node in inlines:
        match node:
            case Text(text=t):
                face = _FACES[(bold or base.face in ("bold", "bolditalic"), italic)]
                color = link_color if link else base.color
                style = TextStyle(face=face, size=base.size, color=color, underline=bool(link))
                out.append(Span(t, style, link, lang))
            case Strong(children=c):
                out.extend(spans(c, base, lang, link_color, True, italic, link))
            case Emphasis(children=c):
                out.extend(spans(c, base, lang, link_color, bold, True, link))
            case Link(url=u, children=c):
                out.extend(spans(c, base, lang, link_color, bold, italic, u))
            case _:
                assert_never(node)
    return tuple(out)


class Levels:
    """Heading roles in article order with no level skipped: after the title (``H1``) an article
    heading of level 3 becomes ``H2``, and so on (a reader navigating by level finds them all).

    >>> lv = Levels()
    >>> [lv.role(n) for n in (3, 4, 2, 4)]
    ['H2', 'H3', 'H2', 'H3']
    """

    def __init__(self, last: int = 1) -> None:
        self.last = last

    def role(self, level: int) -> str:
        self.last = max(2, min(level, self.last + 1, 6))
        return f"H{self.last}"


def build(
    blocks: tuple[Block, ...], lang: str, st: Styles, primary: str, diagnostics: Diagnostics,
    keep_words: tuple[str, ...] = (), parent: Tag | None = None, levels: Levels | None = None,
    list_tag: Tag | None = None, fallback_lang: str = "",
) -> list[TextBlock]:  # fmt: skip
    """Lay out the article body as a list of TextBlocks, tagged as children of ``parent``.

    ``list_tag``: the ``L`` a list's items join (a bilingual column pairs one item at a time);
    ``fallback_lang``: the ``/Lang`` of an untranslated entry, shown in the source language.
    """

    def lang_of(translated: bool) -> str:
        return "" if translated else fallback_lang

    out: list[TextBlock] = []
    body = TextStyle(size=st.body, color=st.text)
    levels = levels or Levels()
    for block in blocks:
        match block:
            case Heading(level=level, inlines=inl, source=src, translated=done):
                size = st.h2 if level <= 2 else st.h3
                style = TextStyle(face="bold", size=size, color=primary)
                out.append(
                    TextBlock(
                        spans(inl, style, lang, primary),
                        leading=round(size * 1.35, 2),
                        space_before=st.paragraph_gap * (1.6 if level <= 2 else 1.1),
                        space_after=st.paragraph_gap * 0.4,
                        keep_with_next=True,
                        keep_words=keep_words,
                        diagnostics=diagnostics,
                        where=Where(src.path, src.line, src.msgid),
                        tag=Tag(levels.role(level), parent, lang=lang_of(done)),
                    )
                )
            case Paragraph(inlines=inl, source=src, translated=done):
                out.append(
                    TextBlock(
                        spans(inl, body, lang, primary),
                        leading=st.lead(st.body),
                        space_after=st.paragraph_gap,
                        keep_words=keep_words,
                        diagnostics=diagnostics,
                        where=Where(src.path, src.line, src.msgid),
                        tag=Tag("P", parent, lang=lang_of(done)),
                    )
                )
            case BulletList(items=items, ordered=ordered, start=start):
                lst = list_tag or Tag("L", parent, attrs=(("ListNumbering", "Decimal" if ordered else "Disc"),))
                for n, item in enumerate(items):
                    marker = f"{start + n}." if ordered else "•"
                    last = n == len(items) - 1
                    out.append(
                        TextBlock(
                            spans(item.inlines, body, lang, primary),
                            leading=st.lead(st.body),
                            space_after=st.paragraph_gap if last else st.paragraph_gap * 0.5,
                            bullet=Span(marker, TextStyle(face="bold", size=st.body, color=primary), None, lang),
                            indent=st.list_indent,
                            keep_words=keep_words,
                            diagnostics=diagnostics,
                            where=Where(item.source.path, item.source.line, item.source.msgid),
                            tag=lst.child("LI").child("LBody", lang=lang_of(item.translated)),
                        )
                    )
            case _:
                assert_never(block)
    return out
