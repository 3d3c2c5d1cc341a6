"""A user's text file (article, clinic, bundle, catalog, template) → its UTF-8 text, or one clear error.

Only regular files are read: a named pipe (FIFO), a device (``/dev/zero``) or a socket is refused
by name before anything is read, so nothing can hang or fill the memory. Every file kind has a
size cap (:class:`Limits`: article 1 MB, catalog 20 MB, anything else 1 MB), which a workspace
can change in ``handouts.toml``::

    [limits]
    article = "2 MB"      # or a number of bytes
    catalog = "50 MB"
    other = "1 MB"        # clinics, bundles, templates

A file inside a workspace's ``articles/``, ``templates/`` or ``locales/`` that is a symbolic
link leading outside the workspace is refused (a workspace is what its folder holds).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutError

MB = 1024 * 1024
SETTINGS = "handouts.toml"
# folders whose files must stay inside the workspace (a link leading out is refused)
CONFINED = ("articles", "templates", "locales")


@dataclass(frozen=True, slots=True)
class Limits:
    """Size caps in bytes per kind of input file."""

    article: int = 1 * MB
    catalog: int = 20 * MB
    other: int = 1 * MB

    def for_kind(self, what: str) -> tuple[int, str]:
        """(cap, settings key) for a file described as ``what`` ("article file", "catalog", …)."""
        if "article" in what:
            return self.article, "article"
        if "catalog" in what:
            return self.catalog, "catalog"
        return self.other, "other"


DEFAULT_LIMITS = Limits()
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|K|M|G)?\s*$", re.I)
_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": MB, "MB": MB, "G": 1024 * MB, "GB": 1024 * MB}


def parse_size(value: object) -> int | None:
    """A size in bytes from a number or a string such as ``"2 MB"``; None if it is neither.

    >>> parse_size(1000), parse_size("2 MB"), parse_size("512kb"), parse_size("big"), parse_size(0)
    (1000, 2097152, 524288, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and (m := _SIZE.match(value)):
        n = int(float(m.group(1)) * _UNITS[(m.group(2) or "").upper()])
        return n if n > 0 else None
    return None


def workspace_of(path: Path) -> Path | None:
    """The workspace folder a file belongs to: the nearest folder above it with ``handouts.toml``,
    or the parent of its ``articles/``, ``templates/``, ``locales/``, ``clinics/`` or ``bundles/``."""
    parents = list(path.absolute().parents)[:8]
    for p in parents:
        if (p / SETTINGS).is_file():
            return p
    for p in parents:
        if p.name in (*CONFINED, "clinics", "bundles"):
            return p.parent
    return None


def shown_from(path: Path, workspace: Path | None) -> str:
    """``path`` as messages name it: relative to ``workspace`` (``clinics/demo.toml``) when it lies
    inside it, else as given; a render, a batch job in its worker and ``list`` name a file alike,
    whatever the current folder."""
    if workspace is not None:
        try:
            return path.resolve().relative_to(workspace.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return str(path)


def limits_for(workspace: Path | None) -> Limits:
    """The caps of ``workspace`` (``handouts.toml`` ``[limits]``), or the defaults."""
    if workspace is None:
        return DEFAULT_LIMITS
    settings = workspace / SETTINGS
    try:
        st = settings.stat()
    except OSError:
        return DEFAULT_LIMITS
    if not stat.S_ISREG(st.st_mode):
        return DEFAULT_LIMITS
    return _read_limits(settings, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=16)
def _read_limits(settings: Path, _mtime: int, _size: int) -> Limits:
    raw = read_bytes(settings, HandoutError, "settings file", DEFAULT_LIMITS.other)
    # (named as the settings' own errors name it)
    _, data = toml_document(raw, shown_from(settings, settings.parent), HandoutError)
    table = data.get("limits", {})
    if not isinstance(table, dict):
        raise HandoutError(
            "[limits] is not a table", path=settings, key="limits", hint='write [limits] article = "1 MB"'
        )
    values: dict[str, int] = {}
    for key, value in table.items():
        if key not in ("article", "catalog", "other"):
            raise HandoutError(f"unknown limit {key!r}", path=settings, key=f"limits.{key}",
                               hint="limits: article, catalog, other")  # fmt: skip
        size = parse_size(value)
        if size is None:
            raise HandoutError(f"{value!r} is not a size", path=settings, key=f"limits.{key}",
                               hint='write a number of bytes or e.g. "2 MB"')  # fmt: skip
        values[key] = size
    return Limits(**values)


def _shown_size(n: int) -> str:
    """
    >>> _shown_size(MB), _shown_size(2_700_000), _shown_size(512 * 1024), _shown_size(10)
    ('1 MB', '2.6 MB', '512 KB', '10 bytes')
    """
    if n >= MB:
        return f"{n / MB:.1f}".removesuffix(".0") + " MB"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file).

    >>> file_kind(stat.S_IFREG), file_kind(stat.S_IFIFO), file_kind(stat.S_IFDIR)
    (None, 'a named pipe (FIFO)', 'a folder')
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def toml_loads(text: str) -> dict[str, Any]:
    r"""``tomllib.loads``; a value nested deeper than its recursion goes (``x = [[[[…``) is a
    ``TOMLDecodeError`` at that line, as any syntax error is, not a RecursionError (a bug's exit 70).

    >>> import tomllib
    >>> try:
    ...     toml_loads("a = 1\nb = " + "[" * 5000)
    ... except tomllib.TOMLDecodeError as e:
    ...     toml_error("", e)
    ('a value nested too deep (write it flat)', 2, 1)
    """
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        lines = text.splitlines() or [""]
        number = max(range(len(lines)), key=lambda i: lines[i].count("[") + lines[i].count("{"))
        message, pos = "a value nested too deep (write it flat)", sum(len(x) + 1 for x in lines[:number])
        if sys.version_info >= (3, 14):  # (msg, doc, pos); it works out the line and column
            raise tomllib.TOMLDecodeError(message, text, pos) from None
        raise tomllib.TOMLDecodeError(f"{message} (at line {number + 1}, column 1)") from None


_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def toml_document(raw: bytes, path: Path | str, error: type[HandoutError]) -> tuple[str, dict[str, Any]]:
    """A settings-like file's bytes → (its text, its TOML), or ``error`` naming ``path``, the line and
    the fix (not UTF-8; a TOML syntax error). A BOM is tolerated."""
    import tomllib

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise error("is not UTF-8", path=path, line=raw[: e.start].count(b"\n") + 1, hint="save it as UTF-8") from None
    try:
        return text, toml_loads(text)
    except tomllib.TOMLDecodeError as e:
        message, line, _column = toml_error(text, e)
        raise error(f"TOML syntax error: {message}", path=path, line=line,
                    hint="check the quotes, brackets and '=' on that line") from None  # fmt: skip


def toml_error(text: str, exc: Exception) -> tuple[str, int | None, int | None]:
    r"""A ``tomllib.TOMLDecodeError`` → (message without its position, line, column).

    >>> import tomllib
    >>> try:
    ...     tomllib.loads("a = 1\nb = \nc = 2")
    ... except tomllib.TOMLDecodeError as e:
    ...     toml_error("", e)
    ('Invalid value', 2, 5)
    """
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)  # Python ≥ 3.14
    column: int | None = getattr(exc, "colno", None)
    found = _TOML_AT.search(message)
    if found and found.group(1):
        line = line or int(found.group(1))
        column = column or int(found.group(2))
    elif found:
        line = line or max(1, len(text.splitlines()))
    message = _TOML_AT.sub("", message)
    msg = getattr(exc, "msg", None)
    if isinstance(msg, str) and msg:
        message = msg
    return message, line, column


