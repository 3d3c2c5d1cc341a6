"""Spans → measured atoms: the text between two break opportunities, shaped and sliced.

A paragraph's spans are prepared once (:class:`Text`: the text, each span shaped whole) and
every atom is a slice of those runs, so each method costs the length of the range it is asked
about, never the paragraph's length: segmentation, shaping and line breaking stay linear (a
1,000,000-character paragraph is typeset; ``tests/typesetting/test_scaling.py``). :func:`cut`
fills a line to the box edge inside a word wider than the line, with a hyphen inside a Latin
word. :data:`PREPARED` keeps a paragraph's atoms per process, bounded by the characters held.
"""

from __future__ import annotations

import bisect
import functools
import operator
from array import array
from dataclasses import dataclass, fields
from typing import Any

from handouts.typesetting._memo import Memo
from handouts.typesetting.fonts import Face, FontSet
from handouts.typesetting.shaping import (
    PLAIN_GLYPHS,
    SHARED_MAX,
    Glyph,
    RunIndex,
    ShapedRun,
    remember_index,
    run_ident,
    run_index,
    script_of,
    shape,
    slice_run,
)
from handouts.typesetting.spans import Span


@dataclass(frozen=True, slots=True)
class Piece:
    """A shaped piece of a span, in one face, with its width in points."""
    span: Span
    run: ShapedRun
    face: Face
    trailing_space: bool
    width: float  # points
    src: int = 0  # the index of the span it comes from (links are runs of spans)


# A part of an atom: (the index of the span it is in, its text range in the paragraph, whether
# it is the atom's trailing spaces, its width in points)
Part = tuple[int, int, int, bool, float]
# A part as drawn: (span index, span, face, run, its glyphs run.glyphs[g0:g1], its text
# run.text[t0:t1], trailing, width): a line's parts are joined into runs without slicing each
Drawn = tuple[int, Span, Face, ShapedRun, int, int, int, int, bool, float]


class Atom:
    """The text between two break opportunities, measured.

    ``trimmed`` is its width when it ends a line: trailing spaces dropped and, for a word cut
    at the box edge or at a hyphenation point, the ``hyphen`` (drawn only there) added.

    An atom of a paragraph (:meth:`Text.atom`) is measured from the paragraph's prefix sums and
    makes its ``pieces`` (sliced runs) only when they are asked for: line breaking needs the
    widths of every atom, drawing joins a line's parts into runs (:meth:`drawn`), and a fresh
    process that reads a paragraph from the disk cache would otherwise slice every word of it
    before the first line is broken. Immutable by convention.
    """

    __slots__ = ("_parts", "_pieces", "_text", "end", "full", "hyphen", "start", "trimmed")

    def __init__(self, pieces: tuple[Piece, ...] | None, full: float, trimmed: float, hyphen: Piece | None = None,
                 start: int = -1, end: int = -1, text: Text | None = None, parts: tuple[Part, ...] = ()) -> None:  # fmt: skip
        self._pieces = pieces
        self._text = text  # the paragraph the parts are of (None: made from pieces)
        self._parts = parts
        self.full = full
        self.trimmed = trimmed
        self.hyphen = hyphen
        self.start = start  # where it is in its paragraph's text (-1: unknown)
        self.end = end

    @staticmethod
    def of(pieces: tuple[Piece, ...], hyphen: Piece | None = None, start: int = -1, end: int = -1) -> Atom:
        widths = [p.width for p in pieces]
        trimmed = sum(w for w, p in zip(widths, pieces) if not p.trailing_space)
        return Atom(pieces, sum(widths), trimmed + (hyphen.width if hyphen else 0.0), hyphen, start, end)

    @property
    def pieces(self) -> tuple[Piece, ...]:
        pieces = self._pieces
        if pieces is None:
            assert self._text is not None
            pieces = self._pieces = self._text.pieces_of(self._parts)
        return pieces

    def drawn(self) -> list[Drawn]:
        """Its parts as drawn (the hyphen not included), in order."""
        if self._text is not None:
            return self._text.drawn(self._parts)
        return [drawn(p) for p in self.pieces]

    @property
    def range(self) -> tuple[int, int]:
        """Where its text is in its paragraph (also for a piece of a cut word)."""
        if self._text is not None and self._parts:
            return self._parts[0][1], self._parts[-1][2]
        return self.start, self.end

    def cut_piece(self) -> Atom:
        """This atom as a piece of a word cut at the box edge (no start: never split again)."""
        return Atom(self._pieces, self.full, self.trimmed, self.hyphen, -1, self.end, self._text, self._parts)

    @property
    def text(self) -> str:
        if self._text is not None:
            a, b = self.range
            return self._text.text[a:b]
        return "".join(p.span.text for p in self.pieces)

    def __repr__(self) -> str:
        return f"Atom({self.text!r}, full={self.full!r}, trimmed={self.trimmed!r}, start={self.start}, end={self.end})"


