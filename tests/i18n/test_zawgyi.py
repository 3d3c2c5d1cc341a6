"""Zawgyi-encoded Burmese: refused with file:line wherever text enters a handout, converted by
``handouts i18n zawgyi-to-unicode``; Unicode Burmese never flagged.

Samples: the UDHR in Burmese, in Unicode and in Zawgyi (``data/udhr_my_*.txt``, sources in
their headers), and the samples myanmartools ships with its model (``compatibility.tsv``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from importlib import resources
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from handouts.i18n import zawgyi
from handouts.i18n.po import scan_po
from handouts.i18n.rules import check_pair

from .conftest import ARTICLE, Run

DATA = Path(__file__).parent / "data"
MY_PO = Path("locales/my/LC_MESSAGES/handouts.po")
PLAIN_MSGID = "This article explores common causes for persistent or recurrent back pain following spinal surgery."


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("#")]


UNICODE = _lines("udhr_my_unicode.txt")
ZAWGYI = _lines("udhr_my_zawgyi.txt")
LONG_ZAWGYI = [z for z in ZAWGYI if len(z) >= 30]  # a sentence or more: no longer ambiguous
THAI = ["ปวดหลังหลังผ่าตัด ทานยา 500 มก. วันละ 3 ครั้ง", "โทร 1669 ทันที", "แผลบวมแดง มีไข้"]
ENGLISH = ["Take 500 mg up to 3 times a day.", "Call 1669 now.", "**Bold** and [a link](https://example.org)."]


def _compatibility() -> list[tuple[float, str]]:
    """myanmartools' own samples: (the probability its model gives, the text)."""
    text = resources.files("myanmartools.resources").joinpath("compatibility.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t", 1) for line in text.splitlines() if "\t" in line]
    return [(float(p.replace("Infinity", "inf")), s) for p, s in rows]


# --------------------------------------------------------------------------- detection


def test_the_samples_are_paired_and_really_differ() -> None:
    assert len(UNICODE) == len(ZAWGYI) > 30
    assert sum(u != z for u, z in zip(UNICODE, ZAWGYI)) > 30


def test_every_zawgyi_sentence_is_flagged() -> None:
    assert LONG_ZAWGYI and all(zawgyi.is_zawgyi(z) for z in LONG_ZAWGYI)


def test_unicode_burmese_is_never_flagged() -> None:
    """A body of Unicode Burmese: the UDHR, every Unicode sample of myanmartools, the shipped
    Burmese catalog, and each line on its own."""
    body = list(UNICODE)
    body += [s for p, s in _compatibility() if p < 0.5 and zawgyi.has_myanmar(s)]
    corpus = Path(__file__).parents[1] / "typesetting" / "corpus" / "my_health.txt"  # cited health text
    if corpus.is_file():
        body += [line for line in corpus.read_text(encoding="utf-8").split("\n") if zawgyi.has_myanmar(line)]
    shipped = Path(__file__).parents[2] / MY_PO
    if shipped.is_file():
        body += [e.msgstr for e in scan_po(shipped.read_text(encoding="utf-8")).entries if e.msgstr]
    assert sum(len(s) for s in body) > 10_000
    assert [s for s in body if zawgyi.is_zawgyi(s)] == []
    assert zawgyi.zawgyi_lines("\n".join(body)) == []


def test_the_threshold_is_the_models_own_verdict() -> None:
    """Same model, same numbers: above 0.95 in myanmartools' table ⇔ flagged here."""
    rows = [(p, s) for p, s in _compatibility() if zawgyi.has_myanmar(s)]
    assert len(rows) > 20
    for p, s in rows:
        assert zawgyi.is_zawgyi(s) == (p > zawgyi.THRESHOLD), s


def test_text_without_burmese_is_never_looked_at() -> None:
    for text in THAI + ENGLISH + ["ພາສາລາວ ໑໒໓", "ភាសាខ្មែរ ១២៣", ""]:
        assert zawgyi.probability(text) == 0.0
        assert zawgyi.convert_text(text).text == text


