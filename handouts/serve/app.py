"""ServeConfig → the Starlette application (routes, middleware, shared state).

The web layer is as thin over the pipeline as the CLI: a handler parses the request, checks
ids against the inventory, hands a :class:`~handouts.serve.work.Job` to the warm workers and
formats the answer. The pages live in :mod:`handouts.serve.pages`, the HIS API in
:mod:`handouts.serve.api`; this module wires them with the safety middleware.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from handouts.serve.auth import RateLimit, Sessions, token_matches
from handouts.serve.config import LOCAL_HOSTS, ServeConfig
from handouts.serve.inventory import Inventory, load_inventory
from handouts.serve.security import Guard, TrustedHosts
from handouts.serve.ui import negotiate
from handouts.serve.work import Job, Workers

SESSION_COOKIE = "handouts_session"


DISCONNECT_POLL = 0.2  # seconds between looks at a waiting request's connection


class ClientGoneError(Exception):
    """The client closed the connection while its job waited: nothing to answer."""


class WorkerLostError(Exception):
    """The render process running (or holding) the job ended unexpectedly: the job can be tried again."""


@dataclass
class Server:
    """What every handler shares: settings, workers, sessions, limits, cached inventory and printers."""

    cfg: ServeConfig
    workers: Workers | None
    sessions: Sessions = field(default_factory=Sessions)
    login_limit: RateLimit = field(default_factory=lambda: RateLimit(5, 60))
    api_limit: RateLimit = field(default_factory=lambda: RateLimit(120, 60))
    _printers: tuple[float, list[str], str | None] = (0.0, [], None)
    _printed: dict[str, float] = field(default_factory=dict)  # the desk forms already printed (their "once" value)
    _accounts: tuple[tuple[int, int] | None, dict[str, str], dict[str, str]] = (None, {}, {})
    _settings_error: str = ""  # (the last one logged)

    def __post_init__(self) -> None:
        try:
            st = (self.cfg.workspace / "handouts.toml").stat()
            self._accounts = ((st.st_mtime_ns, st.st_size), self.cfg.users, self.cfg.tokens)
        except OSError:
            self._accounts = (None, self.cfg.users, self.cfg.tokens)
        self.login_limit = RateLimit(self.cfg.limits.login_per_minute, 60)
        self.api_limit = RateLimit(self.cfg.limits.api_per_minute, 60)

    async def status(self, job: Job) -> dict[str, Any]:
        """Final or draft, and why: in a thread of this process (no layout, milliseconds), so the pages
        stay quick even while every render worker is busy with a long handout."""
        from handouts.serve.work import status_job

        out: dict[str, Any] = await asyncio.to_thread(status_job, job)
        return out

    def inventory(self) -> Inventory:
        return load_inventory(self.cfg.workspace)

    def accounts(self) -> tuple[dict[str, str], dict[str, str]]:
        """(users, tokens) as ``handouts.toml`` holds them now: a login or token removed (or a
        password changed) there counts from the next request, without a restart. Settings that
        cannot be read accept no one until they are fixed (an error in the log)."""
        import logging

        from handouts.serve.config import ServeError, load_config

        try:
            st = (self.cfg.workspace / "handouts.toml").stat()
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
        if stamp != self._accounts[0]:
            try:
                fresh = load_config(self.cfg.workspace)
                self._accounts = (stamp, fresh.users, fresh.tokens)
            except ServeError as e:
                logging.getLogger("handouts").error("logins and API tokens refused until fixed: %s", e)
                self._accounts = (stamp, {}, {})
        return self._accounts[1], self._accounts[2]

    async def run(self, fn: Any, *args: Any, client: Any = None) -> dict[str, Any]:
        """A worker job, without blocking the event loop (other requests go on meanwhile).

        ``client`` (the request, when nothing is lost if it goes): while the job waits for a
        worker, a client that has closed the connection has its job dropped (a
        :class:`ClientGoneError`), so a double-click or an impatient HIS does not queue renders
        nobody will read in front of the next patient's. A job already running finishes."""
        if self.workers is None:  # in-process (tests): still off the event loop
            out: dict[str, Any] = await asyncio.to_thread(fn, *args)
            return out
        from concurrent.futures.process import BrokenProcessPool

        future = self.workers.submit(fn, *args)
        waiting = asyncio.wrap_future(future)
        try:
            if client is None:
                return await waiting
            while True:
                done, _ = await asyncio.wait({waiting}, timeout=DISCONNECT_POLL)
                if done:
                    return waiting.result()
                if await client.is_disconnected():
                    future.cancel()  # (only a job no worker has started can be)
                    raise ClientGoneError()
        except BrokenProcessPool:  # (its worker, or another of the pool, died: the next submit makes new ones)
            raise WorkerLostError() from None


    def first_print(self, once: str) -> bool:
        """Is this the first print of the desk form whose hidden ``once`` value this is? A double click
        on Print, or the back button's resubmission, sends the same form again: it must not print
        twice. (Checked and recorded with no await between, so two requests cannot both pass.)"""
        if once in self._printed:
            return False
        now = time.monotonic()
        if len(self._printed) > 10_000:  # (a day's forms are plenty to remember)
            self._printed = {k: t for k, t in self._printed.items() if now - t < 86_400}
        self._printed[once] = now
        return True

    async def printers(self) -> tuple[list[str], str | None]:
        """CUPS destinations and the default to offer: the workspace's printer, else CUPS' default (cached 30 s)."""
        stamp, known, default = self._printers
        if time.monotonic() - stamp > 30:
            from handouts.printing import printers

            known, default = await asyncio.to_thread(printers)
            self._printers = (time.monotonic(), known, default)
        if self.cfg.printer and self.cfg.printer in known:
            default = self.cfg.printer
        return known, default

    def job(self, article: str, clinic: str, lang: str, **kw: Any) -> Job:
        return Job(str(self.cfg.workspace), article, clinic, lang, **kw)

    def default_clinic(self, inv: Inventory) -> str:
        """The clinic of a request that names none: ``[defaults] clinic`` of ``handouts.toml`` (read
        now: an edit counts without a restart), as ``handouts render`` takes it, even when its file is
        broken (the request is then refused with that file's error: another clinic's name and phone
        are never printed in its place); without one, ``demo`` or the first clinic that can be used."""
        import logging

        from handouts.errors import HandoutError
        from handouts.workspace.settings import load_settings

        try:
            preferred = load_settings(self.cfg.workspace).clinic
            self._settings_error = ""
        except HandoutError as e:
            if str(e) != self._settings_error:  # (once, not at every request until it is fixed)
                logging.getLogger("handouts").error("the default clinic cannot be read: %s", e)
            self._settings_error, preferred = str(e), None
        if preferred and inv.clinic(preferred) is not None:
            return preferred
        usable = [c.id for c in inv.clinics if not c.error]
        if usable:
            return "demo" if "demo" in usable else usable[0]
        # none can be used (handouts.toml broken, say): one whose error then names the cause
        return next((c.id for c in inv.clinics if c.id == "demo"), inv.clinics[0].id if inv.clinics else "")


