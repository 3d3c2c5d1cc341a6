"""A checked bundle + options → the distinct jobs to render, each with the sha256 of its inputs.

Every distinct (article, clinic, language) is rendered **once**, however many copies are asked
for (items naming the same one add their copies); copies are what the printer (``lp -n``) or
the combined print file multiply. :func:`plan` checks everything before any work starts (the
bundle's keys and values, and that every article, clinic and language loads) and raises
:class:`~handouts.batch.bundles.BundleError` naming the bundle file, line and key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from handouts import __version__, pipeline
from handouts.batch import facts
from handouts.batch.bundles import Bundle, BundleError
from handouts.errors import HandoutError, close_matches
from handouts.typesetting.diskcache import dist_version

# (module, distribution): their versions go into every job's input hash
_DEPENDENCIES: Final = (("reportlab", "reportlab"), ("uharfbuzz", "uharfbuzz"), ("fontpkg_sarabun", "fontpkg_sarabun"),
                        ("thaibreak", "thaibreak"), ("jinja2", "jinja2"), ("babel", "babel"),
                        ("markdown_it", "markdown_it_py"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Options:
    """What every job of a batch shares (and what goes into its input hash)."""

    workspace: Path
    profile: str = "standard"
    strict: bool = False
    today: dt.date = field(default_factory=pipeline.today_from_env)
    pdf_standard: str = "ua-1,a-2u"  # --pdf-standard: tagged PDF/UA-1 + PDF/A-2u, or none


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
    error: str | None = None  # its article, clinic or catalog cannot be read: the job fails, the others run


def _in_workspace(ref: str, ws: Path) -> str:
    """A bundle file's relative path (``clinics/demo.toml``) as the workspace's file: a path on the
    command line is the current folder's first, but a bundle in the workspace names the workspace's
    files (from the repository's root, ``clinics/demo.toml`` was the repository's clinic). An id
    (no slash, no ``.md``/``.toml``) or an absolute path is left as it is."""
    path = Path(ref)
    if path.is_absolute() or not (ref.endswith((".md", ".toml")) or "/" in ref or "\\" in ref):
        return ref
    return str(ws / path) if (ws / path).exists() else ref


def _listed_once(bundle: Bundle, index: int, written: tuple[str, ...], codes: tuple[str, ...]) -> None:
    """An item's language named twice once read as codes (``["en", "EN"]``, ``["th", "th-TH"]``) is
    the bundle's mistake, as ``["en", "en"]`` is: it printed that handout twice the copies."""
    seen: dict[str, str] = {}
    for lang, code in zip(written, codes):
        if code in seen:
            raise bundle.error(index, "languages", f"{lang!r} is listed twice (as {code}, with {seen[code]!r})",
                               "list each language once")  # fmt: skip
        seen[code] = lang


