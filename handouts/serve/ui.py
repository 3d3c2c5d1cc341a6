"""The pages' own words and HTML: gettext catalogs of the web UI + Jinja2 templates → HTML strings.

The UI is written in English; ``handouts/serve/locales/<lang>/LC_MESSAGES/serve.po`` translates
it (Thai ships). The language is the ``ui`` cookie (the page's switch) or else the browser's
``Accept-Language``. Templates autoescape everything; no page embeds a script or a style inline
(the CSP forbids it).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Final

import jinja2

UI_LANGS: Final = ("en", "th")
LANG_NAMES: Final = {"en": "English", "th": "ไทย", "my": "မြန်မာ", "km": "ខ្មែរ", "lo": "ລາວ"}


def package_dir() -> Path:
    return Path(str(resources.files("handouts.serve")))


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """msgid → msgstr of the UI catalog for ``lang`` (empty for English or a missing catalog)."""
    path = package_dir() / "locales" / lang / "LC_MESSAGES" / "serve.po"
    if lang == "en" or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        cat = read_po(f, locale=lang)
    return {str(m.id): str(m.string) for m in cat if m.id and m.string and not m.fuzzy}


def gettext_for(lang: str) -> Any:
    table = catalog(lang)

    def _(text: str, **values: Any) -> str:
        out = table.get(text, text)
        return out.format(**values) if values else out

    return _


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """The UI language: the switch's cookie, else the supported language the browser prefers most
    (:func:`preferred`), else English.

    >>> negotiate(None, "th-TH,th;q=0.9,en;q=0.8"), negotiate("en", "th"), negotiate(None, "fr, de"), negotiate(None, None)
    ('th', 'en', 'en', 'en')
    """
    if cookie in UI_LANGS:
        return str(cookie)
    return preferred(accept_language, UI_LANGS) or "en"


def preferred(accept_language: str | None, available: Iterable[str]) -> str | None:
    """The language of ``available`` that ``Accept-Language`` prefers most, as RFC 9110 writes it:
    spaces around ``;`` and ``=``, ``Q=``, and ``q=0``, which means "not this one"; a tag's region
    and case do not matter (``th-TH``, ``TH``, ``th_TH`` are ``th``). None: none of them.

    >>> preferred("fr, th ; q=0.8, en;q=0.5", ["en", "th"]), preferred("en;q=0, th;q=0.1", ["en", "th"])
    ('th', 'th')
    >>> preferred("th;q=0", ["en", "th"]), preferred("my-MM", ["en", "my"]), preferred("", ["en"])
    (None, 'my', None)
    """
    known = set(available)
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0
        if weight > 0:
            weighted.append((-weight, i, tag.replace("_", "-").split("-")[0].strip().lower()))
    return next((lang for _, _, lang in sorted(weighted) if lang in known), None)


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_dir() / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["lang_name"] = lambda code: " + ".join(LANG_NAMES.get(c, c) for c in code.split("+"))
    from handouts.history import local_time

    env.globals["local_time"] = local_time
    return env


def page(name: str, ui_lang: str, **context: Any) -> str:
    """Render ``templates/<name>`` in the UI language."""
    return environment().get_template(name).render(_=gettext_for(ui_lang), ui_lang=ui_lang, ui_langs=UI_LANGS,
                                                   **context)  # fmt: skip
