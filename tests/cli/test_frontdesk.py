"""A render's common command lines run without Typer (:mod:`handouts.frontdesk`), exactly as
Typer would run them: the same call of the render body, the same options' state, the same
bytes, output and exit code; anything else is left to Typer."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts import frontdesk, startup
from handouts.cli import app, state

REPO = Path(__file__).resolve().parents[2]
ARTICLE = "back-pain-after-surgery"
SIGNATURE = inspect.signature(frontdesk.render)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, ...]]]:
    """The render body replaced by a recorder of its arguments and the options' state."""
    seen: list[tuple[Any, ...]] = []

    def record(*args: Any, **kwargs: Any) -> None:
        bound = SIGNATURE.bind(*args, **kwargs)
        bound.apply_defaults()
        seen.append((dict(bound.arguments), state.verbose, state.quiet, state.debug, state.workspace,
                     os.environ.get("HANDOUTS_NO_CACHE")))  # fmt: skip

    monkeypatch.setattr(frontdesk, "render", record)
    before = os.environ.get("HANDOUTS_NO_CACHE")
    try:
        yield seen
    finally:  # --no-cache sets it for the process (and its batch workers): not for the tests after this one
        _reset()
        if before is not None:
            os.environ["HANDOUTS_NO_CACHE"] = before


def _reset() -> None:
    state.verbose, state.quiet, state.debug, state.workspace = 0, False, False, None
    os.environ.pop("HANDOUTS_NO_CACHE", None)


def through_typer(argv: list[str], seen: list[tuple[Any, ...]]) -> tuple[Any, ...] | None:
    _reset()
    before = len(seen)
    result = CliRunner().invoke(app, argv)
    return seen[-1] if result.exit_code == 0 and len(seen) > before else None


def without_typer(argv: list[str], seen: list[tuple[Any, ...]]) -> tuple[Any, ...] | None:
    _reset()
    parsed = frontdesk.parse(argv)
    if parsed is None:
        return None
    frontdesk.run(parsed)
    return seen[-1]


COMMON = [
    ["render", ARTICLE],
    ["render", ARTICLE, "--lang", "th"],
    ["-q", "render", ARTICLE, "--lang", "th", "-o", "out.pdf"],
    ["render", "--lang=en", ARTICLE, "-c", "riverside", "--strict", "--no-qr"],
    ["render", ARTICLE, "-lth", "-o-", "-qv"],
    ["-w", "ws", "render", ARTICLE, "-w", "other", "--profile", "large", "--layout", "2up"],
    ["-vv", "--no-cache", "--debug", "render", ARTICLE, "-v", "--pdf-standard", "none"],
    ["render", ARTICLE, "--notes", "-h", "--patient", "Somchai Jaidee", "--output", "-"],
    ["--workspace=ws", "render", "--", "-article"],
    ["render", ARTICLE, "--lang", "th", "--lang", "en", "-o", "a.pdf", "-o", "b.pdf"],
    ["render", ARTICLE, "--no-cache"],  # a global option after the command, as a newcomer types it
    ["render", ARTICLE, "--notes", "--no-cache"],  # the notes' text, not the option
]


@pytest.mark.parametrize("argv", COMMON, ids=" ".join)
def test_common_command_lines_skip_typer_and_mean_the_same(argv: list[str], calls: list[tuple[Any, ...]]) -> None:
    expected = through_typer(argv, calls)
    assert expected is not None, "Typer should accept this command line"
    assert without_typer(argv, calls) == expected


UNUSUAL = [
    ["render"],  # no article: Typer says so
    ["render", ARTICLE, "other"],  # a second article
    ["render", ARTICLE, "--help"],
    ["render", ARTICLE, "-h"],
    ["--version", "render", ARTICLE],
    ["render", ARTICLE, "--lagn", "th"],  # a typo: Typer suggests --lang
    ["render", ARTICLE, "--lang"],  # a missing value
    ["render", ARTICLE, "--strict=yes"],
    ["render", ARTICLE, "--no-cache=1"],
    ["list"],
    ["rendr", ARTICLE],
    ["--", "render", ARTICLE],
    ["render", ARTICLE, "--patient", "\udcff"],  # not UTF-8: Typer's message
    ["render", ARTICLE, "-w", ""],  # an empty workspace: Typer's callback refuses it
    ["-w", " ", "render", ARTICLE],
    ["--workspace=", "render", ARTICLE, "-w", "ws"],
]


