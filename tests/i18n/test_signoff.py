"""Translations under document control: sign-off by a named reviewer, and DRAFT the moment approved text changes.

The scenario is replayed through the CLI (CliRunner): edit an entry → draft with the reason
named → sign-off → final with the reviewer printed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from handouts.cli import app
from handouts.i18n.signoff import load_records, signoff_status
from handouts.pipeline import RenderContext, build_handout, render, resolve
from tests.conftest import REPO

ARTICLE = "back-pain-after-surgery"
PO = "locales/th/LC_MESSAGES/handouts.po"
HEADING = "3. พังผืดและการเชื่อมกระดูกไม่ติด"  # the Thai of "3. Scar Tissue and Failed Fusion"

Run = Callable[..., Result]


@pytest.fixture
def run(workspace: Path) -> Run:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, [*args, "-w", str(workspace)])

    return invoke


def _edit(workspace: Path, old: str, new: str) -> int:
    """Replace a msgstr text in the Thai catalog; returns its line."""
    po = workspace / PO
    text = po.read_text(encoding="utf-8")
    assert text.count(f'msgstr "{old}"') == 1, old
    po.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{new}"'), encoding="utf-8")
    return text[: text.index(f'msgstr "{old}"')].count("\n") + 1


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_shipped_translation_is_signed_off_and_prints_final() -> None:
    ctx = RenderContext(REPO)
    article, brand = resolve(ARTICLE, "demo", ctx)
    h = build_handout(article, brand, "th", ctx)
    assert h.approval.final and not h.approval.reasons, h.approval.reasons
    assert "demo" in h.approval.reviewer.lower()  # clearly a demo name
    assert h.chrome.draft == "" and ctx.diagnostics.codes() == []
    assert h.approval.reviewer in h.chrome.translation.replace("\\", "")  # (Markdown-escaped)
    assert f"{h.approval.date.year + 543}" in h.chrome.translation  # the Buddhist Era for a Thai reader


SHIPPED_DRAFTS = ("my", "km", "lo")  # TRANSLATING.md: "Shipped translations are drafts"


def test_every_shipped_complete_translation_is_signed_and_current() -> None:
    """Add an article or change a translation → sign it off again (``handouts i18n signoff LANG``)."""
    from handouts.i18n.runtime import available_languages

    ctx = RenderContext(REPO)
    for lang in available_languages(REPO / "locales", "en"):
        if lang == "en":
            continue
        for row in signoff_status(REPO, lang):
            article, brand = resolve(row.article, "demo", ctx)
            if build_handout(article, brand, lang, RenderContext(REPO)).translated_percent < 100:
                continue  # an unfinished translation cannot be signed
            if lang in SHIPPED_DRAFTS:  # written by the developers: unsigned until a native reviewer approves
                assert row.state == "unsigned", f"{row.article} ({lang}) must stay a draft (TRANSLATING.md)"
                continue
            assert row.state == "signed", f"{row.article} ({lang}) is {row.state}: run 'handouts i18n signoff {lang}'"


def test_edit_draft_signoff_final_through_the_cli(run: Run, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 2, 1, tzinfo=dt.UTC).timestamp())))  # after the review
    # 1. an approved Thai entry is edited → a draft, the reason named with its catalog line
    line = _edit(workspace, HEADING, "3. พังผืด และการเชื่อมกระดูกที่ไม่ติด")
    r = run("render", ARTICLE, "--lang", "th", "-o", str(workspace / "draft.pdf"))
    assert r.exit_code == 0, r.stderr
    assert f"{PO}:{line}: warning: translation edited: '3. Scar Tissue and Failed Fusion'" in r.stderr
    assert "since Dr. Demo Reviewer signed off the Thai (th) translation" in r.stderr and "[i18n.signoff]" in r.stderr
    text = _pdf_text(workspace / "draft.pdf")
    assert "DRAFT" in text and "ฉบับร่าง · ยังไม่ได้ตรวจทาน" in text
    assert "ตรวจทานคำแปลโดย" not in text  # no sign-off line on a draft
    # --strict refuses (exit 3), nothing written
    r = run("render", ARTICLE, "--lang", "th", "--strict", "-o", str(workspace / "strict.pdf"))
    assert r.exit_code == 3 and not (workspace / "strict.pdf").exists()
    # status: changed since the sign-off, how many entries
    r = run("i18n", "status", "th")
    assert "changed since the sign-off by Dr. Demo Reviewer on" in r.stdout and ": 1 entry" in r.stdout
    r = run("i18n", "status", "th", "--json")
    [row] = [x for x in json.loads(r.stdout)["languages"][0]["signoff"] if x["article"] == ARTICLE]
    assert (row["state"], row["changed"], row["reviewer"]) == ("changed", 1, "Dr. Demo Reviewer")

    # 2. a reviewer signs off → final, reviewer and date (Buddhist Era) printed
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example", "--date", "2027-01-15")
    assert r.exit_code == 0, r.stderr
    assert "signed off by Dr. Napat Example on 2027-01-15" in r.stdout and "replaces the sign-off by" in r.stdout
    r = run("render", ARTICLE, "--lang", "th", "--strict", "-o", str(workspace / "final.pdf"))
    assert r.exit_code == 0, r.stderr
    text = _pdf_text(workspace / "final.pdf").replace("\n", " ")
    assert "DRAFT" not in text and "ฉบับร่าง" not in text
    assert "Dr. Napat Example" in text and "15 มกราคม 2570" in text and "แปลโดย Demo Translator" in text
    r = run("i18n", "status", "th")
    assert "signed off by Dr. Napat Example on 2027-01-15" in r.stdout

    # 3. the sign-off file is plain text for version control: one line per entry
    record = (workspace / "locales/th/signoff.toml").read_text(encoding="utf-8")
    assert 'reviewer = "Dr. Napat Example"' in record and "date = 2027-01-15" in record
    assert "# 3. Scar Tissue and Failed Fusion" in record


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ("fuzzy", "now fuzzy"),
        ("untranslated", "now untranslated"),
        ("source", "new entry, untranslated"),
        ("template", "translation edited: '**In an emergency** call %(number)s.'"),
    ],
)
def test_every_kind_of_change_makes_a_draft(workspace: Path, change: str, what: str) -> None:
    po = workspace / PO
    text = po.read_text(encoding="utf-8")
    if change == "fuzzy":
        text = text.replace(f'msgid "3. Scar Tissue and Failed Fusion"\nmsgstr "{HEADING}"',
                            f'msgid "3. Scar Tissue and Failed Fusion"\nmsgstr "{HEADING}"', 1)  # fmt: skip
        i = text.index('msgid "3. Scar Tissue')
        i = text.rindex("\n#: ", 0, i) + 1
        j = text.index("\n", i)
        text = text[: j + 1] + "#, fuzzy\n" + text[j + 1 :]
    elif change == "untranslated":
        text = text.replace(f'msgstr "{HEADING}"', 'msgstr ""')
    elif change == "template":
        text = text.replace("**กรณีฉุกเฉิน** โทร.", "**กรณีฉุกเฉิน** โทรหา")
    po.write_text(text, encoding="utf-8")
    if change == "source":
        md = workspace / f"articles/{ARTICLE}.md"
        md.write_text(md.read_text(encoding="utf-8").replace("3. Scar Tissue and Failed Fusion", "3. Scar Tissue"),
                      encoding="utf-8")  # fmt: skip
    ctx = RenderContext(workspace)
    article, brand = resolve(ARTICLE, "demo", ctx)
    h = build_handout(article, brand, "th", ctx)
    assert not h.approval.final
    assert any(what in r for r in h.approval.reasons), h.approval.reasons
    assert "i18n.signoff" in ctx.diagnostics.codes()
    assert h.chrome.draft.startswith("ฉบับร่าง · ยังไม่ได้ตรวจทาน")
    if change == "source":
        assert any("no longer printed" in r for r in h.approval.reasons)


def test_the_result_exposes_the_approval(workspace: Path) -> None:
    result = render(ARTICLE, "demo", "th", RenderContext(workspace))
    assert result.approval.final and result.approval.reviewer == "Dr. Demo Reviewer"
    _edit(workspace, HEADING, "3. พังผืดกับการเชื่อมกระดูกไม่ติด")
    result = render(ARTICLE, "demo", "en+th", RenderContext(workspace))
    assert result.approval.state == "draft" and result.approval.reasons[0].startswith("th: translation edited")
    assert render(ARTICLE, "demo", "en", RenderContext(workspace)).approval.final  # the source language


def test_never_signed_is_a_draft(workspace: Path, run: Run) -> None:
    (workspace / "locales/th/signoff.toml").unlink()
    r = run("render", ARTICLE, "--lang", "th", "--strict", "-o", str(workspace / "x.pdf"))
    assert r.exit_code == 3 and "never been signed off" in r.stderr and "[i18n.unsigned]" in r.stderr
    r = run("i18n", "status", "th")
    assert re.search(rf"{ARTICLE} .* never signed off", r.stdout)


def test_signoff_refuses_what_a_reviewer_cannot_approve(workspace: Path, run: Run) -> None:
    before = (workspace / "locales/th/signoff.toml").read_bytes()
    _edit(workspace, HEADING, "")
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X")
    assert r.exit_code == 1 and "1 entry is not translated yet" in r.stderr and f"{PO}:" in r.stderr
    text = (workspace / PO).read_text(encoding="utf-8")
    text = text.replace('Failed Fusion"\nmsgstr ""', f'Failed Fusion"\nmsgstr "{HEADING}"')
    (workspace / PO).write_text(text.replace("นานกว่า 3 เดือน", "นานกว่า 6 เดือน"), encoding="utf-8")  # a dose-like error
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X")
    assert r.exit_code == 1 and "numbers differ" in r.stderr  # a check error: no sign-off
    assert (workspace / "locales/th/signoff.toml").read_bytes() == before  # nothing written
    for bad in (["--reviewer", " "], ["--reviewer", "Dr. X", "--date", "2027-02-30"]):
        r = run("i18n", "signoff", "th", ARTICLE, *bad)
        assert r.exit_code == 1 and r.stderr.startswith("error: ") and "Traceback" not in r.stderr
    r = run("i18n", "signoff", "en", "--reviewer", "Dr. X")
    assert r.exit_code == 1 and "no translation to sign off" in r.stderr
    r = run("i18n", "signoff", "th", "no-such-article", "--reviewer", "Dr. X")
    assert r.exit_code == 1 and "unknown article" in r.stderr


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ahead=st.one_of(st.integers(1, 3 * 366), st.just(543 * 365)))
def test_a_signoff_dated_after_today_is_refused(workspace: Path, monkeypatch: pytest.MonkeyPatch, ahead: int) -> None:
    """A review cannot be dated in the future: the date prints on every page as the approval's. A
    Thai reviewer's Buddhist Era year (2569 for 2026, 543 years ahead) is named as such."""
    today = dt.date(2026, 11, 25)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 25, tzinfo=dt.UTC).timestamp())))
    path = workspace / "locales/th/signoff.toml"
    before = path.read_bytes()
    day = today + dt.timedelta(days=ahead)
    r = CliRunner().invoke(app, ["i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X", "--date", day.isoformat(),
                                 "-w", str(workspace)])  # fmt: skip
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith("error: --date: ") and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert f"{day.isoformat()} is after today ({today.isoformat()})" in r.stderr
    assert ("Buddhist Era" in r.stderr) == (day.year - 543 in (today.year - 1, today.year)), r.stderr
    assert path.read_bytes() == before
    # today itself, and an empty --date (not today), as the boundary
    assert CliRunner().invoke(app, ["i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X", "--date", "",
                                    "-w", str(workspace)]).exit_code == 1  # fmt: skip


