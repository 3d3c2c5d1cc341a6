"""Running a batch: one render per distinct handout, a truthful manifest, partial failure, warnings,
incremental skips, --force, Ctrl-C."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from handouts import pipeline
from tests.batch.conftest import ARTICLE, item, jobs_by_output, manifest, overdue_article, run, write_bundle


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_lists_every_job_truthfully(workspace: Path, out: Path) -> None:
    write_bundle(workspace, "b", item(languages='["th", "en"]', copies=3) + item(clinic="riverside", copies=2))
    code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "2")
    assert code == 0, err
    assert stdout.strip() == str(out / "manifest.json")
    assert "3 handouts: 3 ok" in err and "8 copies" in err
    m = manifest(out)
    assert m["complete"] is True and m["interrupted"] is False
    assert m["summary"] == {"jobs": 3, "ok": 3, "warnings": 0, "failed": 0, "skipped": 0, "cancelled": 0, "interrupted": 0, "pending": 0}
    assert m["bundle"]["id"] == "b" and m["bundle"]["paper"] == "A4"
    assert [(j["clinic"], j["lang"], j["copies"]) for j in m["jobs"]] == [
        ("demo", "th", 3),
        ("demo", "en", 3),
        ("riverside", "en", 2),
    ]
    for j in m["jobs"]:
        pdf = out / j["output"]
        assert not Path(j["output"]).is_absolute() and pdf.is_file()
        assert j["output"] == f"{ARTICLE}.{j['clinic']}.{j['lang']}.pdf"
        assert j["article"] == ARTICLE
        assert j["status"] == "ok" and j["warnings"] == [] and j["error"] is None
        assert j["sha256"] == _sha(pdf)
        assert j["pages"] == len(PdfReader(pdf).pages) > 1
        assert 0 < j["seconds"] < 60
        assert len(j["input_hash"]) == 64 and j["title"]
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(j["output"] for j in m["jobs"])
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))


def test_one_render_per_handout_however_many_copies(
    workspace: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str, str | None]] = []
    real = pipeline.render_checked

    def counting(article: str, clinic: str, lang: str | None, ctx: Any, strict: bool) -> Any:
        calls.append((Path(article).stem, Path(clinic).stem, lang))
        return real(article, clinic, lang, ctx, strict)

    monkeypatch.setattr(pipeline, "render_checked", counting)  # --jobs 1 renders in this process
    text = item(languages='["en"]', copies=20) + item(languages='["en", "th"]', copies=5) + item(copies=200)
    write_bundle(workspace, "b", text)
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "1")
    assert code == 0, err
    assert sorted(calls) == [(ARTICLE, "demo", "en"), (ARTICLE, "demo", "th")]
    assert {j["lang"]: j["copies"] for j in manifest(out)["jobs"]} == {"en": 225, "th": 5}
    assert len(list(out.glob("*.pdf"))) == 2


def test_a_failing_job_does_not_stop_the_others_exit_4(workspace: Path, out: Path) -> None:
    """A real failure after validation, through the process pool: --strict refuses a handout with warnings."""
    overdue = overdue_article(workspace)
    write_bundle(workspace, "b", item() + item(article=overdue) + item(clinic="riverside"))
    code, stdout, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "2", "--strict")
    assert code == 4, err
    jobs = jobs_by_output(out)
    bad = jobs[f"{overdue}.demo.en"]
    assert bad["status"] == "failed" and bad["output"] is None and bad["sha256"] is None and bad["pages"] is None
    assert "under --strict" in bad["error"]
    assert any("review was due on 2020-01-01" in w for w in bad["warnings"])
    assert jobs[f"{ARTICLE}.demo.en.pdf"]["status"] == "ok"
    assert jobs[f"{ARTICLE}.riverside.en.pdf"]["status"] == "ok"
    assert not (out / f"{overdue}.demo.en.pdf").exists()
    assert f"failed: {overdue}.demo.en.pdf" in err and "1 failed" in err
    assert manifest(out)["summary"]["failed"] == 1


def test_an_internal_error_in_one_job_is_recorded(workspace: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.render_checked

    def flaky(article: str, clinic: str, lang: str | None, ctx: Any, strict: bool) -> Any:
        if lang == "th":
            raise RuntimeError("boom")
        return real(article, clinic, lang, ctx, strict)

    monkeypatch.setattr(pipeline, "render_checked", flaky)
    write_bundle(workspace, "b", item(languages='["th", "en"]'))
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "1")
    assert code == 4, err
    j = jobs_by_output(out)
    assert j[f"{ARTICLE}.demo.th"]["error"] == "internal error: RuntimeError: boom"
    assert j[f"{ARTICLE}.demo.en.pdf"]["status"] == "ok"


def test_nothing_usable_is_exit_1_and_fail_fast_cancels_the_rest(
    workspace: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("always")

    monkeypatch.setattr(pipeline, "render_checked", broken)
    write_bundle(workspace, "b", item(languages='["th", "en"]') + item(clinic="riverside"))
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "1")
    assert code == 1, err
    assert manifest(out)["summary"]["failed"] == 3
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "1", "--fail-fast")
    assert code == 1
    s = manifest(out)["summary"]
    assert (s["failed"], s["cancelled"]) == (1, 2)
    assert all("--fail-fast" in j["error"] for j in manifest(out)["jobs"] if j["status"] == "cancelled")


def test_warnings_are_recorded_and_still_exit_0(workspace: Path, out: Path) -> None:
    overdue = overdue_article(workspace)
    code, _, err = run("batch", "-a", overdue, "-c", "demo", "-l", "en", "-w", str(workspace), "--out", str(out))
    assert code == 0, err
    j = manifest(out)["jobs"][0]
    assert j["status"] == "warnings" and j["sha256"] == _sha(out / j["output"])
    assert any("content.review-overdue" in w for w in j["warnings"])
    assert "1 with warnings" in err and "review was due" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_clinic_warning_names_the_clinic_file_from_the_workspace(workspace: Path, out: Path, jobs: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    clinic = workspace / "clinics" / "demo.toml"
    text = clinic.read_text(encoding="utf-8")
    clinic.write_text(text.replace("/{article}/{lang}", "/{article}"), encoding="utf-8")  # [brand-qr-no-lang]
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("qr_url"))
    monkeypatch.chdir(workspace / "articles" / "images")  # a sub-folder: no path relative to it helps
    code, _, err = run("batch", "-a", ARTICLE, "-c", "demo", "-l", "en", "-l", "th", "-j", jobs,
                       "-w", str(workspace), "--out", str(out))  # fmt: skip
    assert code == 0, err
    warned = [w for j in manifest(out)["jobs"] for w in j["warnings"] if "brand-qr-no-lang" in w]
    assert len(warned) == 2 and all(w.startswith(f"clinics/demo.toml:{line}: warning:") for w in warned), warned
    assert str(workspace) not in err and f"clinics/demo.toml:{line}: warning:" in err
    assert err.count("[brand-qr-no-lang]") == 1, err  # one cause, one line: said when planned, not per handout


def test_a_warning_of_several_handouts_is_one_line(workspace: Path, out: Path) -> None:
    overdue = overdue_article(workspace)
    code, _, err = run("batch", "-a", overdue, "-c", "demo", "-l", "en", "-l", "th", "-w", str(workspace),
                       "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert all(any("content.review-overdue" in w for w in j["warnings"]) for j in manifest(out)["jobs"])
    said = [ln for ln in err.splitlines() if "content.review-overdue" in ln]
    assert len(said) == 1 and said[0].startswith("2 handouts: "), err


def test_incremental_skip_then_changed_inputs_then_force(workspace: Path, out: Path) -> None:
    args = [
        "batch",
        "-a",
        ARTICLE,
        "-c",
        "demo",
        "-c",
        "riverside",
        "-l",
        "en",
        "-w",
        str(workspace),
        "--out",
        str(out),
    ]
    assert run(*args, "--jobs", "2")[0] == 0
    first = jobs_by_output(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}

    code, _, err = run(*args, "--jobs", "2")
    assert code == 0 and "2 up to date" in err
    again = jobs_by_output(out)
    assert {k: v["status"] for k, v in again.items()} == dict.fromkeys(first, "skipped")
    for k, v in again.items():  # the record is carried over: same file, same facts
        assert (v["sha256"], v["pages"], v["input_hash"]) == (
            first[k]["sha256"],
            first[k]["pages"],
            first[k]["input_hash"],
        )
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == mtimes

    # an input changes (the demo clinic's TOML): only its handout is rendered again
    clinic = workspace / "clinics" / "demo.toml"
    clinic.write_text(clinic.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    # an output is tampered with: it is rendered again too
    (out / f"{ARTICLE}.riverside.en.pdf").write_bytes(b"%PDF-1.4 not really")
    assert run(*args, "--jobs", "2")[0] == 0
    third = jobs_by_output(out)
    assert third[f"{ARTICLE}.demo.en.pdf"]["status"] == "ok"
    assert third[f"{ARTICLE}.demo.en.pdf"]["input_hash"] != first[f"{ARTICLE}.demo.en.pdf"]["input_hash"]
    assert third[f"{ARTICLE}.riverside.en.pdf"]["status"] == "ok"
    assert third[f"{ARTICLE}.riverside.en.pdf"]["sha256"] == _sha(out / f"{ARTICLE}.riverside.en.pdf")

    # nothing changed since: all up to date; --force renders all the same
    assert "2 up to date" in run(*args, "--jobs", "2")[2]
    code, _, err = run(*args, "--jobs", "2", "--force")
    assert code == 0 and "2 ok" in err
    assert {v["status"] for v in jobs_by_output(out).values()} == {"ok"}


def test_template_and_option_changes_invalidate(workspace: Path, out: Path) -> None:
    args = ["batch", "-a", ARTICLE, "-c", "demo", "-l", "en", "-w", str(workspace), "--out", str(out), "-j", "1"]
    assert run(*args)[0] == 0
    h0 = manifest(out)["jobs"][0]["input_hash"]
    template = next(p for p in (workspace / "templates").rglob("*") if p.is_file())
    template.write_bytes(template.read_bytes() + b"\n")
    assert run(*args)[0] == 0
    j = manifest(out)["jobs"][0]
    assert j["status"] == "ok" and j["input_hash"] != h0
    assert run(*args, "--profile", "large")[0] == 0
    assert manifest(out)["jobs"][0]["status"] == "ok"


def test_ctrl_c_in_process_leaves_no_partial_pdf_and_a_true_manifest(
    workspace: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.render_checked
    calls = 0

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_checked", interrupted)
    write_bundle(workspace, "b", item(languages='["th", "en"]') + item(clinic="riverside"))
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "1")
    assert code == 130 and "interrupted" in err
    m = manifest(out)
    assert m["complete"] is False and m["interrupted"] is True
    assert [j["status"] for j in m["jobs"]] == ["ok", "interrupted", "interrupted"]
    assert m["jobs"][1]["error"].startswith("interrupted (Ctrl-C)") and m["jobs"][1]["sha256"] is None
    assert [p.name for p in out.iterdir() if p.suffix in (".pdf", ".tmp")] == [m["jobs"][0]["output"]]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("where", ["in the rename", "while hashing"])
def test_a_stop_while_a_finished_job_is_written_waits_until_its_record_says_so(
    workspace: Path, out: Path, monkeypatch: pytest.MonkeyPatch, where: str, sig: signal.Signals
) -> None:
    """A Ctrl-C or SIGTERM that lands while the second job's PDF is written (in the rename) or
    hashed stops the batch right after that job is recorded: the manifest lists exactly the PDFs
    in the folder (CI once caught a stop between a job's status and its sha256), and the next run
    skips exactly those and redoes the rest."""
    from types import SimpleNamespace

    from handouts import outputs
    from handouts.batch import pool

    seen = 0

    def stop_the_second(at: str) -> None:
        nonlocal seen
        if at == where:
            seen += 1
            if seen == 2:
                os.kill(os.getpid(), sig)

    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        real_replace(src, dst)
        if str(dst).endswith(".pdf"):
            stop_the_second("in the rename")

    def sha256(data: bytes) -> Any:
        stop_the_second("while hashing")
        return hashlib.sha256(data)

    monkeypatch.setattr(outputs.os, "replace", replace)
    monkeypatch.setattr(pool, "hashlib", SimpleNamespace(sha256=sha256))
    write_bundle(workspace, "b", item(languages='["th", "en"]') + item(clinic="riverside"))
    args = ("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "1")
    code, _, err = run(*args)
    assert code == 130 and "interrupted" in err
    m = manifest(out)
    assert [j["status"] for j in m["jobs"]] == ["ok", "ok", "interrupted"]
    by = "SIGTERM" if sig == signal.SIGTERM else "Ctrl-C"
    assert m["jobs"][2]["error"].startswith(f"interrupted ({by})")
    assert {p.name for p in out.glob("*.pdf")} == {j["output"] for j in m["jobs"][:2]}
    for j in m["jobs"][:2]:
        assert j["sha256"] == _sha(out / j["output"])
    monkeypatch.undo()
    assert run(*args)[0] == 0
    assert [j["status"] for j in manifest(out)["jobs"]] == ["skipped", "skipped", "ok"]


def test_sigint_to_a_running_parallel_batch(workspace: Path, out: Path) -> None:
    """A real Ctrl-C (SIGINT) while the pool is busy: exit 130, no temporary or partial file, a valid manifest."""
    text = "".join(item(clinic=c, languages='["th", "en"]') for c in ("demo", "riverside"))
    text += item(article=overdue_article(workspace), languages='["en"]')
    write_bundle(workspace, "b", text)
    cmd = [sys.executable, "-m", "handouts", "batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if any(out.glob("*.pdf")):
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the batch finished before it could be interrupted")
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    if proc.returncode == 0:  # the last job ended between the check above and the signal
        pytest.skip("the batch finished before the interrupt arrived")
    assert proc.returncode == 130, err
    m = manifest(out)
    assert m["interrupted"] is True and m["complete"] is False
    done = {j["output"] for j in m["jobs"] if j["status"] == "ok"}
    statuses = {j["status"] for j in m["jobs"]}
    assert statuses <= {"ok", "interrupted"}
    assert "interrupted" in statuses or len(done) == len(m["jobs"])  # late signal: everything had finished
    for j in m["jobs"]:
        if j["status"] == "ok":
            assert j["sha256"] == _sha(out / j["output"])
    on_disk = {p.name for p in out.iterdir() if p.name != ".handouts-batch.lock"}
    assert on_disk == done | {"manifest.json"}, "only complete PDFs, no temporary files"


def _without_timing(m: dict[str, Any]) -> dict[str, Any]:
    jobs = [{k: v for k, v in j.items() if k != "seconds"} for j in m["jobs"]]
    return {k: v for k, v in m.items() if k not in ("started", "seconds", "jobs")} | {"jobs": jobs}


def test_two_workers_write_the_same_bytes_and_manifest_as_one(workspace: Path, tmp_path: Path) -> None:
    """Outputs and manifest do not depend on the number of workers or the order jobs finish in."""
    write_bundle(workspace, "b", item(languages='["th", "en"]') + item(clinic="riverside", languages='["en", "th"]'))
    folders = {}
    for jobs in ("1", "2"):
        folders[jobs] = tmp_path / f"out-{jobs}"
        code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(folders[jobs]), "--jobs", jobs)
        assert code == 0, err
    one, two = manifest(folders["1"]), manifest(folders["2"])
    assert _without_timing(one) == _without_timing(two)
    assert [j["output"] for j in one["jobs"]] == [f"{ARTICLE}.{c}.{lang}.pdf" for c, lang in
                                                  (("demo", "th"), ("demo", "en"), ("riverside", "en"), ("riverside", "th"))]  # fmt: skip
    for j in one["jobs"]:
        assert (folders["1"] / j["output"]).read_bytes() == (folders["2"] / j["output"]).read_bytes()


def test_a_worker_that_dies_fails_its_job_only(workspace: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-job (out of memory, kill -9): that job is failed in the manifest, the others are rendered."""
    from handouts.batch import workers

    if workers._context(()).get_start_method() != "fork":
        pytest.skip("the workers inherit the patched renderer only when forked")
    real = pipeline.render_checked

    def dying(article: str, clinic: str, lang: str | None, ctx: Any, strict: bool) -> Any:
        if clinic.endswith("riverside.toml") and lang == "th":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(article, clinic, lang, ctx, strict)

    monkeypatch.setattr(pipeline, "render_checked", dying)
    write_bundle(workspace, "b", item(languages='["th", "en"]') + item(clinic="riverside", languages='["th", "en"]'))
    code, _, err = run("batch", "b", "-w", str(workspace), "--out", str(out), "--jobs", "2")
    assert code == 4, err
    jobs = jobs_by_output(out)
    dead = jobs[f"{ARTICLE}.riverside.th"]
    assert dead["status"] == "failed" and dead["error"] == "worker process failed (killed by SIGKILL)"
    ok = [j for j in manifest(out)["jobs"] if j["status"] == "ok"]
    assert len(ok) == 3 and all(j["sha256"] == _sha(out / j["output"]) for j in ok)


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A SIGTERM or Ctrl-C inside an output's atomic write leaves its temporary file behind; the
    interrupted run removes those of its own jobs (and nothing else)."""
    from types import SimpleNamespace

    from handouts.batch import pool
    from handouts.batch.manifest import OutputDir

    leftover = tmp_path / ".a.th.pdf.x1y2z3.tmp"
    other = tmp_path / ".notes.txt.tmp"
    done = tmp_path / "b.th.pdf"
    for f in (leftover, other, done):
        f.write_bytes(b"x")
    records = [SimpleNamespace(job=SimpleNamespace(output=name)) for name in ("a.th.pdf", "b.th.pdf")]
    pool._remove_partial_writes(OutputDir(tmp_path), records)  # type: ignore[arg-type]
    assert not leftover.exists() and other.exists() and done.exists()


def test_a_revoked_or_new_signoff_renders_again(workspace: Path, out: Path) -> None:
    """The sign-off decides final or draft: a handout is not "up to date" once it changed."""
    args = ["batch", "-a", ARTICLE, "-c", "demo", "-l", "th", "-w", str(workspace), "--out", str(out), "-j", "1"]
    assert run(*args)[0] == 0
    assert [(j["status"], j["approval"]) for j in manifest(out)["jobs"]] == [("ok", "final")]
    signoff = workspace / "locales" / "th" / "signoff.toml"
    kept = signoff.read_bytes()
    signoff.unlink()  # the sign-off is revoked
    assert run(*args)[0] == 0
    assert [(j["status"], j["approval"]) for j in manifest(out)["jobs"]] == [("warnings", "draft")]
    signoff.write_bytes(kept)
    assert run(*args)[0] == 0
    assert [(j["status"], j["approval"]) for j in manifest(out)["jobs"]] == [("ok", "final")]


def test_the_frame_catalog_of_an_article_in_its_own_language_is_an_input(workspace: Path, out: Path) -> None:
    """A Thai article printed in Thai takes its frame's strings from the Thai catalog."""
    article = workspace / "articles" / "th-article.md"
    article.write_text("---\ntitle: ปวดหลัง\nlang: th\nauthor: ก\nreviewer: ข\nreviewed: 2026-01-01\n"
                       "next_review: 2099-01-01\nversion: '1'\nsource: ค\n---\n\nพักผ่อนให้เพียงพอ\n", encoding="utf-8")  # fmt: skip
    args = ["batch", "-a", "th-article", "-c", "demo", "-l", "th", "-w", str(workspace), "--out", str(out), "-j", "1"]
    assert run(*args)[0] == 0
    assert manifest(out)["jobs"][0]["status"] in ("ok", "warnings")
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "**กรณีฉุกเฉิน** โทร. %(number)s ทันที"', 'msgstr "**กรณีฉุกเฉิน** โทร. 1669"'),
                  encoding="utf-8")  # fmt: skip
    assert po.read_text(encoding="utf-8") != text
    code, _, err = run(*args)
    assert code == 1 and manifest(out)["jobs"][0]["status"] == "failed", err  # as the render refuses it


