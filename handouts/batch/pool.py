"""Planned jobs → PDFs in the output folder, rendered in a process pool; never raises for a failing job.

:func:`run` renders the jobs in worker processes (:mod:`handouts.batch.workers`: forked where
possible, each kept on one language's jobs), or in this process with one worker or one job (one
:class:`~handouts.pipeline.RenderContext` per job); it keeps going when a job fails (unless
``fail_fast``), writes each PDF as its result arrives (atomically, in this process) and
keeps the manifest true at every moment (see :mod:`handouts.batch.manifest`). A job whose input
hash and output sha256 match the manifest's record is ``skipped``.

No terminal code here: progress is reported through callbacks; :mod:`handouts.cli.batch` draws it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts import pipeline
from handouts.batch.bundles import Bundle
from handouts.batch.manifest import JobRecord, OutputDir, Result, _up_to_date, read_manifest
from handouts.batch.plan import Job, Options
from handouts.batch.workers import forks, run_tasks
from handouts.diagnostics import summarize
from handouts.errors import HandoutError, UnsafeTranslationError


@dataclass(frozen=True, slots=True)
class _Task:
    """What a worker needs (picklable): absolute paths and the options."""

    index: int
    article: str
    clinic: str
    lang: str
    workspace: str
    today: dt.date
    profile: str
    strict: bool
    pdf_standard: str = "ua-1,a-2u"


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a worker sends back for one job: the PDF (None when it failed), its facts and warnings."""
    index: int
    pdf: bytes | None
    pages: int
    title: str
    warnings: tuple[str, ...]
    seconds: float
    error: str | None
    findings: tuple[dict[str, object], ...] = ()
    approval: str = ""  # "final" or "draft" (the print history records it)


def _render_task(task: _Task) -> _Outcome:
    """Render one job (in a worker process, or in this one with ``jobs=1``)."""
    t0 = time.perf_counter()
    ctx = pipeline.RenderContext(Path(task.workspace), today=task.today, profile=task.profile,
                                 pdf_standard=task.pdf_standard, remember=True)  # fmt: skip
    findings: tuple[dict[str, object], ...] = ()
    try:
        r = pipeline.render_checked(task.article, task.clinic, task.lang, ctx, strict=task.strict)
    except UnsafeTranslationError as e:  # the gate refused this handout; the others go on
        error = f"{e.message}: {e.summary()}"
        findings = tuple(f.as_dict() for f in e.findings)
    except HandoutError as e:
        error = str(e)
    except Exception as e:  # a bug in one job must not stop the others; the manifest names it
        error = f"internal error: {type(e).__name__}: {e}"
    else:
        warns = tuple(summarize(ctx.diagnostics.items))  # one line per cause (render -v lists each)
        return _Outcome(task.index, r.pdf, r.pages, r.handout.meta.title, warns, time.perf_counter() - t0, None,
                        approval=r.approval.state)  # fmt: skip
    warns = tuple(summarize(ctx.diagnostics.items))
    return _Outcome(task.index, None, 0, "", warns, time.perf_counter() - t0, error, findings)


def _worker_init() -> None:
    # Ctrl-C and SIGTERM are the parent's to handle (a signal to the whole process group must not
    # turn running jobs into "failed"): the parent kills its workers, which write nothing
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.getLogger("handouts").disabled = True  # warnings travel back in the outcome


@contextmanager
def _quiet_logger() -> Iterator[None]:
    logger = logging.getLogger("handouts")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


