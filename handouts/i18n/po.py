"""PO text → entries, strictly: every syntax problem with its line (stdlib only).

Babel's reader is lax (an unterminated ``msgstr "…`` silently becomes an empty translation,
``\\q`` is kept as two characters, a duplicate entry is dropped), so both the renderer
(:mod:`handouts.i18n.runtime`) and the translator tools (:mod:`handouts.i18n.pofile`) read catalogs
through :func:`scan_po`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?:\s+(.*))?$")


@dataclass(slots=True)
class PoEntry:
    """One entry as written in the file, with the lines a translator needs."""

    context: str | None
    msgid: str
    msgstr: str
    line: int  # first line of the entry (its first comment or keyword)
    msgid_line: int
    msgstr_line: int
    keyword_line: int = 0  # the first keyword line (msgctxt, or msgid)
    flags: frozenset[str] = frozenset()
    plural: str | None = None
    plural_strings: tuple[str, ...] = ()
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


@dataclass(slots=True)
class PoScan:
    """The entries of a PO file and the syntax errors found (line, message)."""

    entries: list[PoEntry] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def header(self) -> PoEntry | None:
        return next((e for e in self.entries if e.msgid == "" and e.context is None and not e.obsolete), None)


def _parse_string(s: str) -> tuple[str, str | None]:
    r"""A quoted PO string → (value, error or None).

    >>> _parse_string('"a\\"b\\n"')
    ('a"b\n', None)
    >>> _parse_string('"abc')[1]
    'unterminated string (no closing ")'
    >>> _parse_string('"a\\qb"')[1]
    "invalid escape sequence '\\q' (write \\\\ for a backslash)"
    """
    if not s.startswith('"'):
        return "", f"expected a quoted string, found {s[:20]!r}"
    if "\\" not in s:  # no escape: the text up to the next quote (what the loop below finds, without it)
        end = s.find('"', 1)
        if end < 0:
            return s[1:], 'unterminated string (no closing ")'
        rest = s[end + 1 :].strip()
        if rest:
            return s[1:end], f'text after the closing quote: {rest[:20]!r} (write \\" for a quote)'
        return s[1:end], None
    return _parse_escaped(s)


def _parse_escaped(s: str) -> tuple[str, str | None]:
    """:func:`_parse_string` one character at a time (any string starting with a quote): the
    path for strings with escapes, and the reference its shortcut is tested against."""
    out: list[str] = []
    i, n = 1, len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            if i + 1 >= n:
                return "".join(out), 'unterminated string (no closing ")'
            esc = s[i + 1]
            if esc not in _ESCAPES:
                return "".join(out), f"invalid escape sequence '\\{esc}' (write \\\\ for a backslash)"
            out.append(_ESCAPES[esc])
            i += 2
            continue
        if ch == '"':
            rest = s[i + 1 :].strip()
            if rest:
                return "".join(out), f'text after the closing quote: {rest[:20]!r} (write \\" for a quote)'
            return "".join(out), None
        out.append(ch)
        i += 1
    return "".join(out), 'unterminated string (no closing ")'


class _Builder:
    """Collects the keywords of one entry while scanning."""

    def __init__(self) -> None:
        self.start = 0
        self.flags: set[str] = set()
        self.fields: dict[str, list[str]] = {}
        self.lines: dict[str, int] = {}
        self.current: str | None = None
        self.obsolete = False

    def empty(self) -> bool:
        return not self.fields


def scan_po(text: str) -> PoScan:
    r"""Scan PO text strictly; every syntax problem is reported with its line.

    >>> s = scan_po('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c\n')
    >>> [(e.msgid, e.msgstr, e.msgstr_line) for e in s.entries], s.errors
    ([('a', 'b', 2), ('a', 'c', 5)], [(5, 'unterminated string (no closing ")')])
    """
    scan = PoScan()
    b = _Builder()
    # a carriage return alone ends a line in a file saved with old Mac line ends: read by "\n", such a file
    # is one comment line, an empty catalog, which 'i18n update' would have filled with untranslated entries
    lone_cr = next((n for n, raw in enumerate(text.split("\n"), 1) if "\r" in raw.rstrip("\r")), None)
    if lone_cr is not None:
        scan.errors.append((lone_cr, "a carriage return (CR) alone ends a line here, as old Mac files do; the "
                                     "catalog is read by LF line ends (save it with LF or CRLF line ends)"))  # fmt: skip

    def finish() -> None:
        nonlocal b
        if not b.empty():
            f = b.fields
            if "msgid" not in f:
                first = min(b.lines.values())
                scan.errors.append((first, "an entry without msgid"))
            elif "msgstr" not in f and not any(k.startswith("msgstr[") for k in f):
                scan.errors.append((b.lines["msgid"], "msgid without msgstr"))
            else:
                plural_keys = sorted((k for k in f if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
                scan.errors.extend(_plural_shape(b.lines, plural_keys, "msgid_plural" in f, "msgstr" in f))
                plural_strings = tuple("".join(f[k]) for k in plural_keys)
                msgstr = "".join(f["msgstr"]) if "msgstr" in f else (plural_strings[0] if plural_strings else "")
                str_line = b.lines.get("msgstr") or (b.lines[plural_keys[0]] if plural_keys else b.lines["msgid"])
                scan.entries.append(
                    PoEntry(
                        context="".join(f["msgctxt"]) if "msgctxt" in f else None,
                        msgid="".join(f["msgid"]),
                        msgstr=msgstr,
                        line=b.start or b.lines.get("msgctxt") or b.lines["msgid"],
                        msgid_line=b.lines["msgid"],
                        msgstr_line=str_line,
                        keyword_line=min(v for k, v in b.lines.items() if k in ("msgctxt", "msgid")),
                        flags=frozenset(b.flags),
                        plural="".join(f["msgid_plural"]) if "msgid_plural" in f else None,
                        plural_strings=plural_strings,
                        obsolete=b.obsolete,
                    )
                )
        b = _Builder()

    for lineno, raw in enumerate(text.split("\n"), 1):
        s = raw.strip()
        if not s:
            finish()
            continue
        obsolete = False
        if s.startswith("#~"):
            s = s[2:].strip()
            obsolete = True
            if not s:
                continue
        elif s.startswith("#"):
            if not b.empty():
                finish()
            if not b.start:
                b.start = lineno
            if s.startswith("#,"):
                b.flags.update(x.strip() for x in s[2:].split(",") if x.strip())
            continue
        if s.startswith('"'):
            if b.current is None:
                scan.errors.append((lineno, "a string with no msgid, msgstr or msgctxt before it"))
                continue
            value, error = _parse_string(s)
            if error:
                scan.errors.append((lineno, error))
            b.fields[b.current].append(value)
            continue
        m = _KEYWORD.match(s)
        if not m:
            scan.errors.append((lineno, f"unexpected text {s[:30]!r}: expected msgctxt, msgid, msgstr, a quoted string "
                                        "or a # comment"))  # fmt: skip
            b.current = None
            continue
        kw, rest = m.group(1), m.group(3) or ""
        if kw in ("msgctxt", "msgid") and ("msgstr" in b.fields or any(k.startswith("msgstr[") for k in b.fields)):
            finish()  # a new entry without a blank line between
        if kw == "msgctxt" and "msgid" in b.fields:
            finish()
        if kw in b.fields:
            scan.errors.append((lineno, f"{kw} twice in one entry (first on line {b.lines[kw]})"))
            b.current = None
            continue
        if kw.startswith("msgstr") and "msgid" not in b.fields:
            scan.errors.append((lineno, f"{kw} without a msgid before it"))
        if not rest:
            scan.errors.append((lineno, f"{kw} needs a quoted string"))
        if b.empty():
            b.obsolete = obsolete
            if not b.start:
                b.start = lineno
        b.current = kw
        b.lines[kw] = lineno
        value, error = _parse_string(rest) if rest else ("", None)
        if error:
            scan.errors.append((lineno, error))
        b.fields[kw] = [value]
    finish()
    scan.errors.sort(key=lambda e: e[0])  # in the file's order: the first is what the render and update name
    return scan


def _plural_shape(lines: dict[str, int], plural_keys: list[str], has_plural: bool,
                  has_msgstr: bool) -> list[tuple[int, str]]:  # fmt: skip
    """What is wrong with an entry's ``msgstr[N]`` lines, as msgfmt refuses it: numbered from 0 with
    no gap (a lone ``msgstr[1]`` would be read as the first form), only with ``msgid_plural``, never
    beside a plain ``msgstr``; and ``msgid_plural`` with them, not with a plain ``msgstr``.

    >>> _plural_shape({"msgid": 1, "msgstr[1]": 3}, ["msgstr[1]"], True, False)
    [(3, 'msgstr[1] without msgstr[0] (number the forms msgstr[0], msgstr[1], … from 0, with none left out)')]
    >>> _plural_shape({"msgid": 1, "msgstr[0]": 2}, ["msgstr[0]"], False, False)[0][1][:40]
    'msgstr[0] in an entry without msgid_plur'
    >>> _plural_shape({"msgid": 1, "msgid_plural": 2, "msgstr": 3}, [], True, True)[0][1][:29]
    'msgid_plural with msgstr (a p'
    """
    if not plural_keys:
        return [(lines["msgstr"], "msgid_plural with msgstr (a plural entry's translation is msgstr[0], msgstr[1], …: "
                                  "as many as the language has plural forms)")] if has_plural and has_msgstr else []
    first = min(lines[k] for k in plural_keys)
    if has_msgstr:
        return [(max(lines["msgstr"], first), "msgstr and msgstr[N] in one entry (a plural entry (msgid_plural) has "
                                              "msgstr[0], msgstr[1], …; any other entry one msgstr)")]  # fmt: skip
    if not has_plural:
        return [(first, f"{plural_keys[0]} in an entry without msgid_plural (write msgstr \"…\" for a translation "
                        "without plural forms)")]  # fmt: skip
    for want, key in enumerate(plural_keys):
        if key != f"msgstr[{want}]":
            return [(lines[key], f"{key} without msgstr[{want}] (number the forms msgstr[0], msgstr[1], … from 0, "
                                 "with none left out)")]  # fmt: skip
    return []


def form_count_problem(ent: PoEntry, nplurals: int) -> tuple[str, str] | None:
    """(problem, fix) when a plural entry has another number of ``msgstr[N]`` than the language's
    ``nplurals``: the render and every ``i18n`` verb say it alike.

    >>> e = PoEntry(None, "1 sheet", "", 1, 1, 3, plural="%(n)s sheets", plural_strings=("a", "b"))
    >>> form_count_problem(e, 1)
    ("2 msgstr[n] for 1 plural form in the entry of '1 sheet'", 'write msgstr[0] only')
    >>> form_count_problem(e, 3)[1], form_count_problem(e, 2)
    ('write msgstr[0] to msgstr[2]', None)
    """
    if ent.plural is None or len(ent.plural_strings) == nplurals:
        return None
    forms = "form" if nplurals == 1 else "forms"
    fix = "write msgstr[0] only" if nplurals == 1 else f"write msgstr[0] to msgstr[{nplurals - 1}]"
    return f"{len(ent.plural_strings)} msgstr[n] for {nplurals} plural {forms} in the entry of {ent.msgid[:40]!r}", fix


def duplicates(scan: PoScan) -> list[tuple[PoEntry, int]]:
    """Entries that repeat an earlier (msgctxt, msgid), with the line of the first one."""
    seen: dict[tuple[str | None, str], int] = {}
    out: list[tuple[PoEntry, int]] = []
    for ent in scan.entries:
        if ent.obsolete:
            continue
        if ent.key in seen:
            out.append((ent, seen[ent.key]))
        else:
            seen[ent.key] = ent.msgid_line
    return out


def utf16_without_bom(raw: bytes) -> str | None:
    """``UTF-16LE`` or ``UTF-16BE`` when ``raw`` reads as UTF-16 saved without a BOM (a NUL byte beside
    most ASCII characters: such bytes are also valid UTF-8, full of NULs), else None.

    >>> utf16_without_bom('msgid "a"'.encode("utf-16-le")), utf16_without_bom('msgid "a"'.encode("utf-16-be"))
    ('UTF-16LE', 'UTF-16BE')
    >>> utf16_without_bom('msgid "ไทย"'.encode()) is None
    True
    """
    head = raw[:4096]
    half = len(head) // 2
    if half == 0 or b"\x00" not in head:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd >= half * 0.3 and odd > 4 * even:
        return "UTF-16LE"
    if even >= half * 0.3 and even > 4 * odd:
        return "UTF-16BE"
    return None


def not_utf8(raw: bytes, where: str) -> str:
    """Why a catalog is not UTF-8, and how to convert it: from its BOM, or from the charset its
    header declares when the bytes are in that charset (a Thai catalog of an old editor: TIS-620).

    >>> not_utf8('"Content-Type: text/plain; charset=TIS-620\\n"\\nmsgstr "ไทย"'.encode("tis-620"), "th.po")
    'is in TIS-620, not UTF-8 (convert it: iconv -f TIS-620 -t UTF-8 th.po > th.po.utf8, set charset=UTF-8 in its header, then rename it back)'
    >>> not_utf8('"Content-Type: text/plain; charset=windows-874\\n"\\nmsgstr "ไทย"'.encode("cp874"), "th.po")[:41]
    'is in windows-874, not UTF-8 (convert it:'
    >>> not_utf8(bytes([0xFF, 0x22]), "th.po")
    'is not UTF-8 (save the catalog as UTF-8)'
    >>> not_utf8('msgid "ญ"'.encode("utf-16-le"), "th.po")[:49]
    'is in UTF-16LE, not UTF-8 (convert it: iconv -f U'
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        charset: str | None = "UTF-16"
    elif (no_bom := utf16_without_bom(raw)) is not None:
        charset = no_bom
    else:
        m = re.search(rb"charset=([A-Za-z0-9_.:-]+)", raw[:4096])
        charset = m.group(1).decode("ascii") if m else None
        # Python knows Windows' code pages as cpNNN only: windows-874, Thai Windows' (and Poedit's) name for it, is cp874
        codec = re.sub(r"(?i)^windows-?(\d+)$", r"cp\1", charset) if charset else None
        try:
            if codec is None or codecs.lookup(codec).name == "utf-8":
                charset = None
            else:
                raw.decode(codec)
        except (LookupError, UnicodeDecodeError):
            charset = None
    if charset is None:
        return "is not UTF-8 (save the catalog as UTF-8)"
    return (f"is in {charset}, not UTF-8 (convert it: iconv -f {charset} -t UTF-8 {where} > {where}.utf8, "
            "set charset=UTF-8 in its header, then rename it back)")


