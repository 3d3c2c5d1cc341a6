"""Batch throughput: 100 handouts with 1 worker and with one worker per CPU, then a fully incremental re-run.

The 100 handouts are 25 rounds of the 4 distinct handouts of the demo article (th and en, clinics
demo and riverside), each round written under its own file names (``r07.back-pain-after-surgery.demo.th.pdf``),
so every one is really rendered and written. Both runs go through :func:`handouts.batch.run`,
the code the CLI runs: process pool (or in-process with 1 worker), atomic writes, manifest.
The incremental re-run is :func:`~handouts.batch.plan` (hashing every input) plus
:func:`~handouts.batch.run` finding all 100 up to date (reading the manifest, hashing every output).

    python benchmarks/batch.py [--rounds 25] [--jobs N]

Prints a markdown table. Needs the ``if __name__ == "__main__"`` guard: the pool's workers are
started with forkserver, which imports the main module.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from handouts import batch
from handouts.workspace import init_workspace

ARTICLE = "back-pain-after-surgery"


def jobs_for(options: batch.Options, rounds: int) -> tuple[batch.Bundle, list[batch.Job]]:
    bundle = batch.adhoc_bundle([ARTICLE], ["demo", "riverside"], ["th", "en"], 1)
    distinct = batch.plan(bundle, options)
    jobs = [dataclasses.replace(j, output=f"r{r:02d}.{j.output}") for r in range(rounds) for j in distinct]
    return bundle, jobs


def timed_run(folder: Path, options: batch.Options, rounds: int, workers: int) -> tuple[float, batch.Result]:
    t0 = time.perf_counter()
    bundle, jobs = jobs_for(options, rounds)
    with batch.locked_output(folder) as out:
        result = batch.run(out, bundle, jobs, options, workers=workers)
    return time.perf_counter() - t0, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=25, help="rounds of 4 distinct handouts [25 → 100]")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers of the parallel run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        root = Path(tmp)
        options = batch.Options(init_workspace(root / "ws"))
        n = 4 * args.rounds
        rows: list[tuple[str, int, float, batch.Result]] = []
        for label, workers in (("sequential", 1), ("parallel", args.jobs)):
            seconds, result = timed_run(root / f"out-{workers}", options, args.rounds, workers)
            bad = [r for r in result.records if r.status != "ok"]
            if bad:
                print(f"{label}: {len(bad)} jobs not ok, e.g. {bad[0].status}: {bad[0].error}", file=sys.stderr)
                return 1
            rows.append((label, workers, seconds, result))
        again, result = timed_run(root / f"out-{args.jobs}", options, args.rounds, args.jobs)
        skipped = result.count("skipped")

    base = rows[0][2]
    cpu = os.cpu_count()
    print(f"handouts batch benchmark: {n} handouts ({args.rounds} rounds × {ARTICLE} × th/en × demo/riverside)")
    print(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, {cpu} CPUs\n")
    print("| run | workers | handouts | wall s | handouts/s | wall ms per handout | mean render s per job | speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, workers, seconds, res in rows:
        mean = sum(r.seconds for r in res.records) / len(res.records)
        print(
            f"| {label} | {workers} | {n} | {seconds:.2f} | {n / seconds:.1f} | {1000 * seconds / n:.0f} | "
            f"{mean:.3f} | {base / seconds:.2f}× |"
        )
    print(
        f"| incremental re-run | {args.jobs} | {skipped} skipped | {again:.3f} | {n / again:.0f} | "
        f"{1000 * again / n:.1f} | – | {base / again:.0f}× |"
    )
    return 0 if skipped == n else 1


if __name__ == "__main__":
    sys.exit(main())
