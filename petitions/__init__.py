"""The public page /gui-don: a citizen sends a petition online (phone first, Vietnamese)."""

from flask import Blueprint

bp = Blueprint("petitions", __name__, template_folder="templates")

from petitions import views  # noqa: E402,F401  (registers routes on bp)
