"""The demo workspace (articles, clinics, templates, locales, bundles) → a new folder (``handouts init --demo``).

The copy gets the demo's ``handouts.toml`` (default clinic ``demo``, the fictional clinic whose
handouts say "Demo" in their header). A real clinic's workspace is made by
:mod:`handouts.workspace.create`.

In a wheel the workspace is package data (``handouts/_workspace``, mapped in pyproject.toml);
in a source checkout (editable install) it is the repository root.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from handouts.errors import OutputError

PARTS = ("articles", "clinics", "templates", "locales", "bundles")
MARKER = "handouts.toml"


def demo_workspace() -> Path:
    packaged = Path(str(resources.files("handouts"))) / "_workspace"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "templates").is_dir() and (checkout / "articles").is_dir():
        return checkout
    raise OutputError("the demo workspace is not installed", hint="reinstall handouts")


def check_new_folder(target: Path) -> None:
    """``target`` may become a new workspace: a new name, or an empty folder (a file, or a file
    where a parent folder belongs, is named as such)."""
    for above in (target, *target.parents):
        if above.is_symlink() or not above.exists():
            continue
        if not above.is_dir():
            what = "is a file, not a folder" if above == target else f"is a file: {target} cannot be made inside it"
            raise OutputError(what, path=above, hint="choose a new folder")
        break
    if target.is_dir() and any(target.iterdir()):
        raise OutputError("already exists and is not empty", path=target, hint="choose a new folder")


def init_workspace(target: Path) -> Path:
    """Copy the demo workspace into ``target`` (which must not exist or be empty).

    The copy is built in a hidden sibling folder and renamed into place at the end, so a full or
    read-only disk leaves a clear error and no half-made workspace.
    """
    check_new_folder(target)
    source = demo_workspace()
    parent = target.absolute().parent
    staging: Path | None = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=parent))
        for part in PARTS:
            src = source / part
            if src.is_dir():
                shutil.copytree(src, staging / part, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "*.py"))
        if (source / MARKER).is_file():
            shutil.copyfile(source / MARKER, staging / MARKER)
        mask = os.umask(0o022)
        os.umask(mask)
        staging.chmod(0o777 & ~mask)  # mkdtemp made it 0700
        os.replace(staging, target)  # atomic; an empty target folder is replaced
        staging = None
    except OSError as e:
        reason = e.strerror or str(e)
        hint = "free some disk space" if e.errno == errno.ENOSPC else "choose a folder you can write to"
        raise OutputError(f"cannot create the workspace: {reason}; nothing was left behind", path=target,
                          hint=hint) from None  # fmt: skip
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return target