def test_a_temporary_file_left_by_a_batch_killed_outright_is_removed_by_the_next(workspace: Path, out: Path) -> None:
    """SIGKILL (or a power cut) inside an output's atomic write leaves its hidden temporary file:
    the next run, holding the folder's lock, removes it, whether it renders that handout again or not."""
    write_bundle(workspace, "b", item(languages='["en", "th"]'))
    args = ("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1")
    assert run(*args)[0] == 0
    outputs = sorted(j["output"] for j in manifest(out)["jobs"])
    (out / outputs[0]).unlink()  # rendered again
    stale = [out / f".{name}.k1ll3d.tmp" for name in (*outputs, "manifest.json")]  # (the manifest's too)
    for path in stale:
        path.write_bytes(b"%PDF-1.7 half")
    code, _, err = run(*args)
    assert code == 0, err
    assert [j["status"] for j in sorted(manifest(out)["jobs"], key=lambda j: j["output"])] == ["ok", "skipped"]
    assert not [p.name for p in stale if p.exists()]
    assert sorted(p.name for p in out.iterdir() if p.name != ".handouts-batch.lock") == [*outputs, "manifest.json"]


def test_a_catalog_entry_edited_renders_only_the_handouts_that_print_it(workspace: Path, tmp_path: Path) -> None:
    """Editing one article's translation renders that article's handouts again, not every handout
    of the language; the one skipped is byte for byte what a fresh render gives. The catalog's
    header and the frame's strings are in every handout: editing them renders all again."""
    other = "spine-surgery-home-care"
    write_bundle(workspace, "b", item(languages='["th"]') + item(article=other, languages='["th"]'))
    out = tmp_path / "out"
    args = ("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1")
    assert run(*args)[0] == 0
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"

    def edit(old: str, new: str) -> dict[str, str]:
        text = po.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        po.write_text(text.replace(old, new), encoding="utf-8")
        code, _, err = run(*args)
        assert code == 0, err
        return {j["article"]: j["status"] for j in manifest(out)["jobs"]}

    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgctxt "{ARTICLE}"') + 2  # the first entry of the article: its msgstr
    assert lines[at].startswith('msgstr "') and lines[at].endswith('"')
    statuses = edit(lines[at], lines[at][:-1] + ' "')  # a space before the closing quote
    assert statuses[other] == "skipped" and statuses[ARTICLE] != "skipped", statuses
    fresh = tmp_path / "fresh"
    assert run("batch", "b", "-w", str(workspace), "--out", str(fresh), "-j", "1", "--force")[0] == 0
    skipped = next(j for j in manifest(out)["jobs"] if j["article"] == other)
    assert skipped["sha256"] == _sha(fresh / skipped["output"]) == _sha(out / skipped["output"])

    statuses = edit('msgstr "ผู้ป่วย:"', 'msgstr "ผู้ป่วย :"')  # a frame string (the notes box)
    assert set(statuses.values()) <= {"ok", "warnings"}, statuses
    statuses = edit('"Last-Translator: ', '"Last-Translator: Somchai ')  # the header: the translator is printed
    assert set(statuses.values()) <= {"ok", "warnings"}, statuses


