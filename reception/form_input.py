"""What administrators type into forms, checked: texts, whole numbers, a row chosen by id.

A refused value raises Invalid (or NotFound) with a Vietnamese message naming the field.
"""

import unicodedata

from reception import characters
from reception.errors import Invalid, NotFound


def invalid(field: str, detail: str) -> Invalid:
    """Return the error for a refused field value."""
    return Invalid("invalid_value", field=field, detail=detail)


def clean_text(value, field: str, maximum: int, required: bool = False,
               multiline: bool = False) -> str:
    """Return a form text in NFC without surrounding spaces, checked for length and characters.

    :param multiline: the field may hold tabs and line breaks (a textarea).
    """
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    characters.check(text, field, multiline)
    if required and not text:
        raise invalid(field, "không được để trống")
    if len(text) > maximum:
        raise invalid(field, f"tối đa {maximum} ký tự")
    return text


def clean_int(value, field: str, low: int, high: int) -> int:
    """Return a form value as an integer within [low, high]."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise invalid(field, "phải là một số nguyên") from None
    if not low <= number <= high:
        raise invalid(field, f"phải từ {low} đến {high}")
    return number


def existing(model, row_id, what: str):
    """Return the row of model with this id.

    :raises NotFound: there is none.
    """
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise NotFound("not_found", what=what)
    return row
