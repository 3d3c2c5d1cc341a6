"""Lines of Burmese, Khmer and Lao must not collide: the leading of each script covers its tallest
clusters (medials, kinzi, stacked consonants, coeng subscripts, subscript ລ with a tone mark)."""

from __future__ import annotations

import pytest

from handouts.layout.fit import variants
from handouts.layout.styles import styles_for
from handouts.typesetting.fonts import font_set
from handouts.typesetting.shaping import shape

TALL = {
    "my": "ကြိုး ပြန် ည် ကျွန်ုပ် မင်္ဂလာ ကမ္ဘာ သင်္ချိုင်း ဦး ဍ္ဍ ဋ္ဌ ကြွှေ့ ဏ္ဍ",
    "km": "ស្ត្រី ក្រុមគ្រួសារ ព្យាបាល ស្ត្រ្យី ង្ក្រែ ប៉ុ ក្ស៊ើ ញ្ញ",
    "lo": "ເຈັບຫຼັງ ຜູ້ຍິງ ກ້າມຊີ້ນ ເສັ້ນ ຢູ່ ຫຼື ໂຮງໝໍ ຫຼ້ື",
}
FONTS = {"my": "Mymr", "km": "Khmr", "lo": "Laoo"}


def ink_height(lang: str, weight: str) -> float:
    """From the highest mark to the lowest subscript of the samples, in ems of the body size."""
    face = font_set().face(weight, FONTS[lang])
    top, bottom = 0.0, 0.0
    for word in TALL[lang].split():
        for g in shape(word, face).glyphs:
            if g.gid:
                e = face.hb_font.get_glyph_extents(g.gid)  # type: ignore[attr-defined]
                top = max(top, g.y_offset + e.y_bearing)
                bottom = min(bottom, g.y_offset + e.y_bearing + e.height)
    return (top - bottom) / face.upem * face.scale


@pytest.mark.parametrize("lang", sorted(TALL))
@pytest.mark.parametrize("profile", ["standard", "large"])
def test_leading_covers_the_tallest_clusters(lang: str, profile: str) -> None:
    st = styles_for(lang, profile)
    assert st.leading >= ink_height(lang, "regular"), "body lines would touch"
    # nor when a nearly empty last page is avoided with 0.1 less leading (layout.fit)
    assert min(v.leading for v in variants(st, profile == "large")) >= ink_height(lang, "regular")
    assert st.title_leading >= ink_height(lang, "bold"), "title lines would touch"
    # a bilingual sheet takes the more demanding language's leading for both columns
    for other in ("en", "th"):
        both = styles_for(f"{other}+{lang}", profile)
        assert (both.leading, both.title_leading) == (st.leading, st.title_leading)
