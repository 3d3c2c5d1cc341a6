"""Inputs: regular files only, size caps, no links out of the workspace, duplicate keys, BOMs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from handouts.cli import app
from handouts.errors import ContentError
from handouts.textfile import MB, Limits, limits_for, read_text

runner = CliRunner()
ARTICLE = "back-pain-after-surgery"


def _special(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_special_files_in_articles_are_named_and_skipped(workspace: Path, kind: str) -> None:
    _special(workspace / "articles" / "odd.md", kind)
    r = runner.invoke(app, ["list", "-w", str(workspace)])
    assert r.exit_code == 1, r.output
    assert ARTICLE in r.stdout and "odd" not in r.stdout  # the rest is listed
    assert "articles/odd.md" in r.stderr and "Traceback" not in r.stderr
    r = runner.invoke(app, ["render", "odd", "-w", str(workspace), "-o", str(workspace.parent / "x.pdf")])
    assert r.exit_code == 1 and "articles/odd.md" in r.stderr
    assert "not a regular file" in r.stderr or "folder" in r.stderr
    assert not (workspace.parent / "x.pdf").exists()


def test_fifo_catalog_never_hangs(workspace: Path) -> None:
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    po.unlink()
    os.mkfifo(po)
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(workspace.parent / "x.pdf")])
    assert r.exit_code == 1 and "handouts.po" in r.stderr and "not a regular file" in r.stderr
    r = runner.invoke(app, ["i18n", "check", "-w", str(workspace)])
    assert r.exit_code == 1 and "handouts.po" in r.stderr and "not a regular file" in r.stderr


def test_article_size_cap_and_workspace_setting(workspace: Path, tmp_path: Path) -> None:
    article = workspace / "articles" / f"{ARTICLE}.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + ("\nPadding paragraph number one.\n" * 40000), encoding="utf-8")  # ~1.2 MB
    out = tmp_path / "x.pdf"
    r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(out)])
    assert r.exit_code == 1, r.output
    assert f"articles/{ARTICLE}.md" in r.stderr and "over the limit of 1 MB" in r.stderr and "[limits] article" in r.stderr
    (workspace / "handouts.toml").write_text('[defaults]\nclinic = "demo"\n\n[limits]\narticle = "512 KB"\n', encoding="utf-8")
    article.write_text(text + ("\nPadding paragraph number one.\n" * 20000), encoding="utf-8")  # ~0.6 MB
    r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(out)])
    assert r.exit_code == 1 and "512 KB" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize(("key", "what"), [("article", "article file"), ("other", "clinic file")])
def test_a_lowered_cap_refuses_what_an_earlier_render_read(workspace: Path, tmp_path: Path, key: str, what: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The model's steps on disk were read under the old caps: a cap lowered since refuses the
    file as a first render would (no result taken from the cache)."""
    from tests.typesetting.cachestate import fresh_process_state, use_cache_folder

    use_cache_folder(tmp_path, monkeypatch)
    out = tmp_path / "x.pdf"
    assert runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(out)]).exit_code == 0
    settings = workspace / "handouts.toml"
    text = settings.read_text(encoding="utf-8")
    assert re.search(rf"^{key} = ", text, re.M), "the demo settings name every cap"
    settings.write_text(re.sub(rf"^{key} = .*$", f'{key} = "10 B"', text, count=1, flags=re.M), encoding="utf-8")
    out.unlink()
    fresh_process_state()  # (as the next command at the front desk: a new process, the disk cache kept)
    r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", str(out)])
    assert r.exit_code == 1 and f"{what} is" in r.stderr and "over the limit of 10 bytes" in r.stderr, r.output
    assert not out.exists()


