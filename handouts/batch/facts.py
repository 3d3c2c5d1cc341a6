"""An article or clinic file → the few facts a batch plan needs, remembered on disk by the file's bytes.

:func:`~handouts.batch.plan.plan` checks that every article and clinic loads before any work
starts, and needs only a handful of facts from them (the article's id, language and review date;
the clinic's id, logo and names). Loading them in full parses Markdown and YAML, checks phone
numbers and reads the logo: about 60 ms of imports and parsing in every ``handouts batch``, on
the critical path before any worker starts, while the renders themselves take the model from
the model cache. So a file that loaded without error once has its facts kept in the
typesetting cache (:mod:`handouts.typesetting.diskcache`: atomic, verified, ``--no-cache``),
keyed by its sha256, its resolved path, the workspace and the code (the model cache's
fingerprint of handouts' source files and version, made once per process). Only successful
loads are kept: a broken file is loaded (and reported) every time. A clinic's logo is checked
against the digest it had.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.modelcache import code_fingerprint
from handouts.typesetting import diskcache

VERSION = 2  # bump when the facts kept change


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the plan needs of an article: its id, file and the front matter's language and review date."""
    id: str
    path: Path
    front: dict[str, Any]  # "lang" and "next_review" only
    pictures: tuple[str, ...] = ()  # the ``src`` of every picture (``images/x.svg``), relative to the article


def pictures(nodes: Any) -> tuple[str, ...]:
    """The ``src`` of every picture in an article's structure (in lists, quotes and boxes too), in order."""
    from handouts.content.markdown import figures

    return tuple(dict.fromkeys(f.src for f in figures(nodes)))


@dataclass(slots=True)
class ClinicFacts:
    """What the plan needs of a clinic: its id, logo, name per language (read when first asked) and
    paper (an ad-hoc batch asks the printer for it)."""
    id: str
    logo: Path | None
    names: dict[str, str] = field(default_factory=dict)  # language → the clinic's name in it
    paper: str = "A4"

    def name(self, lang: str) -> str:
        return self.names[lang]  # KeyError: not known yet (see clinic())


def _key(kind: str, path: Path, digest: str, workspace: Path) -> str:
    return diskcache.key(f"batch-{kind}-facts", VERSION, code_fingerprint(), str(path.resolve()),
                         str(workspace.resolve()), digest, os.getcwd())  # fmt: skip


def article(path: Path, digest: str, workspace: Path, load: Callable[[Path], Any]) -> ArticleFacts:
    """The facts of the article at ``path`` (sha256 ``digest``); ``load`` reads it in full when they are not known."""
    if not digest:  # unreadable: the loader reports it
        return load(path)  # type: ignore[no-any-return]
    k = _key("article", path, digest, workspace)
    kept = diskcache.get(k)
    if (isinstance(kept, tuple) and len(kept) == 4 and all(isinstance(x, str) for x in kept[:3])
            and isinstance(kept[3], tuple) and all(isinstance(x, str) for x in kept[3])):  # fmt: skip
        try:
            return ArticleFacts(kept[0], path, {"lang": kept[1], "next_review": dt.date.fromisoformat(kept[2])},
                                kept[3])  # fmt: skip
        except ValueError:
            pass
    a = load(path)  # raises for a broken article: nothing is kept
    review = a.front["next_review"]
    facts = ArticleFacts(a.id, a.path, {"lang": a.front["lang"], "next_review": review}, pictures(a.nodes))
    if isinstance(review, dt.date) and not isinstance(review, dt.datetime) and isinstance(a.id, str):
        diskcache.put(k, (a.id, str(a.front["lang"]), review.isoformat(), facts.pictures))
    return facts


def clinic(path: Path, digest: str, workspace: Path, langs: tuple[str, ...], load: Callable[[Path], Any],
           file_digest: Callable[[Path], str]) -> ClinicFacts:  # fmt: skip
    """The facts of the clinic at ``path`` (sha256 ``digest``) with its name in each of ``langs``;
    ``load`` reads it in full when they are not known (or its logo changed)."""
    k = _key("clinic", path, digest, workspace)
    kept = _kept_clinic(k, file_digest) if digest else None
    if kept is not None:
        if all(lang in kept.names for lang in langs):
            return kept
        langs = (*kept.names, *langs)  # kept again with the new languages' names too
    brand = load(path)  # raises for a broken clinic: nothing is kept
    facts = ClinicFacts(brand.id, brand.logo, {lang: brand.name(lang) for lang in dict.fromkeys(langs)}, brand.paper)
    if digest:
        logo_digest = file_digest(brand.logo) if brand.logo else None
        diskcache.put(k, (brand.id, None if brand.logo is None else str(brand.logo), logo_digest, facts.names,
                          facts.paper))  # fmt: skip
    return facts


def kept_clinic(path: Path, digest: str, workspace: Path, file_digest: Callable[[Path], str]) -> ClinicFacts | None:
    """The facts of the clinic at ``path`` an earlier plan kept (None: none, or its logo changed),
    without reading the clinic: an ad-hoc batch reads its paper so before the plan."""
    return _kept_clinic(_key("clinic", path, digest, workspace), file_digest) if digest else None


def _kept_clinic(k: str, file_digest: Callable[[Path], str]) -> ClinicFacts | None:
    kept = diskcache.get(k)
    if not isinstance(kept, tuple) or len(kept) != 5:
        return None
    cid, logo, logo_digest, names, paper = kept
    try:
        logo_ok = logo is None or file_digest(Path(logo)) == logo_digest
    except OSError:
        logo_ok = False
    if not (isinstance(cid, str) and isinstance(names, dict) and isinstance(paper, str) and logo_ok):
        return None
    return ClinicFacts(cid, None if logo is None else Path(logo), dict(names), paper)
