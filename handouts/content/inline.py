"""Inline Markdown → model inlines (``**bold**``, ``*italic*``, ``[links](https://…)``, ```code```).

Raw HTML is disabled, so ``<img src=…>`` or ``<font>`` stay literal text; images are never
loaded here (an image on a line of its own is a figure, see :mod:`.markdown`); links other
than http(s), mailto and tel stay literal. Reference-style links (``[text][ref]``) resolve
against the article's ``[ref]: url`` definitions, passed in as ``refs``; autolinks
(``<https://…>``) are links. A hard line break is a :class:`~handouts.model.LineBreak`.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from handouts.errors import ContentError
from handouts.memo import Seeded
from handouts.model import Code, Emphasis, Inline, LineBreak, Link, Strong, Text

SAFE_SCHEMES = ("https://", "http://", "mailto:", "tel:")
# Emphasis and links nested deeper than this are an error (a person never nests more than a few;
# thousands would exhaust the recursion of everything that walks the inlines).
MAX_INLINE_DEPTH = 12
_OPEN = ("strong_open", "em_open", "link_open")
_CLOSE = ("strong_close", "em_close", "link_close")


def inline_depth(children: list[Any]) -> int:
    """The deepest nesting of emphasis and links in markdown-it inline tokens."""
    depth = deepest = 0
    for tok in children:
        if tok.type in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif tok.type in _CLOSE:
            depth -= 1
    return deepest


class ParseOnly:
    """The renderer a parser here is made with: the handouts only parse Markdown (its tokens are
    laid out, never rendered to HTML). markdown-it's HTML renderer lists its own methods with
    ``inspect`` when it is made, which imports ``inspect`` (some 5 ms) in a render that needs it
    for nothing else."""

    __output__: ClassVar[str] = "tokens"

    def __init__(self, parser: object = None) -> None:
        pass

    def render(self, tokens: Any, options: Any, env: Any) -> Any:
        raise NotImplementedError("handouts parses Markdown, it never renders it to HTML")


@functools.cache
def _md() -> Any:
    from markdown_it import MarkdownIt

    options = {"html": False, "linkify": False, "typographer": False}
    return MarkdownIt("commonmark", options, renderer_cls=ParseOnly).disable("image")


def md() -> Any:
    """The one Markdown parser (CommonMark, raw HTML and images off)."""
    return _md()


# Outside backslash escapes, a text with none of these is one Text to markdown-it too (no code,
# emphasis, link, autolink, entity or line break can start; \r and \0 are normalised).
_SYNTAX = frozenset("`*_[]<>&!~\n\r\0")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # CommonMark's ASCII punctuation


def _plain_text(text: str) -> tuple[Inline, ...] | None:
    """The inlines of a text that is plain but for backslash escapes (the frame's escaped values),
    as markdown-it makes them; None when the text needs markdown-it (which is then not loaded
    for plain texts: a changed translation without Markdown, a content hash in the frame)."""
    if not text:
        return None
    if "\\" not in text:
        return (Text(text),) if _SYNTAX.isdisjoint(text) else None
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _ESCAPABLE:
            i += 1
            ch = text[i]
        elif ch in _SYNTAX:
            return None
        out.append(ch)
        i += 1
    return (Text("".join(out)),)


Refs = tuple[tuple[str, str, str], ...]
Parsed = tuple[tuple[str, Refs], tuple[Inline, ...]]  # (text, refs) → its inlines
_PARSED: Seeded[tuple[str, Refs], tuple[Inline, ...]] = Seeded()  # results of earlier processes (the model cache)
_SEEDED = _PARSED.seeded


def seed(parsed: tuple[Parsed, ...]) -> None:
    """Hand in results of earlier runs (the model cache's): those texts are not parsed again,
    and markdown-it is not even imported when every text asked for is among them."""
    _PARSED.seed(parsed)


def record(on: bool = True) -> dict[tuple[str, Refs], tuple[Inline, ...]]:
    """Start (or stop) recording: every text parsed from now on, with its result, is also put
    into the returned dict (the model cache stores them with the model)."""
    return _PARSED.record(on)


def parse_inline(text: str, refs: Refs = ()) -> tuple[Inline, ...]:
    """Parse one entry's inline Markdown (``refs``: the article's link definitions, (label, href, title)).

    >>> parse_inline("a **b** <img src=x> [c](javascript:alert(1))")
    (Text(text='a '), Strong(children=(Text(text='b'),)), Text(text=' <img src=x> [c](javascript:alert(1))'))
    >>> parse_inline("[x][r] `y`", (("R", "https://e.org", ""),))
    (Link(url='https://e.org', children=(Text(text='x'),)), Text(text=' '), Code(text='y'))
    """
    return _PARSED.get((text, refs), lambda: _plain_text(text) or _parse_inline(text, refs))


@functools.lru_cache(maxsize=4096)
def _parse_inline(text: str, refs: Refs) -> tuple[Inline, ...]:
    env = {"references": {label: {"href": href, "title": title} for label, href, title in refs}} if refs else {}
    tokens = md().parseInline(text, env)
    children = tokens[0].children if tokens else []
    depth = inline_depth(children or [])
    if depth > MAX_INLINE_DEPTH:
        raise ContentError(f"emphasis or links nested {depth} deep; at most {MAX_INLINE_DEPTH} levels are supported",
                           hint="remove the extra * and _ pairs")  # fmt: skip
    stack: list[tuple[str, str, list[Inline]]] = [("root", "", [])]
    for tok in children or []:
        t = tok.type
        if t in ("text", "html_inline"):
            _add_text(stack[-1][2], tok.content)
        elif t == "code_inline":
            stack[-1][2].append(Code(tok.content))
        elif t == "softbreak":
            _add_text(stack[-1][2], " ")
        elif t == "hardbreak":
            stack[-1][2].append(LineBreak())
        elif t in ("strong_open", "em_open"):
            stack.append((t, "", []))
        elif t == "link_open":
            href = str(tok.attrs.get("href", ""))
            stack.append((t, href, []))
        elif t in ("strong_close", "em_close", "link_close"):
            kind, href, kids = stack.pop()
            node: Inline
            if kind == "strong_open":
                node = Strong(tuple(kids))
            elif kind == "em_open":
                node = Emphasis(tuple(kids))
            elif is_printable_link(href):
                node = Link(_lower_scheme(href), tuple(kids))
            else:
                node = Text(f"[{_plain(kids)}]({href})")
            _add_node(stack[-1][2], node)
        else:  # anything else is shown as its source text
            _add_text(stack[-1][2], tok.content or tok.markup)
    while len(stack) > 1:  # unbalanced (cannot happen with markdown-it, but never lose text)
        _, _, kids = stack.pop()
        for k in kids:
            _add_node(stack[-1][2], k)
    return tuple(stack[0][2])


def is_printable_link(href: str) -> bool:
    """A link a handout prints and keeps clickable: http(s), mailto, tel (the scheme in any case,
    as URLs allow: ``HTTPS://X.ORG``). Anything else (a file, an anchor, ``javascript:``) stays
    its Markdown text.

    >>> [is_printable_link(u) for u in ("HTTPS://x.org", "tel:1669", "other.md", "#top", "ftp://x.org")]
    [True, True, False, False, False]
    """
    return href[:8].lower().startswith(SAFE_SCHEMES)


def _lower_scheme(href: str) -> str:
    scheme, sep, rest = href.partition(":")
    return scheme.lower() + sep + rest


def _plain(kids: list[Inline]) -> str:
    from handouts.model import plain

    return plain(tuple(kids))


def _add_text(out: list[Inline], text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + text)
    else:
        out.append(Text(text))


def _add_node(out: list[Inline], node: Inline) -> None:
    if isinstance(node, Text):
        _add_text(out, node.text)
    else:
        out.append(node)


def escape(text: str) -> str:
    r"""Escape Markdown so a value (a clinic name, a phone number) is shown literally.

    >>> escape("A*B_[x]")
    'A\\*B\\_\\[x\\]'
    """
    out = []
    for ch in text:
        if ch in "\\`*_{}[]()<>#+-.!|~&":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)
