"""Spans → a block of shaped, word-broken lines (paragraphs, headings, list items).

:class:`TextBlock` replaces ReportLab's ``Paragraph`` for all text (it follows the flowable
protocol — ``wrap``/``split``/``drawOn`` — without importing platypus, which costs 50 ms
of start-up). It measures with HarfBuzz
advances (what is measured is exactly what is drawn), breaks only at
:func:`~handouts.typesetting.segment.break_opportunities`, keeps at least two lines together at
a page end (no orphans or widows), and draws through :mod:`._pdftext` so the text layer
extracts exactly.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import dataclasses
import functools
from collections.abc import Iterator
from typing import Any

from handouts.diagnostics import Diagnostics
from handouts.i18n.languages import lang_tag
from handouts.typesetting import _pdftext
from handouts.typesetting._memo import Memo
from handouts.typesetting.atoms import (
    PREPARED,
    Atom,
    Drawn,
    Prepared,
    cut,
    disk_key,
    drawn,
    hyphenation_points,
    prepare,
    short,
)
from handouts.typesetting.fonts import Face, describe, font_set, split_by_font
from handouts.typesetting.lines import FILL, fill_lines
from handouts.typesetting.marks import Tag, marked, marker
from handouts.typesetting.phrases import foreign_phrases
from handouts.typesetting.segment import (
    break_opportunities,
    grapheme_breaks,
    inside_counted_word,
    joins_number_and_unit,
    label_glue,
    url_inner_breaks,
)
from handouts.typesetting.shaping import ShapedRun, glyph_starts, run_index, shape
from handouts.typesetting.spans import Span


@functools.lru_cache(maxsize=256)
def hex_to_rgb(color: str) -> tuple[float, float, float]:
    """``#RRGGBB`` → (r, g, b) in 0..1.

    >>> hex_to_rgb("#ff8000")
    (1.0, 0.502, 0.0)
    """
    h = color.lstrip("#")
    return tuple(round(int(h[i : i + 2], 16) / 255, 3) for i in (0, 2, 4))  # type: ignore[return-value]


# how a span's parts are drawn: size, colour, and the rule under them (width, depth) or None
_Look = tuple[float, tuple[float, float, float], tuple[float, float] | None]


class Where:
    """Where a block's text came from, for warnings (``file``, ``line``, entry label)."""

    def __init__(self, path: str | None = None, line: int | None = None, entry: str = "") -> None:
        self.path, self.line, self.entry = path, line, entry


# the blocks made while :func:`collected` lists them (per thread and context: serve lays out in threads)
_MADE: contextvars.ContextVar[list[TextBlock] | None] = contextvars.ContextVar("handouts_made", default=None)


@contextlib.contextmanager
def collected() -> Iterator[list[TextBlock]]:
    """The text blocks made meanwhile in this thread (not the parts of a split block, whose lines
    are made), in the order they were made: a layout hands them to :func:`.apart.prepare_apart`."""
    made: list[TextBlock] = []
    token = _MADE.set(made)
    try:
        yield made
    finally:
        _MADE.reset(token)


def warm_up(keep_words: tuple[str, ...], faces: tuple[str, ...] = ("regular", "bold", "italic")) -> None:
    """Do now what the first paragraphs typeset in a process do (some 30 ms): load the fonts and
    HarfBuzz's for each face, ReportLab's for the faces but the writer's own (their tables from
    the disk cache, else parsed and stored there), thaibreak and the segmenter's tables (the
    keep-words' pattern too). A render may do it while its model is built elsewhere
    (:mod:`handouts.prefetch`); nothing is stored of the sample text (it is typeset as personal text)."""
    from handouts.typesetting.fonts import register_face
    from handouts.typesetting.spans import TextStyle

    for face in faces:
        sample = TextBlock((Span("ภาษาไทย Thai 1", TextStyle(face=face)),), leading=14.0, keep_words=keep_words,
                           private=True)  # fmt: skip
        sample.prepare()
        if face != "regular":  # (the writer's load registers the regular face)
            register_face(sample.fs.faces[face])


