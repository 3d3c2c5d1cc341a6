"""Unit tests of the break rules in :mod:`handouts.typesetting.segment`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.typesetting.segment import (
    break_opportunities,
    builtin_keep_words,
    grapheme_breaks,
    is_mark,
    load_words,
)


def pieces(text: str, keep: tuple[str, ...] = ()) -> list[str]:
    """The text cut at every break opportunity: ``"ยา|ดี"`` → ``["ยา", "ดี"]``."""
    cuts = [0, *break_opportunities(text, keep), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def unbroken(text: str, phrase: str, keep: tuple[str, ...] = ()) -> bool:
    """Is every occurrence of ``phrase`` in ``text`` free of break opportunities?"""
    breaks = set(break_opportunities(text, keep))
    start = text.find(phrase)
    assert start >= 0, f"{phrase!r} not in {text!r}"
    while start >= 0:
        if any(start < b < start + len(phrase) for b in breaks):
            return False
        start = text.find(phrase, start + 1)
    return True


def test_breaks_after_spaces_and_between_thai_words() -> None:
    assert pieces("ยา ดี") == ["ยา ", "ดี"]
    assert pieces("take  two") == ["take  ", "two"]  # after the whole run of spaces
    text = "ผู้ป่วยไปโรงพยาบาล"
    assert pieces(text) == ["ผู้ป่วย", "ไป", "โรงพยาบาล"]
    assert break_opportunities("") == []
    assert break_opportunities("ก") == []
    assert break_opportunities("ไม่\u00a0ใช่") == [], "no break at a no-break space"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("ยาพาราเซตามอล 500 มก. ทุก 6 ชั่วโมง", "500 มก."),
        ("ยาพาราเซตามอล 500 มก. ทุก 6 ชั่วโมง", "6 ชั่วโมง"),
        ("Paracetamol 500 mg twice daily", "500 mg"),
        ("ครั้งละ 1-2 เม็ด", "1-2 เม็ด"),
        ("ไข้ 38.5 °C ขึ้นไป", "38.5 °C"),
        ("น้ำหนัก 60 กก. สูง 170 ซม. ค่ะ", "60 กก."),
        ("ไม่เกิน 4,000 มก. ต่อวัน", "4,000 มก."),
        ("ความดัน 140/90 มม.ปรอท ค่ะ", "140/90 มม.ปรอท"),
        # a vulgar fraction is a number too: '½ | เม็ด' could break (½.isdigit() is False)
        ("ครั้งละ ½ เม็ด วันละ 2 ครั้ง", "½ เม็ด"),
        ("ครั้งละ 1½ เม็ด", "1½ เม็ด"),
        ("ยา ¼ ช้อนชา", "¼ ช้อนชา"),
        ("take ½ tablet daily", "½ tablet"),
        ("ยา ¾เม็ด", "¾เม็ด"),
        # a medicine schedule in English: "Every 6 | hours" broke in a table cell
        ("Every 6 hours after food", "6 hours"),
        ("Take it for 1 week only", "1 week"),
        ("Inhale 2 puffs twice a day", "2 puffs"),
        ("Take it at 8 a.m. with water", "8 a.m."),
        ("Inject 10 units before meals", "10 units"),
        ("Put in 2 drops each eye", "2 drops"),
        ("Wait 30 minutes before eating", "30 minutes"),
    ],
)
def test_number_and_unit_stay_together(text: str, phrase: str) -> None:
    assert unbroken(text, phrase), pieces(text)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("ทานยาตอน 2 ทุ่ม ทุกวัน", "2 ทุ่ม"), ("ตื่นนอนตี 5 ครึ่ง แล้วทานยา", "ตี 5 ครึ่ง"),
     ("มาพบแพทย์บ่าย 2 โมง ที่คลินิก", "บ่าย 2 โมง"), ("งดน้ำงดอาหารหลัง 4 โมงเย็น ค่ะ", "4 โมงเย็น")],
)  # fmt: skip
def test_a_time_on_the_six_hour_clock_stays_together(text: str, phrase: str) -> None:
    """``ตี`` | ``5`` at a line's end read "hit" and then a number: a time of Thai's six-hour clock is one unit."""
    assert unbroken(text, phrase), pieces(text)


@pytest.mark.parametrize(
    "phone",
    ["+66 2 123 4567", "02-123-4567", "1669", "081 234 5678"],
)
def test_phone_numbers_stay_together(phone: str) -> None:
    text = f"สอบถามได้ที่ โทร {phone} ทุกวัน"
    assert unbroken(text, f"โทร {phone}"), pieces(text)


@pytest.mark.parametrize("phone", ["02-123-4567 ต่อ 208", "0 2123 4567 ต่อ 1111", "๐๒-๑๒๓-๔๕๖๗ ต่อ ๒๐๘"])
def test_a_phone_number_keeps_its_extension(phone: str) -> None:
    """``02-123-4567 ต่อ |208`` left the extension at the start of the next line, a number of its
    own; ติดต่อ (contact) before a number is no extension and still breaks."""
    text = f"โทรหาคลินิกที่ {phone} ในเวลาราชการ หรือติดต่อ 1669"
    assert unbroken(text, phone), pieces(text)
    assert text.index("ติดต่อ ") + len("ติดต่อ ") in break_opportunities(text), pieces(text)


@pytest.mark.parametrize(
    "date",
    [
        "พ.ศ. 2569",
        "ค.ศ. 2026",
        "25 พฤศจิกายน 2569",
        "1 มกราคม 2570",  # January..August were not glued to the year (slice bug, fixed)
        "15 สิงหาคม 2569",
        "3 ม.ค. 2570",
        "๖ มกราคม ๒๕๗๐",
    ],
)
def test_dates_stay_together(date: str) -> None:
    text = f"นัดตรวจวันที่ {date} เวลา 9.00 น. ค่ะ"
    assert unbroken(text, date), pieces(text)
    assert unbroken(text, "9.00 น."), pieces(text)


@pytest.mark.parametrize("date", ["๑๖ พฤศจิกายน ๒๕๖๙", "พ.ศ. 2569", "3 ม.ค. 2570", "November 2026"])
@pytest.mark.parametrize("word", ["เรื่อง", "ครั้ง", "นัดหมาย"])
def test_a_year_does_not_keep_the_word_after_it(date: str, word: str) -> None:
    """A year counts nothing: the word after it may start a line (the date itself stays whole),
    where after a count (``2 ครั้ง``, or any Thai word: then only as a break of last resort,
    :func:`~handouts.typesetting.segment.label_glue`) it is kept with the number."""
    text = f"วันที่ {date} {word}ตรวจติดตาม"
    assert unbroken(text, date), pieces(text)
    assert text.index(word) in break_opportunities(text), pieces(text)
    count = f"วันละ 2 {word}ตรวจติดตาม"
    assert count.index(word) not in break_opportunities(count), pieces(count)


@pytest.mark.parametrize("abbreviation", ["มม.ปรอท", "อ.เมือง", "ร.พ.สมุทรปราการ", "พ.ศ.", "ฯลฯ"])
def test_abbreviations_stay_together(abbreviation: str) -> None:
    text = f"ข้อมูล {abbreviation} ค่ะ"
    assert unbroken(text, abbreviation), pieces(text)


@pytest.mark.parametrize(
    ("text", "char"),
    [("เด็ก ๆ ไปโรงเรียน", "ๆ"), ("เล่นๆ กัน", "ๆ"), ("กรุงเทพฯ ค่ะ", "ฯ")],
)
def test_no_break_before_repetition_and_abbreviation_marks(text: str, char: str) -> None:
    i = text.index(char)
    assert i not in break_opportunities(text), pieces(text)


@pytest.mark.parametrize(
    "text",
    [
        "ยาแก้ปวด (พาราเซตามอล) ทุก 6 ชั่วโมง",
        "แพทย์บอกว่า “พักผ่อนให้มาก” นะคะ",
        "ยา ได้แก่ ยาแก้ปวด, ยาลดไข้, ยาแก้แพ้ ฯลฯ",
        "ทำได้! จริงหรือ? ใช่; ไม่ใช่: 15% ค่ะ…",
    ],
)
def test_punctuation_rules(text: str) -> None:
    for i in break_opportunities(text):
        assert text[i] not in ")]}”’»:;,.!?%…ๆฯ", f"break before closing punctuation: {text[:i]!r}|{text[i:]!r}"
        assert text[i - 1] not in "([{“‘«", f"break after opening punctuation: {text[:i]!r}|{text[i:]!r}"


@pytest.mark.parametrize(("text", "piece"), [("ยาพ่นเฟโนเทอรอล (Fenoterol) ค่ะ", "ล"),  # thaibreak: เฟโนเทอ|รอ|ล
                                              ("อสม. จะมาเยี่ยมบ้าน", "อ"),  # อ|สม
                                              ("ให้ยาเฟโนเทอรอลก่อนนอน", "ล")])  # fmt: skip
def test_no_line_starts_or_ends_with_a_lone_consonant(text: str, piece: str) -> None:
    """A segment of one bare consonant between Thai letters is no word (ณ aside) but a piece of one
    the dictionary lacks: a loanword's final consonant started a line (``ฟอร์โมเทอรอ|ล (Budesonide``),
    an abbreviation's first letter ended one (``อ|สม.``)."""
    assert piece not in [p.strip() for p in pieces(text)], pieces(text)


