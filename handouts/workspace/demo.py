"""The demo workspace (articles, clinics, templates, locales, bundles) → a new clinic folder.

In a wheel the workspace is package data (``handouts/_workspace``, mapped in pyproject.toml);
in a source checkout (editable install) it is the repository root.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from handouts.errors import OutputError

PARTS = ("articles", "clinics", "templates", "locales", "bundles")


def demo_workspace() -> Path:
    packaged = Path(str(resources.files("handouts"))) / "_workspace"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "templates").is_dir() and (checkout / "articles").is_dir():
        return checkout
    raise OutputError("the demo workspace is not installed", hint="reinstall handouts")


def init_workspace(target: Path) -> Path:
    """Copy the demo workspace into ``target`` (which must not exist or be empty)."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutputError("already exists and is not empty", path=target, hint="choose a new folder")
    source = demo_workspace()
    try:
        target.mkdir(parents=True, exist_ok=True)
        for part in PARTS:
            src = source / part
            if src.is_dir():
                shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "*.py"))
    except OSError as e:
        raise OutputError(f"cannot create the workspace: {e.strerror}", path=target) from e
    return target
