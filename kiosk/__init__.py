"""The touchscreen kiosk where citizens take a queue ticket."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__, template_folder="templates")

from kiosk import views  # noqa: E402,F401
