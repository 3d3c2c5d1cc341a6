"""Clinic phone numbers on the handout: printed in the clinic's style, tel: links to E.164."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handouts import phones
from tests.conftest import REPO
from tests.features.helpers import norm, page_texts, reader, render_pdf


def _workspace(tmp_path: Path, phone: str, style: str | None) -> Path:
    ws = tmp_path / "ws"
    for part in ("articles", "clinics", "templates", "locales"):
        shutil.copytree(REPO / part, ws / part)
    toml = ws / "clinics" / "demo.toml"
    lines = []
    for line in toml.read_text(encoding="utf-8").splitlines():
        if line.startswith("phone = "):
            line = f'phone = "{phone}"' + (f'\nphone_style = "{style}"' if style else "")
        lines.append(line)
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ws


def _tel_links(data: bytes) -> list[str]:
    out = []
    for page in reader(data).pages:
        for annot in page.get("/Annots") or []:
            uri = annot.get_object().get("/A", {}).get("/URI")
            if uri and str(uri).startswith("tel:"):
                out.append(str(uri))
    return out


@pytest.mark.parametrize(
    ("phone", "style", "shown", "tel"),
    [
        ("081-234-5678", None, "081 234 5678", "tel:+66812345678"),
        ("+6621234567", "local", "02 123 4567", "tel:+6621234567"),
        ("02 123 4567", "international", "+66 2 123 4567", "tel:+6621234567"),
    ],
)
def test_the_handout_prints_the_clinics_style_and_links_e164(
    tmp_path: Path, phone: str, style: str | None, shown: str, tel: str
) -> None:
    ws = _workspace(tmp_path, phone, style)
    data = render_pdf("en", workspace=ws)
    text = norm(page_texts(data)[0])
    assert norm(shown) in text
    assert not _tel_links(data), "the running footer is an artifact: no links in it"
    # half pages print the numbers once, in the contact block at the end: there they are tel: links
    booklet = render_pdf("en", workspace=ws, layout="a5-booklet")
    assert sorted(_tel_links(booklet)) == sorted([tel, "tel:1669"])
    assert norm(shown) in norm("".join(page_texts(booklet)))


@settings(max_examples=60, deadline=None, database=None)
@given(
    st.sampled_from(["2", "53", "81", "89", "62"]),
    st.integers(0, 9_999_999),
    st.sampled_from(["local", "international"]),
)
def test_every_written_form_gives_one_canonical_number(area: str, rest: int, style: str) -> None:
    """Local with spaces, dashes or none, and +66 forms of the same number: one canonical form,
    and what is printed reads back to it."""
    digits = 8 if len(area) == 1 else (8 if area in ("53",) else 9)
    subscriber = str(rest).zfill(digits - len(area))[: digits - len(area)]
    national = area + subscriber
    forms = ["0" + national, f"0{area}-{subscriber[:3]}-{subscriber[3:]}", f"0{area} {subscriber[:3]} {subscriber[3:]}",
             "+66" + national, f"+66 {area} {subscriber[:3]} {subscriber[3:]}"]  # fmt: skip
    try:
        canon = {phones.canonical(f) for f in forms}
    except phones.PhoneFormatError:
        return  # a number range Thailand does not use: rejected in every form alike (checked below)
    assert canon == {"+66" + national}
    number = canon.pop()
    assert phones.canonical(phones.printed(number, style)) == number  # type: ignore[arg-type]
    assert phones.tel_uri(number) == f"tel:+66{national}"


def test_a_rejected_number_is_rejected_in_every_form() -> None:
    for forms in (["02 123", "+66 2 123"], ["0912", "+66 912"]):
        for form in forms:
            with pytest.raises(phones.PhoneFormatError):
                phones.canonical(form)
