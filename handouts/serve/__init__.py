"""`handouts serve`: the front desk in a browser and the HIS API over HTTP (optional extra ``serve``).

Layers inside: ``config`` (settings) · ``auth`` (passwords, tokens, sessions, rate limits) ·
``security`` (middleware) · ``inventory`` (ids, never paths) · ``work`` (renders in warm worker
processes) · ``forms`` + ``actions`` (one way to check, render and print) · ``pages`` (HTML) and
``api`` (HIS) · ``app`` (wiring). Imported only by the ``serve`` command, so the CLI's start-up
does not grow; Starlette and uvicorn are needed only here.
"""

from __future__ import annotations

import socket

from handouts.serve.config import ServeConfig, ServeError


def bind(cfg: ServeConfig) -> socket.socket:
    """The listening socket, made before the URL is printed: an address in use (another server on the
    port) or not this PC's is one line naming the option and the fix (exit 1), not uvicorn's error."""
    import errno

    family = socket.AF_INET6 if ":" in cfg.host else socket.AF_INET
    try:
        return socket.create_server((cfg.host, cfg.port), family=family)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise ServeError(f"port {cfg.port} is in use by another program (another 'handouts serve'?)", key="--port",
                             hint="stop it, or give another --port") from None  # fmt: skip
        raise ServeError(f"cannot listen on {cfg.host}:{cfg.port}: {e.strerror or e}", key="--host",
                         hint="give an address of this PC, or keep the default 127.0.0.1") from None  # fmt: skip


def run(cfg: ServeConfig, sock: socket.socket | None = None, *, ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None) -> None:  # fmt: skip
    """Serve until interrupted (uvicorn, no access log: the app logs method, path and status only),
    on ``sock`` (from :func:`bind`) or a socket bound now."""
    import uvicorn

    from handouts.serve.app import create_app
    from handouts.serve.security import BUSY

    app = create_app(cfg)
    config = uvicorn.Config(app, host=cfg.host, port=cfg.port, log_level="warning", access_log=False,
                            server_header=False, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
                            limit_concurrency=8 * BUSY, timeout_keep_alive=5)  # (the app answers its own 503 at BUSY)  # fmt: skip
    uvicorn.Server(config).run(sockets=[sock or bind(cfg)])


__all__ = ["ServeConfig", "bind", "run"]
