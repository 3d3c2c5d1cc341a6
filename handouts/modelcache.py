"""The text half of a render → a persistent cache: the handout model, skipped when nothing changed.

Before any typesetting a render reads the article (YAML front matter, markdown-it), the clinic
(TOML, phone numbers, logo), the catalogs (PO) and the frame templates (Jinja2), and formats
dates (Babel). On a warm front desk those inputs rarely change, so the result (the clinic's
:class:`~handouts.branding.Brand`, the :class:`~handouts.model.Handout` of each language, the
warnings they raised and the inline Markdown the layout parsed) is kept on disk and the next
render starts from it, without importing or running any of that.

The key is a hash of the bytes of everything the model is made from: the article file, the
clinic file, every file under ``templates/`` and ``locales/``, ``handouts.toml``, the options
that reach the model (language, date, default languages), the workspace and current folder, the
versions of the libraries involved and a fingerprint of this package's source files. Files found
while building (figures and the logo, with the listing of their folders, which decides a
per-language variant) are recorded in the entry and checked on every read. It is not an output
cache: a changed catalog gets a new key; the paragraphs' typesetting keeps its own cache
(:mod:`handouts.typesetting.diskcache`, which also stores these entries: same folder, size cap,
``--no-cache``, ``handouts cache clear``).

Entries are pickles, read back with an unpickler that builds only this package's dataclasses and
enums, dates and paths: a forged entry can at worst be a wrong model, never run code.

When the model must be built, its pure steps come from the same store, each keyed by exactly the
inputs it depends on (:func:`memo`, :class:`Table`): the parsed article by its file's bytes, the
clinic by its TOML (and the logo, checked on read), dates and phone numbers by their values, the
translation gate and the inline Markdown entry by entry. A changed catalog entry then redoes that
entry's work, not the YAML, Markdown, clinic, dates or frame of the others.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import stat
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from handouts.diagnostics import Diagnostics
from handouts.textfile import limits_for, workspace_of
from handouts.typesetting import diskcache

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Hashable, Iterable

    from handouts.branding import Brand
    from handouts.diagnostics import Diagnostic
    from handouts.errors import Finding
    from handouts.i18n.rules import FrameGate, Undrawable
    from handouts.i18n.runtime import Catalog, Message
    from handouts.model import Handout

T = TypeVar("T")

LARGE = 64 * 1024 * 1024  # bytes: larger files are keyed by size and time, not read
# Bump when what a model entry holds changes shape (the source fingerprint covers code changes).
MODEL_VERSION = 2  # 2: Meta.fallback (what prints in the source language)
# (module, distribution) of the libraries that shape the model: their versions are in the key (ICU's
# Thai word breaks and Babel's CLDR data are in the translation gate's verdicts, which the steps keep;
# ICU is the distribution pyproject.toml names, pyicu-wheels)
LIBRARIES = (("jinja2", "jinja2"), ("markdown_it", "markdown_it_py"), ("babel", "babel"), ("yaml", "pyyaml"),
             ("phonenumbers", "phonenumbers"), ("PIL", "pillow"), ("myanmartools", "myanmartools"),
             ("icu", "pyicu_wheels"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Model:
    """What the text half of a render produced."""

    brand: Brand
    handout: Handout
    second: Handout | None
    warnings: tuple[Diagnostic, ...]  # raised while building, replayed on a hit
    inlines: tuple[tuple[tuple[str, tuple[tuple[str, str, str], ...]], Any], ...] = ()  # parse_inline results
    deps: tuple[tuple[str, str], ...] = field(default=())  # (file or folder, digest) found while building


@dataclass(frozen=True, slots=True)
class Step:
    """What one pure step of the model produced (:func:`memo`)."""

    value: Any
    warnings: tuple[Diagnostic, ...] = ()  # raised while building, replayed on a hit
    deps: tuple[tuple[str, str], ...] = ()  # (file or folder, digest) found while building


@dataclass
class Stats:
    """What this process took from the model cache and what it built (``-v`` reports it)."""
    hits: int = 0  # models read from the cache (its reads and writes count in diskcache.STATS too)
    steps: dict[str, int] = field(default_factory=dict)  # step name → hits (memo and tables)
    built: dict[str, int] = field(default_factory=dict)  # step name → builds (misses)

    def count(self, name: str, hit: bool) -> None:
        table = self.steps if hit else self.built
        table[name] = table.get(name, 0) + 1


STATS = Stats()


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path) -> str:
    """A regular file's bytes, or a folder's sorted names, as a digest; anything else (missing,
    unreadable, a FIFO or a device, which must never be opened here) is named by its type."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens without waiting for a writer
    except OSError:
        return "-"
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            return "dir:" + _digest("\0".join(sorted(os.listdir(path))).encode("utf-8", "surrogateescape"))
        if not stat.S_ISREG(st.st_mode):
            return f"special:{stat.S_IFMT(st.st_mode)}"
        if st.st_size > LARGE:  # refused by the size limits anyway: not read twice
            return f"large:{st.st_size}:{st.st_mtime_ns}"
        with os.fdopen(os.dup(fd), "rb") as f:
            return _digest(f.read())
    except OSError:
        return "-"
    finally:
        os.close(fd)


