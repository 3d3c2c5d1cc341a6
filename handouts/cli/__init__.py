"""The command line: all Typer/rich code; HandoutError → exit code, from one table.

Every command body parses options, calls one domain function and reports. Data (a PDF with
``-o -``, JSON) goes to stdout; logs, warnings and errors go to stderr.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from handouts import __version__
from handouts.errors import ExitCode, HandoutError, UnsafeTranslationError

app = typer.Typer(
    name="handouts",
    help="Print-ready patient-education handouts in Thai and English.\n\n"
    "Exit codes: 0 ok, 1 bad input, 2 usage, 3 warnings under --strict, 4 some batch jobs failed.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


class State:
    verbose: int = 0
    quiet: bool = False
    debug: bool = False


state = State()
log = logging.getLogger("handouts")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handouts {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr.")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the typesetting cache (HANDOUTS_CACHE_DIR).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Print-ready patient-education handouts in Thai and English.

    Exit codes: 0 ok, 1 bad input, 2 usage, 3 warnings under --strict, 4 some batch jobs failed.
    """
    state.verbose, state.quiet, state.debug = verbose, quiet, debug
    if no_cache:  # through the environment, so batch workers see it too
        os.environ["HANDOUTS_NO_CACHE"] = "1"
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def err(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(message.rstrip("\n") + "\n")


@contextmanager
def boundary() -> Iterator[None]:
    """Turn exceptions into exit codes (the one place that does)."""
    try:
        yield
    except UnsafeTranslationError as e:  # the gate: one line per finding, then what happened
        if state.debug:
            raise
        for line in e.lines():
            err(line)
        err(f"error: {e.message} ({e.hint})")
        raise typer.Exit(int(ExitCode.ERROR)) from None
    except HandoutError as e:
        if state.debug:
            raise
        err(f"error: {e}")
        codes = {"StrictError": ExitCode.STRICT_WARNINGS, "UsageError": ExitCode.USAGE}
        code = codes.get(type(e).__name__, ExitCode.ERROR)
        raise typer.Exit(int(code)) from None
    except BrokenPipeError:  # the reader of stdout went away (`… -o - | head`): nothing to say to it
        _silence_stdout()
        raise typer.Exit(int(ExitCode.ERROR)) from None
    except KeyboardInterrupt:
        err("interrupted")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except typer.Exit:
        raise
    except Exception as e:  # a bug
        if state.debug:
            raise
        err(f"internal error: {type(e).__name__}: {e} (run again with --debug and report it)")
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not complain again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def write_stdout(data: bytes) -> None:
    """Data (a PDF) on stdout; a closed pipe ends the command quietly with exit 1 (see :func:`boundary`)."""
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def text_option(value: str | None) -> str | None:
    """A free-text option (``--patient``, ``--notes``) must be valid UTF-8: anything else is a usage error."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            raise typer.BadParameter(
                f"is not valid UTF-8 text (byte {e.start + 1}); type it again or set a UTF-8 locale"
            ) from None
    return value


F = TypeVar("F", bound=Callable[..., Any])


def workspace_option() -> Any:
    return typer.Option(
        "--workspace",
        "-w",
        envvar="HANDOUTS_WORKSPACE",
        help="Workspace folder (articles/, clinics/, templates/, locales/).",
        file_okay=False,
        exists=True,
    )


WorkspaceOpt = Annotated[Path, workspace_option()]
PDF_STANDARD_HELP = ("PDF standards, comma-separated: ua-1 (tagged, for screen readers), a-2u (archival). "
                     "Default: both. 'none' writes a plain PDF.")  # fmt: skip


def default_workspace() -> Path:
    return Path(os.environ.get("HANDOUTS_WORKSPACE", "."))


from handouts.cli import batch as _batch  # noqa: E402,F401
from handouts.cli import cache as _cache  # noqa: E402,F401
from handouts.cli import check as _check  # noqa: E402,F401
from handouts.cli import render as _render  # noqa: E402,F401  (registers commands)
from handouts.cli import serve as _serve  # noqa: E402,F401
from handouts.cli import translate as _translate  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    app()
