"""`handouts check`: the plain-language check of an article (logic in :mod:`handouts.plain_language`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli import WorkspaceOpt, app, boundary


@app.command()
def check(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="Article id under articles/ or a path to a .md file.")],
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Language to check (th, en); default: the article's own.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 3 when there are warnings.")] = False,
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Check an article for plain language: long sentences, long words, passive voice, reading grade.

    Prints one line per finding (FILE:LINE: warning: ...) and a summary line on stdout.
    """
    from handouts.errors import StrictError
    from handouts.pipeline import RenderContext, check_plain_language

    with boundary():
        report = check_plain_language(article, lang, RenderContext(workspace))
        for finding in report.findings:
            typer.echo(str(finding))
        typer.echo(report.summary())
        if strict and report.findings:
            n = len(report.findings)
            raise StrictError(f"{n} plain-language warning{'s' if n != 1 else ''} under --strict",
                              hint="rewrite the flagged text, or check without --strict")  # fmt: skip
