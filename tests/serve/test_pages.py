"""The front desk, reviewer and history pages as plain HTML forms (no script needed)."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from starlette.testclient import TestClient
from typer.testing import CliRunner

from handouts import history
from handouts.cli import app as cli
from handouts.serve.ui import catalog
from tests.serve.conftest import ARTICLE, SAME_SITE

LABELS = ("Article", "Language", "Clinic", "Printer", "Patient name", "Notes", "Copies")
BUTTONS = ("Preview", "Print", "Download PDF")


def _labels(html: str) -> set[str]:
    return set(re.findall(r"<label for=\"[\w-]+\">([^<]+)</label>", html))


def test_the_front_desk_has_labelled_controls(client: TestClient) -> None:
    html = client.get("/").text
    assert set(LABELS) <= _labels(html)
    for label in LABELS:  # every label points at a control that exists
        target = re.search(rf'<label for="([\w-]+)">{label}</label>', html)
        assert target and f'id="{target.group(1)}"' in html
    for button in BUTTONS:
        assert re.search(rf"<button [^>]*>{button}</button>", html)
    assert 'method="post"' in html and 'action="/desk"' in html


def test_thai_ui_from_the_browser_language_and_the_switch(client: TestClient) -> None:
    html = client.get("/", headers={"accept-language": "th-TH,th;q=0.9,en;q=0.5"}).text
    assert "ชื่อผู้ป่วย" in _labels(html) and '<html lang="th">' in html
    r = client.get("/ui/en")
    assert r.status_code == 303
    html = client.get("/", headers={"accept-language": "th"}).text
    assert "Patient name" in _labels(html)


def test_every_ui_string_is_translated_into_thai() -> None:
    root = Path(__file__).resolve().parents[2] / "handouts" / "serve"
    sources = [*root.glob("templates/*.html"), root / "pages.py"]
    used = {m.group(2) for p in sources for m in re.finditer(r"_\((['\"])(.*?)\1", p.read_text(encoding="utf-8"))}
    # the render's refusals a desk user can fix (HandoutError(words=...): the notes box, the name)
    said = {m.group(1) for p in root.parent.rglob("*.py") for m in re.finditer(r'words=\("(.*?)",', p.read_text("utf-8"))}
    # and the web's own refusals said in the desk's language (RefusedError(ui=...))
    said |= {m.group(1) for p in root.glob("*.py") for m in re.finditer(r'ui=\("(.*?)",', p.read_text("utf-8"))}
    assert len(said) >= 3, said
    used |= said
    missing = sorted(used - set(catalog("th")))
    assert not missing, f"add to handouts/serve/locales/th/LC_MESSAGES/serve.po: {missing}"


def test_search_by_title_in_the_chosen_language(client: TestClient) -> None:
    html = client.get("/", params={"q": "ปวดหลัง", "lang": "th"}).text
    assert f'value="{ARTICLE}"' in html
    html = client.get("/", params={"q": "diabetes", "lang": "en"}).text
    assert f'value="{ARTICLE}"' not in html and "No article matches" in html


def test_draft_or_final_is_shown_before_printing(client: TestClient, workspace: Path) -> None:
    html = client.get("/", params={"article": ARTICLE, "lang": "th"}).text
    assert re.search(r'class="status (final|draft)"', html)
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgid "Back surgery is often')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + re.sub(r'msgstr ".*', 'msgstr ""', text[start:end], flags=re.S) + text[end:], encoding="utf-8")
    html = client.get("/", params={"article": ARTICLE, "lang": "th"}).text
    assert 'class="status draft"' in html and "Back surgery is often" in html
    status = client.get("/status", params={"article": ARTICLE, "lang": "th", "clinic": "demo"}).json()
    assert status["state"] == "draft" and status["reasons"] and status["signed"] == ""


def test_status_says_who_signed_off_as_the_desk_box_does(client: TestClient) -> None:
    """The script's box is made from /status: it carries the box's 'signed off by … on …' line."""
    status = client.get("/status", params={"article": ARTICLE, "lang": "th", "clinic": "demo"}).json()
    assert status["state"] == "final" and status["reviewer"]
    assert status["signed"] == f"signed off by {status['reviewer']} on {status['date']}" and status["more"] == ""


def test_download_and_preview(client: TestClient) -> None:
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "patient": "สมชาย ใจดี", "notes": "เดินวันละ 10 นาที",
            "copies": "1"}  # fmt: skip
    r = client.post("/desk", data=form | {"action": "download"}, headers=SAME_SITE)
    assert r.status_code == 200 and r.headers["content-disposition"] == f'attachment; filename="{ARTICLE}.th.pdf"'
    assert r.headers["cache-control"] == "no-store"
    text = PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert "สมชาย ใจดี" in text and "ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่?" in text
    r = client.post("/desk", data=form | {"action": "preview"}, headers=SAME_SITE)
    assert r.status_code == 200 and r.text.count('src="data:image/png;base64,') >= 2
    assert 'value="สมชาย ใจดี"' in r.text and r.headers["cache-control"] == "no-store"  # kept for Print, never cached


def test_a_form_with_an_unknown_id_says_so(client: TestClient) -> None:
    r = client.post("/desk", data={"article": "nope", "lang": "th", "action": "download"}, headers=SAME_SITE)
    assert r.status_code == 404 and "There is no handout 'nope'" in html.unescape(r.text)


def test_review_page_and_proof(client: TestClient) -> None:
    html = client.get("/review").text
    assert "ไทย (th)" in html and f"/review/proof/{ARTICLE}/th.pdf" in html
    r = client.get(f"/review/proof/{ARTICLE}/th.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    assert client.get("/review/proof/nope/th.pdf").status_code == 404
    r = client.get(f"/review/proof/{ARTICLE}/en.pdf")  # the article's own language: nothing to proof
    assert r.status_code == 404 and "no translation to proof" in r.json()["error"]


def test_a_refused_proof_link_is_the_review_page_for_a_browser(client: TestClient) -> None:
    """A browser following a proof link that cannot be made gets the review page with the reason,
    not a bare JSON body; a client that does not ask for HTML still gets JSON."""
    browser = {"accept": "text/html,application/xhtml+xml"}
    for path, status, reason in ((f"/review/proof/{ARTICLE}/en.pdf", 404, "no translation to proof"),
                                 ("/review/proof/nope/th.pdf", 404, "unknown article or language")):  # fmt: skip
        r = client.get(path, headers=browser)
        assert r.status_code == status and r.headers["content-type"].startswith("text/html")
        assert reason in html.unescape(r.text) and f"/review/proof/{ARTICLE}/th.pdf" in r.text  # the page itself
        assert reason in client.get(path).json()["error"]


def test_a_refused_signoff_names_the_workspaces_files_not_the_servers_folders(client: TestClient,
                                                                             workspace: Path) -> None:  # fmt: skip
    r = client.post("/review/signoff", data={"article": ARTICLE, "lang": "th", "reviewer": "Dr. 1669"},
                    headers=SAME_SITE)  # fmt: skip
    assert r.status_code == 422 and "digits" in r.json()["error"], r.text
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgid "Back surgery is often')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + text[start:end].split("msgstr")[0] + 'msgstr ""' + text[end:], encoding="utf-8")
    r = client.post("/review/signoff", data={"article": ARTICLE, "lang": "th", "reviewer": "Dr. Test Reviewer"},
                    headers=SAME_SITE)  # fmt: skip
    assert r.status_code == 422 and "not translated" in r.json()["error"], r.text
    assert str(workspace) not in r.text and "locales/th/LC_MESSAGES/handouts.po" in r.json()["error"]


def test_static_and_fonts(client: TestClient) -> None:
    assert client.get("/static/app.css").status_code == 200
    assert "Sarabun" in client.get("/static/app.css").text
    r = client.get("/fonts/Sarabun-Regular.ttf")
    assert r.status_code == 200 and r.headers["content-type"] == "font/ttf"
    for name in ("NotoSansMyanmar-Regular", "NotoSansMyanmar-Bold", "NotoSansKhmer", "NotoSansLao"):
        assert f"/fonts/{name}.ttf" in client.get("/static/app.css").text
        r = client.get(f"/fonts/{name}.ttf")
        assert r.status_code == 200 and r.content[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    # Burmese: the instances the handouts print with, repaired (a kinzi over a stack placed right)
    from handouts.typesetting.scripts.instances import static_instance

    for weight in ("regular", "bold"):
        served = client.get(f"/fonts/NotoSansMyanmar-{weight.title()}.ttf").content
        assert served == static_instance("notosansmyanmar", weight).read_bytes()
    assert client.get("/static/../config.py").status_code == 404
    assert client.get("/fonts/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_history_never_holds_names(workspace: Path) -> None:
    rec = history.PrintRecord(time=history.PrintRecord.now(), user="local", article=ARTICLE, lang="th", clinic="demo",
                              profile="standard", layout="single", copies=2, printer="pdf", job="pdf-1", state="final",
                              personalised=True)  # fmt: skip
    assert history.append(workspace, rec) == 1
    assert history.append(workspace, rec) == 2
    with history.history_path(workspace).open("a", encoding="utf-8") as f:
        f.write("{broken\n")
    records, bad = history.recent(workspace)
    assert [n for n, _ in records] == [2, 1] and bad == 1
    r = CliRunner().invoke(cli, ["history", "-w", str(workspace)])
    assert r.exit_code == 0 and "×2 on pdf" in r.stdout and "1 unreadable" in r.stderr


def _cups_pdf() -> bool:
    if shutil.which("lpstat") is None:
        return False
    return subprocess.run(["lpstat", "-p", "pdf"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _cups_pdf(), reason="no CUPS with a 'pdf' printer (.ci/start-cups.sh sets it up)")
def test_print_through_cups_and_reprint(client: TestClient, workspace: Path) -> None:
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "patient": "Somchai Jaidee", "copies": "2",
            "printer": "pdf", "action": "print"}  # fmt: skip
    r = client.post("/desk", data=form, headers=SAME_SITE)
    assert r.status_code == 200, r.text
    assert re.search(r"Sent to pdf: job pdf-\d+, copies: 2", r.text)
    raw = history.history_path(workspace).read_text(encoding="utf-8")
    assert "Somchai" not in raw and '"personalised": true' in raw and '"printer": "pdf"' in raw
    jobs = subprocess.run(["lpstat", "-W", "all", "-o", "pdf"], capture_output=True, text=True).stdout
    assert "Somchai" not in jobs
    r = client.post("/history/reprint", data={"record": "1"}, headers=SAME_SITE)
    assert r.status_code == 200 and "Sent to pdf" in r.text
    latest = history.recent(workspace, 1)[0][0][1]
    assert latest.reprint_of == 1 and not latest.personalised


def test_favourites_of_the_clinic_come_first(workspace: Path, make_client: object) -> None:
    with (workspace / "handouts.toml").open("a", encoding="utf-8") as f:
        f.write(f'\n[serve]\nfavourites = {{ riverside = ["{ARTICLE}"] }}\n')
    client = make_client()  # type: ignore[operator]
    html = client.get("/", params={"clinic": "riverside"}).text
    assert '<optgroup label="Favourites">' in html and "★ " in html
    html = client.get("/", params={"clinic": "demo"}).text
    assert '<optgroup label="Favourites">' not in html


def test_a_slow_render_does_not_block_the_pages(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from handouts.serve import actions

    release = threading.Event()
    entered = threading.Event()
    real = actions.render_job

    def slow(job: object) -> dict[str, object]:
        entered.set()
        release.wait(30)
        return real(job)  # type: ignore[arg-type]

    monkeypatch.setattr(actions, "render_job", slow)
    import httpx2 as httpx  # the test extra's httpx (Starlette's TestClient uses it too)

    from handouts.serve.app import create_app
    from handouts.serve.config import load_config

    app = create_app(load_config(workspace), in_process=True)
    transport = httpx.ASGITransport(app=app)

    async def scenario() -> tuple[int, bool, int]:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            import asyncio

            slow_req = asyncio.create_task(http.get(f"/handouts/{ARTICLE}/en.pdf"))
            while not entered.is_set():
                await asyncio.sleep(0.01)
            page = await http.get("/")  # answered while the render is still running
            still_running = not slow_req.done()
            release.set()
            return page.status_code, still_running, (await slow_req).status_code

    import asyncio

    assert asyncio.run(scenario()) == (200, True, 200)


def test_sign_off_from_the_review_page(client: TestClient, workspace: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("handouts.i18n.signoff") is None:
        pytest.skip("document control (i18n signoff) is not in this build")
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgid "Back surgery is often')
    end = text.index("\n\n", start)
    entry = text[start:end]
    po.write_text(text.replace(entry, entry.replace("ผู้ป่วย", "คนไข้", 1)), encoding="utf-8")  # an edited, unsigned sentence
    status = client.get("/status", params={"article": ARTICLE, "lang": "th", "clinic": "demo"}).json()
    assert status["state"] == "draft"
    r = client.post("/review/signoff", data={"article": ARTICLE, "lang": "th", "reviewer": "Dr. Test Reviewer"},
                    headers=SAME_SITE)  # fmt: skip
    assert r.status_code == 303, r.text
    status = client.get("/status", params={"article": ARTICLE, "lang": "th", "clinic": "demo"}).json()
    assert status["state"] == "final" and status["reviewer"] == "Dr. Test Reviewer"
    assert "Dr. Test Reviewer" in client.get("/review").text


def test_the_server_log_is_not_flooded_with_each_requests_warnings(client: TestClient,
                                                                   caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    """Untranslated entries are the page's and the API's to show (status box, ``warnings``), not a
    log line each per request: 15,000 such lines in minutes buried the real errors."""
    import logging

    caplog.set_level(logging.INFO)
    for url in ("/", f"/status?article={ARTICLE}&lang=my", "/infobutton?mainSearchCriteria.v.c=M96.1",
                f"/handouts/{ARTICLE}/my.pdf", "/review"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING and "translation" in r.getMessage()]
    assert not noisy, [r.getMessage() for r in noisy[:3]]
    r = client.get(f"/handouts/{ARTICLE}/my.pdf")
    assert r.headers["x-handout-approval"] == "draft"  # the warnings still decide the answer


def test_a_preview_keeps_the_printer_and_copies_chosen(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Preview, then Print: the printer and copies chosen before the preview are still chosen (they
    went back to the default printer and 1 copy, so Print sent one copy to another printer)."""
    import handouts.printing

    monkeypatch.setattr(handouts.printing, "printers", lambda: (["front", "ward"], "front"))
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "copies": "3", "printer": "ward", "action": "preview"}
    for fields in (form, form | {"article": "nope"}):  # (a refused form too)
        html = client.post("/desk", data=fields, headers=SAME_SITE).text
        assert re.search(r'<option value="ward" selected>', html) and not re.search(r'<option value="front" selected', html)
        assert re.search(r'id="copies"[^>]*value="3"', html)


