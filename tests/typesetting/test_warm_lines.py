"""A paragraph typeset from the disk cache in a fresh process: the same atoms, lines and widths.

Atoms are measured from prefix sums and sliced only when drawn (:mod:`handouts.typesetting.atoms`),
glyphs are made again from the stored lists, and total fit's lines are read back from their own
entry (:mod:`handouts.typesetting.lines`): a warm process must typeset exactly as a cold one, and
an entry that does not fit the paragraph is ignored and rewritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handouts.typesetting import diskcache, lines
from tests.typesetting.cachestate import fresh_process_state, use_cache_folder

TEXT = ("ให้รับประทานยาพาราเซตามอลครั้งละหนึ่งเม็ดทุกหกชั่วโมงเมื่อมีอาการปวดกระดูกสันหลัง "
        "โรงพยาบาลกระเพาะอาหาร Physiotherapy inflammation ห้ามยกของหนักเกินห้ากิโลกรัม")  # fmt: skip
MEASURES = [70.0 + 7.5 * i for i in range(24)]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_cache_folder(tmp_path, monkeypatch)


def _typeset() -> list[list[tuple[str, float, float, int, int, bool, tuple[int, ...]]]]:
    """Every measure's lines: each atom's text, widths, range, hyphen and drawn glyphs."""
    from handouts.diagnostics import Diagnostics
    from handouts.typesetting.flowable import TextBlock
    from handouts.typesetting.spans import Span, TextStyle

    out = []
    for measure in MEASURES:
        block = TextBlock((Span(TEXT[:60], TextStyle(size=13.5)), Span(TEXT[60:], TextStyle("bold", 14.0))),
                          leading=20.0, diagnostics=Diagnostics())  # fmt: skip
        block.wrap(measure, 1e9)
        out.append([(a.text, a.full, a.trimmed, a.start, a.end, a.hyphen is not None,
                     tuple(g.gid for p in a.pieces for g in p.run.glyphs)) for line in block._lines for a in line])  # fmt: skip
    return out


def test_a_warm_process_typesets_as_a_cold_one(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fitted: list[int] = []
    breaks = lines._breaks

    def counting(*args: Any, **kwargs: Any) -> Any:
        fitted.append(1)
        return breaks(*args, **kwargs)

    monkeypatch.setattr(lines, "_breaks", counting)
    fresh_process_state()
    cold = _typeset()
    assert fitted, "no measure needed total fit: the test text no longer tests stored lines"
    writes = diskcache.STATS.writes
    fresh_process_state()
    fitted.clear()
    assert _typeset() == cold
    assert not fitted, "total fit ran again in a warm process"
    assert diskcache.STATS.writes == 0 and diskcache.STATS.misses == 0 and 0 < diskcache.STATS.hits <= writes


def test_stored_lines_that_do_not_fit_the_paragraph_are_fitted_again(cache_dir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    keys: list[str] = []
    put = diskcache.put

    def recording(k: str, v: object) -> None:
        if isinstance(v, list):  # the lines (a paragraph's entry is a tuple)
            keys.append(k)
        put(k, v)

    monkeypatch.setattr(diskcache, "put", recording)
    fresh_process_state()
    cold = _typeset()
    written = list(keys)
    assert written
    for n, key in enumerate(written):  # lines that skip text, overrun it, or are not lines at all
        stored = diskcache.get(key)
        assert isinstance(stored, list)
        junk = [[stored[0][:4]], [[*stored[0], 0, 10**6, 10**6 + 1, False]], [["x"]], "lines", [[]]][n % 5]
        put(key, junk)
    fresh_process_state()
    assert _typeset() == cold
    assert diskcache.STATS.writes == len(written) and diskcache.STATS.rejected == 0
    fresh_process_state()
    assert _typeset() == cold
    assert diskcache.STATS.writes == 0


@pytest.mark.parametrize("text", ["น้ำที่ก๋วยเตี๋ยว  ค่ำ ok", "ນ້ຳທີ່ປິ່ນປົວ ok", "ក្រុមគ្រូពេទ្យ ស្រី", "ကြက်သွန်ဖြူ မြန်မာ", "\u0e48ก ำ x\u00a0y "])
def test_a_paragraphs_atoms_are_measured_as_each_atom_alone(text: str) -> None:
    """``Text.atoms`` (one walk, for a paragraph read from the cache) measures as ``Text.atom``
    and as the atom's pieces: the same parts, widths and sums, at every cut."""
    from handouts.typesetting import atoms
    from handouts.typesetting.fonts import font_set, split_by_font
    from handouts.typesetting.spans import Span, TextStyle

    spans = split_by_font((Span(text, TextStyle(size=13.5)), Span("", TextStyle()),
                           Span(" " + text, TextStyle("bold", 17.25))), font_set())  # fmt: skip
    t = atoms.Text(spans, font_set())
    n = len(t.text)
    for cuts in (tuple(range(n + 1)), (0, n), tuple(sorted({0, n, *range(0, n, 3), *range(1, n, 7)}))):
        walked = t.atoms(cuts)
        assert len(walked) == len(cuts) - 1
        for w, a, b in zip(walked, cuts, cuts[1:]):
            one = t.atom(a, b)
            pieces = atoms.Atom.of(t.pieces(a, b))
            assert (w.full, w.trimmed, w.start, w.end, w.text) == (one.full, one.trimmed, a, b, t.text[a:b])
            assert (w.full, w.trimmed) == (pieces.full, pieces.trimmed)
            assert w._parts == one._parts
