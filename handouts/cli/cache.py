"""`handouts cache info|clear`: the persistent typesetting cache (logic in :mod:`handouts.typesetting.diskcache`)."""

from __future__ import annotations

from typing import Annotated

import typer

from handouts.cli import GlobalOptionsGroup, app, boundary

cache_app = typer.Typer(
    cls=GlobalOptionsGroup,
    help="The typesetting cache (HANDOUTS_CACHE_DIR; --no-cache turns it off for one run).", no_args_is_help=True
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def info(json_out: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False) -> None:
    """Where the cache is, its entries, size and cap."""
    from handouts.typesetting import diskcache

    with boundary():
        data = diskcache.info()
        if json_out:
            import json

            typer.echo(json.dumps(data, indent=2))
            return
        state = "on" if data["enabled"] else "off (--no-cache or HANDOUTS_NO_CACHE)"
        if data["unwritable"]:
            state = (f"on, but nothing can be written there ({data['unwritable']}): renders run without it; "
                     "set HANDOUTS_CACHE_DIR to a folder you can write")  # fmt: skip
        typer.echo(f"folder: {data['folder']}")
        code = "".join(f" and {_mb(data[k])} of {what}" for k, what in (("code_bytes", "compiled code"), ("font_bytes", "font instances"))
                       if data[k])  # fmt: skip
        typer.echo(f"entries: {data['entries']}, {_mb(data['bytes'])}{code} of {_mb(data['cap'])} (engine version {data['engine_version']}); {state}")


@cache_app.command("clear")
def clear() -> None:
    """Delete every entry of the cache (it refills as handouts are rendered)."""
    from handouts.typesetting import diskcache

    with boundary():
        failed: list[OSError] = []
        n = diskcache.clear(failed)
        if failed:  # (a read-only cache folder: "deleted 0 entries", exit 0, and every entry still there)
            from handouts.errors import OutputError

            why = failed[0].strerror or type(failed[0]).__name__
            raise OutputError(f"{len(failed)} entr{'y' if len(failed) == 1 else 'ies'} of the cache could not be "
                              f"deleted ({why}; {n} deleted)", path=diskcache.folder(),
                              hint="check the folder's permissions, or set HANDOUTS_CACHE_DIR to a folder you can "
                              "write")  # fmt: skip
        typer.echo(f"deleted {n} entr{'y' if n == 1 else 'ies'} from {diskcache.folder()}")


def _mb(n: object) -> str:
    """A size as people read it: MB from 1 MB up, else KB (a cap of 0.01 MB read "0.0 MB")."""
    if not isinstance(n, int):
        return str(n)
    if n >= 1024 * 1024 or n == 0:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{n / 1024:.1f} KB"
