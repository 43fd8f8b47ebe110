"""The JSON API under /api/v1: kiosks, display boards and officer desks all use it."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from api import (  # noqa: E402,F401  (registers routes on bp)
    booking,
    crowd,
    errors,
    petitions,
    printing,
    records,
    reports,
    views,
)
