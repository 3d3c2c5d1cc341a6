"""Waiting-room batches: a bundle of (article, clinic, languages, copies) → one PDF per handout.

A bundle is ``bundles/<id>.toml``::

    [bundle]
    name = "Waiting room"          # optional [the file name]
    paper = "A4"                   # optional, "A4" or "Letter" ["A4"]: lp media and separator size
    duplex = true                  # optional [false]: print two-sided, pad odd handouts in --combine
    separator = false              # optional [false]: a separator sheet per handout in --combine

    [[items]]
    article = "back-pain-after-surgery"   # required: an id under articles/ or a .md path
    clinic = "demo"                        # required: an id under clinics/ or a .toml path
    languages = ["th", "en"]               # optional [every language of the article]
    copies = 20                            # optional [1], 1..9999, per language

Every distinct (article, clinic, language) is rendered **once**, however many copies are asked
for (items naming the same one add their copies); copies are what the printer (``lp -n``) or
the combined print file multiply. :func:`plan` checks everything before any work starts (the
bundle's keys and values, and that every article, clinic and language loads) and raises
:class:`BundleError` naming the bundle file, line and key.

:func:`run` renders the jobs in a process pool (one :class:`~handouts.pipeline.RenderContext`
per job), keeps going when a job fails (unless ``fail_fast``), writes each PDF atomically and
keeps ``DIR/manifest.json`` true at every moment: it is rewritten atomically as jobs complete and
once more in a ``finally`` (so Ctrl-C leaves a manifest saying which jobs were done and which
were ``cancelled``). A job whose input hash (see :class:`_Hasher`) and output sha256 match the
manifest's record is ``skipped``. :func:`locked_output` holds ``DIR/.handouts-batch.lock`` so
that two batches never write the same folder at once. :func:`combine` builds one print-order
PDF (copies expanded, blank backs for odd handouts when duplex, optional separator sheets).

No terminal code here: progress is reported through callbacks; :mod:`handouts.cli.batch` draws it.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import json
import logging
import multiprocessing
import os
import re
import signal
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Final, Literal

from handouts import __version__, pipeline
from handouts.errors import HandoutError, OutputError
from handouts.textfile import read_text

__all__ = [
    "MANIFEST",
    "USABLE",
    "Bundle",
    "BundleError",
    "Combined",
    "Item",
    "Job",
    "JobRecord",
    "Options",
    "OutputDir",
    "Result",
    "adhoc_bundle",
    "check_paper",
    "combine",
    "find_bundle",
    "load_bundle",
    "locked_output",
    "plan",
    "prepare_output",
    "run",
]

MANIFEST: Final = "manifest.json"
LOCK: Final = ".handouts-batch.lock"
FORMAT: Final = 1
MAX_COPIES: Final = 9999  # CUPS' default MaxCopies
PAPERS: Final = ("A4", "Letter")
Status = Literal["pending", "ok", "warnings", "failed", "skipped", "cancelled"]
USABLE: Final = frozenset({"ok", "warnings", "skipped"})  # the output file is there and current

_BUNDLE_KEYS: Final[dict[str, tuple[type, str]]] = {
    "name": (str, '"Waiting room"'),
    "paper": (str, '"A4"'),
    "duplex": (bool, "true"),
    "separator": (bool, "false"),
}
_ITEM_KEYS: Final[dict[str, tuple[type, str]]] = {
    "article": (str, '"back-pain-after-surgery"'),
    "clinic": (str, '"demo"'),
    "languages": (list, '["th", "en"]'),
    "copies": (int, "20"),
}
_OPTION: Final = {"languages": "lang"}  # bundle key → ad-hoc command-line option
_DEPENDENCIES: Final = ("reportlab", "uharfbuzz", "fontpkg-sarabun", "thaibreak", "jinja2", "babel", "markdown-it-py")

log = logging.getLogger("handouts")


class BundleError(HandoutError):
    """A bundle (or the ad-hoc options standing for one) is wrong; nothing was rendered."""


class BatchLockedError(HandoutError):
    """Another batch holds the output folder's lock."""


