"""``@dataclass`` from a recorded recipe: the same class, without the decorator's bookkeeping.

``dataclasses`` makes a class in Python: it reads every annotation (is it a ``ClassVar``, an
``InitVar``?), writes the source of five or six methods, compiles and runs it, and wraps the
results. :mod:`handouts.startup` keeps the compiled code across processes, yet making a class
from it still took some 180 µs, about 15 ms for the 85 classes of a render. Most classes have
the same simple *shape* (CPython 3.11): fields with or without a default, no base dataclass, no
``__post_init__``, ``eq`` and ``repr`` on, frozen or not, slots or not. For such a class the
methods' code depends only on the shape (the fields' names and options, ``frozen``, ``slots``),
so :func:`make` takes it from a recipe recorded the first time ``dataclasses`` made a class of
that shape (the compiled ``__create_fn__`` of each method, by name: :func:`methods_of`), calls
it with what ``dataclasses`` would pass (the fields' types and defaults, the class) and sets the
class up as ``dataclasses._process_class`` does, step by step: the same ``Field`` objects, the
same functions (code, defaults, annotations, closures, qualified names), ``__match_args__``,
``__hash__``, slots and pickling support.

Anything else (another Python, an unusual shape, a ``ClassVar`` or ``InitVar``, an error to
raise) goes to ``dataclasses`` itself, so its errors and its rarer features are its own.
``tests/cli/test_classrecipes.py`` holds every dataclass of this package and of the libraries a
render imports to the class ``dataclasses`` makes.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from types import CodeType, FunctionType, MemberDescriptorType
from typing import Any

Shape = tuple[object, ...]
Methods = dict[str, CodeType]  # method name → the compiled source that makes it (``__create_fn__``)

RECIPE = 1  # bump when a recipe's meaning changes
_NEEDED = ("_process_class", "_add_slots", "_recursive_repr", "_DataclassParams", "_FIELD", "_HAS_DEFAULT_FACTORY",
           "_set_qualname", "_MODULE_IDENTIFIER_RE", "Field", "FrozenInstanceError", "MISSING", "KW_ONLY", "InitVar")  # fmt: skip
# what a class must not define itself (dataclasses would keep its own, or refuse, or decide otherwise)
_OWN = ("__slots__", "__init__", "__hash__", "__match_args__")


@functools.cache
def available() -> bool:
    """Whether recipes can be used: CPython 3.11, whose ``dataclasses`` this mirrors step by step."""
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return False
    import dataclasses

    return all(hasattr(dataclasses, name) for name in _NEEDED)


def shape_of(cls: type, params: Sequence[object]) -> Shape | None:
    """The recipe key of ``cls`` decorated with ``params`` (``_process_class``'s after ``cls``:
    init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots, weakref_slot), or None
    when ``dataclasses`` must make it itself. Reads the class, changes nothing."""
    if not getattr(cls, "__doc__", None):
        return None  # (dataclasses writes one, from inspect.signature: see doc_of)
    found = _simple(cls, params)
    return found[0] if found is not None else None


def doc_of(cls: type, params: Sequence[object]) -> str | None:
    """The docstring ``dataclasses`` gives ``cls`` when it has none, its name and its
    ``__init__``'s signature (``Delimiter(marker: 'int', length: 'int', …)``), worked out from the
    fields as ``inspect.signature`` prints them; None unless ``cls`` is of a simple shape (as for
    :func:`shape_of`) whose annotations are all strings. ``dataclasses`` imports ``inspect`` for it
    (some 5 ms, in a process that need not import it otherwise); a class given this docstring
    first is the class ``dataclasses`` makes, and of a shape that has a recipe."""
    found = _simple(cls, params)
    if found is None:
        return None
    shape, values = found
    fields = shape[-1]
    assert isinstance(fields, tuple)
    parts: list[str] = []
    for (name, kind, field_init, *_), (annotation, value) in zip(fields, values):
        if not field_init:
            continue
        default = "" if kind == "none" else " = <factory>" if kind == "factory" else f" = {value!r}"
        parts.append(f"{name}: {annotation!r}{default}")
    return f"{cls.__name__}({', '.join(parts)})"


def _simple(cls: type, params: Sequence[object]) -> tuple[Shape, list[tuple[str, object]]] | None:
    """:func:`shape_of`'s key, whatever the docstring, and each field's (annotation, default)."""
    import dataclasses as dc

    init, repr_, eq, order, unsafe_hash, frozen, match_args, kw_only, slots, weakref_slot = params
    if init is not True or match_args is not True or order or unsafe_hash or kw_only or weakref_slot \
            or any(type(p) is not bool for p in (repr_, eq, frozen, slots)):  # fmt: skip
        return None
    own = cls.__dict__
    if any(name in own for name in _OWN) or (repr_ and "__repr__" in own) or (eq and "__eq__" in own) \
            or (frozen and ("__setattr__" in own or "__delattr__" in own)):  # fmt: skip
        return None
    if any(getattr(base, "__dataclass_fields__", None) is not None for base in cls.__mro__[1:]):
        return None
    module = sys.modules.get(cls.__module__)
    annotations = own.get("__annotations__", {})
    if module is None or type(annotations) is not dict or "self" in annotations:
        return None
    if any(isinstance(value, dc.Field) and name not in annotations for name, value in own.items()):
        return None
    fields: list[tuple[object, ...]] = []
    values: list[tuple[str, object]] = []
    for name, annotation in annotations.items():
        if type(annotation) is not str or _marked(annotation, module.__dict__):
            return None
        default = getattr(cls, name, dc.MISSING)
        if isinstance(default, dc.Field):
            if default.kw_only not in (dc.MISSING, False) or type(default.init) is not bool:
                return None
            kind = "factory" if default.default_factory is not dc.MISSING else (
                "none" if default.default is dc.MISSING else "value")  # fmt: skip
            value = default.default
            options = (bool(default.init), bool(default.repr), bool(default.compare), default.hash)
        else:
            value = dc.MISSING if isinstance(default, MemberDescriptorType) else default
            kind = "none" if value is dc.MISSING else "value"
            options = (True, True, True, None)
        if kind == "value" and value.__class__.__hash__ is None:  # a mutable default: dataclasses refuses it
            return None
        fields.append((name, kind, *options))
        values.append((annotation, value))
    seen_default = False
    for _, given, field_init, *_ in fields:  # a field without a default after one with: dataclasses refuses it
        if field_init:
            if given != "none":
                seen_default = True
            elif seen_default:
                return None
    return ("dataclass", RECIPE, frozen, slots, repr_, eq, hasattr(cls, "__post_init__"), tuple(fields)), values


def _marked(annotation: str, namespace: dict[str, Any]) -> bool:
    """Whether ``dataclasses`` could read ``annotation`` as a ``ClassVar``, ``InitVar`` or
    ``KW_ONLY`` (its ``_is_type``: the leading name, looked up in the class's module)."""
    import dataclasses as dc
    import typing

    match = dc._MODULE_IDENTIFIER_RE.match(annotation)  # type: ignore[attr-defined]
    if match is None:
        return False
    prefix, name = match.group(1), match.group(2)
    if prefix and namespace.get(prefix) not in (typing, dc):
        return False
    if name in ("ClassVar", "InitVar", "KW_ONLY"):
        return True
    value = namespace.get(name)
    generic = type(value) is typing._GenericAlias  # type: ignore[attr-defined]
    return value is not None and (
        value is typing.ClassVar or (generic and value.__origin__ is typing.ClassVar)
        or value is dc.InitVar or type(value) is dc.InitVar or value is dc.KW_ONLY)  # fmt: skip


def methods_of(sources: Sequence[str], codes: dict[str, CodeType]) -> Methods | None:
    """A recipe's methods from the sources ``dataclasses`` compiled for one class, in order, and
    their code (``codes``: source → code); None when one is missing or a name repeats."""
    methods: Methods = {}
    for source in sources:
        header = source.split("\n", 2)[1] if source.startswith("def __create_fn__(") and "\n" in source else ""
        name = header.strip()[4:].split("(", 1)[0] if header.startswith(" def ") else ""
        code = codes.get(source)
        if not name or code is None or name in methods:
            return None
        methods[name] = code
    return methods


def make(cls: type, params: Sequence[object], shape: Shape, methods: Methods) -> type | None:
    """``cls`` made a dataclass from its recipe, as ``dataclasses._process_class(cls, *params)``
    makes it; None (``cls`` untouched) when the recipe does not fit it."""
    import abc
    import dataclasses as dc

    repr_, eq, frozen, slots = bool(params[1]), bool(params[2]), bool(params[5]), bool(params[8])
    expected = {"__init__"} | ({"__repr__"} if repr_ else set()) | ({"__eq__"} if eq else set())
    expected |= ({"__setattr__", "__delattr__"} | ({"__hash__"} if eq else set())) if frozen else set()
    if methods.keys() != expected:
        return None
    namespace = sys.modules[cls.__module__].__dict__
    annotations: dict[str, str] = cls.__dict__["__annotations__"] if shape[7] else {}  # noqa: RUF063 (as dataclasses reads them)
    found: list[tuple[str, object, object, object]] = []  # (name, what the class holds, default, factory)
    for name, *_ in shape[7]:  # type: ignore[attr-defined]
        held = getattr(cls, name, dc.MISSING)
        if isinstance(held, dc.Field):
            found.append((name, held, held.default, held.default_factory))
        else:
            default = dc.MISSING if isinstance(held, MemberDescriptorType) else held
            found.append((name, held, default, dc.MISSING))
    # the methods first: nothing of the class changes until all of them are made
    init_locals: dict[str, object] = {f"_type_{name}": annotations[name] for name, *_ in found}
    init_locals.update({"MISSING": dc.MISSING, "_HAS_DEFAULT_FACTORY": dc._HAS_DEFAULT_FACTORY,  # type: ignore[attr-defined]
                        "__dataclass_builtins_object__": object})  # fmt: skip
    for (name, _, default, factory), (_, _, field_init, *_) in zip(found, shape[7]):  # type: ignore[call-overload]
        if factory is not dc.MISSING:
            init_locals[f"_dflt_{name}"] = factory
        elif default is not dc.MISSING and (field_init or slots):
            init_locals[f"_dflt_{name}"] = default
    init_locals["_return_type"] = None
    try:
        made = {"__init__": _run(methods["__init__"], namespace, init_locals)}
        if repr_:
            made["__repr__"] = dc._recursive_repr(_run(methods["__repr__"], namespace, {}))  # type: ignore[attr-defined]
        if eq:
            made["__eq__"] = _run(methods["__eq__"], namespace, {})
        if frozen:
            frozen_locals = {"cls": cls, "FrozenInstanceError": dc.FrozenInstanceError}
            made["__setattr__"] = _run(methods["__setattr__"], namespace, dict(frozen_locals))
            made["__delattr__"] = _run(methods["__delattr__"], namespace, dict(frozen_locals))
            if eq:
                made["__hash__"] = _run(methods["__hash__"], namespace, {})
    except (TypeError, KeyError, NameError):  # (the recipe's parameters are not these)
        return None
    # then the class, as dataclasses leaves it
    params_made = dc._DataclassParams(*params[:6])  # type: ignore[attr-defined]
    fields: dict[str, dc.Field[Any]] = {}
    for name, held, default, _ in found:
        f: dc.Field[Any] = held if isinstance(held, dc.Field) else dc.field(default=default)  # type: ignore[arg-type]
        f.name, f.type, f._field_type = name, annotations[name], dc._FIELD  # type: ignore[attr-defined]
        if f.kw_only is dc.MISSING:
            f.kw_only = False
        fields[name] = f
    for function in made.values():
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"  # (dataclasses._set_qualname)
    added: dict[str, object] = {"__dataclass_params__": params_made, "__dataclass_fields__": fields, **made}
    if eq:  # (frozen: its own; else None, as dataclasses' table says for eq without frozen)
        added["__hash__"] = made.get("__hash__")
    added["__match_args__"] = tuple(name for name, f in fields.items() if f.init)
    if slots:
        return _with_slots(cls, added, frozen)
    cls.__dataclass_params__ = params_made  # type: ignore[attr-defined]
    for name, f in fields.items():
        if isinstance(getattr(cls, name, None), dc.Field):
            if f.default is dc.MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
    for name, value in added.items():
        setattr(cls, name, value)
    abc.update_abstractmethods(cls)
    return cls


def _with_slots(cls: type, added: dict[str, object], frozen: bool) -> type:
    """The class ``dataclasses._add_slots`` makes of ``cls`` once ``added`` is set on it, made at
    once from a copy of its namespace (setting each method on ``cls`` first, as dataclasses does,
    recomputes the type's slots at every one; ``cls`` itself is left as it was)."""
    import abc
    import dataclasses as dc
    import itertools

    namespace = dict(cls.__dict__)
    namespace.update(added)
    fields: dict[str, object] = added["__dataclass_fields__"]  # type: ignore[assignment]
    inherited = set(itertools.chain.from_iterable(map(dc._get_slots, cls.__mro__[1:-1])))  # type: ignore[attr-defined]
    namespace["__slots__"] = tuple(name for name in fields if name not in inherited)
    for name in fields:
        namespace.pop(name, None)
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    qualname = getattr(cls, "__qualname__", None)
    made: type = type(cls)(cls.__name__, cls.__bases__, namespace)
    if qualname is not None:
        made.__qualname__ = qualname
    if frozen:
        if "__getstate__" not in namespace:
            made.__getstate__ = dc._dataclass_getstate  # type: ignore[attr-defined,method-assign]
        if "__setstate__" not in namespace:
            made.__setstate__ = dc._dataclass_setstate  # type: ignore[attr-defined]
    abc.update_abstractmethods(made)
    return made


def _run(code: CodeType, namespace: dict[str, Any], local_values: dict[str, object]) -> FunctionType:
    """The function a recipe's ``__create_fn__`` makes, called with ``local_values``, as
    ``dataclasses._create_fn`` runs the source it writes (``code``: that source compiled, whose
    one statement defines ``__create_fn__`` in ``namespace``)."""
    inner = _CREATE_FN.get(code)
    if inner is None:
        inner = _CREATE_FN[code] = next(c for c in code.co_consts if type(c) is CodeType and c.co_name == "__create_fn__")
    function: FunctionType = FunctionType(inner, namespace)(**local_values)
    return function


_CREATE_FN: dict[CodeType, CodeType] = {}
