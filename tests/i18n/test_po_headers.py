"""PO headers of the shipped catalogs are filled in: a translator, a team, a revision date."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO

SHIPPED = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po"))


def _header(po: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    return {k: v for k, v in catalog.mime_headers}


def test_there_are_shipped_catalogs() -> None:
    assert SHIPPED, "no locales/*/LC_MESSAGES/*.po found"


@pytest.mark.parametrize("po", SHIPPED, ids=lambda p: p.parts[-3])
def test_shipped_catalog_has_no_template_placeholders(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    for placeholder in ("FULL NAME", "EMAIL@ADDRESS", "YEAR-MO-DA", "LANGUAGE <LL@li.org>"):
        assert placeholder not in text, f"{po.relative_to(REPO)} still has the template placeholder {placeholder!r}"
    header = _header(po)
    assert "<" in header["Last-Translator"] and "@" in header["Last-Translator"]
    assert header["Language-Team"].strip()


def test_init_sets_translator_and_team_and_update_keeps_them(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from handouts.cli import app

    def run(*args: str) -> object:
        return CliRunner().invoke(app, [*args, "-w", str(workspace)])

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 2026-11-25
    r = run("i18n", "init", "vi", "--translator", "Noy Phommachanh <noy@clinic.example>")
    assert r.exit_code == 0, r.stderr  # type: ignore[attr-defined]
    po = workspace / "locales/vi/LC_MESSAGES/handouts.po"
    header = _header(po)
    assert header["Last-Translator"] == "Noy Phommachanh <noy@clinic.example>"
    assert header["Language-Team"] == "Vietnamese <noy@clinic.example>"
    assert header["PO-Revision-Date"].startswith("2026-11-25")
    assert "FULL NAME" not in po.read_text(encoding="utf-8") and "EMAIL@ADDRESS" not in po.read_text(encoding="utf-8")
    # update without a change: nothing rewritten; with a changed source: a new revision date, same people
    th = workspace / "locales/th/LC_MESSAGES/handouts.po"
    before = _header(th)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01
    run("i18n", "update")
    assert _header(th) == before
    md = workspace / "articles/back-pain-after-surgery.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## 5. Psychological", "## 5. Mental"), encoding="utf-8")
    r = run("i18n", "update")
    assert r.exit_code == 0, r.stderr  # type: ignore[attr-defined]
    after = _header(th)
    assert after["PO-Revision-Date"].startswith("2027-01-01")
    assert (after["Last-Translator"], after["Language-Team"]) == (before["Last-Translator"], before["Language-Team"])
    assert _header(po)["Last-Translator"] == "Noy Phommachanh <noy@clinic.example>"


@pytest.mark.parametrize("bad", ["Noy", "noy@clinic.example", "Noy <noy>", "<noy@clinic.example>"])
def test_a_bad_translator_is_one_clear_error(workspace: Path, bad: str) -> None:
    from typer.testing import CliRunner

    from handouts.cli import app

    r = CliRunner().invoke(app, ["i18n", "init", "vi", "--translator", bad, "-w", str(workspace)])
    assert r.exit_code == 1 and "--translator" in r.stderr and "Name <email>" in r.stderr
    assert not (workspace / "locales/vi").exists()


@pytest.mark.parametrize("lang", ["th", "km"])
def test_update_of_an_emptied_catalog_writes_one_check_accepts(workspace: Path, lang: str) -> None:
    """An emptied .po (no header at all) gets its Language, Plural-Forms and charset back: before,
    update wrote Babel's bare template header, which check, compile and proof then refused."""
    from typer.testing import CliRunner

    from handouts.cli import app
    from handouts.i18n.languages import plural_forms

    po = workspace / f"locales/{lang}/LC_MESSAGES/handouts.po"
    po.write_text("", encoding="utf-8")
    r = CliRunner().invoke(app, ["i18n", "update", lang, "-w", str(workspace)])
    assert r.exit_code == 0, r.output
    header = _header(po)
    assert header["Language"] == lang and header["Plural-Forms"] == plural_forms(lang)[1]  # type: ignore[index]
    assert "charset=utf-8" in header["Content-Type"].lower()
    r = CliRunner().invoke(app, ["i18n", "check", lang, "-w", str(workspace)])
    assert r.exit_code == 0 and "0 errors" in r.stdout, r.output


