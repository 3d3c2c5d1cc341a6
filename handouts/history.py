"""Print history: one JSON line per print job → the clinic's audit log (``history/prints.jsonl``).

Who printed which handout, when, in which language, how many copies, on which printer, and
whether it was final or a draft. Never the patient's name or the notes (Thai PDPA): a record
says only *whether* the copy was personalised. The file is appended under an exclusive lock,
one complete line per write, so concurrent server workers and the CLI never interleave; a line
that cannot be read (a crash mid-write on another system, a hand edit) is skipped and counted,
never fatal. Nothing here knows about HTTP or the terminal.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Final

from handouts.errors import OutputError

HISTORY: Final = Path("history") / "prints.jsonl"


@dataclass(frozen=True, slots=True)
class PrintRecord:
    """One print job as the audit log keeps it (no personal data)."""

    time: str  # ISO 8601, UTC, seconds
    user: str  # the login name, or "local" on a localhost-only server, "cli" from the command line
    article: str
    lang: str
    clinic: str
    profile: str
    layout: str
    copies: int
    printer: str
    job: str | None
    state: str  # "final" or "draft"
    personalised: bool = False  # a patient name or notes were printed (never what they were)
    via: str = "web"  # web | api | cli
    reprint_of: int | None = None  # the line number of the record this job reprinted

    @staticmethod
    def now() -> str:
        return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def local_time(stamp: str) -> str:
    """A record's UTC stamp (``2026-12-05T16:30:03Z``) → this PC's clock, as the front desk reads it
    (``2026-12-05 23:30`` in Bangkok); a stamp that cannot be read, as it is."""
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        return when.astimezone().strftime("%Y-%m-%d %H:%M") if when.tzinfo is not None else stamp
    except (ValueError, OverflowError):  # (a hand-edited line: 'yesterday', year 9999 and one day east)
        return stamp


def history_path(workspace: Path) -> Path:
    return workspace / HISTORY


def append(workspace: Path, record: PrintRecord) -> int:
    """Append ``record``; returns its number (1-based line number in the file)."""
    path = history_path(workspace)
    line = json.dumps(asdict(record), ensure_ascii=False, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)  # the umask decides
    except OSError as e:
        raise OutputError(f"cannot write the print history: {e.strerror}", path=path,
                          hint="make the workspace's history/ folder writable") from e  # fmt: skip
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            with open(path, encoding="utf-8", errors="replace") as r:
                number = sum(1 for _ in r) + 1
            f.write(line)
            f.flush()
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
    return number


def _record(data: Any) -> PrintRecord | None:
    if not isinstance(data, dict):
        return None
    known = {f.name for f in fields(PrintRecord)}
    try:
        rec = PrintRecord(**{k: v for k, v in data.items() if k in known})
    except TypeError:
        return None
    texts = ("time", "user", "article", "lang", "clinic", "profile", "layout", "printer", "state", "via")
    ok = (all(type(getattr(rec, k)) is str for k in texts) and type(rec.copies) is int
          and type(rec.personalised) is bool and (rec.job is None or type(rec.job) is str)
          and (rec.reprint_of is None or type(rec.reprint_of) is int))  # fmt: skip
    return rec if ok else None  # (a hand-edited or foreign line: counted as unreadable, never fatal)


def read(workspace: Path) -> Iterator[tuple[int, PrintRecord | None]]:
    """(line number, record) for every line; ``None`` for a line that is not a record."""
    path = history_path(workspace)
    if not path.is_file():
        return
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, raw in enumerate(f, 1):
            try:
                record = _record(json.loads(raw))
            except (ValueError, RecursionError):  # (RecursionError: a line '[[[[…' thousands deep)
                record = None
            yield number, record


def get(workspace: Path, number: int) -> PrintRecord | None:
    return next((rec for n, rec in read(workspace) if n == number), None)


def recent(workspace: Path, limit: int = 50) -> tuple[list[tuple[int, PrintRecord]], int]:
    """The last ``limit`` records, newest first, and the number of unreadable lines."""
    good: list[tuple[int, PrintRecord]] = []
    bad = 0
    for number, rec in read(workspace):
        if rec is None:
            bad += 1
        else:
            good.append((number, rec))
    return good[::-1][:limit], bad
