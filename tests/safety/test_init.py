"""`init` on a full or read-only disk: a clear error and no half-made workspace."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from handouts.cli import app

runner = CliRunner()


@pytest.mark.parametrize(("code", "needle"), [(errno.ENOSPC, "free some disk space"), (errno.EROFS, "write to")])
def test_init_fails_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, needle: str) -> None:
    real = shutil.copytree
    calls = 0

    def failing(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:  # a few folders are already copied when the disk gives up
            raise OSError(code, "No space left on device" if code == errno.ENOSPC else "Read-only file system")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(shutil, "copytree", failing)
    target = tmp_path / "clinic"
    r = runner.invoke(app, ["init", "--demo", str(target)])
    assert r.exit_code == 1, r.output
    assert "cannot create the workspace" in r.stderr and needle in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []  # no workspace, no staging folder


def test_init_into_an_empty_folder_and_mode(tmp_path: Path) -> None:
    target = tmp_path / "clinic"
    target.mkdir()
    r = runner.invoke(app, ["init", "--demo", str(target)])
    assert r.exit_code == 0, r.output
    assert (target / "articles").is_dir() and [p.name for p in tmp_path.iterdir()] == ["clinic"]
    assert target.stat().st_mode & 0o777 != 0o700  # the umask's, not mkdtemp's
