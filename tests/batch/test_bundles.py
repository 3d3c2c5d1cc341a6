"""Bundles and bad input: every mistake is one line naming the bundle file, line and key, exit 1,
and nothing is rendered (the output folder is not even created)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts import batch
from handouts.errors import OutputError
from tests.batch.conftest import ARTICLE, item, manifest, run, write_bundle
from tests.conftest import REPO


def test_shipped_waiting_room_bundle_plans_six_handouts(workspace: Path) -> None:
    b = batch.load_bundle(REPO / "bundles" / "waiting-room.toml")
    assert b.paper == "A4" and b.duplex is True and b.separator is False
    jobs = batch.plan(b, batch.Options(workspace))
    got = {(j.article, j.clinic, j.lang): (j.copies, j.output) for j in jobs}
    spine = "spine-surgery-home-care"
    assert got == {
        (ARTICLE, "demo", "th"): (20, f"{ARTICLE}.demo.th.pdf"),
        (ARTICLE, "demo", "en"): (5, f"{ARTICLE}.demo.en.pdf"),
        (ARTICLE, "riverside", "th"): (20, f"{ARTICLE}.riverside.th.pdf"),
        (ARTICLE, "riverside", "en"): (5, f"{ARTICLE}.riverside.en.pdf"),
        (spine, "demo", "th"): (10, f"{spine}.demo.th.pdf"),
        (spine, "demo", "en"): (10, f"{spine}.demo.en.pdf"),
    }
    assert not (REPO / "bundles" / ".keep").exists()


def test_items_naming_the_same_handout_add_their_copies(workspace: Path) -> None:
    path = write_bundle(workspace, "dup", item(languages='["th", "en"]', copies=3) + item(languages='["th"]', copies=4))
    jobs = batch.plan(batch.load_bundle(path), batch.Options(workspace))
    assert [(j.lang, j.copies, j.items) for j in jobs] == [("th", 7, (0, 1)), ("en", 3, (0,))]


def test_a_bundles_languages_are_read_as_the_command_lines_are(workspace: Path) -> None:
    """``languages = ["TH", "en-GB", "tha"]`` were unknown languages, while ``--lang`` takes them: th, en."""
    path = write_bundle(workspace, "spelt", item(languages='["TH", "en-GB"]') + item(languages='["tha"]'))
    jobs = batch.plan(batch.load_bundle(path), batch.Options(workspace))
    assert [(j.lang, j.copies, j.output) for j in jobs] == [("th", 2, f"{ARTICLE}.demo.th.pdf"),
                                                            ("en", 1, f"{ARTICLE}.demo.en.pdf")]  # fmt: skip


def test_languages_default_to_every_language_of_the_article(workspace: Path) -> None:
    path = write_bundle(workspace, "all", f'[[items]]\narticle = "{ARTICLE}"\nclinic = "demo"\n')
    jobs = batch.plan(batch.load_bundle(path), batch.Options(workspace))
    assert sorted(j.lang for j in jobs) == ["en", "km", "lo", "my", "th"] and all(j.copies == 1 for j in jobs)


def _one_line_error(err: str, *needles: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    for n in needles:
        assert n in lines[0], (n, lines[0])


GOOD = item()


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ('[[items]]\narticle = "x\nclinic = "demo"\n', ("bad.toml:2:", "TOML syntax error")),
        ('[bundle]\nname = "x"\nduplx = true\n\n' + GOOD, ("bad.toml:3:", "[bundle].duplx", "did you mean duplex?")),
        ('[bundle]\nduplex = "yes"\n\n' + GOOD, ("bad.toml:2:", "[bundle].duplex", "must be true or false")),
        ('[bundle]\npaper = "A3"\n\n' + GOOD, ("bad.toml:2:", "[bundle].paper", "A4")),
        (GOOD + '[[items]]\narticle = "x"\nclinic = "demo"\ncopy = 2\n', ("bad.toml:10:", "items[2].copy", "copies?")),
        (GOOD.replace("copies = 1", "copies = 0"), ("bad.toml:5:", "items[1].copies", "at least 1")),
        (GOOD.replace("copies = 1", "copies = -3"), ("bad.toml:5:", "items[1].copies", "-3 copies")),
        (GOOD.replace("copies = 1", 'copies = "20"'), ("items[1].copies", "must be a whole number, not a string ('20')")),
        (GOOD.replace("copies = 1", "copies = 2.5"), ("bad.toml:5:", "items[1].copies", "not a decimal number (2.5)")),
        (GOOD + item(article="back-pain-after-surgry"), ("bad.toml:8:", "items[2].article", "did you mean")),
        (item(clinic="demoo"), ("bad.toml:3:", "items[1].clinic", "unknown clinic 'demoo'", "did you mean demo?")),
        (item(languages='["th", "fr"]'), ("bad.toml:4:", "items[1].languages", "unknown language 'fr'", "en, km, lo, my, th")),
        (item(languages='["thh", "th", "de", "enn"]'),  # every unknown one named at once, not one per run
         ("bad.toml:4:", "items[1].languages", "unknown languages 'thh', 'de', 'enn'", "thh → th", "enn → en")),
        (item(languages="[]"), ("items[1].languages", "must not be empty")),
        ('[[items]]\nclinic = "demo"\n', ("bad.toml:1:", "items[1]", "article is missing")),
        ('[bundle]\nname = "x"\n', ("bad.toml", "no [[items]]")),
        ('clinic = "demo"\n' + GOOD, ("bad.toml:1:", "unknown key 'clinic'", "[[items]]")),
    ],
)
def test_bad_bundle_is_one_line_naming_file_and_key(workspace: Path, out: Path, text: str, needles: tuple[str]) -> None:
    write_bundle(workspace, "bad", text)
    code, stdout, err = run("batch", "bad", "-w", str(workspace), "--out", str(out), "--jobs", "2")
    assert code == 1, err
    _one_line_error(err, *needles)
    assert stdout == "" and not out.exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from(["th", "en"]), data=st.data())
def test_a_language_written_twice_in_two_spellings_is_listed_twice(workspace: Path, code: str, data: st.DataObject) -> None:
    """``languages = ["en", "EN"]`` (or ``["th", "tha"]``, ``["th-TH", "th_TH"]``) was read as en twice and
    printed the handout with twice the copies, while ``["en", "en"]`` was an error: it is the same error."""
    spellings = {"th": ["th", "TH", "Th", "tha", "th-TH", "th_TH", "th-th"], "en": ["en", "EN", "eng", "en-GB", "en_US"]}
    first, second = data.draw(st.lists(st.sampled_from(spellings[code]), min_size=2, max_size=2, unique=True))
    path = write_bundle(workspace, "twice", item(languages=f'["{first}", "{second}"]', copies=3))
    with pytest.raises(batch.BundleError) as e:
        batch.plan(batch.load_bundle(path), batch.Options(workspace))
    line = str(e.value)
    assert line.startswith("bundles/twice.toml:4: items[1].languages: "), line
    assert f"{second!r} is listed twice (as {code}, with {first!r})" in line and "\n" not in line, line


@pytest.mark.parametrize("where", ["root", "sub-folder", "outside"])
def test_a_bundle_error_names_the_file_from_the_workspace(workspace: Path, out: Path, tmp_path: Path, where: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The bundle and its item as `bundles/bad.toml:8: items[2].article`, whatever the current folder, and
    the unknown article without the articles folder's absolute path in the middle of the line."""
    write_bundle(workspace, "bad", GOOD + item(article="back-pain-after-surgry"))
    monkeypatch.chdir({"root": workspace, "sub-folder": workspace / "articles", "outside": tmp_path}[where])
    code, _, err = run("batch", "bad", "-w", str(workspace), "--out", str(out))
    assert code == 1
    assert err.startswith("error: bundles/bad.toml:8: items[2].article: unknown article 'back-pain-after-surgry' "
                          "(did you mean"), err  # fmt: skip
    assert str(workspace) not in err


