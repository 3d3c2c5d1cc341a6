"""Frame templates (workspace code) → a Jinja2 sandbox with caps on size and run time.

Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` stops templates from reaching Python's
internals, but not from asking for ``{{ 'a' * 300000000 }}``, ``{% set x = x ~ x %}`` forty
times, ``'x'|center(10**9)`` or a loop that never ends. Here:

* every value an operator, a ``~``, a filter or a method call would make is measured (or
  bounded before it is made) against :data:`MAX_VALUE` characters; beyond it the render stops;
* what a block writes is counted as it is written, at most :data:`MAX_OUTPUT` characters;
* a render has :data:`MAX_SECONDS` (checked at each of those steps and, for loops that do none
  of them, by a watchdog that interrupts the rendering thread);
* templates are read like every other input (:func:`handouts.textfile.read_text`: regular files
  only, size cap, no link out of the workspace).

Each limit raises :class:`TemplateLimitError`, which :mod:`handouts.content.frame` reports as a
:class:`~handouts.errors.ContentError` naming the template.
"""

from __future__ import annotations

import ctypes
import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.sandbox import SandboxedEnvironment

from handouts.errors import ContentError
from handouts.textfile import read_text

MAX_VALUE = 1_000_000  # characters (or items) of any value a template makes
MAX_OUTPUT = 1_000_000  # characters a render writes in all
MAX_SECONDS = 5.0
_BIG_FIELD = re.compile(r"\d{7,}")  # a width or precision of a million or more in a format string


class TemplateLimitError(Exception):
    """A template went past a cap (size or time); ``str()`` says which."""


def _too_big(n: int, what: str = "a value") -> TemplateLimitError:
    return TemplateLimitError(f"the template makes {what} of {n:,} characters; at most {MAX_VALUE:,} are allowed")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set) else 0


def _check(value: Any) -> Any:
    n = _size(value)
    if n > MAX_VALUE:
        raise _too_big(n)
    return value


def _check_format(fmt: Any) -> None:
    if isinstance(fmt, str) and _BIG_FIELD.search(fmt):
        raise TemplateLimitError("the template formats with a width or precision of a million or more")


