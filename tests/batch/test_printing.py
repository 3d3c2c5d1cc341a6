"""--print through CUPS: the lp commands (dry run), clear errors (no lp, unknown printer, lp refusing),
and a real cups-pdf printer when one is set up (.ci/start-cups.sh)."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import shlex
import shutil
import subprocess
import time
import warnings
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts import printing
from tests.batch.conftest import ARTICLE, item, manifest, run, write_bundle


def test_dry_run_shows_the_lp_commands(workspace: Path, out: Path) -> None:
    head = '[bundle]\nduplex = true\npaper = "A4"\n\n'
    write_bundle(workspace, "b", head + item(languages='["th"]', copies=20) + item(languages='["en"]', copies=5))
    code, stdout, err = run(
        "batch",
        "b",
        "-w",
        str(workspace),
        "--out",
        str(out),
        "-j",
        "2",
        "--print",
        "--printer",
        "front-desk",
        "--dry-run",
    )
    assert code == 0, err
    lines = stdout.splitlines()
    assert lines[0] == str(out / "manifest.json")
    cmds = [shlex.split(line) for line in lines[1:]]
    assert cmds == [
        [
            "lp",
            "-d",
            "front-desk",
            "-n",
            "20",
            "-o",
            "media=A4",
            "-o",
            "sides=two-sided-long-edge",
            "-o",
            "collate=true",
            "-t",
            f"{ARTICLE} demo th",
            str(out / f"{ARTICLE}.demo.th.pdf"),
        ],
        [
            "lp",
            "-d",
            "front-desk",
            "-n",
            "5",
            "-o",
            "media=A4",
            "-o",
            "sides=two-sided-long-edge",
            "-o",
            "collate=true",
            "-t",
            f"{ARTICLE} demo en",
            str(out / f"{ARTICLE}.demo.en.pdf"),
        ],
    ]
    assert manifest(out)["printed"]["jobs"][0]["job_id"] is None


def test_an_adhoc_batch_asks_the_printer_for_the_clinics_paper(workspace: Path, out: Path) -> None:
    """A Letter clinic's handouts are Letter pages: an ad-hoc batch sent them with media=A4 unless
    handouts.toml said otherwise. It asks for the clinic's paper; --paper still decides."""
    toml = workspace / "clinics" / "riverside.toml"
    toml.write_text(re.sub(r'(?m)^paper = .*$', 'paper = "Letter"', toml.read_text(encoding="utf-8")), encoding="utf-8")
    args = ("batch", "--article", ARTICLE, "--clinic", "riverside", "--lang", "en", "-w", str(workspace), "--out",
            str(out), "--print", "--printer", "front-desk", "--dry-run")  # fmt: skip
    code, stdout, err = run(*args)
    assert code == 0, err
    assert "media=Letter" in stdout and "media=A4" not in stdout, stdout
    code, stdout, err = run(*args, "--paper", "A4", "--force")
    assert code == 0 and "media=A4" in stdout, err


def test_simplex_letter_commands() -> None:
    cmd = printing.lp_command("p", printing.PrintRequest(Path("a.pdf"), 2, "a"), media="Letter", duplex=False)
    assert "media=Letter" in cmd and "sides=one-sided" in cmd and cmd[cmd.index("-n") + 1] == "2"


def _fake_cups(bin_dir: Path, *, lp: str, lpstat_p: int = 0) -> None:
    """Stand-ins for lp and lpstat that behave like CUPS' tools."""
    bin_dir.mkdir()
    (bin_dir / "lpstat").write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        '  -r) echo "scheduler is running";;\n'
        '  -d) echo "system default destination: desk";;\n'
        f"  -p) exit {lpstat_p};;\n"
        "  -e) echo desk; echo pdf;;\n"
        "esac\n"
    )
    (bin_dir / "lp").write_text("#!/bin/sh\n" + lp)
    for tool in ("lp", "lpstat"):
        (bin_dir / tool).chmod(0o755)


