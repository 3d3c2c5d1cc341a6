"""HTTP requests → the HTML pages: front desk, translation review, print history, login.

Every page works as plain HTML forms; ``static/app.js`` only refreshes the final/draft box. The
front desk's form posts the patient's name and notes (never a GET), answers with ``no-store``,
and its inputs carry ``autocomplete="off"``.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import importlib
import importlib.util
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from handouts.serve import actions
from handouts.serve.app import SESSION_COOKIE, client_is_local, current_user, login_redirect, server, ui_lang
from handouts.serve.auth import verify_password
from handouts.serve.forms import Choice, RefusedError, choose, language_of, read_fields
from handouts.serve.inventory import Inventory
from handouts.serve.ui import UI_LANGS, gettext_for, package_dir, page

STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}


def staff_page(handler: Callable[[Request, str], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """A page for signed-in staff: anybody else is sent to the login page; ``handler`` gets the user."""

    @functools.wraps(handler)
    async def page_for_staff(request: Request) -> Response:
        user = current_user(request)
        if user is None:
            return login_redirect(request)
        return await handler(request, user)

    return page_for_staff


def _html(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    return HTMLResponse(page(name, ui_lang(request), user=current_user(request) if server(request).cfg.lan else None,
                             message=ctx.pop("message", ""), message_kind=ctx.pop("message_kind", ""),
                             here=_here(request, ctx.get("nav", "")), **ctx),
                        status_code=status)  # fmt: skip


def _here(request: Request, nav: str) -> str:
    """The page to come back to (after the language switch): this GET's path and query; after a form
    post, the page the form is on (a POST is not repeated)."""
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return {"review": "/review", "history": "/history"}.get(nav, "/")


def _selection(request: Request, inv: Inventory, fields: dict[str, str]) -> Choice:
    """The form's current values, falling back to sensible defaults for anything missing or unknown."""
    srv = server(request)
    clinic = fields.get("clinic") if inv.clinic(fields.get("clinic", "")) else srv.default_clinic(inv)
    favs = srv.cfg.favourites.get(clinic or "", ())
    ids = [a.id for a in inv.articles if not a.error]
    aid = fields.get("article") if fields.get("article") in ids else next((f for f in favs if f in ids), ids[0] if ids else "")
    art = inv.article(aid or "")
    lang = language_of(fields.get("lang", ""))
    if art is not None and lang not in art.choices:
        lang = art.source_lang
    raw = fields.get("copies", "").strip()  # (a preview keeps the printer and copies chosen for the Print after it)
    copies = int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= srv.cfg.limits.copies else 1
    return Choice(aid or "", lang, clinic or "", fields.get("profile") or "standard", fields.get("layout") or "single",
                  copies=copies, printer=fields.get("printer", ""))  # fmt: skip


async def _status(request: Request, c: Choice) -> dict[str, Any]:
    if not c.article or not c.clinic:
        return {"state": "", "reasons": []}
    out = await server(request).status(server(request).job(c.article, c.clinic, c.lang))
    if not out["ok"]:
        return {"state": "refused", "reasons": [f.get("text", "") for f in out.get("findings", [])] or [out["error"]]}
    return dict(out["approval"])


async def _desk_page(request: Request, fields: dict[str, str], *, status: int = 200, **extra: Any) -> HTMLResponse:
    srv = server(request)
    inv = srv.inventory()
    sel = _selection(request, inv, fields)
    lang = sel.lang or ui_lang(request)
    q = fields.get("q", "")
    found = inv.search(q, lang)
    if not any(a.id == sel.article for a in found):  # the list shows what the search found: judge its first, or none
        first = next((a.id for a in found if not a.error), "")
        sel = _selection(request, inv, fields | {"article": first}) if first else dataclasses.replace(sel, article="")
    favs = [a for f in srv.cfg.favourites.get(sel.clinic, ()) if (a := inv.article(f)) is not None and a in found]
    languages = sorted({code for a in inv.articles for code in a.choices}, key=lambda c: ("+" in c, c))
    printers, default = await srv.printers()
    state = extra.pop("status_box", None) or await _status(request, sel)
    _ = gettext_for(ui_lang(request))
    return _html(request, "desk.html", status, title=_("Front desk"), nav="desk", q=q, sel=sel, articles=found,
                 favourites=favs, languages=languages, clinics=inv.clinics, printers=printers, default_printer=default,
                 limits=srv.cfg.limits, box=state, preview=extra.pop("preview", None),
                 personal=extra.pop("personal", None) or {"patient": "", "notes": ""}, once=secrets.token_urlsafe(16),
                 **extra)  # fmt: skip