def _check_ints(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for v in (*args, *kwargs.values()):
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_VALUE:
            raise TemplateLimitError(f"the template asks for a size of {v:,}; at most {MAX_VALUE:,} is allowed")


def _replaced_size(s: Any, old: Any, new: Any) -> int:
    if not (isinstance(s, str) and isinstance(old, str) and isinstance(new, str)):
        return 0
    count = len(s) + 1 if old == "" else s.count(old)
    return len(s) + count * (len(new) - len(old))


def _joined_size(items: Any, sep: Any) -> int:
    if not isinstance(items, list | tuple):
        return 0
    total = len(str(sep)) * max(0, len(items) - 1)
    for x in items:
        total += len(x) if isinstance(x, str) else 0
        if total > MAX_VALUE:
            break
    return total


def _precheck(name: str, target: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Bound what a filter or string method would make before it makes it."""
    _check_ints(args, kwargs)
    if name in ("format", "format_map"):
        _check_format(target)
    elif name == "replace" and len(args) >= 2:
        n = _replaced_size(target, args[0], args[1])
        if n > MAX_VALUE:
            raise _too_big(n)
    elif name == "join":
        items, sep = (args[0] if args else (), target) if isinstance(target, str) else (target, args[0] if args else "")
        n = _joined_size(items, sep)
        if n > MAX_VALUE:
            raise _too_big(n)
    elif name in ("indent", "wordwrap"):
        lines = target.count("\n") + 1 if isinstance(target, str) else 1
        longest = max((len(v) for v in (*args, *kwargs.values()) if isinstance(v, str)), default=0)
        if lines * longest > MAX_VALUE:
            raise _too_big(lines * longest)


class _Clock:
    """The deadline of the render running in this thread."""

    local = threading.local()

    @classmethod
    def check(cls) -> None:
        deadline = getattr(cls.local, "deadline", None)
        if deadline is not None and time.monotonic() > deadline:
            raise TemplateLimitError(f"the template ran longer than {MAX_SECONDS:g} s")


def _guarded_filter(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _Clock.check()
        # pass_context / pass_environment filters get that first; the value comes next
        skip = 1 if getattr(fn, "jinja_pass_arg", None) is not None else 0
        value = args[skip] if len(args) > skip else None
        _precheck(name, value, args[skip + 1 :], kwargs)
        return _check(fn(*args, **kwargs))

    for attr in ("jinja_pass_arg",):
        if hasattr(fn, attr):
            setattr(guarded, attr, getattr(fn, attr))
    guarded.__name__ = getattr(fn, "__name__", name)
    return guarded


class _Generator(CodeGenerator):
    """Compiles ``a ~ b`` to a measured join (Jinja would build it unseen by the sandbox)."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:  # noqa: N802 (Jinja's visitor name)
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class CappedEnvironment(SandboxedEnvironment):
    """The sandbox, with every value measured and the run time bounded (see the module docstring)."""

    code_generator_class = _Generator
    intercepted_binops = frozenset(["*", "**", "+", "%", "//", "/", "-"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: _guarded_filter(name, fn) for name, fn in self.filters.items()}
        self.globals["range"] = self._range
        self.globals.pop("namespace", None)  # mutable state across loop turns: nothing a frame needs

    def _range(self, *args: int) -> Iterator[int]:
        from jinja2.sandbox import safe_range

        for i in safe_range(*args):
            _Clock.check()
            yield i

    def checked_concat(self, parts: tuple[Any, ...]) -> str:
        _Clock.check()
        texts = [str(p) for p in parts]
        n = sum(len(t) for t in texts)
        if n > MAX_VALUE:
            raise _too_big(n)
        return "".join(texts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _Clock.check()
        if operator == "*":
            seq, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(times, int) and _size(seq) * max(times, 0) > MAX_VALUE:
                raise _too_big(_size(seq) * times)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left) > 1 and right * abs(left).bit_length() > 64 * 1024:
                raise TemplateLimitError(f"the template computes {left} ** {right}, a number too large to print")
        elif operator == "+" and _size(left) + _size(right) > MAX_VALUE:
            raise _too_big(_size(left) + _size(right))
        elif operator == "%":
            _check_format(left)
        return _check(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        _Clock.check()
        # a str.format the sandbox wrapped keeps the original (and its string) as __wrapped__
        target = getattr(__obj, "__self__", None) or getattr(getattr(__obj, "__wrapped__", None), "__self__", None)
        _precheck(getattr(__obj, "__name__", ""), target, args, kwargs)
        return _check(super().call(__context, __obj, *args, **kwargs))


class WorkspaceLoader(BaseLoader):
    """Templates from one folder, read like every input (regular files, size cap, no link outside)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = [p for p in template.split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            raise TemplateNotFound(template)
        path = self.folder.joinpath(*parts)
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        from handouts.textfile import STAMP_READ, content_stamp

        text, raw = read_text(path, ContentError, "template")
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = -1

        def uptodate() -> bool:  # by its bytes too: an edit that keeps the file's time is a change
            try:
                return path.stat().st_mtime_ns == mtime and content_stamp(path) == stamp
            except OSError:
                return False

        stamp = hashlib.blake2b(raw, digest_size=16).digest() if len(raw) <= STAMP_READ else None
        return text, str(path), uptodate


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Run the block with a deadline (default :data:`MAX_SECONDS`): checked by the environment at
    each step, and enforced by a watchdog that raises :class:`TemplateLimitError` in this thread should
    a loop check nothing."""
    seconds = MAX_SECONDS if seconds is None else seconds
    _Clock.local.deadline = time.monotonic() + seconds
    thread_id = threading.get_ident()
    lock = threading.Lock()
    done = False

    def fire() -> None:
        with lock:
            if not done:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(TemplateLimitError))

    timer = threading.Timer(seconds + 0.5, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done = True
        timer.cancel()
        _Clock.local.deadline = None


def collect(chunks: Iterator[str]) -> str:
    """Join what a block writes, at most :data:`MAX_OUTPUT` characters (counted as it comes)."""
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            raise TemplateLimitError(f"the template writes more than {MAX_OUTPUT:,} characters")
        _Clock.check()
        out.append(chunk)
    return "".join(out)
