"""What numbers a text writes: the numbers of a source and of its translation, as the gate's number
and unit rules (:mod:`handouts.i18n.rules`) compare them.

Digits of every script are read as ASCII (:func:`ascii_digits`); a number written again in another
spelling after "or" is named once (:func:`mentions`); a time of day (``08:00``) and numbers joined by
a slash (``1/2``, ``120/80``) are one value each; a phone number is its digit groups in their order
(:func:`regrouped_phones`); units are read after a number (:func:`with_units`); Thai number words are
read as whole words without a dictionary (:func:`thai_number_words`, :func:`counted_thai_words`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection

# a number; numbers joined by a slash are one value, in their order (1/2 is not 2/1, 120/80 not 80/120)
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?:/[0-9]+(?:[.,][0-9]+)*)*")
PY_FORMAT = re.compile(r"%(?:\((?P<name>\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_NAMED_FORMAT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


DIGIT_SCRIPTS = "Thai ๐-๙, Lao ໐-໙, Khmer ០-៩, Burmese ၀-၉ and every other Unicode decimal digit"

# units in the sources' and the translations' words → one canonical name
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "mg": ("mg", "milligram", "milligrams", "มก.", "มก", "มิลลิกรัม"),
    "g": ("g", "gram", "grams", "กรัม", "ก."),
    "kg": ("kg", "kilogram", "kilograms", "kilo", "kilos", "กก.", "กก", "กิโลกรัม", "กิโล"),
    "mcg": ("mcg", "µg", "μg", "microgram", "micrograms", "มคก.", "ไมโครกรัม"),
    "ml": ("ml", "mL", "millilitre", "millilitres", "milliliter", "milliliters", "cc", "มล.", "มล", "มิลลิลิตร", "ซีซี", "ลบ.ซม.", "ลบ.ซม"),
    "l": ("l", "L", "litre", "litres", "liter", "liters", "ลิตร"),
    "%": ("%", "percent", "per cent", "เปอร์เซ็นต์", "เปอร์เซนต์"),
    "mmhg": ("mmHg", "มม.ปรอท", "มิลลิเมตรปรอท"),
    "cm": ("cm", "centimetre", "centimetres", "centimeter", "centimeters", "ซม.", "ซม", "เซนติเมตร", "เซนต์"),
    "mm": ("mm", "millimetre", "millimetres", "millimeter", "millimeters", "มม.", "มม", "มิลลิเมตร"),
    "minute": ("min", "mins", "minute", "minutes", "นาที"),
    "hour": ("h", "hr", "hrs", "hour", "hours", "ชม.", "ชม", "ชั่วโมง"),
    "day": ("day", "days", "วัน"),
    "week": ("week", "weeks", "wk", "wks", "สัปดาห์", "อาทิตย์"),
    "month": ("month", "months", "เดือน", "ด."),
    "year": ("year", "years", "yr", "yrs", "ปี", "ขวบ"),
    "second": ("sec", "secs", "second", "seconds", "วินาที"),
    "°c": ("°C", "° C", "degrees", "degrees Celsius", "celsius", "องศา", "องศาเซลเซียส", "เซลเซียส", "°ซ.", "°ซ", "องศาซี"),
    "°f": ("°F", "° F", "degrees Fahrenheit", "fahrenheit", "องศาฟาเรนไฮต์", "ฟาเรนไฮต์"),
    "iu": ("IU", "units", "unit", "ยูนิต", "หน่วย"),
    # household measures: a tablespoon is three teaspoons (a well-known cause of overdoses of syrups)
    "tsp": ("tsp", "tsp.", "teaspoon", "teaspoons", "teaspoonful", "teaspoonfuls", "ช้อนชา", "ชช."),
    "tbsp": ("tbsp", "tbsp.", "tablespoon", "tablespoons", "tablespoonful", "tablespoonfuls", "ช้อนโต๊ะ", "ชต."),
}
# Burmese, Khmer and Lao: the unit words and counting words (classifiers) of
# handouts.typesetting.scripts.units.COUNTING_WORDS (CLDR's unit names and the words in common use;
# a test keeps the two tables alike), each under its unit, and the classifiers under a name no English
# source writes (tablet, times…): a number given one is given no unit of the source. Left out, as they
# name two units or are a word's first letters: Lao ຊມ (hours and cm), ມ., ປ, ວິ; Khmer សម, មម; metres (ម៉ែត្រ, ແມັດ: no
# English unit here).
SEA_UNIT_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "my": {"mg": ("မီလီဂရမ်",), "mcg": ("မိုက်ခရိုဂရမ်", "မိုက်ခရို ဂရမ်"), "g": ("ဂရမ်",), "kg": ("ကီလိုဂရမ်", "ကီလို"),
           "ml": ("မီလီလီတာ", "စီစီ"), "l": ("လီတာ",), "iu": ("ယူနစ်",), "tablet": ("ပြား", "လုံး", "တောင့်"),
           "spoon": ("ဇွန်း",), "tsp": ("လက်ဖက်ရည်ဇွန်း",), "tbsp": ("စားပွဲဇွန်း",), "drop": ("စက်",), "cup": ("ခွက်",), "packet": ("ထုပ်",),
           "bottle": ("ပုလင်း",), "times": ("ကြိမ်", "ခါ"), "day": ("ရက်", "နေ့"), "hour": ("နာရီ",), "minute": ("မိနစ်",),
           "second": ("စက္ကန့်",), "week": ("ပတ်",), "month": ("လ",), "year": ("နှစ်",), "cm": ("စင်တီမီတာ",),
           "mm": ("မီလီမီတာ",), "°c": ("ဒီဂရီ စင်တီဂရိတ်", "ဒီဂရီ"), "%": ("ရာခိုင်နှုန်း",)},
    "km": {"mg": ("មិល្លីក្រាម", "មីលីក្រាម"), "mcg": ("មីក្រូក្រាម",), "g": ("ក្រាម",), "kg": ("គីឡូក្រាម", "គីឡូ"),
           "ml": ("មិល្លីលីត្រ", "មីលីលីត្រ"), "l": ("លីត្រ",), "iu": ("ឯកតា",), "tablet": ("គ្រាប់",),
           "spoon": ("ស្លាបព្រា",), "tsp": ("ស្លាបព្រាកាហ្វេ",), "tbsp": ("ស្លាបព្រាបាយ",), "drop": ("តំណក់", "ដំណក់"), "cup": ("កែវ", "ពែង"),
           "packet": ("កញ្ចប់",), "bottle": ("ដប",), "times": ("ដង",), "day": ("ថ្ងៃ",), "hour": ("ម៉ោង",),
           "minute": ("នាទី",), "second": ("វិនាទី",), "week": ("សប្ដាហ៍", "សប្តាហ៍", "អាទិត្យ"), "month": ("ខែ",),
           "year": ("ឆ្នាំ",), "cm": ("សង់ទីម៉ែត្រ", "ស.ម"), "mm": ("មិល្លីម៉ែត្រ",), "°c": ("អង្សាសេ", "អង្សា"),
           "%": ("ភាគរយ",)},
    "lo": {"mg": ("ມິນລີກຣາມ", "ມິນລິກຣາມ", "ມິລລິກຣາມ", "ມກ"), "g": ("ກຣາມ", "ກຼາມ", "ກຼ"), "kg": ("ກິໂລກຣາມ", "ກິໂລ", "ກລ"),
           "ml": ("ມິນລີລິດ", "ມິນລິລິດ", "ມິລລິລິດ", "ມລ"), "l": ("ລິດ",), "iu": ("ຫົວໜ່ວຍ",),
           "tablet": ("ເມັດ", "ແຄັບຊູນ", "ແຄບຊູນ"), "spoon": ("ບ່ວງ",), "tsp": ("ບ່ວງກາເຟ",), "tbsp": ("ບ່ວງແກງ",),
           "drop": ("ຢອດ",), "cup": ("ຈອກ", "ແກ້ວ"),
           "packet": ("ຊອງ",), "bottle": ("ຂວດ",), "times": ("ເທື່ອ", "ຄັ້ງ"), "day": ("ມື້", "ວັນ"), "hour": ("ຊົ່ວໂມງ",),
           "minute": ("ນາທີ", "ນທ"), "second": ("ວິນາທີ",), "week": ("ອາທິດ", "ອທ."), "month": ("ເດືອນ", "ດ."),
           "year": ("ປີ",), "cm": ("ຊັງຕີແມັດ",), "mm": ("ມິນລິແມັດ", "ມມ"), "°c": ("ອົງສາ",), "%": ("ເປີເຊັນ",)},
}  # fmt: skip
# units of a dose: a translation that gives one to a number the source writes without a unit changes the dose
DOSE_UNITS = frozenset(("mg", "g", "kg", "mcg", "ml", "l", "iu", "tsp", "tbsp"))
_UNIT_OF = {w.lower(): unit for unit, words in UNIT_WORDS.items() for w in words}
_UNIT_OF |= {w: unit for table in SEA_UNIT_WORDS.values() for unit, words in table.items() for w in words}
# a unit word is whole: no Latin letter after it, no Burmese, Khmer or Lao vowel sign or mark, no Burmese
# consonant closed by an asat (လ, months, is not the first letter of လက်, a hand)
_UNIT_AFTER = re.compile(
    r"\s*(" + "|".join(re.escape(w) for w in sorted(_UNIT_OF, key=len, reverse=True)) + r")"
    r"(?![A-Za-z\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d"
    r"\u108f\u109a-\u109d\u17b6-\u17d3\u17dd\u0eb0-\u0ebc\u0ec8-\u0ecd]|[\u1000-\u102a][\u1039\u103a])",
    re.I,
)
# the words between a range's numbers, in each language ("to": Lao ຫາ, ເຖິງ; Khmer ដល់, ទៅ; Burmese မှ) or a choice's
_RANGE = re.compile(r"\s*(?:-|–|—|~|to|or|ถึง|หรือ|ຫາ|ເຖິງ|ຫຼື|ដល់|ទៅ|ឬ|မှ|သို့မဟုတ်)\s*", re.I)
# "between 500 and 1000 mg" is a range too (English, Thai, Lao, Khmer): its "and" only after "between"; Burmese
# says "between" after the range (၅၀၀ နှင့် ၁၀၀၀ မီလီဂရမ်ကြား)
BETWEEN = r"(?:\bbetween|ระหว่าง|ລະຫວ່າງ|ចន្លោះ)"
AND = r"(?:\band\b|&|และ|กับ|ແລະ|ກັບ|និង|နှင့်|နဲ့)"
BETWEEN_AFTER = r"[^\s\d]{0,24}?\s*ကြား"
_BETWEEN_BEFORE = re.compile(BETWEEN + r"\s*$", re.I)
_BETWEEN_AFTER = re.compile(r"\s*" + BETWEEN_AFTER)
_AND = re.compile(rf"\s*%?\s*{AND}\s*", re.I)
# a dose per body weight or a strength per volume: "10 mg/kg", "5 mg per ml", "10 มก./กก.", "10 มก. ต่อ กก."
# is one unit, "mg/kg" (its "kg" changed to "g" is a thousand times the dose); per day, per hour are not
# (วันละ 500 มก. says 500 mg per day as well)
_PER = re.compile(r"\s*(?:/|per\b|ต่อ)", re.I)
PER_UNITS = frozenset(("kg", "g", "ml", "l"))
# Thai "ร้อยละ 40" is 40 %, and so is each number of "ร้อยละ 15 ถึง 40"
_PERCENT_BEFORE = re.compile(r"ร้อยละ\s*(?:[\d.,]+\s*(?:ถึง|-|–|—|และ|หรือ)\s*)*$")

_THAI_DIGIT_WORDS = {"ศูนย์": 0, "หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6,
                     "เจ็ด": 7, "แปด": 8, "เก้า": 9}  # fmt: skip
_THAI_POWERS = {"สิบ": 10, "ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000, "ล้าน": 1_000_000}
_THAI_NUMBER_WORD = re.compile(
    "(?:" + "|".join(sorted([*_THAI_DIGIT_WORDS, *_THAI_POWERS], key=len, reverse=True)) + ")+"
)


def ascii_digits(text: str) -> str:
    """Every decimal digit of any script as an ASCII digit.

    >>> ascii_digits("๓ ၃ ៣ ໓ ٣ 3")
    '3 3 3 3 3 3'
    """
    if text.isascii() or not _OTHER_DIGIT.search(text):  # most translations: no digit to convert
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


# a decimal digit (Unicode category Nd, as str.isdecimal) other than 0-9: found by the regex
# engine, not by a Python loop over every character of every translation (the gate of a cold render)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


# a time of day (08:00, 8:30, 20:00), and in a translation 08.00 where the source has 08:00 (Thai writes
# 08.00 น.): one value, H:MM, not two numbers
_TIME = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])([:.])([0-5]\d)(?![\d:]|[.,]\d)")


def _clock_times(digits: str, dotted: Collection[str] = ()) -> tuple[str, list[str]]:
    """A text (ASCII digits) with its times of day blanked (as long as before), and those times as
    ``H:MM``; a time written with a dot only where ``dotted`` (the source's times) has it.

    >>> _clock_times("at 08:00 and 8.30, 20.00 น.", {"20:00"})
    ('at       and 8.30,       น.', ['8:00', '20:00'])
    """
    found: list[str] = []

    def blank(m: re.Match[str]) -> str:
        value = f"{int(m.group(1))}:{m.group(3)}"
        if m.group(2) == "." and value not in dotted:
            return m.group(0)
        found.append(value)
        return " " * len(m.group(0))

    return (_TIME.sub(blank, digits) if ":" in digits or dotted else digits), found


# a time of day on the 12-hour clock, in the forms that are surely one: "8 a.m.", "8:30 p.m.", "8 PM", "8 pm"
_MERIDIEM = re.compile(r"(?<![\d:.,])(1[0-2]|0?[1-9])(?::([0-5]\d))?(?:\s?([ap])\.m\.|\s?([AP])M\b|\s?([ap])m\b)")


def _on_24(m: re.Match[str]) -> str:
    """One of :data:`_MERIDIEM`'s matches as ``H:MM`` on the 24-hour clock (8 p.m. is 20:00)."""
    hour = int(m.group(1)) % 12 + (12 if (m.group(3) or m.group(4) or m.group(5)).lower() == "p" else 0)
    return f"{hour}:{m.group(2) or '00'}"


def meridiem(msgid: str, msgstr: str) -> tuple[str, str]:
    """Both texts with their 12-hour times of day written on the 24-hour clock, as ``H:MM``: always
    one with minutes (8:30 p.m. is 20:30); one without (8 p.m.) where the other text writes that
    time (20:00, 20.00 น.), else left as it is (8 p.m. may be written 8 in words of the day's part).

    >>> meridiem("at 8 a.m. and 8:30 p.m.", "เวลา 08.00 น. และ 20.30 น.")
    ('at 8:00 and 20:30', 'เวลา 08.00 น. และ 20.30 น.')
    >>> meridiem("at 8 p.m.", "เวลา 08:00 น.")
    ('at 8 p.m.', 'เวลา 08:00 น.')
    """
    def on_24(text: str, other: str) -> str:
        if not _MERIDIEM.search(text):
            return text

        def replace(m: re.Match[str]) -> str:
            value = _on_24(m)
            if m.group(2) or value in _clock_times(ascii_digits(other), (value,))[1]:
                return value
            return m.group(0)

        return _MERIDIEM.sub(replace, text)

    return on_24(msgid, msgstr), on_24(msgstr, msgid)


# Thai's six-hour clock, as patients say the time: 2 ทุ่ม (8 p.m.), ตี 5 (5 a.m.), บ่าย 2 โมง (2 p.m.),
# 4 โมงเย็น (4 p.m.), 8 โมงเช้า (8 a.m.), เที่ยง (noon), เที่ยงคืน (midnight); ครึ่ง after one is half past.
# "2 โมงเช้า" is left alone: 8 a.m. on the old clock, 2 a.m. to some readers.
_TH_HOUR = r"(\d{1,2}|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบเอ็ด|สิบ)"
_TH_HOURS = {"หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9, "สิบ": 10,
             "สิบเอ็ด": 11}  # fmt: skip
_TH_CLOCK = re.compile(
    rf"(?<![\d.:])(?:{_TH_HOUR}\s?ทุ่ม|ตี\s?{_TH_HOUR}|บ่าย\s?{_TH_HOUR}?\s?โมง|{_TH_HOUR}\s?โมง\s?(เย็น|เช้า)"
    r"|(เที่ยงคืน|เที่ยงวัน|เที่ยง))(\s?ครึ่ง)?(?![\d.:])"
)


def _thai_clock_value(m: re.Match[str]) -> str | None:
    """The 24-hour ``H:MM`` of one of :data:`_TH_CLOCK`'s matches (None: not a time it is sure of)."""
    def n(g: str | None, default: int = 0) -> int:
        return default if g is None else _TH_HOURS.get(g) or int(g)

    night, late, afternoon, hour, part, noon, half = m.groups()
    if night is not None:
        h = 18 + n(night) if 1 <= n(night) <= 5 else None
    elif late is not None:
        h = n(late) if 1 <= n(late) <= 5 else None
    elif m.group(0).startswith("บ่าย"):
        h = 12 + n(afternoon, 1) if 1 <= n(afternoon, 1) <= 5 else None
    elif hour is not None:
        k = n(hour)
        h = (12 + k if 4 <= k <= 6 else None) if part == "เย็น" else (k if 6 <= k <= 11 else None)
    else:
        h = 0 if noon == "เที่ยงคืน" else 12
    return None if h is None else f"{h}:{'30' if half else '00'}"


def thai_clock(text: str, other: str) -> str:
    """``text`` with its times on Thai's six-hour clock written ``H:MM`` (24-hour) where ``other``
    (the source, or the translation) writes that time: on the 24-hour clock (20:00, 20.00 น.) or the
    12-hour one (8 p.m.). Another time is left as it is, and its numbers then differ.

    >>> thai_clock("กินยาตอน 2 ทุ่ม และตี 5 ครึ่ง", "Take it at 8 p.m. and 5:30 a.m.")
    'กินยาตอน 20:00 และ5:30'
    >>> thai_clock("กินยาตอน 3 ทุ่ม", "Take it at 8 p.m.")
    'กินยาตอน 3 ทุ่ม'
    """
    if not _TH_CLOCK.search(text):
        return text
    plain = ascii_digits(other)
    times = set(_clock_times(plain, {f"{h}:{m:02d}" for h in range(24) for m in (0, 30)})[1])
    times.update(_on_24(m) for m in _MERIDIEM.finditer(plain))

    def replace(m: re.Match[str]) -> str:
        value = _thai_clock_value(m)
        return value if value is not None and value in times else m.group(0)

    return _TH_CLOCK.sub(replace, text)


def numbers(text: str, dotted: Collection[str] = ()) -> list[str]:
    """The numbers of a text (digits of every script read as ASCII; thousands separators ignored).

    >>> numbers("500 มก. วันละ ๓ ครั้ง, 1,000 mg, 2.5, ၁၀, 2½")
    ['500', '3', '1000', '2.5', '10', '2', '½']
    """
    plain, times = _clock_times(ascii_digits(PY_FORMAT.sub(" ", text)), dotted)
    out = [re.sub(r"(?<=\d),(?=\d{3}\b)", "", n) for n in _NUMBER.findall(plain)] + times
    if not text.isascii():  # a fraction, superscript or circled number (½ ² ①) is a number too: "2½ เม็ด"
        out.extend(c for c in text if c.isnumeric() and unicodedata.category(c) in ("No", "Nl"))
    return out


# a minus sign written on a number: after no digit or Latin letter (not a range's dash, "5-10", a
# phone's or date's, "02-123-4567", nor a name's, "COVID-19"), right before the digits
_SIGNED = re.compile(r"(?<![0-9A-Za-z.,\-−])[-−](?=\d)")


def signed(text: str) -> Counter[str]:
    """The numbers of a text written with a minus sign (a temperature below zero; a dose never).

    >>> dict(signed("-20 °C, 5-10 mg, COVID-19, โทร 02-123-4567, ลด −๓"))
    {'20': 1, '3': 1}
    """
    digits = ascii_digits(PY_FORMAT.sub(" ", text))
    return Counter(m for s in _SIGNED.finditer(digits) for m in _NUMBER.findall(digits[s.end() :])[:1])


# between two spellings of one value that name it once: "1,669 or 1669", "1669 (๑๖๖๙)", "500 mg / 500 มก."
_SPELLED_AGAIN = re.compile(r"\s*(?:or|หรือ|/|\()\s*", re.I)


def mentions(text: str, dotted: Collection[str] = ()) -> Counter[str]:
    """How many times the text names each number: every writing counts, but the same value written
    again in another spelling right after ``or``, ``/`` or ``(`` (and the same unit) names it once.

    >>> sorted(mentions("Call 1,669 or 1669; 2 tablets 2 times; 1669 (๑๖๖๙); ½").items())
    [('1669', 2), ('2', 2), ('½', 1)]
    """
    plain = PY_FORMAT.sub(" ", text)
    digits, times = _clock_times(ascii_digits(plain), dotted)  # (as long as ``plain``: one ASCII digit a digit)
    out: Counter[str] = Counter(times)
    last: tuple[str, str, str, int] | None = None  # (value, spelling, unit, end) of the previous number
    for m in _NUMBER.finditer(digits):
        value = re.sub(r"(?<=\d),(?=\d{3}\b)", "", m.group(0))
        spelling = plain[m.start() : m.end()]
        unit = _UNIT_AFTER.match(digits, m.end())
        unit_name = _UNIT_OF[unit.group(1).lower()] if unit else ""
        if last is not None and last[0] == value and last[1] != spelling and last[2] == unit_name:
            between = digits[last[3] : m.start()]
            before = _UNIT_AFTER.match(between)
            if _SPELLED_AGAIN.fullmatch(between, before.end() if before else 0):
                last = (value, spelling, unit_name, m.end())
                continue
        out[value] += 1
        last = (value, spelling, unit_name, m.end())
    if not text.isascii():
        out.update(c for c in text if c.isnumeric() and unicodedata.category(c) in ("No", "Nl"))
    return out


def with_units(text: str, dotted: Collection[str] = ()) -> dict[str, set[str]]:
    """Number → the units written right after it (``%`` also from Thai ``ร้อยละ N``).

    >>> sorted(with_units("500 mg twice, 40% and ร้อยละ 15, 3 เดือน").items())
    [('15', {'%'}), ('3', {'month'}), ('40', {'%'}), ('500', {'mg'})]
    """
    out: dict[str, set[str]] = {}
    for n, units in _unit_occurrences(text, dotted):
        if units:
            out.setdefault(n, set()).update(units)
    return out


def dose_order(text: str, dotted: Collection[str] = ()) -> dict[str, list[str]]:
    """Each dose unit → the numbers written with it, in the order written.

    >>> dose_order("10 mg in the morning, 5 mg at night, 2 tablets, 1-2 ml")
    {'mg': ['10', '5'], 'ml': ['1', '2']}
    """
    out: dict[str, list[str]] = {}
    for n, units in _unit_occurrences(text, dotted):
        for u in sorted(units):
            if u.split("/")[0] in DOSE_UNITS:
                out.setdefault(u, []).append(n)
    return out


def unit_counts(text: str, dotted: Collection[str] = ()) -> Counter[tuple[str, str]]:
    """How many times each number is written with each unit: "500 mg, then 500 mg" has (500, mg) twice.

    >>> sorted(unit_counts("500 mg, then 500 mg; 6-8 hours").items())
    [(('500', 'mg'), 2), (('6', 'hour'), 1), (('8', 'hour'), 1)]
    """
    return Counter((n, u) for n, units in _unit_occurrences(text, dotted) for u in units)


def _unit_occurrences(text: str, dotted: Collection[str]) -> list[tuple[str, set[str]]]:
    """Each number written, in order, with the units written right after it; the numbers of a range
    or a choice share the unit written after the last: "6-8 hours", "2 or 3 days", "between 500 and
    1000 mg"."""
    plain = ascii_digits(_NAMED_FORMAT.sub(" ", text).replace("%%", "%"))  # "40% of" is not a format
    plain = _clock_times(plain, dotted)[0]
    found: list[tuple[str, set[str], re.Match[str]]] = []
    for m in _NUMBER.finditer(plain):
        units: set[str] = set()
        after = _UNIT_AFTER.match(plain, m.end())
        if after:
            unit = _UNIT_OF[after.group(1).lower()]
            per = _PER.match(plain, after.end())
            below = _UNIT_AFTER.match(plain, per.end()) if per else None
            if below and _UNIT_OF[below.group(1).lower()] in PER_UNITS:
                unit = f"{unit}/{_UNIT_OF[below.group(1).lower()]}"
            units.add(unit)
        if _PERCENT_BEFORE.search(plain, 0, m.start()):
            units.add("%")
        found.append((re.sub(r"(?<=\d),(?=\d{3}\b)", "", m.group(0)), units, m))
    for (_, units, m), (_, later, m2) in reversed(list(zip(found, found[1:], strict=False))):
        if later and (_RANGE.fullmatch(plain, m.end(), m2.start())
                      or (_AND.fullmatch(plain, m.end(), m2.start())
                          and (_BETWEEN_BEFORE.search(plain, 0, m.start()) or _BETWEEN_AFTER.match(plain, m2.end())))):
            units.update(later)
    return [(n, units) for n, units, _ in found]


def thai_number_words(text: str) -> list[int]:
    """The numbers written as Thai words: whole words (:func:`_thai_number_runs`), not the letters of
    another word (ห้าม "do not" is not ห้า 5, สามารถ "can" not สาม 3, เก้าอี้ "chair" not เก้า 9).

    >>> thai_number_words("ทานยาสามเม็ด วันละสองครั้ง นานยี่สิบเอ็ดวัน หนึ่งร้อยห้าสิบ")
    [3, 2, 21, 150]
    >>> thai_number_words("ห้ามทานยาเกินขนาด สามารถนั่งบนเก้าอี้ได้")
    []
    """
    return [n for run, _ in _thai_number_runs(text) for n in _thai_number_value(run)]


def _thai_number_value(run: str) -> list[int]:
    """The number of a run of Thai number words (``[]`` for ศูนย์ alone read as no number).

    >>> _thai_number_value("ยี่สิบเอ็ด"), _thai_number_value("หนึ่งร้อยห้าสิบ")
    ([21], [150])
    """
    out = []
    if run:
        words = re.findall("|".join(sorted([*_THAI_DIGIT_WORDS, *_THAI_POWERS], key=len, reverse=True)), run)
        total, digit = 0, None
        for w in words:
            if w in _THAI_DIGIT_WORDS:
                digit = _THAI_DIGIT_WORDS[w]
                if w == "ยี่":
                    digit = 2
            else:
                total += (1 if digit is None else digit) * _THAI_POWERS[w]
                digit = None
        total += digit or 0
        if words != ["ศูนย์"] or total == 0:
            out.append(total)
    return out


def _thai_number_runs(text: str) -> list[tuple[str, str]]:
    """The runs of Thai number words (สาม, ยี่สิบเอ็ด) that are whole words, each with the counter or unit
    written after it (``""`` for none): a run followed by the end, a space, a character of another
    script, or a counter or unit (เม็ด, ครั้ง, วัน, มก.…) that is a whole word itself. Not the letters of
    a longer word: สามารถ ("can", a vowel follows), ห้ามกิน ("do not eat": ห้า, then มก followed by a vowel),
    เก้าอี้ (a chair), ห้ามทาน (ห้า followed by a Thai letter that starts no counter). Read without a
    dictionary (``i18n check`` loads no typesetting library); Thai writes a count before its counter.

    >>> _thai_number_runs("ทานยาสามเม็ด วันละสองครั้ง นานยี่สิบเอ็ดวัน หนึ่งร้อยห้าสิบ")
    [('สาม', 'เม็ด'), ('สอง', 'ครั้ง'), ('ยี่สิบเอ็ด', 'วัน'), ('หนึ่งร้อยห้าสิบ', '')]
    >>> _thai_number_runs("ห้ามทานยา ห้ามกิน สามารถนั่งบนเก้าอี้ได้ ข้อหนึ่งต่อไปนี้")
    []
    """
    out = []
    for m in _THAI_NUMBER_WORD.finditer(text):
        after = text[m.end() : m.end() + 1]
        if (after and after in _THAI_FOLLOWING) or text[max(m.start() - 1, 0) : m.start()] in _THAI_LEADING:
            continue  # the run begins or ends inside a syllable: the letters of another word
        counter = _THAI_COUNTER.match(text, m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip()))
        if counter or not after or not "\u0e01" <= after <= "\u0e5b":
            out.append((m.group(0), counter.group(0) if counter else ""))
    return out


