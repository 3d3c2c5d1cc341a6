"""Plural entries (msgid_plural, msgstr[n]): the render's gate and `i18n check` agree on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts.cli import app
from handouts.i18n.check import check
from handouts.i18n.po import scan_po

runner = CliRunner()
PO = Path("locales/th/LC_MESSAGES/handouts.po")
ARTICLE = "spine-surgery-home-care"


def _pluralize(workspace: Path, *msgstrs: str) -> int:
    """Make the '2 tablets' entry a plural entry with ``msgstrs``; returns its first msgstr line."""
    po = workspace / PO
    lines = po.read_text(encoding="utf-8").split("\n")
    i = lines.index('msgid "2 tablets"')
    assert lines[i + 1].startswith("msgstr ")
    lines[i + 1 : i + 2] = ['msgid_plural "2 tabletss"', *(f'msgstr[{k}] "{s}"' for k, s in enumerate(msgstrs))]
    po.write_text("\n".join(lines), encoding="utf-8")
    return i + 3


def test_more_plural_forms_than_the_language_has_are_refused_by_render_as_by_check(workspace: Path,
                                                                                   tmp_path: Path) -> None:  # fmt: skip
    line = _pluralize(workspace, "2 เม็ด", "3 เม็ด")  # Thai has one plural form
    assert [f.code for f in check(workspace).findings if f.is_error] == ["po.syntax"]
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(out)])
    assert r.exit_code == 1 and not out.exists(), r.output
    assert f"handouts.po:{line}: 2 msgstr[n] for 1 plural form" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_check_applies_the_rules_to_a_plural_entry_as_the_render_does(workspace: Path, tmp_path: Path) -> None:
    line = _pluralize(workspace, "3 เม็ด")  # msgstr[0] changes the dose
    found = [f for f in check(workspace).findings if f.is_error]
    assert [(f.line, f.code) for f in found] == [(line, "check.numbers")], found
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and f"handouts.po:{line}: error: numbers differ" in r.stderr, r.output


def _write_forms(workspace: Path, *lines: str) -> int:
    """Replace the '2 tablets' entry's msgstr with ``lines``; returns the line of the first of them."""
    po = workspace / PO
    text = po.read_text(encoding="utf-8").split("\n")
    i = text.index('msgid "2 tablets"')
    text[i + 1 : i + 2] = list(lines)
    po.write_text("\n".join(text), encoding="utf-8")
    return i + 2


@pytest.mark.parametrize(
    ("lines", "needle"),
    [(('msgid_plural "2 tabletss"', 'msgstr[1] "2 เม็ด"'), "msgstr[1] without msgstr[0]"),
     (('msgstr[0] "2 เม็ด"',), "msgstr[0] in an entry without msgid_plural"),
     (('msgid_plural "2 tabletss"', 'msgstr "2 เม็ด"', 'msgstr[0] "2 เม็ด"'), "msgstr and msgstr[N] in one entry"),
     (('msgid_plural "2 tabletss"', 'msgstr "2 เม็ด"'), "msgid_plural with msgstr")],
    ids=["a form left out", "forms without msgid_plural", "msgstr beside msgstr[0]", "msgstr for the forms"],
)  # fmt: skip
def test_misnumbered_plural_forms_are_refused_by_render_as_by_check(workspace: Path, tmp_path: Path,
                                                                    lines: tuple[str, ...], needle: str) -> None:  # fmt: skip
    # a lone msgstr[1] in Thai (one form) was read as its msgstr[0]: the render printed it, check refused it
    # with Babel's "msg has more translations than num_plurals of catalog"
    first = _write_forms(workspace, *lines)
    found = [f for f in check(workspace).findings if f.is_error]
    assert [f.code for f in found] == ["po.syntax"] and needle in found[0].message, found
    assert found[0].line is not None and first <= found[0].line < first + len(lines)
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(out)])
    assert r.exit_code == 1 and not out.exists(), r.output
    assert f"handouts.po:{found[0].line}: {needle}" in r.stderr, r.stderr


@given(st.lists(st.integers(0, 4), min_size=1, max_size=4, unique=True))
def test_plural_forms_are_read_only_when_numbered_from_0_without_a_gap(indices: list[int]) -> None:
    text = 'msgid "a"\nmsgid_plural "b"\n' + "".join(f'msgstr[{k}] "x{k}"\n' for k in indices)
    scan = scan_po(text)
    if sorted(indices) == list(range(len(indices))):
        assert scan.errors == [] and scan.entries[0].plural_strings == tuple(f"x{k}" for k in range(len(indices)))
    else:
        assert [m for _, m in scan.errors if "without msgstr[" in m], scan.errors


def test_check_and_render_say_alike_that_a_plural_entry_has_too_many_forms(workspace: Path, tmp_path: Path) -> None:
    # check said it in Babel's words, at Babel's line: "msg has more translations than num_plurals of catalog on N"
    line = _pluralize(workspace, "2 เม็ด", "3 เม็ด")  # Thai has one plural form
    (found,) = [f for f in check(workspace).findings if f.is_error]
    said = "2 msgstr[n] for 1 plural form in the entry of '2 tablets' (write msgstr[0] only)"
    assert (found.line, found.message) == (line, said), found
    r = runner.invoke(app, ["i18n", "status", "th", "-w", str(workspace)])
    assert r.exit_code == 1 and f"handouts.po:{line}: cannot be parsed: {said}" in r.stderr, r.output
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and f"handouts.po:{line}: {said}" in r.stderr, r.output
