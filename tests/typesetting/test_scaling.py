"""Cost grows linearly with a paragraph's length: structural proxies, never wall-clock time.

* the segmenter sees only Thai runs (it is quadratic on a long Latin run);
* no cache key grows with the paragraph (a slice's key once embedded the whole text: 24 GB
  for 200,000 Thai characters);
* the greedy cutter of an over-wide word measures each cut a bounded number of times;
* traced memory grows linearly (doubling the text at most ~doubles the peak);
* a word wider than the line is cut at the box edge, with a hyphen only inside a Latin word
  (drawn, and U+00AD SOFT HYPHEN at the line end in the text layer);
* and, as a hang guard only, a 100,000-letter word finishes in a subprocess.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.diagnostics import Diagnostics
from handouts.typesetting import _pdftext, atoms, flowable, segment, shaping
from handouts.typesetting.atoms import hyphenation_points
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.spans import Span, TextStyle

ROOT = Path(__file__).resolve().parents[2]
MEASURE = 300.0


def _thai(th: SimpleNamespace, n: int) -> str:
    base = re.sub(r"\s+", " ", " ".join(th.corpus_paragraphs())) + " "
    return (base * (n // len(base) + 1))[:n]


def _block(text: str, size: float = 14.0) -> TextBlock:
    return TextBlock((Span(text, TextStyle(size=size)),), leading=size * 1.5, diagnostics=Diagnostics())


def _typeset(text: str, measure: float = MEASURE) -> TextBlock:
    block = _block(text)
    block.wrap(measure, 1e9)
    return block


def _clear() -> None:
    for cache in (atoms.PREPARED, flowable._MERGED, shaping._CACHE, shaping._STARTS, _pdftext._PLANS,
                  _pdftext._PIECE_OPS):  # fmt: skip
        cache.clear()


def test_segmenter_sees_only_thai_runs(monkeypatch: pytest.MonkeyPatch, th: SimpleNamespace) -> None:
    thaibreak = segment._thaibreak()  # the module segment calls (thaibreak's core, loaded on its own)
    seen: list[str] = []
    original = thaibreak.boundaries

    def counting(text: str) -> list[int]:
        seen.append(text)
        return list(original(text))

    monkeypatch.setattr(thaibreak, "boundaries", counting)
    text = "x" * 5000 + " " + _thai(th, 3000) + " Paracetamol" * 300
    segment.break_opportunities(text)
    thai_chars = sum(1 for ch in text if segment.is_thai(ch))
    assert seen, "the Thai text was not segmented"
    assert all(segment.is_thai(ch) for s in seen for ch in s), "a non-Thai run reached the segmenter"
    assert sum(map(len, seen)) == thai_chars, "each Thai character is segmented exactly once"


def test_cache_keys_do_not_grow_with_the_paragraph(th: SimpleNamespace) -> None:
    _clear()
    n = 20_000
    for text in (_thai(th, n), "a" * n):
        block = _typeset(text)
        th.build_pdf([block])
    for name, cache in (("atoms", atoms.PREPARED), ("merged", flowable._MERGED), ("starts", shaping._STARTS),
                        ("plans", _pdftext._PLANS), ("ops", _pdftext._PIECE_OPS)):  # fmt: skip
        keys = list(cache._data)
        assert keys, f"{name}: nothing cached"
        longest = max(len(repr(k)) for k in keys if name != "atoms") if name != "atoms" else 0
        assert longest < 2_000, f"{name}: a key of {longest} characters (keys must not embed the paragraph)"
    for name, cache in (("shaped", shaping._CACHE), ("atoms", atoms.PREPARED), ("plans", _pdftext._PLANS)):
        assert cache.cost <= cache.budget, f"{name} cache over its budget"


def test_cutting_an_over_wide_word_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = [0]
    original = atoms.Text.trimmed

    def counting(self: atoms.Text, start: int, end: int) -> float:
        calls[0] += 1
        return original(self, start, end)

    monkeypatch.setattr(atoms.Text, "trimmed", counting)
    counts = []
    for n in (4_000, 8_000):
        calls[0] = 0
        block = _typeset("b" * n, measure=120.0)
        counts.append((calls[0], len(block.line_texts())))
    (c1, lines1), (c2, lines2) = counts
    assert lines2 >= 2 * lines1 - 1
    # each cut is measured about once: calls ≈ letters + a few per line, not letters × lines
    assert c2 <= 2 * 4_000 + 10 * lines2 and c1 <= 4_000 + 10 * lines1, counts
    assert c2 <= 2.2 * c1, f"work more than doubled when the word doubled: {counts}"


@pytest.mark.parametrize("kind", ["thai", "latin-word"])
def test_memory_grows_linearly(kind: str, th: SimpleNamespace) -> None:
    def peak(n: int) -> int:
        _clear()
        text = _thai(th, n) if kind == "thai" else "c" * n
        tracemalloc.start()
        try:
            block = _typeset(text)
            th.build_pdf([block])
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(2_000)  # fonts, dictionaries and modules loaded outside the measurement
    small, large = peak(10_000), peak(40_000)
    assert large <= 5.5 * small, f"4× the text took {large / small:.1f}× the memory ({small:,} → {large:,} bytes)"


@pytest.mark.parametrize(
    ("word", "warned"),
    [("pneumonoultramicroscopicsilicovolcanoconiosis" * 8, False), ("PNEUMONOULTRAMICROSCOPIC" * 15, True)],
    ids=["hyphenation-points", "none"],
)
def test_an_unbreakable_latin_run_is_cut_at_the_box_edge_with_a_hyphen(
    th: SimpleNamespace, tmp_path: Path, word: str, warned: bool
) -> None:
    """At its hyphenation points when it has them (unwarned: a hyphenation as any line's), else
    between its clusters, filling each line to the box edge (warned)."""
    block = _typeset("See " + word + " today", measure=150.0)
    lines = block.line_texts()
    assert "".join(lines) == "See " + word + " today"
    assert ("typeset.word-split" in block.diagnostics.codes()) == warned
    hyphenated = [line for line in block._lines if line[-1].hyphen is not None]
    assert len(hyphenated) >= 5, lines
    points = set(hyphenation_points(block._prepared().text.text, 0, len(block._prepared().text.text)))
    for line in hyphenated[1:]:  # the first, "See pneumo-", ends at a hyphenation point
        width = sum(a.full for a in line[:-1]) + line[-1].trimmed
        if warned:
            assert 0.85 * 150.0 <= width <= 150.0 + 1e-6, f"not filled to the box edge: {width:.1f} pt"
        else:
            assert width <= 150.0 + 1e-6 and line[-1].end in points, "not at a hyphenation point"
        text = "".join(a.text for a in line)
        assert text[-1].isalpha(), "a hyphen is drawn only between two letters"
    assert all(len(d.message) < 200 for d in block.diagnostics.items), "a warning quotes a long word whole"
    # each drawn hyphen is a soft hyphen at its line's end in the text layer (Tagged PDF's
    # incidental word division); without them extractors give back the word exactly
    out = tmp_path / "word.pdf"
    out.write_bytes(th.build_pdf([block]))
    raw = "".join(th.extractors["pypdf"](out))
    rows = raw.split("\n")  # "See " keeps its space: a break at a space, not inside the word
    inside = [a for a, b in zip(rows, rows[1:]) if a.rstrip("\u00ad")[-1:].isalpha() and b[:1].isalpha()]
    assert len(inside) >= 3 and all(a.endswith("\u00ad") for a in inside), raw
    assert raw.count("\u00ad") == len(inside), raw
    for extractor in ("pypdf", "pdfium"):
        text = th.squash("".join(th.extractors[extractor](out)))
        assert text == th.squash("See " + word + " today"), extractor


def test_letters_run_together_longer_than_any_word_are_not_hyphenated() -> None:
    """pyphen read a run of a million letters (a 1 MB article of one "word") as a word, and total fit then
    weighed its hundreds of thousands of hyphenation points: 37 s. A run longer than any word
    (:data:`atoms.LONGEST_HYPHENATED` letters) has none, and is cut at the box edge as any unbreakable run."""
    word = "pneumonoultramicroscopicsilicovolcanoconiosis"
    assert hyphenation_points(word * 8, 0, len(word) * 8)
    long_run = word * (atoms.LONGEST_HYPHENATED // len(word) + 1)
    assert hyphenation_points(f"See {long_run} today", 0, len(long_run) + 10) == []


def test_an_unbreakable_thai_run_is_cut_without_a_hyphen(th: SimpleNamespace) -> None:
    text = "ก" * 400
    block = _typeset(text, measure=150.0)
    assert "".join(block.line_texts()) == text
    assert len(block.line_texts()) > 2
    assert all(line[-1].hyphen is None for line in block._lines)


def test_a_huge_word_finishes(tmp_path: Path) -> None:
    """Hang guard only (the tests above check the cost): a 100,000-letter word and a
    100,000-character Thai paragraph typeset in a subprocess with a generous timeout."""
    code = textwrap.dedent(
        """
        from handouts.typesetting.flowable import TextBlock
        from handouts.typesetting.spans import Span, TextStyle
        for text in ("z" * 100_000, "ภาษาไทย " * 12_500):
            block = TextBlock((Span(text, TextStyle(size=14.0)),), leading=21.0)
            block.wrap(300.0, 1e9)
            assert "".join(block.line_texts()) == text
        """
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def test_a_run_longer_than_harfbuzz_takes_is_shaped_in_pieces() -> None:
    """HarfBuzz refuses a buffer of some 550,000 characters: a 1 MB English article (within the article
    size cap) was an internal error, exit 70. A longer run is shaped in pieces; its glyphs tile it."""
    from handouts.typesetting.fonts import font_set

    text = ("Back surgery is often presented as the definitive solution for severe pain. " * 8_000)[:600_000]
    run = shaping.shape(text, font_set().face("regular"))
    assert "".join(g.text for g in run.glyphs) == text
    _clear()


@pytest.mark.parametrize("text", ["Take 2 tablets of Paracetamol, then rest. ที่นี่ ok " * 40, "AVeryLongWordWithoutSpaces" * 60])
def test_a_run_shaped_in_pieces_has_the_glyphs_of_one_shaped_whole(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Pieces are cut after a space (no glyph is shaped across one: the glyphs of the run shaped in one
    call) or, in a run without a space that long, between two ASCII letters (the same glyphs; only the
    kerning of each cut's pair is lost)."""
    from handouts.typesetting.fonts import font_set

    face = font_set().face("regular")
    whole = [(g.gid, g.text, g.advance) for g in shaping.shape(text, face).glyphs]
    shaping._CACHE.clear()
    monkeypatch.setattr(shaping, "SHAPE_PIECE", 50)
    pieces = shaping._pieces(text)
    assert max(map(len, pieces)) <= 50 and "".join(pieces) == text
    cut = [(g.gid, g.text, g.advance) for g in shaping.shape(text, face).glyphs]
    shaping._CACHE.clear()
    assert [g[:2] for g in cut] == [g[:2] for g in whole]
    kerned = sum(a != b for a, b in zip(cut, whole, strict=True))
    assert kerned == 0 if " " in text else kerned <= len(pieces) - 1


_WORDS = st.sampled_from(["ยา", "พาราเซตามอล", "ทาน", "เม็ด", "Paracetamol", "COVID-19", "mg", "OK", "ที่", "web", "500",
                          "(Chronic", "Pain)", "หลัง", "อาหาร"])  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=80), bold=st.lists(st.integers(0, 79), max_size=6),
       measure=st.sampled_from([90.0, 160.0, 300.0]))  # fmt: skip