def test_a_zawgyi_translation_is_an_error_even_when_fuzzy() -> None:
    found = check_pair(PLAIN_MSGID, ZAWGYI[5], "my", template=False)
    assert ("error", "check.zawgyi", "looks like Zawgyi-encoded Burmese") in found
    assert not any(code == "check.zawgyi" for _, code, _ in check_pair(PLAIN_MSGID, UNICODE[5], "my", template=False))


# --------------------------------------------------------------------------- conversion


def test_conversion_gives_the_unicode_text() -> None:
    converted = zawgyi.convert_text("\n".join(ZAWGYI))
    out = converted.text.split("\n")
    same = sum(unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b) for a, b in zip(out, UNICODE))
    assert same >= len(UNICODE) - 2  # two lines of the Zawgyi source itself differ from the Unicode text
    assert converted.failed == ()
    assert set(converted.lines) == set(range(1, len(ZAWGYI) + 1))  # short headings too, beside the rest
    assert zawgyi.zawgyi_lines(converted.text) == []


def test_a_short_ambiguous_line_is_zawgyi_only_beside_zawgyi() -> None:
    heading = "အေထြေထြညီလာခံ က"  # UDHR, "the General Assembly": 0.69 alone
    assert zawgyi.LEANING < zawgyi.probability(heading) <= zawgyi.THRESHOLD
    assert zawgyi.zawgyi_lines(heading) == [] and zawgyi.convert_text(heading).lines == ()
    assert zawgyi.zawgyi_lines(f"{heading}\n{LONG_ZAWGYI[0]}") == [1, 2]
    assert zawgyi.zawgyi_lines(f"{heading}\n{UNICODE[0]}") == []


def test_po_strings_are_converted_as_wholes_and_the_syntax_kept() -> None:
    z = LONG_ZAWGYI[2]
    half = len(z) // 2
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          f'#: articles/a.md:3\nmsgctxt "a"\nmsgid "Hello"\nmsgstr ""\n"{z[:half]}"\n"{z[half:]}"\n\n'
          f'msgid "Bye"\nmsgstr "{UNICODE[3]}"\n')  # fmt: skip
    out = zawgyi.convert_text(po, po=True)
    assert out.lines == (8,)  # the msgstr keyword line
    assert not scan_po(out.text).errors
    entries = {e.msgid: e.msgstr for e in scan_po(out.text).entries}
    assert not zawgyi.is_zawgyi(entries["Hello"])
    assert entries["Bye"] == UNICODE[3]
    assert re.sub("[\u1000-\u109f]", "", out.text) == re.sub("[\u1000-\u109f]", "", po)


# hypothesis: the verb on mixed text is idempotent and leaves everything that is not Zawgyi alone
_other = st.sampled_from(UNICODE + THAI + ENGLISH + ['msgstr "%(phone)s"', "", "   "])
_line = st.one_of(
    _other,
    st.sampled_from(LONG_ZAWGYI),
    st.tuples(st.sampled_from(THAI + ENGLISH), st.sampled_from(LONG_ZAWGYI)).map(" ".join),
)


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(_line, max_size=8), crlf=st.booleans(), po=st.booleans())
def test_conversion_is_idempotent_and_touches_only_zawgyi(lines: list[str], crlf: bool, po: bool) -> None:
    text = ("\r\n" if crlf else "\n").join(lines)
    once = zawgyi.convert_text(text, po=po)
    twice = zawgyi.convert_text(once.text, po=po)
    assert twice.text == once.text and twice.lines == ()
    before, after = text.split("\n"), once.text.split("\n")
    assert len(before) == len(after)
    for n, (b, a) in enumerate(zip(before, after), 1):
        if n not in once.lines:
            assert a == b  # Unicode Burmese, Thai, English, blank lines: byte for byte
        assert re.sub("[\u1000-\u109f]", "", a) == re.sub("[\u1000-\u109f]", "", b)  # only Burmese letters change
    assert zawgyi.zawgyi_lines(once.text, po=po) == []