@staff_page
async def desk(request: Request, _user: str) -> Response:
    """The front desk; a link naming an article, clinic or language that is not there says so (404)
    instead of quietly showing another handout, which could be printed for the patient in its place."""
    fields = dict(request.query_params)
    inv = server(request).inventory()
    # the handout the language is judged by: the one asked for, else the one the desk opens with
    # (a link with lang=fr alone quietly showed the English handout, to be printed in its place)
    art = inv.article(fields["article"] if fields.get("article") else _selection(request, inv, fields).article)
    _ = gettext_for(ui_lang(request))
    wrong = ""
    if fields.get("article") and (art is None or art.error):
        wrong = _("There is no handout {id}: choose one below.", id=repr(fields["article"][:80]))
    elif fields.get("clinic") and inv.clinic(fields["clinic"]) is None:
        wrong = _("There is no clinic {id}: choose one below.", id=repr(fields["clinic"][:80]))
    elif art is not None and fields.get("lang") and language_of(fields["lang"]) not in art.choices:
        wrong = _("This handout is not available in {lang}: choose a language below.", lang=repr(fields["lang"][:20]))
    if wrong:
        return await _desk_page(request, fields, status=404, message=wrong, message_kind="error")
    return await _desk_page(request, fields)


@staff_page
async def desk_post(request: Request, user: str) -> Response:
    """Preview, Print or Download PDF (the form's three buttons)."""
    srv = server(request)
    _ = gettext_for(ui_lang(request))
    fields: dict[str, str] = {}
    try:
        fields = await read_fields(request)
        keep = {k: v for k, v in fields.items() if k not in ("patient", "notes")}
        choice = choose(fields, srv.inventory(), srv.cfg.limits, srv.default_clinic(srv.inventory()))
        action = fields.get("action", "preview")
        if action == "download":
            out = await actions.render(srv, choice, client=request)
            return pdf_response(out, choice, attachment=True)
        if action == "print":
            if fields.get("once") and not srv.first_print(fields["once"]):
                msg = _("This form was already sent to the printer (a second click, or the back button): it was not printed again.")
                return await _desk_page(request, keep, status=409, message=msg, message_kind="error")
            out = await actions.render(srv, choice)
            job = await actions.print_pdf(srv, choice, out, user, "web")
            msg = _("Sent to {printer}: job {job}, copies: {copies}.", printer=job["printer"], copies=job["copies"],
                    job=job["job"] or "?")  # fmt: skip
            return await _desk_page(request, keep, message=msg, message_kind="ok")
        out = await actions.render(srv, choice, preview=True, client=request)
        images = [base64.b64encode(img).decode() for img in out["images"]]
        # the name and notes stay in the form for Print / Download (this answer is no-store, like every page)
        return await _desk_page(request, keep, preview=images, status_box=out["approval"],
                                personal={"patient": choice.patient, "notes": choice.notes})  # fmt: skip
    except RefusedError as r:
        box = {"state": "refused", "reasons": [f.get("text", "") for f in r.findings] or [r.message]}
        safe = {k: v for k, v in fields.items() if k not in ("patient", "notes")}
        personal = {"patient": fields.get("patient", "")[:200], "notes": fields.get("notes", "")[:2000]}
        message = _(r.ui[0], **r.ui[1]) if r.ui else r.message
        box = box if not r.ui else {"state": "refused", "reasons": [message]}
        return await _desk_page(request, safe, status=r.status, message=message, message_kind="error", status_box=box,
                                personal=personal)  # fmt: skip


