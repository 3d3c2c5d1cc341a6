"""Latin phrases in Thai text are a change of natural language (PDF/UA-1): each is a ``Span`` with
``/Lang en-US``; numbers and units are not; the text layer stays exactly the source."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf
import pypdf
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from handouts.pdf.tagging import Tagger
from handouts.pipeline import RenderContext, render
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.fonts import font_set, register_reportlab
from handouts.typesetting.marks import Tag, attach
from handouts.typesetting.spans import Span, TextStyle
from tests.conftest import REPO
from tests.pdf import ua_checker

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed")  # fmt: skip

THAI = st.sampled_from(["ผู้ป่วย", "กลุ่มอาการ", "ควรทำ", "กายภาพบำบัด", "ยา", "วันละ", "ครั้ง", "ปวดหลัง"])
LATIN = st.lists(st.sampled_from(["Failed", "Back", "Surgery", "Syndrome", "Physiotherapy", "pain", "CPSS", "pH"]),
                 min_size=1, max_size=4).map(" ".join)  # fmt: skip
DOSE = st.tuples(st.integers(1, 999), st.sampled_from(["mg", "ml", "cm", "kg", "mmHg"])).map(lambda t: f"{t[0]} {t[1]}")
# (kind, text): Thai words, a Latin phrase in brackets or alone between spaces, a dose
SEGMENT = st.one_of(THAI.map(lambda t: ("th", t)), LATIN.map(lambda t: ("en", t)), DOSE.map(lambda t: ("dose", t)))


def _source(segments: list[tuple[str, str, bool]]) -> tuple[str, list[str]]:
    """The paragraph and its Latin phrases, in order: a phrase is set off by brackets or spaces."""
    text, phrases = "", []
    loose = False  # the last segment was a phrase between spaces: the next such one continues it
    for kind, words, bracketed in segments:
        if kind == "en":
            if loose and not bracketed:
                phrases[-1] += f" {words}"
            else:
                phrases.append(words)
            text += f"({words})" if bracketed else f" {words} "
        elif kind == "dose":
            text += f" {words} "
        else:
            text += words
        loose = kind == "en" and not bracketed
    return " ".join(text.split()), phrases


def _tagged_line(text: str, lang: str = "th") -> bytes:
    """The paragraph (in ``lang``) as a tagged P on one line (a page wide enough for it)."""
    register_reportlab(font_set())
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(4000, 60), invariant=1, initialFontName="Sarabun")
    tagger = Tagger(canv)
    attach(canv, tagger)
    block = TextBlock((Span(text, TextStyle(size=14), None, lang),), leading=20, tag=Tag("P", Tag("Document")))
    block.wrap(3980, 60)
    assert len(block.line_texts()) == 1
    block.drawOn(canv, 10, 20)
    canv.showPage()
    tagger.finish(canv)
    canv.save()
    return buf.getvalue()


def _spans(data: bytes) -> list[tuple[str, str]]:
    """(the /Lang, the text) of every Span in reading order: poppler's structure text gives the
    text of each element, pikepdf its /Lang (both walk the tree in the same order)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.pdf"
        path.write_bytes(data)
        lines = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()  # fmt: skip
    texts: list[str] = []
    inside = -1  # the indent of the Span being read
    for line in lines:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if inside >= 0 and indent <= inside:
            inside = -1
        if stripped.startswith("Span"):
            texts.append("")
            inside = indent
        elif inside >= 0 and stripped.startswith('"'):
            texts[-1] += stripped[1:-1]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        langs = [str(e.get("/Lang", "")) for e in ua_checker.elements(pdf) if str(e.S) == "/Span"]
    assert len(langs) == len(texts)
    return list(zip(langs, texts, strict=True))


@needs_poppler
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(SEGMENT, st.booleans()).map(lambda s: (s[0][0], s[0][1], s[1])), min_size=1, max_size=7))
@example([("th", "กลุ่มอาการ", False), ("en", "Failed Back Surgery Syndrome", True), ("th", "ควรทำ", False),
          ("en", "Physiotherapy", True), ("dose", "500 mg", False), ("en", "pH", False)])  # fmt: skip
def test_latin_phrases_in_thai_are_spans_in_english(segments: list[tuple[str, str, bool]]) -> None:
    text, phrases = _source(segments)
    data = _tagged_line(text)
    assert _spans(data) == [("en-US", p) for p in phrases]
    # the text layer is the source, no space added or lost where a phrase begins or ends
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")  # fmt: skip
    assert raw.strip() == text
    assert pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().strip() == text


