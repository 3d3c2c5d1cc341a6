"""The CLI's one error boundary: a bug is one line and exit 70 (not a traceback and exit 1),
whichever command it happens in; Typer's own exits pass through; a foreign line in the print
history is counted as unreadable, never fatal."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts import history
from handouts.cli import app

runner = CliRunner()


def test_a_bug_in_a_typer_command_is_one_line_and_exit_70(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(history, "recent", broken)
    r = runner.invoke(app, ["history", "-w", str(workspace)])
    assert r.exit_code == 70, (r.exit_code, r.output)
    assert r.stderr.strip().splitlines() == ["internal error: RuntimeError: a bug (run again with --debug and report it)"]


def test_typer_exits_pass_through_the_boundary() -> None:
    import typer

    from handouts.terminal import boundary, configure_logging

    tiny = typer.Typer()

    @tiny.command()
    def main(abort: bool = False) -> None:
        configure_logging()  # (as the app's callback does: this invocation's stderr)
        with boundary():
            if abort:
                raise typer.Abort()
            raise typer.Exit(4)

    assert runner.invoke(tiny, []).exit_code == 4
    r = runner.invoke(tiny, ["--abort"])
    assert r.exit_code == 1 and "Aborted" in r.output and "internal error" not in r.output


@pytest.mark.parametrize(
    "change",
    [{"user": None}, {"printer": None}, {"copies": "2"}, {"copies": True}, {"time": 5}, {"job": 7},
     {"personalised": "yes"}, {"reprint_of": "3"}, {"via": ["web"]}],  # fmt: skip
)
def test_a_foreign_history_line_is_unreadable_not_fatal(workspace: Path, change: dict[str, object]) -> None:
    good = {"time": "2026-12-01T08:00:00Z", "user": "cli", "article": "a", "lang": "th", "clinic": "demo",
            "profile": "standard", "layout": "single", "copies": 1, "printer": "pdf", "job": "pdf-1",
            "state": "final"}  # fmt: skip
    path = history.history_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(good) + "\n" + json.dumps(good | change) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["history", "-w", str(workspace)])
    assert r.exit_code == 0, r.output
    assert len(r.stdout.strip().splitlines()) == 1 and "unreadable line(s)" in r.stderr


def test_history_shows_this_pcs_clock_and_json_keeps_utc(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the web desk's history page: a Bangkok front desk reads 23:30, not the log's 16:30Z."""
    import time

    record = {"time": "2026-12-05T16:30:03Z", "user": "cli", "article": "a", "lang": "th", "clinic": "demo",
              "profile": "standard", "layout": "single", "copies": 1, "printer": "pdf", "job": "pdf-1",
              "state": "final"}  # fmt: skip
    path = history.history_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    monkeypatch.setenv("TZ", "Asia/Bangkok")
    time.tzset()
    try:
        shown = runner.invoke(app, ["history", "-w", str(workspace)]).stdout
        as_json = runner.invoke(app, ["history", "-w", str(workspace), "--json"]).stdout
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "2026-12-05 23:30" in shown and "16:30" not in shown
    assert json.loads(as_json)["time"] == "2026-12-05T16:30:03Z"


def test_sigterm_ends_a_command_as_ctrl_c_does(tmp_path: Path) -> None:
    """``kill`` (SIGTERM) → "interrupted", exit 130 (docs/errors.md), not the shell's 143 without a word."""
    import os
    import subprocess
    import sys

    code = (
        "import os, signal, time\n"
        "from handouts import startup\n"
        "startup.begin([])\n"
        "from handouts.terminal import boundary, configure_logging\n"
        "configure_logging()\n"
        "with boundary():\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(30)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 130 and done.stderr.strip() == "interrupted", (done.returncode, done.stderr[-500:])
    ignored = "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n" + code.replace("time.sleep(30)", "pass")
    done = subprocess.run([sys.executable, "-c", ignored], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, "an ignored SIGTERM stays ignored (nohup, a parent's choice)"


@pytest.mark.parametrize("where", ["handouts.startup.begin", "handouts.cli.main"])
def test_ctrl_c_before_a_command_starts_is_exit_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """Ctrl-C while the process sets up or imports the CLI (before any command's boundary): one
    line and the interrupted exit code, as later, not a KeyboardInterrupt traceback (exit 1)."""
    import importlib

    from handouts import __main__ as entry

    module, name = where.rsplit(".", 1)

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module(module), name, interrupt)
    monkeypatch.setattr(sys, "argv", ["handouts", "list"])
    with pytest.raises(SystemExit) as e:
        entry.main()
    assert e.value.code == 130
    err = capsys.readouterr().err
    assert err == "interrupted\n", err


def test_help_lists_every_exit_code_of_the_table() -> None:
    """'handouts --help' names each code of errors.ExitCode (docs/errors.md's table): 70 and 130 too."""
    import re

    from handouts.errors import ExitCode

    r = CliRunner().invoke(app, ["--help"])
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    listed = text[text.index("Exit codes:") :]
    for code in ExitCode:
        assert re.search(rf"(?<![\d]){int(code)} \w", listed), (code, listed)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a device that is always full)")
