"""The citizen's booking pages: /dat-lich (choose a session and book), /hen/<code> (see it,
cancel it, its QR code for the kiosk) and /tra-cuu (look a code up)."""

from flask import Blueprint

bp = Blueprint("booking", __name__, template_folder="templates")

from booking import views  # noqa: E402,F401
