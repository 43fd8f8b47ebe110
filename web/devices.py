"""Registered devices: kiosks and display boards present the headquarters' device key."""

import hmac
from functools import wraps

from flask import current_app, request
from flask_login import current_user

from reception import characters
from reception.errors import Forbidden

# Ten years: a kiosk or a hall TV is registered once, by opening its page with ?device_key=.
COOKIE_SECONDS = 10 * 365 * 24 * 3600


def device_key_ok(presented: str | None) -> bool:
    """Tell whether a presented device key matches the configured one (or none is needed)."""
    expected = current_app.config.get("DEVICE_KEY")
    if not expected:
        return True
    return bool(presented) and hmac.compare_digest(str(presented), str(expected))


def device_required(view):
    """Let kiosks and displays in when RECEPTION_DEVICE_KEY is set only with that key."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        presented = request.headers.get("X-Device-Key") or request.cookies.get("device_key")
        if not device_key_ok(presented) and not current_user.is_authenticated:
            raise Forbidden("device_key_required")
        return view(*args, **kwargs)

    return wrapped


def remember_device_key(response):
    """Store a device key given once in the address (?device_key=) in a long-lived cookie."""
    key = request.args.get("device_key")
    if key and characters.is_clean(key):
        response.set_cookie("device_key", key, max_age=COOKIE_SECONDS, httponly=True,
                            samesite="Strict")
    return response