def server(request: Request) -> Server:
    srv: Server = request.app.state.server
    return srv


def client_is_local(request: Request) -> bool:
    host = request.client.host if request.client else ""
    return host in LOCAL_HOSTS or host.startswith("127.") or host == "testclient"


def current_user(request: Request) -> str | None:
    """The logged-in user; ``"local"`` on a localhost-only server (no login there)."""
    srv = server(request)
    if not srv.cfg.lan:
        return "local"
    user = srv.sessions.user(request.cookies.get(SESSION_COOKIE))
    return user if user is not None and user in srv.accounts()[0] else None  # (a removed login ends its sessions)


def api_user(request: Request) -> str | None:
    """An API caller: a valid bearer token (its name), a logged-in session, or local mode."""
    srv = server(request)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        return next((f"token:{name}" for name, h in srv.accounts()[1].items() if token_matches(token, h)), None)
    return current_user(request)


def ui_lang(request: Request) -> str:
    return negotiate(request.cookies.get("ui"), request.headers.get("accept-language"))


def login_redirect(request: Request) -> Response:
    """To the login page, then back to the page asked for with its query (an HIS's link to the desk
    names the article and language: after the login the desk still shows them)."""
    from urllib.parse import quote

    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


def create_app(cfg: ServeConfig, *, in_process: bool = False) -> Starlette:
    """The app for ``cfg``; ``in_process`` renders in threads instead of worker processes (tests)."""
    from handouts.serve import api, pages

    workers = None if in_process else Workers(cfg.workspace, cfg.workers)
    routes = [
        Route("/", pages.desk, methods=["GET"]),
        Route("/desk", pages.desk_post, methods=["POST"]),
        Route("/status", pages.status, methods=["GET"]),
        Route("/review", pages.review, methods=["GET"]),
        Route("/review/proof/{article}/{lang}.pdf", pages.proof, methods=["GET"]),
        Route("/review/signoff", pages.signoff, methods=["POST"]),
        Route("/history", pages.history_page, methods=["GET"]),
        Route("/history/reprint", pages.reprint, methods=["POST"]),
        Route("/login", pages.login, methods=["GET", "POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Route("/ui/{lang}", pages.switch_ui, methods=["GET"]),
        Route("/static/{name}", pages.static, methods=["GET"]),
        Route("/fonts/{name}", pages.font, methods=["GET"]),
        Route("/infobutton", api.infobutton, methods=["GET"]),
        Route("/handouts/{article}/{lang}.pdf", api.handout_pdf, methods=["GET", "POST"]),
        Route("/openapi.json", api.openapi, methods=["GET"]),
    ]
    middleware = [  # the first is the outermost: every answer, a refused Host's too, gets the security headers
        Middleware(Guard, body_bytes=cfg.limits.body_bytes),
        Middleware(TrustedHosts, allowed_hosts=cfg.hosts),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if workers is not None:
            workers.close()

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        headers = getattr(exc, "headers", None) or {}  # (a 405's Allow: which methods the path takes)
        error = "not found" if status == 404 else getattr(exc, "detail", "error")
        if status == 405 and headers.get("Allow"):
            error = f"method {request.method} not allowed here: use {headers['Allow']}"
        return JSONResponse({"error": error}, status_code=status, headers=headers)

    async def internal_error(request: Request, exc: Exception) -> Response:
        """A bug or an unforeseen failure: JSON like every other error, with the security headers (this
        answer is sent outside the Guard), naming nothing of the request; the traceback goes to the log."""
        from handouts.serve.security import HEADERS

        return JSONResponse({"error": "internal error: the server's log has the details"}, status_code=500,
                            headers={**HEADERS, "cache-control": "no-store"})  # fmt: skip

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_found, Exception: internal_error})  # fmt: skip
    app.state.server = Server(cfg, workers)
    return app
