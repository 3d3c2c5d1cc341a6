"""What every command does at the terminal, without Typer: the options' state, the log on stderr,
data on stdout, the one place exceptions become exit codes, counted nouns and checked choices.

:mod:`handouts.cli` (Typer) and :mod:`handouts.frontdesk` (the render command's common command
lines, parsed without Typer) share it, so a render prints, logs and exits the same either way.
Data (a PDF with ``-o -``, JSON, the written path) goes to stdout; logs, warnings and errors go
to stderr.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from handouts.errors import ExitCode, HandoutError, UnsafeTranslationError, UsageError, close_matches, exit_code


class State:
    verbose: int = 0
    quiet: bool = False
    debug: bool = False
    workspace: Path | None = None


state = State()
log = logging.getLogger("handouts")


def configure_logging() -> None:
    """-q: errors only; default: warnings; -v: what was read, decided and timed; -vv: debug. Always stderr."""
    level = logging.ERROR if state.quiet else (
        logging.DEBUG if state.verbose > 1 else logging.INFO if state.verbose else logging.WARNING)  # fmt: skip
    handler: logging.Handler
    if state.verbose and not state.quiet and sys.stderr.isatty():  # rich on a terminal, plain lines in pipes
        from rich.console import Console
        from rich.logging import RichHandler

        handler = RichHandler(console=Console(stderr=True, soft_wrap=True), show_time=False, show_path=False,
                              markup=False, highlighter=None, keywords=[])  # fmt: skip
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    if not state.verbose:  # one line per cause of repeated warnings (-v: each one), flushed by err() and boundary()
        from handouts.diagnostics import GroupingHandler

        handler = GroupingHandler(handler)
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def err(message: str) -> None:
    """One line on stderr, after the warnings held back to be summarized (see :func:`flush_warnings`)."""
    flush_warnings()
    with contextlib.suppress(AttributeError, OSError):  # started with stderr closed: the exit code still tells
        sys.stderr.write(message.rstrip("\n") + "\n")


def echo(message: str) -> None:
    """One line of data on stdout (a written file's path), flushed at once; nothing when the
    process has no stdout (started with it closed), as Click's ``echo``."""
    if sys.stdout is None:
        return
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def flush_warnings(hold: bool | None = None) -> None:
    """Print the repeated warnings held back so far, one line per cause; ``hold``: go on holding them or not."""
    for handler in log.handlers:
        handler.flush()
        if hold is not None and hasattr(handler, "holding"):
            handler.holding = hold


def _exits(e: BaseException) -> bool:
    """Whether ``e`` is Typer's or Click's way to end a command (``typer.Exit(code)``): it passes
    through. (Neither is imported to ask: a command that raises one has imported it.)"""
    for module in ("typer.exceptions", "typer._click.exceptions", "click.exceptions"):
        loaded = sys.modules.get(module)
        for name in ("Exit", "Abort"):  # (which module has them depends on Typer's version)
            kind = getattr(loaded, name, None)
            if isinstance(kind, type) and isinstance(e, kind):
                return True
    return False


@contextmanager
def boundary() -> Iterator[None]:
    """Turn exceptions into exit codes (the one place that does; codes from :data:`handouts.errors.EXIT_CODES`).

    A command ends with :class:`SystemExit` and the code, which Typer passes on as it is and
    :mod:`handouts.frontdesk` lets end the process."""
    flush_warnings(hold=True)
    try:
        try:
            yield
        except UnsafeTranslationError as e:  # the gate: one line per finding, then what happened
            if state.debug:
                raise
            for line in e.lines():
                err(line)
            err(f"error: {e.message} ({e.hint})")
            raise SystemExit(int(ExitCode.ERROR)) from None
        except HandoutError as e:
            if state.debug:
                raise
            err(f"error: {e}")
            raise SystemExit(int(exit_code(e))) from None
        except BrokenPipeError:  # the reader of stdout went away (`… -o - | head`): nothing to say to it
            _silence_stdout()
            raise SystemExit(int(ExitCode.ERROR)) from None
        except KeyboardInterrupt:
            err("interrupted")
            raise SystemExit(int(ExitCode.INTERRUPTED)) from None
        except OSError as e:
            if e.errno == errno.ENAMETOOLONG and not state.debug:  # a path typed or written too long: input
                err(f"error: {_long_name(e.filename)}: the name is too long for the file system ({e.strerror}; "
                    "each folder or file name at most 255 bytes) (give a shorter name)")  # fmt: skip
                raise SystemExit(int(ExitCode.ERROR)) from None
            if e.errno not in _FULL or state.debug:  # (any other OSError here is a bug: below)
                _bug(e)
                raise
            # a full disk (or quota) under stdout or a file: the machine's, not a bug (files are written
            # through handouts.outputs, which says which; this is what a command printed to)
            where = f"{e.filename}: " if e.filename else "the output (standard output): "
            err(f"error: {where}cannot be written: {e.strerror} (free some space, or write elsewhere)")
            raise SystemExit(int(ExitCode.ERROR)) from None
        except Exception as e:  # a bug
            _bug(e)
            raise
    finally:
        flush_warnings(hold=False)  # the warnings held back, whatever happened


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}  # the disk, the quota, the file size limit


