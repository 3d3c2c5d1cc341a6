"""Every test run (tests/ and the doctests under handouts/) uses a throw-away typesetting cache,
never the user's: HANDOUTS_CACHE_DIR points into a fresh temporary folder, inherited by the
subprocesses and batch workers that tests start, and removed when the run ends.

Hypothesis runs derandomized by default (profile ``ci``: the same examples on every run and
machine, so a red run is reproducible and a green one stays green); ``HYPOTHESIS_PROFILE=explore``
draws new random examples each run, to look for new failures while working on the typesetter.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_CACHE: list[str] = []


def pytest_configure() -> None:
    _CACHE.append(tempfile.mkdtemp(prefix="handouts-test-cache-"))
    os.environ["HANDOUTS_CACHE_DIR"] = _CACHE[-1]
    os.environ.pop("HANDOUTS_NO_CACHE", None)


def pytest_unconfigure() -> None:
    import shutil

    while _CACHE:
        shutil.rmtree(_CACHE.pop(), ignore_errors=True)


@pytest.fixture(autouse=True)
def _cache_switch_restored() -> Iterator[None]:
    """A CLI run in this process with ``--no-cache`` turns the cache off for the process (and its
    workers, through HANDOUTS_NO_CACHE): on again for the next test, whatever order they run in."""
    yield
    os.environ.pop("HANDOUTS_NO_CACHE", None)
    diskcache = sys.modules.get("handouts.typesetting.diskcache")
    if diskcache is not None:
        diskcache._enabled = None  # decided from the environment again