# --------------------------------------------------------------------------- bundles


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
        path, line, label = self.where(index, key)
        return BundleError(message, path=path, line=line, key=label, hint=hint)


def find_bundle(ref: str, workspace: Path) -> Path:
    """``ref`` is a bundle id under ``bundles/`` or a path to a ``.toml`` file."""
    ref = ref.strip()
    folder = workspace / "bundles"
    if ref.endswith(".toml") or "/" in ref or "\\" in ref:
        path = Path(ref).expanduser()
        if not path.is_absolute() and not path.exists() and (workspace / path).exists():
            path = workspace / path
        if not path.is_file():
            what = "is a folder, not a bundle TOML file" if path.is_dir() else "bundle file not found"
            raise BundleError(what, path=ref, hint=f"give a bundle id ({_known(folder)}) or a .toml path")
        return path
    path = folder / f"{ref}.toml"
    if ref and path.is_file():
        return path
    ids = _bundle_ids(folder)
    close = difflib.get_close_matches(ref, ids, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    hint += f"known bundles: {', '.join(ids)}" if ids else f"no bundle TOML files in {folder}"
    raise BundleError(f"unknown bundle {ref!r}", path=path, hint=hint)


def _bundle_ids(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.toml") if p.is_file()) if folder.is_dir() else []


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
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _syntax_error(path, text, e) from None
    shell = Bundle(path.stem, path.stem, (), path=path)

    for name in data:
        if name not in ("bundle", "items"):
            close = difflib.get_close_matches(name, ["bundle", "items"], n=1)
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
        path.stem,
        name.strip(),
        tuple(items),
        matched[0],
        bool(head.get("duplex", False)),
        bool(head.get("separator", False)),
        path,
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
            close = difflib.get_close_matches(key, list(schema), n=1)
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
            raise b.error(
                index, key, f"must be {_type_name(expected)}, not {_type_name(type(value))}", f"write {key} = {example}"
            )


def _type_name(t: type) -> str:
    return {
        bool: "true or false",
        str: "a string",
        int: "a whole number",
        list: "an array",
        dict: "a table",
        float: "a number",
    }.get(t, "a date/time")


def _languages(b: Bundle, index: int | None, value: list[Any]) -> tuple[str, ...]:
    if not value:
        raise b.error(index, "languages", "must not be empty", 'write e.g. languages = ["th", "en"], or remove the key')
    out: list[str] = []
    for lang in value:
        if not isinstance(lang, str) or not lang.strip():
            raise b.error(index, "languages", f"{lang!r} is not a language code", 'write e.g. languages = ["th", "en"]')
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
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", message)
    if found:
        line = line or int(found.group(1))
    elif message.endswith("(at end of document)"):
        line = line or max(1, len(text.splitlines()))
    message = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)\s*$", "", message)
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


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True, slots=True)
class Options:
    """What every job of a batch shares (and what goes into its input hash)."""

    workspace: Path
    profile: str = "standard"
    strict: bool = False
    today: dt.date = field(default_factory=pipeline.today_from_env)


@dataclass(frozen=True, slots=True)
class Job:
    """One distinct (article, clinic, language) to render, with the copies all items asked for."""

    article: str  # as written in the bundle
    clinic: str
    lang: str
    copies: int
    output: str  # file name relative to the output folder
    article_path: Path  # resolved
    clinic_path: Path
    input_hash: str
    clinic_name: str = ""
    items: tuple[int, ...] = ()  # bundle item indexes that asked for it


