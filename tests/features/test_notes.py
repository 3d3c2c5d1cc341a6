"""Notes box and patient name: printed on page 1 only, never in file names, metadata or logs."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from handouts.errors import HandoutError
from handouts.layout.extras import NOTES_MAX_LINES, Personal
from handouts.pipeline import RenderContext, render
from tests.conftest import REPO
from tests.features.helpers import ARTICLE, BEFORE_REVIEW, norm, page_texts, reader, run

SECRET = {"en": "Qwzvyx Patientname", "th": "สมศรี ทดสอบลับเฉพาะ"}
WIDE = "Zqxjkw" * 15  # one word wider than the box: the typesetter warns about it
NOTES = {
    "en": "Take one tablet after breakfast and after dinner.\nWalk 10 minutes every morning. Call us if the pain spreads to your leg.",
    "th": "กินยาครั้งละ 1 เม็ด หลังอาหารเช้าและเย็น\nเดินวันละ 10 นาทีทุกเช้า ถ้าปวดร้าวลงขาให้โทรหาเรา",
}


def _everything_but_page_text(data: bytes) -> str:
    r = reader(data)
    meta = r.metadata or {}
    parts = [str(v) for v in meta.values()]
    if "/Metadata" in r.trailer["/Root"]:  # XMP, if any
        parts.append(r.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8", "replace"))
    for page in r.pages:
        for annot in page.get("/Annots", []) or []:
            parts.append(str(annot.get_object()))
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_patient_and_notes_appear_in_page_text_only(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    secret = SECRET[lang]
    # a word too wide for the box makes the typesetter warn about the notes: the warning is
    # logged without their text
    notes = NOTES[lang] + "\n" + WIDE
    code, out, err = run("-v", "-v", "render", ARTICLE, "-w", str(REPO), "--lang", lang, "--patient", secret,
                         "--notes", notes, "--layout", "single")  # fmt: skip
    assert code == 0, err
    files = [p.name for p in tmp_path.rglob("*")]
    assert files == [f"{ARTICLE}.{lang}.pdf"]
    for stream in (out, err, *files):
        assert secret not in stream and secret.split()[0] not in stream and WIDE[:6] not in stream
    assert "notes box" in err and "the text itself is not shown" in err  # the warning, reworded
    data = (tmp_path / files[0]).read_bytes()
    hidden = _everything_but_page_text(data)
    assert secret.split()[0] not in hidden and secret.split()[-1] not in hidden
    texts = page_texts(data)
    assert norm(secret) in norm(texts[0])
    assert norm(NOTES[lang].split("\n")[0]) in norm(texts[0])
    assert all(secret.split()[0] not in t for t in texts[1:])


@pytest.mark.parametrize("lang", ["en", "th"])
def test_personal_data_never_reaches_the_log(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("handouts")
    monkeypatch.setattr(logger, "disabled", False)
    monkeypatch.setattr(logger, "level", logging.DEBUG)
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    monkeypatch.setattr(logger, "handlers", [handler])
    try:
        secret = SECRET[lang]
        personal = Personal(secret, NOTES[lang] + " " + WIDE)
        ctx = RenderContext(REPO, today=BEFORE_REVIEW, personal=personal)
        result = render(ARTICLE, "demo", lang, ctx)
    finally:
        monkeypatch.undo()
    assert records, "the over-wide word was warned about"
    for rec in records:
        assert secret.split()[0] not in rec.getMessage() and WIDE[:6] not in rec.getMessage()
    assert all(secret.split()[0] not in d.message for d in ctx.diagnostics.items)
    assert secret not in repr(ctx) and secret not in repr(personal)
    assert norm(secret) in norm(page_texts(result.pdf)[0])


def _positions(data: bytes) -> dict[str, float]:
    """The y (from the page bottom) of the first text run that starts each tracked string."""
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        for key in ("Why", "Notes from", "Patient:", "Take one", "Back surgery"):
            if text.startswith(key.split()[0]) and key not in found and key.split()[-1] in text + key:
                found.setdefault(key, tm[5] * cm[3] + cm[5])

    reader(data).pages[0].extract_text(visitor_text=visit)
    return found


def test_notes_box_sits_after_the_title_before_the_article() -> None:
    ctx = RenderContext(REPO, today=BEFORE_REVIEW, personal=Personal("A B", NOTES["en"]))
    data = render(ARTICLE, "demo", "en", ctx).pdf
    text = norm(page_texts(data)[0])
    order = [text.find(norm(s)) for s in ("Why Does My Back Pain", "Notes from your care team", "Patient:AB",
                                          "Take one tablet", "Back surgery is often")]  # fmt: skip
    assert -1 not in order and order == sorted(order)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_notes_too_long_says_how_many_characters_fit(lang: str, tmp_path: Path) -> None:
    sentence = {"en": "Rest on your side with a pillow between your knees. ", "th": "นอนตะแคงและวางหมอนไว้ระหว่างเข่า "}[lang]
    notes = sentence * 30
    out = tmp_path / "h.pdf"
    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--lang", lang, "--notes", notes, "-o", str(out))
    assert code == 1 and not out.exists() and "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: --notes: ")
    assert f"holds {NOTES_MAX_LINES} lines" in lines[0]
    m = re.search(r"at most (\d+) characters", lines[0])
    assert m, lines[0]
    fit = int(m.group(1))
    assert 100 < fit < len(notes.strip())
    assert sentence.strip()[:20] not in err  # the notes are not echoed
    # exactly that many characters render; the box is never cut silently
    ctx = RenderContext(REPO, today=BEFORE_REVIEW, personal=Personal("", notes.strip()[:fit]))
    data = render(ARTICLE, "demo", lang, ctx).pdf
    assert norm(notes.strip()[:fit]) in norm(page_texts(data)[0])
    with pytest.raises(HandoutError, match="notes box holds"):
        ctx = RenderContext(REPO, today=BEFORE_REVIEW, personal=Personal("", notes.strip()[: fit + 40]))
        render(ARTICLE, "demo", lang, ctx)


def test_patient_name_longer_than_a_line_is_refused() -> None:
    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--patient", "Name " * 40, "-o", "-")
    assert code == 1
    assert err.startswith("error: --patient: ") and "fits about" in err and "Name Name" not in err


def test_no_notes_no_box() -> None:
    data = render(ARTICLE, "demo", "en", RenderContext(REPO, today=BEFORE_REVIEW)).pdf
    assert "Notes from your care team" not in page_texts(data)[0]
    blank = render(ARTICLE, "demo", "en", RenderContext(REPO, today=BEFORE_REVIEW, personal=Personal(" ", "\n"))).pdf
    assert "Notes from your care team" not in page_texts(blank)[0]


def test_notes_box_shrinks_with_the_room_on_page_1() -> None:
    """A large-print A5 page 1 holds fewer lines; the standard A5 page, with its compact frame, all six."""
    long_notes = "Rest two days and walk a little every day. " * 8
    with pytest.raises(HandoutError, match=r"the notes box holds [1-5] lines?, about \d+ characters"):
        render(ARTICLE, "demo", "en", RenderContext(REPO, today=BEFORE_REVIEW, layout="a5-booklet", profile="large",
                                                     personal=Personal("", long_notes)))  # fmt: skip
    with pytest.raises(HandoutError, match=r"the notes box holds 6 lines, about \d+ characters"):
        render(ARTICLE, "demo", "en", RenderContext(REPO, today=BEFORE_REVIEW, layout="a5-booklet",
                                                     personal=Personal("", long_notes)))  # fmt: skip
    code, _, err = run("render", ARTICLE, "-w", str(REPO), "--layout", "a5-booklet", "--profile", "large",
                       "--notes", "Rest.", "-o", "-")  # fmt: skip
    assert code == 0, err


def test_no_room_for_notes_names_only_what_would_make_room() -> None:
    """A Burmese-English booklet in the standard profile: the fixes are a single layout or one
    language, never "the standard profile" (already chosen). On A4 (the layout already single), large
    print in two languages takes the compact frame and has room for the notes on page 1."""
    with pytest.raises(HandoutError) as e:
        render(ARTICLE, "demo", "my+en", RenderContext(REPO, today=BEFORE_REVIEW, layout="a5-booklet",
                                                        personal=Personal("", NOTES["th"])))  # fmt: skip
    assert "page 1 has no room left for notes" in e.value.message
    assert e.value.hint == "use --layout single or one language (--lang my), or leave the notes out"
    for profile, lang in (("standard", "th+en"), ("large", "th+en"), ("large", "th")):
        data = render(ARTICLE, "demo", lang, RenderContext(REPO, today=BEFORE_REVIEW, profile=profile,
                                                             personal=Personal("", NOTES["th"]))).pdf  # fmt: skip
        assert norm(NOTES["th"].splitlines()[0]) in norm(page_texts(data)[0])


def _strings(value: object) -> list[str]:
    """Every text leaf of a stored value, in order (a glyph's text is one)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, bytes):
        return [value.decode("latin-1")]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for kv in value.items() for v in kv for s in _strings(v)]
    return []


