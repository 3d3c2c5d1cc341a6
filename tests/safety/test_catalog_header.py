"""A catalog's header under the gate: what `i18n check` refuses in it (Plural-Forms missing,
malformed or wrong for the language; a charset other than UTF-8) a render, a batch job and a
sign-off refuse too, naming the header's line. And the names printed on every page (the
translator, the reviewer) are plain one-line names, at sign-off and when signoff.toml is read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts.cli import app
from handouts.i18n.po import header_problems
from handouts.i18n.signoff import name_problem

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]
ARTICLE = "back-pain-after-surgery"
PO = Path("locales/th/LC_MESSAGES/handouts.po")


def _run(workspace: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "-w", str(workspace)])


def _header(workspace: Path, field: str, value: str | None) -> int:
    """Set (or, with None, remove) a header field of the Thai catalog; returns its line."""
    po = workspace / PO
    text = po.read_text(encoding="utf-8")
    m = re.search(rf'^"{field}: [^"\n]*\\n"\n', text, re.M)
    assert m, field
    line = text[: m.start()].count("\n") + 1
    po.write_text(text[: m.start()] + (f'"{field}: {value}\\n"\n' if value is not None else "") + text[m.end() :],
                  encoding="utf-8")  # fmt: skip
    return line


BROKEN = [
    ("Plural-Forms", None, "po.plural-forms"),
    ("Plural-Forms", "nplurals=2; plural=(n != 1);", "po.plural-forms"),
    ("Plural-Forms", "nplurals=x; plural=;", "po.plural-forms"),
    ("Plural-Forms", "nplurals=1; plural=n +;", "po.plural-forms"),
    ("Plural-Forms", "nplurals=1; plural=n%0;", "po.plural-forms"),  # divides by zero (msgfmt --check refuses it)
    ("Plural-Forms", "nplurals=1; plural=1;", "po.plural-forms"),  # form 1 of a language with one form
    ("Content-Type", "text/plain; charset=ISO-8859-1", "po.encoding"),
    ("Content-Type", "text/plain; charset=tis-620", "po.encoding"),
    ("Content-Type", "text/plain; charset=foo-bar", "po.encoding"),
]


@pytest.mark.parametrize(("field", "value", "code"), BROKEN)
def test_render_batch_check_and_signoff_refuse_a_broken_header_alike(workspace: Path, tmp_path: Path, field: str,
                                                                      value: str | None, code: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "0")  # (--no-cache below sets it for its child processes: undone after)
    line = _header(workspace, field, value)
    check = _run(workspace, "i18n", "check", "th")
    assert check.exit_code == 1 and f"[{code}]" in check.stdout, check.output
    if value is None:  # a missing field: reported on the header's msgid line, by both
        line = int(re.search(r"handouts\.po:(\d+): error: ", check.stdout).group(1))  # type: ignore[union-attr]
    out = tmp_path / "x.pdf"
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(out))
    assert r.exit_code == 1 and not out.exists(), r.output
    assert f"handouts.po:{line}: error:" in r.stderr and f"[{code}]" in r.stderr, r.stderr
    r = _run(workspace, "--no-cache", "render", ARTICLE, "--lang", "th", "-o", str(out))  # the same without the cache
    assert r.exit_code == 1 and not out.exists() and f"[{code}]" in r.stderr
    r = _run(workspace, "batch", "-a", ARTICLE, "-c", "demo", "-l", "th", "-l", "en", "-o", str(tmp_path / "b"))
    assert r.exit_code == 4, r.output
    jobs = {j["lang"]: j for j in json.loads((tmp_path / "b" / "manifest.json").read_text(encoding="utf-8"))["jobs"]}
    assert jobs["th"]["status"] == "failed" and jobs["en"]["status"] == "ok"
    r = _run(workspace, "i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example")
    assert r.exit_code == 1 and f"[{code}]" in r.stderr, r.output


@pytest.mark.parametrize("keep", ["entries", "nothing"])
def test_a_catalog_without_a_header_entry_is_refused_alike(workspace: Path, tmp_path: Path, keep: str) -> None:
    """Without its header entry (msgid "") a catalog has no Plural-Forms either: refused by check,
    render, batch and sign-off (it printed as final, and 'i18n check' said 0 errors)."""
    po = workspace / PO
    text = po.read_text(encoding="utf-8")
    start = text.index('msgid ""')
    po.write_text(text[:start] + text[text.index("\n\n", start) + 2 :] if keep == "entries" else "", encoding="utf-8")
    check = _run(workspace, "i18n", "check", "th")
    # the fix: the line to add; for an empty file, the verb that fills it (not a header line by hand)
    said, fix = (("the header has no Plural-Forms", "nplurals=1; plural=0;") if keep == "entries" else
                 ("the catalog is empty (no header, no entries)", "run 'handouts i18n update th'"))  # fmt: skip
    assert check.exit_code == 1 and f"handouts.po:1: error: {said}" in check.stdout, check.output
    assert fix in check.stdout
    out = tmp_path / "x.pdf"
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(out))
    assert r.exit_code == 1 and not out.exists() and f"handouts.po:1: error: {said}" in r.stderr, r.output
    assert "[po.plural-forms]" in r.stderr
    r = _run(workspace, "batch", "-a", ARTICLE, "-c", "demo", "-l", "th", "-l", "en", "-o", str(tmp_path / "b"))
    assert r.exit_code == 4, r.output
    r = _run(workspace, "i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example")
    assert r.exit_code == 1 and "[po.plural-forms]" in r.stderr, r.output


def test_a_right_header_in_another_spelling_passes(workspace: Path, tmp_path: Path) -> None:
    _header(workspace, "Content-Type", "text/plain; charset=UTF8")
    _header(workspace, "Plural-Forms", "nplurals=1;plural=0")
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(tmp_path / "x.pdf"))
    assert r.exit_code == 0, r.output
    assert _run(workspace, "i18n", "check", "th").exit_code == 0


EN = (2, "nplurals=2; plural=(n != 1);")


@given(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), st.integers(0, 1200), st.booleans())
def test_a_plural_rule_passes_only_when_it_picks_the_languages_forms(op: str, k: int, bracketed: bool) -> None:
    """'nplurals=2; plural=n OP k;' for English: right only where it picks English's form (n != 1)
    for every count msgfmt --check tries (0 to 1000); 'n > 1' (French) gives 0 apples form 0."""
    expr = f"(n {op} {k})" if bracketed else f"n{op}{k}"
    found = header_problems({"plural-forms": f"nplurals=2; plural={expr};"}, EN, "en")
    picks = {"<": int.__lt__, "<=": int.__le__, ">": int.__gt__, ">=": int.__ge__, "==": int.__eq__, "!=": int.__ne__}[op]
    same = all(picks(n, k) == (n != 1) for n in range(1001))
    assert (found == []) == same, (expr, found)
    if not same:
        assert found[0][0] == "po.plural-forms" and "nplurals=2; plural=(n != 1);" in found[0][1]


@given(st.integers(0, 1000))
def test_a_plural_rule_that_divides_by_zero_is_refused_naming_the_count(k: int) -> None:
    found = header_problems({"plural-forms": f"nplurals=1; plural=(n == {k}) ? 1 / (n - {k}) : 0;"},
                            (1, "nplurals=1; plural=0;"), "th")  # fmt: skip
    assert [code for code, _ in found] == ["po.plural-forms"]
    assert f"divides by zero for n={k}" in found[0][1] and "nplurals=1; plural=0;" in found[0][1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(codec="ascii", exclude_characters='\n"\\'), max_size=20))
def test_only_utf8_charsets_pass(charset: str) -> None:
    found = [code for code, _ in header_problems({"plural-forms": "nplurals=1; plural=0;",
                                                  "content-type": f"text/plain; charset={charset}"}, (1, "nplurals=1; plural=0;"))]  # fmt: skip
    name = re.match(r"\s*([^\s;]*)", charset)
    utf8 = name is not None and name.group(1).strip("\"'").lower().replace("_", "-") in ("utf-8", "utf8")
    assert (found == []) == (utf8 or not (name and name.group(1))), (charset, found)


@pytest.mark.parametrize(
    "name",
    ["Dr. A\nCall 1669", "Dr. A 1669", "Dr. **Bold**", "{{ clinic.phone }}", "<script>", "Dr. ๑๖๖๙", "A" * 81,
     "Dr.\tA", "[link](https://x)"],  # fmt: skip
)
def test_an_unprintable_reviewer_name_is_refused_at_signoff(workspace: Path, name: str) -> None:
    r = _run(workspace, "i18n", "signoff", "th", ARTICLE, "--reviewer", name)
    assert r.exit_code == 1 and "--reviewer" in r.stderr, r.output
    assert name_problem(name) is not None


def test_the_translator_does_not_review_their_own_translation(workspace: Path) -> None:
    r = _run(workspace, "i18n", "signoff", "th", ARTICLE, "--reviewer", "demo  translator")
    assert r.exit_code == 1 and "translator" in r.stderr, r.output


@pytest.mark.parametrize("name", ["Dr. Somchai Jaidee", "พญ. สมศรี ใจดี", "Nguyễn Thị Hoa", "O'Brien-Smith, RN"])
def test_real_names_pass(name: str) -> None:
    assert name_problem(name) is None


def test_a_hand_edited_signoff_file_cannot_print_a_number(workspace: Path, tmp_path: Path) -> None:
    assert _run(workspace, "i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example").exit_code == 0
    signoff = workspace / "locales" / "th" / "signoff.toml"
    text = signoff.read_text(encoding="utf-8")
    signoff.write_text(text.replace('reviewer = "Dr. Napat Example"', 'reviewer = "Dr. Napat, call 1669"'),
                       encoding="utf-8")  # fmt: skip
    out = tmp_path / "x.pdf"
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(out))
    assert r.exit_code == 1 and not out.exists() and "signoff.toml" in r.stderr and "reviewer" in r.stderr, r.output


_UNPRINTABLE = st.sampled_from(["\U0001f600", "\u2028", "\u2029", "\u0928", "\U0001d400", "\u0e80\u10d0"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(who=st.sampled_from(["reviewer", "translator"]), bad=_UNPRINTABLE, at=st.integers(min_value=0, max_value=17))
def test_a_hand_edited_name_no_font_draws_is_named_at_its_line(workspace: Path, tmp_path: Path, who: str, bad: str,
                                                               at: int) -> None:  # fmt: skip
    """An emoji or U+2028 in signoff.toml's reviewer (or translator) stopped the render with "no
    shipped font draws U+1F600" naming no file; the --reviewer option let an emoji through too."""
    signoff = workspace / "locales" / "th" / "signoff.toml"
    shipped = (REPO / "locales" / "th" / "signoff.toml").read_text(encoding="utf-8")
    name = {"reviewer": "Dr. Demo Reviewer", "translator": "Demo Translator"}[who]
    edited = name[:at] + bad + name[at:]
    signoff.write_text(shipped.replace(f'{who} = "{name}"', f"{who} = {json.dumps(edited, ensure_ascii=False)}", 1), encoding="utf-8")
    out = tmp_path / "x.pdf"
    out.write_bytes(b"an earlier handout")
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(out))
    line = shipped.splitlines().index(f'{who} = "{name}"') + 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 1 and len(lines) == 1 and "Traceback" not in r.stderr, r.output
    assert f"{Path('locales/th/signoff.toml')}:{line}: {ARTICLE}.{who}: " in lines[0] and "cannot be printed" in lines[0], lines
    assert out.read_bytes() == b"an earlier handout"
    assert name_problem(edited) is not None
    assert _run(workspace, "i18n", "signoff", "th", ARTICLE, "--reviewer", edited).exit_code == 1