def plan(bundle: Bundle, options: Options) -> list[Job]:
    """Check every item (article, clinic and language load) and return the distinct jobs in bundle order.

    Raises :class:`BundleError` naming the bundle file, the item and the key on the first problem
    of the bundle itself (an unknown language, two jobs writing one file). An article, clinic or
    catalog that cannot be read is not the bundle's fault: its jobs are planned as failed (with
    the error, file:line), and the other jobs run.
    """
    from handouts.branding import find_clinic, load_brand
    from handouts.content.article import find_article, load_article
    from handouts.diagnostics import Diagnostics
    from handouts.i18n.languages import code_of
    from handouts.i18n.runtime import available_languages, catalog_path, load_catalog
    from handouts.i18n.signoff import deciding
    from handouts.layout.styles import PROFILES

    ws = options.workspace
    if options.profile not in PROFILES:
        raise BundleError(
            f"unknown profile {options.profile!r}", key="--profile", hint=f"profiles: {', '.join(PROFILES)}"
        )
    from handouts.pdf.standards import parse as parse_standards

    parse_standards(options.pdf_standard)
    hasher = _Hasher(options)
    articles: dict[str, Any] = {}
    brands: dict[str, Any] = {}
    checked_catalogs: set[tuple[str, str]] = set()
    jobs: dict[tuple[Path, Path, str], Job] = {}
    outputs: dict[str, tuple[Path, Path, str]] = {}
    problems: list[tuple[Any, str, str]] = []  # (item, key, error) of the jobs planned as failed

    def broken(item: Any, lang: str, error: str, key_name: str) -> None:
        problems.append((item, key_name, error))
        name = f"{Path(item.article).stem}.{Path(item.clinic).stem}.{lang}.pdf"
        key = (Path(item.article), Path(item.clinic), lang)
        if key not in jobs:
            jobs[key] = Job(item.article, item.clinic, lang, item.copies, name, Path(item.article), Path(item.clinic),
                            "", "", (item.index,), error)  # fmt: skip

    def found(item: Any) -> tuple[Path, Path]:  # a bundle file's paths are the workspace's, wherever it is run from
        paths = []
        for key_name, ref, find in (("article", item.article, find_article), ("clinic", item.clinic, find_clinic)):
            try:
                paths.append(find(ref if bundle.path is None else _in_workspace(ref, ws), ws))
            except OSError as e:  # a name too long for the file system: the bundle's, at its line
                raise bundle.error(item.index, key_name, f"the name is too long for the file system ({e.strerror})",
                                   "give a shorter name: each folder or file name at most 255 bytes") from None  # fmt: skip
        return paths[0], paths[1]

    for item in bundle.items:
        written = item.languages  # as the bundle writes them (TH, th-TH), for a message
        try:  # an article or clinic that does not exist is the bundle's mistake: it stops the batch
            article_path, clinic_path = found(item)
        except BundleError:
            raise
        except HandoutError as e:
            key_name = "clinic" if "clinic" in e.message else "article"
            raise bundle.error(item.index, key_name, e.message, e.hint) from None  # (its folder: the key says it)
        key_name = "article"
        try:  # one that exists but cannot be read fails its jobs only (facts: what a plan needs of them)
            if item.article not in articles:
                articles[item.article] = facts.article(article_path, hasher.digest(article_path), ws, load_article)
            article = articles[item.article]
            source = article.front["lang"]
            known = available_languages(ws / "locales", source)
            if item.languages:  # "TH", "th-TH", "tha": th, as --lang reads them
                item = dataclasses.replace(item, languages=tuple(
                    code_of(lang) if lang not in known and code_of(lang) in known else lang for lang in item.languages))
            key_name = "clinic"
            brand = brands.get(item.clinic)
            wanted = tuple(item.languages or known)
            if brand is None or not all(lang in brand.names for lang in wanted):
                brand = brands[item.clinic] = facts.clinic(
                    clinic_path, hasher.digest(clinic_path), ws, (*(brand.names if brand else ()), *wanted),
                    lambda p: load_brand(p, ws, Diagnostics()), hasher.file)  # fmt: skip
        except HandoutError as e:
            for lang in item.languages or ("all",):
                broken(item, lang, str(e), key_name)
            continue
        _listed_once(bundle, item.index, written or (), item.languages or ())
        unknown = [lang for lang in item.languages or () if lang not in known]
        if unknown:  # every one named at once, not one per run
            close = [f"{lang} → {c[0]}" for lang in unknown if (c := close_matches(lang, known))]
            hint = (f"did you mean {', '.join(close)}? " if close else "") + f"languages of {article.id}: {', '.join(known)}"
            what = "unknown language" if len(unknown) == 1 else "unknown languages"
            raise bundle.error(item.index, "languages", f"{what} {', '.join(map(repr, unknown))}", hint)
        for lang in item.languages or tuple(known):
            if (source, lang) not in checked_catalogs:
                try:
                    load_catalog(ws / "locales", lang, source)
                except HandoutError as e:
                    broken(item, lang, str(e), "languages")
                    continue
                checked_catalogs.add((source, lang))
            a_path, c_path = article.path.resolve(), clinic_path.resolve()
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
            # the catalog gives the frame's strings in the article's own language too (a Thai article in Thai)
            catalog = catalog_path(ws / "locales", lang)
            # the sign-off decides whether the handout is final: its own record (or revocation) in
            # locales/LANG/signoff.toml, not the whole file (signing off one article renders that
            # article's handouts again, not every handout of the language)
            signoff = deciding(ws / "locales", lang, article.id) if lang != source else None
            overdue = article.front["next_review"] < options.today
            # a translation: only what this handout reads of the catalog (editing another article's entry
            # renders that article's handouts again, not every handout of the language)
            used = catalog_slice(load_catalog(ws / "locales", lang, source), article.id) if lang != source else None
            digest = hasher.job(a_path, c_path, brand.logo, catalog, lang, overdue, signoff, used,
                                hasher.pictures(a_path, article.pictures, lang))  # fmt: skip
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
    if problems and all(j.error is not None for j in jobs.values()):  # nothing could run: one clear error
        item, key_name, error = problems[0]
        raise bundle.error(item.index, key_name, error)
    return list(jobs.values())


