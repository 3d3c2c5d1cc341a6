"""`handouts render`, `handouts list`, `handouts init`, `handouts debug model`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from handouts.cli import PDF_STANDARD_HELP, WorkspaceOpt, app, boundary, err, state, text_option, write_stdout

debug_app = typer.Typer(help="Inspect intermediate stages.", no_args_is_help=True)
app.add_typer(debug_app, name="debug")


@app.command()
def render(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="Article id under articles/ or a path to a .md file.")],
    clinic: Annotated[str, typer.Option("--clinic", "-c", help="Clinic id under clinics/ or a .toml path.")] = "demo",
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Language code (th, en), or two joined with + for a bilingual handout (th+en); default: the article's own.")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Output PDF; '-' writes to stdout. Default <article>.<lang>.pdf")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse (exit 3) when there are warnings.")] = False,
    profile: Annotated[str, typer.Option("--profile", help="Print profile: standard or large (18 pt).")] = "standard",
    layout: Annotated[
        str,
        typer.Option("--layout", help="single (one page per sheet), a5-booklet (folded A4 sheets) or 2up (two A5 copies). "
                     "a5-booklet and 2up are print files: PDF/A-2u but untagged (not PDF/UA)."),
    ] = "single",
    pdf_standard: Annotated[str, typer.Option("--pdf-standard", help=PDF_STANDARD_HELP)] = "ua-1,a-2u",
    no_qr: Annotated[bool, typer.Option("--no-qr", help="Leave out the QR code to the online version.")] = False,
    notes: Annotated[
        str | None,
        typer.Option("--notes", callback=text_option,
                     help="Clinician's instructions, printed in a box on page 1 (at most 6 lines)."),
    ] = None,
    patient: Annotated[
        str | None,
        typer.Option("--patient", callback=text_option, help="Patient's name, printed in the notes box on page 1 only."),
    ] = None,
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Render one handout as a print-ready PDF.

    --patient and --notes go into the page text only: never into the file name, the PDF
    metadata or the log.
    """
    from handouts import outputs
    from handouts.pipeline import Personal, RenderContext, render_checked

    with boundary():
        personal = Personal(patient or "", notes or "")
        ctx = RenderContext(workspace, profile=profile, layout=layout, qr=not no_qr, personal=personal,
                            pdf_standard=pdf_standard)  # fmt: skip
        protect = outputs.workspace_inputs(workspace, (p for p in (article, clinic) if Path(p).suffix))
        if output not in (None, "-"):
            outputs.check_target(Path(output), protect, key="-o")  # before any work: a wrong -o costs nothing
        result = render_checked(article, clinic, lang, ctx, strict=strict)
        suffix = "" if layout == "single" else f".{layout}"
        target = output or f"{Path(result.handout.meta.article_id).name}.{result.handout.lang}{suffix}.pdf"
        if target == "-":
            write_stdout(result.pdf)
        else:
            path = outputs.write_atomic(Path(target), result.pdf, protect=protect, key="-o")
            typer.echo(str(path))
        if not state.quiet:
            err(f"{result.summary(layout)}, {len(ctx.diagnostics)} warnings")


@app.command("list")
def list_cmd(
    json_out: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """List articles, clinics and languages (with translation percentage)."""
    from handouts.pipeline import RenderContext, inventory

    with boundary():
        inv = inventory(RenderContext(workspace))
        for problem in inv["problems"]:  # reported, and the rest listed: exit 1 at the end
            err(f"error: {problem}")
        if json_out:
            typer.echo(json.dumps(inv, ensure_ascii=False, indent=2))
            if inv["problems"]:
                raise typer.Exit(1)
            return
        typer.echo("articles:")
        for a in inv["articles"]:
            langs = ", ".join(f"{k} {v}%" for k, v in a["languages"].items())
            flag = "  REVIEW OVERDUE" if a.get("overdue") else ""
            typer.echo(f"  {a['id']}  ({langs})  next review {a['next_review']}{flag}")
        typer.echo("clinics:")
        for c in inv["clinics"]:
            typer.echo(f"  {c['id']}  {c['name']}")
        typer.echo("languages: " + ", ".join(inv["languages"]))
        if inv["problems"]:
            raise typer.Exit(1)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="New workspace folder (must be empty or not exist).")],
) -> None:
    """Create a new clinic workspace with the templates and the demo content."""
    from handouts.workspace import init_workspace

    with boundary():
        created = init_workspace(directory)
        typer.echo(str(created))


@debug_app.command("model")
def debug_model(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="Article id or path.")],
    lang: Annotated[str | None, typer.Option("--lang", "-l")] = None,
    clinic: Annotated[str, typer.Option("--clinic", "-c")] = "demo",
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Print the translated document model as text (the golden-test surface)."""
    from handouts.model import dump
    from handouts.pipeline import RenderContext, build_handout, resolve

    with boundary():
        ctx = RenderContext(workspace)
        a, brand = resolve(article, clinic, ctx)
        typer.echo(dump(build_handout(a, brand, lang or a.front["lang"], ctx)), nl=False)
