"""A number and the word that counts it stay together in Burmese, Khmer and Lao (issue 14).

``ဆေး ၅၀၀ |မီလီဂရမ်`` (500 | milligrams at a line end) was possible: the keep-together rule knew
Thai words and Latin units only. Now every counting word of
:data:`handouts.typesetting.scripts.units.COUNTING_WORDS` after a number (native or ASCII
digits, a space or none) is kept with it and whole, unless the pair is wider than the line.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.units import format_unit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.i18n.languages import Era, format_date
from handouts.typesetting.flowable import TextBlock
from handouts.typesetting.scripts import BY_LANG
from handouts.typesetting.scripts.units import COUNTING_WORDS
from handouts.typesetting.segment import break_opportunities
from handouts.typesetting.spans import Span, TextStyle

SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# a word of the language before the dose, and one after it (medicine; take)
CONTEXT = {"my": ("ဆေး", "သောက်ပါ"), "km": ("ថ្នាំ", "លេបថ្នាំ"), "lo": ("ຢາ", "ກິນຢາ")}


def _pieces(text: str) -> list[str]:
    cuts = [0, *break_opportunities(text), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def _dose(lang: str, digits: str, space: str, word: str) -> tuple[str, int, int]:
    """A sentence with a dose, and where the dose (number, space, counting word) is in it."""
    before, after = CONTEXT[lang]
    dose = digits + space + word
    text = f"{before} {dose} {after}"
    start = len(before) + 1
    return text, start, start + len(dose)


@pytest.mark.parametrize(
    ("text", "dose"),
    [
        ("ဆေး ၅၀၀ မီလီဂရမ် သောက်ပါ", "၅၀၀ မီလီဂရမ်"),  # the report: a break before မီလီဂရမ်
        ("တစ်နေ့ ၃ ကြိမ် သောက်ပါ", "၃ ကြိမ်"),
        ("ថ្នាំ ៥០០ មីលីក្រាម ៣ ដង ក្នុងមួយថ្ងៃ", "៥០០ មីលីក្រាម"),  # and ICU's មី|លី|ក្រាម
        ("ថ្នាំ 500មីលីក្រាម", "500មីលីក្រាម"),
        ("ຢາ ໕໐໐ ມິລລິກຣາມ ມື້ລະ 3 ເທື່ອ", "໕໐໐ ມິລລິກຣາມ"),
        ("ຢາ ໕໐໐ ມິລລິກຣາມ ມື້ລະ 3 ເທື່ອ", "3 ເທື່ອ"),
        # Khmer typed with a ZERO WIDTH SPACE after every word: a word separator, not a licence
        # to part a dose from its unit
        ("ថ្នាំ\u200b៥០០\u200bមីលីក្រាម\u200b៣\u200bដង", "៥០០\u200bមីលីក្រាម"),
        ("ថ្នាំ\u200b៥០០\u200bមីលីក្រាម\u200b៣\u200bដង", "៣\u200bដង"),
        ("ဆေး ½ ပြား သောက်ပါ", "½ ပြား"),  # a fraction is a number
        ("ថ្នាំ ១½ គ្រាប់", "១½ គ្រាប់"),
        ("ຢາ ½ເມັດ", "½ເມັດ"),
    ],
)
def test_examples(text: str, dose: str) -> None:
    start = text.index(dose)
    assert not [b for b in break_opportunities(text) if start < b < start + len(dose)], _pieces(text)


@SETTINGS
@given(st.data())
def test_a_number_keeps_its_counting_word(data: st.DataObject) -> None:
    lang = data.draw(st.sampled_from(sorted(COUNTING_WORDS)))
    word = data.draw(st.sampled_from(COUNTING_WORDS[lang]))
    digits = data.draw(st.text(st.sampled_from("0123456789" + BY_LANG[lang].digits), min_size=1, max_size=4))
    space = data.draw(st.sampled_from(["", " ", "  ", "\u200b", " \u200b"]))
    text, start, end = _dose(lang, digits, space, word)
    inside = [b for b in break_opportunities(text) if start < b < end]
    assert not inside, _pieces(text)


@pytest.mark.parametrize("lang", sorted(COUNTING_WORDS))
@pytest.mark.parametrize(
    "unit",
    ["mass-milligram", "mass-gram", "volume-milliliter", "duration-day", "duration-hour",
     "duration-minute", "duration-week", "duration-month", "duration-year"],
)  # fmt: skip
def test_cldr_unit_names_are_counting_words(lang: str, unit: str) -> None:
    """The table has CLDR's own names (long and short) for each dose and duration unit that is
    written in the language's script (the short ``mg`` of Burmese is Latin: a Latin unit)."""
    for width in ("long", "short"):
        name = format_unit(5, unit, width, locale=lang).split("5", 1)[1].strip("\u00a0 ")
        if not name.isascii() and "μ" not in name:
            assert name in COUNTING_WORDS[lang], (width, name)