# --------------------------------------------------------------------------- the commands


def _zawgyi_article(ws: Path) -> Path:
    path = ws / "articles" / "udhr.md"
    path.write_text(
        "---\n"
        f'title: "{ZAWGYI[0]}"\n'
        "lang: my\nauthor: Demo\nreviewer: Demo\nreviewed: 2026-11-01\nnext_review: 2028-11-01\n"
        'source: "UDHR"\nversion: "1.0"\n---\n\n' + "\n\n".join(ZAWGYI[1:5]) + "\n",
        encoding="utf-8",
    )
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def test_a_zawgyi_article_is_refused_then_converted_then_rendered(ws: Path, run: Run) -> None:
    path = _zawgyi_article(ws)
    original = path.read_bytes()
    for args in (("render", "udhr", "-o", "out.pdf"), ("check", "udhr"), ("i18n", "check")):
        r = run(*args)
        assert r.exit_code == 1, args
        assert "articles/udhr.md:2: looks like Zawgyi-encoded Burmese" in r.stderr, args
        assert "handouts i18n zawgyi-to-unicode articles/udhr.md" in r.stderr
    assert not (ws / "out.pdf").exists()

    r = run("i18n", "zawgyi-to-unicode", "articles/udhr.md")
    assert r.exit_code == 0, r.stderr
    assert "converted 5 lines" in r.stderr and "udhr.md.zawgyi.bak" in r.stderr
    assert (ws / "articles" / "udhr.md.zawgyi.bak").read_bytes() == original
    converted = path.read_text(encoding="utf-8")
    assert UNICODE[1].replace("\u103a\u1037", "\u1037\u103a") in unicodedata.normalize("NFC", converted)

    r = run("i18n", "zawgyi-to-unicode", "articles/udhr.md")  # again: nothing to do
    assert r.exit_code == 0 and "no Zawgyi found; unchanged" in r.stderr
    assert path.read_text(encoding="utf-8") == converted

    r = run("render", "udhr", "-o", "out.pdf")
    assert r.exit_code == 0, r.stderr
    assert (ws / "out.pdf").read_bytes().startswith(b"%PDF")


def test_an_existing_backup_is_never_overwritten(ws: Path, run: Run) -> None:
    path = _zawgyi_article(ws)
    original = path.read_bytes()
    backup = ws / "articles" / "udhr.md.zawgyi.bak"
    backup.write_bytes(b"an older backup")
    r = run("i18n", "zawgyi-to-unicode", "articles/udhr.md")
    assert r.exit_code == 1
    assert "backup" in r.stderr and "already exists" in r.stderr
    assert backup.read_bytes() == b"an older backup" and path.read_bytes() == original


def test_bad_files_are_named_and_the_others_converted(ws: Path, run: Run) -> None:
    path = _zawgyi_article(ws)
    os.mkfifo(ws / "pipe.md")
    (ws / "folder.md").mkdir()
    (ws / "latin1.txt").write_bytes(b"caf\xe9\n")
    r = run("i18n", "zawgyi-to-unicode", "missing.md", "pipe.md", "folder.md", "latin1.txt", "articles/udhr.md")
    assert r.exit_code == 1
    err = r.stderr
    assert "missing.md: file not found" in err
    assert "pipe.md: article file is a named pipe (FIFO), not a regular file; not read" in err
    assert "folder.md: article file is a folder, not a regular file" in err
    assert "latin1.txt:1: not valid UTF-8" in err
    assert "articles/udhr.md: converted 5 lines" in err
    assert zawgyi.zawgyi_lines(path.read_text(encoding="utf-8")) == []


