"""Render requests → PDF bytes, page previews or approval states, in warm worker processes.

The server never renders on its event loop: ReportLab is CPU-bound, so each job runs in a
process pool (one worker per core) whose processes keep fonts, catalogs and parsed articles warm
between requests. Jobs are plain data and answers are plain dicts (pickled across the process
boundary); a :class:`~handouts.errors.HandoutError` comes back as the same one-line message and
findings the CLI prints, never as a traceback. The patient's name and notes travel inside the
job and the PDF bytes only: nothing here logs or stores them.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import HandoutError


@dataclass(frozen=True, slots=True)
class Job:
    """One handout to render (ids already checked against the workspace inventory)."""

    workspace: str
    article: str
    clinic: str
    lang: str
    profile: str = "standard"
    layout: str = "single"
    patient: str = field(default="", repr=False)
    notes: str = field(default="", repr=False)

    @property
    def personalised(self) -> bool:
        return bool(self.patient or self.notes)


def _context(job: Job, personal: bool = True) -> Any:
    """A render's context whose warnings are collected for the answer (the page's status box, the
    API's ``warnings``), not logged: the same untranslated entries on every request of every
    page would bury the server log's real errors."""
    from handouts.diagnostics import Diagnostics
    from handouts.pipeline import Personal, RenderContext

    who = Personal(job.patient, job.notes) if personal else Personal()
    return RenderContext(Path(job.workspace), profile=job.profile, layout=job.layout, personal=who,
                         diagnostics=Diagnostics(log=False), remember=True)  # fmt: skip


def _findings(ctx: Any) -> list[dict[str, Any]]:
    return [{"code": d.code, "message": d.message, "file": d.path, "line": d.line, "text": str(d)}
            for d in ctx.diagnostics.items]  # fmt: skip


def _approval(handout: Any, ctx: Any) -> dict[str, Any]:
    """final or draft, and why (the words a reviewer would use); who signed the translation off, when."""
    warned = [str(d) for d in ctx.diagnostics.items if d.code.startswith(("i18n.", "signoff.", "content.review"))]
    signed = getattr(handout, "approval", None)  # the sign-off state (document control), when the pipeline has it
    reasons = [*(signed.reasons if signed is not None else ()), *(w for w in warned if w not in getattr(signed, "reasons", ()))]
    draft = (bool(getattr(handout.chrome, "draft", "")) or handout.translated_percent < 100 or bool(reasons)
             or (signed is not None and signed.state != "final"))  # fmt: skip
    date = getattr(signed, "date", None)
    return {"state": "draft" if draft else "final", "reasons": reasons, "percent": handout.translated_percent,
            "reviewer": getattr(signed, "reviewer", ""), "date": date.isoformat() if date else None}  # fmt: skip


_FIELDS = {"--notes": "notes", "--patient": "patient", "--lang": "lang", "--clinic": "clinic", "--profile": "profile",
           "--layout": "layout"}  # (a command-line option → the form's or API's field)


def _web_words(text: str) -> str:
    """The CLI's options in a message → the form's and API's fields: ``--layout 2up`` → ``layout=2up``."""
    import re

    text = re.sub(r"--(profile|layout|lang|clinic) ([\w+-]+)", r"\1=\2", text)
    return re.sub(r"--(notes|patient|lang|clinic|profile|layout)\b", r"\1", text)


def _refused(e: HandoutError) -> dict[str, Any]:
    findings = getattr(e, "findings", None) or []
    error = str(e)
    if e.key in _FIELDS:  # said in the web's words: the field, and no shell command as the fix
        hint = e.hint if e.hint and "handouts " not in e.hint and "echo " not in e.hint else ""
        if "Zawgyi" in e.message:
            hint = "retype it with a Unicode Burmese keyboard, or convert it with 'handouts i18n zawgyi-to-unicode'"
        error = _web_words(f"{_FIELDS[e.key]}: {e.message}" + (f" ({hint})" if hint else ""))
    return {
        "ok": False,
        "error": error,
        "ui": e.words,  # the desk says it in its own language (a msgid of its catalog and the values)
        # the CLI's lines (text) and their parts (path, line, code, msgid, hint) for an HIS to show
        "findings": [{**(f.as_dict() if hasattr(f, "as_dict") else {}), "text": str(f)} for f in findings],
    }


def in_workspace(value: Any, workspace: str) -> Any:
    """An answer's text without the server's folders: ``/srv/ws/locales/th/…`` → ``locales/th/…``, as
    ``handouts render`` names them run in the workspace (a browser or an HIS has no business with them)."""
    if isinstance(value, str):
        for root in {str(Path(workspace).resolve()), workspace.rstrip(os.sep)}:
            value = value.replace(root + os.sep, "")
        return value
    if isinstance(value, dict):
        return {k: in_workspace(v, workspace) for k, v in value.items()}
    if isinstance(value, list):
        return [in_workspace(v, workspace) for v in value]
    return value