@pytest.mark.parametrize("lang", ["en", "th"])
def test_personal_data_never_reaches_the_cache(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PDPA: the patient's name and the notes are typeset afresh and never written to the disk
    cache (any entry, any form: whole strings or one glyph's text after another)."""
    import marshal

    from handouts.typesetting import diskcache

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("HANDOUTS_NO_CACHE", raising=False)
    monkeypatch.setattr(diskcache, "_enabled", None)
    secret, notes = SECRET[lang], "Zqxjkw Vbnmpq แพ้ยาเพนนิซิลลินซ์ 42 mg"
    for _ in range(2):  # the second render reads what the first stored
        code, _, err = run("render", ARTICLE, "-w", str(REPO), "--lang", lang, "--patient", secret, "--notes", notes,
                           "-o", str(tmp_path / "x.pdf"))  # fmt: skip
        assert code == 0, err
    entries = diskcache.entries()
    assert entries, "the render stored nothing: the test would prove nothing"
    for entry in entries:
        data = Path(entry.path).read_bytes()
        joined = "".join(_strings(marshal.loads(data[36:]))) + data.decode("latin-1")
        for word in (*secret.split(), "Zqxjkw", "Vbnmpq", "เพนนิซิลลินซ์"):
            assert word not in joined, (word, entry.path)


@pytest.mark.parametrize(("lang", "profile", "layout"), [("th", "large", "a5-booklet"), ("en", "large", "a5-booklet"),
                                                         ("th", "standard", "2up"), ("th", "standard", "single")])  # fmt: skip
def test_notes_of_as_many_lines_as_the_box_holds_are_printed(lang: str, profile: str, layout: str) -> None:
    """Notes of 3 short lines on a large-print Thai A5 page: 'the notes box holds 2 lines'; cut to 2
    lines: 'holds 1 line' (a variant of the styles tried for a fuller last page, with wider gaps,
    refused them). Notes of as many lines as the refusal says are printed."""
    word = {"th": "ทานยา", "en": "Rest"}[lang]

    def notes(n: int) -> Personal:
        return Personal("สมชาย", "\n".join(f"{word} {i}" for i in range(1, n + 1)))

    def ctx(n: int) -> RenderContext:
        return RenderContext(REPO, today=BEFORE_REVIEW, profile=profile, layout=layout, personal=notes(n))

    with pytest.raises(HandoutError) as e:
        render(ARTICLE, "demo", lang, ctx(NOTES_MAX_LINES + 1))
    holds = int(re.search(r"the notes box holds (\d+) lines?", e.value.message).group(1))  # type: ignore[union-attr]
    for n in range(1, holds + 1):
        data = render(ARTICLE, "demo", lang, ctx(n)).pdf
        assert norm(f"{word} {n}") in norm(" ".join(page_texts(data)))


def test_notes_of_too_many_short_lines_say_the_lines_the_box_holds() -> None:
    """Eight short lines: 'shorten the notes to at most 126 characters', which eight lines of that
    many characters are not: the number of lines is said too."""
    notes = "\n".join(f"Rest {i}" for i in range(1, NOTES_MAX_LINES + 3))
    with pytest.raises(HandoutError) as e:
        render(ARTICLE, "demo", "en", RenderContext(REPO, today=BEFORE_REVIEW, personal=Personal("", notes)))
    assert f"in at most {NOTES_MAX_LINES} lines, joining some" in (e.value.hint or ""), e.value.hint
    with pytest.raises(HandoutError) as e:
        render(ARTICLE, "demo", "en", RenderContext(REPO, today=BEFORE_REVIEW, personal=Personal("", "Rest. " * 200)))
    assert "line" not in (e.value.hint or ""), e.value.hint