def test_limits_setting(tmp_path: Path) -> None:
    assert limits_for(tmp_path) == Limits(1 * MB, 20 * MB, 1 * MB)
    (tmp_path / "handouts.toml").write_text('[limits]\ncatalog = "40 MB"\nother = 2048\n', encoding="utf-8")
    assert limits_for(tmp_path) == Limits(1 * MB, 40 * MB, 2048)
    (tmp_path / "handouts.toml").write_text('[limits]\ncatalog = "huge"\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"limits\.catalog"):
        limits_for(tmp_path)


def test_reads_at_most_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "articles" / "a.md"
    big.parent.mkdir()
    big.write_bytes(b"x" * 5000)
    with pytest.raises(ContentError, match="over the limit"):
        read_text(big, ContentError, "article file", limit=4096)
    assert read_text(big, ContentError, "article file", limit=5000)[0] == "x" * 5000


@pytest.mark.parametrize("folder", ["articles", "templates", "locales"])
def test_links_out_of_the_workspace_are_refused(workspace: Path, tmp_path: Path, folder: str) -> None:
    targets = {"articles": f"articles/{ARTICLE}.md", "templates": "templates/handout.j2",
               "locales": "locales/th/LC_MESSAGES/handouts.po"}  # fmt: skip
    inside = workspace / targets[folder]
    outside = tmp_path / ("elsewhere" + inside.suffix)
    outside.write_bytes(inside.read_bytes())
    inside.unlink()
    inside.symlink_to(outside)
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 1, r.output
    assert "outside the workspace" in r.stderr and targets[folder].split("/")[-1] in r.stderr


def test_links_inside_the_workspace_are_fine(workspace: Path, tmp_path: Path) -> None:
    alias = workspace / "articles" / "alias.md"
    alias.symlink_to(workspace / "articles" / f"{ARTICLE}.md")
    r = runner.invoke(app, ["render", "alias", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 0, r.output


def test_duplicate_front_matter_key(workspace: Path) -> None:
    article = workspace / "articles" / f"{ARTICLE}.md"
    lines = article.read_text(encoding="utf-8").split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.startswith("version:"))
    lines.insert(n + 1, "version: 9")
    article.write_text("\n".join(lines), encoding="utf-8")
    r = runner.invoke(app, ["render", ARTICLE, "-w", str(workspace), "-o", "-"])
    assert r.exit_code == 1
    assert f"articles/{ARTICLE}.md:{n + 2}:" in r.stderr and "'version' is given twice" in r.stderr
    assert f"line {n + 1}" in r.stderr


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_front_matter_nested_deeper_than_the_parser_goes_is_named(workspace: Path, opening: str) -> None:
    """'codes: [[[[…' (or a mapping, or block lists) nested thousands deep: an error naming the
    file and the line, not 'internal error: RecursionError' (exit 70)."""
    article = workspace / "articles" / f"{ARTICLE}.md"
    lines = article.read_text(encoding="utf-8").split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.startswith("version:"))
    depth = 3000
    if opening == "- ":
        deep = "codes:\n  " + "- " * depth + "x"  # compact nested block sequences
    else:
        deep = "codes: " + opening * depth + "x" + ("]" if opening == "[" else "}") * depth
    lines.insert(n + 1, deep)
    article.write_text("\n".join(lines), encoding="utf-8")
    for args in (["render", ARTICLE, "-o", "-"], ["list"]):
        r = runner.invoke(app, [*args, "-w", str(workspace)])
        assert r.exit_code == 1, r.output
        assert f"articles/{ARTICLE}.md:{n + 2}: front matter is nested too deep" in r.stderr, r.stderr
        assert "internal error" not in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("file", "args"),
    [
        ("handouts.toml", ["render", ARTICLE, "-o", "-"]),
        ("clinics/demo.toml", ["render", ARTICLE, "--clinic", "demo", "-o", "-"]),
        ("bundles/waiting-room.toml", ["batch", "waiting-room", "--print", "--dry-run"]),
        ("locales/th/signoff.toml", ["render", ARTICLE, "--lang", "th", "-o", "-"]),
    ],
    ids=["settings", "clinic", "bundle", "signoff"],
)
@pytest.mark.parametrize("value", ["[" * 3000 + "]" * 3000, "{a = " * 3000 + "1" + "}" * 3000], ids=["array", "table"])
def test_toml_nested_deeper_than_the_parser_goes_is_named(workspace: Path, file: str, args: list[str], value: str) -> None:
    """'x = [[[[…' thousands deep in any TOML file: an error naming the file and the line (exit 1),
    not 'internal error: RecursionError' (exit 70)."""
    path = workspace / file
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 2 if text.endswith("\n") else text.count("\n") + 3
    path.write_text(text + ("" if text.endswith("\n") else "\n") + "\n[deep]\n" + "x = " + value + "\n", encoding="utf-8")
    r = runner.invoke(app, [*args, "-w", str(workspace)])
    assert r.exit_code == 1, r.output
    assert f"{file}:{line + 1}" in r.stderr and "nested too deep" in r.stderr, r.stderr
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr


