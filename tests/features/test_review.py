"""Review expiry: overdue warning, the staff-facing footer marker, --strict, the clinic policy, `list`."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.content.article import load_article
from handouts.errors import ContentError
from handouts.pipeline import RenderContext, check_review_policy, render_checked, resolve
from tests.conftest import REPO
from tests.features.helpers import (
    AFTER_REVIEW,
    ARTICLE,
    BEFORE_REVIEW,
    EPOCH_AFTER,
    EPOCH_BEFORE,
    page_texts,
    reader,
    run,
)

MARKER = {"en": "review due 2028-11-01", "th": "ครบกำหนดทบทวน 2028-11-01"}


def _footer_spans(data: bytes) -> list[tuple[str, float, float]]:
    """(text, font size, y) of every text run in the bottom 45 mm of page 1."""
    out: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y < 45 * 72 / 25.4:
            out.append((text, size * tm[3] * cm[3], y))

    reader(data).pages[0].extract_text(visitor_text=visit)
    return out


@pytest.mark.parametrize("lang", ["en", "th"])
def test_overdue_warns_and_marks_the_control_line(lang: str) -> None:
    ctx = RenderContext(REPO, today=AFTER_REVIEW)
    result = render_checked(ARTICLE, "demo", lang, ctx, strict=False)
    assert "content.review-overdue" in ctx.diagnostics.codes()
    texts = page_texts(result.pdf)
    assert all(MARKER[lang] in " ".join(t.split()) for t in texts), "the marker is on every page"
    # small (the document-control size or less), and at the very end of the control line
    spans = _footer_spans(result.pdf)
    marker = [s for s in spans if "2028-11-01" in s[0]]
    assert marker and all(size <= 9.5 for _, size, _ in marker)
    control_bottom = min(y for t, _, y in spans if "Page" not in t and "หน้า" not in t)
    assert min(y for _, _, y in marker) == pytest.approx(control_bottom, abs=0.5)


@pytest.mark.parametrize("lang", ["th", "my", "km", "lo"])
@pytest.mark.parametrize("layout", ["a5-booklet", "2up"])
def test_half_pages_print_the_whole_marker(lang: str, layout: str) -> None:
    """The compact footer of half pages gives the version · hash · review-due line a second line
    when it needs one (the Burmese marker is long): the due date is never cut off."""
    ctx = RenderContext(REPO, today=AFTER_REVIEW, layout=layout)
    result = render_checked(ARTICLE, "demo", lang, ctx, strict=False)
    assert "layout.frame-cut" not in ctx.diagnostics.codes()
    dates = sum(t.count("2028-11-01") for t in page_texts(result.pdf))
    assert dates >= result.pages, "every half page's footer has the due date (blank pages have no footer)"


@pytest.mark.parametrize("lang", ["en", "th"])
def test_current_review_has_no_marker(lang: str) -> None:
    ctx = RenderContext(REPO, today=BEFORE_REVIEW)
    result = render_checked(ARTICLE, "demo", lang, ctx, strict=True)
    assert not ctx.diagnostics
    assert MARKER[lang] not in " ".join(page_texts(result.pdf)[0].split())


def test_strict_refuses_overdue_with_exit_3(tmp_path: Path) -> None:
    out = tmp_path / "h.pdf"
    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--strict", "-o", str(out), env={"SOURCE_DATE_EPOCH": EPOCH_AFTER})
    assert code == 3
    assert "review was due on 2028-11-01" in err and "nothing was written" in err
    assert not out.exists()


def _copy_workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    for part in ("articles", "clinics", "templates", "locales"):
        shutil.copytree(REPO / part, ws / part)
    return ws


@pytest.mark.parametrize("lang", ["en", "th"])
def test_clinic_requiring_review_refuses_overdue_article(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "h.pdf"
    args = ("render", ARTICLE, "-w", str(REPO), "--clinic", "riverside", "--lang", lang, "-o", str(out))
    code, _, err = run(*args, env={"SOURCE_DATE_EPOCH": EPOCH_AFTER})
    assert code == 1 and not out.exists()
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("error: articles/back-pain-after-surgery.md: review was due on 2028-11-01")
    assert "require_next_review = true" in lines[0]
    # the same clinic before the date, and the demo clinic (no policy) after it, render
    assert run(*args, env={"SOURCE_DATE_EPOCH": EPOCH_BEFORE})[0] == 0
    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--lang", lang, "-o", str(out), env={"SOURCE_DATE_EPOCH": EPOCH_AFTER})
    assert code == 0 and "review was due" in err


def test_clinic_requiring_review_refuses_article_without_next_review(tmp_path: Path) -> None:
    ws = _copy_workspace(tmp_path)
    path = ws / "articles" / f"{ARTICLE}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("next_review: 2028-11-01\n", ""), encoding="utf-8")
    # the article loader already refuses a missing date, for every clinic: exit 1, one line
    code, _, err = run("render", ARTICLE, "-w", str(ws), "--clinic", "riverside", "-o", str(tmp_path / "h.pdf"))
    assert code == 1 and "missing 'next_review'" in err and len(err.strip().splitlines()) == 1
    # and the policy check itself refuses an article whose front matter has no date
    ctx = RenderContext(REPO, today=BEFORE_REVIEW)
    article, brand = resolve(ARTICLE, "riverside", ctx)
    front = dict(article.front)
    del front["next_review"]
    undated = type(article)(article.id, article.path, front, article.entries, article.sha256)
    with pytest.raises(ContentError, match="has no next_review date"):
        check_review_policy(undated, brand, ctx)
    demo = resolve(ARTICLE, "demo", ctx)[1]
    check_review_policy(undated, demo, ctx)  # a clinic without the policy does not care


def test_list_shows_overdue() -> None:
    code, out, _ = run("list", "-w", str(REPO), env={"SOURCE_DATE_EPOCH": EPOCH_AFTER})
    assert code == 0
    line = next(ln for ln in out.splitlines() if ARTICLE in ln)
    assert "next review 2028-11-01" in line and "REVIEW OVERDUE" in line
    code, out, _ = run("list", "-w", str(REPO), env={"SOURCE_DATE_EPOCH": EPOCH_BEFORE})
    assert "REVIEW OVERDUE" not in out
    code, out, _ = run("list", "--json", "-w", str(REPO), env={"SOURCE_DATE_EPOCH": EPOCH_AFTER})
    article = next(a for a in json.loads(out)["articles"] if a["id"] == ARTICLE)
    assert article["overdue"] is True and article["next_review"] == "2028-11-01"


def test_review_dates_of_the_demo_article() -> None:
    a = load_article(REPO / "articles" / f"{ARTICLE}.md")
    assert a.front["next_review"] == dt.date(2028, 11, 1)
    assert BEFORE_REVIEW < a.front["next_review"] < AFTER_REVIEW


_MALFORMED_EPOCH = st.one_of(
    st.integers(max_value=-1).map(str),  # before 1970
    st.integers(min_value=253_402_300_800, max_value=10**30).map(str),  # after the year 9999
    st.from_regex(r"[0-9]{1,10}[.,:a-z][0-9]{0,3}", fullmatch=True),  # a fraction, a date, a word
    st.from_regex(r"[a-z][a-z0-9 ]{0,8}", fullmatch=True).filter(str.strip),
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(epoch=_MALFORMED_EPOCH)
def test_a_malformed_source_date_epoch_is_a_usage_error(tmp_path: Path, epoch: str) -> None:
    """A SOURCE_DATE_EPOCH that is no whole number of seconds is named, exit 2: never an internal
    error (ReportLab reads it too), nor ignored for the clock (an overdue review looking current)."""
    out = tmp_path / "h.pdf"
    ws = tmp_path / "ws"  # the sign-off would write: a copy
    if not ws.exists():
        _copy_workspace(tmp_path)
    commands = [("render", ARTICLE, "-w", str(REPO), "--lang", "th", "-o", str(out)), ("list", "-w", str(REPO)),
                ("i18n", "signoff", "th", ARTICLE, "-w", str(ws), "--reviewer", "Dr. Test")]  # fmt: skip
    for args in commands:
        code, _, err = run(*args, env={"SOURCE_DATE_EPOCH": epoch})
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert code == 2, (args, err)
        assert len(lines) == 1 and lines[0].startswith("error: SOURCE_DATE_EPOCH: ") and "Traceback" not in err
        assert not out.exists()


@settings(max_examples=15, deadline=None)
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), key=st.sampled_from(["reviewed", "next_review"]))
def test_a_buddhist_era_review_date_is_refused_at_its_line(day: dt.date, key: str) -> None:
    """2569-11-01 written for 2026-11-01 would print as the year 3112 in a Thai footer and never
    fall due (the clinic's require_next_review policy included): refused, with the date to write."""
    import tempfile

    try:
        be = day.replace(year=day.year + 543)
    except ValueError:  # 29 February: the BE year is not leap
        return
    dates = {"reviewed": dt.date(2026, 11, 1), "next_review": dt.date(2099, 11, 1)}
    if key == "reviewed":  # (so that it stays before next_review)
        dates["next_review"] = be
    dates[key] = be
    source = (REPO / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    source = re.sub(r"(?m)^reviewed: .*$", f"reviewed: {dates['reviewed']}", source)
    source = re.sub(r"(?m)^next_review: .*$", f"next_review: {dates['next_review']}", source)
    line = 1 + source.split("\n").index(f"{key}: {be.isoformat()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles" / "x.md"
        path.parent.mkdir()
        path.write_text(source, encoding="utf-8")
        with pytest.raises(ContentError) as e:
            load_article(path)
    assert e.value.line == line and "Buddhist Era" in str(e.value)
    assert f"write {day.isoformat()}" in str(e.value)
    # a Common Era date however far ahead is a date
    ok = re.sub(r"(?m)^next_review: .*$", "next_review: 2399-12-31", re.sub(r"(?m)^reviewed: .*$", f"reviewed: {day}",
                                                                               source))  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles" / "x.md"
        path.parent.mkdir()
        path.write_text(ok, encoding="utf-8")
        assert load_article(path).front[key] == (day if key == "reviewed" else dt.date(2399, 12, 31))


@pytest.mark.parametrize("clinic", ["demo", "riverside"])
def test_an_article_given_by_its_path_is_named_by_it_when_overdue(tmp_path: Path, clinic: str) -> None:
    """The warning and the policy's refusal named 'articles/x.md' for an article outside articles/
    (every other error of it names the path given)."""
    elsewhere = tmp_path / "drafts" / "fluids.md"
    elsewhere.parent.mkdir()
    shutil.copy(REPO / "articles" / f"{ARTICLE}.md", elsewhere)
    out = tmp_path / "h.pdf"
    code, _, err = run("render", str(elsewhere), "-w", str(REPO), "--clinic", clinic, "--lang", "en", "-o", str(out),
                       env={"SOURCE_DATE_EPOCH": EPOCH_AFTER})  # fmt: skip
    assert code == (1 if clinic == "riverside" else 0), err
    (line,) = [ln for ln in err.splitlines() if "review was due" in ln]
    said = line.removeprefix("error: ")
    assert said.startswith(f"{elsewhere}: ") and "articles/fluids.md" not in err, err