@pytest.mark.parametrize(("query", "needle"), [({"article": "back-pain-after-surgrey"}, "no handout 'back-pain-after-surgrey'"),
                                               ({"clinic": "nope"}, "no clinic 'nope'"),
                                               ({"article": ARTICLE, "lang": "fr"}, "not available in 'fr'")])  # fmt: skip
def test_a_desk_link_with_a_wrong_id_says_so(client: TestClient, query: dict[str, str], needle: str) -> None:
    """A link to the desk naming no handout (a typo) says so, instead of quietly offering another one."""
    r = client.get("/", params=query)
    assert r.status_code == 404 and needle in html.unescape(r.text), r.text[:300]
    assert 'id="desk"' in r.text  # the form is still there to choose from
    assert client.get("/", params={"article": ARTICLE, "lang": "th", "clinic": "demo", "q": ""}).status_code == 200
    assert "ไม่มี" in client.get("/", params=query, headers={"accept-language": "th"}).text


def test_a_double_click_on_print_prints_once(client: TestClient, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same desk form sent twice (a double click on Print, or the back button resubmitting it)
    prints once; the page after it carries a fresh form, which prints again."""
    import handouts.printing

    jobs: list[int] = []
    monkeypatch.setattr(handouts.printing, "printers", lambda: (["front"], "front"))
    monkeypatch.setattr(handouts.printing, "submit_data", lambda *a: jobs.append(1) or f"front-{len(jobs)}")
    once = re.search(r'name="once" value="([^"]+)"', client.get("/").text)
    assert once is not None
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "printer": "front", "action": "print", "once": once[1]}
    first = client.post("/desk", data=form, headers=SAME_SITE)
    assert first.status_code == 200 and "Sent to front" in first.text and len(jobs) == 1
    again = client.post("/desk", data=form, headers=SAME_SITE)
    assert again.status_code == 409 and "not printed again" in again.text and len(jobs) == 1
    fresh = re.search(r'name="once" value="([^"]+)"', first.text)
    assert fresh is not None and fresh[1] != once[1]
    assert client.post("/desk", data=form | {"once": fresh[1]}, headers=SAME_SITE).status_code == 200 and len(jobs) == 2


def test_a_refused_desk_form_is_explained_in_the_ui_language(client: TestClient) -> None:
    """The desk's own refusals (copies, lengths, ids) speak Thai on a Thai desk; the API keeps English."""
    source = (Path(__file__).resolve().parents[2] / "handouts" / "serve" / "forms.py").read_text(encoding="utf-8")
    used = set(re.findall(r'ui=\("(.*?)"', source))
    assert len(used) >= 5 and not used - set(catalog("th")), sorted(used - set(catalog("th")))
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "copies": "99", "action": "preview"}
    r = client.post("/desk", data=form, headers=SAME_SITE | {"accept-language": "th"})
    assert r.status_code == 400 and "จำนวนชุดต้องเป็นตัวเลขตั้งแต่ 1 ถึง 50" in r.text, r.text[-1500:]
    r = client.post("/desk", data=form, headers=SAME_SITE)
    assert "Copies must be a number from 1 to 50." in r.text
    api = client.post(f"/handouts/{ARTICLE}/th.pdf", data={"copies": "99"})
    assert api.json()["error"] == "copies must be a number from 1 to 50"


