"""The cache's folder: ``HANDOUTS_CACHE_DIR``, else the user cache folder (platformdirs).

One answer for everything kept there: the typesetting cache's entries
(:mod:`handouts.typesetting.diskcache`), the compiled code of :mod:`handouts.startup` (``code``)
and the static font instances (``fonts``, :mod:`handouts.typesetting.scripts.instances`). A ``~``
at the start of the variable is the home folder (a service's environment file does not expand it:
it made a folder named ``~`` in the current one), and a relative one is taken from the current
folder and named in full (``cache info`` says where it is).
"""

from __future__ import annotations

import os
from pathlib import Path

CODE = "code"  # the compiled-code stores
FONTS = "fonts"  # the static font instances


def folder() -> Path:
    env = os.environ.get("HANDOUTS_CACHE_DIR")
    if env:
        return Path(os.path.abspath(os.path.expanduser(env)))
    import platformdirs

    return Path(platformdirs.user_cache_dir("handouts", appauthor=False))
