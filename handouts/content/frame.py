"""Frame templates (Jinja2, sandboxed) + values → the handout's localized chrome strings.

The template's blocks are slots (header, questions, emergency, disclaimer, credit, control,
page_label, draft, translation, and the short texts control_short, review_due, qr_alt,
notes_title, notes_patient); each renders to inline Markdown. Every translated word of a page
comes from here, through the catalog: a workspace template made before a slot existed gets that
slot (:data:`ADDED_SLOTS`) from the shipped template, looked up in the same catalog (an untranslated one is reported). Values are Markdown-escaped before they
reach the template, templates run in Jinja2's sandbox, and article text never passes through
Jinja at all, so ``{{ … }}`` in an article or a translation is shown literally.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handouts.errors import CatalogError, ContentError, HandoutError
from handouts.i18n.runtime import Catalog

TEMPLATE = "handout.j2"
# The slots added after the first workspaces were made: a workspace template without one of these
# blocks gets it from the shipped templates/handout.j2, rendered through the same catalog.
ADDED_SLOTS = ("control_short", "review_due", "qr_alt", "notes_title", "notes_patient")


@functools.lru_cache(maxsize=8)
def _environment(templates: Path) -> Any:
    from jinja2 import StrictUndefined

    from handouts.content.sandbox import CappedEnvironment, WorkspaceLoader

    env = CappedEnvironment(
        loader=WorkspaceLoader(templates),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )
    # newstyle gettext must be on before any template compiles (it changes the generated code)
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


@functools.lru_cache(maxsize=16)
def _parsed(templates: Path, source: str) -> Any:
    """``source`` parsed in the environment of ``templates``: one parse of the frame template serves
    the msgids, the inherited slots and :func:`printed_as_is` (2 ms each on a cold render). Only read,
    never compiled from (Jinja2's optimizer rewrites the tree it compiles)."""
    return _environment(templates).parse(source)


_FORMAT_NAME = re.compile(r"%\((\w+)\)")


def frame_msgids(templates: Path) -> tuple[str, ...]:
    """The translatable strings of the frame templates (``templates/*.j2``: the frame, callout
    labels …), in order, as ``i18n extract`` writes them (``{% trans %}`` → ``… %(name)s …``)."""
    from handouts.textfile import content_stamp

    try:  # by their bytes: an edit that keeps a file's size and time is a change too
        stamps = tuple((p, content_stamp(p)) for p in sorted(templates.glob("*.j2")))
    except OSError:
        return ()
    return _frame_msgids(stamps)


@functools.lru_cache(maxsize=8)
def _frame_msgids(stamps: tuple[tuple[Path, object], ...]) -> tuple[str, ...]:
    import jinja2

    out: list[str] = []
    for path, _content in stamps:
        env = _environment(path.parent)
        try:
            found = env.extract_translations(_parsed(path.parent, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
            continue  # rendering the frame reports the problem with its line
        for _line, _function, message in found:
            # a plural string ({% pluralize %}) is one catalog entry, keyed by its singular msgid
            msgid = message[0] if isinstance(message, tuple) and message else message
            if isinstance(msgid, str) and msgid:
                out.append(msgid)
    if stamps:
        out.extend(msgid for msgid, _line in inherited_msgids(stamps[0][0].parent))
    return tuple(dict.fromkeys(out))


INHERITED_NOTE = ("not in this workspace's templates/handout.j2: printed from the shipped template's block "
                  "(copy the block in)")  # fmt: skip


def inherited_msgids(templates: Path) -> tuple[tuple[str, int], ...]:
    """The msgids (and their lines in the shipped template) of the :data:`ADDED_SLOTS` blocks that
    ``templates/handout.j2`` lacks: printed from the shipped template, so extracted, counted and
    signed off like the workspace's own strings. None when the template has them all (or does
    not parse: rendering names the problem)."""
    import jinja2
    from jinja2 import nodes

    path = templates / TEMPLATE
    try:
        env = _environment(templates)
        have = {b.name for b in _parsed(templates, path.read_text(encoding="utf-8")).find_all(nodes.Block)}
    except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
        return ()
    lacking = [name for name in ADDED_SLOTS if name not in have]
    found = _shipped_template(env) if lacking else None
    if found is None:
        return ()
    source = found[2]
    out = []
    for block in env.parse(source).find_all(nodes.Block):
        if block.name in lacking:
            for call in block.find_all(nodes.Call):
                if isinstance(call.node, nodes.Name) and call.node.name in ("gettext", "_") and call.args:
                    arg = call.args[0]
                    if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and arg.value:
                        out.append((arg.value, call.lineno))
    return tuple(out)


def check_format(msgid: str, msgstr: str) -> str | None:
    """Why ``msgstr`` fails as the ``%`` format Jinja applies to a translated template string
    (with the variables named in ``msgid``), or None when it works.

    >>> check_format("Call %(phone)s.", "โทร %(phone)s")
    >>> check_format("Call %(phone)s.", "โทร %(phone)")
    'incomplete format'
    >>> check_format("Call %(phone)s.", "โทร %(fone)s")
    'no value for %(fone)s'
    """
    try:
        msgstr % dict.fromkeys(_FORMAT_NAME.findall(msgid), "")
    except KeyError as e:
        return f"no value for %({e.args[0]})s"
    except (ValueError, TypeError) as e:
        return str(e)
    return None


# Values the template only prints as they are may be rendered as these placeholders and filled
# in afterwards (handouts.modelcache: a changed content hash needs no Jinja2). Private-use
# characters: no template, translation or value has them (a value that does is never replaced).
PLACEHOLDER = "\ue000{}\ue001"
_GETTEXT = frozenset({"gettext", "ngettext", "pgettext", "npgettext", "_"})
_CONVERSION = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>.)?", re.S)


def printed_as_is(templates: Path) -> frozenset[str]:
    """The values :data:`TEMPLATE` only prints unchanged: each use is ``{{ name }}`` or a ``{% trans %}``
    variable, outside macros, call, filter and set blocks, and nothing else reads or assigns the
    name. Such a value can be rendered as a :data:`PLACEHOLDER` and put in afterwards with the
    same result (provided every translation formats it as ``%(name)s``: :func:`plain_format`).
    A template that extends, includes, imports or calls ``self``/``super`` has none (so has one
    that does not parse: rendering it reports the error)."""
    from jinja2 import nodes

    try:
        source = (templates / TEMPLATE).read_text(encoding="utf-8")
        tree = _parsed(templates, source)
    except Exception:  # rendering names the problem
        return frozenset()
    if any(True for _ in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))):
        return frozenset()
    enclosing = (nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.AssignBlock)
    printed: set[str] = set()
    other: set[str] = set()

    def walk(node: Any, parent: Any, grand: Any, shut: bool) -> None:
        if isinstance(node, nodes.Name):
            direct = isinstance(parent, nodes.Output) or (
                isinstance(parent, nodes.Keyword) and isinstance(grand, nodes.Call)
                and isinstance(grand.node, nodes.Name) and grand.node.name in _GETTEXT and node in (
                    kw.value for kw in grand.kwargs))  # fmt: skip
            (printed if node.ctx == "load" and direct and not shut else other).add(node.name)
        shut = shut or isinstance(node, enclosing)
        for child in node.iter_child_nodes():
            walk(child, node, parent, shut)

    walk(tree, None, None, False)
    if other & {"self", "super", "varargs", "kwargs", "caller"}:
        return frozenset()
    return frozenset(printed - other)


