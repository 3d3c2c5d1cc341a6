"""clinic TOML → Brand.

Long on purpose (~800 lines): one checker per key of the clinic file, each with its own
file:line:key error and fix, read best next to the layout documented here.

A clinic is one TOML file (``clinics/<id>.toml``) plus an optional logo. :func:`load_brand`
reads and checks it and returns a frozen :class:`Brand`; :func:`find_clinic` turns what the user
typed (``demo`` or ``path/to/clinic.toml``) into the TOML path.

Layout (``#`` marks optional keys; defaults in brackets)::

    [clinic]
    name_th = "คลินิกระงับปวดเดโม"           # required
    name_en = "Demo Pain Clinic"             # required
    name_my = "..."                          # optional, also name_km, name_lo: the name in Burmese, Khmer,
                                             # Lao handouts [name_en]
    logo = "logos/demo.png"                  # optional, relative to the TOML file; PNG or JPEG
    logo_alt = "Demo Pain Clinic logo"       # optional ["<name_en> logo"]
    paper = "A4"                             # optional, "A4" or "Letter" ["A4"]

    [colors]
    primary = "#1F4E79"                      # required, #RRGGBB, ≥ 4.5:1 against white
    accent = "#B3501A"                       # optional [primary], same rules

    [contact]
    address_th = "..."                       # required
    address_en = "..."                       # required
    address_my = "..."                       # optional, also address_km, address_lo [address_en]
    phone = "02 123 4567"                    # required; Thai local, +66/E.164 or a short code
    phone_style = "local"                    # optional, "local" or "international" ["local"]
    line = "@demopainclinic"                 # optional LINE ID [""]
    website = "https://demo-clinic.example"  # optional http(s) URL [""] (http://: a warning)
    emergency = "1669"                       # optional, a short code or a phone number ["1669"]

    [online]                                 # optional section
    qr_url = "https://demo-clinic.example/handouts/{article}/{lang}"   # needs {article}; {lang} optional; http://: a warning

    [policy]                                 # optional section
    require_next_review = false              # refuse articles without next_review [false]
    native_digits = false                    # dates and page numbers in the language's own digits (๑๒๓, ၁၂၃,
                                             # ១២៣, ໑໒໓): true (every language that has them) or a list
                                             # of languages, e.g. ["th", "my"] [false]; never phone numbers
    thai_digits = false                      # the same as native_digits = ["th"] (kept for old files) [false]
    era = "gregorian"                        # the calendar of printed dates, "gregorian" or "buddhist"
                                             # (CE + 543, as in Thailand and Laos), or one per language,
                                             # era = { th = "gregorian", lo = "buddhist" }
                                             # [Thai: buddhist, every other language: gregorian]

Every problem raises :class:`~handouts.errors.BrandError` with ``path`` (the TOML file),
``key`` (``[colors].primary``), ``line`` when the key can be found in the file, a message and a
hint with the fix; ``str(err)`` is one line. Checks: TOML syntax; unknown sections and keys
(with "did you mean"); missing required keys; value types; colours (#RRGGBB, contrast against
white ≥ 4.5:1 because both colours are used for heading text); phone and emergency number
(:mod:`handouts.phones`: stored canonical, E.164 or a short code); paper; website; LINE ID; ``qr_url`` (must format to an http(s) URL); logo (exists, readable, PNG or
JPEG, ≤ 4000×4000 px, ≤ 20 MB, inside the workspace after resolving symlinks and ``..``).
Recoverable oddities (a small logo, a ``qr_url`` without ``{lang}``, a Thai name without Thai
letters, a ``name_my`` without Burmese letters) become :class:`~handouts.diagnostics.Diagnostics` warnings when a collector is given.
"""

from __future__ import annotations

import colorsys
import math
import os
import re
import string
import tomllib
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast
from urllib.parse import quote, urlsplit

from handouts import phones
from handouts.diagnostics import Diagnostics
from handouts.errors import BrandError, close_matches
from handouts.i18n import zawgyi
from handouts.i18n.languages import ERAS, LANGUAGES, Era, base, code_of, default_era, language
from handouts.phones import PhoneStyle
from handouts.textfile import control_characters, read_text, shown_characters, shown_from, toml_error, toml_loads

__all__ = [
    "LOGO_FORMATS",
    "MAX_LOGO_BYTES",
    "MAX_LOGO_PX",
    "MIN_CONTRAST",
    "Brand",
    "contrast_ratio",
    "find_clinic",
    "load_brand",
]

Paper = Literal["A4", "Letter"]

MIN_CONTRAST: Final = 4.5  # WCAG 2 AA for normal-size text
MAX_LOGO_PX: Final = 4000
MAX_LOGO_BYTES: Final = 20 * 1024 * 1024
LOGO_FORMATS: Final = frozenset({"PNG", "JPEG"})
MIN_LOGO_PX_WARN: Final = 300  # shorter side; below this a 25 mm logo prints under 300 dpi

