"""Display board page."""

from flask import g, render_template

from display import bp
from kiosk.views import app_response, remember_device_key


@bp.get("/")
def index():
    return remember_device_key(app_response(render_template("display/index.html", lang=g.lang)))
