"""The front desk: workspace discovery, handouts.toml, init, options in either position, choices,
completion, verbosity, output paths, plural forms, and which 'check' is which."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from handouts.cli import COMMANDS, LazyGroup, app, state

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"
CLINIC = ["--clinic-name", "Sukhumvit Pain Clinic", "--phone", "+66 2 555 0101", "--address", "1 Sukhumvit Rd, Bangkok"]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args), env=env)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture(autouse=True)
def _no_env_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUTS_WORKSPACE", raising=False)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --------------------------------------------------------------------------- discovery


def test_commands_find_the_workspace_from_a_sub_folder(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = workspace / "articles" / "drafts" / "old"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    code, out, err = run("list")
    assert code == 0, err
    assert ARTICLE in out and "riverside" in out


def test_outside_any_workspace_is_a_usage_error_saying_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (("list",), ("render", ARTICLE), ("i18n", "status"), ("batch", "waiting-room")):
        code, out, err = run(*args)
        assert code == 2, (args, err)
        assert out == ""
        assert "not inside a handouts workspace" in err and "handouts init DIR" in err
        assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("where", ["root", "sub-folder", "outside"])
def test_an_unknown_article_is_named_alike_from_any_folder(workspace: Path, tmp_path: Path, where: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir({"root": workspace, "sub-folder": workspace / "locales", "outside": tmp_path}[where])
    code, out, err = run("render", "back-pain-after-surgry", "-w", str(workspace))
    assert code == 1 and out == ""
    assert err.strip() == "error: articles: unknown article 'back-pain-after-surgry' (did you mean 'back-pain-after-surgery'?)"


@pytest.mark.parametrize("where", ["root", "sub-folder", "outside"])
def test_an_article_error_names_the_file_from_the_workspace(workspace: Path, tmp_path: Path, where: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """As the clinic's and the catalogs' files are named: `articles/x.md:2`, never the absolute path."""
    text = (workspace / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    (workspace / "articles" / "broken.md").write_text(re.sub(r"(?m)^source:.*\n", "", text), encoding="utf-8")
    monkeypatch.chdir({"root": workspace, "sub-folder": workspace / "locales", "outside": tmp_path}[where])
    for args in (("render", "broken"), ("check", "broken")):
        code, out, err = run(*args, "-w", str(workspace))
        assert code == 1 and out == ""
        assert err.strip() == "error: articles/broken.md:2: front matter is missing 'source' (add 'source: …')", err


@pytest.mark.parametrize("where", ["root", "sub-folder", "outside"])
@pytest.mark.parametrize(("picture", "says"), [("nope.png", "image file not found: images/nope.png"),
                                               ("bad.png", "image bad.png is not an image Pillow can read")])  # fmt: skip
def test_a_picture_error_names_the_article_from_the_workspace(workspace: Path, tmp_path: Path, where: str, picture: str,
                                                              says: str, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A picture's error named the article by its absolute path (every other error of it: articles/x.md)."""
    text = (workspace / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    (workspace / "articles" / "images").mkdir(exist_ok=True)
    (workspace / "articles" / "images" / "bad.png").write_bytes(b"not a picture")
    (workspace / "articles" / "pictured.md").write_text(text + f"\n![a picture](images/{picture})\n", encoding="utf-8")
    monkeypatch.chdir({"root": workspace, "sub-folder": workspace / "articles", "outside": tmp_path}[where])
    code, out, err = run("render", "pictured", "--lang", "en", "-w", str(workspace), "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and out == ""
    assert err.startswith("error: articles/pictured.md:") and says in err, err


def test_workspace_option_and_environment_variable(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("list", "-w", str(workspace))[0] == 0
    assert run("-w", str(workspace), "list")[0] == 0
    assert run("list", env={"HANDOUTS_WORKSPACE": str(workspace)})[0] == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("list", "-w", str(empty))
    assert code == 2 and "not inside a handouts workspace" in err


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ('[defaults]\nclinc = "demo"\n', ("handouts.toml:2", "[defaults].clinc", "did you mean clinic?")),
        ('[defaults]\npaper = "A3"\n', ("handouts.toml:2", "[defaults].paper", '"A4" or "Letter"')),
        ('[default]\nclinic = "demo"\n', ("handouts.toml:1", "did you mean [defaults]?")),
        ('[limits]\narticle = "huge"\n', ("handouts.toml:2", "[limits].article", "is not a size")),
        ('[defaults]\nlanguages = "th"\n', ("handouts.toml:2", "[defaults].languages", 'languages = ["th", "en"]')),
        ("[defaults\n", ("handouts.toml:1", "TOML syntax error")),
    ],
)
def test_bad_settings_name_file_line_key_and_fix(workspace: Path, text: str, needles: tuple[str, ...]) -> None:
    (workspace / "handouts.toml").write_text(text, encoding="utf-8")
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", "-")
    assert code == 1
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, (needle, err)


def test_a_broken_settings_file_is_named_in_the_clinics_list(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clinics are fine, the workspace's handouts.toml is not: `list` names that file and its line."""
    (workspace / "handouts.toml").write_text('[limits]\narticle = "1 MB"\nx = [\n', encoding="utf-8")
    monkeypatch.chdir(workspace.parent)
    code, out, err = run("-w", workspace.name, "list")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("  demo ")]
    assert lines and "(invalid: handouts.toml:3: TOML syntax error" in lines[0], out


@pytest.mark.parametrize("kind", ["folder", "dangling link"])
def test_a_settings_file_that_is_no_file_is_named_not_ignored(workspace: Path, kind: str) -> None:
    settings_file = workspace / "handouts.toml"
    settings_file.unlink()
    if kind == "folder":
        settings_file.mkdir()
    else:
        settings_file.symlink_to(workspace / "gone.toml")
    for args in (("render", ARTICLE, "-o", "-"), ("list",)):
        code, out, err = run(*args, "-w", str(workspace))
        assert code == 1, err
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: ") and "handouts.toml: is " in lines[0], err
        assert "remove it" in lines[0] and "Traceback" not in err


@pytest.mark.parametrize(
    ("folder", "args"),
    [("clinics/demo.toml", ("render", ARTICLE, "-c", "demo", "-o", "-")),
     ("clinics/demo.toml", ("render", ARTICLE, "-o", "-")),  # the settings' default clinic
     ("clinics/demo.toml", ("batch", "-a", ARTICLE, "-c", "demo")),
     ("bundles/waiting-room.toml", ("batch", "waiting-room"))],
    ids=["--clinic", "default clinic", "batch --clinic", "bundle"],
)  # fmt: skip
def test_a_folder_where_a_clinic_or_bundle_file_belongs_is_named(workspace: Path, folder: str,
                                                                 args: tuple[str, ...]) -> None:  # fmt: skip
    (workspace / folder).unlink()
    (workspace / folder).mkdir()
    code, _, err = run(*args, "-w", str(workspace))
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert f"{folder}: " in err and "is a folder, not a regular file" in err and "unknown" not in err


def test_a_stray_folder_in_clinics_is_no_second_clinic(workspace: Path, tmp_path: Path) -> None:
    """The workspace's only clinic is still the default beside a folder named old.toml."""
    (workspace / "handouts.toml").write_text("", encoding="utf-8")
    (workspace / "clinics" / "riverside.toml").unlink()
    (workspace / "clinics" / "old.toml").mkdir()
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(tmp_path / "x.pdf"))
    assert code == 0, err


