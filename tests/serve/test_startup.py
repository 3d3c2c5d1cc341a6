"""`handouts serve` that cannot start says why in one line and exits 1 or 2, before any URL is printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli import app as cli
from handouts.serve.config import check_startable, load_config, set_password
from tests.conftest import line_of


def _serve(workspace: Path, *args: str) -> tuple[int, str, str]:
    """``handouts serve`` on a port taken meanwhile: a check that let the server start would fail on
    the port (exit 1, '--port'), never hang the test serving."""
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        r = CliRunner().invoke(cli, ["serve", "--port", port, "-w", str(workspace), *args])
    return r.exit_code, r.stdout.replace(f":{port}/", ":PORT/"), r.stderr


def _one_line(code: int, out: str, err: str, exit_code: int, start: str) -> None:
    assert code == exit_code, (code, out, err)
    assert out == "" and "serving" not in err and "Traceback" not in err, (out, err)
    assert err.startswith(start) and len(err.strip().splitlines()) == 1, err


def _pem_pair(folder: Path, password: bytes | None = None) -> tuple[Path, Path]:
    """A self-signed certificate and its key (encrypted with ``password``), as PEM files."""
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "clinic-pc.local")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))  # fmt: skip
    crypt = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, crypt))
    return cert_path, key_path


@pytest.fixture
def lan_workspace(workspace: Path) -> Path:
    set_password(workspace, "nurse", "s3cret-pass")
    return workspace


def test_a_missing_certificate_is_one_line_before_the_url(lan_workspace: Path, tmp_path: Path) -> None:
    """The server printed its https:// URL and 'serving the front desk', then uvicorn failed:
    'internal error: FileNotFoundError …', exit 70 (a bug's code)."""
    code, out, err = _serve(lan_workspace, "--lan", "--ssl-certfile", str(tmp_path / "nope.pem"))
    _one_line(code, out, err, 1, "error: --ssl-certfile: cannot read")


def test_a_file_that_is_no_certificate_is_one_line_before_the_url(lan_workspace: Path, tmp_path: Path) -> None:
    """'internal error: SSLError: [SSL] PEM lib (_ssl.c:3905)', exit 70, after the URL."""
    (tmp_path / "cert.pem").write_text("not a certificate\n")
    code, out, err = _serve(lan_workspace, "--lan", "--ssl-certfile", str(tmp_path / "cert.pem"))
    _one_line(code, out, err, 1, "error: --ssl-certfile:")
    assert "PEM certificate" in err


def test_a_key_without_its_certificate_is_a_usage_error(lan_workspace: Path, tmp_path: Path) -> None:
    """'internal error: AssertionError:', exit 70 (uvicorn asserts the certificate is given)."""
    _, key = _pem_pair(tmp_path)
    code, out, err = _serve(lan_workspace, "--lan", "--ssl-keyfile", str(key))
    _one_line(code, out, err, 2, "error: --ssl-keyfile: --ssl-keyfile needs --ssl-certfile")


def test_an_encrypted_key_is_refused_not_asked_for_on_the_terminal(lan_workspace: Path, tmp_path: Path) -> None:
    cert, key = _pem_pair(tmp_path, password=b"secret")
    code, out, err = _serve(lan_workspace, "--lan", "--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
    _one_line(code, out, err, 1, "error: --ssl-keyfile: the TLS key is encrypted")


def test_a_certificate_and_its_key_pass(lan_workspace: Path, tmp_path: Path) -> None:
    cert, key = _pem_pair(tmp_path)
    check_startable(load_config(lan_workspace, lan=True, https=True), ssl_certfile=str(cert), ssl_keyfile=str(key))
    both = tmp_path / "both.pem"
    both.write_bytes(cert.read_bytes() + key.read_bytes())  # (one file holding both: as uvicorn takes it)
    check_startable(load_config(lan_workspace, lan=True, https=True), ssl_certfile=str(both))


@pytest.mark.parametrize(
    ("edit", "needle"),
    [(('clinic = "demo"', 'clnic = "demo"'), "[defaults].clnic: unknown key 'clnic'"),
     (('clinic = "demo"', 'clinic = "nope"'), "[defaults].clinic: unknown clinic 'nope'"),
     (('# printer = "front-desk"', "printer = 5"), "[defaults].printer: must be a non-empty string")],
)  # fmt: skip
def test_broken_defaults_stop_the_server_as_they_stop_a_render(workspace: Path, edit: tuple[str, str], needle: str) -> None:
    """The server started and answered every request with the settings' error (or printed with
    another clinic's default); 'handouts render' refuses at once, naming the line."""
    settings = workspace / "handouts.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    code, out, err = _serve(workspace)
    line = line_of(settings, edit[1])
    _one_line(code, out, err, 1, f"error: {settings}:{line}: ")
    assert needle in err


@pytest.mark.parametrize(
    ("extra", "needle", "key"),
    [("[serve]\nallowed_host = ['x']\n", "[serve].allowed_host: unknown key", "allowed_host"),
     ("[serve]\napi_per_minute = 0\n", "[serve].api_per_minute: must be a whole number", "api_per_minute"),
     ("[serve]\nallowed_hosts = 'x'\n", "[serve].allowed_hosts: must be a list", "allowed_hosts"),
     ("[serve]\nx = 1\n[serve]\n", "TOML syntax error", "[serve]\n")],
)  # fmt: skip
def test_a_serve_setting_is_named_at_its_line(workspace: Path, extra: str, needle: str, key: str) -> None:
    """The [serve] errors named the file but not the line; a TOML syntax error said 'cannot read the
    settings: … (at line 16, column 7)' where every other command says 'handouts.toml:16: TOML syntax error'."""
    settings = workspace / "handouts.toml"
    before = settings.read_text(encoding="utf-8")
    settings.write_text(before + extra, encoding="utf-8")
    code, out, err = _serve(workspace)
    line = before.count("\n") + extra.count("\n", 0, extra.rindex(key)) + 1
    _one_line(code, out, err, 1, f"error: {settings}:{line}: ")
    assert needle in err


def test_a_favourite_the_workspace_does_not_have_is_a_warning(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo in [serve].favourites was silently never shown."""
    import handouts.serve

    monkeypatch.setattr(handouts.serve, "bind", lambda cfg: None)  # (started, not run)
    monkeypatch.setattr(handouts.serve, "run", lambda cfg, sock, **kw: None)
    settings = workspace / "handouts.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + '[serve]\nfavourites = { demo = ["back-pain"] }\n',
                        encoding="utf-8")  # fmt: skip
    code, out, err = _serve(workspace)
    assert code == 0 and out.startswith("http://127.0.0.1:PORT/"), (code, out, err)
    line = line_of(settings, "favourites =")
    assert f"{settings}:{line}: warning: [serve].favourites: the workspace has no article 'back-pain'" in err