def pdf_response(out: dict[str, Any], c: Choice, *, attachment: bool, if_none_match: str | None = None) -> Response:
    """The PDF with its approval state in a header; a neutral file name (never the patient's).

    An anonymous PDF carries an ``ETag`` (its bytes' SHA-256), so a client that keeps it (an HIS, a
    browser: ``private, no-cache`` asks them to check first) is answered ``304 Not Modified`` without
    the PDF when it sends that tag back in ``If-None-Match``; a personalised one (``no-store``) never."""
    headers = _pdf_headers(out, c, attachment) | {"x-handout-pages": str(out["pages"])}
    if not (c.patient or c.notes):
        import hashlib

        headers["etag"] = f'"{hashlib.sha256(out["pdf"]).hexdigest()[:32]}"'
        if if_none_match is not None and _matches(if_none_match, headers["etag"]):
            del headers["content-disposition"]
            response = Response(status_code=304, headers=headers)
            return response
    return Response(out["pdf"], media_type="application/pdf", headers=headers)


def _matches(if_none_match: str, etag: str) -> bool:
    """``If-None-Match`` names ``etag`` (RFC 9110 §13.1.2: ``*``, or a list compared weakly).

    >>> _matches('"a", W/"b"', '"b"'), _matches("*", '"x"'), _matches('"a"', '"b"')
    (True, True, False)
    """
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def head_response(out: dict[str, Any], c: Choice) -> Response:
    """A HEAD request's answer: the headers of the PDF a GET would send, its approval state included,
    found without laying the handout out (a HEAD rendered the whole PDF and threw it away); no
    Content-Length or page count, which only the layout knows."""
    response = Response(b"", media_type="application/pdf", headers=_pdf_headers(out, c, attachment=False))
    del response.headers["content-length"]
    return response


def _pdf_headers(out: dict[str, Any], c: Choice, attachment: bool) -> dict[str, str]:
    name = f"{c.article}.{c.lang}.pdf"
    return {
        "content-disposition": f'{"attachment" if attachment else "inline"}; filename="{name}"',
        "x-handout-approval": out["approval"]["state"],
        "cache-control": "no-store" if (c.patient or c.notes) else "private, no-cache",
    }


async def status(request: Request) -> Response:
    """JSON for the page's script: final/draft and why, in the UI language."""
    if current_user(request) is None:
        return JSONResponse({"error": "log in first"}, status_code=401)
    srv = server(request)
    inv = srv.inventory()
    asked = dict(request.query_params)
    art = inv.article(asked["article"]) if "article" in asked else None
    if "article" in asked and (art is None or art.error):  # (the desk form falls back to a default: not this)
        return JSONResponse({"error": f"no article {asked['article'][:80]!r}"}, status_code=404)
    if "clinic" in asked and not inv.clinic(asked["clinic"]):
        return JSONResponse({"error": f"no clinic {asked['clinic'][:80]!r}"}, status_code=404)
    if art is not None and "lang" in asked and language_of(asked["lang"]) not in art.choices:
        return JSONResponse({"error": f"{art.id} has no language {asked['lang'][:20]!r}",
                             "languages": list(art.choices)}, status_code=404)  # fmt: skip
    state = await _status(request, _selection(request, inv, asked))
    _ = gettext_for(ui_lang(request))
    label, summary = {
        "final": (_("Final"), _("approved for patients.")),
        "draft": (_("Draft"), _("not approved yet:")),
        "refused": (_("Cannot be printed"), ""),
    }.get(state.get("state", ""), ("", ""))
    # what the server-drawn box says too (desk.html): who signed off and when; how many reasons more
    signed = (_("signed off by {name} on {date}", name=state["reviewer"], date=state.get("date") or "?")
              if state.get("state") == "final" and state.get("reviewer") else "")  # fmt: skip
    n = len(state.get("reasons") or ())
    more = _("… and {n} more", n=n - 5) if state.get("state") == "draft" and n > 5 else ""
    return JSONResponse({**state, "label": label, "summary": summary, "signed": signed, "more": more})


