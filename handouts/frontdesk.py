"""``handouts render``: its body, and its common command lines run without Typer.

A nurse's render is a fresh process, and Typer (with its vendored Click) takes some 20 ms to
import and to build the command before the render starts: a tenth of a render whose paragraphs
come from the typesetting cache. :func:`parse` reads the command lines a front desk types (the
global options, ``render``, the article and the render options, in any of Click's spellings:
``--lang th``, ``--lang=th``, ``-lth``, ``-qv``, ``--``) and runs :func:`render`, the same body
the Typer command runs. Anything else (``--help``, ``--version``, a misspelt or unknown option,
a missing value, a second article, shell completion) is left to Typer, which explains it: this
module only ever reads a command line Typer would read the same way, and
``tests/cli/test_frontdesk.py`` holds it to that.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from handouts.terminal import (
    boundary,
    choose,
    configure_logging,
    count,
    echo,
    err,
    log,
    settings,
    state,
    workspace,
    write_stdout,
)

PROFILES = ("standard", "large")  # = handouts.layout.styles.PROFILES (not imported: --help stays fast)
LAYOUTS = ("single", "a5-booklet", "2up")  # = handouts.impose.LAYOUTS
PDF_STANDARDS = "ua-1,a-2u"  # = handouts.pdf.standards.DEFAULT (not imported: its package loads the writer)
PAPERS = ("A4", "Letter")  # = handouts.workspace.settings.PAPERS = handouts.batch.bundles.PAPERS


def check_paper(value: str | None, option: str = "--paper") -> str | None:
    """``--paper`` spelled as :data:`PAPERS` spells it (``letter`` → ``Letter``); anything else a usage
    error (exit 2) with the closest one (``A44``: did you mean A4?) and the list."""
    from handouts.errors import UsageError, close_matches

    if value is None:
        return None
    folded = {p.casefold(): p for p in PAPERS}
    key = value.strip().casefold()
    if key in folded:
        return folded[key]
    close = close_matches(key, folded)
    hint = (f"did you mean {folded[close[0]]}? " if close else "") + f"papers: {', '.join(PAPERS)}"
    raise UsageError(f"unknown paper {value!r}", key=option, hint=hint)


def _is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def check_clinic(value: str | None, root: Path, conf: Any) -> str:
    """``--clinic`` checked against the workspace's clinics (a path passes), or the default clinic."""
    from handouts.workspace.inventory import clinic_ids, default_clinic

    if value is None:
        chosen = default_clinic(root, conf)
        log.info("clinic: %s (%s)", chosen, "handouts.toml [defaults]" if conf.clinic else "the only clinic")
        return chosen
    if value.endswith(".toml") or "/" in value or "\\" in value:
        return value
    return choose(value, clinic_ids(root), "--clinic", "clinic")


SEVERAL_RENDER = "a bilingual handout is --lang th+en"
SEVERAL_REPEATED = "give each language its own --lang: --lang th --lang en"


def several_languages(value: str, how: str) -> None:
    """``--lang th,en`` or ``--lang "th en"``: a usage error saying how several are given (the list of
    languages said nothing of it)."""
    from handouts.errors import UsageError

    parts = [p for p in re.split(r"[,;\s]+", value) if p]
    if len(parts) > 1:
        raise UsageError(f"{value!r} is several languages in one value", key="--lang", hint=how)


def check_lang(value: str | None, root: Path, several: str = SEVERAL_RENDER) -> str | None:
    """Each part of ``--lang`` (th, or th+en) must be a language of the workspace; returned as its
    catalogs' codes (``TH``, ``th-TH``, ``tha`` → ``th``, as the web API reads them)."""
    from handouts.i18n.languages import code_of
    from handouts.workspace.inventory import languages

    if value is None:
        return None
    known = languages(root)
    if not value.strip():  # (--lang "$LANG" with LANG unset printed the default language, unsaid)
        from handouts.errors import UsageError

        raise UsageError("is empty", key="--lang", hint=f"give a language: {', '.join(known)}, or leave --lang out "
                         "for the default")  # fmt: skip
    several_languages(value, several)
    parts = []
    for part in value.split("+"):
        if part:
            code = code_of(part)
            part = code if code in known and part not in known else part
            choose(part, known, "--lang", "language")
        parts.append(part)
    return "+".join(parts)


def given_path(value: str, option: str) -> Path:
    """A file or folder option's value as a path; an empty one (``-o "$OUT"`` with OUT unset) is a
    usage error, where ``Path("")`` would quietly be the current folder."""
    from handouts.errors import UsageError

    if not value.strip():
        raise UsageError("is empty", key=option, hint="give a file or folder name; . is the current folder")
    return Path(value)


