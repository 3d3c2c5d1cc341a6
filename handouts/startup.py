"""A fresh ``handouts`` process starts and ends faster: dataclass methods and regular expressions
compiled once, Pillow loaded when used, fewer garbage collections during the command and none
over everything at exit.

Every front-desk render is a new process, and five costs are the same in each one. :func:`begin`
deals with them; the console script (:func:`handouts.__main__.main`) calls it before it imports
the CLI (Typer compiles its own patterns at import), and :func:`handouts.cli.main` again (a no-op
then) for callers that start there:

* **Dataclass methods.** ``@dataclass`` writes the source of ``__init__``, ``__eq__``,
  ``__repr__``, ``__hash__``, ``__setattr__``... for each class and compiles it with ``exec``:
  about 0.5 ms per frozen class, some 80 of them (the document model, the typesetter's atoms,
  the cache steps) on every render: 35-40 ms, the largest single import cost. Compiling the same
  source always gives the same code object, so :func:`cache_dataclass_code` keeps the compiled
  code beside the package's own bytecode, as ``__pycache__`` keeps a module's
  (``handouts/__pycache__/dataclasses_code.<tag>.dataclasses``, or under ``PYTHONPYCACHEPREFIX``;
  written unless ``PYTHONDONTWRITEBYTECODE``, atomically) and checked against the interpreter's
  bytecode magic. The store is a table of entries, one per method source: a process reads the
  table (strings and bytes) and verifies and unmarshals only the entries of the classes it makes
  (a render with its model from the cache, some 450 of the 520 that every command together
  makes), each against a digest of its source and code, so nothing is unmarshalled unverified
  and a damaged entry is compiled again and rewritten;
  where that cannot be written, in the disk cache (:mod:`handouts.typesetting.diskcache`). It is
  compiled code of the installed package, not a typesetting result: ``handouts cache clear``
  leaves it, as it leaves the ``.pyc`` files. A class is then made from its cached code in a
  fifth of the time. The classes made are the same (the same source, compiled with no
  inherited ``__future__`` flags, as ``dataclasses`` does; a changed class has another source,
  so it is compiled). It hooks the one name ``dataclasses`` calls to compile (``exec``, a module
  global that shadows the built-in), only in the CLI's process; ``--no-cache``/``HANDOUTS_NO_CACHE``
  leave it off. On CPython 3.11 it goes one step further: ``dataclasses`` still spent some 150 µs
  per class reading annotations and writing each method's source to look its code up, so a class
  of a common shape is made from a *recipe* (:mod:`handouts.classrecipes`: the methods' code by
  shape, kept in the same store, recorded the first time ``dataclasses`` makes a class of that
  shape), in about half the time; the classes are the same (a test compares every one).
* **Regular expressions.** ``re`` compiles a pattern in Python (parsing it, then generating the
  matcher's code) and keeps it only for the process: Typer, ReportLab, the translation gate, the
  segmenter compile some 70 patterns on every render (5-8 ms), a first render with Jinja2,
  markdown-it and phonenumbers some 240 (about 20 ms). :func:`cache_regex_code` keeps what the
  compiler hands the C engine (``_sre.compile``'s arguments: the flags, the matcher's code as
  integers, the groups) in a second store beside the bytecode (``regex_code.<tag>.regex``,
  entries read and verified the same way), keyed by the pattern and its flags and checked against the bytecode
  magic and the engine's own ``_sre.MAGIC``; a pattern it holds is made by ``_sre.compile``
  directly (about 40 times faster). A pattern is stored the second time a process compiles it
  (a log of short digests beside the store, :func:`_sightings`, says which were compiled
  before), so one whose text changes from process to process (ReportLab joins a set of names in
  hash order) is never stored, and the store is not rewritten for it at every exit. A pattern
  that fails to compile is never stored (its error is raised each time), nor one compiled with
  ``re.DEBUG``.
* **This package's modules, where no bytecode is written.** With ``PYTHONDONTWRITEBYTECODE``
  (many container images set it, and an editable install has no ``.pyc`` of its own) every
  process compiled the package's hundred-odd modules from source: some 130-200 ms of a render.
  :func:`cache_module_code` keeps their code in a third store, in the typesetting cache's folder,
  entries keyed by the file and a digest of its source; the two stores above live there too in
  that case (:func:`code_store`).
* **Pillow.** ReportLab's ``reportlab.lib.utils`` imports ``PIL.Image`` at import time (8 ms)
  though a render needs it only to read a picture the disk cache does not hold. :func:`defer_pillow`
  registers ``PIL.Image`` with :class:`importlib.util.LazyLoader` (the standard library's lazy
  import): the module runs on first use, and not at all when every image comes from the cache.
* **ReportLab's evaluators.** ``reportlab.lib.utils`` imports its safe evaluator
  (``reportlab.lib.rl_safe_eval``, which imports ``ast`` and compiles a pattern of a set of names,
  anew in every process: their order follows the string hashing) and ``ast.literal_eval``, some
  2-3 ms of every render's loading of the PDF writer; a render calls neither (they read Platypus
  markup's expressions and colour strings). :func:`defer_evaluators` stands placeholders for both
  modules, when ``lib.utils`` is first imported, whose four functions (and ``literal_eval``) import
  the real module when first called.
* **inspect.** ``dataclasses`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``: 8 ms
  before anything else can run) for one call, the signature it writes into a class that has no
  docstring; a render's own classes have one, or are made from their recipes. :func:`defer_module`
  stands a placeholder for it in ``sys.modules`` that imports the real module when one of its
  names is first read (a Jinja2 or markdown-it import does), holding only the code flags
  (``CO_OPTIMIZED``…) that Cython's modules (uharfbuzz) read from it when they start.
* **Garbage collection.** A render allocates some hundred thousand containers that live until
  it ends; CPython's default (a young-generation collection every 700 allocations) walks them
  ~80 times and the older generations ~8 times: 10-15 ms finding almost nothing. Even one
  young collection at 50,000 costs a first render 9-17 ms (it walks the fonts' tables just
  read), and a process that ends first never needs it. So :func:`collect_less` raises the young
  generation's threshold to 250,000 (the older ones keep theirs): no collection in a typical
  render (a first Thai render leaves ~70,000; a 49-page one the same peak memory either way),
  cyclic garbage still bounded, the same for the long-running ``serve`` and ``batch``.
* **SIGTERM** ends a command as Ctrl-C does (:func:`terminate_as_interrupt`): "interrupted", exit 130.
* **Exit.** When the command is done, the interpreter's shutdown runs full garbage collections
  over every object the render made (fonts, the typesetter's memos, the model): ~30 ms. :func:`end`
  freezes them first (:func:`gc.freeze`, CPython's way to take objects out of collection), so
  shutdown still runs the ``atexit`` handlers, flushes and closes files and clears the modules,
  but no longer walks those objects looking for cycles; the memory goes back to the system with
  the process. A render run without Typer (:mod:`handouts.frontdesk`) ends through
  :func:`leave`: the ``atexit`` handlers run (the code stores, the log), stdout and stderr are
  flushed, and the process exits without clearing its three hundred modules one by one
  (~4 ms); its files were closed when written.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import marshal
import os
import stat
import sys
import threading
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any, NoReturn, TypeGuard

if TYPE_CHECKING:
    from collections.abc import Callable

_codes: dict[str, CodeType] = {}  # the codes this process made its classes from (read or compiled)
_stored: dict[Any, bytes] = {}  # the store's entries (see _entry), each read when its class is made: by source or shape
_loaded = 0  # how many codes came from the store or the disk cache
_compiled = 0  # how many this process compiled (none: nothing to write back)
_from_store = False  # whether the entries came from the store beside the bytecode
_key: str | None = None  # None: not read yet; "": off (or being read); "on"
MAX_CODES = 5000  # sources kept: every dataclass of handouts and its libraries is a few hundred
ENTRY_DIGEST = 16


def _entry_digest(key: Any, payload: bytes) -> bytes:
    import hashlib

    return hashlib.blake2b(marshal.dumps(key) + payload, digest_size=ENTRY_DIGEST).digest()


def _entry(key: Any, value: Any) -> bytes:
    """A stored entry: the BLAKE2b digest of the key and the value's marshalled bytes, then those
    bytes. A store is a table of entries, read whole (plain strings and bytes) and each entry
    verified and unmarshalled only when it is used (a render uses a sixth of the pattern store)."""
    payload = marshal.dumps(value)
    return _entry_digest(key, payload) + payload


def _value(key: Any, entry: object) -> object | None:
    """The value of a stored entry (None: none), or None when it does not match its key (damaged,
    or written for another key): nothing is unmarshalled before its digest is checked."""
    if type(entry) is not bytes:
        return None
    digest, payload = entry[:ENTRY_DIGEST], entry[ENTRY_DIGEST:]
    if _entry_digest(key, payload) != digest:
        return None
    try:
        value: object = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return value


def _exec(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    """``exec`` for ``dataclasses``: a source string's code comes from the cache when it is there."""
    global _loaded, _compiled
    if type(source) is str and globals is not None:
        if _capture is not None:
            _capture.append(source)
        if _key is None:
            _load()
        code = _codes.get(source)
        if code is None:
            found = _value(source, _stored.get(source))
            if type(found) is CodeType:
                code = found
                _loaded += 1
            else:
                _stored.pop(source, None)  # damaged: compiled again, and rewritten
                code = compile(source, "<string>", "exec", dont_inherit=True)
                _compiled += 1
            if len(_codes) < MAX_CODES:
                _codes[source] = code
        source = code
    builtins.exec(source, globals, locals)