@pytest.mark.parametrize("argv", UNUSUAL, ids=" ".join)
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert frontdesk.parse(argv) is None


TOKENS = ["render", ARTICLE, "th", "en", "-", "--", "-q", "-v", "-vv", "-qv", "-vq", "--quiet", "--verbose",
          "--debug", "--no-cache", "-w", "--workspace", "--workspace=ws", "-wws", "-c", "--clinic", "-l", "-lth",
          "--lang", "--lang=en", "--lang=", "-o", "-o-", "--output", "out.pdf", "--strict", "--strict=1",
          "--no-strict", "--profile", "large", "--layout", "2up", "--pdf-standard", "none", "--no-qr", "--notes",
          "--patient", "-h", "--help", "--version", "-x", "--lan", "-qw", "-ql", "-lq", "=", "-=", "---lang"]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.lists(st.one_of(st.sampled_from(TOKENS), st.text(min_size=0, max_size=4)), max_size=9)
       .map(lambda rest: ["render", *rest]) | st.lists(st.sampled_from(TOKENS), max_size=10))  # fmt: skip
@example(argv=["-q", "render", ARTICLE, "-qw", "ws", "-lq"])
@example(argv=["render", "-o", "--lang", ARTICLE])
def test_whatever_it_runs_typer_would_run_the_same(argv: list[str], calls: list[tuple[Any, ...]]) -> None:
    """Property: a command line the fast path takes, Typer takes too, with the same call."""
    fast = without_typer(argv, calls)
    if fast is not None:
        assert through_typer(argv, calls) == fast


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.lists(st.sampled_from(TOKENS), max_size=9).map(lambda rest: ["render", *rest])
       | st.lists(st.sampled_from(TOKENS), max_size=10))  # fmt: skip
@example(argv=["render", ARTICLE, "--notes", "--no-cache"])
@example(argv=["render", ARTICLE, "-qo", "--no-cache"])
@example(argv=["render", "--", ARTICLE, "--no-cache"])
@example(argv=["render", ARTICLE, "--no-cache"])
def test_the_start_up_reads_no_cache_as_typer_does(argv: list[str], calls: list[tuple[Any, ...]]) -> None:
    """Property: start-up's early reading of --no-cache (before Typer is imported) is Typer's, in
    every position, for every command line Typer runs."""
    ran = through_typer(argv, calls)
    if ran is not None:
        assert startup.no_cache(argv) == (ran[-1] == "1"), argv


PROBE = """
import atexit, json, sys
# at exit (the console script ends a render with os._exit, after the atexit handlers): what was loaded
atexit.register(lambda: sys.stderr.write("\\nMODULES " + json.dumps(sorted(
    m for m in sys.modules if m.split(".")[0] in ("typer", "click")))))
sys.argv = ["handouts", *json.loads(sys.argv[1])]
from handouts.__main__ import main
main()
"""


def _env(**extra: str) -> dict[str, str]:
    """This checkout first on the path, and ``extra``."""
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def _console(args: list[str], cwd: Path) -> tuple[int, str, str, list[str]]:
    """``handouts ARGS`` through the console script's entry point, and the Typer modules it loaded."""
    r = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], cwd=cwd, env=_env(SOURCE_DATE_EPOCH="1795564800"),
                       capture_output=True, text=True, timeout=120)  # fmt: skip
    err, _, modules = r.stderr.rpartition("\nMODULES ")
    return r.returncode, r.stdout, err, json.loads(modules)


def _typer(args: list[str], cwd: Path) -> tuple[int, str, str]:
    code = "import sys; sys.argv = ['handouts', *sys.argv[1:]]; from handouts.cli import main; main()"
    r = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=_env(SOURCE_DATE_EPOCH="1795564800"),
                       capture_output=True, text=True, timeout=120)  # fmt: skip
    return r.returncode, r.stdout, r.stderr


