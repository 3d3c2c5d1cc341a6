"""Option values with a known set of choices → help that lists them, shell completion, and exit-2 errors.

A :class:`Choice` is a Click type for ``--profile``, ``--layout``, ``--lang``, ``--clinic``,
``--printer`` and the article argument: ``--help`` shows its choices (``[standard|large]``), the
shell completes them (``handouts --install-completion``), and :func:`handouts.terminal.choose` turns a value that
is not one of them into a :class:`~handouts.errors.UsageError` (exit 2) listing them. Choices
that live in the workspace (articles, clinics, languages) are read from file names only
(:mod:`handouts.workspace.inventory`), so help and completion stay fast.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from typer._click.core import Context, Parameter
from typer._click.shell_completion import CompletionItem
from typer._click.types import ParamType


def _root() -> Path | None:
    from handouts.cli import state
    from handouts.workspace.discovery import find_root

    start = state.workspace or Path(os.environ.get("HANDOUTS_WORKSPACE") or ".")
    try:
        return find_root(start) if start.is_dir() else None
    except OSError:
        return None


def _from_workspace(kind: str) -> Callable[[], list[str]]:
    def read() -> list[str]:
        from handouts.workspace import inventory

        root = _root()
        if root is None:
            return []
        return {
            "article": inventory.article_ids,
            "clinic": inventory.clinic_ids,
            "lang": inventory.languages,
            "bundle": inventory.bundle_ids,
        }[kind](root)

    return read


def printers() -> list[str]:
    """The CUPS destinations ``lpstat -e`` reports (empty without CUPS); never raises."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return []
    try:
        r = subprocess.run([lpstat, "-e"], capture_output=True, text=True, timeout=5, check=False,
                           env=os.environ | {"LC_ALL": "C"})  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(line.strip() for line in r.stdout.splitlines() if line.strip()) if r.returncode == 0 else []


class Choice(ParamType):
    """A string option whose choices are fixed or read from the workspace (for help and completion)."""

    def __init__(self, kind: str, static: Sequence[str] = (), metavar: str | None = None) -> None:
        self.name = kind
        self.kind = kind
        self.static = tuple(static)
        self.metavar = metavar

    def choices(self) -> list[str]:
        if self.static:
            return list(self.static)
        if self.kind == "printer":
            return printers()
        try:
            return _from_workspace(self.kind)()
        except Exception:  # help and completion must never fail
            return []

    def get_metavar(self, param: Parameter, ctx: Context | None = None) -> str | None:
        if self.metavar:
            return self.metavar
        if self.kind == "printer":  # lpstat at every --help would be slow
            return "PRINTER"
        found = self.choices()
        if not found or len(found) > 8:
            return self.kind.upper()
        return "[" + "|".join(found) + "]"

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> Any:
        return value  # checked by choose() inside the command, so the error is one clear line (exit 2)

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(c) for c in self.choices() if c.startswith(incomplete)]
