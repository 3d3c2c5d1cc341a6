"""Clinic TOML → Brand: the shipped clinics load, and every bad input gives a one-line BrandError
that names the file, the key and the fix."""

from __future__ import annotations

import dataclasses
import doctest
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

import handouts.branding as branding
from handouts.branding import Brand, contrast_ratio, find_clinic, load_brand
from handouts.diagnostics import Diagnostics
from handouts.errors import BrandError, HandoutError

REPO = Path(__file__).resolve().parents[2]

BASE: dict[str, dict[str, Any]] = {
    "clinic": {
        "name_th": "คลินิกทดสอบ",
        "name_en": "Test Clinic",
        "paper": "A4",
    },
    "colors": {"primary": "#1F4E79", "accent": "#B3501A"},
    "contact": {
        "address_th": "1 ถนนสุขุมวิท กรุงเทพมหานคร 10110",
        "address_en": "1 Sukhumvit Road, Bangkok 10110",
        "phone": "+66 2 123 4567",
        "line": "@testclinic",
        "website": "https://test-clinic.example",
        "emergency": "1669",
    },
}


# --------------------------------------------------------------------------- helpers


def dump(data: dict[str, Any]) -> str:
    """A tiny TOML writer: top-level scalars first, then one [section] per table."""
    out = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if not isinstance(v, dict)]
    for section, table in data.items():
        if isinstance(table, dict):
            out.append(f"\n[{section}]")
            out += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in table.items()]
    return "\n".join(out) + "\n"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    (workspace / "clinics" / "logos").mkdir(parents=True)
    return workspace


def clinic(ws: Path, edits: dict[str, dict[str, Any]] | None = None, *, drop: str = "", name: str = "test") -> Path:
    """Write BASE with ``edits`` merged in (a value of None deletes the key) and ``drop`` = "[sec].key"."""
    data = {s: dict(t) for s, t in BASE.items()}
    for section, table in (edits or {}).items():
        target = data.setdefault(section, {})
        for k, v in table.items():
            if v is None:
                target.pop(k, None)
            else:
                target[k] = v
    if drop:
        section, key = re.fullmatch(r"\[(\w+)\]\.(\w+)", drop).groups()  # type: ignore[union-attr]
        del data[section][key]
    path = ws / "clinics" / f"{name}.toml"
    path.write_text(dump(data), encoding="utf-8")
    return path


def write_raw(ws: Path, text: str, name: str = "test") -> Path:
    path = ws / "clinics" / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def png(path: Path, size: tuple[int, int] = (400, 400), fmt: str = "PNG") -> Path:
    Image.new("RGB", size, (31, 78, 121)).save(path, fmt)
    return path


def fails(path: Path, ws: Path, key: str | None, *fragments: str) -> BrandError:
    """load_brand must raise a one-line BrandError naming the file, the key and the fragments."""
    with pytest.raises(BrandError) as info:
        load_brand(path, ws)
    err = info.value
    text = str(err)
    assert "\n" not in text and "\r" not in text, text
    shown = path.relative_to(ws).as_posix() if path.is_relative_to(ws) else str(path)  # as the workspace names it
    assert text.startswith(shown + ":"), text
    assert str(err.path) == shown
    if key is not None:
        assert err.key == key
        assert f"{key}: " in text, text
    assert err.hint, text
    assert f"({err.hint})" in text
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"
    return err


# --------------------------------------------------------------------------- shipped clinics


