"""A plan takes an unchanged article's and clinic's facts from the cache: same jobs, no full load; a change is seen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handouts import batch
from handouts.batch import facts
from handouts.branding import load_brand
from handouts.content import article as article_module
from tests.batch.conftest import ARTICLE


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(folder))
    monkeypatch.delenv("HANDOUTS_NO_CACHE", raising=False)
    return folder


def _plan(workspace: Path, clinics: tuple[str, ...] = ("demo", "riverside")) -> list[batch.Job]:
    bundle = batch.adhoc_bundle([ARTICLE], list(clinics), ["th", "en"], 1)
    return batch.plan(bundle, batch.Options(workspace))


class _Loads:
    """Counts the full loads of articles and clinics (the slow path the facts spare)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.articles = self.clinics = 0
        real_article, real_brand = article_module.load_article, load_brand

        def counting_article(path: Path) -> Any:
            self.articles += 1
            return real_article(path)

        def counting_brand(*args: Any, **kwargs: Any) -> Any:
            self.clinics += 1
            return real_brand(*args, **kwargs)

        monkeypatch.setattr(article_module, "load_article", counting_article)
        monkeypatch.setattr("handouts.branding.load_brand", counting_brand)


def test_unchanged_files_are_not_loaded_again_and_plan_the_same_jobs(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = _Loads(monkeypatch)
    first = _plan(workspace)
    assert (loads.articles, loads.clinics) == (1, 2)
    again = _plan(workspace)
    assert (loads.articles, loads.clinics) == (1, 2), "the facts were not taken from the cache"
    assert again == first
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    assert _plan(workspace) == first  # without the cache: the same jobs, from full loads
    assert (loads.articles, loads.clinics) == (2, 4)


def test_a_changed_article_or_clinic_is_read_again(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = _Loads(monkeypatch)
    first = {j.output: j for j in _plan(workspace)}
    md = workspace / "articles" / f"{ARTICLE}.md"
    text = md.read_text("utf-8")
    review = next(line for line in text.splitlines() if line.startswith("next_review:"))
    md.write_text(text.replace(review, "next_review: 2026-11-02"), "utf-8")  # a day after it was reviewed
    toml = workspace / "clinics" / "riverside.toml"
    text = toml.read_text("utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name_en"))
    toml.write_text(text.replace(name, 'name_en = "Renamed Riverside Clinic"'), "utf-8")
    loads.articles = loads.clinics = 0
    second = {j.output: j for j in _plan(workspace)}
    assert (loads.articles, loads.clinics) == (1, 1)  # the article and riverside again, not demo
    assert all(second[o].input_hash != first[o].input_hash for o in first)
    riverside = second[f"{ARTICLE}.riverside.en.pdf"]
    assert riverside.clinic_name == "Renamed Riverside Clinic"
    assert riverside.input_hash != first[f"{ARTICLE}.riverside.en.pdf"].input_hash
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    assert {j.output: j for j in _plan(workspace)} == second


def test_a_broken_article_is_reported_every_time(workspace: Path, cache: Path) -> None:
    md = workspace / "articles" / f"{ARTICLE}.md"
    md.write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    for _ in range(2):
        with pytest.raises(batch.BundleError) as e:
            _plan(workspace, ("demo",))
        assert ARTICLE in str(e.value)


def _fake_clinic(tmp_path: Path, paper: str, loads: list[Path]) -> tuple[Path, Path, Any, Any]:
    """(the clinic's file, its logo, a loader that records each load in ``loads`` and refuses a
    missing logo as load_brand does, a digest of a file's bytes)."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"one")

    class Brand:
        id, logo = "c", None

        def __init__(self) -> None:
            self.paper = paper

        def name(self, lang: str) -> str:
            return f"name-{lang}"

    def load(path: Path) -> Any:
        loads.append(path)
        if not logo.exists():
            raise FileNotFoundError("the clinic's logo is missing")  # as load_brand refuses it
        b = Brand()
        b.logo = logo  # type: ignore[assignment]
        return b

    def digest(path: Path) -> str:
        return path.read_bytes().decode()

    clinic = tmp_path / "c.toml"
    clinic.write_text("x", "utf-8")
    return clinic, logo, load, digest


def test_a_changed_logo_reads_the_clinic_again(workspace: Path, tmp_path: Path, cache: Path) -> None:
    loads: list[Path] = []
    clinic, logo, load, digest = _fake_clinic(tmp_path, "A4", loads)
    got = facts.clinic(clinic, "d1", workspace, ("th",), load, digest)
    assert (got.id, got.logo, got.name("th"), loads) == ("c", logo, "name-th", [clinic])
    assert facts.clinic(clinic, "d1", workspace, ("th",), load, digest).name("th") == "name-th"
    assert loads == [clinic]
    facts.clinic(clinic, "d1", workspace, ("th", "en"), load, digest)  # a language not kept yet
    assert loads == [clinic] * 2
    logo.write_bytes(b"two")
    facts.clinic(clinic, "d1", workspace, ("th",), load, digest)
    assert loads == [clinic] * 3
    logo.unlink()
    with pytest.raises(FileNotFoundError, match="logo is missing"):  # loaded again, so refused again
        facts.clinic(clinic, "d1", workspace, ("th",), load, digest)


def test_a_clinics_kept_facts_carry_its_paper(workspace: Path, tmp_path: Path, cache: Path) -> None:
    """An ad-hoc batch reads the clinics' paper from the facts a plan kept (no clinic read again)."""
    loads: list[Path] = []
    clinic, logo, load, digest = _fake_clinic(tmp_path, "Letter", loads)
    assert facts.kept_clinic(clinic, "d1", workspace, digest) is None  # nothing kept yet
    assert facts.clinic(clinic, "d1", workspace, ("th",), load, digest).paper == "Letter"
    kept = facts.kept_clinic(clinic, "d1", workspace, digest)
    assert kept is not None and kept.paper == "Letter" and len(loads) == 1
    logo.write_bytes(b"two")  # a changed logo: the kept facts no longer hold
    assert facts.kept_clinic(clinic, "d1", workspace, digest) is None