def test_a_long_wrong_id_is_not_echoed_whole(client: TestClient) -> None:
    """An answer names a wrong article, clinic or language by at most 80 characters of it (the desk
    page, the API's JSON): a 5,000-character id is not sent back whole."""
    long = "x" * 5000
    desk = client.post("/desk", data={"article": long, "lang": "th", "action": "download"}, headers=SAME_SITE)
    api = client.get(f"/handouts/{long}/th.pdf")
    wrong_clinic = client.get(f"/handouts/{ARTICLE}/th.pdf", params={"clinic": "c" * 5000})
    for r in (desk, api, wrong_clinic):
        assert r.status_code == 404, (r.status_code, r.text[:200])
        assert "x" * 81 not in r.text and "c" * 81 not in r.text and len(r.text) < 20_000, r.text[:300]
    assert "x" * 80 + "…" in html.unescape(desk.text)


def test_the_renders_own_refusals_are_in_the_desks_language(client: TestClient) -> None:
    """Notes too long for the notes box: the desk says so in Thai on a Thai desk (the render's
    message, with its numbers), in English on an English one."""
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "notes": "เดินวันละ 10 นาที " * 30, "copies": "1",
            "action": "preview"}  # fmt: skip
    th = client.post("/desk", data=form, headers={**SAME_SITE, "accept-language": "th"})
    en = client.post("/desk", data=form, headers={**SAME_SITE, "accept-language": "en"})
    assert th.status_code == en.status_code == 422
    assert "คำแนะนำเพิ่มเติมยาว" in html.unescape(th.text) and "The notes are" not in th.text
    numbers = re.search(r"need (\d+) lines", html.unescape(en.text))
    assert numbers and f"ต้องใช้ {numbers.group(1)} บรรทัด" in html.unescape(th.text)


