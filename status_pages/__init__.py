"""The public status pages anyone may open without a device key: home, a ticket's status and its
QR code. (Not named `public`: that is a PyPI package aiosmtpd imports.)"""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from status_pages import views  # noqa: E402,F401