def plain_format(text: str) -> bool:
    """Whether every named conversion in ``text`` (a translation Jinja formats) is a plain ``%(name)s``.

    >>> plain_format("Call %(phone)s · 100%%"), plain_format("%(hash).4s"), plain_format("%(n)r")
    (True, False, False)
    """
    return all(m.group(0) == f"%({m.group('name')})s" or m.group(0) == "%%" for m in _CONVERSION.finditer(text)
               if m.group("name") is not None or m.group("type") == "%")  # fmt: skip


def render_frame(
    templates: Path,
    values: dict[str, str],
    catalog: Catalog,
    on_missing: Callable[[str], None],
    vet: Callable[[str, str], bool] | None = None,
    *,
    strip: bool = True,
    on_text: Callable[[str], None] | None = None,
) -> dict[str, str]:
    """Render every block of the frame template for one language.

    ``vet(msgid, msgstr)`` is asked about each translation before it is used (the render's gate):
    False keeps the source text (the caller then refuses the handout with the findings).
    ``on_text`` sees every text the template's gettext returns; ``strip=False`` keeps the
    blocks' outer whitespace (for placeholders filled in later, then stripped).
    """
    import jinja2

    from handouts.content import sandbox
    from handouts.content.sandbox import TemplateLimitError, collect, time_limit

    def gettext(msgid: str, **kw: Any) -> str:
        return translated(msgid, catalog.gettext(msgid), **kw)

    def translated(msgid: str, text: str, entry: str | None = None, /, **kw: Any) -> str:
        if catalog.path is not None and text == msgid:
            on_missing(entry or msgid)  # (a plural entry is named by its msgid, the catalog's key)
        if text != msgid and vet is not None and not vet(msgid, text):
            return msgid % kw if kw else msgid
        if text != msgid and (problem := check_format(msgid, text)) is not None:
            msg = catalog.messages.get((None, entry or msgid))
            raise CatalogError(f"the translation of {_first_words(msgid)!r} is not a valid format string ({problem})",
                               path=catalog.path, line=msg.line if msg else None,
                               hint="keep every %(name)s exactly as in the msgid and write %% for a percent sign")  # fmt: skip
        if on_text is not None:
            on_text(text)
        return text % kw if kw else text

    def ngettext(singular: str, plural: str, n: int, **kw: Any) -> str:
        return translated(singular if n == 1 else plural, catalog.ngettext(singular, plural, n), singular, **kw)

    env = _environment(templates)
    path = templates / TEMPLATE
    tmpl = None
    try:
        with time_limit():
            tmpl = env.get_template(TEMPLATE)
            env.install_gettext_callables(gettext, ngettext, newstyle=True)
            ctx = tmpl.new_context(dict(values))
            out = {name: collect(fn(ctx)).strip() if strip else collect(fn(ctx)) for name, fn in tmpl.blocks.items()}
            if any(name not in out for name in ADDED_SLOTS) and (found := _shipped_template(env)) is not None:
                shipped, names, _source = found
                sctx = shipped.new_context({**dict.fromkeys(names, ""), **values})
                for name in ADDED_SLOTS:  # a workspace template older than the slot
                    if name not in out and name in shipped.blocks:
                        text = collect(shipped.blocks[name](sctx))
                        out[name] = text.strip() if strip else text
            return out
    except jinja2.TemplateNotFound as e:
        raise ContentError("frame template not found", path=path, hint="run 'handouts init' or restore templates/") from e
    except jinja2.TemplateSyntaxError as e:
        raise ContentError(f"template syntax: {e.message}", path=e.filename or path, line=e.lineno) from e
    except jinja2.exceptions.SecurityError as e:
        raise ContentError(f"template is not allowed to do that: {e}", path=path) from e
    except jinja2.UndefinedError as e:
        raise ContentError(f"template uses an unknown value: {e.message}", path=path, hint="see the variables listed at the top of the template") from e
    except TemplateLimitError as e:
        raise ContentError(str(e) or f"the template ran longer than {sandbox.MAX_SECONDS:g} s", path=path,
                           hint="templates make short frame texts; simplify it") from None  # fmt: skip
    except HandoutError:
        raise
    except RecursionError:
        raise ContentError("the template calls itself without end", path=path, hint="check its macros") from None
    except (MemoryError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as e:
        line = _template_line(e, tmpl)
        raise ContentError(f"template failed: {type(e).__name__}: {e}", path=path, line=line,
                           hint="fix the expression on that line") from None  # fmt: skip


def _shipped_template(env: Any) -> tuple[Any, set[str], str] | None:
    """The shipped frame template (the demo workspace's) compiled in ``env``, the variables it
    uses (each given '' when the caller has no value) and its source; None when it is not installed."""
    from jinja2 import meta

    from handouts.workspace.demo import demo_workspace

    try:
        source = (demo_workspace() / "templates" / TEMPLATE).read_text(encoding="utf-8")
    except (HandoutError, OSError, UnicodeDecodeError):
        return None
    return env.from_string(source), meta.find_undeclared_variables(env.parse(source)), source


def _first_words(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _template_line(e: BaseException, tmpl: Any) -> int | None:
    """The template line of the innermost frame of the template's compiled code."""
    if tmpl is None:
        return None
    tb = e.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == tmpl.filename:
            line = tmpl.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return line
