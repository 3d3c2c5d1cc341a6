"""Property tests: random strings of well-formed Lao, Khmer and Burmese syllables, typeset at a
narrow measure, keep the corpus invariants (extraction, glyphs, line ends, marks).

Each script has a small syllable grammar in its Unicode storage order (Lao: UTN-less but the
Lao Unicode order; Khmer: base, coeng subscripts, register shifter, vowel, sign; Burmese:
Unicode Technical Note #11 order: kinzi, base, stacked consonant, medials ျ ြ ွ ှ, ေ, upper
and lower vowels, ာ/ါ, ံ, ့, final consonant with asat, း). Words are one to four syllables,
separated by a space or not.
"""

from __future__ import annotations

import re
import unicodedata
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def _opt(*choices: str) -> st.SearchStrategy[str]:
    return st.sampled_from(("",) + choices)


# --- Lao ---------------------------------------------------------------------------------------
LAO_INITIAL = st.sampled_from(list("ກຂຄງຈສຊຍດຕຖທນບປຜຝພຟມຢຣລວຫອຮໜໝ") + ["ຫຼ", "ຫງ", "ຫຍ", "ຫວ"])
LAO_FINAL = _opt(*"ກງດນບມຍວ")
LAO_TONE = _opt("\u0ec8", "\u0ec9", "\u0eca", "\u0ecb")


@st.composite
def lao_syllable(draw: st.DrawFn) -> str:
    initial, tone = draw(LAO_INITIAL), draw(LAO_TONE)
    form = draw(st.sampled_from(["open", "mark", "pre", "am", "cancel"]))
    if form == "open":  # ກາ ກ່າ ກະ ກາງ
        return initial + tone + draw(st.sampled_from(["າ", "ະ", "ໍ"])) + draw(LAO_FINAL)
    if form == "mark":  # vowel above or below, then tone: ກີ່ ກຸ້ງ ກັ່ນ ກົດ
        # ງ is narrow (0.37 em): Noto Sans Lao's ິ ີ ຶ ື over it reach 0.2 em to the left and
        # touch the upper vowel of the syllable before (ກິງິ); those are left to ເງິນ-like words
        vowel = draw(st.sampled_from(list("ຸູົັ" if initial == "ງ" else "ິີຶືຸູົັ")))
        final = draw(LAO_FINAL) if vowel != "ັ" else draw(st.sampled_from(list("ກງດນບມຍວ")))
        return initial + vowel + tone + final
    if form == "pre":  # ເກ ແກ້ ໂກ່ ໃຈ ໄປ ເກີດ ເຂົ້າ
        pre = draw(st.sampled_from(list("ເແໂໃໄ")))
        if pre == "ເ":
            inner = draw(st.sampled_from(["", "ີ", "ື", "ິ", "ົ"]))
            tail = "າ" if inner == "ົ" else draw(LAO_FINAL)
            return pre + initial + inner + tone + tail
        return pre + initial + tone + (draw(LAO_FINAL) if pre in "ແໂ" else "")
    if form == "am":  # ນ້ຳ ກຳ
        return initial + tone + "ຳ"
    # cancellation (ສ໌) ends a loanword: the next word starts after a space (Noto Sans Lao's ໌
    # touches the upper vowel of a narrow consonant right after it, as in ດ໌ງິ)
    return initial + draw(st.sampled_from(list("ດຕນສ"))) + "\u0ecc "


# --- Khmer -------------------------------------------------------------------------------------
KHMER_BASE = st.sampled_from(list("កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ"))
KHMER_SUB = st.sampled_from(list("កខគងចជញដតថទនបពមយរលវសហអ"))
KHMER_VOWEL = _opt(*"ាិីឹឺុូួើឿៀេែៃោៅ")


