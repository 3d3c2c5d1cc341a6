"""Bundle TOML (or command-line options) → a checked :class:`Bundle`, errors naming file:line:key.

A bundle is ``bundles/<id>.toml`` (in a sub-folder, ``bundles/ward-3/rack.toml`` is ``ward-3/rack``)::

    [bundle]
    name = "Waiting room"          # optional [the file name]
    paper = "A4"                   # optional, "A4" or "Letter" ["A4"]: lp media and separator size
    duplex = true                  # optional [false]: print two-sided, pad odd handouts in --combine
    separator = false              # optional [false]: a separator sheet per handout in --combine
    printer = "front-desk"         # optional: the CUPS printer for --print (after --printer)

    [[items]]
    article = "back-pain-after-surgery"   # required: an id under articles/ or a .md path (the workspace's)
    clinic = "demo"                        # required: an id under clinics/ or a .toml path (the workspace's)
    languages = ["th", "en"]               # optional [every language of the article]; TH, th-TH, tha are th
    copies = 20                            # optional [1], 1..9999, per language
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from handouts.errors import HandoutError, close_matches
from handouts.textfile import read_text, shown_from, toml_error, toml_loads, workspace_of

MAX_COPIES: Final = 9999  # CUPS' default MaxCopies
PAPERS: Final = ("A4", "Letter")
_BUNDLE_KEYS: Final[dict[str, tuple[type, str]]] = {
    "name": (str, '"Waiting room"'),
    "paper": (str, '"A4"'),
    "duplex": (bool, "true"),
    "separator": (bool, "false"),
    "printer": (str, '"front-desk"'),
}
_ITEM_KEYS: Final[dict[str, tuple[type, str]]] = {
    "article": (str, '"back-pain-after-surgery"'),
    "clinic": (str, '"demo"'),
    "languages": (list, '["th", "en"]'),
    "copies": (int, "20"),
}
_OPTION: Final = {"languages": "lang"}  # bundle key → ad-hoc command-line option


class BundleError(HandoutError):
    """A bundle (or the ad-hoc options standing for one) is wrong; nothing was rendered."""


@dataclass(frozen=True, slots=True)
class Item:
    """One ``[[items]]`` entry. ``languages`` None: every language the article has."""

    article: str
    clinic: str
    languages: tuple[str, ...] | None = None
    copies: int = 1
    index: int = 0  # 0-based position in the bundle (``items[1]`` in messages is index 0)


@dataclass(frozen=True, slots=True)
class Bundle:
    """A checked bundle. ``path`` is None for an ad-hoc batch built from command-line options."""

    id: str
    name: str
    items: tuple[Item, ...]
    paper: str = "A4"
    duplex: bool = False
    separator: bool = False
    path: Path | None = None
    printer: str | None = None  # [bundle] printer

    def where(self, index: int | None, key: str | None) -> tuple[Path | None, int | None, str | None]:
        """(file, line, key label) of ``items[index].key`` (or of a ``[bundle]`` key when index is None)."""
        if self.path is None:  # ad hoc: name the command-line option
            return None, None, f"--{_OPTION.get(key, key)}" if key else None
        text = _read_text(self.path)
        if index is None:
            return self.path, _line_of(text, "bundle", None, key) if key else None, f"[bundle].{key}" if key else None
        label = f"items[{index + 1}]" + (f".{key}" if key else "")
        return self.path, _line_of(text, "items", index, key), label

    def error(self, index: int | None, key: str | None, message: str, hint: str | None = None) -> BundleError:
        """An error at ``items[index].key``, the file named from its workspace (``bundles/x.toml:14``)."""
        path, line, label = self.where(index, key)
        shown = shown_from(path, workspace_of(path)) if path is not None else None
        return BundleError(message, path=shown, line=line, key=label, hint=hint)


def find_bundle(ref: str, workspace: Path) -> Path:
    """``ref`` is a bundle id under ``bundles/`` or a path to a ``.toml`` file."""
    ref = ref.strip()
    folder = workspace / "bundles"
    nested = Path(ref.replace("\\", "/"))
    if ("/" in ref or "\\" in ref) and not ref.endswith(".toml") and not nested.is_absolute() and ".." not in nested.parts:
        candidate = folder / f"{nested.as_posix()}.toml"  # an id in a sub-folder of bundles/ (ward-3/rack)
        if os.path.lexists(candidate):
            return candidate
    if ref.endswith(".toml") or "/" in ref or "\\" in ref:
        path = Path(ref).expanduser()
        if not path.is_absolute() and not path.exists() and (workspace / path).exists():
            path = workspace / path
        if not path.is_file():
            what = "is a folder, not a bundle TOML file" if path.is_dir() else "bundle file not found"
            raise BundleError(what, path=ref, hint=f"give a bundle id ({_known(folder)}) or a .toml path")
        return path
    path = folder / f"{ref}.toml"
    if ref and os.path.lexists(path):  # (a folder or a FIFO of that name: loading it says so, not "unknown")
        return path
    ids = _bundle_ids(folder)
    close = close_matches(ref, ids)
    hint = f"did you mean {close[0]}? " if close else ""
    hint += f"known bundles: {', '.join(ids)}" if ids else f"no bundle TOML files in {folder}"
    raise BundleError(f"unknown bundle {ref!r}", path=path, hint=hint)


def _bundle_ids(folder: Path) -> list[str]:
    """The ids of the bundles under ``folder``, those in sub-folders as ``ward-3/rack``."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.toml") if p.is_file())