# --------------------------------------------------------------------------- the header's rules

_PLURAL = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
HEADER_FIELD_OF = {"po.plural-forms": "plural-forms", "po.encoding": "content-type"}  # a problem's field
_CHARSET = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)


def header_fields(text: str, entry: PoEntry | None) -> dict[str, tuple[str, int]]:
    """The header's fields (name in lower case → (value, line of the file)); empty without a header."""
    out: dict[str, tuple[str, int]] = {}
    if entry is None:
        return out
    lines = text.split("\n")
    for part in entry.msgstr.split("\n"):
        if ":" in part:
            k, v = part.split(":", 1)
            name = k.strip()
            at = next((n for n in range(entry.msgstr_line, min(len(lines), entry.msgstr_line + 60) + 1)
                       if lines[n - 1].lstrip().startswith(f'"{name}:')), entry.msgid_line)  # fmt: skip
            out[name.lower()] = (v.strip(), at)
    return out


def header_problems(fields: dict[str, str], plurals: tuple[int, str] | None, lang: str | None = None
                    ) -> list[tuple[str, str]]:  # fmt: skip
    """(code, message) for what is wrong in a catalog's header: its ``Plural-Forms`` (missing,
    malformed, or not ``plurals``: the language's (number of forms, header), None when unknown)
    and a ``charset`` other than UTF-8 (every verb reads the file as UTF-8). ``i18n check`` and
    the render's gate both ask this.

    >>> th = (1, "nplurals=1; plural=0;")
    >>> header_problems({"plural-forms": "nplurals=1; plural=0;", "content-type": "text/plain; charset=UTF-8"}, th)
    []
    >>> header_problems({"plural-forms": "nplurals=2; plural=(n != 1);"}, th, "th")
    [('po.plural-forms', "Plural-Forms says nplurals=2, but 'th' has 1 plural form: write 'nplurals=1; plural=0;'")]
    >>> header_problems({"plural-forms": "nplurals=x; plural=0;"}, th)
    [('po.plural-forms', "Plural-Forms 'nplurals=x; plural=0;' is not 'nplurals=N; plural=EXPRESSION;'")]
    >>> header_problems({"plural-forms": "nplurals=1; plural=0;", "content-type": "text/plain; charset=ISO-8859-1"}, th)[0][0]
    'po.encoding'
    """
    out: list[tuple[str, str]] = []
    problem = _plural_problem(fields.get("plural-forms"), plurals, lang)
    if problem:
        out.append(("po.plural-forms", problem))
    m = _CHARSET.search(fields.get("content-type", ""))
    if m and m.group(1).strip("\"'").lower().replace("_", "-") not in ("utf-8", "utf8"):
        out.append(("po.encoding", f"the header says charset={m.group(1)}, but a catalog is read as UTF-8: "
                                   "write Content-Type: text/plain; charset=UTF-8 (and save the file as UTF-8)"))  # fmt: skip
    return out


