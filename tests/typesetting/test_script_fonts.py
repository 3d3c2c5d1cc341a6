"""Lao, Khmer and Burmese: their own fonts (static instances of the shipped Noto), ICU breaks,
exact extraction, and refusal of characters no shipped font draws."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from handouts.errors import FontError
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.fonts import check_drawable, font_set, split_by_font, undrawable
from handouts.typesetting.scripts import OWN_FONT, for_lang
from handouts.typesetting.scripts import instances as inst
from handouts.typesetting.scripts.icu_breaks import boundaries
from handouts.typesetting.segment import NO_BREAK_AFTER, break_opportunities
from handouts.typesetting.spans import Span, TextStyle

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = {
    "lo": "ກະລຸນາກິນຢາຕາມທີ່ທ່ານໝໍສັ່ງ. ຖ້າມີອາການແພ້ຢາ ໃຫ້ຢຸດກິນຢາ ແລະ ໄປພົບແພດທັນທີ.",
    "km": "សូមលេបថ្នាំតាមវេជ្ជបញ្ជារបស់គ្រូពេទ្យ។ ប្រសិនបើមានអាការៈអាឡែហ្ស៊ី សូមឈប់លេបថ្នាំ ហើយទៅជួបគ្រូពេទ្យភ្លាម។",
    "my": "ဆရာဝန်ညွှန်ကြားသည့်အတိုင်း ဆေးကို မှန်မှန်သောက်ပါ။ ဆေးမတည့်လျှင် ဆေးသောက်ခြင်းကို ရပ်ပြီး ဆရာဝန်နှင့် ချက်ချင်းပြပါ။",
}


def _block(text: str, width: float = 220) -> tuple[bytes, TextBlock]:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width + 20, 500), invariant=1)
    b = TextBlock((Span(text, TextStyle(size=16)),), leading=28)
    b.wrap(width, 500)
    b.drawOn(c, 10, 490 - b.height)
    c.showPage()
    c.save()
    return buf.getvalue(), b


@pytest.mark.parametrize("tag", sorted(OWN_FONT))
def test_script_font_is_a_static_instance_with_a_matched_size(tag: str) -> None:
    fs = font_set()
    for key in ("regular", "bold"):
        face = fs.face(key, tag)
        data = face.path.read_bytes()
        assert b"fvar" not in data[:2048], "a static font (no variation table)"
        assert 0.95 <= face.scale <= 1.2
    assert fs.face("regular", tag).path != fs.face("bold", tag).path
    letter = OWN_FONT[tag].letter
    assert fs.face("regular", tag).covers(letter) and not fs.faces["regular"].covers(letter)


def test_instances_are_cached_atomically_and_keyed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDOUTS_FONT_CACHE", str(tmp_path / "fonts"))
    inst.static_instance.cache_clear()
    try:
        path = inst.static_instance("notosanslao", "regular")
        assert path.parent == tmp_path / "fonts" and "400" in path.name and "ft" in path.name
        first = path.read_bytes()
        assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file left"
        inst.static_instance.cache_clear()
        assert inst.static_instance("notosanslao", "regular").read_bytes() == first
    finally:
        inst.static_instance.cache_clear()


def test_an_instance_in_the_cache_folder_makes_no_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The private folder is for when the cache folder cannot be written; each Burmese, Khmer or
    Lao render made one in /tmp and left it there."""
    monkeypatch.setenv("HANDOUTS_FONT_CACHE", str(tmp_path / "fonts"))

    def no_folder(*args: object, **kwargs: object) -> str:
        raise AssertionError("a temporary folder was made")

    monkeypatch.setattr(inst.tempfile, "mkdtemp", no_folder)
    inst.static_instance.cache_clear()
    inst._private_dir.cache_clear()
    try:
        assert inst.static_instance("notosanslao", "regular").parent == tmp_path / "fonts"
    finally:
        inst.static_instance.cache_clear()
        inst._private_dir.cache_clear()


def test_a_private_instance_folder_is_removed_at_exit(tmp_path: Path) -> None:
    """An unwritable cache folder: the instance goes to a folder of the process's own, gone when it ends."""
    import os
    import subprocess
    import sys

    (tmp_path / "file").write_text("not a folder")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "HANDOUTS_FONT_CACHE": str(tmp_path / "file" / "fonts"), "TMPDIR": str(temp),
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    code = "from handouts.typesetting.scripts import instances as i; print(i.static_instance('notosanslao', 'regular'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert Path(out.strip()).is_relative_to(temp)  # it was made there
    assert not [p.name for p in temp.iterdir() if p.name.startswith("handouts-fonts-")]


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_sample_spans_are_drawn_by_their_script_font_and_extract_exactly(lang: str) -> None:
    text = SAMPLES[lang]
    tag = for_lang(lang).tag  # type: ignore[union-attr]
    spans = split_by_font((Span(text, TextStyle()),))
    assert {s.style.font for s in spans} == {tag}
    data, block = _block(text)
    assert len(block.line_texts()) >= 2
    got = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert re.sub(r"\s", "", got) == re.sub(r"\s", "", text)


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_lines_end_at_icu_break_opportunities(lang: str) -> None:
    text = SAMPLES[lang]
    _, block = _block(text, 160)
    icu = set(boundaries(text, lang))
    pos = 0
    for line in block.line_texts()[:-1]:
        pos += len(line)
        assert pos in icu, (line, text[pos:])


