"""Absolute addresses put in what leaves the building (e-mails, SMS, printed QR codes)."""

from flask import current_app, request


def public_base_url() -> str:
    """Return where citizens reach the server: RECEPTION_PUBLIC_URL, else this request's host."""
    return current_app.config.get("PUBLIC_URL") or request.host_url
