"""``--pdf-standard`` text → which standards a PDF claims (and therefore is written for).

Typst's spelling: a comma-separated list of ``ua-1`` (tagged, PDF/UA-1) and ``a-2u``
(PDF/A-2u: XMP identification, sRGB output intent, embedded fonts with ToUnicode), or
``none`` for a plain PDF. The default is both.

>>> parse("ua-1,a-2u")
Standards(ua=True, pdfa=True)
>>> parse("none")
Standards(ua=False, pdfa=False)
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.errors import UsageError

KNOWN = ("ua-1", "a-2u")
DEFAULT = "ua-1,a-2u"


@dataclass(frozen=True, slots=True)
class Standards:
    """``ua``: tagged PDF/UA-1; ``pdfa``: PDF/A-2u."""

    ua: bool = True
    pdfa: bool = True

    @property
    def label(self) -> str:
        return ",".join(n for n, on in zip(KNOWN, (self.ua, self.pdfa)) if on) or "none"


def parse(text: str) -> Standards:
    """``ua-1,a-2u`` / ``ua-1`` / ``a-2u`` / ``none`` → :class:`Standards` (a bad name: a usage error, exit 2)."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if names == ["none"]:
        return Standards(False, False)
    bad = [n for n in names if n not in KNOWN]
    if bad or not names:
        raise UsageError(
            f"unknown PDF standard {(bad or [text])[0]!r}",
            key="--pdf-standard",
            hint=f"use {', '.join(KNOWN)} (comma-separated) or none",
        )
    return Standards(ua="ua-1" in names, pdfa="a-2u" in names)
