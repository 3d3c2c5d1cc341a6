"""Render benchmark: handouts vs Typst vs WeasyPrint on the same Thai (and English) handout.

    pip install -r benchmarks/requirements-peers.txt   # peers: benchmark only
    python benchmarks/render.py

Warm: median of N renders in one process after warm-ups (handouts: ``pipeline.render``; peers:
their Python APIs). Cold: median of fresh processes (``handouts render`` console command vs the
peers' commands). Content: the demo article's translated model, fed to the peers as blocks.
Targets (issue): warm Thai ≤ 0.5× Typst, cold ``handouts render`` ≤ 0.3× WeasyPrint.
"""

from __future__ import annotations

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
        else:
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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rows = []
    tmp = Path(tempfile.mkdtemp())
    for lang in ("th", "en"):
        blocks = blocks_for(lang)
        ours = median_ms(lambda: render("back-pain-after-surgery", "demo", lang, RenderContext(ROOT)), n)
        typst = median_ms(lambda: peers.render_typst(blocks), n)
        weasy = median_ms(lambda: peers.render_weasyprint(blocks), n)
        rows.append((f"warm {lang}", ours, typst, weasy))
    blocks = blocks_for("th")
    (tmp / "h.typ").write_text(peers.typst_source(blocks), encoding="utf-8")
    (tmp / "h.html").write_text(peers.html_source(blocks), encoding="utf-8")
    # the console script of this environment (the one the peers run in), not whatever is on PATH
    exe = str(Path(sys.executable).with_name("handouts"))
    if not Path(exe).exists():
        exe = shutil.which("handouts") or "handouts"
    ours_cold = cold_ms([exe, "-q", "render", "back-pain-after-surgery", "--lang", "th", "-w", str(ROOT), "-o",
                         str(tmp / "o.pdf")])  # fmt: skip
    help_cold = cold_ms([exe, "--help"])
    typst_cold = cold_ms(peers.cold_typst_cmd(tmp / "h.typ", tmp / "t.pdf"))
    weasy_cold = cold_ms(peers.cold_weasyprint_cmd(tmp / "h.html", tmp / "w.pdf"))
    rows.append(("cold th (fresh process)", ours_cold, typst_cold, weasy_cold))
    print("| run | handouts ms | Typst ms | WeasyPrint ms | handouts/Typst | handouts/WeasyPrint |")
    print("|---|---|---|---|---|---|")
    for name, o, t, w in rows:
        print(f"| {name} | {o:.1f} | {t:.1f} | {w:.1f} | {o / t:.2f}× | {o / w:.2f}× |")
    print(f"\n`handouts --help` cold: {help_cold:.0f} ms")


if __name__ == "__main__":
    main()