def test_list_names_a_typo_in_the_settings_and_lists_the_rest(workspace: Path) -> None:
    (workspace / "handouts.toml").write_text('[default]\nclinic = "demo"\n', encoding="utf-8")
    code, out, err = run("list", "-w", str(workspace))
    assert code == 1 and ARTICLE in out  # the overview still shows what is there
    line = err.strip()
    assert line.startswith("error: ") and "\n" not in line
    assert line.endswith("handouts.toml:1: default: unknown key 'default' (did you mean [defaults]?)"), line


@pytest.mark.parametrize(
    ("text", "args", "needles"),
    [
        ('[defaults]\nclinic = "sukhumvit"\n', ("render", ARTICLE, "--lang", "th"),
         ("handouts.toml:2", "[defaults].clinic", "unknown clinic 'sukhumvit'", "demo, riverside")),
        ('[defaults]\nclinic = "demo"\nlanguages = ["th", "tha"]\n', ("render", ARTICLE),
         ("handouts.toml:3", "[defaults].languages", "'tha'", "en, km, lo, my, th")),
        ('[defaults]\nclinic = "demo"\nlanguages = ["th", "tha"]\n', ("batch", "-a", ARTICLE),
         ("handouts.toml:3", "[defaults].languages", "'tha'", "en, km, lo, my, th")),
        ('[defaults]\nclinic = "nope"\n', ("batch", "-a", ARTICLE),
         ("handouts.toml:2", "[defaults].clinic", "unknown clinic 'nope'")),
    ],
)
def test_a_default_the_workspace_does_not_have_is_named_in_the_settings(
    workspace: Path, tmp_path: Path, text: str, args: tuple[str, ...], needles: tuple[str, ...]
) -> None:
    """A typo in [defaults] is named at its line of handouts.toml: not blamed on a --clinic or --lang
    never given, not on a clinics/ file, and never skipped silently (a render used the next language)."""
    (workspace / "handouts.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run(*args, "-w", str(workspace), *(["-o", str(out)] if args[0] == "render" else ["--out", str(out)]))
    assert code == 1, err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, (needle, err)
    assert "--lang" not in err and "clinics/" not in err
    assert not any(out.iterdir())


def test_settings_object_for_other_modules(workspace: Path) -> None:
    from handouts.workspace.settings import MB, load_settings

    (workspace / "handouts.toml").write_text(
        '[defaults]\nclinic = "riverside"\nlanguages = ["th", "en"]\npaper = "letter"\nprinter = "desk"\n\n'
        '[limits]\narticle = "2 MB"\ncatalog = 1000\n',
        encoding="utf-8",
    )
    s = load_settings(workspace)
    assert (s.clinic, s.languages, s.paper, s.printer) == ("riverside", ("th", "en"), "Letter", "desk")
    assert (s.limits.article, s.limits.catalog, s.limits.other) == (2 * MB, 1000, MB)
    assert load_settings(workspace / "articles").path is None  # no handouts.toml there: the defaults


def test_default_clinic_and_languages_come_from_the_settings(workspace: Path, tmp_path: Path) -> None:
    (workspace / "handouts.toml").write_text('[defaults]\nclinic = "riverside"\nlanguages = ["th"]\n', encoding="utf-8")
    out = tmp_path / "h.pdf"
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(out))
    assert code == 0, err
    text = _pdf_text(out)
    assert "Riverside" in text or "ริเวอร์ไซด์" in text
    assert "ปวดหลัง" in text  # Thai: the first default language the article has


KHMER_ARTICLE = """---
title: "ការលាងដៃ"
lang: km
author: "ក្រុមគិលានុបដ្ឋាយិកា"
reviewer: "គណៈកម្មការអប់រំអ្នកជំងឺ"
reviewed: 2026-11-01
next_review: 2028-11-01
source: "written for this test"
version: "1.0"
---

សូមលាងដៃរបស់អ្នកជាមួយសាប៊ូ និងទឹកស្អាត។
"""


def test_a_default_language_the_article_is_not_translated_into_is_skipped(workspace: Path, tmp_path: Path) -> None:
    """[defaults] languages = ["th", "en"] and a Khmer article no catalog translates: its own language, not a
    Thai draft with nothing translated (the Thai catalog exists for the other articles)."""
    (workspace / "handouts.toml").write_text('[defaults]\nclinic = "demo"\nlanguages = ["th", "en"]\n', encoding="utf-8")
    (workspace / "articles" / "hands.md").write_text(KHMER_ARTICLE, encoding="utf-8")
    out = tmp_path / "h.pdf"
    code, _, err = run("render", "hands", "-w", str(workspace), "-o", str(out))
    assert code == 0, err
    text = _pdf_text(out)
    assert "សូមលាងដៃ" in text and "ฉบับร่าง" not in text and "DRAFT" not in text
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(out))  # translated: still Thai first
    assert code == 0, err
    assert "ปวดหลัง" in _pdf_text(out)


def test_a_workspace_naming_no_clinic_with_several_is_a_usage_error(workspace: Path) -> None:
    (workspace / "handouts.toml").write_text("[defaults]\n", encoding="utf-8")
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", "-")
    assert code == 2
    assert "no default clinic" in err and "demo, riverside" in err and "--clinic" in err


# --------------------------------------------------------------------------- init


def test_init_for_a_real_clinic_makes_it_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "sukhumvit"
    code, out, err = run("init", str(ws), *CLINIC, "--clinic-name-th", "คลินิกสุขุมวิท", "--lang", "th")
    assert code == 0, err
    assert out.strip() == str(ws)
    assert "Next steps" in err and "handouts render" in err and "handouts batch" in err and "clinics/" in err
    assert sorted(p.name for p in (ws / "clinics").glob("*.toml")) == ["sukhumvit-pain-clinic.toml"]
    assert 'clinic = "sukhumvit-pain-clinic"' in (ws / "handouts.toml").read_text(encoding="utf-8")
    monkeypatch.chdir(ws / "articles")
    code, out, err = run("render", ARTICLE, "-o", str(tmp_path / "h.pdf"))
    assert code == 0, err
    text = _pdf_text(tmp_path / "h.pdf")
    assert "คลินิกสุขุมวิท" in text and "555 0101" in text
    # nothing of the demo clinic's branding (the demo article's own credits may name the committee that reviewed it)
    assert text.splitlines()[0].strip() == "คลินิกสุขุมวิท" and "02 123 4567" not in text and "+66 2 123 4567" not in text


def test_init_without_the_clinic_details_says_which_are_missing(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "ws"), "--clinic-name", "X Clinic")
    assert code == 2
    assert "--phone" in err and "--address" in err and "--demo" in err
    assert not (tmp_path / "ws").exists()


