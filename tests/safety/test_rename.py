"""An article renamed (its id, the msgctxt, changes; its entries do not): `i18n update` carries
the translations over unchanged, not fuzzy."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from handouts.cli import app

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"
PO = Path("locales/th/LC_MESSAGES/handouts.po")


def test_renamed_article_keeps_its_translations(workspace: Path, tmp_path: Path) -> None:
    (workspace / "articles" / f"{ARTICLE}.md").rename(workspace / "articles" / "back-pain.md")
    r = runner.invoke(app, ["i18n", "update", "-w", str(workspace)])
    assert r.exit_code == 0, r.output
    text = (workspace / PO).read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    assert 'msgctxt "back-pain"' in text
    # a new id has no sign-off of its own: the reviewer approves it once (document control), then it is final
    r = runner.invoke(app, ["i18n", "signoff", "th", "back-pain", "--reviewer", "Dr. Test", "-w", str(workspace)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["render", "back-pain", "--lang", "th", "--strict", "-w", str(workspace),
                            "-o", str(tmp_path / "x.pdf")])  # fmt: skip
    assert r.exit_code == 0, r.output  # 100 % translated: no DRAFT, no warning


def test_a_different_article_takes_nothing(workspace: Path) -> None:
    """A new article with other text does not inherit a removed article's translations."""
    src = workspace / "articles" / f"{ARTICLE}.md"
    text = src.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    (workspace / "articles" / "other.md").write_text(head + "\n---\n\nA different paragraph.\n\nAnother one.\n",
                                                     encoding="utf-8")  # fmt: skip
    src.unlink()
    r = runner.invoke(app, ["i18n", "update", "-w", str(workspace)])
    assert r.exit_code == 0, r.output
    po = (workspace / PO).read_text(encoding="utf-8")
    block = po[po.index('msgctxt "other"\nmsgid "A different paragraph."') :].split("\n\n")[0]
    assert 'msgstr ""' in block
