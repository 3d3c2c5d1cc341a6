"""The benchmarks keep running: timing lives in ``benchmarks/``, and a benchmark that no longer runs
measures nothing. ``scaling.py`` had stopped when ``init`` began asking for a clinic's details,
``typesetting.py`` when faces began to be registered when first drawn, and ``serve.py`` imported an
HTTP client the test extra no longer installs; nobody saw, as nothing ran them. These tests run a
small case of each (no time is asserted: only that each still produces its numbers)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = sorted((ROOT / "benchmarks").glob("*.py"))


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", BENCHMARKS, ids=[p.stem for p in BENCHMARKS])
def test_every_benchmark_imports(path: Path) -> None:
    """Each script imports (its main runs only as a script), with the project's and the test extra's
    packages: the peers (Typst, WeasyPrint) are imported only when measured."""
    module = _load(path)
    assert module.__doc__, f"{path.name}: say what it measures and how to run it"


@pytest.mark.parametrize("kind", ["thai", "latin-word", "lao"])
def test_the_scaling_benchmark_renders_each_kind(tmp_path: Path, kind: str) -> None:
    scaling = _load(ROOT / "benchmarks" / "scaling.py")
    seconds, megabytes, size = scaling.run_one(kind, 2_000, tmp_path)
    assert seconds > 0 and megabytes > 0 and size >= 2_000
    assert (tmp_path / f"{kind}-2000.pdf").read_bytes().startswith(b"%PDF-")


def test_the_typesetting_benchmark_builds_both_documents() -> None:
    typesetting = _load(ROOT / "benchmarks" / "typesetting.py")
    texts = typesetting.paragraphs()[:3]
    for build in typesetting.BUILDERS.values():
        pdf, pages = build(texts)
        assert pdf.startswith(b"%PDF-") and pages >= 1
