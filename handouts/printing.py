"""Submitting PDFs to a printer through CUPS (``lp``), one print job per handout.

Copies are the printer's work (``lp -n``), so a handout is sent once however many copies are
wanted. Every failure raises :class:`~handouts.errors.PrintError` with one line saying what is
wrong and what to do: no ``lp`` (CUPS client not installed), scheduler not running, unknown
printer (the known ones listed), ``lp`` refusing a file (its own message). Nothing here deletes
or changes the files it prints.

The CUPS tools are run with ``LC_ALL=C`` so that their output ("request id is pdf-12 (1 file(s))",
"system default destination: pdf") can be parsed.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from handouts.errors import PrintError, UsageError, close_matches


class UnknownPrinterError(PrintError, UsageError):
    """A printer name CUPS does not know: a usage error (exit 2) listing the printers."""

__all__ = [
    "PrintRequest",
    "SubmitError",
    "Submitted",
    "check_printer",
    "default_printer",
    "lp_command",
    "parse_job_id",
    "printers",
    "submit",
    "submit_data",
]

TIMEOUT: Final = 60.0  # seconds for one CUPS command
_REQUEST_RE: Final = re.compile(r"request id is (\S+)")
_DEFAULT_RE: Final = re.compile(r"system default destination:\s*(\S+)")
_INSTALL_HINT: Final = "install the CUPS client (Debian/Ubuntu: apt-get install cups-client) or print the files by hand"


@dataclass(frozen=True, slots=True)
class PrintRequest:
    """One file to print ``copies`` times."""

    path: Path
    copies: int
    title: str


class SubmitError(PrintError):
    """``lp`` refused a file; ``submitted`` holds the jobs sent before it."""

    def __init__(self, message: str, submitted: list[Submitted], hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.submitted = submitted


@dataclass(frozen=True, slots=True)
class Submitted:
    """A print request sent to CUPS (or, in a dry run, the command that would send it)."""
    request: PrintRequest
    command: tuple[str, ...]
    job_id: str | None  # None for a dry run (or if lp printed no request id)


def lp_command(printer: str | None, request: PrintRequest, *, media: str = "A4", duplex: bool = False) -> list[str]:
    """The ``lp`` command line for one request (``printer`` None: CUPS' default destination, no ``-d``).

    >>> shlex.join(lp_command("pdf", PrintRequest(Path("/o/a.th.pdf"), 20, "a th"), duplex=True))
    "lp -d pdf -n 20 -o media=A4 -o sides=two-sided-long-edge -o collate=true -t 'a th' /o/a.th.pdf"
    >>> lp_command("pdf", PrintRequest(Path("b.pdf"), 1, "b"))[7:9]
    ['-o', 'sides=one-sided']
    >>> lp_command(None, PrintRequest(Path("b.pdf"), 1, "b"))[:3]
    ['lp', '-n', '1']
    """
    sides = "two-sided-long-edge" if duplex else "one-sided"
    return [
        "lp",
        *(["-d", printer] if printer else []),
        "-n",
        str(request.copies),
        "-o",
        f"media={media}",
        "-o",
        f"sides={sides}",
        "-o",
        "collate=true",
        "-t",
        request.title,
        str(request.path),
    ]


def parse_job_id(output: str) -> str | None:
    """The job id in lp's answer.

    >>> parse_job_id("request id is pdf-12 (1 file(s))")
    'pdf-12'
    >>> parse_job_id("") is None
    True
    """
    m = _REQUEST_RE.search(output)
    return m.group(1) if m else None


def _env() -> dict[str, str]:
    return os.environ | {"LC_ALL": "C", "LANG": "C"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise PrintError(f"the CUPS command {name!r} was not found", hint=_INSTALL_HINT)
    return path


def _run(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(list(args), capture_output=True, text=True, env=_env(), timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise PrintError(
            f"{Path(args[0]).name} did not answer within {TIMEOUT:g} s",
            hint="check that the CUPS scheduler is running and reachable",
        ) from None
    except OSError as e:
        raise PrintError(f"cannot run {Path(args[0]).name}: {e.strerror}", hint=_INSTALL_HINT) from None


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "(no message)"


def _check_scheduler(lpstat: str) -> None:
    r = _run([lpstat, "-r"])
    if "scheduler is running" not in r.stdout:
        raise PrintError(
            "the CUPS scheduler is not running", hint="start it (e.g. 'sudo systemctl start cups' or 'cupsd')"
        )


def default_printer() -> str:
    """The CUPS default destination (``lpstat -d``); an error asking for ``--printer`` if there is none."""
    lpstat = _tool("lpstat")
    r = _run([lpstat, "-d"])
    m = _DEFAULT_RE.search(r.stdout)
    if m is None:
        _check_scheduler(lpstat)  # lpstat -d says "no system default destination" when CUPS is down, too
        known = _printers(lpstat)
        raise PrintError(
            "no default printer is set",
            hint="give --printer NAME, set printer in the bundle or in handouts.toml [defaults]"
            + (f" (printers: {', '.join(known)})" if known else " (lpstat reports no printers)"),
        )
    return m.group(1)


def _printers(lpstat: str) -> list[str]:
    r = _run([lpstat, "-e"])
    return sorted(line.strip() for line in r.stdout.splitlines() if line.strip()) if r.returncode == 0 else []


def check_printer(name: str) -> None:
    """Raise :class:`PrintError` unless ``lp`` exists, the scheduler runs and ``name`` is a known printer."""
    _tool("lp")
    lpstat = _tool("lpstat")
    _check_scheduler(lpstat)
    r = _run([lpstat, "-p", name])
    if r.returncode != 0:
        known = _printers(lpstat)
        close = close_matches(name, known)
        hint = (f"did you mean {close[0]}? " if close else "") + (
            f"printers: {', '.join(known)}" if known else "no printers are set up (lpadmin, or the CUPS web page)"
        )
        raise UnknownPrinterError(f"unknown printer {name!r}", key="--printer", hint=hint)


def submit(
    printer: str | None, requests: Sequence[PrintRequest], *, media: str = "A4", duplex: bool = False, dry_run: bool = False
) -> list[Submitted]:
    """Send each request with ``lp`` (or only build the commands when ``dry_run``).

    Stops at the first refusal with a :class:`SubmitError` naming the file and lp's message; the jobs
    already submitted are in its ``submitted`` attribute.
    """
    done: list[Submitted] = []
    lp = "lp" if dry_run else _tool("lp")
    for req in requests:
        cmd = lp_command(printer, req, media=media, duplex=duplex)
        if dry_run:
            done.append(Submitted(req, tuple(cmd), None))
            continue
        r = _run([lp, *cmd[1:]])
        if r.returncode != 0:
            raise SubmitError(
                f"lp refused {req.path.name}: {_first_line(r.stderr or r.stdout)}",
                done,
                hint=f"{len(done)} of {len(requests)} handouts were sent before this",
            )
        done.append(Submitted(req, tuple(cmd), parse_job_id(r.stdout)))
    return done


def show(command: Sequence[str]) -> str:
    """A command as the user would type it."""
    return shlex.join(command)


def printers() -> tuple[list[str], str | None]:
    """The CUPS destinations and the default one; ``([], None)`` when CUPS is absent or not running."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return [], None
    try:
        known = _printers(lpstat)
        m = _DEFAULT_RE.search(_run([lpstat, "-d"]).stdout)
    except PrintError:
        return [], None
    return known, (m.group(1) if m else None)


def submit_data(printer: str, data: bytes, copies: int, title: str, *, media: str = "A4", duplex: bool = False) -> str | None:
    """Send PDF bytes to ``printer`` on lp's standard input (no file on disk); the job id.

    For personalised handouts: the PDF (with the patient's name) never touches the disk here, and
    ``title`` must be neutral (the job title is visible in CUPS' queue and logs).
    """
    lp = _tool("lp")
    cmd = lp_command(printer, PrintRequest(Path("-"), copies, title), media=media, duplex=duplex)[1:-1]  # no file: stdin
    try:
        r = subprocess.run([lp, *cmd], input=data, capture_output=True, env=_env(), timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise PrintError(f"lp did not answer within {TIMEOUT:g} s", hint="check that the CUPS scheduler is running") from None
    except OSError as e:
        raise PrintError(f"cannot run lp: {e.strerror}", hint=_INSTALL_HINT) from None
    out, err = r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    if r.returncode != 0:
        raise PrintError(f"lp refused the handout: {_first_line(err or out)}", hint="check the printer in CUPS")
    return parse_job_id(out)
