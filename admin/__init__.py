"""Officer desk and administration (login required)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from admin import crowd, events, manage, notify, petitions, printers, records, views  # noqa: E402,F401,I001
