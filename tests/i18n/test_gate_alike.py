"""The gate's rules on a cell of a demo article, through every door: ``i18n check``, ``render``,
``render --strict``, ``batch`` and ``serve`` refuse the same translation (and print nothing), and pass the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.i18n.check import check

runner = CliRunner()
ARTICLE = "spine-surgery-home-care"
CELL = "2 tablets"  # a cell of the article's medicine table, translated in every catalog


def _set_cell(workspace: Path, lang: str, source: str, translation: str) -> int:
    """The article's "2 tablets" cells written ``source``, translated ``translation``; the msgstr's line."""
    md = workspace / "articles" / f"{ARTICLE}.md"
    md.write_text(md.read_text(encoding="utf-8").replace(f"| {CELL} |", f"| {source} |"), encoding="utf-8")
    po = workspace / "locales" / lang / "LC_MESSAGES" / "handouts.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    i = lines.index(f'msgid "{CELL}"')
    assert lines[i - 1] == f'msgctxt "{ARTICLE}"' and lines[i + 1].startswith("msgstr ")
    lines[i : i + 2] = [f"msgid {json.dumps(source, ensure_ascii=False)}", f"msgstr {json.dumps(translation, ensure_ascii=False)}"]
    po.write_text("\n".join(lines), encoding="utf-8")
    return i + 2


def assert_alike(workspace: Path, tmp_path: Path, lang: str, source: str, translation: str, refused: str | None) -> None:
    """Check, render, render --strict and batch all refuse the cell with ``refused`` (a code), or all
    pass it (``None``: no finding of the entry at all)."""
    line = _set_cell(workspace, lang, source, translation)
    findings = [f for f in check(workspace, [lang]).findings if f.line == line]
    assert [f.code for f in findings if f.is_error] == ([refused] if refused else []), findings
    if refused is None:
        assert findings == []
    for extra in ([], ["--strict"]):
        out = tmp_path / f"x{len(extra)}.pdf"
        r = runner.invoke(app, ["render", ARTICLE, "--lang", lang, "-w", str(workspace), "-o", str(out), *extra])
        if refused:
            assert r.exit_code == 1 and not out.exists(), r.output
            assert f"handouts.po:{line}: error: " in r.stderr and f"[{refused}]" in r.stderr, r.stderr
        elif not extra:
            assert r.exit_code == 0 and out.exists(), r.output
            assert not [x for x in r.stderr.splitlines() if f"handouts.po:{line}:" in x and "[check." in x], r.stderr
    _serve_alike(workspace, lang, line, refused)
    r = runner.invoke(app, ["batch", "-a", ARTICLE, "-c", "demo", "-l", lang, "-w", str(workspace), "--out",
                            str(tmp_path / "out"), "--jobs", "1"])  # fmt: skip
    job = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["jobs"][0]
    if refused:
        assert r.exit_code == 1 and job["status"] == "failed", r.output
        assert [f["line"] for f in job["findings"]] == [line], job
    else:
        assert job["status"] != "failed", job


def _serve_alike(workspace: Path, lang: str, line: int, refused: str | None) -> None:
    """``serve`` answers the handout's PDF, or refuses it (422) with the same catalog line."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from handouts.serve.app import create_app
    from handouts.serve.config import load_config

    with TestClient(create_app(load_config(workspace), in_process=True), base_url="http://127.0.0.1") as client:
        r = client.get(f"/handouts/{ARTICLE}/{lang}.pdf", params={"clinic": "demo"})
    if refused:
        assert r.status_code == 422, r.text
        assert [f["line"] for f in r.json()["findings"] if f["severity"] == "error"] == [line], r.json()
    else:
        assert r.status_code == 200 and r.content.startswith(b"%PDF-"), r.text