def test_init_with_a_bad_value_names_the_option_and_leaves_nothing(tmp_path: Path) -> None:
    args = [a if a != "+66 2 555 0101" else "12" for a in CLINIC]
    code, _, err = run("init", str(tmp_path / "ws"), *args)
    assert code == 2 and "--phone" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(("option", "value", "says"), [("--clinic-name", "Smile 😀 Clinic", "no shipped font draws U+1F600"),
                                                       ("--clinic-name-th", "คลินิก\u2028ยิ้ม", "control character: U+2028"),
                                                       ("--address", "1 Road\tBangkok", "control character: U+0009"),
                                                       ("--address-th", "1 ถนน \u0928", "no shipped font draws U+0928")])  # fmt: skip
def test_init_with_a_name_or_address_no_font_prints_names_the_option(tmp_path: Path, option: str, value: str,
                                                                      says: str) -> None:  # fmt: skip
    """init --clinic-name "Smile 😀 Clinic" made the workspace, and every render of it then failed
    with "no shipped font draws U+1F600" naming no file."""
    args = [*CLINIC, "--clinic-name-th", "คลินิกยิ้ม", "--address-th", "1 ถนนสุขุมวิท"]  # (else the English ones)
    args[args.index(option) + 1] = value
    code, _, err = run("init", str(tmp_path / "ws"), *args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(f"error: {option}: ") and says in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["notes.txt", "notes.txt/clinic"])
@pytest.mark.parametrize("demo", [True, False])
def test_init_over_a_file_says_it_is_a_file(tmp_path: Path, where: str, demo: bool) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    target = str(tmp_path / where)
    code, _, err = run("init", "--demo", target) if demo else run("init", target, *CLINIC)
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert f"{tmp_path / 'notes.txt'}: is a file" in err and "not empty" not in err and "File exists" not in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_init_warnings_name_the_new_workspaces_files_and_languages_without_translations(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "ws"), *CLINIC, "--lang", "th", "--lang", "de")
    assert code == 0, err
    assert ".init-" not in err, "a temporary folder named in a warning"
    assert "clinics/sukhumvit-pain-clinic.toml:4: warning:" in err and "no Thai letters" in err
    assert "--lang de" in err and "handouts i18n init de" in err and "--lang th:" not in err


@pytest.mark.parametrize(("given", "says"), [("ka", "Georgian (ka) is written in the Georgian script"),
                                             ("am", "Amharic (am) is written in the Ethiopic script"),
                                             ("xx", "unknown language 'xx'")])  # fmt: skip
def test_init_refuses_a_default_language_no_handout_can_print_in(tmp_path: Path, given: str, says: str) -> None:
    """'handouts init DIR --lang ka' wrote ka into handouts.toml and suggested 'i18n init ka', which is
    refused (no shipped font draws Georgian): a usage error naming it, and nothing is created."""
    code, _, err = run("init", str(tmp_path / "ws"), *CLINIC, "--lang", "th", "--lang", given)
    assert code == 2, err
    assert err.startswith("error: --lang: ") and says in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "ws").exists()


def test_init_reads_default_languages_as_render_does(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "ws"), *CLINIC, "--lang", "TH", "--lang", "en-GB", "--lang", "tha")
    assert code == 0, err
    assert 'languages = ["th", "en"]' in (tmp_path / "ws" / "handouts.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["front desk", "คลินิก สาขา 2", "Dr. Somchai's clinic"])
def test_init_next_steps_can_be_pasted_into_a_shell(tmp_path: Path, name: str) -> None:
    """The 'cd DIR && handouts render …' that init prints runs as printed, whatever the folder's name."""
    import shlex

    target = tmp_path / name
    code, _, err = run("init", "--demo", str(target))
    assert code == 0, err
    (line,) = [x for x in err.splitlines() if "Render a handout:" in x]
    words = shlex.split(line.split("Render a handout:", 1)[1])
    assert words[:3] == ["cd", str(target), "&&"], words
    assert words[3:] == ["handouts", "render", "back-pain-after-surgery", "--lang", "th"]


def test_demo_workspace_defaults_to_the_demo_clinic(tmp_path: Path) -> None:
    code, _, err = run("init", "--demo", str(tmp_path / "demo"))
    assert code == 0, err
    assert 'clinic = "demo"' in (tmp_path / "demo" / "handouts.toml").read_text(encoding="utf-8")
    code, _, err = run("render", ARTICLE, "-w", str(tmp_path / "demo"), "-o", str(tmp_path / "d.pdf"))
    assert code == 0, err
    assert "Demo" in _pdf_text(tmp_path / "d.pdf")


# --------------------------------------------------------------------------- options in either position


def test_global_options_after_the_command(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "h.pdf"
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(out), "-q")
    assert code == 0 and err == ""
    code, _, err = run("-q", "render", ARTICLE, "-w", str(workspace), "-o", str(out))
    assert code == 0 and err == ""
    code, _, err = run("render", ARTICLE, "-o", str(out), "-w", str(workspace), "-v")
    assert code == 0
    for needle in ("articles/back-pain-after-surgery.md", "clinics/demo.toml", "language: en", "pages: ", " ms"):
        assert needle in err, (needle, err)
    code, _, err = run("i18n", "status", "-w", str(workspace), "-q")
    assert code == 0


@pytest.fixture
def cache_flag() -> object:
    """--no-cache sets HANDOUTS_NO_CACHE for the process (and its batch workers): unset after the test."""
    before = os.environ.pop("HANDOUTS_NO_CACHE", None)
    yield
    os.environ.pop("HANDOUTS_NO_CACHE", None)
    if before is not None:
        os.environ["HANDOUTS_NO_CACHE"] = before


@pytest.mark.parametrize(
    "args",
    [("render", ARTICLE, "-o", "-"), ("list",), ("i18n", "status", "th"), ("i18n", "check", "th"),
     ("batch", "waiting-room", "--dry-run", "--print"), ("cache", "info"), ("check", ARTICLE), ("debug", "model", ARTICLE)],
    ids=" ".join,
)  # fmt: skip
@pytest.mark.parametrize("where", ["before", "after"])
def test_every_global_option_goes_before_or_after_the_command(workspace: Path, args: tuple[str, ...], where: str,
                                                               cache_flag: object) -> None:  # fmt: skip
    options = ("--no-cache", "-q", "-w", str(workspace))
    code, _, err = run(*options, *args) if where == "before" else run(*args, *options)
    assert code in (0, 3), err  # (check: 3 when the text has findings under --strict; none here)
    assert "No such option" not in err
    assert os.environ.get("HANDOUTS_NO_CACHE") == "1", "--no-cache turns the cache off for this run"


def test_cache_info_says_off_with_no_cache_after_it(cache_flag: object) -> None:
    code, out, _ = run("cache", "info", "--json", "--no-cache")
    assert code == 0 and '"enabled": false' in out


def test_serve_and_history_take_the_workspace_after_the_command_from_anywhere(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'serve token NAME -w DIR' outside a workspace failed on the serve group's own workspace (the
    current folder's), before its -w was read; a wrong -w was Click's three-line usage."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = run("serve", "token", "his", "-w", str(workspace))
    assert code == 0 and out.strip() and "stored the hash in" in err, err
    code, _, err = run("history", "-w", str(workspace))
    assert code == 0 and "nothing has been printed yet" in err
    (elsewhere / "notes.txt").write_text("x", encoding="utf-8")
    for args in (("history",), ("serve", "token", "his"), ("serve", "passwd", "nurse")):
        code, _, err = run(*args, "-w", "notes.txt")
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert err.startswith("error: notes.txt: -w/--workspace: is a file, not a workspace folder"), err


def test_verbose_names_the_catalog_read(workspace: Path) -> None:
    code, _, err = run("-v", "render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", "-")
    assert code == 0
    assert "locales/th/LC_MESSAGES/handouts.po" in err and "translated: 100%" in err


@pytest.mark.parametrize("command", [("render",), ("i18n", "proof")])
@pytest.mark.parametrize("word", ["th", "my", "th+en"])
def test_a_language_after_the_article_says_it_is_an_option(workspace: Path, command: tuple[str, ...], word: str) -> None:
    """`handouts render ID th` (a newcomer's guess): one line naming the fix, exit 2, nothing written."""
    before = sorted(p.name for p in workspace.rglob("*.pdf"))
    code, out, err = run(*command, ARTICLE, word, "-w", str(workspace))
    assert code == 2 and out == "", err
    assert err.strip() == (f"error: {' '.join(command)}: {word!r}: the language is an option, not a second argument "
                           f"(handouts {' '.join(command)} ARTICLE --lang {word})")  # fmt: skip
    assert sorted(p.name for p in workspace.rglob("*.pdf")) == before


def test_another_stray_argument_is_one_usage_line_and_hidden_from_help(workspace: Path) -> None:
    code, out, err = run("render", ARTICLE, "handout.pdf", "-w", str(workspace))
    assert code == 2 and out == ""
    assert err.strip() == ("error: render: unexpected argument 'handout.pdf': render takes one article (options start "
                           "with -; handouts render --help lists them)")  # fmt: skip
    for command in (("render",), ("i18n", "proof")):
        code, out, _ = run(*command, "--help")
        usage = next(line for line in out.splitlines() if line.startswith("Usage:"))
        assert code == 0 and usage.rstrip().endswith("[OPTIONS] {ARTICLE}"), usage


# --------------------------------------------------------------------------- choices


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--profile", "huge"), ("--profile", "standard, large")),
        (("--layout", "a3"), ("--layout", "single, a5-booklet, 2up")),
        (("--lang", "de"), ("--lang", "en, km, lo, my, th")),
        (("--lang", "th+de"), ("--lang", "en, km, lo, my, th")),
        (("--clinic", "riversde"), ("--clinic", "did you mean riverside?", "demo, riverside")),
    ],
)
def test_a_value_outside_the_choices_is_a_usage_error(workspace: Path, args: tuple[str, ...], needles: tuple[str, ...]) -> None:
    code, out, err = run("render", ARTICLE, "-w", str(workspace), "-o", "-", *args)
    assert code == 2 and out == ""
    for needle in needles:
        assert needle in err, (needle, err)


