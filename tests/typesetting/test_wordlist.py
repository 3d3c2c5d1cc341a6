"""The shipped word tables: sorted UTF-8 blocks and word digests; lookups agree with a dict and a set, from any words."""

from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.typesetting.diskcache import DATA
from handouts.typesetting.finer import inner_boundaries
from handouts.typesetting.segment import compounds
from handouts.typesetting.wordlist import SortedBlock, WordHashes, _table_lines

_WORDISH = st.text(alphabet=st.sampled_from("กขคงจฉ่้ัิาำ ะAaZz\u00e9\U0001f600,3"), min_size=0, max_size=6)


@settings(max_examples=200)
@given(st.lists(st.tuples(_WORDISH, _WORDISH), max_size=40), st.lists(_WORDISH, max_size=20))
def test_a_block_answers_as_a_dict_does(rows: list[tuple[str, str]], others: list[str]) -> None:
    """Thai, Latin, marks, astral characters, words that are prefixes of others, bare words
    (value "") beside words with values: every lookup agrees with a dict of the same rows."""
    table = SortedBlock(rows)
    expected = {w: v for w, v in rows if w}
    queries = [*(w for w, _ in rows), *others, *(w[:-1] for w in expected), *(w + "ก" for w in expected), "", "\n", "\t"]
    again = SortedBlock.from_block(table.block)  # (a shipped table: looked up in its block, never split)
    for q in queries:
        assert again.get(q) == expected.get(q), q
        assert (q in again) == (q in expected)
    assert again._lines is None
    assert len(table) == len(expected) and list(table) == sorted(expected)
    for q in queries:
        assert table.get(q) == expected.get(q)
        assert (q in table) == (q in expected)


def test_the_shipped_tables_find_their_words_and_not_their_parts() -> None:
    words = compounds()
    assert len(words) > 30_000
    assert "ความดัน" in words and "กระเพาะอาหาร" in words
    assert "ความดั" not in words and "ดันความ" not in words
    assert inner_boundaries("กระดูกสันหลัง") == (6,)
    assert inner_boundaries("กระดูกสันหลั") == ()


@settings(max_examples=200)
@given(st.lists(_WORDISH, max_size=60), st.lists(_WORDISH, max_size=30))
def test_word_hashes_answer_as_a_set_does(words: list[str], others: list[str]) -> None:
    """Membership by digests agrees with a set of the same words (empty words are not words),
    before and after the round trip through the shipped bytes, and asked twice."""
    table = WordHashes(words)
    expected = {w for w in words if w}
    again = WordHashes.from_bytes(table.data)
    assert len(table) == len(again) == len(expected)
    for q in [*words, *others, "", "\n"]:
        assert (q in table) == (q in again) == (q in expected) == (q in table)
    assert 3 not in table and None not in table


def test_the_shipped_tables_are_what_the_run_time_reads() -> None:
    """tools/build_th_compounds.py writes the gzip tables with their lines sorted, as
    :class:`SortedBlock` holds them, and the compound list's digests beside it: the run time
    reads them as they are, so they must be exactly that."""
    for name in ("th_compounds.txt.gz", "th_splits.txt.gz"):
        text = gzip.decompress((DATA / name).read_bytes()).decode("utf-8")
        body = [line for line in text.split("\n") if line[:1] != "#"]
        rows = [line.partition("\t")[::2] for line in body if line]
        assert SortedBlock(rows).block == _table_lines(name), f"{name}: run python tools/build_th_compounds.py"
    words = gzip.decompress((DATA / "th_compounds.txt.gz").read_bytes()).decode("utf-8").split("\n")
    built = WordHashes(w for w in words if w[:1] != "#").data
    assert (DATA / "th_compounds.hashes").read_bytes() == built, "run python tools/build_th_compounds.py --hashes"