# vowel signs and tone marks that continue a syllable, and the vowels written before its consonant
_THAI_FOLLOWING = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
# the words a count is written before in Thai (ครั้ง times, เม็ด tablets, วัน days…): a number word before
# one of them is a count, not a word (หนึ่งใน "one of", ข้อหนึ่ง "any one")
_THAI_COUNTERS = ("ครั้ง", "หน", "เม็ด", "แคปซูล", "ช้อน", "หยด", "ซอง", "มื้อ", "ขวด", "หลอด", "แผ่น",
                  *(w for words in UNIT_WORDS.values() for w in words if not w.isascii()))  # fmt: skip
_THAI_COUNTER = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(dict.fromkeys(_THAI_COUNTERS), key=len, reverse=True))
                           + ")(?![\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])")  # fmt: skip
_ENGLISH_NUMBERS = {w: n for n, w in enumerate(("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                                 "eleven", "twelve"), 2)}  # fmt: skip
_ENGLISH_NUMBERS |= {"one": 1, "once": 1, "twice": 2, "thrice": 3, "twenty": 20, "thirty": 30}


def english_numbers(text: str) -> Counter[str]:
    """The numbers a text writes as English words.

    >>> sorted(english_numbers("Take one tablet twice a day for two weeks, not often").items())
    [('1', 1), ('2', 2)]
    """
    return Counter(str(_ENGLISH_NUMBERS[w]) for w in re.findall(r"[a-z]+", text.lower()) if w in _ENGLISH_NUMBERS)


# a count written as a word of its own: "twice", "thrice", "two times" (a count of one, "once", is not: Thai
# writes วันละครั้ง, "once a day", with no number at all); not a comparison ("twice as common", "three times
# more", สองเท่า)
_COUNT_WORDS = re.compile(r"\b(twice|thrice|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+times)\b"
                          r"(?!\s+(?:as|more|less|fewer|the|that|higher|lower|greater|larger|smaller|longer|bigger|over)\b)",
                          re.I)  # fmt: skip


def english_counts(text: str) -> Counter[str]:
    """The counts of two or more a text writes as English words: twice, thrice, "three times".

    >>> sorted(english_counts("2 tablets twice a day, three times a week, once, two tablets").items())
    [('2', 1), ('3', 1)]
    """
    return Counter(str(_ENGLISH_NUMBERS[m.group(1).split()[0].lower()]) for m in _COUNT_WORDS.finditer(text))


# Burmese, Khmer and Lao number words (two to ten) before the word for "times" (the classifiers of
# SEA_UNIT_WORDS[lang]["times"]): a count written as a word, နှစ်ကြိမ် / ពីរដង / ສອງເທື່ອ, twice
_SEA_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "my": {"နှစ်": 2, "သုံး": 3, "လေး": 4, "ငါး": 5, "ခြောက်": 6, "ခုနစ်": 7, "ရှစ်": 8, "ကိုး": 9, "ဆယ်": 10},
    "km": {"ពីរ": 2, "បី": 3, "បួន": 4, "ប្រាំ": 5, "ប្រាំមួយ": 6, "ប្រាំពីរ": 7, "ប្រាំបី": 8, "ប្រាំបួន": 9, "ដប់": 10},
    "lo": {"ສອງ": 2, "ສາມ": 3, "ສີ່": 4, "ຫ້າ": 5, "ຫົກ": 6, "ເຈັດ": 7, "ແປດ": 8, "ເກົ້າ": 9, "ສິບ": 10},
}  # fmt: skip
# the word begins a word: after no letter or mark of its script (Burmese ဆယ့်နှစ် is 12, not 2), in Lao also
# after ລະ, "per" (ມື້ລະສອງເທື່ອ, twice a day: Lao writes no space there)
_SEA_COUNT = {
    lang: re.compile(
        before + "(" + "|".join(sorted(words, key=len, reverse=True)) + r")\s*(?:"
        + "|".join(sorted(SEA_UNIT_WORDS[lang]["times"], key=len, reverse=True)) + ")"
    )
    for lang, words, before in (("my", _SEA_NUMBER_WORDS["my"], "(?<![\u1000-\u109f])"),
                                ("km", _SEA_NUMBER_WORDS["km"], "(?<![\u1780-\u17ff])"),
                                ("lo", _SEA_NUMBER_WORDS["lo"], "(?:(?<![\u0e80-\u0eff])|(?<=ລະ))"))
}  # fmt: skip


def counted_sea_words(msgstr: str, lang: str) -> Counter[str]:
    """The counts of two or more a Burmese, Khmer or Lao translation writes as a word before its word
    for "times" (``Counter()`` for another language).

    >>> counted_sea_words("တစ်နေ့ နှစ်ကြိမ်, ဆယ့်နှစ်ကြိမ်", "my"), counted_sea_words("ມື້ລະສອງເທື່ອ", "lo")
    (Counter({'2': 1}), Counter({'2': 1}))
    >>> counted_sea_words("ថ្ងៃ ប្រាំបីដង", "km")
    Counter({'8': 1})
    """
    found = _SEA_COUNT.get(lang.split("_")[0])
    if found is None:
        return Counter()
    words = _SEA_NUMBER_WORDS[lang.split("_")[0]]
    return Counter(str(words[m.group(1)]) for m in found.finditer(msgstr))


def counted_thai_words(msgstr: str) -> Counter[str]:
    """The counts of two or more a Thai translation writes in words: a number word before a counter
    or a unit (สองครั้ง twice, สามวัน three days; not ข้อหนึ่ง, "any one", or สี่เหลี่ยม, "square").

    >>> sorted(counted_thai_words("ทาน 2 เม็ด วันละสามครั้ง นานสองสัปดาห์ ข้อหนึ่ง หนึ่งเม็ด").items())
    [('2', 1), ('3', 1)]
    """
    out: Counter[str] = Counter()
    if _THAI_NUMBER_WORD.search(msgstr):
        for run, after in _thai_number_runs(msgstr):
            value = _thai_number_value(run)
            if len(value) == 1 and value[0] >= 2 and after:
                out[str(value[0])] += 1
    return out


def loose_thai_number_words(text: str) -> list[int]:
    """The numbers of every run of Thai number words' letters not inside a syllable (no vowel sign or
    tone mark after it): ทั้งสี่ด้าน has 4; may also read a word's letters (ห้าม "do not" as 5).

    >>> loose_thai_number_words("ติดเทปให้ครบทั้งสี่ด้าน สามารถ")
    [4]
    """
    return [n for m in _THAI_NUMBER_WORD.finditer(text) if text[m.end() : m.end() + 1] not in _THAI_FOLLOWING
            for n in _thai_number_value(m.group(0))]  # fmt: skip


# digit groups joined by one space, dot or hyphen: "02 123 4567", "+66 2-123-4567", "1.000.000", "2026-12-04"
_GROUPED = re.compile(r"(?<![\d.,])\+?\d+(?:[ \u00a0\u202f.-]\d+)+")
_DATE = re.compile(r"\d{4}([-.])\d{1,2}\1\d{1,2}|\d{1,2}([-.])\d{1,2}\2(?:\d{2}|\d{4})")


def _grouped_runs(text: str) -> list[tuple[tuple[str, ...], bool]]:
    """Each run of digit groups (digits of every script read as ASCII): its groups (the first with
    its ``+``), and whether it is a phone number (below)."""
    out = []
    for m in _GROUPED.finditer(ascii_digits(PY_FORMAT.sub(" ", text))):
        groups = tuple(re.split(r"[ \u00a0\u202f.-]", m.group(0)))
        out.append((groups, _phone_like(m.group(0), groups)))
    return out


def _phone_like(run: str, groups: tuple[str, ...]) -> bool:
    """Is a run of digit groups written as a phone number: six digits or more, in three groups or
    more, or after a ``+``, or with a trunk ``0`` (``081 2345678``); not a number grouped by
    thousands (``1 000 000``, Lao ``1.000.000``), a decimal (``0.00125``), a date (``2026-12-04``,
    ``04.12.2026``) or a time range (``08.00-10.00``).

    >>> [_phone_like(r, tuple(re.split(r"[ .-]", r))) for r in ("02 123 4567", "+66 2 123 4567", "081 2345678")]
    [True, True, True]
    >>> [_phone_like(r, tuple(re.split(r"[ .-]", r))) for r in ("1 000 000", "1.000.000", "0.00125", "2026-12-04", "08.00-10.00", "100-200")]
    [False, False, False, False, False, False]
    """
    separators = set(re.sub(r"[+\d]", "", run))
    if sum(len(g.lstrip("+")) for g in groups) < 6 or ("." in separators and len(separators) > 1):
        return False
    if run.startswith("+"):
        return True
    thousands = len(separators) == 1 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if (thousands and not groups[0].startswith("0")) or _DATE.fullmatch(run):
        return False
    return len(groups) >= 3 or (groups[0].startswith("0") and "." not in separators)


# a decimal that is a vulgar fraction's value: 0.5 (½), 2.25 (2¼), .75 (¾); ASCII digits only
_DECIMAL_FRACTION = re.compile(r"(?<![0-9.,])([0-9]*)\.(5|25|75)(?![0-9])")
_FRACTION_OF = {"5": "½", "25": "¼", "75": "¾"}


def fractions_alike(msgid: str, msgstr: str) -> tuple[str, str]:
    """Both texts with a decimal written as the vulgar fraction of the same value where the other text
    writes that fraction: "½ tablet" may be translated "0.5 เม็ด", "2½" "2.5", and the other way round
    (otherwise 2.5 is a number of its own: "2.5 mg" stays 2.5).

    >>> fractions_alike("Take ½ tablet, then 1½", "ทาน 0.5 เม็ด แล้ว 1.5")
    ('Take ½ tablet, then 1½', 'ทาน ½ เม็ด แล้ว 1½')
    >>> fractions_alike("Take 0.25 mg", "ทาน ¼ มก."), fractions_alike("½ tablet, 2.5 mg", "0.5 เม็ด, 2.5 มก.")
    (('Take ¼ mg', 'ทาน ¼ มก.'), ('½ tablet, 2.5 mg', '½ เม็ด, 2.5 มก.'))
    """
    def written(text: str, other: str) -> str:
        present = {f for f in _FRACTION_OF.values() if f in other}
        if not present:
            return text
        decimals = {(m.group(1).lstrip("0"), m.group(2)) for m in _DECIMAL_FRACTION.finditer(other)}

        def fraction(m: re.Match[str]) -> str:  # (not a value the other text writes as a decimal too)
            f = _FRACTION_OF[m.group(2)]
            whole = m.group(1).lstrip("0")
            return whole + f if f in present and (whole, m.group(2)) not in decimals else m.group(0)

        return _DECIMAL_FRACTION.sub(fraction, text)

    return written(msgid, msgstr), written(msgstr, msgid)


# a number grouped by thousands with a space (a no-break or narrow no-break space too): "1 000", "12 500 000"
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,+])(?<!\d[ \u00a0\u202f.-])[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?![\d\u00a0\u202f]|[.,]\d| \d)")