def test_standard_input_is_converted_to_standard_output(run: Run) -> None:
    from typer.testing import CliRunner

    from handouts.cli import app

    r = CliRunner().invoke(app, ["i18n", "zawgyi-to-unicode", "-"], input=f"Note: {ZAWGYI[3]}\nok")
    assert r.exit_code == 0
    assert r.stdout.startswith("Note: ") and r.stdout.endswith("\nok")
    assert not zawgyi.is_zawgyi(r.stdout)


def _my_catalog(ws: Path, run: Run) -> Path:
    po = ws / MY_PO
    if not po.is_file():
        assert run("i18n", "init", "my", "--translator", "Test <t@example.org>").exit_code == 0
    return po


def test_a_zawgyi_catalog_entry_is_refused_then_converted(ws: Path, run: Run) -> None:
    po = _my_catalog(ws, run)
    text = po.read_text(encoding="utf-8")
    at = text.index(f'msgid "{PLAIN_MSGID}"')
    end = text.index("\n\n", at)
    entry = text[at:end]
    fixed = entry[: entry.index("msgstr")] + f'msgstr "{ZAWGYI[6]}"'
    po.write_text(text.replace(entry, fixed).replace("#, fuzzy\nmsgctxt", "msgctxt"), encoding="utf-8")
    line = _line_of(po, ZAWGYI[6])

    r = run("i18n", "check", "my")
    assert r.exit_code == 1
    assert f"{MY_PO}:{line}: error: looks like Zawgyi-encoded Burmese" in r.stdout
    assert f"handouts i18n zawgyi-to-unicode {MY_PO}" in r.stdout and "[check.zawgyi]" in r.stdout

    r = run("render", ARTICLE, "--lang", "my", "-o", "my.pdf")
    assert r.exit_code == 1
    assert f"{MY_PO}:{line}: error: looks like Zawgyi-encoded Burmese" in r.stderr
    assert not (ws / "my.pdf").exists()

    r = run("i18n", "zawgyi-to-unicode", str(MY_PO))
    assert r.exit_code == 0, r.stderr
    assert f"line {line}" in r.stderr
    assert not scan_po(po.read_text(encoding="utf-8")).errors
    r = run("i18n", "check", "my")
    assert "check.zawgyi" not in r.stdout
    assert r.exit_code == 0, r.stdout
    r = run("render", ARTICLE, "--lang", "my", "-o", "my.pdf")
    assert r.exit_code == 0, r.stderr


def test_zawgyi_notes_are_refused_without_quoting_them(ws: Path, run: Run) -> None:
    r = run("render", ARTICLE, "--notes", ZAWGYI[2][:120], "-o", "n.pdf")
    assert r.exit_code == 1
    assert "--notes: looks like Zawgyi-encoded Burmese" in r.stderr
    assert ZAWGYI[2][:20] not in r.stderr
    assert not (ws / "n.pdf").exists()
    r = run("render", ARTICLE, "--notes", UNICODE[2][:60], "-o", "n.pdf")
    assert "Zawgyi" not in r.stderr


