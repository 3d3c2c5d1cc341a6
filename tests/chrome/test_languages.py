"""Languages → names, tags, digits and dates (CLDR through Babel) for Burmese, Khmer, Lao, Thai, English."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import get_month_names
from hypothesis import given
from hypothesis import strategies as st

from handouts.i18n.languages import (
    LANGUAGES,
    era_year,
    format_date,
    lang_tag,
    language,
    language_name,
    native_digits,
    to_ascii_digits,
)
from handouts.typesetting.scripts import BY_LANG

LANGS = ("en", "th", "my", "km", "lo")
SEA = ("my", "km", "lo")
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2300, 12, 31))


@pytest.mark.parametrize(("lang", "tag", "native"), [("my", "my-MM", "မြန်မာ"), ("km", "km-KH", "ខ្មែរ"), ("lo", "lo-LA", "ລາວ")])
def test_tags_and_names(lang: str, tag: str, native: str) -> None:
    assert lang_tag(lang) == tag
    assert language(lang).native == native
    assert language_name(lang) == f"{language(lang).english} ({native})"


def test_the_typesetting_table_agrees() -> None:
    """The script table (fonts, leading) and the language table (chrome) give the same digits and tags."""
    for lang, script in BY_LANG.items():
        assert LANGUAGES[lang].digits == script.digits
        assert LANGUAGES[lang].tag == script.lang_tag


@given(st.text(alphabet="0123456789 -:/abcXYZ", max_size=30), st.sampled_from(LANGS))
def test_native_digits_round_trip(text: str, lang: str) -> None:
    shown = native_digits(text, lang)
    assert to_ascii_digits(shown) == text
    assert len(shown) == len(text)
    if lang != "en":
        assert not any(c in "0123456789" for c in shown)
        assert all(c in LANGUAGES[lang].digits for c in shown if c.isdecimal())


@given(dates, st.sampled_from(LANGS), st.sampled_from(("gregorian", "buddhist")), st.booleans())
def test_dates_in_every_era_and_language(d: dt.date, lang: str, era: str, digits: bool) -> None:
    text = format_date(d, lang, era=era, digits=digits)  # type: ignore[arg-type]
    plain = format_date(d, lang, era=era)  # type: ignore[arg-type]
    assert to_ascii_digits(text) == plain  # the digits option changes digits only
    if digits and lang != "en":
        assert not any(c in "0123456789" for c in text)
    # CLDR's month name of the language, the day and the year of the era
    month = get_month_names("wide", locale="en_GB" if lang == "en" else lang)[d.month]
    assert month in plain
    numbers = [int(n) for n in "".join(c if c.isdigit() else " " for c in plain).split()]
    assert d.day in numbers and era_year(d.year, era) in numbers  # type: ignore[arg-type]
    assert len(numbers) == 2


def test_era_defaults_and_markers() -> None:
    d = dt.date(2026, 11, 25)
    assert format_date(d, "th") == "25 พฤศจิกายน 2569"  # Thai: the Buddhist Era, no marker (as Thai documents print)
    assert format_date(d, "th", era="gregorian") == "25 พฤศจิกายน ค.ศ. 2026"  # CLDR's era name
    assert format_date(d, "my") == "2026 နိုဝင်ဘာ 25"  # Burmese: CLDR puts the year first
    assert format_date(d, "lo", era="buddhist", digits=True) == "໒໕ ພະຈິກ ພ.ສ. ໒໕໖໙"
    assert format_date(d, "km", era="buddhist") == "25 វិច្ឆិកា ព.ស. 2569"


def test_the_cldr_table_is_babels() -> None:
    """The long date patterns, era and month names kept in the code (dates need no Babel) are the installed Babel's."""
    from babel.dates import get_date_format, get_era_names

    from handouts.i18n.languages import CLDR_DATES

    assert set(CLDR_DATES) == {"en_GB", *(code for code in LANGUAGES if code != "en")}
    for locale, (pattern, era, months) in CLDR_DATES.items():
        assert get_date_format("long", locale=locale).pattern == pattern, locale
        assert get_era_names("abbreviated", locale=locale)[1] == era, locale
        assert tuple(get_month_names("wide", "format", locale=locale)[m] for m in range(1, 13)) == months, locale


def _babel_date(d: dt.date, lang: str, era: str, digits: bool) -> str:
    """format_date as it was made through Babel before the table: the reference."""
    import re

    from babel.dates import format_date as babel_format_date
    from babel.dates import get_date_format

    rec = language(lang)
    locale = "en_GB" if lang == "en" else lang
    if era == "gregorian":
        text = babel_format_date(d, "long", locale=locale)
    else:
        year = era_year(d.year, era)  # type: ignore[arg-type]
        shown = f"{year}" if lang == "th" else f"{year} {rec.be}" if lang == "en" else f"{rec.be} {year}"
        parts = re.split(r"('(?:[^']|'')*')", get_date_format("long", locale=locale).pattern)
        pattern = "".join(p if p.startswith("'") else re.sub(r"y+", "\x00", p).replace("G ", "").replace(" G", "")
                          for p in parts)  # fmt: skip
        text = babel_format_date(d, pattern.replace("\x00", "'" + shown.replace("'", "''") + "'"), locale=locale)
    text = to_ascii_digits(text)
    return native_digits(text, lang) if digits else text


@given(dates, st.sampled_from(LANGS), st.sampled_from(("gregorian", "buddhist")), st.booleans())
def test_dates_are_babels(d: dt.date, lang: str, era: str, digits: bool) -> None:
    assert format_date(d, lang, era=era, digits=digits) == _babel_date(d, lang, era, digits)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
def test_every_month_is_babels(lang: str) -> None:
    for month in range(1, 13):
        for d in (dt.date(2026, month, 1), dt.date(999, month, 28), dt.date(2569, month, 9)):
            for era in ("gregorian", "buddhist"):
                assert format_date(d, lang, era=era) == _babel_date(d, lang, era, False)  # type: ignore[arg-type]


def test_a_language_without_a_table_entry_goes_through_babel() -> None:
    """A hand-made locales/xx that CLDR knows (German) gets Babel's long date, in either era."""
    d = dt.date(2026, 3, 4)
    assert format_date(d, "de") == "4. März 2026"
    assert format_date(d, "de", era="buddhist") == "4. März BE 2569"


def test_no_babel_for_the_table_languages() -> None:
    """A date in a language of the table imports no Babel (a cold render's 15-20 ms)."""
    import subprocess
    import sys

    code = ("import sys, datetime as dt; from handouts.i18n.languages import format_date; "
            "[format_date(dt.date(2026, 1, 2), x, era=e) for x in ('en', 'th', 'my', 'km', 'lo') "
            "for e in ('gregorian', 'buddhist')]; print(sorted(m for m in sys.modules if m.startswith('babel')))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