def drawn(p: Piece) -> Drawn:
    """A piece as a drawn part: all its run."""
    return (p.src, p.span, p.face, p.run, 0, len(p.run.glyphs), 0, len(p.run.text), p.trailing_space, p.width)


NBSP = "\u00a0"


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and script_of(ch) == "Latn"


class Text:
    """A paragraph's spans prepared once: the text, span offsets, faces and shaped runs.

    Each span is shaped once and sliced per atom; every method costs the length of the range
    asked for (plus a bisection), never the paragraph's length, so typesetting is linear.
    """

    __slots__ = ("_index", "faces", "runs", "spans", "starts", "text")

    def __init__(self, spans: tuple[Span, ...], fs: FontSet, runs: list[ShapedRun] | None = None) -> None:
        self.spans = spans
        self.text = "".join(s.text for s in spans)
        self.starts: list[int] = []
        pos = 0
        for s in spans:
            self.starts.append(pos)
            pos += len(s.text)
        self.faces = [fs.face_of(s.style) for s in spans]
        self.runs = runs if runs is not None else [shape(s.text.replace(NBSP, " "), f) for s, f in zip(spans, self.faces)]
        self._index: list[RunIndex | None] = [None] * len(spans)

    def _ranges(self, start: int, end: int) -> list[tuple[int, int, int, bool]]:
        """(span index, a, b, trailing) for the range, its trailing spaces as separate parts."""
        full = self.text
        text_end = end
        while text_end > start and full[text_end - 1].isspace() and full[text_end - 1] != NBSP:
            text_end -= 1
        out: list[tuple[int, int, int, bool]] = []
        for k in range(max(0, bisect.bisect_right(self.starts, start) - 1), len(self.spans)):
            s0 = self.starts[k]
            if s0 >= end:
                break
            s1 = s0 + len(self.spans[k].text)
            for a, b, trailing in ((max(s0, start), min(s1, text_end), False), (max(s0, text_end), min(s1, end), True)):
                if a < b:
                    out.append((k, a, b, trailing))
        return out

    def parts(self, start: int, end: int) -> tuple[Part, ...]:
        """The parts of the text range [start, end), measured from prefix sums (ints: the same
        sum as the sliced glyphs' advances), as :meth:`pieces_of` measures their pieces."""
        out: list[Part] = []
        for k, a, b, trailing in self._ranges(start, end):
            span, run = self.spans[k], self.runs[k]
            size = span.style.size * self.faces[k].scale
            units = self._prefix(k).units
            if b - a == len(span.text):  # run.width(size): units[len] is the run's advance
                out.append((k, a, b, trailing, units[b - a] * size / run.upem))
            else:
                s0 = self.starts[k]
                out.append((k, a, b, trailing, (units[b - s0] - units[a - s0]) * size / run.upem))
        return tuple(out)

    def pieces(self, start: int, end: int) -> tuple[Piece, ...]:
        """Pieces of the text range [start, end)."""
        return self.pieces_of(self.parts(start, end))

    def pieces_of(self, parts: tuple[Part, ...]) -> tuple[Piece, ...]:
        """The parts' pieces: their runs sliced (as :func:`.shaping.slice_run` slices)."""
        out: list[Piece] = []
        for k, a, b, trailing, width in parts:
            span, run = self.spans[k], self.runs[k]
            if b - a == len(span.text):  # the whole run (with any text-less glyph before its first letter)
                out.append(Piece(span, run, self.faces[k], trailing, width, k))
                continue
            sliced = slice_run(run, a - self.starts[k], b - self.starts[k])
            out.append(Piece(Span(self.text[a:b], span.style, span.link, span.lang), sliced, self.faces[k], trailing,
                             width, k))  # fmt: skip
        return tuple(out)

    def drawn(self, parts: tuple[Part, ...]) -> list[Drawn]:
        """The parts as drawn: the glyphs and text of its run each one stands for (nothing sliced)."""
        out: list[Drawn] = []
        for k, a, b, trailing, width in parts:
            span, run = self.spans[k], self.runs[k]
            if b - a == len(span.text):
                out.append((k, span, self.faces[k], run, 0, len(run.glyphs), 0, len(run.text), trailing, width))
            else:
                at = self._prefix(k).at
                i, j = a - self.starts[k], b - self.starts[k]
                out.append((k, span, self.faces[k], run, at[i], at[j], i, j, trailing, width))
        return out

    def _prefix(self, k: int) -> RunIndex:
        index = self._index[k]
        if index is None:
            index = self._index[k] = run_index(self.runs[k])
        return index

    def atom(self, start: int, end: int, hyphen: bool = False) -> Atom:
        """The atom of [start, end); with ``hyphen``, drawn with a hyphen when it ends a line
        inside a Latin word. Measured as :meth:`Atom.of` measures its pieces (the same widths,
        summed alike), which are sliced only when asked for."""
        parts = self.parts(start, end)
        widths = [p[4] for p in parts]
        h = self.hyphen(end) if hyphen else None
        trimmed = sum(w for w, p in zip(widths, parts) if not p[3])
        return Atom(None, sum(widths), trimmed + (h.width if h else 0.0), h, start, end, self, parts)

    def atoms(self, cuts: tuple[int, ...]) -> tuple[Atom, ...]:
        """``tuple(self.atom(a, b) for a, b in zip(cuts, cuts[1:]))`` (``cuts`` ascending), in
        one walk over the spans: a paragraph read from the disk cache is measured before its
        first line is broken, and this is most of what that costs. An atom inside one span is
        one part, or two with its trailing spaces: its sums are written out (``sum`` of one
        width is that width, of two their sum)."""
        full = self.text
        starts = self.starts
        n = len(self.spans)
        spans: list[tuple[int, int, array[int], float, int]] = []  # (start, end, prefix units, size, upem)
        for k, span in enumerate(self.spans):
            spans.append((starts[k], starts[k] + len(span.text), self._prefix(k).units,
                          span.style.size * self.faces[k].scale, self.runs[k].upem))  # fmt: skip
        out: list[Atom] = []
        k = 0
        s0, s1, units, size, upem = spans[0] if spans else (0, 0, None, 0.0, 1)
        for start, end in zip(cuts, cuts[1:]):
            text_end = end
            while text_end > start and full[text_end - 1].isspace() and full[text_end - 1] != NBSP:
                text_end -= 1
            if k + 1 < n and starts[k + 1] <= start:
                while k + 1 < n and starts[k + 1] <= start:  # the last span that starts at or before it
                    k += 1
                s0, s1, units, size, upem = spans[k]
            if end <= s1 and end - start < s1 - s0:  # inside one span, not all of it (most atoms)
                assert units is not None
                if text_end == end:
                    w = (units[end - s0] - units[start - s0]) * size / upem
                    out.append(Atom(None, w, w, None, start, end, self, ((k, start, end, False, w),)))
                elif text_end == start:
                    w = (units[end - s0] - units[start - s0]) * size / upem
                    out.append(Atom(None, w, 0.0, None, start, end, self, ((k, start, end, True, w),)))
                else:
                    w = (units[text_end - s0] - units[start - s0]) * size / upem
                    w2 = (units[end - s0] - units[text_end - s0]) * size / upem
                    out.append(Atom(None, w + w2, w, None, start, end, self,
                                    ((k, start, text_end, False, w), (k, text_end, end, True, w2))))  # fmt: skip
                continue
            parts: list[Part] = []
            for j in range(k, n):
                j0, j1, j_units, j_size, j_upem = spans[j]
                if j0 >= end:
                    break
                for a, b, trailing in ((max(j0, start), min(j1, text_end), False), (max(j0, text_end), min(j1, end), True)):
                    if a < b:
                        if b - a == j1 - j0:
                            parts.append((j, a, b, trailing, j_units[b - a] * j_size / j_upem))
                        else:
                            parts.append((j, a, b, trailing, (j_units[b - j0] - j_units[a - j0]) * j_size / j_upem))
            widths = [p[4] for p in parts]
            trimmed = sum(w for w, p in zip(widths, parts) if not p[3])
            out.append(Atom(None, sum(widths), trimmed + 0.0, None, start, end, self, tuple(parts)))
        return tuple(out)

    def trimmed(self, start: int, end: int) -> float:
        """``Atom.of(self.pieces(start, end)).trimmed``, from prefix sums (nothing sliced)."""
        total = 0.0
        for k, a, b, trailing in self._ranges(start, end):
            if trailing:
                continue
            units = self._prefix(k).units
            s0 = self.starts[k]
            size = self.spans[k].style.size * self.faces[k].scale
            total += (units[b - s0] - units[a - s0]) * size / self.runs[k].upem
        return total

    def hyphen(self, at: int) -> Piece | None:
        """The hyphen drawn when a line ends at ``at`` inside a Latin word (else None).

        Its text is U+00AD SOFT HYPHEN: Tagged PDF represents an incidental word division (a hyphen
        the layout added) by the soft hyphen, distinct from a hyphen of the text (U+002D), so a
        reader or extractor can join the word again (PDFium does; pypdf and poppler give
        "con\u00ad" and "necting").
        """
        t = self.text
        if not 0 < at < len(t) or not (_latin_letter(t[at - 1]) and _latin_letter(t[at])):
            return None
        word = t[max(0, at - 256) : at].rsplit(None, 1)[-1]
        if "://" in word or word.startswith("www."):
            return None  # a URL is never shown with a hyphen it does not have
        k = max(0, bisect.bisect_right(self.starts, at - 1) - 1)
        span, face = self.spans[k], self.faces[k]
        gid = int(face.hb_font.get_nominal_glyph(ord("-")) or 0)  # type: ignore[attr-defined]
        if not gid:
            return None
        advance = int(face.hb_font.get_glyph_h_advance(gid))  # type: ignore[attr-defined]
        run = ShapedRun("", face.name, (Glyph(gid, "\u00ad", advance),), face.upem, f"\0hyphen:{gid}")
        return Piece(Span("", span.style, span.link, span.lang), run, face, False, run.width(span.style.size * face.scale), k)


