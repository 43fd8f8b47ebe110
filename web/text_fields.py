"""Text field types of the request schemas: every string the API takes is one of these.

They apply the one rule of reception.characters: `Line` (names, codes, one-line values) holds
no control character at all; `Text` (summaries, notes) may also hold tab, LF and CR. A refused
character is a pydantic error of type "invalid_characters", which api.errors and
web.record_schemas turn into the ReceptionError of that code, naming the field.
"""

from typing import Annotated

from pydantic import AfterValidator, StrictStr
from pydantic_core import PydanticCustomError

from reception import characters

INVALID_CHARACTERS = "invalid_characters"


def _checked(value: str, multiline: bool) -> str:
    char = characters.first_invalid(value, multiline)
    if char is not None:
        point = characters.code_point(char)
        raise PydanticCustomError(INVALID_CHARACTERS,
                                  "holds a character that is not allowed ({code_point})",
                                  {"code_point": point})
    return value


def _line(value: str) -> str:
    return _checked(value, multiline=False)


def _text(value: str) -> str:
    return _checked(value, multiline=True)


class _Documented:
    """Say the character rule in the JSON schema as a `pattern`, unless the field has its own
    (a field's own pattern, such as a code's, is stricter)."""

    def __init__(self, multiline: bool):
        self.pattern = characters.refused_pattern(multiline)

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema.setdefault("pattern", self.pattern)
        return schema


Line = Annotated[str, AfterValidator(_line), _Documented(multiline=False)]
Text = Annotated[str, AfterValidator(_text), _Documented(multiline=True)]
StrictLine = Annotated[StrictStr, AfterValidator(_line), _Documented(multiline=False)]
StrictText = Annotated[StrictStr, AfterValidator(_text), _Documented(multiline=True)]


def character_problem(errors: list[dict]) -> tuple[tuple, str] | None:
    """Return (loc, "U+XXXX") of the first refused character in pydantic's errors, or None.

    pydantic itself refuses lone surrogates ("string_unicode") before the types above run.
    """
    for item in errors:
        if item["type"] == INVALID_CHARACTERS:
            return item["loc"], item["ctx"]["code_point"]
        if item["type"] == "string_unicode" and isinstance(item.get("input"), str):
            char = characters.first_invalid(item["input"], multiline=True) or "\ufffd"
            return item["loc"], characters.code_point(char)
    return None


def nested_lines(value):
    """Return a JSON value unchanged after checking every string inside it as a `Line`."""
    if isinstance(value, str):
        return _line(value)
    if isinstance(value, dict):
        for key, item in value.items():
            nested_lines(key)
            nested_lines(item)
    elif isinstance(value, list):
        for item in value:
            nested_lines(item)
    return value
