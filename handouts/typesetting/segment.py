"""Text → the positions where a line may break (word boundaries and spaces only).

Thai is segmented with ``thaibreak`` (a dictionary segmenter; see ``benchmarks/segmenters.py``
for the comparison with PyThaiNLP and why it was picked). On top of its word boundaries the
rules of Thai and Latin typography are applied:

* break after a run of spaces, or between two segments when one side is Thai;
* never around a segment of one bare consonant between Thai letters (ณ aside): it is a piece of a
  word the dictionary lacks (ฟอร์โมเทอรอ|ล, อ|สม.);
* never inside a Latin word or a number, before a combining mark, a zero-width space, non-joiner
  or joiner, ๆ, ฯ or closing punctuation, before a syllable's final consonant (a Burmese one
  killed by its asat or stacked by a virama, ``ဆော့ဖ်|ဝဲ``, ``သမ္မ|တ``; a Khmer one with a
  bantoc, robat, toandakhiat or viriam, ``ក្លាក់``, ``ធម៌``, ``ឧទាហរណ៍``) or after a Khmer
  samyok sannya (``ហ្វ័រ``: the consonant after it closes its syllable),
  after opening punctuation or a leading vowel (เ แ โ ใ ไ), next to a ``/`` (``มก./ดล.``,
  ``ครั้ง/วัน``, และ/หรือ; but after the slash between two long Latin words:
  ``Budesonide/|Formoterol``), next to a straight quote but after a space (``คือ |"ระยะวิกฤต" |ซึ่ง``),
  after a hyphen (extractors drop a line-final one as a hyphenation's) or before one that
  follows a word (``หัด-คางทูม``: a line starting with it reads as a minus sign or a list);
* never at the space between a number and its unit (``500 มก.``) or the Thai word after it (a
  classifier counts it: ``2 ช่วง``, ``3 หยด``; but not ``๑๐๓๓๐ วันที่ ๑๖``, a date after a
  postal code, nor after a year: ``พฤศจิกายน ๒๕๖๙ เรื่อง``), between digit groups of a phone
  number or before its extension (``4567 ต่อ 208``), or between a month or era word and its
  year (``พ.ศ. 2569``; the last two only as a break of last resort of total fit,
  :func:`label_glue`);
* never between a number and the Burmese, Khmer or Lao word that counts it, nor inside that word
  (``၅၀၀ မီလီဂရမ်``, ``៥០០មីលីក្រាម``, ``3 ເທື່ອ``: :data:`.scripts.units.COUNTING_WORDS`), nor
  inside their dates (``1 ພະຈິກ 2026``, ``2026 နိုဝင်ဘာ 1``, ``1 វិច្ឆិកា ព.ស. 2569``; between the
  month and the year as a break of last resort, as in Thai);
* never inside a word of the keep-together lists: the built-in ``data/th_keep.txt`` (medical
  compounds such as ความดัน that the segmenter splits; their inner boundaries are still breaks
  of last resort, :mod:`.finer`) and the clinic's own ``locales/th/words.txt`` (never);
* never inside a URL (``https://…``, ``www.…``) that fits on a line: it moves to the next line
  whole; one wider than the line wraps at its own boundaries only (:func:`url_breaks`), never
  inside a host-name label or a path word, never at a hyphen.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.typesetting.scripts import SCRIPT_BLOCKS, script_of

if TYPE_CHECKING:
    from handouts.typesetting.wordlist import WordHashes

OPENING = set("([{“‘«")
# Thai, Lao and Khmer repetition and abbreviation marks, Khmer and Burmese sentence and clause
# ends: never at a line start, even after a space ("ຫຼາຍ ໆ", "ច្រើន ៗ", "ပါ ။")
CLOSING = set(")]}”’»:;,.!?%…ๆฯ") | set("ໆຯ។៕៖ៗ៘៚၊။")
LEADING_VOWELS = set("เแโใไ")
# never a break after these: a Khmer coeng or a Myanmar virama stacks the next consonant under
# this one (ICU's grapheme clusters end there), a ZWJ joins; also Lao's leading vowels
NO_BREAK_AFTER = set("\u17d2\u1039\u200d\u17d0") | set("ເແໂໃໄ")
# the straight quotes, opening or closing as the text around them says (UAX #14's QU): never a
# break next to one but after a space (คือ "|ระยะวิกฤต" left an opening quote at a line end,
# 3 โรค|" คือ started a line with a closing one)
STRAIGHT_QUOTES = frozenset("\"'")
# the marks that make the consonant before them the last of the syllable before (ICU's grapheme
# clusters and, for a word its dictionary lacks, its line breaks start at that consonant: ဆော့|ဖ်|ဝဲ,
# ကို|ဗ|စ်, ក្លា|ក់): Burmese asat and virama (a stacked consonant's upper one closes the syllable
# before: သမ္မတ is သမ် + မတ); Khmer robat, bantoc, toandakhiat and viriam
KILLERS = frozenset("\u103a\u1039\u17cb\u17cc\u17cd\u17d1")
# what may stand between such a consonant and its killer: Burmese dot below (stored before the
# asat, ့်), a variation selector; Khmer register shifters (ម៉ក់)
_BEFORE_KILLER = frozenset("\u1037\ufe00\u17c9\u17ca")
NBSP = "\u00a0"
# ZERO WIDTH SPACE: the word separator of Khmer (and Lao, Burmese) text that marks its word ends
ZWSP = "\u200b"
_ZWSP = re.compile(ZWSP)
# ZERO WIDTH SPACE, NON-JOINER and JOINER: never at a line start (UAX #14 LB7, LB9): a line would
# start with nothing visible, and a joiner parted from the letter before it no longer shapes it
INVISIBLE = frozenset("\u200b\u200c\u200d")
# a letter of Lao, Burmese or Khmer (their blocks in scripts.SCRIPT_BLOCKS): text without one has
# no counting words
_SEA_SCRIPTS = ("Laoo", "Mymr", "Khmr")
_SEA_LETTER = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi, tag in SCRIPT_BLOCKS if tag in _SEA_SCRIPTS) + "]")
# the characters :func:`is_final` looks at (Burmese and Khmer): a cheap test before it
_FINAL_LETTERS = frozenset(chr(c) for lo, hi, tag in SCRIPT_BLOCKS if tag in ("Mymr", "Khmr") for c in range(lo, hi + 1))
HYPHENS = frozenset("-\u2010\u2011")  # hyphen-minus, hyphen, non-breaking hyphen

UNITS_LATIN = (
    "mg", "mcg", "µg", "g", "kg", "ml", "mL", "l", "L", "cc", "IU", "cm", "mm", "m", "km",
    "°C", "°F", "%", "bpm", "mmHg", "kcal", "min", "h", "hr", "hrs", "am", "pm", "AM", "PM",
    "tablet", "tablets", "capsule", "capsules", "times", "days", "weeks", "months", "years",
    # what a medicine schedule counts in English: "every 6 hours", "for 1 week", "2 puffs"
    "a.m.", "p.m.", "second", "seconds", "minute", "minutes", "mins", "hour", "hours", "day", "week", "month",
    "year", "time", "pill", "pills", "drop", "drops", "puff", "puffs", "sachet", "sachets", "teaspoon",
    "teaspoons", "tablespoon", "tablespoons", "unit", "units", "dose", "doses", "mmol",
)  # fmt: skip
# a month's name or abbreviation, an era: what a year follows ("พฤศจิกายน 2569", "พ.ศ. 2569")
THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
    "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.",
    "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
ERAS = ("พ.ศ.", "ค.ศ.")
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
UNITS_THAI = (
    "มก.", "มล.", "ก.", "กก.", "ซม.", "มม.", "ม.", "ซีซี", "หน่วย", "ยูนิต", "เม็ด", "แคปซูล",
    "ช้อนชา", "ช้อนโต๊ะ", "นาที", "ชั่วโมง", "ชม.", "วินาที", "วัน", "สัปดาห์", "เดือน", "ปี",
    "ครั้ง", "น.", "องศา", "กิโลกรัม", "กรัม", "มิลลิกรัม", "มิลลิลิตร", "ลิตร", "เซนติเมตร",
    *THAI_MONTHS, "บาท", "คน", "ราย", "ขวบ",
)  # fmt: skip
# Thai classifiers that count what a number counts (2 ช่วง, 3 หยด): with the units, never apart
# from their number; another Thai word after a number is kept with it too, but may go to the next
# line as a break of last resort (:func:`label_glue`: "โทร 1669 | ได้ฟรี")
CLASSIFIERS = (
    "ช่วง", "หยด", "แก้ว", "ช้อน", "ซอง", "หลอด", "แผ่น", "ขวด", "ชิ้น", "กล่อง", "ถุง", "เข็ม",
    "โดส", "ข้าง", "ท่า", "รอบ", "จุด", "ชนิด", "อย่าง", "ข้อ", "ตัว", "ลูก", "มื้อ", "ท่าน", "แห่ง",
    "วิธี", "กลุ่ม", "ประเภท", "ขั้น", "ชุด", "คู่", "ใบ", "เล่ม", "หน้า", "นิ้ว", "ฟุต", "เมตร", "กิโล",
    "ไมโคร", "มิลลิ", "ลูกบาศก์", "เท่า", "ระดับ", "แถว", "ประการ", "คำ", "ฉบับ", "ห้อง", "ชั้น",
    "เตียง", "ส่วน", "ก้าว", "แคลอรี", "ลิตร", "กรัม", "ชม", "หน่วย", "ยูนิต", "ซีซี", "คืน", "วัน",
)  # fmt: skip
BEFORE_NUMBER = (
    *THAI_MONTHS, *ERAS, "โทร.", "โทร", "เบอร์", "ข้อ", "หน้า", "ที่", "No.", "p.", "Tel.", "LINE", *ENGLISH_MONTHS,
    "ตี", "บ่าย",  # Thai's six-hour clock: ตี 5 (5 a.m.), บ่าย 2 โมง (2 p.m.)
)  # fmt: skip


# vulgar fractions are numbers too ("½ เม็ด", "1½ tablets"), though str.isdigit() says no
FRACTIONS = "\u00bc\u00bd\u00be" + "".join(map(chr, range(0x2150, 0x2160))) + "\u2189"


def is_number(ch: str) -> bool:
    """A digit of any script, or a vulgar fraction.

    >>> is_number("5"), is_number("๕"), is_number("၅"), is_number("½"), is_number("a")
    (True, True, True, True, False)
    """
    return ch.isdigit() or ch in FRACTIONS


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


# Segmenters for scripts written without spaces between words, by script tag: a function that
# returns the word boundaries of a run of that script (indices 0..len, like thaibreak's). Thai
# is built in (thaibreak over the whole text); register another script's to let its lines break
# inside runs. Without one, a run of Lao, Khmer or Burmese breaks only at spaces.
SEGMENTERS: dict[str, Callable[[str], list[int]]] = {}


def register_segmenter(script: str, boundaries: Callable[[str], list[int]]) -> None:
    """Use ``boundaries`` for runs of ``script`` (an ISO 15924 tag: ``Laoo``, ``Khmr``, ``Mymr``)."""
    SEGMENTERS[script] = boundaries


def _is_segmented(ch: str) -> bool:
    """A letter of a spaceless script whose word boundaries a segmenter gives (Thai, or registered)."""
    if is_thai(ch):
        return True
    if not SEGMENTERS:
        return False
    from handouts.typesetting.shaping import script_of

    return script_of(ch) in SEGMENTERS


def _apply_registered(text: str, candidates: set[int]) -> None:
    """Inside each run of a registered script, its segmenter's boundaries replace the others."""
    from handouts.typesetting.shaping import script_of

    start = _run_start(tuple(SEGMENTERS))  # where a run can start: found by one regex scan
    n = len(text)
    m = start.search(text)
    while m is not None:
        i = m.start()
        script = script_of(text[i])
        if script not in SEGMENTERS or script == "Thai":  # only when a script outside the blocks is registered
            m = start.search(text, i + 1)
            continue
        j = i
        while j < n and (script_of(text[j]) == script or is_mark(text[j])):
            j += 1
        candidates.difference_update(range(i + 1, j))
        candidates.update(i + b for b in SEGMENTERS[script](text[i:j]) if 0 < b < j - i)
        m = start.search(text, j)


