"""The persistent typesetting cache: same bytes cold, warm and off; safe on disk.

Every demo handout (each article × clinic × language) is rendered with an empty cache, then
again reading it (the in-process memos emptied in between, as in a fresh process), then with
the cache off: the three PDFs are byte-identical and the warm run segmented and shaped nothing
and took its model from the model cache (:mod:`handouts.modelcache`), which any change to an
input it is made from (catalog, template, clinic, figure) invalidates.
Corrupt and foreign entries are ignored and rewritten, concurrent writers leave only valid
entries, the folder stays under its cap (least recently used out first), a changed paragraph
costs one entry, and nothing here touches the user's real cache (conftest.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from handouts import modelcache
from handouts.typesetting import diskcache
from tests.typesetting.cachestate import fresh_process_state, use_cache_folder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_cache_folder(tmp_path, monkeypatch)


def _demo_handouts(ws: Path) -> list[tuple[str, str, str]]:
    from handouts.content.article import load_article
    from handouts.i18n.runtime import available_languages

    out = []
    for article in sorted((ws / "articles").glob("*.md")):
        source = load_article(article).front["lang"]
        for clinic in sorted((ws / "clinics").glob("*.toml")):
            for lang in available_languages(ws / "locales", source):
                out.append((article.stem, clinic.stem, lang))
    return out


def _render(ws: Path, article: str, clinic: str, lang: str) -> bytes:
    from handouts.pipeline import RenderContext, render

    return render(article, clinic, lang, RenderContext(ws)).pdf


def test_cold_warm_and_off_give_the_same_bytes(workspace: Path, cache_dir: Path, fixed_date: object,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    handouts = _demo_handouts(workspace)
    assert len(handouts) >= 4, handouts
    for article, clinic, lang in handouts:
        fresh_process_state()
        cold = _render(workspace, article, clinic, lang)
        fresh_process_state()
        models = modelcache.STATS.hits
        warm = _render(workspace, article, clinic, lang)
        stats = diskcache.STATS
        assert stats.hits > 10 and stats.misses == 0 and stats.writes == 0, (article, clinic, lang, stats)
        assert modelcache.STATS.hits == models + 1, "the warm render built its model again"
        monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
        fresh_process_state()
        off = _render(workspace, article, clinic, lang)
        assert diskcache.STATS.hits == diskcache.STATS.writes == 0 and modelcache.STATS.hits == 0
        monkeypatch.delenv("HANDOUTS_NO_CACHE")
        assert cold == warm == off, f"{article} {clinic} {lang}: bytes differ between cold, warm and off"
    assert diskcache.info()["entries"] > 20


@pytest.mark.parametrize("lang,text", [("th", "น้ำที่ก๋วยเตี๋ยว ค่ำ"), ("lo", "ນ້ຳທີ່ປິ່ນປົວ"),
                                       ("km", "ក្រុមគ្រូពេទ្យ ស្រី"), ("my", "ကြက်သွန်ဖြူ မြန်မာ")])  # fmt: skip
def test_a_warm_paragraph_has_every_glyph_of_the_cold_one(cache_dir: Path, lang: str, text: str) -> None:
    """Every field of every glyph survives the disk (the text layer's phantoms and widths too:
    a warm run that lost them drew their letter twice)."""
    from handouts.typesetting import atoms
    from handouts.typesetting.fonts import font_set, split_by_font
    from handouts.typesetting.spans import Span, TextStyle

    spans = split_by_font((Span(text, TextStyle(face="bold"), lang=lang), Span(" " + text, TextStyle(), lang=lang)),
                          font_set())  # fmt: skip
    fresh_process_state()
    cold = atoms.prepare(spans, (), font_set())
    fresh_process_state()
    warm = atoms.prepare(spans, (), font_set())
    assert diskcache.STATS.hits == 1 and diskcache.STATS.misses == 0
    assert any(g.phantom for run in cold.text.runs for g in run.glyphs)
    assert warm.text.runs == cold.text.runs


def test_corrupt_and_foreign_entries_are_ignored_and_rewritten(workspace: Path, cache_dir: Path, fixed_date: object,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    fresh_process_state()
    expected = _render(workspace, "back-pain-after-surgery", "demo", "th")
    # the entries a warm render reads (recorded, so that no memo a test before this one left in the
    # process decides which are damaged)
    read: list[str] = []
    get = diskcache.get
    monkeypatch.setattr(diskcache, "get", lambda k: read.append(k) or get(k))
    fresh_process_state()
    assert _render(workspace, "back-pain-after-surgery", "demo", "th") == expected
    monkeypatch.setattr(diskcache, "get", get)
    files = sorted({diskcache._path(k) for k in read if diskcache._path(k).is_file()})
    assert len(files) > 10
    good = files[0].read_bytes()
    files[1].write_bytes(good)  # another key's entry under this name
    files[2].write_bytes(files[2].read_bytes()[:-7])  # truncated
    files[3].write_bytes(b"\0" * 100)  # garbage
    damaged = files[4].read_bytes()
    files[4].write_bytes(damaged[:60] + bytes([damaged[60] ^ 0xFF]) + damaged[61:])  # one flipped byte
    fresh_process_state()
    assert _render(workspace, "back-pain-after-surgery", "demo", "th") == expected
    assert diskcache.STATS.rejected == 4 and diskcache.STATS.writes == 4, diskcache.STATS
    fresh_process_state()
    assert _render(workspace, "back-pain-after-surgery", "demo", "th") == expected
    assert diskcache.STATS.rejected == 0 and diskcache.STATS.misses == 0, "entries were not rewritten"


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_a_folder_in_an_entrys_place_is_a_miss_and_is_replaced(kind: str, cache_dir: Path) -> None:
    """Only regular files are read as entries: a FIFO in an entry's place was opened and waited on
    for ever (a symbolic link to ``/dev/zero`` was read until memory ran out), and an empty folder
    there was never replaced by the entry written for its key."""
    k = diskcache.key("test-entry", kind)
    path = diskcache._path(k)
    path.parent.mkdir(parents=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    found: list[object] = []
    reader = threading.Thread(target=lambda: found.append(diskcache.get(k)), daemon=True)
    reader.start()
    reader.join(30)
    if reader.is_alive():  # a reader waits on the FIFO: give it a writer, so the thread ends
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading the entry waited for a writer of the FIFO in its place")
    assert found == [None]
    diskcache.put(k, ("value", 1))
    assert path.is_file() and not path.is_symlink()
    assert diskcache.get(k) == ("value", 1)


def test_every_entry_corrupt_gives_the_same_bytes(workspace: Path, cache_dir: Path, fixed_date: object) -> None:
    """Each kind of entry (model, paragraphs, QR code) is read again in a fresh process: when all of
    them are damaged, every one is rejected and rewritten, and the PDF is the same."""
    fresh_process_state()
    expected = _render(workspace, "back-pain-after-surgery", "demo", "th")
    files = sorted(Path(e.path) for e in diskcache.entries())
    for f in files:
        data = f.read_bytes()
        f.write_bytes(data[:-1] + bytes([data[-1] ^ 0x55]))
    fresh_process_state()
    assert _render(workspace, "back-pain-after-surgery", "demo", "th") == expected
    assert diskcache.STATS.rejected == diskcache.STATS.writes == len(files), (len(files), diskcache.STATS)


def test_a_changed_paragraph_redoes_only_its_own_work(workspace: Path, cache_dir: Path, fixed_date: object) -> None:
    fresh_process_state()
    _render(workspace, "back-pain-after-surgery", "demo", "en")
    article = workspace / "articles" / "back-pain-after-surgery.md"
    text = article.read_text("utf-8")
    paragraph = "This article explores common causes"
    assert paragraph in text
    article.write_text(text.replace(paragraph, "This short article explores some common causes"), "utf-8")
    fresh_process_state()
    _render(workspace, "back-pain-after-surgery", "demo", "en")
    stats = diskcache.STATS
    # the model, the article's step (handouts.modelcache.Steps), the edited paragraph, the
    # document-control line that carries the content hash, and the (empty, never written) gate
    # table of an English handout
    assert 2 <= stats.misses <= 5 and stats.writes <= 5 and stats.hits > 20, stats


@pytest.mark.parametrize("edit", ["catalog", "template", "clinic", "logo", "figure", "figure variant", "signoff"])
def test_the_model_is_rebuilt_when_an_input_changes(edit: str, workspace: Path, cache_dir: Path,
                                                    fixed_date: object, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A cached model is used only while every file it is made from is unchanged (and no new
    per-language figure appears); after a change the render equals one without any cache."""
    article = "spine-surgery-home-care" if edit.startswith("figure") else "back-pain-after-surgery"
    lang = "th" if (workspace / "locales" / "th").is_dir() else "en"
    fresh_process_state()
    _render(workspace, article, "demo", lang)
    fresh_process_state()
    before = _render(workspace, article, "demo", lang)
    assert modelcache.STATS.hits == 1
    figure = workspace / "articles" / "images" / "spine-wound-dressing.svg"
    changed = {
        "catalog": workspace / "locales" / "th" / "LC_MESSAGES" / "handouts.po",
        "template": workspace / "templates" / "handout.j2",
        "clinic": workspace / "clinics" / "demo.toml",
        "logo": workspace / "clinics" / "logos" / "demo.png",
        "figure": figure,
        "signoff": workspace / "locales" / "th" / "signoff.toml",
    }
    if edit == "figure variant":  # a Thai drawing beside the figure: drawn instead, in Thai
        figure.with_name(f"{figure.stem}.{lang}{figure.suffix}").write_bytes(figure.read_bytes())
    else:
        path = changed[edit]
        assert path.is_file(), path
        data = path.read_bytes()
        if edit == "catalog":  # a different first word in one entry's translation
            text = data.decode("utf-8")
            at = text.index('msgstr "', text.index('msgstr "', text.index("msgctxt")) + 1) + len('msgstr "')
            path.write_text(text[:at] + "อีก " + text[at:], "utf-8")
        elif edit in ("logo",):
            path.write_bytes(data + b"\0")  # the same picture, other bytes
        else:
            path.write_bytes(data + (b"\n<!-- edited -->\n" if edit == "figure" else
                                     b"\n{# edited #}\n" if edit == "template" else b"\n# edited\n"))  # fmt: skip
    fresh_process_state()
    after = _render(workspace, article, "demo", lang)
    assert modelcache.STATS.hits == 0, f"a stale model was used after the {edit} changed"
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    fresh_process_state()
    assert after == _render(workspace, article, "demo", lang)
    if edit == "catalog":
        assert after != before


