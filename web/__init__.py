"""The web layer the blueprints share (no blueprint imports another; they meet here or in the core).

limits, headers, errors: request limits, security headers and error answers, for every request;
auth: who is calling (bearer token, desk session) and the staff roles; app_settings: the app's
reception.config.Settings, which views pass to the core; devices: kiosk and board device keys;
pages: the public pages' response; screen_texts: the public screens' strings;
i18n: the request's language and Flask-Babel over the catalogs in translations/;
schemas, text_fields, record_schemas, crowd_schemas: the request bodies (pydantic).
"""

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
