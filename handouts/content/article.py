"""A Markdown article with YAML front matter → :class:`Article` (front matter + catalog entries).

Each heading, paragraph, list item, table cell, image alt text and caption is one entry
(:mod:`.markdown` parses the body): its msgid is the inline Markdown source (lines of a
paragraph joined with a space), its msgctxt the article id, and its line is kept for ``#:``
references and diagnostics. Nothing here translates or lays out.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.errors import ContentError, close_matches
from handouts.i18n import zawgyi
from handouts.memo import Seeded
from handouts.textfile import content_stamp, read_text, shown_from, workspace_of

if TYPE_CHECKING:
    from handouts.content.markdown import Entry, Node, Notice

# The Markdown parser and the codes' reader are imported where an article is read: a render whose
# model comes from the cache, or is built in a forked child (handouts.prefetch), only finds articles.
__all__ = ["Article", "find_article", "list_articles", "load_article"]

REQUIRED = ("title", "lang", "author", "reviewer", "reviewed", "next_review", "source", "version")
OPTIONAL = ("subtitle", "url", "codes")
DATES = ("reviewed", "next_review")
BUDDHIST_ERA_FROM = 2400  # a review date's year from here on is a Buddhist Era year (CE 1857 and later)
CREDITS = ("author", "reviewer", "source")  # a string, or a mapping by language: {en: "…", th: "…"}
_LANG_KEY = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article: its id, file, front matter and entries in order."""

    id: str
    path: Path
    front: dict[str, Any]
    entries: tuple[Entry, ...]
    sha256: str
    nodes: tuple[Node, ...] = ()  # the body's structure over the entries (see :mod:`.markdown`)
    notices: tuple[Notice, ...] = ()  # what is printed differently from the Markdown (warned at render)
    references: tuple[tuple[str, str, str], ...] = ()  # link reference definitions: (label, href, title)
    key_lines: tuple[tuple[str, int], ...] = ()  # front-matter key → its line, for warnings

    def line_of(self, key: str) -> int:
        return dict(self.key_lines).get(key, 1)

    @property
    def rel_path(self) -> str:
        return article_shown(self.path)

    def date(self, key: str) -> dt.date:
        value = self.front[key]
        assert isinstance(value, dt.date)
        return value

    def credit(self, key: str, lang: str) -> tuple[str, bool]:
        """The ``author``/``reviewer``/``source`` printed in ``lang``, and whether it fell back.

        A plain string is the same in every language; a mapping gives one value per language,
        and a language it lacks gets the source language's value (``True``: warn about it).
        """
        value = self.front[key]
        if isinstance(value, str):
            return value, False
        if lang in value:
            return str(value[lang]), False
        return str(value[self.front["lang"]]), True


def article_shown(path: Path) -> str:
    """The article as messages name it: from its workspace (``articles/x.md``), whatever the
    current folder, as the clinic's and the catalogs' files are; else as given."""
    return shown_from(path, workspace_of(path))


def find_article(ref: str, workspace: Path) -> Path:
    """``ref`` is an id under ``articles/`` or a path to a ``.md`` file."""
    p = Path(ref)
    if ref.endswith(".md") or p.parent != Path("."):
        if not os.path.lexists(p):
            raise ContentError("article file not found", path=ref, hint=_found_instead(ref, workspace))
        return p  # a folder, a FIFO or a device is named by load_article
    candidate = workspace / "articles" / f"{ref}.md"
    if os.path.lexists(candidate):
        return candidate
    known = list_articles(workspace)
    close = close_matches(ref, known)
    hint = f"did you mean {close[0]!r}?" if close else f"articles: {', '.join(known) or 'none'}"
    # the folder named from the workspace (as the clinic's and the catalogs' files are), from any folder
    raise ContentError(f"unknown article {ref!r}", path="articles", hint=hint)


def _found_instead(ref: str, workspace: Path) -> str:
    """The hint for a path that names no file: the file it surely meant, when there is one
    (``articles/x`` without ``.md``; ``ward-3/x``, a path inside ``articles/`` typed from elsewhere)."""
    tries = [Path(ref + ".md")] if not ref.endswith(".md") else []
    tries += [workspace / "articles" / t for t in (ref, ref + ".md") if not Path(ref).is_absolute()]
    for path in tries:
        if path.suffix == ".md" and path.is_file():
            return f"did you mean {article_shown(path)}?"
    return "check the path"


