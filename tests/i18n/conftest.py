"""Fixtures of the translator-workflow tests: a demo workspace in tmp_path, and the CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from handouts.cli import app
from handouts.workspace import init_workspace

ARTICLE = "back-pain-after-surgery"
TH_PO = Path("locales/th/LC_MESSAGES/handouts.po")

Run = Callable[..., Result]


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo workspace; the current folder, so paths print as ``locales/…``."""
    root = init_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    monkeypatch.delenv("HANDOUTS_WORKSPACE", raising=False)
    return root


@pytest.fixture
def fresh(ws: Path) -> Path:
    """The demo workspace without any catalog (a new translation project)."""
    shutil.rmtree(ws / "locales")
    (ws / "locales").mkdir()
    return ws


@pytest.fixture
def run() -> Run:
    """``run("i18n", "check")`` → the CliRunner result (stdout and stderr apart)."""

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    return invoke


def _line_of(path: Path, needle: str, start: int = 1) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if n >= start and needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def line_of() -> Callable[..., int]:
    """``line_of(path, needle)``: the first line (1-based) of ``path`` containing ``needle``."""
    return _line_of
