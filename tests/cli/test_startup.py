"""A fresh process's start-up: dataclass code kept beside the bytecode (else in the disk cache),
Pillow loaded only when used. The renders run with ``-v``, which builds the model in the process
itself (not ahead in a forked child), so that each process makes all of its classes; the child's
part has a test of its own."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from handouts import startup

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys, types, dataclasses, gc
sys.argv = ["handouts", *json.loads(sys.argv[1])]
from handouts import startup
from handouts.cli import main
try:
    main()
except SystemExit:
    pass
if "PROBE_NO_RECIPE" in __import__("os").environ:  # a class dataclasses makes itself: its methods' code is stored
    @dataclasses.dataclass(order=True)
    class Ordered:
        "Of no recipe (order=True)."

        a: int = 0
pil = sys.modules.get("PIL.Image")
print(json.dumps({"hooked": getattr(dataclasses, "exec", None) is startup._exec, "codes": len(startup._codes),
                  "loaded": startup._loaded, "patterns": len(startup._patterns),
                  "patterns_loaded": startup._patterns_loaded, "pil_ran": pil is not None and type(pil) is types.ModuleType,
                  "collecting": gc.isenabled(), "frozen": gc.get_freeze_count(), "young": gc.get_threshold()[0],
                  "modules_made": len(startup._modules_made), "modules_stored": len(startup._modules),
                  "compiled": startup._compiled, "recorded": startup._recorded, "recipes": len(startup._recipes),
                  "from_recipes": startup._from_recipes}))
"""


def probe(args: list[str], cwd: Path, env: dict[str, str]) -> dict[str, object]:
    """Run the CLI in a fresh process with ``env`` (a value "" removes that variable)."""
    full = {k: v for k, v in {**os.environ, "PYTHONPATH": str(REPO), **env}.items() if v != ""}
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], cwd=cwd, capture_output=True, text=True,
                          env=full, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _stores(pyc: Path, kind: str = "dataclasses") -> list[Path]:
    return sorted(pyc.rglob(f"{kind}_code.*.{kind}"))


def _without_bytecode_off() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "HANDOUTS_NO_CACHE")}


def _env(tmp_path: Path, bytecode: bool = True) -> dict[str, str]:
    """A cache folder and a bytecode folder of the test's own; bytecode written or not."""
    return {"HANDOUTS_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc"),
            "HANDOUTS_NO_CACHE": "", "PYTHONDONTWRITEBYTECODE": "" if bytecode else "1"}  # fmt: skip


