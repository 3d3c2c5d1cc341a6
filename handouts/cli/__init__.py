"""The command line: all Typer code.

Every command body parses options, calls one domain function and reports through
:mod:`handouts.terminal` (the options' state, the log, stdout, HandoutError → exit code from one
table). Data (a PDF with ``-o -``, JSON) goes to stdout; logs, warnings and errors go to stderr.
The render command's common command lines skip Typer altogether: :mod:`handouts.frontdesk`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer._click.core import Command, Context, Parameter, ParameterSource  # Typer's own (vendored) click
from typer._click.formatting import HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup, TyperOption

from handouts import __version__
from handouts.terminal import (
    boundary,
    configure_logging,
    err,
    flush_warnings,
    given_workspace,
    log,
    settings,
    state,
    workspace,
    write_stdout,
)

__all__ = ["StrayArgs", "app", "boundary", "err", "flush_warnings", "log", "main", "no_stray", "settings", "state", "workspace", "write_stdout"]


def _given(ctx: Context, param: Parameter) -> bool:
    source = ctx.get_parameter_source(param.name or "")
    return source is not None and source != ParameterSource.DEFAULT


def _set_verbose(ctx: Context, param: Parameter, value: int) -> None:
    if value and _given(ctx, param):
        state.verbose += value
        configure_logging()


def _set_quiet(ctx: Context, param: Parameter, value: bool) -> None:
    if value and _given(ctx, param):
        state.quiet = True
        configure_logging()


def _set_debug(ctx: Context, param: Parameter, value: bool) -> None:
    if value and _given(ctx, param):
        state.debug = True


def _set_workspace(ctx: Context, param: Parameter, value: str | None) -> None:
    if value is not None and _given(ctx, param):
        state.workspace = given_workspace(value)


def _set_no_cache(ctx: Context, param: Parameter, value: bool) -> None:
    if value and _given(ctx, param):
        os.environ["HANDOUTS_NO_CACHE"] = "1"  # through the environment, so batch workers see it too


_NO_CACHE_HELP = "Neither read nor write the typesetting cache (HANDOUTS_CACHE_DIR)."
_WORKSPACE_HELP = "Workspace folder (default: the one holding the current folder, like git; or $HANDOUTS_WORKSPACE)."


def _global_options() -> list[TyperOption]:
    """-v, -q, -w, --debug, --no-cache on every command too, so they work after the command name as well
    (:mod:`handouts.frontdesk` and :func:`handouts.startup.no_cache` read them in both places too)."""
    return [
        TyperOption(param_decls=["--verbose", "-v"], count=True, default=0, expose_value=False, callback=_set_verbose,
                    help="More log output on stderr (files read, decisions, timings); -vv for debug."),
        TyperOption(param_decls=["--quiet", "-q"], is_flag=True, default=False, expose_value=False,
                    callback=_set_quiet, help="Only errors on stderr."),
        TyperOption(param_decls=["--workspace", "-w"], metavar="DIR", expose_value=False, callback=_set_workspace,
                    is_eager=True, help=_WORKSPACE_HELP),
        TyperOption(param_decls=["--debug"], is_flag=True, default=False, expose_value=False, callback=_set_debug,
                    help="Show tracebacks for errors."),
        TyperOption(param_decls=["--no-cache"], is_flag=True, default=False, expose_value=False,
                    callback=_set_no_cache, help=_NO_CACHE_HELP),
    ]  # fmt: skip


class GlobalOptionsGroup(TyperGroup):
    """A command group that, with its commands, also accepts the global options (``render x -q``,
    ``list -w DIR``, ``cache info --no-cache``, ``i18n -q status``)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _add_global_options(self)
        for command in self.commands.values():
            _add_global_options(command)


def _add_global_options(command: Command) -> Command:
    """The global options a command does not define itself, added to its own (a group's commands get
    theirs when the group is made: :class:`GlobalOptionsGroup`)."""
    taken = {name for p in command.params for name in getattr(p, "opts", [])}
    for p in command.params:  # a hidden argument (StrayArgs) is not in the usage line either
        if p.param_type_name == "argument" and getattr(p, "hidden", False):
            p.get_usage_pieces = lambda ctx: []  # type: ignore[method-assign]
    for option in _global_options():
        if not taken.intersection(option.opts):
            command.params.append(option)
    return command


# The top-level commands: name → (the module of handouts.cli that registers it, its one-line help).
# ``handouts --help`` lists them from this table, and a command's module (with everything it
# imports) is loaded only when that command runs: the help, ``list`` and the ``i18n`` verbs never
# load the typesetter. tests/cli/test_imports.py checks this table against the commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "render": ("render", "Render one handout as a print-ready PDF."),
    "list": ("render", "List articles (translation percentage and warning count per language), clinics and languages."),
    "init": ("render", "Create a workspace: for your clinic (asks for its details on a terminal) or, with --demo, the demo."),
    "batch": ("batch", "Render many handouts at once (each distinct one once), with a manifest; optionally combine and print."),
    "check": ("check", "Plain-language (readability) check of an article's text."),
    "readability": ("check", "The same as 'check': plain-language check of an article's text."),
    "history": ("serve", "Show the print history (who printed which handout, when, on this PC's clock; never patient names)."),
    "debug": ("render", "Inspect intermediate stages."),
    "cache": ("cache", "The typesetting cache (HANDOUTS_CACHE_DIR; --no-cache turns it off for one run)."),
    "serve": ("serve", "The front desk in a browser and the HIS API (needs the 'serve' extra: pip install -e '.[serve]')."),
    "i18n": ("translate", "Translator workflow: extract the strings, start or update a language's catalog, see how much is translated, check translations, compile .mo files, and print a side-by-side proof."),
}  # fmt: skip


