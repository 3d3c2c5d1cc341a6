"""The environment → today's date: ``SOURCE_DATE_EPOCH`` (reproducible builds) or the clock.

A module of its own, with no imports of ours at module level, so that commands that only need
the date (``handouts list``, ``i18n signoff``) do not load the rendering pipeline.

A ``SOURCE_DATE_EPOCH`` that is set but is not a whole number of seconds since 1970-01-01 UTC
(``abc``, ``-5``, ``1.5``, a date past the year 9999) is a usage error (exit 2), as the
reproducible-builds specification asks: it is never ignored for the clock (a review that looks
current, a PDF dated today) nor passed to ReportLab, which reads the variable itself and would
crash on it.
"""

from __future__ import annotations

import datetime as dt
import os


def epoch_from_env() -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds, None when unset or empty; a usage error when malformed."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if text.isascii() and text.isdigit():
        try:
            dt.datetime.fromtimestamp(int(text), dt.UTC)
            return int(text)
        except (OverflowError, OSError, ValueError):
            pass
    from handouts.errors import UsageError

    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    raise UsageError(f"{shown!r} is not a whole number of seconds since 1970-01-01 UTC", key="SOURCE_DATE_EPOCH",
                     hint="set it to a time such as $(git log -1 --format=%ct), or unset it")  # fmt: skip


def now_from_env() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) or now, in UTC, to the second."""
    epoch = epoch_from_env()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def today_from_env() -> dt.date:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) or today."""
    epoch = epoch_from_env()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return dt.date.today()
