"""The front-matter reader without PyYAML (handouts.content.simpleyaml) reads what it reads as PyYAML does."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handouts.content import simpleyaml
from handouts.content.article import _unique_key_loader

TRICKY = "ab Zก9 :#,[]{}\"'\\-?&*!|>%@`~.\t\r\xa0\x85\u2028\u2029\ufeff\u3000\u200b"
words = st.text(alphabet=TRICKY, max_size=8)
keys = st.one_of(st.sampled_from(["title", "lang", "a", "icd-10", "x_y", "-bad", "a b", "y", "1"]), words)
quoted = st.builds(lambda s: f'"{s}"', words)
seq = st.builds(lambda xs, sep: "[" + sep.join(xs) + "]", st.lists(st.one_of(words, st.sampled_from(["M96.1", "Z48"]))),
                st.sampled_from([", ", ",", " , "]))  # fmt: skip
mapping = st.builds(lambda kv, sep: "{" + sep.join(f"{k}: {v}" for k, v in kv) + "}",
                    st.lists(st.tuples(keys, st.one_of(quoted, words)), max_size=3), st.sampled_from([", ", ","]))  # fmt: skip
values = st.one_of(words, quoted, seq, mapping, st.sampled_from(["2026-11-01", "1.0", "en", "~", "null", "yes", "..."]))
lines = st.one_of(
    st.builds(lambda k, v, sp: f"{k}:{sp}{v}", keys, values, st.sampled_from([" ", "  ", ""])),
    st.builds(lambda k: f"{k}:", keys),
    st.builds(lambda ind, k, v: f"{ind}{k}: {v}", st.sampled_from([" ", "  ", "    ", "\t"]), keys, values),
    st.sampled_from(["", "# a comment", "  # indented", "---", "%YAML 1.1", "- item"]),
    words,
)


# mostly inside the subset, with the characters at its edges: what the reader must read alike
ALMOST = "ab Zก9 .~'\"!&*|>%@`-?/()\\:#,{}\u3000\xa0"
good_keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,3}", fullmatch=True)
good_words = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,4}", fullmatch=True)
good_values = st.one_of(
    st.text(alphabet=ALMOST, min_size=1, max_size=10),
    st.builds(lambda s: f'"{s}"', st.text(alphabet=ALMOST + "[]", max_size=10)),
    st.builds(lambda xs, sep, pad: "[" + pad + sep.join(xs) + pad + "]", st.lists(good_words, max_size=3),
              st.sampled_from([", ", ",", " ,  "]), st.sampled_from(["", " "])),  # fmt: skip
    st.builds(lambda kv, sep: "{" + sep.join(f"{k}: {v}" for k, v in kv) + "}",
              st.lists(st.tuples(good_keys, st.builds(lambda s: f'"{s}"', st.text(alphabet=ALMOST, max_size=6))),
                       max_size=3), st.sampled_from([", ", ",", " , "])),  # fmt: skip
)
good_lines = st.one_of(
    st.builds(lambda k, v, sp: f"{k}:{sp}{v}", good_keys, good_values, st.sampled_from([" ", " ", "  "])),
    st.builds(lambda k, ind, subs: "\n".join([f"{k}:", *(f"{ind}{sk}: {v}" for sk, v in subs)]), good_keys,
              st.sampled_from(["  ", "    ", " "]), st.lists(st.tuples(good_keys, good_values), max_size=3)),  # fmt: skip
    st.sampled_from(["", "# a comment"]),
)


def _pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=_unique_key_loader())


def _agrees(text: str) -> None:
    fast = simpleyaml.load(text)
    if fast is not None:
        assert _pyyaml(text) == fast  # PyYAML reads it without an error, and alike


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, min_size=1, max_size=8))
@example(['title: "Why?"', "lang: en", "codes:", "  icd-10: [M96.1]", '  icd-10-tm: [M96.1, Z48]', 'author: {en: "A, B", th: "ก"}'])
def test_the_subset_is_read_as_pyyaml_reads_it(front: list[str]) -> None:
    _agrees("\n".join(front))


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(good_lines, min_size=1, max_size=6))
def test_the_subset_is_read_as_pyyaml_reads_it_near_its_edges(front: list[str]) -> None:
    _agrees("\n".join(front))


READ = [
    'title: "Why Does My Back Pain Persist After Surgery?"\nlang: en\nreviewed: 2026-11-01\nversion: "1.0"',
    "title: ปวดหลังหลังผ่าตัด  นาน\nlang: th\n\n# a comment\nversion: 1.0",
    'author: {en: "A, MD", th: "พญ. ก {x}: y"}\nreviewer: {}\nx: "#not a comment"',
    "codes:\n  icd-10: [M96.1]\n  icd-10-tm: []\nlang: en",
    "codes:\n    a: [ M96.1 , Z48 ]\ntitle: a \"b\" 'c' ~ !x &y *z",
    "y: ~\nn: null\ntrue: yes",
]


@pytest.mark.parametrize("text", READ)
def test_what_it_reads(text: str) -> None:
    fast = simpleyaml.load(text)
    assert fast is not None
    assert fast == _pyyaml(text)


LEFT = [
    "title: 'single'", 'title: "a\\nb"', "title: a # comment", "title: a:b", "title: [a, b]x", "title: a ",
    "title: |\n  block", "a: 1\na: 2", 'a: {en: "x", en: "y"}', "codes:\n  a: [b]\n    c: [d]", "codes:",
    "codes:\n  a: [b]\n   c: [d]", "title: a\u2028b", "title: a\rb", "title: \ufeffa", "\ttitle: a", "title: &a x",
    "- a", "title: a\n  b", "title:\n  sub:\n    x: y", "title: a\x85b", "title: \x7f",
]


@pytest.mark.parametrize("text", LEFT)
def test_what_it_leaves_to_pyyaml(text: str) -> None:
    assert simpleyaml.load(text) is None  # PyYAML reads it, or names the error


def test_the_demo_articles_need_no_pyyaml() -> None:
    """The shipped articles' front matters are in the subset: reading them imports no PyYAML (11 ms a cold render)."""
    code = ("import sys; from pathlib import Path; from handouts.content.article import load_article; "
            "[load_article(p) for p in sorted(Path('articles').glob('*.md'))]; print('yaml' in sys.modules)")  # fmt: skip
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root).stdout
    assert out.strip() == "False"


def test_it_leaves_to_pyyaml_exactly_what_pyyaml_refuses_or_reads_its_own_way() -> None:
    """Over all of Unicode: the characters the reader leaves to PyYAML are those PyYAML's reader
    refuses, plus its line breaks, tab, carriage return and byte-order mark."""
    from yaml.reader import Reader

    every = "".join(map(chr, range(0x110000)))
    own_way = set("\t\r\x85\u2028\u2029\ufeff")
    left = {c for c in every if simpleyaml._UNSAFE.search(c)}
    assert left == {c for c in every if Reader.NON_PRINTABLE.match(c)} | own_way
