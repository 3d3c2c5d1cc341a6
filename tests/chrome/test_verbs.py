"""Burmese, Khmer and Lao everywhere Thai works: render (standard, large, booklet, 2-up), bilingual
sheets, batch, list, i18n init/status/check/proof, and an article written in Burmese."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pikepdf
import pypdf
import pytest

from handouts.i18n.languages import LANGUAGES, native_digits
from tests.chrome.conftest import SEA, Run, pseudo

TAGS = {lang: LANGUAGES[lang].tag for lang in ("en", "th", *SEA)}


def struct_langs(pdf: bytes) -> set[str]:
    """Every ``/Lang`` of the document and its structure elements."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        found = {str(doc.Root.Lang)} if "/Lang" in doc.Root else set()
        todo = [doc.Root.StructTreeRoot] if "/StructTreeRoot" in doc.Root else []
        while todo:
            node = todo.pop()
            if isinstance(node, pikepdf.Dictionary):
                if "/Lang" in node:
                    found.add(str(node.Lang))
                kids = node.get("/K")
                if kids is not None:
                    todo.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
        return found


def text_of(pdf: bytes) -> str:
    """The text layer, lines joined by spaces (a date may wrap)."""
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def render(run: Run, tmp_path: Path, *args: str) -> tuple[bytes, str]:
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.pdf"
    r = run("render", *args, "-o", str(out))
    assert r.exit_code == 0, r.output
    return out.read_bytes(), r.stderr


@pytest.mark.parametrize("lang", SEA)
def test_render_standard_and_large(sea: Path, run: Run, tmp_path: Path, lang: str) -> None:
    pdf, err = render(run, tmp_path, "walking", "--lang", lang)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == TAGS[lang]
    assert TAGS[lang] in struct_langs(pdf)
    assert "i18n.untranslated" not in err  # every entry of the fixture catalog is translated
    large, _ = render(run, tmp_path, "walking", "--lang", lang, "--profile", "large")
    assert len(pypdf.PdfReader(io.BytesIO(large)).pages) >= len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", SEA)
@pytest.mark.parametrize("layout", ["a5-booklet", "2up"])
def test_booklet_and_two_up(sea: Path, run: Run, tmp_path: Path, lang: str, layout: str) -> None:
    pdf, _ = render(run, tmp_path, "walking", "--lang", lang, "--layout", layout)
    r = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(r.pages) >= 1 and float(r.pages[0].mediabox.width) > float(r.pages[0].mediabox.height)  # A4 landscape


@pytest.mark.parametrize("pair", ["my+th", "th+my", "my+en", "km+lo", "lo+km", "en+km"])
def test_bilingual(sea: Path, run: Run, tmp_path: Path, pair: str) -> None:
    first, second = pair.split("+")
    pdf, _ = render(run, tmp_path, "walking", "--lang", pair)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == TAGS[first]
    assert {TAGS[first], TAGS[second]} <= struct_langs(pdf)


def test_native_digits_and_era_on_the_page(sea: Path, run: Run, tmp_path: Path) -> None:
    """[policy] native_digits: dates and page numbers in the script's digits; phone numbers as the clinic writes them."""
    toml = sea / "clinics" / "demo.toml"
    text = toml.read_text(encoding="utf-8")
    assert "[policy]\n" in text and "native_digits" not in text and "era =" not in text
    toml.write_text(text.replace("[policy]\n", '[policy]\nnative_digits = ["my", "km"]\nera = { km = "buddhist" }\n'),
                    encoding="utf-8")  # fmt: skip
    for lang, date in (("my", native_digits("2026 နိုဝင်ဘာ 1", "my")), ("km", native_digits("1 វិច្ឆិកា ព.ស. 2569", "km"))):
        pdf, _ = render(run, tmp_path, "walking", "--lang", lang)
        text = text_of(pdf)
        assert date in text, (lang, date)
        label = pseudo("Page {page} of {pages}", lang).replace("{page}", "1").replace("{pages}", "1")
        assert native_digits(label, lang) in text
        assert "02 123 4567" in text  # never converted
    pdf, _ = render(run, tmp_path, "walking", "--lang", "lo")  # not in the list: ASCII digits, Gregorian
    assert "1 ພະຈິກ 2026" in text_of(pdf)