@st.composite
def khmer_syllable(draw: st.DrawFn) -> str:
    s = draw(KHMER_BASE)
    if draw(st.booleans()):
        s += "\u17d2" + draw(KHMER_SUB)
        # a third consonant is coeng ro, as in real words (ស្ត្រី, ង្ក្រ): Noto Sans Khmer puts ុ
        # on the first subscript of a made-up stack such as រ្ក្យុ
        if not s.endswith("រ") and draw(st.booleans()):
            s += "\u17d2រ"
    vowel = draw(KHMER_VOWEL)
    s += vowel
    if vowel in ("", "ា", "ុ", "េ", "ោ"):
        s += draw(_opt("ំ", "ះ"))
    if vowel == "" and not s.endswith(("ំ", "ះ")):
        s += draw(_opt("់"))
    return s + draw(_opt(*"កងញតនមយលស"))


# --- Burmese -----------------------------------------------------------------------------------
MY_BASE = st.sampled_from(list("ကခဂဃငစဆဇညဋဌဍဏတထဒဓနပဖဗဘမယရလဝသဟအ"))
MY_STACK = st.sampled_from(list("ကခဂတထဒနပဗဘမလသ"))
# consonants wide enough to carry a stacked one: under a narrow one (ရ ဂ ဒ ဝ င) the subscript is
# wider than its base and meets the next syllable's (ခ္ကရ္က); real stacks are on wide bases
MY_WIDE = "ကခစဆဇဋဌဍဏတထဓနပဖဗဘမယလသဟအ"
MY_MEDIALS = _opt("ျ", "ြ", "ွ", "ှ", "ျွ", "ြွ", "ွှ", "ျှ", "ြွှ")
KILLED = tuple(c + "်" for c in "ကငစညတနပမ")  # a final consonant with asat
# vowel (Unicode order: ေ, upper, lower, ာ/ါ) → the finals that may follow it
MY_RHYMES = {
    "": ("", "ံ", "့", "း", *KILLED),
    "ဲ": ("", "့"),
    "ု": ("", "ံ", "့", "း"),
    "ို": ("", "့", "း", "င်"),
    "ိ": ("", "န်", "မ်", "န်း"),
    "ီ": ("", "း"),
    "ူ": ("", "း"),
    "ေ": ("", "့", "း"),
    "ာ": ("", "း"),
    "ါ": ("", "း"),
    "ော": ("", "့"),
    "ေါ": ("", "့"),
    "ော်": ("",),
    "ုံ": ("", "း"),
}


@st.composite
def burmese_syllable(draw: st.DrawFn) -> str:
    s = draw(_opt("င်္")) + draw(MY_BASE)
    # after a kinzi too (ကင်္ဝ္ဘီ): Noto Sans Myanmar's kinzi ligature ran before the stack was
    # formed; instances.py repairs it (scripts/fontfix.py)
    if s[-1] in MY_WIDE and draw(st.booleans()):
        # a stacked consonant takes no medial here: Noto Sans Myanmar draws ္က + ွ on top of
        # each other (no mark-to-mark positioning; only a few pairs such as ္တွ have a ligature)
        s += "\u1039" + draw(MY_STACK)
    else:
        s += draw(MY_MEDIALS)
    vowel = draw(st.sampled_from(sorted(MY_RHYMES)))
    # ွ with ့ is one glyph whose dot reaches into the next syllable and meets a narrow ရွ there
    # (ကွဲ့ရွ): a Noto Sans Myanmar near-collision the grammar leaves out
    rhymes = [r for r in MY_RHYMES[vowel] if not ("ွ" in s and "့" in r)] if "့" not in vowel else [""]
    return s + vowel + draw(st.sampled_from(rhymes or [""]))


SYLLABLES = {"lo": lao_syllable(), "km": khmer_syllable(), "my": burmese_syllable()}


