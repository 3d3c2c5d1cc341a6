"""An article body (Markdown) → catalog entries + a skeleton of the document's structure.

markdown-it (CommonMark with GFM tables and raw HTML recognised) parses the body once. Every
piece of text becomes an :class:`Entry` (a paragraph, a heading, a list item's text, a table
cell, an image's alt text and caption), in reading order; the skeleton (:data:`Node`) says how
the entries nest: lists in lists, cells in rows, paragraphs in a callout. Translation replaces
each entry's text and keeps the skeleton (:mod:`.translate`).

What the renderer does not support is never dropped silently: raw HTML, footnotes, definition
lists and code blocks are printed as text, each with a :class:`Notice` (file:line, how it was
printed) that becomes a warning at render time (an error under ``--strict``). HTML comments are the
authors' notes, not text: they are left out (:func:`_without_comments`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.content.inline import ParseOnly, is_printable_link
from handouts.errors import ContentError, close_matches

# The deepest list nesting a handout supports (a list inside a list … inside a list); deeper is
# an error naming the line (article._check_nesting, which also counts quotes), never dropped text.
MAX_LIST_DEPTH = 6
CALLOUTS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "important", "WARNING": "warning", "CAUTION": "caution"}
_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.I)
_ANY_ALERT = re.compile(r"^\[!([A-Za-z]+)\][ \t]*$")  # GitHub's marker of a box, any word
_ALERT_WITH_TEXT = re.compile(r"^\[!([A-Za-z]+)\][ \t]*\S")  # a marker with text after it (": …" too): a quote on GitHub
_DELIMITER_ROW = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?$")  # a table's |---|:-:| row
_SPACED_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)<>\n]*\s[^)<>\n]*)\)")  # an image whose path has a space
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_STRIKE = re.compile(r"(?<!~)~~(?=[^\s~])[^\n]*?(?<=[^\s~])~~(?!~)")  # GFM strikethrough: not supported
_ALIGN = re.compile(r"text-align:(left|center|right)")
_TASK = re.compile(r"\[([ xX])\][ \t]+(?=\S)")  # GFM's task list item: "[ ] Bring your ID card", "[x] …"


@dataclass(frozen=True, slots=True)
class Entry:
    """One translatable unit of an article."""

    kind: str  # title | subtitle | h2 | h3 | h4 | p | li | th | td | alt | caption | code
    text: str
    line: int
    group: int = 0  # kept for callers of the flat list; the skeleton holds the structure
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True, slots=True)
class Notice:
    """Something printed differently from what the Markdown asked for (a warning at render time)."""

    code: str
    message: str
    line: int


@dataclass(frozen=True, slots=True)
class SText:
    """A paragraph, heading or code block: one entry."""

    entry: Entry


@dataclass(frozen=True, slots=True)
class SItem:
    """A list item: its first paragraph (None when it starts with a nested block) and the rest."""

    entry: Entry | None
    line: int
    children: tuple[Node, ...]
    task: str = ""  # a task list item (GFM ``- [ ]``, ``- [x]``): " " or "x"; "" for any other item


@dataclass(frozen=True, slots=True)
class SList:
    """A list in the source: ordered or not, its first number, its items and its line."""
    ordered: bool
    start: int
    items: tuple[SItem, ...]
    line: int
    delim: str = "."  # an ordered list's number ends with this: "." (``1.``) or ")" (``1)``)


@dataclass(frozen=True, slots=True)
class STable:
    """A table in the source: its header, rows, column alignments and line."""
    header: tuple[Entry, ...]
    rows: tuple[tuple[Entry, ...], ...]
    align: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class SQuote:
    """A block quote; ``kind`` is set for a GitHub alert (note, tip, important, warning, caution)."""

    kind: str
    children: tuple[Node, ...]
    line: int


@dataclass(frozen=True, slots=True)
class SFigure:
    """A picture in the source: its file, alt text, optional caption and line."""
    src: str
    alt: Entry
    caption: Entry | None
    line: int


def figures(nodes: Iterable[object]) -> tuple[SFigure, ...]:
    """Every picture of an article's structure (in lists, quotes and boxes too), in order."""
    out: list[SFigure] = []
    for node in nodes:
        if isinstance(node, SFigure):
            out.append(node)
        elif isinstance(node, SList):
            out.extend(figures(node.items))
        elif isinstance(node, (SQuote, SItem)):
            out.extend(figures(node.children))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SRule:
    """A thematic break (``---``) in the source, at its line."""
    line: int