def _tree(folder: Path) -> list[tuple[str, str]]:
    """(relative path, digest) of every file under ``folder``, sorted (empty when it is missing)."""
    out: list[tuple[str, str]] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            p = Path(root, name)
            out.append((str(p.relative_to(folder)), file_digest(p)))
    return out


@functools.cache
def code_fingerprint() -> str:
    """This package's source files (name, size, mtime) and the libraries' versions: a code
    change without a :data:`MODEL_VERSION` bump still gets fresh models."""
    import handouts

    base = str(Path(handouts.__file__).parent)
    parts = [f"{MODEL_VERSION}", handouts.__version__]
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                st = os.stat(path)
                parts.append(f"{path[len(base) + 1 :]}:{st.st_size}:{st.st_mtime_ns}")
    parts += [f"{dist}={diskcache.dist_version(module, dist)}" for module, dist in LIBRARIES]
    return _digest("\n".join(parts).encode())


def key(article: Path, clinic: Path, workspace: Path, refs: tuple[str, ...], today: dt.date,
        default_langs: tuple[str, ...]) -> str:  # fmt: skip
    """The cache key of the model made from these files and options."""
    files = [("article", file_digest(article)), ("clinic", file_digest(clinic)),
             ("settings", file_digest(workspace / "handouts.toml"))]  # fmt: skip
    return diskcache.key("model", code_fingerprint(), str(workspace.resolve()), os.getcwd(), refs,
                         str(article.resolve()), str(clinic.resolve()), files, today.isoformat(), default_langs,
                         _tree(workspace / "templates"), _tree(workspace / "locales"))  # fmt: skip