def test_a_source_changed_since_the_last_update_names_the_update_as_the_fix(workspace: Path, run: Run) -> None:
    """An entry missing from the catalog (the article changed, 'i18n update' not run yet) has no
    line to fix: the refusal says to update the catalog, not merely 'untranslated'."""
    article = workspace / "articles" / f"{ARTICLE}.md"
    text = article.read_text(encoding="utf-8")
    old = "This article explores common causes for persistent or recurrent back pain following spinal surgery."
    assert old in text
    article.write_text(text.replace(old, "This article explores why back pain can persist after spinal surgery."),
                       encoding="utf-8")  # fmt: skip
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X")
    assert r.exit_code == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "'This article explores why back pain can persist a…' is not in the catalog" in r.stderr
    assert "run 'handouts i18n update th'" in r.stderr
    assert run("i18n", "update", "th").exit_code == 0  # then it is an entry with a line: fuzzy, not signable yet
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X")
    assert r.exit_code == 1 and "(first: fuzzy 'This article explores why back pain can persist a…', " in r.stderr
    assert re.search(rf"{PO}:\d+\)$", r.stderr.strip()) and "i18n update" not in r.stderr


def test_a_broken_signoff_file_is_one_clear_error(workspace: Path, run: Run) -> None:
    path = workspace / "locales/th/signoff.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("date = ", "date = = "), encoding="utf-8")
    r = run("render", ARTICLE, "--lang", "th", "-o", str(workspace / "x.pdf"))
    assert (
        r.exit_code == 1 and "locales/th/signoff.toml:" in r.stderr.replace("\\", "/") and "Traceback" not in r.stderr
    )