def test_a_double_click_on_reprint_reprints_once(client: TestClient, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The history page's Reprint, clicked twice (or resubmitted by the back button), printed the
    handout twice; like the desk's Print, one page's form prints once, the page after it again."""
    import handouts.printing

    jobs: list[int] = []
    monkeypatch.setattr(handouts.printing, "printers", lambda: (["front"], "front"))
    monkeypatch.setattr(handouts.printing, "submit_data", lambda *a: jobs.append(1) or f"front-{len(jobs)}")
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "printer": "front", "action": "print"}
    assert client.post("/desk", data=form, headers=SAME_SITE).status_code == 200 and len(jobs) == 1
    page = client.get("/history").text
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    assert set(fields) == {"record", "once"}
    first = client.post("/history/reprint", data=fields, headers=SAME_SITE)
    assert first.status_code == 200 and "Sent to front" in first.text and len(jobs) == 2
    again = client.post("/history/reprint", data=fields, headers=SAME_SITE)
    assert again.status_code == 409 and "not printed again" in again.text and len(jobs) == 2
    assert len(history.history_path(workspace).read_text(encoding="utf-8").splitlines()) == 2
    fresh = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', first.text))
    assert fresh["once"] != fields["once"]
    assert client.post("/history/reprint", data=fresh, headers=SAME_SITE).status_code == 200 and len(jobs) == 3


def test_an_unwritable_print_history_prints_nothing_and_says_why(client: TestClient, workspace: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The audit log cannot be written (here a folder where the file belongs): the job went to CUPS
    and the desk and the API answered 'Internal Server Error' (500, a traceback in the log), so the
    nurse printed again and no record was kept. Nothing is printed now, and the answer says why."""
    import handouts.printing

    jobs: list[int] = []
    monkeypatch.setattr(handouts.printing, "printers", lambda: (["front"], "front"))
    monkeypatch.setattr(handouts.printing, "submit_data", lambda *a: jobs.append(1) or f"front-{len(jobs)}")
    history.history_path(workspace).mkdir(parents=True)
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "printer": "front", "action": "print"}
    desk = client.post("/desk", data=form, headers=SAME_SITE)
    assert desk.status_code == 503 and "history/prints.jsonl" in html.unescape(desk.text) and 'id="desk"' in desk.text
    api = client.post(f"/handouts/{ARTICLE}/th.pdf", data={"print": "front"})
    assert api.status_code == 503 and api.headers["content-type"] == "application/json"
    assert "cannot write the print history" in api.json()["error"] and str(workspace) not in api.json()["error"]
    assert jobs == []


