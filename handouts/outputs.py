"""Bytes → files, atomically: a failed write leaves no partial file and the old one untouched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from handouts.errors import OutputError


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError("is a folder", path=path, hint="give a file name ending in .pdf")
    if not folder.is_dir():
        raise OutputError("output folder does not exist", path=folder, hint="create it first or choose another -o")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputError(f"cannot write to the output folder: {e.strerror}", path=folder,
                          hint="choose a folder you can write to with -o") from e  # fmt: skip
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot be written: {e.strerror}", path=path) from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