def test_help_shows_the_choices(workspace: Path) -> None:
    code, out, _ = run("-w", str(workspace), "render", "--help")
    assert code == 0
    for needle in ("[standard|large]", "[single|a5-booklet|2up]", "[demo|riverside]", "[en|km|lo|my|th]"):
        assert needle in out, needle
    assert "<str>" not in out


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command's words (``("i18n", "signoff")``), the lazily loaded ones too."""
    if isinstance(group, LazyGroup):
        group._load(*sorted({module for module, _ in COMMANDS.values()}))
    out = [path]
    for name, command in getattr(group, "commands", {}).items():
        out += _commands(command, (*path, name))
    return out


def test_no_help_shows_a_bare_type_placeholder(workspace: Path) -> None:
    """Every option's value is named for what it is (DIR, N, NAME, YYYY-MM-DD), never Typer's `<str>` or `<int range>`."""
    commands = _commands(typer.main.get_command(app))
    assert ("batch",) in commands and ("i18n", "signoff") in commands and ("serve",) in commands
    for command in commands:
        code, out, _ = run("-w", str(workspace), *command, "--help")
        assert code == 0, command
        assert not re.search(r"<(str|int|float|path|int range|float range|text|integer)>", out), (command, out)


def test_completion_lists_articles_clinics_and_languages(workspace: Path) -> None:
    def complete(words: str) -> list[str]:
        env = {"_HANDOUTS_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1),
               "HANDOUTS_WORKSPACE": str(workspace)}  # fmt: skip
        r = runner.invoke(app, [], env=env, prog_name="handouts")
        return r.stdout.split()

    assert complete("handouts render back") == [ARTICLE]
    assert complete("handouts render x --clinic ") == ["demo", "riverside"]
    assert complete("handouts render x --lang ") == ["en", "km", "lo", "my", "th"]


def test_install_completion(tmp_path: Path) -> None:
    # the shell named, not detected: detection looks at the parent processes (none is a shell
    # when pytest runs from a service or in the background: "Shell None is not supported")
    env = os.environ | {"HOME": str(tmp_path), "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
                        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}  # fmt: skip
    r = subprocess.run([sys.executable, "-m", "handouts", "--install-completion", "bash"], capture_output=True, text=True,
                       env=env, check=False, timeout=60)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "completion installed" in r.stdout
    assert (tmp_path / ".bashrc").read_text().count("source") == 1


def test_cli_choices_match_the_domain() -> None:
    from handouts.cli.render import LAYOUTS, PDF_STANDARDS, PROFILES
    from handouts.impose import LAYOUTS as DOMAIN_LAYOUTS
    from handouts.layout.styles import PROFILES as DOMAIN_PROFILES
    from handouts.pdf.standards import DEFAULT

    assert PROFILES == DOMAIN_PROFILES and LAYOUTS == DOMAIN_LAYOUTS and PDF_STANDARDS == DEFAULT


# --------------------------------------------------------------------------- output paths


def test_output_must_be_a_pdf(workspace: Path, tmp_path: Path) -> None:
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(tmp_path / "h.png"))
    assert code == 2 and "--output" in err and ".pdf" in err
    assert list(tmp_path.iterdir()) == [workspace]