def plan(bundle: Bundle, options: Options) -> list[Job]:
    """Check every item (article, clinic and language load) and return the distinct jobs in bundle order.

    Raises :class:`BundleError` naming the bundle file, the item and the key on the first problem.
    """
    from handouts.branding import find_clinic, load_brand
    from handouts.content.article import find_article, load_article
    from handouts.diagnostics import Diagnostics
    from handouts.i18n import available_languages, catalog_path, load_catalog
    from handouts.layout.styles import PROFILES

    ws = options.workspace
    if options.profile not in PROFILES:
        raise BundleError(
            f"unknown profile {options.profile!r}", key="--profile", hint=f"profiles: {', '.join(PROFILES)}"
        )
    hasher = _Hasher(options)
    articles: dict[str, Any] = {}
    brands: dict[str, Any] = {}
    checked_catalogs: set[tuple[str, str]] = set()
    jobs: dict[tuple[Path, Path, str], Job] = {}
    outputs: dict[str, tuple[Path, Path, str]] = {}
    for item in bundle.items:
        try:
            if item.article not in articles:
                articles[item.article] = load_article(find_article(item.article, ws))
            article = articles[item.article]
        except HandoutError as e:
            raise bundle.error(item.index, "article", str(e)) from None
        try:
            if item.clinic not in brands:
                brands[item.clinic] = load_brand(find_clinic(item.clinic, ws), ws, Diagnostics())
            brand = brands[item.clinic]
        except HandoutError as e:
            raise bundle.error(item.index, "clinic", str(e)) from None
        source = article.front["lang"]
        known = available_languages(ws / "locales", source)
        for lang in item.languages or tuple(known):
            if lang not in known:
                close = difflib.get_close_matches(lang, known, n=1)
                hint = (
                    f"did you mean {close[0]}? " if close else ""
                ) + f"languages of {article.id}: {', '.join(known)}"
                raise bundle.error(item.index, "languages", f"unknown language {lang!r}", hint)
            if (source, lang) not in checked_catalogs:
                try:
                    load_catalog(ws / "locales", lang, source)
                except HandoutError as e:
                    raise bundle.error(item.index, "languages", str(e)) from None
                checked_catalogs.add((source, lang))
            a_path, c_path = article.path.resolve(), Path(find_clinic(item.clinic, ws)).resolve()
            key = (a_path, c_path, lang)
            if key in jobs:
                old = jobs[key]
                jobs[key] = dataclasses.replace(old, copies=old.copies + item.copies, items=(*old.items, item.index))
                continue
            output = f"{article.id}.{brand.id}.{lang}.pdf"
            if output in outputs:
                raise bundle.error(
                    item.index,
                    "clinic",
                    f"two different inputs would both write {output}",
                    "give the articles or clinics distinct file names",
                )
            outputs[output] = key
            catalog = catalog_path(ws / "locales", lang) if lang != source else None
            overdue = article.front["next_review"] < options.today
            digest = hasher.job(a_path, c_path, brand.logo, catalog, lang, overdue)
            jobs[key] = Job(
                item.article,
                item.clinic,
                lang,
                item.copies,
                output,
                a_path,
                c_path,
                digest,
                brand.name(lang),
                (item.index,),
            )
    return list(jobs.values())