# section -> key -> (expected type, example written as TOML for hints)
_SCHEMA: Final[dict[str, dict[str, tuple[type, str]]]] = {
    "clinic": {
        "name_th": (str, '"คลินิกระงับปวดเดโม"'),
        "name_en": (str, '"Demo Pain Clinic"'),
        "name_my": (str, '"..."'),
        "name_km": (str, '"..."'),
        "name_lo": (str, '"..."'),
        "logo": (str, '"logos/demo.png"'),
        "logo_alt": (str, '"Demo Pain Clinic logo"'),
        "paper": (str, '"A4"'),
    },
    "colors": {
        "primary": (str, '"#1F4E79"'),
        "accent": (str, '"#B3501A"'),
    },
    "contact": {
        "address_th": (str, '"123 ถนนพระรามที่ 4 ..."'),
        "address_en": (str, '"123 Rama IV Road, ..."'),
        "address_my": (str, '"..."'),
        "address_km": (str, '"..."'),
        "address_lo": (str, '"..."'),
        "phone": (str, '"02 123 4567"'),
        "phone_style": (str, '"local"'),
        "line": (str, '"@demopainclinic"'),
        "website": (str, '"https://demo-clinic.example"'),
        "emergency": (str, '"1669"'),
    },
    "online": {
        "qr_url": (str, '"https://demo-clinic.example/handouts/{article}/{lang}"'),
    },
    "policy": {
        "require_next_review": (bool, "false"),
        "thai_digits": (bool, "false"),
        "native_digits": (bool, '["th", "my"]'),  # or a list: read by _native_digits
        "era": (str, '"gregorian"'),  # or a table per language: read by _eras
    },
}
_REQUIRED: Final = (
    ("clinic", "name_th"),
    ("clinic", "name_en"),
    ("colors", "primary"),
    ("contact", "address_th"),
    ("contact", "address_en"),
    ("contact", "phone"),
)

_HEX_RE: Final = re.compile(r"#[0-9A-Fa-f]{6}")
_LINE_RE: Final = re.compile(r"@?[A-Za-z0-9._-]{1,40}")
_THAI_RE: Final = re.compile(r"[\u0E01-\u0E4E]")
_QR_FIELDS: Final = frozenset({"article", "lang"})
_OWN_NAMES: Final = ("my", "km", "lo")
_SCRIPT_RE: Final = {"my": re.compile(r"[\u1000-\u109F]"), "km": re.compile(r"[\u1780-\u17FF]"),
                     "lo": re.compile(r"[\u0E80-\u0EFF]")}  # fmt: skip
_ERA_WORDS: Final = {"gregorian": "gregorian", "ce": "gregorian", "ad": "gregorian", "buddhist": "buddhist",
                     "be": "buddhist"}  # fmt: skip  # languages with optional name_<lang> / address_<lang> keys
_DIGIT_LANGS: Final = tuple(code for code, lang in LANGUAGES.items() if lang.digits)