def test_a_forged_model_entry_runs_nothing(cache_dir: Path, tmp_path: Path) -> None:
    """Model entries are unpickled with only the model's classes allowed: anything else is refused."""
    import pickle

    canary = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:  # unpickling would call os.system(...)
            return os.system, (f"touch {canary}",)

    forged = pickle.dumps(Payload())
    k = diskcache.key("model", "forged")
    diskcache.put(k, forged)
    assert modelcache.get(k) is None
    diskcache.put(k, pickle.dumps(Path("x")))  # allowed classes, but not a model
    assert modelcache.get(k) is None
    assert not canary.exists()


def test_a_read_marks_an_entry_used_when_its_mark_is_old(cache_dir: Path) -> None:
    """LRU: a read refreshes an entry's mtime once it is over FRESH seconds old; a fresher one
    is left alone (a render reads some eighty entries: no write to the file system for each)."""
    import time

    k = diskcache.key("t", "lru")
    diskcache.put(k, ["x", 1])
    path = diskcache._path(k)
    old = time.time() - 2 * diskcache.FRESH
    os.utime(path, (old, old))
    assert diskcache.get(k) == ["x", 1]
    assert path.stat().st_mtime > time.time() - diskcache.FRESH  # marked used
    recent = time.time() - diskcache.FRESH / 2
    os.utime(path, (recent, recent))
    assert diskcache.get(k) == ["x", 1]
    assert abs(path.stat().st_mtime - recent) < 1  # not written again


