"""Text + face → shaped glyphs (HarfBuzz), each glyph carrying the source characters it draws.

HarfBuzz places every Thai mark where the font says (tone marks above upper vowels, tail-less
ญ/ฐ above lower vowels, SARA AM decomposed). For exact copy/paste each drawn glyph must also
know which source characters it stands for: :func:`shape` assigns the characters of every
HarfBuzz cluster to its glyphs in order, so the PDF's ToUnicode map can give them back
(see :mod:`._pdftext`). Results are in font units and cached per (face, text).
"""

from __future__ import annotations

import itertools
import operator
from array import array
from dataclasses import dataclass, replace

from handouts.typesetting import textmap
from handouts.typesetting._memo import Memo
from handouts.typesetting.fonts import Face


@dataclass(frozen=True, slots=True)
class Glyph:
    """One glyph to draw: ``text`` is what it stands for ('' for a purely visual piece)."""

    gid: int
    text: str
    advance: int
    x_offset: int = 0
    y_offset: int = 0
    fallback: str = ""  # "Dingbats:a19" when drawn from a fallback font
    phantom: bool = False  # text only: written invisibly, zero-width, inside the glyph before it
    pdf_advance: int | None = None  # the advance the text layer shows, when not ``advance``

    @property
    def text_advance(self) -> int:
        return self.advance if self.pdf_advance is None else self.pdf_advance


@dataclass(frozen=True, slots=True)
class ShapedRun:
    """Shaped text in font units (divide by ``upem`` and multiply by the size for points)."""

    text: str
    face: str
    glyphs: tuple[Glyph, ...]
    upem: int
    key: str = ""  # identity for caches: the text, or where a slice or a join came from

    @property
    def ident(self) -> str:
        return self.key or run_ident(self.text)

    @property
    def advance(self) -> int:
        return sum(g.advance for g in self.glyphs)

    def width(self, size: float) -> float:
        return self.advance * size / self.upem

    def notdef(self) -> str:
        """Source characters that shaped to glyph 0 (the missing-glyph box)."""
        return "".join(g.text for g in self.glyphs if g.gid == 0)


IDENT_MAX = 64  # a longer text is identified by its digest, so keys stay small whatever its length


def run_ident(text: str) -> str:
    """A short identity for a shaped text in process caches: the text itself, or its digest."""
    if len(text) <= IDENT_MAX:
        return text
    import hashlib

    return "\0#" + hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# Complex scripts by Unicode block and the language HarfBuzz shapes them for: see .scripts
from handouts.typesetting.scripts import LANGUAGES, SCRIPT_BLOCKS, script_of  # noqa: E402

__all__ = ["LANGUAGES", "SCRIPT_BLOCKS", "Glyph", "RunIndex", "ShapedRun", "index_from", "itemize", "remember_index",
           "run_index", "script_of", "shape", "slice_run"]


def itemize(text: str) -> list[tuple[str, str]]:
    """Split text into (script, run); common characters join the run before them.

    >>> itemize("ยา Paracetamol 500 มก.")
    [('Thai', 'ยา '), ('Latn', 'Paracetamol 500 '), ('Thai', 'มก.')]
    """
    runs: list[tuple[str, int]] = []  # (script, start); linear in the text's length
    for i, ch in enumerate(text):
        s = script_of(ch)
        if s == "Zyyy" or (runs and runs[-1][0] == s):
            continue
        runs.append((s, 0 if not runs else i))
    if not runs:  # text of common characters only
        return [("Latn", text)] if text else []
    ends = [start for _, start in runs[1:]] + [len(text)]
    return [(s, text[start:end]) for (s, start), end in zip(runs, ends)]


# shaped texts by (face, text), and the index of slice_run by (face, run identity), both costed
# in characters
_CACHE: Memo[tuple[str, str], ShapedRun] = Memo(budget=4_000_000)
_STARTS: Memo[tuple[str, str], RunIndex] = Memo(budget=4_000_000)