@staff_page
async def review(request: Request, _user: str) -> Response:
    return await _review(request)


async def _review(request: Request, status: int = 200, message: str = "") -> HTMLResponse:
    """The review page (with ``message``: a refused sign-off, said on the page it came from)."""
    srv = server(request)
    _ = gettext_for(ui_lang(request))
    inv = srv.inventory()
    rows: list[dict[str, Any]] = []
    for a in inv.articles:
        if a.error:
            rows.append({"article": a.id, "title": a.id, "lang": a.source_lang or "?", "percent": 0,
                         "state_text": a.error, "proof": False})  # fmt: skip
            continue
        for lang in a.langs:
            if lang == a.source_lang:
                continue
            st = await _status(request, Choice(a.id, lang, srv.default_clinic(inv)))
            text = {"final": _("Final"), "draft": _("Draft"), "refused": _("Cannot be printed")}.get(st["state"], "")
            if st.get("reviewer"):
                text += " · " + _("signed off by {name} on {date}", name=st["reviewer"], date=st.get("date") or "?")
            if st.get("reasons"):
                text += " — " + "; ".join(st["reasons"][:3])
            rows.append({"article": a.id, "title": a.title(lang), "lang": lang, "percent": st.get("percent", ""),
                         "state_text": text, "proof": True})  # fmt: skip
    langs = sorted({lang for a in inv.articles for lang in a.langs if lang != a.source_lang})
    has_signoff = importlib.util.find_spec("handouts.i18n.signoff") is not None
    return _html(request, "review.html", status, title=_("Translations"), nav="review", rows=rows,
                 articles=inv.articles, languages=langs, signoff=has_signoff, message=message,
                 message_kind="error" if message else "")  # fmt: skip


async def _review_refusal(request: Request, status: int, message: str) -> Response:
    """A refusal on the review page's links and forms: that page again with the reason for a
    browser, JSON for anything else."""
    if "text/html" in request.headers.get("accept", ""):
        return await _review(request, status, message)
    return JSONResponse({"error": message}, status_code=status)


@staff_page
async def proof(request: Request, _user: str) -> Response:
    srv = server(request)
    art = srv.inventory().article(request.path_params["article"])
    lang = request.path_params["lang"]
    if art is None or art.error or lang not in art.langs:
        return await _review_refusal(request, 404, "unknown article or language")
    if lang == art.source_lang:  # nothing translated to proof: the article is written in it
        return await _review_refusal(request, 404, f"{art.id} is written in {lang}: there is no translation to proof")
    import asyncio

    from handouts.errors import HandoutError
    from handouts.i18n.proof import proof as make_proof
    from handouts.serve.work import in_workspace

    try:
        data, _, _ = await asyncio.to_thread(make_proof, srv.cfg.workspace, art.id, lang)
    except HandoutError as e:
        return await _review_refusal(request, 422, in_workspace(str(e), str(srv.cfg.workspace)))
    return Response(data, media_type="application/pdf",
                    headers={"content-disposition": f'inline; filename="{art.id}.{lang}.proof.pdf"'})  # fmt: skip


