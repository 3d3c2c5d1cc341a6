"""What a command imports: the help, ``list`` and the ``i18n`` verbs never load the typesetter.

Each command runs in a fresh interpreter (this checkout first on the path); the modules it
loaded are read from ``sys.modules`` at exit. Structure, not time: the time is measured in
``benchmarks/`` (``handouts --help`` ≤ 100 ms).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import typer.main
built = []
real = typer.main.get_command_from_info
def recording(*args, **kwargs):
    command = real(*args, **kwargs)
    built.append(command.name)
    return command
typer.main.get_command_from_info = recording
sys.argv = ["handouts", *json.loads(sys.argv[1])]
from handouts.cli import main
try:
    main()
except SystemExit:
    pass
with open(OUT, "w") as f:
    json.dump(sorted(sys.modules), f)
with open(OUT + ".built", "w") as f:
    json.dump(built, f)
"""

# the typesetter and what only it needs
TYPESETTING = {"reportlab", "uharfbuzz", "thaibreak", "icu", "fontTools", "PIL.ImageCms", "handouts.typesetting",
               "handouts.layout", "handouts.pdf", "handouts.pipeline", "handouts.impose"}  # fmt: skip
NETWORK = {"http.client", "urllib.request", "ssl", "starlette", "uvicorn"}  # (babel reads PO headers with email)


def loaded(args: list[str], tmp_path: Path, cwd: Path | None = None) -> set[str]:
    """The modules a fresh ``handouts ARGS`` process has loaded when it ends."""
    out = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    code = PROBE.replace("OUT", repr(str(out)))
    done = subprocess.run([sys.executable, "-c", code, json.dumps(args)], cwd=cwd or tmp_path, env=env,
                          capture_output=True, check=True, timeout=120)  # fmt: skip
    (tmp_path / "stdout").write_bytes(done.stdout)
    return set(json.loads(out.read_text("utf-8")))


def built(tmp_path: Path) -> list[str]:
    """The commands the last :func:`loaded` process built from their functions' signatures."""
    names: list[str] = json.loads((tmp_path / "modules.json.built").read_text("utf-8"))
    return names


def top(modules: set[str]) -> set[str]:
    """Module names and their packages (``a.b.c`` → ``a``, ``a.b``, ``a.b.c``)."""
    return {".".join(m.split(".")[: i + 1]) for m in modules for i in range(m.count(".") + 1)}


def test_help_loads_no_command_module(tmp_path: Path) -> None:
    mods = loaded(["--help"], tmp_path)
    ours = {m for m in mods if m.split(".")[0] == "handouts"}
    assert ours <= {"handouts", "handouts.cli", "handouts.terminal", "handouts.startup", "handouts.prefetch", "handouts.errors",
                    "handouts.envflags", "handouts.cachefolder"}, sorted(ours)
    assert not top(mods) & (TYPESETTING | NETWORK | {"jinja2", "markdown_it", "babel", "yaml", "phonenumbers"})
    assert "handouts.cli" in mods  # the probe did run the CLI


@pytest.mark.parametrize(
    "args",
    [["list"], ["list", "--json"], ["i18n", "status"], ["i18n", "check"], ["i18n", "extract"], ["i18n", "compile"],
     ["i18n", "--help"], ["cache", "info"], ["history"]],  # fmt: skip
    ids=lambda a: " ".join(a),
)
def test_light_commands_load_no_typesetting(args: list[str], workspace: Path, tmp_path: Path) -> None:
    mods = loaded(args, tmp_path, cwd=workspace)
    # the disk cache's store may load (the cache verbs use it, and every command reads the compiled
    # dataclass code from it: handouts.startup), and the shipped table of what the fonts draw (i18n
    # check names an undrawable character with it), nothing else of the typesetter
    found = top(mods) & (TYPESETTING - {"handouts.typesetting"})
    light = {"handouts.typesetting.diskcache", "handouts.typesetting.coverage"}
    found |= {m for m in mods if m.startswith("handouts.typesetting.") and m not in light}
    assert not found, f"handouts {' '.join(args)} loaded {sorted(found)}"
    assert not top(mods) & NETWORK
    assert "handouts.cli" in mods


def test_render_loads_no_web_or_terminal_ui(workspace: Path, tmp_path: Path) -> None:
    mods = loaded(["-q", "render", "back-pain-after-surgery", "--lang", "th", "-o", str(tmp_path / "h.pdf")],
                  tmp_path, cwd=workspace)  # fmt: skip
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF-")
    assert not top(mods) & (NETWORK | {"rich", "handouts.serve", "handouts.batch", "handouts.printing"})
    assert "handouts.cli.translate" not in mods and "handouts.cli.serve" not in mods
    assert built(tmp_path) == ["render"], "render builds only its own command (not list, init, debug)"


@pytest.mark.parametrize("args", [["list"], ["debug", "model", "back-pain-after-surgery", "--lang", "en"]],
                         ids=lambda a: a[0])  # fmt: skip
