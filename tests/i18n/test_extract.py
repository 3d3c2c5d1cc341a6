"""`handouts i18n extract` and `init`: a stable, sorted template; new catalogs with the right header."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from handouts.i18n.po import scan_po
from handouts.workspace import demo_workspace
from tests.conftest import line_of

ARTICLE = "back-pain-after-surgery"
POT = "locales/handouts.pot"


def test_shipped_template_and_catalog_are_current(ws: Path, run: Callable[..., Any]) -> None:
    """The committed .pot matches the articles and templates; the Thai catalog is normalised."""
    shipped = (demo_workspace() / POT).read_bytes()
    r = run("i18n", "extract")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.endswith(", unchanged\n"), "run 'handouts i18n update' and commit locales/"
    assert (ws / POT).read_bytes() == shipped
    r = run("i18n", "update")
    assert r.stdout.splitlines()[-1] == "locales/th/LC_MESSAGES/handouts.po: up to date"


def test_extract_is_stable_and_sorted(fresh: Path, run: Callable[..., Any], monkeypatch: Any) -> None:
    pot = fresh / POT
    r = run("i18n", "extract")
    assert r.stdout.endswith(", written\n")
    first = pot.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # a year later: only the date would change
    r = run("i18n", "extract")
    assert r.stdout.endswith(", unchanged\n")
    assert pot.read_bytes() == first
    text = first.decode()
    assert "Generated-By" not in text
    scan = scan_po(text)
    assert scan.errors == []
    entries = [e for e in scan.entries if e.msgid]
    assert len(entries) == 100 and all(e.msgstr == "" for e in entries)
    refs: list[tuple[str, int]] = []
    lines = text.split("\n")
    for e in entries:
        ref = lines[e.line - 1]
        assert ref.startswith("#: "), ref
        path, _, n = ref[3:].split()[0].rpartition(":")
        refs.append((path, int(n)))
        if e.context is None:
            assert path.startswith("templates/") and path.endswith(".j2")
        else:
            assert path == f"articles/{e.context}.md"
            # article prose is never a format string, even "15% to 40% of"
            assert not e.flags & {"python-format", "python-brace-format"}, e.msgid
    assert refs == sorted(refs)
    assert refs[0] == (f"articles/{ARTICLE}.md", 2) and refs[-1] == ("templates/handout.j2", 25)
    flags = {e.msgid: e.flags for e in entries}
    assert "python-format" in flags["Written by %(author)s"]
    assert "python-format" in flags["DRAFT · not reviewed · %(percent)s%% translated"]
    assert "python-brace-format" in flags["Page {page} of {pages}"]
    assert not flags["This handout is general information. It does not replace advice from your own doctor."]
    assert any("15% to 40% of" in m for m in flags)
    # an article change rewrites it
    md = fresh / "articles" / f"{ARTICLE}.md"
    md.write_text(md.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    r = run("i18n", "extract")
    assert r.stdout == "locales/handouts.pot: 101 entries (81 from 2 articles, 20 from templates), written\n"


def test_extract_reports_bad_articles(fresh: Path, run: Callable[..., Any]) -> None:
    md = fresh / "articles" / f"{ARTICLE}.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## The Reality", "# The Reality"), encoding="utf-8")
    r = run("i18n", "extract")
    assert r.exit_code == 1
    line = line_of(md, "# The Reality")
    assert f"articles/{ARTICLE}.md:{line}: a level-1 heading in the body" in r.stderr
    assert not (fresh / POT).exists()


def test_init_languages(fresh: Path, run: Callable[..., Any]) -> None:
    r = run("i18n", "init", "lo")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("locales/lo/LC_MESSAGES/handouts.po: Lao catalog started with 100 entries")
    text = (fresh / "locales/lo/LC_MESSAGES/handouts.po").read_text(encoding="utf-8")
    for header in ("Language: lo", "Language-Team: Lao", "Plural-Forms: nplurals=1; plural=0;",
                   "Content-Type: text/plain; charset=utf-8"):  # fmt: skip
        assert f'"{header}\\n"' in text, header
    assert "#, fuzzy\nmsgid \"\"" not in text  # the header of a catalog is not fuzzy
    r = run("i18n", "init", "de")
    assert r.exit_code == 0
    assert "nplurals=2; plural=(n != 1);" in r.stdout
    r = run("i18n", "check", "lo")
    assert r.exit_code == 0  # untranslated entries are warnings
    assert r.stdout.splitlines()[-1] == "0 errors, 100 warnings in 1 catalog"
    r = run("i18n", "status", "lo", "--min", "1")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[-1].split() == ["total", "0", "0", "100", "0", "0%"]
    r = run("i18n", "status")
    assert [x.split()[0] for x in r.stdout.splitlines() if x and not x.startswith(" ")] == ["de", "lo"]


def test_init_names_a_broken_article_and_starts_the_catalog_without_it(fresh: Path, run: Callable[..., Any]) -> None:
    md = fresh / "articles" / f"{ARTICLE}.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## The Reality", "# The Reality"), encoding="utf-8")
    r = run("i18n", "init", "lo")
    assert r.exit_code == 1
    assert f"articles/{ARTICLE}.md:{line_of(md, '# The Reality')}: a level-1 heading in the body" in r.stderr
    assert "Traceback" not in r.stderr
    entries = [e for e in scan_po((fresh / "locales/lo/LC_MESSAGES/handouts.po").read_text(encoding="utf-8")).entries if e.msgid]
    contexts = {e.context for e in entries}
    assert ARTICLE not in contexts and "spine-surgery-home-care" in contexts and None in contexts  # the others, the frame
    md.write_text(md.read_text(encoding="utf-8").replace("# The Reality", "## The Reality"), encoding="utf-8")
    r = run("i18n", "update", "lo")  # once fixed, its entries join the catalog
    assert r.exit_code == 0, r.stderr
    entries = [e for e in scan_po((fresh / "locales/lo/LC_MESSAGES/handouts.po").read_text(encoding="utf-8")).entries if e.msgid]
    assert len(entries) == 100


def test_init_refuses(ws: Path, run: Callable[..., Any]) -> None:
    for lang, message in (("th", "already exists"), ("en", "the language the articles are written in"),
                          ("xx-YY", "is not a language code"), ("qq", "unknown language 'qq'")):  # fmt: skip
        r = run("i18n", "init", lang)
        assert r.exit_code == 1, lang
        assert message in r.stderr, (lang, r.stderr)


def test_extract_reports_template_syntax(fresh: Path, run: Callable[..., Any]) -> None:
    j2 = fresh / "templates" / "handout.j2"
    lines = j2.read_text(encoding="utf-8").split("\n")
    n = next(i for i, x in enumerate(lines) if x.startswith("{% block page_label %}"))
    lines[n] = "{% block page_label %}{% trans %}Page {page} of {pages}{% endblock %}"
    j2.write_text("\n".join(lines), encoding="utf-8")
    r = run("i18n", "extract")
    assert r.exit_code == 1
    assert f"templates/handout.j2:{n + 1}: strings cannot be extracted: control structures" in r.stderr
    assert not (fresh / POT).exists()