@dataclass(frozen=True, slots=True)
class Brand:
    """One clinic's branding, checked. Colours are upper-case ``#RRGGBB``; ``logo`` is absolute."""

    id: str
    name_th: str
    name_en: str
    logo: Path | None
    logo_alt: str
    primary: str
    accent: str
    address_th: str
    address_en: str
    phone: str  # canonical: E.164 ("+6621234567") or a short code ("1330"); see :meth:`printed`
    line_id: str
    website: str
    emergency: str = "1669"  # canonical, like phone
    phone_style: PhoneStyle = "local"
    paper: Paper = "A4"
    qr_url: str | None = None
    require_next_review: bool = False
    thai_digits: bool = False  # Thai handouts print Thai digits ([policy] thai_digits, or native_digits with "th")
    native_digits: frozenset[str] = frozenset()  # languages whose dates and page numbers use their own digits
    eras: tuple[tuple[str, Era], ...] = ()  # (language or "*", era) as the clinic wrote them; see era()
    names: tuple[tuple[str, str], ...] = ()  # (language, name) beyond Thai and English: name_my, ...
    addresses: tuple[tuple[str, str], ...] = ()  # (language, address): address_my, ...

    def name(self, lang: str) -> str:
        """The clinic's name in ``lang``: Thai for ``th``, ``name_my``… when given, else English."""
        return self.name_th if _is_thai(lang) else dict(self.names).get(base(lang), self.name_en)

    def address(self, lang: str) -> str:
        """The clinic's address in ``lang``: Thai for ``th``, ``address_my``… when given, else English."""
        return self.address_th if _is_thai(lang) else dict(self.addresses).get(base(lang), self.address_en)

    def digits(self, lang: str) -> bool:
        """Whether dates and page numbers in ``lang`` are printed in its native digits."""
        return base(lang) in self.native_digits or (self.thai_digits and base(lang) == "th")

    def era(self, lang: str) -> Era:
        """The calendar of dates printed in ``lang``: the clinic's for that language, else the clinic's
        for every language, else the language's default (Thai: Buddhist Era; others: Gregorian).

        >>> from dataclasses import replace
        >>> b = Brand("x", "ก", "X", None, "X logo", "#000000", "#000000", "ก", "X", "+6621234567", "", "")
        >>> b.era("th"), b.era("en"), replace(b, eras=(("*", "gregorian"), ("lo", "buddhist"))).era("lo")
        ('buddhist', 'gregorian', 'buddhist')
        """
        chosen = dict(self.eras)
        return chosen.get(base(lang)) or chosen.get("*") or default_era(lang)

    def printed(self, number: str) -> str:
        """A canonical number (``phone``, ``emergency``) as printed in the clinic's ``phone_style``."""
        return phones.printed(number, self.phone_style)

    def online_url(self, article: str, lang: str) -> str | None:
        """The online version of ``article`` in ``lang`` (``qr_url`` filled in), or None.

        >>> b = Brand("x", "ก", "X", None, "X logo", "#000000", "#000000", "ก", "X", "+6621234567",
        ...           "", "", qr_url="https://x.example/{lang}/{article}")
        >>> b.online_url("back pain", "th")
        'https://x.example/th/back%20pain'

        An article named in Thai is printed as named, as a ``qr_url`` with Thai letters is: the QR
        code and the link carry the escaped form (:func:`handouts.layout.extras.ascii_uri`), while
        the URL under the code stays readable (it was printed percent-escaped, shrunk to 1.2 pt):

        >>> b.online_url("ปวดหลัง?", "th")
        'https://x.example/th/ปวดหลัง%3F'
        """
        if self.qr_url is None:
            return None
        return self.qr_url.format(article=_url_part(article), lang=_url_part(lang))


def _url_part(text: str) -> str:
    """``text`` as one segment of a URL: ASCII reserved characters, spaces and controls escaped,
    letters of other scripts kept as written (an IRI, escaped where it is carried)."""
    return "".join(c if not c.isascii() and c.isprintable() and not c.isspace() else quote(c, safe="") for c in text)


def _is_thai(lang: str) -> bool:
    return lang.replace("_", "-").split("-", 1)[0].lower() == "th"


# --------------------------------------------------------------------------- colours


