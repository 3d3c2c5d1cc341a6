"""`handouts render`, `handouts list`, `handouts init`, `handouts debug model`."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from handouts import frontdesk
from handouts.cli import (
    PDF_STANDARD_HELP,
    GlobalOptionsGroup,
    StrayArgs,
    app,
    boundary,
    err,
    no_stray,
    settings,
    state,
    text_option,
    workspace,
)
from handouts.cli.choices import Choice
from handouts.frontdesk import (
    LAYOUTS,
    PAPERS,
    PDF_STANDARDS,
    PROFILES,
    SEVERAL_REPEATED,
    check_clinic,
    check_lang,
    check_paper,
    several_languages,
)
from handouts.terminal import count

debug_app = typer.Typer(cls=GlobalOptionsGroup, help="Inspect intermediate stages.", no_args_is_help=True)
app.add_typer(debug_app, name="debug")

ArticleArg = Annotated[
    str,
    typer.Argument(metavar="ARTICLE", click_type=Choice("article", metavar="ARTICLE"),
                   help="Article id under articles/ or a path to a .md file."),
]  # fmt: skip
ClinicOpt = Annotated[
    str | None,
    typer.Option("--clinic", "-c", click_type=Choice("clinic"), show_default=False,
                 help="Clinic id under clinics/ or a .toml path. Default: [defaults] clinic of handouts.toml, "
                 "or the workspace's only clinic."),
]  # fmt: skip
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", "-l", click_type=Choice("lang"), show_default=False,
                 help="Language code, or two joined with + for a bilingual handout (th+en). Default: the first of "
                 "[defaults] languages the article is translated into, else the article's own."),
]  # fmt: skip


@app.command()
def render(
    article: ArticleArg,
    clinic: ClinicOpt = None,
    lang: LangOpt = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE.pdf|DIR|-",
                     help="Output PDF; a folder writes the default name in it; '-' writes to stdout. "
                     "Default <article>.<lang>.pdf in the current folder (in the workspace's out/ when the current "
                     "folder is one of its input folders)."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse (exit 3) when there are warnings.")] = False,
    profile: Annotated[
        str, typer.Option("--profile", click_type=Choice("profile", PROFILES), help="Print profile (large: 18 pt).")
    ] = "standard",
    layout: Annotated[
        str,
        typer.Option("--layout", click_type=Choice("layout", LAYOUTS),
                     help="single (one page per sheet), a5-booklet (folded A4 sheets) or 2up (two A5 copies). "
                     "a5-booklet and 2up are print files: PDF/A-2u but untagged (not PDF/UA)."),
    ] = "single",
    pdf_standard: Annotated[str, typer.Option("--pdf-standard", metavar="[ua-1,a-2u|ua-1|a-2u|none]", help=PDF_STANDARD_HELP)] = PDF_STANDARDS,
    no_qr: Annotated[bool, typer.Option("--no-qr", help="Leave out the QR code to the online version.")] = False,
    notes: Annotated[
        str | None,
        typer.Option("--notes", metavar="TEXT", callback=text_option, help="Clinician's instructions, printed in a box on page 1 (at most 6 lines)."),
    ] = None,
    patient: Annotated[
        str | None, typer.Option("--patient", metavar="NAME", callback=text_option, help="Patient's name, printed in the notes box on page 1 only.")
    ] = None,
    stray: StrayArgs = None,
) -> None:
    """Render one handout as a print-ready PDF.

    --patient and --notes go into the page text only: never into the file name, the PDF
    metadata or the log.
    """
    no_stray(stray, "render")
    frontdesk.render(article, clinic, lang, output, strict, profile, layout, pdf_standard, no_qr, notes, patient)


@app.command("list")
def list_cmd(json_out: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False) -> None:
    """List articles (translation percentage and warning count per language), clinics and languages."""
    with boundary():
        root = workspace()
        from handouts.clock import today_from_env
        from handouts.listing import inventory

        inv = inventory(root, today_from_env())
        for problem in inv["problems"]:  # reported, and the rest listed: exit 1 at the end
            err(f"error: {problem}")
        if json_out:
            import json

            typer.echo(json.dumps(inv, ensure_ascii=False, indent=2))
            if inv["problems"]:
                raise typer.Exit(1)
            return
        typer.echo("articles:")
        for a in inv["articles"]:
            langs = ", ".join(f"{k} {v}%" for k, v in a["languages"].items())
            flag = "  REVIEW OVERDUE" if a.get("overdue") else ""
            by_lang = {k: v for k, v in a.get("warnings", {}).items() if v}
            n = sum(by_lang.values())
            first = next(iter(by_lang), "")
            warned = (f"  {count(n, 'warning')} ({', '.join(f'{k} {v}' for k, v in by_lang.items())}; "
                      f"see: handouts render {shlex.quote(a['id'])} --lang {first})") if n else ""  # fmt: skip
            typer.echo(f"  {a['id']}  ({langs})  next review {a['next_review']}{flag}{warned}")
            for key in ("author", "reviewer", "source"):
                value = a.get(key)
                if value is None:
                    continue
                shown = value if isinstance(value, str) else " | ".join(f"{k}: {v}" for k, v in value.items())
                typer.echo(f"      {key}: {shown}")
        typer.echo("clinics:")
        some = inv["articles"][0]["id"] if inv["articles"] else None  # a render shows a clinic's warnings
        for c in inv["clinics"]:
            n = c.get("warnings", 0)
            see = f" (see: handouts render {shlex.quote(some)} --clinic {shlex.quote(c['id'])})" if some else ""
            typer.echo(f"  {c['id']}  {c['name']}" + (f"  {count(n, 'warning')}{see}" if n else ""))
        typer.echo("languages: " + ", ".join(f"{c} {inv['language_names'].get(c, c)}" for c in inv["languages"]))
        if inv["problems"]:
            raise typer.Exit(1)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="New workspace folder (must be empty or not exist).")],
    demo: Annotated[bool, typer.Option("--demo", help="The demo workspace: two fictional clinics, 'demo' by default.")] = False,
    clinic_name: Annotated[str | None, typer.Option("--clinic-name", metavar="NAME", help="The clinic's name in English.")] = None,
    clinic_name_th: Annotated[str | None, typer.Option("--clinic-name-th", metavar="NAME", help="The clinic's name in Thai [the English name].")] = None,
    clinic_id: Annotated[str | None, typer.Option("--clinic-id", metavar="ID", help="Its id (file clinics/ID.toml) [from the name].")] = None,
    phone: Annotated[str | None, typer.Option("--phone", metavar="NUMBER", help="Phone number, e.g. +66 2 123 4567.")] = None,
    address: Annotated[str | None, typer.Option("--address", metavar="TEXT", help="Postal address in English.")] = None,
    address_th: Annotated[str | None, typer.Option("--address-th", metavar="TEXT", help="Postal address in Thai [the English one].")] = None,
    website: Annotated[str | None, typer.Option("--website", metavar="URL", help="https:// address of the clinic's site.")] = None,
    line: Annotated[str | None, typer.Option("--line", metavar="ID", help="LINE ID, e.g. @myclinic.")] = None,
    emergency: Annotated[str | None, typer.Option("--emergency", metavar="NUMBER", help="Emergency number [1669].")] = None,
    color: Annotated[str | None, typer.Option("--color", metavar="#RRGGBB", help="Primary colour #RRGGBB (≥ 4.5:1 on white) [#1F4E79].")] = None,
    languages: Annotated[
        list[str] | None, typer.Option("--lang", "-l", metavar="LANG", help="Default languages of the handouts (repeatable) [th, en].")
    ] = None,
    paper: Annotated[str | None, typer.Option("--paper", click_type=Choice("paper", PAPERS),
                                                 help="The clinic's paper (handouts, batches) [A4].")] = None,
    printer: Annotated[str | None, typer.Option("--printer", "-P", click_type=Choice("printer"), help="Default printer for batch --print.")] = None,
) -> None:
    """Create a workspace: for your clinic (asks for its details on a terminal) or, with --demo, the demo.

    Writes handouts.toml (the workspace's defaults: your clinic, languages, paper, printer),
    clinics/ID.toml, the shipped articles, templates and translations, and a waiting-room bundle.
    """
    with boundary():
        if demo:
            if any(v is not None for v in (clinic_name, clinic_name_th, clinic_id, phone, address, address_th,
                                           website, line, emergency, color)):  # fmt: skip
                from handouts.errors import UsageError

                raise UsageError("--demo makes the demo workspace; the clinic options are for your own clinic",
                                 hint="leave out --demo, or the clinic options")  # fmt: skip
            given = [opt for opt, v in (("--lang", languages), ("--paper", paper), ("--printer", printer)) if v]
            if given:  # (they were dropped without a word: the demo's handouts.toml has its own defaults)
                from handouts.errors import UsageError

                raise UsageError(f"--demo makes the demo workspace as shipped; {', '.join(given)} "
                                 f"{'is' if len(given) == 1 else 'are'} for your own clinic's",
                                 hint="leave out --demo, or set [defaults] in the demo's handouts.toml afterwards")  # fmt: skip
            from handouts.workspace import init_workspace

            created = init_workspace(directory)
            typer.echo(str(created))
            if not state.quiet:
                _next_steps(created, "demo", demo=True)
            return
        from handouts.workspace.create import check_target, create_workspace

        check_target(directory)  # (before the details are asked for: typed for nothing into a full folder)
        details = _clinic_details(clinic_name, clinic_name_th, clinic_id, phone, address, address_th, website,
                                  line, emergency, color)  # fmt: skip

        paper = check_paper(paper)
        langs = _new_languages(languages or ["th", "en"])
        created = create_workspace(directory, details, languages=langs, paper=paper, printer=printer,
                                   check=_check_new_clinic)  # fmt: skip
        typer.echo(str(created))
        from handouts.i18n.languages import named
        from handouts.i18n.runtime import available_languages

        known = available_languages(created / "locales")
        for lang in langs:
            if lang not in known and not state.quiet:
                err(f"warning: --lang {lang}: the workspace has no {named(lang)} translations yet; its handouts print in "
                    f"their own language until 'handouts i18n init {lang}' starts them")  # fmt: skip
        if not state.quiet:
            _next_steps(created, details.id, demo=False)


def _new_languages(given: list[str]) -> tuple[str, ...]:
    """A new workspace's default languages, as ``--lang`` reads them (``TH``, ``th-TH`` → ``th``),
    each a language code that a catalog can start and the shipped fonts can typeset; otherwise a
    usage error before anything is written (``--lang ka`` was written into handouts.toml, and every
    render in Georgian would fail)."""
    from babel import Locale, UnknownLocaleError

    from handouts.errors import UsageError
    from handouts.i18n.languages import code_of, named
    from handouts.typesetting.coverage import SUPPORTED_HINT, unsupported

    out: list[str] = []
    for value in given:
        several_languages(value, SEVERAL_REPEATED)
        lang = code_of(value)
        try:
            Locale.parse(lang)
        except (UnknownLocaleError, ValueError):
            raise UsageError(f"unknown language {value!r}", key="--lang",
                             hint="use an ISO 639 code such as th, en, my, km or lo") from None  # fmt: skip
        cannot = unsupported(lang)
        if cannot is not None:
            raise UsageError(cannot.message(named(lang)), key="--lang", hint=SUPPORTED_HINT)
        out.append(lang)
    return tuple(dict.fromkeys(out))


_OPTION_OF = {"name_en": "--clinic-name", "name_th": "--clinic-name-th", "phone": "--phone", "address_en": "--address",
              "address_th": "--address-th", "website": "--website", "line": "--line", "emergency": "--emergency",
              "primary": "--color"}  # fmt: skip


def _clinic_details(*values: str | None) -> Any:
    """The clinic's details from the options; on a terminal, asks for the missing required ones."""
    from handouts.errors import UsageError
    from handouts.workspace.create import ClinicDetails

    name, name_th, cid, phone, address, address_th, website, line, emergency, color = values
    asking = sys.stdin.isatty() and sys.stderr.isatty()
    if asking:
        name = name or typer.prompt("Clinic name (English)", err=True)
        name_th = name_th or typer.prompt("Clinic name (Thai)", default=name, err=True)
        phone = phone or typer.prompt("Phone (e.g. +66 2 123 4567)", err=True)
        address = address or typer.prompt("Address (English)", err=True)
        address_th = address_th or typer.prompt("Address (Thai)", default=address, err=True)
    missing = [opt for opt, v in (("--clinic-name", name), ("--phone", phone), ("--address", address)) if not v]
    if missing:
        raise UsageError(f"the new workspace needs your clinic's details: {', '.join(missing)} missing",
                         hint="e.g. handouts init DIR --clinic-name 'Sukhumvit Pain Clinic' --phone '+66 2 123 4567' "
                         "--address '...'; or 'handouts init --demo DIR' to try the demo")  # fmt: skip
    assert name and phone and address
    if cid is not None and cid.strip():
        _check_clinic_id(cid.strip())
    return ClinicDetails(name.strip(), phone.strip(), address.strip(), (name_th or "").strip(),
                         (address_th or "").strip(), (cid or "").strip(), (website or "").strip(),
                         (line or "").strip(), (emergency or "1669").strip(), (color or "#1F4E79").strip())  # fmt: skip


def _check_clinic_id(cid: str) -> None:
    """``--clinic-id`` names the file clinics/ID.toml and is typed after --clinic: one plain name
    (``../../x`` wrote the clinic file outside the new workspace, which then had none)."""
    from handouts.errors import UsageError
    from handouts.workspace.create import slug

    if cid.startswith(".") or cid.lower().endswith(".toml") or any(c in "/\\" or c.isspace() or not c.isprintable() for c in cid):
        raise UsageError(f"{cid!r} is not a clinic id: it names the file clinics/ID.toml", key="--clinic-id",
                         hint=f"write one word of letters, digits and hyphens, e.g. --clinic-id {slug(cid)}")  # fmt: skip


def _check_new_clinic(clinic_toml: Path, root: Path) -> None:
    """Load the new clinic as a render would; a bad value is a usage error naming its option."""
    from handouts.branding import check_drawable, load_brand
    from handouts.diagnostics import Diagnostics
    from handouts.errors import HandoutError, UsageError
    from handouts.typesetting.fonts import undrawable

    found = Diagnostics(log=False)  # (the clinic file is still in a temporary folder: named as it will be)
    try:
        check_drawable(load_brand(clinic_toml, root, found), clinic_toml, root, undrawable)  # (an emoji: every render failed)
    except HandoutError as e:
        key = (e.key or "").rsplit(".", 1)[-1]
        raise UsageError(e.message, key=_OPTION_OF.get(key, e.key), hint=e.hint) from None
    for d in found.items if not state.quiet else ():  # (-q: errors only)
        where = f"clinics/{clinic_toml.name}" + (f":{d.line}" if d.line else "")
        err(f"{where}: warning: {d.message} [{d.code}]")


def _next_steps(root: Path, clinic: str, *, demo: bool) -> None:
    clinic_file = root / "clinics" / f"{clinic}.toml"
    what = "the demo workspace (fictional clinics; its handouts say 'Demo')" if demo else f"the workspace of {clinic}"
    err(f"Created {what} in {root}.")
    err("Next steps:")
    err(f"  1. Check the clinic's details{'' if demo else ' and add your logo'}: {clinic_file} (keys: clinics/README.md);")
    err(f"     defaults (clinic, languages, paper, printer): {root / 'handouts.toml'}")
    err(f"  2. Render a handout:  cd {shlex.quote(str(root))} && handouts render back-pain-after-surgery --lang th")
    err("  3. Print the waiting-room rack:  handouts batch waiting-room --print --dry-run   (then without --dry-run)")
    err("  See what is there: handouts list; translations: handouts i18n status")


@debug_app.command("model")
def debug_model(
    article: ArticleArg,
    lang: LangOpt = None,
    clinic: ClinicOpt = None,
) -> None:
    """Print the translated document model as text (the golden-test surface)."""
    with boundary():
        root = workspace()
        conf = settings(root)
        clinic_ref = check_clinic(clinic, root, conf)
        lang = check_lang(lang, root)
        from handouts.model import dump
        from handouts.pipeline import RenderContext, build_handout, resolve

        ctx = RenderContext(root)
        a, brand = resolve(article, clinic_ref, ctx)
        for one in (lang or a.front["lang"]).split("+"):  # a bilingual sheet: each language's model in turn
            typer.echo(dump(build_handout(a, brand, one, ctx)), nl=False)