def cut(t: Text, start: int, stop: int, cuts: list[int], measure: float, hyphens: bool) -> list[tuple[int, int]]:
    """Greedy ranges of [start, stop) that fit the measure, cut only at ``cuts`` (sorted).

    Each range ends at the last cut that still fits (its hyphen counted when ``hyphens``): the
    line is filled to the box edge. A range that cannot fit (one cluster wider than the line)
    ends at the next cut. Each cut is looked at a bounded number of times: linear.
    """
    inner = [c for c in cuts if start < c < stop]
    ranges: list[tuple[int, int]] = []
    k = 0

    def width(a: int, b: int) -> float:
        w = t.trimmed(a, b)
        h = t.hyphen(b) if hyphens else None
        return w + (h.width if h is not None else 0.0)

    while start < stop:
        while k < len(inner) and inner[k] <= start:
            k += 1
        if t.trimmed(start, stop) <= measure:
            end = stop
        else:
            j, end = k, -1
            while j < len(inner) and width(start, inner[j]) <= measure:
                end = inner[j]
                j += 1
            if end < 0:
                end = inner[k] if k < len(inner) else stop
        ranges.append((start, end))
        start = end
    return ranges


@dataclass(frozen=True, slots=True)
class Prepared:
    """A paragraph ready for line fitting: its text, break opportunities, atoms and fallback breaks."""
    text: Text
    cuts: tuple[int, ...]  # 0, the break opportunities, len(text)
    atoms: tuple[Atom, ...]
    junctures: tuple[int, ...] = ()  # fallback breaks inside compounds (segment.compound_junctures)
    key: str = ""  # its disk cache key ('' when the cache is off): what is kept of it there is keyed by it


