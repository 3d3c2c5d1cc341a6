"""An author's HTML comments (``<!-- TODO: ask the pharmacist about the dose -->``) never reach the
patient: they were printed as text (with a warning) on the handout. A comment-only block is dropped,
an inline comment leaves its paragraph's text (and catalog entry) without it; a comment in a code
span is text, and other raw HTML is still printed and warned."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.content.markdown import parse_body

NOTE = st.text("abcdefghij TODO:?-", min_size=0, max_size=20).filter(lambda s: "--" not in s and not s.endswith("-"))


def _texts(body: str) -> tuple[list[str], list[str]]:
    parsed = parse_body(body, 1, Path("articles/a.md"))
    return [e.text for e in parsed.entries], [n.code for n in parsed.notices]


@settings(max_examples=60, deadline=None)
@given(note=NOTE, where=st.sampled_from(["block", "before", "middle", "end", "cell", "heading", "item"]))
def test_a_comment_is_never_printed(note: str, where: str) -> None:
    comment = f"<!--{note}-->"
    body = {
        "block": f"{comment}\n\nTake 2 tablets a day.\n",
        "before": f"Take {comment} 2 tablets a day.\n",
        "middle": f"Take 2 {comment} tablets a day.\n",
        "end": f"Take 2 tablets a day. {comment}\n",
        "cell": f"| Dose | When |\n|---|---|\n| 2 tablets {comment} | a day |\n",
        "heading": f"## Take 2 tablets a day {comment}\n",
        "item": f"- Take 2 tablets a day.{comment}\n",
    }[where]
    texts, notices = _texts(body)
    assert not any("<!--" in t or "-->" in t for t in texts), texts
    assert notices == []
    joined = " ".join(texts)
    assert ("2 tablets" in joined and "a day" in joined), texts


def test_a_comment_in_code_and_other_html_stay_text() -> None:
    texts, notices = _texts("Type `<!-- x -->` here.\n\n<div>x</div> <!-- c -->\n")
    assert texts == ["Type `<!-- x -->` here.", "<div>x</div>"]
    assert notices == ["content.unsupported"]