def test_output_folder_gets_the_default_name(workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, out, err = run("render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(folder))
    assert code == 0, err
    assert out.strip() == str(folder / f"{ARTICLE}.th.pdf") and (folder / f"{ARTICLE}.th.pdf").is_file()
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(tmp_path / "missing") + "/")
    assert code == 1 and "output folder does not exist" in err


@pytest.mark.parametrize("inside", ["articles", "articles/images", "locales/th/LC_MESSAGES", "clinics"])
def test_a_render_inside_an_input_folder_goes_to_the_workspaces_out(workspace: Path, inside: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    here = workspace / inside
    here.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(here)
    before = sorted(p.name for p in here.iterdir())
    code, out, err = run("render", ARTICLE, "--lang", "th")
    pdf = workspace / "out" / f"{ARTICLE}.th.pdf"
    assert code == 0, err
    assert out.strip() == str(pdf) and pdf.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in here.iterdir()) == before, "nothing is written among the inputs"
    first = inside.split("/")[0]
    assert f"note: {first}/ holds the workspace's inputs, so the handout went to out/{ARTICLE}.th.pdf;" in err
    code, _, err = run("render", ARTICLE, "--lang", "th")
    assert code == 0 and "(replacing the one there)" in err  # never replaced silently


def test_an_output_inside_an_input_folder_is_refused(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace / "articles")
    before = sorted(p.name for p in (workspace / "articles").iterdir())
    for args in (("render", ARTICLE, "-o", "x.pdf"), ("render", ARTICLE, "-o", "."),
                 ("i18n", "proof", ARTICLE, "-o", "x.pdf")):  # fmt: skip
        code, out, err = run(*args)
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, err
        assert "lies inside the workspace's input folder articles/" in err and "Traceback" not in err
    assert sorted(p.name for p in (workspace / "articles").iterdir()) == before


def test_a_proof_inside_an_input_folder_goes_to_the_workspaces_out(workspace: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(workspace / "locales" / "th")
    code, out, err = run("i18n", "proof", ARTICLE, "--lang", "th")
    assert code == 0, err
    assert out.strip() == str(workspace / "out" / f"{ARTICLE}.th.proof.pdf") and "note: locales/ holds" in err
    assert not list((workspace / "locales" / "th").glob("*.pdf"))


# --------------------------------------------------------------------------- list, words, check


def test_list_counts_warnings_instead_of_printing_them(workspace: Path) -> None:
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    i = text.index('msgctxt "back-pain-after-surgery"')
    j = text.index('msgstr "', i)
    k = text.index('"\n', j + 8)
    po.write_text(text[: j + 8] + text[k:], encoding="utf-8")  # one untranslated entry
    for lang in ("my", "km", "lo"):  # the shipped drafts have warnings of their own
        shutil.rmtree(workspace / "locales" / lang)
    code, out, err = run("list", "-w", str(workspace))
    assert code == 0
    assert err == ""
    assert "1 warning" in out and "1 warnings" not in out


def test_list_suggests_a_render_command_that_runs_as_printed(workspace: Path) -> None:
    """An article file named with a space: the 'see: handouts render ID' of 'list' quotes the id."""
    src = workspace / "articles" / f"{ARTICLE}.md"
    (workspace / "articles" / "wound care.md").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    code, stdout, err = run("list", "-w", str(workspace))
    assert code == 0, err
    (line,) = [x for x in stdout.splitlines() if x.strip().startswith("wound care ")]
    import shlex

    words = shlex.split(line.split("; see: ", 1)[1].rstrip(")"))
    assert words[:3] == ["handouts", "render", "wound care"], words


def test_list_names_the_languages_its_warnings_come_from(workspace: Path) -> None:
    """'70 warnings' alone sent a newcomer to render every language: the line names each language
    that has warnings with its count, and the suggested command takes the first of them."""
    import json
    import shlex

    code, stdout, err = run("list", "--json", "-w", str(workspace))
    assert code == 0, err
    article = next(a for a in json.loads(stdout)["articles"] if a["id"] == ARTICLE)
    warned = {k: v for k, v in article["warnings"].items() if v}
    assert warned, "the demo workspace has languages with warnings (untranslated ones)"
    code, stdout, err = run("list", "-w", str(workspace))
    (line,) = [x for x in stdout.splitlines() if x.strip().startswith(f"{ARTICLE} ")]
    counts, command = line.split(" warnings (", 1)[1].split("; see: ", 1)
    assert counts == ", ".join(f"{k} {v}" for k, v in warned.items())
    assert shlex.split(command.rstrip(")"))[-2:] == ["--lang", next(iter(warned))]


def test_plural_forms() -> None:
    from handouts.pipeline import Rendered
    from handouts.terminal import count

    assert [count(n, "page") for n in (0, 1, 2)] == ["0 pages", "1 page", "2 pages"]
    one = Rendered(b"", None, 1, 1)  # type: ignore[arg-type]
    assert one.summary() == "1 page"
    assert Rendered(b"", None, 3, 4).summary("a5-booklet") == "3 pages, 4 sheet sides (a5-booklet)"  # type: ignore[arg-type]


def test_check_and_i18n_check_say_which_is_which(workspace: Path) -> None:
    code, out, _ = run("check", "--help")
    assert code == 0 and "Plain-language (readability)" in out and "i18n check" in out
    code, out, _ = run("i18n", "check", "--help")
    assert code == 0 and "Translation check" in out and "plain language" in out
    a = run("check", ARTICLE, "-w", str(workspace))
    b = run("readability", ARTICLE, "-w", str(workspace))
    assert a == b and a[0] == 0


def teardown_module() -> None:
    state.workspace = None


# --------------------------------------------------------------------------- init --paper, --printer, -q


def test_init_paper_is_the_paper_the_clinics_handouts_print_on(tmp_path: Path) -> None:
    """'init --paper letter' wrote paper = "letter" into handouts.toml only: the clinic file said A4
    (every handout came out A4) and the waiting-room bundle sent lp media=A4."""
    from pypdf import PdfReader

    from handouts.batch.bundles import load_bundle
    from handouts.workspace.settings import load_settings

    ws = tmp_path / "ws"
    code, _, err = run("init", str(ws), *CLINIC, "--paper", "letter")
    assert code == 0, err
    assert load_settings(ws).paper == "Letter"
    assert 'paper = "Letter"' in (ws / "clinics" / "sukhumvit-pain-clinic.toml").read_text(encoding="utf-8")
    assert load_bundle(ws / "bundles" / "waiting-room.toml").paper == "Letter"
    code, _, err = run("render", ARTICLE, "-w", str(ws), "--lang", "en", "-o", str(tmp_path / "h.pdf"))
    assert code == 0, err
    box = PdfReader(tmp_path / "h.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize(("paper", "says"), [("A44", "did you mean A4? papers: A4, Letter"),
                                             ("leter", "did you mean Letter?"), ("A5", "papers: A4, Letter")])  # fmt: skip
@pytest.mark.parametrize("command", ["init", "batch"])
def test_a_paper_that_is_no_choice_is_a_usage_error_with_the_closest(workspace: Path, tmp_path: Path, paper: str,
                                                                     says: str, command: str) -> None:  # fmt: skip
    """'init --paper A5' wrote a handouts.toml no command could read (exit 0); 'batch --paper A44'
    said no 'did you mean'."""
    if command == "init":
        code, out, err = run("init", str(tmp_path / "new"), *CLINIC, "--paper", paper)
    else:
        code, out, err = run("batch", "-w", str(workspace), "-a", ARTICLE, "--paper", paper, "-o", str(tmp_path / "b"))
    assert code == 2 and out == "", err
    assert err.startswith(f"error: --paper: unknown paper {paper!r}") and says in err, err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "new").exists() and not (tmp_path / "b").exists()