def test_article_written_in_burmese(sea: Path, run: Run, tmp_path: Path) -> None:
    pdf, err = render(run, tmp_path, "my-back-pain")  # its own language by default
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.Root.Lang) == "my-MM"
    assert "i18n.untranslated" not in err  # the frame comes from the Burmese catalog
    # the Burmese catalog leaves the Burmese article out; the Khmer one translates it
    status = json.loads(run("i18n", "status", "--json").stdout)["languages"]
    rows = {s["lang"]: {a["name"] for a in s["articles"]} for s in status}
    assert {s["lang"]: s["name"] for s in status}["lo"] == "Lao (ລາວ)"
    assert "my-back-pain" not in rows["my"] and "my-back-pain" in rows["km"]
    pdf, _ = render(run, tmp_path, "my-back-pain", "--lang", "km")
    assert "km-KH" in struct_langs(pdf)


@pytest.mark.parametrize("lang", SEA)
def test_init_status_check_proof(sea: Path, run: Run, tmp_path: Path, lang: str) -> None:
    r = run("i18n", "status", lang)
    assert r.exit_code == 0 and re.search(r"walking\s+7\s+0\s+0\s+0\s+100%", r.stdout), r.stdout
    assert r.stdout.startswith(f"{lang} {LANGUAGES[lang].english} ({LANGUAGES[lang].native})  locales/{lang}/")
    r = run("i18n", "check", lang)
    assert r.exit_code == 0, r.output
    proof = tmp_path / f"proof-{lang}.pdf"
    r = run("i18n", "proof", "walking", "--lang", lang, "-o", str(proof))
    assert r.exit_code == 0, r.output
    with pikepdf.open(proof) as doc:
        assert str(doc.Root.Lang) == TAGS[lang]
    assert pseudo("Walking after back surgery", lang) in text_of(proof.read_bytes()).replace(" ", "") or lang == "my"


def test_init_in_a_workspace_with_a_burmese_article(sea: Path, run: Run) -> None:
    """A Burmese article's frame needs the Burmese catalog: i18n init my is allowed, without the article's entries."""
    po = sea / "locales" / "my" / "LC_MESSAGES" / "handouts.po"
    po.unlink()
    r = run("i18n", "init", "my")
    assert r.exit_code == 0, r.output
    text = po.read_text(encoding="utf-8")
    assert 'msgctxt "walking"' in text and 'msgctxt "my-back-pain"' not in text
    assert "Page {page} of {pages}" in text


def test_list_and_batch(sea: Path, run: Run, tmp_path: Path) -> None:
    r = run("list", "--json")
    assert r.exit_code == 0, r.output
    inv = json.loads(r.stdout)
    assert set(SEA) <= set(inv["languages"])
    assert inv["language_names"]["km"] == "Khmer (ខ្មែរ)"
    r = run("list")
    assert "my Burmese (မြန်မာ)" in r.stdout and "lo Lao (ລາວ)" in r.stdout and "th Thai (ไทย)" in r.stdout
    walking = next(a for a in inv["articles"] if a["id"] == "walking")
    assert all(walking["languages"][lang] == 100 for lang in SEA)
    out = tmp_path / "batch"
    r = run("batch", "--article", "walking", *(x for lang in SEA for x in ("--lang", lang)), "--out", str(out), "--jobs", "1")
    assert r.exit_code == 0, r.output
    manifest = json.loads(next(out.rglob("manifest.json")).read_text(encoding="utf-8"))
    jobs = manifest["jobs"]
    assert sorted(j["lang"] for j in jobs) == sorted(SEA) and all(j["status"] != "failed" for j in jobs)