def test_mixed_line_uses_the_body_font_for_latin() -> None:
    spans = split_by_font((Span("Paracetamol ຢາ 500 mg", TextStyle(face="bold")),))
    assert [(s.text, s.style.font, s.style.face) for s in spans] == [
        ("Paracetamol ", "", "bold"), ("ຢາ 500 ", "Laoo", "bold"), ("mg", "", "bold"),
    ]  # fmt: skip


def test_undrawable_names_each_character_once() -> None:
    assert undrawable("ok ✓ ★ ສະບາຍດີ ក ကနमन") == ["म", "न"]
    with pytest.raises(FontError) as e:
        check_drawable("नमस्ते, यह एक परीक्षण है।", path="a.md", line=3)
    msg = str(e.value)
    assert msg.startswith("a.md:3: no shipped font draws U+0928 'न'") and "Devanagari" in msg
    assert msg.count("U+0928") == 1


def test_shipped_text_is_drawable() -> None:
    """Every character of the shipped articles, catalogs and templates has a font."""
    for folder in ("articles", "locales", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".md", ".po", ".pot", ".j2"):
                assert undrawable(path.read_text("utf-8")) == [], path


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_no_break_inside_a_stacked_cluster(lang: str) -> None:
    text = SAMPLES[lang]
    for i in break_opportunities(text):
        assert text[i - 1] not in NO_BREAK_AFTER
        assert i in boundaries(text, lang, "grapheme")


LAO_SYLLABLE = st.builds(
    lambda c, v, t: c + v + t,
    st.sampled_from("ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮ"),
    st.sampled_from(["", "ະ", "າ", "ິ", "ີ", "ຶ", "ື", "ຸ", "ູ", "ັ", "ົ", "ໍ"]),
    st.sampled_from(["", "່", "້", "໊", "໋"]),
)


@settings(max_examples=30, deadline=None)
@given(st.lists(LAO_SYLLABLE, min_size=1, max_size=40))
def test_random_lao_syllables_extract_exactly(syllables: list[str]) -> None:
    text = "".join(syllables)
    data, block = _block(text, 120)
    assert "".join(block.line_texts()) == text
    got = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert re.sub(r"\s", "", got) == text


def test_a_script_font_first_used_in_a_fresh_process_is_registered() -> None:
    """One block of Khmer in a process that has typeset nothing else (a batch worker)."""
    import subprocess
    import sys

    code = (
        "import io\nfrom reportlab.pdfgen.canvas import Canvas\n"
        "from handouts.typesetting.flowable import TextBlock\nfrom handouts.typesetting.spans import Span\n"
        "c = Canvas(io.BytesIO())\nb = TextBlock((Span('ថ្មីៗ'),), leading=20)\nb.wrap(200, 100)\n"
        "b.drawOn(c, 0, 0)\nc.showPage()\nc.save()\nprint('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]


def test_an_alias_of_a_code_point_is_made_per_font() -> None:
    """The aliases that keep a phantom in its neighbour's subset are per font: a code point several
    fonts draw (a space, a ZWNJ, a digit) aliased in a Burmese document and then in a Khmer one
    got the Burmese font's alias, which the Khmer font does not know (ReportLab assigns it no
    code: a KeyError, exit 70, on the second of two such documents in one process)."""
    from reportlab.pdfbase import pdfmetrics

    from handouts.typesetting import _pdftext
    from handouts.typesetting.fonts import register_face

    fonts = []
    for tag in ("Mymr", "Khmr"):
        face = font_set().face("regular", tag)
        register_face(face)
        fonts.append(pdfmetrics.getFont(face.name))
    for code in (0x20, 0x200C, ord("5")):
        aliases = [_pdftext._alias(f, code, 7) for f in fonts]
        for f, alias in zip(fonts, aliases):
            assert f.face.charToGlyph[alias] == f.face.charToGlyph[code]


def test_instances_live_in_the_cache_folder_under_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ``HANDOUTS_FONT_CACHE`` the instances go to ``fonts`` in ``HANDOUTS_CACHE_DIR`` (they
    went to the user's home folder whatever that said): counted in ``cache info`` and under the
    cap, never evicted (a process keeps an instance's path) nor cleared."""
    from handouts.typesetting import diskcache

    monkeypatch.delenv("HANDOUTS_FONT_CACHE", raising=False)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    inst.static_instance.cache_clear()
    try:
        path = inst.static_instance("notosanslao", "regular")
        assert path.parent == tmp_path / "cache" / "fonts"
        size = path.stat().st_size
        assert diskcache.info()["font_bytes"] == size
        diskcache.put(diskcache.key("an entry"), b"x" * 1000)
        assert diskcache.info()["entries"] == 1
        assert diskcache.evict(limit=size) == 1, "the entry goes: the instance alone fills the cap"
        assert path.is_file() and diskcache.info()["entries"] == 0
        diskcache.put(diskcache.key("another"), b"y" * 10)
        assert diskcache.clear() == 1 and path.is_file()
    finally:
        inst.static_instance.cache_clear()