@dataclass(frozen=True, slots=True)
class RunIndex:
    """For every text offset ``p`` of a run (``0 … len(text)``): ``at[p]``, the glyph where a
    slice starting at ``p`` begins (the glyph that carries character ``p``, or inside a
    cluster the next one's; ``len(glyphs)`` at the end), and ``units[p]``, the advance of the
    glyphs before it. A slice is then two look-ups and its advance one subtraction."""

    at: array[int]
    units: array[int]


_GLYPH_STARTS: Memo[tuple[str, str], array[int]] = Memo(budget=4_000_000)


def glyph_starts(run: ShapedRun) -> array[int]:
    """For each glyph of ``run`` (and its end), the text offset it starts at: the sum of the glyphs'
    text lengths before it; an offset ``p`` is between clusters when ``glyph_starts(run)[run_index(run).at[p]]
    == p``. Remembered per process.

    >>> from handouts.typesetting.fonts import font_set
    >>> r = shape("ที่นี่", font_set().face("regular"))
    >>> starts, at = glyph_starts(r), run_index(r).at
    >>> [p for p in range(len(r.text) + 1) if starts[at[p]] == p]  # (ี่ is one glyph's: not cut between)
    [0, 1, 3, 4, 6]
    """
    key = (run.face, run.ident)
    starts = _GLYPH_STARTS.get(key)
    if starts is None:
        starts = array("q", [0, *itertools.accumulate(len(g.text) for g in run.glyphs)])
        _GLYPH_STARTS.put(key, starts, len(run.glyphs) + 16)
    return starts


def run_index(run: ShapedRun) -> RunIndex:
    """The :class:`RunIndex` of ``run``, remembered per process."""
    key = (run.face, run.ident)
    index = _STARTS.get(key)
    if index is None:
        texts = map(_TEXT, run.glyphs)
        index = index_from(run, list(map(len, texts)), list(map(_ADVANCE, run.glyphs)))
    return index


def index_from(run: ShapedRun, lens: list[int], advances: list[int]) -> RunIndex:
    """The :class:`RunIndex` of ``run`` from its glyphs' text lengths and advances (as the disk
    cache holds them: no glyph is looked at), remembered for :func:`run_index`."""
    g = len(lens)
    n = len(run.text)
    if sum(lens) != n or len(advances) != g:
        raise ValueError("glyphs do not tile the text")
    cum = [0, *itertools.accumulate(advances)]
    if max(lens, default=0) <= 1:  # one character per text glyph (most runs): all in C
        at = list(itertools.compress(range(g), lens))
        at.append(g)
    else:
        at = [-1] * (n + 1)
        pos = 0
        for i, length in enumerate(lens):
            if length:
                at[pos] = i
                pos += length
        at[n] = g
        for p in range(n - 1, -1, -1):  # inside a cluster: where the next cluster starts
            if at[p] < 0:
                at[p] = at[p + 1]
    return remember_index(run, RunIndex(array("q", at), array("q", map(cum.__getitem__, at))))


def remember_index(run: ShapedRun, index: RunIndex) -> RunIndex:
    """Keep ``index`` as the :class:`RunIndex` of ``run`` (made from its glyphs, or read back
    with them from the disk cache)."""
    _STARTS.put((run.face, run.ident), index, len(run.text) + 16)
    return index


_TEXT = operator.attrgetter("text")
_ADVANCE = operator.attrgetter("advance")


def shape(text: str, face: Face) -> ShapedRun:
    """Shape ``text`` with ``face`` (itemized by script), cached."""
    key = (face.name, text)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    glyphs: list[Glyph] = []
    for script, run in itemize(text):
        for piece in _pieces(run):
            glyphs.extend(_shape_run(piece, face, script))
    result = ShapedRun(text, face.name, _text_layer(glyphs, face), face.upem, run_ident(text))
    _CACHE.put(key, result, len(text) + 16)
    return result


