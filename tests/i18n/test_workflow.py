"""The translator's round trip, end to end through the CLI.

extract → init → translate (msgstr edited with Babel) → the article changes → update (fuzzy with
the previous msgid, obsolete, nothing lost) → status → check (a changed dose) → render: a DRAFT
with warnings, exit 3 under --strict → fix → final → proof and compile.
"""

from __future__ import annotations

import gettext
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po
from pypdf import PdfReader

from handouts.workspace import demo_workspace

ARTICLE = "back-pain-after-surgery"
PO = "locales/th/LC_MESSAGES/handouts.po"
NEW_PARAGRAPH = "Take 500 mg of paracetamol up to 3 times a day. In an emergency call 1669."
OLD_CPSS = "lasting more than 3 months after the procedure"
NEW_CPSS = "lasting more than 6 months after the procedure"
MENTAL = "**Mental Health:** Depression and anxiety are closely linked"


def shipped_thai() -> dict[tuple[str | None, str], str]:
    with (demo_workspace() / PO).open("rb") as f:
        cat = read_po(f)
    return {(m.context, str(m.id)): str(m.string) for m in cat if m.id}


def edit_po(path: Path, strings: dict[tuple[str | None, str], str], *, unfuzzy: bool = False) -> None:
    """What a translator's editor does: set msgstrs (Babel's writer, wrapped at 76 columns)."""
    with path.open("rb") as f:
        cat = read_po(f)
    for m in cat:
        key = (m.context, str(m.id))
        if m.id and key in strings:
            m.string = strings[key]
            if unfuzzy:
                m.flags.discard("fuzzy")
    buf = io.BytesIO()
    write_po(buf, cat)
    path.write_bytes(buf.getvalue())


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_round_trip(fresh: Path, run: Callable[..., Any], line_of: Callable[..., int]) -> None:
    ws = fresh
    po = ws / PO

    # extract, init
    r = run("i18n", "extract")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "locales/handouts.pot: 100 entries (80 from 2 articles, 20 from templates), written\n"
    r = run("i18n", "init", "th")
    assert r.exit_code == 0, r.stderr
    assert "locales/th/LC_MESSAGES/handouts.po: Thai catalog started with 100 entries" in r.stdout
    assert "nplurals=1; plural=0;" in r.stdout
    text = po.read_text(encoding="utf-8")
    assert '"Language: th\\n"' in text and '"Plural-Forms: nplurals=1; plural=0;\\n"' in text
    r = run("i18n", "status", "--json")
    assert json.loads(r.stdout)["languages"][0]["percent"] == 0

    # translate everything (Babel's writer wraps long lines: the tools must not care)
    thai = shipped_thai()
    edit_po(po, thai)
    r = run("i18n", "check", "th")
    assert r.exit_code == 0, r.stdout
    assert r.stdout.endswith("0 errors, 0 warnings in 1 catalog\n")
    r = run("i18n", "status", "--min", "100")
    assert r.exit_code == 0
    assert "  total                           100      0             0         0     100%" in r.stdout

    # the author edits the article: a changed number, a removed item, a new paragraph
    md = ws / "articles" / f"{ARTICLE}.md"
    source = md.read_text(encoding="utf-8")
    lines = [line for line in source.split("\n") if MENTAL not in line]
    source = "\n".join(lines).replace(OLD_CPSS, NEW_CPSS).rstrip("\n") + f"\n\n{NEW_PARAGRAPH}\n"
    md.write_text(source, encoding="utf-8")
    before = po.read_bytes()
    r = run("i18n", "update")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "locales/handouts.pot: 100 entries, written",
        "locales/th/LC_MESSAGES/handouts.po: updated (1 new, 1 fuzzy, 1 obsolete)",
    ]
    assert po.read_bytes() != before
    text = po.read_text(encoding="utf-8")
    # fuzzy, with the previous source kept for the translator's diff
    fuzzy_at = line_of(po, "#, fuzzy")
    assert line_of(po, "#| msgid ") == fuzzy_at + 1
    assert OLD_CPSS in po.read_text(encoding="utf-8").split("\n")[fuzzy_at]
    assert NEW_CPSS in text
    # the removed item is obsolete, its translation kept
    assert '#~ msgid "**Mental Health:**' in text
    assert '#~ msgstr "**สุขภาพจิต:**' in text
    # no translation was lost: every Thai string is still in the file
    for thai_text in thai.values():
        assert f'"{thai_text}"' in text, thai_text
    # update again: nothing to do, the file is not rewritten
    r = run("i18n", "update")
    assert r.stdout.splitlines()[-1] == "locales/th/LC_MESSAGES/handouts.po: up to date"

    # status: fuzzy is not translated
    r = run("i18n", "status", "th", "--json")
    assert r.exit_code == 0
    th = json.loads(r.stdout)["languages"][0]
    rows = {row["name"]: row for row in th["articles"]}
    assert rows[ARTICLE] == {"name": ARTICLE, "translated": 30, "fuzzy": 1, "untranslated": 1, "obsolete": 1,
                             "total": 32, "percent": 93}  # fmt: skip
    assert rows["templates"]["percent"] == 100
    assert (th["translated"], th["fuzzy"], th["untranslated"], th["total"], th["percent"]) == (98, 1, 1, 100, 98)
    r = run("i18n", "status", "--min", "95")
    assert r.exit_code == 1
    assert f"th: {ARTICLE} is 93% translated, below --min 95%" in r.stderr
    r = run("i18n", "status")
    assert f"  {ARTICLE}          30      1             1         1      93%" in r.stdout

    # the new paragraph is translated with a wrong dose (Thai digits for 1669 are fine)
    edit_po(po, {(ARTICLE, NEW_PARAGRAPH): "รับประทานยาพาราเซตามอล 50 มก. ไม่เกินวันละ 3 ครั้ง กรณีฉุกเฉินโทร ๑๖๖๙"})
    r = run("i18n", "check")
    assert r.exit_code == 1
    dose = line_of(po, "msgid \"Take 500 mg") + 1
    assert po.read_text(encoding="utf-8").split("\n")[dose - 1].startswith("msgstr")
    assert any(x.startswith(f"{PO}:{dose}: error: numbers differ: the source has 500, the translation 50 — ")
               and x.endswith("[check.numbers]") for x in r.stdout.splitlines())  # fmt: skip
    fuzzy_line = next(x for x in r.stdout.splitlines() if "(fuzzy entry)" in x)
    assert ": warning: numbers differ: the source has 6, the translation 3" in fuzzy_line
    # and the fuzzy entry itself: not used, its source prints (as render warns, i18n.fuzzy)
    assert any(x.startswith(f"{PO}:") and ": warning: fuzzy, not used" in x and "'**Chronic Pain" in x
               and x.endswith("[check.fuzzy]") for x in r.stdout.splitlines()), r.stdout  # fmt: skip
    assert r.stdout.splitlines()[-1] == "1 error, 2 warnings in 1 catalog"
    edit_po(po, {(ARTICLE, NEW_PARAGRAPH): "รับประทานยาพาราเซตามอล 500 มก. ไม่เกินวันละ 3 ครั้ง กรณีฉุกเฉินโทร ๑๖๖๙"})
    r = run("i18n", "check")
    assert r.exit_code == 0, r.stdout
    assert r.stdout.splitlines()[-1] == "0 errors, 2 warnings in 1 catalog"

    # draft: the fuzzy entry shows the source, is warned about, and --strict refuses
    r = run("render", ARTICLE, "--lang", "th", "-o", "strict.pdf", "--strict")
    assert r.exit_code == 3
    assert "[i18n.fuzzy]" in r.stderr
    line = line_of(ws / "articles" / f"{ARTICLE}.md", "**Chronic Pain After Spinal Surgery (CPSS)**")
    assert f"articles/{ARTICLE}.md:{line}: warning: fuzzy translation of" in r.stderr
    assert not (ws / "strict.pdf").exists()
    r = run("render", ARTICLE, "--lang", "th", "-o", "draft.pdf")
    assert r.exit_code == 0, r.stderr
    assert "[i18n.fuzzy]" in r.stderr
    draft = pdf_text(ws / "draft.pdf")
    assert "ฉบับร่าง" in draft and "96%" in draft  # DRAFT · 31 of 32 entries
    assert NEW_CPSS.split()[-3] in draft  # the English source stands in for the fuzzy entry

    # proof: both languages side by side, states and check results
    r = run("i18n", "proof", ARTICLE, "--lang", "th", "-o", "proof.pdf")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "proof.pdf\n"
    proof = pdf_text(ws / "proof.pdf")
    for needle in ("Translation proof", "Why Does My Back Pain Persist After Surgery?", "ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่",
                   NEW_PARAGRAPH[:30], "รับประทานยาพาราเซตามอล", "FUZZY", "TRANSLATED", "numbers differ",
                   "6 months", f"{PO}:"):  # fmt: skip
        assert needle in proof, needle

    # compile: .mo for other tools, fuzzy left out
    r = run("i18n", "compile")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "locales/th/LC_MESSAGES/handouts.mo: 99 messages (1 fuzzy left out)\n"
    with (ws / "locales/th/LC_MESSAGES/handouts.mo").open("rb") as f:
        mo = gettext.GNUTranslations(f)
    assert mo.pgettext(ARTICLE, NEW_PARAGRAPH).startswith("รับประทาน")
    cpss = next(k[1] for k in thai if k[1].startswith("**Chronic Pain")).replace(OLD_CPSS, NEW_CPSS)
    assert mo.pgettext(ARTICLE, cpss) == cpss  # fuzzy: not in the .mo

    # final: the reviewer fixes the fuzzy translation; the handout is no longer a draft
    old = next(v for k, v in thai.items() if k[1].startswith("**Chronic Pain"))
    edit_po(po, {(ARTICLE, cpss): old.replace("นานกว่า 3 เดือน", "นานกว่า 6 เดือน")}, unfuzzy=True)
    r = run("i18n", "check")
    assert r.exit_code == 0 and r.stdout == "0 errors, 0 warnings in 1 catalog\n", r.stdout
    r = run("i18n", "status", "--min", "100")
    assert r.exit_code == 0
    r = run("render", ARTICLE, "--lang", "th", "-o", "final.pdf", "--strict")
    assert r.exit_code == 3 and "[i18n.unsigned]" in r.stderr  # complete, but never signed off
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Workflow Reviewer", "--date", "2025-12-01")
    assert r.exit_code == 0, r.stderr
    r = run("render", ARTICLE, "--lang", "th", "-o", "final.pdf", "--strict")
    assert r.exit_code == 0, r.stderr
    final = pdf_text(ws / "final.pdf")
    assert "ฉบับร่าง" not in final and "นานกว่า 6 เดือน" in final.replace("\n", "")