def test_a_lone_na_is_still_a_word() -> None:
    """ณ (at) is a word of one consonant: a line may still end or start at it."""
    assert "ณ" in pieces("ประชุมณห้องประชุม")


LONG_LATIN = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None, database=None)
@given(LONG_LATIN, LONG_LATIN, st.sampled_from(["เช่น ", "ยาพ่น (", "", "2 "]), st.sampled_from([" ขนาด", ") วันละ", "", " 1 g"]))
def test_a_slash_breaks_only_between_two_long_latin_words(left: str, right: str, before: str, after: str) -> None:
    """A combination of medicines (``Budesonide/Formoterol``) may end a line after its slash;
    a ratio of units (``mg/kg``, ``tablets/day``, ``mL/min``) and ``and/or`` never, nor before it."""
    text = f"{before}{left}/{right}{after}"
    slash = text.index("/", len(before))
    breaks = set(break_opportunities(text))
    assert slash not in breaks
    assert (slash + 1 in breaks) == (len(left) >= 6 and len(right) >= 6), pieces(text)


def test_a_combination_of_medicines_breaks_after_its_slash() -> None:
    """The Latin name of a two-medicine inhaler was one unbreakable atom, 40 mm wide: the line
    before it was left 79 % full at A4 width."""
    assert pieces("เช่น (Budesonide/Formoterol 160/4.5 ไมโครกรัม)") == ["เช่น ", "(Budesonide/", "Formoterol ", "160/4.5 ไมโครกรัม)"]


