"""A paragraph's measured atoms → its lines, filled: greedy, or total fit with fallback breaks.

Lines break between atoms (the word-level opportunities of :mod:`.segment`). When greedy
filling would leave a non-final line *under-full* (a long compound, a number kept with its
unit, a loanword or a long Latin word pushed whole to the next line) or a Latin word is wider
than the line (kept whole when its hyphenation points part it into pieces that fit), the
paragraph is broken again by :func:`.linebreak.total_fit` over the word-level breaks plus the fallback breaks of
:func:`fallback_breaks`, each at a penalty; total fit leaves the fewest under-full lines those
breaks allow. A fallback break is never inside a word, a grapheme cluster, a Latin word (except
at a hyphenation point, with a drawn hyphen), a number, a number and its unit, or a clinic
keep-word.

A line of total fit may also hold one more word by being drawn a little tighter, as TeX does
(:func:`squeeze`): its breakable spaces shrink by at most :data:`SHRINK` of their width (TeX's
interword shrink, Typst's justification limits) and its letters by at most :data:`TRACK` of
their advance (microtype's font shrink, as tracking: glyph shapes are unchanged), all in the
same proportion, so that it ends exactly at the measure. Spaces kept with their words (``500
มก.``) and the line-final space keep their width; a mark stays on its base, and a line that
fits is never squeezed.

A line that no choice of breaks can make full enough (a number with its unit, a loanword too
wide for what the line lacks) is drawn a little wider instead (:func:`loosen`, TeX's interword
stretch, and letter spacing as Thai distributed justification spaces clusters): its breakable
spaces widen by at most :data:`STRETCH` of their width and each letter by at most
:data:`LOOSE` em, in one proportion, so that it ends just past the fill line
(:func:`.linebreak.target`). Total fit counts such a line as full, at a cost; one that cannot
reach it is left as it is. Every other line keeps its natural width: the text stays ragged right.

*Under-full*: a line whose natural width (its atoms' widths, trailing spaces of the last one
dropped, a drawn hyphen counted) is under :data:`FILL` (85 %) of the measure; every line of a
paragraph but its last counts.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections.abc import Callable, Sequence

from handouts.typesetting.atoms import Atom, Piece, Prepared, hyphenation_points
from handouts.typesetting.finer import bad_junctures, finer_junctures
from handouts.typesetting.linebreak import EPS, Break, break_lines, target, total_fit
from handouts.typesetting.segment import FRACTIONS, label_glue
from handouts.typesetting.shaping import Glyph, ShapedRun

FILL = 0.85  # a non-final line narrower than this share of the measure is under-full
# penalties of the fallback breaks (an under-full line costs far more: see linebreak.line_cost)
JUNCTURE = 10.0  # an inner boundary of a dictionary compound thaibreak splits (กระเพาะ|อาหาร)
HYPHEN = 12.0  # a hyphenation point of a Latin word (a hyphen is drawn)
FINER = 20.0  # an inner boundary of a compound thaibreak keeps whole (รับ|ประทาน; see .finer)
LABEL = 40.0  # between a word that names a number and the number (พ.ศ. | 2569, โทร. | 1669)
SHRINK = 1 / 3  # the most a breakable space inside a line of total fit may narrow (TeX, Typst: a third)
TRACK = 0.02  # the most a letter's advance inside such a line may narrow (microtype's font shrink: 2 %)
STRETCH = 1.0  # the most a breakable space of an otherwise under-full line may widen: to twice its width
# the most each letter of such a line may be spaced, in em: poppler (pdftotext) reads a gap of
# 0.03 em between two pieces of a word (split at a mark, say) as a space (maxCharSpacing)
LOOSE = 0.02


def natural_width(line: Sequence[Atom]) -> float:
    """The width a line's content takes: every atom whole, the last one trimmed."""
    return sum(a.full for a in line[:-1]) + line[-1].trimmed if line else 0.0


def under_full(lines: Sequence[Sequence[Atom]], measure: float, fill: float = FILL) -> list[int]:
    """The indices of the non-final lines narrower than ``fill`` × ``measure``."""
    return [i for i, line in enumerate(lines[:-1]) if natural_width(line) < fill * measure - 1e-6]


