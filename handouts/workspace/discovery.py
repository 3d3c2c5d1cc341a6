"""A starting folder (``-w``, ``HANDOUTS_WORKSPACE`` or the current folder) → the workspace root, like git.

A folder is a workspace when it holds ``handouts.toml`` (written by ``handouts init``) or, for
workspaces made before that file existed, an ``articles/`` folder beside ``templates/``,
``clinics/`` or ``locales/``. From any sub-folder the nearest such folder above is used.
Outside any workspace the error says how to make one (exit 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from handouts.errors import UsageError

MARKER: Final = "handouts.toml"
FOLDERS: Final = ("articles", "clinics", "templates", "locales", "bundles")
_HOW: Final = "make one with 'handouts init DIR' ('handouts init --demo DIR' for the demo), or give -w DIR"


def is_workspace(folder: Path) -> bool:
    """``handouts.toml`` here, or ``articles/`` beside ``templates/``, ``clinics/`` or ``locales/``."""
    if (folder / MARKER).is_file():
        return True
    return (folder / "articles").is_dir() and any((folder / f).is_dir() for f in ("templates", "clinics", "locales"))


def find_root(start: Path) -> Path | None:
    """``start`` or the nearest folder above it that is a workspace; None when there is none.

    ``start`` itself is returned as given (so that messages keep the user's relative paths);
    a folder above it is returned absolute.
    """
    if is_workspace(start):
        return start
    for parent in start.absolute().parents:
        if is_workspace(parent):
            return parent
    return None


def discover(explicit: Path | None = None, env: str | None = None, cwd: Path | None = None) -> Path:
    """The workspace root for a command: from ``-w DIR``, else ``HANDOUTS_WORKSPACE``, else the current folder.

    Raises :class:`~handouts.errors.UsageError` (exit 2) when the folder does not exist or no
    workspace holds it.
    """
    if explicit is not None:
        start, origin = explicit, "-w/--workspace"
    elif env:
        start, origin = Path(env), "HANDOUTS_WORKSPACE"
    else:
        start, origin = cwd if cwd is not None else Path("."), ""
    start = start.expanduser()
    if origin and not start.exists():
        raise UsageError("the workspace folder does not exist", path=start, key=origin, hint=_HOW)
    if origin and not start.is_dir():
        raise UsageError("is a file, not a workspace folder", path=start, key=origin, hint="give the workspace folder")
    root = find_root(start)
    if root is None:
        where = f"{start}" if origin else "the current folder"
        raise UsageError(
            f"not inside a handouts workspace: no {MARKER} in {where} or any folder above it",
            key=origin or None,
            hint=_HOW,
        )
    return root
