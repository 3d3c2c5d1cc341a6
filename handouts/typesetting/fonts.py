"""Bundled fonts → registered ReportLab fonts and HarfBuzz fonts, a font per script, a coverage check.

Only fonts shipped inside Python packages are ever loaded (Sarabun from ``fontpkg-sarabun``;
Noto Sans Lao, Khmer and Myanmar from ``justmytype-intl-sea``, instanced to static weights by
:mod:`.scripts.instances`; all OFL); no system font directory is searched. :func:`font_set` is
cached per process; a script's faces load when its first character is typeset.

:func:`split_by_font` cuts spans so that each is drawn by one font (``TextStyle.font`` names the
script whose font draws it, '' for Sarabun); :func:`undrawable` lists the characters no
shipped font (nor ReportLab's Dingbats/Symbol fallback) can draw, which the renderer refuses
with a :class:`~handouts.errors.FontError` rather than print a box or a question mark.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import FontError, HandoutError
from handouts.typesetting.coverage import drawable
from handouts.typesetting.coverage import missing as _missing
from handouts.typesetting.scripts import OWN_FONT, script_of
from handouts.typesetting.spans import Span, TextStyle

FACES = ("regular", "bold", "italic", "bolditalic")
_SARABUN_FILES = {
    "regular": "Sarabun-Regular.ttf",
    "bold": "Sarabun-Bold.ttf",
    "italic": "Sarabun-Italic.ttf",
    "bolditalic": "Sarabun-BoldItalic.ttf",
}


def sarabun_dir() -> Path:
    """Folder of the Sarabun TTFs inside the ``fontpkg-sarabun`` package."""
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).resolve().parent / "files"


@dataclass(slots=True)
class Face:
    """One font file: its ReportLab name, HarfBuzz font and Unicode coverage."""

    name: str
    path: Path
    upem: int
    hb_font: object
    cmap: frozenset[int]
    scale: float = 1.0  # size factor: the script's letters as tall as Sarabun's Thai letters
    _rl_registered: bool = False

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.cmap


@dataclass(slots=True)
class FontSet:
    """The faces of the body family (regular, bold, italic, bold italic)."""

    family: str
    faces: dict[str, Face] = field(default_factory=dict)
    script_faces: dict[tuple[str, str], Face] = field(default_factory=dict)

    def face(self, key: str, font: str = "") -> Face:
        """The face ``key`` (regular, bold, italic, bolditalic) of the body family, or of the font of
        script ``font`` (``Laoo``, ``Khmr``, ``Mymr``; no italics there: upright is used)."""
        if not font:
            return self.faces[key]
        weight = "bold" if key.startswith("bold") else "regular"
        hit = self.script_faces.get((font, weight))
        if hit is None:
            hit = self.script_faces[(font, weight)] = _load_script_face(font, weight, self.faces["regular"])
            if self.faces["regular"]._rl_registered:
                register_face(hit)  # loaded after the document registered its fonts
        return hit

    def face_of(self, style: TextStyle) -> Face:
        return self.face(style.face, style.font)

    def missing(self, text: str, face: str = "regular", font: str = "") -> list[str]:
        """Characters of ``text`` that the face cannot draw (whitespace and controls ignored).

        >>> font_set().missing("ปวด ✓ ok")
        ['✓']
        """
        return list(_missing(self.face(face, font).cmap, text))




def _load_face(name: str, path: Path) -> Face:
    import uharfbuzz as hb

    blob = hb.Blob.from_file_path(str(path))
    hb_face = hb.Face(blob)
    hb_font = hb.Font(hb_face)
    cmap = frozenset(hb_face.unicodes)
    return Face(name=name, path=path, upem=hb_face.upem, hb_font=hb_font, cmap=cmap)


def _letter_height(face: Face, ch: str) -> float:
    gid = face.hb_font.get_nominal_glyph(ord(ch))  # type: ignore[attr-defined]
    extents = face.hb_font.get_glyph_extents(gid)  # type: ignore[attr-defined]
    return float(extents.y_bearing) / face.upem


def _load_script_face(tag: str, weight: str, body: Face) -> Face:
    from handouts.typesetting.scripts.instances import static_instance

    script = OWN_FONT[tag]
    path = static_instance(script.family, weight)
    name = f"Noto{script.name}-{weight.capitalize()}".replace("Burmese", "Myanmar")
    face = _load_face(name, path)
    face.scale = round(_letter_height(body, "ก") / _letter_height(face, script.letter), 3)
    return face


@functools.cache
def font_set() -> FontSet:
    """The bundled Sarabun family, loaded once per process."""
    folder = sarabun_dir()
    fs = FontSet(family="Sarabun")
    for key, filename in _SARABUN_FILES.items():
        rl_name = "Sarabun" if key == "regular" else f"Sarabun-{key.capitalize()}"
        fs.faces[key] = _load_face(rl_name, folder / filename)
    return fs


def register_reportlab(fs: FontSet) -> None:
    """Register every loaded face with ReportLab by explicit path (never a search path)."""
    if fs.faces["regular"]._rl_registered:
        return  # all registered at once; a script's face loaded later registers itself (FontSet.face)
    for f in (*fs.faces.values(), *fs.script_faces.values()):
        register_face(f)


def register_face(f: Face) -> None:
    if not f._rl_registered:
        from reportlab.pdfbase import pdfmetrics

        from handouts.typesetting.rlfonts import tt_font

        pdfmetrics.registerFont(tt_font(f.name, f.path))  # parsed tables from the disk cache
        f._rl_registered = True


def _font_for(ch: str, current: str, fs: FontSet, key: str) -> str:
    """Which font draws ``ch`` in a run now drawn by ``current``: its script's font, else the current
    one if it covers it, else the body family, else any script font that has it."""
    script = script_of(ch)
    if script in OWN_FONT:
        return script
    if script != "Zyyy":  # Thai, Latin and the rest: the body family
        return ""
    if fs.face(key, current).covers(ch) or not ch.strip() or unicodedata.category(ch) in ("Mn", "Cf", "Cc"):
        return current
    if fs.faces[key].covers(ch):
        return ""
    return next((t for t in OWN_FONT if fs.face(key, t).covers(ch)), current)


_BEYOND_THAI = re.compile("[^\x00-\u0e7f]").search  # a character after the Thai block


def split_by_font(spans: tuple[Span, ...], fs: FontSet | None = None) -> tuple[Span, ...]:
    """Spans cut where the drawing font changes; each piece's ``style.font`` names its script font.

    >>> [(s.text, s.style.font) for s in split_by_font((Span("ok ສະບາຍດີ 5 ok"),))]
    [('ok ', ''), ('ສະບາຍດີ 5 ', 'Laoo'), ('ok', '')]
    """
    if not any(_BEYOND_THAI(sp.text) for sp in spans):
        return spans  # Latin and Thai only: the body family draws all (fast path)
    if (fs is None or fs is font_set()) and all(not sp.style.font and _body_draws(sp.text, sp.style.face)
                                                for sp in spans):  # fmt: skip
        return spans  # dashes, quotes, bullets: the body family draws all (the loop below would say so)
    from dataclasses import replace

    fs = fs or font_set()
    out: list[Span] = []
    for sp in spans:
        key = sp.style.face
        start, current = 0, sp.style.font
        for i, ch in enumerate(sp.text):
            want = _font_for(ch, current, fs, key)
            if want != current:
                if i > start:
                    out.append(replace(sp, text=sp.text[start:i], style=replace(sp.style, font=current)))
                start, current = i, want
        if start < len(sp.text) or not sp.text:
            out.append(replace(sp, text=sp.text[start:], style=replace(sp.style, font=current)))
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def _body_draws(text: str, key: str) -> bool:
    """Whether the body family draws every character of ``text`` in face ``key`` (what
    :func:`split_by_font` decides character by character for a span of the body font)."""
    fs = font_set()
    return all(_font_for(ch, "", fs, key) == "" for ch in text)


def undrawable(text: str, fs: FontSet | None = None) -> list[str]:
    """Characters of ``text`` that no shipped font draws (nor the Dingbats/Symbol fallback), in order.

    >>> undrawable("ok ສະບາຍດີ ✓ नम")
    ['न', 'म']
    """
    from handouts.typesetting import fallback

    if fs is None and not _missing(drawable(), text):
        return []  # the shipped fonts draw all (known without loading them: the translation gate's case)
    fs = fs or font_set()
    body = fs.faces["regular"].cmap
    out: list[str] = []
    for ch in _missing(body, text):
        if ch in out or fallback.find(ch) is not None:
            continue
        if any(fs.face("regular", t).covers(ch) for t in OWN_FONT):
            continue
        out.append(ch)
    return out


def describe(chars: list[str], limit: int = 8) -> str:
    """``U+0928 'न', U+092E 'म' (Devanagari)`` for an error message.

    >>> describe(["न", "म"])
    "U+0928 'न', U+092E 'म' (Devanagari)"
    """
    import icu

    from handouts.textfile import shown_characters

    names = shown_characters(chars, limit)
    scripts: list[str] = []
    for c in chars:
        name = icu.Script.getScript(c).getName()
        if name not in ("Common", "Inherited", "Unknown") and name not in scripts:
            scripts.append(name)
    return f"{names} ({', '.join(scripts)})" if scripts else names


def check_drawable(text: str, *, path: object = None, line: int | None = None, what: str = "", key: str | None = None,
                   error: type[HandoutError] = FontError) -> None:  # fmt: skip
    """Raise ``error`` (:class:`FontError`) naming every character of ``text`` no shipped font can
    draw, and where it is: ``path`` and ``line``, or ``key`` (a command-line option: its text is
    never quoted)."""
    missing = undrawable(text)
    if missing:
        raise error(
            f"no shipped font draws {describe(missing)}{' in ' + what if what else ''}",
            path=path,  # type: ignore[arg-type]
            line=line,
            key=key,
            hint="write the text in a supported script (Latin, Thai, Lao, Khmer, Burmese) or remove those characters",
        )
