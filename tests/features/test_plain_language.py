"""`handouts check`: sentence length, long words, passive voice (heuristic), reading grade."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.plain_language import (
    Finding,
    Report,
    english_sentences,
    passive_phrases,
    thai_long_runs,
    thai_sentences,
    thai_words,
)
from tests.conftest import REPO
from tests.features.helpers import ARTICLE, run

FRONT = """---
title: "{title}"
lang: {lang}
author: "A"
reviewer: "B"
reviewed: 2026-01-01
next_review: 2028-01-01
source: "C"
version: "1"
---

"""
EN_BODY = """Rest when it hurts. Walk a little every day.

The pain is caused by the nerves, and you were told to rest more than usual after your back operation.

## Heading with a remarkably extraordinary word

- Take your tablets with food.
- Unfortunately, comprehensive rehabilitation is essentially individualized.
- Before you go to bed, stretch your legs slowly and breathe in and out, then lie on your side and put a pillow between your knees.
"""
TH_BODY = """ปวดหลังให้พักผ่อน

หากปวดมากให้โทร0812345678ทันที

การผ่าตัดหลังมักถูกมองว่าเป็นทางออกที่แก้ปัญหาได้อย่างเด็ดขาดสำหรับอาการปวดหลังเรื้อรังที่รุนแรงแต่ผู้ป่วยจำนวนไม่น้อยยังคงมีอาการปวดอยู่แม้จะผ่านการผ่าตัดไปแล้วหลายเดือน

