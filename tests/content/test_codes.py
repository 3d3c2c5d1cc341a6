"""Front matter ``codes:`` → diagnosis codes; matching for the HIS Infobutton API."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handouts.content.article import load_article
from handouts.content.codes import Code, matches, normalise, parse_codes, system_name
from handouts.errors import ContentError


def test_demo_article_lists_m96_1(workspace: Path) -> None:
    article = load_article(workspace / "articles" / "back-pain-after-surgery.md")
    assert Code("icd-10", "M961") in article.front["codes"]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ({"loinc": ["1234-5"]}, "unknown code system 'loinc'"),
        ({"icd-10": ["not a code"]}, "is not an ICD-10 code"),
        (["M96.1"], "is not a mapping"),
        ({"snomed-ct": ["12"]}, "is not a SNOMED CT code"),
    ],
)
def test_bad_codes_are_named(value: object, fragment: str) -> None:
    with pytest.raises(ContentError) as e:
        parse_codes(value, "articles/x.md", 9)
    assert fragment in str(e.value) and "articles/x.md:9" in str(e.value)


def test_bad_codes_in_an_article_name_the_line(workspace: Path) -> None:
    path = workspace / "articles" / "back-pain-after-surgery.md"
    text = path.read_text(encoding="utf-8").replace("icd-10: [M96.1]", "icd10: [Q]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_article(path)
    line = text.splitlines().index("codes:") + 1
    assert f":{line}:" in str(e.value) and "'Q'" in str(e.value)


def test_oids_and_aliases() -> None:
    assert system_name("2.16.840.1.113883.6.96") == "snomed-ct"
    assert system_name("ICD-10-TM") == system_name("icd10tm") == "icd-10-tm"
    assert system_name("2.16.840.1.113883.6.1") is None  # LOINC is not a diagnosis system here


_icd = st.from_regex(r"\A[A-Z][0-9]{2}(\.[0-9]{1,2})?\Z")


@given(_icd, _icd)
def test_icd_matching_is_prefix_on_normal_forms(listed: str, requested: str) -> None:
    a, b = normalise("icd-10", listed), normalise("icd-10-tm", requested)
    assert a is not None and b is not None
    assert matches(Code("icd-10", a), Code("icd-10-tm", b)) == b.startswith(a)
    assert matches(Code("icd-10", a), Code("icd-10", a))
    assert not matches(Code("icd-10", a), Code("snomed-ct", "203095000"))


def test_every_code_system_has_a_name_for_errors() -> None:
    """'is not a icd-10 code': an error names the system as people write it, with its article."""
    from handouts.content import codes

    assert set(codes._NAMES) == set(codes.SYSTEMS)
    assert all(n.split(" ", 1)[0] in ("a", "an") and n.split(" ", 1)[1].upper() == n.split(" ", 1)[1]
               for n in codes._NAMES.values())  # fmt: skip