def test_a_refused_signoff_from_the_review_page_is_a_page_in_the_ui_language(client: TestClient) -> None:
    """The review page's Sign off form, refused (no reviewer, a name that cannot be printed), showed
    the browser a bare JSON answer, in English, with the command line's '--reviewer': now the review
    page again with the reason (an HIS or script without ``Accept: text/html`` still gets JSON)."""
    browser = SAME_SITE | {"accept": "text/html,application/xhtml+xml,*/*;q=0.8", "accept-language": "th"}
    empty = client.post("/review/signoff", data={"article": ARTICLE, "lang": "th", "reviewer": " "}, headers=browser)
    assert empty.status_code == 400 and empty.headers["content-type"].startswith("text/html")
    said = html.unescape(empty.text)
    assert catalog("th")["Choose an article and a language, and give the reviewer's name."] in said
    assert 'action="/review/signoff"' in said  # the form is there to try again
    bad = client.post("/review/signoff", data={"article": ARTICLE, "lang": "th", "reviewer": "Dr. 1669"}, headers=browser)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    message = re.search(r'class="message error" role="alert">([^<]*)', html.unescape(bad.text))
    assert message is not None and "digits" in message[1] and "--reviewer" not in message[1]
    script = client.post("/review/signoff", data={"article": ARTICLE, "lang": "th", "reviewer": ""}, headers=SAME_SITE)
    assert script.status_code == 400 and script.json()["error"]


