"""Frame templates (Jinja2, sandboxed) + values → the handout's localized chrome strings.

The template's blocks are slots (header, questions, emergency, disclaimer, credit, control,
page_label, draft); each renders to inline Markdown. Values are Markdown-escaped before they
reach the template, templates run in Jinja2's sandbox, and article text never passes through
Jinja at all, so ``{{ … }}`` in an article or a translation is shown literally.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handouts.errors import ContentError
from handouts.i18n.runtime import Catalog

TEMPLATE = "handout.j2"


@functools.lru_cache(maxsize=8)
def _environment(templates: Path) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates)),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )
    # newstyle gettext must be on before any template compiles (it changes the generated code)
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def render_frame(
    templates: Path, values: dict[str, str], catalog: Catalog, on_missing: Callable[[str], None]
) -> dict[str, str]:
    """Render every block of the frame template for one language."""
    import jinja2

    def gettext(msgid: str, **kw: Any) -> str:
        text = catalog.gettext(msgid)
        if catalog.path is not None and text == msgid:
            on_missing(msgid)
        return text % kw if kw else text

    def ngettext(singular: str, plural: str, n: int, **kw: Any) -> str:
        return gettext(singular if n == 1 else plural, **kw)

    env = _environment(templates)
    path = templates / TEMPLATE
    try:
        tmpl = env.get_template(TEMPLATE)
        env.install_gettext_callables(gettext, ngettext, newstyle=True)
        ctx = tmpl.new_context(dict(values))
        return {name: "".join(fn(ctx)).strip() for name, fn in tmpl.blocks.items()}
    except jinja2.TemplateNotFound as e:
        raise ContentError("frame template not found", path=path, hint="run 'handouts init' or restore templates/") from e
    except jinja2.TemplateSyntaxError as e:
        raise ContentError(f"template syntax: {e.message}", path=e.filename or path, line=e.lineno) from e
    except jinja2.exceptions.SecurityError as e:
        raise ContentError(f"template is not allowed to do that: {e}", path=path) from e
    except jinja2.UndefinedError as e:
        raise ContentError(f"template uses an unknown value: {e.message}", path=path, hint="see the variables listed at the top of the template") from e
