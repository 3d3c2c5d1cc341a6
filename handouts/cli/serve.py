"""`handouts serve` (the web front desk and HIS API), `serve passwd`, `serve token`, `handouts history`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from handouts.cli import GlobalOptionsGroup, app, boundary, err, flush_warnings
from handouts.cli import workspace as find_workspace

serve_app = typer.Typer(
    cls=GlobalOptionsGroup,
    help="The front desk in a browser and the HIS API (needs the 'serve' extra: pip install -e '.[serve]').",
    invoke_without_command=True,
)
app.add_typer(serve_app, name="serve")


def _need_extra() -> None:
    import importlib.util

    from handouts.errors import HandoutError

    missing = [m for m in ("starlette", "uvicorn", "multipart") if importlib.util.find_spec(m) is None]
    if missing:
        raise HandoutError(f"the web server needs {', '.join(missing)}", hint="install it: pip install -e '.[serve]'")


@serve_app.callback()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", metavar="ADDRESS", help="Address to listen on (127.0.0.1: this PC only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port to listen on.", min=1, max=65535)] = 8080,
    lan: Annotated[bool, typer.Option("--lan", help="Allow other PCs of the clinic (requires logins and API tokens).")] = False,
    workers: Annotated[int, typer.Option("--workers", metavar="N", help="Render processes (one per core).", min=1, max=16)] = 2,
    ssl_certfile: Annotated[str | None, typer.Option("--ssl-certfile", metavar="FILE", help="TLS certificate (recommended with --lan).")] = None,
    ssl_keyfile: Annotated[str | None, typer.Option("--ssl-keyfile", metavar="FILE", help="TLS key.")] = None,
) -> None:
    """Serve the front desk at http://HOST:PORT/ and the HIS API (docs/api.md) until Ctrl-C.

    Binds 127.0.0.1 unless --lan is given; --lan requires at least one login
    ('handouts serve passwd NAME'). Patient names travel only in POST bodies and the PDF.
    """
    if ctx.invoked_subcommand is not None:
        return
    with boundary():
        _need_extra()
        from handouts.serve import bind, run
        from handouts.serve.config import check_startable, load_config

        cfg = load_config(find_workspace(), host=host, port=port, lan=lan, workers=workers, https=bool(ssl_certfile))
        check_startable(cfg, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)
        sock = bind(cfg)  # (before the URL: a port in use is said, not a URL that answers nothing)
        if lan and not ssl_certfile:
            err("warning: --lan without --ssl-certfile: logins and patient names cross the network unencrypted")
        if host in ("0.0.0.0", "::"):  # every address: the URL other PCs use is this PC's name
            from handouts.serve.config import own_names

            host = own_names()[0]
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"http{'s' if ssl_certfile else ''}://{shown}:{port}/")
        err("serving the front desk; Ctrl-C stops it")
        flush_warnings(hold=False)  # a server runs for days: its warnings print as they come, never held back
        run(cfg, sock, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)


@serve_app.command("passwd")
def passwd(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Login name.")],
) -> None:
    """Set NAME's password for --lan logins (stored as a scrypt hash in handouts.toml)."""
    with boundary():
        from handouts.serve.config import set_password

        workspace = find_workspace()  # (before the password is asked for)
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
        typer.echo(str(set_password(workspace, name, password)))


@serve_app.command("token")
def token(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Who uses the token (e.g. his).")],
) -> None:
    """Make an API token for the HIS: printed once, stored only as its SHA-256 in handouts.toml."""
    with boundary():
        from handouts.serve.auth import new_token
        from handouts.serve.config import set_token

        workspace = find_workspace()
        value = new_token()
        path = set_token(workspace, name, value)
        err(f"stored the hash in {path}; give this token to {name} (it is not shown again):")
        typer.echo(value)


@app.command("history")
def history_cmd(
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", help="How many records, newest first.", min=1)] = 50,
    json_out: Annotated[bool, typer.Option("--json", help="JSON lines on stdout.")] = False,
) -> None:
    """Show the print history (who printed which handout, when, on this PC's clock; never patient names)."""
    from dataclasses import asdict

    from handouts import history

    with boundary():
        workspace = find_workspace()
        records, bad = history.recent(workspace, limit)
        for number, r in records:
            if json_out:
                typer.echo(json.dumps({"record": number, **asdict(r)}, ensure_ascii=False))
            else:
                how = "".join(f" {x}" for x in (r.profile, r.layout) if x not in ("standard", "single"))  # large, 2up…
                where = r.printer or "the default printer"  # (lp with no -d: CUPS' default destination)
                typer.echo(f"{number:>5}  {history.local_time(r.time)}  {r.user:<10} {r.article} {r.lang}{how} ×{r.copies} on {where}"
                           f"  {r.state}{' personalised' if r.personalised else ''}{f' (reprint of {r.reprint_of})' if r.reprint_of else ''}")  # fmt: skip
        if bad:
            err(f"warning: {bad} unreadable line(s) in {history.history_path(workspace)}")
        if not records:  # (unreadable lines are prints of some kind: never "nothing printed")
            err("nothing has been printed yet" if not bad else "no print record could be read")