_recipes: dict[tuple[object, ...], dict[str, CodeType]] = {}  # by class shape (handouts.classrecipes)
_recorded = 0  # recipes this process recorded (written back at exit)
_from_recipes = 0  # classes this process made from recipes
_capture: list[str] | None = None  # the sources dataclasses compiles for the class being made
_real_process_class: Any = None


def _process_class(cls: type, *params: object) -> type:
    """``dataclasses._process_class``: a class of a recorded shape is made from its recipe
    (:mod:`handouts.classrecipes`); any other by ``dataclasses``, which records the recipe of
    a new shape (the sources it compiles for the class, in order)."""
    global _capture, _recorded, _from_recipes
    from handouts import classrecipes

    if not classrecipes.available():
        return _real_process_class(cls, *params)  # type: ignore[no-any-return]
    if _key is None:
        _load()
    if not getattr(cls, "__doc__", None):  # the docstring dataclasses would write, without importing inspect
        doc = classrecipes.doc_of(cls, params)
        if doc is not None:
            cls.__doc__ = doc
    shape = classrecipes.shape_of(cls, params)
    if shape is not None and _key == "on":  # (not while the store is read: recorded all the same)
        methods = _recipe(shape)
        if methods is not None:
            made = classrecipes.make(cls, params, shape, methods)
            if made is not None:
                _from_recipes += 1
                return made
    outer, _capture = _capture, []
    try:
        result: type = _real_process_class(cls, *params)
    finally:
        sources, _capture = _capture, outer
    if shape is not None and len(_recipes) < MAX_CODES:
        methods = classrecipes.methods_of(sources, _codes)
        if methods is not None:
            _recipes[shape] = methods
            _recorded += 1
            for source in sources:  # (kept in the recipe: a class of this shape never asks for them)
                _codes.pop(source, None)
    return result


