"""Model blocks → TextBlocks (one exhaustive ``match``; mypy reports an unhandled block type)."""

from __future__ import annotations

from typing import assert_never

from handouts.diagnostics import Diagnostics
from handouts.layout.styles import Styles
from handouts.model import Block, BulletList, Emphasis, Heading, Inline, Link, Paragraph, Strong, Text
from handouts.typesetting.flowable import TextBlock, Where
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


def build(
    blocks: tuple[Block, ...], lang: str, st: Styles, primary: str, diagnostics: Diagnostics,
    keep_words: tuple[str, ...] = (),
) -> list[TextBlock]:  # fmt: skip
    """Lay out the article body as a list of TextBlocks."""
    out: list[TextBlock] = []
    body = TextStyle(size=st.body, color=st.text)
    for block in blocks:
        match block:
            case Heading(level=level, inlines=inl, source=src):
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
                    )
                )
            case Paragraph(inlines=inl, source=src):
                out.append(
                    TextBlock(
                        spans(inl, body, lang, primary),
                        leading=st.lead(st.body),
                        space_after=st.paragraph_gap,
                        keep_words=keep_words,
                        diagnostics=diagnostics,
                        where=Where(src.path, src.line, src.msgid),
                    )
                )
            case BulletList(items=items, ordered=ordered, start=start):
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
                        )
                    )
            case _:
                assert_never(block)
    return out
