"""Render benchmark: handouts vs Typst vs WeasyPrint on the same Thai (and English) handout.

    pip install -r benchmarks/requirements-peers.txt   # peers: benchmark only
    python benchmarks/render.py

Warm: median of N renders in one process after warm-ups (handouts: ``pipeline.render``, set up as a
server's or a batch's render worker is, ``RenderContext(remember=True)``; peers:
their Python APIs). Cold: median of fresh processes (``handouts render`` console command vs the
peers' commands). Content: the demo article's translated model, fed to the peers as blocks.
Cold runs alternate handouts (warm cache with one paragraph's translation changed before each
run; empty cache), Typst, WeasyPrint and ``handouts --help``, round by round.
Targets (issue 17): warm Thai ≤ 0.5× Typst; cold with a warm cache and one paragraph changed
≤ 0.25× WeasyPrint and ≤ 2× Typst; cold with an empty cache ≤ 0.5× WeasyPrint; --help ≤ 100 ms.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers

from handouts.model import Heading, Paragraph, plain
from handouts.pipeline import RenderContext, build_handout, render, resolve


def blocks_for(lang: str) -> list[tuple[str, str]]:
    ctx = RenderContext(ROOT)
    article, brand = resolve("back-pain-after-surgery", "demo", ctx)
    h = build_handout(article, brand, lang, ctx)
    out: list[tuple[str, str]] = [("title", h.meta.title), ("p", h.meta.subtitle)]

    for b in h.blocks:
        if isinstance(b, Heading):
            out.append(("h2" if b.level == 2 else "h3", plain(b.inlines)))
        elif isinstance(b, Paragraph):
            out.append(("p", plain(b.inlines)))
        elif hasattr(b, "items"):  # lists (tables, callouts and figures are not in the peers' subset)
            out.extend(("li", plain(i.inlines)) for i in b.items)
    return out


def median_ms(fn: Callable[[], object], n: int, warm: int = 2) -> float:
    for _ in range(warm):
        fn()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def cold_ms(cmd: list[str], n: int = 5) -> float:
    subprocess.run(cmd, check=True, capture_output=True)  # prime the OS file cache
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def alternated(cmds: dict[str, tuple[list[str], dict[str, str] | None, Callable[[int], None] | None]],
               n: int) -> dict[str, float]:  # fmt: skip
    """Median wall time (ms) of fresh processes, the commands taking turns round by round (so
    machine load hits all of them alike); ``setup(k)`` runs before each timed run, untimed; round
    0 is not counted (it fills the OS and bytecode caches)."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for k in range(n + 1):
        for name, (cmd, env, setup) in cmds.items():
            if setup is not None:
                setup(k)
            t = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            if k:  # round 0 primes the OS file cache
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(v) * 1000 for name, v in times.items()}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rows = []
    tmp = Path(tempfile.mkdtemp())
    for lang in ("th", "en"):
        blocks = blocks_for(lang)
        ours = median_ms(lambda: render("back-pain-after-surgery", "demo", lang, RenderContext(ROOT, remember=True)), n)
        typst = median_ms(lambda: peers.render_typst(blocks), n)
        weasy = median_ms(lambda: peers.render_weasyprint(blocks), n)
        rows.append((f"warm {lang}", ours, typst, weasy))
    blocks = blocks_for("th")
    (tmp / "h.typ").write_text(peers.typst_source(blocks), encoding="utf-8")
    (tmp / "h.html").write_text(peers.html_source(blocks), encoding="utf-8")
    # this checkout's handouts (python -m with it first on the path), in a copy of the workspace
    ws = tmp / "ws"
    shutil.copytree(ROOT, ws, ignore=shutil.ignore_patterns(".git", "*.pdf", "__pycache__", ".*cache*"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_CACHE_DIR": str(tmp / "cache")}
    exe = [sys.executable, "-m", "handouts"]
    render_cmd = [*exe, "-q", "render", "back-pain-after-surgery", "--lang", "th", "-w", str(ws), "-o", str(tmp / "o.pdf")]
    po = ws / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    original = po.read_text("utf-8")
    marker = 'msgstr "'
    at = original.index(marker, original.index(marker, original.index("msgctxt")) + 1) + len(marker)

    def change_one_paragraph(k: int) -> None:  # a different word at the start of one paragraph's msgstr
        po.write_text(original[:at] + "อีก" * (k % 7 + 1) + " " + original[at:], "utf-8")

    def empty_cache(_: int) -> None:
        shutil.rmtree(tmp / "cache", ignore_errors=True)

    subprocess.run(render_cmd, env=env, check=True, capture_output=True)  # fill the cache
    cold = alternated(
        {
            "changed": (render_cmd, env, change_one_paragraph),
            "empty": (render_cmd, env, empty_cache),
            "typst": (peers.cold_typst_cmd(tmp / "h.typ", tmp / "t.pdf"), None, None),
            "weasy": (peers.cold_weasyprint_cmd(tmp / "h.html", tmp / "w.pdf"), None, None),
            "help": ([*exe, "--help"], env, None),
        },
        max(3, n // 2),
    )
    po.write_text(original, "utf-8")
    typst_cold, weasy_cold = cold["typst"], cold["weasy"]
    rows.append(("cold th, warm cache, one paragraph changed", cold["changed"], typst_cold, weasy_cold))
    rows.append(("cold th, empty cache", cold["empty"], typst_cold, weasy_cold))
    help_cold = cold["help"]
    print("| run | handouts ms | Typst ms | WeasyPrint ms | handouts/Typst | handouts/WeasyPrint |")
    print("|---|---|---|---|---|---|")
    for name, o, t, w in rows:
        print(f"| {name} | {o:.1f} | {t:.1f} | {w:.1f} | {o / t:.2f}× | {o / w:.2f}× |")
    print(f"\n`handouts --help` cold: {help_cold:.0f} ms")


if __name__ == "__main__":
    main()
