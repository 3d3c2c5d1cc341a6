"""`handouts check` (alias `handouts readability`): the plain-language check of an article's text.

Not to be mixed up with `handouts i18n check`, the translation check of the catalogs. The logic
is in :mod:`handouts.plain_language`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from handouts.cli import app, boundary, settings
from handouts.cli import workspace as find_workspace
from handouts.cli.render import ArticleArg, LangOpt
from handouts.frontdesk import check_lang

_HELP = """Plain-language (readability) check of an article's text: long sentences, long words, passive voice,
reading grade. For the translation check of the catalogs, see 'handouts i18n check'.

The rules are for English and Thai. A Burmese, Khmer or Lao text is read and counted, and the
summary says the rules are not available for it (exit 0, also with --strict).

Prints one line per finding (FILE:LINE: warning: ...) and a summary line on stdout.
"""


def check(
    article: ArticleArg,
    lang: LangOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 3 when there are warnings.")] = False,
) -> None:
    from handouts.errors import StrictError
    from handouts.terminal import count

    with boundary():
        workspace = find_workspace()
        lang = check_lang(lang, workspace)
        from handouts.pipeline import RenderContext, check_plain_language
        from handouts.workspace.inventory import default_languages

        defaults = default_languages(workspace, settings(workspace)) if lang is None else ()  # (as render's)
        found = 0
        for one in (lang or "").split("+") if lang else [None]:  # th+en: each language's text in turn
            report = check_plain_language(article, one, RenderContext(workspace, default_langs=defaults))
            for finding in report.findings:
                typer.echo(str(finding))
            typer.echo(report.summary())
            found += len(report.findings)
        if strict and found:
            raise StrictError(f"{count(found, 'plain-language warning')} under --strict",
                              hint="rewrite the flagged text, or check without --strict")  # fmt: skip


app.command("check", help=_HELP, short_help="Plain-language (readability) check of an article's text.")(check)
app.command("readability", help=_HELP + "\nThe same as 'handouts check'.",
            short_help="The same as 'check': plain-language check of an article's text.")(check)  # fmt: skip
