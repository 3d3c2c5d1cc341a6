"""Front matter ``codes:`` → the diagnosis codes an article answers (for the HIS Infobutton API).

An article lists the codes it is written for, by code system::

    codes:
      icd-10: [M96.1]
      icd-10-tm: [M96.1]
      snomed-ct: ["203095000"]

Systems are named by a short alias or by their HL7 OID (what an Infobutton request carries in
``mainSearchCriteria.v.cs``). ICD codes match hierarchically: an article listing ``M96`` answers a
request for ``M96.1``, one listing ``M96.1`` answers ``M96.1x`` (ICD-10-TM adds a digit); the dot is
optional (``M961`` = ``M96.1``). SNOMED CT concept ids match exactly. Nothing here reads files.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from handouts.errors import ContentError, close_matches

# HL7 OIDs of the code systems (as MedlinePlus Connect uses them); ICD-10-TM has no HL7 OID, so
# Thai systems send the WHO ICD-10 OID or the alias.
SYSTEMS: Final[dict[str, str]] = {
    "icd-10": "2.16.840.1.113883.6.3",
    "icd-10-cm": "2.16.840.1.113883.6.90",
    "icd-10-tm": "icd-10-tm",
    "snomed-ct": "2.16.840.1.113883.6.96",
}
_NAMES: Final[dict[str, str]] = {"icd-10": "an ICD-10", "icd-10-cm": "an ICD-10-CM", "icd-10-tm": "an ICD-10-TM",
                                  "snomed-ct": "a SNOMED CT"}  # (as an error names a system: "is not an ICD-10 code")
_ALIASES: Final[dict[str, str]] = {
    "icd10": "icd-10",
    "icd-10": "icd-10",
    "icd10cm": "icd-10-cm",
    "icd-10-cm": "icd-10-cm",
    "icd10tm": "icd-10-tm",
    "icd-10-tm": "icd-10-tm",
    "snomed": "snomed-ct",
    "snomedct": "snomed-ct",
    "snomed-ct": "snomed-ct",
    **{oid: name for name, oid in SYSTEMS.items()},
}
_ICD: Final = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$")
_SNOMED: Final = re.compile(r"^[0-9]{6,18}$")


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class Code:
    """One code of one system, normalised (ICD: upper case, no dot); ordered by system, then code."""

    system: str  # a key of SYSTEMS
    code: str

    # (ordered by hand, not with ``order=True``: the start-up makes a class without it from a
    # recipe, :mod:`handouts.classrecipes`, and ``dataclasses`` would make this one in every render)
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Code):
            return NotImplemented
        return (self.system, self.code) < (other.system, other.code)

    def __str__(self) -> str:
        shown = self.code if self.system == "snomed-ct" or len(self.code) <= 3 else f"{self.code[:3]}.{self.code[3:]}"
        return f"{self.system} {shown}"


def system_name(value: str) -> str | None:
    """An alias or OID → the system's name; ``None`` when unknown.

    >>> system_name("2.16.840.1.113883.6.3"), system_name("ICD10"), system_name("loinc")
    ('icd-10', 'icd-10', None)
    """
    return _ALIASES.get(value.strip().lower().replace("_", "-").replace(" ", "-")) or _ALIASES.get(
        value.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    )


def normalise(system: str, code: str) -> str | None:
    """A code as written → its normal form, ``None`` when it is not a code of that system.

    >>> normalise("icd-10", "m96.1"), normalise("icd-10", "M961"), normalise("snomed-ct", "12"), normalise("icd-10", "x")
    ('M961', 'M961', None, None)
    """
    value = code.strip().upper()
    if system == "snomed-ct":
        return value if _SNOMED.match(value) else None
    return value.replace(".", "") if _ICD.match(value) else None


def parse_codes(value: object, path: object, line: int) -> tuple[Code, ...]:
    """The ``codes:`` front-matter value → sorted codes; a clear error naming the bad entry."""
    if value in (None, ""):
        return ()
    if not isinstance(value, dict):
        raise ContentError("codes: is not a mapping of code systems", path=str(path), line=line,
                           hint="write e.g. 'codes: {icd-10: [M96.1]}'")  # fmt: skip
    out: set[Code] = set()
    for raw_system, raw_codes in value.items():
        system = system_name(str(raw_system))
        if system is None:
            close = close_matches(str(raw_system).lower(), SYSTEMS)
            hint = f"did you mean {close[0]!r}?" if close else f"systems: {', '.join(SYSTEMS)}"
            raise ContentError(f"codes: unknown code system {raw_system!r}", path=str(path), line=line, hint=hint)
        items = raw_codes if isinstance(raw_codes, list) else [raw_codes]
        for item in items:
            code = normalise(system, str(item))
            if code is None:
                raise ContentError(f"codes: {item!r} is not {_NAMES[system]} code", path=str(path), line=line,
                                   hint="ICD-10 codes look like M96.1; SNOMED CT ids are 6–18 digits")  # fmt: skip
            out.add(Code(system, code))
    return tuple(sorted(out))


def matches(listed: Code, requested: Code) -> bool:
    """Does an article listing ``listed`` answer a request for ``requested``?

    ICD systems are one family (an ICD-10-TM code refines the WHO code it extends) and match
    hierarchically; SNOMED CT matches exactly.

    >>> matches(Code("icd-10", "M96"), Code("icd-10-tm", "M961"))
    True
    >>> matches(Code("icd-10", "M961"), Code("icd-10", "M96"))
    False
    """
    if (listed.system == "snomed-ct") != (requested.system == "snomed-ct"):
        return False
    if listed.system == "snomed-ct":
        return listed.code == requested.code
    return requested.code.startswith(listed.code)
