"""Pages with more than 256 distinct glyphs of one font: ReportLab spreads them over several font
subsets, and a text operator may then hold only glyphs without ink (a phantom, a space), which
PDFium drops from the text it extracts. Burmese syllables made from a fixed seed (consonant,
stacked consonant or medials, vowel, final with asat, tone) fill the subsets."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

CONSONANTS = "ကခဂငစဆဇညတထဒနပဖဗဘမယရလဝသဟအ"


def _burmese(seed: int) -> list[str]:
    rnd = random.Random(seed)

    def syllable() -> str:
        s = rnd.choice(CONSONANTS)
        if rnd.random() < 0.1:
            s = rnd.choice("ကမသ") + "င်္" + s[0]  # kinzi
        if rnd.random() < 0.15:
            s += "္" + rnd.choice("ကခဂစဆဇတထဒပဗဘမလ")  # a stacked consonant
        else:
            s += rnd.choice(["", "", "ျ", "ြ", "ွ", "ှ", "ျွ", "ြွ", "ွှ", "ျှ"])
        v = rnd.choice(["", "ာ", "ါ", "ိ", "ီ", "ု", "ူ", "ေ", "ဲ", "ို", "ော", "ော်", "ံ", "ုံ"])
        s += v
        if v in ("", "ာ", "ါ", "ိ", "ု", "ေ", "ော") and rnd.random() < 0.5:
            s += rnd.choice(["က်", "င်", "စ်", "ည်", "တ်", "န်", "ပ်", "မ်"])
        return s + rnd.choice(["", "", "့", "း"])

    paras = []
    for _ in range(4):
        out = []
        for _ in range(rnd.randint(40, 80)):
            w = "".join(syllable() for _ in range(rnd.randint(1, 3)))
            if rnd.random() < 0.05:
                w += rnd.choice(["၊", "။"])
            out += [w, rnd.choice([" ", " ", ""])]
        paras.append("".join(out).strip())
    return paras


@pytest.mark.parametrize("seed", [1])
def test_every_space_and_mark_of_a_long_burmese_page_is_extracted(seed: int, sea: SimpleNamespace,
                                                                  th: SimpleNamespace, tmp_path: object) -> None:  # fmt: skip
    paras = _burmese(seed)
    ts = sea.typeset("my", paras, 60)
    pdf = tmp_path / "long.pdf"  # type: ignore[operator]
    pdf.write_bytes(ts.pdf)
    got = "\n".join(th.extractors["pdfium"](pdf))
    assert sea.extraction_problems("\n".join(paras), got, max_lines=len(ts.lines)) == []