@pytest.mark.parametrize("clinic_id", ["demo", "riverside"])
def test_shipped_clinics_load(clinic_id: str) -> None:
    diags = Diagnostics()
    path = find_clinic(clinic_id, REPO)
    assert path == REPO / "clinics" / f"{clinic_id}.toml"
    brand = load_brand(path, REPO, diags)
    assert not diags, [str(d) for d in diags.items]
    assert brand.id == clinic_id
    assert brand.logo is not None and brand.logo.is_absolute() and brand.logo.is_file()
    assert brand.logo.stat().st_size < 30 * 1024
    with Image.open(brand.logo) as im:
        assert im.format == "PNG" and im.size == (600, 600)
    for colour in (brand.primary, brand.accent):
        assert re.fullmatch(r"#[0-9A-F]{6}", colour)
        assert contrast_ratio(colour, "#FFFFFF") >= 4.5
    assert re.search(r"[\u0E01-\u0E4E]", brand.name_th) and re.search(r"[\u0E01-\u0E4E]", brand.address_th)
    assert brand.paper == "A4" and brand.emergency == "1669"
    assert brand.website.startswith("https://") and ".example" in brand.website
    assert brand.line_id.startswith("@")
    assert brand.qr_url is not None
    url = brand.online_url("back-pain-after-surgery", "th")
    assert url is not None and url.startswith(brand.website + "/") and "back-pain-after-surgery" in url


def test_shipped_clinics_look_different() -> None:
    demo = load_brand(find_clinic("demo", REPO), REPO)
    riverside = load_brand(find_clinic("riverside", REPO), REPO)
    assert demo.name_en == "Demo Pain Clinic" and demo.name_th == "คลินิกระงับปวดเดโม"
    assert riverside.name_en == "Riverside Spine & Pain Centre"
    assert {demo.primary, demo.accent}.isdisjoint({riverside.primary, riverside.accent})
    assert demo.line_id != riverside.line_id and demo.website != riverside.website
    assert "Chiang Mai" in riverside.address_en and "เชียงใหม่" in riverside.address_th
    assert demo.logo is not None and riverside.logo is not None
    assert demo.logo.read_bytes() != riverside.logo.read_bytes()


def test_brand_is_frozen_and_speaks_both_languages(ws: Path) -> None:
    brand = load_brand(clinic(ws), ws)
    with pytest.raises(dataclasses.FrozenInstanceError):
        brand.name_en = "Other"  # type: ignore[misc]
    assert brand.name("th") == brand.name("th-TH") == "คลินิกทดสอบ"
    assert brand.name("en") == brand.name("de") == "Test Clinic"
    assert brand.address("th_TH").startswith("1 ถนน") and brand.address("en") == "1 Sukhumvit Road, Bangkok 10110"
    assert brand.logo is None and brand.logo_alt == "Test Clinic logo"
    assert brand.qr_url is None and brand.online_url("a", "th") is None
    assert brand.require_next_review is False and brand.thai_digits is False


def test_defaults_and_normalisation(ws: Path) -> None:
    path = clinic(
        ws,
        {
            "clinic": {"paper": "letter"},
            "colors": {"primary": "#1f4e79", "accent": None},
            "contact": {"emergency": None, "line": None, "website": None},
            "policy": {"require_next_review": True, "thai_digits": True},
        },
    )
    brand = load_brand(path, ws)
    assert brand.paper == "Letter"
    assert brand.primary == brand.accent == "#1F4E79"
    assert brand.emergency == "1669" and brand.line_id == "" and brand.website == ""
    assert brand.require_next_review is True and brand.thai_digits is True


def test_contrast_ratio() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#1F4E79", "#FFFFFF") == contrast_ratio("#ffffff", "#1f4e79")
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    with pytest.raises(ValueError):
        contrast_ratio("blue", "#FFFFFF")


def test_doctests() -> None:
    result = doctest.testmod(branding)
    assert result.attempted >= 4 and result.failed == 0


# --------------------------------------------------------------------------- TOML syntax and structure


def test_syntax_error_names_the_line(ws: Path) -> None:
    path = write_raw(ws, '[clinic]\nname_en = "Test"\nname_th = คลินิก\n')
    err = fails(path, ws, None, "clinics/test.toml:3: ", "TOML syntax error at line 3", "double quotes")
    assert err.line == 3


def test_unterminated_string_at_end_of_file(ws: Path) -> None:
    path = write_raw(ws, '[clinic]\nname_th = "ก"\nname_en = "Test')  # no newline: "at end of document"
    err = fails(path, ws, None, "TOML syntax error at line 3", "Unterminated string")
    assert err.line == 3


