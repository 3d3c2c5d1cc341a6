"""Thai text → how full its lines are, per body width of a real handout (run by a developer).

Typesets the Thai test corpus, the held-out text of the fill tests and the Thai strings of the
shipped catalog (placeholders filled with values like the demo clinic's, :data:`SAMPLES`) at
the body widths that handouts use, and
prints, per width and source, the non-final lines under 85 % full (the definition of
``handouts.typesetting.lines.under_full``) and how many are under half full. ``-v`` also
prints each such line, the first unbreakable item of the next line, its width, and why the
line is short (:func:`cause`):

* ``number`` / ``latin`` / ``word``: that item (a number with its unit, a Latin word without a
  hyphenation point that fits, a Thai word or loanword with no inner break) is wider than
  what the line lacks;
* ``trade``: the item would fit, but total fit keeps the line short because taking it would
  leave more lines under-full (or one under half full) further down;
* ``first``: the paragraph's first line (its start is fixed, so nothing before it can help);
* ``min``: no layout over the same breaks has fewer under-full lines (checked by a dynamic
  program that counts under-full lines only); ``+k`` when total fit left k more to avoid a
  line under half full.

    python tools/fill_report.py [-v]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from handouts.layout.styles import MM, PAPER, styles_for  # noqa: E402
from handouts.typesetting.flowable import TextBlock  # noqa: E402
from handouts.typesetting.linebreak import Break, squeezable, stretchable, target, width  # noqa: E402
from handouts.typesetting.lines import _breaks, natural_width, under_full  # noqa: E402
from handouts.typesetting.spans import Span, TextStyle  # noqa: E402

GUTTER = 6 * MM


def paragraphs(path: Path) -> list[str]:
    text = "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.startswith("#"))
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


# what a placeholder of the catalog stands for in a printed handout (like the demo clinic's)
SAMPLES = {"phone": "02 123 4567", "line": "@democlinic", "version": "1.0", "hash": "93c37126",
           "author": "พญ.รรินธร ชุ่มใส ณ อยุธยา", "reviewer": "คณะกรรมการสื่อความรู้สำหรับผู้ป่วย",
           "translator": "Demo Translator", "reviewed": "1 พฤศจิกายน 2569", "percent": "100", "number": "3"}  # fmt: skip


def catalog() -> list[str]:
    from babel.messages.pofile import read_po

    with (ROOT / "locales/th/LC_MESSAGES/handouts.po").open("rb") as f:
        cat = read_po(f)
    out = []
    for m in cat:
        s = m.string if isinstance(m.string, str) else (m.string or [""])[0]
        if s and len(s) > 60 and re.search("[\u0e00-\u0e7f]", s):
            s = re.sub(r"%\((\w+)\)[sd]", lambda m: SAMPLES.get(m.group(1), "12345"), s)
            out.append(" ".join(re.sub(r"\*\*|\*|`|\[|\]\([^)]*\)", "", s).split()))
    return out


def widths() -> dict[str, tuple[float, float]]:
    def body(paper: str, profile: str, bilingual: bool = False) -> tuple[float, float]:
        st = styles_for("th", profile, paper)
        measure = PAPER[paper][0] - 2 * st.margin_x
        return ((measure - GUTTER) / 2 if bilingual else measure), st.body

    return {"test corpus": (80 * MM, 15.0), "test corpus ": (150 * MM, 15.0), "A4": body("A4", "standard"),
            "A5 booklet": body("A5", "standard"), "A4 large": body("A4", "large"), "A5 large": body("A5", "large"),
            "A4 bilingual": body("A4", "standard", True), "A4 large bilingual": body("A4", "large", True),
            "A5 bilingual": body("A5", "standard", True)}  # fmt: skip


def fewest_under_full(breaks: list[Break], measure: float, fill: float = 0.85) -> int:
    """The fewest under-full non-final lines any layout over ``breaks`` has (lines may be drawn
    narrower, or wider)."""
    n = len(breaks) - 1
    best = [0] + [10**9] * n  # best[b]: fewest under-full lines of a layout ending at b (counting its last line)
    for b in range(1, n + 1):
        for a in range(b - 1, -1, -1):
            w = width(breaks, a, b)
            if b > a + 1 and w - squeezable(breaks, a, b) > measure + 1e-6:
                if breaks[b].x - breaks[a].x > 3 * measure:
                    break
                continue
            short = w < fill * measure - 1e-6 and w + stretchable(breaks, a, b) < target(measure, fill) - 1e-6
            best[b] = min(best[b], best[a] + (b < n and short))
    return best[n]


def cause(block: TextBlock, measure: float, i: int) -> str:
    """Why line ``i`` of a typeset block is under-full (see the module's docstring)."""
    lines = block._lines
    prep = block._prepared()
    text = prep.text.text
    atoms = block._fit_atoms(measure)
    breaks, points = _breaks(prep, atoms, block.keep_words, hyphenate=True)
    offsets = sorted({atoms[k].end if c < 0 else c for k, c, _ in points[1:]})
    start = sum(len(a.text) for line in lines[: i + 1] for a in line)
    end = next((o for o in offsets if o > start), len(text))
    item = text[start:end]
    room = measure - natural_width(lines[i])
    need = prep.text.trimmed(start, end)
    kind = (
        "trade"
        if need <= room
        else "number"
        if re.search(r"\d", item)
        else "latin"
        if re.search("[A-Za-z]", item)
        else "word"
    )
    fewest = fewest_under_full(breaks, measure)
    extra = len(under_full(lines, measure)) - fewest
    why = f"{kind}{' first' if i == 0 else ''} {'min' if extra <= 0 else f'min+{extra}'}"
    return f"{item} ({need / measure:.0%}) [{why}]"


def main() -> None:
    verbose = "-v" in sys.argv
    sources = {"corpus": paragraphs(ROOT / "tests/typesetting/corpus/th_corpus.txt"),
               "held-out": paragraphs(ROOT / "tests/typesetting/fill_heldout_th.txt"), "catalog": catalog()}  # fmt: skip
    print(f"{'body':34} {'source':9} {'under 85 %':>14} {'under 50 %':>10}")
    for name, (measure, size) in widths().items():
        for src, texts in sources.items():
            under = half = total = 0
            for text in texts:
                block = TextBlock((Span(text, TextStyle(size=size)),), leading=size * 1.6)
                block.wrap(measure, 1e9)
                lines = block._lines
                total += len(lines) - 1
                for i in under_full(lines, measure):
                    under += 1
                    w = natural_width(lines[i]) / measure
                    half += w < 0.5
                    if verbose:
                        print(f"    {w:.0%} {''.join(a.text for a in lines[i])}| {cause(block, measure, i)}")
            share = f"{under}/{total} {under / max(total, 1):.1%}"
            label = f"{name.strip()} ({measure / MM:.0f} mm, {size:g} pt)"
            print(f"{label:34} {src:9} {share:>14} {half:>10}", flush=True)


if __name__ == "__main__":
    main()