def render_job(job: Job) -> dict[str, Any]:
    """The PDF of ``job``, its approval state and warnings; or the refusal."""
    out: dict[str, Any] = in_workspace(_render(job), job.workspace)
    return out


def _render(job: Job) -> dict[str, Any]:
    from handouts.pipeline import render

    ctx = _context(job)
    try:
        result = render(job.article, job.clinic, job.lang, ctx)
    except HandoutError as e:
        return _refused(e)
    return {"ok": True, "pdf": result.pdf, "pages": result.pages, "approval": _approval(result.handout, ctx),
            "warnings": _findings(ctx), "title": result.handout.meta.title}  # fmt: skip


def status_job(job: Job) -> dict[str, Any]:
    """Approval state of a handout without laying it out (the front desk's "final / draft, because …")."""
    out: dict[str, Any] = in_workspace(_status(job), job.workspace)
    return out


def _status(job: Job) -> dict[str, Any]:
    from handouts.pipeline import build_handout, resolve

    ctx = _context(job, personal=False)
    try:
        article, brand = resolve(job.article, job.clinic, ctx)
        approvals = [_approval(build_handout(article, brand, lang, ctx), ctx) for lang in job.lang.split("+")]
    except HandoutError as e:
        return _refused(e)
    state = "draft" if any(a["state"] == "draft" for a in approvals) else "final"
    reasons = [r for a in approvals for r in a["reasons"]]
    first = approvals[0]
    return {"ok": True, "approval": {"state": state, "reasons": reasons, "percent": min(a["percent"] for a in approvals),
                                     "reviewer": first["reviewer"], "date": first["date"]}}  # fmt: skip


def preview_job(job: Job, dpi: int = 50) -> dict[str, Any]:
    """:func:`render_job` plus each page as a PNG (for the front desk's preview)."""
    out = render_job(job)
    if not out["ok"]:
        return out
    import io

    import pypdfium2

    doc = pypdfium2.PdfDocument(out["pdf"])
    images: list[bytes] = []
    try:
        for i in range(len(doc)):
            buf = io.BytesIO()
            doc[i].render(scale=dpi / 72).to_pil().save(buf, format="PNG", optimize=False)
            images.append(buf.getvalue())
    finally:
        doc.close()
    out["images"] = images
    return out


def _warm(workspace: str) -> None:
    """Import the pipeline and typeset one handout so the first request is warm."""
    os.environ.setdefault("HANDOUTS_SERVE_WORKER", "1")
    try:
        from handouts.content.article import list_articles

        ids = list_articles(Path(workspace))
        if ids:
            render_job(Job(workspace, ids[0], _any_clinic(workspace), ""))
    except Exception:  # warming is best effort: a broken workspace shows its errors per request
        pass


def _any_clinic(workspace: str) -> str:
    clinics = sorted(p.stem for p in (Path(workspace) / "clinics").glob("*.toml"))
    return "demo" if "demo" in clinics or not clinics else clinics[0]


class Workers:
    """A process pool with warm workers; ``submit`` returns a concurrent future."""

    def __init__(self, workspace: Path, n: int) -> None:
        self._workspace, self._n = workspace, max(1, n)
        self._pool = self._new_pool()

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        ctx = multiprocessing.get_context("spawn")  # no fork of the server's threads or event loop
        return cf.ProcessPoolExecutor(max_workers=self._n, mp_context=ctx, initializer=_warm,
                                      initargs=(str(self._workspace),))  # fmt: skip

    def submit(self, fn: Any, *args: Any) -> cf.Future[dict[str, Any]]:
        """``fn(*args)`` in a worker. A pool broken by a worker that died (killed, crashed: its jobs
        fail with ``BrokenProcessPool``) is replaced first, so the server goes on rendering."""
        try:
            return self._pool.submit(fn, *args)
        except cf.process.BrokenProcessPool:
            import logging

            logging.getLogger("handouts").error("a render process ended unexpectedly: starting new ones")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(fn, *args)

    def close(self, grace: float = 5.0) -> None:
        """Stop the workers: jobs not started are cancelled, a running one has ``grace`` seconds
        to finish, then its process is terminated, and killed if it outlives that by a second (a
        server stopped by SIGTERM leaves none behind)."""
        processes = list((getattr(self._pool, "_processes", None) or {}).values())  # (the executor's own table)
        self._pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + grace
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()
                process.join(1.0)
            if process.is_alive():  # SIGTERM caught (a handler it inherited turns it into an exception the
                process.kill()  # pool's loop survives): killed, so no worker outlives the server
                process.join(1.0)
        # The executor's own thread reaps its processes too: when it takes a process's exit status
        # first, a join here returns without it, and the process reads as alive until that thread
        # has recorded it, a moment later.
        until = time.monotonic() + 2.0
        while any(p.is_alive() for p in processes) and time.monotonic() < until:
            time.sleep(0.01)
