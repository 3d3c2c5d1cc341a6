"""Plain-language check of a (translated) article: the logic behind ``handouts check``.

Each paragraph and list item is checked on its own, in the language it will be printed in:

* **long sentences**: English sentences are counted in words; Thai sentences (split at
  spaces, which end Thai sentences and clauses, and at a full stop followed by a space) are
  counted in the words of the ``thaibreak`` segmenter the typesetter uses;
* **long words**: English words of more than three syllables (``textstat.syllable_count``;
  acronyms and numbers are left out); Thai runs of more than twelve characters with no
  line-break opportunity between them (:func:`~handouts.typesetting.segment.break_opportunities`,
  so the keep-together words count as one), which also make ragged lines;
* **passive voice** (English): a *heuristic*: a form of "be" or "get", an optional adverb in
  -ly, then a word in -ed or a common irregular past participle. It finds "is caused",
  "were told", "can be managed"; it also flags some adjectives ("is tired") and misses
  passives without "be". Read the flagged sentences; do not rewrite blindly;
* **reading grade** (English): the Flesch–Kincaid grade of the whole article; aim for 8 or
  lower, the usual target for patient materials.

A language without these rules (Burmese, Khmer, Lao: their sentences and words need rules of
their own) is not an error: its paragraphs and list items are counted and its untranslated
entries named in the count, and the summary says the rules are not available for it (no
finding, so ``--strict`` passes it too).

Findings name the article line of the paragraph (``articles/x.md:12: warning: …``); entries
with no translation yet are skipped and counted. No terminal code here: ``handouts.cli.check``
prints. ``textstat`` is imported only when an English text is checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from handouts.errors import HandoutError
from handouts.model import Block, BulletList, Callout, Figure, Heading, Paragraph, Quote, Rule, Source, Table, plain
from handouts.typesetting.segment import break_opportunities, is_mark, is_thai

MAX_SENTENCE_WORDS = {"en": 20, "th": 25}
MAX_SYLLABLES = 3  # English: more than this is a long word
MAX_THAI_RUN = 12  # Thai: characters (combining marks not counted) without a break opportunity
TARGET_GRADE = 8.0
SHOW_WORDS = 6  # long words listed per paragraph

_IRREGULAR = """known done made given taken seen shown found felt left kept told held brought built caught taught
    thought sold sent spent put set cut hurt paid said bought written driven broken chosen drawn eaten fallen
    forgotten hidden ridden risen shaken spoken stolen worn torn thrown grown understood born begun become
    lost meant read run won bitten bent bound fed hit led let lit shot shut split spread struck stuck sworn
    woken wound withdrawn forbidden forgiven frozen ground hung laid lent overcome proven sought sunk sewn
    dealt dug flown mistaken undergone undertaken withheld misled reset redone retaken rewritten swept spun
    stung woven cast burst fought overseen overdone"""
PARTICIPLES = frozenset(_IRREGULAR.split())
BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|gotten|getting)"
PASSIVE = re.compile(rf"\b{BE}\s+(?:\w+ly\s+)?(\w+ed|{'|'.join(sorted(PARTICIPLES))})\b", re.I)
NOT_PARTICIPLES = frozenset({"need", "bed", "red", "shed", "speed", "seed", "feed", "hundred", "ed"})
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "approx.", "No.", "a.m.", "p.m.",
                 "A.M.", "P.M.")  # (8 a.m. and 8 p.m. is one sentence: a dose's times are no sentence ends)
# a web or e-mail address is no prose: its parts are neither words nor sentences (https, example,
# wound-care were long words, counted in the sentence and the grade); a final full stop is the sentence's
ADDRESS = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.|\b[\w.+-]+@(?=[\w-]+\.))\S*?(?=[.,;:!?)\]”\"']*(?:\s|$))")
EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning: where (article file and line), a stable code, and the message."""

    path: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: warning: {self.message}"