def list_articles(workspace: Path) -> list[str]:
    folder = workspace / "articles"
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def load_article(path: Path) -> Article:
    """Read and validate an article file (parsed once per process while its bytes are unchanged:
    an edit that keeps the file's size and time, ``touch -r``, is a change too; a long-running
    ``serve`` or batch worker parsed it from its time and size, and the model cache then kept
    the old text under the new bytes' key, for every later process)."""
    try:
        return _cached_article(path.resolve(), path, content_stamp(path))
    except OSError:
        return _load_article(path)  # read_text reports what is wrong with the path


@functools.lru_cache(maxsize=64)
def _cached_article(_resolved: Path, path: Path, _content: object) -> Article:
    return _load_article(path)


def _load_article(path: Path) -> Article:
    try:
        return _read_article(path)
    except ContentError as e:
        if isinstance(e.path, Path) and e.path == path:  # named as the article's warnings name it
            e.path = article_shown(path)
        raise


def _read_article(path: Path) -> Article:
    from handouts.content.markdown import Entry, parse_body

    text, raw = read_text(path, ContentError, "article file")
    zawgyi.check_article(text, path, article_shown(path))  # before anything reads the Burmese as Unicode
    front, body, body_line = _split_front_matter(text, path)
    entries = [Entry("title", str(front["title"]), _key_line(text, "title"))]
    if front.get("subtitle"):
        entries.append(Entry("subtitle", str(front["subtitle"]), _key_line(text, "subtitle")))
    parsed = parse_body(body, body_line, path, check=lambda tokens: _check_nesting(tokens, body_line, path))
    entries.extend(parsed.entries)
    return Article(
        id=path.stem,
        path=path,
        front=front,
        entries=tuple(entries),
        sha256=hashlib.sha256(raw).hexdigest(),
        nodes=parsed.nodes,
        notices=tuple(parsed.notices),
        references=parsed.references,
        key_lines=tuple((key, _key_line(text, key)) for key in front),
    )


def _key_line(text: str, key: str) -> int:
    m = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    if text.startswith("---\r") and "\n" not in text:  # (read_text made CRLF LF: these are CRs alone)
        raise ContentError("a carriage return (CR) alone ends a line here, as old Mac files do", path=path, line=1,
                           hint="save it with LF or CRLF line ends")  # fmt: skip
    if not text.startswith("---\n"):
        raise ContentError(
            "has no front matter", path=path, line=1, hint="start the file with a '---' block: title, lang, author, …"
        )
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ContentError("front matter is not closed", path=path, line=1, hint="end it with a line '---'")
    # the same front matter (a paragraph of the body changed) needs no YAML: see handouts.memo
    front = dict(_FRONT.get(text[: end + 5], lambda: _front_matter(text, end, path)))
    body_line = text.count("\n", 0, end + 5) + 1
    return front, text[end + 5 :], body_line


_FRONT: Seeded[str, dict[str, Any]] = Seeded(256)  # front-matter text → its checked values


def seed(fronts: tuple[tuple[str, dict[str, Any]], ...]) -> None:
    """Hand in front matters checked by earlier runs (:class:`handouts.modelcache.Steps`)."""
    _FRONT.seed(fronts)


def record(on: bool = True) -> dict[str, dict[str, Any]]:
    """Start (or stop) recording the front matters read from now on."""
    return _FRONT.record(on)