def test_entries_edited_in_the_signoff_file_do_not_print_as_final(workspace: Path, run: Run) -> None:
    """signoff.toml's entry lines must add up to its hash: lines edited by hand (here to 'approve' an
    edited translation) or mixed by a merge were signed by no one, and printed as final."""
    from handouts.i18n.signoff import _h

    new = "3. พังผืด และการเชื่อมกระดูกที่ไม่ติด"
    _edit(workspace, HEADING, new)
    path = workspace / "locales/th/signoff.toml"
    text = path.read_text(encoding="utf-8")
    old_line = f"{_h(ARTICLE, '3. Scar Tissue and Failed Fusion')}:{_h(HEADING, ())}"
    assert text.count(old_line) == 1
    path.write_text(text.replace(old_line, old_line.split(":")[0] + ":" + _h(new, ())), encoding="utf-8")
    out = workspace / "x.pdf"
    r = run("render", ARTICLE, "--lang", "th", "-o", str(out))
    assert r.exit_code == 1 and not out.exists(), r.output
    assert len(r.stderr.strip().splitlines()) == 1 and "locales/th/signoff.toml:" in r.stderr, r.stderr
    assert f"[{ARTICLE}]: its entries do not match its hash" in r.stderr and "sign it off again" in r.stderr
    r = run("render", "spine-surgery-home-care", "--lang", "th", "--strict", "-o", str(workspace / "other.pdf"))
    assert r.exit_code == 0, r.output  # the other article's sign-off is intact: still final
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example")  # the way out
    assert r.exit_code == 0, r.output
    r = run("render", ARTICLE, "--lang", "th", "-o", str(out))
    assert r.exit_code == 0 and "Dr. Napat Example" in _pdf_text(out), r.output