QUOTED = ("ระยะวิกฤต", "งดน้ำงดอาหาร", "3 เก็บ ป้องกัน 3 โรค", "ยา", "ห้าม", "NPO", "ความดันโลหิต")


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(st.sampled_from(QUOTED), st.sampled_from(['"', "'", ""]), st.sampled_from(["", " "])),
                min_size=1, max_size=6))  # fmt: skip
def test_no_break_next_to_a_straight_quote_but_after_a_space(parts: list[tuple[str, str, str]]) -> None:
    """A straight quote opens or closes as the text around it says (UAX #14's QU): never a line
    break right after one, nor right before one that follows no space. Thai words run into the
    quotes, and the segmenter broke there: ``คือ "|ระยะวิกฤต"`` ended a line with an opening
    quote, ``3 โรค|" คือ`` started one with a closing quote."""
    text = "ช่วงที่อันตรายที่สุดคือ " + "".join(f"{q}{w}{q}{sep}" for w, q, sep in parts) + "ซึ่งมักเกิดขึ้นตอนไข้ลด"
    for soft in (False, True):
        for i in break_opportunities(text, soft=soft):
            assert text[i - 1] not in "\"'", f"break after a quote: {text[:i]!r}|{text[i:]!r}"
            assert text[i] not in "\"'" or text[i - 1].isspace(), f"break before a quote: {text[:i]!r}|{text[i:]!r}"


@pytest.mark.parametrize(("text", "after"), [('ช่วงที่อันตรายที่สุดคือ "ระยะวิกฤต" ซึ่งมัก', "คือ "),
                                            ('ใช้หลัก "3 เก็บ ป้องกัน 3 โรค" คือ เก็บบ้าน', "หลัก ")])  # fmt: skip
def test_a_quoted_phrase_breaks_before_its_opening_quote(text: str, after: str) -> None:
    """The quoted phrase may still start a line: after the space before its opening quote."""
    assert text.index(after) + len(after) in break_opportunities(text)


