"""A language whose letters no shipped font draws (Georgian, Amharic, Hindi) is refused where it
enters: ``i18n init`` says so, naming the language, the script and what is supported, and writes
nothing. Before, ``i18n init ka`` started the catalog, and every render of it then failed on the
frame's Georgian dates with an error naming no file; such a catalog (made by hand, or by an older
handouts) is now named by the render, the batch and ``i18n check``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handouts.typesetting import coverage

ARTICLE = "back-pain-after-surgery"
KA_PO = "locales/ka/LC_MESSAGES/handouts.po"
SUPPORTED_WORDS = ("English (en)", "Thai (th)", "Burmese (my)", "Khmer (km)", "Lao (lo)", "Latin letters")


@pytest.mark.parametrize(("lang", "name", "script"), [("ka", "Georgian", "Georgian"), ("am", "Amharic", "Ethiopic"),
                                                      ("hi", "Hindi", "Devanagari"), ("ru", "Russian", "Cyrillic")])
def test_init_refuses_a_language_no_shipped_font_can_typeset(ws: Path, run: Callable[..., Any], lang: str, name: str,
                                                             script: str) -> None:  # fmt: skip
    r = run("i18n", "init", lang)
    assert r.exit_code == 1 and r.stdout == "", r.output  # bad input (docs/errors.md)
    [line] = r.stderr.strip().splitlines()
    assert f"{name} ({lang}) is written in the {script} script, which no shipped font draws" in line, line
    assert all(w in line for w in SUPPORTED_WORDS) and "Traceback" not in line
    assert not (ws / "locales" / lang).exists()
    r = run("i18n", "status", lang)  # no longer suggests 'i18n init ka', which is refused
    assert r.exit_code == 1 and "i18n init" not in r.stderr and f"{script} script" in r.stderr, r.stderr


def test_init_still_starts_a_language_in_latin_letters(ws: Path, run: Callable[..., Any]) -> None:
    r = run("i18n", "init", "vi")
    assert r.exit_code == 0, r.output
    assert (ws / "locales/vi/LC_MESSAGES/handouts.po").is_file()


def test_a_catalog_of_such_a_language_is_named_by_render_batch_and_check(ws: Path, run: Callable[..., Any],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    with monkeypatch.context() as m:  # a catalog started before init refused it
        m.setattr(coverage, "unsupported", lambda lang: None)
        assert run("i18n", "init", "ka").exit_code == 0
    assert (ws / KA_PO).is_file()
    r = run("render", ARTICLE, "--lang", "ka", "-o", "x.pdf")
    assert r.exit_code == 1 and not (ws / "x.pdf").exists(), r.output
    assert f"error: {KA_PO}: a handout cannot be printed in this catalog's language: Georgian (ka) is written in the " \
        "Georgian script" in r.stderr and "move this catalog out of locales/" in r.stderr, r.stderr  # fmt: skip
    r = run("batch", "-a", ARTICLE, "-c", "demo", "-l", "ka", "--out", "out", "-j", "1")
    assert r.exit_code == 1 and f"{KA_PO}: a handout cannot be printed" in r.stderr, r.output
    r = run("i18n", "check", "ka")
    assert r.exit_code == 1, r.output
    assert f"{KA_PO}: error: Georgian (ka) is written in the Georgian script" in r.stdout
    assert "[check.script]" in r.stdout and r.stdout.splitlines()[-1].startswith("1 error,")


def test_the_supported_languages_are_drawable_by_icus_letters() -> None:
    """:func:`coverage.unsupported` does not ask ICU for them: ICU agrees."""
    for lang in coverage.SUPPORTED:
        assert coverage.letters_missing(lang) is None, lang


@pytest.mark.parametrize("lang", ["ka", "am", "hi", "ta", "si", "ru", "uk", "ar", "he", "zh", "ja", "ko", "el", "bn", "fa",
                        "vi", "de", "fr", "id", "ms", "tl", "pl", "tr", "th", "my", "km", "lo", "en"])  # fmt: skip
def test_refused_exactly_when_a_letter_of_the_alphabet_is_not_drawable(lang: str) -> None:
    import icu

    it = icu.UnicodeSetIterator(icu.LocaleData(lang).getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_STANDARD))
    letters = []
    while it.next():
        letters.append(it.getString())
    bad = coverage.undrawable("".join(letters))
    found = coverage.unsupported(lang)
    assert (found is None) == (not bad)
    if found is not None:
        assert found.letters == tuple(bad) and found.script and found.script in found.message(lang)
