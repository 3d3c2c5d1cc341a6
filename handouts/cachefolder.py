"""The cache's folder: ``HANDOUTS_CACHE_DIR``, else the user cache folder (platformdirs).

One answer for everything kept there: the typesetting cache's entries
(:mod:`handouts.typesetting.diskcache`), the compiled code of :mod:`handouts.startup` (``code``)
and the static font instances (``fonts``, :mod:`handouts.typesetting.scripts.instances`). A ``~``
at the start of the variable is the home folder (a service's environment file does not expand it:
it made a folder named ``~`` in the current one), and a relative one is taken from the current
folder and named in full (``cache info`` says where it is).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

CODE = "code"  # the compiled-code stores
FONTS = "fonts"  # the static font instances


def folder() -> Path:
    """The folder (see the module docstring); named once per process for each value of the
    variables it depends on (a render asks for it at every one of its eighty cache reads)."""
    env = os.environ.get("HANDOUTS_CACHE_DIR")
    if env and not os.path.isabs(env) and not env.startswith("~"):
        return Path(os.path.abspath(env))  # (from the current folder: not kept)
    return _named(env, os.environ.get("HOME"), os.environ.get("XDG_CACHE_HOME"), os.environ.get("LOCALAPPDATA"))


@functools.lru_cache(maxsize=8)
def _named(env: str | None, *depends_on: str | None) -> Path:
    """The folder for ``HANDOUTS_CACHE_DIR`` = ``env`` and the variables the user cache folder and
    ``~`` depend on (``depends_on``: HOME, XDG_CACHE_HOME, LOCALAPPDATA)."""
    if env:
        return Path(os.path.abspath(os.path.expanduser(env)))
    import platformdirs

    return Path(platformdirs.user_cache_dir("handouts", appauthor=False))
