"""Security headers on every answer, no-store caching for anything not static, Secure cookies."""

from functools import lru_cache

from flask import Flask, current_app, request

# Scripts and styles come only from /static (no inline code, so no 'unsafe-inline'); JSON data
# blocks (<script type="application/json">) are not run and need no exception. The announcer
# plays a silent data: WAV to unlock audio; Socket.IO opens a websocket to this same host.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; media-src 'self' data:; connect-src 'self' ws://{host} wss://{host}; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The status page's address holds the ticket's token: never send it to another site.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response):
    """Add the CSP and the other security headers; keep personal data out of every cache."""
    # One pass over the response's own headers (a view may set its own CSP), then one extend:
    # this runs on every answer, and each setdefault scanned the headers again.
    present = {name.lower() for name, _value in response.headers}
    response.headers.extend(
        (name, value) for name, value in _headers_for(request.host) if name.lower() not in present
    )
    # Static files (scripts, styles, sounds) hold nothing personal and may be cached and
    # revalidated; pages and API answers may show names, ID numbers and tickets: no-store.
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    if current_app.config.get("SECURE_COOKIES"):
        mark_cookies_secure(response)
    return response


@lru_cache(maxsize=64)
def _headers_for(host: str) -> tuple:
    return (("Content-Security-Policy", CSP.format(host=host)), *SECURITY_HEADERS.items())


def mark_cookies_secure(response) -> None:
    """Add the Secure flag to every cookie this response sets (lang, device_key, ...)."""
    cookies = response.headers.getlist("Set-Cookie")
    if not cookies:
        return
    del response.headers["Set-Cookie"]
    for cookie in cookies:
        if "; secure" not in cookie.lower():
            cookie += "; Secure"
        response.headers.add("Set-Cookie", cookie)


def register(app: Flask) -> None:
    """Mark the session and remember-me cookies Secure when asked; add headers after requests."""
    if app.config.get("SECURE_COOKIES"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.after_request(add_security_headers)