class _Hasher:
    """sha256 of a job's inputs; files are read once per batch."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.files: dict[Path, str] = {}
        ws = options.workspace
        common = hashlib.sha256(b"handouts-batch-inputs/1\0")
        versions = {"handouts": __version__} | {name: _version_of(name) for name in _DEPENDENCIES}
        common.update(
            json.dumps(
                {"versions": versions, "profile": options.profile, "strict": options.strict}, sort_keys=True
            ).encode()
        )
        templates = ws / "templates"
        if templates.is_dir():
            for path in sorted(p for p in templates.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
                common.update(b"template\0" + str(path.relative_to(templates)).encode() + b"\0")
                common.update(self.file(path).encode())
        words = ws / "locales" / "th" / "words.txt"
        common.update(b"words\0" + (self.file(words).encode() if words.is_file() else b"-"))
        self.common = common.hexdigest()

    def file(self, path: Path) -> str:
        if path not in self.files:
            h = hashlib.sha256()
            with path.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            self.files[path] = h.hexdigest()
        return self.files[path]

    def job(
        self, article: Path, clinic: Path, logo: Path | None, catalog: Path | None, lang: str, overdue: bool
    ) -> str:
        parts = {
            "common": self.common,
            "article": self.file(article),
            "clinic": self.file(clinic),
            "logo": self.file(logo) if logo else None,
            "catalog": self.file(catalog) if catalog and catalog.is_file() else None,
            "lang": lang,
            "review_overdue": overdue,  # the only way today's date changes a render (a warning)
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _version_of(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


# --------------------------------------------------------------------------- output folder


def prepare_output(folder: Path) -> Path:
    """Create ``folder`` if needed and check that it can be written; raise :class:`OutputError` if not."""
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file, not a folder", path=folder, key="--out", hint="choose another output folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(
            f"cannot create the output folder: {e.strerror}",
            path=folder,
            key="--out",
            hint="choose a folder you can write to",
        ) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".handouts-write-test.", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as e:
        raise OutputError(
            f"cannot write to the output folder: {e.strerror}",
            path=folder,
            key="--out",
            hint="choose a folder you can write to",
        ) from None
    return folder


@dataclass(frozen=True, slots=True)
class OutputDir:
    """An output folder whose lock this process holds (see :func:`locked_output`)."""

    path: Path

    @property
    def manifest(self) -> Path:
        return self.path / MANIFEST


@contextmanager
def locked_output(folder: Path, wait: float = 0.0) -> Iterator[OutputDir]:
    """Hold ``folder/.handouts-batch.lock`` (waiting up to ``wait`` seconds) for a whole batch."""
    from filelock import FileLock, Timeout

    prepare_output(folder)
    lock = FileLock(folder / LOCK, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        waited = f" after waiting {wait:g} s" if wait > 0 else ""
        raise BatchLockedError(
            f"another batch is writing to this folder (lock {LOCK} is held){waited}",
            path=folder,
            hint="wait for it to finish, give --wait SECONDS, or choose another --out",
        ) from None
    except OSError as e:
        raise OutputError(f"cannot create the lock file {LOCK}: {e.strerror}", path=folder) from None
    try:
        yield OutputDir(folder)
    finally:
        lock.release()


# --------------------------------------------------------------------------- running


@dataclass(slots=True)
class JobRecord:
    """A job and what became of it: one entry of ``manifest.json``."""

    job: Job
    status: Status = "pending"
    pages: int | None = None
    sha256: str | None = None
    title: str = ""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def usable(self) -> bool:
        return self.status in USABLE

    def to_json(self) -> dict[str, Any]:
        j = self.job
        done = self.usable
        return {
            "article": j.article,
            "clinic": j.clinic,
            "lang": j.lang,
            "copies": j.copies,
            "title": self.title,
            "output": j.output if done else None,
            "pages": self.pages if done else None,
            "sha256": self.sha256 if done else None,
            "status": self.status,
            "warnings": list(self.warnings),
            "seconds": round(self.seconds, 3),
            "error": self.error,
            "input_hash": j.input_hash,
        }


@dataclass(slots=True)
class Result:
    """A batch run: every job's record, in bundle order."""

    out: OutputDir
    bundle: Bundle
    options: Options
    records: list[JobRecord]
    started: dt.datetime
    seconds: float = 0.0
    complete: bool = False
    interrupted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # "combined", "printed": added by the caller

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def usable(self) -> list[JobRecord]:
        return [r for r in self.records if r.usable]

    @property
    def exit_code(self) -> int:
        """0: every job usable; 4: some failed or were cancelled; 1: nothing usable."""
        from handouts.errors import ExitCode

        if all(r.usable for r in self.records):
            return int(ExitCode.OK)
        return int(ExitCode.BATCH_PARTIAL) if self.usable else int(ExitCode.ERROR)

    def summary(self) -> dict[str, int]:
        keys = ("ok", "warnings", "failed", "skipped", "cancelled", "pending")
        return {"jobs": len(self.records)} | {k: self.count(k) for k in keys}

    def to_json(self) -> dict[str, Any]:
        b = self.bundle
        data: dict[str, Any] = {
            "format": FORMAT,
            "handouts": __version__,
            "bundle": {
                "id": b.id,
                "name": b.name,
                "path": str(b.path) if b.path else None,
                "paper": b.paper,
                "duplex": b.duplex,
                "separator": b.separator,
            },
            "options": {
                "workspace": str(self.options.workspace),
                "profile": self.options.profile,
                "strict": self.options.strict,
                "today": self.options.today.isoformat(),
            },
            "started": self.started.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "complete": self.complete,
            "interrupted": self.interrupted,
            "summary": self.summary(),
            "jobs": [r.to_json() for r in self.records],
        }
        data.update(self.extra)
        return data

    def write_manifest(self) -> Path:
        from handouts.outputs import write_atomic

        text = json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"
        return write_atomic(self.out.manifest, text.encode("utf-8"))