@functools.lru_cache(maxsize=8)
def _run_start(scripts: tuple[str, ...]) -> re.Pattern[str]:
    """A character of a registered script (Thai aside: thaibreak's own); any character when a
    script outside :data:`.scripts.SCRIPT_BLOCKS` is registered (Latin, say), or none at all."""
    from handouts.typesetting.scripts import SCRIPT_BLOCKS

    blocks = {tag for _, _, tag in SCRIPT_BLOCKS}
    if any(tag not in blocks for tag in scripts):
        return re.compile(".", re.DOTALL)
    ranges = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi, tag in SCRIPT_BLOCKS if tag in scripts and tag != "Thai")
    return re.compile(f"[{ranges}]" if ranges else "(?!)")


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M") or ch in "\u0e33\u0e45\u0eb3"


def is_final(text: str, i: int) -> bool:
    """Is ``text[i]`` a consonant that closes the syllable before it (a Burmese consonant with
    asat or virama, a Khmer one with bantoc, robat, toandakhiat or viriam)? No line starts there.

    >>> t = "ဆော့ဖ်ဝဲ"
    >>> [t[i] for i in range(len(t)) if is_final(t, i)]
    ['ဖ']
    >>> is_final("ក្លាក់", 4), is_final("ក្លាក់", 0)
    (True, False)
    """
    j = i + 1
    n = len(text)
    while j < n and text[j] in _BEFORE_KILLER:
        j += 1
    return j < n and text[j] in KILLERS and unicodedata.category(text[i]) == "Lo"