def test_a_command_builds_only_itself(args: list[str], workspace: Path, tmp_path: Path) -> None:
    loaded(args, tmp_path, cwd=workspace)
    assert built(tmp_path) == (["model"] if args[0] == "debug" else [args[0]])


def test_a_typo_still_gets_a_suggestion(workspace: Path, tmp_path: Path) -> None:
    """An unknown command loads every command module, so the suggestion can name any command."""
    r = subprocess.run([sys.executable, "-m", "handouts", "rendr"], cwd=workspace, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)  # fmt: skip
    assert r.returncode == 2 and "Did you mean 'render'?" in r.stderr


def test_a_cached_model_skips_the_text_libraries(workspace: Path, tmp_path: Path) -> None:
    """The second render of a handout takes its model from the cache: no YAML, Markdown, Jinja2,
    Babel or phone-number parsing, not even their imports."""
    text_libraries = {"yaml", "markdown_it", "jinja2", "babel", "phonenumbers"}
    args = ["-q", "render", "back-pain-after-surgery", "--lang", "th", "-o", str(tmp_path / "h.pdf")]
    first = loaded(["-v", *args[1:]], tmp_path, cwd=workspace)  # -v: built here, not ahead in a child (prefetch)
    # the demo's front matter and dates need no YAML or Babel (handouts.content.simpleyaml, the CLDR table)
    assert text_libraries - {"yaml", "babel"} <= top(first), "the first render should have built the model"
    second = loaded(args, tmp_path, cwd=workspace)
    assert not top(second) & text_libraries, sorted(top(second) & text_libraries)
    assert "handouts.modelcache" in second


def test_a_second_listing_skips_the_markdown_parser(workspace: Path, tmp_path: Path) -> None:
    """``handouts list`` takes each unchanged article parsed from the disk cache, as a render does:
    the second listing imports no Markdown parser (it parsed every article again), and lists the
    same; an edited article (same size and time) is parsed again."""
    def listing() -> tuple[set[str], str]:
        mods = loaded(["list", "--json"], tmp_path, cwd=workspace)
        done = subprocess.run([sys.executable, "-m", "handouts", "--no-cache", "list", "--json"], cwd=workspace,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, check=True,
                              timeout=120)  # fmt: skip
        return mods, done.stdout

    first, expected = listing()
    assert "markdown_it" in first, "the first listing should have parsed the articles"
    second, _ = listing()
    assert "markdown_it" not in top(second), "an unchanged article was parsed again"
    assert json.loads((tmp_path / "stdout").read_text("utf-8")) == json.loads(expected)
    article = workspace / "articles" / "back-pain-after-surgery.md"
    st = article.stat()
    article.write_bytes(article.read_bytes().replace(b"title: \"Why", b"title: \"WHY"))
    os.utime(article, ns=(st.st_atime_ns, st.st_mtime_ns))
    third, expected = listing()
    assert "markdown_it" in third and '"WHY Does' in expected
    assert json.loads((tmp_path / "stdout").read_text("utf-8")) == json.loads(expected)


def test_help_table_matches_the_commands() -> None:
    """Every command is in :data:`handouts.cli.COMMANDS` with its module and its own short help."""
    import importlib

    import typer

    from handouts.cli import COMMANDS, app

    for module in {m for m, _ in COMMANDS.values()}:
        importlib.import_module(f"handouts.cli.{module}")
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert set(group.commands) == set(COMMANDS)
    for name, command in group.commands.items():
        module, short = COMMANDS[name]
        assert command.get_short_help_str(10_000) == short, name
        callback = command.callback
        if callback is not None and not isinstance(command, typer.core.TyperGroup):
            assert callback.__module__ == f"handouts.cli.{module}", name


def test_check_reads_a_decimal_comma_without_the_typesetter(workspace: Path, tmp_path: Path) -> None:
    """Whether a language writes 38,5 (Lao) is asked when a translation's numbers differ from the
    source's: from Babel's CLDR data, not ICU's (ICU belongs to the typesetter)."""
    po = workspace / "locales/lo/LC_MESSAGES/handouts.po"
    text = po.read_text("utf-8")
    entry = 'msgid "a fever of 38 °C or higher"\nmsgstr ""'
    assert entry in text
    po.write_text(text.replace(entry, 'msgid "a fever of 38 °C or higher"\nmsgstr "ໄຂ້ 39,5 °C"'), "utf-8")
    mods = loaded(["i18n", "check", "lo"], tmp_path, cwd=workspace)
    assert "[check.numbers]" in (tmp_path / "stdout").read_text("utf-8"), "the numbers differ: refused"
    found = top(mods) & (TYPESETTING - {"handouts.typesetting"})  # (its light modules: see the test above)
    assert not found, sorted(found)
    assert "babel.numbers" in mods, "the numbers differed: the language's decimal separator was asked"
