"""A count and a noun → "1 page" / "2 pages", through gettext's plural forms (``ngettext``).

The CLI speaks English; the counts go through :func:`gettext.ngettext` so that a translated
CLI catalog (with its own ``Plural-Forms``: Thai has one form) would plug in unchanged.
"""

from __future__ import annotations

import gettext


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the right form of the noun.

    >>> count(1, "page"), count(2, "page"), count(0, "entry", "entries")
    ('1 page', '2 pages', '0 entries')
    """
    return f"{n} {gettext.ngettext(singular, plural or singular + 's', n)}"
