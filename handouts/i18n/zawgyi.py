"""Burmese text in the Zawgyi font encoding → findings (``file:line``), and its conversion to Unicode.

Much Burmese text still comes typed in Zawgyi, a font hack that reuses Myanmar code points for
other letters: it looks right only with the Zawgyi font and prints as garbage in any Unicode font
(ours included), while every character is "valid". So it is refused wherever text enters a
handout — articles (front matter and body, :func:`check_article`), clinic files (their
Burmese name and address), catalog entries
(:mod:`handouts.i18n.rules`, code ``check.zawgyi``), ``--patient``/``--notes`` — with the fix:
``handouts i18n zawgyi-to-unicode FILE`` (:func:`convert_file`).

Detection is Google's ``myanmartools`` ZawgyiDetector (a Markov model of Myanmar code point
pairs): a text is Zawgyi when its probability is above :data:`THRESHOLD` (0.95). The unit is a
line of an article or any text file, and one string (``msgid``, ``msgstr``… with its continuation
lines) of a PO file, as the translation rules see it. In a file with such a unit, units above
:data:`LEANING` (0.5) are Zawgyi too: a two-word heading is ambiguous alone, not beside Zawgyi. Text without Myanmar letters is never
looked at (the detector is not even loaded), so Thai, Lao, Khmer and English cost nothing.

Conversion is ICU's ``Zawgyi-my`` transliterator (``pyicu-wheels``), applied to the runs of
Myanmar code points (U+1000–U+109F) of the units the detector flags, and nothing else: Unicode
Burmese lines, Thai, English, PO syntax, line ends and a BOM stay byte for byte. A converted unit
no longer reads as Zawgyi, so running it again changes nothing. Lines that mix both encodings
within one line are not split: convert them by hand.
"""

from __future__ import annotations

import functools
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import BrandError, CatalogError, ContentError, Finding, HandoutError
from handouts.outputs import write_atomic
from handouts.textfile import read_bytes

THRESHOLD = 0.95  # above this Zawgyi probability a unit is refused and converted
LEANING = 0.5  # in a text with Zawgyi, a unit above this is Zawgyi too; a converted unit ends below it
CODE = "check.zawgyi"
MESSAGE = "looks like Zawgyi-encoded Burmese"
BACKUP_SUFFIX = ".zawgyi.bak"
VERB = "handouts i18n zawgyi-to-unicode"
_MYANMAR = re.compile("[\u1000-\u109f]+")  # Zawgyi lives in the Myanmar block; ZWSP is left alone
# a PO keyword line (maybe obsolete, #~) and a continuation line
_PO_KEYWORD = re.compile(r'^(?:#~\s*)?(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*"')
_PO_CONTINUATION = re.compile(r'^(?:#~\s*)?"')


class ZawgyiError(ContentError):
    """Text in the Zawgyi encoding where Unicode is needed (an article, a ``--notes`` value)."""

    def __str__(self) -> str:
        return f"{super().__str__()} [{CODE}]"


class ZawgyiClinicError(BrandError):
    """A clinic file with a value in the Zawgyi encoding (``name_my``, ``address_my``…)."""

    def __str__(self) -> str:
        return f"{super().__str__()} [{CODE}]"


def has_myanmar(text: str) -> bool:
    return _MYANMAR.search(text) is not None


@functools.cache
def _detector() -> Any:
    import warnings

    from myanmartools import ZawgyiDetector

    with warnings.catch_warnings():  # 1.2.1 loads its model with the deprecated importlib.resources.open_binary
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


@functools.cache
def _transliterator() -> Any:
    import icu

    return icu.Transliterator.createInstance("Zawgyi-my")


def probability(text: str) -> float:
    """The detector's probability that ``text`` is Zawgyi; 0 without Myanmar letters.

    >>> probability("hello ๑๒๓") == 0.0
    True
    """
    if not has_myanmar(text):
        return 0.0
    p = float(_detector().get_zawgyi_probability(text))
    return 0.0 if math.isinf(p) or math.isnan(p) else p


def is_zawgyi(text: str) -> bool:
    """Above :data:`THRESHOLD`: refuse it, offer the conversion."""
    return probability(text) > THRESHOLD


def fix_hint(path: str | Path) -> str:
    return f"convert it to Unicode: {VERB} {path}"


_DIGITS = "\u1040\u1041\u1042\u1043\u1044\u1045\u1046\u1047\u1048\u1049"  # ၀ … ၉


def _letterish(ch: str) -> bool:
    """A Myanmar letter, sign or mark (not a digit, not ၊ ။): what makes a digit beside it a letter."""
    return "\u1000" <= ch <= "\u109f" and ch not in _DIGITS and ch not in "\u104a\u104b"


