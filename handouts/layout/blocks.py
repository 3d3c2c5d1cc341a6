"""Model blocks → flowables (one exhaustive ``match``; mypy reports an unhandled block type).

Paragraphs, headings and list items become :class:`TextBlock` (lists flattened: each item one
block, indented by its depth with a hanging indent, the marker right-aligned in the gutter;
numbers follow the source); tables go to :mod:`.tables`, callouts and quotes to
:mod:`.callouts`, figures to :mod:`.figures`. Every flowable carries ``role`` (what it is:
P, H2, LI, Table, Aside, Figure…) and ``node`` (the model node); TextBlocks carry their
structure :class:`~handouts.typesetting.marks.Tag` (headings ``H2``–``H4`` with no level
skipped (:class:`Levels`), ``P``, ``L`` → ``LI`` → ``LBody`` with nested lists inside the
``LBody``, ``Table`` → ``THead``/``TBody`` → ``TR`` → ``TH``/``TD``, a callout ``Aside``, ``BlockQuote``, ``Figure``
with its alt text), and every decoration is drawn as an artifact. A link's
target is printed after it, smaller (:func:`short_url`: no ``https://``; the number of a
``tel:`` link, the address of a ``mailto:`` one), unless the link text already shows it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, assert_never

from handouts.diagnostics import Diagnostics
from handouts.layout.callouts import BAND, SIGN, Sign, SignedLabel, box_painter, colours, quote_painter
from handouts.layout.containers import HRule, Indented, Stack
from handouts.layout.figures import FigureBlock
from handouts.layout.pages import Flow
from handouts.layout.styles import MM, Styles
from handouts.model import (
    Block,
    BulletList,
    Callout,
    Code,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    Paragraph,  # fmt: skip
    Quote,
    Rule,
    Source,
    Strong,
    Table,
    Text,
    plain,
)
from handouts.typesetting.flowable import TextBlock, Where
from handouts.typesetting.marks import Tag, artifact
from handouts.typesetting.spans import Span, TextStyle

_FACES = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}


def short_url(url: str) -> str:
    """What is printed for a link target: the address without ``https://`` (or the number, the e-mail).

    >>> [short_url(u) for u in ("https://www.x.org/a/", "mailto:a@b.org", "tel:+6621234567", "http://x.org")]
    ['www.x.org/a', 'a@b.org', '+6621234567', 'x.org']

    A ``tel:`` number's escapes are its characters (``tel:+66%202%20123%204567`` is ``+66 2 123 4567``),
    and a host name in another script is printed in its letters, not as the IDNA name Markdown keeps:

    >>> short_url("tel:+66%202%20123%204567"), short_url("https://xn--o3cw4h.xn--o3cw4h/")
    ('+66 2 123 4567', 'ไทย.ไทย')
    """
    from urllib.parse import unquote

    scheme = next((p for p in ("https://", "http://", "mailto:", "tel:") if url.startswith(p)), "")
    url = url[len(scheme) :]
    if scheme == "tel:":
        return unquote(url)
    url = _readable(url) if scheme == "mailto:" else _readable_host(_readable(url))
    return url.split("?subject=")[0].rstrip("/") if "/" in url or "?" in url else url


def _readable_host(address: str) -> str:
    """``address`` (a web address without its scheme) with the IDNA labels of its host name
    (``xn--o3cw4h``) in their letters (``ไทย``), as a browser's address bar shows them, when the
    handouts' fonts draw those letters; anything else as it is.

    >>> _readable_host("xn--o3cw4h.xn--o3cw4h/a"), _readable_host("xn--r8jz45g.jp"), _readable_host("xn--bad.org")
    ('ไทย.ไทย/a', 'xn--r8jz45g.jp', 'xn--bad.org')
    """
    if "xn--" not in address.lower():
        return address
    cut = min((i for i in (address.find(c) for c in "/?#:") if i >= 0), default=len(address))
    labels = address[:cut].split(".")
    for i, label in enumerate(labels):
        if label.lower().startswith("xn--"):
            try:
                text = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                continue
            if text and all(unicodedata.name(ch, "").startswith(_SCRIPTS) or ch.isdigit() or ch == "-" for ch in text):
                labels[i] = text
    return ".".join(labels) + address[cut:]


_SCRIPTS = ("THAI ", "LAO ", "MYANMAR ", "KHMER ", "LATIN ")  # letters the shipped fonts draw
_ESCAPED_LETTERS = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")  # percent-escaped bytes of non-ASCII letters


def _readable(url: str) -> str:
    """A web address as a browser's address bar shows it: the percent-escaped UTF-8 of its
    letters (``/wiki/%E0%B8%A2%E0%B8%B2``, how Markdown stores ``/wiki/ยา``) decoded; escaped
    ASCII (``%20``, ``%2F``) is left as it is, as is a run that is not valid UTF-8 or has a letter
    of a script the handouts' fonts do not draw (it would be refused as an unknown character).

    >>> _readable("th.wikipedia.org/wiki/%E0%B8%A2%E0%B8%B2?q=a%20b"), _readable("x.org/%E0%B8")
    ('th.wikipedia.org/wiki/ยา?q=a%20b', 'x.org/%E0%B8')
    >>> _readable("x.org/%E4%B8%AD")  # (CJK: not drawn by the shipped fonts)
    'x.org/%E4%B8%AD'
    """

    def decode(m: re.Match[str]) -> str:
        try:
            text = bytes.fromhex(m.group(0).replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return m.group(0)
        return text if all(unicodedata.name(ch, "").startswith(_SCRIPTS) for ch in text) else m.group(0)

    return _ESCAPED_LETTERS.sub(decode, url)


def printed_url(text: str, url: str) -> str:
    """What is printed after a link whose text is ``text``: `` (target)``, or nothing when the
    text already shows the target (an autolink, an address written out, a phone number written
    out in its local form).

    >>> printed_url("our page", "https://x.org/a"), printed_url("x.org/a", "https://x.org/a")
    (' (x.org/a)', '')
    >>> printed_url("02 123 4567", "tel:+6621234567"), printed_url("call us", "tel:+6621234567")
    ('', ' (02 123 4567)')
    >>> printed_url("call us", "tel:+66%202%20123%204567"), printed_url("02 123 4567", "tel:+66%202%20123%204567")
    (' (02 123 4567)', '')
    """
    squash = "".join(ch for ch in text.lower() if ch.isalnum())
    target = "".join(ch for ch in short_url(url).lower() if ch.isalnum())
    if not target or squash == target or target in squash:
        return ""
    if url.startswith("tel:") and len(squash) >= 6 and squash.isdigit() and target.endswith(squash.lstrip("0")):
        return ""  # 02 123 4567 is +66 2 123 4567 dialled from inside the country
    return f" ({dialled(short_url(url)) if url.startswith('tel:') else short_url(url)})"


def dialled(number: str) -> str:
    """A ``tel:`` link's number as a patient dials it: a Thai number in its local form, grouped
    (``+6621234567`` → ``02 123 4567``), another country's grouped internationally (``+856 21 212 345``),
    a short code as it is; anything else as written.

    >>> dialled("+6621234567"), dialled("+85621212345"), dialled("1669"), dialled("+66-81-234-5678")
    ('02 123 4567', '+856 21 212 345', '1669', '081 234 5678')
    """
    from handouts import phones

    try:
        return phones.printed(phones.canonical(number), "local")
    except phones.PhoneFormatError:
        return number


def spans(
    inlines: tuple[Inline, ...], base: TextStyle, lang: str, link_color: str, bold: bool = False, italic: bool = False,
    link: str | None = None, print_urls: bool = False,
) -> tuple[Span, ...]:  # fmt: skip
    """Inlines → styled spans (bold/italic/link nest); ``print_urls`` prints each link's target after it."""
    out: list[Span] = []
    italic = italic or base.face in ("italic", "bolditalic")  # (a caption's base face is italic)
    for node in inlines:
        match node:
            case Text(text=t):
                face = _FACES[(bold or base.face in ("bold", "bolditalic"), italic)]
                color = link_color if link else base.color
                style = TextStyle(face=face, size=base.size, color=color, underline=bool(link))
                out.append(Span(t, style, link, lang))
            case Code(text=t):
                face = _FACES[(bold or base.face in ("bold", "bolditalic"), italic)]
                out.append(Span(t, TextStyle(face=face, size=base.size, color=CODE_COLOR), link, lang))
            case LineBreak():
                out.append(Span("\n", base, None, lang))  # cut into lines by :func:`text_flow`
            case Strong(children=c):
                out.extend(spans(c, base, lang, link_color, True, italic, link, print_urls))
            case Emphasis(children=c):
                out.extend(spans(c, base, lang, link_color, bold, True, link, print_urls))
            case Link(url=u, children=c):
                if u.startswith(("tel:", "mailto:")) and plain(c) == u:  # an autolink, <tel:+66…>: the
                    # scheme is no word for a patient; the number as dialled, the address alone
                    c = (Text(dialled(short_url(u)) if u.startswith("tel:") else short_url(u)),)
                out.extend(spans(c, base, lang, link_color, bold, italic, u, print_urls))
                shown = printed_url(plain(c), u) if print_urls else ""
                if shown:
                    small = TextStyle(face="regular", size=round(base.size * 0.82, 2), color=link_color)
                    out.append(Span(shown, small, u, lang))
            case _:
                assert_never(node)
    return tuple(out)


