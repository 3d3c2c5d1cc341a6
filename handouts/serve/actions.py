"""A checked :class:`~handouts.serve.forms.Choice` → rendered PDF, preview or print job (+ history).

The one place where the pages and the API render and print, so both refuse exactly what
``handouts render`` refuses (422 with the same findings) and both keep the print history.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from handouts.serve.app import ClientGoneError, Server, WorkerLostError
from handouts.serve.forms import Choice, RefusedError, shown
from handouts.serve.work import preview_job, render_job


def _job(srv: Server, c: Choice) -> Any:
    return srv.job(c.article, c.clinic, c.lang, profile=c.profile, layout=c.layout, patient=c.patient, notes=c.notes)


async def render(srv: Server, c: Choice, *, preview: bool = False, client: Any = None) -> dict[str, Any]:
    """The rendered handout; a :class:`RefusedError` (422) with the CLI's findings when it cannot print.
    ``client``: the request, for a render whose client may leave (a download, a preview, the API's
    PDF: not a print, which goes on): its job is dropped if it is still waiting then."""
    try:
        out = await srv.run(preview_job if preview else render_job, _job(srv, c), client=client)
    except ClientGoneError:
        raise RefusedError(499, "the client closed the connection before its handout was rendered") from None
    except WorkerLostError:
        raise RefusedError(503, "the render process ended unexpectedly (new ones are started): try again",
                           ui=("The handout could not be made this time: try again.", {})) from None  # fmt: skip
    if not out["ok"]:
        raise RefusedError(422, out["error"], out.get("findings") or [{"text": out["error"]}], ui=out.get("ui"))
    return out


async def approval(srv: Server, c: Choice) -> dict[str, Any]:
    """What a render of ``c`` would answer, without laying it out (a HEAD request): its approval
    state, or the same :class:`RefusedError` (422) a render gives when it cannot print."""
    out = await srv.status(_job(srv, c))
    if not out["ok"]:
        raise RefusedError(422, out["error"], out.get("findings") or [{"text": out["error"]}], ui=out.get("ui"))
    return out


def _history_writable(srv: Server) -> None:
    """The print history can take one more line: else a :class:`RefusedError` (503) before anything
    is printed (a job sent but not recorded, then an error page, was printed again by the nurse)."""
    from handouts import history
    from handouts.errors import OutputError
    from handouts.serve.work import in_workspace

    path = history.history_path(srv.cfg.workspace)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666))  # (the umask decides, as append's)
    except OSError as e:
        error = OutputError(f"cannot write the print history: {e.strerror}; nothing was printed", path=path,
                            hint="make the workspace's history/ folder and prints.jsonl writable")  # fmt: skip
        said = in_workspace(str(error), str(srv.cfg.workspace))
        raise RefusedError(503, said, ui=("The print history cannot be written, so nothing was printed: {error}",
                                          {"error": said})) from None  # fmt: skip


async def print_pdf(srv: Server, c: Choice, out: dict[str, Any], user: str, via: str, reprint_of: int | None = None) -> dict[str, Any]:
    """Send the rendered PDF to CUPS (bytes on lp's stdin, a neutral job title) and log it (no names)."""
    from handouts import history, printing
    from handouts.errors import HandoutError

    known, default = await srv.printers()
    printer = c.printer or default or ""
    if not printer:
        raise RefusedError(409, "no printer: choose one, set 'printer' in handouts.toml, or set a CUPS default",
                           ui=("There is no printer: choose one, or set a default printer.", {}))  # fmt: skip
    if printer not in known:
        raise RefusedError(404, f"unknown printer {shown(printer)} (printers: {', '.join(known) or 'none'})",
                           ui=("There is no printer {name}: choose one below.", {"name": shown(printer)}))  # fmt: skip
    title = f"handout {c.lang}"  # never the patient's name, nor the article title (CUPS logs job titles)
    await asyncio.to_thread(_history_writable, srv)  # (no print the audit log cannot record)
    try:
        job = await asyncio.to_thread(printing.submit_data, printer, out["pdf"], c.copies, title)
    except HandoutError as e:
        raise RefusedError(502, str(e), ui=("The printer refused the job: {error}", {"error": str(e)})) from None
    record = history.PrintRecord(
        time=history.PrintRecord.now(), user=user, article=c.article, lang=c.lang, clinic=c.clinic, profile=c.profile,
        layout=c.layout, copies=c.copies, printer=printer, job=job, state=out["approval"]["state"],
        personalised=bool(c.patient or c.notes), via=via, reprint_of=reprint_of,
    )  # fmt: skip
    try:
        number: int | None = await asyncio.to_thread(history.append, srv.cfg.workspace, record)
    except HandoutError as e:  # (it went wrong between the check and now: the job is printed, say so)
        logging.getLogger("handouts").error("printed as job %s, but not recorded: %s", job, e)
        number = None
    return {"job": job, "printer": printer, "copies": c.copies, "approval": out["approval"]["state"], "history": number}