@pytest.mark.parametrize("body", ['{"article": "%s", "patient": "a\\ud800b"}' % ARTICLE,
                                  '{"article": "%s", "q": "\\udfff"}' % ARTICLE, '{"\\ud800": "x"}'])  # fmt: skip
def test_a_lone_surrogate_in_a_json_body_is_a_400_not_a_500(workspace: Path, body: str) -> None:
    """JSON can carry '\\ud800', which is no text: the desk echoed it into its page and failed to
    encode it (500); every form reader now refuses it, naming the field."""
    from handouts.serve.app import create_app
    from handouts.serve.config import load_config

    client = TestClient(create_app(load_config(workspace), in_process=True), base_url="http://127.0.0.1",
                        raise_server_exceptions=False)  # fmt: skip
    json_body = {"content-type": "application/json"}
    desk = client.post("/desk", content=body.encode(), headers=SAME_SITE | json_body)
    assert desk.status_code == 400 and "surrogate" in html.unescape(desk.text)
    api = client.post(f"/handouts/{ARTICLE}/th.pdf", content=body.encode(), headers=json_body)
    assert api.status_code == 400 and "surrogate" in api.json()["error"]


def test_the_history_page_shows_the_clinics_local_time(client: TestClient, workspace: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The log keeps UTC; the page showed it raw ('2026-12-05T16:30:03Z'), seven hours off the clock
    on a Bangkok front desk's wall. It shows the PC's local time (the UTC stamp stays in datetime=)."""
    import time

    record = history.PrintRecord(time="2026-12-05T16:30:03Z", user="local", article=ARTICLE, lang="th", clinic="demo",
                                 profile="standard", layout="single", copies=1, printer="front", job="front-1",
                                 state="final")  # fmt: skip
    history.append(workspace, record)
    monkeypatch.setenv("TZ", "Asia/Bangkok")
    time.tzset()
    try:
        page = client.get("/history").text
    finally:
        monkeypatch.undo()
        time.tzset()
    assert '<time datetime="2026-12-05T16:30:03Z">2026-12-05 23:30</time>' in page


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=40), st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())))
def test_any_history_time_is_shown_without_an_error(stamp: str) -> None:
    """A hand-edited history line's time (any text, any date and zone) is shown, never a 500."""
    from handouts.history import local_time

    shown = local_time(stamp)
    assert isinstance(shown, str) and (shown or not stamp)


@pytest.mark.parametrize(("page", "back"), [("/review", "/review"), ("/history", "/history"),
                                            (f"/?article={ARTICLE}&lang=my", f"/?article={ARTICLE}&lang=my")])  # fmt: skip
def test_the_language_switch_stays_on_the_page(client: TestClient, page: str, back: str) -> None:
    """The switch to Thai on the Translations page (or on a desk link naming a handout) landed on the
    plain desk: it returns to the page it was clicked on (a path of this server only)."""
    link = re.search(r'<a href="(/ui/th[^"]*)"', client.get(page).text)
    assert link is not None
    r = client.get(html.unescape(link[1]))
    assert r.status_code == 303 and r.headers["location"] == back and "ui=th" in r.headers["set-cookie"]
    for outside in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        assert client.get("/ui/th", params={"next": outside}).headers["location"] == "/"


@pytest.mark.parametrize("case", ["unknown printer", "no printer", "cups refused", "history unwritable"])
def test_a_print_refused_at_the_desk_is_said_in_the_ui_language(client: TestClient, workspace: Path,
                                                                monkeypatch: pytest.MonkeyPatch, case: str) -> None:  # fmt: skip
    """A Thai desk's Print refused for its printer (gone, none, CUPS said no) or the history said so in
    English ('unknown printer 'ghost' (printers: front)'); the API's words are unchanged."""
    import handouts.printing
    from handouts.errors import PrintError

    def refuse(*a: object) -> str:
        raise PrintError("lp: The printer or class does not exist.")

    monkeypatch.setattr(handouts.printing, "printers", lambda: ([] if case == "no printer" else ["front"], None))
    monkeypatch.setattr(handouts.printing, "submit_data", refuse if case == "cups refused" else lambda *a: "front-1")
    if case == "history unwritable":
        history.history_path(workspace).mkdir(parents=True)
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", "action": "print",
            "printer": {"unknown printer": "ghost", "no printer": ""}.get(case, "front")}  # fmt: skip
    r = client.post("/desk", data=form, headers=SAME_SITE | {"accept-language": "th"})
    message = re.search(r'class="message error" role="alert">([^<]*)', html.unescape(r.text))
    assert r.status_code >= 400 and message is not None
    assert re.search("[\u0e00-\u0e7f]", message[1]), message[1]  # Thai words


