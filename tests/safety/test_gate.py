"""The translation gate: render and batch refuse a handout whose catalog entries break a rule,
with the same findings as `i18n check`; warnings keep the DRAFT/--strict behaviour."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts.cli import app
from handouts.i18n import numerals, rules
from handouts.i18n.check import check

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"
PO = Path("locales/th/LC_MESSAGES/handouts.po")


@pytest.mark.parametrize(
    ("src", "dst", "template", "code"),
    [
        ("Back pain for 3 months", "ปวดหลังนาน 6 เดือน", False, "check.numbers"),
        ("Back pain for 3 months", "ปวดหลังนาน ๓ เดือน", False, None),  # Thai digits: the same number
        ("Take 3 tablets", "ยา ၃ ခု", False, "check.characters"),  # Burmese digits and letters in the Thai catalog
        ("Take 3 tablets", "ថ្នាំ ៣ គ្រាប់", False, "check.characters"),  # Khmer (the Khmer catalog pasted)
        ("Take 3 tablets", "ຢາ ໓ ເມັດ", False, "check.characters"),  # Lao
        ("Take 3 tablets", "ยา 3 เม็ด (၃)", False, "check.characters"),  # Burmese digits alone
        ("Take 500 mg", "ทาน 500 ก.", False, "check.units"),
        ("for 3 months", "นาน 3 สัปดาห์", False, "check.units"),
        ("Wash your hands for 20 seconds", "ล้างมือนาน 20 นาที", False, "check.units"),  # seconds → minutes
        ("Wash your hands for 20 seconds", "ล้างมือนาน 20 วินาที", False, None),
        ("a fever of 38 °C or higher", "มีไข้ตั้งแต่ 38 องศาฟาเรนไฮต์ขึ้นไป", False, "check.units"),  # not องศา (°C)
        ("a fever of 38 °C or higher", "มีไข้ตั้งแต่ 38 °F ขึ้นไป", False, "check.units"),
        ("a fever of 38 °C or higher", "มีไข้ตั้งแต่ 38 องศาเซลเซียสขึ้นไป", False, None),
        ("about 40% of people", "ราว 40 คน", False, "check.units"),
        ("about 15% to 40% of people", "ราวร้อยละ 15 ถึง 40", False, None),
        # numbers swapped between a unit and none: every 8 hours, 6 tablets a day
        ("Every 6 hours, no more than 8 tablets a day", "ทุก 8 ชั่วโมง ไม่เกินวันละ 6 เม็ด", False, "check.units"),
        ("Every 6 hours, no more than 8 tablets a day", "ทุก 6 ชั่วโมง ไม่เกินวันละ 8 เม็ด", False, None),
        ("for 3 months, 2 tablets", "3 เม็ด นาน 2 เดือน", False, "check.units"),
        ("2 tablets", "2 มก.", False, "check.units"),  # a dose unit the source has not
        ("Take 500 mg", "ทาน 500 เม็ด", False, "check.units"),  # the unit dropped: 500 tablets
        ("for 3 months", "นาน 3 ครั้ง", False, "check.units"),  # 3 times
        ("Every 6 hours", "ทุก 6 ชม", False, None),  # Thai's own abbreviations: ชม (hours), ขวบ (years of a child)
        ("a child aged 5 years", "เด็กอายุ 5 ขวบ", False, None),
        ("a fever of 38 °C", "มีไข้ 38 °ซ.", False, None),
        ("Take 5-10 mg", "ทาน 5 มก. 10 ครั้ง", False, "check.units"),  # a range's unit dropped from one end
        ("a fever of 38 °C", "มีไข้ 38", False, "check.units"),
        ("aged 65, for 3 years", "อายุ 65 ปี นาน 3 ปี", False, None),  # a unit written twice: not a swap
        ("every 6-8 hours", "ทุก 6 ชั่วโมง ถึง 8 ชั่วโมง", False, None),  # a range shares its unit
        ("every 6 to 8 hours", "ทุก 6-8 ชั่วโมง", False, None),
        ("Rest for a day", "พักผ่อน 1 วัน", False, "check.numbers"),  # a number added
        ("2 tablets", "2 เม็ด 2 ครั้ง", False, "check.numbers"),
        ("2 tablets", "2½ เม็ด", False, "check.numbers"),  # a fraction added: 2.5 tablets
        ("2 tablets", "2² เม็ด", False, "check.numbers"),  # a superscript digit
        ("Take 1/2 tablet", "ทาน 2/1 เม็ด", False, "check.numbers"),  # a fraction turned over
        ("below 120/80 mmHg", "ต่ำกว่า 80/120 มม.ปรอท", False, "check.numbers"),
        ("Take ½ tablet", "ทาน ½ เม็ด", False, None),  # the source's number written again: a dose changed
        ("Take 2 tablets 2 times", "ทาน 2 เม็ด วันละสองครั้ง", False, "check.number-word"),  # the second 2 as a word
        ("Back pain for 3 months", "ปวดหลังนานสามเดือน", False, "check.number-word"),  # a warning
        # a count written as a Thai word before a counter (ครั้ง times, เม็ด tablets, วัน days) is a number
        ("Take 2 tablets", "ทาน 2 เม็ด สองครั้ง", False, "check.numbers"),  # 2 tablets, twice
        ("Once a day, after breakfast", "วันละสองครั้ง หลังอาหารเช้า", False, "check.numbers"),  # twice a day
        ("Take it twice a day", "ทานวันละสามครั้ง", False, "check.numbers"),
        ("Take it twice a day", "ทานวันละสองครั้ง", False, None),  # the source's own word
        ("for the first two weeks", "ในช่วงสองสัปดาห์แรก", False, None),
        ("if you have any of these", "ถ้ามีอาการข้อใดข้อหนึ่ง", False, None),  # หนึ่ง "one of": no count
        # a number the source writes as an English word: in digits or words (in Thai; a warning: read from words)
        ("Take 2 tablets twice a day", "ทาน 2 เม็ด วันละ 2 ครั้ง", False, None),
        ("Take it twice a day", "ทานวันละครั้ง", False, "check.english-number"),  # once a day
        ("for the first two weeks", "ในช่วง 2 สัปดาห์แรก", False, None),
        ("for the first two weeks", "ในช่วงสัปดาห์แรก", False, "check.english-number"),
        ("tape all four sides", "ติดเทปให้ครบทั้งสี่ด้าน", False, None),
        ("Take one tablet", "ทาน 1 เม็ด", False, None),
        ("Take one tablet", "ทานยา", False, None),  # (one: also "a")
        # the letters of a number word inside another word are no number: the source's number is left out
        ("Do not take more than 5 tablets a day", "ห้ามทานยาเกินขนาด", False, "check.numbers"),  # ห้าม, not ห้า 5
        ("You may shower 3 days after surgery", "คุณสามารถอาบน้ำได้หลังผ่าตัด", False, "check.numbers"),  # สามารถ (can)
        ("Sit for 9 minutes", "นั่งบนเก้าอี้", False, "check.numbers"),  # เก้าอี้ (a chair), not เก้า 9
        ("Wait 21 days", "รอยี่สิบเอ็ดวัน", False, "check.number-word"),  # ยี่สิบ + เอ็ด: 21, as words
        ("See [our site](https://a.org)", "ดู [เว็บ](https://b.org)", False, "check.link"),
        ("See our site", "ดูที่ www.example.com", False, "check.link"),
        ("See [our site](https://a.org)", "ดูเว็บของเรา", False, "check.link"),
        ("See [the video](https://a.org/Wound-Care)", "ดู[วิดีโอ](https://a.org/wound-care)", False, "check.link"),  # the path's case
        ("See [the video](https://a.org/Wound-Care)", "ดู[วิดีโอ](https://A.ORG/Wound-Care/)", False, None),
        ("See www.A.org/X", "ดู www.a.org/X", False, None),
        ("A **warning** here", "คำเตือน ที่นี่", False, "check.markup"),
        ("A warning here", "*คำเตือน* ที่นี่", False, "check.markup"),
        ("Plain", "<b>ตัวหนา</b>", False, "check.smuggled"),
        ("Plain", "{{ clinic_name }}", False, "check.smuggled"),
        ("Written by %(author)s", "เขียนโดย", True, "check.placeholder"),
        ("Written by %(author)s", "เขียนโดย %(writer)s", True, "check.placeholder"),
        ("Written by %(author)s", "เขียนโดย %(author)s %(phone)s", True, "check.placeholder"),
        ("DRAFT · %(percent)s%% translated", "ร่าง %(percent)s% แปลแล้ว", True, "check.placeholder"),
        ("%(n)d tablets", "%(n)d เม็ด", True, None),  # a number placeholder: a valid format string
        ("%(dose).1f mg", "%(dose).1f มก.", True, None),
        ("Call 02 123 4567", "โทร 4567 123 02", False, "check.numbers"),  # a phone number's groups reordered
        ("Call 02 123 4567 or 02 765 4321", "โทร 02 123 4321 หรือ 02 765 4567", False, "check.numbers"),  # swapped
        ("Call +66 2 123 4567", "โทร 66 2 123 4567", False, "check.numbers"),  # its + dropped
        ("Call 02 123 4567", "โทร ๐๒-๑๒๓-๔๕๖๗", False, None),
        ("**In an emergency** call %(number)s.", "**ฉุกเฉิน** โทร 1669", True, "check.phone"),
        ("**In an emergency** call %(number)s.", "**ฉุกเฉิน** โทร %(number)s หรือ 02-123-4567", True, "check.phone"),
        ("Page {page} of {pages}", "หน้า {page} จาก {pages} {", True, "check.placeholder"),  # a stray brace
        ("Page {page} of {pages}", "หน้า {page}} จาก {pages}", True, "check.placeholder"),
        ("Page {page} of {pages}", "{pages} หน้า, หน้าที่ {page}", True, None),
        ("Take it after food", "กิน\tหลังอาหาร", False, "check.characters"),  # a TAB: the render cannot draw it
        ("Take it after food", "กินหลังอาหาร\x07", False, "check.characters"),
        ("Paracetamol 500 mg", "พาราเซตามอล ５００ มก.", False, "check.characters"),  # fullwidth digits
        ("Take it after food", "กินหลังอาหาร 😀", False, "check.characters"),
        ("Take it\nafter food", "กิน\nหลังอาหาร", False, None),  # a line break is text
        ("Take it after food", "กินหลังอาหาร " * 60, False, "check.length"),  # pasted 60 times
        ("Note", "หมายเหตุ " + "ก" * 300, True, None),  # a short label has its slack
        # Markdown an entry cannot hold (the inline text of one block): printed as typed
        ("Take 2 tablets", "# กิน 2 เม็ด", False, "check.smuggled"),
        ("Take 2 tablets", "กิน 2 เม็ด\n\n#### ข้อควรระวัง", False, "check.smuggled"),
        ("Take 2 tablets", "> [!CAUTION]\n> กิน 2 เม็ด", False, "check.smuggled"),
        ("Take 2 tablets", "กิน ![ยา](images/pill.png) 2 เม็ด", False, "check.smuggled"),
        ("Take 2 tablets", "กิน 2 เม็ด\n```", False, "check.smuggled"),
        ("Take 2 tablets", "กิน 2 เม็ด <!-- ตรวจอีกครั้ง -->", False, "check.smuggled"),
        ("**Questions?** Call us", "<!-- x --> **หากมีข้อสงสัย** โทร", True, "check.smuggled"),
        ("Fever of 38 °C or higher", "> 38 °ซ.", False, None),  # a ">" alone is text, not a quote
        ("Wash #2 and #3", "ล้าง #2 และ #3", False, None),  # no heading: not at a line start, no space
        ("3. Scar tissue", "3. พังผืด", False, None),
    ],
)
def test_one_rule_per_case(src: str, dst: str, template: bool, code: str | None) -> None:
    from handouts.typesetting.fonts import undrawable  # (as the render's gate asks)

    found = rules.problems(src, dst, "th", template=template, undrawable=undrawable)
    if code is None:
        assert found == []
    else:
        assert code in [p.code for p in found], found
        p = next(p for p in found if p.code == code)
        assert p.message and p.hint  # what differs and how to fix it
        severity = "warning" if code in ("check.number-word", "check.english-number") else "error"
        assert p.severity == severity


def _set_msgstr(po: Path, msgid_start: str, new: str, *, context: str | None = ARTICLE) -> int:
    """Replace the msgstr of the entry whose msgid starts with ``msgid_start``; returns its line."""
    lines = po.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f'msgid "{msgid_start}'):
            ctx = lines[i - 1] if i else ""
            if (context is None) != (not ctx.startswith("msgctxt")):
                continue
            assert lines[i + 1].startswith("msgstr ")
            lines[i + 1] = "msgstr " + json.dumps(new, ensure_ascii=False)
            po.write_text("\n".join(lines), encoding="utf-8")
            return i + 2
    raise AssertionError(msgid_start)


MUTATIONS = [
    ("3. Scar Tissue", "4. พังผืดและการเชื่อมกระดูกไม่ติด", ARTICLE),
    ("**Chronic Pain After Spinal Surgery", "**ภาวะปวด** นานกว่า 6 เดือน ราว 15% ถึง 40% *FBSS*", ARTICLE),
    ("**In an emergency**", "**กรณีฉุกเฉิน** โทร 1669", None),
    ("Written by", "เขียนโดย %(writer)s", None),
    ("This article explores", "ดูที่ [เว็บ](https://evil.example.org) บทความนี้", ARTICLE),
    ("Back surgery is often", "การผ่าตัดหลัง\tมักถูกมองว่าเป็นทางออก", ARTICLE),  # a TAB: named here, not by the layout
]


def test_render_refuses_and_agrees_with_check(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    po = workspace / PO
    lines = {_set_msgstr(po, start, new, context=ctx) for start, new, ctx in MUTATIONS}
    out = tmp_path / "x.pdf"
    out.write_bytes(b"old")
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-o", str(out)])
    assert r.exit_code == 1, r.output
    assert out.read_bytes() == b"old"  # nothing written, the old output untouched
    shown = [ln for ln in r.stderr.splitlines() if re.match(rf"{re.escape(str(PO))}:\d+: error: ", ln)]
    assert {int(ln.split(":")[1]) for ln in shown} == lines  # one line per finding, every mutated entry
    assert all(" — \"" in ln and ln.endswith("]") and "(" in ln for ln in shown)  # first words, fix, code
    assert "Traceback" not in r.stderr
    # i18n check finds exactly the same errors for these entries
    report = [str(f) for f in check(workspace).findings if f.is_error]
    assert sorted(report) == sorted(shown)


def test_no_override_strict_or_not(workspace: Path, tmp_path: Path) -> None:
    _set_msgstr(workspace / PO, "3. Scar Tissue", "4. พังผืด")
    for extra in ([], ["--strict"]):
        r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", "-", *extra])
        assert r.exit_code == 1 and not r.stdout_bytes.startswith(b"%PDF")
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "en", "-w", str(workspace), "-o", str(tmp_path / "en.pdf")])
    assert r.exit_code == 0  # the way out: the source language


def test_warnings_keep_draft_and_strict(workspace: Path, tmp_path: Path) -> None:
    _set_msgstr(workspace / PO, "3. Scar Tissue", "สาม. พังผืดและการเชื่อมกระดูกไม่ติด")
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "a.pdf")])
    assert r.exit_code == 0 and "[check.number-word]" in r.stderr
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "--strict", "-w", str(workspace), "-o", str(tmp_path / "b.pdf")])
    assert r.exit_code == 3 and not (tmp_path / "b.pdf").exists()


def test_fuzzy_unsafe_entry_is_not_used(workspace: Path, tmp_path: Path) -> None:
    po = workspace / PO
    line = _set_msgstr(po, "3. Scar Tissue", "4. พังผืด")
    lines = po.read_text(encoding="utf-8").split("\n")
    lines.insert(line - 3 if lines[line - 3].startswith("msgctxt") else line - 2, "#, fuzzy")
    po.write_text("\n".join(lines), encoding="utf-8")
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "a.pdf")])
    assert r.exit_code == 0, r.output
    assert "[i18n.fuzzy]" in r.stderr


def test_batch_fails_only_the_unsafe_job(workspace: Path, tmp_path: Path) -> None:
    _set_msgstr(workspace / PO, "3. Scar Tissue", "4. พังผืด")
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", "-a", ARTICLE, "-c", "demo", "-l", "th", "-l", "en", "-w", str(workspace),
                            "--out", str(out), "--jobs", "1"])  # fmt: skip
    assert r.exit_code == 4, r.output
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    by_lang = {j["lang"]: j for j in m["jobs"]}
    assert by_lang["en"]["status"] == "ok" and by_lang["th"]["status"] == "failed"
    assert "check.numbers" in by_lang["th"]["error"] and by_lang["th"]["findings"][0]["code"] == "check.numbers"
    assert not any(p.name.endswith(".th.pdf") for p in out.iterdir())


def test_sigterm_stops_workers_and_the_next_run_redoes_the_rest(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "handouts", "batch", "-a", ARTICLE, "-c", "demo", "-c", "riverside",
           "-l", "th", "-l", "en", "--copies", "1", "-w", str(workspace), "--out", str(out), "--jobs", "2", "--force"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not any(out.glob("*.pdf")):
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the batch finished before it could be stopped")
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the batch finished before SIGTERM arrived")
    assert proc.returncode == 130, err
    time.sleep(0.5)
    for pid in children:  # no worker left running
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    statuses = [j["status"] for j in m["jobs"]]
    assert set(statuses) <= {"ok", "interrupted"} and m["interrupted"] is True
    assert not [p for p in out.iterdir() if p.suffix == ".tmp"]
    done = {j["output"] for j in m["jobs"] if j["status"] == "ok"}
    r = runner.invoke(app, ["batch", "-a", ARTICLE, "-c", "demo", "-c", "riverside", "-l", "th", "-l", "en",
                            "-w", str(workspace), "--out", str(out), "--jobs", "1"])  # fmt: skip
    assert r.exit_code == 0, r.output
    m2 = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for j in m2["jobs"]:
        assert j["status"] == ("skipped" if j["output"] in done else "ok")


def test_a_character_no_font_draws_in_a_translation_is_refused_with_the_catalogs_line(workspace: Path,
                                                                                     tmp_path: Path) -> None:  # fmt: skip
    """The render's gate asks the typesetter what no shipped font draws, and ``i18n check`` the shipped
    table of it (it loads no fonts; it let these through): both name the catalog's line, not the
    article's, before anything is laid out."""
    line = _set_msgstr(workspace / PO, "Back surgery is often", "การผ่าตัดหลัง ５ ครั้ง 😀")
    said = [f.message for f in check(workspace).findings if f.line == line and f.code == "check.characters"]
    assert len(said) == 1 and "U+FF15" in said[0] and "U+1F600" in said[0], said
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: no shipped font draws U+FF15" in r.stderr and "U+1F600" in r.stderr, r.stderr
    assert "[check.characters]" in r.stderr


