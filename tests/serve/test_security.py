"""`handouts serve` is safe by default: each rule of the issue has a test here."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from handouts.cli import app as cli
from handouts.serve.auth import Sessions, hash_password, verify_password
from handouts.serve.config import ServeError, check_startable, load_config, set_password, set_token
from tests.serve.conftest import ARTICLE, SAME_SITE

PDF = f"/handouts/{ARTICLE}/en.pdf"


def test_unknown_host_is_refused(client: TestClient) -> None:
    refused = client.get("/", headers={"host": "evil.example"})
    assert refused.status_code == 400
    # with the headers of every other answer (a DNS-rebinding page must not frame or sniff it)
    assert refused.headers["x-frame-options"] == "DENY" and refused.headers["cache-control"] == "no-store"
    assert "content-security-policy" in refused.headers and refused.headers["x-content-type-options"] == "nosniff"
    assert client.get("/", headers={"host": "127.0.0.1:8080"}).status_code == 200
    assert client.get("/", headers={"host": "localhost"}).status_code == 200


@pytest.mark.parametrize(("path", "headers", "status"), [
    (PDF, {"host": "evil.example"}, 400), ("/", {"host": "127.0.0.1:x"}, 400), ("/static/app.css", {"host": "[::1"}, 400),
    ("/static/nope.css", {}, 404), ("/fonts/nope.ttf", {}, 404), ("/static/..%2fapp.py", {}, 404),
])  # fmt: skip
def test_every_error_answer_is_json(client: TestClient, path: str, headers: dict[str, str], status: int) -> None:
    """docs/api.md: 'Every error answer is JSON': a refused Host header was Starlette's plain text
    'Invalid host header', and an unknown static file or font a plain 'not found'."""
    r = client.get(path, headers=headers)
    assert r.status_code == status and r.headers["content-type"] == "application/json"
    assert isinstance(r.json()["error"], str) and r.json()["error"]


@pytest.mark.parametrize("headers", [{"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"},
                                     {"origin": "http://evil.example"}, {"origin": "null"}])
def test_cross_site_posts_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post("/desk", data={"article": ARTICLE, "lang": "en", "action": "download"}, headers=headers)
    assert r.status_code == 403
    assert client.post(PDF, data={"patient": "A"}, headers=headers).status_code == 403


def test_same_origin_posts_pass(client: TestClient) -> None:
    r = client.post("/desk", data={"article": ARTICLE, "lang": "en", "action": "download"},
                    headers={"origin": "http://127.0.0.1"})  # fmt: skip
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")


@pytest.mark.parametrize("url", ["/?patient=Somchai", f"{PDF}?notes=insulin", "/status?patient=x&article=a",
                                 f"{PDF}?Patient=Somchai", f"{PDF}?NOTES=x", f"{PDF}?%20patient=x", f"{PDF}?pat%69ent=x"])
def test_personal_data_in_urls_is_refused(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400 and "POST" in r.json()["error"]


def test_size_limits(client: TestClient) -> None:
    assert client.post(PDF, content=b"x" * (70 * 1024), headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413
    assert client.post(PDF, data={"patient": "A" * 121}).status_code == 413
    assert client.post(PDF, data={"notes": "B" * 1201}).status_code == 413
    assert client.post(PDF, data={f"f{i}": "1" for i in range(40)}).status_code == 413
    assert client.post(PDF, data={"copies": "5000"}).status_code == 400


def test_security_headers_and_no_store(client: TestClient) -> None:
    r = client.get("/")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store" and r.headers["referrer-policy"] == "no-referrer"
    html = r.text
    assert 'name="patient"' in html and html.count('autocomplete="off"') >= 3
    assert "<script>" not in html and "style=" not in html  # nothing inline: the CSP forbids it


def test_strict_transport_security_only_over_https(workspace: Path) -> None:
    """Served with --ssl-certfile, every answer tells the browser to keep to HTTPS; over plain HTTP
    (localhost) the header would be ignored or, worse, pin a name that has no certificate."""
    from handouts.serve.app import create_app
    from handouts.serve.config import load_config

    app = create_app(load_config(workspace, https=True), in_process=True)
    with TestClient(app, base_url="https://127.0.0.1", follow_redirects=False) as tls:
        for r in (tls.get("/"), tls.get("/nope"), tls.get("/?patient=x")):
            assert r.headers.get("strict-transport-security", "").startswith("max-age="), (r.status_code, r.headers)
    with TestClient(create_app(load_config(workspace), in_process=True), base_url="http://127.0.0.1") as plain:
        assert "strict-transport-security" not in plain.get("/").headers


def test_patient_never_in_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    log = logging.getLogger("handouts.serve")
    log.addHandler(caplog.handler)  # the CLI's tests may have made "handouts" stop propagating
    log.setLevel(logging.INFO)
    client.post("/desk", data={"article": ARTICLE, "lang": "en", "action": "download", "patient": "Somchai Jaidee",
                               "notes": "metformin 500 mg"}, headers=SAME_SITE)  # fmt: skip
    assert "Somchai" not in caplog.text and "metformin" not in caplog.text
    log.removeHandler(caplog.handler)
    assert "POST /desk 200" in caplog.text


def test_localhost_only_unless_lan(workspace: Path) -> None:
    with pytest.raises(ServeError, match="--lan"):
        check_startable(load_config(workspace, host="0.0.0.0"))
    with pytest.raises(ServeError, match="login"):
        check_startable(load_config(workspace, host="0.0.0.0", lan=True))
    r = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "-w", str(workspace)])
    assert r.exit_code == 1 and "--lan" in r.stderr


@pytest.mark.parametrize("hosts", ['["*"]', '["clinic-pc.local", " * "]'])
def test_a_wildcard_for_every_host_is_refused(workspace: Path, hosts: str) -> None:
    """`allowed_hosts = ["*"]` would turn the Host check (DNS rebinding) off: refused, with the fix;
    one domain's names (`*.clinic.lan`) stay allowed."""
    settings = workspace / "handouts.toml"
    base = settings.read_text(encoding="utf-8")
    settings.write_text(base + f"\n[serve]\nallowed_hosts = {hosts}\n", encoding="utf-8")
    with pytest.raises(ServeError, match="DNS rebinding") as e:
        load_config(workspace)
    assert e.value.key == "[serve].allowed_hosts" and "clinic-pc.local" in (e.value.hint or "")
    settings.write_text(base + '\n[serve]\nallowed_hosts = ["*.clinic.lan"]\n', encoding="utf-8")
    assert "*.clinic.lan" in load_config(workspace).allowed_hosts