def test_update_leaves_an_unchanged_crlf_catalog_alone_and_keeps_its_line_ends(workspace: Path) -> None:
    from typer.testing import CliRunner

    from handouts.cli import app

    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    crlf = po.read_bytes().replace(b"\n", b"\r\n")
    po.write_bytes(crlf)
    r = CliRunner().invoke(app, ["i18n", "update", "th", "-w", str(workspace)])
    assert r.exit_code == 0 and po.read_bytes() == crlf, r.output  # nothing changed: not rewritten
    md = workspace / "articles/back-pain-after-surgery.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## 5. Psychological", "## 5. Mental"), encoding="utf-8")
    r = CliRunner().invoke(app, ["i18n", "update", "th", "-w", str(workspace)])
    data = po.read_bytes()
    assert r.exit_code == 0 and data != crlf and b"5. Mental" in data, r.output
    assert data.count(b"\r\n") == data.count(b"\n"), "written with the file's own line ends"


@pytest.mark.parametrize("encoding", ["tis-620", "cp874", "utf-16"])
def test_a_catalog_in_another_encoding_names_it_and_how_to_convert(workspace: Path, encoding: str) -> None:
    """A Thai catalog saved by an old editor (TIS-620, Windows-874) or as UTF-16: refused (po.encoding),
    with the encoding it is in and the iconv command, by check, status and update alike."""
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text(encoding="utf-8")
    declared = text.replace("charset=utf-8", f"charset={encoding.upper()}") if encoding != "utf-16" else text
    po.write_bytes(declared.encode(encoding, errors="replace"))
    named = "UTF-16" if encoding == "utf-16" else encoding.upper()
    from typer.testing import CliRunner

    from handouts.cli import app

    runner = CliRunner()
    for verb in ("check", "status", "update"):
        r = runner.invoke(app, ["i18n", verb, "th", "-w", str(workspace)])
        said = r.stdout + r.stderr
        assert r.exit_code == 1, said
        assert f"is in {named}, not UTF-8" in said and f"iconv -f {named} -t UTF-8" in said, said
        assert "Traceback" not in said
    assert po.read_bytes() == declared.encode(encoding, errors="replace")  # nothing rewritten


@pytest.mark.parametrize(("encoding", "declared"), [("cp874", "windows-874"), ("tis-620", "TIS-620"), ("utf-16", None)])
def test_render_and_signoff_name_a_catalogs_encoding_as_check_does(workspace: Path, tmp_path: Path, encoding: str,
                                                                   declared: str | None) -> None:  # fmt: skip
    """windows-874 (Thai Windows' name for it, as an editor writes it in the header) is named, with
    the iconv command, as TIS-620 is (it was 'is not UTF-8 (save the catalog as UTF-8)': Python knows
    it as cp874 only); and the render and the sign-off say what check says (they said 'not valid
    UTF-8 (byte 723) (save the file as UTF-8)')."""
    from typer.testing import CliRunner

    from handouts.cli import app

    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace("charset=utf-8", f"charset={declared}") if declared else text
    po.write_bytes(text.encode(encoding, errors="replace"))
    named = declared or "UTF-16"
    runner = CliRunner()
    for args in (["i18n", "check", "th"], ["render", "back-pain-after-surgery", "--lang", "th", "-o",
                 str(tmp_path / "x.pdf")], ["i18n", "signoff", "th", "--reviewer", "Dr. Napat Example"]):  # fmt: skip
        r = runner.invoke(app, [*args, "-w", str(workspace)])
        said = r.stdout + r.stderr
        assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), said
        assert f"is in {named}, not UTF-8" in said and f"iconv -f {named} -t UTF-8" in said, said