def fill_lines(
    prep: Prepared, atoms: Sequence[Atom], measure: float, keep: tuple[str, ...] = (), fill: float = FILL
) -> list[tuple[Atom, ...]]:
    """The lines of ``atoms`` (a paragraph's, already cut to fit the measure; see
    :meth:`.flowable.TextBlock._fit_atoms`): greedy when that leaves no line under-full, else
    total fit over word-level and fallback breaks. Deterministic; linear in the atoms.

    A word cut between its clusters because it is wider than the line starts a line of its own,
    as CSS's ``overflow-wrap`` does: a word is cut only where no break opportunity is left, so
    the words before it are never joined to its first piece (``ກຳ`` | ``ຜ່ຳຫງ່ຳ…`` cut, not
    ``ກຳຜ່ຳ…`` cut in the middle).
    """
    starts = _cut_word_starts(prep, atoms)
    if starts:
        bounds = [0, *starts, len(atoms)]
        return [line for a, b in zip(bounds, bounds[1:]) for line in _fill(prep, atoms[a:b], measure, keep, fill)]
    return _fill(prep, atoms, measure, keep, fill)


def _cut_word_starts(prep: Prepared, atoms: Sequence[Atom]) -> list[int]:
    """Indices (never 0) of the atoms that start a line as a piece of a word cut to fit it: cut
    pieces have no start (-1); the first one follows a word boundary of the paragraph, and any
    other one follows a piece drawn with a hyphen (never in the middle of a line, even where a
    line drawn tighter would hold both: ``esophagogastroduo-denoscopy``)."""
    if all(a.start != -1 for a in atoms):
        return []
    cuts = set(prep.cuts)
    return [
        i
        for i in range(1, len(atoms))
        if atoms[i].start == -1 and (atoms[i - 1].end in cuts or atoms[i - 1].hyphen is not None)
    ]


def _fill(
    prep: Prepared, atoms: Sequence[Atom], measure: float, keep: tuple[str, ...], fill: float
) -> list[tuple[Atom, ...]]:
    """:func:`fill_lines` of a run of atoms no cut word starts inside."""
    greedy = [tuple(atoms[s:e]) for s, e in break_lines([(a.full, a.trimmed) for a in atoms], measure)]
    if not under_full(greedy, measure, fill) and not _too_wide(greedy, measure):
        return greedy
    key = _disk_key(prep, atoms, measure, keep, fill)
    lines = _read(prep, atoms, measure, fill, key) if key else None
    if lines is not None:
        return lines
    breaks, points = _breaks(prep, atoms, keep, hyphenate=False)
    natural = _lines(prep, atoms, points, total_fit(breaks, measure, fill))
    lines = drawn(natural, measure, fill)
    if (under_full(lines, measure, fill) or _too_wide(lines, measure)) and _LATIN_WORD.search(prep.text.text):
        # hyphenation (pyphen, 0.1 s to load) only when the other breaks are not enough (or a
        # Latin word wider than the line, kept whole by _fit_atoms, must break at its points)
        breaks, points = _breaks(prep, atoms, keep, hyphenate=True)
        natural = _lines(prep, atoms, points, total_fit(breaks, measure, fill))
        lines = drawn(natural, measure, fill)
    if key:
        from handouts.typesetting import diskcache

        diskcache.put(key, [[v for a in line for v in (a.start, *a.range, a.hyphen is not None)] for line in natural])
    return lines


def _too_wide(lines: Sequence[Sequence[Atom]], measure: float) -> bool:
    """Is a line wider than the measure (a Latin word wider than it, left whole by
    :meth:`.flowable.TextBlock._fit_atoms` to break at its hyphenation points)?"""
    return any(natural_width(line) > measure + EPS for line in lines)


# Total fit's lines are kept in the disk cache (:mod:`.diskcache`), by the paragraph's key, its
# sizes, the measure and the atoms: a fresh process then neither looks for fallback breaks (the
# compound table, pyphen) nor fits the paragraph again. Greedy lines are not: they cost less
# than reading an entry.