def check_confined(path: Path, error: type[HandoutError], what: str) -> None:
    """Refuse a file of ``articles/``, ``templates/`` or ``locales/`` whose real place is outside its workspace."""
    absolute = path.absolute()
    for p in list(absolute.parents)[:8]:
        if p.name in CONFINED:
            root = p.parent.resolve()
            real = absolute.resolve()
            if real != root and root not in real.parents:
                raise error(f"{what} is a link to {real}, outside the workspace; refused", path=path,
                            hint="copy the file into the workspace instead of linking to it")  # fmt: skip
            return


def read_bytes(path: Path, error: type[HandoutError], what: str, limit: int | None = None) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes (default: its workspace's cap)."""
    key = None
    if limit is None:
        limit, key = limits_for(workspace_of(path)).for_kind(what)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise error(f"{what} not found", path=path, hint="check the path or the id") from None
    except OSError as e:
        raise error(f"cannot read the file: {e.strerror}", path=path, hint="check its permissions") from None
    if not stat.S_ISREG(st.st_mode):
        kind = file_kind(st.st_mode)
        hint = "give the file itself" if kind == "a folder" else "replace it with a regular file or remove it"
        raise error(f"{what} is {kind}, not a regular file; not read", path=path, hint=hint)
    check_confined(path, error, what)
    too_big = f"raise [limits] {key} in {SETTINGS}" if key else "make it smaller"
    if st.st_size > limit:
        raise error(f"{what} is {_shown_size(st.st_size)}, over the limit of {_shown_size(limit)}", path=path,
                    hint=f"split it, or {too_big}")  # fmt: skip
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise error(f"cannot read the file: {e.strerror}", path=path, hint="check its permissions") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the check above
            raise error(f"{what} is not a regular file; not read", path=path, hint="replace it with a regular file")
        chunks: list[bytes] = []
        left = limit + 1  # one byte more than allowed tells a file that grew past the cap
        while left > 0:
            chunk = os.read(fd, min(left, MB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as e:
        raise error(f"cannot read the file: {e.strerror}", path=path, hint="check its permissions") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise error(f"{what} is over the limit of {_shown_size(limit)}", path=path,
                    hint=f"split it, or {too_big}")  # fmt: skip
    return raw


def read_text(path: Path, error: type[HandoutError], what: str, limit: int | None = None) -> tuple[str, bytes]:
    """(text with ``\\n`` line ends, raw bytes) of ``path``; a BOM is allowed.

    Every failure is ``error`` naming the file (and the line of a byte that is not UTF-8).
    """
    raw = read_bytes(path, error, what, limit)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise error(f"not valid UTF-8 (byte {e.start})", path=path, line=line, hint="save the file as UTF-8") from None
    return text.replace("\r\n", "\n"), raw


STAMP_READ = 16 * 1024 * 1024  # bytes: larger files (refused by the size limits) are stamped by time and size


def content_stamp(path: Path) -> object:
    """What identifies a regular file's content for an in-process memo: a digest of its bytes
    (size and time only for one too large to be read here). OSError for anything else (missing,
    a folder, a FIFO: never opened here)."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise OSError(f"{path}: not a regular file")
    if st.st_size > STAMP_READ:
        return (st.st_mtime_ns, st.st_size)
    return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()


def control_characters(text: str, allowed: str = "\n") -> list[str]:
    """The control characters of ``text`` but those ``allowed`` (a line break), and the line and
    paragraph separators U+2028, U+2029, each once, in order: no font draws them, and the table of
    what the fonts draw passes them as white space (the typesetter then refused them naming no file)."""
    import unicodedata

    return [c for c in dict.fromkeys(text) if unicodedata.category(c) in ("Cc", "Zl", "Zp") and c not in allowed]


def shown_characters(chars: Sequence[str], limit: int = 8) -> str:
    """Characters named in a one-line message: the first ``limit`` by code point, then how many more
    (the clinic file's messages and the sign-off's say them alike).

    >>> shown_characters(["😀"]), shown_characters(list("abcd"), limit=2)
    ("U+1F600 '😀'", "U+0061 'a', U+0062 'b' and 2 more")
    """
    more = f" and {len(chars) - limit} more" if len(chars) > limit else ""
    return ", ".join(f"U+{ord(c):04X} {c!r}" for c in chars[:limit]) + more
