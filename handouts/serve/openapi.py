"""The HIS API's OpenAPI 3.1 description (served at ``/openapi.json``; prose in ``docs/api.md``)."""

from __future__ import annotations

from typing import Any, Final

_FINDINGS: Final[dict[str, Any]] = {
    "description": "The handout cannot be printed: the same findings `handouts render` prints.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RefusedError"}}},
}
_ERROR: Final[dict[str, Any]] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def _error(description: str, **extra: Any) -> dict[str, Any]:
    """An error answer: ``{"error": "one sentence naming the field and the fix"}``."""
    return {"description": description, "content": _ERROR, **extra}


_PDF_HEADERS: Final[dict[str, Any]] = {
    "X-Handout-Approval": {"description": "final (signed off) or draft", "schema": {"enum": ["final", "draft"]}},
    "X-Handout-Pages": {"schema": {"type": "integer"}},
}
_ETAG: Final[dict[str, Any]] = {"description": "the PDF's SHA-256 (anonymous PDFs only)", "schema": {"type": "string"}}
_PATH_PARAMS: Final[list[dict[str, Any]]] = [
    {"name": "article", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[a-z0-9-]+$"}},
    {"name": "lang", "in": "path", "required": True, "schema": {"type": "string", "examples": ["th", "en", "th+en"]}},
    {"name": "clinic", "in": "query", "schema": {"type": "string"}},
    {"name": "profile", "in": "query", "schema": {"enum": ["standard", "large"]}},
    {"name": "layout", "in": "query", "schema": {"enum": ["single", "a5-booklet", "2up"]}},
]

SPEC: Final[dict[str, Any]] = {
    "openapi": "3.1.0",
    "info": {
        "title": "handouts HIS API",
        "version": "1",
        "description": "Patient-education handouts for a diagnosis code (HL7 Infobutton, as MedlinePlus Connect) "
        "and the handout PDFs. Outside localhost every call needs `Authorization: Bearer <token>` "
        "(`handouts serve token NAME`). Patient names and notes are accepted only in POST bodies.",
    },
    "paths": {
        "/infobutton": {
            "get": {
                "summary": "Handouts for a diagnosis code",
                "parameters": [
                    {"name": "mainSearchCriteria.v.cs", "in": "query",
                     "description": "Code system: OID (2.16.840.1.113883.6.3 ICD-10, …6.90 ICD-10-CM, …6.96 SNOMED CT) or "
                                    "alias (icd-10, icd-10-tm, icd-10-cm, snomed-ct). Default ICD-10.",
                     "schema": {"type": "string"}},
                    {"name": "mainSearchCriteria.v.c", "in": "query", "required": True, "schema": {"type": "string"},
                     "examples": {"icd": {"value": "M96.1"}}},
                    {"name": "informationRecipient.languageCode.c", "in": "query", "schema": {"type": "string"},
                     "description": "th, en, my, km, lo (ISO 639-1 or -2, BCP 47); default: the Accept-Language "
                                    "header's, else en"},
                    {"name": "knowledgeResponseType", "in": "query",
                     "schema": {"enum": ["text/xml", "application/json"], "default": "text/xml"}},
                ],  # fmt: skip
                "responses": {
                    "200": {"description": "An Atom feed (text/xml) or its JSON form; empty for an unknown code.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Feed"}},
                                        "text/xml": {"schema": {"type": "string"}}}},  # fmt: skip
                    "400": _error("No code given, an unknown response type, or a control character in a parameter."),
                    "401": _error("A token is required (LAN mode)."),
                    "429": _error("Rate limit."),
                },
            }
        },
        "/handouts/{article}/{lang}.pdf": {
            "get": {
                "summary": "The anonymous handout PDF",
                "parameters": [*_PATH_PARAMS, {"name": "If-None-Match", "in": "header", "schema": {"type": "string"},
                                               "description": "the ETag of a copy kept: 304 when it is still this PDF"}],
                "responses": {
                    "200": {"description": "PDF", "headers": {**_PDF_HEADERS, "ETag": _ETAG}, "content": {"application/pdf": {}}},
                    "304": {"description": "Not Modified: the copy whose ETag was sent in If-None-Match is this PDF "
                                           "(no body)", "headers": {**_PDF_HEADERS, "ETag": _ETAG}},
                    "400": _error("An unknown profile or layout, or `patient`/`notes` in the URL (they go in a POST body)."),
                    "401": _error("A token is required (LAN mode)."),
                    "404": _error("Unknown article, language or clinic."),
                    "405": _error("`print` in a GET's URL: printing needs a POST."),
                    "422": _FINDINGS,
                    "429": _error("Rate limit (Retry-After says when to ask again)."),
                    "503": _error("The render process ended unexpectedly (new ones are started): try again."),
                },
            },
            "post": {
                "summary": "A personalised PDF, or print it",
                "parameters": _PATH_PARAMS,
                "requestBody": {"content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Personal"}},
                    "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Personal"}},
                }},  # fmt: skip
                "responses": {
                    "200": {"description": "The PDF (never cached), or with `print` the print job as JSON.",
                            "headers": _PDF_HEADERS,
                            "content": {"application/pdf": {},
                                        "application/json": {"schema": {"$ref": "#/components/schemas/PrintJob"}}}},  # fmt: skip
                    "400": _error("A malformed body or value (JSON, form, copies, a file where text is expected)."),
                    "401": _error("A token is required (LAN mode)."),
                    "403": _error("A cross-site browser request (`Sec-Fetch-Site` or `Origin`)."),
                    "404": _error("Unknown article, language, clinic or printer."),
                    "409": _error("`print` without a printer: none chosen, in handouts.toml or as CUPS' default."),
                    "413": _error("Body or a field over its limit."),
                    "415": _error("A body that is neither a form nor JSON."),
                    "422": _FINDINGS,
                    "429": _error("Rate limit (Retry-After says when to ask again)."),
                    "502": _error("CUPS refused the print job (its message)."),
                    "503": _error("The print history cannot be written (nothing was printed), or the render process "
                                  "ended unexpectedly (new ones are started): try again."),
                },
            },
        },
    },
    "components": {
        "schemas": {
            "Personal": {"type": "object", "properties": {
                "patient": {"type": "string", "maxLength": 120}, "notes": {"type": "string", "maxLength": 1200},
                "print": {"type": "string", "description": "a CUPS printer: print instead of returning the PDF"},
                "copies": {"type": "integer", "minimum": 1, "maximum": 50}}},  # fmt: skip
            "PrintJob": {"type": "object", "properties": {
                "job": {"type": "string"}, "printer": {"type": "string"}, "copies": {"type": "integer"},
                "approval": {"enum": ["final", "draft"]}, "history": {"type": ["integer", "null"]}}},  # fmt: skip
            "RefusedError": {"type": "object", "required": ["error", "findings"], "properties": {
                "error": {"type": "string"},
                "findings": {"type": "array", "items": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "description": "the line `handouts render` prints"},
                    "path": {"type": ["string", "null"]}, "line": {"type": ["integer", "null"]},
                    "severity": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"},
                    "msgctxt": {"type": ["string", "null"]}, "msgid": {"type": ["string", "null"]},
                    "hint": {"type": ["string", "null"]}}}}}},  # fmt: skip
            "Error": {"type": "object", "required": ["error"], "properties": {
                "error": {"type": "string"}, "findings": {"type": "array", "items": {"type": "object"}}}},  # fmt: skip
            "Feed": {"type": "object", "properties": {"feed": {"type": "object", "properties": {
                "title": {"type": "string"}, "language": {"type": "string"}, "updated": {"type": "string"},
                "code": {"type": "object", "properties": {"system": {"type": ["string", "null"]}, "code": {"type": "string"}}},
                "entry": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "string"}, "title": {"type": "string"}, "lang": {"type": "string"},
                    "approval": {"enum": ["final", "draft", "refused"]}, "next_review": {"type": "string"},
                    "codes": {"type": "array", "items": {"type": "string"}}, "link": {"type": "string"}}}}}}}},  # fmt: skip
        },
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
}