@pytest.mark.parametrize("label", ["คำเตือน 2", "**คำเตือน**", "<b>คำเตือน</b>", "[คำเตือน](https://evil.example)"])
def test_a_callout_label_check_refuses_is_refused_by_render_and_batch(workspace: Path, tmp_path: Path,
                                                                      label: str) -> None:  # fmt: skip
    """The callout labels (templates/callouts.j2) are frame strings: the gate vets them as `i18n check` does."""
    line = _set_msgstr(workspace / PO, "Warning", label, context=None)
    assert any(f.line == line and f.is_error for f in check(workspace).findings)
    article = "spine-surgery-home-care"  # its red flags are a [!WARNING] box
    r = runner.invoke(app, ["render", article, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: " in r.stderr and "[i18n.untranslated]" not in r.stderr, r.stderr
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", "-a", article, "-c", "demo", "-l", "th", "-w", str(workspace), "--out", str(out),
                            "--jobs", "1"])  # fmt: skip
    assert r.exit_code == 1, r.output  # its only job failed
    job = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["jobs"][0]
    assert job["status"] == "failed" and job["findings"][0]["line"] == line, job


def test_a_whitespace_draft_label_still_prints_the_draft_mark(workspace: Path, tmp_path: Path) -> None:
    """A translation that is only whitespace is untranslated (check.empty): the frame shows the source,
    so a changed (draft) handout keeps its DRAFT text and diagonal mark instead of printing none."""
    from handouts.pipeline import RenderContext, build_handout, resolve

    _set_msgstr(workspace / PO, "DRAFT · not reviewed", " ", context=None)
    ctx = RenderContext(workspace=workspace)
    article, brand = resolve(ARTICLE, "demo", ctx)
    h = build_handout(article, brand, "th", ctx)
    assert not h.approval.final
    assert h.chrome.draft.startswith("DRAFT · not reviewed"), h.chrome.draft
    assert "i18n.untranslated" in ctx.diagnostics.codes()