# Atoms depend only on the spans and the keep-words: shared across blocks and documents, so a
# warm process (a batch worker, a test run) segments and shapes each paragraph once. Bounded by
# the characters it holds.
PREPARED: Memo[tuple[tuple[Span, ...], tuple[str, ...]], Prepared] = Memo(budget=4_000_000)


def short(word: str, limit: int = 40) -> str:
    """A word for a warning: whole when short, else its start (a 200,000-letter run stays short)."""
    word = word.strip()
    return repr(word) if len(word) <= limit else f"{word[:limit]!r}… ({len(word):,} characters)"


def prepare(spans: tuple[Span, ...], keep: tuple[str, ...], fs: FontSet, *, store: bool = True) -> Prepared:
    """Spans → their atoms: segmentation and shaping from the disk cache when it holds this
    paragraph (:mod:`.diskcache`), else computed and stored there. Same result either way.
    ``store=False`` (personal text): neither read nor written there, and no key for its lines."""
    from handouts.typesetting import diskcache
    from handouts.typesetting.segment import breaks_and_junctures

    key = disk_key(spans, keep, fs) if store else ""
    stored: Any = diskcache.get(key) if key else None
    text: Text | None = None
    cuts: tuple[int, ...] = ()
    junctures: tuple[int, ...] = ()
    if stored is not None:
        try:
            cuts_list, junctures_list, runs = stored
            read = [_run_from(r, s, fs) for r, s in zip(runs, spans, strict=True)]
            text = Text(spans, fs, [run for run, _ in read])
            text._index = [index for _, index in read]
            cuts = tuple(map(int, cuts_list))
            junctures = tuple(map(int, junctures_list))
            if not cuts or cuts[0] != 0 or cuts[-1] != len(text.text):
                raise ValueError("cuts do not span the text")
        except (ValueError, TypeError, IndexError, KeyError):
            text = None  # a well-formed entry that does not fit these spans: recompute, rewrite
    if text is None:
        text = Text(spans, fs)
        n = len(text.text)
        breaks, inner = breaks_and_junctures(text.text, keep)
        cuts = (0, *breaks, n) if n else (0,)
        junctures = tuple(inner)
        if key:
            diskcache.put(key, (list(cuts), list(junctures), [_run_to(r, text._prefix(k)) for k, r in enumerate(text.runs)]))
    atoms = text.atoms(cuts)
    return Prepared(text, cuts, atoms, junctures, key)


