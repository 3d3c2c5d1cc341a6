"""A phone number as a clinic writes it → one canonical form → the form printed on the handout.

Accepted (ASCII digits; groups separated by one space, dash or dot):

* Thai local numbers with the trunk ``0``: ``02 123 4567``, ``02-123-4567``, ``053 240 188``,
  ``081-234-5678``, ``0812345678``;
* international (E.164) numbers: ``+66 2 123 4567``, ``+6621234567``, ``+66 81 234 5678``, and
  other countries' numbers (``+856 21 212 345``);
* short service codes, digits only: ``1669`` (emergency), ``1330``, ``191``.

The canonical form is E.164 (``+6621234567``), or the short code as written. Printed in the
clinic's ``phone_style``: ``local`` (``02 123 4567``, ``081 234 5678``; a number of another
country is printed internationally, a Thai reader cannot dial it otherwise) or
``international`` (``+66 2 123 4567``). ``tel:`` links always carry the E.164 form.

Parsing, validation and grouping are Google's libphonenumber rules (the ``phonenumbers``
package), imported on first use (about 20 ms, once per process).
"""

from __future__ import annotations

import re
from typing import Final, Literal

PhoneStyle = Literal["local", "international"]
PHONE_STYLES: Final = ("local", "international")
REGION: Final = "TH"  # numbers written without +country code are Thai

ACCEPTED: Final = (
    'Thai local "02 123 4567", "081-234-5678" or "0812345678"; international "+66 2 123 4567" or '
    '"+6621234567"; or a short code "1669"'
)
_SHAPE: Final = re.compile(r"\+?[0-9]+(?:[ .-][0-9]+)*")
_SHORT: Final = re.compile(r"[1-9][0-9]{2,4}")


class PhoneFormatError(ValueError):
    """The text is not a phone number in an accepted format (the message says why, in a few words)."""


def canonical(text: str) -> str:
    """A phone number as written → E.164 (``+6621234567``), or a short code as-is (``1669``).

    >>> canonical("02-123-4567"), canonical("+66 81 234 5678"), canonical("1669")
    ('+6621234567', '+66812345678', '1669')
    """
    value = text.strip()
    if _SHORT.fullmatch(value):
        return value
    if not _SHAPE.fullmatch(value):
        raise PhoneFormatError("has characters other than digits, one space/dash/dot between groups and a leading +")
    import phonenumbers

    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        raise PhoneFormatError("is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        where = "" if value.startswith("+") else " Thai"
        raise PhoneFormatError(f"is not a valid{where} phone number (check the number of digits)")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def is_short(number: str) -> bool:
    """A short service code (``1669``), not a full number."""
    return not number.startswith("+")


def printed(number: str, style: PhoneStyle = "local") -> str:
    """A canonical number in the clinic's style: ``02 123 4567`` (local) or ``+66 2 123 4567``.

    >>> printed("+6621234567"), printed("+66812345678"), printed("+6621234567", "international")
    ('02 123 4567', '081 234 5678', '+66 2 123 4567')
    >>> printed("1669", "international")
    '1669'
    """
    if is_short(number):
        return number
    import phonenumbers

    parsed = phonenumbers.parse(number, None)
    fmt = phonenumbers.PhoneNumberFormat
    local = style == "local" and phonenumbers.region_code_for_number(parsed) == REGION
    return str(phonenumbers.format_number(parsed, fmt.NATIONAL if local else fmt.INTERNATIONAL))


def tel_uri(number: str) -> str:
    """The ``tel:`` link of a canonical number (RFC 3966: E.164, or the short code).

    >>> tel_uri("+6621234567"), tel_uri("1669")
    ('tel:+6621234567', 'tel:1669')
    """
    return f"tel:{number}"
