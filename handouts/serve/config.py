"""``handouts.toml`` ``[serve]`` + command-line options → :class:`ServeConfig` (the server's settings).

The web front desk reads, from the workspace settings file::

    [serve]
    allowed_hosts = ["clinic-pc.local"]          # extra Host names accepted in --lan mode
    api_per_minute = 120                         # HIS API calls a minute per address (loopback: unlimited)
    favourites = { demo = ["back-pain-after-surgery"] }   # per clinic, shown first

    [serve.users]                                # --lan logins: scrypt hashes only
    nurse = "scrypt$16384$8$1$…"

    [serve.tokens]                               # HIS API bearer tokens: SHA-256 only
    his = "sha256$…"

``handouts serve passwd NAME`` and ``handouts serve token NAME`` write these entries (never a plain
password or token). Unknown keys are errors naming the key, like every other settings file.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from handouts.errors import HandoutError, close_matches
from handouts.serve.auth import hash_password, hash_token
from handouts.textfile import toml_loads

SETTINGS: Final = "handouts.toml"
_KEYS: Final = ("allowed_hosts", "favourites", "users", "tokens", "api_per_minute")
_NAME: Final = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
LOCAL_HOSTS: Final = ("127.0.0.1", "localhost", "[::1]", "::1")


class ServeError(HandoutError):
    """The server cannot start as configured."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Request limits (HTTP 413 beyond them)."""

    body_bytes: int = 64 * 1024
    patient_chars: int = 120
    notes_chars: int = 1200
    copies: int = 50
    login_per_minute: int = 5
    api_per_minute: int = 120


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """Everything the app needs to know besides the workspace contents."""

    workspace: Path
    host: str = "127.0.0.1"
    port: int = 8080
    lan: bool = False
    allowed_hosts: tuple[str, ...] = ()
    users: dict[str, str] = field(default_factory=dict)  # name → scrypt hash
    tokens: dict[str, str] = field(default_factory=dict)  # name → sha256 hash
    favourites: dict[str, tuple[str, ...]] = field(default_factory=dict)  # clinic → article ids
    printer: str | None = None  # the workspace's default printer
    limits: Limits = field(default_factory=Limits)
    workers: int = 2
    https: bool = False

    @property
    def hosts(self) -> list[str]:
        """Host header values accepted (DNS rebinding defence): loopback names, plus LAN names with --lan."""
        hosts = list(LOCAL_HOSTS)
        if self.lan:
            hosts += [self.host, *self.allowed_hosts]
            if self.host in ("0.0.0.0", "::", ""):  # every address of this PC: its names and addresses
                hosts += own_names()
        return sorted(set(hosts))


def own_names() -> list[str]:
    """This PC's host name (and ``NAME.local``, mDNS) and the addresses it resolves to: the Host
    headers other PCs send to a server listening on every address (``--host 0.0.0.0``)."""
    import socket

    name = socket.gethostname()
    names = [name, f"{name}.local", socket.getfqdn()]
    with contextlib.suppress(OSError):  # a name that does not resolve: the names alone
        names += [str(info[4][0]) for info in socket.getaddrinfo(name, None)]
    return [n for n in names if n]


def _settings(workspace: Path) -> tuple[Path, dict[str, Any]]:
    """The settings file's TOML; a syntax error (or a file that is not UTF-8) names its line, as
    every other reader of ``handouts.toml`` does (it said "cannot read the settings: … (at line 14,
    column 7)", without the file:line the other commands give)."""
    from handouts.textfile import toml_document

    path = workspace / SETTINGS
    if not path.is_file():
        return path, {}
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ServeError(f"cannot be read: {e.strerror}", path=path) from None
    return path, toml_document(raw, path, ServeError)[1]


def _line(path: Path, table: str, key: str) -> int | None:
    """The line of ``key =`` in ``[table]`` of the settings file, for a message (None: not found)."""
    from handouts.workspace.settings import Settings

    return Settings(path).line_of(table, key) if path.is_file() else None


