"""Real, cited health text in Burmese, Khmer and Lao (``corpus/{my,km,lo}_health.txt``) typeset at
two measures and read back: extraction identical to the source (pdftotext, pypdf, PDFium), no
missing glyph, every line end at an ICU break opportunity and outside any cluster, no mark
collisions, no colliding lines. Sources and licences: ``corpus/README.md``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

WIDTHS_MM = (60, 120)
CASES = [(lang, w) for lang in ("my", "km", "lo") for w in WIDTHS_MM]
_CACHE: dict[tuple[str, int], object] = {}


@pytest.fixture(params=CASES, ids=[f"{lang}-{w}mm" for lang, w in CASES])
def typeset(request: pytest.FixtureRequest, sea: SimpleNamespace) -> object:
    """Each corpus typeset once per measure (cached for the session: the tests only read it)."""
    key = request.param
    if key not in _CACHE:
        lang, width = key
        _CACHE[key] = sea.typeset(lang, sea.paragraphs(lang), width)
    return _CACHE[key]


@pytest.mark.parametrize("lang", ["my", "km", "lo"])
def test_corpus_is_real_text_of_its_script(lang: str, sea: SimpleNamespace) -> None:
    """Each corpus: 1,500–4,000 characters of NFC text, mostly its own script, paragraphs of one line."""
    import unicodedata

    from handouts.typesetting.scripts import for_lang, script_of

    paras = sea.paragraphs(lang)
    text = "".join(paras)
    assert 1500 <= len(text) <= 4000
    assert unicodedata.normalize("NFC", text) == text
    assert all("\n" not in p and "\t" not in p and "  " not in p for p in paras)
    tag = for_lang(lang).tag  # type: ignore[union-attr]
    own = sum(script_of(c) == tag for c in text)
    assert own > 0.75 * len(text.replace(" ", ""))


@pytest.mark.parametrize("extractor", ["pdftotext", "pypdf", "pdfium"])
def test_extraction_is_the_source(typeset: SimpleNamespace, extractor: str, sea: SimpleNamespace,
                                  th: SimpleNamespace, tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    pdf = tmp_path_factory.mktemp("sea") / "corpus.pdf"
    pdf.write_bytes(typeset.pdf)
    got = "\n".join(th.extractors[extractor](pdf))
    source = "\n".join(typeset.paragraphs)
    problems = sea.extraction_problems(source, got, max_lines=len(typeset.lines))
    assert problems == [], "\n".join(problems)


def test_no_missing_glyphs(typeset: SimpleNamespace, sea: SimpleNamespace) -> None:
    assert sea.glyph_problems(typeset) == []
    drawn = sum(len(line.ink) for line in typeset.lines)
    assert drawn > len("".join(typeset.paragraphs)) / 3  # the record is not empty


def test_lines_end_at_icu_break_opportunities(typeset: SimpleNamespace, sea: SimpleNamespace) -> None:
    assert len(typeset.lines) > len(typeset.paragraphs)  # the measure makes lines break
    assert sea.break_problems(typeset) == []


def test_no_mark_collisions(typeset: SimpleNamespace, sea: SimpleNamespace) -> None:
    assert sea.mark_problems(typeset) == []


def test_lines_do_not_collide(typeset: SimpleNamespace, sea: SimpleNamespace) -> None:
    """The script's leading keeps the lowest ink of a line above the highest ink of the next."""
    clearance = sea.line_clearance(typeset)
    assert clearance, "no consecutive lines measured"
    assert min(clearance) > 0, f"lines collide by {-min(clearance):.2f} pt"