def test_a_hand_edited_empty_reviewer_is_no_sign_off(workspace: Path, tmp_path: Path) -> None:
    """reviewer = "" printed the handout as final, "reviewed by  on …": nobody's sign-off."""
    signoff = workspace / "locales" / "th" / "signoff.toml"
    text = signoff.read_text(encoding="utf-8")
    signoff.write_text(text.replace('reviewer = "Dr. Demo Reviewer"', 'reviewer = "  "', 1), encoding="utf-8")
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(tmp_path / "x.pdf"))
    assert r.exit_code == 1 and "signoff.toml:" in r.stderr and "reviewer '  ' cannot be printed: it is empty" in r.stderr, r.output
    assert not (tmp_path / "x.pdf").exists()


def test_a_signoff_file_saved_with_a_bom_or_not_as_utf8(workspace: Path, tmp_path: Path) -> None:
    """Saved by an editor with a BOM it was a TOML syntax error at line 1 (every input takes a
    BOM); saved as Latin-1 it was a codec's message with no line and no fix."""
    signoff = workspace / "locales" / "th" / "signoff.toml"
    text = signoff.read_text(encoding="utf-8")
    signoff.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(tmp_path / "x.pdf"))
    assert r.exit_code == 0 and "draft" not in r.stderr and "unsigned" not in r.stderr, r.output
    signoff.write_bytes(text.encode("utf-8") + b"# caf\xe9\n")
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(tmp_path / "y.pdf"))
    line = text.count("\n") + 1
    assert r.exit_code == 1 and f"signoff.toml:{line}: sign-off file is not valid UTF-8" in r.stderr, r.output
    assert "save the file as UTF-8" in r.stderr and not (tmp_path / "y.pdf").exists()


def test_the_shipped_languages_plural_forms_are_babels() -> None:
    """The table the render's gate reads (no Babel import in a render) says what Babel says."""
    from babel.messages.plurals import get_plural

    from handouts.i18n.languages import LANGUAGES, plural_forms

    for code in LANGUAGES:
        rule = get_plural(code)
        assert plural_forms(code) == (rule.num_plurals, rule.plural_forms), code


def test_catalog_paths_are_named_from_the_workspace_in_a_sub_folder(workspace: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """From a folder of the workspace that does not hold the catalog (articles/), check and the
    render's gate name it from the workspace, as a clinic file is named: it was an absolute path."""
    (workspace / PO).write_text("", encoding="utf-8")
    monkeypatch.chdir(workspace / "articles")
    check = _run(workspace, "i18n", "check", "th")
    assert check.exit_code == 1 and f"\n{PO.as_posix()}:1: error:" in "\n" + check.stdout, check.output
    r = _run(workspace, "render", ARTICLE, "--lang", "th", "-o", str(tmp_path / "x.pdf"))
    assert r.exit_code == 1 and f"{PO.as_posix()}:1: error:" in r.stderr and str(workspace) not in r.stderr, r.output