def test_not_utf8(ws: Path) -> None:
    path = ws / "clinics" / "test.toml"
    path.write_bytes('[clinic]\nname_th = "คลินิก"\n'.encode("tis-620"))
    fails(path, ws, None, "not valid UTF-8", "save the file as UTF-8")


def test_utf8_bom_is_accepted(ws: Path) -> None:
    path = clinic(ws)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_brand(path, ws).name_en == "Test Clinic"


def test_unknown_key_did_you_mean(ws: Path) -> None:
    path = clinic(ws, {"colors": {"primry": "#1F4E79"}})
    err = fails(path, ws, "[colors].primry", "unknown key [colors].primry", "did you mean [colors].primary?")
    assert err.line == path.read_text(encoding="utf-8").splitlines().index('primry = "#1F4E79"') + 1


def test_unknown_section_did_you_mean(ws: Path) -> None:
    path = clinic(ws, {"colours": {"primary": "#1F4E79"}})
    fails(path, ws, "[colours]", "unknown section [colours]", "did you mean [colors]?")


def test_key_in_the_wrong_section(ws: Path) -> None:
    path = clinic(ws, {"clinic": {"website": "https://x.example"}})
    fails(path, ws, "[clinic].website", "unknown key", "belongs in [contact]")


def test_unknown_key_without_close_match_lists_the_known_keys(ws: Path) -> None:
    path = clinic(ws, {"policy": {"zzz": True}})
    fails(path, ws, "[policy].zzz", "unknown key [policy].zzz", "known keys in [policy]: require_next_review")


def test_top_level_key_belongs_in_a_section(ws: Path) -> None:
    path = write_raw(ws, 'name_en = "Test"\n' + dump(BASE))
    fails(path, ws, "name_en", "unknown top-level key", "put it under [clinic]")


def test_section_that_is_not_a_table(ws: Path) -> None:
    text = dump({k: v for k, v in BASE.items() if k != "colors"}).replace("\n[clinic]", 'colors = "blue"\n[clinic]', 1)
    path = write_raw(ws, text)
    fails(path, ws, "colors", "must be a table")


@pytest.mark.parametrize(
    "key", ["[clinic].name_th", "[clinic].name_en", "[colors].primary", "[contact].phone",
            "[contact].address_en", "[contact].address_th"]
)  # fmt: skip
def test_missing_required_key(ws: Path, key: str) -> None:
    section, name = key[1:].split("].")
    fails(clinic(ws, drop=key), ws, key, "missing required key", f"add {name} = ", f"under [{section}]")


def test_empty_required_value(ws: Path) -> None:
    fails(clinic(ws, {"clinic": {"name_en": "   "}}), ws, "[clinic].name_en", "must not be empty")


@pytest.mark.parametrize(
    ("edits", "key", "fragments"),
    [
        ({"contact": {"phone": 21234567}}, "[contact].phone", ("must be a string, not an integer", "quote it")),
        ({"contact": {"emergency": 1669}}, "[contact].emergency", ("not an integer", 'quote it: emergency = "1669"')),
        ({"colors": {"primary": ["#1F4E79"]}}, "[colors].primary", ("not an array", "write it like primary =")),
        ({"policy": {"thai_digits": "yes"}}, "[policy].thai_digits", ("must be true/false", "without quotes")),
        ({"clinic": {"paper": 4}}, "[clinic].paper", ("must be a string", 'quote it: paper = "4"')),
    ],
)
def test_wrong_type(ws: Path, edits: dict[str, dict[str, Any]], key: str, fragments: tuple[str, ...]) -> None:
    fails(clinic(ws, edits), ws, key, *fragments)


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("#12345", "six hex digits"),
        ("navy", "six hex digits"),
        ("1F4E79", 'add the #: "#1F4E79"'),
        ("#036", 'write all six digits: "#003366"'),
        ("#1F4E7G", "six hex digits"),
    ],
)
def test_invalid_colour(ws: Path, value: str, hint: str) -> None:
    fails(clinic(ws, {"colors": {"primary": value}}), ws, "[colors].primary", "is not a #RRGGBB colour", hint)