def slice_run(run: ShapedRun, start: int, end: int) -> ShapedRun:
    """The glyphs of ``run`` that stand for ``run.text[start:end]`` (cut between clusters).

    Every character is carried by exactly one glyph, in order, so the glyphs' texts tile the
    run's text; ``start`` and ``end`` must fall between clusters (line-break opportunities do).
    Shaping a paragraph's span once and slicing it per word costs one HarfBuzz call instead of
    one per word.

    >>> from handouts.typesetting.fonts import font_set
    >>> r = shape("ที่นี่ ok", font_set().face("regular"))
    >>> slice_run(r, 3, 7).text, "".join(g.text for g in slice_run(r, 3, 7).glyphs)
    ('นี่ ', 'นี่ ')
    """
    if start == 0 and end == len(run.text):
        return run
    at = run_index(run).at
    return ShapedRun(run.text[start:end], run.face, run.glyphs[at[start] : at[end]], run.upem, f"{run.ident}\x1e{start}:{end}")


# HarfBuzz refuses a buffer of some 550,000 characters (MemoryError: an English paragraph of 1 MB, within
# the article size cap, was an internal error): a longer run is shaped in pieces of at most this many
SHAPE_PIECE = 65_536


def _pieces(text: str) -> list[str]:
    """``text`` cut into pieces of at most :data:`SHAPE_PIECE` characters, each ending after a space
    (no glyph is shaped across one), or, in a run without a space that long, between two ASCII
    letters or digits (two clusters of their own); at the limit only where there is neither.

    >>> [len(p) for p in _pieces("word " * 30_000)], _pieces("short text")
    ([65535, 65535, 18930], ['short text'])
    """
    pieces: list[str] = []
    start, n = 0, len(text)
    while n - start > SHAPE_PIECE:
        limit = start + SHAPE_PIECE
        end = next((i + 1 for i in range(limit - 1, start, -1) if text[i].isspace()), 0)
        if not end:
            end = next((i for i in range(limit - 1, start, -1)
                        if text[i].isascii() and text[i].isalnum() and text[i - 1].isascii() and text[i - 1].isalnum()),
                       limit)  # fmt: skip
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _shape_run(text: str, face: Face, script: str) -> list[Glyph]:
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "ltr"
    buf.script = script
    buf.language = LANGUAGES.get(script, "en")
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    font = face.hb_font
    hb.shape(font, buf, {})
    infos = buf.glyph_infos
    positions = buf.glyph_positions
    gids = [info.codepoint for info in infos]
    clusters = [info.cluster for info in infos]  # monotone for LTR
    n = len(gids)
    out: list[Glyph] = []
    i = 0
    while i < n:
        start = clusters[i]
        j = i + 1
        while j < n and clusters[j] == start:
            j += 1
        chars = text[start : clusters[j] if j < n else len(text)]
        if j == i + 1:
            p = positions[i]
            if gids[i] == 0:
                out.append(_missing(chars, p.x_advance, face))
                i = j
                continue
            if len(chars) == 1 and p.x_advance > 0 and not textmap.is_mn(chars):
                # one letter, one spacing glyph (most of any text): textmap.assign gives it the letter
                if p.x_offset or p.y_offset:
                    out.append(Glyph(gids[i], chars, p.x_advance, p.x_offset, p.y_offset))
                else:
                    key = (gids[i], chars, p.x_advance)
                    g = PLAIN_GLYPHS.get(key)
                    if g is None:
                        g = Glyph(*key)
                        if len(PLAIN_GLYPHS) < SHARED_MAX:
                            PLAIN_GLYPHS[key] = g
                    out.append(g)
                i = j
                continue
        idx = range(i, j)
        # an empty spacing glyph (Noto Myanmar's spacers) carries no text: it is a gap, and
        # PDFium drops a character drawn with a glyph that has no extent
        advances = [positions[k].x_advance for k in idx]
        inked = [a if _inked(face, gids[k]) else 0 for a, k in zip(advances, idx)]
        lead, texts, after = textmap.assign(chars, inked if any(inked) else advances)
        if lead:
            out.append(Glyph(gids[i], lead, 0, phantom=True))
        for k, t, a in zip(idx, texts, after):
            p = positions[k]
            gid = gids[k]
            if gid == 0 and t:
                out.append(_missing(t + a, p.x_advance, face))
                continue
            out.append(Glyph(gid, t, p.x_advance, p.x_offset, p.y_offset))
            if a:
                out.append(Glyph(gid, a, 0, phantom=True))
        i = j
    return out