@staff_page
async def signoff(request: Request, _user: str) -> Response:
    """Record a reviewer's sign-off (the same as ``handouts i18n signoff``). A refusal is the review
    page again with the reason for a browser (its form), JSON for anything else."""
    srv = server(request)
    _ = gettext_for(ui_lang(request))
    refused = functools.partial(_review_refusal, request)
    if importlib.util.find_spec("handouts.i18n.signoff") is None:
        return await refused(501, "sign-off is not available in this version")
    try:
        fields = await read_fields(request)
    except RefusedError as r:
        return await refused(r.status, r.message)
    art = srv.inventory().article(fields.get("article", ""))
    lang, reviewer = fields.get("lang", ""), fields.get("reviewer", "").strip()
    if art is None or lang not in art.langs or not reviewer or len(reviewer) > 120:
        return await refused(400, _("Choose an article and a language, and give the reviewer's name."))
    import asyncio
    import datetime as dt

    from handouts.errors import HandoutError

    so = importlib.import_module("handouts.i18n.signoff")
    po = f"locales/{lang}/LC_MESSAGES/handouts.po"
    try:  # the same call as 'handouts i18n signoff LANG ARTICLE --reviewer NAME' (today's date)
        await asyncio.to_thread(so.sign, srv.cfg.workspace, lang, [art.id], reviewer, dt.date.today(), po)
    except HandoutError as e:  # (named as in the workspace: the server's own folders are not the browser's business)
        from handouts.serve.work import in_workspace

        text = in_workspace(str(e), str(srv.cfg.workspace))  # (in the form's words: its field, not the option)
        return await refused(422, text.replace("--reviewer: ", "reviewer: ").replace("--reviewer ", ""))
    return RedirectResponse("/review", status_code=303)


def _history(request: Request, status: int = 200, message: str = "", kind: str = "") -> HTMLResponse:
    """The print history page; its Reprint forms carry a fresh one-time value (as the desk's form)."""
    from handouts import history

    _ = gettext_for(ui_lang(request))
    records, bad = history.recent(server(request).cfg.workspace, 200)
    if bad and not message:
        message = _("{n} lines of the history file could not be read.", n=bad)
    return _html(request, "history.html", status, title=_("Print history"), nav="history", records=records,
                 message=message, message_kind=kind, once=secrets.token_urlsafe(16))  # fmt: skip


@staff_page
async def history_page(request: Request, _user: str) -> Response:
    return _history(request)


@staff_page
async def reprint(request: Request, user: str) -> Response:
    """Print a history record again: same handout, printer and copies; anonymous (names are never kept).
    A page's Reprint prints once: a double click, or the back button resubmitting it, does not again."""
    from handouts import history

    srv = server(request)
    _ = gettext_for(ui_lang(request))
    try:
        fields = await read_fields(request)
        raw = fields.get("record", "")
        number = int(raw) if raw.isascii() and raw.isdigit() else 0  # ("²".isdigit(), but not int's)
        rec = history.get(srv.cfg.workspace, number)
        if rec is None:
            raise RefusedError(404, f"no print record {number}")
        inv = srv.inventory()
        c = choose({"article": rec.article, "lang": rec.lang, "clinic": rec.clinic, "profile": rec.profile,
                    "layout": rec.layout, "copies": str(rec.copies), "printer": rec.printer}, inv, srv.cfg.limits,
                   srv.default_clinic(inv))  # fmt: skip
        if fields.get("once") and not srv.first_print(f"reprint {number} {fields['once']}"):
            msg = _("This form was already sent to the printer (a second click, or the back button): it was not printed again.")
            return _history(request, 409, msg, "error")
        out = await actions.render(srv, c)
        job = await actions.print_pdf(srv, c, out, user, "web", reprint_of=number)
    except RefusedError as r:
        return _history(request, r.status, _(r.ui[0], **r.ui[1]) if r.ui else r.message, "error")
    msg = _("Sent to {printer}: job {job}, copies: {copies}.", printer=job["printer"], copies=job["copies"], job=job["job"] or "?")
    return _history(request, message=msg, kind="ok")


