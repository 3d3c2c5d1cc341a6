"""Scaling benchmark: time and peak memory of one render against the length of its text.

    python benchmarks/scaling.py                 # 10 k, 100 k, 1 M characters
    python benchmarks/scaling.py 10000 30000     # other sizes

For each size and kind, a workspace (``handouts init``) gets an article of that many characters
in ONE paragraph (the worst case for segmentation, shaping and line breaking) and is rendered by
a fresh ``python -m handouts render`` process; the table gives its wall time, peak resident
memory (``wait4``'s ``ru_maxrss``) and time per 1,000 characters, which stays flat when the cost
is linear. Kinds: ``thai`` (the test corpus run together, with its spaces), ``latin`` (English
words), ``latin-word`` (one word without a space: cut at the box edge with a hyphen), and ``lao``,
``khmer``, ``burmese`` (the shipped catalog's translations run together).
The article size cap is raised for the run when the workspace has one (``handouts.toml``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "typesetting" / "corpus" / "th_corpus.txt"
SIZES = (10_000, 100_000, 1_000_000)
ENGLISH = (
    "Back surgery is often presented as the definitive solution for severe, chronic back pain. "
    "However, for a significant number of patients, pain unfortunately continues. "
)
CATALOGS = {"lao": "lo", "khmer": "km", "burmese": "my"}
FRONT = (
    '---\ntitle: "Scaling"\nlang: {lang}\nauthor: "Bench"\nreviewer: "Bench"\n'
    "reviewed: 2026-11-01\nnext_review: 2028-11-01\nsource: bench\nversion: '1'\n---\n\n"
)


def body(kind: str, n: int) -> tuple[str, str]:
    """(language, paragraph of exactly n characters)."""
    if kind == "thai":
        base = re.sub(r"\s*\n\s*", " ", CORPUS.read_text("utf-8")).strip() + " "
        lang = "th"
    elif kind == "latin":
        base, lang = ENGLISH, "en"
    elif kind in CATALOGS:  # the shipped catalog's translations, run together (no markup, no placeholders)
        from babel.messages.pofile import read_po

        lang = CATALOGS[kind]
        with (ROOT / "locales" / lang / "LC_MESSAGES" / "handouts.po").open("rb") as f:
            texts = [m.string for m in read_po(f) if m.id and isinstance(m.string, str) and m.string]
        base = re.sub(r"\s+", " ", " ".join(re.sub(r"[*\[\]()#`_]|%\(\w+\)s|\{\w+\}|https?://\S+", "", t)
                                            for t in texts)) + " "  # fmt: skip
    else:
        base, lang = "pneumonoultramicroscopicsilicovolcanoconiosis", "en"
    text = (base * (n // len(base) + 1))[:n].strip()
    return lang, text + "x" * (n - len(text))


def run_one(kind: str, n: int, folder: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, article bytes) of one fresh render."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1795564800", "HANDOUTS_CACHE_DIR": str(folder / "cache")}
    ws = folder / f"ws-{kind}-{n}"
    subprocess.run([sys.executable, "-m", "handouts", "init", "--demo", str(ws)], check=True, capture_output=True, env=env)
    lang, text = body(kind, n)
    article = ws / "articles" / "scaling.md"
    article.write_text(FRONT.format(lang=lang) + text + "\n", "utf-8")
    settings = ws / "handouts.toml"
    if settings.exists():  # lift the workspace's article size cap for the benchmark
        text = settings.read_text("utf-8")
        lifted = re.sub(r'(?m)^article = "[^"]*"', 'article = "100 MB"', text)
        if lifted == text:
            lifted = text + '\n[limits]\narticle = "100 MB"\n'
        settings.write_text(lifted, "utf-8")
    env["HANDOUTS_WORKSPACE"] = str(ws)
    cmd = [sys.executable, "-m", "handouts", "-q", "render", "scaling", "--lang", lang, "-o", str(folder / f"{kind}-{n}.pdf")]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # (reaped by wait4: the Popen object is told)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise SystemExit(f"{kind} {n}: exit {os.waitstatus_to_exitcode(status)}\n{err[-2000:]}")
    return seconds, usage.ru_maxrss // 1024, len(article.read_bytes())


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    print("| kind | characters | article bytes | time (s) | ms per 1,000 characters | peak memory (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="handouts-scaling-") as tmp:
        for kind in ("thai", "latin", "latin-word", *CATALOGS):
            for n in sizes:
                seconds, mb, size = run_one(kind, n, Path(tmp))
                print(f"| {kind} | {n:,} | {size:,} | {seconds:.2f} | {seconds * 1e6 / n:.1f} | {mb} |", flush=True)


if __name__ == "__main__":
    main()
