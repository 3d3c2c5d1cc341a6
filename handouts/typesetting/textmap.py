"""One HarfBuzz cluster (its characters, its glyphs' advances) → which text each glyph carries in
the PDF, so that every viewer reads the source back: pdf.js, PDFium, MuPDF, poppler and pypdf.

The rules, each forced by a viewer (measured: ``tests/typesetting/test_viewers.py``):

* a *spacing* glyph (advance > 0) carries only characters that are not combining marks:
  pdf.js takes any glyph whose text contains a ``\\p{Mn}`` character for a zero-width
  diacritic and stops advancing, which cuts words (``น่ าเสียดาย``) and moves syllables to the
  line before;
* combining marks ride on *phantoms*: invisible, zero-width text that :mod:`._pdftext` writes
  inside the box of the spacing glyph before them (poppler and PDFium reorder a zero-width
  character placed exactly where the next letter starts: ``ที่แพทย์ → ทีแ่พทย์``);
* characters are handed out in logical order to the cluster's spacing glyphs in drawing order,
  one unit (a letter and the marks after it) per glyph, the last glyph taking the rest;
  Myanmar and Khmer draw some glyphs before their consonant, and the text layer still reads in
  logical order because order, not identity, is what extractors keep;
* a spacing glyph left without a letter (more glyphs than letters) lends its width to the
  text glyph before it: a gap in the text layer is a space to pdf.js;
* mark glyphs (advance 0) carry no text; :mod:`._pdftext` draws them as outlines where
  HarfBuzz placed them.
"""

from __future__ import annotations

import unicodedata


def is_mn(ch: str) -> bool:
    """A nonspacing combining mark (what pdf.js treats as zero-width)."""
    return unicodedata.category(ch) == "Mn"


def assign(chars: str, advances: list[int]) -> tuple[str, list[str], list[str]]:
    """``(lead, texts, after)``: ``lead`` is a phantom before the cluster's glyphs, ``texts[i]`` the
    text glyph ``i`` shows (no combining mark; '' for none), ``after[i]`` a phantom after glyph ``i``.
    ``lead + Σ (texts[i] + after[i])`` is ``chars``.

    >>> assign("ที่", [500])
    ('', ['ท'], ['ี่'])
    >>> assign("ក្រុ", [300, 550, 0])  # coeng RO drawn before KA
    ('', ['ក', 'រ', ''], ['្', 'ុ', ''])
    >>> assign("ำ", [0, 400])  # SARA AM: NIKHAHIT (a mark) + SARA AA
    ('', ['', 'ำ'], ['', ''])
    >>> assign("ก", [300, 200])  # two spacing glyphs, one letter
    ('', ['ก', ''], ['', ''])
    """
    n = len(advances)
    texts = [""] * n
    after = [""] * n
    # units: a letter (not a combining mark) and the marks after it; marks before any letter lead
    lead = ""
    units: list[str] = []
    for ch in chars:
        if is_mn(ch) and units:
            units[-1] += ch
        elif is_mn(ch):
            lead += ch
        else:
            units.append(ch)
    spacing = [i for i, a in enumerate(advances) if a > 0]
    if not spacing:
        return lead + "".join(units), texts, after
    for k, glyph in enumerate(spacing[: len(units)]):
        text = "".join(units[k:]) if k == len(spacing) - 1 else units[k]
        head = next((j for j, c in enumerate(text) if is_mn(c)), len(text))
        texts[glyph], after[glyph] = text[:head], text[head:]
    return lead, texts, after