async def login(request: Request) -> Response:
    srv = server(request)
    _ = gettext_for(ui_lang(request))
    nxt = request.query_params.get("next", "/")
    if request.method == "GET":
        return _html(request, "login.html", title=_("Log in"), nav="", next=_local_path(nxt))
    host = request.client.host if request.client else "?"
    wait = srv.login_limit.hit(host)
    if wait:
        return _html(request, "login.html", 429, title=_("Log in"), nav="", next="/",
                     message=_("Too many attempts: wait a minute."), message_kind="error")  # fmt: skip
    try:
        fields = await read_fields(request)
    except RefusedError as r:
        return JSONResponse(r.json(), status_code=r.status)
    user, password = fields.get("user", ""), fields.get("password", "")
    stored = srv.accounts()[0].get(user)
    if stored is None or not verify_password(password, stored):
        return _html(request, "login.html", 401, title=_("Log in"), nav="", next=_local_path(fields.get("next", "/")),
                     message=_("Wrong user or password."), message_kind="error", typed=user[:40])  # fmt: skip
    response = RedirectResponse(_local_path(fields.get("next", "/")), status_code=303)
    response.set_cookie(SESSION_COOKIE, srv.sessions.issue(user), max_age=srv.sessions.seconds, httponly=True,
                        samesite="strict", secure=srv.cfg.https, path="/")  # fmt: skip
    return response


def _local_path(value: str) -> str:
    """Only a path on this server (no open redirect)."""
    return value if value.startswith("/") and not value.startswith("//") and "\\" not in value else "/"


async def logout(request: Request) -> Response:
    server(request).sessions.end(request.cookies.get(SESSION_COOKIE))  # (not only the browser's copy)
    response = RedirectResponse("/login" if server(request).cfg.lan else "/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", samesite="strict")
    return response


async def switch_ui(request: Request) -> Response:
    """Set the UI language and go back to the page the switch was clicked on (``next``: this server's)."""
    lang = request.path_params["lang"]
    response = RedirectResponse(_local_path(request.query_params.get("next", "/")), status_code=303)
    if lang in UI_LANGS:
        response.set_cookie("ui", lang, max_age=365 * 86400, samesite="strict", path="/")
    return response


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        return JSONResponse({"error": "not found"}, status_code=404)
    return FileResponse(package_dir() / "static" / name, media_type=STATIC[name],
                        headers={"cache-control": "public, max-age=3600"})  # fmt: skip


def _fonts() -> dict[str, Path | Callable[[], Path]]:
    """The fonts the pages may load (a fixed list: names never become paths): Sarabun for Thai and
    Latin, the Noto variable fonts for Khmer and Lao from the package handouts prints with, and
    for Burmese the static instances the handouts print with (repaired: :mod:`~handouts.typesetting.scripts.fontfix`),
    made on first use."""
    from handouts.typesetting.fonts import sarabun_dir

    folder = sarabun_dir()
    fonts: dict[str, Path | Callable[[], Path]] = {name: folder / name for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf")}
    spec = importlib.util.find_spec("justmytype_intl_sea")
    if spec is not None and spec.submodule_search_locations:
        sea = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ofl"
        for family in ("Khmer", "Lao"):
            fonts[f"NotoSans{family}.ttf"] = sea / f"notosans{family.lower()}" / f"NotoSans{family}[wdth,wght].ttf"
        for weight in ("Regular", "Bold"):
            fonts[f"NotoSansMyanmar-{weight}.ttf"] = functools.partial(_myanmar, weight.lower())
    return fonts


def _myanmar(weight: str) -> Path:
    from handouts.typesetting.scripts.instances import static_instance

    return static_instance("notosansmyanmar", weight)


async def font(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    found = _fonts().get(request.path_params["name"])
    try:
        path = found if found is None or isinstance(found, Path) else await run_in_threadpool(found)
    except Exception:  # an instance that cannot be made (no writable folder): the browser's own font
        path = None
    if path is None or not path.is_file():
        return JSONResponse({"error": "not found"}, status_code=404)
    return FileResponse(path, media_type="font/ttf", headers={"cache-control": "public, max-age=86400"})


__all__ = ["client_is_local"]