CODE_COLOR = "#5A3E00"  # inline code: a dark brown (9:1 on white), same font
MARKERS = ("•", "–")  # bullets by depth, alternating (both in Sarabun)


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


class Ctx:
    """What every block of one build needs: language, styles, colours, sinks, heading levels."""

    def __init__(self, lang: str, st: Styles, primary: str, diagnostics: Diagnostics, keep_words: tuple[str, ...],
                 page_height: float, levels: Levels, fallback_lang: str = "", body_height: float = 0.0) -> None:  # fmt: skip
        self.lang, self.st, self.primary, self.d, self.keep = lang, st, primary, diagnostics, keep_words
        self.page_height, self.levels, self.fallback_lang = page_height, levels, fallback_lang
        self.body_height = body_height  # a page's body frame (0: unknown): what a fresh page holds

    def lang_of(self, translated: bool) -> str:
        """The ``/Lang`` of an entry's tag: none when translated, the source language when not."""
        return "" if translated else self.fallback_lang

    def spans(self, inlines: tuple[Inline, ...], style: TextStyle) -> tuple[Span, ...]:
        return spans(inlines, style, self.lang, self.primary, print_urls=True)

    def text(self, sp: tuple[Span, ...], src: Source, tag: Tag | None, **kw: Any) -> TextBlock:
        return TextBlock(sp, keep_words=self.keep, diagnostics=self.d, where=Where(src.path, src.line, src.msgid),
                         tag=tag, **kw)  # fmt: skip


