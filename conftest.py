"""Every test run (tests/ and the doctests under handouts/) uses a throw-away typesetting cache,
never the user's: HANDOUTS_CACHE_DIR points into a fresh temporary folder, inherited by the
subprocesses and batch workers that tests start."""

from __future__ import annotations

import os
import tempfile


def pytest_configure() -> None:
    os.environ["HANDOUTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="handouts-test-cache-")
    os.environ.pop("HANDOUTS_NO_CACHE", None)
