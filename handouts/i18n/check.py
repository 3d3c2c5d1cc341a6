"""Catalogs → compiler-style findings (``path:line: error: message [code]``) for ``i18n check``.

PO syntax Babel lets through (bad escapes, unterminated strings, duplicate entries, a wrong
plural header), then every translation through :mod:`handouts.i18n.rules`, then entries missing
from or no longer in the current sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.errors import Finding
from handouts.i18n import zawgyi
from handouts.i18n.extract import build_template, for_language, keep_contexts
from handouts.i18n.languages import named
from handouts.i18n.po import form_count_problem
from handouts.i18n.pofile import _languages, _short, load_po
from handouts.i18n.rules import _plural, entry_findings, translator_findings
from handouts.i18n.runtime import catalog_path, shown
from handouts.typesetting.coverage import SUPPORTED_HINT, undrawable, unsupported

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


@dataclass(slots=True)
class CheckReport:
    """The findings of ``i18n check`` and the catalogs it read."""
    findings: list[Finding]
    catalogs: list[Path]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def lines(self, each: bool = False) -> list[str]:
        """One line per finding; without ``each``, the untranslated entries of a catalog (one cause:
        the catalog is not finished), and its fuzzy ones, as one line with their count, where the
        first of them was.

        >>> f = [Finding("x.po", n, "warning", "check.untranslated", "not translated yet") for n in (3, 9)]
        >>> CheckReport([*f, Finding("x.po", 12, "error", "check.numbers", "numbers differ")], []).lines()
        ['x.po: warning: 2 entries are not translated yet (each one: handouts i18n check -v; per article: handouts i18n status) [check.untranslated]', 'x.po:12: error: numbers differ [check.numbers]']
        """
        groups: dict[tuple[str, str], list[Finding]] = {}
        for f in self.findings:
            if f.code in _COUNTED:
                groups.setdefault((f.path, f.code), []).append(f)
        out = []
        for f in self.findings:
            group = groups.get((f.path, f.code), [])
            if each or len(group) < 2:
                out.append(str(f))
            elif f is group[0]:
                out.append(f"{f.path}: warning: {_COUNTED[f.code].format(n=len(group))} [{f.code}]")
        return out


# the findings of one cause counted on one line (-v: one line each)
_COUNTED = {
    "check.untranslated": "{n} entries are not translated yet (each one: handouts i18n check -v; per article: "
                          "handouts i18n status)",
    "check.fuzzy": "{n} fuzzy entries are not used: the source text prints instead, and the handout is a draft "
                   "(review them and remove the fuzzy flag; each one: handouts i18n check -v)",
}  # fmt: skip
FUZZY = "fuzzy, not used: the source text prints instead (review it and remove the fuzzy flag)"


def check_catalog(path: Path, lang: str, template: Catalog | None) -> list[Finding]:
    """Every problem of one catalog, in line order."""
    lp = load_po(path, lang)
    if lp.problems:
        return sorted(lp.problems, key=lambda f: f.line or 0)
    where = shown(path)
    out: list[Finding] = []
    cannot = unsupported(lang)
    if cannot is not None:  # as the render refuses it (pipeline): no handout can be printed from this catalog
        out.append(Finding(where, None, "error", "check.script", f"{cannot.message(named(lang))}; no handout can be "
                           f"printed in it ({SUPPORTED_HINT})"))  # fmt: skip
    header = lp.scan.header
    if header is None:  # no header entry, so no Plural-Forms (the render refuses it: rules.gate_header)
        from handouts.i18n.languages import plural_forms
        from handouts.i18n.po import empty_problem, header_problems

        if not any(e.msgid for e in lp.scan.entries):  # an empty file: the fix is update, not a header line
            out.append(Finding(where, 1, "error", *empty_problem(lang)))
        else:
            out.extend(Finding(where, 1, "error", code, problem)
                       for code, problem in header_problems({}, plural_forms(lang), lang))  # fmt: skip
    else:  # the translator's name prints on the handout: not in Zawgyi (the render and the sign-off refuse it too)
        from handouts.i18n.po import header_fields

        fields = header_fields(lp.text.replace("\r\n", "\n"), header)
        out.extend(translator_findings(where, fields))
        out.extend(_unprintable_translator(where, fields))
    for e in lp.scan.entries:
        if e.obsolete or e is header or not e.msgid:
            continue
        if e.fuzzy:  # the render prints its source (i18n.fuzzy), and --strict refuses the handout
            out.append(Finding(where, e.msgstr_line, "warning", "check.fuzzy", f"{FUZZY}: {_short(e.msgid)!r}",
                               e.context, e.msgid))  # fmt: skip
        if zawgyi.is_zawgyi(e.msgid):  # a Burmese source typed in Zawgyi
            out.append(Finding(where, e.msgid_line, "error", zawgyi.CODE, zawgyi.MESSAGE + " (the source text)",
                               e.context, e.msgid, zawgyi.fix_hint(where)))  # fmt: skip
        if e.plural is not None:
            assert lp.catalog is not None
            if (wrong := form_count_problem(e, lp.catalog.num_plurals)) is not None:
                out.append(Finding(where, e.msgstr_line, "error", "po.plural-forms", wrong[0], e.context, e.msgid,
                                   wrong[1]))  # fmt: skip
                continue
            if not e.fuzzy and not all(t.strip() for t in e.plural_strings):
                out.append(Finding(where, e.msgstr_line, "warning", "check.untranslated",
                                   f"not translated yet: {_short(e.msgid)!r}", e.context, e.msgid))  # fmt: skip
            # the render looks the entry up by its msgid and gates msgstr[0]: the same rules here, the
            # other forms against msgid_plural
            for k, text in enumerate(e.plural_strings):
                if text:
                    out.extend(entry_findings(where, e.msgstr_line, e.context, e.msgid if k == 0 else e.plural,
                                              text, lang, fuzzy=e.fuzzy, undrawable=undrawable))  # fmt: skip
            continue
        if not e.msgstr:
            if not e.fuzzy:
                out.append(Finding(where, e.msgstr_line, "warning", "check.untranslated",
                                   f"not translated yet: {_short(e.msgid)!r}", e.context, e.msgid))  # fmt: skip
            continue
        out.extend(entry_findings(where, e.msgstr_line, e.context, e.msgid, e.msgstr, lang, fuzzy=e.fuzzy,
                                  undrawable=undrawable))  # (the shipped table: no font loaded)
    if template is not None:
        keys = {e.key for e in lp.scan.entries if not e.obsolete}
        wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}  # plural: its msgid
        missing = [k for k in wanted if k not in keys]
        if missing:
            out.append(Finding(where, 1, "warning", "check.outdated",
                               f"{_plural(len(missing), 'source entry')} not in the catalog "
                               "(run 'handouts i18n update')".replace("entrys", "entries")))  # fmt: skip
        for e in lp.scan.entries:
            if not e.obsolete and e.msgid and e.key not in wanted:
                out.append(Finding(where, e.msgid_line, "warning", "check.outdated",
                                   f"{_short(e.msgid)!r} is no longer in the sources (run 'handouts i18n update' "
                                   "to mark it obsolete)", e.context, e.msgid))  # fmt: skip
    return sorted(out, key=lambda f: (f.line or 0, f.code))


def _unprintable_translator(where: str, fields: dict[str, tuple[str, int]]) -> list[Finding]:
    """A warning for a ``Last-Translator`` the sign-off refuses (digits, markup, too long: it prints on
    the signed-off handout as "translated by …"), so the translator hears of it before the reviewer;
    a Zawgyi one is :func:`translator_findings`' error."""
    from handouts.i18n.signoff import name_problem, translator_of

    value, line = fields.get("last-translator", ("", 0))
    name = translator_of(f'"Last-Translator: {value}\\n"')
    problem = name_problem(" ".join(name.split())) if name and not zawgyi.is_zawgyi(name) else None
    if problem is None:
        return []
    return [Finding(where, line or None, "warning", "check.translator",
                    f"Last-Translator: the translator's name {name!r} cannot be printed: {problem}; "
                    "'i18n signoff' refuses the catalog until it can",
                    hint='write it as "Last-Translator: Name Surname <email>"')]  # fmt: skip


def check(workspace: Path, langs: Iterable[str] | None = None, broken: dict[str, str] | None = None) -> CheckReport:
    """Check every catalog (or those of ``langs``) against itself and the current sources.

    With ``broken``, an unreadable article is named there and the rest is checked.
    """
    chosen = _languages(workspace, langs)
    template = build_template(workspace, broken=broken)
    if broken:  # its entries are not "no longer in the sources": the article is only unreadable
        for lang in chosen:
            lp = load_po(catalog_path(workspace / "locales", lang), lang)
            keep_contexts(template, lp.catalog, broken)
    findings: list[Finding] = []
    paths = []
    for lang in chosen:
        path = catalog_path(workspace / "locales", lang)
        paths.append(path)
        findings.extend(check_catalog(path, lang, for_language(template, workspace, lang, broken)))
    return CheckReport(findings, paths)
