"""CLI transcripts: every bad input gets one clear line on stderr and exit 1; data on stdout."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_help_and_version() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "render" in out and "list" in out
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("handouts ")
    code, out, _ = run("render", "--help")
    assert code == 0 and "--clinic" in out and "--strict" in out


def test_render_to_file_and_stdout(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "h.pdf"
    code, stdout, _ = run("render", "back-pain-after-surgery", "--lang", "th", "-w", str(workspace), "-o", str(out))
    assert code == 0, stdout
    assert out.read_bytes().startswith(b"%PDF-") and stdout.strip() == str(out)
    r = runner.invoke(app, ["render", "back-pain-after-surgery", "-w", str(workspace), "-o", "-"])
    assert r.exit_code == 0 and r.stdout_bytes.startswith(b"%PDF-")
    assert "warnings" in r.stderr


def test_default_output_name(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("render", "back-pain-after-surgery", "-w", str(workspace), "--clinic", "riverside")
    assert code == 0, err
    assert (tmp_path / "back-pain-after-surgery.en.pdf").is_file()


@pytest.mark.parametrize("written", ["TH", "th-TH", "th_TH", "tha", "TH+en-GB"])
def test_a_language_is_read_as_people_and_systems_write_it(written: str, workspace: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """--lang TH, th-TH or tha was "unknown language" while the web API took them: the same handout,
    under its catalog's code (back-pain-after-surgery.th.pdf), from the CLI's fast path and from Typer."""
    from handouts import frontdesk

    want = "th+en" if "+" in written else "th"
    monkeypatch.chdir(tmp_path)
    code, _, err = run("render", "back-pain-after-surgery", "--lang", want, "-w", str(workspace), "-o", "want.pdf")
    assert code == 0, err
    code, _, err = run("render", "back-pain-after-surgery", "--lang", written, "-w", str(workspace))
    assert code == 0, err
    made = tmp_path / f"back-pain-after-surgery.{want}.pdf"
    assert made.read_bytes() == (tmp_path / "want.pdf").read_bytes()
    assert frontdesk.check_lang(written, workspace) == want


def test_a_bilingual_handout_is_not_named_as_its_first_language(workspace: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """--lang th+en without -o wrote back-pain-after-surgery.th.pdf, replacing the Thai handout."""
    monkeypatch.chdir(tmp_path)
    for lang in ("th", "th+en"):
        code, out, err = run("render", "back-pain-after-surgery", "--lang", lang, "-w", str(workspace))
        assert code == 0 and out.strip().endswith(f"back-pain-after-surgery.{lang}.pdf"), (out, err)
    assert (tmp_path / "back-pain-after-surgery.th.pdf").read_bytes() != (tmp_path / "back-pain-after-surgery.th+en.pdf").read_bytes()


def _one_line_error(err: str, *needles: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for n in needles:
        assert n in lines[0], (n, lines[0])


@pytest.mark.parametrize(
    ("args", "code_wanted", "needles"),
    [
        (("render", "back-pain-after-surgry"), 1, ("unknown article", "did you mean 'back-pain-after-surgery'")),
        (("render", "back-pain-after-surgery", "--clinic", "demoo"), 2, ("unknown clinic", "demo, riverside")),
        (("render", "back-pain-after-surgery", "--lang", "fr"), 2, ("unknown language 'fr'", "en, km, lo, my, th")),
        (("render", "missing/file.md"), 1, ("missing/file.md", "not found")),
        (("render", "back-pain-after-surgery", "--lang", "th+th"), 2, ("--lang: 'th+th' is not one language",)),
        (("render", "back-pain-after-surgery", "--lang", "th+en+my"), 2, ("two different ones joined with '+'",)),
        (("render", "back-pain-after-surgery", "--pdf-standard", "foo"), 2, ("unknown PDF standard 'foo'", "ua-1")),
    ],
)
def test_unknown_things_list_what_exists(
    workspace: Path, args: tuple[str, ...], code_wanted: int, needles: tuple[str, ...]
) -> None:
    """A value outside the choices (--clinic, --lang) is a usage error (2); a missing file is bad input (1)."""
    code, _, err = run(*args, "-w", str(workspace))
    assert code == code_wanted
    _one_line_error(err, *needles)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "needles"),
    [
        ('primary = "#1F4E79"', 'primary = "#1F4E7"', ("demo.toml", "[colors].primary", "#RRGGBB")),
        ('primary = "#1F4E79"', 'primary = "#FFD700"', ("demo.toml", "contrast", "4.5:1")),
        ('primary = "#1F4E79"', 'primry = "#1F4E79"', ("demo.toml", "primry", "did you mean")),
        ("[colors]", "[colors", ("demo.toml:", "TOML")),
        ('logo = "logos/demo.png"', 'logo = "logos/nope.png"', ("demo.toml", "logo")),
        ('logo = "logos/demo.png"', 'logo = "\\u0000"', ("demo.toml", "logo", "is not a file name")),  # (fuzzing: exit 70)
        ('logo = "logos/demo.png"', 'logo = "../../../etc/passwd"', ("demo.toml", "logo")),
    ],
)
def test_bad_clinic_toml(workspace: Path, old: str, new: str, needles: tuple[str, ...]) -> None:
    _edit(workspace / "clinics/demo.toml", old, new)
    code, _, err = run("render", "back-pain-after-surgery", "-w", str(workspace))
    assert code == 1
    _one_line_error(err, *needles)


@pytest.mark.parametrize(
    ("old", "new", "needles"),
    [
        ("reviewed: 2026-11-01", "reviewed: 2026-13-01", ("back-pain-after-surgery.md:7", "reviewed", "YYYY-MM-DD")),
        ("version: \"1.0\"\n", "", ("back-pain-after-surgery.md", "missing 'version'")),
        ("author:", "autor:", ("back-pain-after-surgery.md:5", "did you mean 'author'")),
        ("---\ntitle", "title", ("back-pain-after-surgery.md:1", "front matter")),
        ("subtitle: \"Understanding Chronic Pain After Spinal Surgery\"", "subtitle: [1, 2]", ("back-pain-after-surgery.md:3", "subtitle is not a plain value")),
        ("subtitle: \"Understanding Chronic Pain After Spinal Surgery\"", "subtitle: {en: A, th: B}", ("back-pain-after-surgery.md:3", "subtitle is not a plain")),
        ("lang: en", "lang: EN", ("back-pain-after-surgery.md:4", "'EN' is not a language code", "lower case")),
        ("lang: en", "lang: enn", ("back-pain-after-surgery.md:4", "'enn' is not a language Babel knows", "did you mean 'en'")),
        ("lang: en", "lang: qqx", ("back-pain-after-surgery.md:4", "'qqx' is not a language", "ISO 639")),
        ("title: \"Why Does My Back Pain Persist After Surgery?\"", "title: null", ("back-pain-after-surgery.md", "missing 'title'")),
        ("title: \"Why Does My Back Pain Persist After Surgery?\"", "title: ~", ("back-pain-after-surgery.md", "missing 'title'")),
    ],
)
def test_bad_front_matter(workspace: Path, old: str, new: str, needles: tuple[str, ...]) -> None:
    _edit(workspace / "articles/back-pain-after-surgery.md", old, new)
    code, _, err = run("render", "back-pain-after-surgery", "-w", str(workspace))
    assert code == 1
    _one_line_error(err, *needles)


def test_unwritable_output_folder_leaves_nothing(workspace: Path, tmp_path: Path) -> None:
    code, _, err = run("render", "back-pain-after-surgery", "-w", str(workspace), "-o", str(tmp_path / "nope/x.pdf"))
    assert code == 1
    _one_line_error(err, "output folder does not exist")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_readonly_folder(workspace: Path, tmp_path: Path) -> None:  # pragma: no cover - CI runs as root
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    code, _, err = run("render", "back-pain-after-surgery", "-w", str(workspace), "-o", str(ro / "x.pdf"))
    assert code == 1 and "cannot write" in err


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_a_read_only_output_is_not_replaced(workspace: Path, tmp_path: Path, mode: int) -> None:
    """A handout the user made read-only (chmod a-w) is kept as it is, as a shell's '>' would keep it
    (a rename would replace it whatever its mode, and as root os.access alone says it is writable)."""
    out = tmp_path / "h.pdf"
    out.write_bytes(b"old")
    out.chmod(mode)
    code, stdout, err = run("render", "back-pain-after-surgery", "-w", str(workspace), "-o", str(out))
    assert code == 1, err
    _one_line_error(err, str(out), "is read-only", "chmod u+w")
    assert out.read_bytes() == b"old" and stat.S_IMODE(out.stat().st_mode) == mode and not stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.pdf", "ws"]
    out.chmod(0o644)  # writable again: replaced, keeping its mode
    code, _, err = run("render", "back-pain-after-surgery", "-w", str(workspace), "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF") and stat.S_IMODE(out.stat().st_mode) == 0o644


def test_failed_render_keeps_existing_output(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "h.pdf"
    out.write_bytes(b"old")
    _edit(workspace / "clinics/demo.toml", 'primary = "#1F4E79"', 'primary = "red"')
    code, _, _ = run("render", "back-pain-after-surgery", "-w", str(workspace), "-o", str(out))
    assert code == 1
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ws", "h.pdf"] or sorted(p.name for p in tmp_path.iterdir()) == ["h.pdf", "ws"]


def test_strict_missing_translation_exits_3(workspace: Path, tmp_path: Path) -> None:
    _edit(workspace / "locales/th/LC_MESSAGES/handouts.po", 'msgstr "เรียบเรียงโดย %(author)s"', 'msgstr ""')
    out = tmp_path / "h.pdf"
    code, _, err = run("render", "back-pain-after-surgery", "--lang", "th", "-w", str(workspace), "-o", str(out))
    assert code == 0 and "Written by" in err and "i18n.untranslated" in err
    out.unlink()
    code, _, err = run("render", "back-pain-after-surgery", "--lang", "th", "--strict", "-w", str(workspace), "-o", str(out))
    assert code == 3 and "--strict" in err
    assert not out.exists()


def test_list(workspace: Path) -> None:
    code, out, _ = run("list", "-w", str(workspace))
    assert code == 0
    assert "back-pain-after-surgery" in out and "th 100%" in out and "riverside" in out


def test_init_creates_workspace_that_renders(tmp_path: Path) -> None:
    code, out, _ = run("init", "--demo", str(tmp_path / "clinic"))
    assert code == 0
    for part in ("articles", "clinics", "templates", "locales"):
        assert (tmp_path / "clinic" / part).is_dir()
    assert (tmp_path / "clinic" / "handouts.toml").is_file()
    code, _, err = run("init", "--demo", str(tmp_path / "clinic"))
    assert code == 1 and "not empty" in err


def test_debug_model(workspace: Path) -> None:
    code, out, _ = run("debug", "model", "back-pain-after-surgery", "--lang", "th", "-w", str(workspace))
    assert code == 0 and out.startswith("Handout back-pain-after-surgery lang=th")


def test_broken_catalog_is_an_error_not_an_empty_translation(workspace: Path) -> None:
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    i = text.index('msgstr "เรียบเรียงโดย %(author)s"')
    po.write_text(text[:i] + 'msgstr "เรียบเรียงโดย %(author)s' + text[i + len('msgstr "เรียบเรียงโดย %(author)s"') :], encoding="utf-8")
    line = text[:i].count("\n") + 1
    code, _, err = run("render", "back-pain-after-surgery", "--lang", "th", "-w", str(workspace))
    assert code == 1
    _one_line_error(err, f"handouts.po:{line}", "unterminated string")


def test_missing_workspace_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("list", "-w", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in err


@pytest.mark.parametrize(
    ("edit", "extra", "code_wanted", "needles"),
    [
        (("Back surgery is often", "Back \x07surgery is often"), (), 1, ("back-pain-after-surgery.md:16", "U+0007")),
        (('title: "Why Does', 'title: "\U0001F600 Why Does'), (), 1, ("articles/back-pain-after-surgery.md:2:", "in title",
                                                                   "U+1F600")),
        (None, ("--notes", "ok \U0001F600"), 2, ("--notes:", "U+1F600")),
        (None, ("--patient", "A \U0001F600"), 2, ("--patient:", "U+1F600")),
    ],
)
def test_a_character_no_font_draws_is_named_with_where_it_is(workspace: Path, tmp_path: Path,
                                                              edit: tuple[str, str] | None, extra: tuple[str, ...],
                                                              code_wanted: int, needles: tuple[str, ...]) -> None:  # fmt: skip
    if edit:
        _edit(workspace / "articles/back-pain-after-surgery.md", *edit)
    code, _, err = run("render", "back-pain-after-surgery", "--lang", "en", *extra, "-w", str(workspace),
                       "-o", str(tmp_path / "x.pdf"))  # fmt: skip
    assert code == code_wanted, err
    _one_line_error(err, *needles)
    assert not (tmp_path / "x.pdf").exists()


def test_check_and_debug_model_take_a_bilingual_lang_as_their_help_says(workspace: Path) -> None:
    code, out, err = run("check", "back-pain-after-surgery", "--lang", "th+en", "-w", str(workspace))
    assert code == 0, err
    assert "[th]:" in out and "[en]:" in out  # one summary per language
    code, out, err = run("debug", "model", "back-pain-after-surgery", "--lang", "th+en", "-w", str(workspace))
    assert code == 0, err
    assert "lang=th " in out and "lang=en " in out


def test_an_article_in_a_language_without_a_catalog_prints_with_the_english_frame(workspace: Path) -> None:
    """A German article printed in German, with no German catalog: its frame strings print in English,
    warned once with the fix (``i18n init de``); the render's gate refused it as an "empty catalog"
    (a file that is not there has no header to refuse)."""
    (workspace / "articles" / "rueckenschmerzen.md").write_text(
        '---\ntitle: "Rückenschmerzen nach der Operation"\nlang: de\nauthor: "Stationsteam"\nreviewer: "Ausschuss"\n'
        'reviewed: 2026-11-01\nnext_review: 2028-11-01\nsource: "Für die Tests"\nversion: "1.0"\n---\n\n'
        "Gehen Sie dreimal täglich **10 Minuten** spazieren.\n", encoding="utf-8")  # fmt: skip
    out = workspace / "de.pdf"
    code, _, err = run("render", "rueckenschmerzen", "-w", str(workspace), "-o", str(out))
    assert code == 0, err
    assert out.is_file() and "handouts i18n init de" in err and "po.plural-forms" not in err
