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
    if k < 0 or not want:
        return None
    return extracted[idx[k] : idx[k + len(want) - 1] + 1]


def _regions(paragraph: str, pages: list[str]) -> list[tuple[str, str]]:
    """(part of the paragraph, where it is in the extraction): the whole paragraph on one page,
    or its head at one page's end and its tail on the next (a page's footer and the next page's
    header come between them)."""
    for page in pages:
        region = _region(paragraph, page)
        if region is not None:
            return [(paragraph, region)]
    starts = [i for i, c in enumerate(paragraph) if not c.isspace()]
    want = "".join(paragraph[i] for i in starts)
    for a, b in zip(pages, pages[1:]):
        fa, fb = "".join(a.split()), "".join(b.split())
        for k in range(len(want) - 1, 0, -1):
            if want[:k] in fa and want[k:] in fb:
                head, tail = paragraph[: starts[k]], paragraph[starts[k] :]
                ra, rb = _region(head, a), _region(tail, b)
                assert ra is not None and rb is not None
                return [(head, ra), (tail, rb)]
    return []


@pytest.mark.parametrize("lang", ["my", "km", "lo"])
def test_a_health_article_renders_and_reads_back(
    lang: str, workspace: Path, sea: SimpleNamespace, th: SimpleNamespace
) -> None:
    paras = sea.paragraphs(lang)
    title = paras[0].split(" ")[0][:20]
    article = workspace / "articles" / f"health-{lang}.md"
    article.write_text(FRONT.format(title=title, lang=lang, author=AUTHORS[lang]) + "\n\n".join(paras) + "\n", "utf-8")
    out = workspace / f"health-{lang}.pdf"
    r = CliRunner().invoke(app, ["render", f"health-{lang}", "-w", str(workspace), "-o", str(out)])
    assert r.exit_code == 0, r.output
    for name in ("pdftotext", "pypdf"):
        pages = th.extractors[name](out)
        assert len(pages) >= 2  # paragraphs cross pages too
        for p in paras:
            found = _regions(p, pages)
            assert found, f"{name}: paragraph not found: {p[:30]}…"
            for part, region in found:
                problems = sea.extraction_problems(part, region, max_lines=region.count("\n") + 1)
                assert problems == [], f"{name}: " + "\n".join(problems)