def test_phrases_found_by_bisection_are_those_a_scan_finds(words: list[str], bold: list[int], measure: float) -> None:
    """A long paragraph's Latin phrases are found by bisection (a scan of all of them per line and per
    piece made a 300,000-character paragraph take a minute): the same phrases, per span and per line,
    as the scan found."""
    from handouts.typesetting.marks import Tag
    from handouts.typesetting.phrases import foreign_phrases

    spans: list[Span] = []
    for k, word in enumerate(words):
        spans.append(Span(word + " ", TextStyle(size=14.0, face="bold" if k in bold else "regular")))
    block = TextBlock(tuple(spans), leading=21.0, diagnostics=Diagnostics(), tag=Tag("P", Tag("Document"), lang="th"),
                      lang="th")  # fmt: skip
    block.wrap(measure, 1e9)
    phrases = block._latin()
    found = foreign_phrases("".join(s.text for s in block.spans), "th")
    scanned, start = [], 0
    for span in block.spans:  # what the scan made (no span here has a run of its own)
        end = start + len(span.text)
        scanned.append([(max(a, start) - start, min(b, end) - start, flowable._PHRASE - k)
                        for k, (a, b, _) in enumerate(found) if a < end and start < b])  # fmt: skip
        start = end
    assert (phrases or [[] for _ in block.spans]) == scanned or (phrases is None and not any(scanned))
    for line in block._lines:
        a, b = line[0].range[0], line[-1].range[1]
        assert block._has_phrase(line) == (a < 0 or b < 0 or any(x < b and a < y for x, y, _ in found))
        for atom in line:
            for part in atom.drawn():
                if phrases is not None:
                    subs = block._by_phrase(part, phrases, block._runs())  # cut where a phrase begins or ends inside it
                    inside = sorted({p for a0, b0, _ in phrases[part[0]] for p in (a0, b0) if part[6] < p < part[7]})
                    assert subs == [part] or [x[6] for x in subs] + [subs[-1][7]] == [part[6], *inside, part[7]]
                    spans_of = phrases[part[0]]
                    inside = next((r for s0, e0, r in spans_of if s0 <= part[6] and part[7] <= e0), None)
                    assert block._phrase_of(part, phrases) == (inside if len(part[3].text) == len(block.spans[part[0]].text) else None)