_ALLOWED = {("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "Path"), ("datetime", "date"),
            ("datetime", "datetime"), ("builtins", "frozenset"), ("builtins", "set")}  # fmt: skip


class _Unpickler(pickle.Unpickler):
    """Builds this package's dataclasses and enums, dates, paths and sets; nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith("handouts.") and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and (is_dataclass(found) or issubclass(found, Enum)):
                return found
        raise pickle.UnpicklingError(f"not a model class: {module}.{name}")


def _load(k: str) -> object | None:
    """The object pickled under ``k`` (only this package's classes), or None."""
    data = diskcache.get(k)
    if not isinstance(data, bytes):
        return None
    try:
        found: object = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a corrupt or foreign entry is a miss, and is rewritten
        diskcache.STATS.rejected += 1
        return None
    return found


def _fresh(deps: tuple[tuple[str, str], ...]) -> bool:
    return all(file_digest(Path(p)) == digest for p, digest in deps)


def get(k: str) -> Model | None:
    """The model stored under ``k`` whose recorded files are unchanged, or None."""
    model = _load(k)
    if not isinstance(model, Model) or not _fresh(model.deps):
        return None
    STATS.hits += 1
    return model


def put(k: str, value: object) -> None:
    """Store ``value`` (a model, a step, a table) under ``k`` (never raises: the cache is an optimisation)."""
    try:
        data = pickle.dumps(value, protocol=5)
    except Exception:
        return
    diskcache.put(k, data)


def replay(warnings: Iterable[Diagnostic], diagnostics: Diagnostics | None) -> None:
    """Raise ``warnings`` again, every field as it was."""
    if diagnostics is None:
        return
    for d in warnings:
        diagnostics.warn(**{f.name: getattr(d, f.name) for f in fields(d)})


def memo(name: str, parts: tuple[object, ...], build: Callable[[Diagnostics], T], diagnostics: Diagnostics | None,
         files: tuple[Path, ...] = (), found: Callable[[T], tuple[object, ...]] | None = None) -> T:  # fmt: skip
    """One pure step of the model → its result, from the disk when this step already ran on the
    same inputs: ``parts`` (options, paths: their ``repr``), the bytes of ``files``, the current
    folder and the code (:func:`code_fingerprint`). The warnings ``build`` raised (into the
    collector it is given) are replayed into ``diagnostics`` on a hit, exactly as when built.
    ``found(value)``: what the result refers to (paths, figures: :func:`deps_of`), checked on
    every read. Errors are never stored: a failing step fails again, with its message.
    """
    def digests() -> list[tuple[str, str]]:
        return [(str(f), file_digest(f)) for f in files]

    inputs = digests()
    # the size caps the step's files were read under (handouts.toml [limits]): a file over a cap
    # lowered since is read again, and refused, not taken from the disk
    caps = limits_for(workspace_of(files[0])) if files else None
    k = diskcache.key("step", name, code_fingerprint(), os.getcwd(), parts, inputs, caps)
    hit = _load(k)
    if isinstance(hit, Step) and _fresh(hit.deps):
        STATS.count(name, True)
        replay(hit.warnings, diagnostics)
        result: T = hit.value
        return result
    collector = Diagnostics(log=False)
    value = build(collector)
    STATS.count(name, False)
    replay(collector.items, diagnostics)
    if digests() == inputs:  # no file changed while the step read it
        put(k, Step(value, tuple(collector.items), deps_of(*found(value)) if found is not None else ()))
    return value


class Table:
    """A pure function's results by argument, kept on disk as one entry per ``(name, scope)``:
    only the arguments not seen before are computed (one changed paragraph: one new result).

    The entry is a table of (arguments → result) for a function whose result depends on nothing
    else (given the code: the key has :func:`code_fingerprint`), so an entry is never stale,
    whoever wrote it; ``scope`` only keeps tables of different handouts apart. :meth:`save`
    writes it again, holding exactly the results used by this render, when any was new.
    """

    def __init__(self, name: str, scope: tuple[object, ...]) -> None:
        self.name = name
        self.key = diskcache.key("table", name, code_fingerprint(), scope)
        stored = _load(self.key)
        rows = stored.value if isinstance(stored, Step) and isinstance(stored.value, tuple) else ()
        self.known: dict[Hashable, Any] = dict(rows)
        self.stored = frozenset(self.known)
        self.used: dict[Hashable, Any] = {}

    def __contains__(self, args: Hashable) -> bool:
        return args in self.known

    def get(self, args: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``args`` (``compute()`` when it is not in the table)."""
        if args in self.known:
            STATS.count(self.name, True)
            value: T = self.known[args]
        else:
            value = self.known[args] = compute()
            STATS.count(self.name, False)
        self.used[args] = value
        return value

    def items(self) -> tuple[Any, ...]:  # (arguments, result) pairs
        return tuple(self.known.items())

    def note(self, used: Iterable[tuple[Hashable, Any]]) -> None:
        """Results computed elsewhere (an in-process memo seeded from :meth:`items`) that this render used."""
        for args, value in used:
            if args not in self.known:
                STATS.count(self.name, False)
            self.known[args] = self.used[args] = value

    def save(self) -> None:
        if self.used.keys() - self.stored:  # something new (or the entry was missing or damaged)
            put(self.key, Step(tuple(self.used.items())))


def deps_of(*roots: object) -> tuple[tuple[str, str], ...]:
    """(path, digest) of every file a model refers to (its figures, the clinic's logo) and of the
    listing of its folder (which decides whether a per-language variant is drawn instead)."""
    from handouts.model import Figure

    files: list[Path] = []
    stack = list(roots)
    while stack:
        x = stack.pop()
        if isinstance(x, Figure):
            files.append(Path(x.path))
        elif isinstance(x, Path):
            files.append(x)
        elif isinstance(x, tuple):
            stack.extend(x)
        elif is_dataclass(x) and not isinstance(x, type):
            stack.extend(getattr(x, f.name) for f in fields(x))
    out: dict[str, str] = {}
    for f in files:
        for p in (f, f.parent):
            out.setdefault(str(p), file_digest(p))
    return tuple(sorted(out.items()))


class Steps:
    """The pure steps of one model build and their tables on disk (or, switched off, plain calls):

    * :meth:`memo`: whole results by their inputs' bytes (the article, the clinic, the frame's msgids);
    * tables, entry by entry: ``inline`` (the inline Markdown of each text: markdown-it),
      ``gate`` (the translation gate's verdict on each pair), ``front`` (an article's front
      matter: YAML), ``dates`` (Babel), ``phones``.

    :meth:`begin` seeds the in-process memos of :mod:`handouts.content.inline` and
    :mod:`handouts.i18n.rules` with the article's tables; :meth:`save` writes back what was new.
    """

    def __init__(self, on: bool, scope: tuple[object, ...] = ()) -> None:
        self.enabled = on
        self.scope = scope
        self.tables: dict[str, Table] = {}
        self.recorded: dict[str, dict[Any, Any]] = {}

    @classmethod
    def on(cls, workspace: Path) -> Steps:
        return cls(diskcache.enabled(), (str(workspace.resolve()),))

    @classmethod
    def off(cls) -> Steps:
        return cls(False)

    def table(self, name: str, scope: tuple[object, ...] = ()) -> Table:
        if name not in self.tables:
            self.tables[name] = Table(name, (*self.scope, *scope)) if self.enabled else _Plain(name)
        return self.tables[name]

    @property
    def dates(self) -> Table:
        return self.table("dates")

    @property
    def phones(self) -> Table:
        return self.table("phones")

    def memo(self, name: str, parts: tuple[object, ...], build: Callable[[Diagnostics], T],
             diagnostics: Diagnostics | None, files: tuple[Path, ...] = (),
             found: Callable[[T], tuple[object, ...]] | None = None) -> T:  # fmt: skip
        if not self.enabled:
            return build(diagnostics if diagnostics is not None else Diagnostics(log=False))
        return memo(name, (*self.scope, *parts), build, diagnostics, files, found)

    def frame_msgids(self, templates: Path) -> tuple[str, ...]:
        """The frame templates' msgids (:func:`handouts.content.frame.frame_msgids`: Jinja2), by the templates' bytes."""
        from handouts.content.frame import frame_msgids

        if not self.enabled:
            return frame_msgids(templates)
        files = (templates, *sorted(templates.glob("*.j2"))) if templates.is_dir() else (templates,)
        return self.memo("frame-msgids", (str(templates),), lambda _: frame_msgids(templates), None, files)

    def frame(self, templates: Path, values: dict[str, str], catalog: Catalog, on_missing: Callable[[str], None],
              vet: FrameGate) -> dict[str, str]:  # fmt: skip
        """:func:`handouts.content.frame.render_frame`, from the disk while the templates, the
        values it does not just print and the translations it looked up are unchanged.

        Values the template only prints (:func:`~handouts.content.frame.printed_as_is`: the
        content hash, dates, names) are rendered as placeholders and filled in afterwards, so a
        changed paragraph (a new content hash) renders no template. The translations the render
        looked up are recorded in the entry and compared on every read; the missing ones and the
        gate's findings are replayed.
        """
        from handouts.content.frame import PLACEHOLDER, printed_as_is, render_frame

        if not self.enabled:
            return render_frame(templates, values, catalog, on_missing, vet)
        tree = tuple(_tree(templates)) if templates.is_dir() else ((str(templates), file_digest(templates)),)
        as_is = self.memo("frame-printed", (str(templates), tree), lambda _: printed_as_is(templates), None)
        odd = any(_PRIVATE & set(v) for v in values.values())  # a value with a placeholder's characters
        holes = {} if odd else {k: PLACEHOLDER.format(k) for k, v in values.items() if k in as_is and len(v) < 1000}
        found = self._frame(templates, tree, {**values, **holes}, catalog, bool(holes), vet.undrawable)
        if found is None:  # a translation formats a value itself (%(hash).4s): render with the values
            holes = {}
            found = self._frame(templates, tree, values, catalog, False, vet.undrawable)
        assert found is not None
        for msgid in found.missing:
            on_missing(msgid)
        vet.findings.extend(f for f in found.findings if f not in vet.findings)
        out = {}
        for name, text in found.slots:
            for k, hole in holes.items():
                text = text.replace(hole, values[k])
            out[name] = text.strip()
        return out

    def _frame(self, templates: Path, tree: tuple[tuple[str, str], ...], values: dict[str, str], catalog: Catalog,
               holes: bool, undrawable: Undrawable | None = None) -> Frame | None:  # fmt: skip
        """The frame rendered with ``values`` (None: placeholders cannot be filled in afterwards); the gate
        asks ``undrawable`` (the typesetter's) as without the cache, so it names the catalog's line."""
        from handouts.content.frame import plain_format, render_frame
        from handouts.i18n.rules import FrameGate
        from handouts.i18n.runtime import Catalog

        k = diskcache.key("frame", code_fingerprint(), os.getcwd(), self.scope, str(templates), tree, catalog.lang,
                          str(catalog.path), sorted(values.items()), undrawable is not None)  # fmt: skip
        hit = _load(k)
        if isinstance(hit, Step) and isinstance(hit.value, Frame) and hit.value.still(catalog):
            STATS.count("frame", True)
            return None if hit.value.unsafe else hit.value
        looked = _Lookups(catalog.messages)
        seen = Catalog(catalog.lang, catalog.path, looked)
        gate = FrameGate(seen, undrawable=undrawable)
        missing: list[str] = []
        unsafe: list[str] = []

        def check(text: str) -> None:  # a translation that formats a value itself, or has a placeholder's characters
            if holes and (not plain_format(text) or _PRIVATE & set(text)):
                unsafe.append(text)

        slots = render_frame(templates, values, seen, missing.append, gate, strip=False, on_text=check)
        STATS.count("frame", False)
        if holes:
            shown = "".join(slots.values())
            for v in values.values():
                shown = shown.replace(v, "") if v.startswith("\ue000") else shown
            if _PRIVATE & set(shown):  # a placeholder was cut or changed (or the template has one): fill in nothing
                unsafe.append(shown)
        whole = bool(gate.findings)  # findings name catalog lines: then a moved entry is a change too
        lookups = tuple((key, _snapshot(message, whole)) for key, message in looked.asked.items())
        frame = Frame(tuple(slots.items()), lookups, tuple(missing), tuple(gate.findings), bool(unsafe), whole)
        if _tree(templates) == list(tree) or not templates.is_dir():
            put(k, Step(frame))
        return None if frame.unsafe else frame

    def begin(self, scope: object) -> None:
        """Seed the in-process memos (:mod:`handouts.memo`) with the tables of ``scope`` (the
        article's path) and record from here on (the inline Markdown: the caller records it)."""
        from handouts.content import article, inline
        from handouts.i18n import rules

        inline.seed(self.of_article("inline", scope).items())
        rules.seed(self.of_article("gate", scope).items())
        article.seed(self.of_article("front", scope).items())
        self.recorded = {"gate": rules.record(), "front": article.record()}

    def of_article(self, name: str, scope: object) -> Table:
        """The table ``name`` of one article (``scope``: its resolved path), as :meth:`begin` reads it."""
        return self.table(name, (str(scope),))

    def save(self, parsed: dict[Any, Any]) -> None:
        """Write back the tables (``parsed``: the inline Markdown recorded during the render)."""
        from handouts.content import article
        from handouts.i18n import rules

        rules.record(False)
        article.record(False)
        for name, used in (("inline", parsed), *self.recorded.items()):
            if name in self.tables:
                self.tables[name].note(used.items())
        for t in self.tables.values():
            t.save()


_PRIVATE = frozenset("\ue000\ue001")


class _Lookups(dict[Any, Any]):
    """A catalog's messages that remember which keys were asked for (and what they were then)."""

    def __init__(self, messages: dict[Any, Any]) -> None:
        super().__init__(messages)
        self.asked: dict[Any, Any] = {}

    def get(self, key: Any, default: Any = None) -> Any:
        found = super().get(key)
        self.asked.setdefault(key, found)
        return default if found is None else found


def _snapshot(message: Message | None, whole: bool) -> object:
    """What of a looked-up message decides the frame: its text and fuzziness (and its line, when
    the gate found something in the frame's translations: findings name it)."""
    if message is None or whole:
        return message
    return (message.msgstr, message.fuzzy)


@dataclass(frozen=True, slots=True)
class Frame:
    """A rendered frame (:meth:`Steps.frame`): its blocks, and what it depended on in the catalog."""

    slots: tuple[tuple[str, str], ...]
    lookups: tuple[tuple[Any, object], ...]  # (catalog key, snapshot) of every message looked up
    missing: tuple[str, ...]  # msgids reported untranslated, in order
    findings: tuple[Finding, ...]  # the translation gate's, on the frame's strings
    unsafe: bool = False  # a placeholder could not be filled in afterwards
    whole: bool = False  # lookups include the catalog lines

    def still(self, catalog: Catalog) -> bool:
        """Whether ``catalog`` answers every lookup as it did."""
        return all(_snapshot(catalog.messages.get(key), self.whole) == snap for key, snap in self.lookups)


class _Plain(Table):
    """A table that is never read from or written to the disk (the cache is off)."""

    def __init__(self, name: str) -> None:  # no disk entry
        self.name, self.key, self.known, self.stored, self.used = name, "", {}, frozenset(), {}

    def save(self) -> None:
        pass