def test_submits_and_reports_job_ids(
    workspace: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "lp.log"
    _fake_cups(tmp_path / "bin", lp=f'echo "$@" >> {log}\necho "request id is desk-$$ (1 file(s))"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    write_bundle(workspace, "b", item(copies=7))
    code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "2", "--print")
    assert code == 0, err
    assert re.search(rf"printed {ARTICLE}\.demo\.en\.pdf ×7 on desk: desk-\d+", stdout), stdout
    assert "-d desk -n 7" in log.read_text()
    printed = manifest(out)["printed"]
    assert printed["printer"] == "desk" and printed["error"] is None
    assert re.fullmatch(r"desk-\d+", printed["jobs"][0]["job_id"])
    # the print history (the audit log the web front desk shows) has the job, without personal data
    history = [json.loads(line) for line in (workspace / "history" / "prints.jsonl").read_text().splitlines()]
    assert [(h["article"], h["lang"], h["copies"], h["printer"], h["job"], h["via"]) for h in history] == [
        (ARTICLE, "en", 7, "desk", printed["jobs"][0]["job_id"], "cli")
    ]
    assert history[0]["state"] == manifest(out)["jobs"][0]["approval"] and history[0]["state"] in ("final", "draft")


def test_lp_refusing_is_exit_1_and_the_files_stay(
    workspace: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_cups(tmp_path / "bin", lp='echo "lp: Error - The printer is not accepting jobs." >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    write_bundle(workspace, "b", item())
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "2", "--print", "-P", "desk")
    assert code == 1
    assert f"error: lp refused {ARTICLE}.demo.en.pdf: lp: Error - The printer is not accepting jobs." in err
    assert f"the handouts are in {out})" in err.splitlines()[-1] and "1 handout: 1 ok" in err
    assert (out / f"{ARTICLE}.demo.en.pdf").is_file()
    m = manifest(out)
    assert m["jobs"][0]["status"] == "ok" and "not accepting" in m["printed"]["error"]


def test_unknown_printer_is_refused_before_rendering(
    workspace: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_cups(tmp_path / "bin", lp="exit 0\n", lpstat_p=1)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    write_bundle(workspace, "b", item())
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--print", "--printer", "dsk")
    assert code == 2  # a usage error: not one of the printers
    assert err.strip() == "error: --printer: unknown printer 'dsk' (did you mean desk? printers: desk, pdf)"
    assert not list(out.glob("*.pdf"))


@pytest.mark.parametrize("where", ["bundle", "settings"])
def test_an_unknown_printer_in_a_file_is_named_at_its_line(
    workspace: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A printer named in the bundle or in handouts.toml that CUPS does not know is that file's
    mistake (exit 1, its line and key), not a '--printer' the user never gave (exit 2)."""
    _fake_cups(tmp_path / "bin", lp="exit 0\n", lpstat_p=1)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    head = '[bundle]\nprinter = "dsk"\n\n' if where == "bundle" else ""
    write_bundle(workspace, "b", head + item())
    if where == "settings":
        (workspace / "handouts.toml").write_text('[defaults]\nclinic = "demo"\nprinter = "dsk"\n', encoding="utf-8")
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--print")
    file, line, key = ("bundles/b.toml", 2, "[bundle].printer") if where == "bundle" else \
        ("handouts.toml", 3, "[defaults].printer")  # fmt: skip
    assert code == 1, err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    assert f"{file}:{line}: {key}: unknown printer 'dsk' (did you mean desk? printers: desk, pdf)" in err
    assert "--printer" not in err
    assert not list(out.glob("*.pdf"))


def test_missing_lp_is_a_clear_error(
    workspace: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    write_bundle(workspace, "b", item())
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1", "--print", "-P", "pdf")
    assert code == 1
    assert "the CUPS command 'lp' was not found" in err and "cups-client" in err and len(err.splitlines()) == 1
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1", "--print")
    assert code == 1 and "'lpstat' was not found" in err


def test_no_default_printer_asks_for_one(
    workspace: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "lpstat").write_text(
        '#!/bin/sh\n[ "$1" = -d ] && echo "no system default destination"\n[ "$1" = -r ] && echo "scheduler is running"\n'
    )
    (tmp_path / "bin" / "lpstat").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    write_bundle(workspace, "b", item())
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--print")
    assert code == 1 and "no default printer is set (give --printer NAME" in err


def test_no_scheduler_is_named_not_taken_for_no_default_printer(
    workspace: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With cupsd down, ``lpstat -d`` also says "no system default destination": setting a printer
    would not help, starting CUPS would (as ``--printer NAME`` already reports)."""
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "lpstat").write_text(
        "#!/bin/sh\n"
        'echo "lpstat: Scheduler is not running." >&2\n'
        '[ "$1" = -d ] && echo "no system default destination"\n'
        '[ "$1" = -r ] && echo "scheduler is not running"\n'
        "exit 1\n"
    )
    (tmp_path / "bin" / "lpstat").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    write_bundle(workspace, "b", item())
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--print")
    assert code == 1 and "the CUPS scheduler is not running" in err and "no default printer" not in err, err
    assert len(err.strip().splitlines()) == 1, err


def test_dry_run_needs_no_cups_and_no_printer(
    workspace: Path, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no lp, no lpstat
    write_bundle(workspace, "b", item(languages='["th"]', copies=3))
    code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1", "--print", "--dry-run")
    assert code == 0, err
    cmd = shlex.split(stdout.splitlines()[1])
    assert cmd[:3] == ["lp", "-n", "3"] and "-d" not in cmd  # CUPS' default destination
    assert not (workspace / "history").exists()  # nothing was printed: nothing in the print history


@pytest.mark.parametrize(
    ("bundle_printer", "settings_printer", "option", "expected"),
    [
        (None, None, "opt-printer", "opt-printer"),
        ("bundle-printer", "ws-printer", "opt-printer", "opt-printer"),
        ("bundle-printer", "ws-printer", None, "bundle-printer"),
        (None, "ws-printer", None, "ws-printer"),
    ],
)
def test_printer_comes_from_option_then_bundle_then_settings(
    workspace: Path, out: Path, bundle_printer: str | None, settings_printer: str | None, option: str | None,
    expected: str,
) -> None:
    head = f'[bundle]\nprinter = "{bundle_printer}"\n\n' if bundle_printer else ""
    write_bundle(workspace, "b", head + item(languages='["th"]'))
    if settings_printer:
        (workspace / "handouts.toml").write_text(f'[defaults]\nclinic = "demo"\nprinter = "{settings_printer}"\n')
    extra = ["--printer", option] if option else []
    code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1", "--print", "--dry-run", *extra)
    assert code == 0, err
    cmd = shlex.split(stdout.splitlines()[1])
    assert cmd[:3] == ["lp", "-d", expected]


# --------------------------------------------------------------------------- real CUPS


def _cups_pdf_ready() -> bool:
    if not shutil.which("lpstat") or not shutil.which("lp"):
        return False
    r = subprocess.run(["lpstat", "-p", "pdf"], capture_output=True, text=True, env=os.environ | {"LC_ALL": "C"})
    return r.returncode == 0


def _cups_pdf_folders() -> list[Path]:
    """Where cups-pdf writes this user's jobs: ``Out`` of cups-pdf.conf (and ``AnonDirName`` for anonymous jobs)."""
    conf = Path("/etc/cups/cups-pdf.conf")
    text = conf.read_text(errors="replace") if conf.is_file() else ""
    settings = dict(re.findall(r"^(Out|AnonDirName)\s+(\S+)", text, re.M))
    user = pwd.getpwuid(os.getuid())
    out = settings.get("Out", "/var/spool/cups-pdf/${USER}").replace("${HOME}", user.pw_dir)
    out = out.replace("${USER}", user.pw_name)
    return [Path(out), Path(settings.get("AnonDirName", "/var/spool/cups-pdf/ANONYMOUS"))]


@pytest.mark.skipif(not _cups_pdf_ready(), reason="no CUPS printer 'pdf' (run .ci/start-cups.sh)")
def test_real_cups_pdf_printer(workspace: Path, out: Path) -> None:
    write_bundle(workspace, "b", "[bundle]\nduplex = false\n\n" + item(copies=2))
    started = time.time() - 1
    code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1", "--print", "-P", "pdf")
    assert code == 0, err
    job_id = manifest(out)["printed"]["jobs"][0]["job_id"]
    assert job_id and job_id.startswith("pdf-") and job_id in stdout
    pages = manifest(out)["jobs"][0]["pages"]

    def arrived() -> list[tuple[Path, int]]:
        found = []
        for folder in _cups_pdf_folders():
            for pdf in folder.glob("*.pdf") if folder.is_dir() else []:
                # a file may still be being written (pypdf: "EOF marker not found"), or be renamed
                # under us: try again on the next round
                with contextlib.suppress(Exception), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    if pdf.stat().st_mtime >= started:
                        found.append((pdf, len(PdfReader(pdf).pages)))
        return found

    deadline = time.monotonic() + 20
    got: list[tuple[Path, int]] = []
    while time.monotonic() < deadline:
        got = [(p, n) for p, n in arrived() if n == 2 * pages]
        if got:
            break
        time.sleep(0.5)
    assert got, f"no {2 * pages}-page PDF from cups-pdf within 20 s in {_cups_pdf_folders()}: {arrived()}"


def test_a_printer_without_print_is_a_usage_error(workspace: Path, tmp_path: Path) -> None:
    """--printer names where to print; without --print nothing would be: said, not ignored (as --dry-run)."""
    code, _, err = run("batch", "waiting-room", "-w", str(workspace), "--out", str(tmp_path / "o"), "--printer", "pdf")
    assert code == 2 and "--printer pdf goes with --print" in err
    assert not (tmp_path / "o").exists()


def test_the_print_job_title_names_ids_however_the_bundle_names_the_files(workspace: Path, out: Path) -> None:
    """CUPS' queue shows 'back-pain-after-surgery demo th' for an item that names its files by path
    too (it showed the paths as written)."""
    write_bundle(workspace, "b", item(article=str(workspace / "articles" / f"{ARTICLE}.md"),
                                      clinic=str(workspace / "clinics" / "demo.toml"), languages='["th"]'))  # fmt: skip
    code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1", "--print",
                            "--printer", "desk", "--dry-run")  # fmt: skip
    assert code == 0, err
    (cmd,) = [shlex.split(line) for line in stdout.splitlines()[1:]]
    assert cmd[cmd.index("-t") + 1] == f"{ARTICLE} demo th"