def text_flow(ctx: Ctx, sp: tuple[Span, ...], src: Source, tag: Tag | None, node: object, **kw: Any) -> Flow:
    """One TextBlock, or a tight stack of them (one structure element) when the text has hard line breaks."""
    if not any(s.text == "\n" for s in sp):
        return ctx.text(sp, src, tag, **kw)
    pieces: list[list[Span]] = [[]]
    for s in sp:
        if s.text == "\n":
            pieces.append([])
        else:
            pieces[-1].append(s)
    bullet = kw.pop("bullet", None)
    before, after = kw.pop("space_before", 0.0), kw.pop("space_after", 0.0)
    keep = kw.pop("keep_with_next", False)
    lines: list[Flow] = []
    for k, part in enumerate(pieces):
        if not part:
            part = [Span("\u00a0", sp[0].style, None, ctx.lang)]
        lines.append(ctx.text(tuple(part), src, tag, bullet=bullet if k == 0 else None, **kw))
    stack = Stack(lines, space_before=before, space_after=after, role=tag.role if tag else "P", node=node)
    stack.keepWithNext = keep
    return stack


def build(
    blocks: tuple[Block, ...], lang: str, st: Styles, primary: str, diagnostics: Diagnostics,
    keep_words: tuple[str, ...] = (), parent: Tag | None = None, levels: Levels | None = None,
    list_tag: Tag | None = None, fallback_lang: str = "", *, page_height: float = 842.0, body_height: float = 0.0,
) -> list[Flow]:  # fmt: skip
    """Lay out the article body as flowables (TextBlocks, tables, boxes, figures) tagged under ``parent``.

    ``list_tag``: the ``L`` a top-level list's items join (a bilingual column pairs one item at a
    time); ``fallback_lang``: the ``/Lang`` of an untranslated entry, shown in the source
    language; ``page_height``: figures are at most 40 % of it; ``body_height``: a page's body frame.
    """
    ctx = Ctx(lang, st, primary, diagnostics, keep_words, page_height, levels or Levels(), fallback_lang, body_height)
    out: list[Flow] = []
    for block in blocks:
        out.extend(_block(ctx, block, 0.0, parent, list_tag))
    return out