def test_a_paragraph_split_across_pages_reads_its_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part of a paragraph split across pages cut the whole paragraph's spans by font again, and
    looked for its foreign phrases again: a 300,000-character Lao paragraph took 134 s (Burmese 44 s,
    Khmer 35 s); now 3 s. The parts share what the paragraph found."""
    from handouts.typesetting.marks import Tag

    cut, looked = [], []
    split_by_font, foreign_phrases = flowable.split_by_font, flowable.foreign_phrases
    monkeypatch.setattr(flowable, "split_by_font", lambda *a: cut.append(1) or split_by_font(*a))
    monkeypatch.setattr(flowable, "foreign_phrases", lambda *a: looked.append(1) or foreign_phrases(*a))
    text = "ສະບາຍດີ ກິນຢາ Paracetamol 500 mg ວັນລະ 3 ເທື່ອ ຫຼັງອາຫານ. " * 150
    block = TextBlock((Span(text, TextStyle(size=14.0)),), leading=21.0, diagnostics=Diagnostics(),
                      tag=Tag("P", Tag("Document"), lang="lo"), lang="lo")  # fmt: skip
    parts, rest = [], block
    while True:
        pieces = rest.split(MEASURE, 21.0 * 4 + 1)
        if len(pieces) < 2:
            parts.append(rest)
            break
        parts.append(pieces[0])
        rest = pieces[1]
    assert len(parts) > 10
    assert "".join(t for part in parts for t in part.line_texts()) == text
    assert all(part._latin() == block._latin() for part in parts)
    assert (len(cut), len(looked)) == (1, 1)
