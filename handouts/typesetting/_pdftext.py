"""Shaped glyphs → PDF text operators whose text layer extracts to the exact source characters.

This is the only module that relies on ReportLab internals, kept small on purpose:

* ``TTFont.splitString`` / ``getSubsetInternalName`` assign a one-byte code to each code point
  and register the font subset with the document (what ReportLab's own canvas does);
* ``TTFontFace.charToGlyph`` / ``charWidths`` learn a private code point for every shaped
  glyph that is not the font's nominal glyph for its character (what ReportLab's own
  HarfBuzz path does in ``TTFont.__addPrivate``);
* ``ttfonts.makeToUnicodeCMap`` is wrapped so those private code points map to the source
  text the glyph stands for, per occurrence (ReportLab would map them to U+F0000…, which is
  why its shaping loses Thai tone marks in copy/paste).

Glyphs that HarfBuzz moves with an offset (a tone mark pushed left over an upper vowel) are
drawn as outlines at their shaped place, and their text is written once, invisibly (render
mode 3), at the pen position: extractors then see no gap and no reordering (pypdf would
otherwise read the TJ displacement as a space). Glyphs that stand for no character (the
NIKHAHIT of a decomposed SARA AM) are drawn as outlines only.

``tests/typesetting/test_reportlab_contract.py`` fails if a ReportLab upgrade breaks any of this.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handouts.typesetting import fallback as fb
from handouts.typesetting._memo import Memo
from handouts.typesetting.fonts import Face, register_face
from handouts.typesetting.pathpen import glyph_path
from handouts.typesetting.shaping import Glyph, ShapedRun

# A phantom (the text of combining marks, :mod:`.textmap`) is the font's empty zero-width glyph
# written PHANTOM_INSET em back inside the glyph before it (poppler and PDFium reorder a
# zero-width character placed exactly where the next letter starts; PDFium drops one that is
# alone in a text object, see _keep_phantoms_company).
PHANTOM_INSET = 0.02
# ...and is 1/1000 em wide in /Widths (the NULL glyph's own width is 0, within PDF/A's width
# tolerance of one unit): PDFium finds no character in a box of zero width when text is read
# by area (FPDFText_GetBoundedText); pdf.js ignores a mark's width, so its pen drifts by only
# this much per phantom.
PHANTOM_WIDTH = 1
_PUA_START = 0xF0000  # Supplementary Private Use Area-A: never in Sarabun, never used by ReportLab
_PUA_TEXT: dict[int, str] = {}
_PUA_BY_KEY: dict[tuple[str, int, str], int] = {}
_next_pua = _PUA_START
_installed = False


def install() -> None:
    """Wrap ReportLab's ToUnicode writer once per process."""
    global _installed
    if _installed:
        return
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap

    made: Memo[tuple[str, tuple[int, ...]], str] = Memo(budget=256)

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        # a private code's text never changes in a process: the map is a function of its arguments
        key = (fontname, tuple(subset))
        hit = made.get(key)
        if hit is None:
            hit = to_unicode_cmap(fontname, subset)
            made.put(key, hit)
        return hit

    def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        cmap: str = original(fontname, [c if c < 0x10000 else 0 for c in subset])
        lines = cmap.split("\n")
        if any(c in _PUA_TEXT for c in subset):
            _pua_entries(lines, subset)
        # a code that stands for no character (ReportLab's code 0) gets no entry: U+0000 is not
        # a character, and PDF/A-2 and PDF/UA-1 forbid it as a ToUnicode value
        kept = [line for line in lines if not line.endswith("> <0000>")]
        if len(kept) < len(lines):
            dropped = len(lines) - len(kept)
            kept = [_recount(line, dropped) if line.endswith(" beginbfchar") else line for line in kept]
        return "\n".join(kept)

    def _pua_entries(lines: list[str], subset: list[int]) -> None:
        where = {line: k for k, line in enumerate(lines)}
        for i, code in enumerate(subset):
            text = _PUA_TEXT.get(code)
            if text is not None:
                old = "<%02X> <0000>" % i
                new = "<%02X> <%s>" % (i, text.encode("utf-16-be").hex().upper())
                lines[where[old]] = new

    make_to_unicode_cmap.__wrapped__ = original  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
    _memoize_writer()
    _format_widths_at_once()
    _installed = True


def _recount(line: str, dropped: int) -> str:
    """``204 beginbfchar`` → ``203 beginbfchar`` when one entry was dropped."""
    n, word = line.split(" ", 1)
    return f"{int(n) - dropped} {word}"


_MEMO_LIMIT = 64 * 1024 * 1024  # bytes of compressed streams and font subsets kept per process


_DEFLATED: OrderedDict[bytes, bytes] = OrderedDict()  # stream → its Flate compression, in this process
_SUBSETS: Memo[tuple[str, tuple[int, ...]], bytes] = Memo(budget=512)  # (font file, codes) → its TrueType subset