Node = SText | SList | STable | SQuote | SFigure | SRule


@dataclass(slots=True)
class Body:
    """The parsed body: entries in reading order, the skeleton, notices and link references."""

    entries: list[Entry] = field(default_factory=list)
    nodes: tuple[Node, ...] = ()
    notices: list[Notice] = field(default_factory=list)
    references: tuple[tuple[str, str, str], ...] = ()  # (label, href, title)


@functools.cache
def block_parser() -> Any:
    """CommonMark + GFM tables; raw HTML recognised (so that it can be reported, then shown as text)."""
    from markdown_it import MarkdownIt

    options = {"html": True, "linkify": False, "typographer": False}
    return MarkdownIt("commonmark", options, renderer_cls=ParseOnly).enable("table")


def _inline_text(content: str) -> str:
    """An inline token's source as one entry: soft breaks become spaces, hard breaks stay ``\\`` + newline."""
    lines = content.split("\n")
    out = []
    for k, raw in enumerate(lines):
        last = k == len(lines) - 1
        hard = not last and (raw.endswith("  ") or raw.rstrip(" ").endswith("\\"))
        text = raw.strip()
        if hard:
            text = text.rstrip("\\").rstrip() + "\\\n"
        elif not last:
            text += " "
        out.append(text)
    return "".join(out).strip()