def disk_key(spans: tuple[Span, ...], keep: tuple[str, ...], fs: FontSet) -> str:
    """The paragraph's key in the disk cache ('' when the cache is off)."""
    from handouts.typesetting import diskcache
    from handouts.typesetting.segment import SEGMENTERS

    return diskcache.paragraph_key(spans, keep, fs, SEGMENTERS) if diskcache.enabled() else ""


# A shaped run is stored as the table of its distinct glyphs (every field, in the order of Glyph's
# fields, so a field added to Glyph is kept without touching this code: a warm run that lost the
# text layer's phantoms drew their carrier glyph a second time), the glyphs as indices into it,
# and its slicing index (shaping.RunIndex): reading it back makes each distinct glyph once and
# the run in C, and measures nothing again.
_FIELDS = tuple(f.name for f in fields(Glyph))
_row = operator.attrgetter(*_FIELDS)  # a glyph → the tuple of its fields (one C call)
_PLAIN_DEFAULTS = tuple(f.default for f in fields(Glyph))[3:]
assert _FIELDS[:3] == ("gid", "text", "advance"), "plain glyphs are shared by (gid, text, advance)"


def _run_to(run: ShapedRun, index: RunIndex) -> tuple[list[tuple[Any, ...]], list[int], list[int], list[int]]:
    """A shaped run as plain values: its distinct glyphs' fields, the glyphs as indices into
    them, and the glyph and the advance before every text offset."""
    table: dict[tuple[Any, ...], int] = {}
    idx = [table.setdefault(row, len(table)) for row in map(_row, run.glyphs)]
    return list(table), idx, index.at.tolist(), index.units.tolist()


def _run_from(data: Any, span: Span, fs: FontSet) -> tuple[ShapedRun, RunIndex]:
    """A stored run (:func:`_run_to`) and its slicing index, checked against the span's text."""
    rows: list[tuple[Any, ...]]
    idx: list[int]
    at: list[int]
    units: list[int]
    rows, idx, at, units = data
    text = span.text.replace(NBSP, " ")
    table: list[Glyph | None] = list(map(_ROWS.get, rows))  # (one C loop: most are known)
    for i in [i for i, g in enumerate(table) if g is None]:
        table[i] = _glyph(rows[i])
    glyphs: tuple[Glyph, ...] = tuple(map(table.__getitem__, idx))  # type: ignore[arg-type]
    texts = [row[1] for row in rows]
    if "".join(map(texts.__getitem__, idx)) != text or len(at) != len(text) + 1 or len(units) != len(at) \
            or at[-1] != len(glyphs) or min(at, default=0) < 0:  # fmt: skip
        raise ValueError("glyphs do not tile the text")
    face = fs.face_of(span.style)  # the script's font for Lao, Khmer, Burmese
    run = ShapedRun(text, face.name, glyphs, face.upem, run_ident(text))
    return run, remember_index(run, RunIndex(array("q", at), array("q", units)))


