"""Property: random edits of an article and of catalog translations never crash, never write a
partial file, never touch an input, and a render that succeeds never prints a number the source
does not have (read back from the PDF's text)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts.cli import app
from handouts.i18n.numerals import ascii_digits

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"
PO = Path("locales/th/LC_MESSAGES/handouts.po")
MARK = "4826391"  # a number no handout contains: if it prints, an unchecked number reached paper
THAI_MARK = MARK.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
PIECES = ["**", "*", "_", "[x](https://e.org)", "{{ x }}", "%", "%(phone)s", "<b>", "\\", "\n", " ", "1", "๓",
          "mg", "มก.", "#", "- ", "> ", "1669", MARK, THAI_MARK, "สาม", "www.e.org"]  # fmt: skip
SETTINGS = settings(max_examples=10, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip


def _inputs(ws: Path) -> dict[str, bytes]:
    return {str(p.relative_to(ws)): p.read_bytes() for p in sorted(ws.rglob("*")) if p.is_file()}


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return ascii_digits("\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


@st.composite
def edit(draw: st.DrawFn, text: str) -> str:
    """``text`` with the marker number written in (in place of a number, or anywhere), then a few
    random insertions, deletions and replacements."""
    mark = draw(st.sampled_from([MARK, THAI_MARK]))
    if re.search(r"[0-9๐-๙]", text) and draw(st.booleans()):
        text = re.sub(r"[0-9๐-๙]+", mark, text, count=1)
    else:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + f" {mark} " + text[at:]
    for _ in range(draw(st.integers(0, 2))):
        op = draw(st.sampled_from(["insert", "delete", "digits"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            piece = draw(st.sampled_from(PIECES) | st.text(st.sampled_from("ab ก๑2*_[]()#%\n"), max_size=6))
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        else:
            text = re.sub(r"[0-9๐-๙]+", draw(st.sampled_from([MARK, THAI_MARK, "0"])), text, count=1)
    return text


def _render(ws: Path, out: Path) -> tuple[int, str]:
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(ws), "-o", str(out)])
    return r.exit_code, r.output


def _check_run(ws: Path, out: Path, before: dict[str, bytes]) -> tuple[int, str]:
    code, output = _render(ws, out)
    assert code in (0, 1, 2, 3), output
    assert "Traceback" not in output and "internal error" not in output, output
    assert _inputs(ws) == before  # every input unchanged, byte for byte
    leftovers = [p.name for p in out.parent.iterdir() if p.name != out.name]
    assert leftovers == [], leftovers  # no temporary or partial file
    assert out.exists() == (code == 0)
    return code, output


@SETTINGS
@given(data=st.data())
def test_random_catalog_edits(workspace: Path, tmp_path: Path, data: st.DataObject) -> None:
    po = workspace / PO
    original = po.read_text(encoding="utf-8")
    lines = original.split("\n")
    msgstrs = [i for i, ln in enumerate(lines) if ln.startswith('msgstr "') and ln != 'msgstr ""']
    i = data.draw(st.sampled_from(msgstrs))
    body = lines[i][len('msgstr "') : -1]
    lines[i] = 'msgstr "' + data.draw(edit(body)).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    try:
        po.write_text("\n".join(lines), encoding="utf-8")
        out_dir = Path(tempfile.mkdtemp(dir=tmp_path))
        code, _ = _check_run(workspace, out_dir / "x.pdf", _inputs(workspace))
        if code == 0:
            assert MARK not in _pdf_text(out_dir / "x.pdf")  # the gate let no foreign number through
    finally:
        po.write_text(original, encoding="utf-8")


@SETTINGS
@given(data=st.data())
def test_random_article_edits(workspace: Path, tmp_path: Path, data: st.DataObject) -> None:
    md = workspace / "articles" / f"{ARTICLE}.md"
    original = md.read_text(encoding="utf-8")
    head, sep, body = original.partition("\n---\n")
    edited = head + sep + data.draw(edit(body))
    try:
        md.write_text(edited, encoding="utf-8")
        out_dir = Path(tempfile.mkdtemp(dir=tmp_path))
        code, _ = _check_run(workspace, out_dir / "x.pdf", _inputs(workspace))
        if code == 0 and MARK not in ascii_digits(edited):
            assert MARK not in _pdf_text(out_dir / "x.pdf")
    finally:
        md.write_text(original, encoding="utf-8")