class _Parser:
    def __init__(self, tokens: list[Any], first_line: int, path: Path, body: Body, source: str = "") -> None:
        self.toks, self.i, self.first, self.path, self.body = tokens, 0, first_line, path, body
        self.source = source.split("\n")

    def line(self, tok: Any) -> int:
        return self.first + (tok.map[0] if tok.map else 0)

    def note(self, code: str, message: str, line: int) -> None:
        self.body.notices.append(Notice(code, message, line))

    def entry(self, kind: str, text: str, line: int) -> Entry:
        e = Entry(kind, text, line)
        self.body.entries.append(e)
        return e

    def blocks(self, close: str | None, depth: int) -> tuple[Node, ...]:
        """Parse nodes until the token ``close`` (or the end)."""
        out: list[Node] = []
        while self.i < len(self.toks):
            tok = self.toks[self.i]
            if close is not None and tok.type == close:
                self.i += 1
                return tuple(out)
            node = self.block(depth)
            if node is not None:
                out.append(node)
        return tuple(out)

    def block(self, depth: int) -> Node | None:
        tok = self.toks[self.i]
        t, line = tok.type, self.line(tok)
        if t == "heading_open":
            level = int(tok.tag[1])
            if level == 1:
                raise ContentError("a level-1 heading in the body", path=self.path, line=line,
                                   hint="the title comes from the front matter; use ##")  # fmt: skip
            inline = self.toks[self.i + 1]
            self.i += 3
            self.inline_notices(inline, line, "a heading")
            if level > 4:
                self.note("content.unsupported", f"a level-{level} heading is printed as a level-4 heading", line)
            return SText(self.entry(f"h{min(level, 4)}", _inline_text(inline.content), line))
        if t == "paragraph_open":
            inline = self.toks[self.i + 1]
            self.i += 3
            return self.paragraph(inline, line)
        if t in ("bullet_list_open", "ordered_list_open"):
            return self.list_(tok, depth + 1)
        if t == "blockquote_open":
            return self.quote(depth)
        if t == "table_open":
            return self.table(line)
        if t == "hr":
            self.i += 1
            return SRule(line)
        if t in ("fence", "code_block"):
            self.i += 1
            text = tok.content.rstrip("\n")
            self.note("content.unsupported", "a code block is printed as plain text, line by line", line)
            return SText(self.entry("code", text, line)) if text.strip() else None
        if t == "html_block":
            self.i += 1
            text = tok.content.strip()
            self.note("content.unsupported", "raw HTML is not supported; it is printed as text", line)
            return SText(self.entry("p", " ".join(text.split()), line)) if text else None
        self.i += 1  # closing tokens of containers handled by their openers never reach here
        return None

    def inline_notices(self, inline: Any, line: int, where: str = "a line of text") -> None:
        """What a paragraph, heading or table cell prints as its Markdown text: an image inside it,
        raw HTML, a footnote marker (each a notice at ``line``). An image whose path has a space
        is not read as an image at all: an error."""
        spaced = _SPACED_IMAGE.search(inline.content)
        if spaced and not any(k.type == "image" for k in inline.children or []):
            path = re.sub(r"""\s+(?:"[^"]*"|'[^']*')\s*$""", "", spaced.group(1)).strip()  # (without a title)
            raise ContentError(f"the image path {path!r} has a space, so it is not read as an image (its Markdown "
                               "would be printed as text)", path=self.path, line=line,
                               hint=f"write ![…](<{path}>), or rename the file without spaces")  # fmt: skip
        kids = inline.children or []
        breaks = 0  # the source lines before a token: a paragraph's line breaks
        for i, k in enumerate(kids):
            if k.type in ("softbreak", "hardbreak"):
                breaks += 1
            if k.type == "image":
                alone = (i > 0 and kids[i - 1].type in ("softbreak", "hardbreak")
                         and (i + 1 == len(kids) or kids[i + 1].type in ("softbreak", "hardbreak")))  # fmt: skip
                if alone:  # on its own line, right under text: a lazy continuation of that text (a step's)
                    self.note("content.unsupported", "an image on the line right after text, with no blank line "
                              "between, is part of that text and is printed as its Markdown text; leave a blank "
                              "line before it (indent it under a list item to keep it in the step)", line + breaks)  # fmt: skip
                    continue
                fix = "put the image on a line of its own" + (", below the table" if where == "a table cell" else "")
                self.note("content.unsupported", f"an image inside {where} is printed as its Markdown text; {fix}", line + breaks)
            elif k.type == "html_inline":
                self.note("content.unsupported", f"raw HTML {k.content[:30]!r} is not supported; it is printed as text", line)
            elif (k.type == "link_open" and not is_printable_link(str(k.attrs.get("href", "")))
                  and not (i + 1 < len(kids) and kids[i + 1].content.startswith("^"))):  # ([^1] with a "[^1]: …" line: a footnote, below)
                href = str(k.attrs.get("href", ""))
                self.note("content.unsupported", f"the link to {href[:60]!r} is printed as its Markdown text: a "
                          "handout prints web addresses (https://…), e-mail (mailto:…) and phone numbers "
                          "(tel:…); write the whole address, or drop the link", line)  # fmt: skip
        if _FOOTNOTE.search(inline.content):
            self.note("content.unsupported", "footnotes are not supported; the marker is printed as text", line)
        struck = _STRIKE.search(inline.content)
        if struck:  # "Do ~~not~~ eat" would read "Do ~~not~~ eat": what is meant is unclear on paper
            self.note("content.unsupported", f"strikethrough {struck.group(0)[:30]!r} is not supported; it is printed "
                      "with its tildes, and a struck word still reads as written: reword it", line)  # fmt: skip

    def paragraph(self, inline: Any, line: int) -> Node | None:
        kids = [k for k in inline.children or [] if not (k.type in ("softbreak",) or (k.type == "text" and not k.content.strip()))]
        if len(kids) == 1 and kids[0].type == "image":
            img = kids[0]
            alt_text = _inline_text(img.content)
            title = str(img.attrs.get("title") or "").strip()
            from urllib.parse import unquote

            src = unquote(str(img.attrs.get("src", "")))  # (markdown-it writes a space as %20, Thai letters as %E0…)
            if not alt_text:
                raise ContentError(f"the image {src!r} has no alt text", path=self.path, line=line,
                                   hint="describe the picture for someone who cannot see it: ![what it shows](…)")  # fmt: skip
            alt = self.entry("alt", alt_text, line)
            cap = self.entry("caption", title, line) if title else None
            return SFigure(src, alt, cap, line)
        self._check_table_shape(inline.content, line)
        self.inline_notices(inline, line)
        text = _inline_text(inline.content)
        if re.search(r"(^|\n):[ \t]", inline.content):
            self.note("content.unsupported", "definition lists are not supported; printed as a paragraph", line)
        if re.fullmatch(r"\[\^[^\]]+\]:.*", text, re.S):
            pass  # a footnote definition: reported above, printed as a paragraph
        return SText(self.entry("p", text, line)) if text else None

    def _check_table_shape(self, content: str, line: int) -> None:
        """A header row and a ``---`` row inside a paragraph: a table GFM did not read as one, so
        it would print as one paragraph of pipes and dashes (an error naming the header row). Its
        rows are of different widths, or it follows a list item's or a quote's text with no blank
        line between (a lazy continuation of that text)."""
        from markdown_it.rules_block.table import escapedSplit

        def cells(text: str) -> list[str]:
            parts = escapedSplit(text.strip())
            if parts and not parts[0].strip():
                parts.pop(0)
            if parts and not parts[-1].strip():
                parts.pop()
            return parts

        rows = content.split("\n")
        for k in range(1, len(rows)):
            dashes = rows[k].strip()
            if "|" not in dashes or not _DELIMITER_ROW.match(dashes) or "|" not in rows[k - 1]:
                continue
            header, delimiter = len(cells(rows[k - 1])), len(cells(dashes))
            if header != delimiter:
                raise ContentError(f"this table's header row has {header} cell{'s' if header != 1 else ''} but its "
                                   f"--- row below it has {delimiter}: it is not read as a table (its Markdown would "
                                   "be printed as text)", path=self.path, line=line + k - 1,
                                   hint=f"give the --- row one cell per column: {'|---' * header}|")  # fmt: skip
            raise ContentError("this table is not read as a table: it continues the text above it (a list item's "
                               "or a quote's, with no blank line between), so its Markdown would be printed as text",
                               path=self.path, line=line + k - 1,
                               hint="leave a blank line before the table (indent it under a list item to keep it in "
                                    "the item; start its lines with '> ' to keep it in a quote)")  # fmt: skip

    def list_(self, tok: Any, depth: int) -> SList:
        line = self.line(tok)
        if depth > MAX_LIST_DEPTH:
            raise ContentError(f"lists nested {depth} deep; a handout supports at most {MAX_LIST_DEPTH} levels",
                               path=self.path, line=line, hint="flatten the list, or split it into several lists")  # fmt: skip
        ordered = tok.type == "ordered_list_open"
        start = int(tok.attrs.get("start", 1)) if ordered else 1  # (0 is a start: "0. Get ready")
        delim = ")" if ordered and tok.markup == ")" else "."  # as written: "1)" stays "1)"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        self.i += 1
        items: list[SItem] = []
        while self.i < len(self.toks) and self.toks[self.i].type != close:
            item_tok = self.toks[self.i]
            if item_tok.type != "list_item_open":
                self.i += 1
                continue
            self.i += 1
            iline = self.line(item_tok)
            entry: Entry | None = None
            task = ""
            if self.toks[self.i].type == "paragraph_open":
                inline = self.toks[self.i + 1]
                self.i += 3
                first = self.paragraph(inline, self.line(inline))
                if isinstance(first, SText):
                    entry = first.entry
                    if entry.kind == "p":  # the item's own text
                        text = entry.text
                        box = _TASK.match(text)
                        if box:  # a box to tick, printed in place of the bullet; the text alone is translated
                            task, text = box.group(1).lower(), text[box.end() :]
                        self.body.entries[-1] = entry = Entry("li", text, entry.line, 0, ordered, start)
                    children: list[Node] = []
                else:
                    children = [first] if first is not None else []
                children.extend(self.blocks("list_item_close", depth))
            else:
                children = list(self.blocks("list_item_close", depth))
            items.append(SItem(entry, iline, tuple(children), task))
        self.i += 1
        return SList(ordered, start, tuple(items), line, delim)

    def quote(self, depth: int) -> SQuote:
        tok = self.toks[self.i]
        line = self.line(tok)
        self.i += 1
        kind = ""
        if self.toks[self.i].type == "paragraph_open":
            inline = self.toks[self.i + 1]
            first, _, rest = inline.content.partition("\n")
            m = _ALERT.match(first.strip())
            other = _ANY_ALERT.match(first.strip())
            texted = _ALERT_WITH_TEXT.match(first.strip())
            if texted is not None:  # "> [!NOTE] Text": GitHub prints a quote that starts "[!NOTE]", not a box
                known = texted.group(1).upper() in CALLOUTS
                raise ContentError(f"text after the box marker [!{texted.group(1)}] on its line: the box would not be "
                                   "one (the marker would be printed as text)", path=self.path, line=line,
                                   hint=f"put [!{texted.group(1).upper() if known else 'NOTE'}] alone on its line and "
                                        "the box's text on the lines below, each starting with '> '"
                                        + ("" if known else f" (boxes: {', '.join(CALLOUTS)})"))  # fmt: skip
            if m is None and other is not None:  # a typo in a warning box's marker: the box would not be one
                close = close_matches(other.group(1).upper(), CALLOUTS)
                raise ContentError(f"unknown box [!{other.group(1)}]", path=self.path, line=line,
                                   hint=f"did you mean [!{close[0]}]?" if close else f"boxes: {', '.join(CALLOUTS)}")  # fmt: skip
            if m:
                kind = CALLOUTS[m.group(1).upper()]
                if rest.strip():
                    inline.content = rest
                    inline.map = [inline.map[0] + 1, inline.map[1]] if inline.map else None
                    kids = inline.children or []  # the marker's line is gone: so are its tokens
                    brk = next((k for k, c in enumerate(kids) if c.type in ("softbreak", "hardbreak")), len(kids))
                    inline.children = kids[brk + 1:]
                    self.i += 3
                    first = self.paragraph(inline, self.line(inline))  # (a picture on its own line is a figure)
                    children: list[Node] = [first] if first is not None else []
                    children.extend(self.blocks("blockquote_close", depth))
                    return SQuote(kind, tuple(children), line)
                self.i += 3  # the marker alone on its paragraph
        inner = self.blocks("blockquote_close", depth)
        if not inner:  # a box with only its label on paper (or a quote's rule beside nothing)
            marker = f"[!{kind.upper()}] box" if kind else "quote (a line with only '>')"
            raise ContentError(f"an empty {marker}", path=self.path, line=line,
                               hint="write its text on the lines below, each starting with '> '" if kind
                               else "delete the line, or write the quote after the '> '")  # fmt: skip
        return SQuote(kind, inner, line)

    def table(self, line: int) -> STable:
        self.i += 1
        header: list[Entry] = []
        rows: list[tuple[Entry, ...]] = []
        align: list[str] = []
        row: list[Entry] = []
        row_line = line
        while self.toks[self.i].type != "table_close":
            tok = self.toks[self.i]
            if tok.type == "tr_open":
                row, row_line = [], self.line(tok)
                if header:
                    self._check_cells(tok, len(header), row_line)
            elif tok.type in ("th_open", "td_open"):
                inline = self.toks[self.i + 1]
                if tok.type == "th_open":
                    m = _ALIGN.search(str(tok.attrs.get("style", "")))
                    align.append(m.group(1) if m else "left")
                self.inline_notices(inline, row_line, "a table cell")
                row.append(self.entry(tok.type[:2], _inline_text(inline.content), row_line))
                self.i += 2
            elif tok.type == "tr_close":
                if not header:
                    header = row
                else:
                    rows.append(tuple(row))
            self.i += 1
        self.i += 1
        return STable(tuple(header), tuple(rows), tuple(align), line)

    def _check_cells(self, tok: Any, columns: int, line: int) -> None:
        """A row with more cells than its header: GFM drops the extra ones without a word (a dose
        in a third column of a two-column table would not be printed), so it is an error."""
        from markdown_it.rules_block.table import escapedSplit

        if not tok.map or tok.map[0] >= len(self.source):
            return
        text = re.sub(r"^\s*(?:>\s?)*", "", self.source[tok.map[0]]).strip()  # (in a quote or a list)
        cells = escapedSplit(text)
        if cells and not cells[0].strip():
            cells.pop(0)
        if cells and not cells[-1].strip():
            cells.pop()
        if len(cells) > columns:
            raise ContentError(f"this table row has {len(cells)} cells but its header has {columns}: the extra "
                               f"cell{'s' if len(cells) - columns > 1 else ''} would not be printed", path=self.path,
                               line=line, hint="add the column to the header row (and the --- row), or write a | "
                                               "inside a cell as \\|")  # fmt: skip