def test_size_cap_evicts_least_recently_used(cache_dir: Path) -> None:
    keys = [diskcache.key("t", i) for i in range(40)]
    for i, k in enumerate(keys):
        diskcache.put(k, ["x" * 1000, i])
        os.utime(diskcache._path(k), (1_000_000 + i, 1_000_000 + i))
    os.utime(diskcache._path(keys[0]), (2_000_000, 2_000_000))  # read recently
    total = sum(e.stat().st_size for e in diskcache.entries())
    deleted = diskcache.evict(total // 2)
    left = {Path(e.path).stem for e in diskcache.entries()}
    assert deleted > 0 and sum(e.stat().st_size for e in diskcache.entries()) <= total // 2
    assert keys[0] in left and keys[-1] in left and keys[1] not in left, "not least-recently-used first"


def test_files_the_cache_did_not_write_are_never_evicted_or_cleared(cache_dir: Path) -> None:
    """HANDOUTS_CACHE_DIR pointed at a folder that holds other files (a workspace, Documents):
    eviction and ``cache clear`` touch only the names the cache makes."""
    foreign = [cache_dir / "docs" / "ab" / "notes.bin", cache_dir / "v8" / "ab" / "letter.pdf",
               cache_dir / "v8" / "zz" / ("0" * 40 + ".bin"), cache_dir / "v8" / "ab" / ("A" * 40 + ".bin"),
               cache_dir / "vx" / "ab" / ("0" * 40 + ".bin"), cache_dir / "patients" / "2026" / "scan.png"]  # fmt: skip
    for i, f in enumerate(foreign):
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"x" * 5000)
        os.utime(f, (1_000 + i, 1_000 + i))  # older than any entry: first in line if they were counted
    keys = [diskcache.key("t", i) for i in range(10)]
    for k in keys:
        diskcache.put(k, ["y" * 1000])
    assert {Path(e.path).stem for e in diskcache.entries()} == set(keys)
    assert diskcache.evict(1) == len(keys)
    assert diskcache.clear() == 0 and diskcache.info()["entries"] == 0
    assert all(f.read_bytes() == b"x" * 5000 for f in foreign)


def test_concurrent_writers_leave_only_valid_entries(cache_dir: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        from handouts.typesetting import diskcache
        for round in range(30):
            for i in range(20):
                k = diskcache.key("shared", i)
                value = diskcache.get(k)
                assert value is None or value == ["v", i, "y" * 5000], value
                diskcache.put(k, ["v", i, "y" * 5000])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE) for _ in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()[-2000:]
    names = [Path(e.path).name for e in diskcache.entries()]
    assert len(names) == 20 and all(n.endswith(".bin") for n in names), "temporary files left behind"
    assert all(diskcache.get(diskcache.key("shared", i)) == ["v", i, "y" * 5000] for i in range(20))


