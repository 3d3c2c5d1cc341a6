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
from typer._click.core import Context, Parameter, ParameterSource  # Typer's own (vendored) click
from typer.core import TyperGroup, TyperOption

from handouts import __version__
from handouts.errors import ExitCode, HandoutError, UnsafeTranslationError, exit_code


class State:
    verbose: int = 0
    quiet: bool = False
    debug: bool = False
    workspace: Path | None = None


state = State()
log = logging.getLogger("handouts")


def _configure_logging() -> None:
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
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def _given(ctx: Context, param: Parameter) -> bool:
    source = ctx.get_parameter_source(param.name or "")
    return source is not None and source != ParameterSource.DEFAULT


def _set_verbose(ctx: Context, param: Parameter, value: int) -> None:
    if value and _given(ctx, param):
        state.verbose += value
        _configure_logging()


def _set_quiet(ctx: Context, param: Parameter, value: bool) -> None:
    if value and _given(ctx, param):
        state.quiet = True
        _configure_logging()


def _set_debug(ctx: Context, param: Parameter, value: bool) -> None:
    if value and _given(ctx, param):
        state.debug = True


def _set_workspace(ctx: Context, param: Parameter, value: str | None) -> None:
    if value is not None and _given(ctx, param):
        state.workspace = Path(value)


_WORKSPACE_HELP = "Workspace folder (default: the one holding the current folder, like git; or $HANDOUTS_WORKSPACE)."


def _global_options() -> list[TyperOption]:
    """-v, -q, -w, --debug on every command too, so they work after the command name as well."""
    return [
        TyperOption(param_decls=["--verbose", "-v"], count=True, default=0, expose_value=False, callback=_set_verbose,
                    help="More log output on stderr (files read, decisions, timings); -vv for debug."),
        TyperOption(param_decls=["--quiet", "-q"], is_flag=True, default=False, expose_value=False,
                    callback=_set_quiet, help="Only errors on stderr."),
        TyperOption(param_decls=["--workspace", "-w"], metavar="DIR", expose_value=False, callback=_set_workspace,
                    is_eager=True, help=_WORKSPACE_HELP),
        TyperOption(param_decls=["--debug"], is_flag=True, default=False, expose_value=False, callback=_set_debug,
                    help="Show tracebacks for errors."),
    ]  # fmt: skip


class GlobalOptionsGroup(TyperGroup):
    """A command group whose commands also accept the global options (``render x -q``, ``list -w DIR``)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in self.commands.values():
            if isinstance(command, TyperGroup):
                continue
            taken = {name for p in command.params for name in getattr(p, "opts", [])}
            for option in _global_options():
                if not taken.intersection(option.opts):
                    command.params.append(option)


app = typer.Typer(
    name="handouts",
    cls=GlobalOptionsGroup,
    help="Print-ready patient-education handouts in Thai and English.\n\n"
    "Exit codes: 0 ok, 1 bad input, 2 usage, 3 warnings under --strict, 4 some batch jobs failed.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"handouts {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output on stderr (files read, decisions, timings); -vv for debug.")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the typesetting cache (HANDOUTS_CACHE_DIR).")
    ] = False,
    workspace: Annotated[Path | None, typer.Option("--workspace", "-w", metavar="DIR", help=_WORKSPACE_HELP)] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Print-ready patient-education handouts in Thai and English.

    Global options (-v, -q, -w, --debug) go before or after the command. Exit codes: 0 ok,
    1 bad input, 2 usage, 3 warnings under --strict, 4 some batch jobs failed, 70 a bug.
    """
    state.verbose, state.quiet, state.debug, state.workspace = verbose, quiet, debug, workspace
    if no_cache:  # through the environment, so batch workers see it too
        os.environ["HANDOUTS_NO_CACHE"] = "1"
    _configure_logging()


def err(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(message.rstrip("\n") + "\n")


@contextmanager
def boundary() -> Iterator[None]:
    """Turn exceptions into exit codes (the one place that does; codes from :data:`handouts.errors.EXIT_CODES`)."""
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
        raise typer.Exit(int(exit_code(e))) from None
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


def workspace() -> Path:
    """The workspace of this command: -w DIR, $HANDOUTS_WORKSPACE, or the one holding the current folder."""
    from handouts.workspace.discovery import discover

    root = discover(state.workspace, os.environ.get("HANDOUTS_WORKSPACE"))
    log.info("workspace: %s", root)
    return root


def settings(root: Path) -> Any:
    """The checked ``handouts.toml`` of ``root`` (:class:`handouts.workspace.settings.Settings`)."""
    from handouts.workspace.settings import load_settings

    s = load_settings(root)
    if s.path is not None:
        log.info("settings: %s", s.path)
    return s


def _discovered(ctx: typer.Context, param: typer.CallbackParam, value: Path) -> Path:
    """``WorkspaceOpt``'s callback: the folder given (or -w before the command, $HANDOUTS_WORKSPACE, the
    current folder) → the workspace root holding it."""
    from handouts.workspace.discovery import discover

    explicit = value if _given(ctx, param) else state.workspace
    try:
        return discover(explicit, os.environ.get("HANDOUTS_WORKSPACE"))
    except HandoutError as e:
        raise typer.BadParameter(str(e)) from None


# For commands that take the workspace as a parameter (``workspace: WorkspaceOpt = Path(".")``):
# the same discovery as :func:`workspace`.
WorkspaceOpt = Annotated[
    Path,
    typer.Option("--workspace", "-w", metavar="DIR", help=_WORKSPACE_HELP, callback=_discovered, show_default=False),
]


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
