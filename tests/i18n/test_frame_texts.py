"""The frame's short texts (the compact control line, "review due", the QR code's text alternative,
the notes box's labels) → from the catalogs like every frame string: an edited one is printed, an
untranslated one is reported, a changed Thai one makes the handout a draft."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from babel.messages.pofile import read_po, write_po

from handouts.diagnostics import Diagnostics
from handouts.layout.extras import Personal
from handouts.pipeline import RenderContext, Rendered, render
from tests.features.helpers import AFTER_REVIEW, ARTICLE, norm

SHORT = ("version %(version)s · %(hash)s", "review due %(date)s", "QR code: read this handout online at %(url)s",
         "Notes from your care team", "Patient:")  # fmt: skip
LANGS = ("th", "my", "km", "lo")  # every shipped catalog


def po(ws: Path, lang: str) -> Path:
    return ws / "locales" / lang / "LC_MESSAGES" / "handouts.po"


def translations(ws: Path, lang: str) -> dict[str, str]:
    with po(ws, lang).open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id and m.context is None}


def edit(ws: Path, lang: str, strings: dict[str, str]) -> None:
    """What a translator's editor does: set the msgstrs of frame entries."""
    path = po(ws, lang)
    with path.open("rb") as f:
        cat = read_po(f)
    for m in cat:
        if m.id and m.context is None and str(m.id) in strings:
            m.string = strings[str(m.id)]
    buf = io.BytesIO()
    write_po(buf, cat)
    path.write_bytes(buf.getvalue())


def marked(ws: Path, lang: str) -> dict[str, str]:
    """Each short text's translation with a marker word in front (Zqxa, Zqxb …), written to the catalog."""
    now = translations(ws, lang)
    new = {msgid: f"Zqx{chr(97 + i)} {now[msgid]}" for i, msgid in enumerate(SHORT)}
    edit(ws, lang, new)
    return {msgid: f"Zqx{chr(97 + i)}" for i, msgid in enumerate(SHORT)}


def draw(ws: Path, lang: str, layout: str = "single", d: Diagnostics | None = None) -> Rendered:
    """A render that prints all five: review overdue, the QR code, a patient and notes."""
    ctx = RenderContext(ws, today=AFTER_REVIEW, layout=layout, personal=Personal("Somchai", "Walk daily."),
                        diagnostics=d if d is not None else Diagnostics(log=False))  # fmt: skip
    return render(ARTICLE, "demo", lang, ctx)


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def link_texts(data: bytes) -> list[str]:
    return [str(a.get_object().get("/Contents", "")) for p in pypdf.PdfReader(io.BytesIO(data)).pages
            for a in p.get("/Annots", []) or []]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_prints_its_catalogs_short_texts(lang: str, ws: Path) -> None:
    shipped = translations(ws, lang)
    assert all(shipped[m] for m in SHORT), "every shipped catalog translates them"
    before = draw(ws, lang).pdf
    assert norm(shipped["Notes from your care team"]) in norm(text_of(before))
    marks = marked(ws, lang)
    single, compact = draw(ws, lang).pdf, draw(ws, lang, "a5-booklet").pdf
    text, alts = text_of(single), link_texts(single)
    assert marks["Notes from your care team"] in text and marks["Patient:"] in text
    assert marks["review due %(date)s"] in text
    assert any(a.startswith(marks["QR code: read this handout online at %(url)s"] + " ") for a in alts), alts
    assert marks["version %(version)s · %(hash)s"] in text_of(compact)


