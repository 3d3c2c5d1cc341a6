"""The corpora through the whole pipeline: an article with ``lang: my``/``km``/``lo`` in a workspace,
rendered by ``handouts render`` (exit 0), and every paragraph read back from the handout by
pdftotext and pypdf, equal to the source under the corpus tests' whitespace rule."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from handouts.cli import app

FRONT = """---
title: "{title}"
lang: {lang}
author: "{author}"
reviewer: "{author}"
reviewed: 2026-11-01
next_review: 2028-11-01
source: "{author}"
version: "1.0"
---

"""
AUTHORS = {"my": "TICO-19 (CC0)", "km": "TICO-19 (CC0)", "lo": "Hesperian Health Guides"}


def _region(paragraph: str, extracted: str) -> str | None:
    """The stretch of ``extracted`` whose non-whitespace characters are the paragraph's."""
    idx = [i for i, c in enumerate(extracted) if not c.isspace()]
    flat = "".join(extracted[i] for i in idx)
    want = "".join(paragraph.split())
    k = flat.find(want)
    if k < 0:
        return None
    return extracted[idx[k] : idx[k + len(want) - 1] + 1]


@pytest.mark.parametrize("lang", ["my", "km", "lo"])
def test_a_health_article_renders_and_reads_back(
    lang: str, workspace: Path, sea: SimpleNamespace, th: SimpleNamespace
) -> None:
    paras = sea.paragraphs(lang)[:3]  # the first page's worth: no paragraph crosses a page's header or footer
    title = paras[0].split(" ")[0][:20]
    article = workspace / "articles" / f"health-{lang}.md"
    article.write_text(FRONT.format(title=title, lang=lang, author=AUTHORS[lang]) + "\n\n".join(paras) + "\n", "utf-8")
    out = workspace / f"health-{lang}.pdf"
    r = CliRunner().invoke(app, ["render", f"health-{lang}", "-w", str(workspace), "-o", str(out)])
    assert r.exit_code == 0, r.output
    for name in ("pdftotext", "pypdf"):
        pages = th.extractors[name](out)
        for p in paras:
            found = [reg for reg in (_region(p, page) for page in pages) if reg is not None]
            assert found, f"{name}: paragraph not on one page: {p[:30]}…"
            problems = sea.extraction_problems(p, found[0], max_lines=found[0].count("\n") + 1)
            if problems and not sea.text_layer_exact():
                pytest.xfail("the exact my/km/lo text layer lands with the textlayer branch: " + problems[0])
            assert problems == [], f"{name}: " + "\n".join(problems)
