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
from typing import TYPE_CHECKING, Any

from handouts.typesetting import diskcache

if TYPE_CHECKING:
    import datetime as dt

    from handouts.branding import Brand
    from handouts.diagnostics import Diagnostic
    from handouts.model import Handout

LARGE = 64 * 1024 * 1024  # bytes: larger files are keyed by size and time, not read
# Bump when what a model entry holds changes shape (the source fingerprint covers code changes).
MODEL_VERSION = 1
# (module, distribution) of the libraries that shape the model: their versions are in the key
LIBRARIES = (("jinja2", "jinja2"), ("markdown_it", "markdown_it_py"), ("babel", "babel"), ("yaml", "pyyaml"),
             ("phonenumbers", "phonenumbers"), ("PIL", "pillow"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Model:
    """What the text half of a render produced."""

    brand: Brand
    handout: Handout
    second: Handout | None
    warnings: tuple[Diagnostic, ...]  # raised while building, replayed on a hit
    inlines: tuple[tuple[tuple[str, tuple[tuple[str, str, str], ...]], Any], ...] = ()  # parse_inline results
    deps: tuple[tuple[str, str], ...] = field(default=())  # (file or folder, digest) found while building


@dataclass
class Stats:
    hits: int = 0  # models read from the cache (its reads and writes count in diskcache.STATS too)


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
def _code_fingerprint() -> str:
    """This package's source files (name, size, mtime) and the libraries' versions: a code
    change without a :data:`MODEL_VERSION` bump still gets fresh models."""
    import handouts

    base = Path(handouts.__file__).parent
    parts = [f"{MODEL_VERSION}", handouts.__version__]
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(root, name))
                parts.append(f"{os.path.relpath(os.path.join(root, name), base)}:{st.st_size}:{st.st_mtime_ns}")
    parts += [f"{dist}={diskcache.dist_version(module, dist)}" for module, dist in LIBRARIES]
    return _digest("\n".join(parts).encode())


def key(article: Path, clinic: Path, workspace: Path, refs: tuple[str, ...], today: dt.date,
        default_langs: tuple[str, ...]) -> str:  # fmt: skip
    """The cache key of the model made from these files and options."""
    files = [("article", file_digest(article)), ("clinic", file_digest(clinic)),
             ("settings", file_digest(workspace / "handouts.toml"))]  # fmt: skip
    return diskcache.key("model", _code_fingerprint(), str(workspace.resolve()), os.getcwd(), refs,
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


def get(k: str) -> Model | None:
    """The model stored under ``k`` whose recorded files are unchanged, or None."""
    data = diskcache.get(k)
    if not isinstance(data, bytes):
        return None
    try:
        model = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a corrupt or foreign entry is a miss, and is rewritten
        diskcache.STATS.rejected += 1
        return None
    if not isinstance(model, Model):
        return None
    if any(file_digest(Path(p)) != digest for p, digest in model.deps):
        return None
    STATS.hits += 1
    return model


def put(k: str, model: Model) -> None:
    """Store ``model`` under ``k`` (never raises: the cache is an optimisation)."""
    try:
        data = pickle.dumps(model, protocol=5)
    except Exception:
        return
    diskcache.put(k, data)


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
