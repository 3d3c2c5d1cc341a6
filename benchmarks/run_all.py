"""Issue 17's speed targets in one run: one table, each target met or not, with the machine's load.

    python benchmarks/run_all.py              # about 40 s; needs weasyprint and typst (requirements-peers.txt)
    python benchmarks/run_all.py --rounds 15  # more rounds, steadier medians

What is timed (the same Thai text for all three tools: the demo article's Thai model, given to the
peers as blocks, see :mod:`peers`):

* **cold** runs are fresh processes: ``python -m handouts`` of this checkout (this tree first on
  the path) rendering the demo handout in a copy of the demo workspace, against the ``typst`` and
  ``weasyprint`` commands. They take turns round by round (so load hits all alike) and the median
  of each is reported. Our processes keep their bytecode (``PYTHONPYCACHEPREFIX`` in a temporary
  folder), as an installed package does, even where the environment says
  ``PYTHONDONTWRITEBYTECODE``; round 0 fills it and is not counted.
  - *one paragraph changed*: the cache is warm, and before each run one paragraph's Thai
    translation gets new first words, never the same twice (so that paragraph is redone);
  - *unchanged*: the same handout again (the model comes from the cache);
  - *empty cache*: the cache folder is deleted before each run;
  - *one paragraph changed, PYTHONDONTWRITEBYTECODE=1*: as the first, where the environment says
    to write no bytecode (this machine's default, many containers'), with no bytecode folder;
  - ``handouts --help``.
* **warm** runs are in this process, after warm-ups: ``pipeline.render`` (set up as a server's or a
  batch's render worker is: ``RenderContext(remember=True)``) against Typst's Python
  API (WeasyPrint for reference).
* **batch scaling**: 100 handouts (``--batch-rounds`` × 4) with 1 worker and with 2
  (``handouts.batch.plan`` + ``run``, the CLI's code), each run a fresh process, the two taking
  turns (``--batch-repeats`` rounds after an untimed one that fills the cache); the speed-up is
  the ratio of the median times (see :mod:`batch`). A batch of 20 is shown for reference: there
  a process's fixed start-up (its first render loads fonts and hyphenation patterns, a few
  tenths of a second, paid by the 1-worker run once and by both workers at the same time) weighs
  more.

The load average (1 minute) is printed next to every measurement: on a loaded machine the
ratios still hold roughly (the peers suffer the same load), the absolute times do not.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

import peers
import render as render_bench
from render import alternated, blocks_for  # fresh-process timing; the demo's Thai model as the peers' blocks

import batch as batch_bench
from handouts.pipeline import RenderContext, render

ARTICLE = "back-pain-after-surgery"
SPELLED = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")


def load() -> float:
    return os.getloadavg()[0]


def median_ms(fn: Callable[[], object], n: int, warm: int = 2) -> tuple[float, float]:
    """(median ms of ``n`` calls after ``warm`` untimed ones, load average at the end)."""
    return render_bench.median_ms(fn, n, warm), load()


def cold(tmp: Path, rounds: int) -> tuple[dict[str, float], float, float]:
    """The alternated fresh-process runs: (medians, load before, load after)."""
    blocks = blocks_for("th")
    (tmp / "h.typ").write_text(peers.typst_source(blocks), encoding="utf-8")
    (tmp / "h.html").write_text(peers.html_source(blocks), encoding="utf-8")
    ws = tmp / "ws"
    shutil.copytree(ROOT, ws, ignore=shutil.ignore_patterns(".git", "*.pdf", "__pycache__", ".*cache*", "tests"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "HANDOUTS_NO_CACHE")}
    env |= {"PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(tmp / "pyc"), "SOURCE_DATE_EPOCH": "1795564800"}
    warm_env = {**env, "HANDOUTS_CACHE_DIR": str(tmp / "cache")}
    empty_env = {**env, "HANDOUTS_CACHE_DIR": str(tmp / "empty-cache")}
    exe = [sys.executable, "-m", "handouts"]

    def render_cmd(out: str) -> list[str]:
        return [*exe, "-q", "render", ARTICLE, "--lang", "th", "-w", str(ws), "-o", str(tmp / out)]

    po = ws / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    if not po.is_file():
        po = next((ws / "locales" / "th").rglob("*.po"))
    original = po.read_text("utf-8")
    marker = 'msgstr "'
    at = original.index(marker, original.index(marker, original.index("msgctxt")) + 1) + len(marker)

    def change_one_paragraph(k: int) -> None:  # new first words in one paragraph's translation, every round
        # a text never seen before (a repeated one would find the whole model in the cache), without
        # digits (a number the source lacks is refused by the translation gate): k spelled out
        words = "".join(SPELLED[int(d)] for d in str(k))
        po.write_text(original[:at] + f"ครั้งที่{words} " + original[at:], "utf-8")

    def restore(_: int) -> None:
        po.write_text(original, "utf-8")

    def empty_cache(_: int) -> None:
        shutil.rmtree(tmp / "empty-cache", ignore_errors=True)

    subprocess.run(render_cmd("warm.pdf"), env=warm_env, check=True, capture_output=True)  # fill the cache
    # as a process runs where the environment says PYTHONDONTWRITEBYTECODE (this machine's default,
    # many container images'): no .pyc beside the package; its code kept in the cache's folder
    bare_env = {k: v for k, v in warm_env.items() if k != "PYTHONPYCACHEPREFIX"}
    bare_env |= {"PYTHONDONTWRITEBYTECODE": "1", "HANDOUTS_CACHE_DIR": str(tmp / "bare-cache")}
    for _ in range(2):
        subprocess.run(render_cmd("bare.pdf"), env=bare_env, check=True, capture_output=True)
    before = load()
    medians = alternated(
        {
            "changed": (render_cmd("changed.pdf"), warm_env, change_one_paragraph),
            "changed-bare": (render_cmd("bare.pdf"), bare_env, lambda k: change_one_paragraph(k + 10**6)),
            "unchanged": (render_cmd("unchanged.pdf"), warm_env, restore),
            "empty": (render_cmd("empty.pdf"), empty_env, empty_cache),
            "typst": (peers.cold_typst_cmd(tmp / "h.typ", tmp / "t.pdf"), None, None),
            "weasy": (peers.cold_weasyprint_cmd(tmp / "h.html", tmp / "w.pdf"), None, None),
            "help": ([*exe, "--help"], env, None),
            "python": ([sys.executable, "-c", "pass"], env, None),
        },
        rounds,
    )
    po.write_text(original, "utf-8")
    return medians, before, load()


def scaling(tmp: Path, rounds: int, repeats: int) -> tuple[float, float, float, float]:
    """(1-worker s, 2-worker s, speed-up, load) of 4 × rounds handouts: :func:`batch.scaling`'s
    alternated fresh processes (neither side inherits a process that has rendered), medians."""
    import statistics

    runs = batch_bench.scaling(tmp / f"batch-{rounds}", rounds, repeats, 2)
    one, two = (statistics.median(r["seconds"] for r in runs[w]) for w in (1, 2))
    return one, two, one / two, load()


def row(name: str, ours: str, ref: str, ratio: str, target: str, met: bool | None, at: float) -> str:
    verdict = "–" if met is None else ("met" if met else "**not met**")
    return f"| {name} | {ours} | {ref} | {ratio} | {target} | {verdict} | {at:.1f} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=9, help="rounds of the alternated cold runs [9]")
    parser.add_argument("--warm", type=int, default=10, help="timed calls of each warm run [10]")
    parser.add_argument("--batch-rounds", type=int, default=25, help="rounds of 4 handouts for the scaling [25 → 100]")
    parser.add_argument("--batch-repeats", type=int, default=3, help="alternated timed batches per worker count [3]")
    args = parser.parse_args()
    start = load()
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as name:
        tmp = Path(name)
        os.environ["HANDOUTS_CACHE_DIR"] = str(tmp / "inprocess-cache")
        os.environ.pop("HANDOUTS_NO_CACHE", None)
        os.environ["SOURCE_DATE_EPOCH"] = "1795564800"
        medians, cold_before, cold_after = cold(tmp, args.rounds)
        blocks = blocks_for("th")
        # (set up as a server's or a batch's render worker is: remember=True)
        ours, ours_load = median_ms(lambda: render(ARTICLE, "demo", "th", RenderContext(ROOT, remember=True)), args.warm)
        typst, typst_load = median_ms(lambda: peers.render_typst(blocks), args.warm)
        weasy, weasy_load = median_ms(lambda: peers.render_weasyprint(blocks), max(3, args.warm // 3))
        one, two, speedup, batch_load = scaling(tmp, args.batch_rounds, args.batch_repeats)
        small = scaling(tmp, 5, args.batch_repeats) if args.batch_rounds != 5 else None

    c, t, w = medians["changed"], medians["typst"], medians["weasy"]
    cpus = os.cpu_count()
    print(f"handouts speed targets (issue 17): {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {cpus} CPUs; load average {start:.1f} at the start")  # fmt: skip
    print(f"cold: median of {args.rounds} alternated fresh processes each; warm: median of {args.warm} calls\n")
    print("| measurement | handouts | reference | ratio | target | verdict | load |")
    print("|---|---:|---:|---:|---|---|---:|")
    cl = max(cold_before, cold_after)
    lines = [
        row("cold render, warm cache, one paragraph changed", f"{c:.0f} ms", f"WeasyPrint {w:.0f} ms",
            f"{c / w:.2f}×", "≤ 0.25× WeasyPrint", c <= 0.25 * w, cl),
        row("cold render, warm cache, one paragraph changed", f"{c:.0f} ms", f"Typst {t:.0f} ms",
            f"{c / t:.2f}×", "≤ 2× Typst", c <= 2 * t, cl),
        row("cold render, empty cache", f"{medians['empty']:.0f} ms", f"WeasyPrint {w:.0f} ms",
            f"{medians['empty'] / w:.2f}×", "≤ 0.5× WeasyPrint", medians["empty"] <= 0.5 * w, cl),
        row("`handouts --help`", f"{medians['help']:.0f} ms", f"python -c pass {medians['python']:.0f} ms",
            "", "≤ 100 ms", medians["help"] <= 100, cl),
        row("warm render in one process", f"{ours:.0f} ms", f"Typst {typst:.0f} ms", f"{ours / typst:.2f}×",
            "≤ 0.5× Typst", ours <= 0.5 * typst, max(ours_load, typst_load)),
        row(f"batch of {4 * args.batch_rounds}, 2 workers vs 1", f"{two:.2f} s vs {one:.2f} s", f"{cpus} CPUs",
            f"{speedup:.2f}×", "≥ 1.9×", speedup >= 1.9 if (cpus or 1) >= 2 else None, batch_load),
        *([row("batch of 20, 2 workers vs 1 (for reference)", f"{small[1]:.2f} s vs {small[0]:.2f} s",
               f"{cpus} CPUs", f"{small[2]:.2f}×", "", None, small[3])] if small else []),
        row("cold render, warm cache, unchanged (for reference)", f"{medians['unchanged']:.0f} ms",
            f"WeasyPrint {w:.0f} ms", f"{medians['unchanged'] / w:.2f}×", "", None, cl),
        row("one paragraph changed, PYTHONDONTWRITEBYTECODE=1 (for reference)", f"{medians['changed-bare']:.0f} ms",
            f"WeasyPrint {w:.0f} ms", f"{medians['changed-bare'] / w:.2f}×", "", None, cl),
        row("warm render, WeasyPrint (for reference)", f"{ours:.0f} ms", f"WeasyPrint {weasy:.0f} ms",
            f"{ours / weasy:.2f}×", "", None, weasy_load),
    ]  # fmt: skip
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