@st.composite
def text_of(draw: st.DrawFn, lang: str) -> str:
    words = draw(st.lists(st.lists(SYLLABLES[lang], min_size=1, max_size=4), min_size=1, max_size=14))
    seps = draw(st.lists(st.sampled_from(["", " "]), min_size=len(words), max_size=len(words)))
    text = " ".join("".join(w + s for w, s in zip(("".join(w) for w in words), seps)).split())
    if lang == "my":
        # a stacked pair's upper consonant closes the syllable before it (ဗုဒ္ဓ: ဗု + ဒ္ဓ), so that
        # syllable carries no ့ of its own; after one (ကို့ဋ္က, not Burmese) Noto Sans Myanmar's dot
        # meets the subscript consonant
        text = re.sub("\u1037(?=[\u1000-\u1021]\u1039)", "", text)
        # ့ then medials ွ ှ below the next base touch too (ကေါ့ဗွှ; real text such as သို့ရွှေ can
        # have it: a known Noto Sans Myanmar limit, left out here, listed in the corpus README)
        text = re.sub("\u1037(?=[\u1000-\u1021][\u103b\u103c]?[\u103d\u103e])", "", text)
        # and a word never starts with a stacked pair (PDFium then loses the space before it)
        text = re.sub("(?:^|(?<= ))([\u1000-\u1021])\u1039[\u1000-\u1021]", r"\1", text)
        # nor does the syllable after a stacked pair put anything below its base (a subscript or
        # medials ွ ှ): its ink meets the subscript before (ခ္ကဋ္က, ခ္ကင်္ဋွှ), Noto Sans Myanmar
        # near-collisions the grammar leaves out
        after_stack = "(\u1039[\u1000-\u1021][^ \u1000-\u1021]*(?:\u1004\u103a\u1039)?[\u1000-\u1021])"
        text = re.sub(after_stack + "(?:\u1039[\u1000-\u1021])?([\u103b\u103c]?)[\u103d\u103e]*", r"\1\2", text)
    if lang == "km":
        # an upper vowel, then a narrow RO with one: the two touch in Noto Sans Khmer (ករិរិ, ក្កិរិ)
        text = re.sub("(?<=[\u17b7-\u17ba])(?=\u179a[\u17b7-\u17ba])", " ", text)
    if lang == "lo":
        # an upper vowel, then narrow ງ with a tone mark: they touch in Noto Sans Lao (ກີງ໊າ)
        text = re.sub("(?<=[\u0eb4-\u0eb7])(?=\u0e87[\u0ec8-\u0ecb])", " ", text)
    return unicodedata.normalize("NFC", text)


def _check(lang: str, text: str, sea: SimpleNamespace, th: SimpleNamespace, tmp: object) -> None:
    ts = sea.typeset(lang, [text], 40)
    assert sea.glyph_problems(ts) == []
    assert sea.break_problems(ts) == []
    assert sea.mark_problems(ts) == []
    from pathlib import Path

    pdf = Path(str(tmp)) / f"{lang}.pdf"
    pdf.write_bytes(ts.pdf)
    for name in ("pypdf", "pdfium"):
        got = "\n".join(th.extractors[name](pdf))
        assert sea.extraction_problems(text, got, max_lines=len(ts.lines)) == [], name


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=text_of("lo"))
def test_random_lao_syllables(text: str, sea: SimpleNamespace, th: SimpleNamespace, tmp_path: object) -> None:
    _check("lo", text, sea, th, tmp_path)


@SETTINGS
@given(text=text_of("km"))
def test_random_khmer_syllables(text: str, sea: SimpleNamespace, th: SimpleNamespace, tmp_path: object) -> None:
    _check("km", text, sea, th, tmp_path)


@SETTINGS
@given(text=text_of("my"))
def test_random_burmese_syllables(text: str, sea: SimpleNamespace, th: SimpleNamespace, tmp_path: object) -> None:
    _check("my", text, sea, th, tmp_path)


OVER_LONG = {  # one unbreakable word wider than the 40 mm measure: cut where the typesetter must
    "lo": "ກາກາກາກຳກ໊າກຳກ່າກ",  # was cut ກ|ຳ: Lao SARA AM (U+0EB3) was not a mark to segment.is_mark
    "km": "កឿញញឿញពឿងងះក្រុមស្រ្តី",
    "my": "ကျွန်ုပ်တို့ကျန်းမာရေးစောင့်ရှောက်",
}


def test_an_over_long_word_is_cut_between_clusters(sea: SimpleNamespace) -> None:
    for lang, word in OVER_LONG.items():
        ts = sea.typeset(lang, [word * 2], 40)
        assert len(ts.lines) >= 2, lang
        assert sea.break_problems(ts) == [], lang


