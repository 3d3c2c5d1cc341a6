"""The one exception root and the one exit-code table.

Domain code raises a :class:`HandoutError` subclass whose message names the input (file),
the place (line or key) and the fix. Only :mod:`handouts.cli` turns them into exit codes.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Exit codes of the ``handouts`` command (documented in the README)."""

    OK = 0
    ERROR = 1  # bad input: a HandoutError
    USAGE = 2  # wrong command-line usage (Click's own code)
    STRICT_WARNINGS = 3  # warnings under --strict
    BATCH_PARTIAL = 4  # some batch jobs failed
    INTERNAL = 70  # a bug: anything that is not a HandoutError
    INTERRUPTED = 130  # Ctrl-C


class HandoutError(Exception):
    """Bad input the user can fix. ``str()`` is the one-line message shown to the user."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.key = key
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{key}{self.message}{hint}"


class BrandError(HandoutError):
    """A clinic's branding TOML or logo is wrong."""


class ContentError(HandoutError):
    """An article (front matter or body) is wrong, or does not exist."""


class CatalogError(HandoutError):
    """A gettext catalog cannot be read or is wrong."""


class FontError(HandoutError):
    """A font cannot be loaded or lacks what the text needs."""


class OutputError(HandoutError):
    """An output file or folder cannot be written."""


class StrictError(HandoutError):
    """Warnings were raised and ``--strict`` was given."""


class PrintError(HandoutError):
    """Submitting to the printer (CUPS) failed."""