@pytest.mark.parametrize(("key", "value", "ratio"), [("primary", "#C55A11", "4.33"), ("accent", "#FFD700", "1.40")])
def test_low_contrast_colour(ws: Path, key: str, value: str, ratio: str) -> None:
    err = fails(
        clinic(ws, {"colors": {key: value}}),
        ws,
        f"[colors].{key}",
        f"contrast {ratio}:1 against white is below 4.5:1",
        "use a darker shade",
    )
    assert err.line is not None
    suggested = re.search(r'"(#[0-9A-F]{6})"', err.hint or "")
    assert suggested is not None
    assert 4.5 <= contrast_ratio(suggested.group(1), "#FFFFFF") < 5.0  # darker, but only just


def test_contrast_display_never_rounds_up_to_the_limit(ws: Path) -> None:
    # #2B8477 is 4.497:1: it must print as 4.49, not as "4.50:1 ... is below 4.5:1"
    assert 4.495 <= contrast_ratio("#2B8477", "#FFFFFF") < 4.5
    fails(clinic(ws, {"colors": {"accent": "#2B8477"}}), ws, "[colors].accent", "contrast 4.49:1 against white")


@pytest.mark.parametrize(
    ("phone", "canonical", "local", "international"),
    [
        ("02 123 4567", "+6621234567", "02 123 4567", "+66 2 123 4567"),
        ("02-123-4567", "+6621234567", "02 123 4567", "+66 2 123 4567"),
        ("021234567", "+6621234567", "02 123 4567", "+66 2 123 4567"),
        ("053 240 188", "+6653240188", "053 240 188", "+66 53 240 188"),
        ("081-234-5678", "+66812345678", "081 234 5678", "+66 81 234 5678"),
        ("0812345678", "+66812345678", "081 234 5678", "+66 81 234 5678"),
        ("081.234.5678", "+66812345678", "081 234 5678", "+66 81 234 5678"),
        ("+66 2 123 4567", "+6621234567", "02 123 4567", "+66 2 123 4567"),
        ("+6621234567", "+6621234567", "02 123 4567", "+66 2 123 4567"),
        ("+66-2-123-4567", "+6621234567", "02 123 4567", "+66 2 123 4567"),
        ("+66 81-234-5678", "+66812345678", "081 234 5678", "+66 81 234 5678"),
        ("+66 02 123 4567", "+6621234567", "02 123 4567", "+66 2 123 4567"),  # the trunk 0 written anyway
        ("1669", "1669", "1669", "1669"),
        ("1330", "1330", "1330", "1330"),
        ("+856 21 212 345", "+85621212345", "+856 21 212 345", "+856 21 212 345"),  # Laos: never "local"
    ],
)
def test_phone_formats_are_stored_canonical_and_printed_in_the_clinics_style(
    ws: Path, phone: str, canonical: str, local: str, international: str
) -> None:
    brand = load_brand(clinic(ws, {"contact": {"phone": phone}}), ws)
    assert brand.phone == canonical
    assert brand.phone_style == "local" and brand.printed(brand.phone) == local
    brand = load_brand(clinic(ws, {"contact": {"phone": phone, "phone_style": "international"}}), ws)
    assert brand.phone == canonical and brand.printed(brand.phone) == international


