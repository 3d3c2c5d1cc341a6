"""The HIS API: Infobutton answers for a diagnosis code, anonymous and personalised PDFs, refusals."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from starlette.testclient import TestClient

from tests.serve.conftest import ARTICLE

INFO = "/infobutton"
ICD10 = "2.16.840.1.113883.6.3"


def _info(client: TestClient, code: str, lang: str = "th", kind: str = "application/json", cs: str = ICD10) -> object:
    return client.get(INFO, params={"mainSearchCriteria.v.cs": cs, "mainSearchCriteria.v.c": code,
                                    "informationRecipient.languageCode.c": lang, "knowledgeResponseType": kind})


def test_infobutton_json_lists_the_demo_handout_for_m96_1_in_thai(client: TestClient) -> None:
    r = _info(client, "M96.1")
    assert r.status_code == 200
    entries = r.json()["feed"]["entry"]
    assert [e["id"] for e in entries] == [ARTICLE]
    e = entries[0]
    assert e["lang"] == "th" and e["title"] == "ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่?"
    assert e["approval"] in ("final", "draft") and e["next_review"] == "2028-11-01"
    assert e["link"].endswith(f"/handouts/{ARTICLE}/th.pdf?clinic=demo")
    pdf = client.get(e["link"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["x-handout-approval"] == e["approval"]


@pytest.mark.parametrize(("cs", "code"), [("icd-10-tm", "M961"), ("ICD10", "m96.1"), ("2.16.840.1.113883.6.90", "M96.19")])
def test_infobutton_accepts_aliases_dotless_and_finer_codes(client: TestClient, cs: str, code: str) -> None:
    assert [e["id"] for e in _info(client, code, cs=cs).json()["feed"]["entry"]] == [ARTICLE]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("cs", "code"), [(ICD10, "J45.9"), (ICD10, "M96"), ("2.16.840.1.113883.6.96", "38341003"),
                                          ("2.16.840.1.113883.6.1", "1234-5"), (ICD10, "not a code")])
def test_unknown_codes_give_an_empty_list(client: TestClient, cs: str, code: str) -> None:
    r = _info(client, code, cs=cs)
    assert r.status_code == 200 and r.json()["feed"]["entry"] == []  # type: ignore[attr-defined]


def test_infobutton_atom(client: TestClient) -> None:
    r = _info(client, "M96.1", kind="text/xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/xml")  # type: ignore[attr-defined]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(r.content)  # type: ignore[attr-defined]
    titles = [t.text for t in feed.findall("a:entry/a:title", ns)]
    assert titles == ["ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่?"]
    link = feed.find("a:entry/a:link", ns)
    assert link is not None and link.get("type") == "application/pdf" and link.get("hreflang") == "th"


def test_infobutton_needs_a_code(client: TestClient) -> None:
    assert client.get(INFO).status_code == 400
    assert _info(client, "M96.1", kind="text/html").status_code == 400  # type: ignore[attr-defined]


def test_personalised_pdf_by_post_form_and_json(client: TestClient) -> None:
    for kw in ({"data": {"patient": "Somchai Jaidee", "notes": "Walk 10 minutes twice a day"}},
               {"json": {"patient": "Somchai Jaidee", "notes": "Walk 10 minutes twice a day"}}):
        r = client.post(f"/handouts/{ARTICLE}/en.pdf", **kw)  # type: ignore[arg-type]
        assert r.status_code == 200, r.text
        assert r.headers["cache-control"] == "no-store"
        assert "Somchai" not in r.headers["content-disposition"]
        reader = PdfReader(io.BytesIO(r.content))
        assert "Somchai Jaidee" in reader.pages[0].extract_text()
        assert "Somchai" not in str(reader.metadata)


def test_anonymous_pdf_has_no_box(client: TestClient) -> None:
    r = client.get(f"/handouts/{ARTICLE}/en.pdf", params={"clinic": "riverside", "profile": "large"})
    assert r.status_code == 200 and r.headers["x-handout-approval"] in ("final", "draft")
    assert int(r.headers["x-handout-pages"]) == len(PdfReader(io.BytesIO(r.content)).pages)


@pytest.mark.parametrize(("asked", "code"), [("th-TH", "th"), ("tha", "th"), ("TH", "th"), ("th_TH", "th"),
                                             ("th-TH+en-US", "th+en")])  # fmt: skip
def test_a_pdf_path_takes_the_language_as_the_infobutton_does(client: TestClient, asked: str, code: str) -> None:
    """A HIS that sends `th-TH` (BCP 47) or `tha` (ISO 639-2) gets the Thai handout, not a 404."""
    r = client.get(f"/handouts/{ARTICLE}/{asked}.pdf")
    assert r.status_code == 200, r.text
    assert r.content == client.get(f"/handouts/{ARTICLE}/{code}.pdf").content


@pytest.mark.parametrize("path", [f"/handouts/{ARTICLE}/xx.pdf", "/handouts/nope/th.pdf", "/handouts/..%2F..%2Fetc%2Fpasswd/th.pdf",
                                  f"/handouts/{ARTICLE}/th.pdf?clinic=../../etc", f"/handouts/{ARTICLE}/th.pdf?profile=huge"])
def test_ids_are_checked_against_the_inventory(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404) and "error" in r.json()


def test_a_broken_article_is_refused_alone(client: TestClient, workspace: Path) -> None:
    src = workspace / "articles" / f"{ARTICLE}.md"
    (workspace / "articles" / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    r = client.get("/handouts/broken/en.pdf")
    assert r.status_code == 422 and "front matter" in r.json()["error"]
    assert client.get(f"/handouts/{ARTICLE}/th.pdf").status_code == 200
    assert src.is_file()


def test_a_refused_handout_is_422_with_the_clis_findings(client: TestClient, workspace: Path) -> None:
    from handouts.errors import HandoutError
    from handouts.pipeline import RenderContext, render

    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    assert "โทร. %(number)s ทันที" in text
    po.write_text(text.replace("โทร. %(number)s ทันที", "โทร. %(number) ทันที"), encoding="utf-8")  # a broken placeholder
    with pytest.raises(HandoutError) as refused:
        render(ARTICLE, "demo", "th", RenderContext(workspace))
    r = client.get(f"/handouts/{ARTICLE}/th.pdf")
    assert r.status_code == 422
    assert str(workspace) not in r.text and str(workspace.resolve()) not in r.text  # (the server's folders are its own)
    shown = str(refused.value).replace(f"{workspace}/", "")  # as `handouts render` says it in the workspace
    assert r.json()["error"] == shown and "locales/th/LC_MESSAGES/handouts.po" in shown
    lines = [str(f).replace(f"{workspace}/", "") for f in getattr(refused.value, "findings", ())]
    assert lines and [f["text"] for f in r.json()["findings"]] == lines
    assert client.get(f"/handouts/{ARTICLE}/en.pdf").status_code == 200  # the source language still prints
    info = client.get("/infobutton", params={"mainSearchCriteria.v.c": "M96.1", "informationRecipient.languageCode.c": "th",
                                             "knowledgeResponseType": "application/json"}).json()
    assert [e["approval"] for e in info["feed"]["entry"]] == ["refused"]


def test_a_changed_dose_is_refused_with_structured_findings(client: TestClient, workspace: Path) -> None:
    import re

    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    m = re.search(r'^msgstr ".*?(?<![\d.%])(\d)(?![\d.%])', text, re.M)
    assert m is not None
    po.write_text(text[: m.start(1)] + str((int(m.group(1)) + 3) % 10) + text[m.end(1):], encoding="utf-8")
    r = client.post(f"/handouts/{ARTICLE}/th.pdf", data={"patient": "A B"})
    assert r.status_code == 422
    finding = r.json()["findings"][0]
    assert finding["severity"] == "error" and finding["path"].endswith("handouts.po") and finding["line"]
    assert "number" in finding["message"] or "differ" in finding["message"]


def test_openapi_describes_the_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.") and {"/infobutton", "/handouts/{article}/{lang}.pdf"} <= set(spec["paths"])


def test_zawgyi_is_refused_by_the_server_too(client: TestClient, workspace: Path) -> None:
    zawgyi = "ေဆးကို ေန႔စဥ္ ေသာက္ပါ။ ဆရာဝန္ႏွင့္ ျပန္လည္ ေတြ႕ဆံုပါ။"  # Burmese typed in Zawgyi (hand-checked)
    r = client.post(f"/handouts/{ARTICLE}/th.pdf", data={"patient": "A B", "notes": zawgyi})
    assert r.status_code == 422 and "looks like Zawgyi-encoded Burmese" in r.json()["error"]
    assert zawgyi[:8] not in r.text  # personal text is never echoed
    error = r.json()["error"]  # in the web's words: the field, no command-line option, no shell pipe
    assert error.startswith("notes: ") and "--notes" not in error and "echo " not in error, error
    (workspace / "articles" / "zawgyi.md").write_text(
        f'---\ntitle: "{zawgyi}"\nlang: my\nauthor: A\nreviewer: B\nreviewed: 2026-11-01\nnext_review: 2028-11-01\n'
        f'source: C\nversion: "1"\n---\n\n{zawgyi}\n', encoding="utf-8")  # fmt: skip
    r = client.get("/handouts/zawgyi/my.pdf")
    assert r.status_code == 422 and "zawgyi-to-unicode" in r.json()["error"]


@pytest.mark.parametrize(
    "params",
    [{"mainSearchCriteria.v.c": "M96\x01"}, {"mainSearchCriteria.v.c": "M96.1", "informationRecipient.languageCode.c": "\x01"},
     {"mainSearchCriteria.v.c": "M96.1", "mainSearchCriteria.v.dn": "back\x7fpain"}],  # fmt: skip
)
def test_control_characters_in_an_infobutton_query_are_a_400(client: TestClient, params: dict[str, str]) -> None:
    """They would be echoed into the Atom feed, which XML cannot hold (a 200 no parser reads)."""
    r = client.get(INFO, params=params)
    assert r.status_code == 400 and "control character" in r.json()["error"], r.text[:200]


def test_the_feed_is_well_formed_xml(client: TestClient) -> None:
    from xml.etree import ElementTree as ET

    r = client.get(INFO, params={"mainSearchCriteria.v.c": "M96.1", "informationRecipient.languageCode.c": "th"})
    assert r.status_code == 200 and ET.fromstring(r.content).tag.endswith("feed")


@pytest.mark.parametrize(
    ("params", "needle"),
    [({"article": "nope"}, "no article"), ({"article": ARTICLE, "clinic": "nope"}, "no clinic"),
     ({"article": ARTICLE, "lang": "xx"}, "no language")],  # fmt: skip
)
def test_status_of_something_that_does_not_exist_is_a_404(client: TestClient, params: dict[str, str], needle: str) -> None:
    r = client.get("/status", params=params)
    assert r.status_code == 404 and needle in r.json()["error"], r.text[:200]
    assert client.get("/status", params={"article": ARTICLE, "lang": "th", "clinic": "demo"}).status_code == 200


@pytest.mark.parametrize(
    ("content_type", "body", "status", "needle"),
    [("multipart/form-data", b"x", 400, "cannot be read"),
     ("multipart/form-data; boundary=X",
      b'--X\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhi\r\n--X--\r\n', 400, "a file was sent")],
)  # fmt: skip
def test_a_malformed_form_is_a_400_not_a_413(client: TestClient, content_type: str, body: bytes, status: int,
                                              needle: str) -> None:  # fmt: skip
    r = client.post(f"/handouts/{ARTICLE}/en.pdf", content=body, headers={"content-type": content_type})
    assert r.status_code == status and needle in r.json()["error"], (r.status_code, r.text[:200])


def test_a_form_sent_in_raw_utf8_is_read_as_utf8_not_latin1(client: TestClient) -> None:
    """`curl -d 'patient=José'` sends the name unescaped: it is printed as José, not JosÃ©."""
    r = client.post(f"/handouts/{ARTICLE}/en.pdf", content="patient=José&notes=ข้อ".encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert r.status_code == 200, r.text[:300]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    assert "José" in text and "JosÃ" not in text


@pytest.mark.parametrize("body", [b"patient=%ff%fe", b"patient=\xff\xfe"])
def test_a_form_that_is_not_utf8_is_a_400_naming_the_encoding(client: TestClient, body: bytes) -> None:
    r = client.post(f"/handouts/{ARTICLE}/en.pdf", content=body,
                    headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert r.status_code == 400 and "UTF-8" in r.json()["error"], (r.status_code, r.text[:300])


def test_a_broken_catalog_refuses_its_language_only(client: TestClient, workspace: Path) -> None:
    """A syntax error in the Thai catalog: Thai is refused (422, as `handouts render --lang th`); the
    English source and the other translations still print and are listed for a code."""
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่?"' in text
    po.write_text(text.replace('msgstr "ทำไมผ่าตัดแล้วจึงยังปวดหลังอยู่?"', 'msgstr "ทำไม\\qปวด"'), encoding="utf-8")
    th = client.get(f"/handouts/{ARTICLE}/th.pdf")
    assert th.status_code == 422 and "handouts.po:" in th.json()["error"], th.text[:300]
    assert client.get(f"/handouts/{ARTICLE}/en.pdf").status_code == 200
    for lang, approval in (("en", ("final", "draft")), ("th", ("refused",))):
        entries = _info(client, "M96.1", lang=lang).json()["feed"]["entry"]  # type: ignore[attr-defined]
        assert [e["id"] for e in entries] == [ARTICLE] and entries[0]["approval"] in approval, entries


def test_a_language_with_nothing_translated_falls_back_to_the_source(client: TestClient) -> None:
    """The demo's Khmer catalog translates nothing yet: a Khmer reader is offered the English source
    (final), not the English text under a Khmer draft mark."""
    entries = _info(client, "M96.1", lang="km").json()["feed"]["entry"]  # type: ignore[attr-defined]
    assert [(e["lang"], e["approval"]) for e in entries] == [("en", "final")], entries
    assert entries[0]["link"].endswith(f"/handouts/{ARTICLE}/en.pdf?clinic=demo")
    assert [e["lang"] for e in _info(client, "M96.1", lang="my").json()["feed"]["entry"]] == ["my"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("method", "path"), [("PUT", f"/handouts/{ARTICLE}/en.pdf"), ("POST", "/infobutton"),
                                              ("DELETE", "/openapi.json")])  # fmt: skip
def test_a_wrong_method_is_a_405_with_allow(client: TestClient, method: str, path: str) -> None:
    r = client.request(method, path)
    assert r.status_code == 405 and "GET" in r.headers["allow"], r.headers
    assert method in r.json()["error"] and "GET" in r.json()["error"]


def test_a_refusal_names_the_fields_not_the_command_line_options(client: TestClient) -> None:
    r = client.get(f"/handouts/{ARTICLE}/en.pdf", params={"profile": "large", "layout": "2up"})
    error = r.json()["error"]
    assert r.status_code == 422 and "--" not in error, error
    assert "profile=large" in error and "layout=2up" in error and "layout=single" in error, error


def _schema(spec: dict[str, object], node: object) -> object:
    """``node`` with its ``$ref``s to ``#/components/schemas/…`` replaced by the schemas."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            return _schema(spec, spec["components"]["schemas"][ref.rsplit("/", 1)[1]])  # type: ignore[index]
        return {k: _schema(spec, v) for k, v in node.items()}
    if isinstance(node, list):
        return [_schema(spec, v) for v in node]
    return node