@functools.cache
def builtin_keep_words() -> tuple[str, ...]:
    """The shipped keep-words: compounds (``data/th_keep.txt``), then :func:`loanwords`."""
    return _shipped_words("th_keep.txt") + loanwords()


@functools.cache
def loanwords() -> tuple[str, ...]:
    """Drug names and medical loanwords (``data/th_loanwords.txt``, each in its other common
    spellings too: :func:`spelling_variants`, listed there, a test holds the file to it): kept
    whole, and words of their own: the segmenter that cuts them into syllables also misses their
    edges (ยาโอเมพรา|โซล)."""
    return _shipped_words("th_loanwords.txt")


# a consonant, then อ as a short vowel before a final that MAITAIKHU may mark (ฟลอก / ฟล็อก; not รอร์)
_SHORT_O = re.compile("(?<=[\u0e01-\u0e2e])(?=\u0e2d[\u0e01\u0e14\u0e15\u0e19\u0e1a\u0e1b\u0e21](?!\u0e4c))")


def spelling_variants(word: str) -> tuple[str, ...]:
    """``word`` and the other ways Thai writers commonly spell a loanword like it, so that a drug
    name is kept whole however a translator spelled it: with or without MAITAIKHU on a short
    vowel before a final (ซิโปรฟล็อกซาซิน, ซิโปรฟลอกซาซิน), and an initial ออ for โอ (โอเมพราโซล,
    ออเมพราโซล). ``data/th_loanwords.txt`` lists them all (made at run time, they cost every
    process that segments a paragraph a millisecond); the other spellings of any of them are
    among them.

    >>> spelling_variants("ซิโปรฟลอกซาซิน")
    ('ซิโปรฟลอกซาซิน', 'ซิโปรฟล็อกซาซิน')
    >>> spelling_variants("โอเมพราโซล")
    ('โอเมพราโซล', 'ออเมพราโซล')
    """
    forms, new = set(), {word}
    while new:  # the rules applied to every form until none makes another
        forms |= new
        made = set()
        for f in new:
            made.add(f.replace("\u0e47", ""))
            if "\u0e47" not in f:
                made.add(_SHORT_O.sub("\u0e47", f))
            if f.startswith("\u0e42\u0e2d") and len(f) > 2 and f[2] != "\u0e2d":  # โอ → ออ
                made.add("\u0e2d\u0e2d" + f[2:])
        new = made - forms
    return (word, *sorted(forms - {word}))


def _shipped_words(name: str) -> tuple[str, ...]:
    from handouts.typesetting.diskcache import DATA

    return tuple(_word_lines((DATA / name).read_text("utf-8")))


def _word_lines(text: str) -> Iterable[str]:
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            yield word


def load_words(path: Path) -> tuple[str, ...]:
    """A clinic's extra words (one per line, ``#`` comments) that must never be split."""
    return tuple(_word_lines(path.read_text("utf-8")))