def _str_map(value: Any, path: Path, key: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ServeError("must be a table of name = \"…\"", path=path, key=key, line=_line(path, "serve", key[7:-1]),
                         hint=f"write them with 'handouts serve {'passwd' if key == '[serve.users]' else 'token'} NAME'")  # fmt: skip
    return {str(k): str(v) for k, v in value.items()}


def load_config(workspace: Path, **options: Any) -> ServeConfig:
    """The ``[serve]`` table of the workspace settings, checked, plus the command-line ``options``."""
    path, data = _settings(workspace)
    serve = data.get("serve", {})
    if not isinstance(serve, dict):
        raise ServeError("[serve] must be a table", path=path, key="serve")
    for key in serve:
        if key not in _KEYS:
            close = close_matches(key, _KEYS)
            raise ServeError(f"unknown key {key!r}", path=path, key=f"[serve].{key}", line=_line(path, "serve", key),
                             hint=f"did you mean {close[0]!r}?" if close else f"keys: {', '.join(_KEYS)}")  # fmt: skip
    users = _str_map(serve.get("users", {}), path, "[serve.users]")
    for name, stored in users.items():
        if not stored.startswith("scrypt$"):
            raise ServeError(f"the password of {name!r} is not a scrypt hash", path=path, key=f"[serve.users].{name}",
                             line=_line(path, "serve.users", name),
                             hint=f"never write plain passwords: run 'handouts serve passwd {name}'")  # fmt: skip
    tokens = _str_map(serve.get("tokens", {}), path, "[serve.tokens]")
    for name, stored in tokens.items():
        if not stored.startswith("sha256$"):
            raise ServeError(f"the token of {name!r} is not a sha256 hash", path=path, key=f"[serve.tokens].{name}",
                             line=_line(path, "serve.tokens", name),
                             hint=f"run 'handouts serve token {name}'")  # fmt: skip
    hosts = serve.get("allowed_hosts", [])
    fav = serve.get("favourites", {})
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        raise ServeError("must be a list of host names", path=path, key="[serve].allowed_hosts",
                         line=_line(path, "serve", "allowed_hosts"), hint='e.g. allowed_hosts = ["clinic-pc.local"]')  # fmt: skip
    if any(h.strip() == "*" for h in hosts):  # ("*.clinic.lan", one domain's names, is fine)
        raise ServeError("'*' would accept any Host name: any web page a desk PC opens could then drive the desk "
                         "(DNS rebinding)", path=path, key="[serve].allowed_hosts", line=_line(path, "serve", "allowed_hosts"),
                         hint='list the names the desk is opened by, e.g. allowed_hosts = ["clinic-pc.local"]')  # fmt: skip
    if not isinstance(fav, dict) or not all(isinstance(v, list) for v in fav.values()):
        raise ServeError("must map clinic ids to lists of article ids", path=path, key="[serve].favourites",
                         line=_line(path, "serve", "favourites"),
                         hint='e.g. favourites = { demo = ["back-pain-after-surgery"] }')  # fmt: skip
    defaults = data.get("defaults")
    printer = defaults.get("printer") if isinstance(defaults, dict) else None  # ([defaults] printer, as batch --print)
    rate = serve.get("api_per_minute", Limits().api_per_minute)
    if not isinstance(rate, int) or isinstance(rate, bool) or rate < 1:
        raise ServeError("must be a whole number ≥ 1", path=path, key="[serve].api_per_minute",
                         line=_line(path, "serve", "api_per_minute"), hint="e.g. api_per_minute = 120")  # fmt: skip
    if "limits" not in options:
        options["limits"] = Limits(api_per_minute=rate)
    return ServeConfig(
        workspace=workspace,
        allowed_hosts=tuple(hosts),
        users=users,
        tokens=tokens,
        favourites={str(k): tuple(str(a) for a in v) for k, v in fav.items()},
        printer=printer if isinstance(printer, str) else None,
        **options,
    )


def check_startable(cfg: ServeConfig, *, ssl_certfile: str | None = None, ssl_keyfile: str | None = None) -> None:
    """Everything that would stop the server, said before it starts (one line, exit 1 or 2; the server
    printed its URL and "serving the front desk", then failed with an internal error, exit 70, or
    served every request a settings error): --lan needs a login; a non-loopback address needs --lan;
    the workspace settings are read as ``handouts render`` reads them (``[defaults]`` too: an unknown
    key or default clinic); the TLS certificate and key can be loaded."""
    _check_workspace_settings(cfg)
    _check_tls(ssl_certfile, ssl_keyfile)
    if cfg.host not in LOCAL_HOSTS and not cfg.lan:
        raise ServeError(f"--host {cfg.host} is reachable from the network", key="--host",
                         hint="add --lan (which requires logins), or keep the default 127.0.0.1")  # fmt: skip
    if cfg.lan and not cfg.users:
        raise ServeError("--lan requires at least one login", path=cfg.workspace / SETTINGS, key="[serve.users]",
                         hint="add one with 'handouts serve passwd NAME'")  # fmt: skip


def _check_workspace_settings(cfg: ServeConfig) -> None:
    """``handouts.toml`` as every command checks it (a SettingsError naming its line), the default clinic
    and languages among the workspace's; a favourite naming no clinic or article of the workspace is a
    warning (it is never shown)."""
    import logging

    from handouts.workspace.inventory import article_ids, clinic_ids, default_clinic, default_languages
    from handouts.workspace.settings import load_settings

    settings = load_settings(cfg.workspace)
    if settings.clinic:
        default_clinic(cfg.workspace, settings)
    default_languages(cfg.workspace, settings)
    clinics, articles = set(clinic_ids(cfg.workspace)), set(article_ids(cfg.workspace))
    path = cfg.workspace / SETTINGS
    for clinic, ids in cfg.favourites.items():
        unknown = [a for a in ids if a not in articles]
        if clinic not in clinics or unknown:
            what = f"no clinic {clinic!r}" if clinic not in clinics else f"no article {', '.join(map(repr, unknown))}"
            line = _line(path, "serve", "favourites")
            logging.getLogger("handouts").warning(
                "%s%s: warning: [serve].favourites: the workspace has %s, so it is not shown (ids are the file names "
                "under %s/)", path, f":{line}" if line else "", what, "clinics" if clinic not in clinics else "articles")  # fmt: skip


def _check_tls(certfile: str | None, keyfile: str | None) -> None:
    """The certificate and key load as uvicorn will load them; an encrypted key is refused (uvicorn would
    ask for its password on the terminal of a server that runs unattended)."""
    from handouts.errors import UsageError

    if keyfile and not certfile:
        raise UsageError("--ssl-keyfile needs --ssl-certfile", key="--ssl-keyfile",
                         hint="give the certificate too: --ssl-certfile FILE --ssl-keyfile FILE")  # fmt: skip
    if not certfile:
        return
    import ssl

    for option, name in (("--ssl-certfile", certfile), ("--ssl-keyfile", keyfile)):
        if name is None:
            continue
        try:
            with open(name, "rb"):
                pass
        except OSError as e:
            raise ServeError(f"cannot read {name}: {e.strerror}", key=option,
                             hint="give the path of a PEM file this user can read") from None  # fmt: skip

    def no_password() -> bytes:
        raise ServeError("the TLS key is encrypted with a password", key="--ssl-keyfile" if keyfile else "--ssl-certfile",
                         hint="give an unencrypted key (openssl pkey -in KEY -out plain.key), readable by this user only")  # fmt: skip

    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(certfile, keyfile, password=no_password)
    except ssl.SSLError as e:
        raise ServeError(f"{certfile} and {keyfile or 'its key'} are not a PEM certificate and its private key "
                         f"({e.reason or e})", key="--ssl-certfile",
                         hint="give the certificate with --ssl-certfile and its key with --ssl-keyfile (PEM)") from None  # fmt: skip


def _upsert(workspace: Path, table: str, name: str, value: str) -> Path:
    """Set ``name = "value"`` in ``[table]`` of the settings file, keeping everything else as written."""
    if not _NAME.match(name):
        raise ServeError(f"{name!r} is not a usable name", hint="letters, digits, '.', '_' or '-', at most 40")
    from handouts.outputs import write_atomic

    path = workspace / SETTINGS
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    lines = text.splitlines()
    entry = f'{name} = "{value}"'
    header = f"[{table}]"
    if header not in (line.strip() for line in lines):
        lines += ([""] if lines and lines[-1].strip() else []) + [header, entry]
    else:
        start = next(i for i, line in enumerate(lines) if line.strip() == header)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
        mine = [i for i in range(start + 1, end) if re.match(rf"^\s*{re.escape(name)}\s*=", lines[i])]
        if mine:
            lines[mine[0]] = entry
        else:
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1
            lines.insert(end, entry)
    new = "\n".join(lines) + "\n"
    try:
        toml_loads(new)
    except tomllib.TOMLDecodeError as e:
        raise ServeError(f"cannot update the settings safely: {e}", path=path, hint="fix the file by hand first") from e
    write_atomic(path, new.encode())
    return path


def set_password(workspace: Path, name: str, password: str) -> Path:
    if len(password) < 8:
        raise ServeError("the password is shorter than 8 characters", hint="choose a longer one")
    return _upsert(workspace, "serve.users", name, hash_password(password))


def set_token(workspace: Path, name: str, token: str) -> Path:
    return _upsert(workspace, "serve.tokens", name, hash_token(token))