def test_a_number_written_again_is_refused_by_render(workspace: Path, tmp_path: Path) -> None:
    """"2 tablets" → "2 เม็ด 2 ครั้ง" (2 tablets, 2 times) adds a number though every number is the source's."""
    line = _set_msgstr(workspace / PO, "2 tablets", "2 เม็ด 2 ครั้ง", context="spine-surgery-home-care")
    r = runner.invoke(app, ["render", "spine-surgery-home-care", "--lang", "th", "-w", str(workspace), "-o",
                            str(tmp_path / "x.pdf")])  # fmt: skip
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: numbers differ: the source has 2 once, the translation twice" in r.stderr


def test_numbers_swapped_between_units_are_refused_by_render(workspace: Path, tmp_path: Path) -> None:
    """"Every 6 hours, no more than 8 tablets a day" → "every 8 hours, no more than 6": the numbers are
    the source's, but the dose interval changed."""
    line = _set_msgstr(workspace / PO, "Every 6 hours", "ทุก 8 ชั่วโมง **ไม่เกินวันละ 6 เม็ด**",
                       context="spine-surgery-home-care")  # fmt: skip
    assert any(f.line == line and f.code == "check.units" for f in check(workspace).findings)
    r = runner.invoke(app, ["render", "spine-surgery-home-care", "--lang", "th", "-w", str(workspace), "-o",
                            str(tmp_path / "x.pdf")])  # fmt: skip
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: the unit of 6 differs" in r.stderr, r.stderr