@functools.lru_cache(maxsize=16)
def keep_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching any of the keep-words (the longest one where several start), or None:
    a trie of alternations (:func:`trie_source`), some five times faster than one alternative per
    word with two hundred words. Its source is the same in every process (branches in code-point
    order, not a set's), so the compiled pattern is kept across processes
    (:func:`handouts.startup.cache_regex_code`), and so is the source itself, in the disk cache
    (building it from two hundred words took some 3 ms of every render that segments a paragraph)."""
    from handouts.typesetting import diskcache

    multi = sorted({w for w in words if len(w) > 1})
    if not multi:
        return None
    k = diskcache.key("keep-pattern", TRIE_FORMAT, tuple(multi))
    source = diskcache.get(k)
    if not isinstance(source, str):
        source = trie_source(multi)
        diskcache.put(k, source)
    return re.compile(source)


TRIE_FORMAT = 1  # bump when trie_source writes a different pattern for the same words


def trie_source(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, at each position the longest that matches
    there (as ``longest|shorter|…`` would): each shared prefix written once, its continuations
    tried before the word that ends there.

    >>> trie_source(["ปวด", "ปวดหลัง", "ปวดหัว"])
    'ปวด(?:ห(?:ลัง|ัว))?'
    """
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return (body if len(branches) > 1 else f"(?:{body})") + "?"

    return emit(root)


@functools.cache
def compounds() -> WordHashes:
    """Thai compounds the segmenter splits (PyThaiNLP's CC0 word list; tools/build_th_compounds.py),
    as the sorted digests of the words, shipped beside the list (:mod:`.wordlist`)."""
    from handouts.typesetting.wordlist import shipped_hashes

    return shipped_hashes("th_compounds.hashes")


MAX_PARTS = 6  # a compound spans at most this many segments


def _merge_compounds(text: str, bounds: list[int]) -> list[int]:
    """Drop the segmenter boundaries that fall inside a dictionary compound.

    thaibreak segments finer than a reader (ความ|ดัน, ท้อง|ผูก, กระเพาะ|อาหาร). Over each
    run of Thai segments, a maximal matching (fewest words, the way PyThaiNLP's newmm and
    ICU's dictionary breaker work) picks which boundaries are real word ends; spans of
    segments may join only into a word of :func:`compounds`.
    """
    words = compounds()
    out: list[int] = [bounds[0]] if bounds else []
    k = 0
    n = len(bounds)
    while k < n - 1:
        # a run of consecutive Thai-letter segments: bounds[k] .. bounds[m]
        m = k
        while (
            m < n - 1
            and is_thai(text[bounds[m]])
            and not text[bounds[m]].isspace()
            and is_thai(text[bounds[m + 1] - 1])
        ):
            m += 1
        if m - k >= 2:
            run = bounds[k : m + 1]
            best: list[tuple[int, int]] = [(0, -1)] + [(10**9, -1)] * (len(run) - 1)  # (words, previous index)
            for i in range(len(run) - 1):
                cost = best[i][0] + 1
                for j in range(i + 1, min(len(run), i + 1 + MAX_PARTS)):
                    if (j == i + 1 or text[run[i] : run[j]] in words) and cost < best[j][0]:
                        best[j] = (cost, i)
            chosen = []
            j = len(run) - 1
            while j > 0:
                chosen.append(run[j])
                j = best[j][1]
            out.extend(reversed(chosen))
            k = m
        else:
            out.append(bounds[k + 1])
            k += 1
    return out


_THAI_RUN = re.compile("[\u0e00-\u0e7f]+")


def _thai_boundaries(text: str) -> list[int]:
    """thaibreak's word boundaries, computed per run of Thai characters (0 and len included).

    Only Thai runs go to the segmenter: its cost is linear in Thai text but quadratic in a long
    run of anything else (200,000 Latin letters took minutes). Outside Thai runs the only
    boundaries are the run edges; spaces and the other scripts are handled by the rules below.
    """
    boundaries = _thaibreak().boundaries
    n = len(text)
    out: list[int] = [0]
    for m in _THAI_RUN.finditer(text):
        a, b = m.span()
        if a > out[-1]:
            out.append(a)
        run = m.group()
        inner = [k for k in boundaries(run) if 0 < k < b - a]
        if inner:
            inner = _without_lone_consonants(run, inner)
        out.extend(a + k for k in inner)
        out.append(b)
    if n > out[-1]:
        out.append(n)
    return out


_THAI_LETTER = re.compile("[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]")  # consonants, vowels, marks (not ฯ ๆ ๏ or digits)


def _without_lone_consonants(run: str, inner: list[int]) -> list[int]:
    """thaibreak's inner boundaries of a Thai run less those around a segment that is one bare
    consonant between Thai letters: no Thai word is one (ณ aside), so it is a piece of a word the
    dictionary lacks, a loanword's final (ฟอร์โมเทอรอ|ล, อะดาพาลี|น) or an abbreviation's
    letter (อ|สม.), and a line must neither start nor end with it.

    >>> run = "ฟอร์โมเทอรอล"
    >>> _without_lone_consonants(run, [9, 11])
    [9]
    >>> _without_lone_consonants("อสม", [1]), _without_lone_consonants("ที่ณบ้าน", [3, 4])
    ([], [3, 4])
    """
    drop: set[int] = set()
    cuts = [0, *inner, len(run)]
    for x, y in zip(cuts, cuts[1:]):
        if y - x == 1 and "\u0e01" <= run[x] <= "\u0e2e" and run[x] != "ณ":
            if x > 0 and _THAI_LETTER.match(run[x - 1]):
                drop.add(x)
            if y < len(run) and _THAI_LETTER.match(run[y]):
                drop.add(y)
    return [k for k in inner if k not in drop] if drop else inner


@functools.cache
def _thaibreak() -> Any:
    """thaibreak's functions: its ``core`` module, loaded from its file without running the
    package's ``__init__`` (which only re-exports ``core`` and reads its own version through
    importlib.metadata: ~10 ms of a fresh render; the cache keys read that version from the
    dist-info folder, :func:`.diskcache.dist_version`). The package itself when ``core`` is not
    where this expects it. Not registered in ``sys.modules``: an ``import thaibreak`` elsewhere
    gets the package as usual (both drive the same shared library, with the same dictionary)."""
    import sys

    if "thaibreak" not in sys.modules:
        import importlib.util

        spec = importlib.util.find_spec("thaibreak")
        where = list(spec.submodule_search_locations or ()) if spec is not None else []
        core = Path(where[0], "core.py") if where else None
        core_spec = importlib.util.spec_from_file_location("thaibreak.core", core) if core and core.is_file() else None
        if core_spec is not None and core_spec.loader is not None:
            module = importlib.util.module_from_spec(core_spec)
            core_spec.loader.exec_module(module)
            if callable(getattr(module, "boundaries", None)):
                return module
    import thaibreak

    return thaibreak


def load_thai() -> None:
    """Load thaibreak and its dictionary now, as the first Thai paragraph segmented would (a render
    may do it while its model is built elsewhere: :mod:`handouts.prefetch`)."""
    _thaibreak().boundaries("ภาษาไทย")


_DATE_AHEAD = re.compile(r"วันที่\s?\d")  # "วันที่ 16": a date follows, not days counted
GLUE_WINDOW = 24  # characters either side of a space that the glue rules look at (> the longest word)


def _space_is_glue(text: str, start: int, end: int) -> bool:
    """Is the space run text[start:end] one that must not break (number ↔ unit, phone, date)?

    Looks at a bounded window either side, so the cost per space is constant whatever the
    paragraph's length.
    """
    n = len(text)
    if start == 0 or end >= n:
        return False
    before = text[max(0, start - GLUE_WINDOW) : start]
    after = text[end : end + GLUE_WINDOW]
    if is_number(before[-1]):
        if is_number(after[0]) or after[0] in "+-":
            return True
        if _is_unit(before, after):
            return True
    if _is_extension(before, after):
        return True  # a phone number's extension: 02-123-4567 ต่อ 208 (not ติดต่อ 02…)
    if is_number(after[0]) or (after[0] == "+" and after[1:2].isdigit()):
        for w in _before_number(_SEA_LETTER.search(before) is not None):
            if before.endswith(w) and (start == len(w) or not before[-len(w) - 1].isalpha() or not w[0].isascii()):
                return True
    if _is_sea(after[0]):
        months, eras = _dates_sea()
        return before.endswith(months) and after.startswith(eras)  # "1 វិច្ឆិកា ព.ស. 2569"
    return False


def _is_extension(before: str, after: str) -> bool:
    """Is the space between ``before`` and ``after`` the one between ``ต่อ`` and a phone
    number's extension (``02-123-4567 ต่อ 208``)?"""
    return is_number(after[:1] or "x") and before.endswith("ต่อ") and is_number(before[:-3].rstrip()[-1:] or "x")


def _is_sea(ch: str) -> bool:
    """A letter of Lao, Burmese or Khmer (their own fonts' scripts; not Thai)."""
    return ch >= "\u0e80" and script_of(ch) in _SEA_SCRIPTS


@functools.cache
def _before_number(sea: bool) -> tuple[str, ...]:
    """The words a number after them belongs to (:data:`BEFORE_NUMBER`), with the Burmese, Khmer
    and Lao months and eras when ``sea``."""
    return BEFORE_NUMBER + _dates_sea()[0] if sea else BEFORE_NUMBER


@functools.cache
def _dates_sea() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Burmese, Khmer and Lao words a date's number follows (months and eras: ``ພະຈິກ 2026``,
    ``ព.ស. 2569``, ``နိုဝင်ဘာ 1``), and the eras, from :mod:`.scripts.units`."""
    from handouts.typesetting.scripts.units import ERAS, MONTHS

    eras = tuple(w for ws in ERAS.values() for w in ws)
    return tuple(w for ws in MONTHS.values() for w in ws) + eras, eras


@functools.cache
def _counting_word() -> re.Pattern[str]:
    """Any Burmese, Khmer or Lao counting word (:data:`.scripts.units.COUNTING_WORDS`) or month
    (a date's day or year before it: ``1 ພະຈິກ``, ``2026 နိုဝင်ဘာ``), longest first."""
    from handouts.typesetting.scripts.units import COUNTING_WORDS, MONTHS

    words = sorted({w for table in (COUNTING_WORDS, MONTHS) for ws in table.values() for w in ws},
                   key=lambda w: (-len(w), w))  # fmt: skip
    return re.compile("|".join(re.escape(w) for w in words))


@functools.cache
def _counted_number() -> re.Pattern[str]:
    """A number's last digit, what separates it from the counting word after it (spaces, a ZERO
    WIDTH SPACE, or nothing: group 1), and the word (group 2)."""
    return re.compile(rf"[\d{FRACTIONS}]([\s{ZWSP}]*)({_counting_word().pattern})")


def counted_words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, bool]]:
    """The Burmese, Khmer and Lao counting words that follow a number (its digits, native or
    ASCII, then spaces, a ZERO WIDTH SPACE or nothing) in ``text[start:end]``: (start, end, whether
    a ZERO WIDTH SPACE comes before it). Each stays whole and on the number's line (``ဆေး ၅၀၀
    မီလီဂရမ်``, ``៥០០មីលីក្រាម``: ICU's dictionary cuts មី|លី|ក្រាម); Khmer typists put a ZERO WIDTH
    SPACE after every word, a word separator that parts no dose from its unit (``៥០០\u200bមីលីក្រាម``).

    >>> t = "ဆေး ၅၀၀ မီလီဂရမ် ၃ ကြိမ်"
    >>> [t[a:b] for a, b, _ in counted_words(t)]
    ['မီလီဂရမ်', 'ကြိမ်']
    """
    found = _counted_number().finditer(text, start, len(text) if end is None else end)
    return [(*m.span(2), ZWSP in m.group(1)) for m in found]