@pytest.mark.parametrize(
    ("phone", "fragment"),
    [
        ("02 123", "is not a valid Thai phone number"),
        ("+1 555 010 0199", "is not a valid phone number"),
        ("+66 2 123", "is not a valid phone number"),
        ("+66 2  123 4567", "has characters other than digits"),
        ("+66 2 123 4567 ext 5", "has characters other than digits"),
        ("call 02 123 4567", "has characters other than digits"),
        ("๐๒ ๑๒๓ ๔๕๖๗", "has characters other than digits"),
        ("12", "is not a valid Thai phone number"),
        ("0812345678901", "is not a valid Thai phone number"),
    ],
)
def test_bad_phone_numbers(ws: Path, phone: str, fragment: str) -> None:
    err = fails(clinic(ws, {"contact": {"phone": phone}}), ws, "[contact].phone", fragment, '"02 123 4567"',
                '"+66 2 123 4567"', '"1669"')  # fmt: skip
    assert err.hint is not None and err.hint.startswith("accepted: Thai local")


def test_bad_phone_style(ws: Path) -> None:
    fails(clinic(ws, {"contact": {"phone_style": "E.164"}}), ws, "[contact].phone_style", "not a phone style",
          '"local"', '"international"')  # fmt: skip


@pytest.mark.parametrize("paper", ["A5", "Legal", "a 4"])
def test_bad_paper(ws: Path, paper: str) -> None:
    fails(
        clinic(ws, {"clinic": {"paper": paper}}), ws, "[clinic].paper", "not a supported paper size", '"A4" or "Letter"'
    )


@pytest.mark.parametrize("emergency", ["16 69", "๑๖๖๙", "call 1669", "12"])
def test_bad_emergency_number(ws: Path, emergency: str) -> None:
    fails(clinic(ws, {"contact": {"emergency": emergency}}), ws, "[contact].emergency", "digits", '"1669"')


@pytest.mark.parametrize(("emergency", "canonical"), [("1669", "1669"), ("191", "191"), ("02-123-4567", "+6621234567")])
def test_emergency_numbers_take_the_phone_formats(ws: Path, emergency: str, canonical: str) -> None:
    assert load_brand(clinic(ws, {"contact": {"emergency": emergency}}), ws).emergency == canonical


def test_bad_website(ws: Path) -> None:
    fails(clinic(ws, {"contact": {"website": "demo-clinic.example"}}), ws, "[contact].website", "not an http(s) URL")


def test_bad_line_id(ws: Path) -> None:
    path = clinic(ws, {"contact": {"line": "https://line.me/R/ti/p/@demo"}})
    fails(path, ws, "[contact].line", "is not a LINE ID", '"@demopainclinic"')


def test_good_qr_url(ws: Path) -> None:
    path = clinic(ws, {"online": {"qr_url": "https://x.example/{lang}/handouts/{article}?src=qr"}})
    brand = load_brand(path, ws)
    assert brand.online_url("back-pain", "en") == "https://x.example/en/handouts/back-pain?src=qr"


@pytest.mark.parametrize(("section", "key", "value", "warned"), [
    ("online", "qr_url", "http://x.example/{lang}/{article}", True),
    ("online", "qr_url", "HTTP://x.example/{lang}/{article}", True),
    ("online", "qr_url", "https://x.example/{lang}/{article}", False),
    ("contact", "website", "http://x.example", True),
    ("contact", "website", "https://x.example", False),
])  # fmt: skip
def test_an_http_link_is_accepted_with_a_warning(ws: Path, section: str, key: str, value: str, warned: bool) -> None:
    """An http:// QR link or website was taken without a word: a patient's phone opens it unencrypted."""
    diags = Diagnostics()
    load_brand(clinic(ws, {section: {key: value}}), ws, diags)
    assert diags.codes().count("brand-not-https") == int(warned)
    if warned:
        item = next(d for d in diags.items if d.code == "brand-not-https")
        assert f"[{section}].{key}" in item.message and item.line is not None


def test_qr_url_without_lang_is_a_warning(ws: Path) -> None:
    diags = Diagnostics()
    brand = load_brand(clinic(ws, {"online": {"qr_url": "https://x.example/h/{article}"}}), ws, diags)
    assert brand.qr_url == "https://x.example/h/{article}"
    assert diags.codes() == ["brand-qr-no-lang"]
    assert diags.items[0].path == "clinics/test.toml" and diags.items[0].line is not None