class TextBlock:
    """A paragraph of styled spans, typeset with shaping and word-boundary breaks."""

    def __init__(
        self,
        spans: tuple[Span, ...],
        *,
        leading: float,
        space_before: float = 0.0,
        space_after: float = 0.0,
        bullet: Span | None = None,
        indent: float = 0.0,
        keep_with_next: bool = False,
        keep_words: tuple[str, ...] = (),
        diagnostics: Diagnostics | None = None,
        where: Where | None = None,
        tag: Tag | None = None,
        private: bool = False,
        lang: str = "",
        words: bool = True,
        ragged: bool = False,
        _lines: list[tuple[Atom, ...]] | None = None,
        _run_tags: dict[int, Tag] | None = None,
    ) -> None:
        self.fs = font_set()
        # (a part of a block split across pages has the block's spans, cut by font already: cutting
        # them again per part read a long paragraph's text once per page)
        self.spans = spans if _lines is not None else split_by_font(spans, self.fs)
        self._looks: list[_Look | None] = [None] * len(self.spans)  # how each span is drawn, once known
        self.leading = leading
        self.space_before = space_before
        self.space_after = space_after
        self.bullet = bullet
        self.indent = indent
        self.keepWithNext = keep_with_next
        self.keep_words = keep_words
        self.diagnostics = diagnostics if diagnostics is not None else Diagnostics()
        self.where = where or Where()
        self.tag = tag  # what the block is in the PDF's structure (see :mod:`.marks`)
        # personal text (a patient's name, a clinician's notes): typeset afresh, never kept in the
        # disk cache or this process's memo of paragraphs (PDPA: it goes onto the page and nowhere else)
        self.private = private
        # the block's language: a span in another one (a credit printed in the article's language
        # inside a translated line) is a /Span with its /Lang in the structure ("": no such check)
        self.lang = lang
        # the text is words of a language (False: a web address, in which no Latin word is English)
        self.words = words
        # a title or a heading: ragged right, broken at word-level breaks only (greedy lines): never
        # at a compound's inner boundary nor drawn tighter or wider to fill a line (ผู้ป่วยเบา|หวาน)
        self.ragged = ragged
        self._run_tags: dict[int, Tag] = {} if _run_tags is None else _run_tags  # shared by split parts
        self._phrases: list[list[tuple[int, int, int]]] | None = None  # see _latin
        self._found: tuple[tuple[int, int], ...] = ()  # the block's Latin phrases in its text (_latin)
        self._found_ends: list[int] = []  # their ends, in order (_latin)
        self._points: list[list[int]] = []  # for each span, its phrases' starts and ends, sorted (_latin)
        self._overlap = False  # whether two of the phrases overlap (never: they are runs of different scripts)
        self._phrase_langs: dict[int, str] = {}  # a phrase's run → its language (_latin)
        self._fixed_lines = _lines
        self._lines: list[tuple[Atom, ...]] = _lines or []
        self._prep: Prepared | None = None
        self._wrapped_for: float | None = None
        _pdftext.install()  # our glyphs' ToUnicode text (idempotent); fonts stay below _pdftext in the layers
        if _lines is None:
            self._check_glyphs()
            made = _MADE.get()
            if made is not None:
                made.append(self)

    # -- text preparation ---------------------------------------------------------------
    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    def _check_glyphs(self) -> None:
        """A character no shipped font draws is an error (one, naming them all); one that only
        ReportLab's Dingbats or Symbol font has is drawn from there, with a warning (not for the
        bullet: the layout's own marker, such as a task item's box, is no text of the author's)."""
        from handouts.errors import FontError
        from handouts.typesetting import fallback

        spans = self.spans + ((self.bullet,) if self.bullet else ())
        missing: list[str] = []
        for span in spans:
            for ch in self.fs.missing(span.text, span.style.face, span.style.font):
                fb = fallback.find(ch)
                if fb is None:
                    if ch not in missing:
                        missing.append(ch)
                    continue
                if span is self.bullet:
                    continue
                self.diagnostics.warn(
                    "font.missing-glyph",
                    f"U+{ord(ch):04X} {ch!r} is not in the font {self.fs.face_of(span.style).name}"
                    + (f" (entry {self.where.entry!r})" if self.where.entry else "")
                    + f"; drawn from the fallback font {fb.font}",
                    self.where.path,
                    self.where.line,
                )
        if missing:
            entry = f" (entry {self.where.entry!r})" if self.where.entry and not self.where.line else ""
            raise FontError(f"no shipped font draws {describe(missing)}{entry}", path=self.where.path,
                            line=self.where.line,
                            hint="write the text in a supported script (Latin, Thai, Lao, Khmer, Burmese) "
                                 "or remove those characters")  # fmt: skip

    def _prepared(self) -> Prepared:
        if self._prep is None:
            if self.private:
                self._prep = prepare(self.spans, self.keep_words, self.fs, store=False)
                return self._prep
            key = (self.spans, self.keep_words)
            prep = PREPARED.get(key)
            if prep is None:
                prep = prepare(self.spans, self.keep_words, self.fs)
                PREPARED.put(key, prep, len(prep.text.text) + 64)
            self._prep = prep
        return self._prep

    def unprepared(self) -> bool:
        """Whether preparing the paragraph (:meth:`prepare`) would segment and shape it: neither
        this process's memo nor the disk cache holds it, and it may be kept there (not personal)."""
        if self._prep is not None or self.private or (self.spans, self.keep_words) in PREPARED:
            return False
        from handouts.typesetting import diskcache

        return not diskcache.has(disk_key(self.spans, self.keep_words, self.fs))

    def prepare(self) -> None:
        """Segment and shape the paragraph now (else when it is first measured)."""
        self._prepared()

    def atoms(self) -> list[Atom]:
        return list(self._prepared().atoms)

    def widest_word(self) -> float:
        """The widest piece no line may break (CSS's min-content width): an atom, or in a web address
        (one atom, printed whole where it fits) the widest piece between the points it wraps at when
        the line is narrower (a table column may be: :mod:`handouts.layout.tables`)."""
        prep = self._prepared()
        t = prep.text
        widest = 0.0
        for atom, a0, b0 in zip(prep.atoms, prep.cuts, prep.cuts[1:]):
            wraps = url_inner_breaks(t.text[a0:b0])
            if wraps:
                points = [a0, *(a0 + c for c in wraps), b0]
                widest = max(widest, *(t.trimmed(a, b) for a, b in zip(points, points[1:])))
            else:
                widest = max(widest, atom.trimmed)
        return widest

    def _fit_atoms(self, measure: float, said: list[tuple[str, str]] | None = None) -> list[Atom]:
        """Atoms, with any atom wider than the measure cut so that it fits (warned).

        First at the soft opportunities inside it (a kept-together space such as ``500 มก.``,
        or a boundary inside a compound; a number's unit the last, and a Burmese, Khmer or Lao
        counting word whole if it can be), and only if a piece is still too wide, between
        grapheme clusters inside a word, filling each line to the box edge (with a hyphen
        inside a Latin word). Linear in the atom's length. The warnings go to ``said`` (code,
        message) when given, else to the block's diagnostics.
        """

        def warn(code: str, message: str) -> None:
            if said is None:
                self.diagnostics.warn(code, message, self.where.path, self.where.line)
            else:
                said.append((code, message))

        prep = self._prepared()
        t = prep.text
        out: list[Atom] = []
        for atom, a0, b0 in zip(prep.atoms, prep.cuts, prep.cuts[1:]):
            if atom.trimmed <= measure:
                out.append(atom)
                continue
            word = t.text[a0:b0]
            soft = [a0 + c for c in break_opportunities(word, soft=True)]
            whole = [c for c in soft if not inside_counted_word(t.text, c)]  # ៥០០ |មីលីក្រាម before មី|លី
            # a word after a number that does not count it (``8108 ต่อ 3215 | ทันที``) or a number
            # after the word that names it (``โทร. | 1669``): a break fill_lines allows anyway, tried first
            labels = [c for c in whole if c in set(label_glue(t.text, a0, b0))]
            firm = [c for c in whole if c in labels or not joins_number_and_unit(t.text, c)]  # a dose keeps its unit
            tried = -1
            for points in (labels, firm, whole, soft):  # each a subset of the next: the same when as long
                if len(points) == tried:
                    continue
                tried = len(points)
                ranges = cut(t, a0, b0, points, measure, hyphens=False)
                if not any(t.trimmed(a, b) > measure for a, b in ranges):
                    break
            for a, b in ranges:
                if t.trimmed(a, b) <= measure:
                    out.append(t.atom(a, b))
                    continue
                # a Latin word at its hyphenation points (a hyphen drawn, as at any line's end), and
                # between clusters (filling the line to the box edge) only a piece still too wide:
                # es­oph­a­go­gas­tro­duo-|denoscopy, not esophagogastroduodenoscop-|y. When every
                # piece fits, the word stays whole: fill_lines breaks it at those points as it
                # would any word, the first piece after other words ("an esoph-"), not on a line
                # of its own
                points = [c for c in hyphenation_points(t.text, a, b) if t.hyphen(c) is not None]
                ranges_h = cut(t, a, b, points, measure, hyphens=True) if points else [(a, b)]
                if len(ranges_h) > 1 and all(
                    t.trimmed(c, d) + (t.hyphen(d).width if d < b else 0.0) <= measure  # type: ignore[union-attr]
                    for c, d in ranges_h
                ):
                    out.append(t.atom(a, b))
                    continue
                for c, d in ranges_h:
                    hyphen = t.hyphen(d) if d < b else None
                    if t.trimmed(c, d) + (hyphen.width if hyphen is not None else 0.0) <= measure:
                        # already cut to fill its line: never split again by fill_lines (start -1)
                        out.append(t.atom(c, d, hyphen=hyphen is not None).cut_piece())
                        continue
                    warn("typeset.word-split", f"{short(t.text[a:b])} is wider than the line and was split inside the word")
                    graphemes = [c + g for g in grapheme_breaks(t.text[c:d])]
                    for e, f in cut(t, c, d, graphemes, measure, hyphens=True):
                        out.append(t.atom(e, f, hyphen=f < d or (f == d and hyphen is not None)).cut_piece())
            wraps = set(labels).union(a0 + c for c in url_inner_breaks(word))
            if any(b not in wraps for _, b in ranges[:-1]):  # (a URL wider than the line wraps, unwarned)
                warn("typeset.glue-split",
                     f"{short(word)} is wider than the line and was broken where it is normally kept together")  # fmt: skip
        return out

    def _fill_lines(self, measure: float) -> list[tuple[Atom, ...]]:
        """The atoms fitted to the measure (:meth:`_fit_atoms`, warning as they are cut) in greedy
        lines, or total fit with fallback breaks when greedy leaves a line under-full
        (:func:`.lines.fill_lines`). Remembered per paragraph and measure, with the warnings,
        which are given again: page fitting lays the same paragraphs out several times, and a
        process renders them again (both depend only on the spans, keep-words and measure)."""
        key = (self.spans, self.keep_words, measure, self.ragged)
        hit = _LINES.get(key)
        if hit is None:
            said: list[tuple[str, str]] = []
            atoms = self._fit_atoms(measure, said)
            fill = 0.0 if self.ragged else FILL  # (no line of a ragged block is under-full)
            hit = (tuple(fill_lines(self._prepared(), atoms, measure, self.keep_words, fill)), tuple(said))
            _LINES.put(key, hit, len(atoms) + 16)
        lines, warnings = hit
        for code, message in warnings:
            self.diagnostics.warn(code, message, self.where.path, self.where.line)
        return list(lines)

    # -- Flowable protocol --------------------------------------------------------------
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        measure = availWidth - self.indent
        if self._fixed_lines is None and self._wrapped_for != measure:
            self._lines = self._fill_lines(measure)
            self._wrapped_for = measure
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.space_before

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.space_after

    def _part(self, lines: list[tuple[Atom, ...]], first: bool) -> TextBlock:
        part = TextBlock(
            self.spans,
            leading=self.leading,
            space_before=self.space_before if first else 0.0,
            space_after=0.0 if first else self.space_after,
            bullet=self.bullet if first else None,
            indent=self.indent,
            keep_with_next=False if first else self.keepWithNext,
            diagnostics=self.diagnostics,
            where=self.where,
            tag=self.tag,
            private=self.private,
            lang=self.lang,
            words=self.words,
            ragged=self.ragged,
            _lines=lines,
            _run_tags=self._run_tags,
        )
        self._latin()  # the same spans, the same phrases: found once per paragraph, not once per page
        if self._phrases is not None:
            part._phrases, part._found, part._found_ends = self._phrases, self._found, self._found_ends
            part._points, part._overlap, part._phrase_langs = self._points, self._overlap, self._phrase_langs
        return part

    def split(self, availWidth: float, availHeight: float) -> list[TextBlock]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        n = len(self._lines)
        fit = int((availHeight + 1e-6) // self.leading)
        if fit >= n:
            return [self]
        if n < 4 or fit < 2:
            return []  # too short to split without an orphan or a widow: move it whole
        fit = min(fit, n - 2)  # leave at least two lines for the next page
        return [self._part(self._lines[:fit], True), self._part(self._lines[fit:], False)]

    def line_texts(self) -> list[str]:
        """The text of each line as typeset (trailing spaces kept), for tests and dumps."""
        return ["".join(a.text for a in line) for line in self._lines]

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        """Draw with the block's bottom-left corner at (x, y) (after :meth:`wrap`), as marked
        content of the block's :attr:`tag`."""
        canv.saveState()
        canv.translate(x, y)
        with marked(canv, self.tag):
            self.draw(canv)
        canv.restoreState()

    def _run_key(self, span: Span) -> tuple[str, str] | None:
        """What makes a span part of a run: its link, else a language other than the block's."""
        if span.link is not None:
            return ("link", span.link)
        if self.lang and span.lang != self.lang:
            return ("lang", span.lang)
        return None

    def _runs(self) -> list[int | None]:
        """For each span, the index of the first span of its run: a link (spans with one URL) or
        text in another language than the block's; None for the rest."""
        runs: list[int | None] = []
        keys = [self._run_key(span) for span in self.spans]
        for i, key in enumerate(keys):
            if key is None:
                runs.append(None)
            elif i and runs[-1] is not None and keys[i - 1] == key:
                runs.append(runs[-1])
            else:
                runs.append(i)
        return runs

    def _run_tag(self, run: int, runs: list[int | None]) -> Tag | None:
        """The structure element of a run: a ``Link``, or a ``Span`` with its ``/Lang``."""
        if self.tag is None:
            return None
        tag = self._run_tags.get(run)
        if tag is None:
            if run <= _PHRASE:  # a phrase in another script than the block's (:meth:`_latin`)
                tag = self._run_tags[run] = self.tag.child("Span", lang=lang_tag(self._phrase_langs.get(run, "en")))
                return tag
            span = self.spans[run]
            if span.link is None:
                tag = self._run_tags[run] = self.tag.child("Span", lang=lang_tag(span.lang))
            else:
                text = "".join(s.text for s, r in zip(self.spans, runs) if r == run)
                tag = self._run_tags[run] = self.tag.child("Link", alt=" ".join(text.split()))
        return tag

    def _label_tag(self) -> Tag | None:
        """A list item's marker is its ``Lbl`` (the block itself is the item's ``LBody``)."""
        if self.tag is None or self.tag.role != "LBody" or self.tag.parent is None:
            return None
        tag = self._run_tags.get(-1)
        if tag is None:
            tag = self._run_tags[-1] = self.tag.parent.child("Lbl")
        return tag

    def draw(self, canv: Any) -> None:
        max_size = max((s.style.size for s in self.spans), default=12.0)
        runs = self._runs()
        for i, line in enumerate(self._lines):
            top = self.height - i * self.leading
            baseline = top - (self.leading + 0.7 * max_size) / 2
            if i == 0 and self.bullet is not None:
                b = self.bullet
                face = self.fs.face_of(b.style)
                run = shape(b.text, face)
                bx = self.indent - run.width(b.style.size * face.scale) - 0.4 * b.style.size
                with marked(canv, self._label_tag()):
                    _pdftext.draw_line(canv, 0.0, baseline, [_pdftext.Piece(run, face, b.style.size * face.scale,
                                                                             hex_to_rgb(b.style.color), bx)])  # fmt: skip
            segs = self._segments(line, runs)
            if len(segs) == 1:
                self._draw_segment(canv, segs[0], runs, baseline, max_size)
                continue
            # the line's text first, then its outlines, each in its segment's marked content
            # (see _pdftext.draw_line)
            later = [self._draw_segment(canv, seg, runs, baseline, max_size, later=True) for seg in segs]
            for seg, outlines in zip(segs, later):
                if outlines:
                    with marked(canv, None if seg.run is None else self._run_tag(seg.run, runs)):
                        _pdftext.draw_outlines(canv, outlines)

    def _segments(self, line: tuple[Atom, ...], runs: list[int | None]) -> tuple[_Segment, ...]:
        """The line's pieces placed and merged, one segment per run (a link, other-language text)
        or stretch outside any run. Remembered per line and runs (lines are shared: page fitting
        and every render of a paragraph at one measure get the same line objects, and a line
        belongs to one paragraph's spans; its runs depend on the block's language too)."""
        phrases = self._latin()
        if phrases is not None and not self._has_phrase(line):
            phrases = None  # (most lines: drawn as without phrases, at that cost)
        key = (id(line), self.indent, tuple(runs), phrases is not None)
        hit = _SEGMENTS.get(key)
        if hit is not None and hit[0] is line:
            return hit[1]
        out: list[_Segment] = []
        looks = self._looks
        pieces: list[_pdftext.Piece] = []  # of the segment, joined
        rules: list[tuple[tuple[float, float, float], float, float, float, float]] = []
        group: list[Drawn] = []  # parts of one face, size and colour, one after the other
        widths: list[float] = []
        current: int | None = None
        x = x0 = gx = end = self.indent
        face: Face | None = None
        size = 0.0
        color = (0.0, 0.0, 0.0)
        last = len(line) - 1
        for k, atom in enumerate(line):
            # a line-final space is drawn too (it is invisible): the text layer and the
            # structure tree then read "persist after", not "persistafter"; a line-final
            # hyphen of a word cut here is drawn (a soft hyphen in the text layer)
            parts = atom.drawn()
            hyphen = drawn(atom.hyphen) if k == last and atom.hyphen is not None else None
            if phrases is not None:
                parts = [sub for part in parts for sub in self._by_phrase(part, phrases, runs)]
            if hyphen is not None:
                parts.append(hyphen)
            for part in parts:
                src, p_face, width = part[0], part[2], part[9]
                p_size, p_color, rule = looks[src] or self._look(src, p_face)
                run = runs[src]
                if phrases is not None and run is None:  # (a word's hyphen is in the word's phrase)
                    run = current if part is hyphen and group else self._phrase_of(part, phrases)
                if group and run != current:  # one segment per run (a link, other-language text) or stretch outside one
                    pieces.append(_joined(group, widths, gx, size, color))
                    out.append(_Segment(current, pieces, tuple(rules), x0, end))
                    pieces, rules, group, widths = [], [], [], []
                    x0 = x
                elif group and not (abs(end - x) < 1e-6 and p_face is face and p_size == size and p_color == color):
                    pieces.append(_joined(group, widths, gx, size, color))
                    group, widths = [], []
                if not group:
                    gx, face, size, color = x, p_face, p_size, p_color
                current = run
                if rule is not None and not part[8]:
                    rules.append((p_color, rule[0], x, x + width, rule[1]))
                group.append(part)
                widths.append(width)
                end = x + width
                x += width
        if group:
            pieces.append(_joined(group, widths, gx, size, color))
            out.append(_Segment(current, pieces, tuple(rules), x0, end))
        segs = tuple(out)
        _SEGMENTS.put(key, (line, segs), len(line) + 16)
        return segs

    def _latin(self) -> list[list[tuple[int, int, int]]] | None:
        """For each span, its phrases in another language (start, end, run: :data:`_PHRASE` and
        below, one per phrase) when the block is tagged, else None: Latin phrases in a block of
        another script, and Thai, Lao, Khmer or Burmese words in a block of another script
        (:func:`.phrases.foreign_phrases`). A phrase is then a ``Span`` with its own ``/Lang``
        (PDF/UA-1 marks a change of language). Spans in another language than the block's, and
        links, have their own runs."""
        if not self.words or self.tag is None or self.tag.is_artifact or self.tag.role == "Code":
            return None
        if self._phrases is None:
            language = self._language()
            # found in the block's whole text (a web address may be drawn in several spans), then
            # cut at the spans: a phrase in two spans (a word of it in bold) is one run still
            runs = self._runs()
            found = foreign_phrases("".join(span.text for span in self.spans), language) if language else ()
            self._found = tuple((a, b) for a, b, _ in found)
            # the phrases are runs of different scripts, in order, none overlapping: their ends are in order
            # too, and a long paragraph's thousands are found by bisection (a linear scan per line and per
            # piece made a 300,000-character paragraph take a minute)
            self._found_ends = [b for _, b in self._found]
            if any(b > a for (_, b), (a, _) in zip(self._found, self._found[1:])):
                self._found_ends = sorted(self._found_ends)  # (never: but then every phrase is looked at)
                self._overlap = True
            self._phrase_langs = {_PHRASE - k: x for k, (_, _, x) in enumerate(found)}
            out: list[list[tuple[int, int, int]]] = []
            start = 0
            for span, run in zip(self.spans, runs):
                end = start + len(span.text)
                # the phrases that overlap the span, found by bisection (a long paragraph has thousands)
                first = 0 if self._overlap else bisect.bisect_right(self._found_ends, start)
                last = len(found) if self._overlap else bisect.bisect_left(self._found, (end, end), first)
                out.append([] if run is not None else [(max(a, start) - start, min(b, end) - start, _PHRASE - k)
                                                       for k, (a, b, _) in enumerate(found[first:last], first)
                                                       if a < end and start < b])  # fmt: skip
                start = end
            self._phrases = out
            self._points = [sorted({p for a, b, _ in spans for p in (a, b)}) for spans in out]
        return self._phrases if any(self._phrases) else None

    def _has_phrase(self, line: tuple[Atom, ...]) -> bool:
        """Whether a Latin phrase of the block (:meth:`_latin`) is on ``line``, or may be."""
        a, b = line[0].range[0], line[-1].range[1]
        if a < 0 or b < 0:
            return True
        if self._overlap:
            return any(x < b and a < y for x, y in self._found)
        k = bisect.bisect_right(self._found_ends, a)  # the first phrase ending after a (ends are in order)
        return k < len(self._found) and self._found[k][0] < b

    def _language(self) -> str:
        """The block's language: its own, else its structure element's (the nearest ``/Lang``:
        an untranslated entry's, a bilingual column's), else its first span's."""
        if self.lang:
            return self.lang
        tag = self.tag
        while tag is not None:
            if tag.lang:
                return tag.lang
            tag = tag.parent
        return self.spans[0].lang if self.spans else ""

    def _by_phrase(self, part: Drawn, phrases: list[list[tuple[int, int, int]]],
                   runs: list[int | None]) -> list[Drawn]:  # fmt: skip
        """The part cut where a Latin phrase of its span begins or ends inside it (the cuts fall
        between clusters: a phrase begins and ends at a Latin letter next to another script's
        character, or a space or bracket), each cut measured as the line measured it."""
        src, span, run, t0, t1 = part[0], part[1], part[3], part[6], part[7]
        if runs[src] is not None or not phrases[src] or len(run.text) != len(self.spans[src].text):
            return [part]
        points = self._points[src]
        cuts = points[bisect.bisect_right(points, t0) : bisect.bisect_left(points, t1)]
        if not cuts:
            return [part]
        index = run_index(run)
        at, units = index.at, index.units
        size = (self._looks[src] or self._look(src, part[2]))[0]
        starts = glyph_starts(run)
        if any(starts[at[p]] != p for p in cuts):
            return [part]  # (not between clusters: drawn whole)
        out: list[Drawn] = []
        left = part[9]
        edges = [t0, *cuts, t1]
        for a, b in zip(edges, edges[1:]):
            width = left if b == t1 else (units[b] - units[a]) * size / run.upem
            left -= width
            g0 = part[4] if a == t0 else at[a]
            g1 = part[5] if b == t1 else at[b]
            out.append((src, span, part[2], run, g0, g1, a, b, part[8], width))
        return out

    def _phrase_of(self, part: Drawn, phrases: list[list[tuple[int, int, int]]]) -> int | None:
        """The Latin phrase run a part (cut by :meth:`_by_phrase`) is in, or None."""
        if len(part[3].text) != len(self.spans[part[0]].text):
            return None  # (a piece of a word cut at the box edge: its offsets are the piece's)
        a, b = part[6], part[7]
        spans = phrases[part[0]]
        if self._overlap:
            return next((run for start, end, run in spans if start <= a and b <= end), None)
        k = bisect.bisect_right(spans, (a, _AFTER, _AFTER)) - 1  # (in order, none overlapping: the last one starting at a or before)
        if k >= 0 and spans[k][0] <= a and b <= spans[k][1]:
            return spans[k][2]
        return None

    def _look(self, src: int, face: Face) -> _Look:
        """(size, colour, the rule under it: width and depth, or None) of span ``src``'s parts
        (a piece of a span, or its hyphen, has the span's style)."""
        style = self.spans[src].style
        ruled = self.spans[src].link or style.underline
        look = (style.size * face.scale, hex_to_rgb(style.color),
                (max(0.5, style.size / 20), style.size * 0.12) if ruled else None)  # fmt: skip
        self._looks[src] = look
        return look

    def _draw_segment(self, canv: Any, seg: _Segment, runs: list[int | None], baseline: float,
                      max_size: float, later: bool = False) -> str:  # fmt: skip
        """Pieces of one line that are one run (or outside any): one marked-content sequence, and for
        a link one link annotation over them whose ``/Contents`` is the link's text. With ``later``
        its outlines are returned, not drawn (:func:`._pdftext.draw_line`)."""
        run = seg.run
        with marked(canv, None if run is None else self._run_tag(run, runs)):
            for color, width, x0, x1, drop in seg.rules:
                canv.saveState()
                canv.setStrokeColorRGB(*color)
                canv.setLineWidth(width)
                uy = baseline - drop
                canv.line(x0, uy, x1, uy)
                canv.restoreState()
            outlines = _pdftext.draw_line(canv, 0.0, baseline, seg.pieces, later=later)
            link = None if run is None or run < 0 else self.spans[run].link
            if link is not None:
                text = "".join(s.text for s, r in zip(self.spans, runs) if r == run)
                marker(canv).link(canv, link, (seg.x0, baseline - 0.25 * max_size, seg.x1, baseline + 0.8 * max_size),
                                  " ".join(text.split()))  # fmt: skip
        return outlines


_PHRASE = -2  # the run of a block's first Latin phrase; the next ones count down (-1: a list label)
_AFTER = 1 << 62  # greater than any offset or run: a bisection key that sorts after every phrase starting at its offset


@dataclasses.dataclass(frozen=True, slots=True)
class _Segment:
    """Pieces of a line that are one run (``run``: its first span; see ``TextBlock._runs``) or
    outside any, ready to draw."""

    run: int | None
    pieces: list[_pdftext.Piece]  # merged (:func:`_merge`), x from the block's left edge
    rules: tuple[tuple[tuple[float, float, float], float, float, float, float], ...]  # underlines: colour,
    # width, x0, x1, how far under the baseline
    x0: float
    x1: float


def _joined(group: list[Drawn], widths: list[float], x: float, size: float, color: tuple[float, float, float]) -> _pdftext.Piece:
    """One run of the group's parts (of one face, size and colour, one after the other), placed
    at ``x``: fewer text operators.

    Each word was shaped alone (that is what was measured); the joined run is the words'
    glyphs in sequence, so every glyph lands exactly where it did before. Consecutive parts of
    one shaped span are one slice of its glyphs: a line is drawn without slicing every word.
    """
    # consecutive parts of one run that follow each other: one slice of it
    slices: list[list[Any]] = []  # [run, g0, g1, t0, t1]
    for part in group:
        run, g0, g1, t0, t1 = part[3], part[4], part[5], part[6], part[7]
        last = slices[-1] if slices else None
        if last is not None and last[0] is run and last[2] == g0 and last[4] == t0:
            last[2], last[4] = g1, t1
        else:
            slices.append([run, g0, g1, t0, t1])
    face = group[0][2]
    if len(slices) == 1 and slices[0][1] == 0 and slices[0][2] == len(slices[0][0].glyphs) \
            and slices[0][3] == 0 and slices[0][4] == len(slices[0][0].text):  # fmt: skip
        joined = slices[0][0]  # a whole run
    else:
        idents = tuple(r.ident if g0 == 0 and g1 == len(r.glyphs) and t0 == 0 and t1 == len(r.text)
                       else f"{r.ident}\x1e{t0}:{t1}" for r, g0, g1, t0, t1 in slices)  # fmt: skip
        key = (face.name, idents)
        hit = _MERGED.get(key)
        if hit is None:
            glyphs = tuple(g for r, g0, g1, _, _ in slices for g in r.glyphs[g0:g1]) if len(slices) > 1 \
                else slices[0][0].glyphs[slices[0][1] : slices[0][2]]  # fmt: skip
            text = "".join(r.text[t0:t1] for r, _, _, t0, t1 in slices)
            first = slices[0][0]
            hit = ShapedRun(text, first.face, glyphs, first.upem, "\x1f".join(idents))
            _MERGED.put(key, hit, len(glyphs) + 16)
        joined = hit
    return _pdftext.Piece(joined, face, size, color, x, sum(widths) if len(widths) > 1 else widths[0])


# a line's segments (costed in atoms), by the line's identity (the entry keeps the line alive)
_SEGMENTS: Memo[tuple[int, float, tuple[int | None, ...], bool], tuple[tuple[Atom, ...], tuple[_Segment, ...]]] = Memo(budget=1_000_000)
# a paragraph's lines at one measure (costed in atoms): page fitting and footers re-wrap them
_LINES: Memo[tuple[tuple[Span, ...], tuple[str, ...], float, bool],
             tuple[tuple[tuple[Atom, ...], ...], tuple[tuple[str, str], ...]]] = Memo(budget=2_000_000)  # fmt: skip
# joined runs by face and the (sliced) runs they join, costed in glyphs
_MERGED: Memo[tuple[str, tuple[str, ...]], ShapedRun] = Memo(budget=2_000_000)


def as_flowable(block: TextBlock) -> Any:
    """Wrap a :class:`TextBlock` as a ReportLab platypus ``Flowable`` (platypus imported lazily).

    The pipeline lays pages out itself; this adapter is for using the typesetter inside a
    ``SimpleDocTemplate`` (tests, benchmarks, other ReportLab programs).
    """
    from reportlab.platypus.flowables import Flowable

    class _TextFlowable(Flowable):  # type: ignore[misc]
        def __init__(self, b: TextBlock) -> None:
            super().__init__()
            self.block = b
            self.keepWithNext = b.keepWithNext

        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return self.block.wrap(aw, ah)

        def split(self, aw: float, ah: float) -> list[Any]:
            return [_TextFlowable(p) for p in self.block.split(aw, ah)]

        def getSpaceBefore(self) -> float:  # noqa: N802
            return self.block.space_before

        def getSpaceAfter(self) -> float:  # noqa: N802
            return self.block.space_after

        def draw(self) -> None:
            self.block.draw(self.canv)

    return _TextFlowable(block)
