"""Which characters a stored text may hold: one rule for every text field, and export cleaning.

Refused everywhere: the C0 controls (U+0000–U+001F) except tab, line feed and carriage return
in multi-line fields, DEL (U+007F), the C1 controls (U+0080–U+009F), lone surrogates
(U+D800–U+DFFF, which no UTF-8 text can hold) and the noncharacters (U+FDD0–U+FDEF and the
last two code points of every plane, U+FFFE and U+FFFF among them). PostgreSQL refuses NUL in
text, XML (hence .xlsx) refuses most controls, and PDF fonts have no glyph for any of them.
"""

import re

from reception.errors import Invalid

_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS
MULTI_LINE = re.compile(f"[{_ALWAYS}]")
SINGLE_LINE = re.compile(f"[{_ALWAYS}\t\n\r]")


def refused_pattern(multiline: bool = False) -> str:
    """Return a regular expression that matches only texts without a refused character.

    For the OpenAPI document (JSON Schema `pattern`): the refused characters written as
    themselves in one negated class, which ECMAScript and Python read alike. Lone surrogates
    are left out: no JSON document can carry one in UTF-8, and the parser refuses them.
    """
    refused = _ALWAYS.replace("\ud800-\udfff", "")
    return f"^[^{refused if multiline else refused + chr(9) + chr(10) + chr(13)}]*$"


def first_invalid(text: str, multiline: bool = False) -> str | None:
    """Return the first character a field may not hold, or None when the text is clean."""
    found = (MULTI_LINE if multiline else SINGLE_LINE).search(text)
    return found.group() if found else None


def code_point(char: str) -> str:
    """Return a character's name as people read it in a message: "U+0000"."""
    return f"U+{ord(char):04X}"


def refusal(field: str, char: str, field_en: str | None = None) -> Invalid:
    """Return the Invalid error naming a field and the character it may not hold."""
    return Invalid("invalid_characters", field=field, field_en=field_en or field,
                   code_point=code_point(char))


def check(value, field: str, multiline: bool = False, field_en: str | None = None):
    """Return value unchanged when it is not a string or holds only allowed characters.

    :raises ReceptionError: "invalid_characters" naming the field.
    """
    if isinstance(value, str):
        char = first_invalid(value, multiline)
        if char is not None:
            raise refusal(field, char, field_en)
    return value


def is_clean(value, multiline: bool = False) -> bool:
    """Tell whether a value (a string, or anything else) holds no refused character."""
    return not isinstance(value, str) or first_invalid(value, multiline) is None


def printable(value) -> str:
    """Return a stored value as text an export can hold: controls dropped, lines kept.

    Rows written before the rule existed may hold controls; exports clean them instead of
    failing for the whole period. Tabs become spaces and CR/CRLF become line feeds.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return MULTI_LINE.sub("", text)
