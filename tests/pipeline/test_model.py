"""The translated model (text dump) is the main test surface: goldens for Thai and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.model import Heading, Paragraph, dump
from handouts.pipeline import RenderContext, build_handout, resolve
from tests.conftest import REPO, check_golden, line_of

GOLDENS = Path(__file__).parent / "goldens"


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("name", ["back-pain-after-surgery", "spine-surgery-home-care"])
def test_demo_model_matches_golden(name: str, lang: str, update_goldens: bool, fixed_date: object) -> None:
    ctx = RenderContext(REPO)
    article, brand = resolve(name, "demo", ctx)
    h = build_handout(article, brand, lang, ctx)
    check_golden(GOLDENS / f"{name}.{lang}.model.txt", dump(h), update_goldens)
    assert ctx.diagnostics.codes() == []
    assert h.translated_percent == 100


def test_thai_model_is_translated_and_keeps_markup() -> None:
    ctx = RenderContext(REPO)
    article, brand = resolve("back-pain-after-surgery", "demo", ctx)
    h = build_handout(article, brand, "th", ctx)
    assert h.meta.title.startswith("ทำไม")
    headings = [b for b in h.blocks if isinstance(b, Heading)]
    assert len(headings) == 7
    assert all(b.translated for b in h.blocks if isinstance(b, Paragraph))
    text = dump(h)
    assert "**" in text and "15% ถึง 40%" in text
    assert "25 พฤศจิกายน" not in text  # the review date is 1 November 2569
    assert "1 พฤศจิกายน 2569" in h.chrome.control


def test_missing_translation_falls_back_with_warning(workspace: Path) -> None:
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    # blank the translation of the first paragraph
    start = text.index('msgid "Back surgery is often')
    end = text.index("msgstr", start)
    line_end = text.index("\n", end)
    po.write_text(text[:end] + 'msgstr ""' + text[line_end:], encoding="utf-8")
    ctx = RenderContext(workspace)
    article, brand = resolve("back-pain-after-surgery", "demo", ctx)
    h = build_handout(article, brand, "th", ctx)
    # the untranslated entry, and the same entry as a change since the translation's sign-off
    assert ctx.diagnostics.codes() == ["i18n.untranslated", "i18n.signoff"]
    assert "articles/back-pain-after-surgery.md" in str(ctx.diagnostics.items[0]).replace("\\", "/")
    assert ctx.diagnostics.items[0].line == line_of(article.path, "Back surgery is often")
    first = next(b for b in h.blocks if isinstance(b, Paragraph))
    assert not first.translated
    assert h.translated_percent < 100
    assert h.chrome.draft.startswith("ฉบับร่าง")


def test_article_text_is_data_not_markup(workspace: Path) -> None:
    md = workspace / "articles/back-pain-after-surgery.md"
    text = md.read_text(encoding="utf-8")
    evil = '<img src="/etc/passwd"> <font color=red>x</font> [c](javascript:alert(1)) {{ 7*7 }} {% if 1 %}y{% endif %}'
    md.write_text(text.replace("This article explores", evil + " This article explores"), encoding="utf-8")
    ctx = RenderContext(workspace)
    article, brand = resolve("back-pain-after-surgery", "demo", ctx)
    h = build_handout(article, brand, "en", ctx)
    out = dump(h)
    assert evil in out  # shown literally: no HTML, no link, no template evaluation
    assert "49" not in out.replace(h.content_hash, "")  # (the hash is hex: it may hold any digits)


def test_thai_source_article_gets_a_thai_frame(workspace: Path) -> None:
    """An article written in Thai, printed in Thai: no catalog entries needed, the frame is Thai."""
    (workspace / "articles/wound-care.md").write_text(
        '---\ntitle: "การดูแลแผลผ่าตัดที่บ้าน"\nlang: th\nauthor: "ทีมพยาบาล"\nreviewer: "คณะกรรมการ"\n'
        'reviewed: 2026-10-01\nnext_review: 2027-10-01\nsource: "ต้นฉบับ"\nversion: "1"\n---\n\n'
        "รักษาแผลให้สะอาดและแห้ง เปลี่ยนผ้าปิดแผลวันละ 1 ครั้ง\n",
        encoding="utf-8",
    )
    ctx = RenderContext(workspace)
    article, brand = resolve("wound-care", "demo", ctx)
    h = build_handout(article, brand, "th", ctx)
    assert ctx.diagnostics.codes() == []
    assert h.chrome.credit.startswith("เรียบเรียงโดย") and h.chrome.questions.startswith("**หากมีข้อสงสัย**")
    assert h.translated_percent == 100