def test_answers_match_the_openapi_description(client: TestClient, workspace: Path) -> None:
    """Each answer's status is documented for its path and method, and its JSON body fits the schema."""
    jsonschema = pytest.importorskip("jsonschema")
    spec = client.get("/openapi.json").json()
    pdf = f"/handouts/{ARTICLE}/th.pdf"
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    calls = [("/infobutton", "get", {"params": {"mainSearchCriteria.v.c": "M96.1", "knowledgeResponseType": "json"}}),
             ("/infobutton", "get", {"params": {"mainSearchCriteria.v.cs": "icd-10"}}),
             ("/handouts/{article}/{lang}.pdf", "get", {"url": f"/handouts/{ARTICLE}/fr.pdf"}),
             ("/handouts/{article}/{lang}.pdf", "get", {"params": {"layout": "3up"}}),
             ("/handouts/{article}/{lang}.pdf", "post", {"content": b"x", "headers": {"content-type": "text/plain"}}),
             ("/handouts/{article}/{lang}.pdf", "post", {"data": {"patient": "x" * 500}}),
             ("/handouts/{article}/{lang}.pdf", "post", {"json": {"copies": "0"}}),
             ("/handouts/{article}/{lang}.pdf", "post", {"data": {"notes": "x"}, "headers": {"origin": "http://evil.example"}}),
             ("/handouts/{article}/{lang}.pdf", "get", {"breaks": "catalog"})]  # fmt: skip
    for path, method, kw in calls:
        if kw.pop("breaks", None):
            po.write_text(po.read_text(encoding="utf-8").replace("โทร. %(number)s ทันที", "โทร. %(number) ทันที"),
                          encoding="utf-8")  # fmt: skip
        r = client.request(method.upper(), kw.pop("url", pdf if path != "/infobutton" else path), **kw)
        documented = spec["paths"][path][method]["responses"]
        assert str(r.status_code) in documented, (path, method, r.status_code, r.text[:200])
        kind = r.headers["content-type"].split(";")[0]
        if kind == "application/json":
            schema = documented[str(r.status_code)]["content"]["application/json"]["schema"]
            jsonschema.validate(r.json(), _schema(spec, schema))
        else:
            assert kind in documented[str(r.status_code)]["content"], (path, r.status_code, kind)
    assert r.status_code == 422 and r.json()["findings"][0]["path"]