def test_a_character_no_font_draws_in_a_frame_translation_is_named_with_the_catalogs_line(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """With the cache (the default) as without it: the frame's gate asks the typesetter too."""
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "0")  # (--no-cache sets it in this process: restored afterwards)
    line = _set_msgstr(workspace / PO, "This handout is general information.", "😀 เอกสารนี้เป็นความรู้ทั่วไป",
                       context=None)  # fmt: skip
    for extra in ([], ["--no-cache"]):
        r = runner.invoke(app, [*extra, "render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o",
                                str(tmp_path / "x.pdf")])  # fmt: skip
        assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
        assert f"handouts.po:{line}: error: no shipped font draws U+1F600" in r.stderr, (extra, r.stderr)


def test_smuggled_syntax_in_a_fuzzy_frame_translation_is_refused_as_by_check(workspace: Path, tmp_path: Path) -> None:
    """Smuggled syntax is an error in a fuzzy entry too (docs/errors.md): for the frame's strings as for the article's."""
    po = workspace / PO
    line = _set_msgstr(po, "**In an emergency**", "**กรณีฉุกเฉิน** โทร. %(number)s {{ x }}", context=None)
    po.write_text(po.read_text(encoding="utf-8").replace('#, python-format\nmsgid "**In an emergency**',
                                                         '#, fuzzy, python-format\nmsgid "**In an emergency**'),
                  encoding="utf-8")  # fmt: skip
    errors = [str(f) for f in check(workspace).findings if f.is_error]
    assert [f"{PO}:{line}: error: " in e and "[check.smuggled]" in e for e in errors] == [True], errors
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: the translation contains '{{{{'" in r.stderr, r.stderr


