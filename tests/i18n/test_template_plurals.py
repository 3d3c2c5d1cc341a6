"""A plural string in a frame template (``{% trans count=n %}…{% pluralize %}…{% endtrans %}``) is
one catalog entry, msgid and msgid_plural, as pybabel extracts it: extracted, merged, counted by
``status``, checked, and printed in the form the language's Plural-Forms picks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from handouts.i18n.runtime import Catalog, Message, plural_index
from tests.i18n.conftest import ARTICLE, TH_PO, Run

SINGULAR, PLURAL = "Take %(count)s sheet", "Take %(count)s sheets"
BLOCK = ("{% block sheets %}{% trans count=3 %}Take {{ count }} sheet{% pluralize %}Take {{ count }} sheets"
         "{% endtrans %}{% endblock %}\n")  # fmt: skip


def _templates_row(run: Run) -> dict[str, int]:
    r = run("i18n", "status", "th", "--json")
    assert r.exit_code == 0, r.stderr
    (lang,) = json.loads(r.stdout)["languages"]
    row: dict[str, int] = next(a for a in lang["articles"] if a["name"] == "templates")
    return row


def test_a_template_plural_goes_through_extract_update_status_check_and_render(ws: Path, run: Run,
                                                                                tmp_path: Path) -> None:  # fmt: skip
    before = _templates_row(run)
    with (ws / "templates" / "handout.j2").open("a", encoding="utf-8") as f:
        f.write(BLOCK)
    r = run("i18n", "update", "th")
    assert r.exit_code == 0, r.stderr
    with (ws / "locales" / "handouts.pot").open("rb") as f:
        pot = {m.id[0] if isinstance(m.id, tuple) else m.id: m.id for m in read_po(f)}
    assert pot[SINGULAR] == (SINGULAR, PLURAL)  # one plural entry, not dropped
    with (ws / TH_PO).open("rb") as f:
        th = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in read_po(f)}
    assert th[SINGULAR].id == (SINGULAR, PLURAL)

    row = _templates_row(run)
    assert row["untranslated"] == before["untranslated"] + 1 and row["translated"] == before["translated"]
    r = run("i18n", "check", "th", "-v")
    said = r.stdout + r.stderr
    assert "check.outdated" not in said and f"not translated yet: {SINGULAR!r}" in said, said

    po = ws / TH_PO
    text = po.read_text(encoding="utf-8")
    untranslated = f'msgid_plural "{PLURAL}"\nmsgstr[0] ""'
    assert untranslated in text
    po.write_text(text.replace(untranslated, f'msgid_plural "{PLURAL}"\nmsgstr[0] "หยิบ %(count)s แผ่น"'),
                  encoding="utf-8")  # fmt: skip
    row = _templates_row(run)
    assert row["translated"] == before["translated"] + 1 and row["untranslated"] == before["untranslated"]
    r = run("i18n", "check", "th")
    assert r.exit_code == 0 and "Take" not in r.stdout + r.stderr, r.stdout + r.stderr

    # the proof shows it as one entry, translated, its two sources and its form
    r = run("i18n", "proof", ARTICLE, "--lang", "th", "-o", str(tmp_path / "proof.pdf"))
    assert r.exit_code == 0, r.stderr
    proof = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "proof.pdf").pages)
    assert f"{SINGULAR} / {PLURAL}" in proof and "('Take" not in proof
    assert "หยิบ %(count)s แผ่น" in proof, proof[-600:]

    # the render uses the entry: no "no Thai translation" for the plural's source, nor a draft for it
    out = tmp_path / "x.pdf"
    r = run("render", ARTICLE, "--lang", "th", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert "Take" not in r.stderr.replace(f"new entry: {SINGULAR!r}", ""), r.stderr


@pytest.mark.parametrize(("lang", "n", "index"), [("th", 1, 0), ("th", 7, 0), ("ru", 1, 0), ("ru", 3, 1),
                                                  ("ru", 5, 2), ("ru", 21, 0), ("de", 0, 1), ("de", 1, 0)])  # fmt: skip
def test_plural_index_follows_the_plural_forms_rule(lang: str, n: int, index: int) -> None:
    assert plural_index(lang, n) == index


@settings(max_examples=50)
@given(st.integers(min_value=0, max_value=10_000), st.booleans())
def test_ngettext_picks_the_form_and_never_a_fuzzy_or_empty_one(n: int, fuzzy: bool) -> None:
    forms = ("%(count)s ONE", "%(count)s FEW", "%(count)s MANY")
    cat = Catalog("ru", None, {(None, SINGULAR): Message(forms[0], fuzzy, 1, plurals=forms)})
    expected = (SINGULAR if n == 1 else PLURAL) if fuzzy else forms[plural_index("ru", n)]
    assert cat.ngettext(SINGULAR, PLURAL, n) == expected
    empty = Catalog("ru", None, {(None, SINGULAR): Message("", False, 1, plurals=("", "", ""))})
    assert empty.ngettext(SINGULAR, PLURAL, n) == (SINGULAR if n == 1 else PLURAL)


def test_an_untranslated_plural_is_named_by_its_catalog_entry(ws: Path, run: Run, tmp_path: Path) -> None:
    """In a language of two plural forms (German), an untranslated plural entry prints the source's
    form for the count and is named by its msgid, which is in the catalog: not 'not in the catalog
    yet (run update)', which is what naming it by msgid_plural said."""
    with (ws / "templates" / "handout.j2").open("a", encoding="utf-8") as f:
        f.write(BLOCK)
    r = run("i18n", "init", "de", "--translator", "Anna Weber <anna@clinic.example>")
    assert r.exit_code == 0, r.stderr
    r = run("render", ARTICLE, "--lang", "de", "-v", "-o", str(tmp_path / "de.pdf"))
    assert r.exit_code == 0, r.stderr
    named = [line for line in r.stderr.split("\n") if "Take %(count)s" in line]
    assert named == [f"templates/handout.j2: warning: no German (de) translation for template text {SINGULAR!r} "
                     "[i18n.untranslated]"], named  # fmt: skip