class _Hasher:
    """sha256 of a job's inputs; files are read once per batch."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.files: dict[Path, str] = {}
        ws = options.workspace
        common = hashlib.sha256(b"handouts-batch-inputs/1\0")
        versions = {"handouts": __version__} | {dist: dist_version(module, dist) for module, dist in _DEPENDENCIES}
        common.update(
            json.dumps(
                {"versions": versions, "profile": options.profile, "strict": options.strict,
                 "pdf_standard": options.pdf_standard}, sort_keys=True
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

    def digest(self, path: Path) -> str:
        """:meth:`file` of a regular file, or "" (a FIFO, a folder, unreadable: the loader then says why)."""
        try:
            return self.file(path) if path.is_file() else ""
        except OSError:
            return ""

    def pictures(self, article: Path, sources: tuple[str, ...], lang: str) -> str | None:
        """The bytes of an article's pictures, as the render picks them (``images/x.th.png`` in Thai
        when it exists, else ``images/x.png``): a replaced picture renders its handouts again."""
        if not sources:
            return None
        found = []
        for src in sources:
            given = (article.parent / src).resolve()
            for path in (given.with_name(f"{given.stem}.{lang}{given.suffix}"), given):
                found.append((src, path.name, self.digest(path) if path.is_file() else None))
        return hashlib.sha256(json.dumps(found).encode()).hexdigest()

    def job(
        self, article: Path, clinic: Path, logo: Path | None, catalog: Path | None, lang: str, overdue: bool,
        signoff: str | None = None, catalog_part: str | None = None, pictures: str | None = None,
    ) -> str:
        """``catalog_part`` (:func:`catalog_slice`) stands for the catalog file when given;
        ``signoff`` is :func:`handouts.i18n.signoff.deciding`; ``pictures`` is :meth:`pictures`."""
        whole = self.file(catalog) if catalog and catalog.is_file() else None
        parts = {
            "common": self.common,
            "article": self.file(article),
            "clinic": self.file(clinic),
            "logo": self.file(logo) if logo else None,
            "catalog": whole if catalog_part is None else catalog_part,
            "lang": lang,
            "review_overdue": overdue,  # the only way today's date changes a render (a warning)
            "signoff": signoff,
            "pictures": pictures,
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def catalog_slice(catalog: Any, article_id: str) -> str:
    """sha256 of what one handout reads of its language's catalog: the header (with its lines), the
    article's entries (msgctxt = its id) and the frame's (no msgctxt), each with its translation,
    fuzzy flag, flags, plural forms and line (the warnings name catalog lines). The rest of the file
    (other articles, obsolete entries) does not change the handout."""
    entries = sorted(
        (ctx or "", msgid, m.msgstr, m.fuzzy, m.line, sorted(m.flags), list(m.plurals))
        for (ctx, msgid), m in catalog.messages.items()
        if ctx is None or ctx == article_id
    )
    data = {"header": [list(h) for h in catalog.header], "header_line": catalog.header_line, "entries": entries}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()
