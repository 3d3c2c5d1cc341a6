"""Pure typesetting steps → a persistent cache on disk, shared by processes (front desk, batch).

A fresh process (a nurse's ``handouts render``) would segment and shape every paragraph again;
those steps are pure, so their results are kept on disk, one entry per paragraph, keyed by a
hash of everything that determines them: the spans (text, face, size, language), the keep-words,
the font files' bytes, the engine and library versions (:data:`ENGINE_VERSION`). It is not an
output cache: a changed paragraph gets a new key and only its own work is redone. Other pure
steps keep their results here too, each under its own key: ReportLab's parse of a font file
(:mod:`.rlfonts`), the logo's pixels (:mod:`handouts.layout.images`), QR modules, the model.

Safe by construction: an entry is written to a temporary file and renamed into place (atomic;
concurrent batch workers write identical bytes for one key), carries a hash of its payload and
the engine version and is ignored (and rewritten) when either does not match, and the folder is
kept under a size cap by evicting the least recently used entries (a read refreshes the mtime
when it is over an hour old).

Location: ``HANDOUTS_CACHE_DIR``, else the user cache folder (platformdirs). ``--no-cache`` (or
``HANDOUTS_NO_CACHE=1``) turns it off; ``handouts cache info`` / ``cache clear``.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import functools
import hashlib
import itertools
import marshal
import os
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts import cachefolder

if TYPE_CHECKING:
    from collections.abc import Mapping

    from handouts.typesetting.fonts import FontSet
    from handouts.typesetting.spans import Span

# Bump this whenever what a cached entry holds would change for the same inputs: segmentation
# or break rules (segment.py, a new segmenter), shaping or glyph text assignment (shaping.py),
# the atom model (atoms.py), total fit's lines (lines.py, linebreak.py, finer.py: they are kept
# too), or the text-layer encoding that glyph texts feed (_pdftext.py).
# Everyone who changes those files bumps it (scripts, print, speed): old entries are then simply
# never read again and age out under the size cap.
ENGINE_VERSION = 27  # 2: total-fit line breaking; 3: text layer with phantoms (textmap.py); 4: '/' rule; 5: dates; 6: a number keeps the Thai word after it; 7: runs stored as distinct glyphs + their slicing index; 8: a year does not keep the word after it; 9: a line-end hyphen is U+00AD (SOFT HYPHEN) in the text layer; 10: a ZERO WIDTH SPACE is a break after it in every script; 11: Lao, Khmer and Burmese repetition marks and sentence ends never start a line; 12: Noto Sans Myanmar repaired (kinzi over a stacked consonant takes its upper vowel, scripts/fontfix.py); 13: a number after ตี and บ่าย (the six-hour clock) stays with them; 14: no line starts with a Burmese or Khmer final consonant (ဆော့ဖ်|ဝဲ), nor after a Khmer samyok sannya; 15: English schedule units (6 hours, 1 week, 2 puffs, 8 a.m.) stay with their number; 16: both (14 and 15 were made apart); 17: no break next to a straight quote but after a space, a break after the slash between two long Latin words, none around a lone Thai consonant, a phone number keeps its extension (ต่อ 208); 18: no last-resort break between ต่อ and an extension, and a kept stretch wider than the line parts first at a last-resort break (unwarned); 19: no break before a hyphen that joins two words (หัด|-คางทูม); 20: a Latin word wider than the line is cut at its hyphenation points when its pieces fit; 21: such a word is kept whole and broken by total fit at those points; 22: an under-full line is drawn wider (lines.loosen); 23: drawn wider at the cost of a compound juncture (LOOSEN 30 → 10); 24: more drug names, and each loanword in its other common spellings (segment.spelling_variants); 25: Lao ບ່ວງກາເຟ and ບ່ວງແກງ (teaspoon, tablespoon) stay with their number, and the gate's medicines are loanwords (เมโธเทรกเซต); 26: a run longer than 65,536 characters is shaped in pieces cut after a space (HarfBuzz refused some 550,000), and letters run together longer than 1,000 are not hyphenated; 27: a URL that fits on a line is never broken inside

MAGIC = b"HOC1"
DEFAULT_CAP = 256 * 1024 * 1024  # bytes; HANDOUTS_CACHE_MAX_MB overrides
CHECK_EVERY = 300  # seconds: how often fresh processes list the folder to keep it under the cap
_enabled: bool | None = None  # None: decided from the environment


def configure(enabled: bool) -> None:
    """Turn the cache on or off for this process (``--no-cache``)."""
    global _enabled
    _enabled = enabled


def enabled() -> bool:
    if _enabled is not None:
        return _enabled
    from handouts.envflags import flag

    return not flag("HANDOUTS_NO_CACHE")


def folder() -> Path:
    """Where the cache lives: ``HANDOUTS_CACHE_DIR`` or the user cache folder (:mod:`handouts.cachefolder`)."""
    return cachefolder.folder()


def cap() -> int:
    """The size cap in bytes: ``HANDOUTS_CACHE_MAX_MB`` (megabytes, e.g. ``512`` or ``0.5``), else
    :data:`DEFAULT_CAP`; a value that is no size keeps the default, with a warning (once)."""
    env = os.environ.get("HANDOUTS_CACHE_MAX_MB", "").strip()  # (" 5 " from a quoted shell line is 5)
    if env.isascii() and env.replace(".", "", 1).isdigit():
        return int(float(env) * 1024 * 1024)
    if env.strip():
        _bad_cap(env)
    return DEFAULT_CAP


@functools.cache
def _bad_cap(value: str) -> None:
    import logging

    logging.getLogger("handouts").warning(
        "warning: HANDOUTS_CACHE_MAX_MB=%r is not a size in megabytes (e.g. 256 or 0.5); the cache keeps its default "
        "cap of %d MB", value, DEFAULT_CAP // (1024 * 1024))  # fmt: skip


def _root() -> Path:
    return Path(_root_name(folder()))


def key(*parts: object) -> str:
    """A hex key for the parts (their ``repr``: strings, numbers, tuples)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{ENGINE_VERSION}\0".encode())
    for p in parts:
        h.update(repr(p).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@functools.cache
def dist_version(module: str, dist: str | None = None) -> str:
    """The version of the distribution ``dist`` (default: named as ``module``) installed beside
    ``module``, from its dist-info folder name, without importing either (importlib.metadata
    costs tens of milliseconds at start-up; this costs a directory listing). "?" when
    ``module`` is not installed; the module file's mtime when no dist-info folder is found.

    The first folder of ``sys.path`` that has the module's package or file, and its distribution's
    dist-info beside it, answers (the listings are read once per process); anything else (a
    module found elsewhere, in a zip or as a namespace package) is asked of the import system."""
    prefix = (dist or module).lower() + "-"
    for entry in sys.path:
        names = _listing(entry or ".")
        if module in names or f"{module}.py" in names:
            found = _dist_infos(names, prefix)
            if found:
                return found[-1][len(prefix) : -len(".dist-info")]
            break
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "?"
    site = Path(spec.origin).resolve().parent.parent
    found = _dist_infos(_listing(str(site)), prefix)
    return found[-1][len(prefix) : -len(".dist-info")] if found else str(Path(spec.origin).stat().st_mtime_ns)


def _dist_infos(names: tuple[str, ...], prefix: str) -> list[str]:
    """The dist-info folders among ``names`` whose distribution's name is ``prefix`` less its "-"."""
    if "-" in prefix[:-1]:
        return sorted(n for n in names if n.lower().startswith(prefix) and n.endswith(".dist-info"))
    return _by_distribution(names).get(prefix[:-1], [])


@functools.lru_cache(maxsize=16)
def _by_distribution(names: tuple[str, ...]) -> dict[str, list[str]]:
    """A folder's dist-info folders by their distribution's name (lower case), each list sorted."""
    out: dict[str, list[str]] = {}
    for n in sorted(names):
        if n.endswith(".dist-info") and "-" in n:
            out.setdefault(n.lower().split("-", 1)[0], []).append(n)
    return out


@functools.cache
def _listing(site: str) -> tuple[str, ...]:
    """A site-packages folder's names, listed once per process (a few ms each time)."""
    try:
        return tuple(os.listdir(site))
    except OSError:
        return ()


DATA = Path(__file__).with_name("data")  # the typesetter's shipped tables (in the installed package)


@functools.cache
def shipped_digest(path: str) -> str:
    """A digest of the bytes of a file that does not change while the process runs (a shipped
    font or table, a library's dictionary, a module): once per process, and kept in the cache
    with the file's size, modification time and inode, as git's index keeps a file's hash, so a
    process reads and hashes only a file whose stamp changed (a render's fonts and tables are
    some 700 KB: 1.8 ms a process)."""
    st = os.stat(path)
    stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
    known = _shipped().get(path)
    if isinstance(known, tuple) and known[:3] == stamp and isinstance(known[3], str):
        return known[3]
    digest = hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    if enabled():
        if not _SHIPPED_NEW:
            atexit.register(_keep_shipped)  # once, at exit: an empty cache digests a dozen files
        _SHIPPED_NEW[path] = (*stamp, digest)
    return digest


_SHIPPED_NEW: dict[str, tuple[int, int, int, str]] = {}  # digested by this process, stored at exit


@functools.cache
def _shipped() -> dict[object, object]:
    """The stored digests of shipped files by path ({} with the cache off, or none stored)."""
    stored = get(key("shipped-digests", 1)) if enabled() else None
    return stored if isinstance(stored, dict) else {}


def _keep_shipped() -> None:
    table = dict(_shipped())
    table.update(_SHIPPED_NEW)
    put(key("shipped-digests", 1), table)


@functools.cache
def _engine_fingerprint(font_files: tuple[str, ...]) -> str:
    """Everything besides the paragraph that determines segmentation and shaping."""
    from handouts import __version__
    from handouts.typesetting.scripts import fontfix

    parts = [__version__, dist_version("uharfbuzz"), dist_version("thaibreak")]
    parts += [shipped_digest(f) for f in font_files]
    # the Noto instances of Burmese, Khmer and Lao (loaded at first use, not in ``font_files``):
    # what their cache name is made of, the variable fonts' package, fontTools and the repairs
    parts += [dist_version("justmytype_intl_sea"), dist_version("fontTools", "fonttools"), fontfix.VERSION]
    parts += [shipped_digest(str(DATA / n)) for n in ("th_compounds.hashes", "th_splits.txt.gz", "th_keep.txt", "th_loanwords.txt")]
    return key(*parts)


def paragraph_key(spans: tuple[Span, ...], keep: tuple[str, ...], fs: FontSet, segmenters: Mapping[str, object]) -> str:
    """The key of a paragraph's segmentation and shaping: its texts and faces (sizes and colours
    only scale what is stored), the keep-words, the fonts' bytes, the registered segmenters
    (``segment.SEGMENTERS``, passed in: the fonts below segmentation use this module too) and
    the engine and library versions."""
    engine = _engine_fingerprint(tuple(str(f.path) for f in fs.faces.values()))
    named = tuple(sorted((s, getattr(fn, "__module__", "?"), getattr(fn, "__qualname__", "?"))
                         for s, fn in segmenters.items()))  # fmt: skip
    return key("paragraph", engine, named, tuple((s.text, s.style.face) for s in spans), keep)


def _path(k: str) -> Path:
    return Path(_file(k))


def _file(k: str) -> str:
    """The file of entry ``k`` (a string: a render reads eighty of them)."""
    return os.path.join(_root_name(folder()), k[:2], f"{k}.bin")


@functools.lru_cache(maxsize=8)
def _root_name(where: Path) -> str:
    return str(where / f"v{ENGINE_VERSION}")


@dataclass
class Stats:
    """This process's disk cache reads, misses, writes and rejected entries (``cache info``, ``-v``)."""
    hits: int = 0
    misses: int = 0
    writes: int = 0
    rejected: int = 0  # corrupt or foreign entries ignored


STATS = Stats()
_written = 0  # bytes written by this process since the last eviction check
_checked = False
_others: int | None = 0  # bytes other processes wrote since the last check (read at the first write)


def get(k: str) -> object | None:
    """The value stored under ``k``, or None (missing, corrupt, foreign or disabled)."""
    if not enabled():
        return None
    path = _file(k)
    try:
        data, mtime = _read(path)
    except OSError:
        STATS.misses += 1
        return None
    payload = data[len(MAGIC) + 32 :]
    if (
        data[: len(MAGIC)] != MAGIC
        or hashlib.blake2b(payload, digest_size=32).digest() != data[len(MAGIC) : len(MAGIC) + 32]
    ):
        STATS.rejected += 1
        STATS.misses += 1
        return None
    try:
        stored_key, value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        STATS.rejected += 1
        STATS.misses += 1
        return None
    if stored_key != k:  # an entry for another key (copied or renamed into place)
        STATS.rejected += 1
        STATS.misses += 1
        return None
    STATS.hits += 1
    if mtime < time.time() - FRESH:
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used = oldest mtime
    result: object = value
    return result


def has(k: str) -> bool:
    """Whether an entry is stored under ``k`` (neither read nor checked: :func:`get` may still
    find it unusable, and then it is made again)."""
    return enabled() and os.path.isfile(_file(k))


# A read marks an entry used (its mtime, for the least-recently-used eviction) when it was last
# marked more than this many seconds ago: a render reads some eighty entries, and marking each
# one every time cost a write to the file system per entry.
FRESH = 3600


@functools.cache
def _unwritable(where: str, reason: str) -> None:
    """Say once per process (``-v``) that the cache cannot be written: every render then makes
    everything again, slower and saying nothing otherwise (``cache info`` shows it too)."""
    import logging

    logging.getLogger("handouts").info(
        "cache: %s cannot be written (%s): this process stores nothing it makes, and the next one makes it again "
        "(make the folder writable, or set HANDOUTS_CACHE_DIR to another)", where, reason)  # fmt: skip


# an entry is opened without following a symbolic link and without waiting for a FIFO's writer
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read(path: str | Path) -> tuple[bytes, float]:
    """An entry's bytes and modification time (one open; unbuffered, as ``Path.read_bytes`` reads).
    OSError for anything but a regular file: a symbolic link, a FIFO or a device in an entry's
    place (``/dev/zero`` would be read until memory ran out, a FIFO waited on for ever) is a miss,
    and the entry written there replaces it."""
    fd = os.open(path, _READ)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        data = os.read(fd, st.st_size + 1)  # (all of it: one read more only if it grew meanwhile)
        if len(data) > st.st_size:
            rest = [data]
            while chunk := os.read(fd, 1 << 20):
                rest.append(chunk)
            data = b"".join(rest)
        return data, st.st_mtime
    finally:
        os.close(fd)


def put(k: str, value: object) -> None:
    """Store ``value`` (marshal-able: tuples, lists, ints, floats, strings) under ``k``; never raises."""
    global _written, _checked, _others
    if not enabled():
        return
    try:
        payload = marshal.dumps((k, value))  # type: ignore[arg-type]
    except ValueError:
        return
    data = MAGIC + hashlib.blake2b(payload, digest_size=32).digest() + payload
    limit = cap()
    if len(data) > limit // 4:  # it would push out most of the others (a cap of 0: nothing is kept)
        return
    path = _path(k)
    try:
        fd, tmp = _temporary(path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            try:
                os.replace(tmp, path)
            except IsADirectoryError:  # an (empty) folder in the entry's place: removed, and replaced
                os.rmdir(path)
                os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:  # a read-only or full disk: the cache is an optimisation, never an error
        _unwritable(str(folder()), e.strerror or type(e).__name__)
        return
    STATS.writes += 1
    _written += len(data)
    first, _checked = not _checked, True
    if first:
        _others = _since_check()
        atexit.register(_record)
    if _others is None or _others + _written > limit // 8:
        _written, _others = 0, 0
        _stamp()
        evict(limit - limit // 8)  # room for the eighth the next check allows to be written


_serial = itertools.count()
_EXCL = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _temporary(parent: Path) -> tuple[int, str]:
    """A new file in ``parent`` (made when missing) to write an entry into, as ``tempfile.mkstemp``
    makes it (exclusive, mode 0600) but named by this process and a counter, and with the folder
    made only when the file cannot be: a front-desk render writes some sixty entries, and a
    ``mkdir`` that finds the folder there and mkstemp's random names cost a third of each write."""
    tmp = os.path.join(parent, f".tmp-{os.getpid()}-{next(_serial)}")
    try:
        return os.open(tmp, _EXCL, 0o600), tmp
    except FileNotFoundError:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # left by a dead process with this id: a name nobody holds
        return tempfile.mkstemp(prefix=".tmp-", dir=parent)
    return os.open(tmp, _EXCL, 0o600), tmp


STAMP = ".checked"


def _since_check() -> int | None:
    """What the processes since the last size check wrote, in bytes (the records they appended to
    a stamp file at exit), or None when a check is due: no stamp, or one whose time (the last
    check's) is over :data:`CHECK_EVERY` seconds old (listing thousands of entries costs a
    front-desk render tens of milliseconds, so not every process does). Each process checked the
    folder's size only on its own writes (an eighth of the cap), so a run of renders that each
    wrote less grew it past the cap."""
    try:
        with open(os.open(folder() / STAMP, _READ), "rb", buffering=0) as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or not 0 <= time.time() - st.st_mtime < CHECK_EVERY:
                return None
            return sum(int(w) for w in f.read(64 * 1024).split())
    except (OSError, ValueError):
        return None


def _stamp() -> None:
    """Record that the folder's size is being checked now (the stamp starts again, with no writes)."""
    path = folder() / STAMP
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, flags, 0o644))
        os.utime(path)


def _record() -> None:
    """At exit: append what this process wrote since its last check to the stamp (one short
    append, whole whoever else appends; the stamp keeps its time, the last check's), for the
    next process's first write to count."""
    if _written <= 0:
        return
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with contextlib.suppress(OSError), open(os.open(folder() / STAMP, flags), "ab") as f:
        st = os.fstat(f.fileno())
        if stat.S_ISREG(st.st_mode):
            f.write(f"{_written}\n".encode())
            f.flush()
            os.utime(f.fileno(), ns=(st.st_atime_ns, st.st_mtime_ns))


# the names this cache makes: folders per engine version and per key prefix, entries, temporaries
_NAMES = (r"v[0-9]+", r"[0-9a-f]{2}", r"[0-9a-f]{40}\.bin|\.tmp-.+")


def entries() -> list[os.DirEntry[str]]:
    """The files this cache wrote (entries and temporaries, every engine version): only names it
    makes (``v8/3f/3f….bin``), so a ``HANDOUTS_CACHE_DIR`` pointed at a folder holding anything
    else never has those files counted, evicted or cleared."""
    import re

    version_dir, sub_dir, entry = (re.compile(n) for n in _NAMES)
    out: list[os.DirEntry[str]] = []
    root = folder()
    if not root.is_dir():
        return out
    for version in os.scandir(root):
        if not (version_dir.fullmatch(version.name) and version.is_dir(follow_symlinks=False)):
            continue
        for sub in os.scandir(version.path):
            if sub_dir.fullmatch(sub.name) and sub.is_dir(follow_symlinks=False):
                out.extend(e for e in os.scandir(sub.path)
                           if entry.fullmatch(e.name) and e.is_file(follow_symlinks=False))  # fmt: skip
    return out


# the compiled-code stores (:func:`handouts.startup.code_store`) kept in the folder's ``code`` folder
# where no bytecode is written beside the package, their log of sightings and their temporaries
_CODE = r"(dataclasses|regex|regex-seen|modules)_code\.[^/]+"


def code_files() -> list[os.DirEntry[str]]:
    """The compiled-code stores in the folder (:mod:`handouts.startup`): held under the cap with
    the entries (least recently written out first: the next process writes them again), but not
    entries: ``cache clear`` leaves them, as it leaves the package's ``.pyc`` files."""
    return _files_in(cachefolder.CODE, _CODE)


# the static instances of the variable fonts (:mod:`.scripts.instances`), in the folder's ``fonts``
_FONT = r"[a-z]+-[0-9]+-[0-9a-f]{16}-ft[^/]+\.ttf"


def font_files() -> list[os.DirEntry[str]]:
    """The static font instances in the folder's ``fonts`` (:mod:`.scripts.instances`): counted
    under the cap, but neither evicted (a running process may read one again: it keeps its path)
    nor cleared (like the compiled code, each is made again byte for byte); with
    ``HANDOUTS_FONT_CACHE`` they are elsewhere, and not counted."""
    return _files_in(cachefolder.FONTS, _FONT)


def _files_in(sub: str, pattern: str) -> list[os.DirEntry[str]]:
    """The regular files in the folder's ``sub`` whose names are ``pattern`` (only names this package makes)."""
    import re

    name = re.compile(pattern)
    try:
        with os.scandir(folder() / sub) as found:
            return [e for e in found if name.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
    except OSError:
        return []


def _size(files: list[os.DirEntry[str]]) -> int:
    total = 0
    for e in files:
        with contextlib.suppress(OSError):
            total += e.stat().st_size
    return total


def room(size: int) -> bool:
    """Whether a compiled-code store of ``size`` bytes may be written to the folder: at most a
    quarter of the cap, and the least recently used files are evicted first so that the folder
    stays under the cap with it (a folder of 0.01 MB held 2.5 MB of compiled code)."""
    limit = cap()
    if size > limit // 4:
        return False
    if size > limit // 64:  # (smaller ones fit in what eviction leaves free: no listing of the folder)
        evict(limit - size)
    return True


def evict(limit: int | None = None) -> int:
    """Delete the least recently used entries and compiled-code stores (and stale temporaries)
    until the folder holds at most 80 % of ``limit`` bytes, the font instances counted (not
    deleted: see :func:`font_files`). Returns the number of files deleted."""
    limit = cap() if limit is None else limit
    try:
        files = [(e.stat().st_mtime, e.stat().st_size, e.path) for e in (*entries(), *code_files())]
    except OSError:
        return 0
    total = sum(size for _, size, _ in files) + _size(font_files())
    if total <= limit:
        return 0
    deleted = 0
    for _, size, path in sorted(files):
        if total <= limit * 0.8:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        deleted += 1
    return deleted


def info() -> dict[str, object]:
    """Where the cache is, how many entries and bytes it holds, its cap, whether it is on and,
    when it is, why entries cannot be written there (``unwritable``: None when they can)."""
    files = entries()
    return {"folder": str(folder()), "entries": len(files), "bytes": _size(files), "code_bytes": _size(code_files()),
            "font_bytes": _size(font_files()), "cap": cap(),
            "enabled": enabled(), "engine_version": ENGINE_VERSION,
            "unwritable": unwritable() if enabled() else None}  # fmt: skip


def unwritable() -> str | None:
    """Why no entry can be written to the folder (the error of a probe written there the way an
    entry is), or None when one can. Renders never fail for it: they run without the cache."""
    try:
        fd, tmp = _temporary(_root())
    except OSError as e:
        return e.strerror or type(e).__name__
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    return None


def clear(failed: list[OSError] | None = None) -> int:
    """Delete every entry (all engine versions). Returns the number of files deleted; an entry
    that could not be deleted (a read-only folder) is left, its error added to ``failed``."""
    deleted = 0
    for e in entries():
        try:
            os.unlink(e.path)
            deleted += 1
        except OSError as error:
            if failed is not None:
                failed.append(error)
    return deleted