def test_passwords_and_tokens_are_stored_hashed(workspace: Path) -> None:
    r = CliRunner().invoke(cli, ["serve", "passwd", "nurse", "-w", str(workspace)], input="s3cret-pass\ns3cret-pass\n")
    assert r.exit_code == 0, r.stderr
    r = CliRunner().invoke(cli, ["serve", "token", "his", "-w", str(workspace)])
    assert r.exit_code == 0, r.stderr
    token = r.stdout.strip()
    text = (workspace / "handouts.toml").read_text(encoding="utf-8")
    assert "s3cret-pass" not in text and token not in text
    cfg = load_config(workspace)
    assert verify_password("s3cret-pass", cfg.users["nurse"]) and not verify_password("wrong", cfg.users["nurse"])
    (workspace / "handouts.toml").write_text(text + '\n[serve.extra]\n', encoding="utf-8")
    with pytest.raises(ServeError, match="unknown key 'extra'"):
        load_config(workspace)


def test_plain_passwords_in_settings_are_refused(workspace: Path) -> None:
    (workspace / "handouts.toml").write_text('[serve.users]\nnurse = "hunter2"\n', encoding="utf-8")
    with pytest.raises(ServeError, match="scrypt"):
        load_config(workspace)


@pytest.fixture
def lan(workspace: Path, make_client: Callable[..., TestClient]) -> tuple[TestClient, str]:
    set_password(workspace, "nurse", "s3cret-pass")
    token = "t0ken-for-the-his-0123456789"
    set_token(workspace, "his", token)
    return make_client(host="192.0.2.10", lan=True), token


def test_lan_mode_requires_login(lan: tuple[TestClient, str]) -> None:
    client, _ = lan
    r = client.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/history").status_code == 303 and client.get("/review").status_code == 303
    r = client.post("/login", data={"user": "nurse", "password": "wrong"}, headers=SAME_SITE)
    assert r.status_code == 401
    r = client.post("/login", data={"user": "nurse", "password": "s3cret-pass", "next": "//evil.example/"}, headers=SAME_SITE)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/").status_code == 200


def test_a_wrong_password_keeps_the_user_name_typed(lan: tuple[TestClient, str]) -> None:
    """After a wrong password the login page came back empty: the nurse typed the name again. It
    keeps the name (escaped; never the password) and puts the cursor in the password field."""
    client, _ = lan
    r = client.post("/login", data={"user": 'nurse"><b>x', "password": "wrong-one"}, headers=SAME_SITE)
    assert r.status_code == 401
    assert 'value="nurse&#34;&gt;&lt;b&gt;x"' in r.text and "<b>x" not in r.text and "wrong-one" not in r.text
    assert re.search(r'id="password"[^>]*autofocus', r.text)
    assert 'value=""' in client.get("/login").text  # (a first visit: nothing typed yet)