def _kept_digits(run: str) -> list[int]:
    """The digits of a Myanmar run that are numbers, which the conversion must not touch.

    Zawgyi typists write ၎ (the letter lagaung) as the digit ၄ in ၄င္း, and ဝ (the letter wa) as
    the digit ၀ (၀န္ထမ္း, ေ၀ဒနာ); ICU's ``Zawgyi-my`` turns every lone ၄ into ၎ and ၀ into ဝ, so
    a dose ``ေဆး ၄ လုံး`` (4 tablets) would become ``ဆေး ၎ လုံး`` and ``၀.၅ မီလီ`` (0.5 ml) ``ဝ.၅``.
    A ၄ is the digit unless င follows it; another digit is one beside a digit, or with no Myanmar
    letter on either side."""
    out = []
    for i, ch in enumerate(run):
        if ch not in _DIGITS:
            continue
        prev = run[i - 1] if i else ""
        nxt = run[i + 1] if i + 1 < len(run) else ""
        if ch == "\u1044":
            if nxt != "\u1004":
                out.append(i)
        elif (prev and prev in _DIGITS) or (nxt and nxt in _DIGITS) or not (_letterish(prev) or _letterish(nxt)):
            out.append(i)
    return out


def convert_runs(text: str) -> str:
    """Every run of Myanmar code points through ICU's ``Zawgyi-my``; everything else as it is, and
    so are the digits that are numbers (:func:`_kept_digits`).

    >>> convert_runs("ab ေျပာ cd")
    'ab ပြော cd'
    >>> convert_runs("ေဆး ၄ လုံး ၀.၅ မီလီ ၄င္း ေ၀ဒနာ")  # a dose keeps its digits; ၄င္း and ေ၀ are letters
    'ဆေး ၄ လုံး ၀.၅ မီလီ ၎င်း ဝေဒနာ'
    """
    tr = _transliterator()

    def convert(run: str) -> str:
        out, start = [], 0
        for i in _kept_digits(run):
            if start < i:
                out.append(str(tr.transliterate(run[start:i])))
            out.append(run[i])
            start = i + 1
        if start < len(run):
            out.append(str(tr.transliterate(run[start:])))
        return "".join(out)

    return _MYANMAR.sub(lambda m: convert(m.group(0)), text)


# --------------------------------------------------------------------------- units of a text


@dataclass(frozen=True, slots=True)
class Unit:
    """Lines ``first``..``last`` (0-based, inclusive) read as one text by the detector."""

    first: int
    last: int
    text: str


def _po_string(line: str) -> str:
    """The quoted part of a PO keyword or continuation line (escapes left as written)."""
    start, end = line.find('"'), line.rfind('"')
    return line[start + 1 : end] if 0 <= start < end else ""


def units(lines: list[str], po: bool) -> list[Unit]:
    """The detector's units: each line, or (``po``) each PO string with its continuation lines."""
    if not po:
        return [Unit(i, i, line) for i, line in enumerate(lines)]
    out: list[Unit] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _PO_KEYWORD.match(line):
            j = i
            while j + 1 < len(lines) and _PO_CONTINUATION.match(lines[j + 1]):
                j += 1
            out.append(Unit(i, j, "".join(_po_string(s) for s in lines[i : j + 1])))
            i = j + 1
        else:
            out.append(Unit(i, i, line))
            i += 1
    return out


def _zawgyi_units(all_units: list[Unit]) -> list[tuple[Unit, float]]:
    """The units that read as Zawgyi, with their probability: above :data:`THRESHOLD`, and, in a
    text that has such a unit, every unit above :data:`LEANING` too (a heading of two words, a
    name: too short to be sure alone, not left behind when the rest is converted)."""
    scored = [(u, probability(u.text)) for u in all_units if has_myanmar(u.text)]
    if not any(p > THRESHOLD for _, p in scored):
        return []
    return [(u, p) for u, p in scored if p > LEANING]


def zawgyi_lines(text: str, po: bool = False) -> list[int]:
    """The 1-based first lines of the units of ``text`` that read as Zawgyi."""
    if not has_myanmar(text):
        return []
    return [u.first + 1 for u, _ in _zawgyi_units(units(text.split("\n"), po))]


def text_findings(where: str, text: str, po: bool = False) -> list[Finding]:
    """One error per Zawgyi unit of a file's text, at its line, with the fix."""
    return [Finding(where, n, "error", CODE, MESSAGE, hint=fix_hint(where)) for n in zawgyi_lines(text, po)]


def check_article(text: str, path: Path, shown: str, error: type[HandoutError] = ZawgyiError) -> None:
    """Refuse an article any of whose lines (front matter or body) reads as Zawgyi: one error at
    the first such line, naming how many more, with the command that converts the file. A clinic
    file is checked alike (``error``: :class:`ZawgyiClinicError`): its Burmese name and address
    print on every page."""
    found = zawgyi_lines(text)
    if not found:
        return
    more = ""
    if len(found) > 1:
        rest = ", ".join(str(n) for n in found[1:6]) + ("…" if len(found) > 6 else "")
        more = f" (and {len(found) - 1} more line{'s' if len(found) > 2 else ''}: {rest})"
    raise error(MESSAGE + more, path=path, line=found[0], hint=fix_hint(shown))