@pytest.mark.parametrize("where", ["every line", "one line"])
def test_a_catalog_with_old_mac_line_ends_is_refused_and_never_overwritten(workspace: Path, tmp_path: Path,
                                                                           where: str) -> None:  # fmt: skip
    """Line ends of a lone CR: read by LF the file was one comment line, an empty catalog, which check
    told to fill with 'i18n update th', and update replaced every translation with an empty entry."""
    from typer.testing import CliRunner

    from handouts.cli import app

    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    lines = po.read_bytes().split(b"\n")
    if where == "every line":
        data, line = b"\r".join(lines), 1
    else:
        i = next(n for n, x in enumerate(lines) if x.startswith(b"msgstr ") and n > 20)
        data, line = b"\n".join([*lines[: i - 1], lines[i - 1] + b"\r" + lines[i], *lines[i + 1 :]]), i  # msgid CR msgstr
    po.write_bytes(data)
    runner = CliRunner()
    for args in (["i18n", "check", "th"], ["i18n", "update", "th"], ["i18n", "status", "th"],
                 ["render", "back-pain-after-surgery", "--lang", "th", "-o", str(tmp_path / "x.pdf")]):  # fmt: skip
        r = runner.invoke(app, [*args, "-w", str(workspace)])
        said = r.stdout + r.stderr
        assert r.exit_code == 1 and f"handouts.po:{line}: " in said and "carriage return (CR) alone" in said, said
        assert "i18n update th' to fill it" not in said
    assert po.read_bytes() == data and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_catalog_in_utf16_without_a_bom_is_named_as_such(workspace: Path, tmp_path: Path, encoding: str) -> None:
    """UTF-16 saved without a BOM, of ASCII and Thai only, is valid UTF-8 (full of NUL bytes): check listed
    hundreds of "unexpected text '\\x00#\\x00…'" lines and the render a lone CR (the NUL-padded ญ)."""
    from typer.testing import CliRunner

    from handouts.cli import app

    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = "".join(c for c in po.read_text(encoding="utf-8") if ord(c) < 128 or 0x0E00 <= ord(c) < 0x0E80)
    data = text.encode(encoding)
    data.decode("utf-8")  # (what made it hard to tell)
    po.write_bytes(data)
    named = encoding.upper().replace("-LE", "LE").replace("-BE", "BE")
    runner = CliRunner()
    for args in (["i18n", "check", "th"], ["i18n", "update", "th"],
                 ["render", "back-pain-after-surgery", "--lang", "th", "-o", str(tmp_path / "x.pdf")]):  # fmt: skip
        r = runner.invoke(app, [*args, "-w", str(workspace)])
        said = r.stdout + r.stderr
        said = said.replace("error: ", "").replace("cannot be parsed: ", "")
        assert r.exit_code == 1 and f"handouts.po:1: is in {named}, not UTF-8" in said, said
        assert f"iconv -f {named} -t UTF-8" in said and said.count("error") <= 2, said
    assert po.read_bytes() == data


def test_the_render_names_a_catalogs_first_syntax_error(workspace: Path, tmp_path: Path) -> None:
    """A lone CR further down was named before an unterminated string above it."""
    from typer.testing import CliRunner

    from handouts.cli import app

    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    first = next(n for n, x in enumerate(lines) if x.startswith("msgstr ") and n > 20)
    later = next(n for n, x in enumerate(lines) if x.startswith("msgstr ") and n > first + 20)
    lines[first] = lines[first].rstrip('"')
    lines[later - 1 : later + 1] = [lines[later - 1] + "\r" + lines[later]]
    po.write_text("\n".join(lines), encoding="utf-8")
    r = CliRunner().invoke(app, ["render", "back-pain-after-surgery", "--lang", "th", "-w", str(workspace),
                                 "-o", str(tmp_path / "x.pdf")])  # fmt: skip
    assert r.exit_code == 1 and f"handouts.po:{first + 1}: unterminated string" in r.stderr, r.stderr


@pytest.mark.parametrize("ends", [b"\n", b"\r\n"])
def test_update_keeps_a_catalogs_bom(workspace: Path, ends: bytes) -> None:
    """A catalog saved with a BOM (Windows editors) was written back without it when an article
    changed: old Notepad then reads the Thai as the ANSI code page and saves it as Windows-874."""
    from typer.testing import CliRunner

    from handouts.cli import app

    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes().replace(b"\n", ends))
    md = workspace / "articles/back-pain-after-surgery.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## 5. Psychological", "## 5. Mental"), encoding="utf-8")
    r = CliRunner().invoke(app, ["i18n", "update", "th", "-w", str(workspace)])
    data = po.read_bytes()
    assert r.exit_code == 0 and b"5. Mental" in data, r.output
    assert data.startswith(b"\xef\xbb\xbf#") and data.count(ends) == data.count(b"\n"), data[:20]
    r = CliRunner().invoke(app, ["i18n", "check", "th", "-w", str(workspace)])
    assert "po." not in r.stdout, r.stdout
