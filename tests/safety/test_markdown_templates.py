"""Markdown nesting limits, template caps (size, time) and `%` mistakes in template translations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.content import sandbox
from handouts.content.article import load_article
from handouts.content.inline import MAX_INLINE_DEPTH
from handouts.content.markdown import MAX_LIST_DEPTH
from handouts.errors import ContentError

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"
FRONT = """---
title: T
lang: en
author: A
reviewer: R
reviewed: 2026-01-01
next_review: 2027-01-01
source: S
version: 1
---
"""


def _article(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "articles" / "a.md"
    p.parent.mkdir(exist_ok=True)
    p.write_text(FRONT + body, encoding="utf-8")
    return p


def _nested_list(depth: int) -> str:
    return "".join("  " * i + f"- level {i + 1}\n" for i in range(depth)) + "\nThe paragraph after.\n"


def test_supported_list_depth_keeps_everything(tmp_path: Path) -> None:
    a = load_article(_article(tmp_path, "Intro.\n\n" + _nested_list(MAX_LIST_DEPTH)))
    texts = [e.text for e in a.entries]
    assert f"level {MAX_LIST_DEPTH}" in texts and "The paragraph after." in texts


@pytest.mark.parametrize("depth", [MAX_LIST_DEPTH + 1, 10, 60])
def test_too_deep_list_is_an_error_with_its_line(tmp_path: Path, depth: int) -> None:
    with pytest.raises(ContentError) as e:
        load_article(_article(tmp_path, "Intro.\n\n" + _nested_list(depth)))
    # the first list item too deep: front matter (10 lines) + "Intro." + blank + MAX_LIST_DEPTH items
    assert e.value.line == 10 + 2 + MAX_LIST_DEPTH + 1
    assert f"at most {MAX_LIST_DEPTH}" in str(e.value) and "a.md" in str(e.value)


def test_deep_quotes_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="nested"):
        load_article(_article(tmp_path, "> " * 3000 + "text\n"))


def _deep_emphasis(n: int) -> str:
    opening = "".join("*a " if i % 2 else "**b " for i in range(n))
    return opening + "x" + "".join(" a*" if i % 2 else " b**" for i in reversed(range(n)))


@pytest.mark.parametrize("n", [MAX_INLINE_DEPTH + 1, 5000])
def test_deep_emphasis_is_an_error_not_a_recursion_error(tmp_path: Path, n: int) -> None:
    body = "Intro.\n\n" + _deep_emphasis(n) + "\n"
    with pytest.raises(ContentError) as e:
        load_article(_article(tmp_path, body))
    assert e.value.line == 13 and "nested" in str(e.value)


def test_deep_emphasis_in_a_translation_names_the_catalog(workspace: Path, tmp_path: Path) -> None:
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text(encoding="utf-8")
    deep = _deep_emphasis(40)
    m = list(re.finditer(r'msgctxt "back-pain-after-surgery"\nmsgid "[^"\n]*"\nmsgstr "([^"\n]+)"', text))[-1]
    po.write_text(text[: m.start(1)] + deep + text[m.end(1):], encoding="utf-8")
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1, r.output
    assert "handouts.po:" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x.pdf").exists()


def _template(workspace: Path, expr: str) -> None:
    t = workspace / "templates" / "handout.j2"
    text = t.read_text(encoding="utf-8")
    t.write_text(text.replace("{% block header %}{{ clinic_name }}", "{% block header %}" + expr, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("expr", "needle"),
    [
        ("{{ 'a' * 300000000 }}", "300,000,000 characters"),
        ("{{ 300000000 * 'a' }}", "300,000,000 characters"),
        ("{{ 'a'|center(300000000) }}", "size of 300,000,000"),
        ("{{ 'a'.ljust(300000000) }}", "size of 300,000,000"),
        ("{{ '{:>999999999}'.format(1) }}", "width or precision"),
        ("{{ '%999999999s' % 'a' }}", "width or precision"),
        ("{{ 9 ** 99999999 }}", "too large"),
        ("{% set x = 'ab' * 1000 %}" + "{% set x = x ~ x %}" * 12 + "{{ x }}", "characters"),
        ("{{ ('a' * 1000)|replace('a', 'a' * 1001) }}", "characters"),
        ("{% for i in range(1000) %}{{ 'a' * 2000 }}{% endfor %}", "writes more than"),
        ("{{ 1/0 }}", "ZeroDivisionError"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself"),
    ],
)
def test_template_caps(workspace: Path, tmp_path: Path, expr: str, needle: str) -> None:
    _template(workspace, expr)
    r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1, r.output
    assert "handout.j2" in r.stderr and needle in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    "expr",
    ["{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "{% set s = 'a' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"],
)  # fmt: skip
def test_template_run_time_cap(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expr: str) -> None:
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.3)
    _template(workspace, expr)
    r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1, r.output
    assert "handout.j2" in r.stderr and "longer than 0.3 s" in r.stderr


@pytest.mark.parametrize("bad", ["%(percent)", "%(percent)s% แปลแล้ว", "%(pct)s", "100%"])
def test_percent_mistake_in_a_template_translation(workspace: Path, tmp_path: Path, bad: str) -> None:
    """A broken ``%`` in a template msgstr is an error naming the catalog entry (never exit 70)."""
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text(encoding="utf-8")
    m = re.search(r'msgid "DRAFT · not reviewed · %\(percent\)s%% translated"\nmsgstr "([^"\n]*)"', text)
    assert m, "the DRAFT entry"
    po.write_text(text[: m.start(1)] + bad + text[m.end(1):], encoding="utf-8")
    line = text[: m.start(1)].count("\n") + 1
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1, r.output
    assert f"handouts.po:{line}" in r.stderr and "DRAFT" in r.stderr, r.stderr
    assert not (tmp_path / "x.pdf").exists()
