"""Styled text runs: the input of the typesetter. No ReportLab, no HarfBuzz."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a run looks: face (``regular``, ``bold``, ``italic``, ``bolditalic``), size, colour."""

    face: str = "regular"
    size: float = 14.0
    color: str = "#000000"
    underline: bool = False
    font: str = ""  # script whose font draws the run ('' = the body family): see fonts.split_by_font


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style; ``link`` makes it a clickable URL."""

    text: str
    style: TextStyle = TextStyle()
    link: str | None = None
    lang: str = "th"


def plain_text(spans: tuple[Span, ...] | list[Span]) -> str:
    """The text of spans, concatenated.

    >>> plain_text([Span("ab"), Span("c")])
    'abc'
    """
    return "".join(s.text for s in spans)
