"""``.po`` catalogs → ``.mo`` files for other tools (``i18n compile``; fuzzy entries left out, a catalog
with translations ``i18n check`` refuses not compiled).

The renderer reads the ``.po`` itself so that it sees fuzzy entries and can mark a handout as a draft.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.errors import Finding, HandoutError, UnsafeTranslationError
from handouts.i18n.pofile import _languages, read_catalog
from handouts.i18n.runtime import catalog_path

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class CompileResult:
    """One compiled catalog: its language, .mo path, messages and the fuzzy ones left out."""
    lang: str
    path: Path
    messages: int
    fuzzy_skipped: int


def compile_catalogs(workspace: Path, langs: Iterable[str] | None = None,
                     vet: Callable[[Path, str], list[Finding]] | None = None) -> Iterator[CompileResult | HandoutError]:  # fmt: skip
    """``.po`` → ``.mo`` (fuzzy entries left out) for tools other than the renderer: each language's
    result, or the error that stopped its catalog (the others are compiled all the same, as
    ``pybabel compile`` does). ``vet(path, lang)`` finds what refuses a catalog (the CLI passes
    ``i18n check``'s rules: a sibling module)."""
    from babel.messages.mofile import write_mo

    from handouts.outputs import write_atomic

    for lang in _languages(workspace, langs):
        try:
            lp = read_catalog(catalog_path(workspace / "locales", lang), lang)
            cat = lp.catalog
            assert cat is not None
            # a translation 'i18n check' refuses (a dose changed, a placeholder lost, HTML smuggled) is
            # refused here too, as the render refuses it: another tool would print it as it is. Not the
            # shipped fonts' verdict on the language's script: another tool has its own fonts.
            unsafe = [f for f in vet(lp.path, lang) if f.is_error and f.code != "check.script"] if vet else []
            if unsafe:
                yield UnsafeTranslationError(unsafe)
                continue
            buf = io.BytesIO()
            write_mo(buf, cat, use_fuzzy=False)
            target = lp.path.with_suffix(".mo")
            write_atomic(target, buf.getvalue())
        except HandoutError as e:
            yield e
            continue
        used = sum(1 for m in cat if m.id and not m.fuzzy and m.string)
        fuzzy = sum(1 for m in cat if m.id and m.fuzzy)
        yield CompileResult(lang, target, used, fuzzy)
