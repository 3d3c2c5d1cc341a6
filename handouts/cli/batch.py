"""`handouts batch`: render a bundle (or ad-hoc articles × clinics × languages) into a folder, in parallel.

stdout: the manifest path, the combined print file, the lp commands (``--dry-run``) or the submitted
print jobs. stderr: a progress bar (only on a terminal, not with -q), failed jobs, each warning once
(with its handout, or how many handouts it is for; a clinic's when planned) and a
one-line summary. Exit 0: every handout is there; 4: some failed; 1: none usable or bad input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from handouts.cli import PDF_STANDARD_HELP, app, boundary, err, log, settings, state
from handouts.cli import workspace as find_workspace
from handouts.cli.choices import Choice
from handouts.frontdesk import (
    PAPERS,
    PDF_STANDARDS,
    PROFILES,
    SEVERAL_REPEATED,
    check_clinic,
    check_lang,
    check_paper,
    given_path,
    pdf_target,
)
from handouts.terminal import choose, count


@app.command()
def batch(
    bundle: Annotated[
        str | None, typer.Argument(metavar="BUNDLE", help="Bundle id under bundles/ or a .toml path (or use --article/--clinic).")
    ] = None,
    out_given: Annotated[
        str | None, typer.Option("--out", "-o", metavar="DIR", help="Output folder. Default: out/<bundle id> (out/batch ad hoc).")
    ] = None,
    article: Annotated[
        list[str] | None,
        typer.Option("--article", "-a", click_type=Choice("article", metavar="ARTICLE"),
                     help="Ad hoc: article id or path (repeatable)."),
    ] = None,
    clinic: Annotated[
        list[str] | None,
        typer.Option("--clinic", "-c", click_type=Choice("clinic"), help="Ad hoc: clinic id (repeatable). "
                     "Default: [defaults] clinic of handouts.toml, or the workspace's only clinic."),
    ] = None,
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", "-l", click_type=Choice("lang"),
                     help="Ad hoc: language (repeatable). Default: [defaults] languages of handouts.toml, else all."),
    ] = None,
    copies: Annotated[
        int | None, typer.Option("--copies", "-n", metavar="N", help="Ad hoc: copies of each handout. Default 1.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, metavar="N", help="Parallel render processes. Default: CPU count.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Render every handout, even those up to date.")] = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first failed handout.")] = False,
    combine_given: Annotated[
        str | None, typer.Option("--combine", metavar="FILE.pdf", help="Also write one print-order PDF with the copies expanded.")
    ] = None,
    separator: Annotated[
        bool | None, typer.Option("--separator/--no-separator", help="Separator sheet per handout in --combine.")
    ] = None,
    duplex: Annotated[
        bool | None, typer.Option("--duplex/--simplex", help="Two-sided printing (overrides the bundle).")
    ] = None,
    paper: Annotated[
        str | None,
        typer.Option("--paper", click_type=Choice("paper", PAPERS),
                     help="Overrides the bundle; ad hoc default: the clinics' paper, else [defaults] paper of handouts.toml, else A4."),
    ] = None,
    print_: Annotated[
        bool, typer.Option("--print", help="Send each handout to a CUPS printer (lp -n COPIES).")
    ] = False,
    printer: Annotated[
        str | None,
        typer.Option("--printer", "-P", click_type=Choice("printer"),
                     help="CUPS printer. Default: the bundle's printer, [defaults] printer of handouts.toml, "
                     "then the CUPS default (lpstat -d)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --print: show the lp commands, run none (needs no CUPS).")
    ] = False,
    wait: Annotated[
        float, typer.Option("--wait", min=0, metavar="SECONDS", help="Seconds to wait for another batch using the same folder.")
    ] = 0.0,
    strict: Annotated[bool, typer.Option("--strict", help="A handout with warnings counts as failed.")] = False,
    profile: Annotated[
        str, typer.Option("--profile", click_type=Choice("profile", PROFILES), help="Print profile (large: 18 pt).")
    ] = "standard",
    pdf_standard: Annotated[str, typer.Option("--pdf-standard", metavar="[ua-1,a-2u|ua-1|a-2u|none]", help=PDF_STANDARD_HELP)] = PDF_STANDARDS,
) -> None:
    """Render many handouts at once (each distinct one once), with a manifest; optionally combine and print."""
    import dataclasses

    from handouts import batch as b
    from handouts import outputs
    from handouts.errors import PrintError, UsageError

    adhoc = bool(article or clinic or lang or copies is not None)
    with boundary():  # (a usage error is one line, exit 2, as every other)
        if bundle and adhoc:
            raise UsageError(f"give a BUNDLE or --article/--clinic/--lang/--copies, not both (BUNDLE {bundle!r})",
                             hint=f"'handouts batch {bundle}' renders the bundle's items")  # fmt: skip
        if not bundle and not adhoc:
            raise UsageError("nothing to render", hint="give a BUNDLE (a file of bundles/: handouts batch waiting-room) "
                             "or --article ID [--clinic ID] [--lang LANG]")  # fmt: skip
        if dry_run and not print_:
            raise UsageError("--dry-run goes with --print", hint="'--print --dry-run' shows the print commands "
                             "without printing")  # fmt: skip
        if printer is not None and not print_:  # (a printer named, and nothing printed: surely not what was meant)
            raise UsageError(f"--printer {printer} goes with --print", hint="add --print to print the batch")
        paper = check_paper(paper)  # (A44: did you mean A4?)
        out = None if out_given is None else given_path(out_given, "--out")  # (--out "" is not the current folder)
        combine_to = None if combine_given is None else given_path(combine_given, "--combine")

    with boundary():
        choose(profile, PROFILES, "--profile", "profile")
        workspace = find_workspace()
        conf = settings(workspace)
        if bundle:
            spec = b.load_bundle(b.find_bundle(bundle, workspace))
        else:
            lang = [check_lang(value, workspace, SEVERAL_REPEATED) or value for value in lang or []]
            clinics = [check_clinic(c, workspace, conf) for c in clinic] if clinic else [check_clinic(None, workspace, conf)]
            from handouts.workspace.inventory import default_languages

            langs = lang or list(default_languages(workspace, conf)) or None
            with _options_are_usage():
                spec = b.adhoc_bundle(
                    article or [], clinics, langs, 1 if copies is None else copies,
                    paper=paper or _clinics_paper(clinics, workspace) or conf.paper or "A4",
                )
        if paper is not None:
            with _options_are_usage():
                spec = dataclasses.replace(spec, paper=b.check_paper(paper))
        if duplex is not None:
            spec = dataclasses.replace(spec, duplex=duplex)
        if separator is not None:
            spec = dataclasses.replace(spec, separator=separator)
        options = b.Options(workspace, profile=profile, strict=strict, pdf_standard=pdf_standard)
        with _said() as planned:  # warnings said while planning (a clinic's): not again per handout
            todo = b.plan(spec, options)
        folder = out if out is not None else workspace / "out" / spec.id
        outputs.check_folder(folder, workspace, key="--out")
        if combine_to is not None:
            outputs.check_target(combine_to, outputs.workspace_inputs(workspace), key="--combine")
            outputs.check_folder(combine_to.parent, workspace, key="--combine", shown=combine_to)  # (as --out)
            pdf_target(str(combine_to), "--combine")
        b.prepare_output(folder)
        target: str | None = None
        if print_:
            target = _printer(printer, spec, conf, dry_run)

        with b.locked_output(folder, wait) as od:
            with _progress() as bar:
                result = b.run(
                    od,
                    spec,
                    todo,
                    options,
                    workers=jobs or os.cpu_count(),
                    force=force,
                    fail_fast=fail_fast,
                    on_start=bar.start,
                    on_done=bar.done,
                )
            typer.echo(str(od.manifest))
            if combine_to is not None and result.usable:
                c = b.combine(result, combine_to, duplex=spec.duplex, separator=spec.separator, paper=spec.paper)
                result.extra["combined"] = c.to_json(od)
                result.write_manifest()
                typer.echo(str(c.path))
                if not state.quiet:
                    err(f"print file: {c.pages} pages ({c.blanks} blank backs, {c.separators} separator sheets)")
            failure: PrintError | None = None
            if print_ and result.usable and not (fail_fast and result.exit_code):
                try:
                    _print(result, target, dry_run)
                except PrintError as e:
                    failure = e

        _summary(result, planned)
        if failure is not None:  # after the summary: the handouts are rendered, only printing failed
            failure.hint = (failure.hint + "; " if failure.hint else "") + f"the handouts are in {folder}"
            raise failure
        if result.exit_code:
            raise typer.Exit(result.exit_code)


def _printer(option: str | None, spec: Any, conf: Any, dry_run: bool) -> str | None:
    """--printer, else the bundle's printer, else handouts.toml's, else CUPS' default.

    A dry run needs no CUPS: without a known printer its lp commands have no -d (the default destination).
    """
    from handouts import printing
    from handouts.errors import SettingsError

    for name, source in ((option, "--printer"), (spec.printer, "the bundle"), (conf.printer, "handouts.toml")):
        if name:
            log.info("printer: %s (from %s)", name, source)
            if not dry_run:
                try:
                    printing.check_printer(name)
                except printing.UnknownPrinterError as e:
                    if source == "--printer":
                        raise
                    # the file's mistake (exit 1, at its line), not a --printer never given
                    raise (spec.error(None, "printer", e.message, e.hint) if source == "the bundle" else
                           SettingsError(e.message, path=conf.path, line=conf.line_of("defaults", "printer"),
                                         key="[defaults].printer", hint=e.hint)) from None  # fmt: skip
            return str(name)
    if dry_run:
        log.info("printer: none given; the lp commands use CUPS' default destination")
        return None
    return printing.default_printer()


def _print(result: Any, printer: str | None, dry_run: bool) -> None:
    from handouts import printing

    spec = result.bundle
    requests = [
        printing.PrintRequest(
            # the queue shows ids, however the bundle named the files (articles/x.md, clinics/demo.toml)
            result.out.path / r.job.output, r.job.copies,
            f"{Path(r.job.article_path).stem} {Path(r.job.clinic_path).stem} {r.job.lang}",
        )
        for r in result.usable
    ]
    try:
        sent = printing.submit(printer, requests, media=spec.paper, duplex=spec.duplex, dry_run=dry_run)
    except printing.SubmitError as e:
        _record_print(result, printer, e.submitted, str(e))
        if not dry_run:
            _log_history(result, printer, e.submitted)
        raise
    _record_print(result, printer, sent, None)
    if not dry_run:
        _log_history(result, printer, sent)
    for s in sent:
        if dry_run:
            typer.echo(printing.show(s.command))
        else:
            typer.echo(f"printed {s.request.path.name} ×{s.request.copies} on {printer or 'the default printer'}: "
                       f"{s.job_id or '(no job id)'}")


def _record_print(result: Any, printer: str | None, sent: list[Any], error: str | None) -> None:
    result.extra["printed"] = {
        "printer": printer,
        "jobs": [{"output": s.request.path.name, "copies": s.request.copies, "job_id": s.job_id} for s in sent],
        "error": error,
    }
    result.write_manifest()


def _log_history(result: Any, printer: str | None, sent: list[Any]) -> None:
    """One line per submitted job in the workspace's print history (as the web front desk keeps it)."""
    from handouts import history

    by_output = {r.job.output: r for r in result.usable}
    now = history.PrintRecord.now()
    for s in sent:
        r = by_output.get(s.request.path.name)
        if r is None:
            continue
        history.append(result.options.workspace, history.PrintRecord(
            time=now, user="cli", article=r.job.article, lang=r.job.lang, clinic=r.job.clinic,
            profile=result.options.profile, layout="single", copies=r.job.copies, printer=printer or "",
            job=s.job_id, state=r.approval or "draft", via="cli",
        ))  # fmt: skip


