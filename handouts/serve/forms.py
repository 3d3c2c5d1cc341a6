"""A request's fields → a checked :class:`Choice` (ids from the inventory, limits enforced).

Shared by the pages and the API so both accept exactly the same things and answer a bad value
the same way: :class:`RefusedError` carries the HTTP status (404 unknown id, 413 over a limit,
400 malformed, 422 cannot be printed) and one sentence naming the field and the fix.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from handouts.serve.config import Limits
from handouts.serve.inventory import LAYOUTS, PROFILES, Inventory

MAX_FIELDS = 16


class RefusedError(Exception):
    """A request the server will not carry out: status + message (+ findings for 422)."""

    def __init__(self, status: int, message: str, findings: list[dict[str, Any]] | None = None,
                 ui: tuple[str, dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.headers = headers or {}  # (a 405's Allow)
        self.status = status
        self.message = message
        self.findings = findings or []
        self.ui = ui  # the front desk's words: a msgid of the UI catalog and its values (the API says message)

    def json(self) -> dict[str, Any]:
        return {"error": self.message, "findings": self.findings}


@dataclass(frozen=True, slots=True)
class Choice:
    """What to render (and print): every id checked, personal fields within limits."""

    article: str
    lang: str
    clinic: str
    profile: str = "standard"
    layout: str = "single"
    patient: str = ""
    notes: str = ""
    copies: int = 1
    printer: str = ""


async def read_fields(request: Request) -> dict[str, str]:
    """Form (urlencoded or multipart without files) or JSON object → str fields, within limits."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            data = json.loads(await request.body() or b"{}")
        except (ValueError, RecursionError):  # (RecursionError: '[[[[…' nested deeper than the parser goes)
            raise RefusedError(400, "the JSON body cannot be read") from None
        if not isinstance(data, dict):
            raise RefusedError(400, "the JSON body must be an object")
        items = list(data.items())
    elif kind == "application/x-www-form-urlencoded":
        # (not request.form(): Starlette reads a form's bytes as Latin-1, so a name sent unescaped
        # in UTF-8, as `curl -d` and many HIS clients send it, became mojibake: 'José' → 'JosÃ©')
        try:
            items = parse_qsl((await request.body()).decode(), keep_blank_values=True, errors="strict",
                              max_num_fields=MAX_FIELDS)  # fmt: skip
        except UnicodeDecodeError:
            raise RefusedError(400, "the form is not UTF-8: send its fields in UTF-8 (percent-encoded)") from None
        except ValueError:  # (parse_qsl's limit)
            raise RefusedError(413, f"more than {MAX_FIELDS} fields") from None
    elif kind in ("multipart/form-data", ""):
        try:
            form = await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=16 * 1024)
        except Exception as e:  # starlette raises its own HTTPException/MultiPartException on limits
            detail = str(getattr(e, "detail", None) or e)
            if "files" in detail.lower():
                raise RefusedError(400, "a file was sent: this form takes text fields only") from None
            if "too many" in detail.lower() or "exceeded" in detail.lower() or "too large" in detail.lower():
                raise RefusedError(413, f"the form is too large: {detail}") from None
            # a malformed body (no boundary): bad input, not a size
            raise RefusedError(400, f"the form cannot be read: {detail}") from None
        items = list(form.multi_items())
    else:
        raise RefusedError(415, f"unsupported content type {shown(kind)}: send a form or JSON")
    if len(items) > MAX_FIELDS:
        raise RefusedError(413, f"more than {MAX_FIELDS} fields")
    out: dict[str, str] = {}
    for key, value in items:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise RefusedError(400, f"field {shown(str(key))} must be text")
        if any(0xD800 <= ord(c) <= 0xDFFF for c in f"{key}{value}"):  # (JSON's '\ud800': no text, no UTF-8)
            name = "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd" for c in str(key))
            raise RefusedError(400, f"field {shown(name)} has a lone surrogate (a broken \\u escape): send it as UTF-8 text")
        out[str(key)] = str(value)
    return out


def language_of(value: str) -> str:
    """A requested language as the catalogs name it, each half of a bilingual one too: ``th-TH``,
    ``TH``, ``th_TH``, ``tha`` → ``th``; ``th-TH+en-US`` → ``th+en`` (as ``--lang`` and the API read
    it: an HIS's link to the desk with ``lang=th-TH`` was a 404 "not available in 'th-TH'");
    ``""`` stays ``""`` (none asked for).

    >>> language_of("th-TH"), language_of(" TH + en_US "), language_of("tha"), language_of("")
    ('th', 'th+en', 'th', '')
    """
    from handouts.i18n.languages import code_of

    return "+".join(code_of(part) for part in value.split("+")) if value.strip() else ""