def test_a_number_written_fewer_times_is_refused_by_check_render_and_batch(workspace: Path, tmp_path: Path) -> None:
    """"2 tablets 2 times a day" → "2 เม็ด วันละครั้ง" (once a day): every number of the source is there,
    but one of its two 2s is left out; check, render, --strict and batch refuse it alike."""
    article = "spine-surgery-home-care"
    md = workspace / "articles" / f"{article}.md"
    md.write_text(md.read_text(encoding="utf-8").replace("| 2 tablets |", "| 2 tablets 2 times a day |"),
                  encoding="utf-8")  # fmt: skip
    po = workspace / PO
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "2 tablets"\nmsgstr "2 เม็ด"',
                                                         'msgid "2 tablets 2 times a day"\nmsgstr "2 เม็ด วันละครั้ง"'),
                  encoding="utf-8")  # fmt: skip
    line = po.read_text(encoding="utf-8").split("\n").index('msgstr "2 เม็ด วันละครั้ง"') + 1
    message = f"handouts.po:{line}: error: numbers differ: the source has 2 twice, the translation once"
    assert [f.code for f in check(workspace).findings if f.line == line and f.is_error] == ["check.numbers"]
    for extra in ([], ["--strict"]):
        r = runner.invoke(app, ["render", article, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf"),
                                *extra])  # fmt: skip
        assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
        assert message in r.stderr, r.stderr
    r = runner.invoke(app, ["batch", "-a", article, "-c", "demo", "-l", "th", "-w", str(workspace), "--out",
                            str(tmp_path / "out"), "--jobs", "1"])  # fmt: skip
    assert r.exit_code == 1, r.output
    job = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["jobs"][0]
    assert job["status"] == "failed" and job["findings"][0]["line"] == line, job