def test_lan_mode_api_requires_a_token(lan: tuple[TestClient, str]) -> None:
    client, token = lan
    assert client.get(PDF).status_code == 401
    assert client.get(PDF, headers={"authorization": "Bearer nope"}).status_code == 401
    r = client.post(PDF, data={"patient": "A B"}, headers={"authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")


def test_login_is_rate_limited(lan: tuple[TestClient, str]) -> None:
    client, _ = lan
    codes = [client.post("/login", data={"user": "nurse", "password": "guess"}, headers=SAME_SITE).status_code
             for _ in range(7)]  # fmt: skip
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]


def test_api_is_rate_limited(make_client: Callable[..., TestClient], workspace: Path) -> None:
    from handouts.serve.config import Limits

    client = make_client(limits=Limits(api_per_minute=3))
    codes = [client.get("/infobutton", params={"mainSearchCriteria.v.c": "J45"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_sessions_expire_and_cannot_be_forged() -> None:
    s = Sessions(b"k" * 32, seconds=60)
    cookie = s.issue("nurse", now=1000)
    assert s.user(cookie, now=1010) == "nurse"
    assert s.user(cookie, now=1061) is None
    name, expiry, sig = cookie.split("|")
    assert s.user(f"{name}|{int(expiry) + 999}|{sig}", now=1010) is None
    assert Sessions(b"x" * 32).user(cookie, now=1010) is None
    assert verify_password("a", hash_password("a"))


@pytest.mark.parametrize("cookie", ["a|b|é", "é|1|x", "a|²|b", "||", "a|b", "\udcff|1|2"])
def test_a_forged_or_foreign_session_cookie_is_a_login_not_a_crash(lan: tuple[TestClient, str], cookie: str) -> None:
    client, token = lan
    assert Sessions(b"k" * 32).user(cookie) is None
    raw = [(b"cookie", b"handouts_session=" + cookie.encode("utf-8", "surrogateescape"))]  # the bytes as sent
    r = client.get("/", headers=raw)  # type: ignore[arg-type]
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get(PDF, headers=raw).status_code == 401  # type: ignore[arg-type]  # (no token: the cookie is read)


@pytest.mark.parametrize("digits", ["²", "١", "๓", "1²", "⁵"])
def test_numbers_in_other_scripts_are_a_clear_refusal(client: TestClient, digits: str) -> None:
    """``"²".isdigit()`` is true but ``int("²")`` fails: each number field is refused with 400, never a 500."""
    r = client.post(PDF, data={"copies": digits, "print": "pdf"}, headers=SAME_SITE)
    assert r.status_code == 400 and "copies" in r.text, (r.status_code, r.text[:200])
    r = client.post("/desk", data={"article": ARTICLE, "lang": "th", "action": "download", "copies": digits},
                    headers=SAME_SITE)  # fmt: skip
    assert r.status_code == 400, (r.status_code, r.text[:200])
    r = client.post("/history/reprint", data={"record": digits}, headers=SAME_SITE)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:200])
    r = client.post(PDF, content=b"x=1", headers={**SAME_SITE, "content-type": "application/x-www-form-urlencoded",
                                                   "content-length": "3"})  # fmt: skip
    assert r.status_code < 500


def test_a_token_or_login_removed_from_the_settings_stops_working_at_once(lan: tuple[TestClient, str],
                                                                          workspace: Path) -> None:  # fmt: skip
    """Revoking is editing handouts.toml: the running server sees it on the next request (no restart)."""
    import re

    client, token = lan
    bearer = {"authorization": f"Bearer {token}"}
    assert client.get(PDF, headers=bearer).status_code == 200
    r = client.post("/login", data={"user": "nurse", "password": "s3cret-pass"}, headers=SAME_SITE)
    assert r.status_code == 303 and client.get("/").status_code == 200
    settings = workspace / "handouts.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^his = .*\n", "", text), encoding="utf-8")
    assert client.get(PDF, headers=bearer).status_code == 401
    settings.write_text(re.sub(r"(?m)^(his|nurse) = .*\n", "", text), encoding="utf-8")
    r = client.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login"), "the removed login's session ended"
    settings.write_text(text + "\n[broken\n", encoding="utf-8")  # unreadable settings: nobody, not everybody
    assert client.get(PDF, headers=bearer).status_code == 401


def test_a_server_on_every_address_accepts_this_pcs_names(workspace: Path) -> None:
    from handouts.serve.config import load_config, own_names

    cfg = load_config(workspace, host="0.0.0.0", lan=True)
    assert set(own_names()) <= set(cfg.hosts) and "evil.example" not in cfg.hosts
    import socket

    assert socket.gethostname() not in load_config(workspace).hosts, "a localhost-only server: loopback names only"


