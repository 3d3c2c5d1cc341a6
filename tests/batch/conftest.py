"""Batch fixtures: a workspace, bundle files, a CLI runner that returns (code, stdout, stderr)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from handouts.cli import app

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def jobs_by_output(out: Path) -> dict[str, dict[str, Any]]:
    return {j["output"] or f"{j['article']}.{j['clinic']}.{j['lang']}": j for j in manifest(out)["jobs"]}


def write_bundle(workspace: Path, name: str, text: str) -> Path:
    path = workspace / "bundles" / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def item(article: str = ARTICLE, clinic: str = "demo", languages: str = '["en"]', copies: int = 1) -> str:
    return f'[[items]]\narticle = "{article}"\nclinic = "{clinic}"\nlanguages = {languages}\ncopies = {copies}\n\n'


def overdue_article(workspace: Path, name: str = "overdue") -> str:
    """A copy of the demo article whose review date has passed: it renders with a warning."""
    src = (workspace / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    dates = {"reviewed:": "reviewed: 2019-01-01", "next_review:": "next_review: 2020-01-01"}
    lines = [next((v for k, v in dates.items() if ln.startswith(k)), ln) for ln in src.splitlines()]
    (workspace / "articles" / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"
