"""An output folder → locked for one batch, with ``manifest.json`` recording every job's state.

:func:`locked_output` holds ``DIR/.handouts-batch.lock`` so that two batches never write the
same folder at once. ``DIR/manifest.json`` is kept true at every moment: :class:`Result` rewrites
it atomically as jobs complete and once more at the end (so Ctrl-C leaves a manifest saying which
jobs were done and which were ``cancelled``). A job whose input hash and output sha256 match the
manifest's record is up to date (:func:`_up_to_date`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from handouts import __version__
from handouts.batch.bundles import Bundle
from handouts.batch.plan import Job, Options
from handouts.errors import HandoutError, OutputError

MANIFEST: Final = "manifest.json"
LOCK: Final = ".handouts-batch.lock"
FORMAT: Final = 1
Status = Literal["pending", "ok", "warnings", "failed", "skipped", "cancelled", "interrupted"]
USABLE: Final = frozenset({"ok", "warnings", "skipped"})  # the output file is there and current


class BatchLockedError(HandoutError):
    """Another batch holds the output folder's lock."""


def prepare_output(folder: Path) -> Path:
    """Create ``folder`` if needed and check that it can be written; raise :class:`OutputError` if not."""
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file, not a folder", path=folder, key="--out", hint="choose another output folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except NotADirectoryError:
        from handouts.outputs import file_in_the_way

        raise OutputError(f"cannot create the output folder: {file_in_the_way(folder / 'x')} is a file, not a folder",
                          path=folder, key="--out", hint="choose another output folder") from None  # fmt: skip
    except OSError as e:
        raise OutputError(
            f"cannot create the output folder: {e.strerror}",
            path=folder,
            key="--out",
            hint="choose a folder you can write to",
        ) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".handouts-write-test.", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as e:
        raise OutputError(
            f"cannot write to the output folder: {e.strerror}",
            path=folder,
            key="--out",
            hint="choose a folder you can write to",
        ) from None
    return folder


@dataclass(frozen=True, slots=True)
class OutputDir:
    """An output folder whose lock this process holds (see :func:`locked_output`)."""

    path: Path

    @property
    def manifest(self) -> Path:
        return self.path / MANIFEST


@contextmanager
def locked_output(folder: Path, wait: float = 0.0) -> Iterator[OutputDir]:
    """Hold ``folder/.handouts-batch.lock`` (waiting up to ``wait`` seconds) for a whole batch."""
    prepare_output(folder)
    try:
        release = _lock(folder / LOCK, wait)
    except OSError as e:
        raise OutputError(f"cannot create the lock file {LOCK}: {e.strerror}", path=folder) from None
    if release is None:
        waited = f" after waiting {wait:g} s" if wait > 0 else ""
        raise BatchLockedError(
            f"another batch is writing to this folder (lock {LOCK} is held){waited}",
            path=folder,
            hint="wait for it to finish, give --wait SECONDS, or choose another --out",
        )
    try:
        yield OutputDir(folder)
    finally:
        release()


def _lock(path: Path, wait: float) -> Callable[[], None] | None:
    """Lock ``path`` for this process, waiting up to ``wait`` seconds: the function that releases
    it, or None when another process holds it. On POSIX an ``flock`` on the open file, as
    ``filelock``'s UnixFileLock takes it (so the two exclude each other), which the kernel
    releases if this process dies, without ``filelock``'s import (10 ms on every batch);
    elsewhere ``filelock``."""
    try:
        import fcntl
    except ImportError:  # Windows
        from filelock import FileLock, Timeout

        held = FileLock(path, timeout=wait)
        try:
            held.acquire()
        except Timeout:
            return None
        return held.release
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                os.close(fd)
                return None
            time.sleep(min(0.05, left))
            continue
        except OSError:
            os.close(fd)
            raise
        break

    def release() -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)  # now, though a forked worker may still hold the descriptor
        os.close(fd)

    return release


