"""Limits on what a request may carry: body size, ids in addresses and JSON nesting."""

import io
import re
from array import array
from itertools import accumulate

from flask import Flask, abort, current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from reception.errors import Invalid

# The largest id SQLite and PostgreSQL (bigint) can store; a larger one cannot name a row.
MAX_ID = 2**63 - 1
# Request bodies are small forms and records; deeper nesting is an attack, not a record.
MAX_JSON_DEPTH = 32

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# Every byte becomes 0 except brackets: opening ones +1, closing ones -1 (0xff as signed char).
_BRACKETS = bytes(
    1 if b in b"[{" else 0xFF if b in b"]}" else 0 for b in range(256)
)


def digits_at_most(number: int) -> str:
    """Return a regular expression matching the decimal numbers from 0 to number."""
    top = str(number)
    # Shorter numbers (a leading zero only for 0 itself), then, digit by digit, numbers that
    # follow top up to a smaller digit and have any digits after it, then top itself.
    choices = [rf"\d{{1,{len(top) - 1}}}"] if len(top) > 1 else []
    for i, digit in enumerate(top):
        low = 1 if i == 0 and len(top) > 1 else 0
        if int(digit) > low:
            rest = len(top) - i - 1
            tail = rf"\d{{{rest}}}" if rest else ""
            choices.append(f"{top[:i]}[{low}-{int(digit) - 1}]{tail}")
    choices.append(top)
    return "(?:" + "|".join(choices) + ")"


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` that matches only ids a database can hold (0 to 2⁶³−1); larger ones 404.

    The bound is in the pattern, not only in to_python: Werkzeug answers 405 instead of 404
    when a matching pattern fails conversion and another route on that path takes another method.
    """

    regex = digits_at_most(MAX_ID)

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def json_depth(data: bytes | str) -> int:
    """Return how deep arrays and objects nest in a JSON text (brackets inside strings ignored)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    steps = array("b", _STRING.sub(b"", data).translate(_BRACKETS))
    return max(accumulate(steps), default=0)


def parse_id(text: str | None) -> int | None:
    """Return the id written in text (a query argument), or None if it cannot name a row."""
    if text and text.isascii() and text.isdigit() and int(text) <= MAX_ID:
        return int(text)
    return None


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, keeping key order and Vietnamese letters, refusing deeply nested input."""

    sort_keys = False
    ensure_ascii = False

    def loads(self, s, **kwargs):
        """Parse JSON after checking its depth (1,000 levels would raise RecursionError).

        :raises ReceptionError: json_too_deep (400) beyond MAX_JSON_DEPTH levels;
            number_too_large (400) for an integer beyond 64 bits.
        """
        if json_depth(s) > MAX_JSON_DEPTH:
            raise Invalid("json_too_deep", maximum=MAX_JSON_DEPTH)
        kwargs.setdefault("parse_int", bounded_int)
        return super().loads(s, **kwargs)


def bounded_int(text: str) -> int:
    """Parse a JSON integer that fits a database column; a larger one is no id or count here.

    :raises ReceptionError: number_too_large (400), instead of an OverflowError in SQLite.
    """
    value = int(text)
    if not -MAX_ID - 1 <= value <= MAX_ID:
        raise Invalid("number_too_large", maximum=MAX_ID)
    return value


def allow_body(limit: int):
    """Let one view take bodies up to limit bytes instead of MAX_CONTENT_LENGTH (uploads)."""

    def decorator(view):
        view.body_limit = limit
        return view

    return decorator


def body_limit() -> int | None:
    """Return the largest body this request's view takes (its allow_body, else the config)."""
    view = current_app.view_functions.get(request.endpoint or "")
    own = getattr(view, "body_limit", None)
    if own is not None:
        # Werkzeug's form parser reads this request's own limit, not only the config's.
        request.max_content_length = own
        return own
    return current_app.config.get("MAX_CONTENT_LENGTH")


def refuse_large_body():
    """Answer 413 when a body is over MAX_CONTENT_LENGTH, before any view or form reads it.

    With Content-Length the header decides. A chunked body is read here up to one byte past
    the limit: Werkzeug alone would silently cut it at the limit (LimitedStream.readall stops
    there without a 413) and the view would see a truncated body.
    """
    limit = body_limit()
    if limit is None:
        return
    if request.content_length is not None:
        if request.content_length > limit:
            abort(413)
        return
    if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        body = request.environ["wsgi.input"].read(limit + 1)
        if len(body) > limit:
            abort(413)
        # The body is now in hand and its length known, whichever server sent it.
        request.environ["wsgi.input"] = io.BytesIO(body)
        request.environ["CONTENT_LENGTH"] = str(len(body))
        request.environ.pop("HTTP_TRANSFER_ENCODING", None)


def register(app: Flask) -> None:
    """Install the bounded converter, the JSON provider and the body size check on app."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.json = BoundedJSONProvider(app)
    app.before_request(refuse_large_body)