def test_the_checks_can_fail(sea: SimpleNamespace) -> None:
    """The checks flag what they exist to flag: a space inside a word, a lost character, a line
    cut inside a cluster, two stacked marks drawn at one place."""
    assert sea.extraction_problems("ກາກາ ກີ", "ກາ ກາ ກີ", 5)  # a space inside a word, no line end
    assert sea.extraction_problems("ກາກາ ກີ", "ກາກາ\nກີ", 5) == []  # a space may come back as a line end
    assert sea.extraction_problems("ក្រុម", "ក្រម", 5)  # a lost vowel
    assert sea.extraction_problems("ကို ကို", "ကိုကို", 5)  # a lost space
    ts = sea.typeset("lo", ["ເຊື້ອ"], 40)
    stacked = [i for i in ts.lines[0].ink if i.advance == 0]
    assert len(stacked) == 2 and sea.mark_problems(ts) == []
    stacked[1].y0, stacked[1].y1 = stacked[0].y0, stacked[0].y1  # the tone mark left on the vowel
    assert sea.mark_problems(ts)


def test_a_cut_word_starts_its_own_line(sea: SimpleNamespace) -> None:
    """A word wider than the line is cut only on a line of its own (CSS overflow-wrap): a line
    that holds a break opportunity never ends inside a cut word (the short word before it keeps
    its own line rather than join the cut word's first piece)."""
    texts = {
        "lo": ["ກຳຜ່ຳຫງ່ຳງຸກກ່າກກ່ຳເຜ", "ກາກາກາກ່ຳກ່າກໜະກ່ຳຈຶດ"],  # found by the property test above
        "km": ["ក " + OVER_LONG["km"] * 2],
        "my": ["က " + OVER_LONG["my"] * 2],
    }
    for lang, paras in texts.items():
        ts = sea.typeset(lang, paras, 40)
        assert sea.break_problems(ts) == [], lang


# a consonant that closes the syllable before it: Burmese asat or virama after it (ဖ်, မ္), Khmer
# bantoc, robat, toandakhiat or viriam (ក់, ម៌, ណ៍); a dot below or register shifter may come between
_FINAL = re.compile("[\u1000-\u1021\u1780-\u17a2][\u1037\u17c9\u17ca]?[\u103a\u1039\u17cb\u17cc\u17cd\u17d1]")


def _line_starts_on_a_final(text: str) -> list[str]:
    from handouts.typesetting.segment import break_opportunities, grapheme_breaks

    finals = {m.start() for m in _FINAL.finditer(text)}
    return [f"{text[:i]}|{text[i:]}" for i in sorted(set(break_opportunities(text)) | set(grapheme_breaks(text)))
            if i in finals]  # fmt: skip


def _words_of(syllable: st.SearchStrategy[str]) -> st.SearchStrategy[list[list[str]]]:
    return st.lists(st.lists(syllable, min_size=1, max_size=5), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(words=st.one_of(_words_of(burmese_syllable()), _words_of(khmer_syllable())))
def test_no_line_starts_with_a_final_consonant(words: list[list[str]]) -> None:
    """A final consonant belongs to the syllable before it: neither a word break (ICU cuts a word
    its dictionary lacks into clusters: ဆော့|ဖ်|ဝဲ, ကို|ဗ|စ်, ក្លា|ក់) nor the last-resort cut of an
    over-long word starts a line with it."""
    text = unicodedata.normalize("NFC", " ".join("".join(w) for w in words))
    assert _line_starts_on_a_final(text) == []


@pytest.mark.parametrize("word", ["ဆော့ဖ်ဝဲ", "ကိုဗစ်", "ဘလော့ဂ်", "ဝက်ဘ်ဆိုက်", "မက်ဖော်မင်", "ပြည်ထောင်စုသမ္မတ",
                                  "ក្លាក់វីស", "ហ្វាក់ប៊ុកឡាក់", "ឧទាហរណ៍", "ព័ត៌មាន"])  # fmt: skip
def test_loanwords_keep_their_final_consonants(word: str) -> None:
    assert _line_starts_on_a_final(word) == []


def test_the_final_consonant_check_can_fail() -> None:
    assert _FINAL.search("ဆော့ဖ်ဝဲ").start() == 4 and not _FINAL.search("ကိုဗီ")
