"""The sign-off covers what a handout prints in its language outside the catalog: the front
matter's credits as printed in it (``author: {en: …, th: …}``, ``reviewer``, ``source``) and each
picture's variant for it (``images/x.th.svg``). Before, editing the Thai author after the Thai
sign-off left the Thai handout final: a patient read a credit no reviewer approved.

A record written before that coverage (no ``printed`` lines) is a draft until it is signed off
again; render (and serve, which builds the same handout), ``i18n status`` and the batch agree.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from handouts.cli import app
from handouts.content.article import load_article
from handouts.i18n.signoff import (
    NOT_COVERED,
    approval,
    entries_hash,
    load_records,
    printed_outside,
    signoff_status,
)
from handouts.pipeline import RenderContext, build_handout, resolve
from tests.conftest import REPO

ARTICLE = "spine-surgery-home-care"  # Thai credits by language, and a picture
THAI_AUTHOR = "ทีมพยาบาลหอผู้ป่วย คลินิกระงับปวดเดโม"
PICTURE = "articles/images/spine-wound-dressing.svg"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1797033600")  # 2026-12-12: after the shipped sign-offs


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "-w", str(workspace)])


def handout_approval(workspace: Path, article: str = ARTICLE, lang: str = "th") -> tuple[bool, tuple[str, ...], list[str]]:
    """(final?, the reasons, the warnings) of the handout as render, serve and batch build it."""
    ctx = RenderContext(workspace)
    a, brand = resolve(article, "demo", ctx)
    h = build_handout(a, brand, lang, ctx)
    return h.approval.final, h.approval.reasons, [str(d) for d in ctx.diagnostics.items]


def status_of(workspace: Path, article: str = ARTICLE) -> str:
    return next(s.state for s in signoff_status(workspace, "th") if s.article == article)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_shipped_records_cover_the_credits_and_pictures() -> None:
    records = load_records(REPO / "locales", "th")
    for aid, record in records.items():
        assert record.printed is not None, f"{aid}: sign it off again (handouts i18n signoff th {aid})"
        names = [name for name, _ in record.printed]
        assert names[:3] == ["author", "reviewer", "source"], names
    assert "picture images/spine-wound-dressing.svg" in dict(records[ARTICLE].printed or ())


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (f'th: "{THAI_AUTHOR}"', 'th: "ทีมพยาบาลหอผู้ป่วยใน คลินิกระงับปวดเดโม"', "author edited"),  # the Thai author
        (f', th: "{THAI_AUTHOR}"', "", "author edited"),  # no Thai value: the English one prints
        ('source: "Demo Pain Clinic discharge', 'source: "Demo Pain Clinic leaflet', "source edited"),  # one for all
    ],
)
def test_a_credit_edited_after_the_signoff_makes_the_handout_a_draft(workspace: Path, old: str, new: str,
                                                                    what: str) -> None:  # fmt: skip
    assert handout_approval(workspace)[0]
    md = workspace / "articles" / f"{ARTICLE}.md"
    edit(md, old, new)
    final, reasons, warnings = handout_approval(workspace)
    line = next(n for n, text in enumerate(md.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith(what.split()[0] + ":"))  # fmt: skip
    assert not final and any(r.startswith(what) and f"(articles/{ARTICLE}.md:{line})" in r for r in reasons), reasons
    assert any(w.startswith(f"articles/{ARTICLE}.md:{line}: warning: {what}") and "[i18n.signoff]" in w
               for w in warnings), warnings  # fmt: skip
    assert status_of(workspace) == "changed"
    r = run(workspace, "i18n", "status", "th")
    assert re.search(rf"{ARTICLE} .*changed since the sign-off by Dr. Demo Reviewer on 2026-12-05: {what.split()[0]}",
                     r.stdout), r.stdout  # fmt: skip
    # the English handout (the source language: its review is the front matter's) is not concerned
    assert "i18n.signoff" not in " ".join(handout_approval(workspace, lang="en")[2])
    # the other article's sign-off still holds
    assert handout_approval(workspace, "back-pain-after-surgery")[0]
    r = run(workspace, "i18n", "signoff", "th", "--reviewer", "Dr. Napat Example")
    assert r.exit_code == 0 and f"{ARTICLE} (th) signed off by Dr. Napat Example" in r.stdout, r.output
    assert "back-pain-after-surgery (th) already signed off" in r.stdout  # (unchanged: its record stands)
    assert handout_approval(workspace)[0] and status_of(workspace) == "signed"


def test_a_pictures_language_variant_is_signed_off_with_the_translation(workspace: Path) -> None:
    picture = workspace / PICTURE
    variant = picture.with_name(f"{picture.stem}.th.svg")
    variant.write_bytes(picture.read_bytes())  # a Thai variant appears: the Thai handout draws it now
    final, reasons, _ = handout_approval(workspace)
    assert not final and any("picture images/spine-wound-dressing.svg (Thai (th) variant) changed" in r
                             for r in reasons), reasons  # fmt: skip
    assert handout_approval(workspace, lang="en")[0]  # (the English one draws the picture as before)
    assert run(workspace, "i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example").exit_code == 0
    text = (workspace / "locales/th/signoff.toml").read_text(encoding="utf-8")
    assert f"# articles/images/{variant.name}" in text  # the file's diff names the variant
    assert handout_approval(workspace)[0]
    variant.write_text(variant.read_text(encoding="utf-8").replace("</svg>", "<!-- v2 --></svg>"), encoding="utf-8")
    assert not handout_approval(workspace)[0]  # the approved variant edited
    assert status_of(workspace) == "changed"
    variant.unlink()  # gone: the handout draws the untranslated picture again, which was not approved
    assert not handout_approval(workspace)[0]


def _without_printed(path: Path) -> None:
    """The file as a sign-off before this coverage wrote it: no printed lines, the hash of the entries."""
    text = re.sub(r"printed = \[\n(?:    .*\n)*\]\n", "", path.read_text(encoding="utf-8"))
    for record in load_records(path.parent.parent, "th", intact=False).values():
        text = text.replace(f'hash = "{record.hash}"', f'hash = "{entries_hash(record.entries)}"')
    path.write_text(text, encoding="utf-8")


def test_a_record_from_before_the_coverage_is_a_draft_until_signed_again(workspace: Path) -> None:
    """What such a record approved of the credits is not known: every face says to sign it off again."""
    path = workspace / "locales/th/signoff.toml"
    _without_printed(path)
    record = load_records(workspace / "locales", "th")[ARTICLE]  # intact: its hash is its entries'
    assert record.printed is None
    final, reasons, warnings = handout_approval(workspace)
    assert not final and reasons and all("sign it off again" in r for r in reasons), reasons
    assert any(w.startswith("locales/th/signoff.toml: warning: the sign-off of the Thai (th) translation of "
                            f"{ARTICLE} by Dr. Demo Reviewer on 2026-12-05 was recorded before") for w in warnings)
    assert status_of(workspace) == "outdated"
    r = run(workspace, "i18n", "status", "th", "--json")
    rows = json.loads(r.stdout)["languages"][0]["signoff"]
    assert {x["article"]: x["state"] for x in rows} == {ARTICLE: "outdated", "back-pain-after-surgery": "outdated"}
    assert "before sign-offs covered the credits and pictures: sign it off again" in run(workspace, "i18n", "status", "th").stdout
    r = run(workspace, "render", ARTICLE, "--lang", "th", "--strict", "-o", str(workspace.parent / "x.pdf"))
    assert r.exit_code == 3, r.output
    # signing off without names signs it again (its old record no longer holds), same reviewer and day
    r = run(workspace, "i18n", "signoff", "th", "--reviewer", "Dr. Demo Reviewer", "--date", "2026-12-05")
    assert r.exit_code == 0 and r.stdout.count("signed off by Dr. Demo Reviewer") == 2, r.output
    assert handout_approval(workspace)[0] and status_of(workspace) == "signed"


def test_batch_and_render_agree_on_an_edited_credit(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("batch", "-a", ARTICLE, "-c", "demo", "-l", "th", "--out", str(out), "-j", "1")
    assert run(workspace, *args).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [j["approval"] for j in manifest["jobs"]] == ["final"]
    edit(workspace / "articles" / f"{ARTICLE}.md", THAI_AUTHOR, "ทีมพยาบาล")
    assert run(workspace, *args).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(j["status"], j["approval"]) for j in manifest["jobs"]] == [("warnings", "draft")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(("author", "reviewer", "source")),
       st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_change_of_what_a_credit_prints_is_a_draft(key: str, text: str) -> None:
    """At the level of the function every face calls: a credit printed differently is never final."""
    article = load_article(REPO / "articles" / f"{ARTICLE}.md")
    record = load_records(REPO / "locales", "th")[ARTICLE]
    roots = (REPO, article.path.parent)
    before = printed_outside(article, "th", roots)
    value = article.front[key]
    changed = {**value, "th": text} if isinstance(value, dict) else text
    edited = dataclasses.replace(article, front={**article.front, key: changed})
    after = printed_outside(edited, "th", roots)
    same = article.credit(key, "th")[0] == text
    assert (before == after) == same
    found = [c for c in approval(record, (), "po", "th", None, after)[1] if c.name == key]
    assert bool(found) != same and all(c.what != NOT_COVERED for c in found)


def test_the_proof_shows_the_credits_and_pictures_the_signoff_covers(workspace: Path, tmp_path: Path) -> None:
    """The reviewer approves what the proof shows: the credits as printed in Thai, the picture's variant."""
    from pypdf import PdfReader

    out = tmp_path / "p.pdf"
    r = run(workspace, "i18n", "proof", ARTICLE, "--lang", "th", "-o", str(out))
    assert r.exit_code == 0, r.output
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert f"articles/{ARTICLE}.md:5 · author · front matter" in text and THAI_AUTHOR in text
    assert "· picture · the picture's language variant" in text and "no Thai (th) variant" in text
