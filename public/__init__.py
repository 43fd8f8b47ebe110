"""The public pages anyone may open without a device key: home, a ticket's status and its QR."""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from public import views  # noqa: E402,F401