def _recipe(shape: tuple[object, ...]) -> dict[str, CodeType] | None:
    """The recorded methods of ``shape``: made in this process, or read from the store (verified)."""
    methods = _recipes.get(shape)
    if methods is None:
        found = _value(shape, _stored.get(shape))
        if _is_recipe(found):
            methods = _recipes[shape] = found
        else:
            _stored.pop(shape, None)  # damaged: recorded again, and rewritten
    return methods


def _is_recipe(value: object) -> TypeGuard[dict[str, CodeType]]:
    """Whether ``value`` is a recipe's methods: code by method name."""
    return type(value) is dict and all(type(k) is str and type(c) is CodeType for k, c in value.items())


def cache_dataclass_code(argv: list[str]) -> bool:
    """Compile each dataclass's methods once per interpreter, across processes (see the module
    docstring). Off with ``--no-cache`` before or after the command (:func:`no_cache`: the CLI has
    not parsed it yet) or ``HANDOUTS_NO_CACHE``; returns whether it is on. The cache is read when the first class is
    made (``--help`` makes none) and written back, if this process compiled new code, at exit."""
    import dataclasses

    if _off(argv):
        return False
    if getattr(dataclasses, "exec", None) is not _exec:
        global _real_process_class
        dataclasses.exec = _exec  # type: ignore[attr-defined]
        atexit.register(_save)
        _hand_back(_compiled_codes, _absorb_codes)
        # (handouts.classrecipes is imported when the first class is made: --help makes none)
        if sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 11) and _real_process_class is None:
            _real_process_class = dataclasses._process_class  # type: ignore[attr-defined]
            dataclasses._process_class = _process_class  # type: ignore[attr-defined]
            _hand_back(_recorded_recipes, _absorb_recipes)
    return True


def code_store(kind: str = "dataclasses") -> Path | None:
    """Where compiled code of ``kind`` ("dataclasses", "regex", "modules") is kept: beside the
    package's bytecode; where the interpreter writes none (``PYTHONDONTWRITEBYTECODE``, as many
    container images set it), in the typesetting cache's folder (:func:`own_folder`). None when
    this interpreter has no bytecode tag, or no such folder can be named."""
    import importlib.util

    import handouts

    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    if sys.dont_write_bytecode:
        return _own_store(kind)
    pyc = importlib.util.cache_from_source(os.path.join(os.path.dirname(handouts.__file__), f"{kind}_code.py"))
    return Path(pyc).with_suffix(f".{kind}")


def _own_store(kind: str) -> Path | None:
    """The store of ``kind`` in :func:`own_folder` (None: no folder, or no bytecode tag)."""
    folder, tag = own_folder(), sys.implementation.cache_tag
    return folder / f"{kind}_code.{tag}.{kind}" if folder is not None and tag else None


def own_folder() -> Path | None:
    """The folder of this package's compiled code when no bytecode is written beside it: ``code``
    in the typesetting cache's folder (:mod:`handouts.cachefolder`: ``HANDOUTS_CACHE_DIR``, else
    the user cache folder)."""
    from handouts import cachefolder

    try:
        return cachefolder.folder() / cachefolder.CODE
    except ImportError:  # (no platformdirs)
        return None


FORMAT = 2  # entries verified and read one at a time (1: the whole store, under one digest)