@dataclass(slots=True)
class Report:
    """What :func:`check_blocks` found, with the counts for the summary line."""

    path: str
    lang: str
    findings: list[Finding] = field(default_factory=list)
    units: int = 0  # paragraphs and list items checked
    sentences: int = 0
    words: int = 0
    untranslated: int = 0
    grade: float | None = None
    rules: bool = True  # False: no sentence and word rules for this language (counted only)

    def summary(self) -> str:
        """``articles/x.md [en]: 2 warnings in 1 paragraph or list item, 1 sentence, 3 words…`` (singular for one)."""

        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        grade = f"; reading grade {self.grade:.1f} (aim ≤ {TARGET_GRADE:g})" if self.grade is not None else ""
        skipped = (f"; {count(self.untranslated, 'untranslated entry', 'untranslated entries')} skipped"
                   if self.untranslated else "")  # fmt: skip
        units = count(self.units, "paragraph or list item", "paragraphs and list items")
        if not self.rules:
            from handouts.i18n.languages import named

            rules = " and ".join(MAX_SENTENCE_WORDS)
            return (f"{self.path} [{self.lang}]: not checked: the plain-language rules are for {rules}, not "
                    f"{named(self.lang)}; {units} read{skipped}")  # fmt: skip
        return (f"{self.path} [{self.lang}]: {count(len(self.findings), 'warning', 'warnings')} in {units}, "
                f"{count(self.sentences, 'sentence', 'sentences')}, {count(self.words, 'word', 'words')}{grade}"
                f"{skipped}")  # fmt: skip


def _units(blocks: Iterable[Block]) -> Iterable[tuple[str, Source, bool]]:
    for block in blocks:
        match block:
            case Paragraph(inlines=i, source=s, translated=t):
                yield plain(i), s, t
            case BulletList(items=items):
                for item in items:
                    yield plain(item.inlines), item.source, item.translated
                    yield from _units(item.children)
            case Callout(blocks=inner) | Quote(blocks=inner):
                yield from _units(inner)
            case Heading() | Table() | Figure() | Rule():
                pass  # headings, table cells and captions are labels, not prose


def _quote(text: str, n: int = 48) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= n else text[: n - 1].rstrip() + '…'}”"


# ---------------------------------------------------------------------------- English


def english_sentences(text: str) -> list[str]:
    """Sentences of an English paragraph (ends: . ! ? followed by space; common abbreviations kept).

    >>> english_sentences("Rest, e.g. lie down. Then walk! Is it 3.5 km? Yes")
    ['Rest, e.g. lie down.', 'Then walk!', 'Is it 3.5 km?', 'Yes']
    """
    protected = text
    for i, abbr in enumerate(ABBREVIATIONS):
        protected = protected.replace(abbr, f"\x00{i}\x00")
    parts = re.split(r"(?<=[.!?])[”\")]*\s+", protected)
    out = []
    for part in parts:
        for i, abbr in enumerate(ABBREVIATIONS):
            part = part.replace(f"\x00{i}\x00", abbr)
        if part.strip():
            out.append(part.strip())
    return out


def english_words(text: str) -> list[str]:
    """Words (letters, apostrophes, hyphens); numbers are not words here."""
    return EN_WORD.findall(text)


def passive_phrases(text: str) -> list[str]:
    """Passive-looking phrases (the heuristic described in the module docstring).

    >>> passive_phrases("The pain is caused by nerves. You were told to rest. We need rest.")
    ['is caused', 'were told']
    """
    out = []
    for m in PASSIVE.finditer(text):
        if m.group(1).lower() in NOT_PARTICIPLES:
            continue
        out.append(" ".join(m.group(0).split()))
    return out


def _textstat() -> object:
    try:
        import textstat
    except ImportError as e:  # pragma: no cover (a runtime dependency)
        raise HandoutError("the plain-language check needs textstat", hint="pip install 'textstat>=0.7,<0.7.9'") from e
    return textstat


def _syllables(ts: object, word: str) -> int:
    try:
        return int(ts.syllable_count(word))  # type: ignore[attr-defined]
    except LookupError as e:  # textstat ≥ 0.7.9 wants NLTK's cmudict, fetched from the network
        raise HandoutError(
            "textstat cannot count syllables: NLTK's cmudict corpus is not installed",
            hint="install textstat<0.7.9 (its dictionary comes with the package) or run "
            "python -m nltk.downloader cmudict",
        ) from e


def _check_sentences(sentences: list[str], words: Callable[[str], list[str]], lang: str, src: Source,
                     report: Report, quote: int) -> None:  # fmt: skip
    """Count sentences and words; warn about each sentence over the language's limit."""
    report.sentences += len(sentences)
    limit = MAX_SENTENCE_WORDS[lang]
    for s in sentences:
        n = len(words(s))
        report.words += n
        if n > limit:
            report.findings.append(Finding(src.path, src.line, "plain.long-sentence",
                                           f"sentence of {n} words (aim ≤ {limit}): {_quote(s, quote)}"))  # fmt: skip


def without_addresses(text: str) -> str:
    """``text`` with its web and e-mail addresses left out (what the checks read as prose).

    >>> without_addresses("See https://x.example/wound-care. Or mail a.b@x.example, or www.x.example!")
    'See . Or mail , or !'
    """
    return ADDRESS.sub("", text)