def _glyph(row: tuple[Any, ...]) -> Glyph:
    """The glyph of a stored row, shared: plain ones with shaping's, others by all their fields."""
    if not isinstance(row, tuple) or len(row) != len(_FIELDS):
        raise ValueError("a glyph of another shape")
    plain = row[3:] == _PLAIN_DEFAULTS
    known = _GLYPHS if plain else _SPECIAL
    k = row[:3] if plain else row
    g = known.get(k)
    if g is None:
        g = Glyph(*row)
        if not (isinstance(g.gid, int) and isinstance(g.text, str) and isinstance(g.advance, int)):
            raise ValueError("a glyph of another shape")
        if len(known) < SHARED_MAX:
            known[k] = g
    if len(_ROWS) < SHARED_MAX:
        _ROWS[row] = g
    return g


# Plain glyphs (no offsets, phantom or fallback) by (gid, text, advance): a paragraph read from
# the disk cache shares them rather than making thousands of equal objects (Glyph is immutable);
# shaping shares the same table.
_GLYPHS: dict[tuple[Any, ...], Glyph] = PLAIN_GLYPHS
# Glyphs with other fields (marks placed off the pen, phantoms, fallbacks) by all their fields
_SPECIAL: dict[tuple[Any, ...], Glyph] = {}
# Every glyph read back, by its stored row (all its fields): one look-up each
_ROWS: dict[tuple[Any, ...], Glyph] = {}


LONGEST_HYPHENATED = 1_000  # letters: the longest English words have some 45; a run this long is no word


def hyphenation_points(text: str, start: int, end: int) -> list[int]:
    """Where the Latin words of text[start:end] may be hyphenated (pyphen's English patterns;
    words of 6 to :data:`LONGEST_HYPHENATED` letters, at least 2 letters before and 3 after the hyphen),
    sorted. Tokens with ``@ / : . _`` or digits (handles, URLs, codes) and words with capitals after
    their first letter are never hyphenated.

    >>> t = "the Wednesday @democlinic (Dysfunction):"
    >>> [t[:i] for i in hyphenation_points(t, 0, len(t))]
    ['the Wednes', 'the Wednesday @democlinic (Dys', 'the Wednesday @democlinic (Dysfunc']
    """
    import re

    out: list[int] = []
    for token in re.finditer(r"\S+", text[start:end]):
        if re.search(r"[@/:._\d]", token.group().strip("()[]{}\"'“”‘’:;,.!?")):
            continue  # a handle, URL, e-mail, file name or code (not "Surgery:"): printed whole
        for m in re.finditer(r"[A-Za-z\u00c0-\u024f]{6,}", token.group()):
            if not m.group()[1:].islower():
                continue  # an acronym or a brand name (NSAIDs, PubMed)
            if len(m.group()) > LONGEST_HYPHENATED:
                continue  # no word: letters run together (cut at the box edge, as any unbreakable run)
            out.extend(start + token.start() + m.start() + p for p in _pyphen().positions(m.group()))
    return out


@functools.cache
def _pyphen() -> Any:
    """pyphen's English hyphenator; its parsed patterns from the disk cache when it holds them
    (parsing the pattern file is ~50 ms of a fresh process's first English render, reading them
    back ~5 ms), keyed by the file's bytes and pyphen's version."""
    import pyphen

    from handouts.typesetting import diskcache

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    key = diskcache.key("pyphen", 1, diskcache.dist_version("pyphen"), diskcache.shipped_digest(str(path)))
    stored = diskcache.get(key) if diskcache.enabled() else None
    if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], dict) and isinstance(stored[1], int):
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)  # what HyphDict(path) makes, from its parts
        hd.patterns, hd.maxlen, hd.cache = stored[0], stored[1], {}
        pyphen.hdcache[path] = hd
    hyphenator = pyphen.Pyphen(lang="en_US", left=2, right=3)
    if stored is None and diskcache.enabled():
        diskcache.put(key, (hyphenator.hd.patterns, hyphenator.hd.maxlen))
    return hyphenator
