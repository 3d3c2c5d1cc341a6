"""Per-language credits: author, reviewer and source as a string or a mapping by language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.errors import ContentError
from handouts.pipeline import RenderContext, build_handout, resolve
from tests.conftest import REPO

ARTICLE = "back-pain-after-surgery"


def _front(workspace: Path, **values: str) -> None:
    md = workspace / f"articles/{ARTICLE}.md"
    text = md.read_text(encoding="utf-8")
    for key, value in values.items():
        text, n = re.subn(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
        assert n == 1, key
    md.write_text(text, encoding="utf-8")


def test_shipped_article_prints_thai_credits_in_thai() -> None:
    ctx = RenderContext(REPO)
    article, brand = resolve(ARTICLE, "demo", ctx)
    th = build_handout(article, brand, "th", ctx)
    en = build_handout(article, brand, "en", ctx)
    assert th.meta.author.startswith("พญ.") and "Rarinthorn" not in th.chrome.credit + th.chrome.control
    assert en.meta.author.startswith("Rarinthorn") and "พญ." not in en.chrome.credit
    assert th.meta.reviewer != en.meta.reviewer and th.meta.reviewer in th.chrome.control
    assert "content.credit-fallback" not in ctx.diagnostics.codes()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_plain_string_is_every_language_s_value(workspace: Path, lang: str) -> None:
    _front(workspace, author='"Somchai Example, MD"')
    ctx = RenderContext(workspace)
    article, brand = resolve(ARTICLE, "demo", ctx)
    h = build_handout(article, brand, lang, ctx)
    assert h.meta.author == "Somchai Example, MD" and "Somchai Example, MD" in h.chrome.credit
    assert "content.credit-fallback" not in ctx.diagnostics.codes()


def test_a_missing_language_falls_back_to_the_source_with_a_warning(workspace: Path) -> None:
    _front(workspace, reviewer='{en: "Committee A"}', source='{en: "Blog", th: "บล็อก"}')
    ctx = RenderContext(workspace)
    article, brand = resolve(ARTICLE, "demo", ctx)
    h = build_handout(article, brand, "th", ctx)
    assert h.meta.reviewer == "Committee A" and h.meta.source == "บล็อก"
    [warning] = [d for d in ctx.diagnostics.items if d.code == "content.credit-fallback"]
    assert "reviewer" in warning.message and warning.line == 6  # the reviewer: line of the front matter


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ('{th: "ทีม"}', "no value for the article's language 'en'"),
        ('{en: "A", "th x": "B"}', "is not a language code"),
        ('{en: ""}', "author.en is empty"),
        ("[a, b]", "neither text nor a mapping"),
        ('{en: "A", th: null}', "author.th is 'null', which YAML reads as no value"),  # it printed "null"
        ("{en: ~}", "author.en is '~'"),
        ("true", "author is 'true'"),
    ],
)
def test_bad_credit_mapping_is_one_clear_error(workspace: Path, value: str, needle: str) -> None:
    _front(workspace, author=value)
    ctx = RenderContext(workspace)
    with pytest.raises(ContentError) as e:
        resolve(ARTICLE, "demo", ctx)
    assert needle in str(e.value) and f"{ARTICLE}.md:5" in str(e.value).replace("\\", "/")
    r = CliRunner().invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(workspace / "x.pdf")])
    assert r.exit_code == 1 and needle in r.stderr and "Traceback" not in r.stderr


def test_list_and_debug_model_show_the_credits(workspace: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["list", "-w", str(workspace)])
    assert r.exit_code == 0
    assert "author: en: Rarinthorn" in r.stdout and "th: พญ.รรินธร" in r.stdout and "source: " in r.stdout
    r = runner.invoke(app, ["list", "--json", "-w", str(workspace)])
    [a] = [a for a in json.loads(r.stdout)["articles"] if a["id"] == ARTICLE]
    assert a["author"]["th"].startswith("พญ.") and isinstance(a["source"], str)
    r = runner.invoke(app, ["debug", "model", ARTICLE, "--lang", "th", "-w", str(workspace)])
    assert "  author: พญ.รรินธร" in r.stdout and "  source: " in r.stdout


@pytest.mark.parametrize("keys", [("author",), ("author", "reviewer"), ("title", "author", "reviewer")])
def test_every_missing_credit_is_named_in_one_error(workspace: Path, keys: tuple[str, ...]) -> None:
    md = workspace / f"articles/{ARTICLE}.md"
    text = md.read_text(encoding="utf-8")
    for key in keys:
        text, n = re.subn(rf"^{key}: .*\n", "", text, count=1, flags=re.M)
        assert n == 1, key
    md.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as e:
        resolve(ARTICLE, "demo", RenderContext(workspace))
    message = str(e.value)
    assert all(f"{key!r}" in message and f"'{key}: …'" in message for key in keys), message
    assert len(message.splitlines()) == 1
