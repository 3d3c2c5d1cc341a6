"""What the front matter prints (title, subtitle, credits, version) is refused at its own line
when no shipped font can draw a character of it: never an error that names no file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
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


def _refused_at_its_line(tmp_path: Path, key: str, bad: str) -> str:
    """Render an article whose front-matter ``key`` holds ``bad``: refused in one line at the key's
    line (no PDF); that line."""
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
    return lines[0]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(sorted(LINES)), bad=BAD)
def test_an_undrawable_character_in_the_front_matter_is_named_at_its_line(tmp_path: Path, key: str,
                                                                           bad: str) -> None:  # fmt: skip
    _refused_at_its_line(tmp_path, key, bad)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(sorted(LINES)), bad=st.sampled_from(["\x01", "\x07", "\x1b", "\x7f", "\x0e"]))
def test_a_raw_control_character_in_the_front_matter_is_named_at_its_line(tmp_path: Path, key: str,
                                                                          bad: str) -> None:  # fmt: skip
    """The byte itself, not a YAML escape: 'front matter: invalid YAML' at line 1 named neither the
    line nor the character."""
    line = _refused_at_its_line(tmp_path, key, bad)
    assert f"U+{ord(bad):04X}" in line, line


BODY_FRONT = """---
title: "ဆေးသောက်နည်း"
lang: my
author: "ဒေါက်တာ အောင်"
reviewer: "R"
source: "S"
reviewed: 2026-11-01
next_review: 2099-11-01
version: "1"
---

"""
# a body block of each kind, in Burmese, and a character no shipped font draws for some of them
BLOCKS = ["ဆေးကို နေ့စဉ် သောက်ပါ{bad}။", "## ခေါင်းစဉ်{bad}", "- ရေ{bad} သောက်ပါ", "| ဆေး | ပမာဏ{bad} |\n|--|--|\n| က | ၂{bad} |",
          "> [!WARNING]\n> ဆရာဝန်{bad}ကို ဖုန်းဆက်ပါ", "ဆေးရုံ `code{bad}` သို့"]  # fmt: skip
UNDRAWABLE = ["\U0001F600", "\u0928", "\uff15", "\U0001F642", "\u0e9f\u0301\u0928\u0939"]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.tuples(st.sampled_from(range(len(BLOCKS))), st.sampled_from(UNDRAWABLE)), min_size=2,
                      max_size=5))  # fmt: skip
def test_every_undrawable_character_of_an_article_is_named_at_once(tmp_path: Path, picks: list[tuple[int, str]]) -> None:
    """A Burmese article with characters no font draws in several paragraphs, list items, cells:
    one error names them all, each once, with the lines (it named the first block's only, so an
    author fixed them one render at a time); alt text, which is read aloud and never drawn, may
    hold any character."""
    ws = tmp_path / "ws"
    if not ws.exists():
        for part in ("clinics", "templates", "locales"):
            shutil.copytree(REPO / part, ws / part)
        (ws / "articles" / "images").mkdir(parents=True)
        shutil.copy(REPO / "articles" / "images" / "spine-wound-dressing.svg", ws / "articles" / "images")
    bad = dict(picks)
    body = "\n\n".join(b.format(bad=bad.get(i, "")) for i, b in enumerate(BLOCKS))
    body += '\n\n![ဓာတ်ပုံ \U0001F600](images/spine-wound-dressing.svg "ခေါင်းစဉ်")\n'
    (ws / "articles" / "x.md").write_text(BODY_FRONT + body, encoding="utf-8")
    out = tmp_path / "x.pdf"
    out.unlink(missing_ok=True)  # (the last example's)
    code, _, err = run("render", "x", "-w", str(ws), "-o", str(out))
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 1 and len(lines) == 1 and "Traceback" not in err, err
    text = BODY_FRONT + body
    first = min(text.split("\n").index(ln) + 1 for ln in text.split("\n") if any(c in ln for c in "".join(bad.values())))
    assert lines[0].startswith(f"error: articles/x.md:{first}: no shipped font draws "), lines[0]
    wanted = {c for v in bad.values() for c in v if c not in "\u0e9f\u0301"}  # (a Lao letter and a mark are drawn)
    named = set(re.findall(r"U\+([0-9A-F]{4,6})", lines[0]))
    assert named == {f"{ord(c):04X}" for c in wanted}, lines[0]
    assert not out.exists()
    (ws / "articles" / "x.md").write_text(BODY_FRONT + "\n\n".join(b.format(bad="") for b in BLOCKS)
                                          + '\n\n![ဓာတ်ပုံ \U0001F600](images/spine-wound-dressing.svg)\n', encoding="utf-8")  # fmt: skip
    code, _, err = run("render", "x", "-w", str(ws), "-o", str(out))
    assert code == 0, err


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["title", "reviewer", "source", "version"]),
       blank=st.text(st.sampled_from([" ", "\u00a0", "\u3000", "\u2003"]), min_size=1, max_size=4))  # fmt: skip
def test_a_required_value_of_white_space_only_is_missing(tmp_path: Path, key: str, blank: str) -> None:
    """title: "   " (or a reviewer, a source of spaces) was taken, and the handout printed an empty
    title, "reviewed by  on …": a required value that prints as nothing is missing."""
    ws = tmp_path / "ws"
    if not ws.exists():
        for part in ("clinics", "templates", "locales"):
            shutil.copytree(REPO / part, ws / part)
        (ws / "articles").mkdir()
    text = FRONT.format(**dict.fromkeys(LINES, ""))
    text = re.sub(rf'(?m)^{key}: ".*"$', f'{key}: "{blank}"', text)
    (ws / "articles" / "x.md").write_text(text, encoding="utf-8")
    out = tmp_path / "x.pdf"
    code, _, err = run("render", "x", "-w", str(ws), "--lang", "en", "-o", str(out))
    assert code == 1 and "Traceback" not in err and not out.exists(), err
    assert f"articles/x.md:2: front matter is missing '{key}'" in err, err


@pytest.mark.parametrize("date", ["20261101", "2026-W44-7", "2026-305", "2026-11-01T00:00", " 2026-11-01x"])
def test_a_review_date_is_written_yyyy_mm_dd(tmp_path: Path, date: str) -> None:
    """reviewed: 20261101 (or the ISO week date 2026-W44-7) was read as a date by Python's
    fromisoformat, while the error for anything else says to write YYYY-MM-DD."""
    ws = tmp_path / "ws"
    for part in ("clinics", "templates", "locales"):
        shutil.copytree(REPO / part, ws / part)
    (ws / "articles").mkdir()
    text = FRONT.format(**dict.fromkeys(LINES, "")).replace("reviewed: 2026-11-01", f'reviewed: "{date}"')
    (ws / "articles" / "x.md").write_text(text, encoding="utf-8")
    code, _, err = run("render", "x", "-w", str(ws), "--lang", "en", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "articles/x.md:8: reviewed" in err and "write it as YYYY-MM-DD" in err, err


def test_an_article_with_old_mac_line_ends_is_told_so(tmp_path: Path) -> None:
    """A file whose lines end with a CR alone was 'has no front matter (start the file with ---)',
    while it starts with one."""
    ws = tmp_path / "ws"
    for part in ("clinics", "templates", "locales"):
        shutil.copytree(REPO / part, ws / part)
    (ws / "articles").mkdir()
    (ws / "articles" / "x.md").write_bytes(FRONT.format(**dict.fromkeys(LINES, "")).replace("\n", "\r").encode())
    code, _, err = run("render", "x", "-w", str(ws), "--lang", "en", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "articles/x.md:1: a carriage return (CR) alone ends a line" in err and "LF" in err, err