def pdf_target(value: str | None, option: str = "--output") -> Path | None:
    """``-o``: None (the default name), ``-`` (stdout), a folder (default name inside) or a ``.pdf`` path.

    Any other extension is a usage error (exit 2): ``-o handout.png`` would otherwise write a PDF
    under a misleading name.
    """
    from handouts.errors import OutputError, UsageError

    if value is None or value == "-":
        return None if value is None else Path("-")
    path = given_path(value, option)
    if value.endswith(("/", "\\")) or path.is_dir():
        if not path.is_dir():
            raise OutputError("the output folder does not exist", path=path, key=option,
                              hint=f"create it first: mkdir -p {shlex.quote(str(path))}")  # fmt: skip
        return path
    if path.suffix.lower() != ".pdf":
        if path.name.lower() == ".pdf":  # (a hidden file's name: -o "$NAME.pdf" with NAME unset)
            raise UsageError(f"{value!r} has no name before .pdf", key=option,
                             hint="give NAME.pdf, an existing folder, or - for stdout")  # fmt: skip
        what = f"a {path.suffix} file name" if path.suffix else "a name without .pdf"
        raise UsageError(f"{value!r} is {what}; handouts are PDF files", key=option,
                         hint="give NAME.pdf, an existing folder, or - for stdout")  # fmt: skip
    return path


def render(
    article: str,
    clinic: str | None = None,
    lang: str | None = None,
    output: str | None = None,
    strict: bool = False,
    profile: str = "standard",
    layout: str = "single",
    pdf_standard: str = PDF_STANDARDS,
    no_qr: bool = False,
    notes: str | None = None,
    patient: str | None = None,
) -> None:
    """Render one handout as a print-ready PDF (the options as ``handouts render`` documents them)."""
    with boundary():
        choose(profile, PROFILES, "--profile", "profile")
        choose(layout, LAYOUTS, "--layout", "layout")
        root = workspace()
        conf = settings(root)
        clinic_ref = check_clinic(clinic, root, conf)
        lang = check_lang(lang, root)

        from handouts import outputs
        from handouts.pipeline import Personal, RenderContext, render_checked

        protect = outputs.workspace_inputs(root, (p for p in (article, clinic_ref) if Path(p).suffix))
        if output == "-" and _is_terminal(sys.stdout):
            from handouts.errors import UsageError

            raise UsageError("'-' writes the PDF to standard output, which is this terminal", key="-o",
                             hint=f"pipe it to the printer: handouts render {shlex.quote(article)} -o - | lp; or give -o FILE.pdf")  # fmt: skip
        if output not in (None, "-") and output.strip() and not Path(output).is_dir():
            outputs.check_target(Path(output), protect, key="-o")  # before any work: a wrong -o costs nothing
        target = pdf_target(output)
        if target not in (None, Path("-")):  # never among the inputs (as batch --out)
            outputs.check_folder(target if target.is_dir() else target.parent, root, key="-o", shown=target)
        folder, inputs = outputs.default_folder(root) if target is None else (Path("."), "")
        personal = Personal(patient or "", notes or "")
        default_langs = conf.languages
        if lang is None:  # used: each checked against the workspace's languages (a typo named at its line)
            from handouts.workspace.inventory import default_languages

            default_langs = default_languages(root, conf)
        ctx = RenderContext(root, profile=profile, layout=layout, qr=not no_qr, personal=personal,
                            default_langs=default_langs, pdf_standard=pdf_standard,
                            ahead=not state.verbose)  # -v: the model's steps are logged as they run  # fmt: skip
        result = render_checked(article, clinic_ref, lang, ctx, strict=strict)
        suffix = "" if layout == "single" else f".{layout}"
        langs = "+".join(x.lang for x in (result.handout, result.second) if x is not None)  # th+en: never th's name
        name = f"{Path(result.handout.meta.article_id).name}.{langs}{suffix}.pdf"
        if target == Path("-"):
            write_stdout(result.pdf)
        else:
            path = folder / name if target is None else target / name if target.is_dir() else target
            replaced = inputs and path.exists()
            written = outputs.write_atomic(path, result.pdf, protect=protect,
                                           key="-o" if target is not None else None)  # (no -o: none to blame)
            echo(str(written))
            if inputs and not state.quiet:  # not where the user is: say where it went
                err(f"note: {inputs}/ holds the workspace's inputs, so the handout went to {outputs.OUT}/{name}"
                    f"{' (replacing the one there)' if replaced else ''}; -o chooses another place")  # fmt: skip
        if not state.quiet:
            from handouts.diagnostics import summarize

            n, causes = len(ctx.diagnostics), len(summarize(ctx.diagnostics.items))
            shown = f" in {count(causes, 'line')} (each one: -v)" if causes < n and not state.verbose else ""
            err(f"{result.summary(layout)}, {count(n, 'warning')}{shown}")