@pytest.mark.parametrize("printer", ['front"desk', "desk\\2", "ward 3 ∕ เคาน์เตอร์"])
def test_init_writes_any_printer_name_as_toml_reads_it(tmp_path: Path, printer: str) -> None:
    """A printer name with a quote or a backslash made init fail with an unnamed TOML syntax error."""
    from handouts.workspace.settings import load_settings

    code, _, err = run("init", str(tmp_path / "ws"), *CLINIC, "--printer", printer)
    assert code == 0, err
    assert load_settings(tmp_path / "ws").printer == printer


def test_init_quiet_says_only_errors(tmp_path: Path) -> None:
    code, out, err = run("init", str(tmp_path / "ws"), *CLINIC, "--lang", "th", "--lang", "de", "-q")
    assert code == 0 and out.strip() == str(tmp_path / "ws")
    assert err == ""


# --------------------------------------------------------------------------- -o edge cases


@pytest.mark.parametrize("args", [("render", ARTICLE, "-o", ""), ("render", ARTICLE, "-o", " "),
                                  ("batch", "-a", ARTICLE, "-l", "en", "--out", ""),
                                  ("batch", "-a", ARTICLE, "-l", "en", "--combine", ""),
                                  ("i18n", "proof", ARTICLE, "--lang", "th", "-o", "")])  # fmt: skip
def test_an_empty_output_is_a_usage_error_not_the_current_folder(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 args: tuple[str, ...]) -> None:  # fmt: skip
    """'-o "$OUT"' with OUT unset wrote the handout (a batch its PDFs and manifest) into the current folder."""
    monkeypatch.chdir(workspace)
    before = sorted(p.name for p in workspace.iterdir())
    code, out, err = run(*args)
    assert code == 2 and out == "", err
    assert ": is empty" in err and len(err.strip().splitlines()) == 1, err
    assert sorted(p.name for p in workspace.iterdir()) == before


@pytest.mark.parametrize("name", [".pdf", "sub/.PDF"])
def test_an_output_with_no_name_before_pdf_says_so(workspace: Path, tmp_path: Path, name: str) -> None:
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(tmp_path / name))
    assert code == 2
    assert "has no name before .pdf" in err and "a name without .pdf" not in err, err


def test_a_missing_output_folder_says_the_command_that_makes_it(workspace: Path, tmp_path: Path) -> None:
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(tmp_path / "new folder") + "/")
    assert code == 1
    assert err.strip().endswith(f"(create it first: mkdir -p '{tmp_path / 'new folder'}')"), err