def _memoize_writer() -> None:
    """Remember the two pure, costly steps of writing a PDF: Flate compression of a stream and
    the TrueType subset of a font, keyed by their exact input. A process that renders the same
    handout again (a batch worker, a test run, a server) then writes it at the cost of the
    layout alone; the bytes are identical either way. A font subset and its compression come
    from the disk cache when it holds them (:func:`.rlfonts.font_subset`)."""
    import zlib

    from reportlab.pdfbase import pdfdoc, ttfonts

    from handouts.typesetting.rlfonts import FLATE_LEVEL, font_subset

    compressed = _DEFLATED
    size = [0]

    def remember(data: bytes, hit: bytes) -> None:
        if not compressed:
            size[0] = 0  # (emptied by a test that starts afresh)
        compressed[data] = hit
        size[0] += len(data) + len(hit)
        while size[0] > _MEMO_LIMIT and compressed:
            old, old_hit = compressed.popitem(last=False)
            size[0] -= len(old) + len(old_hit)

    def encode(text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        hit = compressed.get(data)
        if hit is None:
            hit = zlib.compress(data, FLATE_LEVEL)
            remember(data, hit)
        return hit

    pdfdoc.PDFZCompress.encode = encode  # the one Flate filter instance every stream uses

    original_subset = ttfonts.TTFontFace.makeSubset
    subsets = _SUBSETS

    def make_subset(self: Any, subset: list[int]) -> bytes:
        # the subset's glyphs follow from the code points; ours are allocated per (glyph, text)
        # and never reused for another glyph in a process, so the key is exact
        key = (self.filename, tuple(subset))
        hit = subsets.get(key)
        if hit is None:
            hit, deflated = font_subset(self, subset, original_subset)  # (from the disk cache)
            subsets.put(key, hit)
            if deflated is not None and hit not in compressed:
                remember(hit, deflated)  # the font file's stream is compressed next
        return hit

    make_subset.__wrapped__ = original_subset  # type: ignore[attr-defined]
    ttfonts.TTFontFace.makeSubset = make_subset


def _format_widths_at_once() -> None:
    """Write each font subset's ``/Widths`` (up to 256 numbers) with one ``fp_str`` call per ten
    numbers instead of ReportLab's formatting of every number on its own (a thousand calls per
    Thai handout): the same bytes, ReportLab's line break after every ten numbers included."""
    from reportlab.pdfbase import pdfdoc, ttfonts

    original = ttfonts.TTFont.addObjects

    def add_objects(self: Any, doc: Any) -> None:
        original(self, doc)
        for font in doc.idToObject["BasicFonts"].dict.values():
            widths = getattr(font, "Widths", None)
            if type(widths) is pdfdoc.PDFArray:
                widths.__class__ = _numbers_class()

    add_objects.__wrapped__ = original  # type: ignore[attr-defined]
    ttfonts.TTFont.addObjects = add_objects


@functools.cache
def _numbers_class() -> Any:
    from reportlab import rl_config
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase import pdfdoc

    class Numbers(pdfdoc.PDFArray):  # type: ignore[misc]
        """A ``PDFArray`` of numbers, formatted ten at a time (as ``PDFArray.format`` lays them out)."""

        def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803 (ReportLab's name)
            seq = self.sequence
            if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced" or not all(
                    type(v) in (int, float) for v in seq):  # fmt: skip
                return bytes(super().format(document, IND))
            return b"[ " + b" \n  ".join([fp_str(*seq[i : i + 10]).encode() for i in range(0, len(seq), 10)]) + b" ]"

    return Numbers


def code_point(rl_font: Any, face: Face, gid: int, text: str, advance: int | None = None) -> int:
    """The code point to hand ReportLab for drawing glyph ``gid`` that stands for ``text``.

    ``advance`` (font units) overrides the glyph's own width: a missing character is written
    invisibly with the space glyph at the width of the fallback glyph drawn in its place.
    """
    global _next_pua
    rl_face = rl_font.face
    if advance is None and len(text) == 1 and rl_face.charToGlyph.get(ord(text)) == gid:
        return ord(text)
    key = (face.name, gid, text if advance is None else f"{text}\0{advance}")
    code = _PUA_BY_KEY.get(key)
    if code is None:
        code = _next_pua
        _next_pua += 1
        _PUA_BY_KEY[key] = code
        _PUA_TEXT[code] = text
        rl_face.charToGlyph[code] = gid
        hb_adv = face.hb_font.get_glyph_h_advance(gid) if advance is None else advance  # type: ignore[attr-defined]
        rl_face.charWidths[code] = hb_adv * 1000.0 / face.upem
    return code


def forget_fonts() -> None:
    """Forget what was registered in ReportLab's font objects (private code points, and the plans
    and operators made of them), for a process that makes them anew (tests that start afresh).
    Private code points are never reused, so the font-subset memo stays exact."""
    _PUA_BY_KEY.clear()
    _ALIASES.clear()
    _PLANS.clear()
    _ROWS.clear()
    _PIECE_OPS.clear()


_NULL_GLYPHS: dict[str, int] = {}


def _null_glyph(face: Face) -> int:
    """The font's empty glyph of zero width (TrueType's ``NULL``, glyph 1 by convention; else
    ZERO WIDTH SPACE's): what a phantom is drawn with."""
    gid = _NULL_GLYPHS.get(face.name)
    if gid is None:
        font = face.hb_font
        candidates = [1, int(font.get_nominal_glyph(0x200B) or 0)]  # type: ignore[attr-defined]
        gid = next((g for g in candidates if g and font.get_glyph_h_advance(g) == 0 and not _drawn(face, g)), 0)  # type: ignore[attr-defined]
        if not gid:
            from handouts.errors import FontError

            raise FontError(f"the font {face.name} has no empty zero-width glyph (NULL or U+200B) for the text layer",
                            hint="use a TrueType font with a NULL glyph")
        _NULL_GLYPHS[face.name] = gid
    return gid


def _drawn(face: Face, gid: int) -> bool:
    return bool(glyph_path(face, gid))


def _blank_glyph(face: Face) -> int:
    gid = face.hb_font.get_nominal_glyph(ord(" "))  # type: ignore[attr-defined]
    return int(gid or 0)


def _fallback_path(fallback: str) -> str:
    """The path of a glyph drawn in place of a missing character (in :data:`.fallback.UNITS`)."""
    font, name = fallback.split(":", 1)
    return fb.outline(font, name)


def _outline(face: Face, gid: int) -> str:
    """A glyph form's path: the glyph's outline, filled."""
    return glyph_path(face, gid) + " f"


@dataclass(frozen=True, slots=True)
class Piece:
    """A shaped run placed on a line: ``x`` from the line start, in points."""

    run: ShapedRun
    face: Face
    size: float
    color: tuple[float, float, float]
    x: float
    width: float = 0.0  # points (the run's advance at this size)


def _fmt(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


# Per shaped run, for each glyph, a row (see :class:`_Row`), independent of the document.
_Row = tuple[int | None, str, str, int, int, int, int, str, bool, str, str]
# (code point or None for outline-only, TJ correction after it, glyph form ('' when drawn as
# text), x offset, y offset, outline units per em, advance, phantom inset ('' unless a phantom),
# plain (drawn as text: a code, no form, no phantom), the form's ``cm``-tail (`` cm /FormXob.x Do Q``),
# the phantom's TJ item after it)


@dataclass(frozen=True, slots=True)
class _Planned:
    """A shaped run's rows for the text layer, its code points and which of them are phantoms."""
    rows: list[_Row]
    codes: tuple[int, ...]  # the code points of the rows that have one, in order
    phantoms: tuple[bool, ...]  # for each of those: is it a phantom


_PLANS: Memo[tuple[str, str], _Planned] = Memo(budget=2_000_000)  # costed in glyphs


def _plan(rl_font: Any, piece: Piece) -> _Planned:
    key = (piece.face.name, piece.run.ident)
    planned = _PLANS.get(key)
    if planned is None:
        face = piece.face
        known = _ROWS.get(face.name)
        if known is None or len(known) > 50_000:
            known = _ROWS[face.name] = {}
        plan: list[_Row] = []
        last = 0  # advance of the last spacing glyph: a phantom is written inside its box
        for g in piece.run.glyphs:
            # a glyph's row depends on the glyph (and a phantom's on the spacing glyph before it)
            k = (g.text, last) if g.phantom else (g.gid, g.text, g.advance, g.x_offset, g.y_offset, g.fallback,
                                                  g.pdf_advance)  # fmt: skip
            row = known.get(k)
            if row is None:
                row = known[k] = _row(rl_font, face, g, last)
            plan.append(row)
            if g.advance and not g.phantom:
                last = g.advance
        coded = [row for row in plan if row[0] is not None]
        planned = _Planned(plan, tuple(row[0] for row in coded if row[0] is not None), tuple(bool(r[7]) for r in coded))
        _PLANS.put(key, planned, len(plan) + 16)
    return planned


_ROWS: dict[str, dict[tuple[object, ...], _Row]] = {}  # by face


def _row(rl_font: Any, face: Face, g: Glyph, last: int) -> _Row:
    """One glyph's row (see :data:`_Row`); ``last``: the advance of the spacing glyph before a phantom."""
    upem = units = face.upem
    if g.phantom:
        # drawn with the font's empty zero-width glyph (its PDF width is the font's: PDF/A),
        # in visible text mode, so it stays inside the line's one TJ (a separate
        # invisible text object makes PDFium add spaces)
        inset = round(min(last / 2, PHANTOM_INSET * upem))
        code = code_point(rl_font, face, _null_glyph(face), g.text, PHANTOM_WIDTH)
        back = _fmt(inset * 1000.0 / upem)
        return (code, "", "", 0, 0, units, 0, back, False, "", _fmt(PHANTOM_WIDTH * 1000.0 / units - float(back)))
    if g.fallback:
        units = fb.UNITS
        path = _form_key(g.fallback, functools.partial(_fallback_path, g.fallback), fb.font_file(g.fallback))
    elif not g.text or g.x_offset != 0 or g.y_offset != 0 or g.pdf_advance is not None:
        # (a glyph whose text spans a wider box than its own is drawn as an outline and its
        # text written invisibly: PDF/A wants a visible glyph's PDF width to be the font's)
        path = _form_key(f"{face.name}:{g.gid}", functools.partial(_outline, face, g.gid), str(face.path))
    else:
        path = ""
    do = f" cm /{_xobject_name(path)} Do Q" if path else ""
    if g.text:
        # a character drawn from a fallback font (an outline) is written invisibly with the
        # font's space glyph (never .notdef, glyph 0, which PDF/A-2 forbids in text operators)
        # at the fallback glyph's advance: a TJ correction making up the advance would be a gap
        # that extractors read as a space ("✓ ok" for "✓ok"); invisible text (3 Tr) is not
        # rendered, so PDF/A-2's width consistency (6.2.11.5) does not apply to it
        gid = _blank_glyph(face) if g.fallback else g.gid
        code = code_point(rl_font, face, gid, g.text, g.text_advance if g.fallback else g.pdf_advance)
        # the viewer advances by the PDF width; correct to HarfBuzz's advance
        delta = rl_font.face.charWidths.get(code, 0) * upem / 1000.0 - g.text_advance
        corr = _fmt(delta * 1000.0 / upem) if delta else ""
        return (code, corr, path, g.x_offset, g.y_offset, units, g.advance, "", not path, do, "")
    adv = _fmt(-g.text_advance * 1000.0 / upem) if g.text_advance else ""
    return (None, adv, path, g.x_offset, g.y_offset, units, g.advance, "", False, do, "")


def _xobject_name(form: str) -> str:
    """The document's name of a form (``doc.getXObjectName``: the same in every document)."""
    from reportlab.pdfbase import pdfdoc

    name: str = pdfdoc.xObjectName(form)
    return name


# Outlines are drawn through one Form XObject per glyph and document (drawn with `Do`), so a
# page's stream holds a reference per mark instead of its whole path.
_FORM_PATHS: dict[str, str | Callable[[], str]] = {}  # a form's path, or what makes it
_FORM_FILES: dict[str, str] = {}  # the font file a form's glyph comes from
_FORM_NAMES: dict[str, str] = {}


def _form_key(what: str, path: Callable[[], str], font_file: str) -> str:
    """The form's name, derived from what it draws (``Sarabun-Bold:736`` → ``hg_Sarabun-Bold_736``):
    a name that depended on the order of first use would make the bytes depend on what the
    process rendered before. ``path`` makes its path when the form is written without the disk
    cache's (:func:`_form_streams`)."""
    name = _FORM_NAMES.get(what)
    if name is None:
        name = _FORM_NAMES[what] = "hg_" + "".join(c if c.isalnum() or c in "-_." else "_" for c in what)
        _FORM_PATHS[name] = path
        _FORM_FILES[name] = font_file
    return name


def _form_path(name: str) -> str:
    path = _FORM_PATHS[name]
    if not isinstance(path, str):
        path = _FORM_PATHS[name] = path()
    return path


def _use_forms(canvas: Any, names: tuple[str, ...]) -> None:
    """Define (once per document) and reference the glyph forms a piece draws."""
    from reportlab.pdfbase import pdfdoc

    in_use = canvas._formsinuse  # the page's list (a new one per page); each name once is enough
    seen = canvas.__dict__.get("_handouts_forms")
    if seen is None or seen[0] is not in_use:
        seen = canvas._handouts_forms = (in_use, set(in_use))
    for name in names:
        if name in seen[1]:
            continue
        seen[1].add(name)
        if not canvas.hasForm(name):
            # built directly rather than with canvas.beginForm, whose preamble would pull the
            # canvas' default font (Helvetica) into the document
            form = _glyph_form_class()(-3000, -3000, 4000, 4000)
            form.Resources = pdfdoc.PDFDictionary({})
            form.compression = canvas._pageCompression
            form.stream = None  # its path is made (or its compressed stream read) when written
            form.path = name
            canvas._doc.addForm(name, form)
        in_use.append(name)


_FORM_BYTES: dict[tuple[object, ...], bytes] = {}
# the bytes of a glyph form around its stream data, per writer setting (see _form_template)
_FORM_TEMPLATES: dict[tuple[object, ...], tuple[bytes, bytes, bytes] | None] = {}


@functools.cache
def _glyph_form_class() -> Any:
    """ReportLab's form XObject, its written bytes remembered: a glyph's form is the same object
    in every document (its path, the compression and the writer's settings make the bytes).

    Every glyph form has the same dictionary but for ``/Length``: the first one a process writes
    is written by ReportLab, the others into its bytes (:func:`_form_template`), which spares
    ReportLab's generic dictionary formatting for the forty-odd forms of a Thai handout; their
    compressed streams come from the disk cache, all of a document's at once (:func:`_form_streams`)."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    class GlyphForm(pdfdoc.PDFFormXObject):  # type: ignore[misc]
        path = ""

        def format(self, document: Any) -> bytes:
            if type(document.encrypt) is not pdfdoc.NoEncryption:
                return bytes(self._reportlab(document))
            config = (self.compression, rl_config.useA85, repr(document.defaultStreamFilters), pdfdoc.PDFStream.format,
                      pdfdoc.PDFZCompress.encode)  # fmt: skip
            key = (self.path, *config)  # (a form's name stands for one path in a process)
            hit = _FORM_BYTES.get(key)
            if hit is None:
                if len(_FORM_BYTES) > 4096:
                    _FORM_BYTES.clear()
                template = _FORM_TEMPLATES.get(config)
                # (only Flate alone has a template: the data is then the compressed path)
                if template is not None and self.compression and not rl_config.useA85:
                    data = _form_streams(document, type(self)).get(self.path)
                    if data is None:
                        if self.stream is None:
                            self.setStreamList([_form_path(self.path)])
                        data = pdfdoc.PDFZCompress.encode(self.stream)
                    hit = b"%s%d%s%s%s" % (template[0], len(data), template[1], data, template[2])
                else:
                    hit = bytes(self._reportlab(document))
                    if config not in _FORM_TEMPLATES and self.compression and not rl_config.useA85:
                        _FORM_TEMPLATES[config] = _form_template(hit, pdfdoc.PDFZCompress.encode(self.stream))
                _FORM_BYTES[key] = hit
            return hit

        def _reportlab(self, document: Any) -> Any:
            if self.stream is None:
                self.setStreamList([_form_path(self.path)])
            return super().format(document)

    return GlyphForm


FORMS_FORMAT = 1  # bump when what _form_streams stores changes


def _form_streams(document: Any, form_class: Any) -> dict[str, bytes]:
    """The Flate-compressed streams of all the document's glyph forms, by name: one disk-cache
    entry keyed by their names and fonts (drawing forty outlines through HarfBuzz and
    compressing them costs a fresh process 2.5 ms); made and stored when missing, empty when
    the cache is off (each is then made when written)."""
    streams: dict[str, bytes] | None = document.__dict__.get("_handouts_form_streams")
    if streams is not None:
        return streams
    import zlib

    from reportlab.pdfbase import pdfdoc

    from handouts.typesetting import diskcache
    from handouts.typesetting.rlfonts import FLATE_LEVEL

    streams = document._handouts_form_streams = {}
    forms: list[Any] = [o for o in document.idToObject.values() if type(o) is form_class]
    names = sorted(o.path for o in forms if o.path in _FORM_FILES)
    if not names or not diskcache.enabled():
        return streams
    fallbacks = any(_FORM_FILES[n].endswith(".pfb") for n in names)
    key = diskcache.key("glyph-forms", FORMS_FORMAT, FLATE_LEVEL, zlib.ZLIB_RUNTIME_VERSION, _outline_code(fallbacks),
                        [(n, diskcache.shipped_digest(_FORM_FILES[n])) for n in names])  # fmt: skip
    stored: Any = diskcache.get(key)
    if type(stored) is list and len(stored) == len(names) and all(type(d) is bytes for d in stored):
        streams.update(zip(names, stored))
        return streams
    made = [pdfdoc.PDFZCompress.encode(pdfdoc.pdfdocEnc(_form_path(n))) for n in names]
    diskcache.put(key, made)
    streams.update(zip(names, made))
    return streams


@functools.cache
def _outline_code(fallbacks: bool) -> str:
    """What makes glyph outlines besides the fonts: this module's, the pen's and the fallback
    fonts' code, the versions of HarfBuzz and ReportLab, and with ``fallbacks`` (forms of the
    fallback fonts' glyphs) fontTools' (which reads them: asked only then, a path search)."""
    from handouts.typesetting import diskcache, pathpen
    from handouts.typesetting.rlfonts import reportlab_version

    parts = [diskcache.shipped_digest(module) for module in (__file__, pathpen.__file__, fb.__file__)]
    parts += [diskcache.dist_version("uharfbuzz"), reportlab_version()]
    if fallbacks:
        parts.append(diskcache.dist_version("fontTools", "fonttools"))
    return diskcache.key(*parts)


def _form_template(written: bytes, data: bytes) -> tuple[bytes, bytes, bytes] | None:
    """(what comes before the ``/Length`` value, between it and the data, after the data) of a
    glyph form ReportLab wrote with stream ``data``; None when its bytes are not so made."""
    length = b"/Length %d " % len(data)
    at, start = written.find(length), written.find(data)
    if at < 0 or start < 0 or written.count(length) != 1:
        return None
    template = (written[: at + 8], written[at + len(length) - 1 : start], written[start + len(data) :])
    if b"%s%d%s%s%s" % (template[0], len(data), template[1], data, template[2]) != written:
        return None
    return template


_HEX = tuple(f"<{i:02X}>" for i in range(256))  # a one-byte code in a TJ array
# the characters drawn with a glyph without ink: a text object of only these is dropped by PDFium
_INKLESS = frozenset(map(ord, " \u00a0\u200b\u200c\u200d\u2060\ufeff"))
_PIECE_OPS: Memo[tuple[object, ...], tuple[str, str, tuple[str, ...]]] = Memo(budget=16_000_000)  # characters


_ALIASES: dict[tuple[str, int, int], int] = {}


def _alias(rl_font: Any, code: int, n: int) -> int:
    """Another code point for what ``code`` draws in this font (same glyph, width and text): the
    ``n``-th alias. Per font: a plain code point (a space, a digit, a ZWNJ) is drawn by several
    fonts, and an alias is known only to the font it was made in (ReportLab draws a code point its
    font does not know as .notdef, and assigns it no code)."""
    global _next_pua
    key = (rl_font.fontName, code, n)
    alias = _ALIASES.get(key)
    if alias is None:
        alias = _next_pua
        _next_pua += 1
        _ALIASES[key] = alias
        _PUA_TEXT[alias] = _PUA_TEXT.get(code, chr(code))
        rl_font.face.charToGlyph[alias] = rl_font.face.charToGlyph[code]
        rl_font.face.charWidths[alias] = rl_font.face.charWidths[code]
    return alias


def _keep_phantoms_company(rl_font: Any, phantoms: tuple[bool, ...], codes: tuple[int, ...], ns: list[int],
                           doc: Any) -> tuple[int, ...]:  # fmt: skip
    """Subset codes of a piece's code points, none of its phantoms alone in a text operator.

    ReportLab gives each code point a byte in one of several 256-code font subsets, in order of
    first use; a phantom whose subset differs from its neighbours' would be shown by a text
    operator of its own, and PDFium drops a text object whose glyphs have no extent (the empty
    glyph). Such a phantom and the glyph before it (or after it) are shown through aliases: fresh
    code points for the same glyphs, assigned together, so they land in one subset.

    Moving a glyph can leave alone a phantom it kept company (``X P₁ Y P₂``: Y moved to P₂'s
    subset leaves P₁ between two glyphs of another subset), so the pass is repeated until no
    phantom is alone (a pass moves glyphs only into the newest subset: two or three suffice).
    """
    n_rows = len(phantoms)

    def joins(j: int) -> bool:  # a glyph with text (drawn as text, or as an outline with invisible text)
        return 0 <= j < n_rows and not phantoms[j]

    for _ in range(8):
        moved = False
        for k, phantom in enumerate(phantoms):
            if not phantom:
                continue
            sub = ns[k] >> 8
            if (joins(k - 1) and ns[k - 1] >> 8 == sub) or (joins(k + 1) and ns[k + 1] >> 8 == sub):
                continue
            if joins(k - 1):
                span = range(k - 1, k + 1)
            elif joins(k + 1):
                span = range(k, k + 2)
            else:  # between two without ink (a phantom, a space): with the nearest glyph that has it
                left = next((j for j in range(k - 1, max(-1, k - 4), -1) if joins(j)), -1)
                right = next((j for j in range(k + 1, min(n_rows, k + 4)) if joins(j)), -1)
                if left < 0 and right < 0:
                    continue
                span = range(left, k + 1) if left >= 0 else range(k, right + 1)
            for n in range(8):
                group = [_alias(rl_font, codes[i], n) for i in span]
                rl_font.splitString("".join(map(chr, group)), doc)
                got = [rl_font.state[doc].assignments[c] for c in group]
                if len({g >> 8 for g in got}) == 1:
                    for i, g in zip(span, got):
                        ns[i] = g
                    moved = True
                    break
        if not moved:
            break
    return tuple(ns)


def _part_twins(rl_font: Any, codes: tuple[int, ...], ns: list[int], doc: Any) -> None:
    """Give a glyph another byte where it has its neighbour's byte in another subset.

    PDFium takes a text object that repeats the codes of one just before it, about where that one
    stands, for a fake-bold double and leaves it out of the text: two neighbours of one byte in two
    subsets (``[<93>] TJ`` in F2+2 for Burmese ြ, then ``[<93>] TJ`` in F2+1 for its ေ) lose the
    second. It is shown through an alias (:func:`_alias`) whose byte differs.
    """
    for k in range(1, len(ns)):
        before, now = ns[k - 1], ns[k]
        if before >> 8 == now >> 8 or before & 0xFF != now & 0xFF:
            continue
        for n in range(8):
            alias = _alias(rl_font, codes[k], n)
            rl_font.splitString(chr(alias), doc)
            got = rl_font.state[doc].assignments[alias]
            after = ns[k + 1] if k + 1 < len(ns) else -1
            if got & 0xFF != before & 0xFF and (got >> 8 == after >> 8 or got & 0xFF != after & 0xFF):
                ns[k] = got
                break


def _assigned(rl_font: Any, codes: tuple[int, ...], doc: Any) -> list[int]:
    """The document's codes (subset << 8 | byte) for ``codes``: ``TTFont.splitString``'s assignments,
    which it makes for new code points in order of first use; read directly when all are made."""
    state = rl_font.state.get(doc)
    made = state.assignments if state is not None else {}
    try:
        return list(map(made.__getitem__, codes))
    except KeyError:
        pass
    # only the new ones, in order of first use: splitString assigns exactly these, in that order
    rl_font.splitString("".join(chr(c) for c in dict.fromkeys(codes) if c not in made), doc)
    made = rl_font.state[doc].assignments
    return list(map(made.__getitem__, codes))


def _piece_ops(rl_font: Any, piece: Piece, doc: Any) -> tuple[str, str, tuple[str, ...]]:
    """(text operators, outline operators relative to the piece origin) for one piece.

    The one-byte codes come from this document's subset bookkeeping; the operators are cached
    on (run, size, codes, subset names), so identical documents reuse them.
    """
    planned = _plan(rl_font, piece)
    codes = planned.codes
    assigned = _assigned(rl_font, codes, doc)
    if assigned:
        lo, hi = min(assigned) >> 8, max(assigned) >> 8
        if lo != hi:  # (one subset: no twins, none alone)
            # a space (a ZWSP, a joiner), like a phantom, has no ink: alone in a text operator, PDFium drops it
            inkless = (tuple(p or c in _INKLESS for p, c in zip(planned.phantoms, codes))
                       if not _INKLESS.isdisjoint(codes) else planned.phantoms)  # fmt: skip
            _part_twins(rl_font, codes, assigned, doc)
            ns = _keep_phantoms_company(rl_font, inkless, codes, assigned, doc) if True in inkless else tuple(assigned)
            lo, hi = min(ns) >> 8, max(ns) >> 8
        else:
            ns = tuple(assigned)
        wanted = range(lo, hi + 1) if lo == hi else sorted({n >> 8 for n in ns})
        subsets = {sub: rl_font.getSubsetInternalName(sub, doc) for sub in wanted}
    else:
        ns, subsets = (), {}
    names = tuple(subsets.values())
    key = (piece.face.name, piece.run.ident, piece.size, ns, names)
    hit = _PIECE_OPS.get(key)
    if hit is None:
        hit = _ops(planned.rows, ns, subsets, piece.size, piece.face.upem)
        _PIECE_OPS.put(key, hit, len(hit[0]) + len(hit[1]) + 64)
    return hit


def _ops(rows: list[_Row], ns: tuple[int, ...], subsets: dict[int, str], size: float,
         upem: int) -> tuple[str, str, tuple[str, ...]]:  # fmt: skip
    """The operators of one piece: its rows with this document's one-byte codes ``ns``.

    A text-drawn glyph (most) only adds its code (and correction) to the current ``TJ``; the
    rest switches font subsets, draws forms, or writes invisible text and phantoms.
    """
    scale = size / upem
    size_s = _fmt(size)
    ops: list[str] = []
    outlines: list[str] = []
    forms: dict[str, None] = {}
    tj: list[str] = []
    hidden: list[str] = []  # the TJ items of the invisible text being written (3 Tr)
    # a phantom with no text before it in its TJ: written with the text of the glyph after it (a
    # TJ of its own, even in the right subset, is a text object PDFium drops), alone only if none
    lone: list[str] = []

    def flush_lone() -> None:
        if lone:
            ops.append("[" + " ".join(lone) + "] TJ")
            lone.clear()

    add, hexes = tj.append, _HEX
    current = -1  # the subset whose font is set
    pen = 0
    k = 0
    form_scales: dict[int, str] = {}
    ys: dict[int, str] = {}
    for code, corr, form, xo, yo, units, adv, back, plain, do, tail in rows:
        if plain:
            n = ns[k]
            k += 1
            if code in _INKLESS and n >> 8 == current and (hidden or not tj):
                # a space has no ink either: with the invisible text before it, or the text after it
                (hidden or lone).append(hexes[n & 0xFF])
                if corr:
                    (hidden or lone).append(corr)
                pen += adv
                continue
            if hidden:
                ops.append(f"3 Tr [{' '.join(hidden)}] TJ 0 Tr")
                hidden.clear()
            if n >> 8 != current:
                flush_lone()
                if tj:
                    ops.append("[" + " ".join(tj) + "] TJ")
                    tj.clear()
                current = n >> 8
                ops.append(f"{subsets[current]} {size_s} Tf")
            if lone:
                tj.extend(lone)
                lone.clear()
            add(hexes[n & 0xFF])
            if corr:
                add(corr)
            pen += adv
            continue
        if code is not None and not back and hidden:  # (marks drawn as outlines and phantoms join invisible text)
            ops.append(f"3 Tr [{' '.join(hidden)}] TJ 0 Tr")
            hidden.clear()
        if form:
            s = form_scales.get(units)
            if s is None:
                s = form_scales[units] = _fmt(size / units)
            y = ys.get(yo)
            if y is None:
                y = ys[yo] = _fmt(yo * scale)
            outlines.append(f"q {s} 0 0 {s} {_fmt((pen + xo) * scale)} {y}{do}")
            forms[form] = None
        if code is not None:
            n = ns[k]
            k += 1
            if n >> 8 != current or form:
                if hidden:
                    ops.append(f"3 Tr [{' '.join(hidden)}] TJ 0 Tr")
                    hidden.clear()
                if tj:
                    ops.append("[" + " ".join(tj) + "] TJ")
                    tj.clear()
                if n >> 8 != current:
                    flush_lone()
                    current = n >> 8
                    ops.append(f"{subsets[current]} {size_s} Tf")
            if back:  # a phantom: marks' text on the empty glyph, in the last sliver of the glyph before it;
                # after invisible text, in its text object (PDFium drops a lone phantom's object)
                (hidden or tj or lone).extend((back, hexes[n & 0xFF], tail))
            elif form:  # the text of a glyph drawn as an outline: written invisibly at the pen position
                if lone:
                    hidden.extend(lone)
                    lone.clear()
                hidden.append(hexes[n & 0xFF])
                if corr:
                    hidden.append(corr)
            else:
                if lone:
                    tj.extend(lone)
                    lone.clear()
                add(hexes[n & 0xFF])
                if corr:
                    add(corr)
        elif corr:
            (lone if lone else hidden or tj).append(corr)
        pen += adv
    if hidden:
        ops.append(f"3 Tr [{' '.join(hidden)}] TJ 0 Tr")
    flush_lone()
    if tj:
        ops.append("[" + " ".join(tj) + "] TJ")
    return "\n".join(ops), " ".join(outlines), tuple(forms)


_RG: dict[tuple[float, float, float], str] = {}  # a colour's fill operator


def draw_line(canvas: Any, x: float, y: float, pieces: list[Piece], *, later: bool = False) -> str:
    """Draw one line of shaped pieces with its baseline at (x, y).

    With ``later`` only its text is drawn, and the operators of its outlines (marks drawn as
    glyph forms) are returned, to be drawn with :func:`draw_outlines` after the rest of the
    line's text: a form drawn between two text objects of one line is a line end to pypdf (a
    line drawn in segments, a link or a phrase in another language in it, would read
    "(\nFailed"). Without ``later`` the outlines follow the text and "" is returned.

    A line drawn again in the same document (the page frame's, on every page: its blocks, lines
    and pieces are the same objects) writes what it wrote the first time: its codes are assigned
    once per document."""
    drawn = canvas.__dict__.get("_handouts_lines")
    if drawn is None:
        drawn = canvas._handouts_lines = {}
    key = (id(pieces), x, y)
    hit = drawn.get(key)
    if hit is None or hit[0] is not pieces:  # (the entry keeps the list alive: its id is not reused)
        text, outlines, forms = _line(canvas, x, y, pieces)
        hit = drawn[key] = (pieces, text, outlines, forms)
    elif hit[3]:
        _use_forms(canvas, hit[3])
    if later:
        canvas.addLiteral(hit[1])
        return hit[2] if hit[3] else ""  # (no forms: only the colour, which the text set already)
    canvas.addLiteral(f"{hit[1]}\n{hit[2]}")
    return ""


def draw_outlines(canvas: Any, outlines: str) -> None:
    """Draw the outlines :func:`draw_line` returned (its forms are in use on the page)."""
    if outlines:
        canvas.addLiteral(outlines)


def _line(canvas: Any, x: float, y: float, pieces: list[Piece]) -> tuple[str, str, tuple[str, ...]]:
    """(the line's text operators, its outline operators, the glyph forms it draws), the forms in
    use on the page."""
    from reportlab.pdfbase import pdfmetrics

    doc = canvas._doc
    ops: list[str] = ["BT"]
    outlines: list[str] = []
    used: list[str] = []
    current_color: tuple[float, float, float] | None = None
    py = _fmt(y)
    for piece in pieces:
        if not piece.face._rl_registered:
            register_face(piece.face)  # a face is registered (and parsed) when first drawn
        rl_font = pdfmetrics.getFont(piece.face.name)
        px = _fmt(x + piece.x)
        if piece.color != current_color:
            current_color = piece.color
            rg = _RG.get(piece.color)
            if rg is None:
                rg = _RG[piece.color] = " ".join(_fmt(c) for c in piece.color) + " rg"
            ops.append(rg)
            outlines.append(rg)
        text_ops, outline_ops, forms = _piece_ops(rl_font, piece, doc)
        ops.append(f"1 0 0 1 {px} {py} Tm")
        ops.append(text_ops)
        if outline_ops:
            _use_forms(canvas, forms)
            used.extend(forms)
            outlines.append(f"q 1 0 0 1 {px} {py} cm {outline_ops} Q")
    ops.append("ET")
    return "\n".join(ops), "\n".join(outlines), tuple(used)