@pytest.mark.parametrize(
    ("lang", "source", "translation", "refused"),
    [
        # a count word beside the same number in digits is a writing of its own: "twice" left out
        ("th", "2 tablets twice a day", "2 เม็ด วันละครั้ง", "check.numbers"),
        ("th", "2 tablets two times a day", "2 เม็ด วันละครั้ง", "check.numbers"),
        ("th", "2 tablets twice a day", "2 เม็ด วันละ 2 ครั้ง", None),
        ("th", "2 tablets twice a day", "2 เม็ด วันละสองครั้ง", None),
        # a time on the 12-hour clock is its 24-hour time: 8 p.m. is 20:00, not 08:00
        ("th", "2 tablets at 8 p.m.", "2 เม็ด เวลา 08:00 น.", "check.numbers"),
        ("th", "2 tablets at 8 p.m.", "2 เม็ด เวลา 20.00 น.", None),
        ("th", "2 tablets at 8 a.m.", "2 เม็ด เวลา 08:00 น.", None),
        # half a tablet, thousands grouped with a (no-break) space, a phone number written with dots
        ("th", "½ tablet", "ครึ่งเม็ด", None),
        ("th", "1,000 mg", "1\u202f000 มก.", None),
        ("th", "call 02.123.4567", "โทร 02-123-4567", None),
        ("th", "call 02.123.4567", "โทร 021-234-567", "check.numbers"),
        # a date's day and month swapped where the source's order is sure (year first, or a day above 12)
        ("th", "from 2026-12-05", "ตั้งแต่ 12-05-2026", "check.numbers"),
        ("th", "from 2026-12-05", "ตั้งแต่ 05-12-2026", None),
        ("km", "from 25-12-2026", "ចាប់ពី 12-25-2026", "check.numbers"),
        # in Burmese, Khmer and Lao too: the count word left out (once a day), or written (twice a day)
        ("my", "2 tablets twice a day", "၂ ပြား တစ်နေ့ တစ်ကြိမ်", "check.numbers"),
        ("lo", "2 tablets twice a day", "2 ເມັດ ມື້ລະສອງເທື່ອ", None),
        # Burmese, Khmer and Lao unit words are known: 6 hours is not 6 days
        ("my", "every 6 hours", "၆ ရက်တိုင်း", "check.units"),
        ("my", "every 6 hours", "၆ နာရီတိုင်း", None),
        ("km", "every 6 hours", "រៀងរាល់ ៦ ថ្ងៃ", "check.units"),
        ("km", "every 6 hours", "រៀងរាល់ ៦ ម៉ោង", None),
        ("lo", "500 mg", "500 ເມັດ", "check.units"),
        ("lo", "500 mg", "500 ມິນລີກຣາມ", None),
        # Markdown an entry cannot hold (it is one cell's inline text) would print as typed
        ("th", "2 tablets", "2 เม็ด ![รูปยา](images/spine-wound-dressing.svg)", "check.smuggled"),
        ("th", "2 tablets", "2 เม็ด <!-- ตรวจอีกครั้ง -->", "check.smuggled"),
        ("th", "2 tablets", "> [!WARNING] 2 เม็ด", "check.smuggled"),
        ("th", "over 38 °C", "> 38 °ซ.", None),  # a ">" alone is text
        # another shipped language's digits: the same number to the rules, not to the reader
        ("th", "2 tablets", "၂ เม็ด", "check.characters"),
        ("lo", "2 tablets", "໒ ເມັດ", None),
        ("th", "2 tablets", "2 ເມັດ", "check.characters"),  # the Lao word: another catalog pasted
        # a range written the other way round: the same numbers, another dose
        ("th", "1-2 tablets", "2-1 เม็ด", "check.numbers"),
        ("my", "1-2 tablets", "၁-၂ ပြား", None),
    ],
)
def test_check_render_strict_and_batch_agree(workspace: Path, tmp_path: Path, lang: str, source: str,
                                             translation: str, refused: str | None) -> None:  # fmt: skip
    assert_alike(workspace, tmp_path, lang, source, translation, refused)
