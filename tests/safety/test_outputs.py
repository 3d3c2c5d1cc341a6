"""Outputs: only regular or new files, never a workspace input, the user's umask, a closed pipe is quiet."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts import outputs
from handouts.cli import app
from handouts.errors import OutputError

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"


def _snapshot(workspace: Path) -> dict[str, bytes]:
    return {str(p.relative_to(workspace)): p.read_bytes() for p in sorted(workspace.rglob("*")) if p.is_file()}


def test_new_file_gets_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        outputs.write_atomic(tmp_path / "a.pdf", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o600
    old = os.umask(0o022)
    try:
        outputs.write_atomic(tmp_path / "b.pdf", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "b.pdf").stat().st_mode) == 0o644


def test_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    outputs.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("kind", ["symlink", "dangling-symlink", "fifo", "folder", "device"])
def test_special_targets_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out.pdf"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    if kind == "symlink":
        target.symlink_to(victim)
    elif kind == "dangling-symlink":
        target.symlink_to(tmp_path / "nowhere")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target = Path("/dev/null")
    with pytest.raises(OutputError) as e:
        outputs.write_atomic(target, b"data")
    assert str(target) in str(e.value)
    assert "regular file" in str(e.value) or "folder" in str(e.value)
    assert victim.read_bytes() == b"keep me"
    assert not (tmp_path / "nowhere").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_workspace_inputs_protected_under_any_name(workspace: Path, tmp_path: Path) -> None:
    protect = outputs.workspace_inputs(workspace)
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    hard = tmp_path / "hard.pdf"
    os.link(po, hard)
    for target in (po, workspace / "templates" / ".." / "clinics" / "demo.toml", hard,
                   workspace / "clinics" / "logos" / "demo.png"):  # fmt: skip
        with pytest.raises(OutputError, match="workspace input"):
            outputs.write_atomic(target, b"%PDF-", protect=protect)
    assert hard.read_bytes() == po.read_bytes() != b"%PDF-"


@pytest.mark.parametrize(
    "target",
    ["articles/back-pain-after-surgery.md", "locales/th/LC_MESSAGES/handouts.po", "clinics/demo.toml",
     "templates/handout.j2", "bundles/waiting-room.toml", "clinics/logos/demo.png"],
)  # fmt: skip
def test_render_never_overwrites_an_input(workspace: Path, target: str) -> None:
    before = _snapshot(workspace)
    r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(workspace / target)])
    assert r.exit_code == 1, r.output
    assert "workspace input" in r.stderr and "Traceback" not in r.stderr
    assert _snapshot(workspace) == before


def test_render_refuses_a_symlink_to_an_outside_file(workspace: Path, tmp_path: Path) -> None:
    victim = tmp_path / "notes.txt"
    victim.write_text("private")
    link = tmp_path / "h.pdf"
    link.symlink_to(victim)
    r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(link)])
    assert r.exit_code == 1 and "symbolic link" in r.stderr
    assert victim.read_text() == "private" and link.is_symlink()


def test_article_given_by_path_is_protected(workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "mine.md"
    outside.write_bytes((workspace / "articles" / f"{ARTICLE}.md").read_bytes())
    before = outside.read_bytes()
    r = runner.invoke(app, ["render", str(outside), "-w", str(workspace), "-o", str(outside)])
    assert r.exit_code == 1 and "workspace input" in r.stderr
    assert outside.read_bytes() == before


def test_batch_out_and_combine_refuse_inputs(workspace: Path) -> None:
    before = _snapshot(workspace)
    r = runner.invoke(app, ["batch", "waiting-room", "-w", str(workspace), "--out", str(workspace / "locales" / "x")])
    assert r.exit_code == 1 and "input folder locales/" in r.stderr
    r = runner.invoke(app, ["batch", "waiting-room", "-w", str(workspace), "--out", str(workspace.parent / "o"),
                            "--combine", str(workspace / "articles" / f"{ARTICLE}.md")])  # fmt: skip
    assert r.exit_code == 1 and "workspace input" in r.stderr
    assert _snapshot(workspace) == before


def test_stdout_into_a_closed_pipe_is_quiet(workspace: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    p = subprocess.Popen([sys.executable, "-m", "handouts", "render", ARTICLE, "-w", str(workspace), "-o", "-"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # fmt: skip
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader went away before the PDF came
    err = p.stderr.read().decode()
    p.stderr.close()
    assert p.wait(timeout=60) == 1
    assert err == "", err


def test_non_utf8_patient_is_a_usage_error(workspace: Path, tmp_path: Path) -> None:
    bad = b"\xff\xfeSomchai".decode("utf-8", "surrogateescape")  # what Python makes of such argv bytes
    for option in ("--patient", "--notes"):
        r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), option, bad, "-o", str(tmp_path / "x.pdf")])
        assert r.exit_code == 2, r.output
        assert "UTF-8" in r.stderr and option in r.stderr
    assert not (tmp_path / "x.pdf").exists()