_COMMENT = re.compile(r"<!--.*?-->", re.S)  # an HTML comment (CommonMark's: <!-- to the first -->)


def _without_comments(tokens: list[Any]) -> list[Any]:
    """The tokens without the author's HTML comments (``<!-- TODO: ask the pharmacist -->``): notes for
    the authors, never for the patient, as a browser never shows them. A block of comments only is
    dropped; one beside other HTML leaves that HTML (printed as text, warned); an inline comment leaves
    the paragraph's text, and its entry, without it."""
    out = []
    for tok in tokens:
        if tok.type == "html_block" and _COMMENT.search(tok.content):
            rest = _COMMENT.sub("", tok.content)
            if not rest.strip():
                continue
            tok.content = rest
        elif tok.type == "inline" and any(k.type == "html_inline" and k.content.startswith("<!--") for k in tok.children or []):
            kept, content, at = [], tok.content, 0
            for k in tok.children:
                i = content.find(k.content, at) if k.type == "html_inline" and k.content.startswith("<!--") else -1
                if i < 0:
                    kept.append(k)
                    continue
                before, after = content[:i].rstrip(" \t"), content[i + len(k.content) :]
                # one space where the comment stood between spaced words ("2 <!-- x --> a day" → "2 a day")
                gap = " " if before != content[:i] and before and after[:1] not in ("", " ", "\n") else ""
                content, at = before + gap + after, len(before)
            tok.children, tok.content = kept, content
        out.append(tok)
    return out


def parse_body(body: str, first_line: int, path: Path, check: Callable[[list[Any]], None] | None = None) -> Body:
    """The Markdown body (starting at ``first_line`` of the file) → entries, skeleton, notices.

    ``check`` sees the tokens first (the nesting limits of :mod:`.article`).
    """
    env: dict[str, Any] = {}
    tokens = _without_comments(block_parser().parse(body, env))
    if check is not None:
        check(tokens)
    out = Body()
    parser = _Parser(tokens, first_line, path, out, body)
    out.nodes = parser.blocks(None, 0)
    refs = env.get("references", {})
    out.references = tuple(sorted((k, str(v.get("href", "")), str(v.get("title", "") or "")) for k, v in refs.items()))
    return out
