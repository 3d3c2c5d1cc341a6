"""Clinic TOML → the locale chrome: native digits, the calendar era, names in Burmese, Khmer and Lao."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.branding import load_brand
from handouts.errors import BrandError

BASE = """[clinic]
name_th = "คลินิกทดสอบ"
name_en = "Test Clinic"
{clinic}
[colors]
primary = "#1F4E79"

[contact]
address_th = "1 ถนนสุขุมวิท กรุงเทพมหานคร 10110"
address_en = "1 Sukhumvit Road, Bangkok 10110"
phone = "02 123 4567"
{contact}
[policy]
{policy}
"""


def clinic(tmp_path: Path, policy: str = "", *, clinic: str = "", contact: str = "") -> Path:
    path = tmp_path / "clinics" / "t.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BASE.format(policy=policy, clinic=clinic, contact=contact), encoding="utf-8")
    return path


def test_defaults(tmp_path: Path) -> None:
    b = load_brand(clinic(tmp_path), tmp_path)
    assert b.native_digits == frozenset() and not b.thai_digits
    assert [b.era(x) for x in ("th", "en", "my", "km", "lo")] == ["buddhist", *["gregorian"] * 4]
    assert b.name("my") == b.name("km") == "Test Clinic" and b.address("lo").startswith("1 Sukhumvit")


@pytest.mark.parametrize(
    ("policy", "langs"),
    [
        ("native_digits = true", {"th", "my", "km", "lo"}),
        ('native_digits = ["my", "lo"]', {"my", "lo"}),
        ("thai_digits = true", {"th"}),  # the old key: an alias of native_digits = ["th"]
        ('thai_digits = true\nnative_digits = ["km"]', {"th", "km"}),
        ("native_digits = false", set()),
    ],
)
def test_native_digits(tmp_path: Path, policy: str, langs: set[str]) -> None:
    b = load_brand(clinic(tmp_path, policy), tmp_path)
    assert b.native_digits == langs
    assert b.thai_digits == ("th" in langs)
    assert all(b.digits(x) == (x in langs) for x in ("en", "th", "my", "km", "lo"))


@pytest.mark.parametrize(
    ("policy", "eras"),
    [
        ('era = "gregorian"', ["gregorian"] * 5),
        ('era = "Buddhist"', ["buddhist"] * 5),
        ('era = "B.E."', ["buddhist"] * 5),
        ('era = { th = "CE", my = "gregorian" }', ["gregorian"] * 5),
        ('era = { th = "gregorian", lo = "buddhist" }', ["gregorian", "gregorian", "gregorian", "gregorian", "buddhist"]),
        # a three-letter code is its language, as --lang reads it (it was a key no handout's language matched)
        ('era = { tha = "gregorian", lao = "buddhist" }', ["gregorian", "gregorian", "gregorian", "gregorian", "buddhist"]),
    ],
)
def test_era(tmp_path: Path, policy: str, eras: list[str]) -> None:
    b = load_brand(clinic(tmp_path, policy), tmp_path)
    assert [b.era(x) for x in ("th", "en", "my", "km", "lo")] == eras


@pytest.mark.parametrize(
    ("policy", "fragments"),
    [
        ('native_digits = ["en"]', ('"en" is not a language with digits of its own', "native_digits = true")),
        ('native_digits = "yes"', ("must be true/false or a list, not a string",)),
        ("native_digits = [1]", ("must list language codes, not an integer",)),
        ('era = "julian"', ('"julian" is not a calendar era', '"gregorian" or "buddhist"')),
        ("era = 2026", ("must be a string or a table, not an integer",)),
        ('era = { thai = "buddhist" }', ('"thai" is not a language code',)),
        ("era = { th = true }", ("era.th must be", "not true/false")),
        # a code no language has was taken and never used: the Thai handouts kept the Buddhist Era
        ('era = { xx = "gregorian" }', ('"xx" is not a language', "languages: en, th, my, km, lo")),
        ('era = { tht = "gregorian" }', ('"tht" is not a language', "did you mean th?")),
        ('era = { th = "gregorian", tha = "buddhist" }', ("era.tha is era.th again (both are th)", "keep one")),
    ],
)
def test_bad_policy_names_file_line_key_and_fix(tmp_path: Path, policy: str, fragments: tuple[str, ...]) -> None:
    path = clinic(tmp_path, policy)
    with pytest.raises(BrandError) as e:
        load_brand(path, tmp_path)
    text = str(e.value)
    key = policy.split(" ", 1)[0]
    line = path.read_text(encoding="utf-8").splitlines().index(policy) + 1
    assert f"t.toml:{line}" in text and f"[policy].{key}" in text
    for fragment in fragments:
        assert fragment in text
    assert "\n" not in text


def test_names_and_addresses_in_burmese_khmer_lao(tmp_path: Path) -> None:
    b = load_brand(clinic(tmp_path, clinic='name_my = "ဆေးခန်း"\nname_lo = "ຄລີນິກ"',
                          contact='address_km = "ផ្លូវ ១"'), tmp_path)  # fmt: skip
    assert (b.name("my"), b.name("lo"), b.name("km"), b.name("th")) == ("ဆေးခန်း", "ຄລີນິກ", "Test Clinic", "คลินิกทดสอบ")
    assert b.address("km") == "ផ្លូវ ១" and b.address("my").startswith("1 Sukhumvit")
    with pytest.raises(BrandError, match=r"\[clinic\].name_my.*must not be empty"):
        load_brand(clinic(tmp_path, clinic='name_my = " "'), tmp_path)


def test_a_name_without_its_script_is_a_warning(tmp_path: Path) -> None:
    from handouts.diagnostics import Diagnostics

    d = Diagnostics(log=False)
    load_brand(clinic(tmp_path, clinic='name_my = "Test Clinic"\nname_km = "គ្លីនិក"'), tmp_path, d)
    assert d.codes() == ["brand-name-my-script"] and "no Burmese letters" in d.items[0].message
    assert d.items[0].line == 4  # the line of name_my
