"""The /gui-don page: a form the petition script sends to POST /api/v1/petitions."""

from flask import g, make_response, render_template, request, url_for

from petitions import bp
from petitions.texts import texts
from reception import settings as org_settings
from reception.models import Service
from reception.petitions.files import MAX_FILE_BYTES, MAX_FILES
from reception.translations import languages


@bp.get("/gui-don")
def form():
    """The petition form, Vietnamese unless English was chosen."""
    lang = g.lang
    t = texts(lang)
    services = [{"code": s.code, "name": s.name_en if lang == "en" else s.name_vi}
                for s in Service.select().where(Service.active)
                .order_by(Service.sort_order, Service.code)]
    config = {"lang": lang, "url": url_for("api.create_petition"), "max_files": MAX_FILES,
              "max_bytes": MAX_FILE_BYTES,
              "texts": {key[3:]: value for key, value in t.items() if key.startswith("js_")}}
    page = render_template("petitions/form.html", lang=lang, t=t, services=services,
                           config=config, org_name=org_settings.get("org_name"))
    response = make_response(page)
    if request.args.get("lang") in languages():
        response.set_cookie("lang", request.args["lang"], max_age=365 * 24 * 3600)
    return response