def _disk_key(prep: Prepared, atoms: Sequence[Atom], measure: float, keep: tuple[str, ...], fill: float) -> str:
    from handouts.typesetting import diskcache

    if not prep.key or not diskcache.enabled():
        return ""
    sizes = tuple(s.style.size for s in prep.text.spans)
    return diskcache.key("lines", prep.key, sizes, measure, fill, keep,
                         [(a.start, *a.range, a.hyphen is not None) for a in atoms])  # fmt: skip


def _read(
    prep: Prepared, atoms: Sequence[Atom], measure: float, fill: float, key: str
) -> list[tuple[Atom, ...]] | None:
    """The lines stored under ``key``, made again from the paragraph; None when there are none
    or they do not tile the atoms (then they are fitted again and rewritten)."""
    from handouts.typesetting import diskcache

    stored = diskcache.get(key)
    if not isinstance(stored, list) or not stored:
        return None
    t = prep.text
    pos, stop = atoms[0].range[0], atoms[-1].range[1]
    lines: list[tuple[Atom, ...]] = []
    try:
        for flat in stored:
            if not isinstance(flat, list) or not flat or len(flat) % 4:
                return None
            line: list[Atom] = []
            for i in range(0, len(flat), 4):
                start, a, b, hyphen = flat[i : i + 4]
                if a != pos or not a < b <= stop or start not in (-1, a) or not isinstance(hyphen, bool):
                    return None
                atom = t.atom(a, b, hyphen=hyphen)
                line.append(atom if start >= 0 else atom.cut_piece())
                pos = b
            lines.append(tuple(line))
    except (TypeError, ValueError):
        return None
    return drawn(lines, measure, fill) if pos == stop else None


_LATIN_WORD = re.compile("[A-Za-z\u00c0-\u024f]{6,}")  # a word hyphenation_points may break
_DIGIT = re.compile(rf"[\d{FRACTIONS}]")  # a number's digit, or a fraction: ½ ช้อนชา


def fallback_breaks(
    prep: Prepared, start: int, end: int, keep: tuple[str, ...] = (), hyphenate: bool = True
) -> dict[int, tuple[float, bool]]:
    """The fallback breaks inside the atom ``[start, end)`` of a paragraph: text offset →
    (penalty, whether a hyphen is drawn there); with ``hyphenate=False`` no hyphenation points."""
    t = prep.text
    out: dict[int, tuple[float, bool]] = {}
    lo = bisect.bisect_right(prep.junctures, start)
    hi = bisect.bisect_left(prep.junctures, end)
    if hi > lo and not _DIGIT.search(t.text, start, end):  # a number keeps its unit whole: 2 ช้อน|ชา never
        bad = bad_junctures(t.text, start, end)  # thaibreak's cuts inside a loanword: ควิโน|โลน
        for c in prep.junctures[lo:hi]:
            if c not in bad:
                out[c] = (JUNCTURE, False)
    for c in hyphenation_points(t.text, start, end) if hyphenate and _LATIN_WORD.search(t.text, start, end) else ():
        if c not in out and t.hyphen(c) is not None:
            out[c] = (HYPHEN, True)
    for c in finer_junctures(t.text, start, end, keep):
        out.setdefault(c, (FINER, False))
    for c in label_glue(t.text, start, end):
        out.setdefault(c, (LABEL, False))
    return out


# a break position: (atom index, text offset of an inner break or -1 for the atom's end, hyphen?)
_Point = tuple[int, int, bool]


