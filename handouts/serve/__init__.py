"""`handouts serve`: the front desk in a browser and the HIS API over HTTP (optional extra ``serve``).

Layers inside: ``config`` (settings) · ``auth`` (passwords, tokens, sessions, rate limits) ·
``security`` (middleware) · ``inventory`` (ids, never paths) · ``work`` (renders in warm worker
processes) · ``forms`` + ``actions`` (one way to check, render and print) · ``pages`` (HTML) and
``api`` (HIS) · ``app`` (wiring). Imported only by the ``serve`` command, so the CLI's start-up
does not grow; Starlette and uvicorn are needed only here.
"""

from __future__ import annotations

from handouts.serve.config import ServeConfig


def run(cfg: ServeConfig, *, ssl_certfile: str | None = None, ssl_keyfile: str | None = None) -> None:
    """Serve until interrupted (uvicorn, no access log: the app logs method, path and status only)."""
    import uvicorn

    from handouts.serve.app import create_app

    app = create_app(cfg)
    uvicorn.run(app, host=cfg.host, port=cfg.port, log_level="warning", access_log=False, server_header=False,
                ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, limit_concurrency=64, timeout_keep_alive=5)  # fmt: skip


__all__ = ["ServeConfig", "run"]