ZAWGYI_NAME = "ဦးေမာင္ေမာင္ထြန္း"  # U Maung Maung Htun typed in Zawgyi: garbage in every Unicode font


@pytest.mark.parametrize("name", ["Dr. A 1669", ZAWGYI_NAME])
def test_a_record_with_a_name_that_cannot_be_printed_is_reported_and_can_be_signed_again(
    workspace: Path, run: Run, name: str
) -> None:
    """A hand-edited reviewer ('Dr. A 1669', or a name in Zawgyi) is refused by the render, naming the
    record; 'i18n status' failed for the whole language, and the sign-off its error asked for failed
    too (it read the whole file and stopped at that record): a dead end. Now status reports that
    record and the others, and signing the article off again replaces it."""
    path = workspace / "locales/th/signoff.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('reviewer = "Dr. Demo Reviewer"', f'reviewer = "{name}"', 1), encoding="utf-8")
    out = workspace / "x.pdf"
    r = run("render", ARTICLE, "--lang", "th", "-o", str(out))
    assert r.exit_code == 1 and not out.exists() and "cannot be printed" in r.stderr, r.output
    assert f"signoff {'th'} {ARTICLE}" in r.stderr, r.stderr
    r = run("i18n", "status", "th")
    assert r.exit_code == 0, r.output
    assert "sign-off unusable" in r.stdout and "signed off by Dr. Demo Reviewer" in r.stdout, r.stdout
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example")
    assert r.exit_code == 0, r.output
    r = run("render", ARTICLE, "--lang", "th", "--strict", "-o", str(out))
    assert r.exit_code == 0 and "Dr. Napat Example" in _pdf_text(out), r.output


def test_a_reviewer_name_typed_in_zawgyi_is_refused(run: Run) -> None:
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", ZAWGYI_NAME)
    assert r.exit_code == 1 and "Zawgyi" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.output
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "ဦးမောင်မောင်ထွန်း")  # the same name in Unicode
    assert r.exit_code == 0, r.output


def test_signoff_records_exactly_the_printed_entries(workspace: Path) -> None:
    record = load_records(workspace / "locales", "th")[ARTICLE]
    article, _ = resolve(ARTICLE, "demo", RenderContext(workspace))
    from handouts.content.frame import frame_msgids

    assert len(record.entries) == len(dict.fromkeys(e.text for e in article.entries)) + len(
        frame_msgids(workspace / "templates")
    )
    assert record.date <= dt.date.today()
    # an obsolete or unrelated entry does not matter: appending one keeps the handout final
    po = workspace / PO
    po.write_text(po.read_text(encoding="utf-8") + '\n#~ msgctxt "other"\n#~ msgid "Old"\n#~ msgstr "เก่า"\n',
                  encoding="utf-8")  # fmt: skip
    ctx = RenderContext(workspace)
    a, brand = resolve(ARTICLE, "demo", ctx)
    assert build_handout(a, brand, "th", ctx).approval.final


def test_signing_one_article_keeps_the_other_articles_comments(workspace: Path, run: Run) -> None:
    """A sign-off's diff shows what it covers: the other articles' lines keep their msgid comments."""
    day = load_records(workspace / "locales", "th")[ARTICLE].date.isoformat()  # (never before the shipped one)
    assert run("i18n", "signoff", "th", "--reviewer", "Dr. Napat Example", "--date", day).exit_code == 0
    path = workspace / "locales" / "th" / "signoff.toml"
    before = path.read_text(encoding="utf-8")
    assert before.count("  # ") > 20
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Somsri Example", "--date", day)
    assert r.exit_code == 0, r.output
    after = path.read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed and all(not line.startswith('    "') for line in changed), changed  # only the reviewer and date
    assert after.count("  # ") == before.count("  # ")