def test_a_replaced_picture_renders_its_handouts_again(workspace: Path, out: Path) -> None:
    """A picture is an input of its article's handouts: replacing it (or adding its Thai variant,
    ``x.th.svg``) renders them again; before, the batch called the old PDF up to date."""
    article = "spine-surgery-home-care"
    picture = workspace / "articles" / "images" / "spine-wound-dressing.svg"
    assert f"images/{picture.name}" in (workspace / "articles" / f"{article}.md").read_text(encoding="utf-8")
    write_bundle(workspace, "b", item(article=article, languages='["en", "th"]'))
    args = ("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1")
    assert run(*args)[0] == 0
    before = {j["lang"]: j["sha256"] for j in manifest(out)["jobs"]}
    svg = picture.read_text(encoding="utf-8")
    recoloured = re.sub(r'stroke="#?[0-9A-Za-z]+"', 'stroke="#c00000"', svg)
    assert recoloured != svg
    picture.write_text(recoloured, encoding="utf-8")
    assert run(*args)[0] == 0
    jobs = {j["lang"]: j for j in manifest(out)["jobs"]}
    assert {lang: j["status"] != "skipped" for lang, j in jobs.items()} == {"en": True, "th": True}
    assert all(jobs[lang]["sha256"] != before[lang] for lang in before)  # the new picture is in them
    picture.with_name(f"{picture.stem}.th.svg").write_text(svg, encoding="utf-8")  # Thai: the old one again
    assert run(*args)[0] == 0
    jobs = {j["lang"]: j for j in manifest(out)["jobs"]}
    assert (jobs["en"]["status"], jobs["th"]["status"] != "skipped") == ("skipped", True)