@pytest.mark.parametrize(
    ("qr_url", "fragments"),
    [
        ("https://x.example/{slug}/{lang}", ("unknown placeholder {slug}", "use only {article} and {lang}")),
        ("https://x.example/{0}", ("unknown placeholder {0}", "use only")),
        ("https://x.example/{article", ("not a valid URL pattern", "use only")),
        ("x.example/{article}/{lang}", ("does not give an http(s) URL", "write a full URL")),
        ("ftp://x.example/{article}", ("does not give an http(s) URL", "write a full URL")),
        ("https://x.example/handouts/{lang}", ("no {article} placeholder", "qr_url = ")),
        ("", ("must not be empty", "remove the key")),
        # a conversion or a format was taken: {article!r} printed and linked the id in quotes
        ("https://x.example/{article!r}/{lang}", ("placeholder {article!r}", "conversion or a format", "bare")),
        ("https://x.example/{article}/{lang:x<3}", ("placeholder {lang:x<3}", "conversion or a format")),
        ("https://x.example/{article!s}/{lang}", ("placeholder {article!s}",)),
    ],
)
def test_bad_qr_url(ws: Path, qr_url: str, fragments: tuple[str, ...]) -> None:
    fails(clinic(ws, {"online": {"qr_url": qr_url}}), ws, "[online].qr_url", *fragments)


@pytest.mark.parametrize(("section", "key"), [("clinic", "name_th"), ("contact", "address_th")])
def test_a_thai_name_or_address_without_thai_letters_is_a_warning_saying_the_fix(ws: Path, section: str, key: str) -> None:
    """'handouts init' without --address-th copies the English address there: every render warns
    (and every --strict render refuses), so the warning says what to write."""
    diags = Diagnostics()
    load_brand(clinic(ws, {section: {key: "1 Test Road"}}), ws, diags)
    assert diags.codes() == [f"brand-{key.replace('_', '-')}-not-thai"]
    message = str(diags.items[0])
    assert f'[{section}].{key} "1 Test Road" has no Thai letters' in message
    assert f"write {key} in Thai" in message and "Thai handouts print it" in message


# --------------------------------------------------------------------------- logo


def with_logo(ws: Path, logo: str) -> Path:
    return clinic(ws, {"clinic": {"logo": logo}})


def test_logo_png_and_jpeg_accepted(ws: Path) -> None:
    png(ws / "clinics" / "logos" / "a.png")
    png(ws / "clinics" / "logos" / "b.jpg", fmt="JPEG")
    assert load_brand(with_logo(ws, "logos/a.png"), ws).logo == (ws / "clinics" / "logos" / "a.png").resolve()
    assert load_brand(with_logo(ws, "logos/b.jpg"), ws).logo == (ws / "clinics" / "logos" / "b.jpg").resolve()


def test_small_logo_is_a_warning(ws: Path) -> None:
    png(ws / "clinics" / "logos" / "tiny.png", (120, 120))
    diags = Diagnostics()
    load_brand(with_logo(ws, "logos/tiny.png"), ws, diags)
    assert diags.codes() == ["brand-logo-small"]


def test_logo_missing(ws: Path) -> None:
    fails(with_logo(ws, "logos/nope.png"), ws, "[clinic].logo", "logo file not found", "relative to the TOML file")


def test_logo_is_a_folder(ws: Path) -> None:
    (ws / "clinics" / "logos" / "dir.png").mkdir()
    fails(with_logo(ws, "logos/dir.png"), ws, "[clinic].logo", "is not a file")


def test_logo_not_an_image(ws: Path) -> None:
    (ws / "clinics" / "logos" / "text.png").write_text("this is not a picture\n")
    fails(with_logo(ws, "logos/text.png"), ws, "[clinic].logo", "not an image", "save it as PNG or JPEG")