def _measured(text: str) -> tuple[TextBlock, float]:
    block = TextBlock((Span(text, TextStyle(size=14)),), leading=25)
    return block, sum(a.full for a in block.atoms())


@SETTINGS
@given(st.data())
def test_a_dose_is_not_broken_when_it_fits_the_line(data: st.DataObject) -> None:
    lang = data.draw(st.sampled_from(sorted(COUNTING_WORDS)))
    word = data.draw(st.sampled_from(["မီလီဂရမ်", "ပြား"] if lang == "my" else
                                      ["មីលីក្រាម", "គ្រាប់"] if lang == "km" else ["ມິລລິກຣາມ", "ເມັດ"]))  # fmt: skip
    digits = data.draw(st.sampled_from(["500", BY_LANG[lang].digits[5] + BY_LANG[lang].digits[0] * 2, "2"]))
    space = data.draw(st.sampled_from([" ", "\u200b"]))
    text, start, end = _dose(lang, digits, space, word)
    text = f"{text} {text}"
    block, total = _measured(text)
    dose_width = max(a.trimmed for a in block.atoms() if text[start:end] in a.text)
    measure = data.draw(st.floats(min_value=dose_width + 0.5, max_value=total))
    block.wrap(measure, 10_000)
    ends, pos = [], 0
    for line in block.line_texts()[:-1]:
        pos += len(line)
        ends.append(pos)
    for s, e in ((start, end), (start + len(text) // 2 + 1, end + len(text) // 2 + 1)):
        assert text[s:e] == text[start:end]
        assert not [p for p in ends if s < p < e], block.line_texts()


@pytest.mark.parametrize(("lang", "word"), [("my", "မီလီဂရမ်"), ("km", "មីលីក្រាម"), ("lo", "ມິລລິກຣາມ")])
def test_a_dose_wider_than_the_line_may_break(lang: str, word: str) -> None:
    """The never-overflow fallback, as in Thai: a kept group wider than the line is cut, and no
    line is wider than the measure."""
    text, start, end = _dose(lang, "500", " ", word)
    _, dose_width = _measured(text[start:end])
    measure = max(_measured("500 ")[1], _measured(word)[1]) + 0.5
    assert measure < dose_width
    block, _ = _measured(text)
    block.wrap(measure, 10_000)
    assert "".join(block.line_texts()) == text
    assert f"500 \n{word}" in "\n".join(block.line_texts())
    assert all(sum(a.full for a in line[:-1]) + line[-1].trimmed <= measure + 1e-6 for line in block._lines)
    assert block.diagnostics.codes() == ["typeset.glue-split"]


@pytest.mark.parametrize("lang", sorted(COUNTING_WORDS))
@pytest.mark.parametrize("era", [None, "buddhist"])
@pytest.mark.parametrize("digits", [False, True])
@pytest.mark.parametrize("day", [dt.date(2026, 11, 1), dt.date(2027, 1, 25), dt.date(2026, 5, 9)])
def test_a_date_stays_whole(lang: str, era: Era | None, digits: bool, day: dt.date) -> None:
    """A date as handouts prints it (``1 ພະຈິກ 2026``, ``2026 နိုဝင်ဘာ 1``, ``1 វិច្ឆិកា ព.ស. 2569``)
    has no line break inside it (``1 | ພະຈິກ 2026`` could break); the word after it still may."""
    date = format_date(day, lang, era=era, digits=digits)
    before, after = CONTEXT[lang]
    text = f"{before} {date} {after}"
    start = len(before) + 1
    breaks = break_opportunities(text)
    assert not [b for b in breaks if start < b < start + len(date)], _pieces(text)
    assert start + len(date) + 1 in breaks, _pieces(text)


def test_thai_and_latin_text_never_compile_the_counting_words() -> None:
    """The pattern of every Burmese, Khmer and Lao counting word and month takes ~15 ms to
    compile: a paragraph without a letter of those scripts (a Thai or English handout) never
    needs it. Checked in a fresh process, where nothing else has compiled it."""
    code = (
        "from handouts.typesetting import segment as s\n"
        "s.break_opportunities('ยาพาราเซตามอล 500 มก. ทุก 6 ชั่วโมง 1 มกราคม 2569 take 2 tablets')\n"
        "s.break_opportunities('ยา 500 มก.', soft=True); s.label_glue('โทร 1669 ได้ฟรี', 0, 15)\n"
        "print(s._counting_word.cache_info().currsize, s._counted_number.cache_info().currsize)\n"
        "s.break_opportunities('ဆေး ၅၀၀ မီလီဂရမ်')\n"
        "print(s._counting_word.cache_info().currsize, s._counted_number.cache_info().currsize)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}  # this checkout's handouts
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["0 0", "1 1"], out