def regrouped(msgid: str, msgstr: str) -> tuple[str, str]:
    """Both texts with a phone number written with dots (``02.123.4567``) written with spaces, as its
    digit groups (:func:`regrouped_phones` compares them), and the translation's number grouped by
    thousands with a space (``1 000``) written as one number where the source writes that number
    (``1,000``): not otherwise, as "2 100 mg tablets" is two numbers (nor in the source: "2 100 mg
    tablets" is not 2100 mg).

    >>> regrouped("Call 02.123.4567; 1,000 mg; 2 100 mg tablets", "โทร 02 123 4567; 1\u202f000 มก.; 2 เม็ด 100 มก.")
    ('Call 02 123 4567; 1,000 mg; 2 100 mg tablets', 'โทร 02 123 4567; 1000 มก.; 2 เม็ด 100 มก.')
    >>> regrouped("Call 02 123 4567", "โทร 02 123 4 567")[1]  # (a run of a phone's groups: not joined)
    'โทร 02 123 4 567'
    """
    def spaced(text: str, other: str | None) -> str:
        if "." in text:
            for m in _GROUPED.finditer(ascii_digits(text)):
                groups = tuple(re.split(r"[ \u00a0\u202f.-]", m.group(0)))
                if set(re.sub(r"[+\d]", "", m.group(0))) == {"."} and _phone_like(m.group(0), groups):
                    text = text[: m.start()] + text[m.start() : m.end()].replace(".", " ") + text[m.end() :]
        if other is None or not _SPACED_THOUSANDS.search(ascii_digits(text)):
            return text
        wanted = set(numbers(other))
        digits = ascii_digits(text)  # (as long as the text: one digit a digit)
        for m in reversed(list(_SPACED_THOUSANDS.finditer(digits))):
            if re.sub(r"\D", "", m.group(0)) in wanted:
                text = text[: m.start()] + re.sub(r"[ \u00a0\u202f]", "", text[m.start() : m.end()]) + text[m.end() :]
        return text

    return spaced(msgid, None), spaced(msgstr, msgid)


