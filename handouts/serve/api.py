"""HTTP requests from a hospital information system → Infobutton answers and handout PDFs.

- ``GET /infobutton`` follows the HL7 Infobutton URL convention as MedlinePlus Connect uses it:
  ``mainSearchCriteria.v.cs`` (code-system OID or alias), ``mainSearchCriteria.v.c`` (the code),
  ``informationRecipient.languageCode.c`` and ``knowledgeResponseType`` (``application/json``
  or ``text/xml``, an Atom feed). An unknown code or system is an empty feed, not an error.
- ``GET /handouts/{article}/{lang}.pdf`` → the anonymous PDF; ``POST`` the same path with
  ``patient``/``notes`` (form or JSON) → the personalised PDF (``no-store``), or with
  ``print=<printer>`` → the CUPS job as JSON. ``X-Handout-Approval`` says final or draft; a
  handout that ``handouts render`` would refuse is a 422 with the same findings.
``docs/api.md`` documents it; :func:`openapi` serves the OpenAPI description.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any
from xml.etree import ElementTree as ET

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from handouts.content.codes import SYSTEMS, Code, matches, normalise, system_name
from handouts.serve import actions
from handouts.serve.app import Server, api_user, server
from handouts.serve.forms import RefusedError, choose, language_of, read_fields
from handouts.serve.inventory import ArticleInfo
from handouts.serve.openapi import SPEC

ATOM = "http://www.w3.org/2005/Atom"
VARY = {"vary": "Accept-Language"}  # (the feed's language follows it when the query names none)


def _limited(request: Request) -> Response | None:
    srv = server(request)
    host = request.client.host if request.client else "?"
    # the clinic PC itself (loopback) is not limited: its Host header is already checked
    wait = 0.0 if host.startswith("127.") or host == "::1" else srv.api_limit.hit(host)
    if wait:
        return JSONResponse({"error": f"rate limit: at most {srv.cfg.limits.api_per_minute} requests a minute"},
                            status_code=429, headers={"retry-after": str(int(wait) + 1)})  # fmt: skip
    if api_user(request) is None:
        return JSONResponse({"error": "authentication required: send 'Authorization: Bearer <token>'"},
                            status_code=401, headers={"www-authenticate": "Bearer"})  # fmt: skip
    return None


def requested_code(request: Request) -> Code | None:
    q = request.query_params
    system = system_name(q.get("mainSearchCriteria.v.cs", "") or "icd-10")
    code = q.get("mainSearchCriteria.v.c", "")
    if system is None or not code:
        return None
    norm = normalise(system, code)
    return Code(system, norm) if norm else None


async def _entries(srv: Server, code: Code | None, lang: str, base: str) -> list[dict[str, Any]]:
    inv = srv.inventory()
    clinic = srv.default_clinic(inv)
    found: list[tuple[ArticleInfo, str]] = []
    for a in inv.articles:
        if a.error or code is None or not any(matches(listed, code) for listed in a.codes):
            continue
        found.append((a, lang if lang in a.langs else a.source_lang))
    states = list(await asyncio.gather(*(srv.status(srv.job(a.id, clinic, la)) for a, la in found)))
    # a catalog with nothing translated yet prints the source text under a draft mark: answer the source
    empty = [i for i, ((a, la), st) in enumerate(zip(found, states))
             if la != a.source_lang and st.get("ok") and st["approval"]["percent"] == 0]  # fmt: skip
    for i in empty:
        found[i] = (found[i][0], found[i][0].source_lang)
    fresh = await asyncio.gather(*(srv.status(srv.job(found[i][0].id, clinic, found[i][1])) for i in empty))
    for i, st in zip(empty, fresh):
        states[i] = st
    out = []
    for (a, la), st in zip(found, states):
        approval = st["approval"]["state"] if st.get("ok") else "refused"
        out.append({
            "id": a.id, "title": a.title(la), "lang": la, "approval": approval,
            "next_review": a.next_review.isoformat() if a.next_review else None,
            "codes": [str(c) for c in a.codes],
            "link": f"{base}handouts/{a.id}/{la}.pdf?clinic={clinic}",
        })  # fmt: skip
    return out


async def infobutton(request: Request) -> Response:
    if (refused := _limited(request)) is not None:
        return refused
    srv = server(request)
    q = request.query_params
    if not q.get("mainSearchCriteria.v.c"):
        return JSONResponse({"error": "mainSearchCriteria.v.c (the code) is required"}, status_code=400)
    for name, value in q.multi_items():  # (echoed into the feed: XML 1.0 cannot hold control characters)
        if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff" for c in value):
            return JSONResponse({"error": f"{name} has a control character"}, status_code=400)
    # the reader's language: the Infobutton's own parameter, else the browser's (an HIS link opened by
    # staff: a Thai desk PC asks in Thai), else English, as MedlinePlus Connect answers
    lang = language_of(q.get("informationRecipient.languageCode.c", "")) or _browser_language(request) or "en"
    code = requested_code(request)
    entries = await _entries(srv, code, lang, str(request.base_url))
    kind = q.get("knowledgeResponseType", "text/xml").lower()
    shown = q.get("mainSearchCriteria.v.c", "")
    if kind in ("application/json", "json"):
        return JSONResponse({"feed": {"title": f"handouts for {shown}", "language": lang,
                                      "code": {"system": system_name(q.get("mainSearchCriteria.v.cs", "") or "icd-10"),
                                               "code": shown},  # (the system, even when the code is not one of it)
                                      "updated": _now(), "entry": entries}}, headers=VARY)  # fmt: skip
    if kind not in ("text/xml", "application/atom+xml", "xml"):
        return JSONResponse({"error": "knowledgeResponseType must be application/json or text/xml"}, status_code=400)
    return Response(_atom(entries, shown, lang), media_type="text/xml; charset=utf-8", headers=VARY)


def _browser_language(request: Request) -> str | None:
    """The language ``Accept-Language`` prefers among those the workspace's handouts have."""
    from handouts.serve.ui import preferred

    header = request.headers.get("accept-language")
    if not header:
        return None
    inv = server(request).inventory()
    return preferred(header, {lang for a in inv.articles for lang in a.langs})


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _atom(entries: list[dict[str, Any]], code: str, lang: str) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"handouts for {code}"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:handouts:infobutton:{code}:{lang}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _now()
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry", {"{http://www.w3.org/XML/1998/namespace}lang": e["lang"]})
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e["title"]
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:handouts:{e['id']}:{e['lang']}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _now()
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": e["link"], "type": "application/pdf", "hreflang": e["lang"],
                                                  "rel": "alternate"})  # fmt: skip
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": e["approval"], "scheme": "urn:handouts:approval"})
        summary = f"{e['approval']}; next review {e['next_review']}; codes: {', '.join(e['codes'])}"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data