def test_a_search_that_finds_nothing_shows_no_handouts_state(client: TestClient) -> None:
    """A search with no match leaves the Article list empty, yet the status box said 'Final —
    approved for patients' (of the first article, which the page no longer shows)."""
    page = client.get("/", params={"q": "zzzz-no-such-title", "lang": "th"}).text
    box = re.search(r'<div id="status" class="status ([a-z]*)"', page)
    assert box is not None and box[1] == "" and "No article matches your search." in page
    assert "approved for patients" not in page and "not approved yet" not in page
    found = client.get("/", params={"q": "ปวด", "lang": "th"}).text
    assert re.search(r'<div id="status" class="status (final|draft)"', found)
    other = client.get("/", params={"q": "แผล", "lang": "th", "article": ARTICLE}).text  # finds the other handout only
    chosen = re.search(r'<option value="([a-z-]+)" selected data-langs', other)
    assert chosen is not None and chosen[1] != ARTICLE and 'class="status final"' in other


@pytest.mark.parametrize("asked", ["th-TH", "TH", "tha", "th_TH", " th "])
def test_the_desk_takes_a_language_as_the_api_and_the_cli_do(client: TestClient, asked: str) -> None:
    """A HIS's link to the desk, its status box and its form with ``lang=th-TH`` (BCP 47) or ``tha``
    (ISO 639-2) are the Thai handout, as ``/handouts/…/th-TH.pdf`` and ``--lang th-TH`` are: the desk
    answered 404 "This handout is not available in 'th-TH'" and the form the same."""
    r = client.get("/", params={"article": ARTICLE, "lang": asked})
    assert r.status_code == 200, html.unescape(r.text)[:400]
    assert re.search(r'<option value="th" selected>', r.text)
    status = client.get("/status", params={"article": ARTICLE, "lang": asked, "clinic": "demo"})
    assert status.status_code == 200 and status.json()["state"] == "final", status.text[:200]
    pdf = client.post("/desk", data={"article": ARTICLE, "lang": asked, "clinic": "demo", "action": "download"},
                      headers=SAME_SITE)  # fmt: skip
    assert pdf.status_code == 200 and pdf.headers["content-disposition"].endswith(f'filename="{ARTICLE}.th.pdf"')
    assert "ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่?" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_a_desk_link_naming_only_a_missing_language_says_so(client: TestClient) -> None:
    """``/?lang=fr`` (no article: the desk opens on its first handout) quietly showed that handout in
    its own language, ready to print for a patient who asked for French."""
    r = client.get("/", params={"lang": "fr"})
    assert r.status_code == 404 and "not available in 'fr'" in html.unescape(r.text), r.text[:300]
    assert client.get("/", params={"lang": "th-TH"}).status_code == 200


