"""Display board page: the shell; the board fills itself from the /display Socket.IO snapshot."""

from flask import current_app, g, render_template, url_for

from display import bp
from reception import settings as org_settings
from web.devices import remember_device_key
from web.pages import app_response
from web.screen_texts import texts_for


@bp.get("/")
def index():
    texts = texts_for("display")
    config = {
        "lang": g.lang,
        "namespace": "/display",
        "sound_base": url_for("static", filename="sounds"),
        # The board shows the headquarters' time even when the TV's own clock zone is wrong.
        "timezone": current_app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh"),
    }
    page = render_template(
        "display/index.html", lang=g.lang, t=texts[g.lang], texts=texts, config=config,
        org_name=org_settings.get("org_name"),
    )
    return remember_device_key(app_response(page))