# a date written with dashes: year first (2026-12-05) or last (05-12-2026; a year of two digits too)
_DASHED_DATE = re.compile(r"(?<![\d.,/-])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})-(\d{1,2})-(\d{4}|\d{2}))(?![\d/-]|[.,]\d)")


def _dashed_dates(text: str, *, day_first: bool) -> list[tuple[str, tuple[int, int, int] | None]]:
    """Each date written with dashes: as written, and its (year, month, day); ``None`` where that is
    not sure: a year last with neither of the others above 12 (05-12-2026 is 5 December or 12 May),
    unless ``day_first`` (the language writes the day first: Thai, Burmese, Khmer, Lao)."""
    out: list[tuple[str, tuple[int, int, int] | None]] = []
    for m in _DASHED_DATE.finditer(ascii_digits(text)):
        if m.group(1):
            out.append((m.group(0), (int(m.group(1)), int(m.group(2)), int(m.group(3)))))
            continue
        a, b, year = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if day_first or (a > 12 and b <= 12):
            out.append((m.group(0), (year, b, a)))
        else:
            out.append((m.group(0), (year, a, b) if b > 12 and a <= 12 else None))
    return out


def reordered_dates(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """The source's dates (written with dashes, read where sure: :func:`_dashed_dates`) that the
    translation, which writes the day first or the year first, writes with the same numbers in
    another order (``2026-12-05`` as ``12-05-2026``, 12 May; ``25-12-2026`` as ``12-25-2026``):
    (the source's date, the translation's). A year may be the Buddhist era's (+543).

    >>> reordered_dates("on 2026-12-05 or 25-12-2026", "วันที่ 12-05-2026 หรือ 12-25-2569")
    [('2026-12-05', '12-05-2026'), ('25-12-2026', '12-25-2569')]
    >>> reordered_dates("on 2026-12-05, 05-12-2026", "วันที่ 05-12-2569, 12-05-2026")
    []
    """
    if "-" not in msgid:
        return []
    there = _dashed_dates(msgstr, day_first=True)
    out = []
    for written, date in _dashed_dates(msgid, day_first=False):
        if date is None:
            continue
        year, month, day = date
        dated = [(w, (mo, d)) for w, (y, mo, d) in ((w, d) for w, d in there if d is not None)
                 if y in (year, year + 543, year % 100) and {mo, d} == {month, day}]  # fmt: skip
        if dated and (month, day) not in [md for _, md in dated] and written not in [w for w, _ in dated]:
            # (not written right elsewhere, nor kept as the source writes it)
            out.append((written, dated[0][0]))
    return out


def regrouped_phones(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """The source's phone numbers the translation does not write with the same digit groups in the
    same order (``02 123 4567`` may be ``02-123-4567`` or ``๐๒ ๑๒๓ ๔๕๖๗``, not ``021 234 567`` or
    ``4567 123 02``): (the source's number, the translation's runs of digit groups)."""
    phones = [groups for groups, phone in _grouped_runs(msgid) if phone]
    if not phones:
        return []
    there = [groups for groups, _ in _grouped_runs(msgstr)]

    def within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
        return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))

    # one run may hold the other ("โทร 02 123 4567 24 ชั่วโมง"), if what they share is a phone number;
    # each run of the translation writes one phone number of the source
    left, gone = list(there), []
    for p in phones:
        t = next((t for t in left if within(p, t) or (within(t, p) and _phone_like(" ".join(t), t))), None)
        if t is None:
            gone.append(" ".join(p))
        else:
            left.remove(t)
    return [(p, ", ".join(" ".join(t) for t in there) or "has not") for p in dict.fromkeys(gone)]