- เดินวันละ 10 นาที
"""
LINE = re.compile(r"^(?P<path>\S+\.md)(?::(?P<line>\d+))?: warning: (?P<msg>.+)$")


def _workspace(tmp_path: Path) -> Path:
    from handouts.workspace import init_workspace

    ws = init_workspace(tmp_path / "ws")
    (ws / "articles" / "en-test.md").write_text(FRONT.format(title="Test", lang="en") + EN_BODY, encoding="utf-8")
    (ws / "articles" / "th-test.md").write_text(FRONT.format(title="ทดสอบ", lang="th") + TH_BODY, encoding="utf-8")
    return ws


def _findings(out: str) -> list[tuple[int | None, str]]:
    lines = out.strip().splitlines()
    found = []
    for line in lines[:-1]:
        m = LINE.match(line)
        assert m, line
        found.append((int(m.group("line")) if m.group("line") else None, m.group("msg")))
    return found


def test_english_findings_name_their_lines(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    code, out, err = run("check", "en-test", "-w", str(ws))
    assert code == 0, err
    found = _findings(out)
    by_line: dict[int | None, list[str]] = {}
    for line, msg in found:
        by_line.setdefault(line, []).append(msg)
    # line 12: two short sentences, short words: nothing
    assert 12 not in by_line
    # line 14: passive voice (heuristic), named as such
    assert any(m.startswith("passive voice? (heuristic)") and "“is caused”" in m and "“were told”" in m for m in by_line[14])
    # line 19: long words by syllables (more than three)
    long19 = next(m for m in by_line[19] if "long word" in m)
    for w in ("comprehensive", "rehabilitation", "individualized"):
        assert w in long19
    # line 20: a sentence of 26 words
    assert any(m.startswith("sentence of 26 words (aim ≤ 20)") for m in by_line[20])
    # headings are not checked
    assert 16 not in by_line
    summary = out.strip().splitlines()[-1]
    assert summary.endswith(f"en-test.md [en]: {len(found)} warnings in 5 paragraphs and list items, 6 sentences, "
                            "66 words; reading grade 6.6 (aim ≤ 8)")  # fmt: skip


def test_thai_findings_use_the_segmenter(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    code, out, _ = run("check", "th-test", "-w", str(ws))
    assert code == 0
    found = _findings(out)
    assert (14, "1 run of more than 12 characters without a line break: โทร0812345678ทันที") in found
    long_sentence = [m for line, m in found if line == 16]
    assert len(long_sentence) == 1 and re.match(r"sentence of \d+ words \(aim ≤ 25\)", long_sentence[0])
    assert not [m for line, m in found if line in (12, 18)]
    assert "reading grade" not in out  # no English grade for Thai


def test_strict_exits_3_and_clean_text_passes(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    code, out, err = run("check", "en-test", "-w", str(ws), "--strict")
    assert code == 3 and "plain-language warnings under --strict" in err
    (ws / "articles" / "clean.md").write_text(FRONT.format(title="Clean", lang="en") + "Rest when it hurts. Walk a little.\n",
                                              encoding="utf-8")  # fmt: skip
    code, out, err = run("check", "clean", "-w", str(ws), "--strict")
    assert code == 0, out + err
    assert re.search(r"clean\.md \[en\]: 0 warnings in 1 paragraph or list item, 2 sentences, 7 words; "
                     r"reading grade -?\d+\.\d \(aim ≤ 8\)$", out.strip())  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "th"])
def test_demo_article(lang: str) -> None:
    code, out, _ = run("check", ARTICLE, "-w", str(REPO), "--lang", lang)
    assert code == 0
    lines = out.strip().splitlines()
    assert all(LINE.match(line) for line in lines[:-1])
    assert f"[{lang}]: {len(lines) - 1} warnings in " in lines[-1]
    if lang == "en":
        grade = float(re.search(r"reading grade (\d+\.\d)", lines[-1]).group(1))  # type: ignore[union-attr]
        assert grade > 8 and any("Flesch–Kincaid" in line for line in lines)


def test_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("check", ARTICLE, "-w", str(REPO), "--lang", "xx")
    assert code == 2 and err.startswith("error: ") and "unknown language 'xx'" in err
    code, _, err = run("check", "no-such-article", "-w", str(REPO))
    assert code == 1 and "unknown article" in err


def test_heuristics() -> None:
    assert english_sentences("Rest, e.g. lie down. Then walk! Is it 3.5 km? Yes") == [
        "Rest, e.g. lie down.", "Then walk!", "Is it 3.5 km?", "Yes"]  # fmt: skip
    assert passive_phrases("It was previously called FBSS. You need rest. It is known.") == ["was previously called",
                                                                                            "is known"]  # fmt: skip
    assert thai_sentences("ปวดหลัง ควรพัก. เดินวันละ 10 นาที") == ["ปวดหลัง", "ควรพัก.", "เดินวันละ", "10", "นาที"]
    assert thai_words("ปวดหลังหลังผ่าตัด") == ["ปวด", "หลัง", "หลัง", "ผ่าตัด"]
    assert thai_long_runs("โทร 081 234 5678 ทันที") == []


@given(findings=st.integers(0, 3), units=st.integers(0, 3), sentences=st.integers(0, 3), words=st.integers(0, 3),
       untranslated=st.integers(0, 3))  # fmt: skip
def test_the_summary_counts_in_the_singular_for_one(findings: int, units: int, sentences: int, words: int,
                                                     untranslated: int) -> None:  # fmt: skip
    report = Report("articles/x.md", "en", [Finding("articles/x.md", 1, "c", "m")] * findings, units, sentences, words,
                    untranslated)  # fmt: skip
    summary = report.summary()
    for n, one, many in ((findings, "warning", "warnings"), (units, "paragraph or list item", "paragraphs and list items"),
                         (sentences, "sentence", "sentences"), (words, "word", "words"),
                         (untranslated, "untranslated entry", "untranslated entries")):  # fmt: skip
        if n or one != "untranslated entry":
            assert re.search(rf"(?<![0-9]){n} {one if n == 1 else many}(?![a-z])", summary), summary


# common irregular past participles of patient instructions ("the dressing was changed", "you were bitten")
IRREGULAR = ("bitten", "bent", "bound", "fed", "hit", "led", "let", "shut", "split", "spread", "struck", "stuck",
             "withdrawn", "frozen", "laid", "proven", "undergone", "undertaken", "withheld", "misled", "reset",
             "redone", "retaken", "rewritten", "swept", "woven", "cast", "overseen")


@given(word=st.sampled_from(IRREGULAR), be=st.sampled_from(["is", "was", "were", "be", "been", "being", "gets", "got"]),
       adverb=st.sampled_from(["", "quickly "]))  # fmt: skip
def test_passive_with_an_irregular_participle_is_found(word: str, be: str, adverb: str) -> None:
    assert passive_phrases(f"The wound {be} {adverb}{word} by the nurse.") == [f"{be} {adverb}{word}"]


def test_times_of_day_end_no_sentence() -> None:
    """'8 a.m. and 8 p.m.' was cut into three sentences of a dose's instruction."""
    assert english_sentences("Take 1 tablet at 8 a.m. and 1 at 8 p.m. every day. Call us.") == [
        "Take 1 tablet at 8 a.m. and 1 at 8 p.m. every day.", "Call us."]  # fmt: skip


