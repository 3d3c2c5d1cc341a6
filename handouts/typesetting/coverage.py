"""The characters some shipped font draws, without loading a font: ``i18n check`` names a character
no font draws (an emoji, a fullwidth digit, another script) at its catalog line, as the render does,
and the render's gate passes a text that needs no more than the table without loading a font.

The table (``data/drawable.ranges``, written by ``tools/build_coverage.py``) is the union of what
:func:`handouts.typesetting.fonts.undrawable` accepts; ``tests/typesetting/test_coverage.py`` holds
it to the fonts. :func:`missing` is the one scan of a text against a set of code points (a font's
cmap, or this table). :func:`unsupported` holds a language's alphabet (ICU's exemplar letters) to
the table: ``i18n init`` refuses a language the fonts cannot typeset, and the render and
``i18n check`` name such a catalog.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "drawable.ranges"


@functools.cache
def drawable() -> frozenset[int]:
    """The code points some shipped font (or the Dingbats/Symbol fallback) draws (some 1,500)."""
    out: set[int] = set()
    for line in DATA.read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("-")
            out.update(range(int(a, 16), int(b, 16) + 1))
    return frozenset(out)


# White space and format characters that HarfBuzz still draws with a glyph (.notdef when the font
# lacks one): OGHAM SPACE MARK (a visible stroke), the prepended concatenation marks (ARABIC NUMBER
# SIGN …), the interlinear annotation marks, Egyptian and shorthand format controls. Every other
# space it draws as a space and every other format character as nothing (the test holds this to
# HarfBuzz, for every such character).
_DRAWN = frozenset((*range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x1680, *range(0xFFF9, 0xFFFC),
                    0x110BD, 0x110CD, *range(0x13430, 0x13439), *range(0x1BCA0, 0x1BCA4)))  # fmt: skip


# The default-ignorable marks HarfBuzz hides (drawn as nothing, in the cluster before them): the
# variation selectors (an emoji's U+FE0F, which a phone adds after ☎ or ✔), COMBINING GRAPHEME JOINER
# and the Mongolian free variation selectors; the test holds this to HarfBuzz too
_HIDDEN = frozenset((0x34F, 0x180B, 0x180C, 0x180D, 0x180F, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)))


@functools.lru_cache(maxsize=4096)
def missing(cmap: frozenset[int], text: str) -> tuple[str, ...]:
    """The characters of ``text`` not in ``cmap``, in order, each once; white space and format
    characters need no glyph (but those of :data:`_DRAWN`), nor the marks of :data:`_HIDDEN`, and a
    control character such as BEL is missing (no font draws it)."""
    seen: list[str] = []
    for ch in text:
        code = ord(ch)
        if code in cmap or code in _HIDDEN or ((ch.isspace() or unicodedata.category(ch) == "Cf") and code not in _DRAWN):
            continue
        if ch not in seen:
            seen.append(ch)
    return tuple(seen)


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` no shipped font draws, as :func:`handouts.typesetting.fonts.undrawable`.

    >>> undrawable("ok ສະບາຍດີ ✓ नम ๕ 😀")
    ['न', 'म', '😀']
    """
    return list(missing(drawable(), text))


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A language whose alphabet the shipped fonts cannot typeset: the script of its letters no font
    draws, those letters, and how many letters its alphabet has (CLDR's standard exemplar set)."""

    lang: str
    script: str  # e.g. "Georgian", "Ethiopic", "Devanagari"
    letters: tuple[str, ...]
    total: int

    def message(self, named: str) -> str:
        """``named``: the language as messages name it (``Georgian (ka)``)."""
        if len(self.letters) == self.total:
            return f"{named} is written in the {self.script} script, which no shipped font draws"
        shown = " ".join(self.letters[:8]) + (" …" if len(self.letters) > 8 else "")
        return (f"{named} is written in the {self.script} script, and no shipped font draws {len(self.letters)} of "
                f"its {self.total} letters ({shown})")  # fmt: skip


SUPPORTED = ("en", "th", "my", "km", "lo")  # the languages whose scripts the shipped fonts are chosen for
SUPPORTED_HINT = ("the shipped fonts draw the Latin, Thai, Myanmar, Khmer and Lao scripts: English (en), Thai (th), "
                  "Burmese (my), Khmer (km), Lao (lo), and other languages written in Latin letters (vi, de, fr, …)")  # fmt: skip


def unsupported(lang: str) -> Unsupported | None:
    """:func:`letters_missing` of ``lang``, without asking ICU for the :data:`SUPPORTED` languages
    (a test holds them to it): a render in Thai loads no ICU data for it."""
    return None if lang in SUPPORTED else letters_missing(lang)


@functools.lru_cache(maxsize=64)
def letters_missing(lang: str) -> Unsupported | None:
    """Whether the shipped fonts can typeset ``lang``: None when they draw every letter of its
    alphabet (ICU's exemplar set, CLDR's standard letters of the language; a language CLDR does not
    know gets the root's, a–z), else the letters they cannot draw and the script of the first.

    >>> letters_missing("th") is None, letters_missing("vi") is None
    (True, True)
    >>> u = letters_missing("ka"); (u.script, len(u.letters) == u.total)
    ('Georgian', True)
    """
    import icu  # (ICU's data: no font is loaded)

    letters: list[str] = []
    it = icu.UnicodeSetIterator(icu.LocaleData(lang.replace("-", "_")).getExemplarSet(
        0, icu.ULocaleDataExemplarSetType.ES_STANDARD))  # fmt: skip
    while it.next():
        letters.append(it.getString())
    text = "".join(letters)
    missing_letters = missing(drawable(), text)
    if not missing_letters:
        return None
    script = icu.Script.getScript(ord(missing_letters[0])).getName().replace("_", " ")
    return Unsupported(lang, script, missing_letters, len(missing(frozenset(), text)))
