"""Two batches never write one folder at once: the second fails clearly, or waits with --wait."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.batch.conftest import ARTICLE, item, manifest, run, write_bundle

HOLD = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


@contextmanager
def _holder(out: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the output folder's lock for ``seconds``."""
    out.mkdir(parents=True, exist_ok=True)
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out / ".handouts-batch.lock"), str(seconds)], stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
            yield proc
        finally:
            proc.kill()


def test_a_second_batch_fails_clearly_and_touches_nothing(workspace: Path, out: Path) -> None:
    write_bundle(workspace, "b", item())
    with _holder(out, 30):
        code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "2")
    assert code == 1 and stdout == ""
    assert "another batch is writing to this folder" in err and "--wait" in err and len(err.splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == [".handouts-batch.lock"]


def test_with_wait_the_second_batch_waits_its_turn(workspace: Path, out: Path) -> None:
    write_bundle(workspace, "b", item())
    with _holder(out, 1.0) as holder:
        t0 = time.monotonic()
        code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "2", "--wait", "20")
        assert holder.wait(timeout=30) == 0  # it released the lock itself: the batch waited for that
    assert code == 0, err
    assert time.monotonic() - t0 >= 0.5
    assert manifest(out)["summary"]["ok"] == 1


def test_two_real_batches_on_one_folder_never_corrupt_it(workspace: Path, out: Path) -> None:
    """Two processes started together: one renders, the other waits, then finds everything up to date."""
    write_bundle(workspace, "b", item(languages='["th", "en"]') + item(clinic="riverside"))
    cmd = [
        sys.executable,
        "-m",
        "handouts",
        "-q",
        "batch",
        "b",
        "-w",
        str(workspace),
        "--out",
        str(out),
        "-j",
        "2",
        "--wait",
        "60",
    ]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]  # communicate() closes the pipes
    assert [p.returncode for p in procs] == [0, 0], results
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    statuses = sorted(j["status"] for j in m["jobs"])
    assert statuses in (["ok"] * 3, ["skipped"] * 3)  # the manifest is whole: one run's truth, not a mix
    for j in m["jobs"]:
        assert len(PdfReader(out / j["output"]).pages) == j["pages"]
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(
        f"{ARTICLE}.{c}.{lang}.pdf" for c, lang in (("demo", "th"), ("demo", "en"), ("riverside", "en"))
    )
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_the_lock_is_free_when_the_batch_ends_though_a_forked_worker_lives_on(tmp_path: Path) -> None:
    """Workers are forked while the lock is held and inherit its descriptor: leaving the batch
    releases the lock all the same, and a second batch in this process takes it."""
    import multiprocessing

    from handouts.batch import BatchLockedError, locked_output

    folder = tmp_path / "out"
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with locked_output(folder):
        with pytest.raises(BatchLockedError), locked_output(folder):
            pass
        child = ctx.Process(target=time.sleep, args=(30,), daemon=True)
        child.start()
    try:
        with locked_output(folder) as again:
            assert again.path == folder
    finally:
        child.kill()
        child.join()
