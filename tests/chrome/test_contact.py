"""The page frame's contact texts with only what the clinic has: a clinic without LINE or a website
prints no "or message us on LINE ." and no dangling separator, in every shipped language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.diagnostics import Diagnostics
from handouts.pipeline import RenderContext, build_handout, render, resolve

ARTICLE = "back-pain-after-surgery"
LANGS = ["en", "th", "my", "km", "lo"]


def _without(workspace: Path, *keys: str) -> None:
    clinic = workspace / "clinics" / "demo.toml"
    text = clinic.read_text(encoding="utf-8")
    for key in keys:
        text = re.sub(rf"(?m)^{key}\s*=.*\n", "", text)
    clinic.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_questions_without_line(workspace: Path, fixed_date: object, lang: str) -> None:
    ctx = RenderContext(workspace, diagnostics=Diagnostics())
    article, brand = resolve(ARTICLE, "demo", ctx)
    with_line = build_handout(article, brand, lang, ctx).chrome.questions
    assert "LINE" in with_line and "demopainclinic" in with_line
    _without(workspace, "line")
    ctx = RenderContext(workspace, diagnostics=Diagnostics())
    article, brand = resolve(ARTICLE, "demo", ctx)
    assert brand.line_id == ""
    questions = build_handout(article, brand, lang, ctx).chrome.questions
    assert "LINE" not in questions and "123 4567" in questions
    assert not [d for d in ctx.diagnostics.items if d.code == "i18n.untranslated" and "template" in d.message], lang
    assert questions.split("**")[1] == with_line.split("**")[1]  # the same "Questions?" in that language


def test_contact_line_without_website(workspace: Path, fixed_date: object) -> None:
    import subprocess

    _without(workspace, "website")
    pdf = render(ARTICLE, "demo", "en", RenderContext(workspace)).pdf
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    first = text.decode().splitlines()[:3]
    assert not any(line.rstrip().endswith("·") for line in first), first


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_header_prints_the_web_address_whole(workspace: Path, fixed_date: object, lang: str) -> None:
    """The header's contact line is ragged: a web address that fits on a line moves to the next one whole
    (it was broken before its dot, ``https://demo-clinic`` | ``.example``, to fill the first line)."""
    import subprocess

    pdf = render(ARTICLE, "demo", lang, RenderContext(workspace)).pdf
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    first = text.decode().splitlines()[:4]
    assert any(line.strip().endswith("https://demo-clinic.example") for line in first), first