def read_manifest(out: OutputDir) -> dict[str, dict[str, Any]]:
    """The previous manifest's job entries by output name; {} when there is none or it is unreadable."""
    try:
        data = json.loads(out.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("jobs"), list):
        return {}
    return {j["output"]: j for j in data["jobs"] if isinstance(j, dict) and isinstance(j.get("output"), str)}


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _up_to_date(job: Job, old: dict[str, Any] | None, out: OutputDir) -> bool:
    if not old or old.get("status") not in USABLE or old.get("input_hash") != job.input_hash:
        return False
    sha = old.get("sha256")
    return isinstance(sha, str) and _sha256_file(out.path / job.output) == sha


@dataclass(frozen=True, slots=True)
class _Task:
    """What a worker needs (picklable): absolute paths and the options."""

    index: int
    article: str
    clinic: str
    lang: str
    workspace: str
    today: dt.date
    profile: str
    strict: bool


@dataclass(frozen=True, slots=True)
class _Outcome:
    index: int
    pdf: bytes | None
    pages: int
    title: str
    warnings: tuple[str, ...]
    seconds: float
    error: str | None


def _render_task(task: _Task) -> _Outcome:
    """Render one job (in a worker process, or in this one with ``jobs=1``)."""
    t0 = time.perf_counter()
    ctx = pipeline.RenderContext(Path(task.workspace), today=task.today, profile=task.profile)
    try:
        r = pipeline.render_checked(task.article, task.clinic, task.lang, ctx, strict=task.strict)
    except HandoutError as e:
        error = str(e)
    except Exception as e:  # a bug in one job must not stop the others; the manifest names it
        error = f"internal error: {type(e).__name__}: {e}"
    else:
        warns = tuple(str(d) for d in ctx.diagnostics.items)
        return _Outcome(task.index, r.pdf, r.pages, r.handout.meta.title, warns, time.perf_counter() - t0, None)
    warns = tuple(str(d) for d in ctx.diagnostics.items)
    return _Outcome(task.index, None, 0, "", warns, time.perf_counter() - t0, error)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    logging.getLogger("handouts").disabled = True  # warnings travel back in the outcome


@contextmanager
def _quiet_logger() -> Iterator[None]:
    logger = logging.getLogger("handouts")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


