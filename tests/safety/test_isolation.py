"""One broken article never stops list, i18n status/check/update/extract or a batch of the others."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"
PO = Path("locales/th/LC_MESSAGES/handouts.po")


@pytest.fixture
def broken_ws(workspace: Path) -> Path:
    text = (workspace / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    (workspace / "articles" / "dup.md").write_text(text.replace("title:", "title: X\ntitle:", 1), encoding="utf-8")
    os.mkfifo(workspace / "articles" / "pipe.md")
    return workspace


@pytest.mark.parametrize("verb", [["list"], ["i18n", "status"], ["i18n", "check"], ["i18n", "update"], ["i18n", "extract"]])
def test_verbs_report_the_broken_and_carry_on(broken_ws: Path, verb: list[str]) -> None:
    po = (broken_ws / PO).read_bytes()
    r = runner.invoke(app, [*verb, "-w", str(broken_ws)])
    assert r.exit_code == 1, r.output
    assert "articles/dup.md:3:" in r.stderr and "given twice" in r.stderr
    assert "articles/pipe.md" in r.stderr and "Traceback" not in r.stderr
    if verb[0] == "list" or verb[-1] == "status":
        assert ARTICLE in r.stdout  # the rest is there
    assert (broken_ws / PO).read_bytes() == po  # nothing of the good article's catalog lost or changed


def test_update_keeps_a_broken_articles_translations(workspace: Path) -> None:
    article = workspace / "articles" / f"{ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title:", "title: X\ntitle:", 1), encoding="utf-8")
    before = (workspace / PO).read_text(encoding="utf-8")
    r = runner.invoke(app, ["i18n", "update", "-w", str(workspace)])
    assert r.exit_code == 1 and "given twice" in r.stderr
    after = (workspace / PO).read_text(encoding="utf-8")
    assert "#~" not in after and after.count("msgstr") == before.count("msgstr")
    assert after == before, "nothing else changed: its entries are not moved to the end either"
    r = runner.invoke(app, ["i18n", "status", "th", "-w", str(workspace)])
    assert r.exit_code == 1 and "given twice" in r.stderr
    assert ARTICLE not in r.stdout and "obsolete" in r.stdout  # left out, not counted as 32 obsolete entries
    total = next(line for line in r.stdout.splitlines() if line.strip().startswith("total"))
    assert total.split()[4] == "0", total


def test_batch_runs_the_others(broken_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", "-a", ARTICLE, "-a", "dup", "-a", "pipe", "-c", "demo", "-l", "en",
                            "-w", str(broken_ws), "--out", str(out), "--jobs", "1"])  # fmt: skip
    assert r.exit_code == 4, r.output
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    status = {j["article"]: j for j in m["jobs"]}
    assert status[ARTICLE]["status"] == "ok"
    assert status["dup"]["status"] == "failed" and "dup.md:3" in status["dup"]["error"]
    assert status["pipe"]["status"] == "failed" and "named pipe" in status["pipe"]["error"]