def test_stdout_that_is_a_terminal_gets_no_pdf(workspace: Path, tmp_path: Path) -> None:
    """'-o -' typed at the front desk without '| lp' filled the terminal with the PDF's bytes."""
    import pty

    repo = Path(__file__).resolve().parents[2]
    leader, follower = pty.openpty()
    shown = b""
    try:
        with subprocess.Popen([sys.executable, "-m", "handouts", "render", ARTICLE, "-w", str(workspace), "-o", "-"],
                              stdout=follower, stderr=subprocess.PIPE, cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": str(repo)}) as done:  # fmt: skip
            os.close(follower)
            while True:  # (read as it comes: a full terminal would hold the writer)
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal closed
                    break
                if not chunk:
                    break
                shown += chunk
            stderr = done.stderr.read().decode() if done.stderr else ""
    finally:
        os.close(leader)
    assert done.returncode == 2, stderr
    assert b"%PDF" not in shown
    assert "standard output, which is this terminal" in stderr and "| lp" in stderr


# --------------------------------------------------------------------------- [defaults] languages as --lang reads them


@pytest.mark.parametrize("written", ["th-TH", "TH", "th_TH", " Th-th "])
def test_default_languages_are_read_as_lang_reads_them(workspace: Path, tmp_path: Path, written: str) -> None:
    """--lang, init --lang and a bundle's languages take th-TH and TH for th; handouts.toml refused
    them ('unknown language', or 'not a language code'), naming no fix."""
    from handouts.workspace.settings import load_settings

    (workspace / "handouts.toml").write_text(f'[defaults]\nclinic = "demo"\nlanguages = ["{written}", "en-GB"]\n',
                                             encoding="utf-8")  # fmt: skip
    assert load_settings(workspace).languages == ("th", "en")
    out = tmp_path / "h.pdf"
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", str(out))
    assert code == 0, err
    assert "ปวดหลัง" in _pdf_text(out)


def test_a_default_language_written_twice_in_two_spellings_is_named(workspace: Path) -> None:
    (workspace / "handouts.toml").write_text('[defaults]\nlanguages = ["th", "th-TH"]\n', encoding="utf-8")
    code, _, err = run("list", "-w", str(workspace))
    assert code == 1
    assert "handouts.toml:2: [defaults].languages: 'th-TH' is listed twice (as th)" in err, err


@pytest.mark.parametrize(("clinic", "says"), [("../../etc/passwd", "names no clinic file"),
                                              ("/nowhere/clinic.toml", "names no clinic file"),
                                              ("clinics/sukhumvit.toml", "names no clinic file"),
                                              ("clinics/logos", "is a folder, not a clinic TOML file")])  # fmt: skip
def test_a_default_clinic_path_that_names_no_file_is_named_in_the_settings(workspace: Path, tmp_path: Path,
                                                                           clinic: str, says: str) -> None:  # fmt: skip
    """``[defaults] clinic = "../x.toml"`` that names no file stopped the render with
    "../x.toml: clinic file not found", naming neither handouts.toml nor its line."""
    (workspace / "handouts.toml").write_text(f'# settings\n[defaults]\nclinic = "{clinic}"\n', encoding="utf-8")
    out = tmp_path / "kept.pdf"
    out.write_bytes(b"%PDF an earlier one")
    code, stdout, err = run("render", ARTICLE, "--lang", "en", "-w", str(workspace), "-o", str(out))
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 1 and len(lines) == 1 and "Traceback" not in err, err
    assert f"handouts.toml:3: [defaults].clinic: {clinic!r} {says}" in lines[0] and "demo, riverside" in lines[0], err
    assert out.read_bytes() == b"%PDF an earlier one" and stdout == ""


def test_a_default_clinic_path_is_read_from_the_workspace_in_any_folder(workspace: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (workspace / "handouts.toml").write_text('[defaults]\nclinic = "clinics/riverside.toml"\n', encoding="utf-8")
    monkeypatch.chdir(workspace / "articles")
    out = tmp_path / "h.pdf"
    code, _, err = run("render", ARTICLE, "--lang", "en", "-o", str(out), "--pdf-standard", "none")
    assert code == 0 and out.stat().st_size > 0, err


@pytest.mark.parametrize(("text", "says"), [('clinic = "Demo"', "did you mean demo? known clinics: demo, riverside"),
                                            ('clinic = "riversde"', "did you mean riverside?"),
                                            ('clinic = "demo"\nlanguages = ["thh"]', "did you mean th? languages")])  # fmt: skip
def test_a_default_typo_in_the_settings_says_the_closest(workspace: Path, text: str, says: str) -> None:
    """As a --clinic or --lang typo does: the settings named the choices, never the closest."""
    (workspace / "handouts.toml").write_text(f"[defaults]\n{text}\n", encoding="utf-8")
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "-o", "-")
    assert code == 1 and err.startswith("error: ") and "handouts.toml:" in err and says in err, err


@pytest.mark.parametrize("cid", ["../../evil", "sub/clinic", "My Clinic", ".hidden", "a\\b", "clinic.toml"])
def test_init_refuses_a_clinic_id_that_is_no_plain_file_name(tmp_path: Path, cid: str) -> None:
    """--clinic-id ../../evil wrote evil.toml two folders above the new workspace (exit 0), which
    then had no clinic; 'My Clinic' and 'x.toml' made ids that --clinic cannot take as typed."""
    target = tmp_path / "a" / "ws"
    target.parent.mkdir()
    code, out, err = run("init", str(target), *CLINIC, "--clinic-id", cid)
    assert code == 2 and out == "", err
    assert err.startswith("error: --clinic-id: ") and len(err.strip().splitlines()) == 1, err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a"]


@pytest.mark.parametrize("cid", ["sukhumvit-2", "คลินิกใจดี", "clinic_b"])
def test_init_takes_a_clinic_id_of_one_word(tmp_path: Path, cid: str) -> None:
    code, _, err = run("init", str(tmp_path / "ws"), *CLINIC, "--clinic-id", cid)
    assert code == 0, err
    assert (tmp_path / "ws" / "clinics" / f"{cid}.toml").is_file()


def test_a_folder_in_the_way_of_the_default_name_blames_no_option(workspace: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """With no -o given, the error said '-o:' all the same."""
    (tmp_path / "here" / f"{ARTICLE}.en.pdf").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "here")
    code, _, err = run("render", ARTICLE, "-w", str(workspace), "--lang", "en")
    assert code == 1
    assert err.strip() == (f"error: {ARTICLE}.en.pdf: is a folder; handouts writes only regular files "
                           "(give a file name ending in .pdf)")  # fmt: skip


@pytest.mark.parametrize(("ref", "meant"), [("articles/short", "articles/short.md"),
                                            ("ward-3/fluids", "articles/ward-3/fluids.md"),
                                            ("ward-3/fluids.md", "articles/ward-3/fluids.md")])  # fmt: skip
def test_a_path_that_names_no_article_says_the_file_it_meant(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                                             ref: str, meant: str) -> None:  # fmt: skip
    """'render articles/short' (no .md) or a path inside articles/ typed from the workspace said only
    'check the path'."""
    source = (workspace / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    (workspace / "articles" / "ward-3").mkdir()
    for name in ("short.md", "ward-3/fluids.md"):
        (workspace / "articles" / name).write_text(source, encoding="utf-8")
    monkeypatch.chdir(workspace)
    code, out, err = run("render", ref, "-o", "-")
    assert code == 1 and out == ""
    assert err.strip() == f"error: {ref}: article file not found (did you mean {meant}?)"
    code, _, err = run("render", "articles/nothing.md", "-o", "-")
    assert code == 1 and err.strip().endswith("article file not found (check the path)")


@pytest.mark.parametrize(("args", "how"), [
    (("render", ARTICLE, "-o", "-"), "a bilingual handout is --lang th+en"),
    (("check", ARTICLE), "a bilingual handout is --lang th+en"),
    (("batch", "-a", ARTICLE), "give each language its own --lang: --lang th --lang en"),
])  # fmt: skip
@pytest.mark.parametrize("value", ["th,en", "th, en", "th en", "th;en"])
def test_several_languages_in_one_lang_say_how_to_give_them(workspace: Path, tmp_path: Path, args: tuple[str, ...],
                                                           how: str, value: str) -> None:  # fmt: skip
    """--lang th,en said only 'unknown language' and listed the languages."""
    code, out, err = run(*args, "-w", str(workspace), "--lang", value)
    assert code == 2 and out == "", err
    assert err.strip() == f"error: --lang: {value!r} is several languages in one value ({how})"


def test_init_says_how_to_give_several_default_languages(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "new"), *CLINIC, "--lang", "th,en")
    assert code == 2 and "give each language its own --lang: --lang th --lang en" in err, err
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("option", [("--lang", "th"), ("--paper", "Letter"), ("--printer", "front-desk")])
def test_init_demo_refuses_the_defaults_it_would_drop(tmp_path: Path, option: tuple[str, str]) -> None:
    """init --demo --paper Letter (--lang, --printer) made the demo as shipped, A4, without a word."""
    code, out, err = run("init", "--demo", str(tmp_path / "demo"), *option)
    assert code == 2 and out == "", err
    assert err.startswith("error: --demo makes the demo workspace as shipped; ") and option[0] in err, err
    assert not (tmp_path / "demo").exists()


def test_list_says_how_to_see_a_clinics_warnings(tmp_path: Path) -> None:
    """'sukhumvit-pain-clinic  Sukhumvit Pain Clinic  2 warnings', and nothing said where to read them."""
    import shlex

    ws = tmp_path / "ws"
    assert run("init", str(ws), *CLINIC)[0] == 0
    code, stdout, err = run("list", "-w", str(ws))
    assert code == 0, err
    (line,) = [x for x in stdout.splitlines() if x.strip().startswith("sukhumvit-pain-clinic ")]
    assert "2 warnings (see: " in line, line
    words = shlex.split(line.split("(see: ", 1)[1].rstrip(")"))
    assert words[:2] == ["handouts", "render"] and words[-2:] == ["--clinic", "sukhumvit-pain-clinic"]
    code, _, err = run(*words[1:], "-w", str(ws), "-o", str(tmp_path / "h.pdf"))
    assert code == 0 and err.count("clinics/sukhumvit-pain-clinic.toml:") == 2, err


@pytest.mark.parametrize("where", ["root", "sub-folder", "outside"])
def test_a_default_clinic_path_is_read_from_the_workspace_whatever_the_current_folder(
    workspace: Path, tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``[defaults] clinic = "clinics/demo.toml"`` is the workspace's file from any folder; a file of
    that path under the current folder is not read (it read ``../../etc/passwd`` from wherever the
    render was typed, when the workspace had no such file)."""
    (workspace / "handouts.toml").write_text('[defaults]\nclinic = "clinics/demo.toml"\n', encoding="utf-8")
    outside = tmp_path / "elsewhere"
    (outside / "clinics").mkdir(parents=True)
    for name in ("demo.toml", "north.toml"):
        (outside / "clinics" / name).write_text("not = [a clinic", encoding="utf-8")
    monkeypatch.chdir({"root": workspace, "sub-folder": workspace / "articles", "outside": outside}[where])
    code, _, err = run("render", ARTICLE, "--lang", "en", "-w", str(workspace), "-o", str(tmp_path / "x.pdf"))
    assert code == 0 and (tmp_path / "x.pdf").is_file(), err
    (workspace / "handouts.toml").write_text('[defaults]\nclinic = "clinics/north.toml"\n', encoding="utf-8")
    code, _, err = run("render", ARTICLE, "--lang", "en", "-w", str(workspace), "-o", str(tmp_path / "y.pdf"))
    assert code == 1 and "handouts.toml:2: [defaults].clinic: 'clinics/north.toml' names no clinic file" in err, err


@pytest.mark.parametrize("command", [("render", ARTICLE), ("check", ARTICLE)])
@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_lang_is_a_usage_error_not_the_default_language(workspace: Path, tmp_path: Path,
                                                                   command: tuple[str, ...], value: str) -> None:  # fmt: skip
    """``--lang "$LANG"`` with the variable unset printed the default language without a word: a
    patient handed a handout in the wrong language."""
    output = ("-o", str(tmp_path / "x.pdf")) if command[0] == "render" else ()
    code, out, err = run(*command, "--lang", value, "-w", str(workspace), *output)
    assert code == 2 and not (tmp_path / "x.pdf").exists() and out == "", err
    assert err.strip().startswith("error: --lang: is empty (give a language: en,"), err



@pytest.mark.parametrize(
    ("old", "new", "key"),
    [('name_en = "Riverside Spine & Pain Centre"', 'name_en = "Riverside Spine & Pain Centre 😀"', "[clinic].name_en"),
     ('address_en = "88/8 Charoenrat Road', 'address_en = "88/8 नम Charoenrat Road', "[contact].address_en")],
    ids=["emoji in the name", "Devanagari in the address"],
)  # fmt: skip
def test_list_shows_a_clinic_no_font_can_print_as_invalid_and_lists_the_rest(workspace: Path, tmp_path: Path,
                                                                              old: str, new: str, key: str) -> None:  # fmt: skip
    """A clinic whose name or address has a character no shipped font draws is refused by every
    render and by 'init'; 'list' showed it as a good clinic. Now it is invalid there, named at its
    line as the render names it, and the other clinic and the articles are listed."""
    clinic = workspace / "clinics" / "riverside.toml"
    text = clinic.read_text(encoding="utf-8")
    assert text.count(old) == 1
    clinic.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    code, out, err = run("list", "-w", str(workspace))
    assert code == 1 and ARTICLE in out and "  demo  Demo Pain Clinic" in out, (out, err)
    (listed,) = [x for x in out.splitlines() if x.startswith("  riverside ")]
    assert "(invalid: no shipped font draws U+" in listed, listed
    (error,) = err.strip().splitlines()
    assert error.startswith("error: ") and f"clinics/riverside.toml:{line}: {key}: no shipped font draws U+" in error
    _, _, rendered = run("render", ARTICLE, "-c", "riverside", "-w", str(workspace), "-o", str(tmp_path / "x.pdf"))
    assert rendered.strip().split(" (")[0] == error.split(" (")[0]  # what the render says of it


@pytest.mark.parametrize(
    "args",
    [["render", ARTICLE, "-o", "{tmp}/x.pdf"], ["list"], ["check", ARTICLE], ["i18n", "status"], ["i18n", "check"],
     ["batch", "-a", ARTICLE, "-o", "{tmp}/out"], ["debug", "model", ARTICLE], ["cache", "info"]],
    ids=lambda a: " ".join(a[:2]),
)  # fmt: skip
@pytest.mark.parametrize("spelling", [["-w", ""], ["--workspace="], ["-w", "  "], ["BEFORE"]])
def test_an_empty_workspace_option_is_a_usage_error_naming_it(workspace: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, args: list[str],
                                                              spelling: list[str]) -> None:  # fmt: skip
    """``-w "$WS"`` with WS unset: Typer read "" as Path("."), so the command quietly used the
    workspace of the current folder. Now it is exit 2 naming the option, after the command or
    before it, for every command."""
    monkeypatch.chdir(workspace)  # (the old reading: this workspace, silently)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    argv = ["-w", "", *args] if spelling == ["BEFORE"] else [*args, *spelling]
    r = runner.invoke(app, argv)
    code, out, err = r.exit_code, r.stdout, r.stderr
    assert code == 2 and out == "", (code, err, argv, r.exception)
    (line,) = err.strip().splitlines()
    assert line.startswith("error: -w/--workspace: is empty (give the workspace folder"), line
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "key"),
    [(["render", ARTICLE, "-o", "notes.txt/x.pdf"], "-o"), (["render", ARTICLE, "-o", "notes.txt/sub/x.pdf"], "-o"),
     (["batch", "-a", ARTICLE, "-o", "notes.txt/sub"], "--out")],
    ids=["-o", "-o deeper", "batch --out"],
)  # fmt: skip
def test_an_output_path_through_a_file_names_that_file(tmp_path: Path, workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                                       args: list[str], key: str) -> None:  # fmt: skip
    """``-o notes.txt/x.pdf`` where notes.txt is a file said "cannot be written: Not a directory",
    with no fix (the batch: "cannot create the output folder: Not a directory"). Now the file in the
    way is named, with what to give instead; exit 1, the file untouched."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("keep", encoding="utf-8")
    code, _, err = run(*args, "-w", str(workspace))
    assert code == 1, err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: {args[-1]}: {key}: ") and ": notes.txt is a file, not a folder (" in line, line
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("where", ["a full folder", "a file", "no parent folder"])
def test_init_refuses_its_folder_before_asking_for_the_clinic(tmp_path: Path, where: str) -> None:
    """'handouts init DIR' into a folder it cannot use asked for (or demanded) the clinic's details
    first, and refused the folder only once they were all typed. Now the folder is checked first."""
    target = {"a full folder": tmp_path / "full", "a file": tmp_path / "notes.txt",
              "no parent folder": tmp_path / "no" / "such" / "ws"}[where]  # fmt: skip
    if where == "a full folder":
        target.mkdir()
        (target / "keep.txt").write_text("keep", encoding="utf-8")
    elif where == "a file":
        target.write_text("keep", encoding="utf-8")
    code, out, err = run("init", str(target))
    assert code == 1 and out == "", err
    (line,) = err.strip().splitlines()
    assert line.startswith("error: ") and "--clinic-name" not in line and "(" in line, line
    assert {"a full folder": "already exists and is not empty", "a file": "is a file, not a folder",
            "no parent folder": "the parent folder does not exist"}[where] in line  # fmt: skip


def test_cache_clear_says_when_entries_could_not_be_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder that cannot be written (read-only, HANDOUTS_CACHE_DIR on a read-only disk):
    'cache clear' said "deleted 0 entries", exit 0, and every entry was still there. Now it names
    the folder, how many are left and why: exit 1."""
    entry = tmp_path / "cache" / "v21" / "ab" / ("ab" + "0" * 38 + ".bin")
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"x")
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    real = os.unlink

    def read_only(path: Any, *args: Any, **kwargs: Any) -> None:
        if str(path).endswith(".bin"):
            raise PermissionError(30, "Read-only file system", str(path))
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", read_only)
    code, out, err = run("cache", "clear")
    assert code == 1 and out == "" and entry.exists(), (code, out, err)
    (line,) = err.strip().splitlines()
    assert line == (f"error: {tmp_path / 'cache'}: 1 entry of the cache could not be deleted (Read-only file system; "
                    "0 deleted) (check the folder's permissions, or set HANDOUTS_CACHE_DIR to a folder you can write)")  # fmt: skip
    monkeypatch.setattr(os, "unlink", real)
    code, out, err = run("cache", "clear")
    assert code == 0 and out.startswith("deleted 1 entry from ") and not entry.exists(), err
