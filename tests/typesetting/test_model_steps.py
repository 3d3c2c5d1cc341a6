"""The model's pure steps on disk (:class:`handouts.modelcache.Steps`): one changed input redoes its part.

A changed catalog entry or article paragraph misses the whole-model entry; the model is then
built from steps each keyed by exactly its inputs (the article, the clinic and its logo, the
frame's msgids, dates, phone numbers, the gate and the inline Markdown entry by entry). The PDF
is byte-identical to a render with an empty cache and to one with the cache off; a damaged step
is ignored and rewritten; a changed clinic, logo or template redoes the right step; and in a
fresh process a changed catalog entry loads none of the text libraries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts import modelcache
from handouts.content import inline
from handouts.diagnostics import Diagnostics
from handouts.typesetting import diskcache
from tests.typesetting.cachestate import fresh_process_state, use_cache_folder

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "back-pain-after-surgery"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_cache_folder(tmp_path, monkeypatch)


def _render(ws: Path, lang: str = "th") -> bytes:
    from handouts.pipeline import RenderContext, render

    fresh_process_state()
    return render(ARTICLE, "demo", lang, RenderContext(ws)).pdf


def _edit_catalog(ws: Path, word: str = "อีก") -> None:
    """A different first word in the translation of the title (the benchmark's edit)."""
    po = ws / "locales" / "th" / "LC_MESSAGES" / "handouts.po"
    text = po.read_text("utf-8")
    at = text.index('msgstr "', text.index("msgctxt")) + len('msgstr "')
    po.write_text(text[:at] + word + " " + text[at:], "utf-8")


def _edit_article(ws: Path) -> None:
    md = ws / "articles" / f"{ARTICLE}.md"
    text = md.read_text("utf-8")
    paragraph = "This article explores common causes"
    assert paragraph in text
    md.write_text(text.replace(paragraph, "This short article explores some common causes"), "utf-8")


def _cold(ws: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, lang: str = "th") -> tuple[bytes, bytes]:
    """The same render with an empty cache, and with the cache off."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(folder))
    cold = _render(ws, lang)
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    off = _render(ws, lang)
    monkeypatch.delenv("HANDOUTS_NO_CACHE")
    return cold, off


@pytest.mark.parametrize("edit", ["catalog entry", "article paragraph"])
def test_one_changed_input_gives_the_cold_bytes(edit: str, workspace: Path, cache_dir: Path, fixed_date: object,
                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    lang = "th" if edit == "catalog entry" else "en"
    _render(workspace, lang)
    before = _render(workspace, lang)
    assert modelcache.STATS.hits == 1
    (_edit_catalog if edit == "catalog entry" else _edit_article)(workspace)
    warm = _render(workspace, lang)
    assert modelcache.STATS.hits == 0, "the whole-model entry must miss after a change"
    steps, built = modelcache.STATS.steps, modelcache.STATS.built
    assert steps.get("clinic") == 1 and "clinic" not in built, (steps, built)
    assert steps.get("dates", 0) >= 2 and "dates" not in built, (steps, built)
    if edit == "catalog entry":
        assert steps.get("article") == 1 and "article" not in built, (steps, built)
        assert built.get("gate") == 1 and built.get("inline") == 2, (steps, built)  # the title, the control line
    else:
        assert built.get("article") == 1 and "front" not in built, (steps, built)  # the same front matter: no YAML
        assert built.get("inline") == 2, (steps, built)  # the paragraph, the control line
    assert warm != before
    cold, off = _cold(workspace, tmp_path / "empty", monkeypatch, lang)
    assert warm == cold == off
    again = _render(workspace, lang)  # the steps' new results were stored with the model
    assert again == warm and modelcache.STATS.hits == 1


def test_the_steps_replay_their_warnings(workspace: Path, cache_dir: Path, fixed_date: object) -> None:
    """A clinic with a small logo warns; when the clinic comes from its step the warning is the same."""
    from PIL import Image

    from handouts.pipeline import RenderContext, render

    logo = workspace / "clinics" / "logos" / "demo.png"
    Image.new("RGB", (40, 40), "white").save(logo)
    ctx = RenderContext(workspace)
    fresh_process_state()
    render(ARTICLE, "demo", "th", ctx)
    expected = [d for d in ctx.diagnostics.items if d.code == "brand-logo-small"]
    assert expected, ctx.diagnostics.items
    _edit_catalog(workspace)
    ctx = RenderContext(workspace)
    fresh_process_state()
    render(ARTICLE, "demo", "th", ctx)
    assert modelcache.STATS.steps.get("clinic") == 1
    assert [d for d in ctx.diagnostics.items if d.code == "brand-logo-small"] == expected


def test_a_damaged_step_is_ignored_and_rewritten(workspace: Path, cache_dir: Path, fixed_date: object,
                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _render(workspace)
    _edit_catalog(workspace)
    known = {Path(e.path) for e in diskcache.entries()}
    warm = _render(workspace)  # the model misses: writes a model (and its new table rows)
    steps = {Path(e.path) for e in diskcache.entries()} - known
    for f in known:  # every entry written by the first render: paragraphs, model, steps, tables
        data = f.read_bytes()
        f.write_bytes(data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0x55]) + data[len(data) // 2 + 1 :])
    for f in steps:
        f.unlink()
    _edit_catalog(workspace, "ยัง")
    damaged = _render(workspace)
    assert diskcache.STATS.rejected >= 3 and modelcache.STATS.built.get("article") == 1, diskcache.STATS
    assert modelcache.STATS.built.get("clinic") == 1
    cold, _ = _cold(workspace, tmp_path / "empty", monkeypatch)
    assert damaged == cold != warm
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(cache_dir))
    _edit_catalog(workspace, "แล้ว")
    _render(workspace)
    assert modelcache.STATS.steps.get("article") == modelcache.STATS.steps.get("clinic") == 1  # rewritten


@pytest.mark.parametrize("edit, step", [("clinic", "clinic"), ("logo", "clinic"), ("template", "frame-msgids"),
                                        ("catalog", "gate")])  # fmt: skip
def test_a_changed_file_redoes_its_step(edit: str, step: str, workspace: Path, cache_dir: Path, fixed_date: object,
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _render(workspace)
    path = {"clinic": workspace / "clinics" / "demo.toml", "logo": workspace / "clinics" / "logos" / "demo.png",
            "template": workspace / "templates" / "handout.j2"}.get(edit)  # fmt: skip
    if path is None:
        _edit_catalog(workspace)
    else:
        path.write_bytes(path.read_bytes() + (b"\0" if edit == "logo" else b"\n{# edited #}\n" if edit == "template"
                                              else b"\n# edited\n"))  # fmt: skip
    warm = _render(workspace)
    assert modelcache.STATS.hits == 0 and modelcache.STATS.built.get(step, 0) >= 1, modelcache.STATS
    assert modelcache.STATS.steps.get("article") == 1
    others = {"clinic", "frame-msgids"} - {step}
    assert all(modelcache.STATS.steps.get(s) == 1 and s not in modelcache.STATS.built for s in others), modelcache.STATS
    cold, off = _cold(workspace, tmp_path / "empty", monkeypatch)
    assert warm == cold == off


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=8), min_size=1, max_size=6), st.integers(0, 2))
def test_memo_is_keyed_by_the_files_bytes(cache_dir: Path, tmp_path: Path, versions: list[bytes], n_warn: int) -> None:
    """Whatever the files' successive contents, a step's result is the one built from the current
    bytes, it is built only when the bytes are new, and its warnings come back each time."""
    folder = tmp_path / uuid.uuid4().hex  # examples share tmp_path: each has its own step
    folder.mkdir()
    f = folder / "input.bin"
    seen: set[bytes] = set()
    for data in versions:
        f.write_bytes(data)
        calls: list[bytes] = []

        def build(d: Diagnostics, calls: list[bytes] = calls) -> tuple[str, int]:
            calls.append(f.read_bytes())
            for i in range(n_warn):
                d.warn("test.warn", f"warning {i} of {f.read_bytes()!r}")
            return (f.read_bytes().hex(), len(f.read_bytes()))

        sink = Diagnostics(log=False)
        value = modelcache.memo("test", (str(folder),), build, sink, (f,))
        assert value == (data.hex(), len(data))
        assert len(calls) == (0 if data in seen else 1)
        assert [d.message for d in sink.items] == [f"warning {i} of {data!r}" for i in range(n_warn)]
        seen.add(data)


_SPECIAL = "\\`*_[]<>&!~\n\r\0"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab ก่า\t.,?#-+=()1%$'\"" + _SPECIAL), max_size=20))
def test_plain_text_is_parsed_as_markdown_it_parses_it(text: str) -> None:
    """Texts without Markdown syntax skip markdown-it: their inlines are what markdown-it gives."""
    inline._SEEDED.clear()
    assert inline.parse_inline(text) == inline._parse_inline(text, ())


@pytest.mark.parametrize("edit", ["catalog entry", "article paragraph"])
def test_a_changed_input_loads_only_the_libraries_it_needs(edit: str, workspace: Path, tmp_path: Path) -> None:
    """In a fresh process, with the steps on disk, a render after one catalog entry changed loads
    none of YAML, markdown-it, Jinja2, Babel, phonenumbers or Pillow to build its model (a plain
    title: no Markdown); after one article paragraph changed, only markdown-it (the body is parsed
    again; the front matter is the same). Pillow does not run at all: the logo's pixels come from the
    cache, and the CLI loads ``PIL.Image`` lazily (ReportLab imports it at import)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_CACHE_DIR": str(tmp_path / "cache"),
           "SOURCE_DATE_EPOCH": "1795564800"}  # fmt: skip
    env.pop("HANDOUTS_NO_CACHE", None)
    out = tmp_path / "modules.json"
    probe = ("import json, sys\nsys.argv = ['handouts', *json.loads(sys.argv[1])]\nfrom handouts import pipeline\n"
             "seen = []\nlay_out = pipeline.layout_handout\n"
             "def spy(*a, **k):\n    seen.append(sorted(sys.modules))\n    return lay_out(*a, **k)\n"
             "pipeline.layout_handout = spy\nfrom handouts.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"open({str(out)!r}, 'w').write(json.dumps([seen[0], sorted(sys.modules)]))\n")  # fmt: skip
    # -v: the model is built in this process (not ahead in a forked child: handouts.prefetch)
    args = json.dumps(["-v", "render", ARTICLE, "--lang", "th", "-w", str(workspace), "-o", str(tmp_path / "h.pdf")])
    libraries = {"yaml", "markdown_it", "jinja2", "babel", "phonenumbers", "PIL"}
    needed = {"markdown_it"} if edit == "article paragraph" else set()
    for run in range(2):
        subprocess.run([sys.executable, "-c", probe, args], env=env, check=True, timeout=120, capture_output=True)
        # Pillow counts as loaded when its core ran (PIL.Image is only registered, lazily, by the CLI)
        model, end = ({m.split(".")[0] for m in mods if m.split(".")[0] != "PIL" or "PIL._imaging" in mods}
                      for mods in json.loads(out.read_text("utf-8")))  # fmt: skip
        if run == 0:
            # the demo's front matter and dates need no YAML or Babel (handouts.content.simpleyaml, the CLDR table)
            assert libraries - {"yaml", "babel"} <= model, "the first render should have built everything"
            (_edit_catalog if edit == "catalog entry" else _edit_article)(workspace)
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF-")
    assert model & libraries == needed, sorted(model & libraries)
    assert end & libraries == needed, sorted(end & libraries)


def test_a_fresh_process_lists_the_folder_at_most_every_few_minutes(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size cap is kept by listing the folder; a front-desk process does it on its first write
    only when no other process did in the last :data:`~diskcache.CHECK_EVERY` seconds."""
    listed: list[int | None] = []

    def evict(limit: int | None = None) -> int:
        listed.append(limit)
        return 0

    monkeypatch.setattr(diskcache, "evict", evict)
    for n, stamp_age in enumerate((None, 10.0, diskcache.CHECK_EVERY + 10.0, 10.0)):
        if stamp_age is not None:
            os.utime(cache_dir / ".checked", (time.time() - stamp_age,) * 2)
        monkeypatch.setattr(diskcache, "_checked", False)  # a new process
        monkeypatch.setattr(diskcache, "_written", 0)
        diskcache.put(diskcache.key("stamp", n), [n])
        diskcache.put(diskcache.key("stamp", n, 2), [n])  # a second write of the process lists nothing
        assert len(listed) == [1, 1, 2, 2][n], (n, stamp_age)
    # a process that writes an eighth of the cap lists anyway (an entry over a quarter of it is not kept)
    monkeypatch.setenv("HANDOUTS_CACHE_MAX_MB", "0.004")
    diskcache.put(diskcache.key("stamp", "big"), ["x" * 600])
    assert len(listed) == 3


FRAMES = [
    "{% block control %}{% trans hash=hash %}v {{ hash }}{% endtrans %} {{ clinic_name }}{% endblock %}",
    "{% block control %}{{ hash|upper }} {{ clinic_name }}{% endblock %}",
    "{% block control %}{% macro m() %}{{ hash }}{% endmacro %}{{ m()|length }}{% endblock %}",
    "{% block control %}{% set x %}{{ hash }}{% endset %}{{ x|length }} {{ hash }}{% endblock %}",
    "{% block control %}{% filter upper %}{{ hash }}{% endfilter %}{% endblock %}",
    "{% block control %}{% if hash == 'ab' %}yes{% endif %}{{ hash }}{% endblock %}",
    "{% block a %}{{ hash }}{% endblock %}{% block control %}{{ self.a()|length }}{% endblock %}",
    "{% block control %}{% for c in hash %}{{ c }}.{% endfor %}{% endblock %}",
    "{% block control %}{% trans h=hash, n=clinic_name %}Code {{ h }} of {{ n }}{% endtrans %}{% endblock %}",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FRAMES), st.text(" ab%\\-\ue000", max_size=6), st.text(" xy*", max_size=5),
       st.sampled_from(["", "รหัส %(h)s ของ %(n)s", "รหัส %(h).2s", "รหัส %(h)5s ของ %(n)s", "%(h)r", "\ue000h\ue001"]))
def test_a_frame_from_its_step_is_the_frame_rendered(cache_dir: Path, tmp_path: Path, template: str, hash_: str,
                                                     name: str, msgstr: str) -> None:  # fmt: skip
    """Whatever the template does with a value and however a translation formats it, the frame
    from its step (values filled in afterwards, or the template rendered) is the rendered one."""
    from handouts.content.frame import render_frame
    from handouts.i18n.rules import FrameGate
    from handouts.i18n.runtime import Catalog, Message

    folder = tmp_path / uuid.uuid4().hex
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "handout.j2").write_text(template, "utf-8")
    messages: dict[tuple[str | None, str], Message] = {}
    if msgstr:
        messages[(None, "Code %(h)s of %(n)s")] = Message(msgstr, False, 3)
    catalog = Catalog("th", folder / "th.po", messages)
    values = {"hash": hash_, "clinic_name": name}
    expected: list[str] = []
    seen: list[str] = []
    direct = render_frame(folder / "templates", values, catalog, expected.append, FrameGate(catalog))
    for _ in range(2):  # built, then from the disk
        got = modelcache.Steps(True, (str(folder),)).frame(folder / "templates", values, catalog, seen.append,
                                                           FrameGate(catalog))  # fmt: skip
        assert got == direct
        assert seen == expected
        seen.clear()
    assert modelcache.STATS.steps.get("frame", 0) >= 1


def test_another_icu_gives_other_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate's verdicts (kept in the steps) read Lao numbers by ICU's decimal separator: a model or
    step made with one ICU is not reused with another."""
    real = diskcache.dist_version
    before = modelcache.code_fingerprint()
    try:
        modelcache.code_fingerprint.cache_clear()
        monkeypatch.setattr(diskcache, "dist_version", lambda m, d=None: real(m, d) + ("+other" if m == "icu" else ""))
        assert modelcache.code_fingerprint() != before
    finally:
        monkeypatch.undo()
        modelcache.code_fingerprint.cache_clear()
    assert modelcache.code_fingerprint() == before
