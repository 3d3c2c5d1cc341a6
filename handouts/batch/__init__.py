"""Waiting-room batches: a bundle of (article, clinic, languages, copies) → one PDF per handout.

One module per step: :mod:`~handouts.batch.bundles` reads and checks the bundle TOML (or the
ad-hoc command-line options), :mod:`~handouts.batch.plan` turns it into distinct jobs with an
input hash, :mod:`~handouts.batch.manifest` holds the output folder's lock and its
``manifest.json``, :mod:`~handouts.batch.pool` renders the jobs in a process pool and
:mod:`~handouts.batch.combine` builds the one print-order PDF.

No terminal code here: progress is reported through callbacks; :mod:`handouts.cli.batch` draws it.
"""

from __future__ import annotations

from handouts.batch.bundles import (
    MAX_COPIES,
    PAPERS,
    Bundle,
    BundleError,
    Item,
    adhoc_bundle,
    check_paper,
    find_bundle,
    load_bundle,
)
from handouts.batch.combine import Combined, combine
from handouts.batch.manifest import (
    FORMAT,
    LOCK,
    MANIFEST,
    USABLE,
    BatchLockedError,
    JobRecord,
    OutputDir,
    Result,
    Status,
    locked_output,
    prepare_output,
    read_manifest,
)
from handouts.batch.plan import Job, Options, plan
from handouts.batch.pool import OnDone, OnStart, run

__all__ = [
    "FORMAT",
    "LOCK",
    "MANIFEST",
    "MAX_COPIES",
    "PAPERS",
    "USABLE",
    "BatchLockedError",
    "Bundle",
    "BundleError",
    "Combined",
    "Item",
    "Job",
    "JobRecord",
    "OnDone",
    "OnStart",
    "Options",
    "OutputDir",
    "Result",
    "Status",
    "adhoc_bundle",
    "check_paper",
    "combine",
    "find_bundle",
    "load_bundle",
    "locked_output",
    "plan",
    "prepare_output",
    "read_manifest",
    "run",
]