def bundle_id(path: Path) -> str:
    """A bundle's id: its path under its workspace's ``bundles/`` without ``.toml`` (``ward-3/rack``:
    two ``rack.toml`` in different sub-folders get different ``out/`` folders), else its file name."""
    workspace = workspace_of(path)
    if workspace is not None:
        try:
            return path.absolute().relative_to((workspace / "bundles").absolute()).with_suffix("").as_posix()
        except ValueError:
            pass
    return path.stem


def _known(folder: Path) -> str:
    ids = _bundle_ids(folder)
    return "known: " + ", ".join(ids) if ids else f"none in {folder}"


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError:
        return ""
    except UnicodeDecodeError:
        return ""


def _line_of(text: str, section: str, index: int | None, key: str | None) -> int | None:
    """1-based line of ``[section]`` / the index-th ``[[section]]``, or of ``key =`` inside it."""
    current: tuple[str, int] | None = None
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.fullmatch(r"(\[\[?)\s*([A-Za-z0-9_.\"'-]+?)\s*\]\]?\s*(?:#.*)?", line)
        if header:
            name = header.group(2).strip("\"'")
            n = seen.get(name, -1) + 1 if header.group(1) == "[[" else 0
            seen[name] = n
            current = (name, n)
            if key is None and name == section and (index is None or n == index):
                return number
            continue
        if (
            key is not None
            and current == (section, index or 0)
            and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", line)
        ):
            return number
    return None


def load_bundle(path: Path) -> Bundle:
    """Read and check a bundle TOML (syntax, keys, types, copies); see the module docstring."""
    path = Path(path)
    text, _ = read_text(path, BundleError, "bundle file")
    try:
        data = toml_loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _syntax_error(path, text, e) from None
    ident = bundle_id(path)
    shell = Bundle(ident, path.stem, (), path=path)

    for name in data:
        if name not in ("bundle", "items"):
            close = close_matches(name, ["bundle", "items"])
            if not close and name in _BUNDLE_KEYS:
                close = [f"bundle].{name} (under [bundle]"]
            elif not close and name in _ITEM_KEYS:
                close = [f"[items]].{name} (under [[items]]"]
            hint = f"did you mean [{close[0]}]?" if close else "known: [bundle] and [[items]]"
            raise BundleError(f"unknown key {name!r}", path=path, line=_top_line(text, name), key=name, hint=hint)

    head = data.get("bundle", {})
    if not isinstance(head, dict):
        raise shell.error(None, None, "[bundle] must be a table", "write [bundle] on its own line, the keys below it")
    _check_keys(shell, None, head, _BUNDLE_KEYS)
    name = head.get("name", path.stem)
    if not name.strip():
        raise shell.error(None, "name", "must not be empty", 'write e.g. name = "Waiting room", or remove the key')
    paper = head.get("paper", "A4")
    matched = [p for p in PAPERS if p.casefold() == paper.casefold()]
    if not matched:
        raise shell.error(None, "paper", f"{paper!r} is not a supported paper size", 'write paper = "A4" or "Letter"')

    items_raw = data.get("items")
    if items_raw is None or (isinstance(items_raw, list) and not items_raw):
        raise BundleError(
            "the bundle has no [[items]]",
            path=path,
            key="items",
            hint='add one: [[items]] then article = "...", clinic = "..."',
        )
    if not isinstance(items_raw, list) or not all(isinstance(i, dict) for i in items_raw):
        raise BundleError(
            "items must be an array of tables",
            path=path,
            line=_top_line(text, "items"),
            key="items",
            hint="write each item as a [[items]] section",
        )
    items: list[Item] = []
    for index, entry in enumerate(items_raw):
        _check_keys(shell, index, entry, _ITEM_KEYS)
        for required in ("article", "clinic"):
            if required not in entry:
                raise shell.error(index, None, f"{required} is missing", f"add {required} = {_ITEM_KEYS[required][1]}")
            if not entry[required].strip():
                raise shell.error(index, required, "must not be empty", f"write {required} = {_ITEM_KEYS[required][1]}")
        languages = entry.get("languages")
        if languages is not None:
            languages = _languages(shell, index, languages)
        copies = _copies(shell, index, entry.get("copies", 1))
        items.append(Item(entry["article"].strip(), entry["clinic"].strip(), languages, copies, index))
    return Bundle(
        ident,
        name.strip(),
        tuple(items),
        matched[0],
        bool(head.get("duplex", False)),
        bool(head.get("separator", False)),
        path,
        head.get("printer", "").strip() or None,
    )


