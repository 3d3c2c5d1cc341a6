"""Bytes → files, atomically and safely: a failed write leaves no partial file and the old one untouched.

A target must be a regular file or a new name: a symbolic link, a folder, a named pipe (FIFO),
a device or a socket is refused, and so is any file the caller names as an input (the
workspace's articles, catalogs, clinics, logos, templates, bundles and images:
:func:`workspace_inputs`), also when reached through another name (a link, ``..``, a hard link).
A new file gets the user's umask (``0o666 & ~umask``, like any other program; a PDF can carry a
patient's name), a replaced file keeps its permissions. A read-only file (no write bit, or one
the user may not write) is not replaced.
"""

from __future__ import annotations

import os
import shlex
import stat
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from handouts.errors import OutputError
from handouts.textfile import file_kind

# The folders of a workspace that hold its inputs (never written by render or batch).
INPUT_FOLDERS = ("articles", "clinics", "templates", "locales", "bundles", "images")
INPUT_FILES = ("handouts.toml",)

_umask_lock = threading.Lock()

Identity = tuple[int, int]  # (st_dev, st_ino): the same file under any name


def current_umask() -> int:
    """The process umask (read from /proc when it can be, else set and restored under a lock)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def workspace_inputs(workspace: Path, extra: Iterable[Path | str] = ()) -> dict[Identity, str]:
    """Every input file of ``workspace`` (and ``extra`` files), by identity → the name to show."""
    found: dict[Identity, str] = {}

    def add(path: Path, shown: str) -> None:
        try:
            st = path.stat()  # through links: the file a link points to is the input
        except OSError:
            return
        if stat.S_ISREG(st.st_mode):
            found.setdefault((st.st_dev, st.st_ino), shown)

    for name in INPUT_FOLDERS:
        folder = workspace / name
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for f in sorted(files):
                p = Path(root) / f
                add(p, str(p.relative_to(workspace)))
    for name in INPUT_FILES:
        add(workspace / name, name)
    for e in extra:
        add(Path(e), str(e))
    return found


def input_folders(workspace: Path) -> list[Path]:
    """The resolved input folders of ``workspace`` (for refusing an output folder inside one)."""
    return [(workspace / name).resolve() for name in INPUT_FOLDERS if (workspace / name).is_dir()]


def check_folder(folder: Path, workspace: Path, key: str | None = None, shown: Path | None = None) -> None:
    """Refuse an output folder that is, or lies inside, one of the workspace's input folders
    (``shown``: the output named in the message, when it is a file in ``folder``)."""
    try:
        resolved = folder.resolve()
    except OSError:
        return
    for inp in input_folders(workspace):
        if resolved == inp or inp in resolved.parents:
            raise OutputError(f"lies inside the workspace's input folder {inp.name}/", path=shown or folder, key=key,
                              hint="write the handouts elsewhere, e.g. out/")  # fmt: skip


OUT = "out"  # the workspace's output folder (batch: out/<bundle>)


def default_folder(workspace: Path) -> tuple[Path, str]:
    """Where a file goes without ``-o``: the current folder, or, when that is (inside) one of the
    workspace's input folders, the workspace's ``out/`` (made when missing) and that input
    folder's name (inputs are never written: a handout would land among the articles)."""
    try:
        here = Path.cwd().resolve()
    except OSError:
        return Path("."), ""
    for inp in input_folders(workspace):
        if here == inp or inp in here.parents:
            out = workspace / OUT
            try:
                out.mkdir(exist_ok=True)
            except OSError as e:
                raise OutputError(f"cannot make the output folder: {e.strerror}", path=out, key="-o",
                                  hint=f"the current folder is inside {inp.name}/ (the workspace's inputs): give -o "
                                  "FILE.pdf or a folder elsewhere, or run from the workspace's root") from None  # fmt: skip
            return out, inp.name
    return Path("."), ""


def file_in_the_way(path: Path) -> Path:
    """The first folder of ``path`` that is a file (``notes.txt`` of ``notes.txt/x.pdf``): why it
    cannot be written (NotADirectoryError); its parent when none is found (it changed meanwhile)."""
    return next((p for p in reversed(path.parents) if p.exists() and not p.is_dir()), path.parent)


def check_target(
    path: Path, protect: Mapping[Identity, str] | None = None, key: str | None = None
) -> os.stat_result | None:
    """Refuse ``path`` unless it is a new name or a regular file that is not one of ``protect``.

    Returns the target's current status (None for a new file).
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:  # a file where a folder of the path belongs (-o notes.txt/x.pdf)
        raise OutputError(f"cannot be written: {file_in_the_way(path)} is a file, not a folder", path=path, key=key,
                          hint="give a .pdf name in an existing folder, or the folder itself") from None  # fmt: skip
    except OSError as e:
        raise OutputError(f"cannot be written: {e.strerror}", path=path, key=key,
                          hint="check the path and its folder's permissions, or choose another output") from None  # fmt: skip
    kind = file_kind(st.st_mode)
    if kind is not None:
        hint = "give a file name ending in .pdf" if kind == "a folder" else "choose a regular file or a new name"
        raise OutputError(f"is {kind}; handouts writes only regular files", path=path, key=key, hint=hint)
    if protect and (st.st_dev, st.st_ino) in protect:
        raise OutputError(f"is the workspace input {protect[(st.st_dev, st.st_ino)]}; it would be overwritten",
                          path=path, key=key, hint="choose another output file")  # fmt: skip
    if not stat.S_IMODE(st.st_mode) & 0o222 or not os.access(path, os.W_OK):
        # made read-only to be kept: a rename would replace it all the same (and root may write anything)
        raise OutputError("is read-only; it was not replaced", path=path, key=key,
                          hint=f"make it writable (chmod u+w {shlex.quote(str(path))}) or choose another output file")  # fmt: skip
    return st


def write_atomic(
    path: Path, data: bytes, *, protect: Mapping[Identity, str] | None = None, key: str | None = None
) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    old = check_target(path, protect, key)
    if not folder.is_dir():
        raise OutputError("output folder does not exist", path=folder, key=key,
                          hint="create it first or choose another -o")  # fmt: skip
    mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~current_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputError(f"cannot write to the output folder: {e.strerror}", path=folder, key=key,
                          hint="choose a folder you can write to with -o") from e  # fmt: skip
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        check_target(path, protect, key)  # again, just before the rename: nothing slipped in meanwhile
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot be written: {e.strerror}", path=path, key=key) from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