def inside_counted_word(text: str, i: int) -> bool:
    """Is ``i`` inside a Burmese, Khmer or Lao counting word after a number (``៥០០ មី|លីក្រាម``)?
    A stretch wider than the line is cut there only when no other cut fits (after
    :func:`joins_number_and_unit`'s): the word is cut, not only parted from its number."""
    return any(a < i < b for a, b, _ in counted_words(text, max(0, i - 2 * GLUE_WINDOW), i + GLUE_WINDOW))


def joins_number_and_unit(text: str, i: int) -> bool:
    """Is ``i`` (just after a run of spaces) the start of the unit or counting word of the number
    before the spaces (``500 |มก.``, ``2 |ช่วง``, ``5 |mg``, ``၅၀၀ |မီလီဂရမ်``)? A glued stretch
    wider than the line is cut anywhere else first: a dose is the last thing to part from its unit."""
    if ZWSP in text[max(0, i - 2) : i] and any(a == i and zw for a, _, zw in counted_words(text, max(0, i - GLUE_WINDOW), i + GLUE_WINDOW)):
        return True  # ៥០០\u200b|មីលីក្រាម
    k = i - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0 or k == i - 1 or i >= len(text) or not is_number(text[k]):
        return False
    return _is_unit(text[max(0, k + 1 - GLUE_WINDOW) : k + 1], text[i : i + GLUE_WINDOW])