def test_bom_catalog_renders(workspace: Path, tmp_path: Path) -> None:
    po = workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes())
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "th", "--strict", "-w", str(workspace), "-o", str(tmp_path / "x.pdf")])
    assert r.exit_code == 0, r.output


# --------------------------------------------------------------------------- names too long for the file system

_LONG_NAMES = st.one_of(st.integers(min_value=256, max_value=900).map(lambda n: "x" * n),
                        st.integers(min_value=86, max_value=300).map(lambda n: "ก" * n),  # 3 bytes a letter
                        st.integers(min_value=17, max_value=30).map(lambda n: "/".join(["y" * 250] * n)))  # a path over 4096 bytes  # fmt: skip
_WHERE = {
    "article": lambda ws, n: ["render", f"{n}.md", "--lang", "en", "-w", str(ws)],
    "clinic": lambda ws, n: ["render", ARTICLE, "--clinic", f"{n}.toml", "-w", str(ws)],
    "-o": lambda ws, n: ["render", ARTICLE, "--lang", "en", "-w", str(ws), "-o", f"{n}.pdf"],
    "-o folder": lambda ws, n: ["render", ARTICLE, "--lang", "en", "-w", str(ws), "-o", f"{n}/"],
    "-w": lambda ws, n: ["list", "-w", n],
    "bundle": lambda ws, n: ["batch", f"{n}.toml", "-w", str(ws), "--print", "--dry-run"],
    "--out": lambda ws, n: ["batch", "--article", ARTICLE, "--clinic", "demo", "-w", str(ws), "--out", n],
    "init": lambda ws, n: ["init", "--demo", f"{ws}/{n}"],
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(sorted(_WHERE)), name=_LONG_NAMES)
def test_a_name_too_long_for_the_file_system_is_one_line_not_an_internal_error(workspace: Path, where: str,
                                                                               name: str) -> None:  # fmt: skip
    """A 300-character article, clinic, -o, -w, bundle or --out name stopped the command with
    "internal error: OSError: [Errno 36] File name too long" and exit 70 (a bug, the docs say)."""
    r = runner.invoke(app, _WHERE[where](workspace, name))
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 1 and len(lines) == 1 and "Traceback" not in r.stderr, (where, r.exit_code, r.stderr[-300:])
    assert lines[0].startswith("error: ") and "internal error" not in lines[0], lines
    assert "too long" in lines[0] or "not found" in lines[0] or "does not exist" in lines[0], lines  # named, not a bug
    assert len(lines[0]) < 400, lines  # the name shortened, not printed whole


def test_a_long_name_on_the_front_desk_command_line_is_one_line(workspace: Path) -> None:
    """The same through ``python -m handouts`` (the render's own path, without Typer)."""
    import subprocess
    import sys

    from tests.conftest import REPO

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    p = subprocess.run([sys.executable, "-m", "handouts", "render", ARTICLE, "--lang", "en", "-o", "x" * 300 + ".pdf"],
                       cwd=workspace, env=env, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert p.stderr.startswith("error: xxxxxxxx") and "too long for the file system" in p.stderr, p.stderr


@pytest.mark.parametrize("key", ["article", "clinic"])
def test_a_bundle_item_name_too_long_is_named_at_its_line(workspace: Path, key: str) -> None:
    values = {"article": ARTICLE, "clinic": "demo", key: "z" * 300 + (".md" if key == "article" else ".toml")}
    (workspace / "bundles" / "long.toml").write_text(
        f'[[items]]\narticle = "{values["article"]}"\nclinic = "{values["clinic"]}"\n', encoding="utf-8")
    r = runner.invoke(app, ["batch", "long", "-w", str(workspace), "--print", "--dry-run"])
    line = 2 if key == "article" else 3
    assert r.exit_code == 1 and "Traceback" not in r.stderr, r.stderr
    assert f"bundles/long.toml:{line}: items[1].{key}: the name is too long for the file system" in r.stderr, r.stderr


def test_a_default_clinic_name_too_long_is_named_in_the_settings(workspace: Path) -> None:
    (workspace / "handouts.toml").write_text(f'[defaults]\nclinic = "{"z" * 300}.toml"\n', encoding="utf-8")
    r = runner.invoke(app, ["render", ARTICLE, "--lang", "en", "-w", str(workspace), "-o", "-"])
    assert r.exit_code == 1 and "handouts.toml:2: [defaults].clinic: 'zzzz" in r.stderr, r.stderr