@dataclass(slots=True)
class JobRecord:
    """A job and what became of it: one entry of ``manifest.json``."""

    job: Job
    status: Status = "pending"
    pages: int | None = None
    sha256: str | None = None
    title: str = ""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None
    findings: list[dict[str, object]] = field(default_factory=list)  # the translation gate's, when refused
    approval: str = ""  # "final" or "draft": whether the printed text was signed off

    @property
    def usable(self) -> bool:
        return self.status in USABLE

    def to_json(self) -> dict[str, Any]:
        j = self.job
        done = self.usable
        return {
            "article": j.article,
            "clinic": j.clinic,
            "lang": j.lang,
            "copies": j.copies,
            "title": self.title,
            "approval": self.approval if done else None,
            "output": j.output if done else None,
            "pages": self.pages if done else None,
            "sha256": self.sha256 if done else None,
            "status": self.status,
            "warnings": list(self.warnings),
            "seconds": round(self.seconds, 3),
            "error": self.error,
            "findings": list(self.findings),
            "input_hash": j.input_hash,
        }


@dataclass(slots=True)
class Result:
    """A batch run: every job's record, in bundle order."""

    out: OutputDir
    bundle: Bundle
    options: Options
    records: list[JobRecord]
    started: dt.datetime
    seconds: float = 0.0
    complete: bool = False
    interrupted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # "combined", "printed": added by the caller

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def usable(self) -> list[JobRecord]:
        return [r for r in self.records if r.usable]

    @property
    def exit_code(self) -> int:
        """0: every job usable; 4: some failed, were cancelled or interrupted; 1: nothing usable."""
        from handouts.errors import ExitCode

        if all(r.usable for r in self.records):
            return int(ExitCode.OK)
        return int(ExitCode.BATCH_PARTIAL) if self.usable else int(ExitCode.ERROR)

    def summary(self) -> dict[str, int]:
        keys = ("ok", "warnings", "failed", "skipped", "cancelled", "interrupted", "pending")
        return {"jobs": len(self.records)} | {k: self.count(k) for k in keys}

    def to_json(self) -> dict[str, Any]:
        b = self.bundle
        data: dict[str, Any] = {
            "format": FORMAT,
            "handouts": __version__,
            "bundle": {
                "id": b.id,
                "name": b.name,
                "path": str(b.path) if b.path else None,
                "paper": b.paper,
                "duplex": b.duplex,
                "separator": b.separator,
            },
            "options": {
                "workspace": str(self.options.workspace),
                "profile": self.options.profile,
                "strict": self.options.strict,
                "pdf_standard": self.options.pdf_standard,
                "today": self.options.today.isoformat(),
            },
            "started": self.started.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "complete": self.complete,
            "interrupted": self.interrupted,
            "summary": self.summary(),
            "jobs": [r.to_json() for r in self.records],
        }
        data.update(self.extra)
        return data

    def write_manifest(self) -> Path:
        from handouts.outputs import write_atomic

        text = json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"
        return write_atomic(self.out.manifest, text.encode("utf-8"))


def read_manifest(out: OutputDir) -> dict[str, dict[str, Any]]:
    """The previous manifest's job entries by output name; {} when there is none or it is unreadable."""
    try:
        data = json.loads(out.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # (RecursionError: '[[[[…' thousands deep, by hand or by a bug)
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("jobs"), list):
        return {}
    return {j["output"]: j for j in data["jobs"] if isinstance(j, dict) and _entry_ok(j)}


def _entry_ok(job: dict[str, Any]) -> bool:
    """A job entry whose fields have the types this module writes (a hand-edited or damaged one is
    not trusted: its handout is rendered again). A status of [] was a TypeError (unhashable), and
    warnings of 5 another (not iterable), both an internal error of the next batch."""
    if not isinstance(job.get("output"), str) or not isinstance(job.get("status"), str):
        return False
    if job["status"] not in USABLE:  # (a failed or interrupted job: rendered again whatever it says)
        return True
    pages, warnings = job.get("pages"), job.get("warnings", [])
    return (all(isinstance(job.get(k), str) for k in ("input_hash", "sha256", "title", "approval"))
            and type(pages) is int and pages > 0
            and isinstance(warnings, list) and all(isinstance(w, str) for w in warnings))  # fmt: skip


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _up_to_date(job: Job, old: dict[str, Any] | None, out: OutputDir) -> bool:
    if not old or old.get("status") not in USABLE or old.get("input_hash") != job.input_hash:
        return False
    sha = old.get("sha256")
    return isinstance(sha, str) and _sha256_file(out.path / job.output) == sha