def empty_problem(lang: str | None) -> tuple[str, str]:
    """(code, message) for a catalog with no header and no entry at all (an empty file): the fix is
    to fill it from the template, not to add a header line by hand.

    >>> empty_problem("th")[1]
    "the catalog is empty (no header, no entries): run 'handouts i18n update th' to fill it with the source texts"
    """
    verb = f"handouts i18n update {lang}" if lang else "handouts i18n update LANG"
    return "po.plural-forms", f"the catalog is empty (no header, no entries): run '{verb}' to fill it with the source texts"


def _plural_problem(value: str | None, plurals: tuple[int, str] | None, lang: str | None) -> str | None:
    """What is wrong with a Plural-Forms header value (None when it is right)."""
    import gettext

    if value is None:
        line = f"Plural-Forms: {plurals[1] if plurals else 'nplurals=N; plural=EXPRESSION;'}"
        return f'the header has no Plural-Forms (add the line "{line}\\n" to the header entry, msgid "" at the top)'
    m = _PLURAL.match(value)
    if not m:
        return f"Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'"
    n, expr = int(m.group(1)), m.group(2)
    try:
        rule = gettext.c2py(expr)
    except (ValueError, SyntaxError, RecursionError):
        return f"Plural-Forms expression {expr!r} is not a valid C expression of n"
    who = repr(lang) if lang else "the language"
    if plurals is not None and plurals[0] != n:
        forms = "form" if plurals[0] == 1 else "forms"
        return f"Plural-Forms says nplurals={n}, but {who} has {plurals[0]} plural {forms}: write {plurals[1]!r}"
    ours_expr = plurals[1].split("plural=", 1)[1].strip().rstrip(";") if plurals is not None else None
    if ours_expr is not None and _squashed(expr) == _squashed(ours_expr):
        return None  # the language's own rule (as written, or spaced and bracketed otherwise)
    write = f": write {plurals[1]!r}" if plurals is not None else ""
    ours = gettext.c2py(ours_expr) if ours_expr is not None else None
    for count in _PLURAL_COUNTS:  # as msgfmt --check: the forms the rule picks, evaluated
        try:
            form = int(rule(count))
        except ZeroDivisionError:
            return f"Plural-Forms expression {expr!r} divides by zero for n={count}{write}"
        if not 0 <= form < n:
            return (f"Plural-Forms expression {expr!r} picks form {form} for n={count}, but nplurals={n} "
                    f"(forms 0 to {n - 1}){write}")  # fmt: skip
        if ours is not None and form != (want := int(ours(count))):
            return f"Plural-Forms expression {expr!r} picks form {form} for n={count}, where {who} uses form {want}{write}"
    return None


def _squashed(expr: str) -> str:
    """A C expression without its spaces and outer brackets: ``(n != 1)`` is ``n!=1``."""
    expr = "".join(expr.split())
    while expr.startswith("(") and expr.endswith(")") and "(" not in expr[1:-1] and ")" not in expr[1:-1]:
        expr = expr[1:-1]
    return expr


# the counts a Plural-Forms rule is tried on (msgfmt --check tries 0 to 1000): every rule of CLDR
# differs from another on one of them
_PLURAL_COUNTS = (*range(1001), 10_000, 100_000, 1_000_000, 10**9)