def test_a_batch_fails_the_zawgyi_jobs_only(ws: Path, run: Run) -> None:
    _zawgyi_article(ws)
    (ws / "bundles" / "mixed.toml").write_text(
        '[bundle]\nname = "mixed"\n\n'
        '[[items]]\narticle = "udhr"\nclinic = "demo"\nlanguages = ["my"]\n\n'
        f'[[items]]\narticle = "{ARTICLE}"\nclinic = "demo"\nlanguages = ["en"]\n',
        encoding="utf-8",
    )
    r = run("batch", "mixed", "--out", "out")
    assert r.exit_code == 4, r.stderr  # some jobs failed, the others written
    assert "looks like Zawgyi-encoded Burmese" in r.stderr + r.stdout
    manifest = (ws / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "articles/udhr.md:2: looks like Zawgyi-encoded Burmese" in manifest
    assert (ws / "out" / f"{ARTICLE}.demo.en.pdf").is_file()


def test_a_zawgyi_source_text_in_a_catalog_is_named_at_its_msgid(ws: Path, run: Run) -> None:
    po = ws / "locales/th/LC_MESSAGES/handouts.po"
    po.write_text(po.read_text(encoding="utf-8") + f'\nmsgctxt "udhr"\nmsgid "{ZAWGYI[3]}"\nmsgstr ""\n',
                  encoding="utf-8")  # fmt: skip
    line = _line_of(po, ZAWGYI[3])
    r = run("i18n", "check", "th")
    assert r.exit_code == 1
    assert f"locales/th/LC_MESSAGES/handouts.po:{line}: error: looks like Zawgyi-encoded Burmese (the source text)" in r.stdout


def test_a_zawgyi_translation_is_one_finding_not_numbers_too() -> None:
    """Zawgyi writes letters with Myanmar digit code points (the dot below as U+1094 ႔, ဝ as ၀):
    its one finding is the encoding, not numbers the source has not."""
    for uni, zg in zip(UNICODE, ZAWGYI):
        if len(zg) < 30 or uni == zg:
            continue
        found = check_pair(uni, zg, "my", template=False)
        assert [code for _, code, _ in found if code in ("check.zawgyi", "check.numbers", "check.units")] == [
            "check.zawgyi"
        ], (zg, found)


# --------------------------------------------------------------------------- numbers survive the conversion

_MY_DIGITS = "၀၁၂၃၄၅၆၇၈၉"
# Zawgyi words of a dose sentence (take / tablet / times / a day / ml / days / drink)
_ZG_WORDS = ["ေဆး", "လုံး", "ႀကိမ္", "တစ္ေန႔", "မီလီ", "ရက္", "ေသာက္ပါ", "ေန႔စဥ္"]
_number = st.one_of(
    st.sampled_from(list(_MY_DIGITS)),  # one digit: ၄ and ၀ are what ICU took for the letters ၎ and ဝ
    st.text(alphabet=_MY_DIGITS, min_size=2, max_size=4),
    st.tuples(st.sampled_from(list(_MY_DIGITS)), st.sampled_from(list(_MY_DIGITS))).map(".".join),  # ၀.၅
)
_piece = st.one_of(st.sampled_from(_ZG_WORDS), _number, _number.map(lambda n: f"({n})"), _number.map(lambda n: n + "။"))


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(_piece, min_size=1, max_size=8), zawgyi_tail=st.sampled_from(LONG_ZAWGYI))
def test_conversion_never_changes_a_number(pieces: list[str], zawgyi_tail: str) -> None:
    """ICU's Zawgyi-my reads a lone ၄ as the letter ၎ and a lone ၀ as the letter ဝ (Zawgyi typists'
    ၄င္း and ၀န္): 'take 4 tablets' lost its dose (ေဆး ၄ လုံး → ဆေး ၎ လုံး, 0.5 ml → ဝ.၅). A number
    keeps its digits; ၄င္း and ေ၀ are still letters."""
    line = " ".join(pieces) + " " + zawgyi_tail
    digits = re.findall(f"[{_MY_DIGITS}]+", line)
    converted = zawgyi.convert_text(line)
    assert converted.lines == (1,)
    assert re.findall(f"[{_MY_DIGITS}]+", converted.text) == digits


def test_the_letters_written_as_digits_are_still_converted() -> None:
    assert zawgyi.convert_runs("၄င္း ေ၀ဒနာ ၀န္ထမ္း") == "၎င်း ဝေဒနာ ဝန်ထမ်း"
    assert zawgyi.convert_runs("ေဆး ၄ လုံး ၀.၅ မီလီ") == "ဆေး ၄ လုံး ၀.၅ မီလီ"


# --------------------------------------------------------------------------- a clinic file