def test_logo_damaged(ws: Path) -> None:
    good = png(ws / "clinics" / "logos" / "good.png").read_bytes()
    (ws / "clinics" / "logos" / "cut.png").write_bytes(good[: len(good) // 2])
    fails(with_logo(ws, "logos/cut.png"), ws, "[clinic].logo", "damaged", "export it again")


def test_logo_wrong_format(ws: Path) -> None:
    png(ws / "clinics" / "logos" / "anim.gif", fmt="GIF")
    fails(with_logo(ws, "logos/anim.gif"), ws, "[clinic].logo", "logo is GIF; only PNG and JPEG", "convert it to PNG")


def test_logo_too_many_pixels(ws: Path) -> None:
    png(ws / "clinics" / "logos" / "wide.png", (5000, 10))
    fails(with_logo(ws, "logos/wide.png"), ws, "[clinic].logo", "5000×10 px; the limit is 4000×4000 px", "smaller")


def test_logo_too_many_bytes(ws: Path) -> None:
    with (ws / "clinics" / "logos" / "huge.png").open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: instant, and rejected before it is read
    fails(with_logo(ws, "logos/huge.png"), ws, "[clinic].logo", "21.0 MB; the limit is 20 MB")


def test_logo_not_readable(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = png(ws / "clinics" / "logos" / "locked.png")
    real_open = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == target.resolve():
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)  # chmod 000 does not stop root
    fails(with_logo(ws, "logos/locked.png"), ws, "[clinic].logo", "not readable", "check its permissions")


def test_logo_symlink_outside_workspace(ws: Path, tmp_path: Path) -> None:
    outside = png(tmp_path / "elsewhere.png")
    (ws / "clinics" / "logos" / "link.png").symlink_to(outside)
    fails(
        with_logo(ws, "logos/link.png"),
        ws,
        "[clinic].logo",
        "outside the workspace",
        "copy the logo into the workspace",
    )


def test_logo_dotdot_outside_workspace(ws: Path, tmp_path: Path) -> None:
    png(tmp_path / "elsewhere.png")
    fails(
        with_logo(ws, "../../elsewhere.png"),
        ws,
        "[clinic].logo",
        "outside the workspace",
        str(tmp_path / "elsewhere.png"),
    )


def test_logo_symlink_inside_workspace_is_fine(ws: Path) -> None:
    real = png(ws / "clinics" / "logos" / "real.png")
    (ws / "clinics" / "logos" / "alias.png").symlink_to(real)
    assert load_brand(with_logo(ws, "logos/alias.png"), ws).logo == real.resolve()


# --------------------------------------------------------------------------- find_clinic and files


def test_find_clinic_by_id_and_path(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = clinic(ws, name="alpha")
    assert find_clinic("alpha", ws) == path
    assert find_clinic(str(path), ws) == path
    monkeypatch.chdir(ws.parent)
    assert find_clinic("clinics/alpha.toml", ws) == ws / "clinics" / "alpha.toml"  # relative to the workspace


def test_find_clinic_unknown_id_lists_the_clinics(ws: Path) -> None:
    clinic(ws, name="alpha")
    clinic(ws, name="riverbend")
    with pytest.raises(BrandError) as info:
        find_clinic("riverbed", ws)
    text = str(info.value)
    assert "\n" not in text
    assert "unknown clinic 'riverbed'" in text and "did you mean riverbend?" in text
    assert "known clinics: alpha, riverbend" in text


def test_find_clinic_missing_path(ws: Path) -> None:
    with pytest.raises(BrandError, match="clinic file not found"):
        find_clinic(str(ws / "nope.toml"), ws)


def test_find_clinic_empty_workspace(tmp_path: Path) -> None:
    with pytest.raises(BrandError, match="no clinic TOML files"):
        find_clinic("demo", tmp_path)


def test_load_brand_missing_file(ws: Path) -> None:
    path = ws / "clinics" / "ghost.toml"
    with pytest.raises(BrandError, match="clinic file not found") as info:
        load_brand(path, ws)
    assert str(info.value).startswith("clinics/ghost.toml: ")  # (as the workspace names it)


def test_brand_error_is_a_handout_error() -> None:
    assert issubclass(BrandError, HandoutError)
    assert Brand.__slots__  # slots=True


# --------------------------------------------------------------------------- printed texts: every character printable

_PRINTED_KEYS = [("clinic", "name_th"), ("clinic", "name_en"), ("contact", "address_th"), ("contact", "address_en"),
                 ("clinic", "name_my"), ("contact", "address_lo")]  # fmt: skip
_CONTROLS = st.sampled_from(["\x00", "\x07", "\t", "\r", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029"])


@settings(max_examples=40, deadline=None)
@given(where=st.sampled_from(_PRINTED_KEYS), bad=_CONTROLS, at=st.integers(min_value=0, max_value=30))
def test_a_control_character_in_a_printed_text_is_named_at_its_key(tmp_path_factory: pytest.TempPathFactory,
                                                                    where: tuple[str, str], bad: str, at: int) -> None:  # fmt: skip
    """A bell, a tab, a NUL or a line separator (U+2028) in the clinic's name or address was taken,
    and the render then stopped with "no shipped font draws U+0007" naming no file (or printed it)."""
    ws = tmp_path_factory.mktemp("ws")
    (ws / "clinics").mkdir()
    section, key = where
    good = {"name_my": "ဆေးခန်း", "address_lo": "ຖະໜົນ 1"}.get(key) or BASE[section][key]
    at = 1 + at % (len(good) - 1)  # inside the text (the ends are stripped)
    path = clinic(ws, {section: {key: good[:at] + bad + good[at:]}})
    path.write_text(path.read_text(encoding="utf-8").replace(bad, f"\\u{ord(bad):04X}"), encoding="utf-8")  # TOML's escape
    fails(path, ws, f"[{section}].{key}", f"has a control character: U+{ord(bad):04X}", "remove it")
    assert branding._Reader(path, path.read_text(encoding="utf-8")).line_of(section, key) is not None


def test_a_line_break_in_an_address_is_still_fine(ws: Path) -> None:
    brand = load_brand(clinic(ws, {"contact": {"address_en": "1 Sukhumvit Road\nBangkok 10110"}}), ws)
    assert brand.address_en == "1 Sukhumvit Road\nBangkok 10110"


@pytest.mark.parametrize(("key", "text"), [("name_en", "Smile Clinic 😀"), ("address_th", "1 ถนน ⚠️ กรุงเทพฯ"),
                                           ("name_en", "Clinic \U0001d400"), ("name_km", "គ្លីនិក \u0928")])  # fmt: skip
def test_a_character_no_font_draws_in_a_clinic_text_is_named_at_its_line(workspace: Path, tmp_path: Path, key: str,
                                                                         text: str) -> None:  # fmt: skip
    """An emoji in the clinic's name stopped the render with "no shipped font draws U+1F600" and no
    file: now the clinic file, line and key, exit 1, and an existing output is left as it was."""
    from typer.testing import CliRunner

    from handouts.cli import app
    from tests.conftest import line_of

    path = workspace / "clinics" / "demo.toml"
    section = "clinic" if key.startswith("name") else "contact"
    source = path.read_text(encoding="utf-8")
    anchor = f"[{section}]\n"
    path.write_text(source.replace(anchor, f'{anchor}{key} = "{text}"\n', 1) if key not in source
                    else re.sub(rf'(?m)^{key} = ".*"', f'{key} = "{text}"', source), encoding="utf-8")  # fmt: skip
    out = tmp_path / "kept.pdf"
    out.write_bytes(b"%PDF-1.7 an earlier handout")
    r = CliRunner().invoke(app, ["render", "back-pain-after-surgery", "--lang", "en", "--clinic", "demo", "-w",
                                 str(workspace), "-o", str(out), "--pdf-standard", "none"])  # fmt: skip
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 1 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    line = line_of(path, f"{key} = ")
    assert lines[0].startswith("error: ") and f"clinics/demo.toml:{line}: [{section}].{key}: no shipped font draws U+" in lines[0]
    assert out.read_bytes() == b"%PDF-1.7 an earlier handout"