INVISIBLE = ("\u200b", "\u200c", "\u200d")  # ZERO WIDTH SPACE, NON-JOINER, JOINER
WORDS = ("ยา", "ผู้ป่วย", "ဆေးရုံ", "သွားပါ", "ថ្នាំ", "សុខភាព", "ຢາ", "ສະບາຍດີ", "ok", "500")


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(["", " ", *INVISIBLE, " \u200b", "\u200b "])), min_size=2, max_size=8))
def test_no_line_starts_with_an_invisible_character(parts: list[tuple[str, str]]) -> None:
    """Never a break before a zero-width space, non-joiner or joiner, as before a space (UAX #14
    LB7 for ZW, LB9 for the joiners): a line starting with one draws nothing there but reads so
    (``ဆေး |\u200bရုံ``), and a joiner parted from the letter before it no longer shapes it."""
    text = "".join(w + sep for w, sep in parts)
    for i in break_opportunities(text):
        assert text[i] not in INVISIBLE, pieces(text)
    for soft in (True, False):  # the fallbacks for a stretch wider than the line
        assert not [i for i in break_opportunities(text, soft=soft) if text[i] in INVISIBLE], text
    assert not [i for i in grapheme_breaks(text) if text[i] in INVISIBLE], text


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("ยาพาราเซตามอล (Paracetamol) ค่ะ", "Paracetamol"),
        ("ตรวจ MRI และ CT scan", "MRI"),
        ("เลขที่ 4,000,000 บาท", "4,000,000"),
        ("LINE @democlinic ค่ะ", "@democlinic"),
    ],
)
def test_no_break_inside_latin_words_and_numbers(text: str, word: str) -> None:
    assert unbroken(text, word), pieces(text)


@pytest.mark.parametrize("word", ["ไป", "เมือง", "แม่", "โรง", "ใจ", "ไข้"])
def test_no_break_after_a_leading_vowel(word: str) -> None:
    text = f"ฉัน{word}ด้วย"
    start = text.index(word)
    assert start + 1 not in break_opportunities(text)


def test_builtin_keep_words_are_honoured() -> None:
    import thaibreak

    words = builtin_keep_words()
    assert len(words) >= 20 and "ความดัน" in words and "ผู้ป่วย" in words
    split_by_segmenter = [w for w in words if len(thaibreak.words(w)) > 1]
    assert split_by_segmenter, "the keep list is moot: the segmenter keeps all its words whole"
    for word in words:
        text = f"เรื่อง{word}ของคุณ"
        assert unbroken(text, word), f"{word}: {pieces(text)}"


def test_custom_keep_words_are_honoured(tmp_path: Path) -> None:
    text = "ปวดสเปรย์พ่นจมูกมาก"
    assert not unbroken(text, "สเปรย์พ่นจมูก"), "pick a compound the segmenter splits"
    assert unbroken(text, "สเปรย์พ่นจมูก", keep=("สเปรย์พ่นจมูก",)), pieces(text, ("สเปรย์พ่นจมูก",))

    words = tmp_path / "words.txt"
    words.write_text("# clinic words\nสเปรย์พ่นจมูก  # nasal spray\n\nหัวใจ\n", "utf-8")
    keep = load_words(words)
    assert keep == ("สเปรย์พ่นจมูก", "หัวใจ")
    assert unbroken(text, "สเปรย์พ่นจมูก", keep=keep)


@pytest.mark.parametrize("word", ["ที่", "ปี่", "ฝั่ง", "น้ำใจ", "ค่ำ", "กตัญญู", "ก๋วยเตี๋ยว", "ทิฏฐุชุกรรม", "เก๊ะ"])
def test_grapheme_breaks_never_before_a_mark(word: str) -> None:
    cuts = grapheme_breaks(word)
    for i in cuts:
        assert not is_mark(word[i]), f"{word[:i]}|{word[i:]}"
        assert word[i - 1] not in "เแโใไ", f"{word[:i]}|{word[i:]}"
    # and it does offer every other position between clusters
    clusters = [i for i in range(1, len(word)) if not is_mark(word[i]) and word[i - 1] not in "เแโใไ"]
    assert cuts == clusters


def test_grapheme_breaks_examples() -> None:
    assert grapheme_breaks("น้ำใจ") == [3]
    assert grapheme_breaks("ก๋วยเตี๋ยว") == [2, 3, 4, 8, 9]


@pytest.mark.parametrize("text", ["ชื่อ-นามสกุล ของผู้ป่วย", "ช่วงเวลา - เช้าและเย็น", "ward 3-north ok"])
def test_no_line_ends_with_a_hyphen(text: str) -> None:
    """pdftotext joins a line that ends in '-' to the next one and drops the hyphen."""
    for soft in (False, True):
        for i in break_opportunities(text, soft=soft):
            assert not text[:i].rstrip().endswith("-"), (text[:i], soft)