def test_signing_off_one_article_renders_only_that_articles_handouts(workspace: Path, out: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Each handout's input is its own article's sign-off, not the language's whole signoff.toml:
    signing off (or revoking) one article renders that article's handouts again, and the other
    article's PDF is left as it was (before, every handout of the language was rendered again)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1797033600")  # 2026-12-12: after the shipped sign-offs
    other = "spine-surgery-home-care"
    write_bundle(workspace, "b", item(languages='["th"]') + item(article=other, languages='["th"]'))
    args = ("batch", "b", "-w", str(workspace), "--out", str(out), "-j", "1")
    assert run(*args)[0] == 0
    untouched = (out / f"{other}.demo.th.pdf").stat().st_mtime_ns
    code, _, err = run("i18n", "signoff", "th", ARTICLE, "--reviewer", "Dr. Napat Example", "-w", str(workspace))
    assert code == 0, err
    assert run(*args)[0] == 0
    jobs = {j["article"]: j for j in manifest(out)["jobs"]}
    assert (jobs[ARTICLE]["status"], jobs[ARTICLE]["approval"]) == ("ok", "final")  # rendered: the new reviewer
    assert jobs[other]["status"] == "skipped", jobs[other]
    assert (out / f"{other}.demo.th.pdf").stat().st_mtime_ns == untouched
    code, _, err = run("i18n", "signoff", "th", other, "--revoke", "--reviewer", "Dr. Napat Example",
                       "--reason", "wrong dose", "-w", str(workspace))  # fmt: skip
    assert code == 0, err
    assert run(*args)[0] == 0
    jobs = {j["article"]: j for j in manifest(out)["jobs"]}
    assert jobs[ARTICLE]["status"] == "skipped" and jobs[other]["approval"] == "draft", jobs


_DAMAGE = st.one_of(
    st.tuples(st.sampled_from(["status", "warnings", "pages", "title", "approval", "sha256", "input_hash", "output"]),
              st.one_of(st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
                        st.integers(), st.floats(allow_nan=False), st.booleans(), st.none()))  # fmt: skip
    .map(lambda kv: lambda job: {**job, kv[0]: kv[1]}),
    st.integers(min_value=1_000, max_value=50_000).map(lambda n: lambda job: "[" * n),  # nested too deep for json
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=_DAMAGE)
def test_a_damaged_manifest_renders_its_handout_again(workspace: Path, tmp_path_factory: pytest.TempPathFactory,
                                                      damage: Any) -> None:  # fmt: skip
    """The previous manifest is read back to skip what is up to date. A job entry edited by hand
    (status [] or {}, warnings 5) or a file '[[[[…' deep ended the next batch with an internal
    error, exit 70; an entry of the wrong types was carried over as it was (pages "many"). Now
    such an entry is not trusted: that handout is rendered again, and the batch goes on."""
    import json

    out = tmp_path_factory.mktemp("out")
    args = ("batch", "-a", ARTICLE, "-c", "demo", "-l", "en", "-w", str(workspace), "--out", str(out))
    assert run(*args)[0] == 0
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    good = dict(data["jobs"][0])
    changed = damage(good)
    text = changed if isinstance(changed, str) else json.dumps({**data, "jobs": [changed]})
    (out / "manifest.json").write_text(text, encoding="utf-8")
    code, _, err = run(*args)
    assert code == 0 and "Traceback" not in err and "internal error" not in err, err
    job = jobs_by_output(out)[good["output"]]
    trusted = isinstance(changed, dict) and all(type(changed[k]) is type(v) and changed[k] == v for k, v in good.items())
    assert job["status"] == ("skipped" if trusted else "ok"), (changed, job)
    assert job["sha256"] == _sha(out / good["output"]) and type(job["pages"]) is int and job["pages"] > 0, job
    assert isinstance(job["warnings"], list) and isinstance(job["title"], str) and job["title"], job


@pytest.mark.parametrize(("cost", "most"), [(0.001, None), (0.05, 2)])
def test_a_costly_manifest_is_written_less_often_mid_batch(workspace: Path, out: Path, monkeypatch: pytest.MonkeyPatch,
                                                           cost: float, most: int | None) -> None:  # fmt: skip
    """The manifest is rewritten every 0.25 s while a batch runs, but never more often than every
    MANIFEST_SHARE times its last writing (it grows with the batch: 11 ms for 1,000 jobs), so it
    keeps to a small share of the batch; the last write lists every job. (A fake clock: 100 jobs
    of 10 ms each.)"""
    import dataclasses
    from types import SimpleNamespace

    from handouts import batch
    from handouts.batch import pool
    from handouts.batch.manifest import Result

    now = [0.0]
    monkeypatch.setattr(pool, "time", SimpleNamespace(perf_counter=lambda: now[0]))

    def render(task: Any) -> Any:
        now[0] += 0.01
        return pool._Outcome(task.index, b"%PDF-1.7 not a real one", 1, "title", (), 0.01, None)

    writes: list[float] = []
    real = Result.write_manifest

    def write(self: Result) -> Path:
        writes.append(now[0])
        now[0] += cost
        return real(self)

    monkeypatch.setattr(pool, "_render_task", render)
    monkeypatch.setattr(Result, "write_manifest", write)
    options = batch.Options(workspace)
    bundle = batch.adhoc_bundle([ARTICLE], ["demo"], ["th"], 1)
    one = batch.plan(bundle, options)[0]
    jobs = [dataclasses.replace(one, output=f"r{k:03d}.{one.output}") for k in range(100)]
    with batch.locked_output(out) as folder:
        result = pool.run(folder, bundle, jobs, options, workers=1)
    assert result.count("ok") == 100 and manifest(out)["summary"]["ok"] == 100
    mid = writes[:-1]  # (the last one is the batch's end)
    gaps = [b - a for a, b in zip(mid, mid[1:])]
    if most is None:  # a cheap manifest: every 0.25 s
        assert len(mid) >= 4 and all(g < 0.25 + 0.02 for g in gaps)
    else:
        assert len(mid) <= most and all(g >= pool.MANIFEST_SHARE * cost for g in gaps)
    assert len(writes) * cost <= 0.1 * now[0] + cost, "the manifest took more than a tenth of the batch"
