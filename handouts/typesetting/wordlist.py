"""The shipped word tables, ready to ask without building anything at run time.

The Thai compound list (33,000 words, :func:`.segment.compounds`) and the inner boundaries of
compounds (7,000 rows, :mod:`.finer`) are asked about a few hundred times by a paragraph that
needs them (a whole handout, a few thousand). Building a set or a dict of them hashed every
word (5–12 ms of each fresh process that segments or refits a paragraph), and sorting them
into a block took 25 ms when the disk cache was empty. So:

* a table with values (``word<TAB>value`` lines) is shipped as a gzip file whose lines are
  already sorted by word, exactly as :class:`SortedBlock` holds them (UTF-8 keeps code point
  order, and the tab after a word sorts before any letter, so the lines sort as their words
  do; ``tools/build_th_compounds.py`` writes them so, and a test holds the shipped files to
  it): a process unpacks it and bisects its lines;
* a table of bare words is shipped beside it as the sorted 64-bit BLAKE2b digests of its words
  (:class:`WordHashes`, ``.hashes``: 8 bytes a word, read in one call): a lookup hashes the word
  and bisects the digests, and nothing is built. Two different words share a 64-bit digest
  with a chance of about one in 10^19, so for 33,000 words a word not in the list is taken for
  one about once in 5·10^14 lookups (a compound kept whole that thaibreak would have split).
"""

from __future__ import annotations

import bisect
import functools
import gzip
import hashlib
import re
import sys
from array import array
from collections.abc import Iterable, Iterator


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
        """From :attr:`block` (as a shipped table's lines are: :func:`shipped`): not checked again."""
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
        if self._lines is None:  # bisected in the block itself: a changed paragraph looks up a few
            return self._get_in_block(word)  # words, and splitting 200 KB into lines took 1 ms
        lines = self._lines
        i = bisect.bisect_left(lines, word)  # a line "word<TAB>value" sorts right after "word"
        if i == len(lines) or not word:
            return None
        line = lines[i]
        if line == word:
            return ""
        n = len(word)
        return line[n + 1 :] if line[n : n + 1] == "\t" and line.startswith(word) else None

    def _get_in_block(self, word: str) -> str | None:
        """:meth:`get` by bisection over the UTF-8 block (whose byte order is the words' code point
        order): the first line at or after ``word``, found from the line around each midpoint."""
        if not word:
            return None
        blob, key = self._blob, word.encode("utf-8", "surrogatepass")
        lo, hi = 0, len(blob)  # both line starts: every line before lo sorts before key, none from hi on
        while lo < hi:
            mid = (lo + hi) // 2
            start = blob.rfind(b"\n", 0, mid) + 1  # (≥ lo: lo starts a line)
            end = blob.find(b"\n", mid)
            if blob[start:end] < key:
                lo = end + 1
            else:
                hi = start
        end = blob.find(b"\n", lo)
        line = blob[lo:end]
        if line == key:
            return ""
        return line[len(key) + 1 :].decode("utf-8") if line.startswith(key + b"\t") else None

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __len__(self) -> int:
        return len(self._listed())

    def __iter__(self) -> Iterator[str]:
        """The words, in order."""
        return (line.split("\t", 1)[0] for line in self._listed())


_CONTROL = re.compile("[\x00-\x1f]")


def _digest64(word: str) -> int:
    """A word's 64-bit key: the first 8 bytes of its UTF-8 BLAKE2b digest, little-endian."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class WordHashes:
    """A set of words as their sorted 64-bit digests (see the module docstring): membership only."""

    __slots__ = ("_keys", "_seen")

    def __init__(self, words: Iterable[str]) -> None:
        self._keys = array("Q", sorted({_digest64(w) for w in words if w}))
        self._seen: dict[str, bool] = {}

    @classmethod
    def from_bytes(cls, data: bytes) -> WordHashes:
        """From :attr:`data` (little-endian 8-byte digests, sorted): not checked again."""
        out = cls.__new__(cls)
        out._keys = array("Q")
        out._keys.frombytes(data)
        if sys.byteorder != "little":
            out._keys.byteswap()
        out._seen = {}
        return out

    @property
    def data(self) -> bytes:
        keys = array("Q", self._keys)
        if sys.byteorder != "little":
            keys.byteswap()
        return keys.tobytes()

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        found = self._seen.get(word)
        if found is None:
            key = _digest64(word)
            i = bisect.bisect_left(self._keys, key)
            found = i < len(self._keys) and self._keys[i] == key
            if len(self._seen) < 100_000:
                self._seen[word] = found
        return found

    def __len__(self) -> int:
        return len(self._keys)


def _table_lines(name: str) -> bytes:
    """The lines of the shipped gzip table ``data/NAME`` after its leading ``#`` comments."""
    from handouts.typesetting import diskcache

    data = gzip.decompress((diskcache.DATA / name).read_bytes())
    start = 0
    while data.startswith(b"#", start):
        end = data.find(b"\n", start)
        start = len(data) if end < 0 else end + 1
    return data[start:]


@functools.cache
def shipped(name: str) -> SortedBlock:
    """The table of ``data/NAME``: a gzip text file of the package, its lines sorted (see the
    module docstring), after ``#`` comment lines."""
    return SortedBlock.from_block(_table_lines(name))


@functools.cache
def shipped_hashes(name: str) -> WordHashes:
    """The word set of ``data/NAME``: the sorted digests of a shipped word list (see the module
    docstring)."""
    from handouts.typesetting import diskcache

    return WordHashes.from_bytes((diskcache.DATA / name).read_bytes())
