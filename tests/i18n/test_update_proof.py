"""`update` keeps everything a translator wrote; `proof` is a deterministic review PDF."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handouts.i18n.po import scan_po

ARTICLE = "back-pain-after-surgery"
PO = "locales/th/LC_MESSAGES/handouts.po"
MENTAL = "- **Mental Health:** Depression and anxiety are closely linked"


def test_removed_then_restored_entry_comes_back_translated(ws: Path, run: Callable[..., Any]) -> None:
    md = ws / "articles" / f"{ARTICLE}.md"
    original = md.read_text(encoding="utf-8")
    md.write_text("\n".join(x for x in original.split("\n") if not x.startswith(MENTAL)), encoding="utf-8")
    r = run("i18n", "update", "th")
    assert r.stdout.splitlines()[-1] == f"{PO}: updated (0 new, 0 fuzzy, 1 obsolete)"
    md.write_text(original, encoding="utf-8")
    r = run("i18n", "update", "th")
    assert r.stdout.splitlines()[-1] == f"{PO}: updated (0 new, 0 fuzzy, 0 obsolete, 1 back from obsolete)"
    assert "#~" not in (ws / PO).read_text(encoding="utf-8")
    r = run("i18n", "status", "th", "--min", "100")
    assert r.exit_code == 0, r.stdout


def test_translator_comments_and_previous_msgids_survive_updates(ws: Path, run: Callable[..., Any]) -> None:
    po = ws / PO
    text = po.read_text(encoding="utf-8")
    anchor = next(x for x in text.splitlines(keepends=True) if x.startswith("#: articles/back-pain-after-surgery.md:"))
    text = text.replace(anchor, "# ask Dr. R. about the term\n" + anchor)
    # a fuzzy entry as a PO editor writes it: the previous msgid in continuation lines
    title = 'msgctxt "back-pain-after-surgery"\nmsgid "Why Does My Back Pain Persist After Surgery?"'
    text = text.replace(title, '#, fuzzy\n#| msgid ""\n#| "Why Does My Back Pain "\n#| "Persist?"\n' + title)
    po.write_text(text, encoding="utf-8")
    for _ in range(2):
        r = run("i18n", "update")
        assert r.exit_code == 0, r.stderr
    out = po.read_text(encoding="utf-8")
    assert "# ask Dr. R. about the term\n" + anchor in out
    assert '#, fuzzy\n#| msgid "Why Does My Back Pain Persist?"\n' + title in out
    assert scan_po(out).errors == []
    r = run("i18n", "status", "--json")
    assert '"fuzzy": 1' in r.stdout


def test_proof_shows_states_and_is_deterministic(ws: Path, run: Callable[..., Any]) -> None:
    r = run("i18n", "init", "vi")
    assert r.exit_code == 0
    r = run("i18n", "proof", ARTICLE, "--lang", "vi", "-o", "a.pdf")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == "52 entries, 0 entries with check errors\n"
    r = run("i18n", "proof", ARTICLE, "-l", "vi", "-o", "b.pdf")
    assert (ws / "a.pdf").read_bytes() == (ws / "b.pdf").read_bytes()
    reader = PdfReader(ws / "a.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == "Translation proof: Why Does My Back Pain Persist After Surgery? (vi)"
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "English → Vietnamese (vi) · 0% of the article translated" in text
    assert text.count("UNTRANSLATED") == 52
    assert "not translated: the handout shows the source text" in text
    assert "templates/handout.j2:13 · frame" in text
    # default output name, and a bad article
    r = run("i18n", "proof", ARTICLE)
    assert r.exit_code == 0 and r.stdout == f"{ARTICLE}.th.proof.pdf\n"
    assert (ws / f"{ARTICLE}.th.proof.pdf").is_file()
    r = run("i18n", "proof", "back-pain", "--lang", "th")
    assert r.exit_code == 1
    assert "unknown article 'back-pain'" in r.stderr
    r = run("i18n", "proof", ARTICLE, "-o", "missing/dir/p.pdf")
    assert r.exit_code == 1 and "output folder does not exist" in r.stderr


def test_a_character_no_font_draws_is_shown_and_flagged_not_fatal(ws: Path, run: Callable[..., Any]) -> None:
    """The proof is where a reviewer finds such a character: it is printed as [U+XXXX] with the
    check's error under its entry, instead of the whole proof failing without saying where."""
    po = ws / PO
    text = po.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index('msgid "Back surgery is often')) + len('msgstr "')
    po.write_text(text[:at] + "\U0001F600\t" + text[at:], encoding="utf-8")
    r = run("i18n", "proof", ARTICLE, "--lang", "th", "-o", "p.pdf")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == "52 entries, 1 entry with check errors\n"
    pages = "\n".join(p.extract_text() or "" for p in PdfReader(ws / "p.pdf").pages)
    assert "[U+1F600]" in pages and "[U+0009]" in pages and "no shipped font draws U+1F600" in pages


