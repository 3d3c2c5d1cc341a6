"""What the front matter prints (title, subtitle, credits, version) is refused at its own line
when no shipped font can draw a character of it: never an error that names no file."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.features.helpers import run

FRONT = """---
title: "Title{title}"
subtitle: "Subtitle{subtitle}"
lang: en
author: {{en: "Author{author}", th: "ผู้เขียน"}}
reviewer: "Reviewer{reviewer}"
source: "Source{source}"
reviewed: 2026-11-01
next_review: 2099-11-01
version: "1{version}"
---

Short text.
"""
LINES = {"title": 2, "subtitle": 3, "author": 5, "reviewer": 6, "source": 7, "version": 10}
# YAML double-quoted escapes of characters no shipped font draws: control characters, an emoji, Devanagari
BAD = st.sampled_from(["\\t", "\\a", "\\x1b", "\\x7f", "\\U0001F600", "\\u0928"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(sorted(LINES)), bad=BAD)
def test_an_undrawable_character_in_the_front_matter_is_named_at_its_line(tmp_path: Path, key: str,
                                                                           bad: str) -> None:  # fmt: skip
    ws = tmp_path / "ws"
    if not ws.exists():
        for part in ("clinics", "templates", "locales"):
            shutil.copytree(REPO / part, ws / part)
        (ws / "articles").mkdir()
    (ws / "articles" / "x.md").write_text(FRONT.format(**{k: bad if k == key else "" for k in LINES}), encoding="utf-8")
    out = tmp_path / "x.pdf"
    code, _, err = run("render", "x", "-w", str(ws), "--lang", "en", "-o", str(out))
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 1 and len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"error: articles/x.md:{LINES[key]}: ") and key in lines[0], lines[0]
    assert not out.exists()