class LazyGroup(GlobalOptionsGroup):
    """The top-level group: commands from :data:`COMMANDS`, each module imported when first needed."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(dict.fromkeys([*COMMANDS, *super().list_commands(ctx)]))

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name][0], only=cmd_name)
            command = super().get_command(ctx, cmd_name)
        return command

    def _load(self, *modules: str, only: str | None = None) -> None:
        """Import the modules (they register their commands on ``app``), then build what they registered.

        With ``only``, just that command: Typer builds a command from its function's signature
        (evaluating every annotation), milliseconds each, and ``render`` needs only its own.
        """
        import importlib

        from typer.main import get_command_from_info, get_command_name, get_group_from_info

        for module in modules:
            importlib.import_module(f"handouts.cli.{module}")
        short, markup = app.pretty_exceptions_short, app.rich_markup_mode
        for info in app.registered_commands:
            assert info.callback is not None
            name = info.name or get_command_name(info.callback.__name__)
            if name not in self.commands and only in (None, name):
                built = get_command_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup)
                self.commands[name] = _add_global_options(built)
        for group in app.registered_groups:
            if group.name and group.name not in self.commands and only in (None, group.name):
                self.commands[group.name] = get_group_from_info(group, pretty_exceptions_short=short,
                                                                suggest_commands=app.suggest_commands,
                                                                rich_markup_mode=markup)  # fmt: skip

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        if args and self.get_command(ctx, args[0]) is None:  # a typo: load them all for the suggestions
            self._load(*sorted({module for module, _ in COMMANDS.values()}))
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The loaded commands' own short help; the table's for the others (without loading them)."""
        names = [n for n in self.list_commands(ctx) if n not in self.commands or not self.commands[n].hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(name, self.commands[name].get_short_help_str(limit) if name in self.commands
                 else make_default_short_help(COMMANDS[name][1], limit)) for name in names]  # fmt: skip
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="handouts",
    cls=LazyGroup,
    help="Print-ready patient-education handouts in Thai, English, Burmese, Khmer and Lao.\n\n"
    "Exit codes: 0 ok, 1 bad input, 2 usage, 3 warnings under --strict, 4 some batch jobs failed, "
    "70 a bug (report it), 130 interrupted.",
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
    no_cache: Annotated[bool, typer.Option("--no-cache", help=_NO_CACHE_HELP)] = False,
    workspace: Annotated[str | None, typer.Option("--workspace", "-w", metavar="DIR", help=_WORKSPACE_HELP)] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Print-ready patient-education handouts in Thai, English, Burmese, Khmer and Lao.

    Global options (-v, -q, -w, --debug, --no-cache) go before or after the command. Exit codes: 0 ok,
    1 bad input, 2 usage, 3 warnings under --strict, 4 some batch jobs failed, 70 a bug,
    130 interrupted.
    """
    state.verbose, state.quiet, state.debug = verbose, quiet, debug
    if no_cache:  # through the environment, so batch workers see it too
        os.environ["HANDOUTS_NO_CACHE"] = "1"
    configure_logging()
    state.workspace = given_workspace(workspace)  # (a str: Typer read -w "" as Path("."), the current folder)


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


PDF_STANDARD_HELP = ("PDF standards, comma-separated: ua-1 (tagged, for screen readers), a-2u (archival). "
                     "Default: both. 'none' writes a plain PDF.")  # fmt: skip


StrayArgs = Annotated[list[str] | None, typer.Argument(hidden=True, show_default=False, metavar="")]


def no_stray(stray: list[str] | None, command: str) -> None:
    """A word after the article (``handouts render ID th``, as a newcomer guesses): one usage
    error (exit 2) saying what to write instead, not Click's "unexpected extra argument"."""
    if not stray:
        return
    from handouts.errors import UsageError

    word = stray[0]
    with boundary():
        parts = word.split("+")
        if 1 <= len(parts) <= 2 and all(2 <= len(x) <= 3 and x.isascii() and x.isalpha() for x in parts):
            raise UsageError(f"{word!r}: the language is an option, not a second argument", key=command,
                             hint=f"handouts {command} ARTICLE --lang {word}")  # fmt: skip
        raise UsageError(f"unexpected argument {word!r}: {command} takes one article", key=command,
                         hint=f"options start with -; handouts {command} --help lists them")  # fmt: skip


def default_workspace() -> Path:
    return Path(os.environ.get("HANDOUTS_WORKSPACE", "."))


def main() -> None:
    """The CLI on ``sys.argv`` (it ends the process: see :func:`handouts.startup.end`); the
    console script is :func:`handouts.__main__.main`, which sets the process up first."""
    from handouts import startup

    startup.begin(sys.argv[1:])
    try:
        app()
    finally:
        startup.end()