@pytest.mark.parametrize("args", [["render", "back-pain-after-surgery", "-o", "-"], ["list"], ["i18n", "status", "th"]],
                         ids=" ".join)  # fmt: skip
def test_a_full_disk_under_stdout_is_bad_output_not_a_bug(workspace: Path, args: list[str]) -> None:
    """'handouts list > file' on a full disk: exit 1 and what to do, not 'internal error … report it' (70)."""
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "handouts", *args], cwd=workspace, stdout=full, stderr=subprocess.PIPE,
                           text=True, env=env, timeout=120)  # fmt: skip
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip().splitlines()[-1:] == [
        "error: the output (standard output): cannot be written: No space left on device (free some space, or write "
        "elsewhere)"], r.stderr  # fmt: skip
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("depth", [2_000, 100_000])
@pytest.mark.parametrize("bracket", ["[", '{"a":'])
def test_a_history_line_nested_too_deep_for_json_is_unreadable_not_fatal(workspace: Path, depth: int,
                                                                         bracket: str) -> None:  # fmt: skip
    """A line '[[[[…' thousands deep (a damaged or hand-edited file) ended 'handouts history' (and
    the server's history page) with an internal error, RecursionError, exit 70."""
    good = {"time": "2026-12-01T08:00:00Z", "user": "cli", "article": "a", "lang": "th", "clinic": "demo",
            "profile": "standard", "layout": "single", "copies": 1, "printer": "pdf", "job": "pdf-1",
            "state": "final"}  # fmt: skip
    path = history.history_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(good) + "\n" + bracket * depth + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["history", "-w", str(workspace)])
    assert r.exit_code == 0 and "internal error" not in r.output, r.output
    assert len(r.stdout.strip().splitlines()) == 2 and "1 unreadable line(s)" in r.stderr, r.output


def test_history_names_the_default_printer_and_a_large_print_or_booklet(workspace: Path) -> None:
    """A job sent to CUPS' default printer read '×10 on   final'; a large-print booklet looked like a
    standard sheet (what a reprint needs to know)."""
    base = {"time": "2026-12-01T08:00:00Z", "user": "cli", "article": "a", "lang": "th", "clinic": "demo",
            "profile": "standard", "layout": "single", "copies": 10, "printer": "", "job": None,
            "state": "final"}  # fmt: skip
    path = history.history_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [base, base | {"printer": "front-desk", "profile": "large", "layout": "a5-booklet"}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    r = runner.invoke(app, ["history", "-w", str(workspace)])
    assert r.exit_code == 0, r.output
    newest, oldest = r.stdout.strip().splitlines()
    assert oldest.endswith(" a th ×10 on the default printer  final"), oldest
    assert newest.endswith(" a th large a5-booklet ×10 on front-desk  final"), newest


def test_history_of_only_unreadable_lines_is_not_said_to_be_empty(workspace: Path) -> None:
    path = history.history_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{broken\n", encoding="utf-8")
    r = runner.invoke(app, ["history", "-w", str(workspace)])
    assert r.exit_code == 0 and r.stdout == ""
    assert "1 unreadable line(s)" in r.stderr and "nothing has been printed yet" not in r.stderr, r.stderr