@given(first=st.text(min_size=1, max_size=12), second=st.text(min_size=1, max_size=12),
       other=st.text(min_size=1, max_size=12))  # fmt: skip
def test_a_signed_plural_entry_is_a_draft_again_when_any_of_its_forms_changes(first: str, second: str,
                                                                                other: str) -> None:  # fmt: skip
    """Sign-off fingerprinted msgstr[0] only: in a language of two forms an edit to msgstr[1] after the
    sign-off went unnoticed and the handout stayed final. A one-form entry (Thai) keeps its digest."""
    from types import SimpleNamespace

    from handouts.i18n.signoff import printed_entries

    def digest(lang: str, forms: tuple[str, ...]) -> str:
        message = Message(forms[0], False, 7, frozenset(), forms)
        catalog = Catalog(lang, None, {(None, SINGULAR): message})
        (entry,) = printed_entries(SimpleNamespace(id="a", entries=[]), catalog, [SINGULAR])  # type: ignore[arg-type]
        return entry.digest

    signed = digest("de", (first, second))
    assert (digest("de", (first, other)) == signed) == (other == second)
    one = Message(first, False, 7, frozenset(), (first,))
    plain = Message(first, False, 7)
    entries = [printed_entries(SimpleNamespace(id="a", entries=[]), Catalog("th", None, {(None, SINGULAR): m}),
                               [SINGULAR])[0].digest for m in (one, plain)]  # type: ignore[arg-type]  # fmt: skip
    assert entries[0] == entries[1]


@pytest.mark.parametrize("form", ["หยิบ %(count)s แผ่น 50 มก.", "หยิบ แผ่น"], ids=["numbers", "placeholder"])
def test_the_render_names_the_catalog_line_of_a_refused_plural_form(ws: Path, run: Run, tmp_path: Path,
                                                                    line_of: Callable[..., int], form: str) -> None:  # fmt: skip
    # the frame asks the gate about the form it prints for 3 by its msgid_plural, which is no catalog key:
    # the refusal named the catalog without a line, where 'i18n check' names the msgstr[0] line
    with (ws / "templates" / "handout.j2").open("a", encoding="utf-8") as f:
        f.write(BLOCK)
    assert run("i18n", "update", "th").exit_code == 0
    po = ws / TH_PO
    untranslated = f'msgid_plural "{PLURAL}"\nmsgstr[0] ""'
    po.write_text(po.read_text(encoding="utf-8").replace(untranslated, f'msgid_plural "{PLURAL}"\nmsgstr[0] "{form}"'),
                  encoding="utf-8")  # fmt: skip
    line = line_of(po, f'msgstr[0] "{form}"')
    r = run("i18n", "check", "th")
    assert r.exit_code == 1 and f"{TH_PO}:{line}: error: " in r.stdout, r.stdout
    out = tmp_path / "x.pdf"
    r = run("render", ARTICLE, "--lang", "th", "-o", str(out))
    refused = [x for x in r.stderr.split("\n") if ": error: " in x]
    assert r.exit_code == 1 and not out.exists() and refused, r.stderr
    assert all(x.startswith(f"{TH_PO}:{line}: error: ") for x in refused), refused
