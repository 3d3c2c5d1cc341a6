"""PO headers of the shipped catalogs are filled in: a translator, a team, a revision date."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO

SHIPPED = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))


def _header(po: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    return {k: v for k, v in catalog.mime_headers}


def test_there_are_shipped_catalogs() -> None:
    assert SHIPPED, "no locales/*/LC_MESSAGES/*.po found"


@pytest.mark.parametrize("po", SHIPPED, ids=lambda p: p.parts[-3])
def test_shipped_catalog_has_no_template_placeholders(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    for placeholder in ("FULL NAME", "EMAIL@ADDRESS", "YEAR-MO-DA", "LANGUAGE <LL@li.org>"):
        assert placeholder not in text, f"{po.relative_to(REPO)} still has the template placeholder {placeholder!r}"
    header = _header(po)
    assert "<" in header["Last-Translator"] and "@" in header["Last-Translator"]
    assert header["Language-Team"].strip()
