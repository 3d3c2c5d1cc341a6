"""Shared fixtures: a fresh workspace copy, a fixed date, the CLI runner, golden files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the demo workspace (articles, clinics, templates, locales, bundles)."""
    from handouts.workspace import init_workspace

    return init_workspace(tmp_path / "ws")


@pytest.fixture
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> Iterator[dt.date]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 2026-11-25
    yield dt.date(2026, 11, 25)


def check_golden(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs; review and rerun with --update-goldens if intended"


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of ``path`` where ``needle`` first occurs (tests name lines, never hard-code them)."""
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1
