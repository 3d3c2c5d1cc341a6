"""The one exception root and the one exit-code table.

Domain code raises a :class:`HandoutError` subclass whose message names the input (file),
the place (line or key) and the fix. Only :mod:`handouts.cli` turns them into exit codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
        words: tuple[str, dict[str, object]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.key = key
        self.hint = hint
        # the message and its fix for a front end that translates them (serve's desk): an English
        # template, a msgid of that front end's catalog, and its values
        self.words = words

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


class SettingsError(HandoutError):
    """The workspace settings file (``handouts.toml``) is wrong."""


class UsageError(HandoutError):
    """The command line asks for something that cannot be: a value that is not one of the choices,
    options that cannot go together, no workspace, no clinic to default to. Exit 2, like Click's
    own usage errors."""


# The one table: the exit code of each kind of error (the nearest class in its MRO wins).
EXIT_CODES: dict[type[HandoutError], ExitCode] = {
    HandoutError: ExitCode.ERROR,
    StrictError: ExitCode.STRICT_WARNINGS,
    UsageError: ExitCode.USAGE,
}


def exit_code(error: HandoutError) -> ExitCode:
    """The exit code of ``error`` from :data:`EXIT_CODES`.

    >>> exit_code(UsageError("x")), exit_code(StrictError("x")), exit_code(BrandError("x"))
    (<ExitCode.USAGE: 2>, <ExitCode.STRICT_WARNINGS: 3>, <ExitCode.ERROR: 1>)
    """
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return ExitCode.ERROR


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a catalog (or by the render's translation gate), compiler style.

    ``str()`` is the line the CLI prints: ``path:line: error: what differs — "first words of the
    msgid…" (how to fix) [code]``; :meth:`as_dict` is the same for JSON (the web server).
    """

    path: str
    line: int | None
    severity: str  # "error" | "warning"
    code: str
    message: str
    context: str | None = None
    msgid: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        entry = f' — "{first_words(self.msgid)}"' if self.msgid else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.severity}: {self.message}{entry}{hint} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "severity": self.severity, "code": self.code,
                "message": self.message, "msgctxt": self.context, "msgid": self.msgid, "hint": self.hint}  # fmt: skip


def first_words(text: str, n: int = 40) -> str:
    """The start of a msgid, to name an entry in one line.

    >>> first_words("Take 500 mg of paracetamol up to three times a day, with food.")
    'Take 500 mg of paracetamol up to three…'
    """
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0] if " " in text[:n] else text[:n]
    return cut + "…"


class UnsafeTranslationError(CatalogError):
    """The translation gate refused a handout: the catalog entries it uses have error findings.

    ``str()`` is one line per finding; :attr:`findings` keeps them structured.
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        errors = [f for f in findings if f.is_error]
        first = errors[0] if errors else None
        super().__init__(
            f"{len(errors)} unsafe translation{'s' if len(errors) != 1 else ''}; nothing was written",
            path=first.path if first else None,
            line=first.line if first else None,
            hint="fix the catalog entries named above, or render the source language",
        )
        self.findings = tuple(errors)

    def lines(self) -> list[str]:
        return [str(f) for f in self.findings]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def summary(self) -> str:
        """One line for a batch manifest."""
        return "; ".join(self.lines())


def close_matches(word: str, choices: Iterable[str]) -> list[str]:
    """The choice closest to a misspelt ``word``, for an error's "did you mean" (``difflib``'s
    ``get_close_matches``, at most one; the module is imported only when a name is wrong)."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=1)
