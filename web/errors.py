"""HTTP errors: the status of each domain error, and JSON or HTML answers outside any view."""

from flask import Flask, current_app, g, jsonify, make_response, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from reception.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    NotSignedIn,
    RateLimited,
    ReceptionError,
    TooLarge,
    Unavailable,
    UnsupportedType,
    message,
)
from reception.translations import C_, translate

# The one place a domain error becomes an HTTP status: the API's handler and every page use it.
STATUS_OF = {
    Invalid: 400,
    NotSignedIn: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    UnsupportedType: 415,
    RateLimited: 429,
    Unavailable: 502,
}

# Werkzeug's status → our message code and its parameters.
HTTP_MESSAGES = {
    404: ("not_found", {"what": "địa chỉ API"}),
    405: ("method_not_allowed", {}),
    413: ("request_too_large", {}),
}
PAGE_TEXTS = {404: ("not_found", {"what": "trang"})}
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{status} · {text}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/css/common.css"></head>
<body class="error-page"><main><h1>{status}</h1><p>{text}</p><p><a href="/">{home}</a></p>
</main></body></html>
"""


def language() -> str:
    return getattr(g, "lang", "vi")


def status_of(error: ReceptionError) -> int:
    """Return the HTTP status that answers a domain error (a subclass's own kind first)."""
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 400


def limit_text() -> str:
    """Return the body size limit in words people read (1 MB, 512 KB)."""
    # This request's own limit (a view's allow_body), else the configured one.
    limit = request.max_content_length or current_app.config.get("MAX_CONTENT_LENGTH") or 0
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    return f"{max(limit // 1024, 1)} KB"


def error_response(code: str, status: int, fields=None, extra=None, **params):
    """Build the JSON error response for a message code.

    fields: [{"field", "message"}] naming the inputs at fault; extra: more keys of "error".
    """
    if code == "request_too_large":
        params.setdefault("limit", limit_text())
    body = {"error": {"code": code, "message": message(code, language(), **params)}}
    if fields:
        body["error"]["fields"] = fields
    body["error"].update(extra or {})
    return jsonify(body), status


def wants_json() -> bool:
    """Tell whether the request went to the API (JSON errors) rather than to a page."""
    return request.path.startswith("/api/")


def http_error(error: HTTPException):
    """Answer a routing or protocol error: JSON under /api/, a short HTML page elsewhere.

    405 answers keep their Allow header in both forms.
    """
    status = error.code or 500
    if wants_json():
        code, params = HTTP_MESSAGES.get(status, ("invalid_request", {"detail": error.description}))
        response = make_response(error_response(code, status, **params))
    else:
        code, params = PAGE_TEXTS.get(status) or HTTP_MESSAGES.get(status) or (None, {})
        if code is None:
            return error
        if code == "request_too_large":
            params = {"limit": limit_text()}
        text = message(code, language(), **params)
        home = translate(C_("error_page", "Về trang đầu"), language())
        page = PAGE.format(lang=language(), status=status, text=escape(text), home=home)
        response = make_response(page, status)
    for name, value in error.get_headers():
        if name.lower() == "allow":
            response.headers["Allow"] = value
    return response


def register(app: Flask) -> None:
    """Answer unmatched addresses, wrong methods and oversized bodies for the whole app."""
    # Routing fails before a blueprint is known, so these are the app's handlers; a code
    # handler also wins over a blueprint's handler for HTTPException in general.
    for status in HTTP_MESSAGES:
        app.register_error_handler(status, http_error)
