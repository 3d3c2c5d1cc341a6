"""``handouts.toml`` → the workspace's checked :class:`Settings` (defaults and size caps).

Layout (every key optional)::

    [defaults]
    clinic = "sukhumvit-pain"     # the clinic when --clinic is not given (an id under clinics/)
    languages = ["th", "en"]      # render: the first the article has; batch: the languages
    paper = "A4"                  # "A4" or "Letter": ad-hoc batches
    printer = "front-desk"        # batch --print: after --printer and the bundle's own

    [limits]                      # size caps of input files: bytes, or "2 MB"
    article = "1 MB"
    catalog = "20 MB"
    other = "1 MB"                # clinics, bundles, templates

    [serve]                       # the web front desk: checked by handouts.serve.config

An unknown section or key, a wrong type or value is a :class:`~handouts.errors.SettingsError`
naming ``handouts.toml:LINE``, the key and the fix; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NoReturn

from handouts.errors import SettingsError, close_matches
from handouts.textfile import MB, Limits, file_kind, parse_size, toml_document
from handouts.workspace.discovery import MARKER

PAPERS: Final = ("A4", "Letter")
_MAX_BYTES: Final = 1 * MB  # the settings file itself
_LANG: Final = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


def language_code(value: str) -> str:
    """A language as people write it → a catalog's code, as ``--lang`` reads it
    (:func:`handouts.i18n.languages.base`): ``TH``, ``th-TH``, ``th_TH`` → ``th``. (An ISO 639-2
    code, ``tha``, is left as written: named as no language of the workspace, with the list.)

    >>> [language_code(v) for v in ("th", "TH", "th-TH", "my_MM", "tha", "en-US")]
    ['th', 'th', 'th', 'my', 'tha', 'en']
    """
    return value.strip().replace("_", "-").split("-", 1)[0].lower()


# sections another module reads and checks strictly itself: [serve] (handouts.serve.config)
DELEGATED: Final = ("serve",)
_SCHEMA: Final[dict[str, dict[str, str]]] = {
    "defaults": {
        "clinic": 'clinic = "my-clinic"',
        "languages": 'languages = ["th", "en"]',
        "paper": 'paper = "A4"',
        "printer": 'printer = "front-desk"',
    },
    "limits": {"article": 'article = "1 MB"', "catalog": 'catalog = "20 MB"', "other": 'other = "1 MB"'},
}


@dataclass(frozen=True, slots=True)
class Settings:
    """A workspace's settings; every field None/empty when ``handouts.toml`` does not set it."""

    path: Path | None = None  # the handouts.toml read (None: the workspace has none)
    clinic: str | None = None
    languages: tuple[str, ...] = ()
    paper: str | None = None
    printer: str | None = None
    limits: Limits = field(default_factory=Limits)

    def line_of(self, section: str, key: str) -> int | None:
        """The line of ``key =`` in ``[section]`` of the settings file (for messages)."""
        if self.path is None:
            return None
        try:
            return _line_of(self.path.read_text(encoding="utf-8-sig"), section, key)
        except (OSError, UnicodeDecodeError):
            return None


def load_settings(workspace: Path) -> Settings:
    """The settings of ``workspace`` (its ``handouts.toml``), checked; defaults when it has none."""
    path = workspace / MARKER
    try:
        kind = file_kind(path.stat().st_mode)  # (through a link: the file it names)
    except FileNotFoundError:
        return Settings() if not path.is_symlink() else _unreadable(path, "is a link to nothing")
    except OSError as e:
        raise SettingsError(f"cannot be read: {e.strerror}", path=path) from None
    if kind is not None:  # a folder or a pipe where the settings file belongs: never silently ignored
        _unreadable(path, f"is {kind}, not a file")
    try:
        raw = path.read_bytes()[: _MAX_BYTES + 1]
    except OSError as e:
        raise SettingsError(f"cannot be read: {e.strerror}", path=path) from None
    if len(raw) > _MAX_BYTES:
        raise SettingsError("is larger than 1 MB: not a settings file", path=path, hint="keep only the settings in it")
    text, data = toml_document(raw, path, SettingsError)
    return _check(path, text, data)


def _unreadable(path: Path, what: str) -> NoReturn:
    raise SettingsError(what, path=path, hint="make it a text file of settings, or remove it: every key is "
                        "optional, and an empty file is fine")  # fmt: skip


