"""What a drawn block *is* → marked-content hooks around its drawing (no structure tree here).

Layout gives every block it places a :class:`Tag`: its structure role (``H2``, ``P``, ``LBody``,
``Figure``…) and its parent tag (``LI`` → ``L`` → ``Document``), or an artifact
(:func:`artifact`: running header, footer, rules, the DRAFT mark). Drawing code wraps what it
draws in :func:`marked`; the PDF layer attaches a :class:`Marker` to the canvas that turns this
into ``BDC``/``EMC`` operators and a structure tree (:mod:`handouts.pdf.tagging`). Without one
(an untagged PDF) the hooks cost a dictionary look-up.

Kept apart from the glyph encoding in :mod:`._pdftext`: marked content goes *around* the text
operators a line writes, never inside them.

Tags compare by identity: the two parts of a paragraph split across pages share one tag and so
become one structure element with marked content on both pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False, slots=True)
class Tag:
    """A structure element (``role`` is a PDF standard structure type) or an ``Artifact``.

    ``lang``: a BCP 47 tag where the language differs from the parent's; ``alt``: the text
    alternative (``Figure``) or the description of a link (``Link``); ``attrs``: layout or table
    attributes (``("Scope", "Column")``) and, for an artifact, its ``Type``/``Subtype``.
    """

    role: str
    parent: Tag | None = None
    lang: str = ""
    alt: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def is_artifact(self) -> bool:
        return self.role == "Artifact"

    def child(self, role: str, **kw: Any) -> Tag:
        return Tag(role, self, **kw)


def artifact(kind: str = "Layout", subtype: str = "") -> Tag:
    """An artifact tag: ``Pagination`` (``Header``, ``Footer``, ``Watermark``), ``Layout``, ``Background``."""
    attrs = (("Type", kind),) + ((("Subtype", subtype),) if subtype else ())
    return Tag("Artifact", attrs=attrs)


class Marker:
    """Untagged output: the hooks do nothing (links still get their ``/Contents``)."""

    tagged = False

    def begin(self, canv: Any, tag: Tag) -> None:
        pass

    def end(self, canv: Any) -> None:
        pass

    def bbox(self, canv: Any, rect: tuple[float, float, float, float]) -> None:
        """What the open tagged element (a ``Figure``) covers: ``rect`` (x0, y0, x1, y1 in the
        current user space), its ``/BBox`` attribute."""

    def link(self, canv: Any, url: str, rect: tuple[float, float, float, float], contents: str) -> None:
        """A link annotation over ``rect`` (in the current user space) whose ``/Contents`` is ``contents``."""
        from reportlab.pdfbase.pdfdoc import PDFString

        canv.linkURL(url, rect, relative=1, thickness=0, Contents=PDFString(contents), F=4)


_UNTAGGED = Marker()


def marker(canv: Any) -> Marker:
    """The canvas' marker (set by the PDF writer), or the untagged one."""
    m: Marker = getattr(canv, "_handouts_marker", _UNTAGGED)
    return m


def attach(canv: Any, m: Marker) -> None:
    canv._handouts_marker = m


class marked:  # noqa: N801 (used like a function: ``with marked(canv, tag):``)
    """Draw the body of the ``with`` as marked content of ``tag`` (nothing when ``tag`` is None).

    A class rather than a generator-based context manager: it runs around every line segment.
    """

    __slots__ = ("canv", "m")

    def __init__(self, canv: Any, tag: Tag | None) -> None:
        self.canv = canv
        m = getattr(canv, "_handouts_marker", None) if tag is not None else None
        self.m: Marker | None = m if m is not None and m.tagged else None
        if self.m is not None:
            assert tag is not None
            self.m.begin(canv, tag)

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        if self.m is not None:
            self.m.end(self.canv)
