"""The shipped word tables as sorted UTF-8 blocks: lookups agree with a dict, from any words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.typesetting.finer import inner_boundaries
from handouts.typesetting.segment import compounds
from handouts.typesetting.wordlist import SortedBlock

_WORDISH = st.text(alphabet=st.sampled_from("กขคงจฉ่้ัิาำ ะAaZz\u00e9\U0001f600,3"), min_size=0, max_size=6)


@settings(max_examples=200)
@given(st.lists(st.tuples(_WORDISH, _WORDISH), max_size=40), st.lists(_WORDISH, max_size=20))
def test_a_block_answers_as_a_dict_does(rows: list[tuple[str, str]], others: list[str]) -> None:
    """Thai, Latin, marks, astral characters, words that are prefixes of others, bare words
    (value "") beside words with values: every lookup agrees with a dict of the same rows."""
    table = SortedBlock(rows)
    expected = {w: v for w, v in rows if w}
    assert len(table) == len(expected) and list(table) == sorted(expected)
    for q in [*(w for w, _ in rows), *others, "", "\n", "\t"]:
        assert table.get(q) == expected.get(q)
        assert (q in table) == (q in expected)
    again = SortedBlock.from_block(table.block)
    assert all(again.get(q) == expected.get(q) for q in others)


def test_the_shipped_tables_find_their_words_and_not_their_parts() -> None:
    words = compounds()
    assert len(words) > 30_000
    assert "ความดัน" in words and "กระเพาะอาหาร" in words
    assert "ความดั" not in words and "ดันความ" not in words
    assert inner_boundaries("กระดูกสันหลัง") == (6,)
    assert inner_boundaries("กระดูกสันหลั") == ()