def test_a_broken_article_keeps_its_entries_in_place_while_others_update(ws: Path, run: Callable[..., Any]) -> None:
    """An article that cannot be read keeps its translations (docs/errors.md) where they were, with
    their locations: a catalog updated meanwhile is not reordered (a diff of every entry)."""
    po = ws / PO
    before = [(e.context, e.msgid, e.msgstr) for e in scan_po(po.read_text(encoding="utf-8")).entries if e.msgid]
    md = ws / "articles" / f"{ARTICLE}.md"
    md.write_text(md.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    with (ws / "templates" / "handout.j2").open("a", encoding="utf-8") as f:  # a change that rewrites the catalog
        f.write("{% block extra %}{% trans %}Keep this sheet.{% endtrans %}{% endblock %}\n")
    r = run("i18n", "update", "th")
    assert r.exit_code == 1 and "titel" in r.stderr, r.stderr
    text = po.read_text(encoding="utf-8")
    after = [(e.context, e.msgid, e.msgstr) for e in scan_po(text).entries if e.msgid and not e.obsolete]
    assert [k for k in after if k[1] != "Keep this sheet."] == before
    assert f"#: articles/{ARTICLE}.md:2\nmsgctxt \"{ARTICLE}\"" in text


@pytest.mark.parametrize(("first", "second"), [("6", "9"), ("6", "3 or 4")])
def test_a_source_changed_twice_keeps_the_msgid_the_translation_was_made_from(
    ws: Path, run: Callable[..., Any], first: str, second: str
) -> None:
    """3 → 6 months, update, then 6 → 9 months before anyone reviewed it: the ``#|`` still shows
    "3 months", the text the translation (``3 เดือน``) was made from, as msgmerge keeps it; showing
    "6 months" would hide the first change from the reviewer."""
    md = ws / "articles" / f"{ARTICLE}.md"
    original = md.read_text(encoding="utf-8")
    assert "more than 3 months after" in original
    md.write_text(original.replace("more than 3 months after", f"more than {first} months after"), encoding="utf-8")
    assert run("i18n", "update", "th").exit_code == 0
    md.write_text(original.replace("more than 3 months after", f"more than {second} months after"), encoding="utf-8")
    assert run("i18n", "update", "th").exit_code == 0
    (entry,) = [e for e in scan_po((ws / PO).read_text(encoding="utf-8")).entries
                if e.msgid.startswith("**Chronic Pain After Spinal Surgery") and not e.obsolete]  # fmt: skip
    assert entry.fuzzy and f"more than {second} months after" in entry.msgid
    previous = [line for line in (ws / PO).read_text(encoding="utf-8").split("\n") if line.startswith("#| msgid")]
    assert len(previous) == 1 and "more than 3 months after" in previous[0], previous
    assert "3 เดือน" in entry.msgstr


def test_status_of_every_catalog_shows_the_others_when_one_cannot_be_parsed(ws: Path, run: Callable[..., Any]) -> None:
    """One translator's syntax error names its line and exits 1, but does not hide every other
    language's status (table and JSON); asked for that language alone, it is the one error."""
    po = ws / PO
    lines = po.read_text(encoding="utf-8").split("\n")
    bad = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and len(line) > 10)
    lines[bad] = lines[bad].rstrip('"')
    po.write_text("\n".join(lines), encoding="utf-8")
    others = sorted(p.parent.parent.name for p in (ws / "locales").glob("*/LC_MESSAGES/handouts.po")
                    if p.parent.parent.name != "th")  # fmt: skip
    assert others
    r = run("i18n", "status")
    assert r.exit_code == 1
    assert f"{PO}:{bad + 1}: cannot be parsed: unterminated string" in r.stderr, r.stderr
    assert [line.split()[0] for line in r.stdout.split("\n") if line and not line.startswith(" ")] == others
    r = run("i18n", "status", "--json")
    assert r.exit_code == 1 and [x["lang"] for x in json.loads(r.stdout)["languages"]] == others
    r = run("i18n", "status", "th")
    assert r.exit_code == 1 and r.stdout == "" and f"{PO}:{bad + 1}:" in r.stderr
