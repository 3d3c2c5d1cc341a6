"""Page-1 extras: the QR code beside the title, and the clinician's notes box.

* :class:`QrCode` encodes with ReportLab's own QR encoder, the one behind ``QrCodeWidget``
  (error correction M, a quiet zone of four modules kept clear) with the URL printed under it, and a link over it whose
  ``/Contents`` is the code's text alternative;
* :class:`BesideTitle` puts the title blocks on the left and the QR code on the right;
* :class:`NotesBox` prints the patient's name and the clinician's notes in a box after the
  title. They are personal data: :class:`Personal` never shows them in a ``repr``, the
  box's warnings are re-worded so that they never quote them (:class:`SealedDiagnostics`),
  and notes longer than :data:`NOTES_MAX_LINES` lines are refused with the number of
  characters that fit (:func:`check_fit`), never cut.

All of these follow the flowable protocol of :class:`~handouts.layout.pages.Flow`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit, urlunsplit

from handouts.diagnostics import Diagnostics
from handouts.errors import HandoutError
from handouts.layout import images
from handouts.layout.pages import Qr, Silent
from handouts.layout.styles import MM, Styles
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.marks import Tag, artifact, marked, marker
from handouts.typesetting.segment import url_breaks
from handouts.typesetting.spans import Span, TextStyle

NOTES_MAX_LINES = 6  # the notes box never grows past this: longer notes are an error
QR_QUIET_MODULES = 4  # the quiet zone the QR standard asks for, in modules
QR_LEVEL = "M"  # error correction: M restores ~15 % of the code (a fold, a pen mark)


@dataclass(frozen=True, slots=True, repr=False)
class Personal:
    """What is printed for one patient: their name and the clinician's notes.

    Personal data: shown in the page text only. ``repr()`` withholds it, so it cannot end up in
    a log line or a traceback by accident.

    >>> Personal("Somchai Jaidee", "Take one tablet")
    Personal(<withheld>)
    """

    patient: str = ""
    notes: str = ""

    def __repr__(self) -> str:
        return "Personal(<withheld>)"

    def __bool__(self) -> bool:
        return bool(self.patient.strip() or self.notes.strip())


@dataclass(frozen=True, slots=True)
class NoteLabels:
    """The notes box's words, translated by the caller (the frame template's ``notes_title`` and
    ``notes_patient`` blocks, through the catalog): none are written here."""

    title: str = ""
    patient: str = ""


class SealedDiagnostics(Silent):
    """Warnings about personal text, passed on without quoting that text.

    A :class:`~handouts.typesetting.flowable.TextBlock` warning quotes the word or character it is
    about, and every warning is logged; for the notes box that would put personal data in the
    logs. This collector logs nothing itself and forwards a fixed message per warning code.
    """

    _MESSAGES: ClassVar[dict[str, str]] = {
        "font.missing-glyph": "has a character that is not in the font; replace it with text",
        "typeset.word-split": "has a word wider than the box; it was split inside the word",
        "typeset.glue-split": "has text wider than the box that is normally kept together; it was split",
    }

    def __init__(self, outer: Diagnostics | None, what: str) -> None:
        super().__init__()
        self.outer = outer
        self.what = what

    def warn(self, code: str, message: str, path: str | None = None, line: int | None = None,
             summary: str = "") -> None:  # fmt: skip
        if self.outer is not None:
            text = self._MESSAGES.get(code, "has a problem")
            self.outer.warn(code, f"{self.what} {text} (the text itself is not shown)")


def _plain_block(text: str, style: TextStyle, lang: str, leading: float, diagnostics: Diagnostics,
                 **kw: Any) -> TextBlock:  # fmt: skip
    return TextBlock((Span(text, style, None, lang),), leading=leading, diagnostics=diagnostics, **kw)


def _private_block(text: str, style: TextStyle, lang: str, leading: float, diagnostics: Diagnostics,
                   **kw: Any) -> TextBlock:  # fmt: skip
    """A block of personal text (the patient's name, the notes): never kept in any cache."""
    return _plain_block(text, style, lang, leading, diagnostics, private=True, **kw)


# ---------------------------------------------------------------------------- QR code


URL_COLUMN = 1.35  # the URL under the code may be this much wider than the code before it is scaled down
URL_MIN_SIZE = 5.0  # below this the printed URL is hard to read: a warning (the code still works)


_URI_KEPT = "!#$%&'()*+,/:;=?@[]~"  # reserved characters and existing escapes: kept as written


def ascii_uri(url: str) -> str:
    """The ASCII URI of a web address written with Thai (or other) letters, as a QR code and a
    PDF link carry it: the host in IDNA (``xn--…``), the rest percent-escaped UTF-8. A QR code's
    bytes are read as ISO 8859-1 by readers that do not guess UTF-8, and a PDF ``/URI`` is 7-bit
    ASCII (ReportLab would write UTF-16); the printed URL under the code stays as written.

    >>> ascii_uri("https://คลินิก.example/เอกสาร/x?q=ยา#ก")
    'https://xn--12cf7d3b4db.example/%E0%B9%80%E0%B8%AD%E0%B8%81%E0%B8%AA%E0%B8%B2%E0%B8%A3/x?q=%E0%B8%A2%E0%B8%B2#%E0%B8%81'
    >>> ascii_uri("https://x.example/a%20b/th")
    'https://x.example/a%20b/th'
    """
    if url.isascii():
        return url
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    host, colon, port = hostport.rpartition(":") if re.fullmatch(r".*:[0-9]*", hostport) else (hostport, "", "")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:  # a label IDNA refuses (too long, empty): escaped as the path is
        host = quote(host, safe=_URI_KEPT)
    netloc = quote(userinfo, safe=_URI_KEPT) + at + host + colon + port
    rest = [quote(x, safe=_URI_KEPT) for x in (parts.path, parts.query, parts.fragment)]
    return urlunsplit((parts.scheme, netloc, *rest))


def url_chunks(url: str) -> list[str]:
    """A URL cut where a printed URL may wrap (:func:`~handouts.typesetting.segment.url_breaks`):
    before ``/``, ``.``, ``?``, ``&`` or ``#``; never inside a host-name label or a path word,
    never at a hyphen.

    >>> url_chunks("https://x.example/a-b/en?q=1")
    ['https://x', '.example', '/a-b', '/en', '?q=1']
    """
    cuts = [0, *url_breaks(url), len(url)]
    return [url[a:b] for a, b in zip(cuts, cuts[1:]) if a < b]


@functools.lru_cache(maxsize=1024)
def _measure(text: str, style: TextStyle, lang: str) -> float:
    """The width of ``text`` on one line (pure: remembered; the QR column is laid out per variant)."""
    return sum(a.full for a in _plain_block(text, style, lang, style.size, Silent()).atoms())


def url_lines(url: str, style: TextStyle, width: float, lang: str) -> list[str]:
    """The URL as lines no wider than ``width``, filled greedily with :func:`url_chunks`.

    A chunk is never cut: one wider than ``width`` gets a line of its own (callers size the
    text so that none is, see :class:`QrCode`).
    """
    lines: list[str] = []
    current = ""
    for chunk in url_chunks(url):
        if current and _measure(current + chunk, style, lang) > width:
            lines.append(current)
            current = ""
        current += chunk
    if current:
        lines.append(current)
    return lines


_ENCODER: Any = None


def qr_encoder() -> Any:
    """ReportLab's QR encoder: the ``qrencoder`` module that ``QrCodeWidget`` wraps.

    Importing it as ``reportlab.graphics.barcode.qrencoder`` first runs the package's
    ``__init__``, which imports every barcode widget, ``reportlab.graphics.shapes`` and
    platypus: 100 ms on every render with a QR code, the start-up cost this project avoids
    elsewhere. The module itself needs only ``re`` and ``itertools``, so it is loaded from
    its file. ``tests/features/test_qr.py`` checks that it gives ``QrCodeWidget``'s modules.
    """
    global _ENCODER
    if _ENCODER is None:
        import importlib.util
        from pathlib import Path

        import reportlab

        path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
        spec = importlib.util.spec_from_file_location("handouts._reportlab_qrencoder", path)
        if spec is None or spec.loader is None:  # pragma: no cover (a ReportLab without it)
            from reportlab.graphics.barcode import qrencoder

            _ENCODER = qrencoder
        else:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            _ENCODER = module
    return _ENCODER


@functools.lru_cache(maxsize=64)
def qr_modules(url: str, level: str = QR_LEVEL) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of the QR code of ``url``, row by row, no quiet zone.

    Cached, in the process and on disk (:mod:`handouts.typesetting.diskcache`: a clinic prints
    the same few codes all day): ReportLab's encoder tries all eight mask patterns in Python
    (20 ms a code).
    """
    from handouts.typesetting import diskcache

    key = diskcache.key("qr", url, level)
    stored = diskcache.get(key)
    if isinstance(stored, str) and stored and set(stored) <= {"0", "1", "\n"}:
        return tuple(tuple(c == "1" for c in row) for row in stored.split("\n"))
    enc = qr_encoder()
    code = enc.QRCode(None, getattr(enc.QRErrorCorrectLevel, level))
    code.addData(url)
    try:  # code.make(), with the mask chosen faster (the same one)
        if code.version is None:
            code.version = code.calculate_version()
        code.makeImpl(False, best_mask(code, enc))
    except AttributeError:  # pragma: no cover (a ReportLab whose encoder is built otherwise)
        code = enc.QRCode(None, getattr(enc.QRErrorCorrectLevel, level))
        code.addData(url)
        code.make()
    matrix = tuple(tuple(bool(m) for m in row) for row in code.modules)
    diskcache.put(key, images.modules_text(matrix))
    return matrix


_RUN = re.compile("0{5,}|1{5,}")  # five or more modules alike in a row or column
_FINDER_LIKE = "10111010000"  # the pattern ReportLab's rule 3 looks for


def best_mask(code: Any, enc: Any) -> int:
    """The mask ``code.getBestMaskPattern()`` picks (ReportLab's encoder), 4x faster.

    ReportLab builds the symbol with each of the eight masks and scores it with lists of
    booleans (8 ms a code). In its test mode a symbol differs between masks only in its data
    modules, so the function patterns are built once and each mask's symbol is scored as rows
    of ``0``/``1`` by :func:`lost_points`, which scores exactly as ReportLab's ``getLostPoint``
    does; the first of the lowest wins, as there. ``tests/features/test_qr.py`` compares the
    two on many codes.
    """
    code.makeImpl(True, 0)
    base = [["1" if m else "0" for m in row] for row in code.modules]
    positions: list[tuple[int, int]] = code.dataPosIterator()  # (column, row), in ReportLab's order
    bits: list[bool] = list(code.dataBitIterator(code.dataCache))
    bits += [False] * (len(positions) - len(bits))  # the modules after the data: light before the mask (mapData)
    cells = [(r, c, dark) for (c, r), dark in zip(positions, bits)]
    chars = ("0", "1")
    best, lowest = 0, 0
    for i in range(8):
        mask = enc.QRUtil.getMask(i)
        rows = [row[:] for row in base]
        for r, c, dark in cells:
            rows[r][c] = chars[dark ^ mask(r, c)]
        lost = lost_points(["".join(row) for row in rows])
        if i == 0 or lowest > lost:
            best, lowest = i, lost
    return best


def lost_points(rows: list[str]) -> int:
    """ReportLab's ``QRUtil.getLostPoint`` of a symbol given as rows of ``0``/``1``, its quirks kept:
    runs of five or more alike score their length - 2 (rows and columns); each 2×2 block alike 3;
    the finder-like run ``10111010000`` 40, in rows only (the column pass compares tuples with a
    list: never equal), left to right, not overlapping, not starting in the last 11 columns; and
    10 per 5 % that the dark share is away from half.

    >>> lost_points(["11111", "00000", "11111", "00000", "11111"])  # runs 5 (rows), dark 60 %
    35
    """
    n = len(rows)
    cols = ["".join(col) for col in zip(*rows)]
    score = sum(len(run) - 2 for line in (*rows, *cols) for run in _RUN.findall(line))
    full = (1 << n) - 1
    ints = [int(row, 2) for row in rows]
    for a, b in zip(ints, ints[1:]):
        same = ~(a ^ b) & full  # the columns where the two rows agree
        score += 3 * (same & (same >> 1) & ~(a ^ (a >> 1)) & (full >> 1)).bit_count()
    for row in rows:
        j = 0
        while 0 <= (j := row.find(_FINDER_LIKE, j)) < n - len(_FINDER_LIKE):
            score += 40
            j += len(_FINDER_LIKE)
    dark = sum(row.count("1") for row in rows)
    return score + 10 * (abs(100 * dark // (n * n) - 50) // 5)


QR_PIXELS_PER_MODULE = 8  # a 25-module code is 200 px: sharp at 300 dpi for the printed size


class QrCode:
    """A QR code of ``qr.url`` (symbol ``symbol`` points wide, plus the quiet zone), URL under it.

    The URL wraps only at its own boundaries (:func:`url_chunks`). When its widest chunk is
    wider than the code, the URL's column grows (up to :data:`URL_COLUMN` times the code's
    width, the code staying at the column's right edge), and beyond that the URL is set
    smaller until it fits, with a warning under :data:`URL_MIN_SIZE`.
    """

    def __init__(self, qr: Qr, symbol: float, url_size: float, st: Styles, lang: str,
                 diagnostics: Diagnostics, parent: Tag | None = None) -> None:  # fmt: skip
        self.qr = qr
        # tagged as a Link whose content is the code (a Figure with the alt text) and whose
        # annotation is the link over it; the printed URL follows as a paragraph
        self.link_tag = Tag("Link", parent, alt=qr.alt)
        self.figure_tag = self.link_tag.child("Figure", alt=qr.alt)
        url_tag = Tag("P", parent)
        self.target = ascii_uri(qr.url)  # what the code and the link carry; qr.url is printed
        self.matrix = qr_modules(self.target)
        self.modules = len(self.matrix)
        self.module = symbol / self.modules
        self.size = self.module * (self.modules + 2 * QR_QUIET_MODULES)  # the square with its quiet zone
        inset = self.module * QR_QUIET_MODULES / 2  # the text may reach halfway into the quiet zone's sides
        style = TextStyle(size=url_size, color=st.muted)
        widest = max(_measure(chunk, style, lang) for chunk in url_chunks(qr.url))
        room = self.size - 2 * inset
        most = self.size * URL_COLUMN - 2 * inset
        if widest > most:
            style = TextStyle(size=math.floor(url_size * most / widest * 20) / 20, color=st.muted)
            if style.size < URL_MIN_SIZE:
                diagnostics.warn("layout.url-small", f"the URL under the QR code is printed at {style.size:g} pt to "
                                 "fit without breaking inside a word; shorten [online].qr_url")  # fmt: skip
        self.width = max(self.size, min(widest, most) + 2 * inset)  # the column: the code, or the URL
        lead = round(style.size * 1.3, 2)
        self.lines = [
            _plain_block(line, style, lang, lead, diagnostics, tag=url_tag, words=False)
            for line in url_lines(qr.url, style, max(room, self.width - 2 * inset), lang)
        ]
        self.text_x = inset
        for block in self.lines:
            block.wrap(self.width, 1000)
        self.height = self.size + sum(b.height for b in self.lines)

    def draw(self, canv: Any, x: float, top: float) -> None:
        """Draw the column with its top-left corner at (x, top): the code at the right, the URL under it."""
        # The modules as one image (a few pixels per module): drawn as hundreds of rectangles
        # they became "rules" to PDF table extractors (pdfplumber snaps every vertical rule
        # within 3 pt of another into one), which moved the column rules of any table on page 1
        # into the QR code's columns (tests/constructs/test_pdf.py).
        m, q = self.module, QR_QUIET_MODULES
        column_x = x
        x += self.width - self.size  # the code at the column's right edge
        with marked(canv, self.link_tag):
            with marked(canv, self.figure_tag):
                ox, oy = x + q * m, top - (q + self.modules) * m
                side = self.modules * m
                # drawn as canv.drawImage draws a Pillow image of them, without Pillow (:mod:`.images`)
                images.draw(canv, images.qr(self.matrix, QR_PIXELS_PER_MODULE), ox, oy, side, side, fit=False)
                marker(canv).bbox(canv, (ox, oy, ox + side, oy + side))
            marker(canv).link(canv, self.target, (x, top - self.size, x + self.size, top), self.qr.alt)
        y = top - self.size
        for block in self.lines:
            y -= block.height
            block.drawOn(canv, column_x + self.text_x, y)


class BesideTitle:
    """The title blocks (title, subtitle, credit) on the left, a :class:`QrCode` on the right."""

    keepWithNext = False  # noqa: N815

    def __init__(self, left: list[TextBlock], qr: QrCode, gap: float) -> None:
        self.left, self.qr, self.gap = left, qr, gap
        self.space_before = 0.0
        self.space_after = left[-1].space_after if left else 0.0
        self.leading = left[0].leading if left else qr.size
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        measure = availWidth - self.qr.width - self.gap
        y = 0.0
        for i, b in enumerate(self.left):
            y += (b.space_before if i else 0.0) + b.wrap(measure, availHeight)[1]
            if i < len(self.left) - 1:
                y += b.space_after
        self.width, self.height = availWidth, max(y, self.qr.height)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> Sequence[BesideTitle]:  # noqa: N803
        return []  # moved whole (it is the top of page 1)

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        top = y + self.height
        cursor = top
        for i, b in enumerate(self.left):
            cursor -= b.space_before if i else 0.0
            b.drawOn(canv, x, cursor - b.height)
            cursor -= b.height + b.space_after
        self.qr.draw(canv, x + self.width - self.qr.width, top)


# ---------------------------------------------------------------------------- notes box


def _clean(text: str) -> str:
    """One line: newlines and other control characters become spaces, runs of spaces one."""
    return re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", " ", text)).strip()


def note_paragraphs(notes: str) -> list[str]:
    """The notes split at line breaks (each line its own paragraph), empty lines dropped.

    >>> note_paragraphs("Take 1 tablet\\r\\n\\n  Call us  if it hurts ")
    ['Take 1 tablet', 'Call us if it hurts']
    """
    return [p for p in (_clean(line) for line in notes.replace("\r\n", "\n").split("\n")) if p]


def _lines_needed(paragraphs: list[str], style: TextStyle, lang: str, leading: float, width: float) -> int:
    quiet = Silent()
    total = 0
    for text in paragraphs:
        block = _private_block(text, style, lang, leading, quiet)
        block.wrap(width, 10_000)
        total += len(block.line_texts())
    return total


def check_fit(personal: Personal, st: Styles, lang: str, width: float, max_lines: int = NOTES_MAX_LINES,
              labels: NoteLabels = NoteLabels(), room: tuple[str, ...] = ("--layout single", "the standard profile"),
              ) -> None:  # fmt: skip
    """Refuse notes longer than ``max_lines`` lines (or a name longer than one line).

    ``max_lines`` is :data:`NOTES_MAX_LINES`, or fewer when page 1 has less room (a large-print
    A5 page); ``room``: what would give page 1 more (said when it has none). The message says how many characters fit (measured with the typesetter at the
    box width, for this language, print profile and layout) and never quotes the text.
    """
    inner = width - 2 * NotesBox.PAD
    style = TextStyle(size=st.body)
    lead = st.lead(st.body)
    if personal.patient.strip():
        label = labels.patient
        name = _clean(personal.patient)
        if _lines_needed([f"{label} {name}"], TextStyle("bold", st.body), lang, lead, inner) > 1:
            fit = _longest_fit(name, lambda t: _lines_needed([f"{label} {t}"], TextStyle("bold", st.body), lang,
                                                                  lead, inner) <= 1)  # fmt: skip
            raise HandoutError(
                f"the patient name is {len(name)} characters long; the notes box has one line for it, "
                f"which fits about {fit} characters",
                key="--patient",
                hint=f"shorten it to at most {fit} characters (initials, for example)",
                words=("The patient name is {n} characters long; the notes box has one line for it, which fits about {fit} characters: shorten it (initials, for example).",
                       {"n": len(name), "fit": fit}),  # fmt: skip
            )
    paragraphs = note_paragraphs(personal.notes)
    if not paragraphs:
        return
    needed = _lines_needed(paragraphs, style, lang, lead, inner)
    if needed <= max_lines:
        return
    joined = "\n".join(paragraphs)
    if max_lines <= 0:
        raise HandoutError("page 1 has no room left for notes with this layout and print profile", key="--notes",
                           hint=f"use {' or '.join(room)}, or leave the notes out" if room else "leave the notes out",
                           words=("Page 1 has no room left for notes with this layout and print profile: choose the single layout or the standard profile, or leave the notes out.",
                                  {}))  # fmt: skip
    fit = _longest_fit(joined, lambda t: _lines_needed(note_paragraphs(t), style, lang, lead, inner) <= max_lines)
    raise HandoutError(
        f"the notes are {len(joined)} characters long and need {needed} lines; the notes box holds "
        f"{max_lines} line{'s' if max_lines > 1 else ''}, about {fit} characters at this size",
        key="--notes",
        hint=f"shorten the notes to at most {fit} characters"
        + (f" in at most {max_lines} line{'s' if max_lines > 1 else ''}, joining some" if len(paragraphs) > max_lines else "")
        + "; nothing was cut or written",  # (8 short lines cut to 126 characters in 8 lines were refused again)
        words=("The notes are {n} characters long and need {needed} lines; the notes box holds {lines}, about {fit} characters at this size: shorten the notes to at most {fit} characters.",
               {"n": len(joined), "needed": needed, "lines": max_lines, "fit": fit}),  # fmt: skip
    )


def _longest_fit(text: str, fits: Any) -> int:
    """The longest prefix length of ``text`` for which ``fits(prefix)`` holds (binary search)."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(text[:mid]):
            lo = mid
        else:
            hi = mid - 1
    return lo


class NotesBox:
    """A ruled box after the title: a label, the patient's name, the clinician's notes."""

    PAD = 3 * MM
    keepWithNext = False  # noqa: N815

    def __init__(self, personal: Personal, st: Styles, lang: str, color: str, diagnostics: Diagnostics,
                 parent: Tag | None = None, labels: NoteLabels = NoteLabels()) -> None:  # fmt: skip
        sealed = SealedDiagnostics(diagnostics, "the notes box")
        # a Note (PDF/UA-1 asks every Note for an ID): its label, the patient's name, the notes
        note = Tag("Note", parent, attrs=(("ID", "notes"),))
        self.color = color
        self.space_before = st.paragraph_gap * 0.5
        self.space_after = st.paragraph_gap * 1.5
        self.leading = st.lead(st.body)
        self.blocks: list[TextBlock] = [
            _plain_block(labels.title, TextStyle("bold", st.small + 1, color), lang, st.lead(st.small + 1), diagnostics,
                         space_after=st.paragraph_gap * 0.3, tag=note.child("P")),  # fmt: skip
        ]
        if personal.patient.strip():
            spans = (Span(labels.patient + " ", TextStyle("regular", st.body, st.text), None, lang),
                     Span(_clean(personal.patient), TextStyle("bold", st.body, st.text), None, lang))  # fmt: skip
            self.blocks.append(TextBlock(spans, leading=self.leading, space_after=st.paragraph_gap * 0.3,
                                         diagnostics=sealed, tag=note.child("P"), private=True))  # fmt: skip
        for text in note_paragraphs(personal.notes):
            self.blocks.append(_private_block(text, TextStyle(size=st.body, color=st.text), lang, self.leading, sealed,
                                              tag=note.child("P")))  # fmt: skip
        self.width = 0.0
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        inner = availWidth - 2 * self.PAD
        h = 2 * self.PAD
        for i, b in enumerate(self.blocks):
            h += b.wrap(inner, availHeight)[1] + (b.space_after if i < len(self.blocks) - 1 else 0.0)
        self.width, self.height = availWidth, h
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> Sequence[NotesBox]:  # noqa: N803
        return []

    def drawOn(self, canv: Any, x: float, y: float) -> None:  # noqa: N802
        with marked(canv, artifact("Layout")):  # the box's outline is decoration
            canv.saveState()
            canv.setStrokeColor(self.color)
            canv.setLineWidth(1.2)
            canv.roundRect(x, y, self.width, self.height, 2 * MM, stroke=1, fill=0)
            canv.restoreState()
        cursor = y + self.height - self.PAD
        for b in self.blocks:
            b.drawOn(canv, x + self.PAD, cursor - b.height)
            cursor -= b.height + b.space_after
