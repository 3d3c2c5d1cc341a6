"""Yes/no settings from the environment (``HANDOUTS_NO_CACHE``), read as a shell user means them.

A module of its own, with no imports of ours: the start-up code reads it before anything else.
"""

from __future__ import annotations

import os

NO = frozenset(("", "0", "false", "no", "off"))  # (any case, spaces around ignored)


def flag(name: str) -> bool:
    """Whether the variable ``name`` is set to something other than a "no": ``1``, ``yes``, ``true``
    turn it on; unset, empty, ``0``, ``false``, ``no``, ``off`` leave it off.

    >>> os.environ["X_FLAG"] = "False"; flag("X_FLAG"), flag("X_UNSET")
    (False, False)
    """
    return os.environ.get(name, "").strip().lower() not in NO