@pytest.mark.parametrize("path", [f"/handouts/{ARTICLE}/en.pdf", "/desk", "/login", "/review/signoff", "/history/reprint"])
def test_deeply_nested_json_is_a_400_not_a_500(client: TestClient, path: str) -> None:
    r = client.post(path, content=b"[" * 50_000, headers={"content-type": "application/json", "sec-fetch-site": "same-origin"})
    assert r.status_code == 400 and "JSON" in r.text, (r.status_code, r.text[:200])


@pytest.mark.parametrize(("cs", "code", "system"), [(ICD10, "M96 1", "icd-10"), ("snomed-ct", "M96.1", "snomed-ct"),
                                                    ("loinc", "M96.1", None)])  # fmt: skip
def test_the_feed_names_the_code_system_asked_for(client: TestClient, cs: str, code: str, system: str | None) -> None:
    """A code that is not one of its system finds nothing, but the feed still names the system understood
    (it said null, as for an unknown system, so the HIS could not tell which part was wrong)."""
    feed = _info(client, code, cs=cs).json()["feed"]  # type: ignore[attr-defined]
    assert feed["entry"] == [] and feed["code"] == {"system": system, "code": code}, feed["code"]


def _set_default_clinic(workspace: Path, clinic: str, printer: str | None = None) -> None:
    settings = workspace / "handouts.toml"
    text = settings.read_text(encoding="utf-8").replace('clinic = "demo"', f'clinic = "{clinic}"', 1)
    if printer is not None:
        text = text.replace('# printer = "front-desk"', f'printer = "{printer}"', 1)
    settings.write_text(text, encoding="utf-8")


