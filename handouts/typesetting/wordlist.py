"""A shipped word table (gzip, one ``word`` or ``word<TAB>value`` per line) → lookups by bisection.

The Thai compound list (33,000 words, :func:`.segment.compounds`) and the inner boundaries of
compounds (7,000 rows, :mod:`.finer`) are asked about a few hundred times by a paragraph that
needs them. Building a set or a dict of them hashed every word (5–12 ms of each fresh process
that segments or refits a paragraph). Instead a table is one block of UTF-8 lines sorted by
word (UTF-8 keeps code point order, and the tab after a word sorts before any letter, so the
lines sort as their words do), searched by bisection over its bytes. The sorted block is kept in
the disk cache (:mod:`.diskcache`), keyed by the shipped file's bytes, so a later process reads
it back in well under a millisecond instead of unpacking and sorting the file.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources


class SortedBlock:
    """Sorted ``word`` / ``word<TAB>value`` lines as one UTF-8 block."""

    __slots__ = ("_blob",)

    def __init__(self, rows: Iterable[tuple[str, str]]) -> None:
        """From (word, value) pairs (value "" for a bare word); a later pair for the same word
        wins; empty words and words with a tab or newline are left out."""
        table = {w: v for w, v in rows if w and "\t" not in w and "\n" not in w and "\n" not in v}
        self._blob = "".join(f"{w}\t{table[w]}\n" if table[w] else f"{w}\n" for w in sorted(table)).encode("utf-8")

    @classmethod
    def from_block(cls, blob: bytes) -> SortedBlock:
        """From :attr:`block` (as the disk cache keeps it): not checked again."""
        out = cls.__new__(cls)
        out._blob = blob
        return out

    @property
    def block(self) -> bytes:
        return self._blob

    def get(self, word: str) -> str | None:
        """The value of ``word`` ("" for a bare word), or None when it is not in the table."""
        if not word or "\t" in word or "\n" in word:
            return None
        q = word.encode("utf-8", "surrogatepass")
        blob = self._blob
        lo, hi = 0, len(blob)  # both at the start of a line (or the end)
        while lo < hi:
            mid = (lo + hi) // 2
            start = blob.rfind(b"\n", lo, mid) + 1 or lo
            end = blob.index(b"\n", start)
            tab = blob.find(b"\t", start, end)
            here = blob[start : end if tab < 0 else tab]
            if here == q:
                return "" if tab < 0 else blob[tab + 1 : end].decode("utf-8")
            if here < q:
                lo = end + 1
            else:
                hi = start
        return None

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __len__(self) -> int:
        return self._blob.count(b"\n")

    def __iter__(self) -> Iterator[str]:
        """The words, in order."""
        return (line.split("\t", 1)[0] for line in self._blob.decode("utf-8").splitlines())


@functools.cache
def shipped(name: str) -> SortedBlock:
    """The table of ``data/NAME`` (a gzip text file of the package; ``#`` lines are comments)."""
    from handouts.typesetting import diskcache

    raw = resources.files("handouts.typesetting").joinpath(f"data/{name}").read_bytes()
    key = (
        diskcache.key("wordlist", name, hashlib.blake2b(raw, digest_size=16).hexdigest()) if diskcache.enabled() else ""
    )
    stored = diskcache.get(key) if key else None
    if isinstance(stored, bytes) and stored.endswith(b"\n"):
        return SortedBlock.from_block(stored)
    lines = gzip.decompress(raw).decode("utf-8").split("\n")
    table = SortedBlock(tuple(line.split("\t", 1)) if "\t" in line else (line, "")  # type: ignore[misc]
                        for line in lines if not line.startswith("#"))  # fmt: skip
    if key:
        diskcache.put(key, table.block)
    return table