def _clinics_paper(clinics: list[str], workspace: Path) -> str | None:
    """The paper the clinics' handouts are laid out on, when they all share one: an ad-hoc batch
    asks the printer for it (a Letter clinic's PDFs were sent with media=A4 unless handouts.toml
    said otherwise). From the facts an earlier plan kept of each clinic, else the clinic read (a
    logo decoded: some 30 ms for the first); None when they differ or one cannot be read (the
    batch reports that itself)."""
    import hashlib

    from handouts.batch import facts
    from handouts.branding import find_clinic, load_brand
    from handouts.errors import HandoutError

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()  # (as the plan's hasher: its cache entries)

    papers = set()
    for ref in clinics:
        try:
            path = find_clinic(ref, workspace)
            kept = facts.kept_clinic(path, digest(path), workspace, digest)
            papers.add(kept.paper if kept is not None else load_brand(path, workspace).paper)
        except (HandoutError, OSError):
            return None
    return papers.pop() if len(papers) == 1 else None


@contextmanager
def _options_are_usage() -> Iterator[None]:
    """A bad value of an ad-hoc batch's options (``--copies``, ``--paper``; and whatever else the
    ad-hoc bundle refuses, named by its option) is a command-line usage error (exit 2, as a bad
    choice is everywhere: docs/errors.md), not a bundle file's (exit 1)."""
    from handouts.batch import BundleError
    from handouts.errors import UsageError

    try:
        yield
    except BundleError as e:
        option = {"copies": "--copies", "languages": "--lang", "article": "--article", "clinic": "--clinic"}.get(
            (e.key or "").rsplit(".", 1)[-1], e.key)  # fmt: skip
        raise UsageError(e.message, key=option, hint=e.hint) from None