def _indent(flow: Flow, dx: float) -> Flow:
    if dx <= 0:
        return flow
    if isinstance(flow, TextBlock):
        flow.indent += dx
        return flow
    return Indented(flow, dx)


def _child(parent: Tag | None, role: str, **kw: Any) -> Tag:
    return Tag(role, parent, **kw)


def _block(ctx: Ctx, block: Block, indent: float, parent: Tag | None, list_tag: Tag | None = None) -> list[Flow]:
    st = ctx.st
    body = TextStyle(size=st.body, color=st.text)
    match block:
        case Heading(level=level, inlines=inl, source=src, translated=done):
            size = st.h2 if level <= 2 else st.h3 if level == 3 else st.body + 1
            style = TextStyle(face="bold", size=size, color=ctx.primary)
            gap = st.paragraph_gap * (1.6 if level <= 2 else 1.1 if level == 3 else 0.8)
            tag = _child(parent, ctx.levels.role(level), lang=ctx.lang_of(done))
            return [text_flow(ctx, ctx.spans(inl, style), src, tag, block, leading=round(size * max(1.35, st.title_leading), 2),
                              space_before=gap, space_after=st.paragraph_gap * 0.4, keep_with_next=True,
                              indent=indent, ragged=True)]  # fmt: skip
        case Paragraph(inlines=inl, source=src, translated=done):
            code = bool(inl) and all(isinstance(i, (Code, LineBreak)) for i in inl)
            tag = _child(parent, "Code" if code else "P", lang=ctx.lang_of(done))
            return [text_flow(ctx, ctx.spans(inl, body), src, tag, block,
                              leading=st.lead(st.body), space_after=st.paragraph_gap, indent=indent)]  # fmt: skip
        case BulletList():
            out = _list(ctx, block, indent, 0, parent, list_tag)
            if out:
                out[-1].space_after = max(out[-1].space_after, st.paragraph_gap)
            return out
        case Table():
            from handouts.layout.tables import build_table

            return [_indent(build_table(ctx, block, _child(parent, "Table")), indent)]
        case Callout(kind=kind, label=label, blocks=inner, source=src):
            # an Aside (PDF 2.0's type for a callout; role-mapped to Div for PDF/UA-1)
            return [_indent(_callout(ctx, kind, label, inner, src, block, _child(parent, "Aside")), indent)]
        case Quote(blocks=inner):
            tag = _child(parent, "BlockQuote")
            kids = [f for b in inner for f in _block(ctx, b, 0.0, tag)]
            pad = (st.paragraph_gap * 0.3, 0.0, 0.0, 6 * MM)
            return [_indent(Stack(kids, pad=pad, space_after=st.paragraph_gap, painter=quote_painter(st.muted),
                                  role="BlockQuote", node=block), indent)]  # fmt: skip
        case Figure(caption=cap, source=src, alt=alt, translated=done, caption_source=cap_src):
            caption = None
            lang = ctx.lang_of(done)
            if cap:
                cstyle = TextStyle(face="italic", size=st.small + 1, color=st.muted)
                caption = ctx.text(ctx.spans(cap, cstyle), cap_src or src, _child(parent, "Caption", lang=lang),
                                   leading=st.lead(st.small + 1))  # fmt: skip
            fig = FigureBlock(block, caption, ctx.page_height, _child(parent, "Figure", alt=alt, lang=lang),
                              space_before=st.paragraph_gap * 0.5, space_after=st.paragraph_gap * 1.5,
                              page_hint=ctx.body_height)  # fmt: skip
            return [_indent(fig, indent)]
        case Rule():
            return [HRule(st.muted, st.paragraph_gap, block)]
        case _:
            assert_never(block)


