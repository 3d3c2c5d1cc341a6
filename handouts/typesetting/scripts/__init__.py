"""Script tag → how that script is typeset: its font, its body scale, its line breaks, its digits.

One :class:`Script` record per writing system beyond Latin. Thai is drawn with Sarabun (the body
family) and segmented by ``thaibreak``; Lao, Khmer and Burmese are drawn with Noto Sans Lao,
Khmer and Myanmar (OFL, from the ``justmytype-intl-sea`` package, instanced to static weights by
:mod:`.instances`) and segmented by ICU's dictionary break iterator (:mod:`.icu_breaks`).

Adding a script is a record here (and, for its sentences to break, a segmenter): the typesetter,
the coverage check and the locale chrome read everything from this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Script:
    """One writing system.

    ``family`` is the folder of the variable font inside ``justmytype_intl_sea/fonts/ofl`` ('' for
    the body family, Sarabun). ``letter`` is a base consonant whose height sets the body scale:
    the script's letters are drawn as tall as Sarabun's Thai letters (0.586 em, which is above
    the Latin x-height of 0.50 em), so a line mixing scripts reads evenly. ``digits`` are the
    native digits 0–9; ``leading`` the line spacing its stacked marks need.
    """

    tag: str  # ISO 15924
    lang: str  # ISO 639-1 of the language that uses it here
    name: str
    family: str
    letter: str
    digits: str
    leading: float
    locale: str  # CLDR / ICU locale
    lang_tag: str  # BCP 47 for the PDF /Lang


THAI = Script("Thai", "th", "Thai", "", "ก", "๐๑๒๓๔๕๖๗๘๙", 1.6, "th", "th-TH")
LAO = Script("Laoo", "lo", "Lao", "notosanslao", "ກ", "໐໑໒໓໔໕໖໗໘໙", 1.65, "lo", "lo-LA")
KHMER = Script("Khmr", "km", "Khmer", "notosanskhmer", "ក", "០១២៣៤៥៦៧៨៩", 1.75, "km", "km-KH")
MYANMAR = Script("Mymr", "my", "Burmese", "notosansmyanmar", "က", "၀၁၂၃၄၅၆၇၈၉", 1.8, "my", "my-MM")

SCRIPTS: dict[str, Script] = {s.tag: s for s in (THAI, LAO, KHMER, MYANMAR)}
BY_LANG: dict[str, Script] = {s.lang: s for s in SCRIPTS.values()}
# scripts drawn with a font of their own (not the body family)
OWN_FONT: dict[str, Script] = {t: s for t, s in SCRIPTS.items() if s.family}


# Complex scripts by Unicode block (ISO 15924 tags) and the language HarfBuzz shapes them for.
# Each is itemized and shaped as its own run (shaping.itemize).
SCRIPT_BLOCKS = (
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x1000, 0x109F, "Mymr"),
    (0x1780, 0x17FF, "Khmr"),
    (0x19E0, 0x19FF, "Khmr"),
    (0xA9E0, 0xA9FF, "Mymr"),
    (0xAA60, 0xAA7F, "Mymr"),
)
LANGUAGES = {"Thai": "th", "Laoo": "lo", "Khmr": "km", "Mymr": "my"}


def script_of(ch: str) -> str:
    """The script of a character: a complex script's tag, ``Zyyy`` (common) for digits, spaces and
    punctuation, else ``Latn``.

    >>> script_of("ก"), script_of("ສ"), script_of("ក"), script_of("က"), script_of("5"), script_of("a")
    ('Thai', 'Laoo', 'Khmr', 'Mymr', 'Zyyy', 'Latn')
    """
    o = ord(ch)
    if o >= 0x0E00:
        for lo, hi, tag in SCRIPT_BLOCKS:
            if lo <= o <= hi:
                return tag
    if ch.isspace() or ch.isdigit() or not ch.isalpha():
        return "Zyyy"
    return "Latn"


def for_lang(lang: str) -> Script | None:
    """The script a language is written in (None for Latin-script languages).

    >>> for_lang("my").name, for_lang("lo-LA").tag, for_lang("en")
    ('Burmese', 'Laoo', None)
    """
    return BY_LANG.get(lang.replace("_", "-").split("-", 1)[0].lower())


def written_in(text: str, lang: str) -> bool:
    """Whether every letter of ``text`` is in the script ``lang`` is written in (Latin for English):
    a credit given as one string for every language reads in ``lang`` when it is, and in the
    article's language (the front matter's) when it is not.

    >>> written_in("นพ. สมชาย", "th"), written_in("Ward team", "th"), written_in("Dr. Smith", "en")
    (True, False, True)
    >>> written_in("ทีม Ward", "th"), written_in("ทีมพยาบาล", "en"), written_in("2026 ·", "my")
    (False, False, True)
    """
    script = for_lang(lang)
    own = script.tag if script is not None else "Latn"
    return all(script_of(c) in (own, "Zyyy") for c in text)
