"""Batch throughput: N handouts with 1 worker and with one worker per CPU, each in a fresh process; an incremental re-run.

The handouts are rounds of the 4 distinct handouts of the demo article (th and en, clinics demo
and riverside), each round written under its own file names (``r07.back-pain-after-surgery.demo.th.pdf``),
so every one is really rendered and written. Every run goes through :func:`handouts.batch.plan`
and :func:`handouts.batch.run`, the code the CLI runs (process pool, or in-process with 1 worker;
atomic writes; manifest).

Fair to both sides: each run is a **fresh process** (as ``handouts batch`` is), so neither the
1-worker run nor the workers inherit a process that has already rendered; the timed span is
plan + run (what the CLI does after its imports and start-up, which the child repeats), and the
whole process is reported beside it.
The two worker counts take turns for ``--repeats`` rounds (so load hits both alike) and the
medians are compared; round 0 is not counted (it fills the typesetting cache and the OS file cache).
On a shared machine another process taking a CPU during a run halves the 2-worker run's speed but
not the 1-worker run's: a run during which the machine's other processes kept more than 0.15 CPU
busy (from ``/proc/stat``, less this script's children) is run again, up to 3 times; the table
shows the median CPU they took. The incremental re-run is plan (hashing every input) plus run finding all N up to date (reading the
manifest, hashing every output).

    python benchmarks/batch.py [--rounds 25] [--repeats 3] [--jobs N]

Prints a markdown table with the machine's load average.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "back-pain-after-surgery"
BUSY = 0.15  # CPUs other processes may keep busy during a timed run before it is run again
RETRIES = 3


def _child(workers: int, rounds: int, workspace: Path, folder: Path, keep: bool) -> None:
    """One timed batch in this (fresh) process, set up as the CLI sets up its own (compiled code
    kept across processes, Pillow lazy, the GC threshold: :func:`handouts.startup.begin`); prints JSON."""
    from handouts import startup

    startup.begin([])
    from handouts import batch

    if not keep:  # the last run's PDFs (this benchmark's housekeeping, not the CLI's work: untimed)
        shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    options = batch.Options(workspace)
    bundle = batch.adhoc_bundle([ARTICLE], ["demo", "riverside"], ["th", "en"], 1)
    distinct = batch.plan(bundle, options)
    jobs = [dataclasses.replace(j, output=f"r{r:02d}.{j.output}") for r in range(rounds) for j in distinct]
    with batch.locked_output(folder) as out:
        result = batch.run(out, bundle, jobs, options, workers=workers)
    seconds = time.perf_counter() - t0
    bad = [r for r in result.records if r.status not in ("ok", "skipped")]
    if bad:
        raise SystemExit(f"{len(bad)} jobs not ok, e.g. {bad[0].status}: {bad[0].error}")
    mean = sum(r.seconds for r in result.records) / len(result.records)
    print(json.dumps({"seconds": seconds, "mean": mean, "skipped": result.count("skipped")}))


def _busy() -> float:
    """CPU seconds all processes of the machine have used since boot (Linux; 0 elsewhere)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def fresh(workers: int, rounds: int, workspace: Path, folder: Path, env: dict[str, str], keep: bool = False) -> dict[str, float]:  # fmt: skip
    """Run one batch in a fresh process: {"seconds" (plan + run), "process" (the whole process), "mean",
    "skipped", "others" (CPUs the machine's other processes kept busy meanwhile, on average)}."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(workers), "--rounds", str(rounds),
           "--workspace", str(workspace), "--out", str(folder)] + (["--keep"] if keep else [])  # fmt: skip
    busy, ours = _busy(), _children()
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    process = time.perf_counter() - t0
    others = max(0.0, (_busy() - busy) - (_children() - ours)) / process
    if done.returncode:
        raise SystemExit(f"batch child failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout) | {"process": process, "others": others}


def environment(tmp: Path) -> dict[str, str]:
    """This checkout first on the path, its bytecode kept (as an installed package's is), a cache of our own."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "HANDOUTS_NO_CACHE")}
    return env | {"PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(tmp / "pyc"),
                  "HANDOUTS_CACHE_DIR": str(tmp / "cache"), "SOURCE_DATE_EPOCH": "1795564800"}  # fmt: skip


def scaling(tmp: Path, rounds: int, repeats: int, jobs: int) -> dict[int, list[dict[str, float]]]:
    """Alternated fresh-process batches of 4 × rounds handouts with 1 and ``jobs`` workers: the runs of each."""
    sys.path.insert(0, str(ROOT))
    from handouts.workspace import init_workspace

    workspace = init_workspace(tmp / "ws")
    env = environment(tmp)
    runs: dict[int, list[dict[str, float]]] = {1: [], jobs: []}
    for k in range(repeats + 1):
        for workers in runs:
            for _ in range(RETRIES + 1):  # a run during which other processes took a CPU is run again
                r = fresh(workers, rounds, workspace, tmp / f"out-{workers}", env)
                if r["others"] <= BUSY:
                    break
            if k:  # round 0 fills the typesetting and OS caches
                runs[workers].append(r)
    return runs


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=25, help="rounds of 4 distinct handouts [25 → 100]")
    parser.add_argument("--repeats", type=int, default=3, help="alternated timed runs of each worker count [3]")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers of the parallel run")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workspace", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child, args.rounds, args.workspace, args.out, args.keep)
        return 0

    n = 4 * args.rounds
    start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as name:
        tmp = Path(name)
        runs = scaling(tmp, args.rounds, args.repeats, args.jobs)
        again = fresh(args.jobs, args.rounds, tmp / "ws", tmp / f"out-{args.jobs}", environment(tmp), keep=True)
    end = os.getloadavg()[0]

    base, base_process = median(runs[1], "seconds"), median(runs[1], "process")
    print(f"handouts batch benchmark: {n} handouts ({args.rounds} rounds × {ARTICLE} × th/en × demo/riverside)")
    print(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs; "
          f"load average {start:.1f} → {end:.1f}; median of {args.repeats} alternated fresh processes\n")  # fmt: skip
    print("| run | workers | handouts | batch s (plan + run) | handouts/s | mean render s per job | speed-up | "
          "whole process s | speed-up | other processes' CPUs |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, workers in (("sequential", 1), ("parallel", args.jobs)):
        s, p = median(runs[workers], "seconds"), median(runs[workers], "process")
        print(f"| {label} | {workers} | {n} | {s:.2f} | {n / s:.1f} | {median(runs[workers], 'mean'):.3f} | "
              f"{base / s:.2f}× | {p:.2f} | {base_process / p:.2f}× | {median(runs[workers], 'others'):.2f} |")  # fmt: skip
    print(f"| incremental re-run | {args.jobs} | {int(again['skipped'])} skipped | {again['seconds']:.3f} | "
          f"{n / again['seconds']:.0f} | – | {base / again['seconds']:.0f}× | {again['process']:.2f} | – | "
          f"{again['others']:.2f} |")  # fmt: skip
    return 0 if again["skipped"] == n else 1


if __name__ == "__main__":
    sys.exit(main())
