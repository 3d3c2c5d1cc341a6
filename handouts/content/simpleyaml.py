"""The front matter articles are written in, read without PyYAML: a strict subset, or None.

Importing PyYAML costs a cold render about 11 ms, for a front matter of a dozen ``key: value``
lines. :func:`load` reads the shapes those lines take in the articles here, exactly as PyYAML's
``BaseLoader`` reads them (every value a string), and answers None for anything else, so
the caller reads that with PyYAML (which also names every error). The subset, line by line:

* ``key: value``, the key at the start of the line (letters, digits, ``_``, ``-``); blank
  lines and whole-line ``#`` comments;
* a value is a double-quoted string without ``\\`` or ``"`` inside, a plain one-line value
  (no ``#``, ``:``, brackets, braces or commas; not starting with a YAML indicator), a flow
  sequence of plain words (``[M96.1, M54]``) or a flow mapping of keys to such double-quoted
  strings (``{en: "…", th: "…"}``);
* ``key:`` alone, followed by lines indented alike, each ``key: value`` as above.

A key given twice, a tab, a carriage return, a byte-order mark, a character PyYAML refuses or
treats as a line break: None (PyYAML reports or decides). ``tests/content/test_simpleyaml.py``
compares the two readers on generated front matters.
"""

from __future__ import annotations

import re
from typing import Any

_KEY = r"[A-Za-z_][A-Za-z0-9_-]{0,99}"  # PyYAML refuses a key over 1024 characters
_QUOTED = r'"[^"\\]*"'
_PLAIN = r"""[^\s\-?:,\[\]{}#&*!|>'"%@`][^:#,\[\]{}]*(?<! )"""  # no trailing space (PyYAML would strip it)
_WORD = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_VALUE = re.compile(
    rf"(?P<quoted>{_QUOTED})|(?P<seq>\[ *(?:{_WORD}(?: *, *{_WORD})*)? *\])"
    rf"|(?P<map>\{{ *(?:{_KEY}: +{_QUOTED}(?: *, *{_KEY}: +{_QUOTED})*)? *\}})|(?P<plain>{_PLAIN})"
)
_ENTRY = re.compile(rf'({_KEY}): +"([^"\\]*)"')
_LINE = re.compile(rf"(?P<indent> *)(?P<key>{_KEY}):(?: +(?P<value>.+))?")
# PyYAML's reader refuses the control characters, surrogates, \ufffe and \uffff; \x85, \u2028 and
# \u2029 are YAML line breaks, \ufeff a byte-order mark, \t and \r have rules of their own: all left
# to PyYAML (the class of what is left out compiles in a tenth of the time of what is read)
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def load(text: str) -> dict[str, Any] | None:
    """``text`` (a front matter, without its ``---`` lines) as PyYAML's ``BaseLoader`` reads it,
    when it is in the subset this module reads; None otherwise.

    >>> load('title: "Back pain"\\nlang: en\\ncodes:\\n  icd-10: [M96.1]\\nauthor: {en: "A", th: "ก"}')
    {'title': 'Back pain', 'lang': 'en', 'codes': {'icd-10': ['M96.1']}, 'author': {'en': 'A', 'th': 'ก'}}
    >>> load("title: 'single quotes'") is None, load("a: 1\\na: 2") is None
    (True, True)
    """
    if _UNSAFE.search(text):
        return None
    out: dict[str, Any] = {}
    nested: dict[str, Any] | None = None  # the mapping of the last ``key:`` line
    indent = ""
    blocks: list[dict[str, Any]] = []
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        m = _LINE.fullmatch(line)
        if m is None:
            return None
        key, raw = m.group("key"), m.group("value")
        if m.group("indent"):
            if nested is None or (indent and m.group("indent") != indent) or raw is None:
                return None
            indent = m.group("indent")
            target = nested
        else:
            nested, indent, target = None, "", out
        if key in target:
            return None
        if raw is None:  # ``key:`` alone: a block mapping follows
            if target is not out:
                return None
            nested = target[key] = {}
            blocks.append(nested)
            continue
        value = _value(raw)
        if value is None:
            return None
        target[key] = value
    if not out or not all(blocks):  # ``key:`` with nothing under it is a null: PyYAML's
        return None
    return out


def _value(raw: str) -> str | list[str] | dict[str, str] | None:
    m = _VALUE.fullmatch(raw)
    if m is None:
        return None
    if m.group("quoted") is not None:
        return raw[1:-1]
    if m.group("plain") is not None:
        return raw
    if m.group("seq") is not None:
        inner = raw[1:-1].strip()
        return [w.strip() for w in inner.split(",")] if inner else []
    pairs: list[tuple[str, str]] = [(e[1], e[2]) for e in _ENTRY.finditer(raw)]
    if len({k for k, _ in pairs}) != len(pairs):  # a key given twice
        return None
    return dict(pairs)