# --------------------------------------------------------------------------- revoking a sign-off


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is 2026-12-12: after the shipped sign-offs (2026-12-04), so they can be revoked today."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1797033600")


def test_a_revoked_sign_off_prints_as_a_draft_until_signed_again(workspace: Path, run: Run, tmp_path: Path,
                                                                   later: None) -> None:  # fmt: skip
    signoff = workspace / "locales/th/signoff.toml"
    r = run("i18n", "signoff", "th", ARTICLE, "--revoke", "--reviewer", "Dr. Second Reader",
            "--reason", 'the dose in "step 3" is wrong', "--date", "2026-12-05")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "revoked by Dr. Second Reader on 2026-12-05" in r.stdout and "Dr. Demo Reviewer" in r.stdout
    text = signoff.read_text(encoding="utf-8")
    assert 'revoked_by = "Dr. Second Reader"' in text and "revoked = 2026-12-05" in text
    assert ARTICLE not in load_records(workspace / "locales", "th")  # no longer a sign-off
    r = run("render", ARTICLE, "--lang", "th", "--strict", "-o", str(tmp_path / "x.pdf"))
    assert r.exit_code == 3 and "[i18n.revoked]" in r.stderr and 'the dose in "step 3" is wrong' in r.stderr
    assert "locales/th/signoff.toml: warning: Dr. Second Reader revoked" in r.stderr
    r = run("i18n", "status", "th")
    assert re.search(rf"{ARTICLE} .* sign-off revoked by Dr. Second Reader on 2026-12-05: the dose", r.stdout)
    row = next(x for x in signoff_status(workspace, "th") if x.article == ARTICLE)
    assert row.state == "revoked" and row.as_dict()["reason"] == 'the dose in "step 3" is wrong'
    r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Second Reader")
    assert r.exit_code == 0, r.stderr
    assert "revoked_by = " not in signoff.read_text(encoding="utf-8")
    assert run("render", ARTICLE, "--lang", "th", "--strict", "-o", str(tmp_path / "x.pdf")).exit_code == 0


def test_a_revoked_sign_off_is_the_drafts_reason(workspace: Path, later: None) -> None:
    from handouts.i18n.signoff import revoke

    revoke(workspace, "th", [ARTICLE], "Dr. Second Reader", dt.date(2026, 12, 5), "wrong dose")
    ctx = RenderContext(workspace)
    article, brand = resolve(ARTICLE, "demo", ctx)
    approval = build_handout(article, brand, "th", ctx).approval
    assert not approval.final and approval.reasons[0].startswith("Dr. Second Reader revoked the sign-off")
    assert "i18n.revoked" in ctx.diagnostics.codes()


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [(("--revoke", "--reviewer", "Dr. X"), 1, "--reason"),  # a revocation says why
     (("--revoke", "--reason", "wrong"), 1, "who revokes the sign-off"),
     (("--reviewer", "Dr. X", "--reason", "wrong"), 2, "--reason goes with --revoke"),
     (("--revoke", "--reviewer", "Dr. X", "--reason", "wrong", "--date", "2026-01-01"), 1, "before the sign-off"),
     (("--revoke", "--reviewer", "Dr. 1669", "--reason", "wrong"), 1, "cannot be printed")],
    ids=["no reason", "no name", "reason alone", "dated before", "digits in the name"],
)  # fmt: skip
def test_a_revocation_that_cannot_be_recorded_writes_nothing(workspace: Path, run: Run, args: tuple[str, ...],
                                                             code: int, needle: str, later: None) -> None:  # fmt: skip
    before = (workspace / "locales/th/signoff.toml").read_bytes()
    r = run("i18n", "signoff", "th", ARTICLE, *args)
    assert r.exit_code == code and needle in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert (workspace / "locales/th/signoff.toml").read_bytes() == before


def test_only_a_sign_off_can_be_revoked(workspace: Path, run: Run, later: None) -> None:
    revoke = ("--revoke", "--reviewer", "Dr. X", "--reason", "wrong")
    r = run("i18n", "signoff", "th", *revoke)
    assert r.exit_code == 1 and "which article" in r.stderr  # never every article by default
    assert run("i18n", "signoff", "th", ARTICLE, *revoke).exit_code == 0
    r = run("i18n", "signoff", "th", ARTICLE, *revoke)
    assert r.exit_code == 1 and "already revoked by Dr. X" in r.stderr
    (workspace / "locales/th/signoff.toml").unlink()
    r = run("i18n", "signoff", "th", ARTICLE, *revoke)
    assert r.exit_code == 1 and "it has no sign-off" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@settings(max_examples=40, deadline=None)