def _check_english(text: str, src: Source, report: Report, ts: object) -> None:
    _check_sentences(english_sentences(text), english_words, "en", src, report, 48)
    long_words: list[str] = []
    for w in english_words(text):
        if w.isupper() or w.lower() in (x.lower() for x in long_words):
            continue
        if _syllables(ts, w.strip("'’-")) > MAX_SYLLABLES:
            long_words.append(w)
    if long_words:
        shown = ", ".join(long_words[:SHOW_WORDS]) + (f" and {len(long_words) - SHOW_WORDS} more"
                                                       if len(long_words) > SHOW_WORDS else "")  # fmt: skip
        report.findings.append(Finding(src.path, src.line, "plain.long-words",
                                       f"{len(long_words)} long word{'s' if len(long_words) > 1 else ''} "
                                       f"(more than {MAX_SYLLABLES} syllables): {shown}"))  # fmt: skip
    passives = passive_phrases(text)
    if passives:
        report.findings.append(Finding(src.path, src.line, "plain.passive",
                                       f"passive voice? (heuristic) {', '.join(_quote(p, 30) for p in passives)}"))  # fmt: skip


# ---------------------------------------------------------------------------- Thai


def thai_sentences(text: str) -> list[str]:
    """Thai sentences: split at spaces and at a full stop followed by a space (not inside พ.ศ.).

    >>> thai_sentences("ปวดหลังมาก ควรพักผ่อน ตั้งแต่ พ.ศ. 2569")
    ['ปวดหลังมาก', 'ควรพักผ่อน', 'ตั้งแต่', 'พ.ศ.', '2569']
    """
    return [s for s in re.split(r"\s+|(?<=\.)(?=\s)", text) if s.strip()]


def thai_words(sentence: str) -> list[str]:
    """Words of a Thai sentence by the ``thaibreak`` segmenter, punctuation-only tokens left out."""
    import thaibreak

    return [w for w in thaibreak.words(sentence) if any(c.isalnum() for c in w)]


def thai_long_runs(text: str) -> list[str]:
    """Thai runs longer than :data:`MAX_THAI_RUN` characters with no break opportunity inside.

    >>> thai_long_runs("ยา ผลิตภัณฑ์เสริมอาหารสำหรับผู้ป่วย โทร 081 234 5678")
    []
    >>> thai_long_runs("ปวดมากให้โทร0812345678ทันที")
    ['โทร0812345678ทันที']
    """
    cuts = [0, *break_opportunities(text), len(text)]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for run in text[a:b].split():  # spaces kept together on purpose (a phone number, 500 มก.) are fine
            spacing = sum(1 for c in run if not is_mark(c))
            if spacing > MAX_THAI_RUN and any(is_thai(c) for c in run):
                out.append(run)
    return out


def _check_thai(text: str, src: Source, report: Report) -> None:
    _check_sentences(thai_sentences(text), thai_words, "th", src, report, 40)
    runs = thai_long_runs(text)
    if runs:
        report.findings.append(Finding(src.path, src.line, "plain.long-words",
                                       f"{len(runs)} run{'s' if len(runs) > 1 else ''} of more than {MAX_THAI_RUN} "
                                       f"characters without a line break: {', '.join(runs[:SHOW_WORDS])}"))  # fmt: skip


# ---------------------------------------------------------------------------- the check


def check_blocks(blocks: Iterable[Block], lang: str, path: str) -> Report:
    """Check the paragraphs and list items of a translated article in ``lang`` (``en`` or ``th``;
    another language's are counted only, and the report says it has no rules for it)."""
    base = lang.split("-")[0].lower()
    report = Report(path, lang, rules=base in MAX_SENTENCE_WORDS)
    ts = _textstat() if base == "en" else None
    texts: list[str] = []
    for printed, src, translated in _units(blocks):
        if not translated:
            report.untranslated += 1
            continue
        report.units += 1
        if not report.rules:
            continue
        text = without_addresses(printed)
        if base == "en":
            _check_english(text, src, report, ts)
            texts.append(text if text.rstrip().endswith((".", "!", "?", ":")) else text.rstrip() + ".")
        else:
            _check_thai(text, src, report)
    if base == "en" and texts:
        _syllables(ts, "grade")  # a missing dictionary is an error here, not inside textstat
        report.grade = round(float(ts.flesch_kincaid_grade(" ".join(texts))), 1)  # type: ignore[attr-defined]
        if report.grade > TARGET_GRADE:
            report.findings.append(Finding(path, None, "plain.grade",
                                           f"reading grade {report.grade:.1f} (Flesch–Kincaid) for the whole article; "
                                           f"aim for {TARGET_GRADE:g} or lower: shorter sentences, shorter words"))  # fmt: skip
    return report