_SPACE = st.sampled_from(["", " ", "  ", "\t"])


@settings(max_examples=60, deadline=None)
@given(a=_SPACE, b=_SPACE, c=_SPACE, q=st.sampled_from(["q", "Q"]), th=st.integers(1, 1000), en=st.integers(0, 999),
       region=st.sampled_from(["", "-TH", "_TH", "-th"]))  # fmt: skip
def test_the_ui_language_follows_accept_language_as_rfc_9110_writes_it(a: str, b: str, c: str, q: str, th: int, en: int,
                                                                       region: str) -> None:  # fmt: skip
    """``Accept-Language: fr, th; q=0.8, en;q=0.5`` (spaces around ';' are allowed) gave the English
    page: the weight was read only from an exact ';q=', and ``th;q=0`` ("not Thai") gave Thai."""
    from handouts.serve.ui import negotiate

    tw, ew = min(th, 1000) / 1000, min(en, th - 1) / 1000  # (Thai weighs more than English)
    header = f"fr,{a}th{region}{b};{c}{q}{b}={c}{tw:g},{a}en;{q}={ew:g}"
    assert negotiate(None, header) == "th", header
    refused = f"th{region}{b};{c}{q}={c}0,{a}fr"
    assert negotiate(None, refused) == "en", refused


def test_a_browser_that_puts_spaces_in_accept_language_gets_its_language(client: TestClient) -> None:
    r = client.get("/", headers={"accept-language": "fr-FR, th; q=0.8, en; q=0.5"})
    assert '<html lang="th">' in r.text and "ชื่อผู้ป่วย" in _labels(r.text)


@pytest.mark.parametrize(("field", "thai"), [("profile", "ไม่มีขนาดตัวอักษร 'huge'"), ("layout", "ไม่มีรูปแบบหน้า 'huge'")])
def test_an_unknown_profile_or_layout_is_said_in_the_desks_language(client: TestClient, field: str, thai: str) -> None:
    """A desk form (a stale page, a bookmarked preview) with a profile or layout that no longer exists
    answered the Thai desk in English ("unknown profile 'huge' (profiles: …)"); the API keeps English."""
    form = {"article": ARTICLE, "lang": "th", "clinic": "demo", field: "huge", "action": "preview"}
    r = client.post("/desk", data=form, headers=SAME_SITE | {"accept-language": "th"})
    assert r.status_code == 400 and thai in html.unescape(r.text), r.text[-1500:]
    api = client.get(f"/handouts/{ARTICLE}/th.pdf", params={field: "huge"})
    assert api.status_code == 400 and api.json()["error"].startswith(f"unknown {field} 'huge'")