def test_a_zawgyi_clinic_name_is_refused_then_converted(ws: Path, run: Run) -> None:
    """A clinic's Burmese name and address print on every page of a Burmese handout: in Zawgyi
    they printed as garbage, unnoticed."""
    clinic = ws / "clinics" / "demo.toml"
    text = clinic.read_text(encoding="utf-8")
    zg_name, zg_address = "ရန္ကုန္ နာက်င္မႈ ကုသေရး ေဆးခန္း", "အမွတ္ ၁၂၃ ရာမ ၄ လမ္း ဘန္ေကာက္ ၿမိဳ႕"
    text = re.sub(r"(?m)^(name_en = .*)$", lambda m: f'{m.group(1)}\nname_my = "{zg_name}"', text)
    text = re.sub(r"(?m)^(address_en = .*)$", lambda m: f'{m.group(1)}\naddress_my = "{zg_address}"', text)
    clinic.write_text(text, encoding="utf-8")
    line = _line_of(clinic, "name_my")
    r = run("render", "back-pain-after-surgery", "--lang", "my", "-o", "out.pdf")
    assert r.exit_code == 1
    assert f"clinics/demo.toml:{line}: looks like Zawgyi-encoded Burmese (and 1 more line: " in r.stderr
    assert "handouts i18n zawgyi-to-unicode clinics/demo.toml" in r.stderr and "[check.zawgyi]" in r.stderr
    assert not (ws / "out.pdf").exists()
    r = run("i18n", "zawgyi-to-unicode", "clinics/demo.toml")
    assert r.exit_code == 0, r.stderr
    converted = clinic.read_text(encoding="utf-8")
    assert 'name_my = "ရန်ကုန် နာကျင်မှု ကုသရေး ဆေးခန်း"' in converted
    assert 'address_my = "အမှတ် ၁၂၃ ရာမ ၄ လမ်း ဘန်ကောက် မြို့"' in converted  # the street number kept
    r = run("render", "back-pain-after-surgery", "--lang", "my", "-o", "out.pdf")
    assert r.exit_code == 0, r.stderr


# --------------------------------------------------------------------------- the translator's name


def test_a_zawgyi_translator_name_is_refused_then_converted(ws: Path, run: Run) -> None:
    """Last-Translator prints on every page of a signed-off handout ("translated by …"): typed in
    Zawgyi it was signed off and printed as garbage, unchecked by i18n check, signoff and render."""
    po = ws / MY_PO
    text = po.read_text(encoding="utf-8")
    text, n = re.subn(r'(?m)^"Last-Translator: [^<]*<', '"Last-Translator: ေဒၚခင္ေမာင္ၾကည္ <', text)
    assert n == 1
    po.write_text(text, encoding="utf-8")
    line = _line_of(po, "Last-Translator")
    where = f"{MY_PO.as_posix()}:{line}: "
    r = run("i18n", "check", "my")
    assert r.exit_code == 1 and where + "error: looks like Zawgyi-encoded Burmese (the translator's name" in r.stdout + r.stderr
    r = run("i18n", "signoff", "my", "back-pain-after-surgery", "--reviewer", "Dr. Reviewer")
    assert r.exit_code == 1 and "[check.zawgyi]" in r.stderr
    assert not (ws / "locales" / "my" / "signoff.toml").exists()
    r = run("render", "back-pain-after-surgery", "--lang", "my", "-o", "out.pdf")
    assert r.exit_code == 1 and where in r.stderr and not (ws / "out.pdf").exists()
    r = run("i18n", "zawgyi-to-unicode", MY_PO.as_posix())
    assert r.exit_code == 0, r.stderr
    assert '"Last-Translator: ဒေါ်ခင်မောင်ကြည် <' in po.read_text(encoding="utf-8")
    r = run("i18n", "signoff", "my", "back-pain-after-surgery", "--reviewer", "Dr. Reviewer")
    assert r.exit_code == 0, r.stderr
    r = run("render", "back-pain-after-surgery", "--lang", "my", "-o", "out.pdf")
    assert r.exit_code == 0, r.stderr
