"""Dataclasses made from recipes (:mod:`handouts.classrecipes`) are the classes ``dataclasses`` makes.

Three fresh processes import every module of this package and the libraries a render imports:
one records the recipes (``dataclasses`` makes each class and the start-up keeps what it
compiled), one makes the classes from them, and one has ``dataclasses`` alone make them
(``HANDOUTS_NO_CACHE``). Every dataclass is described down to its namespace's order, its fields,
and each method's code, defaults, annotations, closure and names: the last two must agree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Generic, TypeVar

import pytest

from handouts import classrecipes

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")

DESCRIBE = r'''
import dataclasses, importlib, json, pkgutil, re, sys, types
from handouts import startup
startup.begin(sys.argv[1:])
by_dataclasses = []  # the classes of this package that dataclasses made itself (no recipe)
if startup._real_process_class is not None:
    real = startup._real_process_class

    def spy(cls, *params):
        by_dataclasses.append(f"{cls.__module__}.{cls.__qualname__}")
        return real(cls, *params)

    startup._real_process_class = spy
import handouts
names = sorted(m.name for m in pkgutil.walk_packages(handouts.__path__, "handouts."))
for name in names + ["markdown_it", "markdown_it.main", "markdown_it.token", "markdown_it.ruler", "mdurl"]:
    if ".serve" in name or name.endswith("__main__"):
        continue
    try:
        importlib.import_module(name)
    except ImportError:
        pass


def value(v):
    if isinstance(v, type):
        return ["class", v.__module__, v.__qualname__]
    if isinstance(v, types.FunctionType):
        return function(v)
    if isinstance(v, (tuple, list)):
        return [value(x) for x in v]
    if isinstance(v, dict):
        return [[value(k), value(x)] for k, x in v.items()]
    if isinstance(v, (set, frozenset)):
        return ["set", sorted(repr(x) for x in v)]
    if isinstance(v, (str, int, float, bool, type(None))):
        return v
    return re.sub(" at 0x[0-9a-f]+", "", repr(v))  # (where an object lives differs from process to process)


def code(c):
    return [c.co_name, c.co_qualname, c.co_code.hex(), [code(k) if isinstance(k, types.CodeType) else value(k) for k in c.co_consts],
            c.co_names, c.co_varnames, c.co_freevars, c.co_cellvars, c.co_argcount, c.co_kwonlyargcount, c.co_flags]


def function(f):
    cells = [value(cell.cell_contents) if not isinstance(cell.cell_contents, types.FunctionType)
             else ["function", cell.cell_contents.__qualname__] for cell in (f.__closure__ or ())]
    # (the class a frozen method closes over is the one dataclasses was given, as dataclasses does:
    # only its name is compared, not what was set on it on the way)
    return ["function", f.__module__, f.__name__, f.__qualname__, code(f.__code__), value(f.__defaults__),
            value(f.__kwdefaults__), value(f.__annotations__), cells, sorted(k for k in vars(f) if k != "__wrapped__"),
            function(f.__wrapped__) if hasattr(f, "__wrapped__") else None]


def field(f):
    return [f.name, value(f.type), value(f.default), value(f.default_factory), f.init, f.repr, f.hash, f.compare,
            value(f.kw_only), value(dict(f.metadata)), f._field_type.name]


out = {}
for module in list(sys.modules.values()):
    if not (module.__name__.startswith(("handouts", "markdown_it", "mdurl"))):
        continue
    for obj in list(vars(module).values()):
        if isinstance(obj, type) and "__dataclass_fields__" in vars(obj) and obj.__module__ == module.__name__:
            ns = vars(obj)
            out[f"{obj.__module__}.{obj.__qualname__}"] = {
                "namespace": list(ns),
                "values": {k: value(v) for k, v in ns.items() if k not in ("__dataclass_fields__", "__dict__", "__weakref__")
                           and not isinstance(v, (types.MemberDescriptorType, types.GetSetDescriptorType))},
                "fields": [field(f) for f in ns["__dataclass_fields__"].values()],
                "slots": isinstance(ns.get("__slots__"), tuple),
                "mro": [c.__qualname__ for c in obj.__mro__],
            }
print(json.dumps({"classes": out, "recipes": len(startup._recipes), "recorded": startup._recorded,
                  "by_dataclasses": [c for c in by_dataclasses if c.startswith("handouts.")]}))
'''


def describe(tmp_path: Path, cache_off: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "HANDOUTS_NO_CACHE")}
    env |= {"PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc"), "HANDOUTS_CACHE_DIR": str(tmp_path / "cache")}
    if cache_off:
        env["HANDOUTS_NO_CACHE"] = "1"
    done = subprocess.run([sys.executable, "-c", DESCRIBE], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    described: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return described


@pytest.mark.skipif(not classrecipes.available(), reason="recipes mirror CPython 3.11's dataclasses")
def test_classes_made_from_recipes_are_the_classes_dataclasses_makes(tmp_path: Path) -> None:
    recording = describe(tmp_path, cache_off=False)
    assert int(str(recording["recorded"])) > 20, "the first process records the shapes it meets"
    # (the disk cache's own classes are made while the store is read: recorded by the second process)
    describe(tmp_path, cache_off=False)
    replayed = describe(tmp_path, cache_off=False)
    assert replayed["recorded"] == 0 and int(str(replayed["recipes"])) > 20, "the second one makes them from recipes"
    # every class of this package: one that dataclasses must make itself in every process (no
    # docstring, order=True, a base that is a dataclass: classrecipes.shape_of) costs a render
    # its own work, and the first one imports inspect (some 5 ms, in the forked model build)
    assert replayed["by_dataclasses"] == [], "made by dataclasses in every process"
    alone = describe(tmp_path, cache_off=True)
    assert alone["recipes"] == 0, "no recipes when the cache is off: dataclasses makes every class"
    classes, expected = replayed["classes"], alone["classes"]
    assert isinstance(classes, dict) and isinstance(expected, dict) and len(expected) > 100
    assert classes.keys() == expected.keys()
    for name in expected:
        assert classes[name] == expected[name], name
    assert recording["classes"] == expected


def _kinds() -> list[type]:
    """Classes of every shape recipes take: frozen or not, slots or not, defaults and factories,
    fields left out of __init__, repr or eq off, __post_init__, their own __repr__."""
    import dataclasses as dc

    @dc.dataclass(frozen=True, slots=True)
    class Point:
        """A point."""

        x: int
        y: tuple[int, ...] = dc.field(default_factory=tuple)
        label: str = dc.field(default="", repr=False, compare=False)
        cached: int = dc.field(default=0, init=False)

    @dc.dataclass
    class Open:
        """Changeable."""

        name: str
        size: float = 1.0
        tags: dict[str, int] = dc.field(default_factory=dict)

        def __post_init__(self) -> None:
            self.size = float(self.size)

    @dc.dataclass(frozen=True, slots=True, eq=False, repr=False)
    class Quiet:
        """Its own repr, identity equality."""

        secret: str = "x"

        def __repr__(self) -> str:
            return "Quiet(<withheld>)"

    @dc.dataclass(slots=True)
    class Bare(Generic[T]):  # no docstring: dataclasses writes one (inspect.signature), as classrecipes.doc_of
        marker: int
        label: str = "x"
        items: list[int] = dc.field(default_factory=list)
        hidden: T | None = dc.field(default=None, init=False)

    return [Point, Open, Quiet, Bare]


@pytest.mark.skipif(not classrecipes.available(), reason="recipes mirror CPython 3.11's dataclasses")
def test_classes_from_recipes_behave_as_dataclasses(monkeypatch: pytest.MonkeyPatch) -> None:
    import copy
    import dataclasses as dc

    from handouts import startup

    real = startup._real_process_class or dc._process_class  # type: ignore[attr-defined]  # (hooked by an earlier test?)
    monkeypatch.setattr(dc, "_process_class", real)
    monkeypatch.delattr(dc, "exec", raising=False)
    plain = _kinds()  # dataclasses alone
    monkeypatch.setattr(startup, "_codes", {})
    monkeypatch.setattr(startup, "_recipes", {})
    monkeypatch.setattr(startup, "_stored", {})
    monkeypatch.setattr(startup, "_key", "on")
    monkeypatch.setattr(startup, "_recorded", 0)
    monkeypatch.setattr(startup, "_from_recipes", 0)
    monkeypatch.setattr(dc, "exec", startup._exec, raising=False)
    monkeypatch.setattr(startup, "_real_process_class", real)
    monkeypatch.setattr(dc, "_process_class", startup._process_class)
    recorded = _kinds()
    assert startup._recorded == 4 and startup._from_recipes == 0
    made = _kinds()
    assert startup._recorded == 4 and startup._from_recipes == 4, "the second time, from the recipes"
    assert [c.__doc__ for c in recorded] == [c.__doc__ for c in made] == [c.__doc__ for c in plain]
    assert plain[3].__doc__ == "Bare(marker: 'int', label: 'str' = 'x', items: 'list[int]' = <factory>)"
    for p, r, m in zip(plain, recorded, made):
        for cls in (r, m):
            assert list(vars(cls)) == list(vars(p)) and cls.__match_args__ == p.__match_args__  # type: ignore[attr-defined]
            assert [(f.name, f.default, f.init, f.repr, f.compare) for f in dc.fields(cls)] == \
                   [(f.name, f.default, f.init, f.repr, f.compare) for f in dc.fields(p)]  # fmt: skip
    point, open_, quiet, _ = made
    a = point(1, (2,), label="a")
    assert a == point(1, (2,), label="b") and hash(a) == hash(point(1, (2,))) and a != point(2)
    assert repr(a) == f"{point.__qualname__}(x=1, y=(2,), cached=0)"
    with pytest.raises(dc.FrozenInstanceError):
        a.x = 3
    assert a.__getstate__() == [1, (2,), "a", 0]  # (how pickle saves it)
    assert dc.replace(a, x=5).x == 5 and dc.asdict(a) == {"x": 1, "y": (2,), "label": "a", "cached": 0}
    assert copy.copy(a) == a and not hasattr(a, "__dict__")
    o = open_("n", 2)
    assert o.size == 2.0 and isinstance(o.size, float) and o.tags == {} and o.tags is not open_("m").tags
    o.name = "changed"
    assert o == open_("changed", 2.0) and open_.__hash__ is None
    q = quiet()
    assert repr(q) == "Quiet(<withheld>)" and q != quiet() and hash(q) == object.__hash__(q)
    match a:
        case point(1, (2,)):
            pass
        case _:
            pytest.fail("match by __match_args__")