def _pool_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["handouts.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


OnStart = Callable[[int, int], None]  # (jobs to render, jobs skipped as up to date)
OnDone = Callable[[JobRecord], None]


def run(
    out: OutputDir,
    bundle: Bundle,
    jobs: Sequence[Job],
    options: Options,
    *,
    workers: int | None = None,
    force: bool = False,
    fail_fast: bool = False,
    on_start: OnStart | None = None,
    on_done: OnDone | None = None,
    manifest_every: float = 0.25,
) -> Result:
    """Render ``jobs`` into ``out`` (see the module docstring). Never raises for a failing job."""
    t0 = time.perf_counter()
    result = Result(out, bundle, options, [JobRecord(j) for j in jobs], dt.datetime.now(dt.UTC).astimezone())
    previous = {} if force else read_manifest(out)
    todo: list[int] = []
    for i, rec in enumerate(result.records):
        old = previous.get(rec.job.output)
        if old is not None and _up_to_date(rec.job, old, out):
            rec.status = "skipped"
            rec.pages, rec.sha256 = old.get("pages"), old.get("sha256")
            rec.title = str(old.get("title", ""))
            rec.warnings = [str(w) for w in old.get("warnings", [])]
        else:
            todo.append(i)
    if on_start:
        on_start(len(todo), len(result.records) - len(todo))
    last_write = 0.0

    def finish(outcome: _Outcome) -> bool:
        """Record a finished job (writing its PDF); False when it failed."""
        nonlocal last_write
        rec = result.records[outcome.index]
        rec.seconds, rec.warnings, rec.title = outcome.seconds, list(outcome.warnings), outcome.title
        if outcome.pdf is None:
            rec.status, rec.error = "failed", outcome.error
        else:
            from handouts.outputs import write_atomic

            try:
                write_atomic(out.path / rec.job.output, outcome.pdf)
            except HandoutError as e:
                rec.status, rec.error = "failed", str(e)
            else:
                rec.status = "warnings" if rec.warnings else "ok"
                rec.pages, rec.sha256 = outcome.pages, hashlib.sha256(outcome.pdf).hexdigest()
        if on_done:
            on_done(rec)
        now = time.perf_counter()
        if now - last_write >= manifest_every:
            result.seconds = now - t0
            result.write_manifest()
            last_write = now
        return rec.status != "failed"

    tasks = [
        _Task(
            i,
            str(result.records[i].job.article_path),
            str(result.records[i].job.clinic_path),
            result.records[i].job.lang,
            str(options.workspace.resolve()),
            options.today,
            options.profile,
            options.strict,
        )
        for i in todo
    ]
    n = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    try:
        if n == 1:
            with _quiet_logger():
                for task in tasks:
                    if not finish(_render_task(task)) and fail_fast:
                        break
        else:
            _run_pool(tasks, n, finish, fail_fast)
        result.complete = all(r.status != "pending" for r in result.records)
    except KeyboardInterrupt:
        result.interrupted = True
        raise
    finally:
        for rec in result.records:
            if rec.status == "pending":
                rec.status = "cancelled"
                rec.error = (
                    "interrupted (Ctrl-C)" if result.interrupted else "not run: an earlier job failed (--fail-fast)"
                )
        result.seconds = time.perf_counter() - t0
        result.write_manifest()
    return result


def _run_pool(tasks: list[_Task], n: int, finish: Callable[[_Outcome], bool], fail_fast: bool) -> None:
    pool = cf.ProcessPoolExecutor(max_workers=n, mp_context=_pool_context(), initializer=_worker_init)
    clean = False
    procs: list[Any] = []
    try:
        futures = {pool.submit(_render_task, t): t for t in tasks}
        procs = list((getattr(pool, "_processes", None) or {}).values())
        for fut in cf.as_completed(futures):
            try:
                outcome = fut.result()
            except Exception as e:  # the worker died (killed, out of memory): that job failed, the rest go on
                t = futures[fut]
                outcome = _Outcome(t.index, None, 0, "", (), 0.0, f"worker process failed: {type(e).__name__}: {e}")
            if not finish(outcome) and fail_fast:
                break
        clean = True
    finally:
        pool.shutdown(wait=clean, cancel_futures=True)
        if not clean:  # Ctrl-C or --fail-fast: workers write nothing, so stopping them loses nothing
            for proc in procs:
                proc.terminate()


# --------------------------------------------------------------------------- the print file


@dataclass(frozen=True, slots=True)
class Combined:
    path: Path
    pages: int
    blanks: int  # blank backs added so that each handout starts on a front side
    separators: int

    def to_json(self, out: OutputDir) -> dict[str, Any]:
        try:
            shown = str(self.path.resolve().relative_to(out.path.resolve()))
        except ValueError:
            shown = str(self.path.resolve())
        return {"path": shown, "pages": self.pages, "blank_pages": self.blanks, "separator_pages": self.separators}


def combine(result: Result, target: Path, *, duplex: bool, separator: bool, paper: str = "A4") -> Combined:
    """One PDF in print order: per usable job [separator (+ blank back)] then ``copies`` × the handout,
    each copy followed by a blank page when ``duplex`` and its page count is odd.

    Pages of a handout are read once and the same page content is reused for every copy.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    from handouts.outputs import write_atomic

    records = result.usable
    if not records:
        raise OutputError("nothing to combine: no handout was rendered", path=target)
    names = {(result.out.path / r.job.output).resolve() for r in result.records} | {result.out.manifest.resolve()}
    if target.resolve() in names:
        raise OutputError(
            "would overwrite a file of the batch", path=target, key="--combine", hint="choose another file name"
        )
    seps = PdfReader(io.BytesIO(_separator_pdf(result.bundle, records, paper))).pages if separator else []
    writer = PdfWriter()
    blanks = 0
    for k, rec in enumerate(records):
        if separator:
            page = writer.add_page(seps[k])
            if duplex:
                writer.add_blank_page(float(page.mediabox.width), float(page.mediabox.height))
                blanks += 1
        reader = PdfReader(result.out.path / rec.job.output)
        first = [writer.add_page(p) for p in reader.pages]
        width, height = float(first[-1].mediabox.width), float(first[-1].mediabox.height)
        for copy in range(rec.job.copies):
            if copy:
                for p in first:  # the same content streams and fonts: a copy costs a page dictionary
                    writer.add_page(_page_copy(p))
            if duplex and len(first) % 2:
                writer.add_blank_page(width, height)
                blanks += 1
    writer.add_metadata({"/Title": f"{result.bundle.name} (print file)", "/Creator": f"handouts {__version__}"})
    if duplex:
        writer.create_viewer_preferences()[NameObject("/Duplex")] = NameObject("/DuplexFlipLongEdge")
    buf = io.BytesIO()
    writer.write(buf)
    write_atomic(target, buf.getvalue())
    return Combined(target, len(writer.pages), blanks, len(records) if separator else 0)


def _page_copy(page: Any) -> Any:
    """A new page dictionary sharing ``page``'s content streams and resources.

    A page object may stand only once in the page tree (it has one /Parent), so a copy needs
    its own dictionary; everything it points to is shared, so a copy costs a few bytes.
    """
    from pypdf import PageObject
    from pypdf.generic import NameObject

    dup = PageObject()
    for key, value in page.items():
        if key != "/Parent":
            dup[NameObject(key)] = value
    return dup


def _separator_pdf(bundle: Bundle, records: Sequence[JobRecord], paper: str) -> bytes:
    """One separator page per record, typeset with the project's TextBlock (Thai titles shape correctly)."""
    from reportlab.pdfgen.canvas import Canvas

    from handouts.layout.styles import MM, PAPER
    from handouts.typesetting.flowable import TextBlock
    from handouts.typesetting.fonts import font_set, register_reportlab
    from handouts.typesetting.spans import Span, TextStyle

    register_reportlab(font_set())
    width, height = PAPER[paper]
    margin = 25 * MM
    buf = io.BytesIO()
    canv = Canvas(
        buf, pagesize=(width, height), invariant=1, initialFontName="Sarabun", initialFontSize=14, pageCompression=1
    )
    canv.setTitle(f"{bundle.name}: separator sheets")
    for rec in records:
        j = rec.job
        lines = [
            (f"{j.copies} ×", 48.0, "bold", "en"),
            (rec.title or j.article, 24.0, "bold", j.lang),
            (f"{j.article} · {j.lang} · {rec.pages or '?'} pages per copy", 14.0, "regular", "en"),
            (j.clinic_name or j.clinic, 14.0, "regular", j.lang),
            (f"{bundle.name} — {j.output}", 11.0, "italic", "en"),
        ]
        y = height - margin
        canv.setLineWidth(2)
        canv.line(margin, y + 6, width - margin, y + 6)
        for text, size, face, lang in lines:
            block = TextBlock((Span(text, TextStyle(face, size, "#000000"), None, lang),), leading=round(size * 1.5, 2))
            _, h = block.wrap(width - 2 * margin, y - margin)
            block.drawOn(canv, margin, y - h)
            y -= h + size * 0.4
        canv.line(margin, y - 6, width - margin, y - 6)
        canv.showPage()
    canv.save()
    return buf.getvalue()
