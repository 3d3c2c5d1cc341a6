"""One warning per cause: many warnings of one cause read as one line with the count and the fix;
-v (and the collector, --strict, list) still see every one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from handouts.diagnostics import SUMMARIES, Diagnostic, summarize
from tests.chrome.conftest import Run

CODES = [*SUMMARIES, "content.review-overdue", "layout.qr-no-room"]


@given(st.lists(st.tuples(st.sampled_from(CODES), st.integers(0, 5), st.sampled_from(["a.md", "b.j2", None])), max_size=40))
def test_one_line_per_cause(items: list[tuple[str, int, str | None]]) -> None:
    ds = [Diagnostic(code, f"message {n}", path, n or None) for code, n, path in items]
    unique = list(dict.fromkeys(ds))  # the collector keeps no duplicates
    lines = summarize(unique)
    grouped = {d.code for d in unique if d.code in SUMMARIES}
    alone = [d for d in unique if d.code not in SUMMARIES]
    assert len(lines) == len(grouped) + len(alone)
    for code in grouped:
        n = sum(1 for d in unique if d.code == code)
        (line,) = [x for x in lines if x.endswith(f"[{code}]")]
        assert (f"{n} " in line) if n > 1 else ("message" in line)
    assert all(str(d) in lines for d in alone)


def _fresh_burmese(sea: Path, run: Run) -> None:
    (sea / "locales" / "my" / "LC_MESSAGES" / "handouts.po").unlink()
    assert run("i18n", "init", "my").exit_code == 0


def test_render_untranslated_is_one_line(sea: Path, run: Run, tmp_path: Path) -> None:
    _fresh_burmese(sea, run)
    r = run("render", "walking", "--lang", "my", "-o", str(tmp_path / "a.pdf"))
    assert r.exit_code == 0, r.output
    lines = [x for x in r.stderr.splitlines() if "[i18n.untranslated]" in x]
    assert len(lines) == 1, r.stderr
    m = re.search(r"(\d+) texts have no Burmese \(my\) translation", lines[0])
    assert m and int(m.group(1)) > 10 and "locales/my/LC_MESSAGES/handouts.po" in lines[0]
    total = int(re.search(r"(\d+) warnings", r.stderr).group(1))  # type: ignore[union-attr]
    assert total >= int(m.group(1))  # the count of the summary line is the count of all
    assert re.search(rf"{total} warnings in \d+ lines \(each one: -v\)", r.stderr)
    r = run("render", "walking", "--lang", "my", "-o", str(tmp_path / "b.pdf"), "-v")
    each = [x for x in r.stderr.splitlines() if "[i18n.untranslated]" in x]
    assert len(each) == int(m.group(1)) and all("no Burmese (my) translation for" in x for x in each)


def test_batch_manifest_summarizes(sea: Path, run: Run, tmp_path: Path) -> None:
    _fresh_burmese(sea, run)
    out = tmp_path / "batch"
    r = run("batch", "--article", "walking", "--lang", "my", "--out", str(out), "--jobs", "1")
    assert r.exit_code == 0, r.output
    (job,) = json.loads(next(out.rglob("manifest.json")).read_text(encoding="utf-8"))["jobs"]
    untranslated = [w for w in job["warnings"] if "[i18n.untranslated]" in w]
    assert len(untranslated) == 1 and "texts have no Burmese (my) translation" in untranslated[0]
    assert sum("[i18n.untranslated]" in x for x in r.stderr.splitlines()) == 1


def test_i18n_check_counts_untranslated_entries_once(sea: Path, run: Run) -> None:
    _fresh_burmese(sea, run)
    r = run("i18n", "check", "my")
    assert r.exit_code == 0, r.output
    (line,) = [x for x in r.stdout.splitlines() if "[check.untranslated]" in x]
    n = int(re.search(r"(\d+) entries are not translated yet", line).group(1))  # type: ignore[union-attr]
    assert line.startswith("locales/my/LC_MESSAGES/handouts.po: warning: ") and n > 10
    assert r.stdout.splitlines()[-1] == f"0 errors, {n} warnings in 1 catalog"
    each = run("i18n", "check", "my", "-v").stdout.splitlines()
    assert sum("[check.untranslated]" in x for x in each) == n


def test_texts_missing_from_the_catalog_say_to_update_it(sea: Path, run: Run, tmp_path: Path) -> None:
    """Text changed in the article since the last 'i18n update' is not in the catalog: 'translate
    them in locales/…po' would send the translator to look for entries that are not there."""
    article = sea / "articles" / "walking.md"
    text = article.read_text(encoding="utf-8")
    for old, new in (("Walk for **10 minutes** three", "Walk for **10 minutes**, three"),
                     ("rest when you are tired.", "rest whenever you are tired.")):  # fmt: skip
        text = text.replace(old, new)
    article.write_text(text, encoding="utf-8")
    r = run("render", "walking", "--lang", "km", "-o", str(tmp_path / "a.pdf"))
    assert r.exit_code == 0, r.output
    (line,) = [x for x in r.stderr.splitlines() if "[i18n.untranslated]" in x]
    assert "2 texts are not in the km catalog yet" in line and "run 'handouts i18n update km'" in line, line
    r = run("render", "walking", "--lang", "km", "-o", str(tmp_path / "b.pdf"), "-v")
    each = [x for x in r.stderr.splitlines() if "[i18n.untranslated]" in x]
    assert len(each) == 2 and all("not in the km catalog yet (run 'handouts i18n update km')" in x for x in each)
    assert run("i18n", "update", "km").exit_code == 0  # then they are entries: fuzzy, with their catalog line
    r = run("render", "walking", "--lang", "km", "-o", str(tmp_path / "c.pdf"))
    assert "not in the km catalog" not in r.stderr and "[i18n.fuzzy]" in r.stderr