@pytest.mark.parametrize(
    "text",
    ["ไวรัสตับอักเสบบี โปลิโอ หัด-คางทูม-หัดเยอรมัน และไข้สมองอักเสบ", "วัคซีนคอตีบ-บาดทะยัก-ไอกรน ฉีดเมื่ออายุ 2 เดือน",
     "กรอกชื่อ-นามสกุลของผู้ป่วย", "เบาหวาน-ความดันโลหิตสูง (DM-HT)"],
)  # fmt: skip
def test_no_line_starts_with_a_hyphen_that_joins_two_words(text: str) -> None:
    """A break before the hyphen of ``หัด-คางทูม`` started a line with ``-คางทูม`` (it reads as a
    minus sign or a list's dash): a hyphen between words is held on both sides (UAX #14, LB21),
    except in the fallbacks for a stretch wider than the line (``soft``)."""
    for i in break_opportunities(text):
        assert text[i] != "-", f"{text[:i]}|{text[i:]}"
    assert any(text[i] == "-" for i in break_opportunities(text, soft=True))  # a last resort there


def _junctures_oracle(text: str, keep: tuple[str, ...]) -> list[int]:
    """compound_junctures as first defined: each break_opportunities call segments anew."""
    from handouts.typesetting.segment import _merge_compounds, _thai_boundaries

    if not any("\u0e00" <= c <= "\u0e7f" for c in text):
        return []
    bounds = _thai_boundaries(text)
    normal = set(_merge_compounds(text, bounds))
    allowed = set(break_opportunities(text, keep, compound=False)) - set(break_opportunities(text, keep))
    return [b for b in bounds if b not in normal and b in allowed]


def test_breaks_and_junctures_in_one_pass_match_the_separate_calls() -> None:
    """The one-segmentation path that prepare takes gives exactly the separate functions' results
    (every corpus paragraph, the held-out text, the demo articles, with and without keep-words)."""
    from handouts.typesetting.segment import breaks_and_junctures, compound_junctures

    here = Path(__file__).parent
    texts = [line for f in (*sorted((here / "corpus").glob("*.txt")), here / "fill_heldout_th.txt")
             for line in f.read_text("utf-8").splitlines() if line.strip()]  # fmt: skip
    root = here.parent.parent
    texts += [p for f in sorted((root / "articles").glob("*.md")) for p in f.read_text("utf-8").split("\n\n")]
    texts += ["", "ก", "ab", "ยา 500 มก.", "https://x.example/ยา ปวดกระเพาะอาหาร"]
    junctures = 0
    for keep in ((), ("กระเพาะ", "ประจำตัว")):
        for text in texts:
            breaks, inner = breaks_and_junctures(text, keep)
            assert breaks == break_opportunities(text, keep), text
            assert inner == _junctures_oracle(text, keep) == compound_junctures(text, keep), text
            junctures += len(inner)
    assert junctures > 0  # the corpora do have compounds with inner boundaries



# -- drug names and medical loanwords (data/th_loanwords.txt) -------------------------------------

_ALTERNATION_CHARS = "กขคงจฉชซญดตถทนบปผพฟมยรลวสหอะัาิีึืุูเแโใไ่้๊๋็์"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_ALTERNATION_CHARS, min_size=1, max_size=6), min_size=1, max_size=12),
       st.text(_ALTERNATION_CHARS + " ", max_size=80))  # fmt: skip