def test_broken_clinic_file_is_reported_through_the_bundle(workspace: Path, out: Path) -> None:
    (workspace / "clinics" / "demo.toml").write_text('[clinic]\nname_th = "x\n', encoding="utf-8")
    write_bundle(workspace, "b", GOOD)
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out))
    assert code == 1
    _one_line_error(err, "b.toml:3:", "items[1].clinic", "demo.toml:2", "TOML syntax error")
    assert not out.exists()


def test_unknown_bundle_suggests_close_ids(workspace: Path, out: Path) -> None:
    code, _, err = run("batch", "waiting-rom", "-w", str(workspace), "--out", str(out))
    assert code == 1
    _one_line_error(err, "unknown bundle 'waiting-rom'", "did you mean waiting-room?")


def test_output_folder_that_is_a_file(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("x")
    write_bundle(workspace, "b", GOOD)
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(target))
    assert code == 1
    _one_line_error(err, "afile", "--out", "is a file, not a folder")
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(target / "sub"))
    assert code == 1
    _one_line_error(err, "--out", "cannot create the output folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_folder(workspace: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    write_bundle(workspace, "b", GOOD)
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(locked))
    assert code == 1
    _one_line_error(err, "--out", "cannot write to the output folder")


def test_unwritable_output_folder_is_checked_by_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoever runs the tests (root ignores permissions), a folder that refuses a file is refused first."""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError) as e:
        batch.prepare_output(tmp_path / "o")
    assert "cannot write to the output folder: Permission denied" in str(e.value)


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--article", ARTICLE, "--clinic", "demo", "--copies", "0"), ("--copies", "at least 1")),
        (("--article", ARTICLE, "--clinic", "demo", "--copies", "10000"), ("--copies", "more than 9999")),
        (("--article", ARTICLE, "--clinic", "demo", "--paper", "A3"), ("--paper", "A3")),
        (("waiting-room", "--paper", "A3"), ("--paper", "A3")),
        # a --lang of nothing: the hint was a bundle file's ('write e.g. languages = ["th", "en"]')
        (("--article", ARTICLE, "--clinic", "demo", "--lang", ""), ("--lang: is empty", "give a language: en")),
    ],
)
def test_bad_adhoc_options(workspace: Path, out: Path, args: tuple[str, ...], needles: tuple[str, ...]) -> None:
    """A bad value of an option is command-line usage, exit 2 as a bad choice is everywhere (it was 1,
    as for a mistake in a bundle file, while --lang and --clinic gave 2)."""
    code, _, err = run("batch", *args, "-w", str(workspace), "--out", str(out))
    assert code == 2, err
    _one_line_error(err, *needles)
    assert "languages =" not in err and not out.exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [(("waiting-room", "--article", ARTICLE), "not both"), ((), "nothing to render"),
     (("waiting-room", "--dry-run"), "--dry-run goes with --print"),
     (("waiting-room", "--printer", "pdf"), "--printer pdf goes with --print")],
    ids=["both", "neither", "dry run alone", "printer alone"],
)  # fmt: skip
def test_options_that_do_not_go_together_are_one_line(workspace: Path, args: tuple[str, ...], needle: str) -> None:
    code, out, err = run("batch", *args, "-w", str(workspace))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1 and needle in err, err


def test_bundle_and_adhoc_options_together_is_a_usage_error(workspace: Path) -> None:
    code, _, err = run("batch", "waiting-room", "--article", ARTICLE, "-w", str(workspace))
    assert code == 2 and "not both" in err
    code, _, err = run("batch", "-w", str(workspace))
    assert code == 2


def test_bundles_in_sub_folders_are_ids_with_their_folder_and_do_not_share_an_output(workspace: Path) -> None:
    """``bundles/ward-3/rack.toml`` is ``ward-3/rack``: found by that id, listed by it, and written to
    ``out/ward-3/rack``, so another ``rack.toml`` in another ward's folder never mixes with it."""
    for ward, lang in (("ward-3", "en"), ("ward-4", "th")):
        (workspace / "bundles" / ward).mkdir()
        (workspace / "bundles" / ward / "rack.toml").write_text(item(languages=f'["{lang}"]'), encoding="utf-8")
    for ward, lang in (("ward-3", "en"), ("ward-4", "th")):
        code, _, err = run("batch", f"{ward}/rack", "-w", str(workspace), "-j", "1")
        assert code == 0, err
        folder = workspace / "out" / ward / "rack"
        data = manifest(folder)
        assert data["bundle"]["id"] == f"{ward}/rack"
        assert [j["output"] for j in data["jobs"]] == [f"{ARTICLE}.demo.{lang}.pdf"]
    code, _, err = run("batch", "ward-5/rack", "-w", str(workspace))
    assert code == 1 and "ward-3/rack" in err and "ward-4/rack" in err, err
    from handouts.workspace.inventory import bundle_ids  # shell completion offers them too

    assert bundle_ids(workspace) == ["waiting-room", "ward-3/rack", "ward-4/rack"]


