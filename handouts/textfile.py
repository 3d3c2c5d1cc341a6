"""A user's text file (article, clinic, bundle, catalog) → its UTF-8 text, or one clear error."""

from __future__ import annotations

from pathlib import Path

from handouts.errors import HandoutError


def read_text(path: Path, error: type[HandoutError], what: str) -> tuple[str, bytes]:
    """(text with ``\\n`` line ends, raw bytes) of ``path``; a BOM is allowed.

    Every failure is ``error`` naming the file (and the line of a byte that is not UTF-8).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{what} not found", path=path, hint="check the path or the id") from None
    except IsADirectoryError:
        raise error(f"is a folder, not a {what}", path=path, hint="give the file itself") from None
    except OSError as e:
        raise error(f"cannot read the file: {e.strerror}", path=path, hint="check its permissions") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise error(f"not valid UTF-8 (byte {e.start})", path=path, line=line, hint="save the file as UTF-8") from None
    return text.replace("\r\n", "\n"), raw
