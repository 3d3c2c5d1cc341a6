"""Typesetting speed: TextBlock lines per second, and a two-page Thai document vs ReportLab Paragraph.

    python benchmarks/typesetting.py

* lines/s: every corpus paragraph as a new TextBlock wrapped at 80 mm and at 150 mm (Sarabun
  15 pt). *Warm*: the process caches (shaped runs, atoms per paragraph) are hot, as in a batch
  worker; *fresh text*: those caches are emptied before each run, so every paragraph is
  segmented, shaped and broken. Median of 7 runs after 1 warm-up.
* document: the first corpus paragraphs that fill two A4 pages (20 mm margins, 15 pt, leading
  1.5×), built with ``SimpleDocTemplate`` as TextBlocks (shaping, Thai word breaks, exact text
  layer) and as ReportLab's plain ``Paragraph`` (fontName Sarabun, no shaping, breaks at spaces
  only) on the same text. *Warm*: median of 7 builds after 1 warm-up in this process; *cold*:
  median of 3 fresh ``python -c`` processes, wall time including interpreter start and imports.

Prints markdown tables.
"""

from __future__ import annotations

import io
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tests" / "typesetting" / "corpus" / "th_corpus.txt"
SIZE = 15.0
LEADING = 1.5 * SIZE


def paragraphs() -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", CORPUS.read_text("utf-8")) if p.strip()]


def _doc(buf: io.BytesIO) -> Any:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    # binary streams for both builds, as handouts writes its PDFs (pdf.py): without ReportLab's C
    # accelerator, ASCII85 in pure Python would dominate both timings
    rl_config.useA85 = 0

    m = 20 * mm
    return SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=m,
        rightMargin=m,
        topMargin=m,
        bottomMargin=m,
        invariant=1,
        initialFontName="Sarabun",
    )


def build_ours(texts: list[str]) -> tuple[bytes, int]:
    """TextBlocks → PDF bytes and page count."""
    from handouts.pdf.writer import load
    from handouts.typesetting.flowable import TextBlock, as_flowable
    from handouts.typesetting.spans import Span, TextStyle

    load()  # the body font registered with ReportLab (faces are registered when first drawn): the canvas starts in it
    buf = io.BytesIO()
    doc = _doc(buf)
    blocks = [TextBlock((Span(t, TextStyle(size=SIZE)),), leading=LEADING, space_after=6.0) for t in texts]
    doc.build([as_flowable(b) for b in blocks])
    return buf.getvalue(), doc.page


def build_paragraph(texts: list[str]) -> tuple[bytes, int]:
    """ReportLab Paragraphs in plain Sarabun (no shaping) → PDF bytes and page count."""
    from xml.sax.saxutils import escape

    import fontpkg_sarabun
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph

    if "Sarabun" not in pdfmetrics.getRegisteredFontNames():
        path = Path(fontpkg_sarabun.__file__).resolve().parent / "files" / "Sarabun-Regular.ttf"
        pdfmetrics.registerFont(TTFont("Sarabun", str(path)))
    style = ParagraphStyle("body", fontName="Sarabun", fontSize=SIZE, leading=LEADING, spaceAfter=6.0)
    buf = io.BytesIO()
    doc = _doc(buf)
    doc.build([Paragraph(escape(t), style) for t in texts])
    return buf.getvalue(), doc.page


BUILDERS: dict[str, Callable[[list[str]], tuple[bytes, int]]] = {
    "ours (TextBlock)": build_ours,
    "ReportLab Paragraph": build_paragraph,
}


def two_pages(texts: list[str]) -> list[str]:
    """The longest prefix of the corpus that TextBlocks set on exactly two pages."""
    chosen: list[str] = []
    for t in texts:
        if build_ours([*chosen, t])[1] > 2:
            break
        chosen.append(t)
    return chosen


def median_ms(fn: Callable[[], object], runs: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cold_ms(builder: str, text_file: Path, runs: int = 3) -> float:
    code = (
        f"import sys; sys.path.insert(0, {str(HERE)!r}); import typesetting as b; "
        f"t = open({str(text_file)!r}, encoding='utf-8').read().split('\\n\\n'); "
        f"b.{builder}(t)"
    )
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _clear_caches() -> None:
    from handouts.typesetting import atoms, shaping

    for module, name in ((atoms, "PREPARED"), (shaping, "_CACHE")):
        cache = getattr(module, name, None)
        if cache is not None:
            cache.clear()


def lines_per_second(texts: list[str], width_mm: float, fresh: bool) -> tuple[float, int]:
    from reportlab.lib.units import mm

    from handouts.typesetting.flowable import TextBlock
    from handouts.typesetting.spans import Span, TextStyle

    count = 0

    def run() -> None:
        nonlocal count
        if fresh:
            _clear_caches()
        count = 0
        for t in texts:
            block = TextBlock((Span(t, TextStyle(size=SIZE)),), leading=LEADING)
            block.wrap(width_mm * mm, 1e9)
            count += len(block.line_texts())

    ms = median_ms(run)
    return count / (ms / 1000), count


def main() -> None:
    texts = paragraphs()
    print(f"Corpus: {len(texts)} paragraphs. Python {sys.version.split()[0]}.\n")
    print("| TextBlock.wrap over the corpus | lines | warm lines/s | fresh-text lines/s |")
    print("| --- | ---: | ---: | ---: |")
    for width in (80, 150):
        warm, n = lines_per_second(texts, width, fresh=False)
        fresh, _ = lines_per_second(texts, width, fresh=True)
        print(f"| {width} mm | {n} | {warm:,.0f} | {fresh:,.0f} |")

    doc_texts = two_pages(texts)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "two-pages.txt"
        text_file.write_text("\n\n".join(doc_texts), "utf-8")
        for name, builder in BUILDERS.items():
            pdf, pages = builder(doc_texts)
            results[name] = {
                "warm": median_ms(lambda builder=builder: builder(doc_texts)),
                "cold": cold_ms(builder.__name__, text_file),
                "pages": pages,
                "kb": len(pdf) / 1024,
            }
    ours, plain = results["ours (TextBlock)"], results["ReportLab Paragraph"]
    chars = sum(len(t) for t in doc_texts)
    print(f"\nTwo-page Thai document: {len(doc_texts)} corpus paragraphs, {chars} characters, A4, Sarabun 15 pt.\n")
    print("| | ours (TextBlock) | ReportLab Paragraph | ratio ours/Paragraph |")
    print("| --- | ---: | ---: | ---: |")
    rows = (
        ("warm build, ms (median of 7)", "warm", "{:.1f}"),
        ("cold build, ms (median of 3 processes)", "cold", "{:.0f}"),
        ("PDF size, KiB", "kb", "{:.0f}"),
    )
    for label, key, fmt in rows:
        a, b = ours[key], plain[key]
        print(f"| {label} | {fmt.format(a)} | {fmt.format(b)} | {a / b:.2f} |")
    print(f"| pages | {ours['pages']:.0f} | {plain['pages']:.0f} | |")


if __name__ == "__main__":
    main()