def test_the_keep_pattern_matches_as_one_alternative_per_word_would(words: list[str], text: str) -> None:
    """The trie of alternations finds what `longest|shorter|…` finds, at the same places."""
    import re

    from handouts.typesetting.segment import keep_pattern

    multi = sorted({w for w in words if len(w) > 1}, key=lambda w: (-len(w), w))
    pattern = keep_pattern(tuple(words))
    if not multi:
        assert pattern is None
        return
    assert pattern is not None
    plain = re.compile("|".join(re.escape(w) for w in multi))
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("word", ["เมทฟอร์มิน", "โอเมพราโซล", "อะทอร์วาสแตติน", "ไฮโดรคลอโรไทอะไซด์", "เซเลคอกซิบ", "อินฟลูเอนซา",
                                  "กาบาเพนติน", "วาร์ฟาริน", "อะม็อกซีซิลลิน",
                                  # unseen handouts cut these (ฟอร์โมเทอ|รอ|ล, แอม|โลดิพีน, ลิ|ราก|ลูไทด์)
                                  "ฟอร์โมเทอรอล", "ซัลเมเทอรอล", "ไอพราโทรเปียม", "แอมโลดิพีน", "โลซาร์แทน",
                                  "ไกลเมพิไรด์", "ลิรากลูไทด์", "ไซโปรฟลอกซาซิน", "คลอร์เฮกซิดีน", "อะซิโทรมัยซิน",
                                  "ออนแดนเซตรอน", "เลโวไทรอกซีน", "เอ็นเสด", "อีแธมบูทอล", "ดาบิกาแทรน", "เอริโทรโพอิติน",
                                  "ริวาโรซาแบน", "เมโทเทรกเซต", "ลาตาโนพรอสต์",
                                  # an unseen medicine list cut these (คาร์|บา|มา|ซีพีน, ออ|นแดนซีท|รอน, เซน|นา,
                                  # คลอ|โรค|วิน) or ran them into ยา before them (ยาเมตฟอร์มิน)
                                  "คาร์บามาซีพีน", "ออนแดนซีทรอน", "เซนนา", "คลอโรควิน", "เพรดนิโซน", "ออกซีโคโดน",
                                  "มีลอกซิแคม", "เมโทเทร็กเซต", "วาลโปรอิก", "เมตฟอร์มิน", "นิเฟดิพีน", "โลราทาดีน",
                                  "เอ็นโดสโคป", "โคลอสโตมี", "คาร์ซิโนมา", "ไฮโปไกลซีเมีย", "อินเฮเลอร์",
                                  # other spellings (with MAITAIKHU, an initial ออ) and a second unseen list
                                  # (คลอ|พิโดเกรล, ออ|เมพรา|โซล, ซิ|โปร|ฟล็อกซาซิน, ซู|มา|ทริป|แทน)
                                  "ออเมพราโซล", "ซิโปรฟล็อกซาซิน", "คลอพิโดเกรล", "ออสเซลทามิเวียร์", "ไพโอกลิทาโซน",
                                  "ซูมาทริปแทน", "ดูลอกเซทีน", "เคโตโรแลค"])  # fmt: skip
def test_a_drug_name_is_one_word_with_its_edges(word: str) -> None:
    """The segmenter cut `เมท|ฟอร์มิน` and `ยาโอเมพรา|โซล`: a drug name is never split, and a line
    may end before and after it (ยา|โอเมพราโซล|ใช้)."""
    from handouts.typesetting.segment import breaks_and_junctures, loanwords

    assert word in loanwords()
    text = f"รับประทานยา{word}หลังอาหาร"
    start, end = text.index(word), text.index(word) + len(word)
    breaks, _ = breaks_and_junctures(text)
    assert start in breaks and end in breaks, breaks
    assert not [b for b in breaks if start < b < end]


def test_every_medicine_the_gate_reads_is_a_listed_loanword() -> None:
    """The Thai spellings of the gate's medicines (``i18n/data/medicines.txt``) are listed loanwords, so
    a line never ends inside one (เมโธ|เทรก|เซต was cut before it was listed)."""
    from handouts.i18n import rules
    from handouts.typesetting.segment import _shipped_words

    listed = set(_shipped_words("th_loanwords.txt"))
    thai = [t for _, spellings in rules.medicine_names() for t in spellings]
    assert len(thai) > 80 and not [t for t in thai if t not in listed]


def test_every_loanword_in_each_of_its_spellings_is_one_word() -> None:
    """Every shipped drug name and medical loanword, written as listed or in another common
    spelling (:func:`~handouts.typesetting.segment.spelling_variants`), is never split, and a
    line may end before and after it."""
    from handouts.typesetting.segment import _shipped_words, breaks_and_junctures, loanwords, spelling_variants

    listed = _shipped_words("th_loanwords.txt")
    assert loanwords() == listed and len(set(listed)) == len(listed), "each word once"
    missing = sorted({v for word in listed for v in spelling_variants(word)} - set(listed))
    assert not missing, f"add these other spellings to data/th_loanwords.txt: {missing}"
    split = []
    for word in loanwords():
        text = f"รับประทานยา{word}หลังอาหาร"
        start, end = text.index(word), text.index(word) + len(word)
        breaks, _ = breaks_and_junctures(text)
        if [b for b in breaks if start < b < end] or start not in breaks or end not in breaks:
            split.append(word)
    assert not split, split
    assert set(spelling_variants("ซิโปรฟลอกซาซิน")) == {"ซิโปรฟลอกซาซิน", "ซิโปรฟล็อกซาซิน"}
    assert "ออเมพราโซล" in spelling_variants("โอเมพราโซล") and "อะมอกซีซิลลิน" in spelling_variants("อะม็อกซีซิลลิน")
