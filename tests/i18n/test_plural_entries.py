"""Plural entries (msgid_plural, msgstr[n]): the render's gate and `i18n check` agree on them."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from handouts.cli import app
from handouts.i18n.check import check

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
