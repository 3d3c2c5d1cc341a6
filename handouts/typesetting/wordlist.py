"""A shipped word table (gzip, one ``word`` or ``word<TAB>value`` per line) → lookups by bisection.

The Thai compound list (33,000 words, :func:`.segment.compounds`) and the inner boundaries of
compounds (7,000 rows, :mod:`.finer`) are asked about a few hundred times by a paragraph that
needs them. Building a set or a dict of them hashed every word (5–12 ms of each fresh process
that segments or refits a paragraph). Instead a table is one block of UTF-8 lines sorted by
word (UTF-8 keeps code point order, and the tab after a word sorts before any letter, so the
lines sort as their words do). The sorted block is kept in the disk cache (:mod:`.diskcache`),
keyed by the shipped file's bytes, so a later process reads it back and splits it into its
lines (one C call) instead of unpacking the file and hashing or sorting its words; lookups
then bisect that list.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import re
from collections.abc import Iterable, Iterator
from itertools import repeat
from pathlib import Path


class SortedBlock:
    """Sorted ``word`` / ``word<TAB>value`` lines as one UTF-8 block, split into a list of lines
    on the first lookup (a C split, no hashing) and searched by bisection."""

    __slots__ = ("_blob", "_lines")

    def __init__(self, rows: Iterable[tuple[str, str]]) -> None:
        """From (word, value) pairs (value "" for a bare word); a later pair for the same word
        wins; empty words and words with a character below a space (tab, newline) are left out."""
        table = dict(rows)
        table.pop("", None)
        if _CONTROL.search("".join(table)) or "\n" in "".join(table.values()):  # one pass each, in C
            table = {w: v for w, v in table.items() if not _CONTROL.search(w) and "\n" not in v}
        words = sorted(table)
        lines = [f"{w}\t{table[w]}" if table[w] else w for w in words] if any(table.values()) else words
        self._blob = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
        self._lines: list[str] | None = lines

    @classmethod
    def from_block(cls, blob: bytes) -> SortedBlock:
        """From :attr:`block` (as the disk cache keeps it): not checked again."""
        out = cls.__new__(cls)
        out._blob, out._lines = blob, None
        return out

    @property
    def block(self) -> bytes:
        return self._blob

    def _listed(self) -> list[str]:
        if self._lines is None:
            self._lines = self._blob.decode("utf-8").split("\n")[:-1]
        return self._lines

    def get(self, word: str) -> str | None:
        """The value of ``word`` ("" for a bare word), or None when it is not in the table."""
        lines = self._listed()
        i = bisect.bisect_left(lines, word)  # a line "word<TAB>value" sorts right after "word"
        if i == len(lines) or not word:
            return None
        line = lines[i]
        if line == word:
            return ""
        n = len(word)
        return line[n + 1 :] if line[n : n + 1] == "\t" and line.startswith(word) else None

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __len__(self) -> int:
        return len(self._listed())

    def __iter__(self) -> Iterator[str]:
        """The words, in order."""
        return (line.split("\t", 1)[0] for line in self._listed())


_CONTROL = re.compile("[\x00-\x1f]")


@functools.cache
def shipped(name: str) -> SortedBlock:
    """The table of ``data/NAME`` (a gzip text file of the package; ``#`` lines are comments)."""
    from handouts.typesetting import diskcache

    path = str(diskcache.DATA / name)
    key = diskcache.key("wordlist", name, diskcache.shipped_digest(path)) if diskcache.enabled() else ""
    stored = diskcache.get(key) if key else None
    if isinstance(stored, bytes) and stored.endswith(b"\n"):
        return SortedBlock.from_block(stored)
    text = gzip.decompress(Path(path).read_bytes()).decode("utf-8")
    lines = [line for line in text.split("\n") if line[:1] != "#"]
    rows = (line.partition("\t")[::2] for line in lines) if "\t" in text else zip(lines, repeat(""))
    table = SortedBlock(rows)
    if key:
        diskcache.put(key, table.block)
    return table