def check_free_text(value: str, key: str) -> None:
    """Refuse a ``--patient``/``--notes`` value that reads as Zawgyi (never quoting it: personal data)."""
    if has_myanmar(value) and any(is_zawgyi(line) for line in value.splitlines() or [value]):
        raise ZawgyiError(MESSAGE, key=key, hint=f"type it with a Unicode Burmese keyboard, or convert it: "
                                                 f"echo TEXT | {VERB} -")  # fmt: skip


# --------------------------------------------------------------------------- conversion


@dataclass(frozen=True, slots=True)
class Converted:
    """What converting one text did: the new text, the converted (1-based first) lines, and the
    lines that still read as Zawgyi after ICU's conversion (left as they were)."""

    text: str
    lines: tuple[int, ...]
    failed: tuple[int, ...] = ()


def convert_text(text: str, po: bool = False) -> Converted:
    """The Zawgyi units of ``text`` converted to Unicode, everything else untouched.

    A unit is replaced only when the result reads as Unicode (probability at most
    :data:`LEANING`), so the conversion is a fixed point: converting the result again changes
    nothing. A unit above :data:`THRESHOLD` that ICU cannot turn into such text is left as it was
    and named in ``failed``.
    """
    if not has_myanmar(text):
        return Converted(text, ())
    lines = text.split("\n")
    done, failed = [], []
    for u, p in _zawgyi_units(units(lines, po)):
        new = [convert_runs(s) for s in lines[u.first : u.last + 1]]
        keyword = po and _PO_KEYWORD.match(new[0]) is not None
        if probability("".join(_po_string(s) for s in new) if keyword else new[0]) > LEANING:
            if p > THRESHOLD:
                failed.append(u.first + 1)
            continue
        lines[u.first : u.last + 1] = new
        done.append(u.first + 1)
    return Converted("\n".join(lines), tuple(done), tuple(failed))


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


@dataclass(frozen=True, slots=True)
class FileConversion:
    """A file converted from Zawgyi: the lines converted, those that failed, and the backup."""
    path: Path
    lines: tuple[int, ...]
    failed: tuple[int, ...]
    backup: Path | None  # None when nothing was converted (the file is untouched)


def _error_class(path: Path) -> tuple[type[HandoutError], str]:
    if path.suffix in (".po", ".pot"):
        return CatalogError, "catalog"
    if path.suffix == ".md":
        return ContentError, "article file"
    return HandoutError, "file"


def convert_file(path: Path, shown: str | None = None) -> FileConversion:
    """Convert the Zawgyi lines of one file in place: the original bytes go to
    ``FILE.zawgyi.bak`` (never over an existing one), the new text replaces the file atomically
    (a temporary file and a rename; its permissions kept). Nothing is written when nothing reads
    as Zawgyi."""
    error, what = _error_class(path)
    shown = shown or str(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise error("file not found", path=shown, hint="check the path") from None
    except OSError as e:
        raise error(f"cannot read the file: {e.strerror}", path=shown, hint="check its permissions") from None
    if stat.S_ISLNK(st.st_mode):
        raise error("is a symbolic link; not converted", path=shown, hint="give the file it points to")
    raw = read_bytes(path, error, what)
    try:
        text = raw.decode("utf-8")  # a BOM stays a character of the first line, untouched
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise error(f"not valid UTF-8 (byte {e.start})", path=shown, line=line,
                    hint="save the file as UTF-8 first (Zawgyi text is UTF-8 too)") from None  # fmt: skip
    po = path.suffix in (".po", ".pot")
    result = convert_text(text, po)
    if not result.lines:
        return FileConversion(path, (), result.failed, None)
    if po:
        _check_po_still_parses(text, result.text, error, shown)
    backup = backup_path(path)
    _write_backup(backup, raw, st.st_mode, error, shown)
    write_atomic(path, result.text.encode("utf-8"))
    return FileConversion(path, result.lines, result.failed, backup)


def _check_po_still_parses(before: str, after: str, error: type[HandoutError], shown: str) -> None:
    from handouts.i18n.po import scan_po

    if scan_po(before).errors:
        return  # it did not parse before; the conversion touched only Myanmar letters inside strings
    errors = scan_po(after).errors
    if errors:  # cannot happen: only Myanmar code points inside strings change
        line, message = errors[0]
        raise error(f"the converted catalog would not parse ({message}); nothing was written", path=shown,
                    line=line, hint="report it, and convert the entries by hand")  # fmt: skip


def _write_backup(backup: Path, raw: bytes, mode: int, error: type[HandoutError], shown: str) -> None:
    try:
        fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        raise error(f"not converted: its backup {backup} already exists (from an earlier conversion?)",
                    path=shown, hint="move or delete the old backup, then run the conversion again") from None  # fmt: skip
    except OSError as e:
        raise error(f"cannot write the backup: {e.strerror}; nothing was written", path=backup,
                    hint="check the folder's permissions") from None  # fmt: skip
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fchmod(f.fileno(), stat.S_IMODE(mode))
            os.fsync(f.fileno())
    except OSError as e:
        backup.unlink(missing_ok=True)
        raise error(f"cannot write the backup: {e.strerror}; nothing was written", path=backup,
                    hint="check the free space and permissions") from None  # fmt: skip