@given(reason=st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
def test_a_revocation_reads_back_as_written(reason: str) -> None:
    from handouts.i18n.signoff import Revocation, dump_records
    from handouts.textfile import toml_loads

    one = Revocation(ARTICLE, "Dr. X", dt.date(2026, 12, 5), reason, "Dr. Y", dt.date(2026, 12, 4))
    table = toml_loads(dump_records("th", {}, {}, {ARTICLE: one}))[ARTICLE]
    assert (table["revoked_by"], table["revoked"], table["reason"], table["reviewer"], table["date"]) == (
        one.by, one.date, one.reason, one.reviewer, one.signed)


def test_many_changed_entries_are_one_warning_each_one_with_v(run: Run, workspace: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """One cause, one line: more than signoff.NAMED entries changed since the sign-off read as one
    warning with the count (-v: each one with its catalog line). Twenty were printed one by one,
    then 'and N more'; a few are still named one by one (test_edit_draft_signoff_final_through_the_cli)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 2, 1, tzinfo=dt.UTC).timestamp())))
    po = workspace / PO
    text = po.read_text(encoding="utf-8")
    changed = 0
    for line in text.splitlines():
        if line.startswith('msgstr "') and len(line) > 12 and changed < 25:
            text = text.replace(line, line[:8] + "แก้ไข " + line[8:], 1)
            changed += 1
    po.write_text(text, encoding="utf-8")
    r = run("render", ARTICLE, "--lang", "th", "-o", str(workspace / "draft.pdf"))
    assert r.exit_code == 0, r.stderr
    said = [ln for ln in r.stderr.splitlines() if "[i18n.signoff]" in ln]
    assert len(said) == 1 and "entries changed since Dr. Demo Reviewer signed off" in said[0], r.stderr
    n = int(said[0].split("warning: ")[1].split()[0])
    assert n >= 20
    r = run("-v", "render", ARTICLE, "--lang", "th", "-o", str(workspace / "draft.pdf"))  # (the model's warnings replayed)
    each = [ln for ln in r.stderr.splitlines() if "[i18n.signoff]" in ln]
    assert len(each) == n and all(f"{PO}:" in ln for ln in each), r.stderr


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(back=st.integers(1, 4000))
def test_a_signoff_is_never_dated_before_the_record_it_follows(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                                                back: int) -> None:  # fmt: skip
    """A sign-off dated before the one it replaces, or before the revocation it follows, would
    rewrite the approval's history (an audit reads "approved in 2019" for text revoked since):
    refused for a named article, that article skipped otherwise; nothing of it is written."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1797033600")  # 2026-12-12
    path = workspace / "locales/th/signoff.toml"
    shipped = workspace / "signoff.shipped"  # each example starts from the shipped sign-offs
    if shipped.exists():
        path.write_bytes(shipped.read_bytes())
    else:
        shipped.write_bytes(path.read_bytes())
    signed = load_records(workspace / "locales", "th")[ARTICLE].date
    invoke = functools.partial(CliRunner().invoke, app)
    day = (signed - dt.timedelta(days=back)).isoformat()
    before = path.read_bytes()
    r = invoke(["i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X", "--date", day, "-w", str(workspace)])
    assert r.exit_code == 1 and r.stderr.startswith("error: --date: ") and "before the sign-off it replaces" in r.stderr
    assert path.read_bytes() == before
    r = invoke(["i18n", "signoff", "th", "--reviewer", "Dr. X", "--date", day, "-w", str(workspace)])
    assert f"{ARTICLE}: --date {day} is before the sign-off it replaces" in r.stderr
    assert load_records(workspace / "locales", "th")[ARTICLE].date == signed  # not replaced
    # after a revocation (dated today), a new sign-off is dated today or later, never before it
    revoked = dt.date(2026, 12, 12)
    assert invoke(["i18n", "signoff", "th", ARTICLE, "--revoke", "--reviewer", "Dr. Q", "--reason", "wrong",
                   "-w", str(workspace)]).exit_code == 0  # fmt: skip
    early = (revoked - dt.timedelta(days=min(back, (revoked - signed).days))).isoformat()
    r = invoke(["i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X", "--date", early, "-w", str(workspace)])
    assert r.exit_code == 1 and "before the revocation it follows (Dr. Q, 2026-12-12)" in r.stderr, r.stderr
    assert ARTICLE not in load_records(workspace / "locales", "th")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.sampled_from(["", '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"\n', '"Last-Translator: \\n"\n',
                               '"Last-Translator: <t@clinic.example>\\n"\n']),
       named=st.booleans())  # fmt: skip
