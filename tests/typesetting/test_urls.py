"""Printed URLs wrap only at ``/``, ``.``, ``?``, ``&``, ``#``: never inside a host-name label or
a path word, never at a hyphen (Hypothesis over random URLs full of hyphens).

Covers the typesetter (:func:`~handouts.typesetting.segment.break_opportunities` and
:class:`~handouts.typesetting.flowable.TextBlock` lines) and the URL printed under the QR code
(:class:`~handouts.layout.extras.QrCode`).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.diagnostics import Diagnostics
from handouts.layout.extras import QrCode, url_chunks
from handouts.layout.pages import Qr
from handouts.layout.styles import MM, styles_for
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.segment import break_opportunities, url_breaks
from handouts.typesetting.spans import Span, TextStyle

pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")
SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
BREAK_BEFORE = "/.?&#"

_alnum = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
# a label or path word: alphanumeric runs joined by single hyphens ("back-pain-after-surgery")
word = st.lists(_alnum, min_size=1, max_size=4).map("-".join)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https://", "http://", "https://www."]))
    host = ".".join(draw(st.lists(word, min_size=1, max_size=3)) + [draw(st.sampled_from(["example", "co.th", "org"]))])
    path = "".join("/" + w for w in draw(st.lists(word, max_size=4)))
    query = ""
    if draw(st.booleans()):
        query = "?" + "&".join(f"{k}={v}" for k, v in draw(st.lists(st.tuples(_alnum, word), min_size=1, max_size=2)))
    return scheme + host + path + query


def _check_cut(url: str, i: int) -> None:
    """A URL cut at ``i`` is at an allowed boundary."""
    assert 0 < i < len(url)
    assert url[i] in BREAK_BEFORE, f"{url[:i]} | {url[i:]}"
    assert url[i - 1] != "-" and url[i + 1 : i + 2] != "-", f"at a hyphen: {url[:i]} | {url[i:]}"
    assert url[i - 1 : i + 1] != "//" and url[i : i + 2] != "//", f"inside //: {url[:i]} | {url[i:]}"


def _host_labels(url: str) -> list[str]:
    return url.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split(".")


@SETTINGS
@given(urls())
def test_url_breaks_only_at_url_boundaries(url: str) -> None:
    breaks = url_breaks(url)
    for i in breaks:
        _check_cut(url, i)
    # every label of the host is one unbroken piece
    pieces = url_chunks(url)
    assert "".join(pieces) == url
    for label in _host_labels(url)[1:]:
        assert "." + label in pieces or any(p.startswith("." + label) for p in pieces), (label, pieces)


@SETTINGS
@given(urls(), st.sampled_from(["See {} for more.", "ดูเพิ่มเติมที่ {} ได้ตลอดเวลา", "({})", "{}"]))
def test_a_url_is_one_word_and_wraps_at_its_boundaries_only_when_wider_than_the_line(url: str, sentence: str) -> None:
    text = sentence.format(url)
    start = text.index(url)
    inside = [i - start for i in break_opportunities(text) if start < i < start + len(url)]
    assert inside == []
    soft = [i - start for i in break_opportunities(text, soft=True) if start < i < start + len(url)]
    assert soft == url_breaks(url)


@SETTINGS
@given(urls(), st.sampled_from(["en", "th"]), st.integers(min_value=1, max_value=12))
def test_a_url_that_fits_on_a_line_is_printed_whole(url: str, lang: str, words: int) -> None:
    # the words before it fill part of the first line; the URL fits on a line of its own
    lead = ("Call us or read more at " if lang == "en" else "โทรหาเราหรืออ่านเพิ่มเติมได้ที่ ") * words
    style = TextStyle(size=10)
    d = Diagnostics()
    block = TextBlock((Span(f"{lead}{url} today", style, None, lang),), leading=14, diagnostics=d)
    measure = sum(a.full for a in TextBlock((Span(url + " today", style, None, lang),), leading=14).atoms()) + 4
    block.wrap(measure, 10_000)
    lines = block.line_texts()
    assert any(url in line for line in lines), lines
    assert not {"typeset.word-split", "typeset.glue-split"} & set(d.codes())


@SETTINGS
@given(urls(), st.floats(min_value=60, max_value=300))
def test_textblock_lines_never_split_a_url_inside_a_word(url: str, measure: float) -> None:
    style = TextStyle(size=10)
    d = Diagnostics()
    block = TextBlock((Span(f"Online: {url} (updated)", style, None, "en"),), leading=14, diagnostics=d)
    widest = max(sum(a.full for a in TextBlock((Span(c, style, None, "en"),), leading=14).atoms()) for c in url_chunks(url))
    if widest > measure:
        return  # a chunk wider than the line is cut as a last resort (warned): not this property
    block.wrap(measure, 10_000)
    lines = block.line_texts()
    assert "".join(lines).replace(" ", "") == f"Online:{url}(updated)"
    offset = 0
    joined = "".join(lines)
    start = joined.index(url)
    for line in lines[:-1]:
        offset += len(line)
        if start < offset < start + len(url):
            _check_cut(url, offset - start)
    assert not {"typeset.word-split", "typeset.glue-split"} & set(d.codes())


@SETTINGS
@given(urls(), st.sampled_from(["en", "th"]), st.sampled_from(["standard", "large"]))
def test_the_url_under_the_qr_code_wraps_at_boundaries_and_fits(url: str, lang: str, profile: str) -> None:
    st_ = styles_for(lang, profile, "A5")
    d = Diagnostics()
    code = QrCode(Qr(url, "alt"), 22 * MM, st_.tiny - 1.5, st_, lang, d)
    lines = [b.line_texts() for b in code.lines]
    assert all(len(b) == 1 for b in lines), "each URL line is one typeset line"
    texts = [b[0] for b in lines]
    assert "".join(texts) == url
    offset = 0
    for text in texts[:-1]:
        offset += len(text)
        _check_cut(url, offset)
    for block in code.lines:  # every line fits the URL's column
        assert sum(a.full for a in block.atoms()) <= code.width + 0.01
    assert code.width <= code.size * 1.35 + 0.01


def test_a_long_url_under_the_qr_code_is_set_smaller_not_broken() -> None:
    st_ = styles_for("en", "standard", "A5")
    url = "https://a-very-long-host-name-with-many-hyphens-in-it.example/and-an-even-longer-path-word-here"
    d = Diagnostics()
    code = QrCode(Qr(url, "alt"), 22 * MM, st_.tiny - 1.5, st_, "en", d)
    texts = [b.line_texts()[0] for b in code.lines]
    assert texts[0] == "https://a-very-long-host-name-with-many-hyphens-in-it"
    assert "".join(texts) == url and texts[-1].endswith("/and-an-even-longer-path-word-here")
    size = code.lines[0].spans[0].style.size
    assert size < st_.tiny - 1.5
    assert "layout.url-small" in d.codes()