def _front_matter(text: str, end: int, path: Path) -> dict[str, Any]:
    """The front matter ``text[4:end]``, parsed (YAML) and checked; errors name ``path`` and the line."""
    from handouts.content import simpleyaml

    # the usual shapes of a front matter, read without importing PyYAML (as PyYAML reads them)
    front = simpleyaml.load(text[4:end])
    if front is None:
        front = _pyyaml(text, end, path)
    if not isinstance(front, dict):
        raise ContentError("front matter is not a mapping of keys", path=path, line=2, hint="write 'key: value' lines")
    known = REQUIRED + OPTIONAL
    for key, value in list(front.items()):  # YAML's null (read as text by the safe loaders): no value
        if isinstance(value, str) and value.strip() in ("null", "Null", "NULL", "~"):
            front[key] = None
    for key in front:
        if key not in known:
            close = close_matches(str(key), known)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
            raise ContentError(f"unknown front-matter key {key!r}", path=path, line=_key_line(text, str(key)), hint=hint)
    missing = [key for key in REQUIRED if key not in front or front[key] is None
               or (isinstance(front[key], str) and not front[key].strip())]  # ("   ": printed as nothing)
    if missing:  # all of them at once: a newcomer fixes the file in one go
        raise ContentError(f"front matter is missing {', '.join(map(repr, missing))}", path=path, line=2,
                           hint="add " + " and ".join(f"'{key}: …'" for key in missing))  # fmt: skip
    for key in DATES:
        value = front[key]
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:  # (fromisoformat also reads 20260101 and 2026-W05-3: not what the file is said to hold)
                value = dt.date.fromisoformat(value) if _ISO_DATE.fullmatch(value.strip()) else None
            except ValueError:
                value = None
        if not isinstance(value, dt.date):
            raise ContentError(
                f"{key} {front[key]!r} is not a date",
                path=path,
                line=_key_line(text, key),
                hint="write it as YYYY-MM-DD",
            )
        if value.year >= BUDDHIST_ERA_FROM:  # 2569-11-01 for 2026-11-01: the review would never fall due
            try:
                fix = f"write {value.replace(year=value.year - 543).isoformat()}: the year less 543"
            except ValueError:  # 29 February of a year that is not leap in the Common Era
                fix = f"write the Common Era year, {value.year - 543}"
            raise ContentError(f"{key} {value.isoformat()} has a Buddhist Era year; dates here are Common Era",
                               path=path, line=_key_line(text, key), hint=fix)  # fmt: skip
        front[key] = value
    if front["next_review"] < front["reviewed"]:
        raise ContentError(
            "next_review is before reviewed", path=path, line=_key_line(text, "next_review"), hint="fix the dates"
        )
    for key in ("title", "version", "lang", "subtitle", "url"):
        if front.get(key) is not None and not isinstance(front[key], str):
            raise ContentError(f"{key} is not a plain value", path=path, line=_key_line(text, key),
                               hint=f"write '{key}: …' on one line")  # fmt: skip
    if not _LANG_KEY.match(front["lang"]):
        raise ContentError(f"lang {front['lang']!r} is not a language code", path=path, line=_key_line(text, "lang"),
                           hint="write the code in lower case: en, th, my, km, lo")  # fmt: skip
    from handouts.i18n.languages import LANGUAGES
    from handouts.i18n.languages import known as known_language

    if not known_language(front["lang"]):  # (a typo: thx for th; its handout would be all "untranslated")
        near = close_matches(front["lang"], sorted(LANGUAGES))
        raise ContentError(f"lang {front['lang']!r} is not a language Babel knows", path=path,
                           line=_key_line(text, "lang"),
                           hint=f"did you mean {near[0]!r}?" if near else "use an ISO 639 code: en, th, my, km, lo")  # fmt: skip
    for key in CREDITS:
        front[key] = _credit(front[key], key, front["lang"], path, _key_line(text, key))
    from handouts.content.codes import parse_codes

    front["codes"] = parse_codes(front.get("codes"), path, _key_line(text, "codes"))
    return front


def _pyyaml(text: str, end: int, path: Path) -> Any:
    """The front matter ``text[4:end]`` read by PyYAML (its errors name ``path`` and the line)."""
    import yaml

    try:
        # BaseLoader: every value is a string (no implicit dates or floats); dates are checked below
        return yaml.load(text[4:end], Loader=_unique_key_loader()) or {}
    except _DuplicateKeyError as e:
        raise ContentError(f"front-matter key {e.key!r} is given twice (first on line {e.first + 2})", path=path,
                           line=e.line + 2, hint="keep one of the two lines") from None  # fmt: skip
    except RecursionError:  # '[[[[…' or block lists thousands deep: deeper than PyYAML's recursion goes
        raise ContentError("front matter is nested too deep", path=path, line=_deepest_key_line(text[4:end]) + 1,
                           hint="write the value as a flat list or a single line") from None  # fmt: skip
    except yaml.reader.ReaderError as e:  # a character YAML does not allow (a control character): at its line
        front = text[4:end]
        at = e.position if isinstance(e.position, int) and 0 <= e.position <= len(front) else 0
        code = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "?")
        number = front.count("\n", 0, at)  # (0-based, in the front matter)
        raw = front.splitlines()[number] if number < len(front.splitlines()) else ""
        key = raw.split(":", 1)[0].strip() if ":" in raw and raw[:1] not in " \t-" else ""
        raise ContentError(f"front matter: {key + ' has ' if key else ''}a control character (U+{code:04X})", path=path,
                           line=number + 2, hint="delete it: a value is plain text") from None  # fmt: skip
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(e, "problem", None) or "invalid YAML"
        raise ContentError(f"front matter: {problem}", path=path, line=line, hint="fix the YAML syntax") from e