class _Stops:
    """Ctrl-C and SIGTERM while a batch runs: each raises KeyboardInterrupt, except inside
    :meth:`held` (a finished job's PDF being written and recorded), where it is raised when the
    block ends. So the manifest never lists a PDF that is not in the folder, nor the reverse."""

    def __init__(self) -> None:
        self.by = "Ctrl-C"
        self.holding = False
        self.pending = False

    def handler(self, signum: int, frame: Any) -> None:
        self.by = "SIGTERM" if signum == signal.SIGTERM else "Ctrl-C"
        if self.holding:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        """The handler for SIGTERM, and for SIGINT unless it is ignored (``nohup``, a background
        job), in the main thread; the previous handlers again afterwards."""
        previous: dict[signal.Signals, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                if sig == signal.SIGTERM or signal.getsignal(sig) is signal.default_int_handler:
                    previous[sig] = signal.signal(sig, self.handler)
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


MANIFEST_SHARE = 20  # a manifest written mid-batch waits at least this many times its last writing

OnStart = Callable[[int, int], None]  # (jobs to render, jobs skipped as up to date)
OnDone = Callable[[JobRecord], None]


def run(
    out: OutputDir,
    bundle: Bundle,
    jobs: Sequence[Job],
    options: Options,
    *,
    workers: int | None = None,
    force: bool = False,
    fail_fast: bool = False,
    on_start: OnStart | None = None,
    on_done: OnDone | None = None,
    manifest_every: float = 0.25,
) -> Result:
    """Render ``jobs`` into ``out`` (see the module docstring). Never raises for a failing job."""
    t0 = time.perf_counter()
    result = Result(out, bundle, options, [JobRecord(j) for j in jobs], dt.datetime.now(dt.UTC).astimezone())
    previous = {} if force else read_manifest(out)
    todo: list[int] = []
    for i, rec in enumerate(result.records):
        if rec.job.error is not None:  # its article, clinic or catalog cannot be read (see plan)
            rec.status, rec.error = "failed", rec.job.error
            continue
        old = previous.get(rec.job.output)
        if old is not None and _up_to_date(rec.job, old, out):
            rec.status = "skipped"
            rec.pages, rec.sha256 = old.get("pages"), old.get("sha256")
            rec.title = str(old.get("title", ""))
            rec.approval = str(old.get("approval", ""))
            rec.warnings = [str(w) for w in old.get("warnings", [])]
        else:
            todo.append(i)
    if on_start:
        on_start(len(todo), len(result.records) - len(todo))
    last_write, gap = 0.0, manifest_every
    stops = _Stops()

    def finish(outcome: _Outcome) -> bool:
        """Record a finished job (writing its PDF); False when it failed."""
        nonlocal last_write, gap
        rec = result.records[outcome.index]
        with stops.held():  # a stop now waits until the PDF and its record agree
            rec.seconds, rec.warnings, rec.title = outcome.seconds, list(outcome.warnings), outcome.title
            rec.approval = outcome.approval
            if outcome.pdf is None:
                rec.status, rec.error, rec.findings = "failed", outcome.error, list(outcome.findings)
            else:
                from handouts.outputs import write_atomic

                try:
                    write_atomic(out.path / rec.job.output, outcome.pdf)
                except HandoutError as e:
                    rec.status, rec.error = "failed", str(e)
                else:
                    rec.pages, rec.sha256 = outcome.pages, hashlib.sha256(outcome.pdf).hexdigest()
                    rec.status = "warnings" if rec.warnings else "ok"
        if on_done:
            on_done(rec)
        now = time.perf_counter()
        if now - last_write >= gap:
            with stops.held():  # (a stop waits for the manifest too: never its temporary file left)
                result.seconds = now - t0
                result.write_manifest()
            last_write = time.perf_counter()
            # the manifest grows with the batch (some 11 ms to write for 1,000 jobs): written at most
            # every MANIFEST_SHARE times its last cost, it keeps to a small share of this process's time
            gap = max(manifest_every, MANIFEST_SHARE * (last_write - now))
        return rec.status != "failed"

    tasks = [
        _Task(
            i,
            str(result.records[i].job.article_path),
            str(result.records[i].job.clinic_path),
            result.records[i].job.lang,
            str(options.workspace.resolve()),
            options.today,
            options.profile,
            options.strict,
            options.pdf_standard,
        )
        for i in todo
    ]
    n = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    _remove_partial_writes(out, result.records)  # left by a batch killed outright (SIGKILL, a power cut)
    try:
        with stops.installed():
            _run_tasks(tasks, n, finish, fail_fast)
        result.complete = all(r.status != "pending" for r in result.records)
    except KeyboardInterrupt:
        result.interrupted = True
        raise
    finally:
        for rec in result.records:
            if rec.status == "pending":
                if result.interrupted:  # the next run redoes exactly these (they have no output)
                    rec.status, rec.error = "interrupted", f"interrupted ({stops.by}); run the batch again to finish"
                else:
                    rec.status, rec.error = "cancelled", "not run: an earlier job failed (--fail-fast)"
        if result.interrupted:
            _remove_partial_writes(out, result.records)
        result.seconds = time.perf_counter() - t0
        result.write_manifest()
    return result


def _run_tasks(tasks: list[_Task], n: int, finish: Callable[[_Outcome], bool], fail_fast: bool) -> None:
    """The tasks in this process (one worker) or in a pool of ``n``, each outcome to ``finish``."""
    if n == 1:
        with _quiet_logger():
            for task in tasks:
                if not finish(_render_task(task)) and fail_fast:
                    break
    else:
        _run_pool(tasks, n, finish, fail_fast)


def _remove_partial_writes(out: OutputDir, records: Sequence[JobRecord]) -> None:
    """An interruption that landed inside an output's atomic write (between the temporary file's
    creation and its rename) leaves that temporary file, a PDF's or the manifest's: removed (after a
    Ctrl-C, and by the next run after a batch was killed outright), so the folder holds only
    finished PDFs (this run holds the folder's lock, so no other writer's file is touched)."""
    import glob

    for target in (out.manifest, *(out.path / rec.job.output for rec in records)):
        for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            tmp.unlink(missing_ok=True)


def _run_pool(tasks: list[_Task], n: int, finish: Callable[[_Outcome], bool], fail_fast: bool) -> None:
    def done(i: int, outcome: _Outcome | None, error: str | None) -> bool:
        if outcome is None:  # the worker died (killed, out of memory): that job failed, the rest go on
            outcome = _Outcome(tasks[i].index, None, 0, "", (), 0.0, error or "worker process failed")
        return finish(outcome) or not fail_fast

    here = 0  # how many jobs run in this process before the workers start
    if len(tasks) > 2 * n and forks():
        # The first job runs here, before the workers are forked: each inherits what it warmed (the
        # modules a render imports on first use, fonts, hyphenation patterns, the typesetter's
        # memos) instead of paying a first render's extra ~0.1 s at the same time as the others,
        # as gunicorn's preload does. The first worker goes on with that job's language.
        with _quiet_logger():
            first = _render_task(tasks[0])
        if not done(0, first, None):
            return
        here = 1
    rest = tasks[here:]
    # a worker stays on one language (then article, then clinic): its fonts and paragraphs serve again
    keys = [(t.lang, t.article, t.clinic) for t in rest]
    run_tasks(_render_task, rest, keys, n, lambda i, o, e: done(i + here, o, e),
              initializer=_worker_init, preload=["handouts.pipeline"])  # fmt: skip
