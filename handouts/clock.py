"""The environment → today's date: ``SOURCE_DATE_EPOCH`` (reproducible builds) or the clock.

A module of its own, with no imports of ours, so that commands that only need the date
(``handouts list``, ``i18n signoff``) do not load the rendering pipeline.
"""

from __future__ import annotations

import datetime as dt
import os


def today_from_env() -> dt.date:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) or today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isascii() and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()