def test_a_phone_number_regrouped_in_article_text_is_refused_by_render(workspace: Path, tmp_path: Path) -> None:
    """The ward's number 02 123 4567 written 4567 123 02: every number is the source's, the phone number is not."""
    article = "spine-surgery-home-care"
    text = ("ดู[วิดีโอสอนวิธีเปลี่ยนผ้าปิดแผล](https://demo-clinic.example/wound-care)ของเรา หากมีคำถาม "
            "โทรหาพยาบาลประจำหอผู้ป่วยได้ที่ [4567 123 02](tel:+6621234567)")  # fmt: skip
    line = _set_msgstr(workspace / PO, "Watch [our video", text, context=article)
    assert [f.code for f in check(workspace).findings if f.line == line and f.is_error] == ["check.numbers"]
    r = runner.invoke(app, ["render", article, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: numbers differ: the source has the phone number 02 123 4567" in r.stderr


@pytest.mark.parametrize(("msgid", "msgstr", "code", "message"), [
    ("Once a day, before breakfast", "วันละครั้ง หลังอาหารเช้า", "check.meal-timing",
     "the source says 'before breakfast' (before meals), the translation after meals (หลังอาหาร)"),
    ("At bedtime", "ตอนเช้า", "check.time-of-day", "the source says 'At bedtime' (in the evening or at night), "
     "the translation in the morning (เช้า)"),
    ("Once a day, after breakfast", "สัปดาห์ละครั้ง หลังอาหารเช้า", "check.frequency",
     "how often differs: the source says 'a day' (a day), the translation a week (สัปดาห์ละ)"),
    ("Omeprazole 20 mg", "แลนโซพราโซล 20 มก.", "check.medicine",
     "the translation names a medicine the source does not: แลนโซพราโซล (lansoprazole)"),
])  # fmt: skip
def test_a_medicine_table_row_changed_in_meaning_is_refused_by_render(workspace: Path, tmp_path: Path, msgid: str,
                                                                      msgstr: str, code: str, message: str) -> None:  # fmt: skip
    """The home-care handout's medicine table, each row's translation changed in what it says but not in its
    numbers (omeprazole after breakfast, the senna in the morning, a daily capsule weekly, another medicine):
    every rule of numbers passed it, and it printed. Now each is refused by check and by render, naming
    the line."""
    article = "spine-surgery-home-care"
    line = _set_msgstr(workspace / PO, msgid, msgstr, context=article)
    assert [f.code for f in check(workspace).findings if f.line == line and f.is_error] == [code]
    r = runner.invoke(app, ["render", article, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: {message}" in r.stderr, r.stderr


def test_a_number_dropped_beside_a_word_holding_a_number_words_letters_is_refused(workspace: Path,
                                                                                 tmp_path: Path) -> None:  # fmt: skip
    """"You may shower 3 days after surgery" → "คุณสามารถอาบน้ำ…" ("you can shower", the 3 days gone): สามารถ
    ("can") was read as สาม (3) written as a word, a warning, and the handout printed without the 3 days."""
    article = "spine-surgery-home-care"
    text = ("คุณสามารถอาบน้ำด้วยฝักบัวได้หลังผ่าตัด โดยห่อผ้าปิดแผลด้วยพลาสติกให้มิดชิด ห้ามแช่น้ำในอ่างหรือว่ายน้ำ"
            "จนกว่าแพทย์จะบอกว่าแผลหายดีแล้ว ซึ่งมักใช้เวลาประมาณ 2 สัปดาห์")  # fmt: skip
    line = _set_msgstr(workspace / PO, "You may shower", text, context=article)
    assert [f.code for f in check(workspace).findings if f.line == line] == ["check.numbers"]
    r = runner.invoke(app, ["render", article, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: numbers differ: the source has 3, the translation has not" in r.stderr


@pytest.mark.parametrize("unit", sorted(u for u in numerals.UNIT_WORDS if u != "%"))
def test_a_unit_dropped_in_thai_is_refused(unit: str) -> None:
    """Each unit of the source, written in Thai by each of its Thai words, passes; the number kept with
    a word that is no unit (เม็ด tablets, ครั้ง times, ช้อน spoons) or with nothing is refused."""
    english = numerals.UNIT_WORDS[unit][0]
    thai = [w for w in numerals.UNIT_WORDS[unit] if not w.isascii()]
    src = f"Take it for 12 {english} after meals"
    for word in thai:
        assert rules.check_pair(src, f"ทานนาน 12 {word} หลังอาหาร", "th", template=False) == [], word
    for other in ("เม็ด", "ครั้ง", "ช้อน", ""):
        found = rules.check_pair(src, f"ทานนาน 12 {other} หลังอาหาร", "th", template=False)
        assert [c for _, c, _ in found] == ["check.units"], (other, found)
    # in Burmese, Khmer and Lao a number with no unit word at all is refused when its unit is a dose's
    # (mg, ml, IU…: their words are all in numerals.SEA_UNIT_WORDS), not otherwise (a unit may be written in
    # a way the tables lack); a unit word known to be another unit is refused
    found = rules.check_pair(src, "ထမင်းစားပြီး ၁၂", "my", template=False)
    assert [c for _, c, _ in found] == (["check.units"] if unit in numerals.DOSE_UNITS else []), found


@pytest.mark.parametrize(("src", "dst", "refused"), [
    ("Give 10 mg/kg twice a day", "ให้ 10 มก./ก. วันละ 2 ครั้ง", True),  # per gram: a thousand times the dose
    ("Give 10 mg/kg twice a day", "ให้ 10 มก. วันละ 2 ครั้ง", True),  # per body weight dropped
    ("Give 10 mg twice a day", "ให้ 10 มก./กก. วันละ 2 ครั้ง", True),  # per body weight added
    ("Syrup 5 mg per ml", "ยาน้ำ 5 มก. ต่อ ก.", True),
    ("Give 10 mg/kg twice a day", "ให้ 10 มก./กก. วันละ 2 ครั้ง", False),
    ("Give 10 mg/kg twice a day", "ให้ 10 มิลลิกรัม ต่อ กิโลกรัม วันละ 2 ครั้ง", False),
    ("Syrup 5 mg per ml", "ยาน้ำ 5 มก./มล.", False),
    ("Take 500 mg/day", "วันละ 500 มก.", False),  # per day: not a unit of its own (วันละ says it)
    ("Syrup 125 mg/5 ml", "ยาน้ำ 125 มก./5 มล.", False),
])  # fmt: skip
def test_a_dose_per_weight_or_volume_keeps_what_it_is_per(src: str, dst: str, refused: bool) -> None:
    """Only the unit right after a number was compared: "10 mg/kg" → "10 มก./ก." (per gram) passed."""
    found = [c for _, c, _ in rules.check_pair(src, dst, "th", template=False)]
    assert found == (["check.units"] if refused else []), found


def test_a_dose_unit_dropped_is_refused_by_render(workspace: Path, tmp_path: Path) -> None:
    """"Paracetamol 500 mg" → "พาราเซตามอล 500 เม็ด" (500 tablets): the number kept, its unit gone."""
    article = "spine-surgery-home-care"
    line = _set_msgstr(workspace / PO, "Paracetamol 500 mg", "พาราเซตามอล 500 เม็ด", context=article)
    assert [f.code for f in check(workspace).findings if f.line == line] == ["check.units"]
    r = runner.invoke(app, ["render", article, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: the unit of 500 differs: the source has 500 mg, the translation no unit" in r.stderr


_THAI_DIGIT = ["", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]


def _thai_word(n: int) -> str:
    """2..99 as a Thai number word (ยี่สิบเอ็ด for 21)."""
    tens, unit = divmod(n, 10)
    head = "" if not tens else ("" if tens == 1 else "ยี่" if tens == 2 else _THAI_DIGIT[tens]) + "สิบ"
    return head + ("เอ็ด" if unit == 1 and tens else _THAI_DIGIT[unit])


@given(n=st.integers(2, 99), counter=st.sampled_from(["ครั้ง", "เม็ด", "วัน", "สัปดาห์", "มก.", "ช้อน"]),
       other=st.integers(2, 99))
def test_a_count_added_as_a_thai_word_is_refused(n: int, counter: str, other: int) -> None:
    """"Take it once a day" → "วันละ<n>ครั้ง": a count the source has not, written as a Thai word, is a
    number added; the source's own number (in digits) written as a word stays a warning."""
    word = _thai_word(n)
    assert rules.thai_number_words(word) == [n]
    found = rules.check_pair(f"Take {other} tablets once a day", f"ทาน {other} เม็ด วันละ {word}{counter}", "th",
                             template=False)  # fmt: skip
    assert [c for s, c, _ in found if s == "error"] == ["check.numbers"], found
    same = rules.check_pair(f"Take it for {n} {'days'}", f"ทานยานาน {word}{counter}", "th", template=False)
    assert "check.numbers" not in [c for s, c, _ in same if s == "error"], same


def test_a_count_changed_to_a_thai_word_is_refused_by_render(workspace: Path, tmp_path: Path) -> None:
    """Celecoxib "Once a day, after breakfast" → "วันละสองครั้ง…" (twice a day): no digit changed, but a
    count the source has not; it printed."""
    article = "spine-surgery-home-care"
    line = _set_msgstr(workspace / PO, "Once a day, after breakfast", "วันละสองครั้ง หลังอาหารเช้า", context=article)
    assert [f.code for f in check(workspace).findings if f.line == line] == ["check.numbers"]
    r = runner.invoke(app, ["render", article, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: numbers differ: the translation adds 2" in r.stderr, r.stderr


def test_a_minus_sign_added_to_a_number_is_refused_by_check_and_render(workspace: Path, tmp_path: Path) -> None:
    """"more than 3 months" written "นานกว่า -3 เดือน": the same digits, another number. Check and render refuse it alike."""
    po = (workspace / PO).read_text("utf-8")
    assert po.count("นานกว่า 3 เดือน") == 1
    line = po[: po.index("นานกว่า 3 เดือน")].count("\n") + 1
    (workspace / PO).write_text(po.replace("นานกว่า 3 เดือน", "นานกว่า -3 เดือน"), "utf-8")
    assert [f.code for f in check(workspace).findings if f.line == line and f.is_error] == ["check.numbers"]
    r = runner.invoke(app, ["render", "back-pain-after-surgery", "--lang", "th", "-w", str(workspace), "-o",
                            str(tmp_path / "x.pdf")])  # fmt: skip
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: numbers differ: the source has 3, the translation -3" in r.stderr, r.stderr


def test_a_translation_pasted_many_times_is_refused_quickly(workspace: Path, tmp_path: Path) -> None:
    """A translation of a million characters (the whole article pasted into one entry, or a key held
    down) took minutes to typeset: check and render refuse it at its line, before reading the other rules."""
    line = _set_msgstr(workspace / PO, "Back surgery is often", "ปวดหลัง" * 150_000)
    said = [f for f in check(workspace).findings if f.line == line]
    assert [f.code for f in said] == ["check.length"], said
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1 and not (tmp_path / "x.pdf").exists(), r.output
    assert f"handouts.po:{line}: error: the translation has 1,050,000 characters" in r.stderr, r.stderr

