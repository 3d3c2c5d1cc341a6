"""Thai word segmenters on the test corpus: speed, start-up, size and how far they agree.

    python benchmarks/segmenters.py

Segmenters: ``thaibreak`` (what :mod:`handouts.typesetting.segment` uses), PyThaiNLP ``newmm``
and ``longest``, ICU's word BreakIterator when PyICU is installed (skipped otherwise), and the
engine's own ``break_opportunities`` (thaibreak plus the typographic rules) for reference.

* warm: median of 10 runs over the 61 corpus paragraphs, after one warm-up, in this process;
* cold: import + first call on one paragraph in a fresh interpreter (median of 3 processes,
  measured inside the child, so interpreter start-up is not counted);
* size: the installed package folder(s) on disk;
* agreement: inner boundaries (offsets between segments, whitespace included) over the whole
  corpus: each segmenter's count, how many thaibreak shares, and the boundaries all share.

Prints two markdown tables.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "typesetting" / "corpus" / "th_corpus.txt"

# name → (packages whose folders make its install size, code run in a child for the cold time)
SEGMENTERS: dict[str, tuple[tuple[str, ...], str]] = {
    "thaibreak": (("thaibreak",), "import thaibreak\nthaibreak.boundaries(TEXT)"),
    "pythainlp newmm": (
        ("pythainlp",),
        "from pythainlp.tokenize import word_tokenize\nword_tokenize(TEXT, engine='newmm', keep_whitespace=True)",
    ),
    "pythainlp longest": (
        ("pythainlp",),
        "from pythainlp.tokenize import word_tokenize\nword_tokenize(TEXT, engine='longest', keep_whitespace=True)",
    ),
    "ICU (PyICU)": (
        ("icu",),
        "import icu\nbi = icu.BreakIterator.createWordInstance(icu.Locale('th'))\nbi.setText(TEXT)\nlist(bi)",
    ),
    "handouts break_opportunities": (
        ("thaibreak",),
        "from handouts.typesetting.segment import break_opportunities\nbreak_opportunities(TEXT)",
    ),
}


def paragraphs() -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", CORPUS.read_text("utf-8")) if p.strip()]


def _offsets(tokens: list[str]) -> list[int]:
    out, pos = [], 0
    for tok in tokens:
        pos += len(tok)
        out.append(pos)
    return out


def boundary_function(name: str) -> Callable[[str], list[int]] | None:
    """``text → inner boundaries`` for a segmenter, or None when it is not installed."""
    if name == "thaibreak":
        import thaibreak

        return lambda t: thaibreak.boundaries(t)[1:-1]
    if name.startswith("pythainlp"):
        if importlib.util.find_spec("pythainlp") is None:
            return None
        from pythainlp.tokenize import word_tokenize

        engine = name.split()[-1]
        return lambda t: _offsets(word_tokenize(t, engine=engine, keep_whitespace=True))[:-1]
    if name.startswith("ICU"):
        try:
            import icu
        except ImportError:
            return None

        def icu_boundaries(t: str) -> list[int]:
            bi = icu.BreakIterator.createWordInstance(icu.Locale("th"))
            bi.setText(t)
            # ICU works in UTF-16 code units; the corpus is in the BMP, so they are str indices
            return [b for b in bi if 0 < b < len(t)]

        return icu_boundaries
    if name.startswith("handouts"):
        from handouts.typesetting.segment import break_opportunities

        return break_opportunities
    raise ValueError(name)


def warm_ms(fn: Callable[[str], list[int]], texts: list[str], runs: int = 10) -> float:
    for t in texts:  # warm-up
        fn(t)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cold_ms(code: str, text: str, runs: int = 3) -> float:
    child = (
        "import time, json, sys\nTEXT = json.loads(sys.argv[1])\nt0 = time.perf_counter()\n"
        + code
        + "\nprint((time.perf_counter() - t0) * 1000)"
    )
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", child, json.dumps(text)], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def package_mb(packages: tuple[str, ...]) -> float:
    total = 0
    for pkg in packages:
        spec = importlib.util.find_spec(pkg)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for dirpath, _, files in os.walk(folder):
                total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total / 1e6


def main() -> None:
    texts = paragraphs()
    chars = sum(len(t) for t in texts)
    rows, bounds = [], {}
    for name, (packages, code) in SEGMENTERS.items():
        fn = boundary_function(name)
        if fn is None:
            print(f"(skipped {name}: not installed)", file=sys.stderr)
            continue
        warm = warm_ms(fn, texts)
        cold = cold_ms(code, texts[0])
        size = package_mb(packages)
        bounds[name] = {(i, b) for i, t in enumerate(texts) for b in fn(t)}
        rows.append((name, warm, chars / warm, cold, size, "+".join(packages)))

    print(f"Corpus: {len(texts)} paragraphs, {chars} characters. Python {sys.version.split()[0]}.\n")
    print("| segmenter | warm ms (median of 10) | chars/ms | cold ms (import + first call) | install MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, warm, rate, cold, size, pkgs in rows:
        print(f"| {name} | {warm:.1f} | {rate:.0f} | {cold:.0f} | {size:.1f} ({pkgs}) |")

    base = bounds["thaibreak"]
    word_segmenters = [n for n in bounds if not n.startswith("handouts")]
    shared_all = set.intersection(*(bounds[n] for n in word_segmenters))
    print("\n| segmenter | boundaries | shared with thaibreak | only here | Jaccard vs thaibreak |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, b in bounds.items():
        both = len(b & base)
        print(f"| {name} | {len(b)} | {both} | {len(b - base)} | {both / len(b | base):.3f} |")
    print(f"\nBoundaries shared by all of {', '.join(word_segmenters)}: {len(shared_all)}")


if __name__ == "__main__":
    main()
