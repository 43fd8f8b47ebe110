"""The HTTP layer every blueprint shares: request limits, security headers and error answers."""

from flask import Flask

from web import errors, headers, limits


def register_http(app: Flask) -> None:
    """Bound requests, add the security headers and answer HTTP errors in JSON or HTML.

    Call before the blueprints are registered: the bounded int converter must be in the URL map
    when their rules are added.
    """
    limits.register(app)
    headers.register(app)
    errors.register(app)