def test_cli_no_cache_info_and_clear(workspace: Path, cache_dir: Path, fixed_date: object, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_WORKSPACE": str(workspace)}
    run = [sys.executable, "-m", "handouts"]
    out = tmp_path / "x.pdf"
    done = subprocess.run([*run, "--no-cache", "render", "back-pain-after-surgery", "-o", str(out)], env=env,
                          capture_output=True)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert not diskcache.entries(), "--no-cache wrote entries"
    done = subprocess.run([*run, "render", "back-pain-after-surgery", "-o", str(out)], env=env, capture_output=True)
    assert done.returncode == 0 and diskcache.entries()
    import json

    info = json.loads(subprocess.run([*run, "cache", "info", "--json"], env=env, capture_output=True, check=True).stdout)
    assert info["folder"] == str(cache_dir) and info["entries"] == len(diskcache.entries()) > 0
    done = subprocess.run([*run, "cache", "clear"], env=env, capture_output=True, check=True)
    assert not diskcache.entries() and b"deleted" in done.stdout


def test_cache_info_says_when_its_folder_cannot_be_written(tmp_path: Path) -> None:
    """A cache folder that is a file: a render still works (without the cache) and ``cache
    info`` says so, with the fix, instead of reporting an empty cache that is "on"."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_CACHE_DIR": str(blocked)}
    run = [sys.executable, "-m", "handouts"]
    data = json.loads(subprocess.run([*run, "cache", "info", "--json"], env=env, capture_output=True, check=True).stdout)
    assert data["enabled"] and data["unwritable"], data
    done = subprocess.run([*run, "cache", "info"], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "nothing can be written there" in done.stdout and "HANDOUTS_CACHE_DIR" in done.stdout
    ok = subprocess.run([*run, "cache", "info", "--json"], env={**env, "HANDOUTS_CACHE_DIR": str(tmp_path / "new")},
                        capture_output=True, check=True)  # fmt: skip
    assert json.loads(ok.stdout)["unwritable"] is None


def test_the_tests_never_use_the_real_user_cache() -> None:
    folder = diskcache.folder()
    assert "handouts-test-cache-" in str(folder) or "pytest" in str(folder), folder


def test_font_and_logo_entries_of_another_shape_are_ignored(cache_dir: Path, tmp_path: Path) -> None:
    """A well-formed entry that is not a font face (or a logo) under its key: parsed (decoded)
    again, the same objects result, and the entry is rewritten."""
    from reportlab.pdfbase import ttfonts

    from handouts.layout import images
    from handouts.typesetting import rlfonts
    from handouts.typesetting.fonts import font_set

    path = font_set().faces["regular"].path
    parsed = ttfonts.TTFont("Probe", str(path))
    rlfonts.tt_font("Probe", path)  # stored
    [entry] = [Path(e.path) for e in diskcache.entries()]
    key = entry.stem
    for junk in ({"charToGlyph": 1}, ("a", "b"), [1, 2, 3], ({"unitsPerEm": 1000, "charToGlyph": {}}, [5])):
        diskcache.put(key, junk)
        again = rlfonts.tt_font("Probe", path)
        assert again.face.charToGlyph == parsed.face.charToGlyph and again.face.hmetrics == parsed.face.hmetrics
        assert rlfonts.tt_font("Probe", path).face.charWidths == parsed.face.charWidths  # rewritten: read back
    image = ROOT / "clinics" / "logos" / "demo.png"
    expected = images._decode(image.read_bytes(), 120)
    before = {Path(e.path) for e in diskcache.entries()}
    images._pixels.cache_clear()
    assert images.logo(image, 120) == expected
    [entry] = [p for p in (Path(e.path) for e in diskcache.entries()) if p not in before]
    for junk in ((1, 2, b"x", "n"), (expected.width, expected.height, b"not zlib", expected.name), "junk"):
        diskcache.put(entry.stem, junk)
        images._pixels.cache_clear()
        assert images.logo(image, 120) == expected
    matrix = ((True, False, True), (False, True, False), (True, True, False))
    expected = images.qr(matrix, 4)
    images.qr.cache_clear()
    assert images.qr(matrix, 4) == expected  # read back
    [entry] = [p for p in (Path(e.path) for e in diskcache.entries()) if p not in before and p.stem != entry.stem]
    for junk in ((12, 12, expected.stream, expected.name), (3, 3, expected.stream, expected.name), ["x"]):
        diskcache.put(entry.stem, junk)
        images.qr.cache_clear()
        assert images.qr(matrix, 4) == expected


@pytest.mark.parametrize("text", ["น้ำที่ก๋วยเตี๋ยว ค่ำ ok", "ນ້ຳທີ່ປິ່ນປົວ ok", "ក្រុមគ្រូពេទ្យ ស្រី", "ကြက်သွန်ဖြူ မြန်မာ", "\u0e48ก ำ x"])
def test_a_piece_is_as_wide_as_its_glyphs(text: str) -> None:
    """Pieces are measured from the paragraph's prefix sums: exactly the width of the glyphs they draw."""
    from handouts.typesetting import atoms
    from handouts.typesetting.fonts import font_set, split_by_font
    from handouts.typesetting.spans import Span, TextStyle

    spans = split_by_font((Span(text, TextStyle(size=13.5)), Span(" " + text, TextStyle("bold", 17.25))), font_set())
    t = atoms.Text(spans, font_set())
    n = len(t.text)
    for a in range(n):
        for b in range(a + 1, n + 1):
            for p in t.pieces(a, b):
                assert p.width == p.run.width(p.span.style.size * p.face.scale), (a, b, p.span.text)


def test_hyphenation_patterns_from_the_cache_hyphenate_alike(cache_dir: Path) -> None:
    """pyphen's parsed English patterns are kept in the cache: a fresh process that reads them
    back hyphenates every word as one that parsed the pattern file."""
    import pyphen

    from handouts.typesetting import atoms

    words = ["hyphenation", "Wednesday", "physiotherapy", "inflammation", "paracetamol", "Dysfunction", "surgery"]
    pyphen.hdcache.clear()
    atoms._pyphen.cache_clear()
    parsed = [atoms._pyphen().positions(w) for w in words]
    assert diskcache.STATS.writes == 1
    pyphen.hdcache.clear()  # a new process: neither pyphen's nor our memo holds the patterns
    atoms._pyphen.cache_clear()
    diskcache.STATS.__init__()  # type: ignore[misc]
    assert [atoms._pyphen().positions(w) for w in words] == parsed
    assert diskcache.STATS.hits == 1 and diskcache.STATS.writes == 0
    assert any(parsed)


def test_a_keep_pattern_from_the_cache_is_the_one_built(cache_dir: Path) -> None:
    """The keep-words' pattern source is kept in the cache: a fresh process reads it back instead
    of building the trie, gets the same pattern, and an entry of another shape is rebuilt."""
    from handouts.typesetting import segment

    words = segment.builtin_keep_words()
    segment.keep_pattern.cache_clear()
    built = segment.keep_pattern(words)
    assert built is not None and diskcache.STATS.writes == 1
    segment.keep_pattern.cache_clear()  # a new process
    diskcache.STATS.__init__()  # type: ignore[misc]
    again = segment.keep_pattern(words)
    assert again is not None and again.pattern == built.pattern
    assert diskcache.STATS.hits == 1 and diskcache.STATS.writes == 0
    k = diskcache.key("keep-pattern", segment.TRIE_FORMAT, tuple(sorted({w for w in words if len(w) > 1})))
    diskcache.put(k, ["not", "a", "pattern"])  # a foreign shape under the key
    segment.keep_pattern.cache_clear()
    assert segment.keep_pattern(words).pattern == built.pattern  # type: ignore[union-attr]
    assert diskcache.get(k) == built.pattern  # rewritten
    segment.keep_pattern.cache_clear()


def test_a_font_subset_from_the_cache_is_the_one_made(cache_dir: Path) -> None:
    """A font subset and its compression are kept under the glyphs they hold (the code points of
    shaped glyphs are private codes, allocated per process): read back, or for other codes that
    stand for the same glyphs, they are what ReportLab makes; an entry of another shape is made
    again and rewritten."""
    import zlib

    from reportlab.pdfbase import ttfonts

    from handouts.typesetting import rlfonts
    from handouts.typesetting.fonts import font_set

    face = rlfonts.tt_font("Probe", font_set().faces["regular"].path).face
    original = getattr(ttfonts.TTFontFace.makeSubset, "__wrapped__", ttfonts.TTFontFace.makeSubset)  # ReportLab's
    codes = [0, *map(ord, "กขคงabc")]
    expected = (original(face, codes), zlib.compress(original(face, codes), rlfonts.FLATE_LEVEL))
    calls: list[list[int]] = []

    def make(f: object, subset: list[int]) -> bytes:
        calls.append(subset)
        return bytes(original(f, subset))

    before = {Path(e.path) for e in diskcache.entries()}
    assert rlfonts.font_subset(face, codes, make) == expected
    assert len(calls) == 1
    [entry] = [p for p in (Path(e.path) for e in diskcache.entries()) if p not in before]
    private = 0xF0000 + 77  # another code point for the glyph of ข, as _pdftext allocates them
    face.charToGlyph[private] = face.charToGlyph[ord("ข")]
    try:
        again = rlfonts.font_subset(face, [0, ord("ก"), private, *map(ord, "คงabc")], make)
    finally:
        del face.charToGlyph[private]
    assert again == expected and len(calls) == 1, "not read back"
    for junk in ((expected[0], b"not zlib"), (expected[0][:-1], expected[1]), "junk", [expected[0]]):
        diskcache.put(entry.stem, junk)
        assert rlfonts.font_subset(face, codes, make) == expected
        assert diskcache.get(entry.stem) == expected, "not rewritten"
    assert len(calls) == 5


def test_glyph_form_streams_come_from_the_cache(workspace: Path, cache_dir: Path, fixed_date: object) -> None:
    """A document's glyph forms (the outlines of offset marks) are written from one entry, read
    back in a fresh process; an entry of another shape is made again and rewritten."""
    import zlib

    fresh_process_state()
    expected = _render(workspace, "back-pain-after-surgery", "demo", "th")

    def forms(value: object) -> bool:
        return (type(value) is list and len(value) > 5 and all(type(d) is bytes for d in value)
                and all(zlib.decompress(d).endswith(b" f") for d in value))  # fmt: skip

    [key] = [k for k in (Path(e.path).stem for e in diskcache.entries()) if forms(diskcache.get(k))]
    stored = diskcache.get(key)
    assert isinstance(stored, list)
    diskcache.put(key, stored[::-1])  # forged: each form's stream another's
    fresh_process_state()
    assert _render(workspace, "back-pain-after-surgery", "demo", "th") != expected, "the entry was not read"
    for junk in ("junk", stored[:-1], [*stored[:-1], "x"]):
        diskcache.put(key, junk)
        fresh_process_state()
        assert _render(workspace, "back-pain-after-surgery", "demo", "th") == expected
        assert diskcache.get(key) == stored, "not rewritten"


def test_an_svg_figures_operators_come_from_the_cache(workspace: Path, cache_dir: Path, fixed_date: object,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A picture drawn from SVG (paths and colours) is written from its cached operators in a
    later render, and checked by them when an article is read, without svglib (its converter
    is never called); a forged entry is what is
    drawn; an entry of another shape, or one naming a resource, is drawn again and rewritten."""
    from handouts.layout import figures

    article = "spine-surgery-home-care"
    fresh_process_state()
    expected = _render(workspace, article, "demo", "en")
    [key] = [k for k in (Path(e.path).stem for e in diskcache.entries()) if figures._is_svg_form(diskcache.get(k))]
    stored = diskcache.get(key)
    assert isinstance(stored, list)

    def no_svglib(*_: object) -> None:
        raise AssertionError("the SVG was converted again")

    with monkeypatch.context() as m:
        m.setattr("svglib.svglib.svg2rlg", no_svglib)
        fresh_process_state()
        assert _render(workspace, article, "demo", "en") == expected
        # the article's check of its pictures (a model built again for a changed catalog) too
        assert figures.svg_problem(str(workspace / "articles/images/spine-wound-dressing.svg")) is None
    diskcache.put(key, [*stored[:2], ["0 0 m 10 10 l S"], stored[3]])  # forged: another drawing
    fresh_process_state()
    assert _render(workspace, article, "demo", "en") != expected, "the entry was not read"
    for junk in ("junk", stored[:3], [*stored[:2], [*stored[2], "/Im0 Do"], stored[3]], [0.0, *stored[1:]],
                 [*stored[:2], [b"x"], stored[3]], [*stored[:3], ["fusion"]]):  # fmt: skip
        diskcache.put(key, junk)
        fresh_process_state()
        assert _render(workspace, article, "demo", "en") == expected, junk
        assert diskcache.get(key) == stored, f"not rewritten: {junk!r}"


@pytest.mark.parametrize("inner", ['<rect width="20" height="10" fill="red" fill-opacity="0.5"/>',
                                   '<rect width="20" height="10" fill="red"/>'], ids=["transparency", "paths"])  # fmt: skip
def test_an_svg_that_uses_a_resource_is_converted_every_time(inner: str, cache_dir: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Operators that name a resource (transparency's graphics state, an embedded picture) are
    never kept: the document must define what they name, so such a picture is converted again
    (and drawn the same); a picture of paths alone is kept and then read."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from handouts.layout import figures
    from handouts.textfile import content_stamp
    from handouts.typesetting.fonts import font_set, register_reportlab

    register_reportlab(font_set())  # (the renderer starts each drawing in the bundled face)
    svg = tmp_path / "p.svg"
    svg.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">{inner}</svg>', encoding="utf-8")
    from svglib import svglib

    converted = []
    real = svglib.svg2rlg
    monkeypatch.setattr(svglib, "svg2rlg", lambda *a: converted.append(a) or real(*a))
    pdfs = []
    for _ in range(2):
        figures._drawing.cache_clear()  # (a fresh process)
        canv = Canvas(io.BytesIO(), invariant=1, pageCompression=0)
        assert figures._svg_form(canv, "fig", str(svg), content_stamp(svg), svg.read_bytes()) == (15.0, 7.5)  # (px → pt)
        canv.doForm("fig")
        pdfs.append(canv.getpdfdata())
    kept = [e for e in diskcache.entries() if figures._is_svg_form(diskcache.get(Path(e.path).stem))]
    if "opacity" in inner:
        assert len(converted) == 2 and kept == [] and b" gs\n" in pdfs[0]  # (its transparency)
    else:
        assert len(converted) == 1 and len(kept) == 1
    assert pdfs[0] == pdfs[1]


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "tRNS"])
def test_a_pictures_pixels_come_from_the_cache(mode: str, cache_dir: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """An article's photo is decoded and downscaled once: a later process takes its compressed
    pixels (and its alpha channel) from the disk cache without Pillow; one with a transparent
    colour, that it has one (ReportLab draws it); an entry of another shape is decoded again and
    rewritten."""
    from PIL import Image

    from handouts.layout import images

    path = tmp_path / ("p.jpg" if mode == "RGB" else "p.png")
    if mode == "tRNS":
        Image.new("RGB", (500, 300), (20, 120, 200)).save(path, transparency=(20, 120, 200))
    else:
        Image.new(mode, (500, 300), (20, 120, 200) if mode == "RGB" else (20, 120, 200, 128)).save(path)
    fresh_process_state()
    first = images.picture(path, 200)
    assert (first is None) == (mode == "tRNS") and (first is None or bool(first.alpha) == (mode == "RGBA"))
    [key] = [Path(e.path).stem for e in diskcache.entries()]
    stored = diskcache.get(key)

    def no_pillow(*_: object) -> None:
        raise AssertionError("decoded again")

    with monkeypatch.context() as m:
        m.setattr(images, "_decode_picture", no_pillow)
        fresh_process_state()
        assert images.picture(path, 200) == first
    if first is None:
        return
    assert (first.width, first.height) == (200, 120)
    assert isinstance(stored, list)
    for junk in ("junk", stored[:4], ["x", *stored[1:]], [*stored[:2], b"", *stored[3:]], [0, *stored[1:]],
                 [*stored[:4], b"", "name"], [*stored[:4], b"\0" * 9, "name"]):  # fmt: skip
        diskcache.put(key, junk)
        fresh_process_state()
        assert images.picture(path, 200) == first, junk
        assert diskcache.get(key) == stored, f"not rewritten: {junk!r}"


@pytest.mark.parametrize("change", ["repair", "package", "fonttools"])
def test_a_paragraph_key_changes_with_the_script_fonts(change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Noto instances (Burmese, Khmer, Lao) are not among the body faces: a new font package,
    fontTools or font repair (scripts/fontfix.py) makes new instances, and must make new keys,
    or a warm cache draws the old glyphs (a repaired kinzi came back unrepaired)."""
    from handouts.typesetting import segment
    from handouts.typesetting.fonts import font_set
    from handouts.typesetting.scripts import fontfix
    from handouts.typesetting.spans import Span, TextStyle

    spans = (Span("ကင်္ဝ္ဘီ", TextStyle(), lang="my"),)

    def key() -> str:
        diskcache._engine_fingerprint.cache_clear()
        try:
            return diskcache.paragraph_key(spans, (), font_set(), segment.SEGMENTERS)
        finally:
            diskcache._engine_fingerprint.cache_clear()

    before = key()
    if change == "repair":
        monkeypatch.setattr(fontfix, "VERSION", fontfix.VERSION + "-next")
    else:
        real = diskcache.dist_version
        module = {"package": "justmytype_intl_sea", "fonttools": "fontTools"}[change]
        monkeypatch.setattr(diskcache, "dist_version",
                            lambda m, d=None: "0.0.0-other" if m == module else real(m, d))  # fmt: skip
    assert key() != before


def _heard(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Records of the "handouts" logger reach ``caplog`` once. The CLI's tests make it stop
    propagating; pytest 9.2 then attaches caplog's handler to it as well as to the root, where a
    propagating logger's records would reach the same handler twice."""
    import logging

    logger = logging.getLogger("handouts")
    if caplog.handler not in logger.handlers:
        monkeypatch.setattr(logger, "propagate", True)


@pytest.mark.parametrize(("value", "mb"), [("512", 512.0), ("0.5", 0.5), ("abc", None), ("-5", None), ("1e3", None),
                                           ("256 MB", None), ("", 256.0), (" 5 ", 5.0), ("0.25\n", 0.25)])  # fmt: skip
def test_a_cap_that_is_no_size_keeps_the_default_and_says_so(value: str, mb: float | None,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    """HANDOUTS_CACHE_MAX_MB=abc (or -5, "256 MB") was silently the default: it still is, with one warning naming it."""
    import logging

    monkeypatch.setenv("HANDOUTS_CACHE_MAX_MB", value)
    _heard(monkeypatch, caplog)
    diskcache._bad_cap.cache_clear()
    with caplog.at_level(logging.WARNING, logger="handouts"):
        caps = {diskcache.cap() for _ in range(3)}
    assert caps == {int((mb or 256.0) * 1024 * 1024)}
    warned = [r.getMessage() for r in caplog.records if "HANDOUTS_CACHE_MAX_MB" in r.getMessage()]
    assert len(warned) == (0 if mb is not None else 1) and all(repr(value) in w for w in warned), warned


@pytest.mark.parametrize(("value", "on"), [("", True), ("0", True), ("false", True), ("False", True), (" no ", True),
                                           ("off", True), ("1", False), ("yes", False), ("true", False)])  # fmt: skip
def test_no_cache_reads_as_a_shell_user_means_it(value: str, on: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """HANDOUTS_NO_CACHE=false turned the cache OFF (anything but "" and "0" did): false, no and off
    leave it on, in the typesetting cache and in the start-up code's stores alike."""
    from handouts import startup

    monkeypatch.setattr(diskcache, "_enabled", None)
    monkeypatch.setenv("HANDOUTS_NO_CACHE", value)
    assert diskcache.enabled() is on
    assert startup._off([]) is (not on)


@pytest.mark.parametrize("value", ["~/handouts-cache", "relative/แคช ไทย", "./c"])
def test_a_cache_folder_from_home_or_relative_is_named_in_full(value: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """``HANDOUTS_CACHE_DIR=~/…`` is under the home folder (not a folder named ``~`` made in the
    current one), a relative one under the current folder, named in full; the compiled-code
    stores (:mod:`handouts.startup`) name the same folder."""
    from handouts import startup

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", value)
    expected = (tmp_path / "home" / value[2:]) if value.startswith("~") else tmp_path / value
    assert diskcache.folder() == Path(os.path.normpath(expected)) and diskcache.folder().is_absolute()
    assert startup.own_folder() == diskcache.folder() / "code"
    monkeypatch.setattr(diskcache, "_enabled", True)
    diskcache.put(diskcache.key("test-entry"), "value")
    assert [Path(e.path).parent.parent.parent for e in diskcache.entries()] == [diskcache.folder()]
    assert not (tmp_path / "~").exists()


@pytest.mark.parametrize(("cap", "shown"), [("0.01", "of 10.2 KB"), ("0.5", "of 512.0 KB"), ("2", "of 2.0 MB"),
                                            ("0", "of 0.0 MB")])  # fmt: skip
def test_cache_info_shows_a_small_cap_as_it_is(cap: str, shown: str, cache_dir: Path) -> None:
    """``HANDOUTS_CACHE_MAX_MB=0.01``: ``cache info`` said "0.0 MB of 0.0 MB", as if the cap were none."""
    done = subprocess.run([sys.executable, "-m", "handouts", "cache", "info"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_CACHE_MAX_MB": cap},
                          check=True, timeout=120)  # fmt: skip
    assert shown in done.stdout, done.stdout


def test_processes_that_each_write_a_little_keep_the_folder_under_the_cap(cache_dir: Path) -> None:
    """Each process checked the folder's size only on its own writes (an eighth of the cap) or when
    no process had in five minutes: a run of renders that each wrote less grew it past the cap
    (12 processes of 0.9 MB: 10.4 MB of 8). They record what they wrote, and the next one counts it."""
    code = textwrap.dedent(
        """
        import sys
        from handouts.typesetting import diskcache
        for j in range(int(sys.argv[2])):
            diskcache.put(diskcache.key("small-writes", sys.argv[1], j), "x" * 10000)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_CACHE_MAX_MB": "2"}
    for i in range(24):
        subprocess.run([sys.executable, "-c", code, str(i), str(5 + i * 7 % 20)], env=env, check=True, timeout=120)
        held = sum(p.stat().st_size for p in cache_dir.rglob("*") if p.is_file())
        assert held <= 2 * 1024 * 1024, (i, held)
    assert len(diskcache.entries()) > 100  # (it was kept, not emptied)


@pytest.mark.parametrize(("edit", "old", "new", "lang"), [
    ("articles/back-pain-after-surgery.md", b"Back surgery is often", b"Back surgery is OFTEN", "en"),
    ("templates/handout.j2", b"does not replace advice", b"DOES not replace advice", "en"),
    ("locales/th/LC_MESSAGES/handouts.po", "ยังปวดหลังอยู่?".encode(), "ยังปวดหลังอยู่!".encode(), "th"),
    ("articles/images/spine-wound-dressing.svg", b'fill="#F2E6A8"', b'fill="#A8E6F2"', "en"),
], ids=["article", "template", "catalog", "picture"])  # fmt: skip
def test_an_edit_that_keeps_size_and_time_is_seen_by_a_running_process(edit: str, old: bytes, new: bytes, lang: str,
                                                                       workspace: Path, cache_dir: Path,
                                                                       fixed_date: object,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """``serve`` and batch workers render many handouts in one process: an article, a template or
    a catalog edited with its size and time kept (``touch -r``) was taken from the in-process
    memo (by time and size), and the model cache stored that old text under the new bytes' key,
    so every later process printed it too."""
    article = "spine-surgery-home-care" if edit.endswith(".svg") else "back-pain-after-surgery"
    fresh_process_state()
    _render(workspace, article, "demo", lang)
    path = workspace / edit
    st = path.stat()
    assert old in path.read_bytes()
    path.write_bytes(path.read_bytes().replace(old, new, 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    running = _render(workspace, article, "demo", lang)  # the same process, as serve
    fresh_process_state()
    monkeypatch.setattr(diskcache, "_enabled", False)
    assert running == _render(workspace, article, "demo", lang), "the running process rendered the old text"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HANDOUTS_WORKSPACE": str(workspace)}
    out = {}
    for flag in ("--no-cache", "-q"):
        done = subprocess.run([sys.executable, "-m", "handouts", flag, "render", article, "-l", lang,
                               "-o", str(cache_dir.parent / f"{flag}.pdf")], env=env, capture_output=True,
                              timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        out[flag] = (cache_dir.parent / f"{flag}.pdf").read_bytes()
    assert out["-q"] == out["--no-cache"], "the model cache kept the old text under the new bytes' key"


@pytest.mark.parametrize(("module", "dist"), [("jinja2", "jinja2"), ("markdown_it", "markdown-it-py"), ("yaml", "pyyaml"),
                                              ("icu", "pyicu-wheels"), ("reportlab", "reportlab"), ("uharfbuzz", "uharfbuzz"),
                                              ("fontTools", "fonttools"), ("PIL", "pillow")])  # fmt: skip
def test_a_librarys_version_is_its_distributions(module: str, dist: str) -> None:
    """``dist_version`` reads the version from the dist-info folder beside the module (no import,
    no importlib.metadata): the version importlib.metadata gives, for every library in the keys."""
    from importlib.metadata import version

    assert diskcache.dist_version(module, dist.replace("-", "_")) == version(dist)
    assert diskcache.dist_version("no_such_module_here") == "?"


def test_the_model_keys_name_their_libraries_distributions() -> None:
    """Every library of the model's key is found by its distribution's version (not the module
    file's modification time, which is what a wrong distribution name gives)."""
    from handouts.modelcache import LIBRARIES

    for module, dist in LIBRARIES:
        assert diskcache.dist_version(module, dist).replace(".", "").isalnum(), (module, dist)
        assert "." in diskcache.dist_version(module, dist), (module, dist)


def test_a_cache_that_cannot_be_written_is_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    """A cache folder that cannot be written (here: under a file) made every render run without the
    cache and say nothing, even with -v. Its first failed write now says so once (-v: info)."""
    import logging

    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    use_cache_folder(tmp_path, monkeypatch)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(blocker / "cache"))
    _heard(monkeypatch, caplog)
    diskcache._unwritable.cache_clear()
    with caplog.at_level(logging.INFO, logger="handouts"):
        for i in range(3):
            diskcache.put(diskcache.key("unwritable", i), [i])
    said = [r.getMessage() for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(said) == 1 and str(blocker / "cache") in said[0], said
    assert diskcache.get(diskcache.key("unwritable", 0)) is None


def test_a_shipped_files_digest_is_read_again_only_when_its_stamp_changes(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A shipped file's digest (fonts, tables: in every paragraph's key) is its bytes' BLAKE2b; a
    later process takes it from the cache by the file's size, time and inode instead of reading
    and hashing the file again, and a file changed since (another stamp) is hashed again."""
    import hashlib
    import time

    def fresh() -> None:  # a new process: nothing digested yet, the stored table not read
        diskcache.shipped_digest.cache_clear()
        diskcache._shipped.cache_clear()
        monkeypatch.setattr(diskcache, "_SHIPPED_NEW", {})

    font = tmp_path / "face.ttf"
    font.write_bytes(b"glyphs " * 1000)
    fresh()
    first = diskcache.shipped_digest(str(font))
    assert first == hashlib.blake2b(font.read_bytes(), digest_size=16).hexdigest()
    diskcache._keep_shipped()  # what the exit does
    fresh()
    read: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: read.append(p) or real(p))
    assert diskcache.shipped_digest(str(font)) == first and font not in read, "taken from the cache"
    time.sleep(0.01)
    font.write_bytes(b"other glyphs " * 1000)
    fresh()
    changed = diskcache.shipped_digest(str(font))
    assert font in read and changed == hashlib.blake2b(font.read_bytes(), digest_size=16).hexdigest() != first
    monkeypatch.setenv("HANDOUTS_NO_CACHE", "1")
    monkeypatch.setattr(diskcache, "_enabled", None)
    fresh()
    assert diskcache.shipped_digest(str(font)) == changed and diskcache._SHIPPED_NEW == {}, "the cache off: hashed, not kept"