ECHO = 80  # characters of a wrong value an answer repeats
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # embeddings, overrides, isolates


def _control(c: str) -> bool:
    """A character no name or note is typed with: a control (C0 but a line break or tab, DEL, C1), a lone
    surrogate (JSON's ``\\ud800``), or a bidirectional override that reorders what follows it."""
    return c in _BIDI or (unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t")


def shown(value: str) -> str:
    """``value`` quoted for an answer that names it: at most :data:`ECHO` characters of it (an id
    of 5,000 characters is not sent back whole)."""
    return repr(value if len(value) <= ECHO else value[:ECHO] + "…")


def choose(fields: dict[str, str], inv: Inventory, limits: Limits, default_clinic: str) -> Choice:
    """Check ``fields`` against the inventory and limits; the first problem is a :class:`RefusedError`."""
    aid = fields.get("article", "")
    article = inv.article(aid)
    if article is None:
        raise RefusedError(404, f"unknown article {shown(aid)}", ui=("There is no handout {id}: choose one below.", {"id": shown(aid)}))
    if article.error:
        raise RefusedError(422, f"this handout cannot be printed: {article.error}", [{"text": article.error}])
    asked = fields.get("lang", "")
    lang = language_of(asked) or article.source_lang
    if lang not in article.choices:  # (named as it was asked for: 'fr-FR', not 'fr')
        raise RefusedError(404, f"{aid!r} is not available in {shown(asked)} (languages: {', '.join(article.choices)})",
                           ui=("This handout is not available in {lang}: choose a language below.", {"lang": shown(asked)}))  # fmt: skip
    cid = fields.get("clinic") or default_clinic
    if not cid:
        raise RefusedError(404, "the workspace has no clinic: add clinics/ID.toml (handouts init makes one)")
    clinic = inv.clinic(cid)
    if clinic is None:
        raise RefusedError(404, f"unknown clinic {shown(cid)}", ui=("There is no clinic {id}: choose one below.", {"id": shown(cid)}))
    if clinic.error:
        raise RefusedError(422, f"clinic {shown(cid)} cannot be used: {clinic.error}", [{"text": clinic.error}])
    profile = fields.get("profile") or "standard"
    layout = fields.get("layout") or "single"
    if profile not in PROFILES:
        raise RefusedError(400, f"unknown profile {shown(profile)} (profiles: {', '.join(PROFILES)})",
                           ui=("There is no print profile {name}: choose one below.", {"name": shown(profile)}))  # fmt: skip
    if layout not in LAYOUTS:
        raise RefusedError(400, f"unknown layout {shown(layout)} (layouts: {', '.join(LAYOUTS)})",
                           ui=("There is no layout {name}: choose one below.", {"name": shown(layout)}))  # fmt: skip
    patient = fields.get("patient", "").strip()
    notes = fields.get("notes", "").replace("\r\n", "\n").strip()
    if len(patient) > limits.patient_chars:
        raise RefusedError(413, f"the patient name is longer than {limits.patient_chars} characters",
                           ui=("The patient name is longer than {n} characters.", {"n": limits.patient_chars}))  # fmt: skip
    if len(notes) > limits.notes_chars:
        raise RefusedError(413, f"the notes are longer than {limits.notes_chars} characters",
                           ui=("The notes are longer than {n} characters.", {"n": limits.notes_chars}))  # fmt: skip
    if any(_control(c) for c in patient + notes):
        raise RefusedError(400, "the patient name or notes contain control characters",
                           ui=("The patient name or notes contain control characters: retype them.", {}))  # fmt: skip
    raw_copies = fields.get("copies", "1").strip() or "1"
    if not (raw_copies.isascii() and raw_copies.isdigit()) or not 1 <= int(raw_copies) <= limits.copies:
        raise RefusedError(400, f"copies must be a number from 1 to {limits.copies}",
                           ui=("Copies must be a number from 1 to {n}.", {"n": limits.copies}))  # fmt: skip
    return Choice(aid, lang, cid, profile, layout, patient, notes, int(raw_copies), fields.get("printer", "").strip())