# Plain glyphs (no offsets, phantom or fallback) by (gid, text, advance), made once per process:
# a frozen dataclass costs most of a microsecond to make, a text thousands of equal glyphs
PLAIN_GLYPHS: dict[tuple[int, str, int], Glyph] = {}
SHARED_MAX = 200_000  # glyphs kept in such a table (shaping's and the disk cache reader's): bounded memory

_INKED: dict[tuple[str, int], bool] = {}


def _inked(face: Face, gid: int) -> bool:
    """Whether glyph ``gid`` draws anything (a box of some size)."""
    key = (face.name, gid)
    hit = _INKED.get(key)
    if hit is None:
        ext = face.hb_font.get_glyph_extents(gid)  # type: ignore[attr-defined]
        hit = _INKED[key] = ext is not None and (ext.width != 0 or ext.height != 0)
    return hit


def _missing(text: str, advance: int, face: Face) -> Glyph:
    """A character the font lacks: drawn from a fallback font (never as a box, never as '?').

    The typesetter refuses text with a character no shipped font draws before it shapes
    (:func:`handouts.typesetting.fonts.undrawable`); reaching here without a fallback is that error.
    """
    from handouts.errors import FontError
    from handouts.typesetting import fallback
    from handouts.typesetting.fonts import describe

    fb = fallback.find(text[0])
    if fb is None:
        raise FontError(f"no shipped font draws {describe(list(text[:1]))}",
                        hint="write the text in a supported script or remove the character")  # fmt: skip
    return Glyph(0, text, round(fb.advance * face.upem / fallback.UNITS), fallback=f"{fb.font}:{fb.name}")


def _text_layer(glyphs: list[Glyph], face: Face) -> tuple[Glyph, ...]:
    """Join the phantoms between two spacing glyphs into one (the mark glyphs between them do not
    move the pen), and give the width of a spacing glyph that carries no text to the text glyph
    before it (:mod:`.textmap` says why)."""
    out: list[Glyph] = []
    carrier = -1  # index in out of the last spacing glyph that carries text
    phantom = -1  # index in out of the phantom since that spacing glyph
    ahead = 0  # width of empty spacing glyphs (Myanmar spacers) the next text glyph's text spans
    for g in glyphs:
        if g.phantom:
            if phantom >= 0:
                out[phantom] = Glyph(out[phantom].gid, out[phantom].text + g.text, 0, phantom=True)
            else:
                phantom = len(out)
                out.append(g)
            continue
        if g.advance > 0 or g.text:
            phantom = -1
        if g.advance > 0 and g.text:
            carrier = len(out)
            if ahead and not g.fallback:
                g = replace(g, pdf_advance=g.text_advance + ahead)
            ahead = 0
        elif g.advance > 0 and not g.fallback and not _inked(face, g.gid):
            ahead += g.advance  # the text of the letter after it starts here (else a gap: a space)
            g = replace(g, pdf_advance=0)
        elif g.advance > 0 and carrier >= 0 and not g.fallback:
            c = out[carrier]
            out[carrier] = replace(c, pdf_advance=c.text_advance + g.advance)
            g = replace(g, pdf_advance=0)
        out.append(g)
    return tuple(out)