def test_a_second_process_makes_its_dataclasses_from_cached_code(workspace: Path, tmp_path: Path) -> None:
    pyc, env = tmp_path / "pyc", _env(tmp_path)
    # -v: each process builds its own model (not ahead in a forked child: see the test after this one)
    args = ["-v", "render", "back-pain-after-surgery", "--lang", "th", "-o", str(tmp_path / "a.pdf")]
    first = probe(args, workspace, env)
    # compiled (the classes of one shape: recorded as a recipe, handouts.classrecipes), then saved
    assert first["hooked"] and first["loaded"] == 0 and int(str(first["recorded"])) > 30 and int(str(first["compiled"])) > 50
    assert len(_stores(pyc)) == 1, "kept beside the package's bytecode"
    # patterns are stored the second time a process compiles them: the first leaves their digests
    assert first["patterns_loaded"] == 0 and int(str(first["patterns"])) > 20 and not _stores(pyc, "regex")
    assert len(_stores(pyc, "regex-seen")) == 1
    # the command done, the process ends without collecting its objects; atexit still saved the codes
    assert first["collecting"] is False and int(str(first["frozen"])) > 10_000
    assert first["young"] == startup.YOUNG_THRESHOLD
    second = probe([*args[:-1], str(tmp_path / "b.pdf")], workspace, env)
    # nothing compiled again (a second render takes its model from the cache: fewer classes)
    assert second["compiled"] == second["recorded"] == 0 and int(str(second["from_recipes"])) > 50, second
    assert second["patterns_loaded"] == 0 and len(_stores(pyc, "regex")) == 1, second  # compiled again: stored
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    # every picture (the logo, the QR code) came from the cache: Pillow's Image module never ran
    assert second["pil_ran"] is False
    # compiled code of the package, like its .pyc files: an emptied typesetting cache keeps it
    third = probe([*args[:-1], str(tmp_path / "c.pdf")], workspace, {**env, "HANDOUTS_CACHE_DIR": str(tmp_path / "new")})
    made = int(str(first["recorded"])) + int(str(first["from_recipes"]))  # (a recipe serves every class of its shape)
    assert third["compiled"] == third["recorded"] == 0 and third["from_recipes"] == made, (first, third)
    # the full render's patterns, compiled by the first process and again by this one: stored now;
    # the next full render takes every one from the store (ReportLab builds one from a set of
    # names, in an order that changes with each process's string hashing: that one is new each
    # time, never stored, and the store is not rewritten for it)
    store = _stores(pyc, "regex")[0].stat().st_mtime_ns
    fourth = probe([*args[:-1], str(tmp_path / "d.pdf")], workspace, {**env, "HANDOUTS_CACHE_DIR": str(tmp_path / "4")})
    assert int(str(fourth["patterns_loaded"])) >= int(str(third["patterns"])) - 2, (third, fourth)
    assert int(str(fourth["patterns"])) - int(str(fourth["patterns_loaded"])) <= 2, fourth
    assert _stores(pyc, "regex")[0].stat().st_mtime_ns == store, "nothing new to store: not rewritten"
    assert (tmp_path / "c.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes()


def test_the_code_a_forked_child_compiled_is_stored_by_its_parent(workspace: Path, tmp_path: Path) -> None:
    """A render whose model is built ahead in a forked child (:mod:`handouts.prefetch`): the classes
    and patterns only the model build makes are compiled there, handed back and stored by the
    parent at exit, so the next process that builds a model compiles none of them; and a
    pattern compiled in both (one interpreter, one string hashing) counts as compiled once."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        pytest.skip("needs fork and 2 CPUs")
    from tests.typesetting.test_model_steps import _edit_catalog

    env = _env(tmp_path)
    args = ["render", "back-pain-after-surgery", "--lang", "th", "-o"]
    probe(["-v", *args, str(tmp_path / "a.pdf")], workspace, env)  # fills the typesetting cache
    _edit_catalog(workspace)
    pyc, env = tmp_path / "pyc2", {**env, "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc2")}  # no code stored yet
    ahead = probe(["-q", *args, str(tmp_path / "b.pdf")], workspace, env)
    assert ahead["loaded"] == 0 and not _stores(pyc, "regex"), ahead  # everything compiled, each pattern seen once
    assert len(_stores(pyc)) == 1 and len(_stores(pyc, "regex-seen")) == 1
    _edit_catalog(workspace, "ยัง")
    built_here = probe(["-v", *args, str(tmp_path / "c.pdf")], workspace, env)  # the same model build, in-process
    assert built_here["compiled"] == built_here["recorded"] == 0, "the child's classes were stored by its parent"
    assert int(str(built_here["from_recipes"])) > int(str(ahead["from_recipes"])), (ahead, built_here)


def test_entries_a_forked_child_found_damaged_are_written_anew(workspace: Path, tmp_path: Path) -> None:
    """Every entry of the class and pattern stores damaged: a render whose model is built ahead in
    a forked child compiles again what only the model build makes, there, and its parent
    writes those entries anew (it kept the damaged ones it had read, and every later model
    build compiled them again)."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        pytest.skip("needs fork and 2 CPUs")
    from tests.typesetting.test_model_steps import _edit_catalog

    pyc, env = tmp_path / "pyc", _env(tmp_path)
    args = ["render", "back-pain-after-surgery", "--lang", "th", "-o"]
    probe(["-v", *args, str(tmp_path / "a.pdf")], workspace, env)
    probe(["-v", *args, str(tmp_path / "a.pdf")], workspace, env)  # (a pattern is stored when seen twice)

    for kind in ("dataclasses", "regex"):  # each entry's digest made wrong
        (store,) = _stores(pyc, kind)
        header, table = marshal.loads(store.read_bytes())
        stored = table["patterns"] if kind == "regex" else table
        assert len(stored) > 20, kind
        flipped = {k: bytes([e[0] ^ 1]) + e[1:] for k, e in stored.items()}
        store.write_bytes(marshal.dumps((header, {**table, "patterns": flipped} if kind == "regex" else flipped)))
    _edit_catalog(workspace)
    ahead = probe(["-q", *args, str(tmp_path / "b.pdf")], workspace, env)  # the model built in a child
    assert ahead["loaded"] == 0 and ahead["patterns_loaded"] == 0, ahead  # (all damaged)
    _edit_catalog(workspace, "ยัง")
    built_here = probe(["-v", *args, str(tmp_path / "c.pdf")], workspace, env)  # the same model build, in-process
    assert built_here["compiled"] == built_here["recorded"] == 0, built_here
    assert int(str(built_here["patterns"])) - int(str(built_here["patterns_loaded"])) <= 2, built_here


def test_without_bytecode_files_the_code_is_kept_in_the_disk_cache(workspace: Path, tmp_path: Path) -> None:
    """``PYTHONDONTWRITEBYTECODE`` (as for .pyc files, nothing is written beside the package):
    the codes go to the disk cache instead, and the next process reads them from there."""
    pyc, env = tmp_path / "pyc", _env(tmp_path, bytecode=False)
    args = ["-v", "render", "back-pain-after-surgery", "--lang", "en", "-o", str(tmp_path / "a.pdf")]
    first = probe(args, workspace, env)
    assert first["loaded"] == 0 and int(str(first["recorded"])) > 30 and not _stores(pyc)
    second = probe(args, workspace, env)
    assert second["compiled"] == second["recorded"] == 0 and int(str(second["from_recipes"])) > 50, second
    assert not _stores(pyc)


def _flip_one_bit(entry: bytes) -> bytes:
    """``entry`` (digest + marshalled code) with one bit of its code flipped where the code still
    unmarshals: only the entry's digest can tell."""
    for at in range(len(entry) // 2, len(entry)):
        flipped = bytearray(entry)
        flipped[at] ^= 0x01
        try:
            if isinstance(marshal.loads(bytes(flipped[startup.ENTRY_DIGEST :])), type(_flip_one_bit.__code__)):
                return bytes(flipped)
        except (ValueError, EOFError, TypeError):
            continue
    raise AssertionError("no flip of this entry unmarshals")


def test_a_damaged_store_is_compiled_again_and_rewritten(workspace: Path, tmp_path: Path) -> None:
    pyc, env = tmp_path / "pyc", {**_env(tmp_path), "PROBE_NO_RECIPE": "1"}
    args = ["-v", "render", "back-pain-after-surgery", "--lang", "en", "-o", str(tmp_path / "a.pdf")]
    first = probe(args, workspace, env)
    (store,) = _stores(pyc)
    good = store.read_bytes()
    header, table = marshal.loads(good)
    # one entry per method of a class of no recipe, and one per recipe (handouts.classrecipes)
    assert len(table) == int(str(first["codes"])) + int(str(first["recipes"]))
    recipe = next(k for k in table if isinstance(k, tuple))
    other = next(k for k in table if k != recipe and isinstance(k, tuple))
    cases: list[tuple[object, bytes, str]] = [  # what is lost is made again: compiled, or recorded
        (recipe, marshal.dumps((header, {**table, recipe: table[other]})), "recorded"),  # another's good entry
        (recipe, marshal.dumps((header, {**table, recipe: b"\x00" * 40})), "recorded"),
        (None, good[: len(good) // 2], "all"), (None, b"\x00" * 64, "all"),
        (None, marshal.dumps((b"not-the-magic", table)), "all"),  # another interpreter's
    ]  # fmt: skip
    # the methods of a class of no recipe (the probe's own: every class of a render has a recipe)
    source = next(k for k in table if isinstance(k, str))
    cases.insert(0, (source, marshal.dumps((header, {**table, source: _flip_one_bit(table[source])})), "compiled"))
    for key, damage, redone in cases:
        store.write_bytes(damage)
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)  # the disk cache holds no copy either
        again = probe(args, workspace, env)
        if redone == "all":
            assert again["loaded"] == 0 and (again["recorded"], again["from_recipes"]) == (first["recorded"], first["from_recipes"])
        else:
            assert int(str(again[redone])) >= 1 and int(str(again["from_recipes"])) > 20, (key, again)
        again_header, again_table = marshal.loads(store.read_bytes())  # rewritten: the same codes
        assert again_header == header and again_table.keys() == table.keys()
        differ = [k for k, e in again_table.items() if not startup._value(k, e) == startup._value(k, table[k]) is not None]
        assert not differ, (key, redone, [(d, startup._value(d, again_table[d]), startup._value(d, table[d])) for d in differ][:2])


@pytest.mark.parametrize("where", ["before", "after"])
def test_no_cache_leaves_dataclasses_alone(workspace: Path, tmp_path: Path, where: str) -> None:
    env = _env(tmp_path)
    render = ["render", "back-pain-after-surgery", "--lang", "en", "-o", str(tmp_path / "a.pdf")]
    out = probe(["--no-cache", "-q", *render] if where == "before" else [*render, "-q", "--no-cache"], workspace, env)
    assert (tmp_path / "a.pdf").is_file(), "the render ran"
    assert out["hooked"] is False and out["codes"] == 0 and out["patterns"] == 0
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.bin"))
    assert not _stores(tmp_path / "pyc") and not _stores(tmp_path / "pyc", "regex")


def test_value_options_are_the_clis() -> None:
    """startup.VALUE_OPTIONS (the words whose next word is a value, not an option) is every command's."""
    from typer.main import get_command

    from handouts.cli import COMMANDS, app

    root: Any = get_command(app)
    root._load(*sorted({module for module, _ in COMMANDS.values()}))
    found: set[str] = set()

    def walk(command: Any) -> None:
        for p in command.params:
            if p.param_type_name == "option" and not (p.is_flag or p.count):
                found.update(p.opts, p.secondary_opts)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(root)
    assert found == startup.VALUE_OPTIONS


@pytest.fixture
def hooked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook in this process, with an empty code table and the disk cache off."""
    monkeypatch.setattr(startup, "_codes", {})
    monkeypatch.setattr(startup, "_key", "")
    monkeypatch.setattr(dataclasses, "exec", startup._exec, raising=False)


def _make() -> type:
    # (order=True: a class of no recipe, made by dataclasses through the hook whatever this process
    # hooked before, so that its methods' code is compiled into the table)
    @dataclasses.dataclass(frozen=True, slots=True, order=True)
    class Point:
        x: int
        y: list[int] = dataclasses.field(default_factory=list)

    return Point


@pytest.mark.usefixtures("hooked")
def test_classes_from_cached_code_behave_as_compiled_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _make()
    assert startup._codes, "the hook compiled the methods"
    codes = dict(startup._codes)
    second = _make()  # every method's code from the table now
    assert startup._codes == codes
    monkeypatch.delattr(dataclasses, "exec")
    plain = _make()
    for cls in (first, second):
        p = cls(1)
        assert p == cls(1, []) and hash(cls(1, ())) == hash(plain(1, ()))
        assert repr(p) == repr(plain(1)).replace(plain.__qualname__, cls.__qualname__)
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.x = 2
        # compiled without this module's `from __future__ import annotations`, as dataclasses does
        assert cls.__init__.__annotations__ == plain.__init__.__annotations__  # type: ignore[misc]


@pytest.mark.parametrize("args", [["--help"], ["render", "--help"], ["render", "no-such-article", "-w", "."]],
                         ids=lambda a: " ".join(a))  # fmt: skip
def test_a_command_that_makes_no_class_ends_cleanly(args: list[str], tmp_path: Path) -> None:
    """``--help`` or an early error makes no dataclass through the hook: nothing to save at exit,
    and no traceback from the exit handler (it used to import the cache module there, whose own
    class then asked the half-imported module for its entry)."""
    done = subprocess.run([sys.executable, "-m", "handouts", *args], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), "HANDOUTS_CACHE_DIR": str(tmp_path / "c")},
                          timeout=120)  # fmt: skip
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode in (0, 1, 2), done.stderr  # ok, bad input, usage


def test_the_cache_modules_own_class_first(tmp_path: Path) -> None:
    """When no store is beside the bytecode and the first class made through the hook is the
    disk cache module's own (mid-import), the process compiles its classes (it cannot read the
    disk cache yet) and writes the store at exit, rather than failing or never making one."""
    code = ("import dataclasses\nfrom handouts import startup\nassert startup.cache_dataclass_code([])\n"
            "import handouts.typesetting.diskcache\n"
            "@dataclasses.dataclass(frozen=True)\nclass P:\n    x: int\n"
            "assert P(1) == P(1) and startup._loaded == 0\nprint('ok')\n")  # fmt: skip
    env = {**_without_bytecode_off(), "PYTHONPATH": str(REPO), **_env(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in env.items() if v})  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "ok" and not done.stderr, done.stderr
    assert len(_stores(tmp_path / "pyc")) == 1


def test_codes_read_from_the_disk_cache_make_the_store(workspace: Path, tmp_path: Path) -> None:
    """Codes an earlier version kept in the disk cache (or a process that could not write the
    store) are written to the store by the next process that can, though it compiled nothing."""
    args = ["-v", "render", "back-pain-after-surgery", "--lang", "en", "-o", str(tmp_path / "a.pdf")]
    first = probe(args, workspace, _env(tmp_path, bytecode=False))  # into the disk cache only
    assert not _stores(tmp_path / "pyc")
    second = probe(args, workspace, _env(tmp_path))
    assert second["loaded"] == second["codes"] and int(str(second["codes"])) <= int(str(first["codes"])), second
    assert len(_stores(tmp_path / "pyc")) == 1


CHECK = r"""
import json, re, sys
from handouts import startup
real = re._compiler.compile
assert startup.cache_regex_code([])
patterns = [(p, f) for p, f in json.loads(sys.argv[1])] + [(b"(?P<k>[a-z]+)=(\\d+)", 0), (rb"\xff+", int(re.I))]
samples = json.loads(sys.argv[2])
bad = []
for p, f in patterns:
    a, b = re._compiler.compile(p, f), real(p, f)  # through the hook (from the store, or compiled), and plain
    texts = samples if isinstance(p, str) else [t.encode("utf-8") for t in samples]
    repl = "<\\g<0>>" if isinstance(p, str) else b"<\\g<0>>"
    same = (a.pattern, a.flags, a.groups, dict(a.groupindex)) == (b.pattern, b.flags, b.groups, dict(b.groupindex))
    same = same and all([m.groups() + (m.span(),) for m in a.finditer(t)] == [m.groups() + (m.span(),) for m in b.finditer(t)]
                        and a.sub(repl, t) == b.sub(repl, t) for t in texts)
    if not same:
        bad.append(repr(p))
try:
    re._compiler.compile("(unclosed", 0)
except re.error:
    failed = True
print(json.dumps({"loaded": startup._patterns_loaded, "held": len(startup._patterns), "bad": bad, "failed": failed}))
"""

PATTERNS = [
    (r"[\u0e00-\u0e7f]+", 0), (r"(?P<num>[0-9๐-๙]+(?:[.,][0-9]+)*)\s*(มก\.|มล\.|ครั้ง)", 0),
    (r"(?<![A-Za-z])(?:https?://|www\.)\S+", int(re.I)), (r"^\s*#+\s*(.*?)\s*#*\s*$", int(re.M)), (r"a.b", int(re.S)),
    (r"(?x) \d{3} - \d{4}  # a phone", 0), (r"(\w+)\s+\1", 0), (r"(?i)ß|straße", 0), (r"[^\W\d_]+", int(re.A)),
    (r"(?=.*\d)(?!.*x).{2,}", 0), (r"\bตัว\b|ยา(?:แก้|ลด)ปวด", 0), (r"(a)|(b)|(?P<c>c)", 0),
]  # fmt: skip
SAMPLES = ["ยาแก้ปวด 500 มก. วันละ 3 ครั้ง", "see https://example.org/x?y=1 and WWW.A.B", "# Title ##\ntext\n## x",
           "a\nb STRASSE straße", "02 123 4567 abc abc", "x1 ab12 ตัว ยาลดปวด", "k=12 z=3 \xff"]  # fmt: skip


def test_patterns_from_the_store_match_as_compiled_ones(tmp_path: Path) -> None:
    """Patterns made from the stored engine code (a second process) find, group and substitute
    exactly as ``re`` compiles them: flags, named and numbered groups, lookarounds, back
    references, Thai, bytes; a pattern that does not compile is still an error."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("HANDOUTS_NO_CACHE", None)
    args = [sys.executable, "-c", CHECK, json.dumps(PATTERNS), json.dumps(SAMPLES)]
    runs = [json.loads(subprocess.run(args, env=env, capture_output=True, text=True, check=True, timeout=120).stdout)
            for _ in range(3)]  # fmt: skip
    # stored when compiled a second time, read by the third process
    assert runs[0]["loaded"] == runs[1]["loaded"] == 0 and runs[2]["loaded"] >= len(PATTERNS) + 2, runs
    assert all(r["bad"] == [] and r["failed"] for r in runs), runs
    (store,) = _stores(tmp_path / "pyc", "regex")
    store.write_bytes(store.read_bytes()[:100])  # damaged: compiled again, the same results
    third = json.loads(subprocess.run(args, env=env, capture_output=True, text=True, check=True, timeout=120).stdout)
    assert third["loaded"] == 0 and third["bad"] == [], third


def test_stored_patterns_no_process_uses_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store keeps what processes use: a pattern unused for KEEP_GENERATIONS writes goes."""
    written: list[dict[str, object]] = []
    monkeypatch.setattr(startup, "_write_store", lambda table, kind: written.append(table) or True)
    args = ("x", 32, [1], 0, {}, (None,))
    old, recent, used, new = ("old", 0), ("recent", 0), ("used", 0), ("new", 0)
    g = 100
    monkeypatch.setattr(startup, "_generation", g)
    monkeypatch.setattr(startup, "_stored_patterns", {k: startup._entry(k, args) for k in (old, recent, used)})
    monkeypatch.setattr(startup, "_patterns", {used: args, new: args})  # used (read from the store), new (compiled)
    monkeypatch.setattr(startup, "_ages", {old: g - startup.KEEP_GENERATIONS + 1, recent: g - 1, used: 1})
    monkeypatch.setattr(startup, "_used", {used, new})
    monkeypatch.setattr(startup, "_patterns_compiled", 1)
    monkeypatch.setattr(startup, "_sightings", lambda keys: keys)  # every new one compiled before
    startup._save_patterns()
    (table,) = written
    assert table["generation"] == g + 1
    assert set(table["patterns"]) == {recent, used, new}  # type: ignore[call-overload]
    assert table["ages"] == {recent: g - 1, used: g + 1, new: g + 1}
    kept: dict[tuple[str, int], bytes] = table["patterns"]  # type: ignore[assignment]
    assert all(startup._value(k, e) == args for k, e in kept.items())
    monkeypatch.setattr(startup, "_patterns_compiled", 0)  # nothing new compiled: nothing written
    startup._save_patterns()
    assert len(written) == 1


def test_a_pattern_is_stored_the_second_time_it_is_compiled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The log of sightings: a pattern compiled again is admitted, one whose text is new each time
    (ReportLab's) never is; the log stays bounded, and a log two writers tore starts again."""
    monkeypatch.setattr(startup, "code_store", lambda kind="dataclasses": tmp_path / f"{kind}.store")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    log = tmp_path / "regex-seen.store"
    steady = [("[a-z]+", 0), (b"x+", 2)]
    assert startup._sightings(steady + [("volatile 0", 0)]) == []
    assert log.stat().st_size == 3 * startup.SIGHTING
    for n in range(1, 4):
        assert startup._sightings(steady + [(f"volatile {n}", 0)]) == steady
    assert log.stat().st_size == 6 * startup.SIGHTING  # each sighting once
    monkeypatch.setattr(startup, "MAX_SIGHTINGS", 8)
    assert startup._sightings([(f"more {n}", 0) for n in range(5)]) == []
    assert log.stat().st_size == (4 + 5) * startup.SIGHTING  # the newer half, then the new ones
    assert startup._sightings([("more 4", 0), ("[a-z]+", 0)]) == [("more 4", 0)]  # the oldest went
    log.write_bytes(log.read_bytes() + b"abc")  # torn
    assert startup._sightings([("more 4", 0)]) == []
    assert startup._sightings([("more 4", 0)]) == [("more 4", 0)]


def test_without_bytecode_the_packages_modules_are_compiled_once(workspace: Path, tmp_path: Path) -> None:
    """PYTHONDONTWRITEBYTECODE (many container images set it; this machine does): every process
    compiled the package's modules from their source again, some 200 ms of a render. Their code is
    kept in the cache folder; the next process compiles none of them."""
    env = _env(tmp_path, bytecode=False)
    args = ["-v", "render", "back-pain-after-surgery", "--lang", "en", "-o", str(tmp_path / "a.pdf")]
    first = probe(args, workspace, env)
    assert int(str(first["modules_made"])) > 30, first
    (store,) = (tmp_path / "cache" / "code").glob("modules_code.*.modules")
    second = probe(args, workspace, env)
    assert second["modules_made"] == 0 and int(str(second["modules_stored"])) >= int(str(first["modules_made"])), second
    assert (tmp_path / "a.pdf").is_file() and not _stores(tmp_path / "pyc", "modules")
    # where bytecode is written, or with --no-cache, nothing of this is needed or done
    assert probe(args, workspace, _env(tmp_path / "b"))["modules_made"] == 0
    off = probe(["--no-cache", *args], workspace, _env(tmp_path / "c", bytecode=False))
    assert off["modules_made"] == 0 and not (tmp_path / "c" / "cache" / "code").exists()


def test_a_module_whose_source_changed_is_compiled_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A store entry is keyed by the file and a digest of its source: an edited module is never
    run from its old code, and a damaged entry is compiled again."""
    monkeypatch.setattr(startup, "_modules", {})
    monkeypatch.setattr(startup, "_modules_made", {})
    monkeypatch.setattr(startup, "_modules_read", True)
    compiled: list[bytes] = []

    def source(data: bytes, path: str) -> Any:
        compiled.append(data)
        return compile(data, path, "exec", dont_inherit=True)

    first = startup._module_code(b"x = 1\n", "/m.py", source)
    startup._modules.update(startup._modules_made)
    assert startup._module_code(b"x = 1\n", "/m.py", source) is not first and compiled == [b"x = 1\n"]  # from the store
    namespace: dict[str, Any] = {}
    exec(startup._module_code(b"x = 2\n", "/m.py", source), namespace)
    assert namespace["x"] == 2 and compiled[-1] == b"x = 2\n"
    entry = bytearray(startup._modules["/m.py"])
    entry[len(entry) // 2] ^= 0xFF
    startup._modules["/m.py"] = bytes(entry)  # damaged
    exec(startup._module_code(b"x = 1\n", "/m.py", source), namespace)
    assert namespace["x"] == 1 and compiled[-1] == b"x = 1\n"


def test_the_module_store_drops_what_is_gone_and_stays_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    here = tmp_path / "m.py"
    here.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(startup, "_modules", {str(tmp_path / "gone.py"): b"old", str(here): b"kept"})
    monkeypatch.setattr(startup, "_modules_made", {f"/new/{n}.py": b"new" for n in range(5)})
    monkeypatch.setattr(startup, "MAX_MODULES", 4)
    startup._save_modules()
    table = startup._read_store("modules")
    assert table is not None and list(table) == [f"/new/{n}.py" for n in range(1, 5)]
    monkeypatch.setattr(startup, "MAX_MODULES", 10)
    startup._save_modules()
    table = startup._read_store("modules")
    assert table is not None and str(here) in table and str(tmp_path / "gone.py") not in table


def test_without_bytecode_the_stores_live_in_the_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PYTHONDONTWRITEBYTECODE: nothing is written beside the package; the stores (and the log of
    sightings) are kept in the typesetting cache's folder, as for an installed package's .pyc."""
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for kind in ("dataclasses", "regex", "regex-seen", "modules"):
        path = startup.code_store(kind)
        assert path is not None and path.parent == tmp_path / "cache" / "code", path
    assert startup._sightings([("another", 0)]) == [] and startup._sightings([("another", 0)]) == [("another", 0)]
    from handouts.typesetting import diskcache

    monkeypatch.delenv("HANDOUTS_CACHE_DIR")  # (startup names the cache's folder without importing it: the same)
    assert startup.own_folder() == diskcache.folder() / "code"


THREADS = r"""
import re, sys, threading
from handouts import startup
sys.setswitchinterval(1e-6)  # threads switch as often as they can: compiles interleave
engine = re._compiler._sre.compile
assert startup.cache_regex_code([])
bad = []

def work(t):
    for i in range(60):
        p = f"(?P<w>t{t}x{i})(?:-(\\d+))?"
        m = re._compiler.compile(p, 0).fullmatch(f"t{t}x{i}-{i}")
        if not m or m.group("w") != f"t{t}x{i}" or m.group(2) != str(i):
            bad.append(p)

threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
for th in threads: th.start()
for th in threads: th.join()
print(len(bad), re._compiler._sre.compile is engine, len(startup._patterns) >= 480)
"""


def test_threads_compiling_at_once_get_their_own_patterns(tmp_path: Path) -> None:
    """``serve`` compiles in threads: each gets its own pattern, and the engine's ``compile`` is
    the C function again afterwards (the recorder is never left in place)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    env.pop("HANDOUTS_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", THREADS], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.split() == ["0", "True", "True"], done.stdout + done.stderr


@pytest.mark.parametrize("args", [["cache", "info"], ["render", "back-pain-after-surgery", "-l", "th", "-o", "out.pdf"]],
                         ids=lambda a: " ".join(a[:2]))  # fmt: skip
def test_a_cache_folder_that_is_a_file_leaves_no_traceback_at_exit(args: list[str], workspace: Path,
                                                                   tmp_path: Path) -> None:  # fmt: skip
    """``HANDOUTS_CACHE_DIR`` naming a file, without bytecode files: the code stores cannot be
    written there, and the command still ends cleanly (removing the temporary file that was never
    made raised NotADirectoryError in the exit handlers: two "Exception ignored" tracebacks)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    env = {**_env(tmp_path, bytecode=False), "HANDOUTS_CACHE_DIR": str(blocker)}
    full = {k: v for k, v in {**os.environ, "PYTHONPATH": str(REPO), **env}.items() if v != ""}
    done = subprocess.run([sys.executable, "-m", "handouts", *args], cwd=workspace, capture_output=True, text=True,
                          env=full, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_a_fifo_in_a_code_stores_place_is_never_waited_on(workspace: Path, tmp_path: Path) -> None:
    """Only regular files are read as the code stores (and their log of sightings): a FIFO in a
    store's place made every command wait for ever for a writer, before doing anything."""
    env = {**_env(tmp_path, bytecode=False)}
    code = tmp_path / "cache" / "code"
    code.mkdir(parents=True)
    tag = sys.implementation.cache_tag
    for kind in ("dataclasses", "regex", "regex-seen", "modules"):
        os.mkfifo(code / f"{kind}_code.{tag}.{kind}")
    full = {k: v for k, v in {**os.environ, "PYTHONPATH": str(REPO), **env}.items() if v != ""}
    for _ in range(2):  # the second run compiles its patterns again: sightings are logged (appended)
        try:
            done = subprocess.run([sys.executable, "-m", "handouts", "cache", "info"], cwd=workspace,
                                  capture_output=True, text=True, env=full, timeout=60)  # fmt: skip
        except subprocess.TimeoutExpired:
            pytest.fail("the command waited on a FIFO in a code store's place")
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


@pytest.mark.parametrize("cap_mb", ["0", "0.01", "0.5"])
def test_a_small_cache_cap_holds_the_compiled_code_too(cap_mb: str, workspace: Path, tmp_path: Path) -> None:
    """Without bytecode files the code stores live in the cache's folder: they are held under its
    cap with the entries (a cap of 0.01 MB left 2.5 MB of compiled code there, 0 MB some 2.5 MB
    too), and the handout is the same as with the cache off."""
    env = {**_env(tmp_path, bytecode=False), "HANDOUTS_CACHE_MAX_MB": cap_mb, "SOURCE_DATE_EPOCH": "1795564800"}
    full = {k: v for k, v in {**os.environ, "PYTHONPATH": str(REPO), **env}.items() if v != ""}

    def render(*extra: str) -> bytes:
        out = tmp_path / "h.pdf"
        done = subprocess.run([sys.executable, "-m", "handouts", "-q", *extra, "render", "back-pain-after-surgery",
                               "--lang", "th", "-o", str(out)], cwd=workspace, capture_output=True, text=True,
                              env=full, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return out.read_bytes()

    expected = render("--no-cache")
    for _ in range(3):
        assert render() == expected
    cache = tmp_path / "cache"
    held = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) if cache.exists() else 0
    assert held <= float(cap_mb) * 1024 * 1024, sorted((p.stat().st_size, p.name) for p in cache.rglob("*") if p.is_file())[-5:]


LATER = r"""
import sys
from handouts import startup
startup.begin([])
import dataclasses, uharfbuzz
from handouts import pipeline
from handouts.pdf import writer
writer.load()
from handouts.content import inline, markdown
markdown.block_parser().parse("# T\n\nA *b* [c](https://x.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", {})
inline.md().parseInline("*x* and `y`", {})
ns = {"__name__": "handouts.content"}  # a module's class without a docstring (its annotations strings)
exec("from __future__ import annotations\nimport dataclasses\n@dataclasses.dataclass(slots=True)\n"
     "class Bare:\n    a: int\n    b: str = 'x'\n", ns)
from handouts.layout import pages
pages._color("#0B5394")  # a clinic's colour, as the page frame draws it
waited = sorted({"inspect", "dis", "ast", "reportlab.lib.rl_safe_eval"}
                & {n for n, m in sys.modules.items() if type(m).__name__ == "module"})
print(ns["Bare"].__doc__)
@dataclasses.dataclass
class Undocumented:
    a: int
    b: str = "x"
from inspect import getattr_static
import inspect
print(waited, Undocumented.__doc__, inspect.signature(Undocumented), getattr_static is inspect.getattr_static,
      type(sys.modules["inspect"]).__name__)
from reportlab.lib import colors, utils
print(utils.literal_eval("[1, 2]"), utils.rl_safe_eval("1+2"), colors.toColor("rgb(255,0,0)") == colors.red,
      type(sys.modules["ast"]).__name__, type(sys.modules["reportlab.lib.rl_safe_eval"]).__name__)
"""


def test_inspect_is_imported_when_first_used() -> None:
    """``dataclasses`` imports ``inspect`` (and ``dis``) for a signature a render never asks for,
    ReportLab its evaluators (and ``ast``) for expressions a render never has;
    the CLI stands a placeholder for it that imports it on first use. The typesetter (uharfbuzz
    reads the code flags from it), the pipeline and the Markdown parsers load without it (ReportLab
    imports ``ast`` and ``tokenize`` itself); used, it is the real module, and a dataclass without a
    docstring still gets its signature as its docstring."""
    done = subprocess.run([sys.executable, "-c", LATER], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, second, third = done.stdout.split("\n")[:3]
    assert first == "Bare(a: 'int', b: 'str' = 'x')", "written as dataclasses writes it (classrecipes.doc_of)"
    assert second == "[] Undocumented(a: int, b: str = 'x') (a: int, b: str = 'x') -> None True module"
    # ReportLab's evaluators (and ast), stood in for until called (waited, above): called, the real ones answer
    assert third == "[1, 2] 3 True module module", third


def test_the_placeholders_code_flags_are_inspects() -> None:
    import inspect

    assert {k: getattr(inspect, k) for k in dir(inspect) if k.startswith("CO_")} == startup.CODE_FLAGS