def _check(path: Path, text: str, data: dict[str, Any]) -> Settings:
    def fail(section: str, key: str | None, message: str, hint: str) -> SettingsError:
        label = f"[{section}]" + (f".{key}" if key else "")
        line = _line_of(text, section, key) if key else _section_line(text, section)
        return SettingsError(message, path=path, line=line, key=label, hint=hint)

    for section, table in data.items():
        if section in DELEGATED:
            continue  # checked by the module that owns it
        if section not in _SCHEMA:
            close = close_matches(section, _SCHEMA)
            owner = next((s for s, keys in _SCHEMA.items() if section in keys), None)
            hint = (f"did you mean [{close[0]}]?" if close else f"{section} belongs under [{owner}]" if owner
                    else "sections: [defaults], [limits] and [serve]")  # fmt: skip
            raise SettingsError(f"unknown key {section!r}", path=path, line=_section_line(text, section) or
                                _line_of(text, "", section), key=section, hint=hint)  # fmt: skip
        if not isinstance(table, dict):
            raise fail(
                section, None, f"[{section}] must be a table", f"write [{section}] on its own line, the keys below"
            )
        for key in table:
            if key not in _SCHEMA[section]:
                close = close_matches(key, _SCHEMA[section])
                hint = f"did you mean {close[0]}?" if close else f"keys of [{section}]: {', '.join(_SCHEMA[section])}"
                raise fail(section, key, f"unknown key {key!r}", hint)

    defaults: dict[str, Any] = data.get("defaults", {})
    out: dict[str, Any] = {}
    for key in ("clinic", "printer"):
        if key in defaults:
            value = defaults[key]
            if not isinstance(value, str) or not value.strip():
                raise fail("defaults", key, "must be a non-empty string", f"write {_SCHEMA['defaults'][key]}")
            out[key] = value.strip()
    if "paper" in defaults:
        value = defaults["paper"]
        matched = [p for p in PAPERS if isinstance(value, str) and p.casefold() == value.strip().casefold()]
        if not matched:
            raise fail(
                "defaults", "paper", f"{value!r} is not a supported paper size", 'write paper = "A4" or "Letter"'
            )
        out["paper"] = matched[0]
    if "languages" in defaults:
        value = defaults["languages"]
        if not isinstance(value, list) or not value:
            raise fail("defaults", "languages", "must be a non-empty array of language codes",
                       'write languages = ["th", "en"]')  # fmt: skip
        langs: list[str] = []
        for lang in value:
            if not isinstance(lang, str) or not _LANG.match(lang.strip()):
                raise fail("defaults", "languages", f"{lang!r} is not a language code", 'write e.g. languages = ["th"]')
            code = language_code(lang)  # (th-TH, as a hospital system writes it: th, as --lang reads it)
            if code in langs:
                raise fail("defaults", "languages", f"{lang!r} is listed twice" + (f" (as {code})" if code != lang else ""),
                           "list each language once")  # fmt: skip
            langs.append(code)
        out["languages"] = tuple(langs)

    limits: dict[str, int] = {}
    for key, value in data.get("limits", {}).items():
        size = parse_size(value)
        if size is None:
            raise fail("limits", key, f"{value!r} is not a size", 'write a number of bytes or e.g. "2 MB"')
        limits[key] = size
    return Settings(path, limits=Limits(**limits), **out)


def _section_line(text: str, section: str) -> int | None:
    for number, raw in enumerate(text.splitlines(), start=1):
        if re.fullmatch(rf"\s*\[\s*{re.escape(section)}\s*\]\s*(#.*)?", raw):
            return number
    return None


def _line_of(text: str, section: str, key: str) -> int | None:
    """1-based line of ``key =`` inside ``[section]`` (``section`` "" : before any section)."""
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        header = re.fullmatch(r"\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?", raw)
        if header:
            current = header.group(1)
            continue
        if current == section and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", raw):
            return number
    return None


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def settings_text(
    *,
    clinic: str | None,
    languages: tuple[str, ...] = (),
    paper: str | None = None,
    printer: str | None = None,
    demo: bool = False,
) -> str:
    """The ``handouts.toml`` that ``handouts init`` writes."""
    what = "the demo workspace (fictional clinics)" if demo else "this clinic's workspace"
    lines = [
        f"# Settings of {what}. Every key is optional; an unknown key is an error.",
        "# Command-line options win over these defaults.",
        "",
        "[defaults]",
        f"clinic = {_q(clinic)}" if clinic else '# clinic = "my-clinic"          # an id under clinics/',
        ("languages = [" + ", ".join(_q(lang) for lang in languages) + "]")
        if languages
        else '# languages = ["th", "en"]      # render: the first the article has',
        f"paper = {_q(paper)}" if paper else '# paper = "A4"                  # "A4" or "Letter" (ad-hoc batches)',
        # a CUPS name may hold a quote or a backslash (front"desk wrote a handouts.toml no command could read)
        f"printer = {_q(printer)}" if printer else '# printer = "front-desk"        # batch --print without --printer',
        "",
        "[limits]                         # size caps of input files",
        'article = "1 MB"',
        'catalog = "20 MB"',
        'other = "1 MB"                   # clinics, bundles, templates',
        "",
    ]
    return "\n".join(lines)
