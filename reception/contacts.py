"""A citizen's phone number and e-mail address: the one rule for what is accepted, used by
bookings, online petitions and the notification outbox alike."""

import re

# Ten ASCII digits from 0 (a Vietnamese mobile or landline number as written at home).
PHONE = re.compile(r"^0[0-9]{9}$")
EMAIL = re.compile(r"^[^@\s,;<>\"]{1,64}@[^@\s,;<>\"]{1,190}\.[^@\s,;<>\".]{2,}$")


def normal_phone(text: str | None) -> str:
    """Return a Vietnamese phone number as its 10 digits (spaces, dots, dashes, brackets and
    a +84 / 84 prefix dropped), or "" when it is not one."""
    digits = re.sub(r"[\s.\-()]", "", text or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if PHONE.match(digits) else ""


def valid_email(text: str | None) -> bool:
    """Tell whether text is one e-mail address (no display name, no list)."""
    return bool(text) and bool(EMAIL.match(text))