def test_the_workspace_default_clinic_and_printer_are_the_servers(make_client: Any, workspace: Path) -> None:
    """``[defaults] clinic`` of handouts.toml, as ``handouts render`` uses it: the server offered the
    fictional demo clinic instead (it read a top-level ``clinic`` key the settings never hold)."""
    from handouts.serve.config import load_config

    _set_default_clinic(workspace, "riverside", printer="front-desk")
    client = make_client()
    entry = _info(client, "M96.1", lang="en").json()["feed"]["entry"][0]  # type: ignore[attr-defined]
    assert entry["link"].endswith("?clinic=riverside")
    pdf = client.get(f"/handouts/{ARTICLE}/en.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Riverside Spine & Pain Centre" in text
    assert 'value="riverside" selected' in client.get("/").text
    assert load_config(workspace).printer == "front-desk"


def test_a_broken_default_clinic_is_refused_not_replaced_by_another(client: TestClient, workspace: Path) -> None:
    """The default clinic's file broken while serving: a request naming no clinic is refused with that
    clinic's error; the server does not print another clinic's name and phone in its place."""
    with (workspace / "clinics" / "demo.toml").open("a", encoding="utf-8") as f:
        f.write('\nname = "unterminated\n')
    r = client.get(f"/handouts/{ARTICLE}/en.pdf")
    assert r.status_code == 422 and "'demo'" in r.json()["error"] and "demo.toml" in r.json()["error"]
    assert client.get(f"/handouts/{ARTICLE}/en.pdf", params={"clinic": "riverside"}).status_code == 200


_WRONG = st.text(st.characters(categories=("L", "N"), include_characters="-./ "), min_size=81, max_size=4000)


@settings(max_examples=40, deadline=None)
@given(field=st.sampled_from(["article", "lang", "clinic", "profile", "layout"]), value=_WRONG)
def test_a_wrong_value_is_named_by_at_most_80_characters_of_it(demo_inventory: Any, field: str, value: str) -> None:
    """Every wrong id or choice is named in the answer by at most 80 characters of it: an unknown
    profile or layout was repeated whole (5,000 characters of a query string sent back)."""
    from handouts.serve.config import Limits
    from handouts.serve.forms import RefusedError, choose

    fields = {"article": ARTICLE, "lang": "th", "clinic": "demo", field: value}
    with pytest.raises(RefusedError) as refused:
        choose(fields, demo_inventory, Limits(), "demo")
    assert value[:80] in refused.value.message and value[:81] not in refused.value.message


@pytest.fixture(scope="module")
def demo_inventory(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from handouts.serve.inventory import load_inventory
    from handouts.workspace import init_workspace

    return load_inventory(init_workspace(tmp_path_factory.mktemp("inv") / "ws"))


@pytest.mark.parametrize(("headers", "body"), [
    ({"content-type": "application/json"}, '{"' + "k" * 5000 + '": null}'),
    ({"content-type": "text/" + "x" * 5000}, "patient=x"),
], ids=["json-key", "content-type"])  # fmt: skip
def test_a_wrong_field_name_or_content_type_is_named_by_at_most_80_characters(client: TestClient, headers: dict[str, str],
                                                                              body: str) -> None:  # fmt: skip
    r = client.post(f"/handouts/{ARTICLE}/en.pdf", content=body.encode(), headers=headers)
    assert r.status_code in (400, 415) and 80 < len(r.json()["error"]) < 200


def test_print_in_the_query_string_prints_or_is_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """``POST …/th.pdf?print=front`` (the name in the body) answered the PDF and printed nothing, so
    an HIS that put print= in the URL never printed; a GET with print= likewise. Now a POST prints
    (the query's print and copies: no personal data), a GET says printing needs a POST."""
    import handouts.printing

    jobs: list[tuple[object, ...]] = []
    monkeypatch.setattr(handouts.printing, "printers", lambda: (["front"], "front"))
    monkeypatch.setattr(handouts.printing, "submit_data", lambda *a: jobs.append(a) or f"front-{len(jobs)}")
    r = client.post(f"/handouts/{ARTICLE}/th.pdf", params={"print": "front", "copies": "2"}, data={"patient": "Somchai"})
    assert r.status_code == 200 and r.json()["job"] == "front-1" and r.json()["copies"] == 2 and len(jobs) == 1
    got = client.get(f"/handouts/{ARTICLE}/th.pdf", params={"print": "front"})
    assert got.status_code == 405 and "POST" in got.json()["error"] and len(jobs) == 1


def test_broken_settings_while_serving_name_the_settings_file(client: TestClient, workspace: Path) -> None:
    """handouts.toml broken while serving: a request naming no clinic said 'unknown clinic ''' (404);
    it is refused with the settings file's error, and the server goes on (the fix counts at once)."""
    import logging

    settings = workspace / "handouts.toml"
    good = settings.read_text(encoding="utf-8")
    assert client.get(f"/handouts/{ARTICLE}/en.pdf").status_code == 200  # (the server has read the workspace)
    settings.write_text("x = [\n", encoding="utf-8")
    logged: list[str] = []
    catch = logging.Handler(logging.ERROR)
    catch.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("handouts")
    level = logger.level
    logger.addHandler(catch)  # (on the logger itself: another test may have stopped its propagation)
    logger.setLevel(logging.ERROR)
    try:
        r = client.get(f"/handouts/{ARTICLE}/en.pdf")
        assert client.get("/").status_code == 200
    finally:
        logger.removeHandler(catch)
        logger.setLevel(level)
    assert r.status_code == 422 and "handouts.toml" in r.json()["error"] and "''" not in r.json()["error"]
    said = [m for m in logged if "default clinic" in m]
    assert len(said) == 1, said  # logged once, not at every request until it is fixed
    settings.write_text(good, encoding="utf-8")
    assert client.get(f"/handouts/{ARTICLE}/en.pdf").status_code == 200


_CONTROL = st.one_of(st.characters(categories=("Cc", "Cs"), exclude_characters="\n\t"),
                     st.sampled_from("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(field=st.sampled_from(["patient", "notes"]), before=st.text(st.characters(categories=("L",)), max_size=10),
       control=_CONTROL)  # fmt: skip
def test_a_control_character_in_a_name_or_notes_is_refused_as_one(demo_inventory: Any, field: str, before: str,
                                                                  control: str) -> None:  # fmt: skip
    """DEL and the C1 controls (U+0085 printed as a space), a lone surrogate (sent as JSON '\\ud800')
    and the bidirectional overrides (U+202E printed into the PDF's text) are refused as control
    characters (400, 'retype them'), as the C0 controls were: they reached the render."""
    from handouts.serve.config import Limits
    from handouts.serve.forms import RefusedError, choose

    fields = {"article": ARTICLE, "lang": "th", "clinic": "demo", field: f"{before}{control}x"}
    with pytest.raises(RefusedError) as refused:
        choose(fields, demo_inventory, Limits(), "demo")
    assert refused.value.status == 400 and "control characters" in refused.value.message


def test_a_head_request_answers_as_a_get_would_without_laying_the_handout_out(
    client: TestClient, workspace: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A HEAD (an HIS checking a link) rendered the whole PDF and threw it away: it now answers the
    GET's status, type and approval from the translation alone; a refused one is 422 as the GET is."""
    from handouts.serve import actions

    get = client.get(f"/handouts/{ARTICLE}/th.pdf")

    def no_layout(job: object) -> dict[str, object]:
        raise AssertionError("a HEAD laid the handout out")

    monkeypatch.setattr(actions, "render_job", no_layout)
    head = client.head(f"/handouts/{ARTICLE}/th.pdf")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"] == "application/pdf"
    assert head.headers["x-handout-approval"] == get.headers["x-handout-approval"]
    assert head.headers["content-disposition"] == get.headers["content-disposition"]
    assert "content-length" not in head.headers or head.headers["content-length"] != "0"
    assert client.head(f"/handouts/{ARTICLE}/fr.pdf").status_code == client.get(f"/handouts/{ARTICLE}/fr.pdf").status_code
    po = workspace / "locales/th/LC_MESSAGES/handouts.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("โทร. %(number)s ทันที", "โทร. %(number) ทันที"), encoding="utf-8")  # a broken placeholder
    assert client.head(f"/handouts/{ARTICLE}/th.pdf").status_code == 422


def test_an_anonymous_pdf_has_an_etag_and_a_kept_copy_is_a_304(client: TestClient) -> None:
    """``private, no-cache`` asks an HIS or a browser to check a kept PDF before using it, but nothing
    could be checked: no ETag, so every check downloaded the whole PDF again."""
    pdf = f"/handouts/{ARTICLE}/th.pdf"
    first = client.get(pdf)
    etag = first.headers.get("etag", "")
    assert first.status_code == 200 and re.fullmatch(r'"[0-9a-f]{32}"', etag), first.headers
    assert client.get(pdf).headers["etag"] == etag  # the same PDF, the same tag
    for sent in (etag, f"W/{etag}", f'"0000", {etag}', "*"):
        again = client.get(pdf, headers={"if-none-match": sent})
        assert again.status_code == 304 and again.content == b"", (sent, again.status_code)
        assert again.headers["etag"] == etag and again.headers["x-handout-approval"] == "final"
    other = client.get(f"/handouts/{ARTICLE}/en.pdf", headers={"if-none-match": etag})  # another PDF: sent whole
    assert other.status_code == 200 and other.content.startswith(b"%PDF") and other.headers["etag"] != etag
    personal = client.post(pdf, data={"patient": "Somchai"}, headers={"if-none-match": "*"})
    assert personal.status_code == 200 and "etag" not in personal.headers and personal.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("header", "lang"), [("th-TH,th;q=0.9,en;q=0.8", "th"), ("fr, th; q=0.5", "th"),
                                              ("my-MM", "my"), ("fr", "en"), ("th;q=0, en;q=0.2", "en"), (None, "en")])  # fmt: skip
def test_the_infobutton_without_a_language_answers_in_the_browsers(client: TestClient, header: str | None, lang: str) -> None:
    """A link to the Infobutton opened at a Thai desk PC (no informationRecipient.languageCode.c)
    listed the English handout; the browser's Accept-Language now chooses, English when it names
    none of the workspace's languages. The query's language still wins."""
    params = {"mainSearchCriteria.v.c": "M96.1", "knowledgeResponseType": "application/json"}
    headers = {"accept-language": header} if header else {}
    r = client.get("/infobutton", params=params, headers=headers)
    assert r.status_code == 200 and r.headers["vary"] == "Accept-Language"
    feed = r.json()["feed"]
    assert feed["language"] == lang and feed["entry"][0]["lang"] == lang, feed
    asked = client.get("/infobutton", params=params | {"informationRecipient.languageCode.c": "en"}, headers=headers)
    assert asked.json()["feed"]["entry"][0]["lang"] == "en"