def test_a_bundles_paths_are_the_workspaces_wherever_the_batch_runs(workspace: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A bundle naming ``clinics/demo.toml`` run from another folder that has a ``clinics/demo.toml`` of
    its own (the repository's root) took that one (a logo outside the workspace: refused), as a path
    on the command line would be; a bundle file in the workspace names the workspace's files."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "clinics").mkdir(parents=True)
    (elsewhere / "articles").mkdir()
    (elsewhere / "clinics" / "demo.toml").write_text('[clinic]\nname = "Not this one"\n', encoding="utf-8")
    (elsewhere / "articles" / f"{ARTICLE}.md").write_text("not an article\n", encoding="utf-8")
    path = write_bundle(workspace, "paths", item(article=f"articles/{ARTICLE}.md", clinic="clinics/demo.toml"))
    monkeypatch.chdir(elsewhere)
    jobs = batch.plan(batch.load_bundle(path), batch.Options(workspace))
    assert [(j.article_path.resolve(), j.clinic_path.resolve(), j.error) for j in jobs] == [
        ((workspace / "articles" / f"{ARTICLE}.md").resolve(), (workspace / "clinics" / "demo.toml").resolve(), None)
    ]
    assert (jobs[0].article, jobs[0].clinic) == (f"articles/{ARTICLE}.md", "clinics/demo.toml")  # as the bundle names them


def test_the_demo_bundle_names_its_keys_itself() -> None:
    """The shipped bundle (copied into every demo workspace) said "Keys: see the docstring of
    handouts/batch.py", a module that no longer exists and that a workspace does not hold: its
    comment now names every key a bundle takes."""
    import re

    from handouts.batch.bundles import _BUNDLE_KEYS, _ITEM_KEYS

    text = (REPO / "bundles" / "waiting-room.toml").read_text(encoding="utf-8")
    comment = " ".join(line for line in text.splitlines() if line.startswith("#"))
    for mentioned in re.findall(r"handouts/[\w/]+\.py", comment):
        assert (REPO / mentioned).is_file(), mentioned
    keys = comment.split("Keys:", 1)[1]
    assert all(re.search(rf"\b{key}\b", keys) for key in [*_BUNDLE_KEYS, *_ITEM_KEYS]), keys
