"""Tagged PDF/UA-1 + PDF/A-2u: what it costs, and how it compares with WeasyPrint and Typst.

    pip install -r benchmarks/requirements-peers.txt   # peers: benchmark only
    python benchmarks/tagging.py

1. **Cost** (warm, one process, CPU time, alternating): the demo handout rendered with
   ``--pdf-standard none`` and with the default ``ua-1,a-2u``, in Thai, English and th+en.
   The issue's budget: tagging adds at most 15 %.
2. **Peers**: the same article (the translated model as blocks, ``peers.py``) through
   WeasyPrint (``pdf_variant="pdf/ua-1"``, then ``"pdf/a-2u"``: one at a time) and Typst
   (``pdf_standards=["ua-1", "a-2u"]``), and each
   PDF through the same checks as ours: the test suite's checker (``tests/pdf/ua_checker.py``),
   the ``page`` validator (PDF/UA-1 and PDF/A-2u) and the structure elements it has.
"""

from __future__ import annotations

import collections
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from handouts.pipeline import RenderContext, render
from tests.pdf import ua_checker

ARTICLE = "back-pain-after-surgery"


def cost(n: int = 50) -> None:
    """CPU time (``process_time``: the machine may be shared) of renders alternating between the
    two settings, so that both see the same machine; the median and the fastest of each."""
    print(f"## Cost of tagging (warm, CPU time, {n} renders of each, alternating)\n")
    print("| handout | plain (none) | ua-1,a-2u | added (median) | added (fastest) |")
    print("|---|---|---|---|---|")
    for lang in ("th", "en", "th+en"):
        times: dict[str, list[float]] = {"none": [], "ua-1,a-2u": []}
        for i in range(n + 3):
            for std, xs in times.items():
                t = time.process_time()
                render(ARTICLE, "demo", lang, RenderContext(ROOT, pdf_standard=std))
                if i >= 3:  # warm-up: segmenting, shaping, font subsets, compression memo
                    xs.append(time.process_time() - t)
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        low = {k: min(v) * 1000 for k, v in times.items()}
        print(f"| {lang} | {med['none']:.1f} ms | {med['ua-1,a-2u']:.1f} ms | "
              f"{(med['ua-1,a-2u'] / med['none'] - 1) * 100:+.1f} % | {(low['ua-1,a-2u'] / low['none'] - 1) * 100:+.1f} % |")
    print()


def structure(data: bytes) -> str:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return "no structure tree"
        counts = collections.Counter(str(e.S)[1:] for e in ua_checker.elements(pdf))
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def validators(data: bytes) -> str:
    try:
        import page
    except ImportError:
        return "(page not installed)"
    out = []
    for profile in ("ua1", "2u"):
        r = page.validate_pdf_bytes(data, profile=profile)
        rules = sorted({f.rule_id for f in r.failures})
        out.append(f"{profile}: {'pass' if r.is_compliant else 'fail ' + ', '.join(rules[:4])}")
    return "; ".join(out)


def peers_table() -> None:
    import peers
    from render import blocks_for

    print("## Same article, three writers (Thai)\n")
    ours = render(ARTICLE, "demo", "th", RenderContext(ROOT)).pdf
    blocks = blocks_for("th")
    rows: list[tuple[str, bytes | None, str]] = [("handouts (default: ua-1,a-2u)", ours, "")]
    try:
        import weasyprint

        html = peers.html_source(blocks)
        for variant in ("pdf/ua-1", "pdf/a-2u"):  # WeasyPrint writes one variant at a time
            rows.append((f"WeasyPrint {variant}", weasyprint.HTML(string=html).write_pdf(pdf_variant=variant), ""))
    except Exception as e:  # a missing or broken peer is reported, not fatal
        rows.append(("WeasyPrint", None, f"{type(e).__name__}: {e}"))
    try:
        import typst

        pdf = typst.compile(peers.typst_source(blocks).encode(), font_paths=[str(peers.font_dir())],
                            ignore_system_fonts=True, pdf_standards=["ua-1", "a-2u"])  # fmt: skip
        rows.append(("Typst ua-1,a-2u", pdf if isinstance(pdf, bytes) else None, ""))
    except Exception as e:
        rows.append(("Typst ua-1,a-2u", None, f"{type(e).__name__}: {e}"))
    print("| writer | size | our checker | page validator | structure elements |")
    print("|---|---|---|---|---|")
    for name, data, error in rows:
        if data is None:
            print(f"| {name} | – | {error} | | |")
            continue
        claims = name.split(" ", 1)[1]  # what the writer was asked for: check that
        findings = ua_checker.check(data, ua="ua-1" in claims, pdfa="a-2u" in claims)
        checker = "pass" if not findings else f"{len(findings)}: " + "; ".join(findings[:3])
        print(f"| {name} | {len(data) // 1024} KB | {checker} | {validators(data)} | {structure(data)} |")
    print()


if __name__ == "__main__":
    cost(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
    peers_table()
