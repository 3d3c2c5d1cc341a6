"""The draft mark's outlines: measured once per process, and scaled exactly with the size."""

from __future__ import annotations

import pytest

from handouts.typesetting.outline import text_outline


@pytest.mark.parametrize("word", ["DRAFT", "ฉบับร่าง"])
def test_the_same_mark_is_shaped_once_and_scales_with_its_size(word: str) -> None:
    small = text_outline(word, 40.0)
    assert text_outline(word, 40.0) is small  # every page of a draft asks again: one outline
    large = text_outline(word, 80.0)
    assert large is not small and large.ops != small.ops
    assert large.width == pytest.approx(2 * small.width)
    assert small.ops.count(" f Q") == large.ops.count(" f Q") > 0  # the same glyphs, filled