def test_a_phrase_is_found_across_spans_but_not_in_a_web_address() -> None:
    """A phrase with a word in bold is one Span; the printed URL under the QR code and a Thai
    block's English fallback (already /Lang en-US) get none."""
    register_reportlab(font_set())
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(4000, 60), invariant=1, initialFontName="Sarabun")
    tagger = Tagger(canv)
    attach(canv, tagger)
    spans = (Span("อาการ (Failed ", TextStyle(size=14), None, "th"), Span("Back", TextStyle(face="bold", size=14), None, "th"),
             Span(" Surgery) ดู demo-clinic.example/handouts", TextStyle(size=14), None, "th"))  # fmt: skip
    block = TextBlock(spans, leading=20, tag=Tag("P", Tag("Document")))
    block.wrap(3980, 60)
    block.drawOn(canv, 10, 20)
    canv.showPage()
    tagger.finish(canv)
    canv.save()
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils not installed")
    assert _spans(buf.getvalue()) == [("en-US", "Failed Back Surgery")]


@needs_poppler
def test_demo_handout_marks_its_english_terms() -> None:
    """The Thai demo handout: its English terms are Spans in English, it still passes the
    checker, and its structure text is unchanged by them (the phrases are in it, once)."""
    data = render("back-pain-after-surgery", "demo", "th", RenderContext(REPO)).pdf
    assert ua_checker.check(data) == []
    spans = [t for lang, t in _spans(data) if lang == "en-US"]
    assert spans and all(t.replace(" ", "").replace("-", "").isascii() for t in spans)
    tagged = ua_checker.struct_text(data)
    assert all(t.strip() in tagged for t in spans)
    assert not any(t == "mg" or "demo" in t or "example" in t for t in spans)



# words of each language, and the tag its Span gets when it is quoted in text of another script
WORDS = {
    "en": ["take", "your", "medicine", "Physiotherapy", "pain"],
    "my": ["ဆေးသောက်ပါ", "ကျန်းမာရေး", "ဆရာဝန်"],
    "km": ["សូមលេបថ្នាំ", "មន្ទីរពេទ្យ"],
    "lo": ["ກິນຢາ", "ໂຮງໝໍ"],
    "th": ["กินยา", "ปวดหลัง"],
}
TAGS = {"en": "en-US", "my": "my-MM", "km": "km-KH", "lo": "lo-LA", "th": "th-TH"}
WORD = st.sampled_from([(lang, w) for lang, words in WORDS.items() for w in words])


@needs_poppler
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block=st.sampled_from(["en", "lo", "my"]), words=st.lists(WORD, min_size=1, max_size=8))
@example(block="en", words=[("en", "take"), ("my", "ဆေးသောက်ပါ"), ("en", "or"), ("th", "กินยา"), ("th", "ปวดหลัง")])
def test_words_of_another_script_are_spans_in_their_language(block: str, words: list[tuple[str, str]]) -> None:
    """An English paragraph that quotes Burmese, Khmer, Lao or Thai words switches language for
    them, as a Thai one that quotes English does: each run of them (words parted by spaces) is a
    Span with its language's /Lang (a screen reader read ဆေးသောက်ပါ with an English voice); the
    block's own script gets none; the text layer stays the source."""
    text = " ".join(w for _, w in words)
    expected: list[tuple[str, str]] = []
    last = block
    for lang, w in words:
        if lang != block and lang == last:
            expected[-1] = (expected[-1][0], f"{expected[-1][1]} {w}")
        elif lang != block:
            expected.append((TAGS[lang], w))
        last = lang
    data = _tagged_line(text, block)
    assert _spans(data) == expected
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode("utf-8")  # fmt: skip
    assert raw.strip() == text


def _script_phrases_char_by_char(text: str, own: str | None) -> list[tuple[int, int, str]]:
    """What :func:`handouts.typesetting.phrases._script_phrases` finds, read a character at a time
    (how it was written before it became one regular expression)."""
    from handouts.typesetting.scripts import LANGUAGES, script_of

    out: list[tuple[int, int, str]] = []
    start = end = -1
    tag = ""
    for i, ch in enumerate(text):
        script = script_of(ch) if ord(ch) >= 0x0E00 else ""
        if script in LANGUAGES and script != own:
            if start >= 0 and script == tag and all(c in " \u00a0\u200b" for c in text[end:i]):
                end = i + 1
                continue
            if start >= 0:
                out.append((start, end, tag))
            start, end, tag = i, i + 1, script
    if start >= 0:
        out.append((start, end, tag))
    return [(a, b, LANGUAGES[t]) for a, b, t in out if any(c.isalpha() for c in text[a:b])]


_PIECES = ["กินยา", "ຢາ", "ថ្នាំ", "ဆေး", "၅၀၀", "๒", "៥", "Take", "500", " ", "\u00a0", "\u200b", "  ", ", ", "\u0e31",
           "\ua9e0", "\u19e0", "(", "-"]  # fmt: skip


@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=14), own=st.sampled_from([None, "Thai", "Laoo", "Khmr", "Mymr"]))
def test_words_of_another_script_are_found_as_read_a_character_at_a_time(pieces: list[str], own: str | None) -> None:
    from handouts.typesetting.phrases import _script_phrases

    text = "".join(pieces)
    assert _script_phrases(text, own) == _script_phrases_char_by_char(text, own)