def _long_name(name: object) -> str:
    """A path too long to print whole: its start and its end (the file it was meant to be)."""
    text = os.fsdecode(name) if isinstance(name, str | bytes) else "a path"
    return text if len(text) <= 80 else f"{text[:40]}…{text[-30:]}"


def _bug(e: Exception) -> None:
    """A bug: one line and exit 70 (re-raised as it is: Typer's own exits, --debug)."""
    if _exits(e) or state.debug:
        return
    err(f"internal error: {type(e).__name__}: {e} (run again with --debug and report it)")
    raise SystemExit(int(ExitCode.INTERNAL)) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not complain again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # (AttributeError: no stdout at all)
        pass


def write_stdout(data: bytes) -> None:
    """Data (a PDF) on stdout; a closed pipe ends the command quietly with exit 1 (see :func:`boundary`)."""
    if sys.stdout is None:  # started with stdout closed (`handouts render X -o - >&-`)
        from handouts.errors import OutputError

        raise OutputError("standard output is closed", key="-o", hint="give -o FILE.pdf, or leave stdout open")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def workspace() -> Path:
    """The workspace of this command: -w DIR, $HANDOUTS_WORKSPACE, or the one holding the current folder."""
    from handouts.workspace.discovery import discover

    root = discover(state.workspace, os.environ.get("HANDOUTS_WORKSPACE"))
    log.info("workspace: %s", root)
    return root


def given_workspace(value: str | None) -> Path | None:
    """``-w/--workspace`` as given (None: not given). An empty value (``-w "$WS"`` with WS unset) is a
    usage error (exit 2) naming the option, for every command: ``Path("")`` is the current folder,
    whose workspace was used unsaid."""
    if value is None:
        return None
    if not value.strip():
        from handouts.errors import UsageError

        with boundary():
            raise UsageError("is empty", key="-w/--workspace", hint="give the workspace folder, or . for the current "
                             "one; without -w, the workspace holding the current folder is used")  # fmt: skip
    return Path(value)


def settings(root: Path) -> Any:
    """The checked ``handouts.toml`` of ``root`` (:class:`handouts.workspace.settings.Settings`)."""
    from handouts.workspace.settings import load_settings

    s = load_settings(root)
    if s.path is not None:
        log.info("settings: %s", s.path)
    return s


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the right form of the noun, through gettext's plural forms (``ngettext``): the CLI
    speaks English, and a translated CLI catalog (Thai has one form) would plug in unchanged.

    >>> count(1, "page"), count(2, "page"), count(0, "entry", "entries")
    ('1 page', '2 pages', '0 entries')
    """
    import gettext

    return f"{n} {gettext.ngettext(singular, plural or singular + 's', n)}"


def choose(value: str, choices: Sequence[str], option: str, what: str) -> str:
    """``value`` when it is one of ``choices``; else a :class:`UsageError` (exit 2) listing them.

    >>> choose("large", ["standard", "large"], "--profile", "profile")
    'large'
    >>> try:
    ...     choose("huge", ["standard", "large"], "--profile", "profile")
    ... except UsageError as e:
    ...     print(e)
    --profile: unknown profile 'huge' (profiles: standard, large)
    """
    if value in choices:
        return value
    close = close_matches(value, choices)
    listing = f"{what}s: {', '.join(choices)}" if choices else f"no {what}s are known"
    hint = (f"did you mean {close[0]}? " if close else "") + listing
    raise UsageError(f"unknown {what} {value!r}", key=option, hint=hint)