def is_hex_colour(value: str) -> bool:
    """Whether ``value`` is a ``#RRGGBB`` colour (what a clinic's colours are checked to be)."""
    return _HEX_RE.fullmatch(value) is not None


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    if not is_hex_colour(hex_colour):
        raise ValueError(f"not a #RRGGBB colour: {hex_colour!r}")
    channels = []
    for i in (1, 3, 5):
        c = int(hex_colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(hex1: str, hex2: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours, from 1.0 to 21.0 (order does not matter).

    >>> contrast_ratio("#000000", "#FFFFFF")
    21.0
    >>> contrast_ratio("#FFFFFF", "#ffffff")
    1.0
    >>> round(contrast_ratio("#1F4E79", "#FFFFFF"), 2)
    8.66
    >>> round(contrast_ratio("#C55A11", "#FFFFFF"), 2)  # fails 4.5:1 for text
    4.33
    """
    hi, lo = sorted((_luminance(hex1), _luminance(hex2)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _darker_passing(hex_colour: str) -> str:
    """The same hue, darkened just enough to reach :data:`MIN_CONTRAST` against white."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    while lightness > 0:
        lightness = max(0.0, lightness - 0.005)
        rr, gg, bb = colorsys.hls_to_rgb(h, lightness, s)
        candidate = "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in (rr, gg, bb)))
        if contrast_ratio(candidate, "#FFFFFF") >= MIN_CONTRAST:
            return candidate
    return "#000000"


# --------------------------------------------------------------------------- lookup


def find_clinic(ref: str, workspace: Path) -> Path:
    """The TOML file for ``ref``: a clinic id (``demo`` → ``workspace/clinics/demo.toml``) or a path.

    A ``ref`` ending in ``.toml`` or containing a slash is a path (relative to the current folder,
    else to ``workspace``). An unknown id raises :class:`BrandError` listing the clinics that exist.
    """
    ref = ref.strip()
    clinics_dir = workspace / "clinics"
    if ref.endswith(".toml") or "/" in ref or "\\" in ref:
        path = Path(ref).expanduser()
        if not path.is_absolute() and not path.exists() and (workspace / path).exists():
            path = workspace / path
        if not path.is_file():
            what = "is a folder, not a clinic TOML file" if path.is_dir() else "clinic file not found"
            raise BrandError(what, path=ref, hint=f"give a clinic id ({_known_ids(clinics_dir)}) or a .toml path")
        return path
    if not ref:
        raise BrandError("no clinic given", hint=f"give a clinic id ({_known_ids(clinics_dir)})")
    path = clinics_dir / f"{ref}.toml"
    if os.path.lexists(path):  # (a folder or a FIFO of that name: loading it says so, not "unknown")
        return path
    ids = _clinic_ids(clinics_dir)
    close = close_matches(ref, ids)
    hint = f"did you mean {close[0]}? " if close else ""
    hint += f"known clinics: {', '.join(ids)}" if ids else f"no clinic TOML files in {clinics_dir}"
    raise BrandError(f"unknown clinic {ref!r}", path=path, hint=hint)


def _clinic_ids(clinics_dir: Path) -> list[str]:
    if not clinics_dir.is_dir():
        return []
    return sorted(p.stem for p in clinics_dir.glob("*.toml") if p.is_file())


def _known_ids(clinics_dir: Path) -> str:
    ids = _clinic_ids(clinics_dir)
    return "known: " + ", ".join(ids) if ids else f"none in {clinics_dir}"


# --------------------------------------------------------------------------- loading


class _Reader:
    """Error and line-number helpers for one TOML file."""

    def __init__(self, path: Path, text: str, workspace: Path | None = None) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.shown = shown_from(path, workspace)  # as messages name it: clinics/x.toml, from any folder or process

    def line_of(self, section: str | None, key: str | None = None) -> int | None:
        """1-based line of ``[section]`` (key None) or of ``key =`` inside it; None if not found."""
        current: str | None = None
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            header = re.fullmatch(r"\[\s*([A-Za-z0-9_.\"'-]+?)\s*\]\s*(?:#.*)?", line)
            if header:
                current = header.group(1).strip("\"'")
                if key is None and current == section:
                    return number
                continue
            if key is not None and current == section and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", line):
                return number
        return None

    def error(self, section: str | None, key: str | None, message: str, hint: str | None = None) -> BrandError:
        label = f"[{section}].{key}" if section and key else f"[{section}]" if section else key
        return BrandError(
            _one_line(message),
            path=self.shown,  # (clinics/x.toml, whatever the current folder and -w)
            line=self.line_of(section, key) if (section or key) else None,
            key=label,
            hint=_one_line(hint) if hint else None,
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _show(value: object, limit: int = 60) -> str:
    """A value quoted for a one-line message."""
    text = repr(value) if not isinstance(value, str) else '"' + value.replace('"', '\\"') + '"'
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return "a date/time"


def load_brand(path: Path, workspace: Path, diagnostics: Diagnostics | None = None) -> Brand:
    """Read and check the clinic TOML at ``path``; its logo must lie inside ``workspace``.

    Raises :class:`BrandError` on the first problem. Non-fatal oddities go to ``diagnostics``.
    """
    path = Path(path)
    try:
        text, _ = read_text(path, BrandError, "clinic file")
    except BrandError as e:  # named as the workspace names it (clinics/x.toml), as every other error of the file
        e.path = shown_from(path, workspace)
        raise
    r = _Reader(path, text, workspace)
    if zawgyi.has_myanmar(text):  # name_my, address_my… print on every page: Zawgyi prints as garbage
        zawgyi.check_article(text, path, r.shown, zawgyi.ZawgyiClinicError)
    try:
        data = toml_loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(r.shown, text, exc) from None

    _check_structure(r, data)
    warn = _Warner(diagnostics, r)

    def get(section: str, key: str) -> str | bool | None:
        table = data.get(section, {})
        value = table.get(key)
        if value is None:
            return None
        kind, example = _SCHEMA[section][key]
        if not isinstance(value, kind):
            if kind is bool:
                hint = f"write {key} = true or {key} = false, without quotes"
            elif isinstance(value, int | float):
                hint = f'quote it: {key} = "{value}"'
            else:
                hint = f"write it like {key} = {example}"
            raise r.error(section, key, f"must be {_type_name(kind())}, not {_type_name(value)}", hint)
        assert isinstance(value, str | bool)
        return value

    def text_value(section: str, key: str, default: str | None = None) -> str:
        value = get(section, key)
        if value is None:
            if default is not None:
                return default
            _, example = _SCHEMA[section][key]
            raise r.error(section, key, "missing required key", f"add {key} = {example} under [{section}]")
        assert isinstance(value, str)
        value = value.strip()
        if not value:
            _, example = _SCHEMA[section][key]
            how = f"e.g. {key} = {example}"
            if default is not None:
                how = "remove the key or write " + how
            raise r.error(section, key, "must not be empty", how)
        return value

    # required keys first, in file-layout order, so that the first missing one is reported
    for section, key in _REQUIRED:
        text_value(section, key)

    name_th = text_value("clinic", "name_th")
    name_en = text_value("clinic", "name_en")
    if not _THAI_RE.search(name_th):
        warn("brand-name-th-not-thai", f"[clinic].name_th {_show(name_th)} has no Thai letters (write name_th in "
             "Thai: the Thai handouts print it)", "clinic", "name_th")  # fmt: skip

    primary = _colour(r, "primary", text_value("colors", "primary"))
    accent = _colour(r, "accent", text_value("colors", "accent", default=primary))

    address_th = text_value("contact", "address_th")
    address_en = text_value("contact", "address_en")
    if not _THAI_RE.search(address_th):
        msg = f"[contact].address_th {_show(address_th)} has no Thai letters (write address_th in Thai: the Thai " \
              "handouts print it)"
        warn("brand-address-th-not-thai", msg, "contact", "address_th")
    phone = _phone(r, "phone", text_value("contact", "phone"))
    phone_style = _phone_style(r, text_value("contact", "phone_style", default="local"))
    line_id = _line_id(r, text_value("contact", "line", default=""))
    website = text_value("contact", "website", default="")
    if website and not _is_http_url(website):
        raise r.error(
            "contact",
            "website",
            f"{_show(website)} is not an http(s) URL",
            'write it in full, e.g. website = "https://demo-clinic.example"',
        )
    if website.lower().startswith("http://"):
        warn("brand-not-https", f"[contact].website {_show(website)} is http://: browsers mark it 'not secure'; "
             "use https:// if the site has it", "contact", "website")  # fmt: skip
    emergency = _phone(r, "emergency", text_value("contact", "emergency", default="1669"))

    paper = _paper(r, text_value("clinic", "paper", default="A4"))
    qr_url = _qr_url(r, get("online", "qr_url"), warn)
    logo = None
    if get("clinic", "logo") is not None:
        logo = _logo(r, text_value("clinic", "logo"), Path(workspace), warn)
    logo_alt = text_value("clinic", "logo_alt", default=f"{name_en} logo")

    require_next_review = get("policy", "require_next_review")
    digits = _native_digits(r, data.get("policy", {}).get("native_digits"))
    if get("policy", "thai_digits"):
        digits |= {"th"}
    own = {kind: tuple((lang, text_value("clinic" if kind == "name" else "contact", f"{kind}_{lang}"))
                       for lang in _OWN_NAMES
                       if data.get("clinic" if kind == "name" else "contact", {}).get(f"{kind}_{lang}") is not None)
           for kind in ("name", "address")}  # fmt: skip
    for section, key, value in _printed_texts(name_th, name_en, address_th, address_en, own["name"], own["address"]):
        _no_controls(r, section, key, value)
    for kind, values in own.items():
        section = "clinic" if kind == "name" else "contact"
        for lang, value in values:
            if not _SCRIPT_RE[lang].search(value):
                warn(f"brand-{kind}-{lang}-script", f"[{section}].{kind}_{lang} {_show(value)} has no "
                     f"{LANGUAGES[lang].english} letters", section, f"{kind}_{lang}")  # fmt: skip
    return Brand(
        id=path.stem,
        name_th=name_th,
        name_en=name_en,
        logo=logo,
        logo_alt=logo_alt,
        primary=primary,
        accent=accent,
        address_th=address_th,
        address_en=address_en,
        phone=phone,
        line_id=line_id,
        website=website,
        emergency=emergency,
        phone_style=phone_style,
        paper=paper,
        qr_url=qr_url,
        require_next_review=bool(require_next_review),
        thai_digits="th" in digits,
        native_digits=frozenset(digits),
        eras=_eras(r, data.get("policy", {}).get("era")),
        names=own["name"],
        addresses=own["address"],
    )


def _printed_texts(name_th: str, name_en: str, address_th: str, address_en: str, names: tuple[tuple[str, str], ...],
                   addresses: tuple[tuple[str, str], ...]) -> Iterator[tuple[str, str, str]]:  # fmt: skip
    """(section, key, text) of every text a handout prints as the clinic wrote it: its names and addresses."""
    yield from (("clinic", "name_th", name_th), ("clinic", "name_en", name_en))
    yield from (("contact", "address_th", address_th), ("contact", "address_en", address_en))
    yield from (("clinic", f"name_{lang}", text) for lang, text in names)
    yield from (("contact", f"address_{lang}", text) for lang, text in addresses)


def _no_controls(r: _Reader, section: str, key: str, value: str) -> None:
    """A control character (a bell, a tab, a NUL; a line break is fine) or a line or paragraph
    separator (U+2028, U+2029) in a printed text: an error at its key, as in an article's front
    matter. The typesetter refused them naming no file."""
    bad = control_characters(value)
    if bad:
        raise r.error(section, key, f"has a control character: {shown_characters(bad)}", "remove it, or write a space instead")


def check_drawable(brand: Brand, path: Path, workspace: Path, undrawable: Callable[[str], list[str]]) -> None:
    """Every character of the clinic's printed texts (names, addresses) drawn by a shipped font:
    ``undrawable`` (the typesetter's) gives those it lacks, an error at the key's line (the
    typesetter, which refuses them too, named no file)."""
    for section, key, text in _printed_texts(brand.name_th, brand.name_en, brand.address_th, brand.address_en,
                                             brand.names, brand.addresses):  # fmt: skip
        missing = undrawable(text)
        if missing:
            r = _Reader(path, read_text(path, BrandError, "clinic file")[0], workspace)
            raise r.error(section, key, f"no shipped font draws {shown_characters(missing)}",
                          "write the text in a supported script (Latin, Thai, Lao, Khmer, Burmese) or remove those "
                          "characters")  # fmt: skip


def _native_digits(r: _Reader, value: object) -> set[str]:
    """``[policy] native_digits``: true (every language with digits of its own), false, or a list of them."""
    langs = ", ".join(f'"{c}"' for c in _DIGIT_LANGS)
    hint = f"write native_digits = true, false, or a list of languages from [{langs}]"
    if value is None or value is False:
        return set()
    if value is True:
        return set(_DIGIT_LANGS)
    if not isinstance(value, list):
        raise r.error("policy", "native_digits", f"must be true/false or a list, not {_type_name(value)}", hint)
    out = set()
    for item in value:
        if not isinstance(item, str) or base(item) not in _DIGIT_LANGS:
            what = f"{_show(item)} is not a language with digits of its own" if isinstance(item, str) else \
                f"must list language codes, not {_type_name(item)}"  # fmt: skip
            raise r.error("policy", "native_digits", what, hint)
        out.add(base(item))
    return out


def _eras(r: _Reader, value: object) -> tuple[tuple[str, Era], ...]:
    """``[policy] era``: one era for every language, or a table of language → era."""
    choices = " or ".join(f'"{e}"' for e in ERAS)
    if value is None:
        return ()
    if isinstance(value, str):
        return (("*", _era(r, value, choices)),)
    if not isinstance(value, dict):
        raise r.error("policy", "era", f"must be a string or a table, not {_type_name(value)}",
                      'write era = "gregorian", or one per language: era = { th = "buddhist", en = "gregorian" }')  # fmt: skip
    out: dict[str, Era] = {}
    written: dict[str, str] = {}
    for lang, era in sorted(value.items()):
        if not re.fullmatch(r"[a-z]{2,3}", lang):
            raise r.error("policy", "era", f"{_show(lang)} is not a language code",
                          'use two-letter codes: era = { th = "buddhist" }')  # fmt: skip
        code = code_of(lang)  # tha: th, as --lang reads it (a key no handout's language matched was never used)
        if language(code).english == code:  # a code CLDR does not know ({ xx = … }, { ht = … } for th): a typo
            close = close_matches(lang, LANGUAGES)
            raise r.error("policy", "era", f"{_show(lang)} is not a language",
                          (f"did you mean {close[0]}? " if close else "") + f"languages: {', '.join(LANGUAGES)}")  # fmt: skip
        if code in written:
            raise r.error("policy", "era", f"era.{lang} is era.{written[code]} again (both are {code})", "keep one of them")
        if not isinstance(era, str):
            raise r.error("policy", "era", f"era.{lang} must be {choices}, not {_type_name(era)}", f'write {lang} = "gregorian"')
        out[code], written[code] = _era(r, era, choices), lang
    return tuple(out.items())


def _era(r: _Reader, value: str, choices: str) -> Era:
    """ "gregorian" (or CE, AD) or "buddhist" (or BE), in any case."""
    era = _ERA_WORDS.get(value.strip().lower().replace(".", ""))
    if era is None:
        raise r.error("policy", "era", f"{_show(value)} is not a calendar era", f"write {choices}")
    return cast(Era, era)


class _Warner:
    """Sends warnings to an optional :class:`Diagnostics` with the TOML location."""

    def __init__(self, diagnostics: Diagnostics | None, reader: _Reader) -> None:
        self.diagnostics = diagnostics
        self.reader = reader

    def __call__(self, code: str, message: str, section: str, key: str) -> None:
        if self.diagnostics is not None:
            line = self.reader.line_of(section, key)
            self.diagnostics.warn(code, _one_line(message), self.reader.shown, line)


def _syntax_error(path: str, text: str, exc: tomllib.TOMLDecodeError) -> BrandError:
    message, line, column = toml_error(text, exc)
    where = f" at line {line}" + (f", column {column}" if column else "") if line else ""
    return BrandError(
        _one_line(f"TOML syntax error{where}: {message}"),
        path=path,
        line=line,
        hint="check the quotes, brackets and '=' on that line; text values need double quotes",
    )


def _check_structure(r: _Reader, data: dict[str, object]) -> None:
    """Unknown sections and keys (with "did you mean"), and sections that are not tables."""
    sections = list(_SCHEMA)
    all_keys = {key: section for section, keys in _SCHEMA.items() for key in keys}
    for name, table in data.items():
        if name not in _SCHEMA:
            if not isinstance(table, dict) and name in all_keys:
                home = all_keys[name]
                raise r.error(None, name, "unknown top-level key", f"put it under [{home}]: [{home}].{name}")
            close = close_matches(name, sections)
            hint = (
                f"did you mean [{close[0]}]?" if close else "known sections: " + ", ".join(f"[{s}]" for s in sections)
            )
            if isinstance(table, dict):
                raise r.error(name, None, f"unknown section [{name}]", hint)
            raise r.error(None, name, f"unknown top-level key {name}", hint)
        if not isinstance(table, dict):
            raise r.error(
                None,
                name,
                f"must be a table (a [{name}] section), not {_type_name(table)}",
                f"write [{name}] on its own line and the keys below it",
            )
        known = _SCHEMA[name]
        for key in table:
            if key in known:
                continue
            close = close_matches(key, known)
            if close:
                hint = f"did you mean [{name}].{close[0]}?"
            elif key in all_keys:
                hint = f"{key} belongs in [{all_keys[key]}]: move it to [{all_keys[key]}].{key}"
            else:
                elsewhere = close_matches(key, all_keys)
                hint = (
                    f"did you mean [{all_keys[elsewhere[0]]}].{elsewhere[0]}?"
                    if elsewhere
                    else f"known keys in [{name}]: " + ", ".join(known)
                )
            raise r.error(name, key, f"unknown key [{name}].{key}", hint)


def _colour(r: _Reader, key: str, value: str) -> str:
    if not is_hex_colour(value):
        hint = 'write # and six hex digits, e.g. "#1F4E79"'
        if re.fullmatch(r"#?[0-9A-Fa-f]{3}", value):
            short = value.lstrip("#")
            hint = f'write all six digits: "#{"".join(c * 2 for c in short).upper()}"'
        elif re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            hint = f'add the #: "#{value.upper()}"'
        raise r.error("colors", key, f"{_show(value)} is not a #RRGGBB colour", hint)
    value = value.upper()
    ratio = contrast_ratio(value, "#FFFFFF")
    if ratio < MIN_CONTRAST:
        shown = math.floor(ratio * 100) / 100  # never print 4.50 for 4.497
        raise r.error(
            "colors",
            key,
            f"{value}: contrast {shown:.2f}:1 against white is below {MIN_CONTRAST}:1, too faint for heading text",
            f'use a darker shade, e.g. {key} = "{_darker_passing(value)}"',
        )
    return value


def _phone(r: _Reader, key: str, value: str) -> str:
    try:
        return phones.canonical(value)
    except phones.PhoneFormatError as e:
        raise r.error("contact", key, f"{_show(value)} {e}", f"accepted: {phones.ACCEPTED}") from None


def _phone_style(r: _Reader, value: str) -> PhoneStyle:
    if value not in phones.PHONE_STYLES:
        raise r.error("contact", "phone_style", f"{_show(value)} is not a phone style",
                      'write phone_style = "local" (02 123 4567) or "international" (+66 2 123 4567)')  # fmt: skip
    return cast(PhoneStyle, value)


def _line_id(r: _Reader, value: str) -> str:
    if value and not _LINE_RE.fullmatch(value):
        raise r.error(
            "contact",
            "line",
            f"{_show(value)} is not a LINE ID",
            'write the ID only (no URL or spaces), e.g. line = "@demopainclinic"',
        )
    return value


def _paper(r: _Reader, value: str) -> Paper:
    if value.casefold() == "a4":
        return "A4"
    if value.casefold() == "letter":
        return "Letter"
    raise r.error("clinic", "paper", f"{_show(value)} is not a supported paper size", 'write paper = "A4" or "Letter"')


def _is_http_url(url: str) -> bool:
    if any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _qr_url(r: _Reader, value: str | bool | None, warn: _Warner) -> str | None:
    if value is None:
        return None
    assert isinstance(value, str)
    value = value.strip()
    example = '"https://demo-clinic.example/handouts/{article}/{lang}"'
    if not value:
        raise r.error("online", "qr_url", "must not be empty", "remove the key to print no QR code")
    try:
        parsed = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(value) if f is not None]
        fields = {f for f, _, _ in parsed}
        dressed = [f"{{{f}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}" for f, spec, conv in parsed
                   if (spec or conv) and f in _QR_FIELDS]  # fmt: skip
        if dressed:  # ({article!r} printed the id in quotes; {lang:>9} padded it with spaces)
            raise r.error("online", "qr_url", f"placeholder {dressed[0]} in {_show(value)} has a conversion or a format",
                          "write the placeholders bare, {article} and {lang}, e.g. qr_url = " + example)  # fmt: skip
        if fields - _QR_FIELDS:
            unknown = ", ".join("{" + f + "}" for f in sorted(fields - _QR_FIELDS))
            raise r.error(
                "online",
                "qr_url",
                f"unknown placeholder {unknown} in {_show(value)}",
                "use only {article} and {lang} (write {{ or }} for a literal brace), e.g. qr_url = " + example,
            )
        formatted = value.format(article="x", lang="th")
    except (ValueError, IndexError, KeyError) as exc:
        raise r.error(
            "online",
            "qr_url",
            f"{_show(value)} is not a valid URL pattern ({exc})",
            "use only {article} and {lang} (write {{ or }} for a literal brace), e.g. qr_url = " + example,
        ) from None
    if not _is_http_url(formatted):
        raise r.error(
            "online",
            "qr_url",
            f"{_show(value)} does not give an http(s) URL (got {_show(formatted)})",
            f"write a full URL, e.g. qr_url = {example}",
        )
    if "article" not in fields:
        raise r.error(
            "online",
            "qr_url",
            f"{_show(value)} has no {{article}} placeholder, so every handout would get the same QR code",
            f"e.g. qr_url = {example}",
        )
    if "lang" not in fields:
        warn("brand-qr-no-lang", "[online].qr_url has no {lang}: both languages link to one page", "online", "qr_url")
    if formatted.lower().startswith("http://"):
        warn("brand-not-https", f"[online].qr_url {_show(value)} is http://: a patient's phone opens the page "
             "unencrypted (and browsers mark it 'not secure'); use https:// if the site has it", "online", "qr_url")  # fmt: skip
    return value


def _logo(r: _Reader, value: str, workspace: Path, warn: _Warner) -> Path:
    if "\0" in value or not value.strip():  # (a path cannot hold a NUL: resolve() raised ValueError)
        raise r.error("clinic", "logo", f"logo {_show(value)} is not a file name",
                      "give the logo's path, e.g. logos/clinic.png")  # fmt: skip
    given = r.path.parent / value
    resolved = given.resolve()
    root = workspace.resolve()
    key = ("clinic", "logo")
    if not resolved.is_relative_to(root):
        raise r.error(
            *key,
            f"logo {_show(value)} resolves to {resolved}, outside the workspace {root}",
            "copy the logo into the workspace (e.g. clinics/logos/) and point to it there",
        )
    if not resolved.exists():
        raise r.error(*key, f"logo file not found: {given}", "the path is relative to the TOML file; check it")
    if not resolved.is_file():
        raise r.error(*key, f"logo {_show(value)} is not a file", "point to a PNG or JPEG file")
    size = resolved.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise r.error(
            *key,
            f"logo is {size / 1024 / 1024:.1f} MB; the limit is {MAX_LOGO_BYTES // (1024 * 1024)} MB",
            "export a smaller PNG (about 600×600 px is plenty for print)",
        )
    from PIL import Image, UnidentifiedImageError  # here: a clinic from the model cache needs no Pillow

    from handouts.imagefile import open_image

    try:
        with resolved.open("rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_image(fh) as im:
                fmt = im.format or "unknown"
                width, height = im.size
                if fmt in LOGO_FORMATS and width <= MAX_LOGO_PX and height <= MAX_LOGO_PX:
                    im.load()  # a truncated or damaged file fails here, not in the PDF writer
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise r.error(
            *key,
            f"logo {_show(value)} is far larger than {MAX_LOGO_PX}×{MAX_LOGO_PX} px",
            "export a smaller PNG (about 600×600 px is plenty for print)",
        ) from None
    except UnidentifiedImageError:
        raise r.error(*key, f"logo {_show(value)} is not an image Pillow can read", "save it as PNG or JPEG") from None
    except PermissionError:
        raise r.error(
            *key, f"logo {_show(value)} is not readable (permission denied)", "check its permissions"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise r.error(
            *key, f"logo {_show(value)} is damaged or cannot be decoded ({exc})", "export it again as PNG or JPEG"
        ) from None
    if fmt not in LOGO_FORMATS:
        raise r.error(*key, f"logo is {fmt}; only PNG and JPEG are accepted", "convert it to PNG")
    if width > MAX_LOGO_PX or height > MAX_LOGO_PX:
        raise r.error(
            *key,
            f"logo is {width}×{height} px; the limit is {MAX_LOGO_PX}×{MAX_LOGO_PX} px",
            "export a smaller PNG (about 600×600 px is plenty for print)",
        )
    if min(width, height) < MIN_LOGO_PX_WARN:
        warn(
            "brand-logo-small",
            f"logo is {width}×{height} px and may print blurry; "
            f"{MIN_LOGO_PX_WARN} px or more on the short side is better",
            *key,
        )
    return resolved