# a number after one of these is a year ("พฤศจิกายน 2569", "พ.ศ. 2569"): nothing after it counts it
YEAR_BEFORE = THAI_MONTHS + ERAS + ENGLISH_MONTHS


def _is_year(before: str) -> bool:
    """Does ``before`` end with a year: a number after a month's name or an era and a space?

    A year is not counting what follows it: the Thai word after ``พฤศจิกายน ๒๕๖๙`` starts the
    next phrase (``… ๒๕๖๙ เรื่อง …``, a letter's date and its subject) and may begin a line, where
    after ``2 ช่วง`` it may not.

    >>> _is_year("วันที่ 16 พฤศจิกายน 2569"), _is_year("พ.ศ. 2569"), _is_year("วันละ 2"), _is_year("16")
    (True, True, False, False)
    """
    k = len(before)
    while k and before[k - 1].isdigit():
        k -= 1
    j = k
    while j and before[j - 1].isspace():
        j -= 1
    return j < k and before[:j].endswith(YEAR_BEFORE)


def _is_unit(before: str, after: str) -> bool:
    """Does ``after`` (the text after a number and its space) start with the unit of the number
    ``before`` ends with?

    A Thai word is one (3 วัน, 500 มก.) or the classifier that counts it (2 ช่วง, 3 หยด, 1 แก้ว),
    but not a date ("๑๐๓๓๐ วันที่ ๑๖" is a postal code, then a date) and nothing after a year
    (:func:`_is_year`); a Burmese, Khmer or Lao word is one when it starts with a counting word
    of :data:`.scripts.units.COUNTING_WORDS` (၅၀၀ မီလီဂရမ်, ២ គ្រាប់, 3 ເທື່ອ); a Latin unit (5 mg)
    is one when a letter does not follow it."""
    if _is_year(before):
        return False
    after = after.lstrip(ZWSP)  # a word separator typed after the space: "500 \u200bမီလီဂရမ်"
    if not after:
        return False
    if is_thai(after[0]):
        return not _DATE_AHEAD.match(after)
    if _is_sea(after[0]) and _counting_word().match(after):
        return True
    return any(after.startswith(u) and (len(after) == len(u) or not after[len(u)].isalpha()) for u in UNITS_LATIN)


URL_RE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?=/))[^\s<>\"]*[^\s<>\".,;:!?)\]}'”’]"
)  # a scheme, www., or a bare host followed by a path (a link's target printed after it: "x.org/a")
_URL_BREAK = re.compile(r"(?<![/-])(?=[/.?&#](?![/-]))")
# a slash between two long Latin words (a combination of two medicines: Budesonide/Formoterol,
# Amoxicillin/Clavulanate): a break after it, as UAX #14 allows; not in a ratio of units (mg/kg,
# tablets/day, mL/min) nor and/or, whose words are shorter
_SLASHED = re.compile(r"(?<![A-Za-z\u00c0-\u024f])[A-Za-z\u00c0-\u024f]{6,}/(?=[A-Za-z\u00c0-\u024f]{6,}(?![A-Za-z\u00c0-\u024f]))")


