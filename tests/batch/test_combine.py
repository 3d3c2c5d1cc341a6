"""The print file (--combine): print order, copies expanded, blank backs for odd handouts when duplex,
separator sheets; page content shared between copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from tests.batch.conftest import ARTICLE, item, manifest, run, write_bundle


def _pages(out: Path) -> dict[str, int]:
    return {j["lang"]: j["pages"] for j in manifest(out)["jobs"]}


def _is_blank(page: object) -> bool:
    return "/Contents" not in page  # type: ignore[operator]


def _bundle(workspace: Path, duplex: bool, separator: bool = False) -> None:
    head = f'[bundle]\nname = "Rack"\nduplex = {str(duplex).lower()}\nseparator = {str(separator).lower()}\n\n'
    write_bundle(workspace, "b", head + item(languages='["th"]', copies=3) + item(languages='["en"]', copies=2))


def test_duplex_print_file_pads_odd_handouts(workspace: Path, out: Path, tmp_path: Path) -> None:
    _bundle(workspace, duplex=True)
    target = tmp_path / "print.pdf"
    code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "2", "--combine", str(target))
    assert code == 0, err
    assert str(target) in stdout.splitlines()
    pages = _pages(out)
    th, en = pages["th"], pages["en"]
    padded = lambda n: n + n % 2  # noqa: E731
    reader = PdfReader(target)
    assert len(reader.pages) == 3 * padded(th) + 2 * padded(en)
    # every copy starts on a front side (an odd page number), and the pads are truly blank
    starts = [i * padded(th) for i in range(3)] + [3 * padded(th) + i * padded(en) for i in range(2)]
    for s in starts:
        assert s % 2 == 0 and not _is_blank(reader.pages[s])
    blanks = [i for i, p in enumerate(reader.pages) if _is_blank(p)]
    expected = ([s + th for s in starts[:3]] if th % 2 else []) + ([s + en for s in starts[3:]] if en % 2 else [])
    assert blanks == expected
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipLongEdge"
    # copies share content streams: a copy costs a page dictionary, not the page again
    first, second = reader.pages[0].get_inherited("/Contents", None), reader.pages[padded(th)].raw_get("/Contents")
    assert isinstance(second, IndirectObject) and reader.pages[0].raw_get("/Contents") == second
    assert first is not None
    # ...but every copy is a page of its own: a page object may stand in the page tree only once
    # (poppler rejects the file otherwise: "Page count larger than number of objects")
    refs = [p.indirect_reference.idnum for p in reader.pages]
    assert len(set(refs)) == len(refs)
    single = (out / f"{ARTICLE}.demo.th.pdf").stat().st_size
    assert target.stat().st_size < 2 * single + (out / f"{ARTICLE}.demo.en.pdf").stat().st_size
    assert manifest(out)["combined"] == {
        "path": str(target.resolve()),
        "pages": len(reader.pages),
        "blank_pages": len(blanks),
        "separator_pages": 0,
    }


def test_simplex_print_file_has_no_pads_and_separators_name_the_stack(workspace: Path, out: Path) -> None:
    _bundle(workspace, duplex=False, separator=True)
    code, _, err = run(
        "batch", "b", "-w", str(workspace), "--out", str(out), "-j", "2", "--combine", str(out / "print.pdf")
    )
    assert code == 0, err
    pages = _pages(out)
    reader = PdfReader(out / "print.pdf")
    assert len(reader.pages) == 1 + 3 * pages["th"] + 1 + 2 * pages["en"]
    assert not any(_is_blank(p) for p in reader.pages)
    sep_th, sep_en = (" ".join(reader.pages[i].extract_text().split()) for i in (0, 1 + 3 * pages["th"]))
    assert "3 ×" in sep_th and f"{ARTICLE} · th · {pages['th']} pages per copy" in sep_th
    assert "2 ×" in sep_en and "Why Does My Back Pain Persist After Surgery?" in sep_en
    assert manifest(out)["combined"]["path"] == "print.pdf"


def test_duplex_separator_gets_a_blank_back(workspace: Path, out: Path) -> None:
    _bundle(workspace, duplex=True)
    code, _, err = run(
        "batch",
        "b",
        "-w",
        str(workspace),
        "--out",
        str(out),
        "-j",
        "2",
        "--separator",
        "--combine",
        str(out / "print.pdf"),
    )
    assert code == 0, err
    pages = _pages(out)
    reader = PdfReader(out / "print.pdf")
    padded = lambda n: n + n % 2  # noqa: E731
    assert len(reader.pages) == 2 + 3 * padded(pages["th"]) + 2 + 2 * padded(pages["en"])
    assert "3 ×" in reader.pages[0].extract_text() and _is_blank(reader.pages[1])
    assert manifest(out)["combined"]["separator_pages"] == 2


def test_combine_refuses_to_overwrite_a_handout(workspace: Path, out: Path) -> None:
    _bundle(workspace, duplex=False)
    code, _, err = run(
        "batch",
        "b",
        "-w",
        str(workspace),
        "--out",
        str(out),
        "-j",
        "2",
        "--combine",
        str(out / f"{ARTICLE}.demo.th.pdf"),
    )
    assert code == 1 and "would overwrite a file of the batch" in err


@pytest.mark.parametrize("folder", ["articles", "locales/th", "clinics"])
def test_combine_is_never_written_among_the_inputs(workspace: Path, out: Path, folder: str) -> None:
    """``--out`` and ``-o`` inside an input folder were refused, ``--combine articles/x.pdf`` was not: a
    print file landed among the articles."""
    _bundle(workspace, duplex=False)
    target = workspace / folder / "print.pdf"
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--combine", str(target))
    assert code == 1 and "--combine" in err and "input folder" in err and not target.exists() and not out.exists()