@pytest.mark.parametrize("broken", ["km", "th"])
def test_compile_goes_on_past_a_broken_catalog_and_says_what_it_did(ws: Path, run: Callable[..., Any], broken: str) -> None:
    """One catalog that cannot be parsed stopped ``i18n compile`` where it came in the order of the
    languages: the ones before it were written and not reported, the ones after it not written (as
    ``pybabel compile``, each catalog now stands alone); exit 1 names the broken one."""
    po = ws / "locales" / broken / "LC_MESSAGES" / "handouts.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "y\n', encoding="utf-8")
    r = run("i18n", "compile")
    assert r.exit_code == 1
    langs = sorted(p.name for p in (ws / "locales").iterdir() if (p / "LC_MESSAGES" / "handouts.po").exists())
    written = sorted(p.parent.parent.name for p in (ws / "locales").glob("*/LC_MESSAGES/handouts.mo"))
    assert written == [lang for lang in langs if lang != broken]
    assert [line.split(":")[0] for line in r.stdout.splitlines()] == [f"locales/{lang}/LC_MESSAGES/handouts.mo" for lang in written]
    assert f"locales/{broken}/LC_MESSAGES/handouts.po:" in r.stderr and "1 catalog not compiled" in r.stderr
    one = run("i18n", "compile", broken)
    assert one.exit_code == 1 and one.stderr.count("error:") == 1