def _deepest_key_line(front: str) -> int:
    """The 1-based line (of the front matter) of the top-level key whose value is nested deepest."""
    best, best_line, key_line = -1, 1, 1
    for number, raw in enumerate(front.splitlines(), start=1):
        if raw[:1] not in ("", " ", "\t", "-", "#") and ":" in raw:
            key_line = number
        depth = raw.count("[") + raw.count("{") + (len(raw) - len(raw.lstrip(" -\t")))
        if depth > best:
            best, best_line = depth, key_line
    return best_line


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int, first: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


@functools.cache
def _unique_key_loader() -> Any:
    import yaml

    class Loader(yaml.BaseLoader):
        """PyYAML's BaseLoader (every value a string) that refuses a key given twice (PyYAML keeps the last)."""

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[str, int] = {}
            for key_node, _ in node.value:
                key = str(key_node.value)
                if key in seen:
                    raise _DuplicateKeyError(key, key_node.start_mark.line, seen[key])
                seen[key] = key_node.start_mark.line
            return super().construct_mapping(node, deep)

    return Loader




def _check_nesting(tokens: list[Any], first_line: int, path: Path) -> None:
    """Lists (and quotes) nested deeper than :data:`MAX_LIST_DEPTH`, or emphasis and links nested
    deeper than :data:`~handouts.content.inline.MAX_INLINE_DEPTH`: an error naming the line.

    Checked before anything else so that nothing is ever silently dropped: markdown-it stops
    parsing (and drops the rest of the article) at a nesting far deeper than these limits.
    """
    from handouts.content.inline import MAX_INLINE_DEPTH, inline_depth
    from handouts.content.markdown import MAX_LIST_DEPTH

    depth = 0
    quotes = False  # a quote among the levels: the message names what is nested
    for tok in tokens:
        line = first_line + (tok.map[0] if tok.map else 0)
        if tok.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
            quotes = quotes or tok.type == "blockquote_open"
            if depth > MAX_LIST_DEPTH:
                what = "lists and quotes" if quotes and tok.type != "blockquote_open" else "quotes" if quotes else "lists"
                raise ContentError(f"{what} nested {depth} deep; a handout supports at most {MAX_LIST_DEPTH} levels",
                                   path=path, line=line, hint="flatten the list, or split it into several lists"
                                   if what == "lists" else f"flatten the {what}, or split the text into several")  # fmt: skip
        elif tok.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
        elif tok.type == "inline":
            n = inline_depth(tok.children or [])
            if n > MAX_INLINE_DEPTH:
                raise ContentError(f"emphasis or links nested {n} deep; at most {MAX_INLINE_DEPTH} levels are supported",
                                   path=path, line=line, hint="remove the extra * and _ pairs")  # fmt: skip


# YAML's words for no value and yes/no (its core schema): the front matter is read as text, so
# "author: {th: null}" printed "null" as the Thai author
_YAML_WORDS = frozenset(("null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"))


def _not_a_yaml_word(text: str, key: str, path: Path, line: int, example: str) -> None:
    if text.strip() in _YAML_WORDS:
        raise ContentError(f"{key} is {text.strip()!r}, which YAML reads as no value, not a name", path=path,
                           line=line, hint=f"write the name, or leave the key out; {example}")  # fmt: skip


def _credit(value: object, key: str, source_lang: str, path: Path, line: int) -> str | dict[str, str]:
    """A credit: a string, or a mapping from language code to a non-empty string that has the
    source language (the fallback for every other language)."""
    example = f"write '{key}: \"…\"' or '{key}: {{{source_lang}: \"…\", th: \"…\"}}'"
    if isinstance(value, str):
        _not_a_yaml_word(value, key, path, line, example)
        return value
    if not isinstance(value, dict):
        raise ContentError(f"{key} is neither text nor a mapping by language", path=path, line=line, hint=example)
    out: dict[str, str] = {}
    for lang, text in value.items():
        if not isinstance(lang, str) or not _LANG_KEY.match(lang):
            raise ContentError(f"{key}: {lang!r} is not a language code", path=path, line=line, hint=example)
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{key}.{lang} is empty or not text", path=path, line=line, hint=example)
        _not_a_yaml_word(text, f"{key}.{lang}", path, line, example)
        out[lang] = text
    if source_lang not in out:
        raise ContentError(f"{key} has no value for the article's language {source_lang!r}", path=path, line=line,
                           hint=f"add '{source_lang}: \"…\"' (other languages fall back to it)")  # fmt: skip
    return out