def test_signing_a_catalog_that_names_no_translator_says_so(workspace: Path, header: str, named: bool) -> None:
    """Without a translator the final handout cannot say who translated it, and the rule that a
    second person reviews cannot be checked: the sign-off is recorded, with a warning saying so."""
    po = workspace / PO
    shipped = workspace / "shipped.po"  # each example starts from the shipped catalog (Demo Translator)
    if not shipped.exists():
        shipped.write_bytes(po.read_bytes())
    original = shipped.read_text(encoding="utf-8")
    po.write_text(re.sub(r'(?m)^"Last-Translator: .*\n', lambda _: header, original), encoding="utf-8")
    r = CliRunner().invoke(app, ["i18n", "signoff", "th", *([ARTICLE] if named else []), "--reviewer", "Dr. X",
                                 "-w", str(workspace)])  # fmt: skip
    assert r.exit_code == 0, r.stderr
    warning = [ln for ln in r.stderr.splitlines() if "[i18n.no-translator]" in ln]
    assert len(warning) == 1 and warning[0].startswith(f"{PO}: warning: the catalog names no translator"), r.stderr
    assert load_records(workspace / "locales", "th")[ARTICLE].reviewer == "Dr. X"
    # with a translator named, no such warning
    po.write_text(original, encoding="utf-8")
    r = CliRunner().invoke(app, ["i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. X", "-w", str(workspace)])
    assert r.exit_code == 0 and "[i18n.no-translator]" not in r.stderr, r.stderr