def url_breaks(url: str) -> list[int]:
    """Where a printed URL may wrap: before a ``/``, ``.``, ``?``, ``&`` or ``#``, and nowhere
    else: never inside a host-name label or a path word, never next to a hyphen (a reader, and
    pdftotext, would take a line-final hyphen for hyphenation and drop it), never at ``//``
    (the scheme stays with the host name's first label).

    >>> u = "https://demo-clinic.example/handouts/back-pain/th?q=1&x=2"
    >>> [u[a:b] for a, b in zip([0, *url_breaks(u)], [*url_breaks(u), len(u)])]
    ['https://demo-clinic', '.example', '/handouts', '/back-pain', '/th', '?q=1', '&x=2']
    """
    return [m.start() for m in _URL_BREAK.finditer(url) if 0 < m.start() < len(url)]


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL_RE.finditer(text)] if ("//" in text or "www." in text or "/" in text) else []


def break_opportunities(text: str, keep: tuple[str, ...] = (), soft: bool = False, compound: bool = True) -> list[int]:
    """Indices where a new line may start (0 < i < len(text)), sorted.

    ``soft=True`` gives the fallback opportunities for a stretch wider than the line: every
    space and every segmenter boundary, glue and compounds ignored (still never inside a
    cluster, a Latin word or a number). ``compound=False`` keeps every segmenter boundary
    inside a dictionary compound (the other rules still apply): see :func:`compound_junctures`.

    >>> t = "ยาพาราเซตามอล 500 มก. ทุก 6 ชั่วโมง"
    >>> [t[i:i+4] for i in break_opportunities(t)]
    ['พารา', '500 ', 'ทุก ', '6 ชั']
    """
    if len(text) < 2:
        return []
    bounds = _thai_boundaries(text)
    merge = not soft and compound and _THAI_RUN.search(text) is not None
    return _filtered(text, keep, soft, set(_merge_compounds(text, bounds) if merge else bounds))


def breaks_and_junctures(text: str, keep: tuple[str, ...] = ()) -> tuple[list[int], list[int]]:
    """``(break_opportunities(text, keep), compound_junctures(text, keep))`` with the text
    segmented and its compounds merged once (each of those alone segments it again)."""
    if len(text) < 2:
        return [], []
    bounds = _thai_boundaries(text)
    if _THAI_RUN.search(text) is None:
        return _filtered(text, keep, False, set(bounds)), []
    merged = _merge_compounds(text, bounds)
    normal = _filtered(text, keep, False, set(merged))
    loose = _filtered(text, keep, False, set(bounds))
    allowed = set(loose).difference(normal)
    inside = set(merged)
    return normal, [b for b in bounds if b not in inside and b in allowed]


def _filtered(text: str, keep: tuple[str, ...], soft: bool, candidates: set[int]) -> list[int]:
    """:func:`break_opportunities` from the segmenter's ``candidates`` (a set it consumes)."""
    n = len(text)
    if SEGMENTERS:
        _apply_registered(text, candidates)
    i = 0
    while i < n:  # after every run of breakable spaces
        if text[i].isspace() and text[i] != NBSP:
            j = i
            while j < n and text[j].isspace() and text[j] != NBSP:
                j += 1
            candidates.discard(i)
            if soft or not _space_is_glue(text, i, j):
                candidates.add(j)
            else:
                candidates.discard(j)
            i = j
        else:
            i += 1
    if ZWSP in text:  # a ZERO WIDTH SPACE is a break after it, in any script (UAX #14's ZW)
        candidates.update(m.end() for m in _ZWSP.finditer(text))
    if not soft and _SEA_LETTER.search(text):  # a counting word after a number stays whole: ៥០០ មីលីក្រាម
        for a, b, zw in counted_words(text):
            candidates.difference_update(range(a if zw else a + 1, b))
    loans = None if soft else keep_pattern(loanwords())
    if loans is not None:  # a loanword's edges are word boundaries (a longer keep-word still wins below)
        for m in loans.finditer(text):
            candidates.update((m.start(), m.end()))
    pat = None if soft else keep_pattern(builtin_keep_words() + keep)
    if pat is not None:
        for m in pat.finditer(text):
            candidates.difference_update(range(m.start() + 1, m.end()))
    slashed = {m.end() for m in _SLASHED.finditer(text)} if "/" in text else set()
    out: list[int] = []
    for i in sorted(candidates | slashed):
        if i <= 0 or i >= n:
            continue
        if i in slashed:
            out.append(i)  # Budesonide/|Formoterol
            continue
        prev, nxt = text[i - 1], text[i]
        if nxt.isspace() or nxt == NBSP or prev == NBSP or nxt in INVISIBLE:
            continue  # after a run of spaces and zero-width characters, not inside it
        if is_mark(nxt) or nxt in CLOSING or prev in OPENING or prev in LEADING_VOWELS or prev in NO_BREAK_AFTER:
            continue
        if prev in STRAIGHT_QUOTES or (nxt in STRAIGHT_QUOTES and not prev.isspace()):
            continue
        if nxt in _FINAL_LETTERS and is_final(text, i):
            continue  # ဆော့|ဖ်ဝဲ: a line never starts with a syllable's final consonant
        if prev == "." and is_thai(nxt):
            continue  # inside a Thai abbreviation: มม.ปรอท, อ.เมือง, ร.พ.สมุทรปราการ
        if prev == "/" or nxt == "/":
            continue  # a unit such as มก./ดล. or ครั้ง/วัน, and และ/หรือ, stay whole (URLs: below; two long Latin words: above)
        k = i - 1
        while k > 0 and text[k].isspace():
            k -= 1
        if text[k] in HYPHENS:
            continue  # ชื่อ-|นามสกุล, "เวลา -|": extractors take a line-final hyphen for hyphenation and drop it
        if nxt in HYPHENS and not prev.isspace() and not soft:
            continue  # หัด|-คางทูม: no line starts with a hyphen that joins two words (UAX #14's LB21)
        if not prev.isspace() and prev != ZWSP:
            if not (_is_segmented(prev) or _is_segmented(nxt)):
                continue  # inside a Latin word, a number, a punctuation cluster or an unsegmented script
            if is_number(prev) or is_number(nxt):
                continue  # "3เดือน", "ปี2569": keep number and word together
        out.append(i)
    urls = _url_spans(text)
    if urls:  # a URL is one word; a stretch wider than the line breaks at its own boundaries only
        inside: set[int] = set()
        for start, end in urls:
            inside.update(range(start + 1, end))
        out = [i for i in out if i not in inside]
        if soft:
            out = sorted(out + url_inner_breaks(text, urls))
    return out