def test_the_login_returns_to_the_page_asked_for_with_its_query(lan: tuple[TestClient, str]) -> None:
    """A link to the desk naming the handout: after the login, the desk shows that handout."""
    client, _ = lan
    r = client.get("/", params={"article": "back-pain-after-surgery", "lang": "th"})
    assert r.status_code == 303
    login = client.get(r.headers["location"])
    m = re.search(r'name="next" value="([^"]*)"', login.text)
    assert m is not None
    nxt = html.unescape(m[1])
    assert nxt == "/?article=back-pain-after-surgery&lang=th", nxt
    r = client.post("/login", data={"user": "nurse", "password": "s3cret-pass", "next": nxt}, headers=SAME_SITE)
    assert r.status_code == 303 and r.headers["location"] == nxt


def test_an_unexpected_failure_is_a_json_500_without_details(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug or an unforeseen failure answers like every other error (JSON, the security headers),
    not Starlette's plain 'Internal Server Error', and says nothing of the request's fields."""
    from starlette.testclient import TestClient

    from handouts.serve import app as serve_app
    from handouts.serve.app import create_app

    def broken(self: object) -> object:
        raise RuntimeError("disk on fire: Somchai")

    monkeypatch.setattr(serve_app.Server, "inventory", broken)
    client = TestClient(create_app(load_config(workspace), in_process=True), base_url="http://127.0.0.1",
                        raise_server_exceptions=False)  # fmt: skip
    r = client.post(PDF, data={"patient": "Somchai"})
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    assert r.json() == {"error": "internal error: the server's log has the details"}
    assert r.headers["x-content-type-options"] == "nosniff"


def test_a_port_in_use_is_one_line_and_exit_1_before_any_url(workspace: Path) -> None:
    """Another program on the port: the server printed its URL and 'serving the front desk', then
    uvicorn's 'ERROR: [Errno 98] …' and exit 3 (which docs/errors.md gives to --strict warnings)."""
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        r = CliRunner().invoke(cli, ["serve", "--port", str(port), "-w", str(workspace)])
    assert r.exit_code == 1, (r.exit_code, r.stdout, r.stderr)
    assert r.stdout == "" and "serving" not in r.stderr
    assert r.stderr.startswith("error: --port") and "in use" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_logged_out_session_cannot_be_used_again(lan: tuple[TestClient, str]) -> None:
    """Log out only deleted the browser's cookie: the same cookie (copied before, or kept by a
    browser that did not delete it) still opened every page until it expired, hours later."""
    client, _ = lan
    r = client.post("/login", data={"user": "nurse", "password": "s3cret-pass"}, headers=SAME_SITE)
    session = r.cookies["handouts_session"]
    assert client.get("/history").status_code == 200
    assert client.post("/logout", headers=SAME_SITE).status_code == 303
    client.cookies.set("handouts_session", session)  # the same cookie again
    again = client.get("/history")
    assert again.status_code == 303 and again.headers["location"].startswith("/login")


def test_too_many_requests_at_once_get_a_json_503_to_retry() -> None:
    """Over the requests in flight the server takes, the answer is a JSON 503 with Retry-After (uvicorn's
    own limit answered "Service Unavailable" in plain text, which an HIS cannot read); when one
    finishes, the next is served."""
    import asyncio
    import json

    from handouts.serve.security import Guard

    async def main() -> None:
        gate = asyncio.Event()

        async def app(scope: object, receive: object, send: Any) -> None:
            await gate.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        guard = Guard(app, body_bytes=1024, busy=2)  # type: ignore[arg-type]

        def request() -> tuple[list[dict[str, Any]], Any]:
            sent: list[dict[str, Any]] = []

            async def send(message: dict[str, Any]) -> None:
                sent.append(message)

            async def receive() -> dict[str, Any]:
                return {"type": "http.request", "body": b"", "more_body": False}

            scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []}
            return sent, guard(scope, receive, send)  # type: ignore[arg-type]

        held = [request() for _ in range(2)]
        tasks = [asyncio.ensure_future(call) for _, call in held]
        await asyncio.sleep(0)
        sent, call = request()
        await call
        head = sent[0]
        assert head["status"] == 503 and (b"retry-after", b"1") in head["headers"]
        assert (b"content-type", b"application/json") in head["headers"]
        assert "busy" in json.loads(sent[1]["body"])["error"]
        gate.set()
        await asyncio.gather(*tasks)
        assert [s[0]["status"] for s, _ in held] == [200, 200]
        sent, call = request()  # the two are done: served again
        await call
        assert sent[0]["status"] == 200 and guard.inflight == 0

    asyncio.run(main())
