"""A clinic's details → a new workspace folder: the shipped articles, templates and catalogs, its own
clinic TOML, a waiting-room bundle and ``handouts.toml`` naming that clinic as the default.

The folder is built beside the target under a temporary name, checked (the caller's ``check``
loads the clinic as a render would) and only then renamed into place: a failed ``init`` leaves
nothing behind, and never touches an existing folder that is not empty.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import OutputError
from handouts.workspace.demo import check_new_folder, demo_workspace
from handouts.workspace.discovery import MARKER
from handouts.workspace.settings import settings_text

_COPIED = ("articles", "templates", "locales")


@dataclass(frozen=True, slots=True)
class ClinicDetails:
    """What ``handouts init`` asks for (``--clinic-name``, ``--phone``, …)."""

    name_en: str
    phone: str
    address_en: str
    name_th: str = ""  # default: name_en
    address_th: str = ""  # default: address_en
    clinic_id: str = ""  # default: from name_en
    website: str = ""
    line: str = ""
    emergency: str = "1669"
    primary: str = "#1F4E79"

    @property
    def id(self) -> str:
        return self.clinic_id or slug(self.name_en)


def slug(name: str) -> str:
    """A clinic id from its name.

    >>> slug("Sukhumvit Pain Clinic"), slug("  St. Mary's  "), slug("คลินิก")
    ('sukhumvit-pain-clinic', 'st-mary-s', 'clinic')
    """
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or "clinic"


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def clinic_toml(c: ClinicDetails, paper: str | None = None) -> str:
    """The new clinic's file; ``paper`` (``init --paper``) is the paper its handouts are laid out on."""
    lines = [
        f"# {c.name_en}: written by 'handouts init'. Keys and checks: see clinics/README.md.",
        "",
        "[clinic]",
        f"name_th = {_q(c.name_th or c.name_en)}",
        f"name_en = {_q(c.name_en)}",
        '# logo = "logos/clinic.png"     # PNG or JPEG, relative to this file',
        f"paper = {_q(paper or 'A4')}",
        "",
        "[colors]",
        f"primary = {_q(c.primary)}",
        "",
        "[contact]",
        f"address_th = {_q(c.address_th or c.address_en)}",
        f"address_en = {_q(c.address_en)}",
        f"phone = {_q(c.phone)}",
        f"line = {_q(c.line)}" if c.line else '# line = "@myclinic"',
        f"website = {_q(c.website)}" if c.website else '# website = "https://my-clinic.example"',
        f"emergency = {_q(c.emergency or '1669')}",
        "",
    ]
    return "\n".join(lines)


def bundle_toml(clinic_id: str, articles: list[str], languages: tuple[str, ...], paper: str | None = None) -> str:
    langs = ", ".join(_q(lang) for lang in languages or ("th", "en"))
    lines = [
        "# Waiting-room rack. Render: handouts batch waiting-room",
        "# Print: handouts batch waiting-room --print [--printer NAME]",
        "",
        "[bundle]",
        'name = "Waiting room"',
        *([f"paper = {_q(paper)}"] if paper else []),  # lp's media: the clinic's paper
        "duplex = true",
        "",
    ]
    for article in articles:
        lines += ["[[items]]", f"article = {_q(article)}", f"clinic = {_q(clinic_id)}", f"languages = [{langs}]",
                  "copies = 10", ""]  # fmt: skip
    return "\n".join(lines)


def check_target(target: Path) -> None:
    """``target`` can become the new workspace (a new name or an empty folder, in a folder that
    exists), or an OutputError saying why: checked by ``init`` before it asks for the clinic's
    details, and again just before anything is written."""
    check_new_folder(target)
    if not target.parent.exists():
        raise OutputError(
            "the parent folder does not exist", path=target.parent, hint=f"create it first: mkdir -p {target.parent}"
        )


def create_workspace(
    target: Path,
    clinic: ClinicDetails,
    *,
    languages: tuple[str, ...] = (),
    paper: str | None = None,
    printer: str | None = None,
    check: Callable[[Path, Path], None] | None = None,
) -> Path:
    """Make ``target`` a workspace for ``clinic``; ``check(clinic_toml, workspace)`` runs before it appears."""
    check_target(target)
    source = demo_workspace()
    try:
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    except OSError as e:
        raise OutputError(f"cannot create the workspace: {e.strerror}", path=target) from None
    try:
        for part in _COPIED:
            if (source / part).is_dir():
                shutil.copytree(source / part, build / part, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "*.py"))
        (build / "clinics").mkdir()
        if (source / "clinics" / "README.md").is_file():
            shutil.copy2(source / "clinics" / "README.md", build / "clinics" / "README.md")
        clinic_path = build / "clinics" / f"{clinic.id}.toml"
        clinic_path.write_text(clinic_toml(clinic, paper), encoding="utf-8")
        articles = sorted(p.stem for p in (build / "articles").glob("*.md"))
        (build / "bundles").mkdir()
        (build / "bundles" / "waiting-room.toml").write_text(
            bundle_toml(clinic.id, articles, languages, paper), encoding="utf-8"
        )
        (build / MARKER).write_text(
            settings_text(clinic=clinic.id, languages=languages, paper=paper, printer=printer), encoding="utf-8"
        )
        if check is not None:
            check(clinic_path, build)
        os.chmod(build, 0o777 & ~_umask())
        os.replace(build, target)
    except OSError as e:
        shutil.rmtree(build, ignore_errors=True)
        raise OutputError(f"cannot create the workspace: {e.strerror}", path=target) from None
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