def _header(kind: str) -> tuple[object, ...]:
    from importlib.util import MAGIC_NUMBER

    if kind == "regex":
        import re

        sre = getattr(getattr(re, "_compiler", None), "_sre", None)  # the C engine's version of its code
        return (FORMAT, MAGIC_NUMBER, getattr(sre, "MAGIC", None), getattr(sre, "CODESIZE", None))
    return (FORMAT, MAGIC_NUMBER)


def _read_store(kind: str = "dataclasses", *, own: bool = False) -> dict[object, object] | None:
    """A store's table (its entries not yet verified: see :func:`_value`), or None when it is
    missing, unreadable or another interpreter's. ``own``: the one in the cache's folder, which a
    process that wrote no bytecode used (:func:`code_store`)."""
    path = _own_store(kind) if own else code_store(kind)
    try:
        header, table = marshal.loads(_read_regular(path) if path else b"")
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return table if header == _header(kind) and isinstance(table, dict) else None


def _read_regular(path: Path) -> bytes:
    """A store's bytes; OSError for anything but a regular file (a FIFO in its place would be
    waited on, by every command, for ever; a link to ``/dev/zero`` read until memory ran out)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb", buffering=0) as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(f"{path}: not a regular file")
        return f.readall()


def _write_store(table: dict[Any, Any], kind: str = "dataclasses") -> bool:
    """Write a store atomically; False when it cannot be."""
    path = code_store(kind)
    if path is None:
        return False
    store: Any = (_header(kind), table)
    try:
        payload = marshal.dumps(store)
    except ValueError:  # something unmarshallable: nothing is written
        return False
    if not _room(len(payload)):
        return False
    return _replace(path, payload)


def _room(size: int) -> bool:
    """Whether a store (or the log) of ``size`` bytes fits: always beside the bytecode; in the
    typesetting cache's folder (no bytecode written), within its size cap
    (:func:`handouts.typesetting.diskcache.room`; the default cap, 256 MB, holds them many times)."""
    if not sys.dont_write_bytecode or (not os.environ.get("HANDOUTS_CACHE_MAX_MB") and size < 16 * 1024 * 1024):
        return True
    from handouts.typesetting import diskcache

    return diskcache.room(size)


def _replace(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename; False when it cannot be."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):  # (no temporary when its folder could not be made)
            tmp.unlink(missing_ok=True)
        return False
    return True


def _load() -> None:
    """Read the store's entries when the first class is made (see :func:`cache_dataclass_code`):
    from the store beside the bytecode, else from the disk cache (not when the first class made
    is the disk cache module's own, mid-import: then this process compiles, and writes the store)."""
    global _key, _from_store, _compiled, _loaded
    _key = ""  # while reading: the classes read here make are compiled as usual
    stored: object = _read_store()
    _from_store = stored is not None
    if stored is None and not sys.dont_write_bytecode:  # what a process that wrote no bytecode kept
        stored = _read_store("dataclasses", own=True)
    if stored is None:
        from handouts.typesetting import diskcache

        if hasattr(diskcache, "put") and diskcache.enabled():
            stored = diskcache.get(_disk_key())
    if isinstance(stored, dict):
        _stored.update((s, e) for s, e in stored.items() if _stored_key(s) and type(e) is bytes)
    for source in _codes:  # made while reading (the disk cache module's own): held all the same
        if source in _stored:
            _compiled -= 1
            _loaded += 1
    _key = "on"


def _stored_key(key: object) -> bool:
    """A key of the dataclass store: a method's source, or a class shape's (a recipe)."""
    return type(key) is str or (type(key) is tuple and key[:1] == ("dataclass",))


def _disk_key() -> str:
    from importlib.util import MAGIC_NUMBER

    from handouts.typesetting import diskcache

    return diskcache.key("dataclass-code", FORMAT, MAGIC_NUMBER, sys.implementation.cache_tag)


def _save() -> None:
    """Write the entries back (nothing when the process made no class through the hook: ``--help``,
    an early error): to the store beside the bytecode when this process compiled any code, or
    read its entries from the disk cache (the store is then made from them); else, with new
    code, to the disk cache. The entries this process did not use are kept as they were."""
    if not _key:
        return
    if not _compiled and not _recorded and _from_store:
        return
    table: dict[object, bytes] = dict(_stored)
    for source, code in _codes.items():
        if source not in table and len(table) < MAX_CODES:
            table[source] = _entry(source, code)
    for shape, methods in _recipes.items():
        if shape not in table and len(table) < MAX_CODES:
            table[shape] = _entry(shape, methods)
    if _write_store(table):
        return
    from handouts.typesetting import diskcache

    if _compiled and diskcache.enabled():
        diskcache.put(_disk_key(), table)


_patterns: dict[tuple[str | bytes, int], tuple[Any, ...]] = {}  # made (read or compiled) by this process
_stored_patterns: dict[tuple[str | bytes, int], bytes] = {}  # the store's entries (see _entry)
_patterns_loaded = 0  # how many came from the store
_patterns_compiled = 0
_ages: dict[tuple[str | bytes, int], int] = {}  # the store's generation when a pattern was last used
_used: set[tuple[str | bytes, int]] = set()
_generation = 0
KEEP_GENERATIONS = 20  # a stored pattern no process used in this many writes of the store is dropped
MAX_PATTERNS = 5000


def cache_regex_code(argv: list[str]) -> bool:
    """Compile each regular expression once per interpreter, across processes (see the module
    docstring). Off with ``--no-cache`` or ``HANDOUTS_NO_CACHE``, and where ``re`` is not built
    as this expects; returns whether it is on. The store is read now and written back, if this
    process compiled new patterns, at exit."""
    global _generation
    import re

    compiler: Any = getattr(re, "_compiler", None)
    real: Any = getattr(compiler, "compile", None)
    sre: Any = getattr(compiler, "_sre", None)
    if _off(argv) or real is None or not hasattr(sre, "compile"):
        return False
    if getattr(real, "_handouts_store", False):
        return True
    stored = _read_store("regex") or {}
    generation, table, ages = stored.get("generation"), stored.get("patterns"), stored.get("ages")
    if type(generation) is int and isinstance(table, dict) and isinstance(ages, dict):
        _generation = generation
        for k, v in table.items():
            if _pattern_key(k) and type(v) is bytes and type(ages.get(k)) is int:
                _stored_patterns[k], _ages[k] = v, ages[k]
    debug = int(re.DEBUG)

    engine = sre.compile  # the C engine's own, for hits and under the recorder
    lock = threading.Lock()  # one recorder at a time (``serve`` compiles in threads)

    def compile(p: Any, flags: Any = 0) -> Any:
        global _patterns_loaded, _patterns_compiled
        if type(p) not in (str, bytes) or type(flags) is not int or flags & debug:
            return real(p, flags)
        k = (p, flags)
        args = _patterns.get(k)
        if args is None and k in _stored_patterns:
            found = _value(k, _stored_patterns[k])
            if _pattern_entry(k, found):
                args = _patterns[k] = found  # type: ignore[assignment]
                _patterns_loaded += 1
            else:
                _stored_patterns.pop(k, None)
        if args is not None:
            _used.add(k)
            try:
                return engine(*args)
            except (RuntimeError, TypeError, ValueError):  # not code this engine accepts: compile it
                _patterns.pop(k, None)
                _stored_patterns.pop(k, None)
        made: list[tuple[Any, ...]] = []

        def record(*a: Any) -> Any:
            made.append(a)
            return engine(*a)

        with lock:
            sre.compile = record
            try:
                pattern = real(p, flags)
            finally:
                sre.compile = engine
        a = next((m for m in made if m[0] is p), None)
        if a is not None and len(_patterns) + len(_stored_patterns) < MAX_PATTERNS:
            # the code's opcodes are int subclasses (named constants): stored as plain ints
            _patterns[k] = (a[0], int(a[1]), [int(c) for c in a[2]], int(a[3]), dict(a[4]), tuple(a[5]))
            _used.add(k)
            _patterns_compiled += 1
        return pattern

    compile._handouts_store = True  # type: ignore[attr-defined]
    compiler.compile = compile
    atexit.register(_save_patterns)
    _hand_back(_compiled_patterns, _absorb_patterns)
    return True


def _hand_back(gather: Any, absorb: Any) -> None:
    """What ``gather`` finds in a render's forked child is ``absorb``-ed here (:mod:`handouts.prefetch`)."""
    from handouts import prefetch

    prefetch.hand_back(gather, absorb)


def _recorded_recipes() -> dict[tuple[object, ...], dict[str, CodeType]]:
    return {shape: methods for shape, methods in _recipes.items() if shape not in _stored}


def _absorb_recipes(recipes: object) -> None:
    """Recipes a forked child recorded: this process stores them at exit, as its own."""
    global _recorded
    _recorded += _absorbed(_recipes, recipes, lambda shape, methods: type(shape) is tuple and _stored_key(shape)
                           and _is_recipe(methods), stale=_stored)  # fmt: skip


def _absorbed(table: dict[Any, Any], handed: object, fits: Callable[[Any, Any], bool], limit: int | None = None,
              *, stale: dict[Any, Any]) -> int:  # fmt: skip
    """The entries of ``handed`` (what a forked child sent back) that ``fits`` accepts and ``table``
    lacks, added to it (while it holds fewer than ``limit``): how many. The child made them
    because the store had none, or a damaged one: this process read the same store, so an entry
    of the same key in ``stale`` (its copy of the store's table) is dropped, to be written anew."""
    if not isinstance(handed, dict):
        return 0
    added = 0
    for key, value in handed.items():
        if key not in table and fits(key, value) and (limit is None or len(table) < limit):
            table[key] = value
            stale.pop(key, None)
            added += 1
    return added


def _compiled_codes() -> dict[str, CodeType]:
    return {source: code for source, code in _codes.items() if source not in _stored}


def _absorb_codes(codes: object) -> None:
    """Codes a forked child compiled: this process stores them at exit, as its own."""
    global _compiled
    _compiled += _absorbed(_codes, codes, lambda source, code: type(source) is str and type(code) is CodeType, MAX_CODES,
                           stale=_stored)  # fmt: skip


def _compiled_patterns() -> dict[tuple[str | bytes, int], tuple[Any, ...]]:
    return {k: args for k, args in _patterns.items() if k not in _stored_patterns}


def _absorb_patterns(patterns: object) -> None:
    """Patterns a forked child compiled: stored by the rules of this process's own, at exit."""
    global _patterns_compiled
    if not isinstance(patterns, dict):
        return
    for k, args in patterns.items():
        if _pattern_key(k) and _pattern_entry(k, args) and k not in _patterns:
            _patterns[k] = args
            _stored_patterns.pop(k, None)  # (the child found its entry damaged: written anew, see _absorbed)
            _used.add(k)
            _patterns_compiled += 1


def _pattern_key(k: object) -> bool:
    return type(k) is tuple and len(k) == 2 and type(k[0]) in (str, bytes) and type(k[1]) is int


def _pattern_entry(k: object, v: object) -> bool:
    """A stored (pattern, flags) → ``_sre.compile`` arguments entry of the expected shape."""
    return (
        _pattern_key(k) and type(v) is tuple and len(v) == 6 and v[0] == k[0]  # type: ignore[index]
        and type(v[1]) is int and type(v[2]) is list and type(v[3]) is int and type(v[4]) is dict
        and type(v[5]) is tuple
    )  # fmt: skip


def _save_patterns() -> None:
    """Write the store when this process compiled a pattern that an earlier process compiled too
    (:func:`_sightings`): some libraries build a pattern whose text changes from process to
    process (ReportLab joins a set of names, in hash order), and such a pattern is never stored,
    nor the store rewritten for it. Every pattern this process used is stamped with the new
    generation, and one no process used in the last :data:`KEEP_GENERATIONS` writes is dropped.
    The entries this process did not use are kept as they were."""
    if not _patterns_compiled:
        return
    again = _sightings([k for k in _patterns if k not in _stored_patterns])
    if not again:
        return
    generation = _generation + 1
    entries = {**_stored_patterns, **{k: _entry(k, _patterns[k]) for k in again}}
    ages = {k: generation if k in _used else _ages.get(k, generation) for k in entries}
    keep = {k: v for k, v in entries.items() if ages[k] > generation - KEEP_GENERATIONS}
    _write_store({"generation": generation, "patterns": keep, "ages": {k: ages[k] for k in keep}}, "regex")


SIGHTING = 8  # bytes of a compiled pattern's digest in the log of sightings
MAX_SIGHTINGS = 8192  # digests the log keeps (64 KB); past that, the newer half


def _sightings(keys: list[tuple[str | bytes, int]]) -> list[tuple[str | bytes, int]]:
    """Which of ``keys`` (patterns this process compiled) a process compiled before: their digests
    are in a log beside the store. The others' digests are appended to it (a few bytes, where
    rewriting the store would be hundreds of kilobytes), so a pattern is stored the second time it
    is compiled, as a cache admits an item on its second request."""
    import hashlib

    path = code_store("regex-seen")
    if path is None or not keys:
        return []
    digests = {k: hashlib.blake2b(marshal.dumps(k), digest_size=SIGHTING).digest() for k in keys}
    try:
        log = _read_regular(path)
    except OSError:
        log = b""
    aligned = len(log) % SIGHTING == 0  # else two writers collided: the log starts again
    known = {log[i : i + SIGHTING] for i in range(0, len(log), SIGHTING)} if aligned else set()
    fresh = b"".join(d for d in digests.values() if d not in known)
    if fresh and not _room(len(log) + len(fresh)):
        fresh = b""  # a cache folder too small for the store: no use logging what it would hold
    if fresh and aligned and len(log) + len(fresh) <= MAX_SIGHTINGS * SIGHTING:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # one short append: whole, whoever else appends (not through a link, nor into a FIFO)
            append = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            with open(os.open(path, append, 0o644), "ab") as f:
                f.write(fresh)
        except OSError:
            pass
    elif fresh:  # full, or torn: the newer half (nothing, when torn) and the new ones
        _replace(path, (log[-(MAX_SIGHTINGS // 2) * SIGHTING :] if aligned else b"") + fresh)
    return [k for k, d in digests.items() if d in known]


def _off(argv: list[str]) -> bool:
    from handouts.envflags import flag

    return no_cache(argv) or flag("HANDOUTS_NO_CACHE")


# The options of any command that take a value (tests/cli/test_startup.py checks this against the
# CLI's commands): the word after one is its value, never an option.
VALUE_OPTIONS = frozenset({
    "--address", "--address-th", "--article", "--clinic", "--clinic-id", "--clinic-name", "--clinic-name-th",
    "--color", "--combine", "--copies", "--date", "--emergency", "--host", "--jobs", "--lang", "--layout",
    "--limit", "--line", "--min", "--notes", "--out", "--output", "--paper", "--patient", "--pdf-standard",
    "--phone", "--port", "--printer", "--profile", "--reason", "--reviewer", "--ssl-certfile", "--ssl-keyfile",
    "--translator", "--wait", "--website", "--workers", "--workspace", "-P", "-a", "-c", "-j", "-l", "-n", "-o",
    "-w",
})  # fmt: skip


def no_cache(argv: list[str]) -> bool:
    """Whether the command line gives ``--no-cache``, before or after the command, as Click reads it:
    not as an option's value (``--notes --no-cache``), not after ``--``."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            return False
        if arg == "--no-cache":
            return True
        if arg.startswith("--"):
            i += arg in VALUE_OPTIONS  # (--lang=th carries its value)
        elif arg.startswith("-"):  # a cluster: -qo FILE, -lth
            for at in range(1, len(arg)):
                if f"-{arg[at]}" in VALUE_OPTIONS:
                    i += at == len(arg) - 1
                    break
    return False


# --- this package's modules, where the interpreter writes no bytecode ------------------------------
_modules: dict[str, bytes] = {}  # the store's entries (path → entry), read when the first module is compiled
_modules_made: dict[str, bytes] = {}  # entries this process compiled
_modules_read = False


def _module_code(data: bytes, path: str, compile_source: Any) -> CodeType:
    """The code of a module of this package: from the store when it holds this source (its digest
    is part of the entry's key), else compiled by ``compile_source`` and kept for the store."""
    global _modules_read
    import hashlib

    if not _modules_read:
        _modules_read = True
        _modules.update((k, v) for k, v in (_read_store("modules") or {}).items() if type(k) is str and type(v) is bytes)
    key = (path, hashlib.blake2b(data, digest_size=ENTRY_DIGEST).digest())
    found = _value(key, _modules.get(path))
    if type(found) is CodeType:
        return found
    code: CodeType = compile_source(data, path)
    _modules_made[path] = _entry(key, code)  # (a module's code always marshals)
    return code


MAX_MODULES = 2000  # entries kept: the package has some 150 modules; a few checkouts of it fit


def _save_modules() -> None:
    """Write the store when this process compiled a module: without the entries of files that are
    gone (a checkout deleted, a module removed), at most :data:`MAX_MODULES`, the newest kept."""
    if _modules_made:
        kept = {k: v for k, v in _modules.items() if k not in _modules_made and os.path.isfile(k)}
        table = {**kept, **_modules_made}
        _write_store(dict(list(table.items())[-MAX_MODULES:]), "modules")


def cache_module_code(argv: list[str]) -> bool:
    """Where the interpreter writes no bytecode files (``PYTHONDONTWRITEBYTECODE``), every process
    compiled this package's hundred-odd modules from their source again: some 200 ms of a render
    (the installed libraries have their ``.pyc`` from pip). Their compiled code is kept instead in
    a store in the typesetting cache's folder (:func:`code_store`), one entry per module, keyed by
    its file and a digest of its source, verified when read; a module whose source changed is
    compiled again and its entry rewritten. The ``.pyc`` files the interpreter finds are read first,
    as always. Off with ``--no-cache``/``HANDOUTS_NO_CACHE``, and where bytecode is written (then
    nothing is needed); returns whether it is on."""
    import importlib.machinery

    if _off(argv) or not sys.dont_write_bytecode or code_store("modules") is None:
        return False
    if any(getattr(f, "_handouts_modules", False) for f in sys.meta_path):
        return True

    class Loader(importlib.machinery.SourceFileLoader):
        def source_to_code(self, data: Any, path: Any, *, _optimize: int = -1) -> CodeType:  # type: ignore[override]
            base = super().source_to_code
            return _module_code(bytes(data), str(path), lambda d, p: base(d, p, _optimize=_optimize))

    class Finder:
        _handouts_modules = True

        @staticmethod
        def find_spec(fullname: str, path: Any = None, target: Any = None) -> Any:
            if fullname != "handouts" and not fullname.startswith("handouts."):
                return None
            spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
            if spec is not None and type(spec.loader) is importlib.machinery.SourceFileLoader and spec.origin:
                spec.loader = Loader(fullname, spec.origin)
            return spec

    sys.meta_path.insert(0, Finder())
    atexit.register(_save_modules)
    _hand_back(lambda: dict(_modules_made), lambda made: _modules_made.update(made) if isinstance(made, dict) else None)
    return True


def begin(argv: list[str]) -> None:
    """Set a CLI process up (see the module docstring); again, it changes nothing."""
    defer_module("inspect", CODE_FLAGS)
    cache_module_code(argv)
    cache_regex_code(argv)
    cache_dataclass_code(argv)
    defer_pillow()
    defer_evaluators()
    collect_less()
    terminate_as_interrupt()


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def terminate_as_interrupt() -> None:
    """SIGTERM (``kill``, a service manager stopping the command) ends a command as Ctrl-C does:
    the error boundary says "interrupted" and exits 130 (the documented code), an output being
    written is removed, not left half-written. Not when SIGTERM is ignored; ``batch`` and
    ``serve`` install their own handlers (a batch job finishes writing; the server drains)."""
    import signal

    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _terminated)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass


YOUNG_THRESHOLD = 250_000


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


def leave(code: int) -> NoReturn:
    """End the process now with ``code``, after the ``atexit`` handlers and flushing stdout and
    stderr, skipping the interpreter's teardown (see the module docstring). Only for the console
    script, when the command is done: nothing may be left open but the standard streams."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with it closed
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`handouts render ... -o - | head`): nothing to say to it
            code = code or 1
    os._exit(code)


# what Cython's modules (uharfbuzz) read from ``inspect`` when they start: the code flags, which are
# CPython's (``inspect`` sets them from ``dis.COMPILER_FLAG_NAMES``; a test holds the two to each other)
CODE_FLAGS: dict[str, object] = {"CO_OPTIMIZED": 1, "CO_NEWLOCALS": 2, "CO_VARARGS": 4, "CO_VARKEYWORDS": 8,
                                 "CO_NESTED": 16, "CO_GENERATOR": 32, "CO_NOFREE": 64, "CO_COROUTINE": 128,
                                 "CO_ITERABLE_COROUTINE": 256, "CO_ASYNC_GENERATOR": 512}  # fmt: skip


def defer_module(name: str, known: dict[str, object]) -> None:
    """Stand a placeholder for module ``name`` in ``sys.modules`` (see the module docstring): the
    names ``known`` are its own; reading any other imports the real module, whose names the
    placeholder then takes over (a module that imported it meanwhile holds the placeholder).
    Nothing when ``name`` is already imported. Only for a module that is no package."""
    import importlib.machinery
    import types

    if name in sys.modules:
        return

    class Placeholder(types.ModuleType):
        def __getattr__(self, attr: str) -> Any:
            import importlib

            if attr == "__path__" and sys.modules.get(name) is self:
                # (``from … import name`` asks whether it is a package: a deferred module is none)
                raise AttributeError(attr)
            if sys.modules.get(name) is self:
                sys.modules.pop(name, None)  # (two threads may get here at once: the import lock orders the rest)
            real = importlib.import_module(name)
            self.__dict__.update(real.__dict__)
            return getattr(real, attr)

    placeholder = Placeholder(name)
    placeholder.__spec__ = importlib.machinery.ModuleSpec(name, None)
    placeholder.__dict__.update(known)
    sys.modules[name] = placeholder


# what reportlab.lib.utils (and colors, doctemplate) take from the modules defer_evaluators stands in for
EVALUATORS = {"reportlab.lib.rl_safe_eval": ("rl_safe_exec", "rl_safe_eval", "safer_globals", "rl_extended_literal_eval"),
              "ast": ("literal_eval",)}  # fmt: skip


def defer_evaluators() -> None:
    """When ReportLab's ``lib.utils`` is first imported, stand a placeholder (:func:`defer_module`)
    for ReportLab's safe evaluator and for ``ast`` first, whose functions of :data:`EVALUATORS`
    import the real module when first called (see the module docstring): a command that never
    imports ReportLab holds no placeholder of it. Nothing when ``lib.utils`` is already imported;
    a module already imported is left as it is."""
    if "reportlab.lib.utils" not in sys.modules and _EvaluatorsFinder not in sys.meta_path:
        sys.meta_path.insert(0, _EvaluatorsFinder)


class _EvaluatorsFinder:
    """A meta path finder that finds nothing: asked for ``reportlab.lib.utils`` it stands the
    placeholders of :func:`defer_evaluators` and leaves the path (the import goes on as usual)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name != "reportlab.lib.utils":
            return
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(_EvaluatorsFinder)
        for module, functions in EVALUATORS.items():
            if module in sys.modules:
                continue
            known: dict[str, object] = {}
            defer_module(module, known)
            placeholder = sys.modules[module]
            known.update({f: _on_first_call(module, f, placeholder) for f in functions})
            placeholder.__dict__.update(known)
            if module.startswith("reportlab."):
                placeholder.__package__ = module.rpartition(".")[0]


def _on_first_call(module: str, name: str, placeholder: Any) -> Any:
    """A function standing for ``module.name`` that imports ``module`` (through its placeholder)
    when first called, then calls the real one."""

    def call(*args: Any, **kwargs: Any) -> Any:
        found = sys.modules.get(module)
        real = placeholder.__getattr__(name) if found is None or found is placeholder else getattr(found, name)
        return real(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__module__ = module
    return call


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
