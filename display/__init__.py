"""The display board (TV) that shows and announces the calls."""

from flask import Blueprint

bp = Blueprint("display", __name__, template_folder="templates")

from display import events, schedule, views  # noqa: E402,F401
