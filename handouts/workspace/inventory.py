"""A workspace folder → the ids of its articles, clinics, bundles and languages, cheaply (file names only).

For choices, shell completion and defaults: nothing here parses an article or a clinic, so a
broken file never stops a listing; the commands that load them report their problems.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Final

from handouts.errors import SettingsError, UsageError, close_matches
from handouts.workspace.discovery import MARKER
from handouts.workspace.settings import Settings

log = logging.getLogger("handouts")
_LANG_LINE: Final = re.compile(r"^lang:\s*['\"]?([A-Za-z_-]+)['\"]?\s*$", re.M)


def _stems(folder: Path, suffix: str, *, every: bool = False) -> list[str]:
    """The ids of ``folder``'s ``*suffix`` regular files; with ``every``, also of an entry that is not
    one (a folder ``demo.toml/``, a FIFO), as for the catalogs: loading it says what is wrong, where
    leaving it out would call it unknown. (Nothing here opens them: a FIFO would block.)"""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir()
                  if p.suffix == suffix and not p.name.startswith(".") and (every or p.is_file()))  # fmt: skip


def article_ids(workspace: Path) -> list[str]:
    return _stems(workspace / "articles", ".md")


def clinic_ids(workspace: Path) -> list[str]:
    return _stems(workspace / "clinics", ".toml", every=True)


def bundle_ids(workspace: Path) -> list[str]:
    """The bundles' ids, those in sub-folders as ``ward-3/rack`` (as ``handouts batch`` takes them)."""
    folder = workspace / "bundles"
    nested = {p.relative_to(folder).with_suffix("").as_posix() for p in folder.glob("*/**/*.toml")
              if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}  # fmt: skip
    return sorted(set(_stems(folder, ".toml", every=True)) | nested) if folder.is_dir() else []


def catalog_languages(workspace: Path) -> list[str]:
    locales = workspace / "locales"
    if not locales.is_dir():
        return []
    # exists(), not is_file(): a catalog that is not a regular file is still that language's (loading it says why)
    return sorted(p.name for p in locales.iterdir() if (p / "LC_MESSAGES" / "handouts.po").exists())


def source_languages(workspace: Path) -> list[str]:
    """The ``lang:`` of every article's front matter (read from its first 2 KB), "en" when unsure."""
    found: set[str] = set()
    for aid in article_ids(workspace):
        try:
            with (workspace / "articles" / f"{aid}.md").open("rb") as f:
                head = f.read(2048).decode("utf-8", "replace")
        except OSError:
            continue
        m = _LANG_LINE.search(head)
        found.add(m.group(1) if m else "en")
    return sorted(found or {"en"})


def languages(workspace: Path) -> list[str]:
    """Every language a handout of this workspace can be rendered in (sources and catalogs)."""
    return sorted(set(source_languages(workspace)) | set(catalog_languages(workspace)))


def _did_you_mean(value: str, choices: list[str], listed: str) -> str:
    """``did you mean demo? known clinics: demo, riverside`` (a typo or another case: Demo)."""
    folded = {c.casefold(): c for c in choices}
    close = [folded[value.casefold()]] if value.casefold() in folded else close_matches(value, choices)
    return (f"did you mean {close[0]}? " if close else "") + f"{listed}: {', '.join(choices)}"


def default_clinic(workspace: Path, settings: Settings) -> str:
    """The clinic to use when ``--clinic`` is not given.

    ``[defaults] clinic`` of ``handouts.toml``; else the workspace's only clinic; else, in a workspace
    without ``handouts.toml`` (a copy of the demo made before it existed), ``demo`` with a warning;
    else a usage error listing the clinics (a real clinic's workspace never falls back to the demo).
    """
    if settings.clinic:
        ids = clinic_ids(workspace)
        if settings.clinic not in ids and not settings.clinic.endswith(".toml") and "/" not in settings.clinic:
            # a typo here is this file's, not a --clinic never given nor a clinics/ file's
            raise SettingsError(f"unknown clinic {settings.clinic!r}", path=settings.path,
                                line=settings.line_of("defaults", "clinic"), key="[defaults].clinic",
                                hint=_did_you_mean(settings.clinic, ids, "known clinics") if ids else "add clinics/ID.toml")  # fmt: skip
        if settings.clinic not in ids:  # a path: from the workspace, whatever the current folder (where
            # a render is typed is no part of the settings: "../../x.toml" read the file there)
            path = Path(settings.clinic).expanduser()
            path = path if path.is_absolute() else workspace / path
            try:
                found = path.is_file()
                folder = not found and path.is_dir()
            except OSError as e:  # a name too long for the file system
                found, folder = False, False
                log.debug("%s: %s", settings.clinic, e)
            if not found:
                what = "is a folder, not a clinic TOML file" if folder else "names no clinic file"
                raise SettingsError(f"{settings.clinic!r} {what}", path=settings.path,
                                    line=settings.line_of("defaults", "clinic"), key="[defaults].clinic",
                                    hint="give a clinic id" + (f" ({', '.join(ids)})" if ids else "")
                                    + " or the path of a .toml file, from the workspace")  # fmt: skip
            return str(path)
        return settings.clinic
    ids = clinic_ids(workspace)
    regular = _stems(workspace / "clinics", ".toml")  # (a stray folder named x.toml is no second clinic)
    if len(regular) == 1:
        return regular[0]
    if settings.path is None and "demo" in ids:
        # a workspace from before handouts.toml (a copy of the demo): its demo clinic, said out loud
        log.info("no default clinic (no handouts.toml): using the fictional 'demo' clinic; "
                    "give --clinic ID or set [defaults] clinic in handouts.toml (clinics: %s)", ", ".join(ids))
        return "demo"
    if not ids:
        raise UsageError("the workspace has no clinic", path=workspace / "clinics",
                         hint="add clinics/ID.toml (see clinics/README.md), or make a workspace with 'handouts init DIR'")  # fmt: skip
    raise UsageError(
        f"no default clinic and {len(ids)} clinics to choose from: {', '.join(ids)}",
        key="--clinic",
        hint=f"give --clinic ID, or set [defaults] clinic = \"{ids[0]}\" in {workspace / MARKER}",
    )


def default_languages(workspace: Path, settings: Settings) -> tuple[str, ...]:
    """``[defaults] languages``, each checked against the workspace's languages (a typo is named at its
    line of ``handouts.toml``: a render would skip it silently, a batch blame it on ``--lang``)."""
    if settings.languages:
        known = languages(workspace)
        for lang in settings.languages:
            if lang not in known:
                raise SettingsError(f"unknown language {lang!r}", path=settings.path,
                                    line=settings.line_of("defaults", "languages"), key="[defaults].languages",
                                    hint=_did_you_mean(lang, known, "languages of this workspace"))  # fmt: skip
    return settings.languages


def default_language(workspace: Path, settings: Settings, available: list[str]) -> str | None:
    """The first of ``[defaults] languages`` that ``available`` holds; None: the article's own language."""
    for lang in settings.languages:
        if lang in available:
            return lang
    return None
