"""A bilingual handout (--lang th+en): both translations on the same sheet, entry by entry."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.errors import UsageError
from handouts.model import BulletList, plain
from handouts.pipeline import RenderContext, build_handout, render, resolve
from tests.conftest import REPO
from tests.textlayer import unhyphenate


def _entries(lang: str) -> list[str]:
    ctx = RenderContext(REPO)
    article, brand = resolve("back-pain-after-surgery", "demo", ctx)
    h = build_handout(article, brand, lang, ctx)
    out = []
    for b in h.blocks:
        out.extend(plain(i.inlines) for i in b.items) if isinstance(b, BulletList) else out.append(plain(b.inlines))
    return out


def test_both_languages_extract_exactly_in_entry_order() -> None:
    r = render("back-pain-after-surgery", "demo", "th+en", RenderContext(REPO))
    reader = pypdf.PdfReader(io.BytesIO(r.pdf))
    assert reader.metadata is not None and reader.metadata.title is not None
    assert reader.metadata.title.startswith("ทำไม") and reader.metadata.title.endswith("After Surgery?")
    assert reader.trailer["/Root"]["/Lang"] == "th-TH"
    # every entry of both languages is on the sheet (compared without whitespace: columns interleave
    # lines in extraction order, so compare per column by searching each entry's first words)
    text = re.sub(r"\s+", "", unhyphenate("".join(p.extract_text() for p in reader.pages)))
    for entry in _entries("th") + _entries("en"):
        assert re.sub(r"\s+", "", entry)[:20] in text, entry[:40]
    # Thai comes first on page 1
    first = reader.pages[0].extract_text()
    assert first.index("ทำไมผ่าตัด") < first.index("Why Does My Back Pain")


def test_bilingual_is_longer_than_either_alone() -> None:
    th = render("back-pain-after-surgery", "demo", "th", RenderContext(REPO)).pages
    both = render("back-pain-after-surgery", "demo", "th+en", RenderContext(REPO)).pages
    assert both > th


@pytest.mark.parametrize("spec", ["th+th", "th+en+fr", "+en"])
def test_bad_language_pair(spec: str) -> None:
    with pytest.raises(UsageError) as e:  # a value outside what --lang takes: exit 2
        render("back-pain-after-surgery", "demo", spec, RenderContext(REPO))
    assert "--lang" in str(e.value)


def test_unknown_second_language_names_what_exists(workspace: Path) -> None:
    r = CliRunner().invoke(app, ["render", "back-pain-after-surgery", "--lang", "th+fr", "-w", str(workspace)])
    assert r.exit_code == 2 and "unknown language 'fr'" in r.stderr  # not one of the choices: a usage error


def test_an_untranslated_title_prints_once_on_a_bilingual_sheet(workspace: Path) -> None:
    """The title (and subtitle) not translated into one of the two languages prints in the source
    language: once, not twice, on the page, in the H1 and in the document's title."""
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text("utf-8")
    title = "Why Does My Back Pain Persist After Surgery?"
    at = text.index(f'msgid "{title}"')
    end = text.index("\n\n", at)
    po.write_text(text[:at] + re.sub(r'msgstr ".*"', 'msgstr ""', text[at:end]) + text[end:], "utf-8")
    r = render("back-pain-after-surgery", "demo", "th+en", RenderContext(workspace))
    reader = pypdf.PdfReader(io.BytesIO(r.pdf))
    assert reader.metadata is not None and reader.metadata.title == title
    page = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert page.count(title) == 1, page[:400]