def _top_line(text: str, key: str) -> int | None:
    for number, raw in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*(\[\[?\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\])", raw):
            return number
    return None


def _check_keys(b: Bundle, index: int | None, table: dict[str, Any], schema: dict[str, tuple[type, str]]) -> None:
    where = "[bundle]" if index is None else f"items[{index + 1}]"
    for key, value in table.items():
        if key not in schema:
            close = close_matches(key, schema)
            other = _ITEM_KEYS if index is None else _BUNDLE_KEYS
            if close:
                hint = f"did you mean {close[0]}?"
            elif key in other:
                hint = f"{key} belongs in {'[[items]]' if index is None else '[bundle]'}"
            else:
                hint = f"known keys in {where}: {', '.join(schema)}"
            raise b.error(index, key, f"unknown key {key!r}", hint)
        expected, example = schema[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            shown = f" ({value!r})" if isinstance(value, (int, float, str)) and len(repr(value)) <= 40 else ""
            raise b.error(
                index, key, f"must be {_type_name(expected)}, not {_type_name(type(value))}{shown}", f"write {key} = {example}"
            )


def _type_name(t: type) -> str:
    return {
        bool: "true or false",
        str: "a string",
        int: "a whole number",
        list: "an array",
        dict: "a table",
        float: "a decimal number",
    }.get(t, "a date/time")


def _languages(b: Bundle, index: int | None, value: list[Any]) -> tuple[str, ...]:
    if not value:
        raise b.error(index, "languages", "must not be empty", 'write e.g. languages = ["th", "en"], or remove the key')
    out: list[str] = []
    example = 'write e.g. languages = ["th", "en"]' if b.path is not None else "give e.g. --lang th --lang en"
    for lang in value:
        if not isinstance(lang, str) or not lang.strip():
            raise b.error(index, "languages", f"{lang!r} is not a language code", example)
        if lang.strip() in out:
            raise b.error(index, "languages", f"{lang!r} is listed twice", "list each language once")
        out.append(lang.strip())
    return tuple(out)


def _copies(b: Bundle, index: int | None, value: int) -> int:
    if value < 1:
        raise b.error(
            index,
            "copies",
            f"{value} copies: must be at least 1",
            f"give a whole number from 1 to {MAX_COPIES}",
        )
    if value > MAX_COPIES:
        raise b.error(index, "copies", f"{value} copies: more than {MAX_COPIES}", "split it into several batches")
    return value


def _syntax_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> BundleError:
    message, line, _column = toml_error(text, exc)
    return BundleError(
        f"TOML syntax error: {message}",
        path=path,
        line=line,
        hint="check the quotes, brackets and '=' on that line; text values need double quotes",
    )


def adhoc_bundle(
    articles: Sequence[str],
    clinics: Sequence[str],
    languages: Sequence[str] | None,
    copies: int,
    *,
    paper: str = "A4",
    duplex: bool = False,
    separator: bool = False,
) -> Bundle:
    """A bundle from command-line options: every article × every clinic, the same languages and copies."""
    shell = Bundle("batch", "ad-hoc batch", ())
    if not articles:
        raise shell.error(0, "article", "no article given", "give --article ID (repeat it for more)")
    if not clinics:
        raise shell.error(0, "clinic", "no clinic given", "give --clinic ID (repeat it for more)")
    langs = _languages(shell, 0, list(languages)) if languages else None
    _copies(shell, 0, copies)
    items = tuple(Item(a, c, langs, copies, i) for i, (a, c) in enumerate((a, c) for a in articles for c in clinics))
    return Bundle("batch", "ad-hoc batch", items, check_paper(paper), duplex, separator)


def check_paper(paper: str) -> str:
    """``paper`` spelled as :data:`PAPERS` spells it (the ``--paper`` option)."""
    matched = [p for p in PAPERS if p.casefold() == paper.casefold()]
    if not matched:
        raise BundleError(f"{paper!r} is not a supported paper size", key="--paper", hint="give A4 or Letter")
    return matched[0]