@pytest.mark.parametrize(("wrong", "code"), [("พาราเซตามอล 50 มก.", "check.numbers"),
                                             ("พาราเซตามอล 500 มก. <script>x</script>", "check.smuggled")])  # fmt: skip
def test_compile_refuses_a_catalog_with_translations_check_refuses(ws: Path, run: Callable[..., Any],
                                                                   line_of: Callable[..., int], wrong: str,
                                                                   code: str) -> None:  # fmt: skip
    """A dose changed (500 mg → 50 มก.) was compiled into the .mo as it is, with exit 0, for other
    gettext tools to print: refused, as the render refuses it, with each entry's line."""
    po = ws / PO
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "พาราเซตามอล 500 มก."', f'msgstr "{wrong}"'),
                  encoding="utf-8")  # fmt: skip
    line = line_of(po, wrong)
    mo = ws / "locales/th/LC_MESSAGES/handouts.mo"
    r = run("i18n", "compile", "th")
    assert r.exit_code == 1 and not mo.exists(), r.stdout
    assert f"{PO}:{line}: error: " in r.stderr and f"[{code}]" in r.stderr and "no .mo was written" in r.stderr
    r = run("i18n", "compile")  # the other catalogs are compiled
    assert r.exit_code == 1 and not mo.exists() and (ws / "locales/km/LC_MESSAGES/handouts.mo").exists(), r.stderr
    assert "1 catalog not compiled" in r.stderr