def _breaks(
    prep: Prepared, atoms: Sequence[Atom], keep: tuple[str, ...], hyphenate: bool
) -> tuple[list[Break], list[_Point]]:
    """Every break position of the paragraph in order, measured, and where each one is.

    Each break also carries the running total of what lines may give (:func:`_give`): the
    spaces and letters of the whole atoms before it (a line that starts or ends inside an atom
    gives nothing of that atom: an underestimate, so every line total fit picks fits).
    """
    t = prep.text
    breaks = [Break(0.0)]
    points: list[_Point] = [(-1, -1, False)]
    x = give = loose = 0.0  # give, loose: what the atoms before atom k may give, may widen by
    for k, atom in enumerate(atoms):
        space, ink, wide = _give(atom)
        if atom.start >= 0:  # a whole atom (not a piece of an over-wide word): its fallbacks
            inner = fallback_breaks(prep, atom.start, atom.end, keep, hyphenate)
            for c in sorted(inner):
                penalty, hyphen = inner[c]
                extra = t.hyphen(c).width if hyphen else 0.0  # type: ignore[union-attr]
                # the head and the tail of the atom give none of its letters; the tail its space
                breaks.append(Break(x + t.trimmed(atom.start, c), -extra, penalty, give, give + TRACK * ink,
                                    loose, loose + wide))  # fmt: skip
                points.append((k, c, hyphen))
        x += atom.full
        # a line ending after this atom gives its letters, not its line-final space
        breaks.append(Break(x, atom.full - atom.trimmed, 0.0, give + TRACK * ink, give + SHRINK * space + TRACK * ink,
                            loose + wide, loose + STRETCH * space + wide))  # fmt: skip
        give += SHRINK * space + TRACK * ink
        loose += STRETCH * space + wide
        points.append((k, -1, False))
    return breaks, points


def _give(atom: Atom) -> tuple[float, float, float]:
    """(the width of an atom's trailing spaces, the width of its letters that may tighten, and
    how much wider its letters may be spaced: :data:`LOOSE` em after each of those)."""
    space = ink = wide = 0.0
    for _, span, face, run, g0, g1, _, _, trailing, width in atom.drawn():  # (its pieces, none sliced)
        if trailing:
            space += width
        else:
            glyphs = run.glyphs if g0 == 0 and g1 == len(run.glyphs) else run.glyphs[g0:g1]
            tight = _tight(glyphs)
            ink += sum(glyphs[i].advance for i in tight) * width / max(1, sum(g.advance for g in glyphs))
            wide += len(tight) * LOOSE * span.style.size * face.scale
    return space, ink, wide


def _tight(g: tuple[Glyph, ...]) -> list[int]:
    """The glyphs whose advance may tighten or widen: those that end a cluster (never one
    followed by a mark or a phantom, which are placed from the pen: they would move off their
    base), with text, not from a fallback font, and not showing another advance in the text
    layer."""
    n = len(g)
    return [
        i
        for i in range(n)
        if g[i].advance > 0 and g[i].text and not g[i].phantom and not g[i].fallback and g[i].pdf_advance is None
        and (i + 1 == n or (g[i + 1].advance > 0 and not g[i + 1].phantom))
    ]  # fmt: skip


def drawn(natural: Sequence[tuple[Atom, ...]], measure: float, fill: float) -> list[tuple[Atom, ...]]:
    """Total fit's lines as they are drawn: a line wider than the measure narrower
    (:func:`squeeze`), a non-final one short of the target wider (:func:`loosen`: also one just
    past the fill line, so that a reader measuring the page with other rounding finds it full)."""
    last = len(natural) - 1
    goal = target(measure, fill)
    return [loosen(line, goal) if i < last and natural_width(line) < goal - EPS
            else squeeze(line, measure) for i, line in enumerate(natural)]  # fmt: skip


def squeeze(line: tuple[Atom, ...], measure: float) -> tuple[Atom, ...]:
    """A line wider than the measure drawn so that it ends at the measure: its breakable spaces
    (all but the line-final one) narrowed and its letters tightened, all in the same proportion
    of what they may give (:data:`SHRINK` of a space, :data:`TRACK` of a letter's advance); a
    line that fits is returned as it is. Total fit only picks lines that can give enough."""
    excess = natural_width(line) - measure
    if excess <= EPS:
        return line
    gives = [_give(a)[:2] for a in line]
    total = sum(SHRINK * s + TRACK * i for s, i in gives[:-1]) + TRACK * gives[-1][1]
    if total <= 0:
        return line
    r = min(1.0, excess / total)
    return _redrawn(line, [s > 0 or i > 0 for s, i in gives], 1.0 - r * SHRINK,
                    lambda p: _scaled(p, 1.0 - r * TRACK, 0.0, _tight(p.run.glyphs)))  # fmt: skip