@contextmanager
def _said() -> Iterator[set[str]]:
    """The warnings logged meanwhile (as written: ``clinics/demo.toml:5: warning: … [code]``)."""
    import logging

    said: set[str] = set()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno == logging.WARNING:
                said.add(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("handouts")
    logger.addHandler(handler)
    try:
        yield said
    finally:
        logger.removeHandler(handler)


def _summary(result: Any, said: set[str]) -> None:
    """Failed jobs, then each warning once: with its handout, or how many it is for (one cause, one
    line: a clinic's warning is every handout's of that clinic); none already ``said``."""
    shown: dict[str, list[str]] = {}
    for r in result.records:
        if r.status == "failed":
            err(f"failed: {r.job.output}: {r.error}")
        elif r.status == "warnings" and not state.quiet:
            for w in r.warnings:
                shown.setdefault(w, []).append(r.job.output)
    for w, where in shown.items():
        if w not in said:
            err(f"{where[0] if len(where) == 1 else count(len(where), 'handout')}: {w}")
    if state.quiet:
        return
    s = result.summary()
    parts = [f"{s['ok']} ok", f"{s['warnings']} with warnings", f"{s['skipped']} up to date", f"{s['failed']} failed"]
    if s["cancelled"]:
        parts.append(f"{s['cancelled']} cancelled")
    if s["interrupted"]:
        parts.append(f"{s['interrupted']} interrupted")
    copies = sum(r.job.copies for r in result.usable)
    err(f"{count(s['jobs'], 'handout')}: {', '.join(parts)}; {count(copies, 'copy', 'copies')} to print; "
        f"{result.seconds:.1f} s → {result.out.manifest}")  # fmt: skip


class _Bar:
    """Progress callbacks: a rich bar on stderr when it is a terminal (and not -q), else silent."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, todo: int, skipped: int) -> None:
        if self.progress is not None and todo:
            label = "rendering" + (f" ({skipped} up to date)" if skipped else "")
            self.task = self.progress.add_task(label, total=todo)
            self.progress.refresh()

    def done(self, record: Any) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)
            self.progress.refresh()


@contextmanager
def _progress() -> Iterator[_Bar]:
    if state.quiet or not sys.stderr.isatty():
        yield _Bar(None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # redrawn as jobs finish, not by rich's refresh thread: with no thread running the workers are
    # forked from this process (see handouts.batch.workers), which starts them much faster
    with Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False) as progress:
        yield _Bar(progress)