def url_inner_breaks(text: str, urls: list[tuple[int, int]] | None = None) -> list[int]:
    """Where the URLs in ``text`` may wrap (:func:`url_breaks`), as offsets in ``text``: only in a
    URL wider than the line (``break_opportunities(soft=True)``); one that fits is printed whole,
    on the next line if need be, as a browser wraps it.

    >>> t = "See www.a.org/x now"
    >>> [t[i:] for i in url_inner_breaks(t)]
    ['.a.org/x now', '.org/x now', '/x now']
    """
    spans = _url_spans(text) if urls is None else urls
    return [start + i for start, end in spans for i in url_breaks(text[start:end])]


def grapheme_breaks(text: str) -> list[int]:
    """Positions between grapheme clusters (last-resort breaks inside an over-long word).

    Never right after a hyphen and the spaces after it (unless a hyphen follows: a row of them
    must still be cut somewhere): pdftotext and pypdf take a line-final hyphen for a hyphenation
    and drop it, as :func:`break_opportunities` knows.

    >>> grapheme_breaks("น้ำใจ")  # never between a leading vowel and its consonant (ใ|จ)
    [3]
    >>> grapheme_breaks("ab- cd")
    [1, 2, 5]
    >>> t = "မက်ဖော်မင်"  # never before a syllable's final consonant (မ|က်, မ|င်)
    >>> [t[:i] for i in grapheme_breaks(t)]
    ['မက်', 'မက်ဖော်']
    """
    out = []
    after_hyphen = False  # text[:i] ends with a hyphen and spaces
    for i in range(1, len(text)):
        prev = text[i - 1]
        after_hyphen = prev in HYPHENS or (after_hyphen and prev.isspace())
        if (
            not is_mark(text[i])
            and text[i] not in INVISIBLE
            and prev not in LEADING_VOWELS
            and prev not in NO_BREAK_AFTER
            and not (after_hyphen and text[i] not in HYPHENS)
            and not (text[i] in _FINAL_LETTERS and is_final(text, i))
        ):
            out.append(i)
    return out


def compound_junctures(text: str, keep: tuple[str, ...] = ()) -> list[int]:
    """Inner boundaries of compounds where a line may break when it would otherwise be left
    under-full (a fallback with a penalty, never a normal break), sorted.

    A juncture is a segmenter boundary inside a compound of :func:`compounds` (บัตร|ประจำตัว|
    ประชาชน, กระเพาะ|อาหาร): between two of the segmenter's words, outside the keep-words, and
    allowed by every rule of :func:`break_opportunities`; never inside a word, a cluster, a
    Latin word or a number.

    >>> t = "ปวดกระเพาะอาหาร"
    >>> [t[:i] for i in break_opportunities(t)], [t[:i] for i in compound_junctures(t)]
    (['ปวด'], ['ปวดกระเพาะ'])
    """
    return breaks_and_junctures(text, keep)[1]


def _uncounted(text: str, j: int) -> bool:
    """Does a Thai word that is not a unit or a classifier start at ``text[j]`` (after a number)?"""
    return is_thai(text[j]) and not any(text.startswith(u, j) for u in UNITS_THAI + CLASSIFIERS)


def label_glue(text: str, start: int, end: int) -> list[int]:
    """Where ``text[start:end]`` (a stretch between two word-level breaks) is held together only
    because a word that names a number stands before it (``พ.ศ. 2569``, ``โทร. 1669``,
    ``พฤศจิกายน 2569``), or a Thai word that is not a unit or a classifier after it (``1669
    ได้ฟรี``): the starts of the numbers and of those words, a fallback break of last resort. A
    number and its unit or classifier (``500 มก.``, ``2 ช่วง``), the groups of a phone number
    or its extension after ``ต่อ`` (``02-123-4567 ต่อ 208``) are never among them.

    >>> t = "นัดวันที่ 25 พฤศจิกายน 2569 ครั้งละ 500 มก. วันละ 2 ช่วง โทร 1669 ได้ฟรี"
    >>> [t[i:i + 4] for i in label_glue(t, 3, len(t))]
    ['25 พ', '2569', '1669', 'ได้ฟ']
    """
    out: list[int] = []
    i = start
    while i < end:
        if text[i].isspace() and text[i] != NBSP:
            j = i
            while j < end and text[j].isspace() and text[j] != NBSP:
                j += 1
            if (
                i > 0 and j < end and _space_is_glue(text, i, j)
                and (not is_number(text[i - 1]) or _uncounted(text, j))
                and not _is_extension(text[max(0, i - GLUE_WINDOW) : i], text[j : j + 1])
            ):  # fmt: skip
                out.append(j)
            i = j
        else:
            i += 1
    return out


def _register_builtin() -> None:
    # Lao, Khmer and Burmese break where ICU's dictionary line iterator says (ICU imported lazily)
    from handouts.typesetting.scripts import OWN_FONT, icu_breaks

    for tag, script in OWN_FONT.items():
        register_segmenter(tag, icu_breaks.segmenter(script.locale))


_register_builtin()