def loosen(line: tuple[Atom, ...], width: float) -> tuple[Atom, ...]:
    """An under-full line drawn ``width`` wide, when it can be: its breakable spaces widened by
    at most :data:`STRETCH` of their width and each of its letters spaced by at most
    :data:`LOOSE` em, all in the same proportion of what they may give (TeX's interword
    stretch; letter spacing as Thai distributed justification spaces its clusters). As it
    is when that is not enough: total fit counts a line as full only when it can be drawn so."""
    short = width - natural_width(line)
    gives = [(s, w) for s, _, w in map(_give, line)]
    total = sum(STRETCH * s + w for s, w in gives[:-1]) + gives[-1][1]
    if short <= EPS or total < short - EPS:
        return line
    r = short / total
    return _redrawn(line, [s > 0 or w > 0 for s, w in gives], 1.0 + r * STRETCH,
                    lambda p: _scaled(p, 1.0, r * LOOSE * p.run.upem, _tight(p.run.glyphs)))  # fmt: skip


def _redrawn(line: tuple[Atom, ...], changes: list[bool], spaces: float, letters: Callable[[Piece], Piece]) -> tuple[Atom, ...]:
    """``line`` with the breakable spaces of the atoms that ``changes`` scaled by ``spaces`` and
    their other pieces drawn by ``letters`` (the line-final space is kept as it is)."""
    last = len(line) - 1
    out = []
    for k, (atom, change) in enumerate(zip(line, changes)):
        if change:
            pieces = tuple(
                (_scaled(p, spaces, 0.0, None) if k < last else p) if p.trailing_space else letters(p)
                for p in atom.pieces
            )
            atom = Atom.of(pieces, atom.hyphen, atom.start, atom.end)
        out.append(atom)
    return tuple(out)


def _scaled(piece: Piece, keep: float, add: float, which: list[int] | None) -> Piece:
    """A piece drawn with the advances of glyphs ``which`` (all when None) at ``keep`` × theirs
    plus ``add`` font units, rounded away from their own (a line drawn narrower never ends past
    the measure, one drawn wider never short of its target); the text layer's positions follow
    (:mod:`._pdftext`)."""
    run = piece.run
    chosen = set(range(len(run.glyphs)) if which is None else which)
    if not chosen:
        return piece
    rounded = math.ceil if keep > 1 or add > 0 else math.floor
    glyphs = tuple(
        dataclasses.replace(g, advance=rounded(g.advance * keep + add)) if i in chosen else g
        for i, g in enumerate(run.glyphs)
    )
    key = f"{run.ident}\0drawn:" + ",".join(str(g.advance) for g in glyphs)
    narrow = ShapedRun(run.text, run.face, glyphs, run.upem, key)
    return dataclasses.replace(piece, run=narrow, width=narrow.width(piece.span.style.size * piece.face.scale))


def _lines(prep: Prepared, atoms: Sequence[Atom], points: list[_Point], ends: list[int]) -> list[tuple[Atom, ...]]:
    """The atoms of each line, the atoms cut at inner breaks sliced into head and tail, at their
    natural widths (:func:`drawn` draws them narrower or wider)."""
    t = prep.text
    lines: list[tuple[Atom, ...]] = []
    k0, start = 0, -1  # the line starts at atom k0, at text offset ``start`` inside it (-1: whole)
    for e in ends:
        k1, c1, hyphen = points[e]
        line: list[Atom] = []
        if c1 < 0:  # ends after atom k1
            for k in range(k0, k1 + 1):
                a = atoms[k]
                line.append(a if k != k0 or start < 0 else t.atom(start, a.end, hyphen=a.hyphen is not None))
            k0, start = k1 + 1, -1
        else:  # ends inside atom k1, at c1
            for k in range(k0, k1):
                a = atoms[k]
                line.append(a if k != k0 or start < 0 else t.atom(start, a.end, hyphen=a.hyphen is not None))
            head = start if k1 == k0 and start >= 0 else atoms[k1].start
            line.append(t.atom(head, c1, hyphen=hyphen))
            k0, start = k1, c1
        lines.append(tuple(line))
    return lines
