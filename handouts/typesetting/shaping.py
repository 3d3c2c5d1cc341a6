"""Text + face → shaped glyphs (HarfBuzz), each glyph carrying the source characters it draws.

HarfBuzz places every Thai mark where the font says (tone marks above upper vowels, tail-less
ญ/ฐ above lower vowels, SARA AM decomposed). For exact copy/paste each drawn glyph must also
know which source characters it stands for: :func:`shape` assigns the characters of every
HarfBuzz cluster to its glyphs in order, so the PDF's ToUnicode map can give them back
(see :mod:`._pdftext`). Results are in font units and cached per (face, text).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from handouts.typesetting._memo import Memo
from handouts.typesetting.fonts import Face

SARA_AM = "\u0e33"
SARA_AA = "\u0e32"


@dataclass(frozen=True, slots=True)
class Glyph:
    """One glyph to draw: ``text`` is what it stands for ('' for a purely visual piece)."""

    gid: int
    text: str
    advance: int
    x_offset: int = 0
    y_offset: int = 0
    fallback: str = ""  # "Dingbats:a19" when drawn from a fallback font


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

__all__ = ["LANGUAGES", "SCRIPT_BLOCKS", "Glyph", "ShapedRun", "itemize", "script_of", "shape", "slice_run"]


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


# shaped texts by (face, text), and the glyph index of slice_run, both costed in characters
_CACHE: Memo[tuple[str, str], ShapedRun] = Memo(budget=4_000_000)
_STARTS: Memo[str, tuple[list[int], list[int]]] = Memo(budget=4_000_000)


def shape(text: str, face: Face) -> ShapedRun:
    """Shape ``text`` with ``face`` (itemized by script), cached."""
    key = (face.name, text)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    glyphs: list[Glyph] = []
    for script, run in itemize(text):
        glyphs.extend(_shape_run(run, face, script))
    result = ShapedRun(text, face.name, _marks_to_spacing(glyphs), face.upem, run_ident(text))
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
    index = _STARTS.get(run.ident)
    if index is None:
        # character offset of every text-carrying glyph, and that glyph's index
        offsets: list[int] = []
        where: list[int] = []
        pos = 0
        for k, g in enumerate(run.glyphs):
            if g.text:
                offsets.append(pos)
                where.append(k)
                pos += len(g.text)
        index = (offsets, where)
        _STARTS.put(run.ident, index, len(offsets) + 16)
    offsets, where = index
    a = bisect.bisect_left(offsets, start)
    b = bisect.bisect_left(offsets, end)
    i = where[a] if a < len(where) else len(run.glyphs)
    j = where[b] if b < len(where) else len(run.glyphs)
    return ShapedRun(run.text[start:end], run.face, run.glyphs[i:j], run.upem, f"{run.ident}\x1e{start}:{end}")


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
    # group glyph indices by cluster (clusters are monotone for LTR)
    groups: list[tuple[int, list[int]]] = []
    for i, info in enumerate(infos):
        if groups and groups[-1][0] == info.cluster:
            groups[-1][1].append(i)
        else:
            groups.append((info.cluster, [i]))
    out: list[Glyph] = []
    for n, (start, idx) in enumerate(groups):
        end = groups[n + 1][0] if n + 1 < len(groups) else len(text)
        chars = text[start:end]
        texts = [chars] if len(idx) == 1 else _assign(chars, [infos[i].codepoint for i in idx], face)
        for i, t in zip(idx, texts):
            p = positions[i]
            gid = infos[i].codepoint
            if gid == 0 and t:
                out.append(_missing(t, p.x_advance, face))
            else:
                out.append(Glyph(gid, t, p.x_advance, p.x_offset, p.y_offset))
    return out


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


def _marks_to_spacing(glyphs: list[Glyph]) -> tuple[Glyph, ...]:
    """Move the text of every zero-advance glyph (a mark) onto the spacing glyph before it.

    Text extractors order characters by position, and a zero-width mark starts exactly where
    the next letter starts: pdftotext and PDFium take such coinciding characters for
    duplicated text and may put them out of order (ที่แพทย์ → ทีแ่พทย์). With each spacing
    glyph standing for its whole cluster (ท → "ที่") and the marks purely visual (drawn as
    outlines by :mod:`._pdftext`), no zero-width character is left in the text layer; the
    order of the text is unchanged. A mark with no spacing glyph before it keeps its text.
    """
    out = list(glyphs)
    base = -1
    for i, g in enumerate(out):
        if g.advance > 0:
            base = i
        elif g.text and base >= 0:
            b = out[base]
            out[base] = Glyph(b.gid, b.text + g.text, b.advance, b.x_offset, b.y_offset, b.fallback)
            out[i] = Glyph(g.gid, "", g.advance, g.x_offset, g.y_offset, g.fallback)
    return tuple(out)


def _nominal(face: Face, ch: str) -> int:
    gid = face.hb_font.get_nominal_glyph(ord(ch))  # type: ignore[attr-defined]
    return int(gid) if gid else 0


def _assign(chars: str, gids: list[int], face: Face) -> list[str]:
    """Give each glyph of one cluster the characters it stands for, in drawing order.

    Equal counts map one to one; fewer glyphs (a ligature) let the last glyph carry the rest;
    more glyphs (SARA AM split into NIKHAHIT + SARA AA) bind each character to its nominal
    glyph (SARA AM to SARA AA's) and leave the extra glyphs purely visual ('').
    """
    nc, ng = len(chars), len(gids)
    if nc == ng:
        return list(chars)
    if ng < nc:
        return list(chars[: ng - 1]) + [chars[ng - 1 :]]
    texts = [""] * ng
    taken: list[int] = []
    for ch in chars:
        want = _nominal(face, SARA_AA if ch == SARA_AM else ch)
        pos = next((i for i, g in enumerate(gids) if g == want and not texts[i] and i not in taken), None)
        if pos is None:
            pos = next((i for i in range(ng) if not texts[i] and i not in taken), None)
        if pos is None or (taken and pos < taken[-1]):
            # order would not survive: let the first glyph carry the whole cluster
            return [chars] + [""] * (ng - 1)
        texts[pos] = ch
        taken.append(pos)
    return texts