@pytest.mark.parametrize(
    "args",
    [["render", ARTICLE, "--lang", "th", "-o", "{out}"],
     ["-q", "render", ARTICLE, "-len", "--profile=large", "-o", "{out}"],
     ["render", "no-such-article", "-o", "{out}"],  # exit 1, one line
     ["render", ARTICLE, "--lang", "xx"],  # exit 2
     ["render", ARTICLE, "-o", "{out}.png"]],  # fmt: skip
    ids=["th", "en large", "wrong article", "wrong language", "not .pdf"],
)
def test_the_console_script_renders_without_typer_as_typer_does(args: list[str], workspace: Path,
                                                                   tmp_path: Path) -> None:  # fmt: skip
    fast_pdf, slow_pdf = tmp_path / "fast.pdf", tmp_path / "slow.pdf"
    code, out, err, modules = _console([a.replace("{out}", str(fast_pdf)) for a in args], workspace)
    assert modules == [], "the fast path should not import Typer"
    slow = _typer([a.replace("{out}", str(slow_pdf)) for a in args], workspace)
    assert (code, out.replace("fast.pdf", "slow.pdf"), err.replace("fast.pdf", "slow.pdf")) == slow
    assert fast_pdf.exists() == slow_pdf.exists()
    if fast_pdf.exists():
        assert code == 0 and fast_pdf.read_bytes() == slow_pdf.read_bytes()
    else:
        assert code in (1, 2) and len(err.strip().splitlines()) == 1


def test_the_console_script_leaves_the_rest_to_typer(workspace: Path) -> None:
    code, out, err, modules = _console(["render", ARTICLE, "--lagn", "th"], workspace)
    assert code == 2 and "Possible options: --lang" in err
    assert "typer" in modules


def test_the_console_script_exits_after_its_atexit_handlers(workspace: Path, tmp_path: Path) -> None:
    """A render ends with os._exit (no module teardown): the atexit handlers still run (the code
    stores are written), and stdout and stderr are complete."""
    env = _env(PYTHONPYCACHEPREFIX=str(tmp_path / "pyc"), HANDOUTS_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("HANDOUTS_NO_CACHE", None)
    out = tmp_path / "h.pdf"
    r = subprocess.run([sys.executable, "-m", "handouts", "render", ARTICLE, "--lang", "th", "-o", str(out)], cwd=workspace,
                       env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0 and r.stdout == f"{out}\n", r.stderr
    assert r.stderr.endswith((" warnings\n", " warning\n")), r.stderr  # the summary line, flushed
    assert out.read_bytes().startswith(b"%PDF-") and out.read_bytes().rstrip().endswith(b"%%EOF")
    # the dataclass store, and the sightings of the patterns compiled (stored when compiled again)
    assert sorted(p.suffix for p in (tmp_path / "pyc").rglob("*_code.*")) == [".dataclasses", ".regex-seen"]


@pytest.mark.parametrize("closed", [1, 2], ids=["stdout closed", "stderr closed"])
def test_a_render_started_with_a_standard_stream_closed_still_works(closed: int, workspace: Path, tmp_path: Path) -> None:
    """``handouts render X >&-`` (or ``2>&-``): the PDF is written and the exit code is 0, with
    nothing on the missing stream and no traceback on the other; ``-o -`` without a stdout is an
    error naming -o (exit 1)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "handouts", "render", ARTICLE, "--lang", "en", *args], cwd=workspace,
                              env=_env(), capture_output=True, text=True, timeout=120,
                              preexec_fn=lambda: os.close(closed))  # fmt: skip

    out = tmp_path / "h.pdf"
    r = run("-o", str(out))
    assert r.returncode == 0 and out.read_bytes().startswith(b"%PDF-"), r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    if closed == 1:
        r = run("-o", "-")
        assert r.returncode == 1 and r.stderr.strip().splitlines() == [
            "error: -o: standard output is closed (give -o FILE.pdf, or leave stdout open)"
        ], r.stderr