@pytest.mark.parametrize("address", ["https://demo-clinic.example/wound-care-instructions", "www.demo-clinic.example",
                                     "nurse.education@demo-clinic.example"])  # fmt: skip
@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_web_or_mail_address_is_no_prose(tmp_path: Path, address: str, lang: str) -> None:
    """An address's parts were words: 'wound-care-instructions' a long word, and each part counted
    in the sentence's length and the reading grade."""
    ws = _workspace(tmp_path)
    body = {"en": f"Watch our video at {address}. Rest well.\n",
            "th": f"ดูวิดีโอที่ {address} แล้วพักผ่อน\n"}[lang]  # fmt: skip
    bare = {"en": "Watch our video at. Rest well.\n", "th": "ดูวิดีโอที่ แล้วพักผ่อน\n"}[lang]
    (ws / "articles" / "with.md").write_text(FRONT.format(title="T", lang=lang) + body, encoding="utf-8")
    (ws / "articles" / "without.md").write_text(FRONT.format(title="T", lang=lang) + bare, encoding="utf-8")
    code, out, err = run("check", "with", "-w", str(ws), "--lang", lang)
    assert code == 0, err
    assert _findings(out) == [], out
    code, clean, err = run("check", "without", "-w", str(ws), "--lang", lang)
    assert code == 0, err
    assert out.strip().splitlines()[-1].replace("with.md", "") == clean.strip().splitlines()[-1].replace("without.md", "")


@pytest.mark.parametrize(("defaults", "checked"), [('["th", "en"]', "th"), ('["my", "th"]', "th"), ('["en", "th"]', "en"),
                                                   ('["km"]', "en")])  # fmt: skip
def test_without_lang_the_text_a_render_prints_is_checked(tmp_path: Path, defaults: str, checked: str) -> None:
    """--lang's help says the default is the first of [defaults] languages the article is translated
    into, as for a render: a Thai clinic's check read the English source its handouts never print.
    (A default language the check has no rules for is passed over.)"""
    ws = _workspace(tmp_path)
    (ws / "handouts.toml").write_text(f'[defaults]\nclinic = "demo"\nlanguages = {defaults}\n', encoding="utf-8")
    code, out, err = run("check", ARTICLE, "-w", str(ws))
    assert code == 0, err
    assert f"back-pain-after-surgery.md [{checked}]: " in out.strip().splitlines()[-1]


@pytest.mark.parametrize(("lang", "name"), [("my", "Burmese (my)"), ("km", "Khmer (km)"), ("lo", "Lao (lo)"),
                                            ("th+my", "Burmese (my)")])  # fmt: skip
def test_a_language_without_rules_is_read_and_said_unchecked_not_refused(lang: str, name: str) -> None:
    """'handouts check ARTICLE --lang my' was an error (exit 1, "no plain-language rules"), also for
    a Burmese article without --lang: the counts it can give and the other language of th+my were
    lost. Now its text is read and counted, the summary says the rules are not for it, exit 0
    (--strict too: nothing was found)."""
    code, out, err = run("check", ARTICLE, "-w", str(REPO), "--lang", lang, "--strict")
    lines = out.strip().splitlines()
    last = lines[-1]
    assert last.startswith(f"articles/{ARTICLE}.md [{lang.split('+')[-1]}]: not checked: "), last
    assert f"the plain-language rules are for en and th, not {name}; " in last
    assert re.search(r"; \d+ paragraphs and list items read", last), last
    if lang == "th+my":  # the Thai text is checked as before: its findings and summary come first
        assert code == 3 and any("[th]: 4 warnings in " in line for line in lines), out
    else:
        assert code == 0 and len(lines) == 1 and err == "", (code, out, err)


def test_an_article_written_in_a_language_without_rules_is_read_too(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    (ws / "articles" / "my-test.md").write_text(FRONT.format(title="စမ်းသပ်", lang="my")
                                                + "နေ့စဉ် လမ်းလျှောက်ပါ။\n\n- ဆေးကို အစာနှင့် သောက်ပါ။\n",
                                                encoding="utf-8")  # fmt: skip
    code, out, err = run("check", "my-test", "-w", str(ws))
    assert code == 0, err
    assert out.strip() == ("articles/my-test.md [my]: not checked: the plain-language rules are for en and th, "
                           "not Burmese (my); 2 paragraphs and list items read")  # fmt: skip
