"""A (source, translation) pair → the problems that break a handout or mislead a patient.

The one set of translation rules: markup (bold, italic, link targets), numbers (Thai digits read
as Arabic), placeholders and ``%`` format strings of the frame templates, smuggled template or
HTML syntax, untranslated copies of the source in a language of another script. Used by
``handouts i18n check`` and the translator's proof.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from handouts.i18n.runtime import to_arabic_digits
from handouts.model import Emphasis, Inline, Link, Strong, Text

if TYPE_CHECKING:
    pass

# Languages written in another script than the Latin of the sources: a translation identical
# to the English source is then certainly not a translation.
NON_LATIN = frozenset(
    ("am", "ar", "be", "bg", "bn", "el", "fa", "gu", "he", "hi", "hy", "ja", "ka", "kk", "km", "kn", "ko", "ky", "lo",
     "mk", "ml", "mn", "mr", "my", "ne", "or", "pa", "ru", "si", "sr", "ta", "te", "th", "uk", "ur", "zh")
)  # fmt: skip
SMUGGLED = ("{{", "{%", "{#", "<script", "<img", "<a ", "<iframe", "javascript:")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_PY_FORMAT = re.compile(r"%(?:\((?P<name>\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _markup(inlines: tuple[Inline, ...], acc: list[Any] | None = None) -> list[Any]:
    """[bold count, italic count, link targets] of parsed inlines."""
    acc = acc if acc is not None else [0, 0, []]
    for node in inlines:
        if isinstance(node, Strong):
            acc[0] += 1
            _markup(node.children, acc)
        elif isinstance(node, Emphasis):
            acc[1] += 1
            _markup(node.children, acc)
        elif isinstance(node, Link):
            acc[2].append(node.url)
            _markup(node.children, acc)
        else:
            assert isinstance(node, Text)
    return acc


def _numbers(text: str) -> list[str]:
    """The numbers of a text (Thai digits read as Arabic; thousands separators ignored).

    >>> _numbers("500 มก. วันละ ๓ ครั้ง, 1,000 mg, 2.5")
    ['500', '3', '1000', '2.5']
    """
    nums = _NUMBER.findall(to_arabic_digits(_PY_FORMAT.sub(" ", text)))
    return [re.sub(r"(?<=\d),(?=\d{3}\b)", "", n) for n in nums]


def _placeholders(text: str) -> list[str]:
    """Named and positional ``%`` placeholders and ``{name}`` fields (``%%`` is not one).

    >>> _placeholders("%(a)s of %d {page} 100%%")
    ['%(a)s', '%d', '{page}']
    """
    out = []
    for m in _PY_FORMAT.finditer(text):
        if m.group(0) != "%%":
            out.append(m.group(0))
    out.extend(f"{{{name}}}" for name in _BRACE.findall(text))
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def check_pair(msgid: str, msgstr: str, lang: str, *, template: bool) -> list[tuple[str, str, str]]:
    """The problems of one translation: (severity, code, message). ``msgstr`` is not empty.

    >>> check_pair("Take 500 mg", "ทาน 50 มก.", "th", template=False)
    [('error', 'check.numbers', 'numbers differ: the source has 500, the translation 50')]
    """
    from handouts.content.inline import parse_inline

    out: list[tuple[str, str, str]] = []
    if not msgstr.strip():
        return [("error", "check.empty", "the translation is only whitespace; leave it empty or translate it")]
    src_m, dst_m = _markup(parse_inline(msgid)), _markup(parse_inline(msgstr))
    for i, what in ((0, "bold"), (1, "italic")):
        if src_m[i] != dst_m[i]:
            out.append(("error", "check.markup",
                        f"the source has {_plural(src_m[i], what + ' span')}, the translation {dst_m[i]} "
                        "(check the ** and * pairs)"))  # fmt: skip
    if sorted(src_m[2]) != sorted(dst_m[2]):
        out.append(("error", "check.markup",
                    f"link targets differ: the source links to {sorted(src_m[2]) or 'nothing'}, "
                    f"the translation to {sorted(dst_m[2]) or 'nothing'}"))  # fmt: skip
    src_n, dst_n = _numbers(msgid), _numbers(msgstr)
    missing = [n for n in dict.fromkeys(src_n) if n not in dst_n]
    extra = [n for n in dict.fromkeys(dst_n) if n not in src_n]
    if missing:
        out.append(("error", "check.numbers",
                    f"numbers differ: the source has {', '.join(missing)}, the translation "
                    f"{', '.join(extra) if extra else 'not'}"))  # fmt: skip
    elif extra:
        out.append(("warning", "check.numbers", f"the translation has {', '.join(extra)}, which the source has not"))
    if template:  # article prose is never formatted: "40% of" is text
        src_p, dst_p = _placeholders(msgid), _placeholders(msgstr)
        gone = [p for p in dict.fromkeys(src_p) if p not in dst_p]
        added = [p for p in dict.fromkeys(dst_p) if p not in src_p]
        if gone:
            out.append(("error", "check.placeholder", f"placeholder {', '.join(gone)} missing from the translation"))
        if added:
            out.append(("error", "check.placeholder", f"placeholder {', '.join(added)} is not in the source"))
        if template and not gone and not added:
            names = {m.group("name") for m in _PY_FORMAT.finditer(msgid) if m.group("name")}
            try:
                msgstr % dict.fromkeys(names, "x")
            except (ValueError, TypeError, KeyError) as e:
                out.append(("error", "check.placeholder",
                            f"the translation is not a valid format string ({e}); write %% for a percent sign"))  # fmt: skip
    low_src, low_dst = msgid.lower(), msgstr.lower()
    for token in SMUGGLED:
        if token in low_dst and token not in low_src:
            out.append(("error", "check.smuggled",
                        f"the translation contains {token.strip()!r}, which the source has not "
                        "(template or HTML syntax is shown literally, or worse)"))  # fmt: skip
    if lang.split("_")[0] in NON_LATIN and msgstr.strip() == msgid.strip() and re.search(r"[A-Za-z]", msgid):
        out.append(("error", "check.untranslated-copy",
                    f"the translation is the English source unchanged; {lang} is written in another script"))  # fmt: skip
    return out


def graded(msgid: str, msgstr: str, lang: str, *, template: bool, fuzzy: bool) -> list[tuple[str, str, str]]:
    """:func:`check_pair`, with the errors of a fuzzy entry lowered to warnings (it is not used yet;
    it is fixed when it is reviewed), except smuggled syntax."""
    out = []
    for severity, code, message in check_pair(msgid, msgstr, lang, template=template):
        if fuzzy and severity == "error" and code != "check.smuggled":
            severity, message = "warning", message + " (fuzzy entry)"
        out.append((severity, code, message))
    return out
