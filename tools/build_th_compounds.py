"""Build handouts/typesetting/data/th_compounds.txt.gz (run by a developer, not at run time).

Source: PyThaiNLP's word list ``pythainlp/corpus/words_th.txt`` (CC0-1.0, public domain).
Kept: every word that thaibreak segments into two or more parts (compounds such as ความดัน,
ท้องผูก, กระเพาะอาหาร). The line breaker runs a maximal matching over thaibreak's
boundaries with these words, so a line never ends inside a dictionary compound.

    pip install pythainlp thaibreak && python tools/build_th_compounds.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

import thaibreak

OUT = Path(__file__).resolve().parents[1] / "handouts/typesetting/data/th_compounds.txt.gz"


def main() -> None:
    import pythainlp

    src = Path(pythainlp.__file__).parent / "corpus" / "words_th.txt"
    words = sorted({w.strip() for w in src.read_text("utf-8").splitlines() if w.strip()})
    compounds = [w for w in words if " " not in w and len(thaibreak.boundaries(w)) > 2]
    header = "# Thai compounds (words thaibreak splits) from PyThaiNLP words_th.txt, CC0-1.0\n"
    data = (header + "\n".join(compounds) + "\n").encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(compounds)} compounds of {len(words)} words → {OUT.name} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
