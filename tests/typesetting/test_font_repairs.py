"""The repaired Noto Sans Myanmar (scripts/fontfix.py): a kinzi over a stacked consonant takes
its upper vowel as the font's own ligature, and nothing else shapes differently.

Shaping is HarfBuzz's on the static instance the typesetter draws with; the unrepaired font is
the same instance made with the repair switched off."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.typesetting.scripts import fontfix
from handouts.typesetting.scripts import instances as inst

FAMILY = "notosansmyanmar"
CORPUS = Path(__file__).parent / "corpus" / "my_health.txt"
KINZI = "င်္"
WIDE = "ကခစဆဇဋဌဍဏတထဓနပဖဗဘမယလသဟအ"  # bases that carry a stacked consonant
STACK = "ကခဂတထဒနပဗဘမလသ"
UPPER = ("ိ", "ီ", "ဲ", "ံ", "ိံ", "ီံ", "ီး", "ို", "ံ့", "ိံ့", "ုံ")
TOLERANCE = 0.02  # em, as tests/typesetting/sea (box corners)


def _unrepaired(weight: int) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fontfix, "repair", lambda family, font: False)
        return inst._instance(FAMILY, inst.package_font(FAMILY).read_bytes(), weight)


@pytest.fixture(scope="module")
def fonts() -> dict[str, Any]:
    import uharfbuzz as hb

    def font(data: bytes) -> Any:
        return hb.Font(hb.Face(data))

    return {"old": font(_unrepaired(400)), "new": font(inst.static_instance(FAMILY, "regular").read_bytes()),
            "new_bold": font(inst.static_instance(FAMILY, "bold").read_bytes())}  # fmt: skip


def shape(font: Any, text: str) -> list[tuple[int, int, int, int, int]]:
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    return [(i.codepoint, i.cluster, p.x_advance, p.x_offset, p.y_offset)
            for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)]  # fmt: skip


def mark_overlaps(font: Any, text: str) -> list[tuple[str, str]]:
    """Pairs of marks (no advance, some ink) whose ink boxes overlap by more than the tolerance."""
    upem = font.face.upem
    boxes, x = [], 0
    for gid, _, adv, dx, dy in shape(font, text):
        e = font.get_glyph_extents(gid)
        if adv == 0 and e.width:
            left, top = x + dx + e.x_bearing, dy + e.y_bearing
            boxes.append((font.glyph_to_string(gid), left, left + e.width, top + e.height, top))
        x += adv
    return [(a[0], b[0]) for a, b in itertools.combinations(boxes, 2)
            if min(a[2], b[2]) - max(a[1], b[1]) > TOLERANCE * upem
            and min(a[4], b[4]) - max(a[3], b[3]) > TOLERANCE * upem]  # fmt: skip


def test_the_unrepaired_font_draws_kinzi_and_the_vowel_on_one_spot(fonts: dict[str, Any]) -> None:
    assert mark_overlaps(fonts["old"], "ကင်္ဝ္ဘီ") == [("kinzi", "_ii")]
    assert mark_overlaps(fonts["new"], "ကင်္ဝ္ဘီ") == []
    glyphs = [fonts["new"].glyph_to_string(g[0]) for g in shape(fonts["new"], "ကင်္ဝ္ဘီ")]
    assert glyphs == ["ka", "wa", "kinzi_ii", "bha.sub"], "the font's own ligature"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(WIDE), stack=st.sampled_from(STACK), vowel=st.sampled_from(UPPER),
       weight=st.sampled_from(["new", "new_bold"]))  # fmt: skip
def test_kinzi_over_a_stack_and_its_upper_vowel_do_not_overlap(
    fonts: dict[str, Any], base: str, stack: str, vowel: str, weight: str
) -> None:
    assert mark_overlaps(fonts[weight], "က" + KINZI + base + "\u1039" + stack + vowel) == []


def test_the_burmese_corpus_shapes_as_before(fonts: dict[str, Any]) -> None:
    words = sorted(set(CORPUS.read_text("utf-8").split()))
    assert len(words) > 200
    changed = [w for w in words if shape(fonts["old"], w) != shape(fonts["new"], w)]
    assert changed == []


# A Burmese syllable in Unicode Technical Note #11 order, stacks and kinzi included.
MEDIALS = ("", "ျ", "ြ", "ွ", "ှ", "ျွ", "ြွ", "ွှ")
RHYMES = ("", "ာ", "ါ", "ိ", "ီ", "ု", "ူ", "ေ", "ဲ", "ံ", "ို", "ော", "ိံ", "ုံ", "ာ့", "း", "်", "န်", "င်း", "့")
SYLLABLE = st.builds(lambda k, b, s, m, r: k + b + s + m + r, st.sampled_from(["", KINZI]),
                     st.sampled_from("ကခဂငစဆဇညဋဍတထဒနပဖဗဘမယရလဝသဟအ"),
                     st.sampled_from(["", *("\u1039" + c for c in STACK)]), st.sampled_from(MEDIALS),
                     st.sampled_from(RHYMES))  # fmt: skip
KINZI_OVER_STACK = re.compile(KINZI + "[\u1000-\u1021]\u1039")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(syllables=st.lists(SYLLABLE, min_size=1, max_size=4))
def test_only_a_kinzi_over_a_stack_shapes_differently(fonts: dict[str, Any], syllables: list[str]) -> None:
    for syllable in syllables:
        if not KINZI_OVER_STACK.search(syllable):
            assert shape(fonts["old"], syllable) == shape(fonts["new"], syllable), syllable
    text = "".join(syllables)
    if not KINZI_OVER_STACK.search(text):
        assert shape(fonts["old"], text) == shape(fonts["new"], text)


def test_the_repair_is_deterministic_keyed_and_done_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fontTools.ttLib import TTFont

    data = inst.package_font(FAMILY).read_bytes()
    assert inst._instance(FAMILY, data, 400) == inst._instance(FAMILY, data, 400)
    monkeypatch.setenv("HANDOUTS_FONT_CACHE", str(tmp_path))
    inst.static_instance.cache_clear()
    try:
        assert fontfix.VERSION in inst.static_instance(FAMILY, "regular").name
        font = TTFont(inst.static_instance(FAMILY, "regular"))
    finally:
        inst.static_instance.cache_clear()
    assert fontfix.repair(FAMILY, font) is False, "an instance is repaired once"
    assert fontfix.repair("notosanslao", TTFont(inst.static_instance("notosanslao", "regular"))) is False