def test_an_edited_entry_changes_a_warm_render(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model cache and the frame step: a changed catalog entry is printed, as a cold render prints it."""
    draw(ws, "th")
    draw(ws, "th")  # warm
    edit(ws, "th", {"Patient:": "ชื่อผู้ป่วย:", "review due %(date)s": "ถึงกำหนดทบทวน %(date)s"})
    warm = draw(ws, "th").pdf
    assert "ชื่อผู้ป่วย:" in text_of(warm) and "ถึงกำหนดทบทวน" in text_of(warm)
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    assert draw(ws, "th").pdf == warm


def test_an_untranslated_one_is_reported(ws: Path, run: Callable[..., Any]) -> None:
    edit(ws, "my", {"Patient:": "", "review due %(date)s": ""})
    r = run("i18n", "check", "my", "-v")
    assert "not translated yet: 'Patient:'" in r.stdout and "not translated yet: 'review due %(date)s'" in r.stdout
    r = run("i18n", "status", "my", "--json")
    rows = {row["name"]: row for row in json.loads(r.stdout)["languages"][0]["articles"]}
    assert rows["templates"]["untranslated"] == 2
    d = Diagnostics(log=False)
    data = draw(ws, "my", d=d).pdf
    warned = [x.message for x in d.items if x.code == "i18n.untranslated"]
    assert any("'Patient:'" in m for m in warned) and any("'review due %(date)s'" in m for m in warned)
    assert "Patient: Somchai" in text_of(data)  # the source text, as for any frame string


def test_the_thai_signoff_covers_them(ws: Path, run: Callable[..., Any]) -> None:
    """The shipped Thai sign-off includes them (final, --strict passes); an edit makes a draft."""
    args = ("render", ARTICLE, "--lang", "th", "--strict", "--patient", "Somchai", "-o", "x.pdf")
    assert draw(ws, "th").approval.final
    r = run(*args)
    assert r.exit_code == 0, r.stderr
    edit(ws, "th", {"Notes from your care team": "บันทึกจากทีมผู้ดูแล"})
    got = draw(ws, "th")
    assert not got.approval.final
    assert any("'Notes from your care team'" in reason for reason in got.approval.reasons), got.approval.reasons
    r = run(*args)
    assert r.exit_code == 3 and "Notes from your care team" in r.stderr


def test_a_template_without_the_blocks_still_takes_them_from_the_catalog(ws: Path, run: Callable[..., Any]) -> None:
    """A workspace made before these blocks: they come from the shipped template, through its
    catalog, and are extracted, counted and signed off as the workspace's own."""
    j2 = ws / "templates" / "handout.j2"
    source = j2.read_text(encoding="utf-8")
    old = re.sub(r"\{% block (control_short|review_due|qr_alt|notes_title|notes_patient) %\}.*\n", "", source)
    assert old != source and "notes_title" not in old
    j2.write_text(old, encoding="utf-8")
    marks = marked(ws, "km")
    text = text_of(draw(ws, "km").pdf)
    assert marks["Notes from your care team"] in text and marks["review due %(date)s"] in text
    r = run("i18n", "status", "th", "--json")
    rows = {row["name"]: row for row in json.loads(r.stdout)["languages"][0]["articles"]}
    assert rows["templates"]["translated"] == rows["templates"]["total"] >= 19
    assert draw(ws, "th").approval.final
    edit(ws, "th", {"Patient:": "คนไข้:"})
    got = draw(ws, "th")
    assert "คนไข้:" in text_of(got.pdf) and not got.approval.final
    assert any("'Patient:'" in reason for reason in got.approval.reasons), got.approval.reasons


def _without(ws: Path, lang: str, msgid: str, *, fuzzy: bool = False) -> None:
    """The catalog without a frame entry (one added to the templates since the last update), or with it fuzzy."""
    path = po(ws, lang)
    with path.open("rb") as f:
        cat = read_po(f)
    if fuzzy:
        cat[msgid].flags.add("fuzzy")
    else:
        cat.delete(msgid)
    buf = io.BytesIO()
    write_po(buf, cat)
    path.write_bytes(buf.getvalue())


@pytest.mark.parametrize("msgid", SHORT)
def test_a_frame_string_missing_from_the_catalog_names_the_update(ws: Path, msgid: str) -> None:
    """As for an article's entry: a frame string the catalog does not have yet is added by
    'i18n update LANG'; one it has untranslated or fuzzy is translated in the catalog."""
    _without(ws, "th", msgid)
    d = Diagnostics(log=False)
    draw(ws, "th", d=d)
    warned = [str(x) for x in d.items if x.code == "i18n.untranslated" and repr(msgid) in x.message]
    assert len(warned) == 1 and "not in the th catalog yet (run 'handouts i18n update th')" in warned[0], warned


def test_a_fuzzy_frame_string_names_its_catalog_line(ws: Path) -> None:
    _without(ws, "th", "Patient:", fuzzy=True)
    d = Diagnostics(log=False)
    draw(ws, "th", d=d)
    warned = [x.message for x in d.items if x.code == "i18n.untranslated" and "'Patient:'" in x.message]
    assert len(warned) == 1 and re.search(r"its translation at \S*locales/th/LC_MESSAGES/handouts\.po:\d+ is fuzzy",
                                          warned[0]), warned  # fmt: skip
    assert "i18n update" not in warned[0]  # it is in the catalog: translate it there