async def handout_pdf(request: Request) -> Response:
    """GET: the anonymous PDF. POST: personalised (patient, notes) or printed (print=PRINTER)."""
    from handouts.serve.pages import head_response, pdf_response

    if (refused := _limited(request)) is not None:
        return refused
    srv = server(request)
    # the query's choices (no personal data there: the Guard refuses patient and notes in a URL)
    fields = {k: v for k, v in request.query_params.items() if k in ("clinic", "profile", "layout", "print", "copies")}
    try:
        if request.method == "POST":
            fields |= await read_fields(request)  # (the body wins)
        elif "print" in fields:  # (a link followed, a prefetch: never a print job)
            raise RefusedError(405, "print= needs a POST: a GET only answers the PDF", headers={"allow": "POST"})
        fields |= {"article": request.path_params["article"], "lang": request.path_params["lang"]}  # (th-TH, tha: th)
        if "print" in fields:
            fields["printer"] = fields["print"]
        inv = srv.inventory()
        choice = choose(fields, inv, srv.cfg.limits, srv.default_clinic(inv))
        if request.method == "HEAD":  # what a GET would answer, without laying the handout out
            return head_response(await actions.approval(srv, choice), choice)
        printing = request.method == "POST" and "print" in fields
        out = await actions.render(srv, choice, client=None if printing else request)
        if printing:
            job = await actions.print_pdf(srv, choice, out, api_user(request) or "api", "api")
            return JSONResponse(job, headers={"x-handout-approval": job["approval"]})
        return pdf_response(out, choice, attachment=False,
                            if_none_match=request.headers.get("if-none-match") if request.method == "GET" else None)  # fmt: skip
    except RefusedError as r:
        return JSONResponse(r.json(), status_code=r.status, headers=r.headers)


async def openapi(request: Request) -> Response:
    return JSONResponse(SPEC, headers={"cache-control": "public, max-age=3600"})


__all__ = ["SYSTEMS", "handout_pdf", "infobutton", "openapi"]