def _marker_width(ctx: Ctx, text: str) -> float:
    from handouts.typesetting.fonts import font_set
    from handouts.typesetting.shaping import shape

    return shape(text, font_set().face("bold")).width(ctx.st.body)


TASK_BOXES = {" ": "\u274f", "x": "\u2713"}  # a task item's box: ❏ to tick, ✓ ticked (Dingbats, as a fallback glyph)


def _marker(lst: BulletList, k: int, depth: int) -> str:
    """Item ``k``'s marker: its number as the source writes it (``5.``, ``5)``) or the bullet of
    its depth; a task item's box in place of the bullet, or after the number."""
    task = lst.items[k].task
    if lst.ordered:
        number = f"{lst.start + k}{lst.delim}"
        return f"{number}\u00a0{TASK_BOXES[task]}" if task else number
    return TASK_BOXES[task] if task else MARKERS[depth % len(MARKERS)]


def _list(ctx: Ctx, lst: BulletList, indent: float, depth: int, parent: Tag | None,
          list_tag: Tag | None = None) -> list[Flow]:  # fmt: skip
    st = ctx.st
    n = len(lst.items)
    markers = [_marker(lst, k, depth) for k in range(n)]
    widest = max((_marker_width(ctx, m) for m in markers), default=0.0)
    step = max(st.list_indent if depth == 0 else st.list_indent * 0.85, widest + 0.4 * st.body + 1.5 * MM)
    here = indent + step
    ltag = list_tag or _child(parent, "L", attrs=(("ListNumbering", "Decimal" if lst.ordered else "Disc"),))
    out: list[Flow] = []
    body = TextStyle(size=st.body, color=st.text)
    for k, item in enumerate(lst.items):
        lbody = ltag.child("LI").child("LBody", lang=ctx.lang_of(item.translated))
        bullet = Span(markers[k], TextStyle(face="bold", size=st.body, color=ctx.primary), None, ctx.lang)
        sp = ctx.spans(item.inlines, body) or (Span("\u00a0", body, None, ctx.lang),)
        # an item introducing sub-steps, a table or a picture ("Prepare the injection:") never ends a page without them
        out.append(text_flow(ctx, sp, item.source, lbody, item, leading=st.lead(st.body),
                             space_after=st.paragraph_gap * 0.5, bullet=bullet, indent=here,
                             keep_with_next=bool(item.children)))  # fmt: skip
        for child in item.children:
            if isinstance(child, BulletList):
                sub = _list(ctx, child, here, depth + 1, lbody)
            else:
                sub = [_indent(f, here) for f in _block(ctx, child, 0.0, lbody)]
                for f in sub:
                    f.space_after = min(f.space_after, st.paragraph_gap * 0.5)
            out.extend(sub)
    return out


def _callout(ctx: Ctx, kind: str, label: str, inner: tuple[Block, ...], src: Source, node: Callout,
             tag: Tag) -> Flow:  # fmt: skip
    st = ctx.st
    ink, bg = colours(kind, ctx.primary)
    lstyle = TextStyle(face="bold", size=st.body, color=ink)
    head = ctx.text((Span(label, lstyle, None, ctx.lang),), src, tag.child("P"), leading=st.lead(st.body))
    kids: list[Flow] = [SignedLabel(Sign(kind, ink, SIGN), head)]
    # the label again at the top of the box's part on the next page (an artifact, as a table's repeated header)
    again = SignedLabel(Sign(kind, ink, SIGN), ctx.text((Span(label, lstyle, None, ctx.lang),), src, artifact("Pagination"),
                                                        leading=st.lead(st.body)))  # fmt: skip
    for b in inner:
        kids.extend(_block(ctx, b, 0.0, tag))
    if kids:
        kids[-1].space_after = 0.0
    pad = (2.5 * MM, 3 * MM, 2.5 * MM, BAND + 3 * MM)
    # (whole on a fresh page when it fits one: known in a bilingual column too, which is offered only the rest)
    return Stack(kids, pad=pad, space_before=st.paragraph_gap * 0.5, space_after=st.paragraph_gap * 1.5, keep=True,
                 painter=box_painter(kind, ink, bg), role="Aside", node=node, gap=st.paragraph_gap * 0.3,
                 page_hint=ctx.body_height, again=again)  # fmt: skip
