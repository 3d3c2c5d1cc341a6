"""Fixtures of the Burmese, Khmer and Lao tests: a workspace with a short article and small catalogs.

The catalogs are *pseudo-translations* made here (each English word → a real word of the
language, numbers, units, placeholders, links and markup kept), so the tests never depend on
the shipped translations under ``locales/`` (written by others, and changing). A Burmese-source
article (``lang: my``) exercises Burmese as the language an article is written in.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

SEA = ("my", "km", "lo")
WORDS = {
    "my": ["ကျောရိုး", "နာကျင်မှု", "ခွဲစိတ်ကုသမှု", "လူနာ", "ဆရာဝန်", "ဆေးရုံ", "ကျန်းမာရေး", "မင်္ဂလာပါ", "ကမ္ဘာ", "ကျွန်ုပ်", "အာရုံကြော", "ဆေးဝါး", "ပြန်လည်ကောင်းမွန်", "လေ့ကျင့်ခန်း", "သင်္ချိုင်း"],
    "km": ["ឈឺខ្នង", "ការវះកាត់", "អ្នកជំងឺ", "គ្រូពេទ្យ", "មន្ទីរពេទ្យ", "សុខភាព", "បញ្ហា", "ស្ត្រី", "សាច់ដុំ", "សរសៃប្រសាទ", "ថ្នាំ", "ការជាសះស្បើយ", "លំហាត់ប្រាណ", "ក្រុមគ្រួសារ", "ព្យាបាល"],
    "lo": ["ເຈັບຫຼັງ", "ການຜ່າຕັດ", "ຄົນເຈັບ", "ທ່ານໝໍ", "ໂຮງໝໍ", "ສຸຂະພາບ", "ບັນຫາ", "ອາດຈະເກີດ", "ກ້າມຊີ້ນ", "ເສັ້ນປະສາດ", "ຢາ", "ການຟື້ນຕົວ", "ອອກກຳລັງກາຍ", "ຜູ້ຍິງ", "ຄອບຄົວ"],
    "th": ["ปวดหลัง", "ผ่าตัด", "ผู้ป่วย", "แพทย์", "โรงพยาบาล", "สุขภาพ", "ปัญหา", "กล้ามเนื้อ", "เส้นประสาท", "ยา", "ฟื้นตัว", "ออกกำลังกาย"],
}  # fmt: skip
ARTICLE = """---
title: "Walking after back surgery"
subtitle: "A short guide for the first weeks"
lang: en
author: "Ward nursing team"
reviewer: "Patient-education committee"
reviewed: 2026-11-01
next_review: 2028-11-01
source: "Written for the tests"
version: "1.0"
---

Walk for **10 minutes** three times a day, and a little longer each week.

## When to call us

- A fever or new weakness in your legs
- Pain that gets worse every day

Take your medicine as your doctor told you, and rest when you are tired.
"""
MY_ARTICLE = """---
title: "ခွဲစိတ်ပြီးနောက် ကျောနာခြင်း"
lang: my
author: "ဆေးရုံ သူနာပြုအဖွဲ့"
reviewer: "လူနာပညာပေးကော်မတီ"
reviewed: 2026-11-01
next_review: 2028-11-01
source: "စမ်းသပ်ရန် ရေးသားထားသည်"
version: "1.0"
---

ခွဲစိတ်ကုသမှုပြီးနောက် ကျောနာခြင်းသည် လူနာအများအပြားတွင် ဖြစ်တတ်ပါသည်။ နေ့စဉ် **10 မိနစ်** လမ်းလျှောက်ပါ။ မင်္ဂလာပါ။

## ဆရာဝန်ကို ဘယ်အချိန် ခေါ်ရမလဲ

- ခြေထောက် အားနည်းလာလျှင်
- ကျွန်ုပ်တို့ ဆေးရုံသို့ ဖုန်းဆက်ပါ
"""
_PROTECT = re.compile(r"%\(\w+\)s|%%|\{\w+\}|\]\([^)]*\)|https?://\S+|\d+(?:[.,]\d+)*\s*(?:%|[A-Za-z]+\.?)?|\b[A-Z]{2,}\b")


def pseudo(msgid: str, lang: str) -> str:
    """``msgid`` with each English word replaced by a word of ``lang`` (numbers, units, placeholders,
    links and markup kept, so the translation rules accept it); spaces between words kept only in
    Burmese, which puts spaces between phrases (Thai, Khmer and Lao do not between words)."""
    words, count = WORDS[lang], [0]

    def word(m: re.Match[str]) -> str:
        count[0] += 1
        return words[(len(m.group(0)) * 7 + count[0]) % len(words)]

    def sub(segment: str) -> str:
        segment = re.sub(r"[A-Za-z’'-]+", word, segment)
        return segment if lang == "my" else re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", segment)

    out, pos = [], 0
    for m in _PROTECT.finditer(msgid):
        out += [sub(msgid[pos : m.start()]), m.group(0)]
        pos = m.end()
    return "".join([*out, sub(msgid[pos:])])


def fill_catalog(po: Path, lang: str) -> None:
    """Translate every entry of ``po`` with :func:`pseudo`; an entry the rules refuse stays untranslated."""
    from babel.messages.pofile import read_po, write_po

    from handouts.i18n.rules import check_pair

    with po.open("rb") as f:
        cat = read_po(f)
    for m in cat:
        if m.id and isinstance(m.id, str):
            text = pseudo(m.id, lang)
            template = any(str(loc[0]).startswith("templates/") for loc in m.locations)
            if not any(sev == "error" for sev, _, _ in check_pair(m.id, text, lang, template=template)):
                m.string = text
    with po.open("wb") as f:
        write_po(f, cat, width=0)


Run = Callable[..., Result]


def invoke(*args: str) -> Result:
    from handouts.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def sea_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace + ``articles/walking.md`` (English) + ``articles/my-back-pain.md`` (Burmese),
    with pseudo-translated catalogs for th, my, km and lo. Built once; tests copy it."""
    from handouts.workspace import init_workspace

    root = init_workspace(tmp_path_factory.mktemp("sea") / "ws")
    for lang in SEA:  # shipped catalogs (if any) are not ours to test with
        shutil.rmtree(root / "locales" / lang, ignore_errors=True)
    (root / "articles" / "walking.md").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "my-back-pain.md").write_text(MY_ARTICLE, encoding="utf-8")
    for args in (("i18n", "extract"), ("i18n", "update"), *(("i18n", "init", lang) for lang in SEA)):
        r = invoke(*args, "-w", str(root))
        assert r.exit_code == 0, r.output
    for lang in SEA:
        fill_catalog(root / "locales" / lang / "LC_MESSAGES" / "handouts.po", lang)
    th = root / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    _fill_empty(th, "th")
    return root


def _fill_empty(po: Path, lang: str) -> None:
    """The Thai catalog: its real translations kept, the new article's entries pseudo-translated."""
    from babel.messages.pofile import read_po, write_po

    with po.open("rb") as f:
        cat = read_po(f)
    for m in cat:
        if m.id and isinstance(m.id, str) and not m.string:
            m.string = pseudo(m.id, lang)
    with po.open("wb") as f:
        write_po(f, cat, width=0)


@pytest.fixture
def sea(sea_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of :func:`sea_template`, the current folder; SOURCE_DATE_EPOCH 2026-11-25."""
    root = Path(shutil.copytree(sea_template, tmp_path / "ws", symlinks=True))
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 2026-11-25
    monkeypatch.delenv("HANDOUTS_WORKSPACE", raising=False)
    return root


@pytest.fixture
def run() -> Run:
    return invoke