def test_an_unnamed_signoff_leaves_the_unchanged_articles_records_as_they_were(run: Run, workspace: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """``i18n signoff th --reviewer X`` (no article named) replaced every article's record, unchanged
    ones too: their reviewer and day were lost. It now signs what changed and says the rest still holds;
    naming an article signs it again on purpose."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 2, 1, tzinfo=dt.UTC).timestamp())))
    before = load_records(workspace / "locales", "th")
    others = [a for a in before if a != ARTICLE]
    assert ARTICLE in before and others
    r = run("i18n", "signoff", "th", "--reviewer", "Dr. Napat Example", "--date", "2027-01-15")
    assert r.exit_code == 0, r.stderr  # all unchanged: nothing to do, and no error
    assert all(f"{a} (th) already signed off by {before[a].reviewer}" in r.stdout for a in before), r.stdout
    assert load_records(workspace / "locales", "th") == before
    _edit(workspace, HEADING, "3. พังผืด และการเชื่อมกระดูกที่ไม่ติด")
    r = run("i18n", "signoff", "th", "--reviewer", "Dr. Napat Example", "--date", "2027-01-15")
    assert r.exit_code == 0, r.stderr
    after = load_records(workspace / "locales", "th")
    assert (after[ARTICLE].reviewer, after[ARTICLE].date) == ("Dr. Napat Example", dt.date(2027, 1, 15))
    assert all(after[a] == before[a] for a in others)
    named = run("i18n", "signoff", "th", others[0], "--reviewer", "Dr. Napat Example", "--date", "2027-01-15")
    assert named.exit_code == 0 and load_records(workspace / "locales", "th")[others[0]].reviewer == "Dr. Napat Example"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["Translator 2", "**Lan**", "Lan {{ x }}", "Somchai #1", "Lan_Nguyen"]))
def test_a_translator_name_the_signoff_refuses_is_refused_by_init_and_named_by_check(workspace: Path, run: Run,
                                                                                     name: str) -> None:  # fmt: skip
    """init wrote any "Name <email>" into Last-Translator, and check passed it, though the sign-off
    refuses a name with digits or markup (it prints on the handout): the reviewer was the first to hear."""
    shutil.rmtree(workspace / "locales" / "vi", ignore_errors=True)
    r = run("i18n", "init", "vi", "--translator", f"{name} <lan@clinic.example>")
    assert r.exit_code == 1 and "cannot be printed" in r.stderr and "--translator" in r.stderr, r.stderr
    assert not (workspace / "locales" / "vi").exists()
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    original = po.read_text(encoding="utf-8")
    try:
        po.write_text(re.sub(r'(?m)^"Last-Translator: [^<"]*', f'"Last-Translator: {name} ', original), encoding="utf-8")
        line = next(n for n, x in enumerate(po.read_text(encoding="utf-8").split("\n"), 1) if "Last-Translator" in x)
        r = run("i18n", "check", "th")
        assert f"handouts.po:{line}: warning: Last-Translator: the translator's name" in r.stdout, r.stdout
        assert "[check.translator]" in r.stdout
        r = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example")
        assert r.exit_code == 1 and "cannot be printed" in r.stderr, r.stderr
    finally:
        po.write_text(original, encoding="utf-8")


@pytest.mark.parametrize(("lang", "hint"), [("TH", "did you mean th?"), ("thai", "did you mean th?"),
                                            ("vi", "start it with 'handouts i18n init vi'")])  # fmt: skip
def test_signoff_of_a_language_without_a_catalog_says_what_check_says(workspace: Path, run: Run, lang: str,
                                                                      hint: str) -> None:  # fmt: skip
    # "no translation to sign off for language 'TH' (translated languages: km, lo, my, th)": no "did you
    # mean th?", which 'i18n check TH' and 'i18n status TH' say
    r = run("i18n", "signoff", lang, "--reviewer", "Dr. X")
    assert r.exit_code == 1 and f"no catalog for language {lang!r}" in r.stderr and hint in r.stderr, r.stderr
    assert run("i18n", "check", lang).stderr == r.stderr


def _unusable(path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Make ``locales/th/signoff.toml`` a ``kind`` of thing that is not a readable file; the words
    the error gives for it."""
    import os

    path.unlink()
    if kind == "folder":
        path.mkdir()
        return "is a folder"
    if kind == "fifo":
        os.mkfifo(path)
        return "named pipe"
    if kind == "dangling link":
        path.symlink_to(path.with_name("gone.toml"))
        return "link to nothing"
    path.write_text("", encoding="utf-8")  # unreadable: as a file without read permission reads (even as root)
    stat = Path.stat

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "signoff.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return stat(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "stat", denied)
    return "cannot read the sign-off file: Permission denied"


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling link", "unreadable"])
@pytest.mark.parametrize("command", ["render", "signoff", "status", "batch"])
def test_a_signoff_file_that_cannot_be_read_is_an_error_not_a_draft(workspace: Path, run: Run, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch, kind: str,
                                                                     command: str) -> None:  # fmt: skip
    """A signoff.toml that is a folder, a named pipe, a link to nothing or unreadable read as "never
    signed off": every handout of the language printed as a draft, with no word of the file."""
    if command == "batch" and kind == "unreadable":
        pytest.skip("the batch renders in worker processes, which the patched stat does not reach")
    said = _unusable(workspace / "locales/th/signoff.toml", kind, monkeypatch)
    out = tmp_path / "out"
    args = {"render": ("render", ARTICLE, "--lang", "th", "-o", str(tmp_path / "x.pdf")),
            "signoff": ("i18n", "signoff", "th", "--reviewer", "Dr. X"),
            "status": ("i18n", "status", "th"),
            "batch": ("batch", "-a", ARTICLE, "-l", "th", "-c", "demo", "-o", str(out))}[command]  # fmt: skip
    r = run(*args)
    errors = [line for line in r.stderr.splitlines() if "signoff.toml" in line]
    assert errors and said in errors[0] and "Traceback" not in r.stderr, r.stderr
    assert "never been signed off" not in r.stderr and "never signed off" not in r.stdout
    if command == "batch":
        assert r.exit_code == 1 and not list(out.glob("*.pdf"))  # (its only job failed)
    else:
        assert r.exit_code == 1 and len(errors) == 1 and errors[0].startswith("error: ")
        assert "locales/th/signoff.toml: " in errors[0].replace("\\", "/") and "(" in errors[0]  # the file, the fix
        assert not (tmp_path / "x.pdf").exists()


EMOJI = [chr(c) for c in range(0x1F600, 0x1F620)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chars=st.lists(st.sampled_from(EMOJI), min_size=1, max_size=14, unique=True))
def test_names_no_font_draws_are_told_as_the_clinic_file_tells_them(workspace: Path, chars: list[str]) -> None:
    """A reviewer's name and a clinic's name with the same characters no font draws are refused
    with the same words: the sign-off named the first 8 and left out that there were more."""
    from handouts.branding import check_drawable, load_brand
    from handouts.diagnostics import Diagnostics
    from handouts.errors import BrandError
    from handouts.i18n.signoff import name_problem
    from handouts.typesetting.coverage import undrawable

    name = "Dr " + "".join(chars)
    clinic = workspace / "clinics" / "demo.toml"
    text = clinic.read_text(encoding="utf-8")
    clinic.write_text(re.sub(r'(?m)^name_en = ".*"$', f'name_en = "{name}"', text), encoding="utf-8")
    with pytest.raises(BrandError) as refused:
        check_drawable(load_brand(clinic, workspace, Diagnostics(log=False)), clinic, workspace, undrawable)
    said = refused.value.message
    assert said.startswith("no shipped font draws ")
    problem = name_problem(name)
    assert problem is not None and problem.startswith(said + " "), (problem, said)
    assert (f" and {len(chars) - 8} more" in problem) == (len(chars) > 8)