# The options as Typer declares them (handouts.cli's main_callback and _global_options, and
# handouts.cli.render.render): spelling → (name, kind).
FLAG, COUNT, VALUE = "flag", "count", "value"
_EVERYWHERE = {"-v": ("verbose", COUNT), "--verbose": ("verbose", COUNT), "-q": ("quiet", FLAG),
               "--quiet": ("quiet", FLAG), "--debug": ("debug", FLAG), "-w": ("workspace", VALUE),
               "--workspace": ("workspace", VALUE), "--no-cache": ("no_cache", FLAG)}  # fmt: skip
BEFORE_COMMAND = _EVERYWHERE
RENDER = {**_EVERYWHERE, "-c": ("clinic", VALUE), "--clinic": ("clinic", VALUE), "-l": ("lang", VALUE),
          "--lang": ("lang", VALUE), "-o": ("output", VALUE), "--output": ("output", VALUE),
          "--strict": ("strict", FLAG), "--profile": ("profile", VALUE), "--layout": ("layout", VALUE),
          "--pdf-standard": ("pdf_standard", VALUE), "--no-qr": ("no_qr", FLAG), "--notes": ("notes", VALUE),
          "--patient": ("patient", VALUE)}  # fmt: skip
GLOBAL = {"verbose", "quiet", "debug", "workspace", "no_cache"}

Options = dict[str, "str | int | bool"]


def _read(args: Sequence[str], table: dict[str, tuple[str, str]], *, command: bool) -> tuple[Options, list[str]] | None:
    """Click's reading of ``args`` against ``table``: the options given and the arguments, or None
    where Click would refuse or could read it otherwise. Before the command (``command=False``)
    the first argument ends the options, as it does for Click's groups."""
    given: Options = {}
    arguments: list[str] = []

    def take(name: str, kind: str, value: str | None) -> None:
        given[name] = int(given.get(name, 0)) + 1 if kind == COUNT else True if kind == FLAG else str(value)

    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            if not command:
                return None
            arguments.extend(args[i:])
            break
        if arg.startswith("--"):
            spelling, eq, attached = arg.partition("=")
            if spelling not in table:
                return None
            name, kind = table[spelling]
            if kind != VALUE:
                if eq:
                    return None  # "option does not take a value"
                take(name, kind, None)
            elif eq:
                take(name, kind, attached)
            elif i < len(args):
                take(name, kind, args[i])
                i += 1
            else:
                return None  # "requires an argument"
        elif arg.startswith("-") and len(arg) > 1:
            for at in range(1, len(arg)):  # -qv, -lth, -o-
                if f"-{arg[at]}" not in table:
                    return None
                name, kind = table[f"-{arg[at]}"]
                if kind != VALUE:
                    take(name, kind, None)
                    continue
                if at + 1 < len(arg):
                    take(name, kind, arg[at + 1 :])
                elif i < len(args):
                    take(name, kind, args[i])
                    i += 1
                else:
                    return None
                break
        elif command:
            arguments.append(arg)
        else:
            return given, [arg, *args[i:]]
    return given, arguments


def parse(argv: Sequence[str]) -> tuple[Options, Options, str] | None:
    """``argv`` (without the program) → (global options before the command, the render options,
    the article), or None when it is not a render Typer would read the same way."""
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):  # shell completion
        return None
    before = _read(argv, BEFORE_COMMAND, command=False)
    if before is None or not before[1] or before[1][0] != "render":
        return None
    after = _read(before[1][1:], RENDER, command=True)
    if after is None or len(after[1]) != 1:
        return None
    if any(isinstance(v, str) and not v.strip() for v in (before[0].get("workspace"), after[0].get("workspace"))):
        return None  # -w "": Typer's callback refuses it (handouts.terminal.given_workspace)
    for name in ("notes", "patient"):  # text_option's check: Typer explains text that is not UTF-8
        value = after[0].get(name)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return None
    return before[0], after[0], after[1][0]


def _apply(before: Options, after: Options) -> None:
    """The global options into :data:`handouts.terminal.state`, as Typer's callbacks set it: the
    group's values first, then the command's own (-v adds, -q and --debug switch on, -w replaces)."""
    state.verbose = int(before.get("verbose", 0)) + int(after.get("verbose", 0))
    state.quiet = bool(before.get("quiet") or after.get("quiet"))
    state.debug = bool(before.get("debug") or after.get("debug"))
    where = after.get("workspace", before.get("workspace"))
    state.workspace = None if where is None else Path(str(where))
    if before.get("no_cache") or after.get("no_cache"):
        os.environ["HANDOUTS_NO_CACHE"] = "1"
    configure_logging()


def run(parsed: tuple[Options, Options, str]) -> None:
    """Run a render :func:`parse` read; a failure ends it with its exit code (:class:`SystemExit`)."""
    before, after, article = parsed
    _apply(before, after)
    options = {k: v for k, v in after.items() if k not in GLOBAL}
    render(article, **options)  # type: ignore[arg-type]
