"""Variable Noto TTF (``justmytype-intl-sea``) + weight → a static TTF on disk, made once and cached.

ReportLab embeds only static TrueType fonts, and the package ships Noto Sans Lao, Khmer and
Myanmar as variable fonts (``wght`` 100–900, ``wdth`` 62.5–100). At first use each needed weight
is instanced with ``fontTools.varLib.instancer`` (about half a second) and written atomically
(temporary file + rename) into the ``fonts`` folder of the typesetting cache's folder
(``HANDOUTS_CACHE_DIR``, else the user cache folder), under a name keyed by
the variable font's SHA-256, the weight, the fontTools version and the version of the table
repairs of :mod:`.fontfix` (applied to each instance): a new font, fontTools or repair makes a
new file, and two processes racing write the same bytes. The instances count towards the cache's
size cap (:func:`handouts.typesetting.diskcache.font_files`); they are not evicted (a running process may read one
again) and ``cache clear`` leaves them, as it leaves the compiled code: they are made again
byte for byte. Nothing is downloaded and no system font is read. When the cache folder cannot be
written, the instance goes to a private temporary folder of this process instead.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from handouts import cachefolder
from handouts.errors import FontError
from handouts.typesetting.scripts import fontfix

WEIGHTS = {"regular": 400, "bold": 700}


def package_font(family: str) -> Path:
    """The variable TTF of a Noto family folder (``notosanslao``) inside ``justmytype-intl-sea``."""
    try:
        import justmytype_intl_sea
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise FontError("the font package justmytype-intl-sea is not installed",
                        hint="pip install justmytype-intl-sea (a dependency of handouts)") from e  # fmt: skip
    folder = Path(justmytype_intl_sea.__file__).resolve().parent / "fonts" / "ofl" / family
    found = sorted(folder.glob("*.ttf"))
    if not found:
        raise FontError(f"no font file in {family!r} of justmytype-intl-sea", path=folder,
                        hint="reinstall justmytype-intl-sea")  # fmt: skip
    return found[0]


def cache_dir() -> Path:
    """``HANDOUTS_FONT_CACHE`` if set, else ``fonts`` in the typesetting cache's folder
    (``HANDOUTS_CACHE_DIR``, else the user cache folder: ``~/.cache/handouts/fonts`` on Linux)."""
    env = os.environ.get("HANDOUTS_FONT_CACHE")
    if env:
        return Path(os.path.abspath(os.path.expanduser(env)))
    return cachefolder.folder() / cachefolder.FONTS


@functools.cache
def _private_dir() -> Path:
    """A folder of this process's own, for when the cache folder cannot be written; removed at exit."""
    import atexit
    import shutil

    path = Path(tempfile.mkdtemp(prefix="handouts-fonts-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _folders() -> Iterator[Path]:
    """Where an instance is looked for and written: the cache folder, then (only if that fails) a private one."""
    yield cache_dir()
    yield _private_dir()


@functools.cache
def static_instance(family: str, weight: str) -> Path:
    """The path of a static TTF of ``family`` at ``weight`` (``regular`` or ``bold``)."""
    import fontTools

    source = package_font(family)
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    name = f"{family}-{WEIGHTS[weight]}-{digest}-ft{fontTools.version}-{fontfix.VERSION}.ttf"
    for folder in _folders():
        path = folder / name
        if path.is_file():
            return path
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, _instance(family, data, WEIGHTS[weight]))
            return path
        except OSError:
            continue
    raise FontError(f"cannot write a static instance of {family}", path=cache_dir(),
                    hint="set HANDOUTS_FONT_CACHE to a writable folder")  # fmt: skip


def _instance(family: str, data: bytes, weight: int) -> bytes:
    import io

    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    static = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100}, updateFontNames=True)
    fontfix.repair(family, static)
    out = io.BytesIO()
    static.save(out)
    return out.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".ttf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
