"""A fresh ``handouts`` process starts and ends faster: dataclass methods compiled once, Pillow
loaded when used, fewer garbage collections during the command and none over everything at exit.

Every front-desk render is a new process, and four costs are the same in each one:

* **Dataclass methods.** ``@dataclass`` writes the source of ``__init__``, ``__eq__``,
  ``__repr__``, ``__hash__``, ``__setattr__``... for each class and compiles it with ``exec``:
  about 0.5 ms per frozen class, some 80 of them (the document model, the typesetter's atoms,
  the cache steps) on every render: 35-40 ms, the largest single import cost. Compiling the same
  source always gives the same code object, so :func:`cache_dataclass_code` keeps the compiled
  code beside the package's own bytecode, as ``__pycache__`` keeps a module's
  (``handouts/__pycache__/dataclass_code.<tag>.dataclasses``, or under ``PYTHONPYCACHEPREFIX``;
  written unless ``PYTHONDONTWRITEBYTECODE``), checked against the interpreter's bytecode magic;
  where that cannot be written, in the disk cache (:mod:`handouts.typesetting.diskcache`). It is
  compiled code of the installed package, not a typesetting result: ``handouts cache clear``
  leaves it, as it leaves the ``.pyc`` files. A class is then made from its cached code in a
  fifth of the time. The classes made are the same (the same source, compiled with no
  inherited ``__future__`` flags, as ``dataclasses`` does; a changed class has another source,
  so it is compiled). It hooks the one name ``dataclasses`` calls to compile (``exec``, a module
  global that shadows the built-in), only in the CLI's process; ``--no-cache``/``HANDOUTS_NO_CACHE``
  leave it off.
* **Pillow.** ReportLab's ``reportlab.lib.utils`` imports ``PIL.Image`` at import time (8 ms)
  though a render needs it only to read a picture the disk cache does not hold. :func:`defer_pillow`
  registers ``PIL.Image`` with :class:`importlib.util.LazyLoader` (the standard library's lazy
  import): the module runs on first use, and not at all when every image comes from the cache.
* **Garbage collection.** A render allocates some hundred thousand containers that live until
  it ends; CPython's default (a young-generation collection every 700 allocations) walks them
  ~80 times and the older generations ~8 times: 10-15 ms finding almost nothing. So
  :func:`collect_less` raises the young generation's threshold to 50,000 (the older
  ones keep theirs): a couple of collections per render, garbage still bounded, the same for
  the long-running ``serve`` and ``batch``.
* **Exit.** When the command is done, the interpreter's shutdown runs full garbage collections
  over every object the render made (fonts, the typesetter's memos, the model): ~30 ms. :func:`end`
  freezes them first (:func:`gc.freeze`, CPython's way to take objects out of collection), so
  shutdown still runs the ``atexit`` handlers, flushes and closes files and clears the modules,
  but no longer walks those objects looking for cycles; the memory goes back to the system with
  the process.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import sys
from pathlib import Path
from types import CodeType
from typing import Any

_codes: dict[str, CodeType] = {}
_loaded = 0  # how many codes came from the disk cache
_key: str | None = None  # None: not read yet; "": off (or being read); "on"
MAX_CODES = 5000  # sources kept: every dataclass of handouts and its libraries is a few hundred


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` for ``dataclasses``: a source string's code comes from the cache when it is there."""
    if type(source) is str and globals is not None:
        if _key is None:
            _load()
        code = _codes.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            if len(_codes) < MAX_CODES:
                _codes[source] = code
        source = code
    builtins.exec(source, globals, locals)


def cache_dataclass_code(argv: list[str]) -> bool:
    """Compile each dataclass's methods once per interpreter, across processes (see the module
    docstring). Off with ``--no-cache`` anywhere in ``argv`` (the CLI has not parsed it yet) or
    ``HANDOUTS_NO_CACHE``; returns whether it is on. The cache is read when the first class is
    made (``--help`` makes none) and written back, if this process compiled new code, at exit."""
    import dataclasses

    if "--no-cache" in argv or os.environ.get("HANDOUTS_NO_CACHE", "") not in ("", "0"):
        return False
    if getattr(dataclasses, "exec", None) is not _exec:
        dataclasses.exec = _exec  # type: ignore[attr-defined]
        atexit.register(_save)
    return True


def code_store() -> Path | None:
    """Where the compiled dataclass code is kept beside the package's bytecode (None when this
    interpreter keeps no bytecode files)."""
    import importlib.util

    import handouts

    try:
        pyc = importlib.util.cache_from_source(os.path.join(os.path.dirname(handouts.__file__), "dataclass_code.py"))
    except NotImplementedError:  # sys.implementation.cache_tag is None
        return None
    return Path(pyc).with_suffix(".dataclasses")


def _read_store() -> dict[object, object] | None:
    from importlib.util import MAGIC_NUMBER

    path = code_store()
    try:
        magic, codes = marshal.loads(path.read_bytes()) if path else (None, None)
    except (OSError, ValueError, EOFError, TypeError):  # missing, or not a store of this interpreter
        return None
    return codes if magic == MAGIC_NUMBER and isinstance(codes, dict) else None


def _write_store(codes: dict[str, CodeType]) -> bool:
    """Write the store atomically (a temporary file and a rename); False when it cannot be."""
    from importlib.util import MAGIC_NUMBER

    path = code_store()
    if path is None or sys.dont_write_bytecode:
        return False
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((MAGIC_NUMBER, codes)))
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    return True


def _load() -> None:
    """Read the cached codes when the first class is made (see :func:`cache_dataclass_code`):
    from the store beside the bytecode, else from the disk cache."""
    global _key, _loaded
    _key = ""  # while reading: the classes read here make are compiled as usual
    stored: object = _read_store()
    if stored is None:
        from importlib.util import MAGIC_NUMBER

        from handouts.typesetting import diskcache

        if not hasattr(diskcache, "put"):  # the first class made is diskcache's own, mid-import: no cache this run
            return
        key = diskcache.key("dataclass-code", MAGIC_NUMBER, sys.implementation.cache_tag) if diskcache.enabled() else ""
        stored = diskcache.get(key) if key else None
    if isinstance(stored, dict):
        _codes.update((s, c) for s, c in stored.items() if type(s) is str and type(c) is CodeType)
        _loaded = len(_codes)
    _key = "on"


def _save() -> None:
    """Write the codes back when this process compiled any the store did not hold (nothing when
    it made no class through the hook: ``--help``, an early error): to the store beside the
    bytecode, else to the disk cache."""
    if not _key or len(_codes) <= _loaded:
        return
    if _write_store(dict(_codes)):
        return
    from importlib.util import MAGIC_NUMBER

    from handouts.typesetting import diskcache

    if diskcache.enabled():
        diskcache.put(diskcache.key("dataclass-code", MAGIC_NUMBER, sys.implementation.cache_tag), dict(_codes))


YOUNG_THRESHOLD = 50_000


def collect_less() -> None:
    """Collect cycles every :data:`YOUNG_THRESHOLD` allocations (see the module docstring)."""
    import gc

    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


def end() -> None:
    """The command is done and the process ends: no more cycle collection (see the module docstring)."""
    import gc

    gc.disable()
    gc.freeze()


def defer_pillow() -> None:
    """Register ``PIL.Image`` to run on first use (see the module docstring); nothing when it is
    already imported or Pillow is missing."""
    import importlib.util

    if "PIL.Image" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:
        return
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    loader.exec_module(module)
    setattr(sys.modules["PIL"], "Image", module)  # noqa: B010 (as the import system binds a loaded submodule; mypy: PIL has no such attribute)
