"""Build the Thai compound data in handouts/typesetting/data/ (run by a developer, not at run time).

Source: PyThaiNLP's word list ``pythainlp/corpus/words_th.txt`` (CC0-1.0, public domain).

``th_compounds.txt.gz``: every word that thaibreak segments into two or more parts (compounds
such as ความดัน, ท้องผูก, กระเพาะอาหาร). The line breaker runs a maximal matching over
thaibreak's boundaries with these words, so a line never ends inside a dictionary compound at
word level.

``th_compounds.hashes``: the same words as their sorted 64-bit digests, which the segmenter reads
(handouts.typesetting.wordlist.WordHashes: nothing to build at run time); ``--hashes`` remakes
only this file from ``th_compounds.txt.gz`` (without pythainlp or ICU).

Both ``.txt.gz`` files are written with their lines sorted by word, as the run time reads them.

``th_splits.txt.gz``: the inner boundaries of the words that are compounds of shorter words
(``รับประทาน\\t3``: รับ|ประทาน), a break of last resort for total fit (handouts.typesetting.finer),
for the words thaibreak keeps whole and the built-in keep-words (``th_keep.txt``). The other
compounds break at thaibreak's own boundaries, except where a side is not a run of dictionary
words (ควิโน|โลน inside the loanword ควิโนโลน): those are listed with a ``!``
(``ควิโนโลน\\t!5``) and never break.
Two independent sources must agree: ICU's Thai dictionary line breaker proposes positions
(it keeps the words of its own dictionary whole, กระดาษ, and never cuts a cluster), and the word
must be tiled at those positions by dictionary words of at least two characters, in two or
three pieces, the fewest that can (กระดูก|สันหลัง, not กระดูก|สัน|หลัง). A word that cannot be
tiled (a loanword such as พาราเซตามอล, which ICU cuts into syllables) gets no entry.

    pip install pythainlp thaibreak pyicu-wheels && python tools/build_th_compounds.py
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import thaibreak

DATA = Path(__file__).resolve().parents[1] / "handouts/typesetting/data"
OUT = DATA / "th_compounds.txt.gz"
HASHES = DATA / "th_compounds.hashes"
SPLITS = DATA / "th_splits.txt.gz"
MIN_PIECE = 2  # characters (ยา, ใน): a single letter is never a piece
MAX_PIECES = 3
THAI_LETTERS = re.compile("[\u0e01-\u0e4e]+")


def inner_boundaries(word: str, words: frozenset[str], icu_breaks: list[int]) -> tuple[int, ...]:
    """The interior cuts of the fewest-piece tiling (two or three pieces) of ``word`` by
    ``words`` at ICU's positions, or () when there is none.

    >>> inner_boundaries("รับประทาน", frozenset({"รับ", "ประทาน"}), [3, 9])
    (3,)
    >>> inner_boundaries("พาราเซตามอล", frozenset({"พารา"}), [4, 6, 11])
    ()
    """
    n = len(word)
    pos = sorted({0, n, *(b for b in icu_breaks if MIN_PIECE <= b <= n - MIN_PIECE)})
    best: dict[int, tuple[int, int]] = {0: (0, -1)}  # position → (pieces, previous position)
    for j in range(1, len(pos)):
        for i in range(j):
            if pos[i] not in best or (i == 0 and j == len(pos) - 1):
                continue  # unreachable, or the whole word (at least two pieces)
            piece = word[pos[i] : pos[j]]
            if len(piece) >= MIN_PIECE and piece in words:
                count = best[pos[i]][0] + 1
                if pos[j] not in best or count < best[pos[j]][0]:
                    best[pos[j]] = (count, pos[i])
    if n not in best or best[n][0] > MAX_PIECES:
        return ()
    out: list[int] = []
    k = best[n][1]
    while k > 0:
        out.append(k)
        k = best[k][1]
    return tuple(sorted(out))


def not_junctures(word: str, words: frozenset[str], bounds: list[int]) -> tuple[int, ...]:
    """thaibreak's inner boundaries of ``word`` where a side cannot be written as dictionary
    words of at least two characters.

    >>> not_junctures("ควิโนโลน", frozenset({"โลน"}), [0, 5, 8])
    (5,)
    """

    def tiles(s: str) -> bool:
        return not s or any(s[:k] in words and tiles(s[k:]) for k in range(len(s), MIN_PIECE - 1, -1))

    return tuple(k for k in bounds[1:-1] if not (tiles(word[:k]) and tiles(word[k:])))


def write_hashes() -> None:
    """``th_compounds.hashes`` from ``th_compounds.txt.gz``."""
    import sys

    sys.path.insert(0, str(DATA.parents[2]))
    from handouts.typesetting.wordlist import WordHashes

    words = gzip.decompress(OUT.read_bytes()).decode("utf-8").split("\n")
    HASHES.write_bytes(WordHashes(w for w in words if w[:1] != "#").data)
    print(f"{len(words) - 2} words → {HASHES.name} ({HASHES.stat().st_size // 1024} KiB)")


def main() -> None:
    import sys

    if sys.argv[1:] == ["--hashes"]:
        write_hashes()
        return
    import icu
    import pythainlp

    src = Path(pythainlp.__file__).parent / "corpus" / "words_th.txt"
    words = sorted({w.strip() for w in src.read_text("utf-8").splitlines() if w.strip()})
    compounds = [w for w in words if " " not in w and len(thaibreak.boundaries(w)) > 2]
    header = "# Thai compounds (words thaibreak splits) from PyThaiNLP words_th.txt, CC0-1.0\n"
    data = (header + "\n".join(compounds) + "\n").encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(compounds)} compounds of {len(words)} words → {OUT.name} ({OUT.stat().st_size // 1024} KiB)")
    write_hashes()

    dictionary = frozenset(words)
    keep = {w.split("#", 1)[0].strip() for w in (DATA / "th_keep.txt").read_text("utf-8").splitlines()} - {""}
    breaker = icu.BreakIterator.createLineInstance(icu.Locale("th"))
    rows = []
    for w in sorted(set(words) | keep):
        if not THAI_LETTERS.fullmatch(w):
            continue
        bounds = thaibreak.boundaries(w)
        if w not in keep and len(bounds) > 2:  # a compound thaibreak splits: its bad boundaries
            bad = not_junctures(w, dictionary, bounds)
            if bad:
                rows.append(w + "\t!" + ",".join(map(str, bad)))
            continue
        breaker.setText(w)
        cuts = inner_boundaries(w, dictionary, list(breaker))
        if cuts:
            rows.append(w + "\t" + ",".join(map(str, cuts)))
    header = ("# Inner boundaries of Thai compound words (ICU line breaks tiled by PyThaiNLP words_th.txt, "
              "CC0-1.0); after ! thaibreak boundaries that are not; tools/build_th_compounds.py\n")  # fmt: skip
    SPLITS.write_bytes(gzip.compress((header + "\n".join(rows) + "\n").encode("utf-8"), compresslevel=9, mtime=0))
    print(
        f"{len(rows)} compounds with inner boundaries or bad ones → {SPLITS.name} ({SPLITS.stat().st_size // 1024} KiB)"
    )


if __name__ == "__main__":
    main()
