"""`handouts i18n …`: the translator's workflow (extract, init, update, status, check, compile, proof, signoff).

The work is done in :mod:`handouts.i18n` (one module per command); these commands print. Reports (``status``,
``check`` findings, what was written) go to stdout; errors that stop a command go to stderr
through :func:`handouts.cli.boundary`. ``check`` and ``status --min`` exit 1 when they fail.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from handouts.cli import GlobalOptionsGroup, StrayArgs, app, boundary, err, no_stray, state
from handouts.cli import workspace as find_workspace
from handouts.cli.choices import Choice
from handouts.errors import ExitCode
from handouts.terminal import count

i18n_app = typer.Typer(
    cls=GlobalOptionsGroup,
    help="Translator workflow: extract the strings, start or update a language's catalog, see how much is "
    "translated, check translations, compile .mo files, and print a side-by-side proof.",
    no_args_is_help=True,
)
app.add_typer(i18n_app, name="i18n")

LangArg = Annotated[str | None, typer.Argument(metavar="[LANG]", help="Language code (th, …); default: every catalog.")]


def _plural(n: int, word: str, many: str | None = None) -> str:
    return count(n, word, many)


@contextmanager
def _isolated() -> Iterator[dict[str, str]]:
    """A broken article never stops a translator's verb: it is named on stderr (file:line), the
    others are processed, and the command exits 1 at the end."""
    broken: dict[str, str] = {}
    done = False
    try:
        yield broken
        done = True
    finally:
        for line in broken.values():
            err(f"error: {line}")
    if done and broken:
        raise typer.Exit(int(ExitCode.ERROR))


@i18n_app.command("extract")
def extract_cmd() -> None:
    """Collect every article entry and template string into locales/handouts.pot."""
    from handouts.i18n.extract import extract
    from handouts.i18n.runtime import shown

    with boundary(), _isolated() as broken:
        workspace = find_workspace()
        r = extract(workspace, broken)
        what = "written" if r.written else "unchanged"
        typer.echo(f"{shown(r.path)}: {_plural(r.entries, 'entry', 'entries')} "
                   f"({r.article_entries} from {_plural(r.articles, 'article')}, {r.template_entries} from templates), "
                   f"{what}")  # fmt: skip


@i18n_app.command("init")
def init_cmd(
    lang: Annotated[str, typer.Argument(metavar="LANG", help="Language code of the new catalog (ISO 639: th, lo, my, …).")],
    translator: Annotated[
        str | None,
        typer.Option("--translator", metavar="\"NAME <EMAIL>\"", help='"Name <email>": the Last-Translator and the Language-Team address.'),
    ] = None,
) -> None:
    """Start the catalog of a new language (locales/LANG/LC_MESSAGES/handouts.po)."""
    from handouts.i18n.runtime import shown
    from handouts.i18n.update import init_catalog

    with boundary(), _isolated() as broken:
        workspace = find_workspace()
        r = init_catalog(workspace, lang, translator, broken)
        typer.echo(f"{shown(r.path)}: {r.language_name} catalog started with "
                   f"{_plural(r.entries, 'entry', 'entries')} to translate (Plural-Forms: {r.plural_forms})")  # fmt: skip


@i18n_app.command("update")
def update_cmd(lang: LangArg = None) -> None:
    """Extract, then merge the sources into the catalogs.

    A changed source becomes fuzzy (its previous text kept as '#|'), a removed one obsolete
    ('#~'); no translation is ever dropped. A catalog that cannot be parsed stops the update
    before anything is written.
    """
    from handouts.i18n.runtime import shown
    from handouts.i18n.update import update

    with boundary(), _isolated() as broken:
        workspace = find_workspace()
        ex, results = update(workspace, [lang] if lang else None, broken)
        typer.echo(f"{shown(ex.path)}: {_plural(ex.entries, 'entry', 'entries')}, "
                   f"{'written' if ex.written else 'unchanged'}")  # fmt: skip
        for r in results:
            if not r.written:
                typer.echo(f"{shown(r.path)}: up to date")
                continue
            parts = [f"{r.new} new", f"{r.fuzzy} fuzzy", f"{r.obsolete} obsolete"]
            if r.revived:
                parts.append(f"{r.revived} back from obsolete")
            typer.echo(f"{shown(r.path)}: updated ({', '.join(parts)})")


@i18n_app.command("status")
def status_cmd(
    lang: LangArg = None,
    json_out: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
    minimum: Annotated[
        int | None,
        typer.Option("--min", min=0, max=100, metavar="PERCENT", help="Exit 1 when an article (or the templates) is below PERCENT."),
    ] = None,
) -> None:
    """How much of each article is translated (fuzzy counts as not translated)."""
    from handouts.i18n.languages import language_name
    from handouts.i18n.runtime import shown
    from handouts.i18n.signoff import signoff_status
    from handouts.i18n.status import status

    with boundary(), _isolated() as broken:
        workspace = find_workspace()
        unreadable: dict[str, str] = {}  # (every catalog: a broken one is named, the others shown)
        report = status(workspace, [lang] if lang else None, broken, None if lang else unreadable)
        broken.update({f"catalog {k}": v for k, v in unreadable.items()})
        signoffs = {s.lang: signoff_status(workspace, s.lang) for s in report}
        if json_out:
            out = [{**s.as_dict(), "signoff": [x.as_dict() for x in signoffs[s.lang]]} for s in report]
            typer.echo(json.dumps({"languages": out}, ensure_ascii=False, indent=2))
        else:
            for i, s in enumerate(report):
                if i:
                    typer.echo("")
                typer.echo(f"{s.lang} {language_name(s.lang)}  {shown(s.path)}")  # my Burmese (မြန်မာ)  locales/…
                names = [r.name for r in s.rows] + ["total"]
                width = max(len(n) for n in names)
                typer.echo(f"  {'':<{width}}  {'translated':>10}  {'fuzzy':>5}  {'untranslated':>12}  "
                           f"{'obsolete':>8}  {'percent':>7}")  # fmt: skip
                signed = {x.article: _signoff_text(x) for x in signoffs[s.lang]}
                for r in [*s.rows, s.total]:
                    note = f"  {signed[r.name]}" if r.name in signed else ""
                    typer.echo(f"  {r.name:<{width}}  {r.translated:>10}  {r.fuzzy:>5}  {r.untranslated:>12}  "
                               f"{r.obsolete:>8}  {r.percent:>6}%{note}")  # fmt: skip
        if minimum is not None:
            low = [(s.lang, r) for s in report for r in [*s.rows, s.total] if r.percent < minimum]
            for lg, r in low:
                err(f"{lg}: {r.name} is {r.percent}% translated, below --min {minimum}%")
            if low:
                raise typer.Exit(int(ExitCode.ERROR))


def _signoff_text(x: Any) -> str:
    """The sign-off column of ``status``: signed (by, when), changed since (how many), never signed."""
    if x.state == "unsigned":
        return "never signed off"
    if x.state == "broken":
        return f"sign-off unusable ({x.reason}): sign it off again"
    by = f"{x.reviewer} on {x.date.isoformat()}"
    if x.state == "revoked":
        return f"sign-off revoked by {by}: {x.reason}"
    if x.state == "signed":
        return f"signed off by {by}"
    if x.state == "outdated":
        return f"signed off by {by} before sign-offs covered the credits and pictures: sign it off again"
    what = [_plural(x.changed, "entry", "entries")] if x.changed or not x.printed else []
    return f"changed since the sign-off by {by}: {', '.join([*what, *x.printed])}"


@i18n_app.command("signoff")
def signoff_cmd(
    lang: Annotated[str, typer.Argument(metavar="LANG", help="Language of the translation (th, …).")],
    articles: Annotated[
        list[str] | None, typer.Argument(metavar="[ARTICLE]...", help="Article ids; default: every article.")
    ] = None,
    reviewer: Annotated[str, typer.Option("--reviewer", metavar="NAME", help="The reviewer's name, as printed on the handout.")] = "",
    date: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Date of the review, YYYY-MM-DD; default: today.")
    ] = None,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Withdraw the named articles' sign-off (REVIEWER revokes it, with --reason).")
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why the sign-off is revoked (with --revoke).")
    ] = None,
) -> None:
    """Record that REVIEWER approved the LANG translation of the articles as it is now.

    With --revoke, withdraw that approval instead: the named articles' records in
    locales/LANG/signoff.toml are replaced by who revoked them, when and why, and their handouts
    print as drafts until they are signed off again.

    The entries each handout prints (its article's and the frame's: msgid, msgstr, flags) are
    hashed into locales/LANG/signoff.toml. The handout prints as final, with "translated by …
    · translation reviewed by … on …", until any of them changes; then it is a draft again.
    A named article with untranslated or fuzzy entries or check errors is refused (exit 1);
    without names such articles are skipped and listed on stderr.
    """
    from handouts.clock import today_from_env
    from handouts.errors import CatalogError
    from handouts.i18n.runtime import catalog_path, shown
    from handouts.i18n.signoff import sign

    with boundary():
        workspace = find_workspace()
        if not reviewer.strip():
            raise CatalogError("who revokes the sign-off?" if revoke else "who reviewed the translation?",
                               key="--reviewer", hint='add --reviewer "Name"')  # fmt: skip
        try:
            day = dt.date.fromisoformat(date) if date is not None else today_from_env()
        except ValueError:
            raise CatalogError(f"{date!r} is not a date", key="--date", hint="write it as YYYY-MM-DD") from None
        if revoke or reason is not None:
            _revoke(workspace, lang, articles or [], reviewer, day, reason, revoke)
            return
        po = shown(catalog_path(workspace / "locales", lang))
        path, signed, skipped = sign(workspace, lang, articles or [], reviewer, day, po)
        for s in signed:
            replaced = (f" (replaces the sign-off by {s.previous.reviewer} on {s.previous.date.isoformat()})"
                        if s.previous else "")  # fmt: skip
            typer.echo(f"{shown(path)}: {s.article} ({lang}) signed off by {' '.join(reviewer.split())} on "
                       f"{day.isoformat()}: {_plural(s.entries, 'entry', 'entries')}{replaced}")  # fmt: skip
        from handouts.i18n.signoff import translator_of

        if signed and not translator_of(catalog_path(workspace / "locales", lang).read_text(encoding="utf-8")):
            err(f"{po}: warning: the catalog names no translator (Last-Translator), so the handout prints no "
                "'translated by', and that someone other than the translator reviewed it was not checked (put "
                "'Last-Translator: Name Surname <email>' in the header, then sign off again) [i18n.no-translator]")  # fmt: skip
        for k in skipped:
            if k.current:
                typer.echo(f"{shown(path)}: {k.article} ({lang}) {k.reason}")
            else:
                err(f"not signed off: {k.article}: {k.reason}")
        if not signed and not (skipped and all(k.current for k in skipped)):  # (all unchanged: nothing to do)
            raise CatalogError(f"nothing was signed off for {lang!r}", path=po,
                               hint="translate and check the entries listed above first")  # fmt: skip


def _revoke(workspace: Path, lang: str, articles: list[str], by: str, day: dt.date, reason: str | None,
            revoke: bool) -> None:  # fmt: skip
    from handouts.errors import UsageError
    from handouts.i18n.runtime import shown
    from handouts.i18n.signoff import revoke as revoke_signoff

    if not revoke:
        raise UsageError("--reason goes with --revoke", key="--reason",
                         hint=f'handouts i18n signoff {lang} ARTICLE --revoke --reviewer "NAME" --reason "…"')  # fmt: skip
    path, done = revoke_signoff(workspace, lang, articles, by, day, reason or "")
    for v in done:
        typer.echo(f"{shown(path)}: {v.article} ({lang}) sign-off by {v.reviewer} of {v.signed.isoformat()} revoked by "
                   f"{v.by} on {v.date.isoformat()}; it prints as a draft until it is signed off again")  # fmt: skip


@i18n_app.command("check")
def check_cmd(lang: LangArg = None) -> None:
    """Translation check of the catalogs: PO syntax, markup, numbers, placeholders, smuggled syntax, copies of the source.

    (Not 'handouts check', which checks the plain language of an article's text.)

    One line per problem on stdout, 'FILE:LINE: error: MESSAGE [code]', then the count; a catalog's
    untranslated entries, and its fuzzy ones (not used: the source prints), are one line with their
    count (-v: one line each).
    Exit 1 when there is any error (warnings alone exit 0).
    """
    from handouts.i18n.check import check

    with boundary(), _isolated() as broken:
        workspace = find_workspace()
        report = check(workspace, [lang] if lang else None, broken)
        for line in report.lines(each=state.verbose > 0):  # untranslated entries: one line per catalog (-v: each)
            typer.echo(line)
        typer.echo(f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')} in "
                   f"{_plural(len(report.catalogs), 'catalog')}")  # fmt: skip
        if report.errors:
            raise typer.Exit(int(ExitCode.ERROR))


@i18n_app.command("compile")
def compile_cmd(lang: LangArg = None) -> None:
    """Write .mo files for other gettext tools (fuzzy entries left out).

    The renderer does not need them: it reads the .po files directly, so that it sees fuzzy
    entries and marks a handout that uses any as a DRAFT. A catalog with translations that
    'i18n check' refuses (a number changed, a placeholder lost…) is not compiled (exit 1), as
    the render refuses them; the others are.
    """
    from handouts.errors import CatalogError, HandoutError, UnsafeTranslationError
    from handouts.i18n.check import check_catalog
    from handouts.i18n.compile import compile_catalogs
    from handouts.i18n.runtime import shown

    with boundary():
        workspace = find_workspace()
        failed = 0
        for r in compile_catalogs(workspace, [lang] if lang else None, lambda po, lg: check_catalog(po, lg, None)):
            if isinstance(r, UnsafeTranslationError):  # one line per finding, then what was not done
                for line in r.lines():
                    err(line)
                r = CatalogError(f"{_plural(len(r.findings), 'translation')} that 'i18n check' refuses, so no .mo "
                                 "was written", path=r.path, hint="fix the entries named above")  # fmt: skip
            if isinstance(r, HandoutError):
                if lang:  # the one catalog asked for
                    raise r
                failed += 1
                err(f"error: {r}")  # each broken catalog named; the others are still compiled
                continue
            typer.echo(f"{shown(r.path)}: {_plural(r.messages, 'message')}"
                       f" ({r.fuzzy_skipped} fuzzy left out)")  # fmt: skip
        if failed:
            raise CatalogError(f"{_plural(failed, 'catalog')} not compiled (above); the others were",
                               hint="fix them, or run 'handouts i18n check' to list every problem")  # fmt: skip


@i18n_app.command("proof")
def proof_cmd(
    article: Annotated[
        str,
        typer.Argument(metavar="ARTICLE", click_type=Choice("article", metavar="ARTICLE"),
                       help="Article id under articles/ or a path to a .md file."),
    ],
    lang: Annotated[
        str, typer.Option("--lang", "-l", click_type=Choice("lang"), help="Language of the translation to review.")
    ] = "th",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE.pdf|DIR",
                     help="Output PDF, or a folder for the default name <article>.<lang>.proof.pdf."),
    ] = None,
    stray: StrayArgs = None,
) -> None:
    """A side-by-side review PDF: each entry's source and translation, its state and check results."""
    no_stray(stray, "i18n proof")
    from handouts import outputs
    from handouts.content.article import find_article
    from handouts.frontdesk import check_lang, pdf_target
    from handouts.i18n.proof import proof

    with boundary():
        chosen = pdf_target(output)
        if chosen == Path("-"):
            from handouts.errors import UsageError

            raise UsageError("a proof is written to a file", key="--output", hint="give NAME.pdf or a folder")
        workspace = find_workspace()
        lang = check_lang(lang, workspace) or lang
        if chosen is not None:  # never among the inputs (as render -o and batch --out)
            outputs.check_folder(chosen if chosen.is_dir() else chosen.parent, workspace, key="-o", shown=chosen)
        pdf, entries, bad = proof(workspace, article, lang)
        name = Path(f"{find_article(article, workspace).stem}.{lang}.proof.pdf")
        folder, inputs = outputs.default_folder(workspace) if chosen is None else (Path("."), "")
        target = folder / name if chosen is None else chosen / name if chosen.is_dir() else chosen
        outputs.write_atomic(target, pdf, protect=outputs.workspace_inputs(workspace), key="-o")
        typer.echo(str(target))
        if inputs and not state.quiet:
            err(f"note: {inputs}/ holds the workspace's inputs, so the proof went to {outputs.OUT}/{name}; "
                "-o chooses another place")  # fmt: skip
        if not state.quiet:
            err(f"{_plural(entries, 'entry', 'entries')}, {_plural(bad, 'entry', 'entries')} with check errors")


@i18n_app.command("zawgyi-to-unicode")
def zawgyi_cmd(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Articles, catalogs or text files; - reads "
                                               "standard input and writes the converted text on standard output.")],
) -> None:
    """Convert Burmese typed in the Zawgyi encoding to Unicode, in place.

    Only the lines (in a .po file: the strings) that read as Zawgyi are converted, with ICU's
    Zawgyi-my transliterator; Unicode Burmese, Thai, English and PO syntax stay byte for byte, so
    running it twice changes nothing. The original is kept as FILE.zawgyi.bak (an existing backup
    is never overwritten: the file is then left alone) and the file is replaced atomically. What
    was converted is reported on stderr; exit 1 when a file could not be converted.
    """
    import sys

    from handouts.errors import HandoutError
    from handouts.i18n import zawgyi

    def lines(ns: tuple[int, ...]) -> str:
        return ", ".join(str(n) for n in ns[:8]) + ("…" if len(ns) > 8 else "")

    with boundary():
        bad = 0
        for name in files:
            try:
                if name == "-":
                    try:
                        text = sys.stdin.buffer.read().decode("utf-8")
                    except UnicodeDecodeError as e:
                        raise HandoutError(f"not valid UTF-8 (byte {e.start})", path="<stdin>") from None
                    r = zawgyi.convert_text(text)
                    sys.stdout.write(r.text)
                    sys.stdout.flush()
                    done, failed, backup = r.lines, r.failed, None
                else:
                    fc = zawgyi.convert_file(Path(name), name)
                    done, failed, backup = fc.lines, fc.failed, fc.backup
            except HandoutError as e:
                err(f"error: {e}")
                bad += 1
                continue
            where = "<stdin>" if name == "-" else name
            if done:
                kept = f"; the original is {backup}" if backup else ""
                err(f"{where}: converted {_plural(len(done), 'line')} from Zawgyi to Unicode (line "
                    f"{lines(done)}){kept}")  # fmt: skip
            elif not failed:
                err(f"{where}: no Zawgyi found; unchanged")
            for n in failed:
                err(f"{where}:{n}: error: still reads as Zawgyi after the conversion; left as it was "
                    "(retype it with a Unicode Burmese keyboard)")  # fmt: skip
                bad += 1
        if bad:
            raise typer.Exit(int(ExitCode.ERROR))
